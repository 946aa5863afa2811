package graph

import (
	"context"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// Reader expands vertices within one transaction through one kv iterator
// over the database's adjacency, re-aimed (kv.Seeker) at each vertex's
// entries: creating a Pebble iterator costs several times more than
// seeking one, and a traversal expands many vertices. Read tracking is
// that of a Scan per expansion. A Reader is not safe for concurrent use;
// Close releases its iterator.
type Reader struct {
	s   Store
	ctx context.Context
	txn kv.Txn
	it  kv.Iterator // nil until the first expansion
	sk  kv.Seeker   // it, when it can seek; nil: a Scan per expansion
	key []byte      // the prefix buffer, reused
	end []byte      // the end of key's span, reused
	// bufs back key and end at first, in the Reader's own allocation: a
	// vertex's prefix is a few tens of bytes, and growing each buffer
	// append by append cost allocations per traversal.
	bufs [2][48]byte
	// cached: s.Cache may serve txn, whose snapshot seq is seq.
	cached bool
	seq    uint64
	fill   []byte // an expansion being read, for the cache
	pre    Prefetch
	// table is the table name of the last neighbour list read
	// (appendListed).
	table string
}

// Reader starts reading s's adjacency in txn.
func (s Store) Reader(ctx context.Context, txn kv.Txn) *Reader {
	r := &Reader{}
	r.Reset(s, ctx, txn)
	return r
}

// Reset makes a closed r read s's adjacency in txn, as a new Reader
// would, keeping its buffers: a statement run again reads through the
// Reader of its last run.
func (r *Reader) Reset(s Store, ctx context.Context, txn kv.Txn) {
	*r = Reader{s: s, ctx: ctx, txn: txn, fill: r.fill[:0], pre: r.pre}
	r.key, r.end = r.bufs[0][:0], r.bufs[1][:0]
	if s.Cache != nil {
		r.seq, r.cached = kv.SnapshotSeq(txn)
	}
}

// Close releases the Reader's iterator; the Reader may be used again.
func (r *Reader) Close() error {
	if r.it == nil {
		return nil
	}
	err := r.it.Close()
	r.it, r.sk = nil, nil
	if err != nil {
		return errs.From(err)
	}
	return nil
}

// Expand calls fn for every edge of v in direction d (Both: out, then in)
// of edge table edgeTable (0: every edge table), in key order per
// direction. It reads only v's entries: O(degree).
func (r *Reader) Expand(v Vertex, d Dir, edgeTable uint64, fn Visit) error {
	return r.expand(v, d, edgeTable, true, fn)
}

// Neighbours is Expand without decoding the edges' ids (fn gets
// value.None for them): what a traversal that never looks at an edge
// needs.
func (r *Reader) Neighbours(v Vertex, d Dir, edgeTable uint64, fn Visit) error {
	return r.expand(v, d, edgeTable, false, fn)
}

func (r *Reader) expand(v Vertex, d Dir, edgeTable uint64, edges bool, fn Visit) error {
	if d == Both {
		stop := false
		for _, dd := range [...]Dir{Out, In} {
			if err := r.expand(v, dd, edgeTable, edges, func(e, o value.Value, d Dir) (bool, error) {
				ok, err := fn(e, o, d)
				stop = !ok
				return ok, err
			}); err != nil || stop {
				return err
			}
		}
		return nil
	}
	p, err := r.s.stepPrefix(r.key[:0], v, d, edgeTable)
	if err != nil {
		return err
	}
	r.key = p
	visit := func(val []byte, stable bool) (bool, error) {
		eid, other, err := decodeEntry(val, edges, stable)
		if err != nil {
			return false, err
		}
		return fn(eid, other, d)
	}
	if r.cached {
		return r.cachedScan(p, visit)
	}
	return r.scan(p, func(_, val []byte) (bool, error) { return visit(val, false) })
}

// cachedScan walks the values under prefix from the cache when it holds
// them for this snapshot, and otherwise reads them and offers them to
// the cache.
func (r *Reader) cachedScan(prefix []byte, visit func(val []byte, stable bool) (bool, error)) error {
	e, h, fill := r.lookup(prefix)
	if e != nil {
		return walkCached(e.data(), func(val []byte) (bool, error) { return visit(val, true) })
	}
	return r.readAndFill(prefix, h, fill, visit)
}

// lookup returns the cache's entry for prefix when it serves this
// snapshot (noting the read for a read-write transaction); otherwise
// fill reports whether a read of prefix may be offered to the cache,
// under hash h.
func (r *Reader) lookup(prefix []byte) (e *cacheEntry, h uint64, fill bool) {
	c := r.s.Cache
	r.end = kv.AppendPrefixEnd(r.end[:0], prefix)
	if kv.WritesIn(r.txn, prefix, r.end) {
		// Its own writes are in no cache.
		return nil, 0, false
	}
	h = c.hash(prefix)
	if e := c.lookup(h, prefix, r.seq); e != nil {
		kv.NoteRead(r.txn, prefix, r.end)
		return e, h, false
	}
	return nil, h, c.fillable(h, r.seq)
}

// readAndFill walks the values under prefix from the store and, when
// fill, offers them to the cache.
func (r *Reader) readAndFill(prefix []byte, h uint64, fill bool, visit func(val []byte, stable bool) (bool, error)) error {
	if !fill {
		return r.scan(prefix, func(_, val []byte) (bool, error) { return visit(val, false) })
	}
	c := r.s.Cache
	r.fill = r.fill[:0]
	complete := true
	err := r.scan(prefix, func(_, val []byte) (bool, error) {
		r.fill = appendCached(r.fill, val)
		ok, err := visit(val, false)
		complete = ok && err == nil
		return ok, err
	})
	// Checked again after the read: a read-write snapshot may hold a
	// commit after seq, which has been marked by now.
	if err == nil && complete && c.fillable(h, r.seq) {
		c.put(h, prefix, r.seq, r.fill, adjacencyEntry)
	}
	return err
}

// AppendNeighbours appends the other ends of v's edges in direction d
// (Both: out, then in) of edge table edgeTable (0: every edge table) to
// dst, in key order per direction: Neighbours without the caller's
// callback per neighbour, for a traversal step that filters nothing.
func (r *Reader) AppendNeighbours(dst []value.Value, v Vertex, d Dir, edgeTable uint64) ([]value.Value, error) {
	if d == Both {
		var err error
		for _, dd := range [...]Dir{Out, In} {
			if dst, err = r.AppendNeighbours(dst, v, dd, edgeTable); err != nil {
				return dst, err
			}
		}
		return dst, nil
	}
	p, err := r.s.stepPrefix(r.key[:0], v, d, edgeTable)
	if err != nil {
		return dst, err
	}
	r.key = p
	add := func(val []byte, stable bool) (bool, error) {
		_, other, err := decodeEntry(val, false, stable)
		if err != nil {
			return false, err
		}
		dst = append(dst, other)
		return true, nil
	}
	if !r.cached {
		err := r.scan(p, func(_, val []byte) (bool, error) { return add(val, false) })
		return dst, err
	}
	e, h, fill := r.lookup(p)
	if e == nil {
		err := r.readAndFill(p, h, fill, add)
		return dst, err
	}
	if list := e.neighbours(); len(list) > 0 {
		return appendListed(dst, list, &r.table)
	}
	err = walkCached(e.data(), func(val []byte) (bool, error) { return add(val, true) })
	return dst, err
}

// AddPrefetch adds what expanding v (as Expand and AppendNeighbours
// take it) reads from the cache to the Reader's prefetch batch, which
// Prefetch loads: a traversal about to expand each vertex of a step's
// result.
func (r *Reader) AddPrefetch(v Vertex, d Dir, edgeTable uint64) error {
	if !r.cached {
		return nil
	}
	for _, dd := range [...]Dir{Out, In} {
		if d != dd && d != Both {
			continue
		}
		p, err := r.s.stepPrefix(r.key[:0], v, dd, edgeTable)
		if err != nil {
			return err
		}
		r.key = p
		r.s.Cache.AddPrefetch(&r.pre, p)
	}
	return nil
}

// Prefetch loads the entries of the prefetch batch into the CPU's caches
// (see Cache.Prefetch).
func (r *Reader) Prefetch() {
	if r.cached {
		r.s.Cache.Prefetch(&r.pre)
	}
}

// scan walks the entries under prefix.
func (r *Reader) scan(prefix []byte, fn func(k, v []byte) (bool, error)) error {
	if r.it == nil {
		lo, hi := keys.GraphSpan(r.s.NS, r.s.DB)
		r.it = r.txn.Scan(r.ctx, lo, hi, false)
		r.sk, _ = r.it.(kv.Seeker)
	}
	if r.sk == nil {
		return r.s.scan(r.ctx, r.txn, prefix, fn)
	}
	r.sk.Seek(keys.Span(prefix))
	for r.sk.Next() {
		if ok, err := fn(r.sk.Key(), r.sk.Value()); err != nil || !ok {
			return err
		}
	}
	if err := r.sk.Err(); err != nil {
		return errs.From(err)
	}
	return nil
}
