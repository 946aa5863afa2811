package kv

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"

	"github.com/cockroachdb/pebble"
)

// wbItem is one entry of a transaction's write buffer: a put, or a deletion
// tombstone that hides the snapshot's value. Items are immutable once
// inserted; an overwrite replaces the item.
type wbItem struct {
	key, value []byte
	del        bool
}

func wbLess(a, b wbItem) bool { return bytes.Compare(a.key, b.key) < 0 }

const writeBufferDegree = 16

// txn implements Txn.
//
// Every method that may touch Pebble first calls enter, which publishes
// busy and then checks the store's closed flag; Store.Close relies on that
// handshake to release a transaction's snapshot and iterators safely.
type txn struct {
	s          *store
	prev, next *txn // list of open transactions; guarded by s.regMu
	busy       atomic.Bool

	snap      *pebble.Snapshot // own for read-write, shared.snap for read-only
	shared    *sharedSnap      // read-only only; reference held until finish
	readOnly  bool
	start     uint64 // applied watermark at Begin (read-write only)
	snapBound uint64 // bounds the seqs the snapshot may hold (read-write only)
	inActive  bool   // start is registered in s.active
	done      bool
	// wroteWatched: the transaction wrote a watched key or deleted a
	// range (which may hold some); see ReadWatched.
	wroteWatched bool
	// seqShared: SnapshotSeq described the snapshot (see refreshFor).
	seqShared bool
	// exported: ExportSnapshot handed the snapshot out (see refreshFor);
	// imported: the transaction reads another's exported snapshot
	// (vsnap), which it does not own.
	exported, imported bool
	// untracked: reads stay out of the read set (SuspendReadTracking).
	untracked bool
	// rc: a READ COMMITTED transaction (readcommitted.go), whose reads
	// are tracked only for keys rcTracked picks, in rcReads, and while
	// rcForce (TrackReads) is above zero.
	rc        bool
	rcTracked func(key []byte) bool
	rcReads   keySet
	rcForce   int
	// rcExists are the keys whose existence alone a READ COMMITTED
	// transaction's writes rest on (TrackExistence): only a commit that
	// deletes one conflicts. rcExistence counts TrackExistence's nesting.
	rcExists    keySet
	rcExistence int
	// parent is the transaction of a view (view.go), which shares its
	// snapshot; views are a transaction's open views.
	parent *txn
	views  []*txn
	// vsnap is the snapshot share of the views: a transaction's, of its
	// current snapshot, once it has views (nil until then, and again
	// after it moved on); a view's, of the snapshot it reads.
	vsnap *viewSnap

	writes *writeBuffer // nil until the first write
	// delRanges are the transaction's range deletions, sorted and merged.
	// Every buffered write in one of them came after it (DeleteRange
	// drops the older ones), so the buffer wins over them and they win
	// over the snapshot. Replaced, never modified: iterators share it.
	delRanges []keyRange

	reads      pointReads
	readRanges []keyRange

	iters []*iterator // open iterators
	// getIter serves a read-only transaction's Gets (see snapIters), and
	// getIterVersion is the version it was opened in.
	getIter        *pebble.Iterator
	getIterVersion uint64
	// gap serves a read-write transaction's Gets of ascending absent keys.
	gap    getGap
	valBuf []byte // Get's result buffer, reused
	slab   []byte // the chunk the tail's items are carved from (itemBytes)
}

var _ Txn = (*txn)(nil)

func (t *txn) enter() error {
	t.busy.Store(true)
	if t.s.closed.Load() {
		t.busy.Store(false)
		return storeClosedError()
	}
	if t.done {
		t.busy.Store(false)
		return txnDoneError()
	}
	return nil
}

// enterRead is enter for an operation that reads the snapshot. Once the
// log has failed (fail-stop, wal.go), a read-write transaction whose
// snapshot may hold a commit that is not durable (one above the synced
// watermark, which no longer moves) reads no more. A read-only
// transaction's snapshot is always durable.
func (t *txn) enterRead() error {
	if err := t.enter(); err != nil {
		return err
	}
	if !t.readOnly && t.s.wal.failed.Load() != nil && t.snapBound > t.s.synced.Load() {
		t.busy.Store(false)
		return logFailedError(t.s.wal.failure())
	}
	return nil
}

func (t *txn) exit() { t.busy.Store(false) }

