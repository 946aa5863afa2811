package kv

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// Snapshot is a transaction's snapshot handed to other transactions, as
// PostgreSQL's pg_export_snapshot hands one to SET TRANSACTION SNAPSHOT
// (pg_dump's parallel workers read the leader's). It keeps the snapshot
// open until Release, whether or not its transaction has ended, and
// BeginSnapshot starts read-only transactions reading it.
type Snapshot struct {
	s  *store
	ss *sharedSnap // a read-only transaction's snapshot
	vs *viewSnap   // a read-write transaction's own snapshot

	mu       sync.Mutex
	released bool
}

// ExportSnapshot exports tx's snapshot: what tx's reads see, without its
// own writes (as other sessions see a snapshot PostgreSQL exports, where
// the exporting transaction is still in progress). A serializable tx's
// snapshot stays where it is from now on (no refresh), so that tx and
// the importers read the same data; a READ COMMITTED tx's next statement
// moves on as usual and leaves the exported snapshot to the importers.
// It returns once every commit the snapshot holds is durable, so that an
// importer never reads what a crash could lose.
func ExportSnapshot(ctx context.Context, tx Txn) (*Snapshot, error) {
	t, ok := tx.(*txn)
	if !ok || t.parent != nil {
		return nil, internalError(errors.New("not a transaction of its own"), "export snapshot")
	}
	if err := t.enter(); err != nil {
		return nil, err
	}
	defer t.exit()
	s := t.s
	sn := &Snapshot{s: s}
	if t.shared != nil {
		s.regMu.Lock()
		t.shared.refs++
		sn.ss = t.shared
		s.exportsLocked(sn, true)
		s.regMu.Unlock()
		return sn, nil
	}
	if err := s.waitSynced(ctx, t.snapBound); err != nil {
		return nil, fmt.Errorf("kv: export snapshot: %w", err)
	}
	if t.vsnap == nil {
		t.vsnap = &viewSnap{snap: t.snap}
	}
	t.vsnap.join()
	t.exported = true
	sn.vs = t.vsnap
	s.regMu.Lock()
	s.exportsLocked(sn, true)
	s.regMu.Unlock()
	return sn, nil
}

// exportsLocked adds sn to (or removes it from) the snapshots Close
// releases. Requires s.regMu.
func (s *store) exportsLocked(sn *Snapshot, add bool) {
	if add {
		if s.exports == nil {
			s.exports = map[*Snapshot]bool{}
		}
		s.exports[sn] = true
		return
	}
	delete(s.exports, sn)
}

// Release ends the export: transactions that began reading the snapshot
// go on reading it, and the last of them (or its own transaction, if
// still open) closes it. Releasing twice does nothing.
func (sn *Snapshot) Release() {
	sn.mu.Lock()
	defer sn.mu.Unlock()
	if sn.released {
		return
	}
	sn.released = true
	s := sn.s
	s.regMu.Lock()
	s.exportsLocked(sn, false)
	var last *sharedSnap
	if ss := sn.ss; ss != nil {
		if ss.refs--; ss.refs == 0 {
			s.closing++
			last = ss
		}
	}
	s.regMu.Unlock()
	if last != nil {
		s.closeShared(last)
	}
	if sn.vs != nil {
		sn.vs.leave()
	}
}

// BeginSnapshot begins a read-only transaction that reads sn; it fails
// once sn is released. Its Commit, like any read-only transaction's,
// has nothing to validate.
func BeginSnapshot(ctx context.Context, st Store, sn *Snapshot) (Txn, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("kv: begin: %w", err)
	}
	s, ok := st.(*store)
	if !ok || s != sn.s {
		return nil, internalError(errors.New("a snapshot of another store"), "begin snapshot")
	}
	sn.mu.Lock()
	defer sn.mu.Unlock()
	if sn.released {
		return nil, internalError(errors.New("the snapshot was released"), "begin snapshot")
	}
	t := &txn{s: s, readOnly: true}
	s.regMu.Lock()
	defer s.regMu.Unlock()
	if s.closed.Load() {
		return nil, storeClosedError()
	}
	s.linkLocked(t)
	if sn.ss != nil {
		t.shared = sn.ss
		t.shared.refs++
		t.snap = t.shared.snap
		return t, nil
	}
	sn.vs.join()
	t.vsnap, t.snap, t.imported = sn.vs, sn.vs.snap, true
	return t, nil
}

// closeExports releases the exports still open when the store closes,
// after its transactions released theirs.
func (s *store) closeExports() {
	s.regMu.Lock()
	left := make([]*Snapshot, 0, len(s.exports))
	for sn := range s.exports {
		left = append(left, sn)
	}
	s.regMu.Unlock()
	for _, sn := range left {
		sn.Release()
	}
}
