package graph

import (
	"encoding/binary"
	"hash/maphash"
	"math/bits"
	"sync/atomic"
	"unsafe"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/internal/slotcache"
)

// DefaultCacheBytes is the adjacency cache's default memory budget.
const DefaultCacheBytes = 64 << 20

// Cache holds the adjacency entries of recently expanded (vertex,
// direction, edge table) prefixes of every database of one kv store, so
// that expanding a hot vertex is a hash lookup and a walk over one byte
// slice instead of a Pebble seek. It is shared by every transaction of
// the store and never shows one adjacency different from its snapshot;
// see the package documentation (Caching) for why. Committed must be the
// store's kv.Options.OnCommit. A nil *Cache caches nothing.
type Cache struct {
	seed maphash.Seed
	// lastMod[h&modMask] is the highest seq of a commit that wrote an
	// entry under a prefix hashing to h (0: none since the store opened).
	lastMod []atomic.Uint64
	modMask uint64
	// tab holds the entries; its CLOCK hand frees slots when the budget
	// is spent.
	tab *slotcache.Table[cacheEntry]
	// floor is the seq of the last commit that deleted key ranges, which
	// may have held any adjacency: no entry read before it and no
	// snapshot older than it may use the cache.
	floor atomic.Uint64
	// written counts the adjacency keys commits wrote, so a warmer can
	// tell a bulk load (and its end) from a trickle of edges.
	written atomic.Uint64
	hits    atomic.Uint64
	misses  atomic.Uint64
}

// cacheEntry is every adjacency value under one prefix as some snapshot
// holding exactly the commits <= at saw them: each value preceded by its
// length (uvarint), in key order. (Or a record's value, Cache.Get.)
//
// Its bytes are the prefix, the neighbours (see appendNeighbourList) and
// the data. The head (prefix and neighbours) lives in the entry itself
// when it fits, and so does the data when all of it fits: a lookup
// confirms the prefix, and a traversal reads the neighbours or a record,
// from the one or two cache lines of the entry it loaded anyway. On a
// table of hundreds of MiB each further block of memory touched is
// another cache miss, which was most of the cost of a hit.
type cacheEntry struct {
	at uint64
	// ext holds what inl cannot: the data when only the head fits
	// (headIn), everything when not even that does; nil when all of it
	// is in inl.
	ext              []byte
	klen, nlen, dlen uint32
	headIn           bool
	inl              [inlineBytes]byte
}

// inlineBytes is the room in a cacheEntry: as much as keeps the table's
// entry (slotcache.Entry[cacheEntry]) at 128 bytes, a size class of its
// own and two cache lines (TestCacheEntrySize). A vertex's prefix and a
// neighbour list of ten or so neighbours fit, as do a small record and
// its key.
const inlineBytes = 67

func makeCacheEntry(at uint64, prefix, list, data []byte) cacheEntry {
	e := cacheEntry{at: at, klen: uint32(len(prefix)), nlen: uint32(len(list)), dlen: uint32(len(data))}
	head := len(prefix) + len(list)
	switch {
	case head+len(data) <= inlineBytes:
		e.headIn = true
		copy(e.inl[copy(e.inl[:], prefix):], list)
		copy(e.inl[head:], data)
	case head <= inlineBytes:
		e.headIn = true
		copy(e.inl[copy(e.inl[:], prefix):], list)
		e.ext = append([]byte(nil), data...)
	default:
		e.ext = make([]byte, 0, head+len(data))
		e.ext = append(append(append(e.ext, prefix...), list...), data...)
	}
	return e
}

func (e *cacheEntry) head() []byte {
	if e.headIn {
		return e.inl[:e.klen+e.nlen]
	}
	return e.ext[:e.klen+e.nlen]
}

func (e *cacheEntry) prefix() []byte { return e.head()[:e.klen:e.klen] }

// neighbours is the entry's neighbour list (empty: it has none, and the
// other ends are read from data): see appendNeighbourList.
func (e *cacheEntry) neighbours() []byte {
	h := e.head()
	return h[e.klen:len(h):len(h)]
}

func (e *cacheEntry) data() []byte {
	switch {
	case e.ext == nil:
		at := e.klen + e.nlen
		return e.inl[at : at+e.dlen : at+e.dlen]
	case e.headIn:
		return e.ext
	}
	return e.ext[e.klen+e.nlen:]
}

// entryKind says what an entry's data is.
type entryKind uint8