// Get implements Txn.
func (t *txn) Get(ctx context.Context, key []byte) ([]byte, bool, error) {
	if err := t.enterRead(); err != nil {
		return nil, false, err
	}
	defer t.exit()
	if err := ctx.Err(); err != nil {
		return nil, false, fmt.Errorf("kv: get: %w", err)
	}
	if t.writes != nil {
		if it, ok := t.writes.get(key); ok {
			// Reading our own write depends on no one else: not a read.
			if it.del {
				return nil, false, nil
			}
			return it.value, true, nil
		}
	}
	if _, ok := coveringRange(t.delRanges, key); ok {
		// Deleted by us: like reading our own write, not a read.
		return nil, false, nil
	}
	if !t.readOnly {
		t.noteGet(key)
	}
	if t.shared != nil {
		if v, ok, done, err := t.getShared(key); done {
			return v, ok, err
		}
	} else if v, ok, done, err := t.gap.lookup(t.snap, key); done {
		if ok {
			// The iterator's value dies with its next move: copy.
			v = append(t.valBuf[:0], v...)
			t.valBuf = v
		}
		return v, ok, err
	}
	v, closer, err := t.snap.Get(key)
	if err != nil {
		if errors.Is(err, pebble.ErrNotFound) {
			return nil, false, nil
		}
		return nil, false, internalError(err, "get")
	}
	if t.shared == nil {
		t.gap.found()
	}
	// Pebble's slice dies with closer; copying into a reused buffer keeps
	// the read allocation-free and honours "valid until the next call".
	t.valBuf = append(t.valBuf[:0], v...)
	if err := closer.Close(); err != nil {
		return nil, false, internalError(err, "get")
	}
	return t.valBuf, true, nil
}

// Scan implements Txn. The iterator sees the snapshot plus the
// transaction's writes made before Scan was called; writes made while it
// is open do not affect it.
func (t *txn) Scan(ctx context.Context, start, end []byte, reverse bool) Iterator {
	it := &iterator{t: t, ctx: ctx, reverse: reverse, untracked: !t.scanTracked(start)}
	if err := t.enterRead(); err != nil {
		it.err, it.closed = err, true
		return it
	}
	defer t.exit()
	if err := ctx.Err(); err != nil {
		it.err, it.closed = fmt.Errorf("kv: scan: %w", err), true
		return it
	}
	if end != nil && bytes.Compare(start, end) >= 0 {
		// An empty range reads nothing and needs no resources.
		it.exhausted, it.closed = true, true
		return it
	}
	// Own copies: Pebble keeps the bounds, and the read set keeps them too.
	it.start, it.end = cloneBounds(start, end)
	it.lo, it.hi = it.start, it.end
	if t.shared != nil {
		// A read-only transaction takes an idle iterator of its shared
		// snapshot: new bounds keep Pebble's level and table iterators,
		// which a new iterator builds again (see snapIters).
		it.pool = &t.shared.iters
		if pi, v := it.pool.take(it.lo); pi != nil {
			pi.SetBounds(it.start, it.end)
			it.pi, it.piVersion = pi, v
		} else {
			it.piVersion = it.pool.current()
		}
	}
	if it.pi == nil {
		pi, err := t.snap.NewIter(&pebble.IterOptions{LowerBound: it.start, UpperBound: it.end})
		if err != nil {
			it.err, it.closed = internalError(err, "scan"), true
			return it
		}
		it.pi = pi
	}
	if t.writes != nil && t.writes.Len() > 0 {
		// A lazy copy-on-write clone freezes the buffer for this iterator.
		it.buf = t.writes.frozen(it.start, it.end)
		it.visitFn = it.visit
	}
	it.dels = t.delRanges
	t.iters = append(t.iters, it)
	return it
}

// cloneBounds copies a range's bounds into one allocation (a scan per
// index probe or statement makes this hot); a nil end stays nil, for
// "unbounded". Neither copy has room to grow into the other.
func cloneBounds(start, end []byte) (s, e []byte) {
	if start == nil && end == nil {
		return nil, nil
	}
	b := make([]byte, len(start)+len(end))
	n := copy(b, start)
	copy(b[n:], end)
	s = b[:n:n]
	if start == nil {
		s = nil
	}
	if end != nil {
		e = b[n:]
	}
	return s, e
}

func (t *txn) checkWritable() error {
	switch {
	case t.s.closed.Load():
		return storeClosedError()
	case t.done:
		return txnDoneError()
	case t.readOnly, t.parent != nil:
		return readOnlyError()
	}
	if t.writes == nil {
		t.writes = newWriteBuffer(t.s.wbFree)
	}
	return nil
}

