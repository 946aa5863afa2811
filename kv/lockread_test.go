package kv

import (
	"context"
	"errors"
	"testing"
)

// TestSuspendReadTracking: what a transaction reads while tracking is
// suspended does not make it conflict with a commit that wrote it; what
// it reads tracked, or notes, does.
func TestSuspendReadTracking(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name     string
		suspend  bool
		note     string // a key noted with NoteReadKey while suspended
		conflict bool
	}{
		{"tracked", false, "", true},
		{"suspended", true, "", false},
		{"suspended, the written key noted", true, "b", true},
		{"suspended, another key noted", true, "c", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openMem(t)
			load(t, s, "a=1", "b=1", "c=1")
			tx := begin(t, s, false)
			resume := func() {}
			if tc.suspend {
				resume = SuspendReadTracking(tx)
			}
			it := tx.Scan(ctx, []byte("a"), []byte("z"), false)
			for it.Next() {
			}
			_ = it.Close()
			get(t, tx, "b")
			if tc.note != "" {
				NoteReadKey(tx, []byte(tc.note))
			}
			resume()
			load(t, s, "b=2")
			if err := tx.Put([]byte("d"), []byte("1")); err != nil {
				t.Fatal(err)
			}
			err := tx.Commit(ctx)
			if got := errors.Is(err, ErrConflict); got != tc.conflict {
				t.Fatalf("commit: %v, want conflict %v", err, tc.conflict)
			}
		})
	}
}

func TestWrittenSince(t *testing.T) {
	s := openMem(t)
	load(t, s, "a=1", "b=1")
	tx := begin(t, s, false)
	defer tx.Rollback()
	if err := RequireReadWrite(tx); err != nil {
		t.Fatal(err)
	}
	load(t, s, "a=2")
	for key, want := range map[string]bool{"a": true, "b": false, "c": false} {
		if got, err := WrittenSince(tx, []byte(key)); err != nil || got != want {
			t.Errorf("WrittenSince(%s) = %v, %v; want %v", key, got, err, want)
		}
	}
	// A cursor's view answers for its transaction.
	v, err := View(tx)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := WrittenSince(v, []byte("a")); err != nil || !got {
		t.Errorf("view: WrittenSince(a) = %v, %v", got, err)
	}
	v.Rollback()
	ro := begin(t, s, true)
	defer ro.Rollback()
	if err := RequireReadWrite(ro); err == nil || !errors.Is(err, ErrReadOnly) {
		t.Errorf("RequireReadWrite of a read-only transaction: %v", err)
	}
	if _, err := WrittenSince(ro, []byte("a")); !errors.Is(err, ErrReadOnly) {
		t.Errorf("WrittenSince in a read-only transaction: %v", err)
	}
}
