package kv

import (
	"bytes"
	"sort"

	"github.com/google/btree"
)

// writeBuffer is a transaction's buffered writes: a B-tree, plus a tail of
// items in ascending key order covering a key range that holds no tree
// key. A bulk load (COPY with generated or ascending keys) writes in key
// order, and appending to the tail costs neither the B-tree's descent nor
// its node allocations. The tail may sit below tree keys (a COPY after a
// TRUNCATE in the same transaction, whose catalog writes sort after the
// data), and writes below a growing tail go to the tree (ADD PRIMARY
// KEY's new keys below the deletes it appends); a write into the tail's
// range, past the next tree key or below a tail that stopped growing
// (see bypassSlack), or a Scan of a range the tail overlaps, moves the
// tail into the tree.
type writeBuffer struct {
	tree *btree.BTreeG[wbItem]
	tail itemRun
	// bound is the smallest tree key after the tail (nil: none); the tail
	// may grow up to it. Tree inserts below the tail do not change it.
	bound []byte
	// bypass counts the writes that went below the tail since it last
	// grew.
	bypass int
}

// bypassSlack bounds how many writes in a row may go below a tail
// (beyond its length) before it gives way: a tail still growing between
// them (ADD PRIMARY KEY's deletes, with its new keys below) stays, while
// a few catalog writes at the start of a transaction do not keep the bulk
// of data that sorts before them out of the tail.
const bypassSlack = 16

// newWriteBuffer makes a buffer whose tree takes its nodes from free (a
// store shares one among its transactions: making a free list per
// transaction cost two allocations of every write; nil: a list of its
// own).
func newWriteBuffer(free *btree.FreeListG[wbItem]) *writeBuffer {
	if free == nil {
		return &writeBuffer{tree: btree.NewG(writeBufferDegree, wbLess)}
	}
	return &writeBuffer{tree: btree.NewWithFreeListG(writeBufferDegree, wbLess, free)}
}

func (w *writeBuffer) Len() int { return w.tree.Len() + w.tail.len() }

// appends reports whether set of key appends to the tail.
func (w *writeBuffer) appends(key []byte) bool {
	return w.tail.len() > 0 && bytes.Compare(key, w.tail.last().key) > 0 && (w.bound == nil || bytes.Compare(key, w.bound) < 0)
}

// set inserts or replaces it.
func (w *writeBuffer) set(it wbItem) {
	if n := w.tail.len(); n > 0 {
		if w.appends(it.key) {
			w.tail.append(it)
			w.bypass = 0
			return
		}
		if w.bypass <= n+bypassSlack && bytes.Compare(it.key, w.tail.first().key) < 0 {
			w.bypass++
			w.tree.ReplaceOrInsert(it)
			return
		}
		w.flushTail()
	}
	// Start a new tail at it unless the tree holds its key.
	var next wbItem
	found, exists := false, false
	w.tree.AscendGreaterOrEqual(it, func(x wbItem) bool {
		exists = bytes.Equal(x.key, it.key)
		next, found = x, !exists
		return false
	})
	if exists {
		w.tree.ReplaceOrInsert(it)
		return
	}
	w.bound = nil
	if found {
		w.bound = next.key
	}
	w.tail.append(it)
}

// deleteRange drops every item in [start, end): a range deletion
// supersedes them.
func (w *writeBuffer) deleteRange(start, end []byte) {
	if n := w.tail.len(); n > 0 && bytes.Compare(w.tail.last().key, start) >= 0 && bytes.Compare(w.tail.first().key, end) < 0 {
		if bytes.Compare(w.tail.first().key, start) >= 0 && bytes.Compare(w.tail.last().key, end) < 0 {
			// All of the tail (a TRUNCATE after a COPY): no tree walk.
			w.tail.reset()
			w.bound, w.bypass = nil, 0
		} else {
			w.flushTail()
		}
	}
	var doomed []wbItem
	w.tree.AscendRange(wbItem{key: start}, wbItem{key: end}, func(it wbItem) bool {
		doomed = append(doomed, it)
		return true
	})
	for _, it := range doomed {
		w.tree.Delete(it)
	}
}

// inTail reports whether key falls in the tail's range.
func (w *writeBuffer) inTail(key []byte) bool {
	return w.tail.len() > 0 && bytes.Compare(key, w.tail.first().key) >= 0 && bytes.Compare(key, w.tail.last().key) <= 0
}