// Put implements Txn.
func (t *txn) Put(key, value []byte) error {
	if err := t.checkWritable(); err != nil {
		return err
	}
	t.noteWrite(key)
	buf := t.itemBytes(key, len(key)+len(value))
	n := copy(buf, key)
	copy(buf[n:], value)
	t.writes.set(wbItem{key: buf[:n:n], value: buf[n:]})
	return nil
}

// Sizes of the chunks a bulk load's items are carved from (slab): they
// start small, since most transactions write a few keys, and double up
// to the largest; and the largest item carved.
const (
	minSlabSize = 512
	maxSlabSize = 64 << 10
	maxSlabItem = 1 << 10
)

// itemBytes returns n bytes for the item of a Put of key. A write that
// appends to the buffer's sorted tail (a bulk load) is carved out of a
// shared chunk of up to 64 KiB: a million records are then some
// thousand allocations instead of a million, for the allocator and for
// every GC cycle that marks the buffer. A tail item is never replaced while in the tail, so
// little of a chunk dies before the transaction ends; other writes,
// which may be overwritten over and over, get their own allocation.
func (t *txn) itemBytes(key []byte, n int) []byte {
	if n > maxSlabItem || !t.writes.appends(key) {
		return make([]byte, n)
	}
	if cap(t.slab)-len(t.slab) < n {
		t.slab = make([]byte, 0, max(min(2*cap(t.slab), maxSlabSize), minSlabSize, n))
	}
	l := len(t.slab)
	t.slab = t.slab[:l+n]
	return t.slab[l : l+n : l+n]
}

// Delete implements Txn.
func (t *txn) Delete(key []byte) error {
	if err := t.checkWritable(); err != nil {
		return err
	}
	t.noteWrite(key)
	t.writes.set(wbItem{key: bytes.Clone(key), del: true})
	return nil
}

// noteWrite sets wroteWatched when key is watched.
func (t *txn) noteWrite(key []byte) {
	if !t.wroteWatched && t.s.watched != nil && t.s.watched(key) {
		t.wroteWatched = true
	}
}

// DeleteRange implements Txn.
func (t *txn) DeleteRange(start, end []byte) error {
	if err := t.checkWritable(); err != nil {
		return err
	}
	if end == nil {
		return internalError(errors.New("unbounded range"), "delete range")
	}
	if bytes.Compare(start, end) >= 0 {
		return nil
	}
	if t.s.watched != nil {
		// Which keys of the range are watched is not known here.
		t.wroteWatched = true
	}
	r := keyRange{start: bytes.Clone(start), end: bytes.Clone(end)}
	t.writes.deleteRange(r.start, r.end)
	// Clipped, so that the append copies and open iterators keep theirs.
	t.delRanges = mergeRanges(append(slices.Clip(t.delRanges), r))
	return nil
}

// Commit implements Txn. Whatever the outcome, the transaction is finished
// afterwards.
func (t *txn) Commit(ctx context.Context) error {
	if err := t.enter(); err != nil {
		return err
	}
	defer t.exit()
	if t.parent != nil {
		t.endView()
		return nil
	}
	// Open iterators, and views, are part of the read set up to where
	// they got.
	t.endViews()
	t.closeIters(true)
	if err := ctx.Err(); err != nil {
		t.finish()
		return fmt.Errorf("kv: commit: %w", err)
	}
	if t.readOnly || ((t.writes == nil || t.writes.Len() == 0) && len(t.delRanges) == 0) {
		// Nothing to validate: the snapshot is a prefix of the serial order.
		// A read-write transaction may have seen commits whose fsync is
		// still running; return only once they are durable, so that any
		// transaction starting after this one sees all it saw.
		var err error
		if !t.readOnly && t.hasReads() {
			if err = t.s.waitSynced(ctx, t.snapBound); err != nil {
				err = fmt.Errorf("kv: commit: %w", err)
			}
		}
		t.finish()
		return err
	}
	pb, keys, deleted, ranges, err := t.commitBatch()
	if err != nil {
		t.finish()
		return err
	}
	// The read set is sorted before the store's lock is taken, when
	// other transactions committed since this one began; when none did,
	// commit builds it only if one commits meanwhile.
	var rs *readSet
	if !t.rc && t.hasReads() && t.s.lastSeq.Load() > t.start {
		rs = t.readSet()
	}
	err = t.s.commit(pb, keys, deleted, ranges, rs, t, t.start)
	t.finish()
	return err
}

