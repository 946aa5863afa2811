package session

import "sync"

// typeNameCache memoizes the SQL front end's reading of type names
// (exec.Executor.ParseTypeName). A cast of a constant to regtype in a
// filter is evaluated for every row, and each reading is two calls into
// the C parser (its type-name mode, then the name as a cast's target):
// about 10 µs a row, where the lookup that follows costs a tenth of
// that. The reading depends on the text alone, so a bounded map serves
// every session of the database.
type typeNameCache struct {
	parse func(string) ([]string, bool, bool, error)
	mu    sync.Mutex
	read  map[string]typeNameRead
}

// typeNameRead is one reading: names are shared, and callers only read
// them.
type typeNameRead struct {
	names          []string
	typmods, array bool
	err            error
}

// maxTypeNames bounds the cache; when it is full it starts over, which
// costs nothing but the readings' repetition.
const maxTypeNames = 1024

func newTypeNameCache(parse func(string) ([]string, bool, bool, error)) *typeNameCache {
	return &typeNameCache{parse: parse, read: make(map[string]typeNameRead)}
}

func (c *typeNameCache) typeName(text string) (names []string, typmods, array bool, err error) {
	c.mu.Lock()
	r, ok := c.read[text]
	c.mu.Unlock()
	if !ok {
		r.names, r.typmods, r.array, r.err = c.parse(text)
		c.mu.Lock()
		if len(c.read) >= maxTypeNames {
			clear(c.read)
		}
		c.read[text] = r
		c.mu.Unlock()
	}
	return r.names, r.typmods, r.array, r.err
}
