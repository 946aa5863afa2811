package graph

import (
	"context"
	"errors"
	"testing"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/kv"
)

// TestReaderReadsConflict: a read-write transaction that expanded a
// vertex through a Reader conflicts with a concurrent commit adding an
// edge at that vertex (write skew), and not with one at a vertex it did
// not expand.
func TestReaderReadsConflict(t *testing.T) {
	ctx := context.Background()
	st := Store{NS: 1, DB: 2}
	tests := []struct {
		name     string
		from     int // the concurrent edge's `in`
		conflict bool
	}{
		{"expanded vertex", 1, true},
		{"other vertex", 5, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := kv.OpenMemory()
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			setup, err := s.Begin(ctx, kv.TxnOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range []refEdge{{1, 1, 2}, {2, 2, 3}, {3, 5, 6}} {
				if err := st.Link(setup, edgeOf(e)); err != nil {
					t.Fatal(err)
				}
			}
			if err := setup.Commit(ctx); err != nil {
				t.Fatal(err)
			}

			txn, err := s.Begin(ctx, kv.TxnOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer txn.Rollback()
			rd := st.Reader(ctx, txn)
			// Expand 1 and 2 out (vertex 5 is never read); keep the
			// Reader open so Commit records its last range.
			for _, v := range []int{1, 2} {
				if err := rd.Expand(Vertex{Table: 3, Key: value.Int(int64(v))}, Out, 7, func(_, _ value.Value, _ Dir) (bool, error) {
					return true, nil
				}); err != nil {
					t.Fatal(err)
				}
			}

			other, err := s.Begin(ctx, kv.TxnOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if err := st.Link(other, edgeOf(refEdge{9, tt.from, 4})); err != nil {
				t.Fatal(err)
			}
			if err := other.Commit(ctx); err != nil {
				t.Fatal(err)
			}

			// A decision based on what was read.
			if err := st.Link(txn, edgeOf(refEdge{10, 3, 1})); err != nil {
				t.Fatal(err)
			}
			err = txn.Commit(ctx)
			if got := errors.Is(err, kv.ErrConflict); got != tt.conflict {
				t.Fatalf("Commit = %v, want conflict %v", err, tt.conflict)
			}
		})
	}
}
