package graph

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/kv"
)

// BenchmarkExpand measures one expansion of a vertex of out-degree 10 in
// a committed graph of 10000 vertices and 100000 edges: alone (a fresh
// iterator, edge ids decoded) and as a traversal does it (a Reader kept
// across expansions, neighbours only).
func BenchmarkExpand(b *testing.B) {
	b.Run("fresh", func(b *testing.B) { benchExpand(b, false) })
	b.Run("reader", func(b *testing.B) { benchExpand(b, true) })
}

func benchExpand(b *testing.B, reuse bool) {
	ctx := context.Background()
	s, err := kv.OpenMemory()
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	st := Store{NS: 1, DB: 2}
	const n = 10000
	for lo := 0; lo < n; lo += 1000 {
		txn, err := s.Begin(ctx, kv.TxnOptions{})
		if err != nil {
			b.Fatal(err)
		}
		for v := lo; v < lo+1000; v++ {
			for j := range 10 {
				k := v*10 + j
				if err := st.Link(txn, edgeOf(refEdge{k, v, (v*7919 + j*104729 + 1) % n})); err != nil {
					b.Fatal(err)
				}
			}
		}
		if err := txn.Commit(ctx); err != nil {
			b.Fatal(err)
		}
	}
	txn, err := s.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer txn.Rollback()
	r := st.Reader(ctx, txn)
	defer r.Close()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		got := 0
		v := Vertex{Table: 3, Key: value.Int(int64(i*31) % n)}
		count := func(_, _ value.Value, _ Dir) (bool, error) {
			got++
			return true, nil
		}
		var err error
		if reuse {
			err = r.Neighbours(v, Out, 7, count)
		} else {
			err = st.Expand(ctx, txn, v, Out, 7, count)
		}
		if err != nil || got != 10 {
			b.Fatal(got, err)
		}
	}
}

// BenchmarkTwoHop measures the expansions of a 2-hop neighbourhood (one
// vertex, then each of its 10 neighbours) in a committed graph of 10000
// vertices and 100000 edges, through a Reader in a read-only snapshot:
// from the store every time, and through a warm adjacency cache.
func BenchmarkTwoHop(b *testing.B) {
	for _, cached := range []bool{false, true} {
		name := "uncached"
		if cached {
			name = "cached"
		}
		b.Run(name, func(b *testing.B) { benchTwoHop(b, cached, 10000) })
	}
	// bench/graph's size, warmed: the cache is over 100 MiB, so each
	// lookup's loads miss the CPU's caches as in the server.
	b.Run("cached-large", func(b *testing.B) { benchTwoHop(b, true, 100000) })
}

func benchTwoHop(b *testing.B, cached bool, n int) {
	ctx := context.Background()
	var c *Cache
	if cached {
		// The server's budget for the large graph, the library's default
		// for the small one.
		var budget int64
		if n > 10000 {
			budget = 256 << 20
		}
		c = NewCache(budget)
	}
	s, err := kv.OpenMemoryWith(kv.Options{OnCommit: c.Committed})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	st := Store{NS: 1, DB: 2, Cache: c}
	for lo := 0; lo < n; lo += 5000 {
		commitEdges(b, s, st, tenEach(lo, lo+5000, n), nil)
	}
	if _, err := st.Warm(ctx, s); err != nil {
		b.Fatal(err)
	}
	r, done := readOnlyReader(b, s, st)
	defer done()
	var frontier []value.Value
	twoHop := func(start int) int {
		frontier = frontier[:0]
		got := 0
		first := func(_, o value.Value, _ Dir) (bool, error) {
			frontier = append(frontier, o)
			return true, nil
		}
		second := func(_, _ value.Value, _ Dir) (bool, error) {
			got++
			return true, nil
		}
		if err := r.Neighbours(Vertex{Table: 3, Key: value.Int(int64(start))}, Out, 7, first); err != nil {
			b.Fatal(err)
		}
		for _, u := range frontier {
			if err := r.Neighbours(Vertex{Table: 3, Key: u.AsRecordID().Key}, Out, 7, second); err != nil {
				b.Fatal(err)
			}
		}
		return got
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := range b.N {
		// A stride through the graph: consecutive starts share no data.
		if got := twoHop((i * 7919) % n); got != 100 {
			b.Fatalf("%d second-hop neighbours, want 100", got)
		}
	}
	// CPU time per op holds on a loaded machine, where ns/op is mostly
	// waiting for a core.
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
	if cached {
		if st := c.Stats(); st.Hits == 0 {
			b.Fatalf("no cache hits: %+v", st)
		}
	}
}

// tenEach is 10 out-edges of every vertex in [lo, hi) of a graph of n.
func tenEach(lo, hi, n int) []tedge { return degreeEach(lo, hi, n, 10) }

// degreeEach is degree out-edges of every vertex in [lo, hi) of a graph
// of n.
func degreeEach(lo, hi, n, degree int) []tedge {
	var out []tedge
	for v := lo; v < hi; v++ {
		for j := range degree {
			k := v*degree + j
			out = append(out, tedge{7, k, v, (v*7919 + j*104729 + 1) % n})
		}
	}
	return out
}

// cpuTime is the CPU time the process has used (user and system).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
