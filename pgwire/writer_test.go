package pgwire

import (
	"bufio"
	"bytes"
	"testing"

	"github.com/jackc/pgx/v5/pgproto3"
)

// Rows encoded straight into the write buffer are the DataRows pgproto3
// encodes, also for rows too large for the buffer (which take pgproto3's
// way).
func TestRowEncoding(t *testing.T) {
	big := bytes.Repeat([]byte("x"), writeBufferSize+10)
	cases := []struct {
		name string
		vals [][]byte
	}{
		{"no columns", [][]byte{}},
		{"values", [][]byte{[]byte("1"), []byte("hello")}},
		{"NULL and empty", [][]byte{nil, {}, []byte("x")}},
		{"half the buffer", [][]byte{big[:writeBufferSize/2]}},
		{"larger than the buffer", [][]byte{big, nil}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			cn := &conn{bw: bufio.NewWriterSize(&out, writeBufferSize)}
			w := &resultWriter{c: cn}
			for range 3 { // half the buffer: the second row does not fit
				if err := w.Row(c.vals); err != nil {
					t.Fatal(err)
				}
			}
			if err := cn.bw.Flush(); err != nil {
				t.Fatal(err)
			}
			one, err := (&pgproto3.DataRow{Values: c.vals}).Encode(nil)
			if err != nil {
				t.Fatal(err)
			}
			if want := bytes.Repeat(one, 3); !bytes.Equal(out.Bytes(), want) {
				t.Fatalf("encoded %d bytes, want %d:\n%q\n%q", out.Len(), len(want), head(out.Bytes()), head(want))
			}
		})
	}
}

func head(b []byte) []byte { return b[:min(len(b), 64)] }
