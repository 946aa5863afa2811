package kv

import (
	"context"
	"fmt"
	"testing"
)

// TestSnapIterGets reads through a shared snapshot's pooled iterators
// (past hotSnapGets, in many transactions, hits and misses, a deleted key)
// while commits move the durable snapshot on: every read must answer as
// the transaction's snapshot, before and after the switch.
func TestSnapIterGets(t *testing.T) {
	ctx := context.Background()
	s := openMem(t)
	key := func(i int) []byte { return []byte(fmt.Sprintf("k/%03d", i)) }
	write := func(round int) {
		t.Helper()
		txn := begin(t, s, false)
		for i := range 50 {
			var err error
			if i%7 == round%7 {
				err = txn.Delete(key(i))
			} else {
				err = txn.Put(key(i), []byte(fmt.Sprintf("v%d/%d", round, i)))
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := txn.Commit(ctx); err != nil {
			t.Fatal(err)
		}
	}
	for round := range 3 {
		write(round)
		// Enough transactions and reads to make the snapshot hot and to
		// reuse its iterators.
		for range 4 {
			txn := begin(t, s, true)
			for pass := range 2 {
				for i := range 60 { // keys 50..59 were never written
					v, ok, err := txn.Get(ctx, key(i))
					if err != nil {
						t.Fatal(err)
					}
					want := fmt.Sprintf("v%d/%d", round, i)
					wantOK := i < 50 && i%7 != round%7
					if ok != wantOK || (ok && string(v) != want) {
						t.Fatalf("round %d pass %d key %d: %q %v, want %q %v", round, pass, i, v, ok, want, wantOK)
					}
				}
			}
			txn.Rollback()
		}
		if got := s.(*store).durable.gets.Load(); got <= hotSnapGets {
			t.Fatalf("round %d: %d gets did not make the snapshot hot", round, got)
		}
	}
	// An old transaction keeps its snapshot (and iterator) across commits.
	old := begin(t, s, true)
	for i := range hotSnapGets + 2 {
		if _, _, err := old.Get(ctx, key(i%50)); err != nil {
			t.Fatal(err)
		}
	}
	write(9)
	if v, ok, err := old.Get(ctx, key(3)); err != nil || !ok || string(v) != "v2/3" {
		t.Fatalf("old snapshot after a commit: %q %v %v", v, ok, err)
	}
	old.Rollback()
}
