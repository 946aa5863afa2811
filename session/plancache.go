package session

import (
	"container/list"
	"sync"
	"sync/atomic"
)

// DefaultPlanCacheSize is the number of statement shapes a DB's plan
// cache keeps when Options.PlanCacheSize is 0.
const DefaultPlanCacheSize = 1024

// maxCachedSplits bounds the parse trees kept for messages the plan
// cache does not take (BEGIN, COMMIT, SET, several statements, ...).
const maxCachedSplits = 256

// maxCachedText is the longest query message the plan cache looks at:
// longer ones are mostly bulk INSERTs whose shapes rarely repeat.
const maxCachedText = 8192

// planKey identifies a cached plan: the database the statement's names
// were resolved in and the normalized statement (sqlfe.Normalized.Key:
// its text with the literals replaced by parameters, and the literals'
// kinds, which decide the parameters' types).
type planKey struct {
	ns, db uint64
	text   string
}

// planCache holds the prepared statements of normalized simple-protocol
// statements, shared by every session of a DB: statements that differ
// only in their literals are translated and optimized once. It is a
// bounded LRU, safe for concurrent use. An entry without a statement is
// negative: the shape's literals cannot be parameters (or its normalized
// text does not parse), so it runs the ordinary way without another try.
//
// Entries are never stale in a way that matters: a prepared statement
// records the table descriptors it was translated against, and every
// execution looks them up again in its own transaction (prepared.current).
type planCache struct {
	mu  sync.Mutex
	max int
	lru list.List // of *planEntry, most recently used first
	m   map[planKey]*list.Element

	hits, misses, negative, runs atomic.Int64
}

type planEntry struct {
	key planKey
	p   *prepared // nil: negative
}

func newPlanCache(max int) *planCache {
	return &planCache{max: max, m: make(map[planKey]*list.Element)}
}

// get returns the entry for k: found=false when there is none, p=nil
// for a negative one.
func (c *planCache) get(k planKey) (p *prepared, found bool) {
	c.mu.Lock()
	el, ok := c.m[k]
	if ok {
		if c.lru.Front() != el {
			c.lru.MoveToFront(el)
		}
		p = el.Value.(*planEntry).p
	}
	c.mu.Unlock()
	switch {
	case !ok:
		c.misses.Add(1)
	case p == nil:
		c.negative.Add(1)
	default:
		c.hits.Add(1)
	}
	return p, ok
}

// put sets the entry for k (p=nil: negative), evicting the least
// recently used entries beyond the bound.
func (c *planCache) put(k planKey, p *prepared) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.m[k]; ok {
		el.Value.(*planEntry).p = p
		c.lru.MoveToFront(el)
		return
	}
	c.m[k] = c.lru.PushFront(&planEntry{key: k, p: p})
	for c.lru.Len() > c.max {
		old := c.lru.Back()
		c.lru.Remove(old)
		delete(c.m, old.Value.(*planEntry).key)
	}
}

// len is the number of entries.
func (c *planCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}

// PlanCacheStats counts the plan cache's lookups.
type PlanCacheStats struct {
	Entries int
	// Hits found a plan, Negative found that the statement's shape
	// cannot be cached, Misses found nothing.
	Hits, Misses, Negative int64
	// Runs counts the statements run with a cached plan.
	Runs int64
}

// PlanCacheStats reports the plan cache's size and lookups (zero when
// the cache is off).
func (db *DB) PlanCacheStats() PlanCacheStats {
	c := db.plans
	if c == nil {
		return PlanCacheStats{}
	}
	return PlanCacheStats{Entries: c.len(), Hits: c.hits.Load(), Misses: c.misses.Load(), Negative: c.negative.Load(), Runs: c.runs.Load()}
}
