package kv

import (
	"context"
	"fmt"
	"testing"
)

// TestGetAscendingGaps reads keys in ascending order, so that Get answers
// most misses from the gaps its seeks found, and checks each answer
// against the snapshot, the transaction's own writes and range deletions,
// and commits made after Begin; then that a key answered from a gap is
// still in the read set.
func TestGetAscendingGaps(t *testing.T) {
	s := openMem(t)
	key := func(i int) string { return fmt.Sprintf("k%03d", i) }
	want := map[string]string{}
	var snap []string
	for i := 0; i < 200; i += 25 { // sparse: gaps of 24 keys
		snap = append(snap, key(i)+"=s")
		want[key(i)] = "s"
	}
	for i := 120; i < 125; i++ { // dense: the keys interleave
		snap = append(snap, key(i)+"=s", key(i)+"x=s")
		want[key(i)] = "s"
	}
	load(t, s, snap...)
	tx := begin(t, s, false)
	defer tx.Rollback()
	// A read of a key committed since Begin would move the snapshot
	// forward (refresh.go) unless something read already changed: zz did.
	check0 := get(t, tx, "zz")
	load(t, s, key(30)+"=later", key(180)+"=later", "zz=later") // not in the snapshot
	if check0 != "<none>" {
		t.Fatalf("Get(zz) = %q", check0)
	}
	mustPut(t, tx, key(40), "own")
	want[key(40)] = "own"
	if err := tx.DeleteRange([]byte(key(50)), []byte(key(60))); err != nil {
		t.Fatal(err)
	}
	delete(want, key(50))
	check := func(k string) {
		t.Helper()
		w, ok := want[k]
		if !ok {
			w = "<none>"
		}
		if got := get(t, tx, k); got != w {
			t.Errorf("Get(%q) = %q, want %q", k, got, w)
		}
	}
	for i := 0; i < 200; i++ {
		check(key(i))
	}
	if g := &tx.(*txn).gap; g.it == nil {
		t.Fatal("no Get sought a gap")
	}
	// Out of order, then ascending again.
	for _, i := range []int{3, 125, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12} {
		check(key(i))
	}
	// key(190) was answered from a gap; a commit of it since Begin
	// conflicts.
	load(t, s, key(190)+"=other")
	mustPut(t, tx, "x", "1")
	if err := tx.Commit(context.Background()); !isConflict(err) {
		t.Fatalf("Commit after a concurrent write of a key read from a gap: %v, want a conflict", err)
	}
}

// TestGetGapAfterRefresh: a gap found in the snapshot before a refresh
// moved it forward does not answer for the newer snapshot.
func TestGetGapAfterRefresh(t *testing.T) {
	s := openMem(t)
	key := func(i int) string { return fmt.Sprintf("k%03d", i) }
	load(t, s, key(0)+"=s", key(50)+"=s")
	tx := begin(t, s, false)
	defer tx.Rollback()
	for i := 1; i <= 20; i++ { // ascending misses: the gap [k0xx, k050)
		if got := get(t, tx, key(i)); got != "<none>" {
			t.Fatalf("Get(%q) = %q", key(i), got)
		}
	}
	if g := &tx.(*txn).gap; !g.valid {
		t.Fatal("no gap was found")
	}
	load(t, s, key(30)+"=later")
	// Nothing read so far changed: the snapshot moves forward and k030
	// is seen, not answered from the old snapshot's gap.
	if got := get(t, tx, key(30)); got != "later" {
		t.Fatalf("Get(%q) after a refresh = %q, want later", key(30), got)
	}
}