const (
	adjacencyEntry entryKind = iota // values as appendCached lays them out
	recordEntry                     // one record's value
)

// entryOverhead approximates an entry's cost beyond its prefix and data:
// the table's entry and its slot, less the bytes it holds inline.
const entryOverhead = 128 + 16 - inlineBytes/2

// entrySize is what an entry of prefix and data costs the budget.
func entrySize(prefix, data []byte) int64 { return int64(len(prefix) + len(data) + entryOverhead) }

// NewCache returns a cache holding about maxBytes of adjacency (<= 0:
// DefaultCacheBytes).
func NewCache(maxBytes int64) *Cache {
	if maxBytes <= 0 {
		maxBytes = DefaultCacheBytes
	}
	// One slot per 256 bytes of budget: a vertex of degree 10 costs about
	// that, so the budget rather than the table bounds what is kept.
	const perSlot = 256
	// lastMod is 8 bytes a slot; four times the entry slots keeps false
	// invalidations (a write to another prefix of the same slot) rare.
	mods := pow2(min(max(maxBytes/perSlot, 64)*4, 1<<22))
	return &Cache{
		seed:    maphash.MakeSeed(),
		lastMod: make([]atomic.Uint64, mods),
		modMask: mods - 1,
		tab:     slotcache.New[cacheEntry](maxBytes, perSlot),
	}
}

func pow2(n int64) uint64 { return uint64(1) << (64 - bits.LeadingZeros64(uint64(n-1))) }

func (c *Cache) hash(prefix []byte) uint64 { return maphash.Bytes(c.seed, prefix) }

// Committed is the kv.Options.OnCommit of the cache's store: for every
// adjacency key written by commit seq, it marks the two prefixes an
// expansion reads it under (vertex, direction and edge table; vertex and
// direction, for an expansion over every edge table) as changed at seq.
// kv calls it one commit at a time, in seq order, before the commit can
// be seen; so whoever reads lastMod after its snapshot was taken sees
// every change in it.
func (c *Cache) Committed(seq uint64, written [][]byte, ranges bool) {
	if c == nil {
		return
	}
	if ranges {
		// DROP DATABASE deletes its adjacency as one range (TRUNCATE
		// and DROP TABLE ranges hold none, but telling them apart is
		// not worth it: they are rare).
		c.floor.Store(seq)
	}
	var n uint64
	var hs modBatch
	for _, k := range written {
		withTable, anyTable, ok := entryPrefixes(k)
		if !ok {
			if !keys.IsRecordKey(k) {
				continue // index entries, catalog: never read through the cache
			}
			// A record, maybe a vertex's (Cache.Get).
			hs.add(c, c.hash(k), seq)
			continue
		}
		n++
		hs.add(c, c.hash(withTable), seq)
		hs.add(c, c.hash(anyTable), seq)
	}
	hs.flush(c, seq)
	if n > 0 {
		c.written.Add(n)
	}
}

// modBatch collects the hashes of the prefixes one commit changed, so
// that lastMod is marked a batch at a time: first every slot of the
// batch is loaded, then the stale ones are stored. lastMod is far larger
// than the CPU's caches and a bulk commit's slots are random, so each is
// a cache miss; the atomic store (a locked instruction) would wait for
// its miss before the next load could start, while loads issued back to
// back wait for their misses together.
type modBatch struct {
	h [64]uint64
	n int
}

func (b *modBatch) add(c *Cache, h, seq uint64) {
	b.h[b.n] = h
	b.n++
	if b.n == len(b.h) {
		b.flush(c, seq)
	}
}

// flush marks the batch's slots as changed at seq. Committed is their
// only writer (kv serializes the calls): no CAS is needed.
func (b *modBatch) flush(c *Cache, seq uint64) {
	var stale [len(b.h)]bool
	for i, h := range b.h[:b.n] {
		stale[i] = c.lastMod[h&c.modMask].Load() < seq
	}
	for i, h := range b.h[:b.n] {
		if stale[i] {
			c.lastMod[h&c.modMask].Store(seq)
		}
	}
	b.n = 0
}

// entryPrefixes cuts an adjacency entry's key (Store.entryKey) into the
// prefixes expansions read it under; ok is false for any other key.
func entryPrefixes(k []byte) (withTable, anyTable []byte, ok bool) {
	head, ok := keys.GraphKeyVertex(k)
	if !ok {
		return nil, nil, false
	}
	_, rest, err := value.DecodeKey(k[head:])
	if err != nil || len(rest) < 1+8 {
		return nil, nil, false
	}
	n := len(k) - len(rest)
	return k[: n+1+8 : n+1+8], k[: n+1 : n+1], true
}

