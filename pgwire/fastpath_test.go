package pgwire

import (
	"bytes"
	"encoding/binary"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/zerodb/zerodb/errs"
)

// functionCallBody is the body (no type byte, no length) of a
// FunctionCall message as pgproto3 encodes it.
func functionCallBody(t testing.TB, m *pgproto3.FunctionCall) []byte {
	t.Helper()
	b, err := m.Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	return b[5:]
}

func TestDecodeFunctionCall(t *testing.T) {
	lo := &pgproto3.FunctionCall{Function: 954, ArgFormatCodes: []uint16{1},
		Arguments: [][]byte{{0, 0, 0, 0}, {0, 0, 32, 0}}, ResultFormatCode: 1}
	good := functionCallBody(t, lo)
	tests := []struct {
		name string
		body []byte
		want *pgproto3.FunctionCall // nil: an error of code
		code string
	}{
		{"loread", good, lo, ""},
		{"no arguments", functionCallBody(t, &pgproto3.FunctionCall{Function: 7}), &pgproto3.FunctionCall{Function: 7}, ""},
		{"null and empty", functionCallBody(t, &pgproto3.FunctionCall{Function: 1, Arguments: [][]byte{nil, {}}}),
			&pgproto3.FunctionCall{Function: 1, Arguments: [][]byte{nil, {}}}, ""},
		{"empty body", nil, nil, errs.ProtocolViolation},
		{"truncated", good[:len(good)-1], nil, errs.ProtocolViolation},
		{"trailing byte", append(slices.Clone(good), 0), nil, errs.ProtocolViolation},
		{"argument longer than the body", binary.BigEndian.AppendUint32(bytes.Clone(good[:10]), 1<<30), nil, errs.ProtocolViolation},
		{"negative size", functionCallBodyRaw(1, nil, []int32{-2}, 0), nil, errs.ProtocolViolation},
		{"too many arguments", functionCallBodyRaw(1, nil, make([]int32, maxFunctionArgs+1), 0), nil, errs.ProtocolViolation},
		{"formats do not fit", functionCallBodyRaw(1, []int16{0, 1}, []int32{0, 0, 0}, 0), nil, errs.ProtocolViolation},
		{"bad argument format", functionCallBodyRaw(1, []int16{2}, []int32{0}, 0), nil, errs.InvalidParameterValue},
		{"bad result format", functionCallBodyRaw(1, nil, nil, 3), nil, errs.InvalidParameterValue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fc, e := decodeFunctionCall(tt.body)
			if tt.want == nil {
				if e == nil || e.Code != tt.code {
					t.Fatalf("got %+v, want error %s", e, tt.code)
				}
				return
			}
			if e != nil {
				t.Fatal(e)
			}
			if fc.oid != tt.want.Function || fc.resultFormat != int16(tt.want.ResultFormatCode) ||
				len(fc.argFormats) != len(tt.want.ArgFormatCodes) || len(fc.args) != len(tt.want.Arguments) {
				t.Fatalf("got %+v, want %+v", fc, tt.want)
			}
			for i, a := range fc.args {
				if (a == nil) != (tt.want.Arguments[i] == nil) || !bytes.Equal(a, tt.want.Arguments[i]) {
					t.Fatalf("argument %d = %v, want %v", i, a, tt.want.Arguments[i])
				}
			}
		})
	}
}

// functionCallBodyRaw builds a body pgproto3 would not: argument sizes
// as given (each followed by that many zeros when positive).
func functionCallBodyRaw(oid uint32, formats []int16, sizes []int32, result int16) []byte {
	b := binary.BigEndian.AppendUint32(nil, oid)
	b = binary.BigEndian.AppendUint16(b, uint16(len(formats)))
	for _, f := range formats {
		b = binary.BigEndian.AppendUint16(b, uint16(f))
	}
	b = binary.BigEndian.AppendUint16(b, uint16(len(sizes)))
	for _, n := range sizes {
		b = binary.BigEndian.AppendUint32(b, uint32(n))
		if n > 0 {
			b = append(b, make([]byte, n)...)
		}
	}
	return binary.BigEndian.AppendUint16(b, uint16(result))
}

// FuzzDecodeFunctionCall: any body decodes or fails with a SQLSTATE,
// never panics, and what decodes encodes back to the same bytes.
func FuzzDecodeFunctionCall(f *testing.F) {
	f.Add(functionCallBody(f, &pgproto3.FunctionCall{Function: 955, ArgFormatCodes: []uint16{1},
		Arguments: [][]byte{{0, 0, 0, 0}, []byte("data")}, ResultFormatCode: 1}))
	f.Add(functionCallBody(f, &pgproto3.FunctionCall{Function: 1, Arguments: [][]byte{nil}}))
	f.Add(functionCallBodyRaw(1, []int16{0, 1}, []int32{-1, 3}, 0))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, body []byte) {
		fc, e := decodeFunctionCall(body)
		if e != nil {
			if e.Code == "" || e.Message == "" {
				t.Fatalf("error without SQLSTATE or message: %+v", e)
			}
			return
		}
		m := &pgproto3.FunctionCall{Function: fc.oid, Arguments: fc.args, ResultFormatCode: uint16(fc.resultFormat)}
		for _, c := range fc.argFormats {
			m.ArgFormatCodes = append(m.ArgFormatCodes, uint16(c))
		}
		if again := functionCallBody(t, m); !bytes.Equal(again, body) {
			t.Fatalf("re-encoded %x, want %x", again, body)
		}
	})
}
