package kv

import (
	"bytes"
	"sort"

	"github.com/google/btree"
)

// writeBuffer is a transaction's buffered writes: a B-tree, plus a tail of
// items in ascending key order that all sort after the tree's keys. A
// bulk load (COPY with generated or ascending keys) writes in key order,
// and appending to the tail costs neither the B-tree's descent nor its
// node allocations; a write into the tail's key range, or a Scan of a
// range the tail overlaps, moves the tail into the tree.
type writeBuffer struct {
	tree *btree.BTreeG[wbItem]
	tail []wbItem
}

func newWriteBuffer() *writeBuffer {
	return &writeBuffer{tree: btree.NewG(writeBufferDegree, wbLess)}
}

func (w *writeBuffer) len() int { return w.tree.Len() + len(w.tail) }

// set inserts or replaces it.
func (w *writeBuffer) set(it wbItem) {
	if n := len(w.tail); n > 0 {
		if bytes.Compare(it.key, w.tail[n-1].key) > 0 {
			w.tail = append(w.tail, it)
			return
		}
		// Below the tail the tree takes it without breaking the order
		// (ADD PRIMARY KEY's puts below the deletes it appends); only a
		// write into the tail's range moves the tail.
		if bytes.Compare(it.key, w.tail[0].key) >= 0 {
			w.flushTail()
		}
	} else if m, ok := w.tree.Max(); !ok || bytes.Compare(it.key, m.key) > 0 {
		w.tail = append(w.tail, it)
		return
	}
	w.tree.ReplaceOrInsert(it)
}

func (w *writeBuffer) get(key []byte) (wbItem, bool) {
	if n := len(w.tail); n > 0 && bytes.Compare(key, w.tail[0].key) >= 0 {
		i := sort.Search(n, func(i int) bool { return bytes.Compare(w.tail[i].key, key) >= 0 })
		if i < n && bytes.Equal(w.tail[i].key, key) {
			return w.tail[i], true
		}
		return wbItem{}, false
	}
	return w.tree.Get(wbItem{key: key})
}

// flushTail moves the tail into the tree.
func (w *writeBuffer) flushTail() {
	for _, it := range w.tail {
		w.tree.ReplaceOrInsert(it)
	}
	clear(w.tail)
	w.tail = w.tail[:0]
}

// frozen is a copy of the buffer's items in [start, end) (end nil:
// unbounded) that later writes do not change: a lazy copy-on-write clone
// of the tree, after moving the tail into it when the tail overlaps the
// range. A scan behind the writes (ADD PRIMARY KEY reading ahead of the
// deletes it appends) leaves the tail where it is.
func (w *writeBuffer) frozen(start, end []byte) *btree.BTreeG[wbItem] {
	if n := len(w.tail); n > 0 && bytes.Compare(w.tail[n-1].key, start) >= 0 &&
		(end == nil || bytes.Compare(w.tail[0].key, end) < 0) {
		w.flushTail()
	}
	return w.tree.Clone()
}

// ascend calls fn on every item in key order.
func (w *writeBuffer) ascend(fn func(wbItem)) {
	w.tree.Ascend(func(it wbItem) bool {
		fn(it)
		return true
	})
	for _, it := range w.tail {
		fn(it)
	}
}
