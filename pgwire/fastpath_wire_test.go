package pgwire_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/pgwire"
)

// fastpathSession answers FunctionCall: OID 1 joins its arguments with
// "|" (NULL as "-") and the result format, OID 2 returns NULL, others
// do not exist.
type fastpathSession struct{ *fakeSession }

func (s *fastpathSession) FunctionCall(_ context.Context, oid uint32, formats []int16, args [][]byte, result int16) ([]byte, error) {
	switch oid {
	case 1:
		parts := make([][]byte, 0, len(args)+1)
		for _, a := range args {
			if a == nil {
				a = []byte("-")
			}
			parts = append(parts, a)
		}
		return bytes.Join(append(parts, []byte{'0' + byte(result)}), []byte("|")), nil
	case 2:
		return nil, nil
	}
	return nil, errs.New(errs.UndefinedFunction, "function with OID %d does not exist", oid)
}

func TestFunctionCallWire(t *testing.T) {
	s := startServer(t, pgwire.Config{})
	s.backend.mu.Lock()
	s.backend.wrap = func(fs *fakeSession) pgwire.Session { return &fastpathSession{fs} }
	s.backend.mu.Unlock()
	encode := func(m *pgproto3.FunctionCall) []byte {
		b, err := m.Encode(nil)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tests := []struct {
		name   string
		msg    []byte
		result []byte // want a FunctionCallResponse with it (nil: NULL) unless code
		code   string
	}{
		{"arguments and result format", encode(&pgproto3.FunctionCall{Function: 1, ArgFormatCodes: []uint16{1},
			Arguments: [][]byte{[]byte("a"), nil, {}}, ResultFormatCode: 1}), []byte("a|-||1"), ""},
		{"null result", encode(&pgproto3.FunctionCall{Function: 2}), nil, ""},
		{"unknown function", encode(&pgproto3.FunctionCall{Function: 99}), nil, errs.UndefinedFunction},
		{"bad format code", encode(&pgproto3.FunctionCall{Function: 1, ResultFormatCode: 7}), nil, errs.InvalidParameterValue},
		{"truncated body", append([]byte{'F', 0, 0, 0, 7}, 0, 0, 1), nil, errs.ProtocolViolation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.hijack(t)
			// A query pipelined behind the call runs after its ReadyForQuery.
			r.write(append(bytes.Clone(tt.msg), queryMsg("select 1")...))
			switch m := r.receive().(type) {
			case *pgproto3.FunctionCallResponse:
				if tt.code != "" || !bytes.Equal(m.Result, tt.result) || (m.Result == nil) != (tt.result == nil) {
					t.Fatalf("result %q, want %q (error %s)", m.Result, tt.result, tt.code)
				}
			case *pgproto3.ErrorResponse:
				if m.Code != tt.code || m.Severity != "ERROR" {
					t.Fatalf("error %s %q, want %s", m.Code, m.Message, tt.code)
				}
			default:
				t.Fatalf("got %T", m)
			}
			if _, ok := r.receive().(*pgproto3.ReadyForQuery); !ok {
				t.Fatal("no ReadyForQuery after the call")
			}
			r.expectQueryResult("1")
		})
	}
}
