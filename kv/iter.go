package kv

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/cockroachdb/pebble"
	"github.com/google/btree"
)

// ctxCheckEvery is how many steps (tombstones included) a scan takes
// between context checks.
const ctxCheckEvery = 64

// iterator merges a Pebble snapshot iterator with a frozen clone of the
// transaction's write buffer. On equal keys the buffer wins; buffered
// tombstones hide the snapshot's key.
type iterator struct {
	t          *txn
	ctx        context.Context
	start, end []byte // owned copies; end == nil is unbounded
	reverse    bool
	untracked  bool // opened while the transaction's reads were untracked
	// lo and hi are the range given to Scan (Pebble's bounds); after a
	// Seek, [start, end) is a part of it and end is checked here.
	lo, hi []byte
	seeked bool

	pi     *pebble.Iterator
	pValid bool
	// dels are the transaction's range deletions when the scan (or its
	// last Seek) began: the snapshot's keys in them are skipped.
	dels []keyRange
	// pool, when set, is the shared snapshot's idle iterators pi came
	// from or goes back to (snapIters), and piVersion the version pi was
	// opened in.
	pool      *snapIters
	piVersion uint64

	buf     *btree.BTreeG[wbItem] // nil when the transaction had no writes
	bItem   wbItem
	bValid  bool
	pivot   []byte
	skipEq  bool
	visitFn func(wbItem) bool // it.visit, bound once so seeks do not allocate

	fromP, fromB bool // which side produced the current key
	key, value   []byte
	steps        uint
	started      bool
	exhausted    bool
	closed       bool
	err          error
}

var _ Iterator = (*iterator)(nil)

// Next implements Iterator.
func (it *iterator) Next() bool {
	if it.closed || it.err != nil || it.exhausted {
		return false
	}
	if err := it.t.enterRead(); err != nil {
		it.err = err
		return false
	}
	ok := it.step()
	it.t.exit()
	return ok
}

var _ Skipper = (*iterator)(nil)

// Skip implements Skipper: the steps of n Nexts under one entry check.
func (it *iterator) Skip(n int) int { return it.NextBatch(n, nil) }

var _ Batcher = (*iterator)(nil)

// NextBatch implements Batcher: the steps of n Nexts under one entry
// check, each key handed to fn (when not nil: Skip's).
func (it *iterator) NextBatch(n int, fn func(key, value []byte)) int {
	if it.closed || it.err != nil || it.exhausted || n <= 0 {
		return 0
	}
	if err := it.t.enterRead(); err != nil {
		it.err = err
		return 0
	}
	defer it.t.exit()
	done := 0
	for done < n && it.step() {
		if fn != nil {
			fn(it.key, it.value)
		}
		done++
	}
	return done
}

func (it *iterator) step() bool {
	for {
		if it.steps%ctxCheckEvery == 0 {
			if err := it.ctx.Err(); err != nil {
				it.err = fmt.Errorf("kv: scan: %w", err)
				return false
			}
		}
		it.steps++
		if !it.started {
			it.started = true
			switch {
			case it.seeked && len(it.start) > 0:
				// (An empty start is the scan's own lower bound: First.
				// Pebble's invariants builds cannot seek to an empty key.)
				it.pValid = it.pi.SeekGE(it.start)
			case it.reverse:
				it.pValid = it.pi.Last()
			default:
				it.pValid = it.pi.First()
			}
			if it.buf != nil {
				switch {
				case !it.reverse:
					it.seekBuf(it.start, true)
				case it.end == nil:
					it.seekBufLast()
				default:
					it.seekBuf(it.end, false)
				}
			}
		} else {
			if it.fromP {
				if it.reverse {
					it.pValid = it.pi.Prev()
				} else {
					it.pValid = it.pi.Next()
				}
			}
			if it.fromB {
				it.seekBuf(it.bItem.key, false)
			}
		}
		if len(it.dels) > 0 {
			it.skipDeleted()
		}
		if it.pValid && it.seeked && it.end != nil && bytes.Compare(it.pi.Key(), it.end) >= 0 {
			it.pValid = false
		}
		if !it.pValid {
			if err := it.pi.Error(); err != nil {
				it.err = internalError(err, "scan")
				return false
			}
		}

		it.fromP, it.fromB = false, false
		switch {
		case !it.pValid && !it.bValid:
			it.exhausted = true
			it.key, it.value = nil, nil
			return false
		case !it.bValid:
			it.fromP = true
		case !it.pValid:
			it.fromB = true
		default:
			c := bytes.Compare(it.pi.Key(), it.bItem.key)
			if it.reverse {
				c = -c
			}
			it.fromP = c <= 0
			it.fromB = c >= 0
		}
		if it.fromB {
			if it.bItem.del {
				continue
			}
			it.key, it.value = it.bItem.key, it.bItem.value
			return true
		}
		v, err := it.pi.ValueAndErr()
		if err != nil {
			it.err = internalError(err, "scan")
			return false
		}
		it.key, it.value = it.pi.Key(), v
		return true
	}
}

