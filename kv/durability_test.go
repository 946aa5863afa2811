package kv

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/vfs"
)

// openGated opens a store in memory behind a gatedFS, closed when the
// test ends.
func openGated(t *testing.T, opts Options) (*store, *gatedFS) {
	t.Helper()
	fs := &gatedFS{FS: vfs.NewMem()}
	st, err := open("", fs, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st, fs
}

// gatedFS holds WAL fsyncs while its gate is closed, to freeze commits
// between "applied" and "durable", and fails them while failSyncs is
// set (after the gate opens).
type gatedFS struct {
	vfs.FS
	mu        sync.Mutex
	gate      chan struct{} // nil: open
	failSyncs atomic.Bool
}

// errInjectedSync is what a WAL sync returns while failSyncs is set.
var errInjectedSync = errors.New("injected sync failure")

// sync passes a WAL sync through the gate and fails it when told to.
func (fs *gatedFS) sync(do func() error) error {
	fs.wait()
	if fs.failSyncs.Load() {
		return errInjectedSync
	}
	return do()
}

func (fs *gatedFS) hold() {
	fs.mu.Lock()
	fs.gate = make(chan struct{})
	fs.mu.Unlock()
}

func (fs *gatedFS) release() {
	fs.mu.Lock()
	close(fs.gate)
	fs.gate = nil
	fs.mu.Unlock()
}

func (fs *gatedFS) wait() {
	fs.mu.Lock()
	g := fs.gate
	fs.mu.Unlock()
	if g != nil {
		<-g
	}
}

func (fs *gatedFS) wrap(name string, f vfs.File, err error) (vfs.File, error) {
	if err != nil || !strings.HasSuffix(name, ".wal") {
		return f, err
	}
	return gatedFile{File: f, fs: fs}, nil
}

func (fs *gatedFS) Create(name string) (vfs.File, error) {
	f, err := fs.FS.Create(name)
	return fs.wrap(name, f, err)
}

func (fs *gatedFS) ReuseForWrite(oldname, newname string) (vfs.File, error) {
	f, err := fs.FS.ReuseForWrite(oldname, newname)
	return fs.wrap(newname, f, err)
}

type gatedFile struct {
	vfs.File
	fs *gatedFS
}

func (f gatedFile) Sync() error     { return f.fs.sync(f.File.Sync) }
func (f gatedFile) SyncData() error { return f.fs.sync(f.File.SyncData) }
func (f gatedFile) SyncTo(n int64) (full bool, err error) {
	err = f.fs.sync(func() error {
		full, err = f.File.SyncTo(n)
		return err
	})
	return full, err
}

// TestVisibilityFollowsDurability freezes a commit after it reached Pebble
// but before its WAL fsync and checks who may see it: read-only
// transactions must not (a crash could still take it back); a read-write
// transaction may, but then its own Commit waits for that fsync.
func TestVisibilityFollowsDurability(t *testing.T) {
	fs := &gatedFS{FS: vfs.NewMem()}
	st, err := open("", fs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var s Store = st
	defer s.Close()
	load(t, s, "k=old")

	fs.hold()
	a := begin(t, s, false)
	mustPut(t, a, "k", "new")
	aDone := commitAsync(a)
	waitApplied(st, 2) // seq 1 was load, 2 is a

	ro := begin(t, s, true)
	if got := get(t, ro, "k"); got != "old" {
		t.Fatalf("read-only txn sees a commit whose fsync is pending: %q", got)
	}
	rw := begin(t, s, false)
	if got := get(t, rw, "k"); got != "new" {
		t.Fatalf("read-write txn should see the applied commit, got %q", got)
	}
	rwDone := commitAsync(rw)
	select {
	case err := <-aDone:
		t.Fatalf("commit acknowledged before its fsync: %v", err)
	case err := <-rwDone:
		t.Fatalf("reader's commit returned before what it read was durable: %v", err)
	case <-time.After(20 * time.Millisecond):
	}

	fs.release()
	if err := <-aDone; err != nil {
		t.Fatal(err)
	}
	if err := <-rwDone; err != nil {
		t.Fatal(err)
	}
	if got := get(t, begin(t, s, true), "k"); got != "new" {
		t.Fatalf("read-only txn after the ack sees %q", got)
	}
	if got := get(t, ro, "k"); got != "old" {
		t.Fatalf("older read-only snapshot changed: %q", got)
	}
	ro.Rollback()
}

// TestFlushWaitsForLog: Pebble must not flush a memtable holding a
// commit whose log record is not synced yet (a replay of the log could
// then undo part of a later commit), so a flush waits for the sync.
func TestFlushWaitsForLog(t *testing.T) {
	st, fs := openGated(t, Options{})
	fs.hold()
	a := begin(t, st, false)
	mustPut(t, a, "k", "v")
	aDone := commitAsync(a)
	waitApplied(st, 1)
	flushed := make(chan error, 1)
	go func() { flushed <- st.db.Flush() }()
	select {
	case err := <-flushed:
		fs.release()
		<-aDone
		t.Fatalf("memtable flushed before its log record was synced: %v", err)
	case <-time.After(20 * time.Millisecond):
	}
	fs.release()
	if err := <-aDone; err != nil {
		t.Fatal(err)
	}
	if err := <-flushed; err != nil {
		t.Fatal(err)
	}
}

// commitAsync commits txn in a goroutine; the channel gets its result.
func commitAsync(txn Txn) <-chan error {
	done := make(chan error, 1)
	go func() { done <- txn.Commit(context.Background()) }()
	return done
}

// waitApplied waits until commit seq has reached Pebble (its sync may
// still be pending).
func waitApplied(st *store, seq uint64) {
	for st.applied.Load() < seq {
		time.Sleep(100 * time.Microsecond)
	}
}
