package session

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
)

// TestCopyWireGolden runs testdata/copy_wire.txt against the real
// session behind pgwire: protocol messages in, messages out. Blocks are
// separated by blank lines; a block has comments (#), the messages the
// client sends, one a line (B Query "sql", B CopyData "data", B CopyDone,
// B CopyFail "why", Go-quoted), all sent at once, then the messages the
// server answers with (F ...) up to the ReadyForQuery of each Query.
// Run with -update to rewrite the expected messages.
func TestCopyWireGolden(t *testing.T) {
	const file = "testdata/copy_wire.txt"
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	url := startTestServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	pc, err := pgconn.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	hj, err := pc.Hijack()
	if err != nil {
		t.Fatal(err)
	}
	defer hj.Conn.Close()
	_ = hj.Conn.SetDeadline(time.Now().Add(30 * time.Second))
	fe := hj.Frontend

	var out strings.Builder
	for bi, block := range strings.Split(strings.TrimSpace(string(src)), "\n\n") {
		if bi > 0 {
			out.WriteString("\n")
		}
		var want []string
		queries := 0
		for _, line := range strings.Split(block, "\n") {
			switch {
			case strings.HasPrefix(line, "#"):
				out.WriteString(line + "\n")
			case strings.HasPrefix(line, "B "):
				out.WriteString(line + "\n")
				verb, arg, _ := strings.Cut(line[2:], " ")
				if arg != "" {
					if arg, err = strconv.Unquote(arg); err != nil {
						t.Fatalf("%s: %q: %v", file, line, err)
					}
				}
				switch verb {
				case "Query":
					fe.Send(&pgproto3.Query{String: arg})
					queries++
				case "CopyData":
					fe.Send(&pgproto3.CopyData{Data: []byte(arg)})
				case "CopyDone":
					fe.Send(&pgproto3.CopyDone{})
				case "CopyFail":
					fe.Send(&pgproto3.CopyFail{Message: arg})
				default:
					t.Fatalf("%s: unknown message %q", file, line)
				}
			case strings.HasPrefix(line, "F "):
				want = append(want, line)
			}
		}
		if err := fe.Flush(); err != nil {
			t.Fatal(err)
		}
		var got []string
		for queries > 0 {
			m, err := fe.Receive()
			if err != nil {
				t.Fatalf("block %d: %v", bi+1, err)
			}
			if _, ok := m.(*pgproto3.ReadyForQuery); ok {
				queries--
			}
			got = append(got, "F "+formatBackend(m))
		}
		for _, g := range got {
			out.WriteString(g + "\n")
		}
		if !*update && strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("block %d:\n%s\ngot:\n%s\nwant:\n%s", bi+1, block, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	if *update {
		if err := os.WriteFile(file, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// formatBackend prints a backend message with the fields that matter.
func formatBackend(m pgproto3.BackendMessage) string {
	switch m := m.(type) {
	case *pgproto3.CopyInResponse:
		return fmt.Sprintf("CopyInResponse format=%d columns=%v", m.OverallFormat, m.ColumnFormatCodes)
	case *pgproto3.CopyOutResponse:
		return fmt.Sprintf("CopyOutResponse format=%d columns=%v", m.OverallFormat, m.ColumnFormatCodes)
	case *pgproto3.CopyData:
		return fmt.Sprintf("CopyData %q", m.Data)
	case *pgproto3.CopyDone:
		return "CopyDone"
	case *pgproto3.CommandComplete:
		return fmt.Sprintf("CommandComplete %q", m.CommandTag)
	case *pgproto3.ReadyForQuery:
		return fmt.Sprintf("ReadyForQuery %c", m.TxStatus)
	case *pgproto3.RowDescription:
		names := make([]string, len(m.Fields))
		for i, f := range m.Fields {
			names[i] = string(f.Name)
		}
		return fmt.Sprintf("RowDescription %q", names)
	case *pgproto3.DataRow:
		vals := make([]string, len(m.Values))
		for i, v := range m.Values {
			vals[i] = string(v)
			if v == nil {
				vals[i] = "NULL"
			}
		}
		return fmt.Sprintf("DataRow %q", vals)
	case *pgproto3.ErrorResponse:
		s := fmt.Sprintf("ErrorResponse %s %s %q", m.Severity, m.Code, m.Message)
		if m.Detail != "" {
			s += fmt.Sprintf(" detail=%q", m.Detail)
		}
		if m.Where != "" {
			s += fmt.Sprintf(" where=%q", m.Where)
		}
		return s
	case *pgproto3.NoticeResponse:
		return fmt.Sprintf("NoticeResponse %s %s %q", m.Severity, m.Code, m.Message)
	case *pgproto3.EmptyQueryResponse:
		return "EmptyQueryResponse"
	}
	return fmt.Sprintf("%T", m)
}