func (w *writeBuffer) get(key []byte) (wbItem, bool) {
	if w.inTail(key) {
		return w.tailGet(key)
	}
	return w.tree.Get(wbItem{key: key})
}

// tailGet is get of a key in the tail's range.
func (w *writeBuffer) tailGet(key []byte) (wbItem, bool) {
	i := sort.Search(w.tail.len(), func(i int) bool { return bytes.Compare(w.tail.at(i).key, key) >= 0 })
	if it := w.tail.at(i); bytes.Equal(it.key, key) {
		return it, true
	}
	return wbItem{}, false
}

// wbCursor is get for ascending keys (Exists): it keeps the first tree
// item at or after the last key it looked up in the tree, so that a key
// before that item is known absent without a descent. The buffer must not
// change while it is used.
type wbCursor struct {
	w      *writeBuffer
	next   wbItem // the first tree item at or after the last key looked up
	primed bool   // next (or none) was looked up
	none   bool   // no tree item is at or after the last key looked up
}

func (c *wbCursor) get(key []byte) (wbItem, bool) {
	w := c.w
	if w.inTail(key) {
		return w.tailGet(key)
	}
	if c.primed {
		if c.none {
			return wbItem{}, false
		}
		switch cmp := bytes.Compare(key, c.next.key); {
		case cmp < 0:
			return wbItem{}, false
		case cmp == 0:
			return c.next, true
		}
	}
	c.primed, c.none = true, true
	w.tree.AscendGreaterOrEqual(wbItem{key: key}, func(x wbItem) bool {
		c.next, c.none = x, false
		return false
	})
	if !c.none && bytes.Equal(c.next.key, key) {
		return c.next, true
	}
	return wbItem{}, false
}

// flushTail moves the tail into the tree.
func (w *writeBuffer) flushTail() {
	w.tail.each(func(it wbItem) { w.tree.ReplaceOrInsert(it) })
	w.tail.reset()
	w.bound, w.bypass = nil, 0
}

// frozen is a copy of the buffer's items in [start, end) (end nil:
// unbounded) that later writes do not change: a lazy copy-on-write clone
// of the tree, after moving the tail into it when the tail overlaps the
// range. A scan behind the writes (ADD PRIMARY KEY reading ahead of the
// deletes it appends) leaves the tail where it is.
//
// It is nil when the buffer holds nothing in the range: the iterator
// then sees what a clone would show it, and the clone is not free. The
// next write after a clone copies the nodes on its path (the tree is
// shared), so a statement that scans an empty range per written row (a
// DELETE looking for a removed record's edges) paid a path copy per
// row: BenchmarkDeleteProbeEmptyRange went from 4,065 to 900-odd bytes
// per row.
func (w *writeBuffer) frozen(start, end []byte) *btree.BTreeG[wbItem] {
	if !w.any(start, end) {
		return nil
	}
	if n := w.tail.len(); n > 0 && bytes.Compare(w.tail.last().key, start) >= 0 &&
		(end == nil || bytes.Compare(w.tail.first().key, end) < 0) {
		w.flushTail()
	}
	return w.tree.Clone()
}

// ascend calls fn on every item in key order.
func (w *writeBuffer) ascend(fn func(wbItem)) {
	visit := func(it wbItem) bool {
		fn(it)
		return true
	}
	if w.tail.len() == 0 {
		w.tree.Ascend(visit)
		return
	}
	first := w.tail.first()
	w.tree.AscendLessThan(first, visit)
	w.tail.each(fn)
	w.tree.AscendGreaterOrEqual(first, visit)
}

// any reports whether the buffer holds an item in [start, end) (end nil:
// unbounded).
func (w *writeBuffer) any(start, end []byte) bool {
	before := func(k []byte) bool { return end == nil || bytes.Compare(k, end) < 0 }
	if n := w.tail.len(); n > 0 {
		i := sort.Search(n, func(i int) bool { return bytes.Compare(w.tail.at(i).key, start) >= 0 })
		if i < n && before(w.tail.at(i).key) {
			return true
		}
	}
	found := false
	w.tree.AscendGreaterOrEqual(wbItem{key: start}, func(x wbItem) bool {
		found = before(x.key)
		return false
	})
	return found
}
