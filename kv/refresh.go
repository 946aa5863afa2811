package kv

import (
	"bytes"
	"slices"
)

// refreshFor moves a read-write transaction's snapshot forward to the
// latest applied commit before it reads key, when a commit since the
// transaction began wrote key (reading the old snapshot would make its
// commit fail with 40001 for sure) and none wrote anything it has read so
// far: those reads would read the same in the newer snapshot and its
// writes are its own, so it is as though it had begun there. Validation
// then checks its reads only against commits after the new start. This
// is what lets a TPC-B block read its branch row at its newest value
// when another client updated that row after the block's BEGIN (but
// before the block's fourth statement read it); PostgreSQL, too, takes a
// transaction's snapshot at its first statement rather than at BEGIN.
//
// Nothing may go on reading the old snapshot afterwards, so it does
// nothing while iterators or views (view.go) are open, in a view, or once SnapshotSeq has described the
// snapshot to a cache (which would go on serving it) or it was exported
// (ExportSnapshot: its importers read it), nor once the log
// has failed (a new snapshot could hold commits that are not durable,
// see enterRead). Requires enter.
func (t *txn) refreshFor(key []byte) {
	s := t.s
	if t.readOnly || t.seqShared || t.exported || len(t.iters) > 0 || len(t.views) > 0 || t.parent != nil || s.lastSeq.Load() <= t.start || s.wal.failed.Load() != nil {
		return
	}
	s.mu.Lock()
	if !s.wroteSince(key, t.start) {
		s.mu.Unlock()
		return
	}
	if t.hasReads() && s.conflicts(t.readSet(), t.start) {
		// The commit will fail anyway.
		s.mu.Unlock()
		return
	}
	t.advanceLocked()
}

// advanceLocked moves t's snapshot to the newest applied commit: t then
// reads as though it had begun now. Requires s.mu, which it releases.
func (t *txn) advanceLocked() {
	s := t.s
	// As in Begin: the applied watermark is read under mu (so starts
	// join the active set in order) and before the snapshot is taken.
	start := s.applied.Load()
	s.active.add(start)
	s.active.remove(t.start)
	t.start = start
	s.pruneLocked()
	s.mu.Unlock()
	old := t.snap
	t.snap = s.db.NewSnapshot()
	t.snapBound = s.lastSeq.Load()
	// The gaps it found are the old snapshot's (and its iterator reads
	// that snapshot).
	t.gap.close()
	if vs := t.vsnap; vs != nil {
		// Views opened on the old snapshot (cursors) go on reading it.
		t.vsnap = nil
		if vs.abandon() {
			return
		}
	}
	_ = old.Close()
}

// wroteSince reports whether a commit with seq > start wrote key.
// Requires s.mu.
func (s *store) wroteSince(key []byte, start uint64) bool {
	for i := len(s.records) - 1; i >= 0 && s.records[i].seq > start; i-- {
		r := &s.records[i]
		if _, ok := slices.BinarySearchFunc(r.keys, key, bytes.Compare); ok {
			return true
		}
		if _, ok := coveringRange(r.ranges, key); ok {
			return true
		}
	}
	return false
}
