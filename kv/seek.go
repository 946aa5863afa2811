package kv

import (
	"bytes"
	"errors"
)

var _ Seeker = (*iterator)(nil)

// Seek implements Seeker. The Pebble iterator keeps its bounds (the range
// given to Scan): changing them would invalidate its position and its
// loaded blocks, which is what a seek saves.
func (it *iterator) Seek(start, end []byte) {
	if it.closed {
		return
	}
	if err := it.t.enterRead(); err != nil {
		it.err = err
		return
	}
	defer it.t.exit()
	if it.reverse {
		it.err = internalError(errors.New("seek on a reverse scan"), "seek")
		return
	}
	if it.err != nil {
		return
	}
	it.recordRead()
	if bytes.Compare(start, it.lo) < 0 {
		start = it.lo
	}
	if end == nil || (it.hi != nil && bytes.Compare(end, it.hi) > 0) {
		end = it.hi
	}
	if it.t.readOnly && it.seeked {
		// Nothing keeps the bounds: reuse the buffers (never lo and hi,
		// which the first seek leaves alone).
		it.start = append(it.start[:0], start...)
		if end == nil {
			it.end = nil
		} else {
			it.end = append(it.end[:0:cap(it.end)], end...)
		}
	} else {
		// The read set keeps them in a read-write transaction.
		it.start, it.end = cloneBounds(start, end)
	}
	it.seeked = true
	it.started, it.exhausted = false, false
	it.fromP, it.fromB = false, false
	// The buffer may be empty now (a range deletion emptied it), and
	// then no seek of it clears the old position.
	it.bValid = false
	it.key, it.value = nil, nil
	if it.end != nil && bytes.Compare(it.start, it.end) >= 0 {
		it.exhausted = true
		return
	}
	it.dels = it.t.delRanges
	if w := it.t.writes; w != nil && w.Len() > 0 {
		it.buf = w.frozen(it.start, it.end)
		it.visitFn = it.visit
	} else {
		it.buf = nil
	}
}
