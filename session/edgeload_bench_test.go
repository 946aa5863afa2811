package session

import "testing"

// BenchmarkSessionEdgeLoad is bench/graph's load on the server's side:
// statements of 5000 edges (knows::add) into a graph of 20,000 vertices,
// on disk. One op is one statement.
func BenchmarkSessionEdgeLoad(b *testing.B) {
	const n, degree = 20000, 10
	setup := graphSetup(n, degree)
	vertexStmts := 2 + (n+4999)/5000
	exec := benchExec(b, Options{Dir: b.TempDir()})
	for _, q := range setup[:vertexStmts] {
		exec(q)
	}
	edges := setup[vertexStmts:]
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		exec(edges[i%len(edges)])
		i++
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*5000), "ns/edge")
}
