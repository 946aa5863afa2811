package session

import (
	"context"
	"testing"
)

// BenchmarkSessionEdgeLoad is bench/graph's load on the server's side:
// statements of 5000 edges (knows::add) into a graph of 20,000 vertices,
// on disk. One op is one statement.
func BenchmarkSessionEdgeLoad(b *testing.B) {
	ctx := context.Background()
	const n, degree = 20000, 10
	setup := graphSetup(n, degree)
	vertexStmts := 2 + (n+4999)/5000
	db, err := Open(ctx, Options{Dir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	s, err := db.EmbeddedSession(ctx, "")
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range setup[:vertexStmts] {
		if err := s.Query(ctx, q, discardWriter{}); err != nil {
			b.Fatal(err)
		}
	}
	edges := setup[vertexStmts:]
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := s.Query(ctx, edges[i%len(edges)], discardWriter{}); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*5000), "ns/edge")
}
