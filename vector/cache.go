package vector

import (
	"math/bits"
	"sync/atomic"
)

// Cache holds decoded index vectors in memory, shared by every Index (and
// every transaction) that is given it. Entries are named by (index uid,
// id, gen), and the vector of a node of that name never changes: a new
// insert of the same id draws a new random gen, and every link to a node
// disappears in the transaction that deletes it. So a cached vector is
// always the one the reading transaction would have decoded itself, under
// any snapshot: the cache needs no invalidation and can never be stale.
//
// The cache is a direct-mapped table of atomic pointers to immutable
// entries: a lookup is one atomic load and a compare, with no lock, and
// an insert replaces whatever entry held its slot. A nil *Cache caches
// nothing.
type Cache struct {
	slots      []atomic.Pointer[cacheEntry]
	mask       uint64
	budget     int64
	bytes      atomic.Int64
	hits, miss atomic.Uint64
}

type cacheKey struct{ uid, id, gen uint64 }

type cacheEntry struct {
	key cacheKey
	vec []float32
}

// entryOverhead approximates an entry's cost beyond its floats.
const entryOverhead = 64

// NewCache returns a cache that holds at most about maxBytes of vectors.
func NewCache(maxBytes int64) *Cache {
	// One slot per 256 bytes of budget: enough slots that vectors of 64
	// dimensions and more fill the budget before the table is crowded.
	n := max(maxBytes/256, 64)
	size := uint64(1) << (64 - bits.LeadingZeros64(uint64(n-1)))
	return &Cache{
		slots:  make([]atomic.Pointer[cacheEntry], size),
		mask:   size - 1,
		budget: max(maxBytes, 1),
	}
}

func (k cacheKey) hash() uint64 {
	h := k.id*0x9e3779b97f4a7c15 ^ k.gen ^ k.uid*0xc2b2ae3d27d4eb4f
	return splitmix64(h)
}

func (c *Cache) get(k cacheKey) ([]float32, bool) {
	if c == nil {
		return nil, false
	}
	e := c.slots[k.hash()&c.mask].Load()
	if e != nil && e.key == k {
		c.hits.Add(1)
		return e.vec, true
	}
	c.miss.Add(1)
	return nil, false
}

// put stores v, which the caller must never modify afterwards.
func (c *Cache) put(k cacheKey, v []float32) {
	if c == nil {
		return
	}
	size := int64(4*len(v) + entryOverhead)
	slot := &c.slots[k.hash()&c.mask]
	old := slot.Load()
	delta := size
	if old != nil {
		if old.key == k {
			return
		}
		delta -= int64(4*len(old.vec) + entryOverhead)
	}
	if delta > 0 && c.bytes.Load()+delta > c.budget {
		return // full: keep what is there
	}
	if slot.CompareAndSwap(old, &cacheEntry{k, v}) {
		c.bytes.Add(delta)
	}
}

// CacheStats counts lookups since the cache was made.
type CacheStats struct {
	Hits, Misses uint64
	Bytes        int64
	Entries      int
}

// Stats returns the cache's counters.
func (c *Cache) Stats() CacheStats {
	if c == nil {
		return CacheStats{}
	}
	st := CacheStats{Hits: c.hits.Load(), Misses: c.miss.Load(), Bytes: c.bytes.Load()}
	for i := range c.slots {
		if c.slots[i].Load() != nil {
			st.Entries++
		}
	}
	return st
}
