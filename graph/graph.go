package graph

import (
	"context"
	"encoding/binary"
	"fmt"
	"unsafe"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// Dir is the direction of an adjacency entry, seen from its vertex.
type Dir byte

const (
	// Both is no direction: an expansion over Both reads Out and In.
	Both Dir = 0
	// Out entries are the edges whose `in` is the vertex.
	Out Dir = 'o'
	// In entries are the edges whose `out` is the vertex.
	In Dir = 'i'
)

// Reverse is the opposite direction (Both stays Both).
func (d Dir) Reverse() Dir {
	switch d {
	case Out:
		return In
	case In:
		return Out
	}
	return Both
}

func (d Dir) String() string {
	switch d {
	case Out:
		return "out"
	case In:
		return "in"
	}
	return "both"
}

// Vertex locates a vertex record: its table's id and its record key.
type Vertex struct {
	Table uint64
	Key   value.Value
}

// Store is the adjacency of one database.
type Store struct {
	NS, DB uint64
	// Cache, when set, serves Readers' expansions (see Cache); it must
	// be the one whose Committed observes the store's commits.
	Cache *Cache
}

// Edge is one edge as the adjacency records it.
type Edge struct {
	Table uint64      // the edge table's id
	Key   value.Value // the edge record's key
	ID    value.Value // the edge record's id (edge table name and key)
	From  Vertex      // the vertex in `in`
	To    Vertex      // the vertex in `out`
	// FromID and ToID are the record ids of From and To.
	FromID, ToID value.Value
}

// VertexPrefix is the prefix of every entry of vertex v.
func (s Store) VertexPrefix(buf []byte, v Vertex) ([]byte, error) {
	b, err := value.AppendKey(keys.GraphPrefix(buf, s.NS, s.DB, v.Table), v.Key)
	if err != nil {
		return nil, fmt.Errorf("graph: vertex key: %w", err)
	}
	return b, nil
}

// stepPrefix is the prefix of v's entries of one direction and (when
// edgeTable is not 0) one edge table.
func (s Store) stepPrefix(buf []byte, v Vertex, d Dir, edgeTable uint64) ([]byte, error) {
	b, err := s.VertexPrefix(buf, v)
	if err != nil {
		return nil, err
	}
	b = append(b, byte(d))
	if edgeTable != 0 {
		b = kv.AppendUint64(b, edgeTable)
	}
	return b, nil
}

func (s Store) entryKey(buf []byte, v Vertex, d Dir, e *Edge) ([]byte, error) {
	b, err := s.stepPrefix(buf, v, d, e.Table)
	if err != nil {
		return nil, err
	}
	if b, err = value.AppendKey(b, e.Key); err != nil {
		return nil, fmt.Errorf("graph: edge key: %w", err)
	}
	return b, nil
}

// Link writes e's two adjacency entries.
func (s Store) Link(txn kv.Txn, e *Edge) error {
	// Put copies what it is given: one buffer serves both values.
	var buf [64]byte
	return s.each(e, func(k []byte, v Vertex, other value.Value) error {
		return txn.Put(k, encodeEntry(buf[:0], e.ID, other))
	})
}

// Unlink deletes e's two adjacency entries.
func (s Store) Unlink(txn kv.Txn, e *Edge) error {
	return s.each(e, func(k []byte, _ Vertex, _ value.Value) error { return txn.Delete(k) })
}

// each calls fn with each of e's two adjacency keys, the vertex whose
// key it is and the vertex at the other end. The key is valid only
// during the call: both are built in one buffer.
func (s Store) each(e *Edge, fn func(k []byte, v Vertex, other value.Value) error) error {
	var buf [96]byte
	k, err := s.entryKey(buf[:0], e.From, Out, e)
	if err != nil {
		return err
	}
	if err := fn(k, e.From, e.ToID); err != nil {
		return err
	}
	if k, err = s.entryKey(k[:0], e.To, In, e); err != nil {
		return err
	}
	return fn(k, e.To, e.FromID)
}

// Visit is called for each adjacency entry an expansion finds: the edge's
// record id (value.None when the expansion was asked for vertices only),
// the record id at the other end and the entry's direction. Returning
// false stops the expansion.
type Visit func(edgeID, other value.Value, d Dir) (bool, error)

// Expand calls fn for every edge of v in direction d (Both: out, then in)
// of edge table edgeTable (0: every edge table), in key order per
// direction. It reads only v's entries: O(degree). A caller expanding
// many vertices uses a Reader.
func (s Store) Expand(ctx context.Context, txn kv.Txn, v Vertex, d Dir, edgeTable uint64, fn Visit) error {
	r := s.Reader(ctx, txn)
	err := r.Expand(v, d, edgeTable, fn)
	if cerr := r.Close(); err == nil {
		err = cerr
	}
	return err
}

// Entries calls fn for every entry of v, both directions and every edge
// table (a vertex being removed takes its edges with it).
func (s Store) Entries(ctx context.Context, txn kv.Txn, v Vertex, fn Visit) error {
	p, err := s.VertexPrefix(nil, v)
	if err != nil {
		return err
	}
	return s.scan(ctx, txn, p, func(k, val []byte) (bool, error) {
		return visitEntry(p, k, val, fn)
	})
}

// visitEntry calls fn on the adjacency entry k, val of the vertex whose
// prefix is p.
func visitEntry(p, k, val []byte, fn Visit) (bool, error) {
	if len(k) <= len(p) {
		return false, errs.New(errs.DataCorrupted, "graph: short adjacency key %s", keys.Pretty(k))
	}
	eid, other, err := decodeEntry(val, true, false)
	if err != nil {
		return false, err
	}
	return fn(eid, other, Dir(k[len(p)]))
}

// EntriesProbe is Entries for many vertices of one table, one after
// another in one transaction (a DELETE of many records removing their
// edges): one iterator over the table's adjacency, re-aimed per vertex,
// where Entries builds and closes an iterator per call. Close it when
// done; a transaction whose iterators do not seek gets a scan per call.
type EntriesProbe struct {
	s      Store
	ctx    context.Context
	txn    kv.Txn
	table  uint64
	it     kv.Seeker
	noSeek bool // txn's iterators do not seek: a scan per call
	prefix []byte
}

// NewEntriesProbe starts a probe of the vertices of table in txn.
func (s Store) NewEntriesProbe(ctx context.Context, txn kv.Txn, table uint64) *EntriesProbe {
	return &EntriesProbe{s: s, ctx: ctx, txn: txn, table: table}
}

// Entries is Store.Entries of v, whose table must be the probe's.
func (p *EntriesProbe) Entries(v Vertex, fn Visit) error {
	if v.Table != p.table {
		return errs.New(errs.InternalError, "graph: probe of table %d asked for a vertex of table %d", p.table, v.Table)
	}
	if p.noSeek {
		return p.s.Entries(p.ctx, p.txn, v, fn)
	}
	if p.it == nil {
		start, end := keys.Span(keys.GraphPrefix(nil, p.s.NS, p.s.DB, p.table))
		it := p.txn.Scan(p.ctx, start, end, false)
		sk, ok := it.(kv.Seeker)
		if !ok {
			p.noSeek = true
			if err := it.Close(); err != nil {
				return errs.From(err)
			}
			return p.s.Entries(p.ctx, p.txn, v, fn)
		}
		p.it = sk
	}
	var err error
	if p.prefix, err = p.s.VertexPrefix(p.prefix[:0], v); err != nil {
		return err
	}
	p.it.Seek(keys.Span(p.prefix))
	for p.it.Next() {
		if ok, err := visitEntry(p.prefix, p.it.Key(), p.it.Value(), fn); err != nil || !ok {
			return err
		}
	}
	if err := p.it.Err(); err != nil {
		return errs.From(err)
	}
	return nil
}

// Close releases the probe's iterator.
func (p *EntriesProbe) Close() error {
	if p.it == nil {
		return nil
	}
	err := p.it.Close()
	p.it = nil
	return err
}

// HasEdges reports whether v has any adjacency entry: one seek.
func (s Store) HasEdges(ctx context.Context, txn kv.Txn, v Vertex) (bool, error) {
	found := false
	err := s.Entries(ctx, txn, v, func(_, _ value.Value, _ Dir) (bool, error) {
		found = true
		return false, nil
	})
	return found, err
}

func (s Store) scan(ctx context.Context, txn kv.Txn, prefix []byte, fn func(k, v []byte) (bool, error)) error {
	start, end := keys.Span(prefix)
	it := txn.Scan(ctx, start, end, false)
	for it.Next() {
		ok, err := fn(it.Key(), it.Value())
		if err != nil || !ok {
			it.Close()
			return err
		}
	}
	err := it.Err()
	if cerr := it.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return errs.From(err)
	}
	return nil
}

