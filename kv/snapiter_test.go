package kv

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cockroachdb/pebble"
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

// Scans of read-only transactions share the snapshot's idle iterators
// with its Gets: each scan sees exactly its own range (forward, reverse
// and re-aimed by Seek), and a Get after a scan is not confined to the
// scan's bounds.
func TestSnapIterScansAndGets(t *testing.T) {
	ctx := context.Background()
	s := openMem(t)
	key := func(i int) []byte { return []byte(fmt.Sprintf("k/%03d", i)) }
	w := begin(t, s, false)
	for i := range 100 {
		if err := w.Put(key(i), []byte(fmt.Sprint(i))); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	scan := func(txn Txn, lo, hi int, reverse bool) string {
		t.Helper()
		it := txn.Scan(ctx, key(lo), key(hi), reverse)
		defer it.Close()
		var out []string
		for it.Next() {
			out = append(out, string(it.Value()))
		}
		if err := it.Err(); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(out)
	}
	hot := begin(t, s, true)
	for i := range hotSnapGets + 10 { // a hot snapshot: Gets take pooled iterators
		if _, ok, err := hot.Get(ctx, key(i%100)); err != nil || !ok {
			t.Fatalf("get %d: %v %v", i, ok, err)
		}
	}
	hot.Rollback()
	for round := range 3 {
		// Scans in one transaction, then Gets in another, which take the
		// iterators the scans gave back.
		txn := begin(t, s, true)
		if got := scan(txn, 10, 13, false); got != "[10 11 12]" {
			t.Fatalf("round %d: scan [10, 13): %s", round, got)
		}
		if got := scan(txn, 40, 43, true); got != "[42 41 40]" {
			t.Fatalf("round %d: reverse scan [40, 43): %s", round, got)
		}
		sk := txn.Scan(ctx, key(60), key(90), false).(Seeker)
		sk.Seek(key(70), key(72))
		var got []string
		for sk.Next() {
			got = append(got, string(sk.Value()))
		}
		if err := sk.Close(); err != nil || fmt.Sprint(got) != "[70 71]" {
			t.Fatalf("round %d: seek [70, 72): %v %v", round, got, err)
		}
		txn.Rollback()
		txn = begin(t, s, true)
		for _, i := range []int{5, 50, 99} {
			if v, ok, err := txn.Get(ctx, key(i)); err != nil || !ok || string(v) != fmt.Sprint(i) {
				t.Fatalf("round %d: get %d after scans: %q %v %v", round, i, v, ok, err)
			}
		}
		txn.Rollback()
	}
}

// TestSnapItersTakeNearest checks which idle iterator a scan takes: the
// one whose last scan began nearest its start, so that statements
// scanning two keyspaces each keep an iterator in each instead of
// swapping them; the newest among equals; the newest for a Get; never
// one opened before the last flush or compaction, which take closes.
func TestSnapItersTakeNearest(t *testing.T) {
	s := openMem(t).(*store)
	snap := s.db.NewSnapshot()
	defer snap.Close()
	tests := []struct {
		name string
		// lower bounds of the idle iterators' last scans, oldest first
		// ("" = a Get's; "old:" = opened before the current version)
		idle []string
		near string // the new scan's start ("" = a Get)
		want int    // index into idle, -1 for none
	}{
		{"one idle", []string{"t/1/a"}, "i/2/x", 0},
		{"same index", []string{"i/1/b", "i/2/c"}, "i/1/z", 0},
		{"other index", []string{"i/1/b", "i/2/c"}, "i/2/a", 1},
		{"equals: the newest", []string{"i/1/b", "i/1/c"}, "i/1/d", 1},
		{"get: the newest", []string{"i/1/b", "i/2/c"}, "", 1},
		{"after a get", []string{"i/1/b", "", "i/3/c"}, "i/1/", 0},
		{"nothing shared: the newest", []string{"a", "b"}, "c", 1},
		{"stale nearest", []string{"old:i/1/b", "i/2/c"}, "i/1/z", 1},
		{"only stale", []string{"old:i/1/b", "old:i/2/c"}, "i/1/z", -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var version atomic.Uint64
			version.Store(1)
			p := snapIters{version: &version}
			its := make([]*pebble.Iterator, len(tc.idle))
			var wantLeft []*pebble.Iterator
			for i, near := range tc.idle {
				it, err := snap.NewIter(nil)
				if err != nil {
					t.Fatal(err)
				}
				its[i] = it
				v := uint64(1)
				if n, ok := strings.CutPrefix(near, "old:"); ok {
					near, v = n, 0
				} else if i != tc.want {
					wantLeft = append(wantLeft, it)
				}
				var b []byte
				if near != "" {
					b = []byte(near)
				}
				p.idle = append(p.idle, idleIter{it: it, near: b, version: v})
			}
			var near []byte
			if tc.near != "" {
				near = []byte(tc.near)
			}
			got, v := p.take(near)
			var want *pebble.Iterator
			if tc.want >= 0 {
				want = its[tc.want]
			}
			if got != want || (got != nil && v != 1) {
				t.Errorf("took %v of version %d, want iterator %d", got, v, tc.want)
			}
			if got != nil {
				_ = got.Close()
			}
			// The others of the current version stay idle, in the order
			// they came back; take closed the older ones.
			var left []*pebble.Iterator
			for _, x := range p.idle {
				left = append(left, x.it)
				_ = x.it.Close()
			}
			if !slices.Equal(left, wantLeft) {
				t.Errorf("left %v idle, want %v", left, wantLeft)
			}
		})
	}
	// put keeps an iterator of the current version, closes an older one
	// (closing it again would corrupt Pebble's iterator pool, so that
	// half is not checked).
	var version atomic.Uint64
	p := snapIters{version: &version}
	old, err := snap.NewIter(nil)
	if err != nil {
		t.Fatal(err)
	}
	cur, err := snap.NewIter(nil)
	if err != nil {
		t.Fatal(err)
	}
	version.Add(1)
	p.put(old, nil, 0)
	p.put(cur, nil, 1)
	if len(p.idle) != 1 || p.idle[0].it != cur {
		t.Fatalf("idle after putting an old and a current iterator: %v", p.idle)
	}
	p.drop(true)
}

