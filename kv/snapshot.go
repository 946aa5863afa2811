package kv

import "bytes"

// SnapshotSeq describes tx's snapshot to a cache of data derived from
// some keys, kept up to date through Options.OnCommit: every commit with
// seq <= n is in the snapshot, and any other commit in it got its seq
// (and was reported to OnCommit) before tx began. A read-only
// transaction's snapshot holds exactly the commits <= n; a read-write
// one's may hold a few later ones, so a cache must treat a key reported
// at a seq > n as possibly changed in it. ok is false for a transaction
// that is finished or not of this package.
//
// The snapshot excludes tx's own writes: see WritesIn.
func SnapshotSeq(tx Txn) (n uint64, ok bool) {
	t, isTxn := tx.(*txn)
	if !isTxn || t.done || t.s.closed.Load() {
		return 0, false
	}
	if t.readOnly {
		if t.shared == nil {
			return 0, false
		}
		return t.shared.seq, true
	}
	t.seqShared = true
	return t.start, true
}

// WritesIn reports whether tx has buffered writes (puts or deletions) in
// [start, end) (end nil: unbounded), which its reads see on top of the
// snapshot. A transaction not of this package reports true, so a cache
// never serves it.
func WritesIn(tx Txn, start, end []byte) bool {
	t, ok := tx.(*txn)
	if !ok {
		return true
	}
	if t.writes != nil && t.writes.any(start, end) {
		return true
	}
	// Its range deletions hide keys of the snapshot just as deletions do.
	for _, r := range t.delRanges {
		if (end == nil || bytes.Compare(r.start, end) < 0) && (r.end == nil || bytes.Compare(start, r.end) < 0) {
			return true
		}
	}
	return false
}

// WroteKey is WritesIn for the single key key, without building its end.
func WroteKey(tx Txn, key []byte) bool {
	t, ok := tx.(*txn)
	if !ok {
		return true
	}
	if t.writes != nil {
		if _, ok := t.writes.get(key); ok {
			return true
		}
	}
	_, ok = coveringRange(t.delRanges, key)
	return ok
}

// NoteReadKey adds key to tx's read set, as a Get of it would: NoteRead
// for a reader that serves one key from elsewhere.
func NoteReadKey(tx Txn, key []byte) {
	t, ok := tx.(*txn)
	if !ok || t.readOnly || t.done {
		return
	}
	t.addRead(key)
}

// NoteRead adds [start, end) to tx's read set, as a Scan of it read to
// the end would: a reader that serves the range from elsewhere (a cache
// consistent with the snapshot, see SnapshotSeq) still makes a
// read-write transaction conflict with a concurrent commit writing into
// it. A read-only transaction has no read set.
func NoteRead(tx Txn, start, end []byte) {
	t, ok := tx.(*txn)
	if !ok || t.readOnly || t.done || (t.rc && !t.rcTracks(start)) {
		return
	}
	// Own copies: the caller may reuse its buffers.
	t.readRanges = append(t.readRanges, keyRange{start: bytes.Clone(start), end: bytes.Clone(end)})
}
