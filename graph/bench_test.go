package graph

import (
	"context"
	"testing"

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