// TestSnapItersReleaseReplaced checks that a read-only stretch after a
// compaction does not keep the sstables it replaced (Pebble's zombie
// tables) through the shared snapshot's idle iterators: the store drops
// them once Pebble reports the compaction. Without that, a stretch with
// no commit (which moves the durable snapshot on) kept obsolete tables on
// disk, and flushed memtables (a large transaction's whole batch) in
// memory, for as long as it lasted.
func TestSnapItersReleaseReplaced(t *testing.T) {
	ctx := context.Background()
	s := openMem(t).(*store)
	key := func(i int) []byte { return []byte(fmt.Sprintf("k/%04d", i)) }
	write := func(round int) {
		t.Helper()
		w := begin(t, s, false)
		for i := range 1000 {
			if err := w.Put(key(i), []byte(fmt.Sprintf("%01000d", round))); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.db.Flush(); err != nil { // a table in L0 per round
			t.Fatal(err)
		}
	}
	write(0)
	write(1)
	// Read-only transactions make the snapshot hot and leave iterators
	// in its pool, scans' and Gets'.
	read := func() {
		t.Helper()
		for range 3 {
			txn := begin(t, s, true)
			for i := range hotSnapGets + 10 {
				if _, ok, err := txn.Get(ctx, key(i)); err != nil || !ok {
					t.Fatalf("get %d: %v %v", i, ok, err)
				}
			}
			it := txn.Scan(ctx, key(100), key(200), false)
			n := 0
			for it.Next() {
				n++
			}
			if err := it.Close(); err != nil || n != 100 {
				t.Fatalf("scan: %d keys, %v", n, err)
			}
			txn.Rollback()
		}
	}
	idleIters := func() int {
		s.regMu.Lock()
		ss := s.durable
		s.regMu.Unlock()
		ss.iters.mu.Lock()
		defer ss.iters.mu.Unlock()
		return len(ss.iters.idle)
	}
	// The background loop may still be dropping the idle iterators for
	// the flushes above (or a compaction Pebble started on its own):
	// read until some stay.
	for deadline := time.Now().Add(10 * time.Second); ; {
		read()
		if idleIters() > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no idle iterators: the test does not test the pool")
		}
		time.Sleep(10 * time.Millisecond)
	}
	compact := func() {
		t.Helper()
		if err := s.db.Compact(key(0), key(9999), true); err != nil {
			t.Fatal(err)
		}
	}
	released := func(what string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for s.db.Metrics().Table.ZombieCount > 0 {
			if time.Now().After(deadline) {
				t.Fatalf("%s: %d replaced tables still pinned", what, s.db.Metrics().Table.ZombieCount)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	compact()
	released("idle iterators")
	// Reads go on, on new iterators.
	read()

	// An iterator in use during a compaction is not pooled after it.
	write(2)
	read()
	txn := begin(t, s, true)
	it := txn.Scan(ctx, key(0), key(10), false)
	if !it.Next() {
		t.Fatal("scan found nothing")
	}
	compact()
	// The idle iterators' drop comes first: then only the version check
	// keeps the one in use out of the pool.
	for deadline := time.Now().Add(10 * time.Second); idleIters() > 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the idle iterators were not dropped after the compaction")
		}
	}
	if err := it.Close(); err != nil {
		t.Fatal(err)
	}
	txn.Rollback()
	released("an iterator in use during the compaction")
	read()
}
