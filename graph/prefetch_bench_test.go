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
	c := NewCache(512 << 20)
	s, err := kv.OpenMemoryWith(kv.Options{OnCommit: c.Committed})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	st := Store{NS: 1, DB: 2, Cache: c}
	for lo := 0; lo < n; lo += 10000 {
		txn, err := s.Begin(ctx, kv.TxnOptions{})
		if err != nil {
			b.Fatal(err)
		}
		for v := lo; v < lo+10000; v++ {
			for j := range degree {
				k := v*degree + j
				if err := st.Link(txn, edgeOf(refEdge{k, v, (v*7919 + j*104729 + 1) % n})); err != nil {
					b.Fatal(err)
				}
			}
		}
		if err := txn.Commit(ctx); err != nil {
			b.Fatal(err)
		}
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
			txn, err := s.Begin(ctx, kv.TxnOptions{ReadOnly: true})
			if err != nil {
				b.Fatal(err)
			}
			defer txn.Rollback()
			r := st.Reader(ctx, txn)
			defer r.Close()
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
