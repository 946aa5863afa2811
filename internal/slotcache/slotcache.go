package slotcache

import (
	"math/bits"
	"sync/atomic"
)

// Table is a two-way set-associative table of immutable entries of type
// E, each with a size in bytes, holding at most about a budget of them:
// an entry of hash h lives in one of two slots chosen by h. A nil *Table
// holds nothing.
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

// ways are the indexes of hash h's two slots (the same one, rarely).
func (t *Table[E]) ways(h uint64) [2]uint64 { return [2]uint64{h & t.mask, (h >> 32) & t.mask} }

// Load returns the entries in hash h's two slots (nil: empty), whatever
// their keys: the caller compares.
func (t *Table[E]) Load(h uint64) (a, b *Entry[E]) {
	if t == nil {
		return nil, nil
	}
	w := t.ways(h)
	return t.slots[w[0]].Load(), t.slots[w[1]].Load()
}

// Touch marks e used, so the clock hand passes it over once.
func (e *Entry[E]) Touch() {
	if !e.ref.Load() {
		e.ref.Store(true)
	}
}

// Policy says what a Store may do to make room for its entry.
type Policy uint8

const (
	// Displace lets a store replace another key's entry when both of
	// its slots are taken (the one not used since the clock hand last
	// passed, else the first).
	Displace Policy = 1 << iota
	// Evict lets a store drop entries not used since the clock hand
	// last passed (a bounded sweep) when the budget would be exceeded.
	Evict
)

// Store puts v (of size bytes) into one of hash h's slots: the one whose
// entry same reports to have v's key — unless keep reports that entry
// already serves — else an empty one, else (with Displace) another
// key's. Without room in the budget it evicts with Evict, and otherwise
// gives up. It reports whether v was stored.
func (t *Table[E]) Store(h uint64, v E, size int64, same, keep func(old *E) bool, p Policy) bool {
	if t == nil {
		return false
	}
	w := t.ways(h)
	var slot *atomic.Pointer[Entry[E]]
	var old *Entry[E]
	for _, i := range w {
		if e := t.slots[i].Load(); e != nil && same(&e.Val) {
			if keep != nil && keep(&e.Val) {
				return false
			}
			slot, old = &t.slots[i], e
			break
		}
	}
	if slot == nil {
		a, b := t.slots[w[0]].Load(), t.slots[w[1]].Load()
		switch {
		case a == nil:
			slot = &t.slots[w[0]]
		case b == nil:
			slot = &t.slots[w[1]]
		case p&Displace == 0:
			return false
		case a.ref.Load() && !b.ref.Load():
			slot, old = &t.slots[w[1]], b
		default:
			slot, old = &t.slots[w[0]], a
		}
	}
	delta := size
	if old != nil {
		delta -= old.size
	}
	for i := 0; delta > 0 && t.bytes.Load()+delta > t.budget; i++ {
		// The hand sweeps a bounded stretch per store; when it frees
		// too little (everything hot), v waits for a later miss.
		if p&Evict == 0 || i == 64 {
			return false
		}
		t.evictOne(slot)
	}
	if slot.CompareAndSwap(old, &Entry[E]{Val: v, size: size}) {
		t.bytes.Add(delta)
		return true
	}
	return false
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
