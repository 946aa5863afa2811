package kv

import (
	"context"
	"errors"
	"slices"
	"testing"
)

// TestOnCommit: the observer gets each writing commit's seq and sorted
// keys, in seq order, before the commit is visible; SnapshotSeq bounds
// what snapshots hold.
func TestOnCommit(t *testing.T) {
	ctx := context.Background()
	type call struct {
		seq  uint64
		keys []string
	}
	var calls []call
	var st Store
	st, err := OpenMemoryWith(Options{OnCommit: func(seq uint64, keys [][]byte, _ bool) {
		c := call{seq: seq}
		for _, k := range keys {
			c.keys = append(c.keys, string(k))
		}
		calls = append(calls, c)
		// Not visible yet: a reader beginning now does not see it.
		rd, err := st.Begin(ctx, TxnOptions{ReadOnly: true})
		if err != nil {
			t.Error(err)
			return
		}
		defer rd.Rollback()
		if n, _ := SnapshotSeq(rd); n >= seq {
			t.Errorf("a snapshot taken during OnCommit of %d has seq %d", seq, n)
		}
		if _, ok, _ := rd.Get(ctx, keys[0]); ok {
			t.Errorf("commit %d visible during its OnCommit", seq)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ro0 := begin(t, st, true)
	defer ro0.Rollback()
	if n, ok := SnapshotSeq(ro0); !ok || n != 0 {
		t.Fatalf("SnapshotSeq of an empty store = %d, %v", n, ok)
	}
	write := func(keys ...string) {
		t.Helper()
		txn := begin(t, st, false)
		for _, k := range keys {
			if err := txn.Put([]byte(k), []byte("v")); err != nil {
				t.Fatal(err)
			}
		}
		if err := txn.Commit(ctx); err != nil {
			t.Fatal(err)
		}
	}
	write("b", "a")
	write("c")
	ro := begin(t, st, true)
	defer ro.Rollback()
	rw := begin(t, st, false)
	defer rw.Rollback()
	// A read-only transaction or one that writes nothing is no commit.
	if err := begin(t, st, false).Commit(ctx); err != nil {
		t.Fatal(err)
	}
	want := []call{{1, []string{"a", "b"}}, {2, []string{"c"}}}
	if !slices.EqualFunc(calls, want, func(a, b call) bool { return a.seq == b.seq && slices.Equal(a.keys, b.keys) }) {
		t.Fatalf("OnCommit calls %v, want %v", calls, want)
	}
	for _, tx := range []Txn{ro, rw} {
		if n, ok := SnapshotSeq(tx); !ok || n != 2 {
			t.Errorf("SnapshotSeq = %d, %v; want 2", n, ok)
		}
	}
	ro.Rollback()
	if _, ok := SnapshotSeq(ro); ok {
		t.Error("SnapshotSeq of a finished transaction")
	}
}

func TestWritesIn(t *testing.T) {
	st, err := OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	txn := begin(t, st, false)
	defer txn.Rollback()
	if WritesIn(txn, []byte("a"), nil) {
		t.Fatal("writes in a transaction that wrote nothing")
	}
	// "m" lands in the tail, "c" (below it) in the tree.
	for _, k := range []string{"m", "n", "c"} {
		if err := txn.Delete([]byte(k)); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		start, end string
		want       bool
	}{
		{"a", "c", false}, {"a", "d", true}, {"d", "m", false}, {"d", "n", true},
		{"m", "m\x00", true}, {"n\x00", "", false}, {"o", "", false}, {"", "", true},
	} {
		var end []byte
		if tt.end != "" {
			end = []byte(tt.end)
		}
		if got := WritesIn(txn, []byte(tt.start), end); got != tt.want {
			t.Errorf("WritesIn(%q, %q) = %v, want %v", tt.start, tt.end, got, tt.want)
		}
	}
	for _, tt := range []struct {
		key  string
		want bool
	}{{"c", true}, {"m", true}, {"b", false}, {"m\x00", false}, {"t", false}} {
		if got := WroteKey(txn, []byte(tt.key)); got != tt.want {
			t.Errorf("WroteKey(%q) = %v, want %v", tt.key, got, tt.want)
		}
	}
	// A range deletion hides the snapshot's keys like deletions do.
	if err := txn.DeleteRange([]byte("s"), []byte("u")); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		start, end string
		want       bool
	}{{"p", "s", false}, {"p", "s\x00", true}, {"t", "t\x00", true}, {"u", "v", false}, {"r", "", true}} {
		var end []byte
		if tt.end != "" {
			end = []byte(tt.end)
		}
		if got := WritesIn(txn, []byte(tt.start), end); got != tt.want {
			t.Errorf("after DeleteRange: WritesIn(%q, %q) = %v, want %v", tt.start, tt.end, got, tt.want)
		}
	}
	if !WroteKey(txn, []byte("t")) || WroteKey(txn, []byte("u")) {
		t.Error("WroteKey does not follow the range deletion [s, u)")
	}
}

// TestNoteRead: a range noted as read conflicts like a scanned one.
func TestNoteRead(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name     string
		key      string
		conflict bool
	}{{"inside", "k5", true}, {"outside", "z", false}} {
		t.Run(tt.name, func(t *testing.T) {
			st, err := OpenMemory()
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			txn := begin(t, st, false)
			defer txn.Rollback()
			start, end := []byte("k"), []byte("l")
			NoteRead(txn, start, end)
			start[0] = 'x' // NoteRead keeps its own copy
			other := begin(t, st, false)
			if err := other.Put([]byte(tt.key), nil); err != nil {
				t.Fatal(err)
			}
			if err := other.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			if err := txn.Put([]byte("out"), nil); err != nil {
				t.Fatal(err)
			}
			if err := txn.Commit(ctx); errors.Is(err, ErrConflict) != tt.conflict {
				t.Fatalf("Commit = %v, want conflict %v", err, tt.conflict)
			}
		})
	}
}
