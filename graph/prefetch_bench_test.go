package graph

import (
	"context"
	"testing"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/kv"
)

// BenchmarkCachedExpandBatch expands batches of ten random vertices of a
// cached graph far larger than the CPU's caches (100k vertices of degree
// 20, whose neighbour lists do not fit in the table's entries), as a
// traversal's second step does: one by one, and after prefetching the
// batch.
func BenchmarkCachedExpandBatch(b *testing.B) {
	ctx := context.Background()
	const n, degree = 100000, 20
	s, st := cachedStore(b, 512<<20)
	defer s.Close()
	c := st.Cache
	for lo := 0; lo < n; lo += 5000 {
		commitEdges(b, s, st, degreeEach(lo, lo+5000, n, degree), nil)
	}
	// Fill the cache with every vertex's expansion.
	txn, err := s.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	r := st.Reader(ctx, txn)
	for v := range n {
		if _, err := r.AppendNeighbours(nil, Vertex{Table: 3, Key: value.Int(int64(v))}, Out, 0); err != nil {
			b.Fatal(err)
		}
	}
	r.Close()
	txn.Rollback()
	for _, prefetch := range []bool{false, true} {
		name := "one-by-one"
		if prefetch {
			name = "prefetched"
		}
		b.Run(name, func(b *testing.B) {
			r, done := readOnlyReader(b, s, st)
			defer done()
			before := c.Stats().Misses
			var vs [10]Vertex
			var dst []value.Value
			k := 0
			for b.Loop() {
				for i := range vs {
					k = (k + 7919) % n
					vs[i] = Vertex{Table: 3, Key: value.Int(int64(k))}
				}
				if prefetch {
					for _, v := range vs {
						if err := r.AddPrefetch(v, Out, 0); err != nil {
							b.Fatal(err)
						}
					}
					r.Prefetch()
				}
				for _, v := range vs {
					if dst, err = r.AppendNeighbours(dst[:0], v, Out, 0); err != nil {
						b.Fatal(err)
					}
				}
			}
			if st := c.Stats(); st.Misses > before {
				b.Fatalf("cache misses: %+v", st)
			}
		})
	}
}
