package sqlfe

import (
	"container/list"
	"sync"
)

// Cache remembers the statements of recently split messages, keyed by the
// exact message text. pg_query's parse (a cgo call, then decoding the
// protobuf tree it returns) costs far more than translating the tree, and
// simple-protocol clients (pgbench -M simple, most ORMs' internal queries)
// send the same texts over and over; a hit costs a map lookup.
//
// Parse trees are immutable, so one Cache may serve every session of a
// server; it is safe for concurrent use. Only successful splits are
// cached. Plans are not: they depend on the catalog, which changes.
type Cache struct {
	mu         sync.Mutex
	maxEntries int
	maxText    int
	lru        list.List // of *cacheEntry, most recent first
	byText     map[string]*list.Element
}

type cacheEntry struct {
	text  string
	stmts []Stmt
}

// DefaultMaxCachedText is the longest message NewCache caches: long texts
// are mostly bulk INSERTs with literal values, which rarely repeat.
const DefaultMaxCachedText = 4096

// NewCache makes a cache of at most maxEntries messages, each at most
// DefaultMaxCachedText bytes long.
func NewCache(maxEntries int) *Cache {
	return &Cache{maxEntries: maxEntries, maxText: DefaultMaxCachedText, byText: make(map[string]*list.Element)}
}

// Split is the package's Split through the cache. The returned slice is
// the caller's own (setting ParamTypes on its elements affects no one
// else).
func (c *Cache) Split(text string) ([]Stmt, error) {
	if c == nil || c.maxEntries <= 0 || len(text) > c.maxText {
		return Split(text)
	}
	c.mu.Lock()
	if el, ok := c.byText[text]; ok {
		c.lru.MoveToFront(el)
		stmts := el.Value.(*cacheEntry).stmts
		c.mu.Unlock()
		return append([]Stmt(nil), stmts...), nil
	}
	c.mu.Unlock()

	stmts, err := Split(text)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.byText[text]; !ok { // another session may have raced us here
		c.byText[text] = c.lru.PushFront(&cacheEntry{text: text, stmts: stmts})
		for c.lru.Len() > c.maxEntries {
			old := c.lru.Back()
			c.lru.Remove(old)
			delete(c.byText, old.Value.(*cacheEntry).text)
		}
	}
	return append([]Stmt(nil), stmts...), nil
}

// Len is the number of cached messages.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}
