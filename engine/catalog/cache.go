package catalog

import "sync"

// descCache maps the stored bytes of a descriptor to its decoded form.
//
// Why keyed by the bytes: every lookup still reads the descriptor through
// the caller's transaction (one kv Get of a small value, which the
// executor would need anyway to learn that the table exists), and only
// the JSON decoding is skipped. So
//
//   - the read lands in the transaction's read set, and serializable
//     validation orders DDL against DML exactly as without a cache: a DML
//     transaction that resolved a table conflicts with a concurrent DROP or
//     re-CREATE of that table, but not with DDL on other tables (a
//     per-database version key would make every DDL abort every concurrent
//     transaction of the database);
//   - an entry can never be stale: the key is the content, so a dropped and
//     re-created table (new id, new fields) has different bytes and misses,
//     and transactions on older snapshots keep hitting the entries of what
//     they see. There is nothing to invalidate, on this node or, later, on
//     others.
//
// The cost over a version-key check is hashing the descriptor bytes (a few
// hundred bytes) instead of a uint64; decoding JSON is two orders of
// magnitude dearer.
//
// Entries are shared by every session, so decoded descriptors are
// immutable: callers must never modify what the Catalog returns.
//
// Eviction is generational: when the current map holds max entries it
// becomes the previous generation and a fresh map starts; a hit in the
// previous generation is promoted. That bounds memory at 2×max entries,
// keeps hot descriptors, sheds those of dropped objects, and lets hits in
// the current generation take only a read lock.
type descCache[T any] struct {
	mu   sync.RWMutex
	max  int
	cur  map[string]T
	prev map[string]T
}

func newDescCache[T any](max int) *descCache[T] {
	return &descCache[T]{max: max, cur: make(map[string]T)}
}

// get returns the decoded form of b, decoding and remembering it on a
// miss. Two sessions missing on the same bytes at once both decode; the
// results are equal and either may stay cached.
func (c *descCache[T]) get(b []byte, decode func([]byte) (T, error)) (T, error) {
	c.mu.RLock()
	v, ok := c.cur[string(b)]
	if !ok {
		v, ok = c.prev[string(b)]
		if ok {
			c.mu.RUnlock()
			c.put(b, v)
			return v, nil
		}
	}
	c.mu.RUnlock()
	if ok {
		return v, nil
	}
	v, err := decode(b)
	if err != nil {
		return v, err
	}
	c.put(b, v)
	return v, nil
}

func (c *descCache[T]) put(b []byte, v T) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.cur) >= c.max {
		c.prev, c.cur = c.cur, make(map[string]T, c.max)
	}
	c.cur[string(b)] = v
}

// len is the number of entries in both generations (for tests).
func (c *descCache[T]) len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.cur) + len(c.prev)
}
