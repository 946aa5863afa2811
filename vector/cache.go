package vector

import (
	"sync/atomic"

	"github.com/zerodb/zerodb/internal/slotcache"
)

// Cache holds decoded index vectors in memory, shared by every Index (and
// every transaction) that is given it. Entries are named by (index uid,
// id, gen), and the vector of a node of that name never changes: a new
// insert of the same id draws a new random gen, and every link to a node
// disappears in the transaction that deletes it. So a cached vector is
// always the one the reading transaction would have decoded itself, under
// any snapshot: the cache needs no invalidation and can never be stale.
//
// The cache is a slotcache.Table: a lookup is a few atomic loads and a
// compare, with no lock; an insert replaces whatever entry held its slot,
// and a full cache keeps what it holds. A nil *Cache caches nothing.
type Cache struct {
	tab        *slotcache.Table[cacheEntry]
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
	return &Cache{tab: slotcache.New[cacheEntry](maxBytes, 256)}
}

func (k cacheKey) hash() uint64 {
	h := k.id*0x9e3779b97f4a7c15 ^ k.gen ^ k.uid*0xc2b2ae3d27d4eb4f
	return splitmix64(h)
}

func (c *Cache) get(k cacheKey) ([]float32, bool) {
	if c == nil {
		return nil, false
	}
	if e := c.tab.Find(k.hash(), func(e *cacheEntry) bool { return e.key == k }); e != nil {
		c.hits.Add(1)
		return e.Val.vec, true
	}
	c.miss.Add(1)
	return nil, false
}

// put stores v, which the caller must never modify afterwards.
func (c *Cache) put(k cacheKey, v []float32) {
	if c == nil {
		return
	}
	same := func(old *cacheEntry) bool { return old.key == k }
	c.tab.Store(k.hash(), cacheEntry{k, v}, int64(4*len(v)+entryOverhead), same, same, slotcache.Displace)
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
	return CacheStats{Hits: c.hits.Load(), Misses: c.miss.Load(), Bytes: c.tab.Bytes(), Entries: c.tab.Entries()}
}
