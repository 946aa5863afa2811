package graph

import (
	"context"
	"testing"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/kv"
)

// BenchmarkExpand measures one expansion of a vertex of out-degree 10 in
// a committed graph of 10000 vertices and 100000 edges.
func BenchmarkExpand(b *testing.B) {
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
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		got := 0
		err := st.Expand(ctx, txn, Vertex{Table: 3, Key: value.Int(int64(i*31) % n)}, Out, 7, func(_, _ value.Value, _ Dir) (bool, error) {
			got++
			return true, nil
		})
		if err != nil || got != 10 {
			b.Fatal(got, err)
		}
	}
}