// lookup returns the entry of prefix (hash h) usable by a snapshot
// holding exactly the commits <= seq (see SnapshotSeq), or nil.
func (c *Cache) lookup(h uint64, prefix []byte, seq uint64) *cacheEntry {
	se := c.tab.Find(h, func(e *cacheEntry) bool { return string(e.prefix()) == string(prefix) })
	if se == nil {
		c.misses.Add(1)
		return nil
	}
	// Loaded after the entry: a change the entry holds was marked before
	// the entry was stored, so mod covers it. mod <= at and mod <= seq:
	// no commit changed the prefix after min(at, seq), so both states of
	// it are the same.
	mod := max(c.lastMod[h&c.modMask].Load(), c.floor.Load())
	if mod > se.Val.at || mod > seq {
		c.misses.Add(1)
		return nil
	}
	se.Touch()
	c.hits.Add(1)
	return &se.Val
}

// Prefetch is a batch of keys whose cache entries are to be loaded into
// the CPU's caches together (AddPrefetch, then Prefetch): a caller about
// to look up several keys — a step filter about to read each candidate's
// record — makes their cache misses overlap instead of taking them one
// after another. A Prefetch belongs to one goroutine.
type Prefetch struct{ hs []uint64 }

// AddPrefetch adds key to p.
func (c *Cache) AddPrefetch(p *Prefetch, key []byte) {
	if c != nil {
		p.hs = append(p.hs, c.hash(key))
	}
}

// Prefetch loads what looking up p's keys will read (the entries, their
// lastMod) into the CPU's caches and empties p. It changes nothing.
//
//go:noinline
func (c *Cache) Prefetch(p *Prefetch) uint64 {
	if c == nil || len(p.hs) == 0 {
		return 0
	}
	var sum uint64
	for _, h := range p.hs {
		sum += c.lastMod[h&c.modMask].Load()
	}
	sum += c.tab.Prefetch(p.hs, touchEntry)
	p.hs = p.hs[:0]
	return sum
}

// touchEntry reads the first bytes an entry keeps outside the table's
// entry (the head, when it did not fit inline, or a record's data).
func touchEntry(e *cacheEntry) uint64 {
	if len(e.ext) == 0 {
		return 0
	}
	return uint64(e.ext[0])
}

// fillable reports whether an expansion of prefix read in a snapshot
// described by seq may be stored: no commit after seq changed it (as far
// as kv has reported now, after the read). For a read-only snapshot the
// read is exact anyway, but an entry no newer snapshot could use is not
// worth its memory.
func (c *Cache) fillable(h, seq uint64) bool {
	return max(c.lastMod[h&c.modMask].Load(), c.floor.Load()) <= seq
}

// put stores what a snapshot of seq read under prefix (data as
// cacheEntry.data; the cache keeps a copy), unless an entry of prefix as
// new is there; it may push out other entries. It reports whether it
// stored.
func (c *Cache) put(h uint64, prefix []byte, seq uint64, data []byte, kind entryKind) bool {
	return 0 < c.store(h, prefix, seq, data, kind, func(old *cacheEntry) bool { return old.at >= seq }, slotcache.Displace|slotcache.Evict)
}

// putIfEmpty is put without evicting or displacing another prefix's
// entry (a warm-up must not push out what traversals use): into an empty
// slot, or over an older entry of prefix. An older one is most likely
// stale — a warm-up during a bulk load stores what later batches change
// — and keeping it would leave every vertex it holds a miss after the
// warm-up that follows the load. It returns what the entry costs the
// budget (0: not stored).
func (c *Cache) putIfEmpty(h uint64, prefix []byte, seq uint64, data []byte, kind entryKind) (stored int64) {
	return c.store(h, prefix, seq, data, kind, func(old *cacheEntry) bool { return old.at >= seq }, 0)
}

// store stores an entry as put and putIfEmpty say, and returns what it
// costs the budget (0: not stored).
func (c *Cache) store(h uint64, prefix []byte, seq uint64, data []byte, kind entryKind, keep func(old *cacheEntry) bool, p slotcache.Policy) int64 {
	size := entrySize(prefix, data)
	if size > c.tab.Budget()/16 {
		return 0 // a huge vertex would evict everything else
	}
	var list []byte
	if kind == adjacencyEntry {
		list = appendNeighbourList(nil, data)
	}
	e := makeCacheEntry(seq, prefix, list, data)
	size += int64(len(list))
	if !c.tab.Store(h, e, size, func(old *cacheEntry) bool { return string(old.prefix()) == string(prefix) }, keep, p) {
		return 0
	}
	return size
}

