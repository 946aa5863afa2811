package kv

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/zerodb/zerodb/errs"
)

// checkLogFailed fails unless err reports the failed log with SQLSTATE
// 58030.
func checkLogFailed(t *testing.T, what string, err error) {
	t.Helper()
	var e *errs.Error
	if !errors.Is(err, ErrLogFailed) || !errors.As(err, &e) || e.Code != errs.IOError {
		t.Fatalf("%s: got %v, want ErrLogFailed with SQLSTATE %s", what, err, errs.IOError)
	}
	if !errors.Is(err, errInjectedSync) {
		t.Fatalf("%s: %v does not carry the sync's error", what, err)
	}
}

// TestWALSyncFailureIsFailStop: once a sync of the log failed, the store
// publishes nothing the log did not make durable. Without fail-stop the
// failed commit, and the next one (applied before its sync failed too),
// were visible to a new read-only transaction and gone after a restart.
func TestWALSyncFailureIsFailStop(t *testing.T) {
	mem := strictFS(t)
	fs := &gatedFS{FS: mem}
	st, err := open("db", fs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	load(t, st, "k=old")
	synced := st.synced.Load()

	fs.failSyncs.Store(true)
	a := begin(t, st, false)
	mustPut(t, a, "k", "a")
	checkLogFailed(t, "commit whose sync failed", a.Commit(ctx))

	// The next commit is refused before it is sequenced or applied.
	seq, applied := st.lastSeq.Load(), st.applied.Load()
	var b Batch
	b.Put([]byte("k2"), []byte("b"))
	checkLogFailed(t, "apply after the failure", st.Apply(ctx, &b))
	if st.lastSeq.Load() != seq || st.applied.Load() != applied {
		t.Fatalf("the refused commit got a seq: last %d applied %d, were %d %d", st.lastSeq.Load(), st.applied.Load(), seq, applied)
	}
	_, err = st.Begin(ctx, TxnOptions{})
	checkLogFailed(t, "read-write begin after the failure", err)

	if st.synced.Load() != synced {
		t.Fatalf("synced watermark moved from %d to %d past a failed sync", synced, st.synced.Load())
	}
	ro := begin(t, st, true)
	if got := get(t, ro, "k"); got != "old" {
		t.Fatalf("read-only txn sees the commit whose sync failed: %q", got)
	}
	if got := get(t, ro, "k2"); got != "<none>" {
		t.Fatalf("read-only txn sees the refused commit: %q", got)
	}
	ro.Rollback()

	// The crash, and the restart's replay, which is the recovery: the
	// same state as readers saw, and commits work again.
	crashStrict(mem, st)
	fs.failSyncs.Store(false)
	st, err = open("db", fs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ro = begin(t, st, true)
	if got, got2 := get(t, ro, "k"), get(t, ro, "k2"); got != "old" || got2 != "<none>" {
		t.Fatalf("after restart: k=%q k2=%q, want old and none", got, got2)
	}
	ro.Rollback()
	load(t, st, "k=new")
	ro = begin(t, st, true)
	defer ro.Rollback()
	if got := get(t, ro, "k"); got != "new" {
		t.Fatalf("commit after restart: %q", got)
	}
}

// TestWALSyncFailureInFlight fails the sync of two commits that are
// already in the memtable, one of them seen by read-write transactions:
// neither may become visible to readers, a read-write transaction that
// saw them reads no more and cannot commit (its Commit, waiting for
// their sync, returns instead of hanging), while one whose snapshot is
// durable still reads.
func TestWALSyncFailureInFlight(t *testing.T) {
	st, fs := openGated(t, Options{})
	ctx := context.Background()
	load(t, st, "k=old")
	durable := begin(t, st, false) // its snapshot holds only seq 1

	fs.hold()
	commit := func(k, v string) <-chan error {
		tx := begin(t, st, false)
		mustPut(t, tx, k, v)
		return commitAsync(tx)
	}
	aDone := commit("k", "a")
	waitApplied(st, 2)
	cDone := commit("k2", "c")
	waitApplied(st, 3)
	saw := begin(t, st, false)
	if got := get(t, saw, "k"); got != "a" {
		t.Fatalf("read-write txn should see the applied commit, got %q", got)
	}
	waiter := begin(t, st, false)
	if got := get(t, waiter, "k2"); got != "c" {
		t.Fatalf("read-write txn should see the applied commit, got %q", got)
	}
	waitDone := commitAsync(waiter)

	fs.failSyncs.Store(true)
	fs.release()
	for name, ch := range map[string]<-chan error{"commit a": aDone, "commit c": cDone, "reader's commit": waitDone} {
		select {
		case err := <-ch:
			checkLogFailed(t, name, err)
		case <-time.After(10 * time.Second):
			t.Fatalf("%s hangs after the log failed", name)
		}
	}

	_, _, err := saw.Get(ctx, []byte("k"))
	checkLogFailed(t, "get of a snapshot holding commits that are not durable", err)
	it := saw.Scan(ctx, nil, nil, false)
	if it.Next() {
		t.Fatal("scan of a snapshot holding commits that are not durable")
	}
	checkLogFailed(t, "scan of a snapshot holding commits that are not durable", it.Err())
	_ = it.Close()
	saw.Rollback()

	if got := get(t, durable, "k"); got != "old" {
		t.Fatalf("txn with a durable snapshot: %q", got)
	}
	durable.Rollback()
	ro := begin(t, st, true)
	if got, got2 := get(t, ro, "k"), get(t, ro, "k2"); got != "old" || got2 != "<none>" {
		t.Fatalf("read-only txn after the failure: k=%q k2=%q, want old and none", got, got2)
	}
	ro.Rollback()
	if st.synced.Load() != 1 {
		t.Fatalf("synced watermark %d, want 1", st.synced.Load())
	}
}

// TestWALSyncFailureLargeBatch: a batch of walOverlapSize or more syncs
// its record on another goroutine while it is applied; when that sync
// fails the batch is in the memtable but must not become visible, and
// the next commit is refused.
func TestWALSyncFailureLargeBatch(t *testing.T) {
	st, fs := openGated(t, Options{})
	ctx := context.Background()
	load(t, st, "k=old")
	big := strings.Repeat("v", walOverlapSize)
	var ok Batch
	ok.Put([]byte("big"), []byte(big))
	if err := st.Apply(ctx, &ok); err != nil {
		t.Fatal(err)
	}

	fs.failSyncs.Store(true)
	var b Batch
	b.Put([]byte("k"), []byte(big))
	checkLogFailed(t, "large commit whose sync failed", st.Apply(ctx, &b))
	if st.applied.Load() != 3 || st.synced.Load() != 2 {
		t.Fatalf("applied %d synced %d, want 3 and 2", st.applied.Load(), st.synced.Load())
	}
	var c Batch
	c.Put([]byte("k2"), []byte("c"))
	checkLogFailed(t, "apply after the failure", st.Apply(ctx, &c))
	ro := begin(t, st, true)
	defer ro.Rollback()
	if got, got2 := get(t, ro, "k"), get(t, ro, "big"); got != "old" || got2 != big {
		t.Fatalf("read-only txn after the failure: k=%.10q big=%.10q", got, got2)
	}
}

// TestWALSyncFailureNoCheckpoint: a checkpoint due from a segment switch
// before the log failed does not flush the memtables, which hold a
// commit that is not durable (its FlushBegin sync would fail and stop
// the process).
func TestWALSyncFailureNoCheckpoint(t *testing.T) {
	st, fs := openGated(t, Options{walSegmentSize: 64 << 10})
	st.ckptMu.Lock() // old segments stay until the failure
	commitN(t, st, 0, 100, strings.Repeat("v", 1000))
	if len(st.wal.oldSegments()) == 0 {
		st.ckptMu.Unlock()
		t.Fatal("no segment switch")
	}
	fs.failSyncs.Store(true)
	var b Batch
	b.Put([]byte("k"), []byte("v"))
	err := st.Apply(context.Background(), &b)
	st.ckptMu.Unlock()
	checkLogFailed(t, "commit whose sync failed", err)
	checkLogFailed(t, "checkpoint after the failure", st.checkpoint())
}