// encodeEntry appends an adjacency value: uvarint n, the other vertex's
// id (n bytes of value encoding), the edge's id. Every expansion needs
// the other vertex and most never look at the edge, so it comes first and
// the edge is decoded only on demand.
func encodeEntry(buf []byte, edgeID, other value.Value) []byte {
	var scratch [48]byte
	enc := value.Encode(scratch[:0], other)
	buf = binary.AppendUvarint(buf, uint64(len(enc)))
	return value.Encode(append(buf, enc...), edgeID)
}

// splitEntry cuts an adjacency value into its two encoded ids.
func splitEntry(b []byte) (other, edge []byte, err error) {
	n, w := binary.Uvarint(b)
	if w <= 0 || n > uint64(len(b)-w) {
		return nil, nil, errs.New(errs.DataCorrupted, "graph: adjacency entry of %d bytes is truncated", len(b))
	}
	return b[w : w+int(n)], b[w+int(n):], nil
}

// decodeID decodes one record id of an adjacency entry. When b is
// stable (a cache entry's, never modified) the id shares its memory
// rather than copying it.
func decodeID(b []byte, stable bool) (value.Value, error) {
	var v value.Value
	var err error
	if stable && len(b) > 0 {
		v, err = value.DecodeString(unsafe.String(unsafe.SliceData(b), len(b)))
	} else {
		v, err = value.Decode(b)
	}
	if err != nil {
		return value.None, errs.Wrap(errs.DataCorrupted, err, "graph: adjacency entry")
	}
	if v.Kind() != value.KindRecordID {
		return value.None, errs.New(errs.DataCorrupted, "graph: adjacency entry holds %s", v.String())
	}
	return v, nil
}

// decodeEntry decodes the other vertex's id and, when edge is set, the
// edge's id (value.None otherwise); stable as for decodeID.
func decodeEntry(b []byte, edge, stable bool) (edgeID, other value.Value, err error) {
	ob, eb, err := splitEntry(b)
	if err != nil {
		return value.None, value.None, err
	}
	if other, err = decodeID(ob, stable); err != nil {
		return value.None, value.None, err
	}
	if edge {
		if edgeID, err = decodeID(eb, stable); err != nil {
			return value.None, value.None, err
		}
	}
	return edgeID, other, nil
}

// EntryEdge reads the edge record id of an adjacency entry's value (a
// caller scanning a whole vertex table's entries).
func EntryEdge(val []byte) (value.Value, error) {
	_, eb, err := splitEntry(val)
	if err != nil {
		return value.None, err
	}
	return decodeID(eb, false)
}
