package kv

import (
	"errors"
	"slices"
	"sync"

	"github.com/cockroachdb/pebble"
)

// View returns a transaction that reads what tx reads now — tx's
// snapshot and the writes tx made so far — and nothing tx writes later,
// as a SQL cursor reads the data as of its DECLARE while its transaction
// goes on writing (PostgreSQL's portal snapshot). The view cannot write
// (Put and Delete fail as in a read-only transaction). What it reads is
// tx's read: it joins tx's read set when the view ends, so a read-write
// tx still fails validation when another transaction wrote what its view
// read. End the view with Rollback (Commit does the same: it has nothing
// to commit); tx's own Commit or Rollback ends its views first. While a
// view is open, a serializable tx's snapshot stays where it is
// (refresh.go); a READ COMMITTED tx's next statement moves it, and the
// view goes on reading the old one (viewSnap).
//
// Taking a view costs a copy-on-write clone of tx's write buffer, as a
// savepoint does.
func View(tx Txn) (Txn, error) {
	t, ok := tx.(*txn)
	if !ok {
		return nil, internalError(errors.New("not a kv transaction"), "view")
	}
	if t.parent != nil {
		// A view of a view is a view of the transaction as the first
		// view sees it: the same state.
		return View(t.parent)
	}
	if err := t.enter(); err != nil {
		return nil, err
	}
	defer t.exit()
	v := &txn{s: t.s, snap: t.snap, readOnly: t.readOnly, start: t.start, snapBound: t.snapBound, parent: t, delRanges: t.delRanges, wroteWatched: t.wroteWatched}
	if t.shared == nil {
		if t.vsnap == nil {
			t.vsnap = &viewSnap{snap: t.snap}
		}
		t.vsnap.join()
		v.vsnap = t.vsnap
	}
	if t.writes != nil && t.writes.Len() > 0 {
		t.writes.flushTail()
		v.writes = &writeBuffer{tree: t.writes.tree.Clone()}
	}
	// Registered, so that Store.Close releases its iterators.
	if !t.s.register(v) {
		return nil, storeClosedError()
	}
	t.views = append(t.views, v)
	return v, nil
}

// viewSnap is a transaction's own snapshot as its views read it. A READ
// COMMITTED transaction's next statement moves the transaction to a
// newer snapshot (NewStatement) while cursors declared earlier go on
// reading the old one, as PostgreSQL's portals keep theirs: the last
// view of a snapshot the transaction left closes it. Store.Close may
// release an idle view while its transaction moves on, hence the lock.
type viewSnap struct {
	mu    sync.Mutex
	snap  *pebble.Snapshot
	views int
	left  bool // the transaction reads a newer snapshot
}

func (vs *viewSnap) join() {
	vs.mu.Lock()
	vs.views++
	vs.mu.Unlock()
}

// leave ends a view's use of the snapshot.
func (vs *viewSnap) leave() {
	vs.mu.Lock()
	vs.views--
	last := vs.views == 0 && vs.left
	vs.mu.Unlock()
	if last {
		_ = vs.snap.Close()
	}
}

// abandon ends the transaction's use of the snapshot, which moves on;
// reports whether views still read it (then the last one closes it).
func (vs *viewSnap) abandon() (kept bool) {
	vs.mu.Lock()
	defer vs.mu.Unlock()
	vs.left = true
	return vs.views > 0
}

// endView ends view v: the parts of the snapshot it read join its
// parent's read set.
func (v *txn) endView() {
	v.closeIters(true)
	p := v.parent
	// A READ COMMITTED transaction does not validate what its cursors
	// read.
	if !p.done && !p.readOnly && !p.rc {
		if v.reads.n > 0 {
			for _, k := range v.reads.appendTo(nil) {
				p.reads.add(k)
			}
		}
		p.readRanges = append(p.readRanges, v.readRanges...)
	}
	p.views = slices.DeleteFunc(p.views, func(x *txn) bool { return x == v })
	v.releasePebble()
	if ss := v.s.unregister(v); ss != nil {
		v.s.closeShared(ss)
	}
	v.done = true
	v.writes, v.delRanges = nil, nil
	v.reads, v.readRanges = pointReads{}, nil
}

// endViews ends every open view of t (t is ending).
func (t *txn) endViews() {
	for len(t.views) > 0 {
		v := t.views[len(t.views)-1]
		v.busy.Store(true)
		v.endView()
		v.busy.Store(false)
	}
}
