package kv

import (
	"context"
	"errors"

	"github.com/cockroachdb/pebble"
)

// Reads of SELECT ... FOR UPDATE and its kin. A row lock (held by the
// engine, not here) keeps two transactions from taking the same row at
// once, but this store's optimistic validation would still fail the
// second one whenever the first wrote anything the second's scan walked
// past: a job queue's workers, each skipping the rows the others hold
// (SKIP LOCKED), would fail one another. So a locking statement may read
// untracked (SuspendReadTracking) and add only the rows it locks to the
// read set (NoteReadKey); and once it holds a row's lock it asks whether
// a commit since its snapshot wrote the row (WrittenSince), which its
// commit would fail on anyway.

// SuspendReadTracking makes the reads tx makes from now until resume is
// called stay out of its read set: Gets, and the ranges of iterators
// opened meanwhile (when they are closed, later too). A read-only
// transaction has no read set and nothing to suspend; nor has a Txn of
// another implementation, whose reads stay tracked.
func SuspendReadTracking(tx Txn) (resume func()) {
	t, ok := tx.(*txn)
	if !ok || t.readOnly || t.untracked {
		return func() {}
	}
	t.untracked = true
	return func() { t.untracked = false }
}

// RequireReadWrite returns the read-only error (SQLSTATE 25006) a write
// gets when tx is read-only, else nil: WrittenSince needs a read-write
// transaction, and a caller can tell before it takes a lock.
func RequireReadWrite(tx Txn) error {
	// A view (a cursor's) shares its transaction's snapshot and start.
	if t, ok := tx.(*txn); ok && t.readOnly {
		return readOnlyError()
	}
	return nil
}

// WrittenSince reports whether a transaction that committed after tx's
// snapshot was taken wrote key. A read-only transaction cannot tell (the
// store keeps no record of commits for it): it gets the read-only error
// (SQLSTATE 25006) that a write gets, so that a caller running a
// statement in a read-only snapshot first runs it again read-write.
func WrittenSince(tx Txn, key []byte) (bool, error) {
	t, ok := tx.(*txn)
	if !ok {
		return false, nil
	}
	if t.readOnly {
		return false, readOnlyError()
	}
	if t.done {
		return false, txnDoneError()
	}
	s := t.s
	if s.lastSeq.Load() <= t.start {
		return false, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.wroteSince(key, t.start), nil
}

// ExistsNow reports whether key exists in the newest state of the store,
// tx's own writes over it, rather than in tx's snapshot: what a caller
// that holds key's row lock and found it written since the snapshot
// (WrittenSince) asks to tell a deleted row from an updated one, as
// PostgreSQL's foreign key check follows a locked row to its newest
// version. It is not a read of tx's: nothing joins its read set. For a
// Txn of another implementation it is tx.Get.
func ExistsNow(ctx context.Context, tx Txn, key []byte) (bool, error) {
	t, ok := tx.(*txn)
	if !ok {
		_, found, err := tx.Get(ctx, key)
		return found, err
	}
	if err := t.enterRead(); err != nil {
		return false, err
	}
	defer t.exit()
	if t.writes != nil {
		if it, ok := t.writes.get(key); ok {
			return !it.del, nil
		}
	}
	if _, ok := coveringRange(t.delRanges, key); ok {
		return false, nil
	}
	_, closer, err := t.s.db.Get(key)
	if err != nil {
		if errors.Is(err, pebble.ErrNotFound) {
			return false, nil
		}
		return false, internalError(err, "get")
	}
	if err := closer.Close(); err != nil {
		return false, internalError(err, "get")
	}
	return true, nil
}
