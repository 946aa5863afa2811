package kv

import (
	"context"
	"testing"
)

// TestRefresh: a Get of a key committed by others since the transaction
// began reads the newest value when nothing read before conflicts, and
// the transaction is then validated only against later commits; not when
// a read conflicts, an iterator is open or SnapshotSeq described the
// snapshot.
func TestRefresh(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		// before runs in tx before the concurrent commit of a=2 and b=2,
		// and returns what to do after tx reads b.
		before func(t *testing.T, tx Txn) func()
		b      string // what tx reads of b
		commit bool   // whether tx's commit succeeds
	}{
		{"nothing read", func(*testing.T, Txn) func() { return func() {} }, "2", true},
		{"unrelated read", func(t *testing.T, tx Txn) func() { get(t, tx, "c"); return func() {} }, "2", true},
		{"conflicting read", func(t *testing.T, tx Txn) func() { get(t, tx, "a"); return func() {} }, "1", false},
		{"open iterator", func(t *testing.T, tx Txn) func() {
			it := tx.Scan(ctx, []byte("x"), []byte("z"), false)
			return func() { _ = it.Close() }
		}, "1", false},
		{"snapshot described", func(t *testing.T, tx Txn) func() { SnapshotSeq(tx); return func() {} }, "1", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openMem(t)
			load(t, s, "a=1", "b=1", "c=1")
			tx := begin(t, s, false)
			after := tc.before(t, tx)
			load(t, s, "a=2", "b=2")
			if got := get(t, tx, "b"); got != tc.b {
				t.Fatalf("b = %q, want %q", got, tc.b)
			}
			after()
			mustPut(t, tx, "d", "1")
			err := tx.Commit(ctx)
			if tc.commit && err != nil {
				t.Fatalf("commit: %v", err)
			}
			if !tc.commit && !isConflict(err) {
				t.Fatalf("commit: %v, want 40001", err)
			}
		})
	}
}

// TestRefreshThenConflict: after a refresh, a commit that writes a key
// the transaction read (before or after the refresh) still fails it.
func TestRefreshThenConflict(t *testing.T) {
	ctx := context.Background()
	for _, key := range []string{"a", "b", "c"} {
		s := openMem(t)
		load(t, s, "a=1", "b=1", "c=1")
		tx := begin(t, s, false)
		get(t, tx, "a")
		load(t, s, "c=2")
		if got := get(t, tx, "c"); got != "2" {
			t.Fatalf("c after the refresh = %q, want 2", got)
		}
		get(t, tx, "b")
		load(t, s, key+"=3")
		mustPut(t, tx, "d", "1")
		if err := tx.Commit(ctx); !isConflict(err) {
			t.Fatalf("%s written after the refresh: commit %v, want 40001", key, err)
		}
	}
}
