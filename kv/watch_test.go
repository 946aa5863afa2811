package kv

import (
	"bytes"
	"context"
	"testing"
)

func TestWatchedVersion(t *testing.T) {
	ctx := context.Background()
	st, err := OpenMemoryWith(Options{Watched: func(k []byte) bool { return bytes.HasPrefix(k, []byte("c/")) }})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := st.(*store)
	put := func(k string) {
		t.Helper()
		txn := begin(t, st, false)
		if err := txn.Put([]byte(k), []byte("v")); err != nil {
			t.Fatal(err)
		}
		if err := txn.Commit(ctx); err != nil {
			t.Fatal(err)
		}
	}
	version := func() uint64 {
		t.Helper()
		txn := begin(t, st, true)
		defer txn.Rollback()
		return WatchedVersion(txn)
	}
	v0 := version()
	if v0 == 0 {
		t.Fatal("version of an idle store is unknown")
	}
	put("r/1")
	if v := version(); v != v0 {
		t.Errorf("an unwatched commit changed the version: %d -> %d", v0, v)
	}
	put("c/t")
	v1 := version()
	if v1 == 0 || v1 == v0 {
		t.Errorf("a watched commit left the version at %d (was %d)", v1, v0)
	}
	rw := begin(t, st, false)
	if v := WatchedVersion(rw); v != 0 {
		t.Errorf("read-write transaction has version %d, want 0", v)
	}
	rw.Rollback()

	// A snapshot taken before a watched commit may not claim the version
	// of a later one: while the commit is between its seq and Pebble, a
	// new read-only transaction's snapshot lacks it.
	before := begin(t, st, true)
	defer before.Rollback()
	inFlight := make(chan struct{})
	release := make(chan struct{})
	s.testBeforeApply = func(keys [][]byte) {
		if len(keys) > 0 && bytes.HasPrefix(keys[0], []byte("c/")) {
			close(inFlight)
			<-release
		}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		put("c/u")
	}()
	<-inFlight
	during := begin(t, st, true)
	if v := WatchedVersion(during); v != 0 {
		t.Errorf("snapshot without an assigned watched commit has version %d, want 0", v)
	}
	if v := WatchedVersion(before); v != 0 {
		t.Errorf("older snapshot has version %d during a watched commit, want 0", v)
	}
	during.Rollback()
	close(release)
	<-done
	s.testBeforeApply = nil
	if v := WatchedVersion(before); v != 0 {
		t.Errorf("older snapshot has version %d after a watched commit, want 0", v)
	}
	if v := version(); v == 0 || v == v1 {
		t.Errorf("version after the second watched commit: %d (was %d)", v, v1)
	}
}

// TestReadWatched checks what a read-write transaction's version of a
// watched key promises: known only while its snapshot has the last
// watched commit and it wrote no watched key, and recorded as a read, so
// a later commit of the key fails it as a Get would.
func TestReadWatched(t *testing.T) {
	ctx := context.Background()
	st, err := OpenMemoryWith(Options{Watched: func(k []byte) bool { return bytes.HasPrefix(k, []byte("c/")) }})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	load(t, st, "c/t=1")
	ro := begin(t, st, true)
	want := WatchedVersion(ro)
	ro.Rollback()

	// Recorded as a read: a concurrent write of the key is a conflict.
	rw := begin(t, st, false)
	if v := ReadWatched(rw, []byte("c/t")); v == 0 || v != want {
		t.Fatalf("ReadWatched = %d, want the read-only version %d", v, want)
	}
	mustPut(t, rw, "r/1", "x")
	load(t, st, "c/t=2")
	if err := rw.Commit(ctx); !isConflict(err) {
		t.Fatalf("commit after a concurrent write of the read key: %v, want 40001", err)
	}

	// The last watched commit is past this transaction's start.
	ro = begin(t, st, true)
	want = WatchedVersion(ro)
	ro.Rollback()
	rw = begin(t, st, false)
	load(t, st, "c/u=1")
	if v := ReadWatched(rw, []byte("c/t")); v != 0 {
		t.Errorf("ReadWatched after a watched commit past the start = %d, want 0", v)
	}
	rw.Rollback()

	// No concurrent change: the read costs no conflict.
	rw = begin(t, st, false)
	if v := ReadWatched(rw, []byte("c/t")); v == 0 || v == want {
		t.Errorf("ReadWatched = %d, want a new non-zero version (was %d)", v, want)
	}
	mustPut(t, rw, "r/2", "x")
	mustCommit(t, rw)

	// Own watched writes, and range deletions, make the version unknown.
	for name, write := range map[string]func(Txn) error{
		"put":          func(tx Txn) error { return tx.Put([]byte("c/v"), []byte("1")) },
		"delete":       func(tx Txn) error { return tx.Delete([]byte("c/t")) },
		"delete range": func(tx Txn) error { return tx.DeleteRange([]byte("r/"), []byte("r0")) },
	} {
		rw := begin(t, st, false)
		if err := write(rw); err != nil {
			t.Fatal(err)
		}
		if v := ReadWatched(rw, []byte("c/t")); v != 0 {
			t.Errorf("after a %s: ReadWatched = %d, want 0", name, v)
		}
		rw.Rollback()
	}
	rw = begin(t, st, false)
	mustPut(t, rw, "r/3", "x")
	if v := ReadWatched(rw, []byte("c/t")); v == 0 {
		t.Error("an unwatched write made the version unknown")
	}
	rw.Rollback()
}
