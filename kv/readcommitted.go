package kv

import (
	"bytes"
	"sort"
)

// READ COMMITTED transactions, PostgreSQL's default isolation level.
//
// A serializable transaction validates every read at commit, so two
// transactions that both update one hot row (a counter, a balance)
// cannot both commit, and an application written for PostgreSQL, which
// retries nothing at its default level, sees 40001 errors. A READ
// COMMITTED transaction instead reads each statement's data in a fresh
// snapshot (NewStatement) and validates only what must hold for its
// writes to be right:
//
//   - the keys it wrote: a commit that wrote one of them after the
//     statement that wrote it took its snapshot would be a lost update,
//     so the transaction fails (the engine's row locks make writers of
//     one row wait for each other, and run a statement again when the
//     row changed since its snapshot, so this is rare);
//   - the reads of keys the caller chose when it made the transaction
//     READ COMMITTED (the catalog's: a table's descriptor must not change
//     under rows written in its layout), and the reads made inside
//     TrackReads (foreign key checks of a parent: no child may have
//     appeared meanwhile);
//   - the existence of the keys read inside TrackExistence (foreign key
//     checks of a child: the parent it was checked against must still be
//     there at commit, but may have changed otherwise).
//
// Every other read is untracked: a row another transaction changes after
// this one read it does not make it fail, as in PostgreSQL. Validation
// is incremental, so that a block of many statements stays linear: each
// NewStatement checks the commits since the last one against what the
// transaction wrote and tracked so far, and Commit the ones since the
// last statement.

// SetReadCommitted makes tx a READ COMMITTED transaction when on, whose
// reads of the keys tracked picks (nil: none) stay validated, or a
// serializable one again. It is meant for the start of a transaction,
// before its first statement; a read-only transaction, or one not of this
// package, ignores it.
func SetReadCommitted(tx Txn, on bool, tracked func(key []byte) bool) {
	t, ok := tx.(*txn)
	if !ok || t.readOnly || t.done || t.parent != nil {
		return
	}
	t.rc, t.rcTracked = on, tracked
}

// IsReadCommitted reports whether tx is a READ COMMITTED transaction.
func IsReadCommitted(tx Txn) bool {
	t, ok := tx.(*txn)
	return ok && t.rc
}

// TrackReads makes tx's reads join its read set until restore is called,
// in a READ COMMITTED transaction that would otherwise leave them out.
// It nests, and does nothing for other transactions, whose reads are
// tracked anyway, nor while SuspendReadTracking holds.
func TrackReads(tx Txn) (restore func()) {
	t, ok := tx.(*txn)
	if !ok || !t.rc {
		return func() {}
	}
	t.rcForce++
	return func() { t.rcForce-- }
}

// TrackExistence makes tx's Gets, until restore is called, reads of
// whether their keys exist, in a READ COMMITTED transaction: the
// transaction then conflicts with a commit that deletes such a key, but
// not with one that rewrites it (a foreign key's parent: a child needs it
// to exist, not to stay as it was, and PostgreSQL lets other columns of
// the parent change meanwhile). It nests, takes precedence over
// TrackReads, and does nothing for other transactions, whose reads are
// tracked as usual.
func TrackExistence(tx Txn) (restore func()) {
	t, ok := tx.(*txn)
	if !ok || !t.rc {
		return func() {}
	}
	t.rcExistence++
	return func() { t.rcExistence-- }
}

// NewStatement starts a statement of a READ COMMITTED transaction: its
// snapshot moves to the newest applied commit, after the commits since
// the last statement were checked against what the transaction wrote and
// tracked (a conflict fails with 40001, as its commit would). moved
// reports whether the snapshot is now the newest; it is false when it
// could not move: an iterator of the transaction is open on the old one
// (views, cursors', keep theirs: view.go), or the log has failed. For another transaction it does nothing.
func NewStatement(tx Txn) (moved bool, err error) {
	t, ok := tx.(*txn)
	if !ok || !t.rc || t.readOnly || t.parent != nil {
		return false, nil
	}
	if err := t.enter(); err != nil {
		return false, err
	}
	defer t.exit()
	s := t.s
	if len(t.iters) > 0 || s.wal.failed.Load() != nil {
		return false, nil
	}
	if s.applied.Load() <= t.start {
		return true, nil
	}
	s.mu.Lock()
	if (t.writes == nil || t.writes.Len() == 0) && len(t.delRanges) == 0 {
		// What it read so far justified no write: nothing to validate,
		// and the statements ahead track their own reads.
		clear(t.rcReads)
		clear(t.rcExists)
		t.readRanges = t.readRanges[:0]
	} else if s.rcConflicts(t, t.start) {
		s.mu.Unlock()
		return false, conflictError()
	}
	t.advanceLocked()
	// A cache described the old snapshot to a reader of the statement
	// that ended; the next statement's readers ask again.
	t.seqShared = false
	return true, nil
}

