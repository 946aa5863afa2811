package kv

import (
	"context"
	"errors"
	"slices"
	"testing"
)

func TestView(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		// setup writes into the parent before the view is taken.
		before func(tx Txn)
		// after writes into the parent once the view exists.
		after func(tx Txn)
		want  []string // the view's scan
	}{
		{"later puts unseen", func(tx Txn) { tx.Put([]byte("b"), []byte("1")) }, func(tx Txn) { tx.Put([]byte("c"), []byte("2")) }, []string{"a=0", "b=1"}},
		{"later deletes unseen", nil, func(tx Txn) { tx.Delete([]byte("a")) }, []string{"a=0"}},
		{"later range deletes unseen", nil, func(tx Txn) { tx.DeleteRange([]byte("a"), []byte("z")) }, []string{"a=0"}},
		{"earlier deletes seen", func(tx Txn) { tx.Delete([]byte("a")) }, func(tx Txn) { tx.Put([]byte("a"), []byte("3")) }, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := OpenMemory()
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			seed, _ := s.Begin(ctx, TxnOptions{})
			seed.Put([]byte("a"), []byte("0"))
			if err := seed.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			tx, _ := s.Begin(ctx, TxnOptions{})
			defer tx.Rollback()
			if tc.before != nil {
				tc.before(tx)
			}
			v, err := View(tx)
			if err != nil {
				t.Fatal(err)
			}
			tc.after(tx)
			if got := scan(t, v, str("a"), str("z"), false); !slices.Equal(got, tc.want) {
				t.Fatalf("view scan = %v, want %v", got, tc.want)
			}
			_, ok, err := v.Get(ctx, []byte("a"))
			if err != nil {
				t.Fatal(err)
			}
			if want := len(tc.want) > 0 && tc.want[0][0] == 'a'; ok != want {
				t.Fatalf("view get a: %v, want %v", ok, want)
			}
			if err := v.Put([]byte("x"), nil); !errors.Is(err, ErrReadOnly) {
				t.Fatalf("view put: %v", err)
			}
			v.Rollback()
		})
	}
}

// TestViewReadsValidate: what a view read is its transaction's read, so
// a concurrent write of it fails the transaction's commit, also when
// the view is still open at the commit.
func TestViewReadsValidate(t *testing.T) {
	ctx := context.Background()
	for _, endFirst := range []bool{true, false} {
		s, err := OpenMemory()
		if err != nil {
			t.Fatal(err)
		}
		tx, _ := s.Begin(ctx, TxnOptions{})
		tx.Put([]byte("w"), []byte("1"))
		v, _ := View(tx)
		if _, _, err := v.Get(ctx, []byte("a")); err != nil {
			t.Fatal(err)
		}
		other, _ := s.Begin(ctx, TxnOptions{})
		other.Put([]byte("a"), []byte("x"))
		if err := other.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if endFirst {
			v.Rollback()
		}
		if err := tx.Commit(ctx); !errors.Is(err, ErrConflict) {
			t.Fatalf("endFirst=%v: commit = %v, want a conflict", endFirst, err)
		}
		if _, _, err := v.Get(ctx, []byte("a")); err == nil {
			t.Fatal("the view outlived its transaction")
		}
		s.Close()
	}
}
