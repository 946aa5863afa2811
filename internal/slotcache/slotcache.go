package slotcache

import (
	"math/bits"
	"sync"
	"sync/atomic"
	"unsafe"
)

// bucketWays is the number of slots of a bucket: 4 slots of 16 bytes
// are one cache line, so looking at a bucket's tags costs one memory load.
const bucketWays = 4

// Table is a set-associative table of immutable entries of type E, each
// with a size in bytes, holding at most about a budget of them: an entry
// of hash h lives in one of the slots of h's two buckets. A nil *Table
// holds nothing.
type Table[E any] struct {
	slots  []slot[E] // buckets of bucketWays consecutive slots
	mask   uint64    // buckets - 1
	budget int64
	bytes  atomic.Int64
	hand   atomic.Uint64
	// mu serializes stores (and the evictions they make), so a slot's
	// tag is always the hash of the entry it was stored with. Lookups
	// take no lock.
	mu sync.Mutex
}

// slot is one place of an entry. tag is the hash the entry was stored
// under, so a lookup skips other keys' entries without loading them (on
// a big table each is a cache miss); it is a hint written before the
// entry, and a lookup still confirms the key with the entry it finds.
type slot[E any] struct {
	tag atomic.Uint64
	p   atomic.Pointer[Entry[E]]
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
	return &Table[E]{slots: make([]slot[E], size), mask: size/bucketWays - 1, budget: max(maxBytes, 1)}
}

// Budget is the table's byte budget.
func (t *Table[E]) Budget() int64 { return t.budget }

// buckets are the indexes of the first slots of hash h's two buckets
// (never the same: a table has at least 16 buckets).
func (t *Table[E]) buckets(h uint64) [2]uint64 {
	a, b := h&t.mask, (h>>32)&t.mask
	if a == b {
		b ^= 1
	}
	return [2]uint64{a * bucketWays, b * bucketWays}
}

// Find returns the entry of hash h that same reports to have the
// caller's key, or nil.
func (t *Table[E]) Find(h uint64, same func(e *E) bool) *Entry[E] {
	if t == nil {
		return nil
	}
	for _, b := range t.buckets(h) {
		for i := range uint64(bucketWays) {
			s := &t.slots[b+i]
			if s.tag.Load() != h {
				continue
			}
			if e := s.p.Load(); e != nil && same(&e.Val) {
				return e
			}
		}
	}
	return nil
}

// Prefetch loads what finding the entries of hashes hs will read into the
// CPU's caches — each one's first bucket of tags, then the entry whose
// tag matches and what touch reads of it (memory the entry points to) —
// and returns a meaningless sum of what it read (so that the loads stay).
// The loads of one stage do not wait for each other, so a batch's cache
// misses overlap: finding each entry right after costs about one miss
// for the batch instead of two or three for each. It confirms no key,
// and misses the rare entry in a second bucket.
//
//go:noinline
func (t *Table[E]) Prefetch(hs []uint64, touch func(*E) uint64) uint64 {
	if t == nil {
		return 0
	}
	var sum uint64
	for _, h := range hs {
		sum += t.slots[t.buckets(h)[0]].tag.Load()
	}
	for _, h := range hs {
		b := t.buckets(h)[0]
		for i := range uint64(bucketWays) {
			s := &t.slots[b+i]
			if s.tag.Load() != h {
				continue
			}
			if e := s.p.Load(); e != nil {
				// The entry's first word and (in another cache line,
				// for an entry of more than one) its size.
				sum += *(*uint64)(unsafe.Pointer(e)) + uint64(e.size) + touch(&e.Val)
			}
			break
		}
	}
	return sum
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
	// Displace lets a store replace another key's entry when all the
	// slots of its two buckets are taken (the first one not used since
	// the clock hand last passed, else the first).
	Displace Policy = 1 << iota
	// Evict lets a store drop entries not used since the clock hand
	// last passed (a bounded sweep) when the budget would be exceeded.
	Evict
)

// Store puts v (of size bytes) into one of hash h's slots: the one whose
// entry same reports to have v's key — unless keep reports that entry
// already serves — else an empty one (the first bucket's first), else
// (with Displace) another key's. Without room in the budget it evicts
// with Evict, and otherwise gives up. It reports whether v was stored.
func (t *Table[E]) Store(h uint64, v E, size int64, same, keep func(old *E) bool, p Policy) bool {
	if t == nil {
		return false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	bs := t.buckets(h)
	var target *slot[E]
	var old *Entry[E]
find:
	for _, b := range bs {
		for i := range bucketWays {
			s := &t.slots[b+uint64(i)]
			if s.tag.Load() != h {
				continue
			}
			if e := s.p.Load(); e != nil && same(&e.Val) {
				if keep != nil && keep(&e.Val) {
					return false
				}
				target, old = s, e
				break find
			}
		}
	}
	if target == nil {
		var unused, first *slot[E]
		var unusedE, firstE *Entry[E]
	pick:
		for _, b := range bs {
			for i := range bucketWays {
				s := &t.slots[b+uint64(i)]
				e := s.p.Load()
				switch {
				case e == nil:
					target = s
					break pick
				case first == nil:
					first, firstE = s, e
				}
				if unused == nil && !e.ref.Load() {
					unused, unusedE = s, e
				}
			}
		}
		if target == nil {
			target = t.relocate(bs)
		}
		switch {
		case target != nil:
		case p&Displace == 0:
			return false
		case unused != nil:
			target, old = unused, unusedE
		default:
			target, old = first, firstE
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
		t.evictOne(target)
	}
	// Under mu, the only writer: the tag first, so that a lookup that
	// sees the new entry also sees its tag (one that sees the new tag
	// with the old entry compares the old entry's key and moves on).
	target.tag.Store(h)
	target.p.Store(&Entry[E]{Val: v, size: size})
	t.bytes.Add(delta)
	return true
}

// relocate frees a slot of the buckets bs, all taken, by moving one of
// their entries to an empty slot of its other bucket, and returns the
// freed slot (nil: none could move). A lookup of the moved entry finds
// it in one place or the other meanwhile: it is written to its new slot
// before its old one is emptied. Inserting into the first bucket that
// has room keeps most entries in their first bucket, where a lookup
// looks first; moving one on overflow keeps a table at the load a cache
// runs at (a third of its slots) from ever turning a key away. The
// caller holds mu.
func (t *Table[E]) relocate(bs [2]uint64) *slot[E] {
	for _, b := range bs {
		for i := range uint64(bucketWays) {
			s := &t.slots[b+i]
			e, tag := s.p.Load(), s.tag.Load()
			alt := t.buckets(tag)
			to := alt[0]
			if to == b {
				to = alt[1]
			}
			for j := range uint64(bucketWays) {
				if d := &t.slots[to+j]; d.p.Load() == nil {
					d.tag.Store(tag)
					d.p.Store(e)
					s.p.Store(nil)
					return s
				}
			}
		}
	}
	return nil
}

// evictOne advances the clock hand by one slot: an entry used since the
// hand last passed loses its mark, one that was not is dropped. keep (the
// slot being filled) is left alone. The caller holds mu.
func (t *Table[E]) evictOne(keep *slot[E]) {
	s := &t.slots[t.hand.Add(1)&(uint64(len(t.slots))-1)]
	if s == keep {
		return
	}
	e := s.p.Load()
	if e == nil {
		return
	}
	if e.ref.Load() {
		e.ref.Store(false)
		return
	}
	s.p.Store(nil)
	t.bytes.Add(-e.size)
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
		if t.slots[i].p.Load() != nil {
			n++
		}
	}
	return n
}
