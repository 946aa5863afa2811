package slotcache

import (
	"math/bits"
	"sync/atomic"
)

// Table is a direct-mapped table of immutable entries of type E, each
// with a size in bytes, holding at most about a budget of them. A nil
// *Table holds nothing.
type Table[E any] struct {
	slots  []atomic.Pointer[Entry[E]]
	mask   uint64
	budget int64
	bytes  atomic.Int64
	hand   atomic.Uint64
}

// Entry is one stored value. Val must not be modified once stored.
type Entry[E any] struct {
	Val  E
	size int64
	ref  atomic.Bool // used since the clock hand last passed
}

// New returns a table for about maxBytes of entries (at least 1), with a
// slot per bytesPerSlot of budget (at least 64 slots, a power of two).
func New[E any](maxBytes, bytesPerSlot int64) *Table[E] {
	n := uint64(max(maxBytes/bytesPerSlot, 64))
	size := uint64(1) << (64 - bits.LeadingZeros64(n-1))
	return &Table[E]{slots: make([]atomic.Pointer[Entry[E]], size), mask: size - 1, budget: max(maxBytes, 1)}
}

// Budget is the table's byte budget.
func (t *Table[E]) Budget() int64 { return t.budget }

// Load returns the entry in hash h's slot (nil: empty), whatever its
// key: the caller compares.
func (t *Table[E]) Load(h uint64) *Entry[E] {
	if t == nil {
		return nil
	}
	return t.slots[h&t.mask].Load()
}

// Touch marks e used, so the clock hand passes it over once.
func (e *Entry[E]) Touch() {
	if !e.ref.Load() {
		e.ref.Store(true)
	}
}

// Store puts v (of size bytes) into hash h's slot, unless keep reports
// that the entry there already serves (keep nil: never). When the budget
// would be exceeded it evicts entries not used since the clock hand
// last passed (a bounded sweep) if evict is set, and otherwise keeps what
// is there; either way, without room v is not stored.
func (t *Table[E]) Store(h uint64, v E, size int64, keep func(old *E) bool, evict bool) {
	if t == nil {
		return
	}
	slot := &t.slots[h&t.mask]
	old := slot.Load()
	if old != nil && keep != nil && keep(&old.Val) {
		return
	}
	delta := size
	if old != nil {
		delta -= old.size
	}
	for i := 0; delta > 0 && t.bytes.Load()+delta > t.budget; i++ {
		// The hand sweeps a bounded stretch per store; when it frees
		// too little (everything hot), v waits for a later miss.
		if !evict || i == 64 {
			return
		}
		t.evictOne(slot)
	}
	if slot.CompareAndSwap(old, &Entry[E]{Val: v, size: size}) {
		t.bytes.Add(delta)
	}
}

// evictOne advances the clock hand by one slot: an entry used since the
// hand last passed loses its mark, one that was not is dropped. keep (the
// slot being filled) is left alone.
func (t *Table[E]) evictOne(keep *atomic.Pointer[Entry[E]]) {
	slot := &t.slots[t.hand.Add(1)&t.mask]
	if slot == keep {
		return
	}
	e := slot.Load()
	if e == nil {
		return
	}
	if e.ref.Load() {
		e.ref.Store(false)
		return
	}
	if slot.CompareAndSwap(e, nil) {
		t.bytes.Add(-e.size)
	}
}

// Bytes is the size of what the table holds.
func (t *Table[E]) Bytes() int64 {
	if t == nil {
		return 0
	}
	return t.bytes.Load()
}

// Entries counts the occupied slots (a walk of the table).
func (t *Table[E]) Entries() int {
	if t == nil {
		return 0
	}
	n := 0
	for i := range t.slots {
		if t.slots[i].Load() != nil {
			n++
		}
	}
	return n
}
