package session

import (
	"context"
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
