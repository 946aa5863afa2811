package kv

import (
	"context"
	"testing"
)

// TestGetAscendingGaps reads keys in ascending order, so that Get answers
// most misses from the gaps its seeks found, and checks each answer
// against the snapshot, the transaction's own writes and range deletions,
// and a commit made after Begin; then that a key answered from a gap is
// still in the read set.
func TestGetAscendingGaps(t *testing.T) {
	s := openMem(t)
	load(t, s, "b=1", "f=2", "g=3", "m=4", "p=5")
	tx := begin(t, s, false)
	defer tx.Rollback()
	load(t, s, "d=later", "k=later") // after Begin: not in the snapshot
	mustPut(t, tx, "e", "own")
	if err := tx.DeleteRange([]byte("g"), []byte("h")); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ key, want string }{
		{"a", "<none>"},
		{"a1", "<none>"},
		{"b", "1"},
		{"c", "<none>"},
		{"c1", "<none>"},
		{"d", "<none>"}, // committed after Begin
		{"e", "own"},
		{"e1", "<none>"},
		{"f", "2"},
		{"g", "<none>"}, // own range deletion
		{"h", "<none>"},
		{"i", "<none>"},
		{"k", "<none>"},
		{"l", "<none>"},
		{"m", "4"},
		{"n", "<none>"},
		{"o", "<none>"},
		{"p", "5"},
		{"q", "<none>"},
		{"z", "<none>"},
		// Out of order, then ascending again.
		{"c", "<none>"},
		{"f", "2"},
		{"m", "4"},
		{"m1", "<none>"},
		{"p", "5"},
	}
	for _, tt := range tests {
		if got := get(t, tx, tt.key); got != tt.want {
			t.Errorf("Get(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
	if g := &tx.(*txn).gap; g.it == nil {
		t.Fatal("no Get sought a gap")
	}
	// "n" was answered from a gap; a commit of it since Begin conflicts.
	load(t, s, "n=other")
	mustPut(t, tx, "x", "1")
	if err := tx.Commit(context.Background()); !isConflict(err) {
		t.Fatalf("Commit after a concurrent write of a key read from a gap: %v, want a conflict", err)
	}
}