// skipDeleted moves the Pebble iterator past the transaction's range
// deletions: one seek per deleted range instead of a step per key in it
// (a scan after TRUNCATE in the same transaction).
func (it *iterator) skipDeleted() {
	for it.pValid {
		r, ok := coveringRange(it.dels, it.pi.Key())
		if !ok {
			return
		}
		if it.reverse {
			it.pValid = it.pi.SeekLT(r.start)
		} else {
			it.pValid = it.pi.SeekGE(r.end)
		}
	}
}

// seekBuf positions the buffer cursor on the first item at or after pivot
// in scan direction, or strictly after it when inclusive is false.
func (it *iterator) seekBuf(pivot []byte, inclusive bool) {
	it.bValid = false
	it.pivot, it.skipEq = pivot, !inclusive
	if it.reverse {
		it.buf.DescendLessOrEqual(wbItem{key: pivot}, it.visitFn)
	} else {
		it.buf.AscendGreaterOrEqual(wbItem{key: pivot}, it.visitFn)
	}
}

// seekBufLast positions the buffer cursor on the last item of an unbounded
// reverse scan.
func (it *iterator) seekBufLast() {
	it.bValid = false
	it.pivot, it.skipEq = nil, false
	it.buf.Descend(it.visitFn)
}

func (it *iterator) visit(item wbItem) bool {
	if it.skipEq && bytes.Equal(item.key, it.pivot) {
		return true
	}
	if it.reverse {
		if bytes.Compare(item.key, it.start) < 0 {
			return false
		}
	} else if it.end != nil && bytes.Compare(item.key, it.end) >= 0 {
		return false
	}
	it.bItem, it.bValid = item, true
	return false
}

// recordRead adds the key range the iterator actually covered to the read
// set: all of [start, end) once it ran off the end (or failed somewhere
// unknown), otherwise up to and including the last key it returned. An
// iterator never advanced read nothing.
func (it *iterator) recordRead() {
	t := it.t
	if t.readOnly || !it.started || it.untracked {
		return
	}
	r := keyRange{start: it.start, end: it.end}
	if !it.exhausted && it.err == nil {
		if it.reverse {
			r.start = bytes.Clone(it.key)
		} else {
			// The smallest key after it.key.
			r.end = append(append(make([]byte, 0, len(it.key)+1), it.key...), 0)
		}
	}
	t.readRanges = append(t.readRanges, r)
}

// Key implements Iterator.
func (it *iterator) Key() []byte { return it.key }

// Value implements Iterator.
func (it *iterator) Value() []byte { return it.value }

// Err implements Iterator.
func (it *iterator) Err() error { return it.err }

// Close implements Iterator.
func (it *iterator) Close() error {
	if it.closed {
		return nil
	}
	t := it.t
	t.busy.Store(true)
	defer t.busy.Store(false)
	if t.s.closed.Load() {
		// Store.Close already released the Pebble iterator.
		it.closed = true
		return nil
	}
	err := it.release(true)
	if i := slices.Index(t.iters, it); i >= 0 {
		t.iters = slices.Delete(t.iters, i, i+1)
	}
	return err
}

// release closes the Pebble iterator and, when record is set, adds the key
// range the iterator actually covered to the read set (recordRead).
func (it *iterator) release(record bool) error {
	if it.closed {
		return nil
	}
	it.closed = true
	if record {
		it.recordRead()
	}
	err := it.closePebble()
	it.buf = nil
	return err
}

// closePebble gives the Pebble iterator back to its snapshot's pool, or
// closes it.
func (it *iterator) closePebble() error {
	pi := it.pi
	if pi == nil {
		return nil
	}
	it.pi = nil
	if it.pool != nil && pi.Error() == nil {
		it.pool.put(pi, it.lo, it.piVersion)
		return nil
	}
	if err := pi.Close(); err != nil {
		return internalError(err, "close iterator")
	}
	return nil
}