// Rollback implements Txn.
func (t *txn) Rollback() {
	if t.enter() != nil {
		return
	}
	defer t.exit()
	if t.parent != nil {
		t.endView()
		return
	}
	t.endViews()
	t.closeIters(false)
	t.finish()
}

func (t *txn) hasReads() bool { return t.reads.n > 0 || len(t.readRanges) > 0 }

// commitBatch builds the commit's Pebble batch straight from the range
// deletions and then the write buffer (in key order), with no Batch of
// ops in between (a bulk load's million records would be a million ops
// to allocate and for the GC to scan), and returns the sorted list of
// written point keys, sharing the buffer's immutable slices, and the
// range deletions as the store records them (writtenRanges). The range
// deletions come first: every buffered write is newer than they are.
func (t *txn) commitBatch() (_ *pebble.Batch, keys, deleted [][]byte, _ []keyRange, _ error) {
	n := t.writes.Len()
	keys = make([][]byte, 0, n)
	size := 0
	for _, r := range t.delRanges {
		size += len(r.start) + len(r.end)
	}
	t.writes.ascend(func(it wbItem) {
		keys = append(keys, it.key)
		if it.del {
			deleted = append(deleted, it.key)
		}
		size += len(it.key) + len(it.value)
	})
	pb := t.s.db.NewBatchWithSize(size + 16*(n+len(t.delRanges)))
	var ranges []keyRange
	for _, r := range t.delRanges {
		if err := pb.DeleteRange(r.start, r.end, nil); err != nil {
			_ = pb.Close()
			return nil, nil, nil, nil, internalError(err, "build batch")
		}
		ranges = append(ranges, keyRange{start: bytes.Clone(r.start), end: bytes.Clone(r.end)})
	}
	var err error
	t.writes.ascend(func(it wbItem) {
		if err != nil {
			return
		}
		if it.del {
			err = pb.Delete(it.key, nil)
		} else {
			err = pb.Set(it.key, it.value, nil)
		}
	})
	if err != nil {
		_ = pb.Close()
		return nil, nil, nil, nil, internalError(err, "build batch")
	}
	return pb, keys, deleted, mergeRanges(ranges), nil
}

func (t *txn) readSet() *readSet {
	rs := &readSet{ranges: mergeRanges(t.readRanges)}
	if t.reads.n > 0 {
		rs.points = sortUnique(t.reads.appendTo(make([][]byte, 0, t.reads.n)))
	}
	return rs
}

// closeIters closes every open iterator; record adds the part each one
// walked to the read set.
func (t *txn) closeIters(record bool) {
	for _, it := range t.iters {
		_ = it.release(record)
		if !it.exhausted && it.err == nil {
			it.err = txnDoneError()
		}
	}
	clear(t.iters)
	t.iters = t.iters[:0]
}

// finish ends the transaction. Pebble resources are released before the
// transaction leaves the open list, so a concurrent Store.Close either
// waits for us (we are busy and listed) or no longer needs to.
func (t *txn) finish() {
	t.releasePebble()
	if t.inActive {
		t.s.endActive(t.start)
		t.inActive = false
	}
	if ss := t.s.unregister(t); ss != nil {
		t.s.closeShared(ss)
	}
	t.done = true
	t.writes, t.delRanges, t.slab = nil, nil, nil
	t.reads, t.readRanges, t.rcReads, t.rcExists = pointReads{}, nil, nil, nil
}

// releasePebble closes the transaction's Pebble iterators and own
// snapshot; a shared snapshot is released by unregister. Store.Close calls
// it on idle transactions from another goroutine.
func (t *txn) releasePebble() {
	for _, it := range t.iters {
		_ = it.closePebble()
	}
	t.iters = nil
	if t.getIter != nil {
		t.shared.iters.put(t.getIter, nil, t.getIterVersion)
		t.getIter = nil
	}
	t.gap.close()
	switch {
	case t.parent != nil || t.imported:
		if t.vsnap != nil {
			t.vsnap.leave()
		}
	case t.snap != nil && t.shared == nil:
		// Its own snapshot, unless an export still reads it (then the
		// export's last reader closes it).
		if t.vsnap == nil || !t.vsnap.abandon() {
			_ = t.snap.Close()
		}
	}
	t.snap, t.vsnap = nil, nil
}