// appendNeighbourList appends the neighbour list of an adjacency entry's
// data to kd when every other end in it is a record id of one table with
// an i64 key (the usual graph: edges between the records of one vertex
// table): the table's name (uvarint length, bytes), then each key
// (varint), in the data's order. A traversal that looks at no edge then
// reads a few bytes a neighbour instead of decoding each value (an edge
// id takes most of one): AppendNeighbours makes the ids without decoding
// any. For any other data it appends nothing.
func appendNeighbourList(kd, data []byte) []byte {
	start := len(kd)
	table := ""
	err := walkCached(data, func(val []byte) (bool, error) {
		ob, _, err := splitEntry(val)
		if err != nil {
			return false, err
		}
		other, err := decodeID(ob, false)
		if err != nil {
			return false, err
		}
		rid := other.AsRecordID()
		if rid.Key.Kind() != value.KindInt || rid.Key.Width() != value.I64 {
			return false, errNoList
		}
		if len(kd) == start {
			table = rid.Table
			kd = binary.AppendUvarint(kd, uint64(len(table)))
			kd = append(kd, table...)
		} else if rid.Table != table {
			return false, errNoList
		}
		kd = binary.AppendVarint(kd, rid.Key.AsInt())
		return true, nil
	})
	if err != nil {
		return kd[:start]
	}
	return kd
}

// errNoList stops appendNeighbourList at data that has no neighbour list.
var errNoList = errs.New(errs.InternalError, "graph: no neighbour list")

// appendListed appends the record ids of a neighbour list (see
// appendNeighbourList), which is stable: the ids share its memory. Their
// table name is *table when equal to it, else it becomes *table: the ids
// a Reader yields then share one string, whose comparisons with itself
// (a distinct's set, a traversal's table lookup, for each id) end at its
// pointer.
func appendListed(dst []value.Value, list []byte, table *string) ([]value.Value, error) {
	n, w := binary.Uvarint(list)
	if w <= 0 || n > uint64(len(list)-w) {
		return dst, errs.New(errs.InternalError, "graph: corrupt adjacency cache entry")
	}
	if name := unsafe.String(unsafe.SliceData(list[w:]), int(n)); name != *table {
		*table = name
	}
	name := *table
	for rest := list[w+int(n):]; len(rest) > 0; {
		k, w := binary.Varint(rest)
		if w <= 0 {
			return dst, errs.New(errs.InternalError, "graph: corrupt adjacency cache entry")
		}
		rest = rest[w:]
		dst = append(dst, value.RecordIDOf(name, value.Int(k)))
	}
	return dst, nil
}

// appendCached appends one adjacency value to a cacheEntry.data being
// built.
func appendCached(buf, val []byte) []byte {
	return append(binary.AppendUvarint(buf, uint64(len(val))), val...)
}

// walkCached calls fn for each value of a cacheEntry.data.
func walkCached(data []byte, fn func(val []byte) (bool, error)) error {
	for len(data) > 0 {
		n, w := binary.Uvarint(data)
		if w <= 0 || n > uint64(len(data)-w) {
			return errs.New(errs.InternalError, "graph: corrupt adjacency cache entry")
		}
		val := data[w : w+int(n)]
		data = data[w+int(n):]
		if ok, err := fn(val); err != nil || !ok {
			return err
		}
	}
	return nil
}

// CacheStats counts a Cache's lookups since it was made and what it
// holds.
type CacheStats struct {
	Hits, Misses uint64
	Bytes        int64
	Budget       int64
	Entries      int
	// Written counts the adjacency keys commits wrote.
	Written uint64
}

// Stats returns the cache's counters (Entries walks the table).
func (c *Cache) Stats() CacheStats {
	if c == nil {
		return CacheStats{}
	}
	return CacheStats{Hits: c.hits.Load(), Misses: c.misses.Load(), Bytes: c.tab.Bytes(), Budget: c.tab.Budget(),
		Entries: c.tab.Entries(), Written: c.written.Load()}
}

// Written counts the adjacency keys commits wrote since the cache was
// made (cheap, unlike Stats).
func (c *Cache) Written() uint64 {
	if c == nil {
		return 0
	}
	return c.written.Load()
}