// rcTracks reports whether a READ COMMITTED transaction's read of key
// (or of a range starting there) joins its read set.
func (t *txn) rcTracks(key []byte) bool {
	return t.rcForce > 0 || (t.rcTracked != nil && t.rcTracked(key))
}

// noteGet adds a Get's key to the read set, when reads are tracked.
func (t *txn) noteGet(key []byte) {
	if t.readOnly || t.untracked {
		return
	}
	if t.rc {
		if t.rcExistence > 0 {
			t.rcExists.add(key)
		} else if t.rcTracks(key) {
			t.rcAddRead(key)
		}
		return
	}
	t.refreshFor(key)
	t.reads.add(key)
}

// addRead adds key to the read set unconditionally (a read the caller
// knows must be validated).
func (t *txn) addRead(key []byte) {
	if t.rc {
		t.rcAddRead(key)
		return
	}
	t.reads.add(key)
}

func (t *txn) rcAddRead(key []byte) {
	t.rcReads.add(key)
}

// scanTracked reports whether an iterator opened now over a range from
// start records what it walked.
func (t *txn) scanTracked(start []byte) bool {
	if t.readOnly || t.untracked {
		return false
	}
	return !t.rc || t.rcTracks(start)
}

// rcConflicts reports whether a commit with seq > start wrote a key t
// wrote or tracked. Requires s.mu.
func (s *store) rcConflicts(t *txn, start uint64) bool {
	i := sort.Search(len(s.records), func(i int) bool { return s.records[i].seq > start })
	if i == len(s.records) {
		return false
	}
	// The ranges t deleted or read, as one sorted, disjoint list.
	t.readRanges = mergeRanges(t.readRanges)
	var own readSet
	if len(t.delRanges) > 0 {
		own.ranges = mergeRanges(append(append([]keyRange(nil), t.readRanges...), t.delRanges...))
	} else {
		own.ranges = t.readRanges
	}
	for ; i < len(s.records); i++ {
		r := &s.records[i]
		for _, k := range r.keys {
			if t.rcTouches(k) {
				return true
			}
			if _, ok := coveringRange(own.ranges, k); ok {
				return true
			}
		}
		if len(t.rcExists) > 0 {
			for _, k := range r.deleted {
				if _, ok := t.rcExists[string(k)]; ok {
					return true
				}
			}
		}
		if len(r.ranges) == 0 {
			continue
		}
		if own.intersectsRanges(r.ranges) {
			return true
		}
		for _, w := range r.ranges {
			if t.writes != nil && t.writes.any(w.start, w.end) {
				return true
			}
			if t.rcReads.anyIn(w) || t.rcExists.anyIn(w) {
				return true
			}
		}
	}
	return false
}

// rcTouches reports whether t wrote key or tracked a read of it.
func (t *txn) rcTouches(key []byte) bool {
	if t.writes != nil {
		if _, ok := t.writes.get(key); ok {
			return true
		}
	}
	_, ok := t.rcReads[string(key)]
	return ok
}

// keySet is a set of keys, made on its first add.
type keySet map[string]struct{}

func (s *keySet) add(key []byte) {
	if *s == nil {
		*s = make(keySet)
	}
	if _, ok := (*s)[string(key)]; !ok {
		(*s)[string(key)] = struct{}{}
	}
}

// anyIn reports whether a key of s lies in r.
func (s keySet) anyIn(r keyRange) bool {
	for k := range s {
		if inRange(r, []byte(k)) {
			return true
		}
	}
	return false
}

func inRange(r keyRange, key []byte) bool {
	return bytes.Compare(key, r.start) >= 0 && (r.end == nil || bytes.Compare(key, r.end) < 0)
}
