package session

import (
	"context"
	"strconv"
	"testing"
)

// rowsQueries each return 100 rows: the per-row cost of the executor's
// iterators and of rendering values for the wire (SQL ints and text, ZQL
// record ids as a graph traversal returns them, ZQL objects).
var rowsQueries = []struct{ name, text string }{
	{"SQL-int", "SELECT x FROM generate_series(1,100) x"},
	{"SQL-text", "SELECT v FROM kv WHERE k < 100"},
	{"SQL-int-text", "SELECT k, v FROM kv WHERE k < 100"},
	{"ZQL-record-id", "[ r.id : r in kv, r.k < 100 ]"},
	{"ZQL-graph-ids", "persons.@1 -> knows -> * -> knows -> * |> limit 100"},
}

func rowsSetup() []string {
	return append(kvSetup(1000), graphSetup(1000, 10)...)
}

// BenchmarkSessionRows is the server's side (no socket) of a
// simple-protocol query returning 100 rows.
func BenchmarkSessionRows(b *testing.B) {
	ctx := context.Background()
	_, s := benchSession(b, rowsSetup()...)
	for _, q := range rowsQueries {
		b.Run(q.name, func(b *testing.B) {
			var w countWriter
			b.ReportAllocs()
			for b.Loop() {
				w.rows = 0
				if err := s.Query(ctx, q.text, &w); err != nil {
					b.Fatal(err)
				}
				if w.rows != 100 {
					b.Fatalf("%d rows", w.rows)
				}
			}
		})
	}
}

// countWriter counts the rows it is sent.
type countWriter struct {
	discardWriter
	rows int
}

func (w *countWriter) Row([][]byte) error { w.rows++; return nil }

// BenchmarkSessionPreparedRows is the extended protocol's side of the
// same: Bind, Execute and Sync of a prepared statement returning 100 rows,
// in text and in binary result format.
func BenchmarkSessionPreparedRows(b *testing.B) {
	ctx := context.Background()
	_, s := benchSession(b, rowsSetup()...)
	for i, q := range []struct{ name, text string }{
		{"SQL-int-text", "SELECT k, v FROM kv WHERE k < $1"},
		{"ZQL-record-id", "[ r.id : r in kv, r.k < $1 ]"},
	} {
		name := "p" + strconv.Itoa(i)
		if _, err := s.Prepare(ctx, name, q.text, []uint32{20}); err != nil {
			b.Fatal(err)
		}
		if err := s.Sync(ctx); err != nil {
			b.Fatal(err)
		}
		for _, format := range []struct {
			name  string
			codes []int16
		}{{"text", nil}, {"binary", []int16{1}}} {
			b.Run(q.name+"/"+format.name, func(b *testing.B) {
				var w countWriter
				b.ReportAllocs()
				for b.Loop() {
					w.rows = 0
					if err := s.Bind(ctx, "", name, nil, [][]byte{[]byte("100")}, format.codes); err != nil {
						b.Fatal(err)
					}
					if _, err := s.Execute(ctx, "", 0, &w); err != nil {
						b.Fatal(err)
					}
					if err := s.Sync(ctx); err != nil {
						b.Fatal(err)
					}
					if w.rows != 100 {
						b.Fatalf("%d rows", w.rows)
					}
				}
			})
		}
	}
}
