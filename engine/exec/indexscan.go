package exec

import (
	"bytes"
	"slices"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// indexScan walks the entries of an ordered index in the spans of an
// IndexScan and yields the record of each entry. The entry's value is the
// encoded record key, so each record costs one point get.
type indexScan struct {
	r      *run
	n      *plan.IndexScan
	kt     *value.Type
	o      outer
	ranges [][2][]byte
	cur    int
	it     kv.Iterator
	lim    int64
	count  int64
	seen   map[string]struct{} // record keys already yielded, with several spans
	rkey   []byte              // table prefix, then the record key
	plen   int
	row    [2]value.Value
	sorted [][]byte // KeyOrder: the record keys of every span, in key order
	// inKeyOrder: the entries come in record key order already (one span
	// fixing every part: its entries differ only in the record key), so
	// KeyOrder needs no sort.
	inKeyOrder bool
	// also holds the record keys of the intersected index, if any.
	also map[string]struct{}

	// recs reads the matched records: one iterator over the table,
	// re-aimed at each record, instead of a point get per entry.
	recs kv.Seeker
	rend []byte // recs' range end: the record key and a 0 byte
	// keyRecord: the consumer reads only the primary key (keyOnlyProject),
	// from keyObj.
	keyRecord bool
	keyObj    *value.Object
	// probing: the intersected index is checked per candidate, by a
	// seek of probeIt for an entry under one of probe (intersect.go).
	probing  bool
	probe    [][]byte
	probeEnd [][]byte // prefixEnd of each probe prefix
	probeSt  []probeState
	probeIt  kv.Seeker
	pbuf     []byte
	pfx      []byte // the index's key prefix
	// scans, read and fetched count the scans opened, the entries they
	// read and the records they fetched, for the statistics views
	// (countIndexScan at close).
	scans, read, fetched int64
}

func (r *run) buildIndexScan(n *plan.IndexScan) (iterator, error) {
	if n.Table == nil || n.Index == nil {
		return nil, internalf("index scan without a table or an index")
	}
	if n.Table.Partitioned != nil {
		// As buildScan: a partitioned table's own index holds nothing.
		return nil, errs.New(errs.FeatureNotSupported, "reading partitioned table %q this way is not supported", n.Table.Name)
	}
	return &indexScan{r: r, n: n, kt: keyType(n.Table)}, nil
}

func (s *indexScan) close() {
	if s.it != nil {
		_ = s.it.Close()
		s.it = nil
	}
	if s.recs != nil {
		_ = s.recs.Close()
		s.recs = nil
	}
	if s.probeIt != nil {
		_ = s.probeIt.Close()
		s.probeIt = nil
	}
	if s.scans != 0 {
		s.r.countIndexScan(s.n.Table, s.n.Index, s.scans, s.read, s.fetched)
		s.scans, s.read, s.fetched = 0, 0, 0
	}
}

func (s *indexScan) open(o outer) error {
	// The record and probe iterators stay open across opens (the inner
	// side of a nested loop reopens per outer row): re-aiming them is
	// cheaper than building new ones.
	if s.it != nil {
		_ = s.it.Close()
		s.it = nil
	}
	s.o, s.count, s.cur, s.seen, s.sorted = o, 0, 0, nil, nil
	s.scans++
	lim, err := s.r.rowCount(s.n.Limit, o, false)
	if err != nil {
		return err
	}
	s.lim = lim
	if s.rkey, err = s.r.tablePrefix(s.rkey[:0], s.n.Table); err != nil {
		return err
	}
	s.plen = len(s.rkey)
	ns, err := s.r.nsID()
	if err != nil {
		return err
	}
	// The ranges of an earlier open, which may hold pfx, are done with.
	s.pfx = keys.IndexPrefix(s.pfx[:0], ns, s.n.Table.Database, s.n.Index.ID)
	prefix := s.pfx
	s.ranges = s.ranges[:0]
	eqPrefix := prefix
	if len(s.n.Spans) == 0 {
		s.ranges = append(s.ranges, [2][]byte{prefix, prefixEnd(prefix)})
	}
	sc := o.scope(nil)
	full := false
	for i := range s.n.Spans {
		n := len(s.ranges)
		var p []byte
		var f bool
		if s.ranges, p, f, err = s.r.spanRanges(s.ranges, prefix, s.n.Index, &s.n.Spans[i], s.n.SQLNulls, &sc); err != nil {
			return err
		}
		if len(s.ranges) > n {
			eqPrefix, full = p, f
		}
	}
	s.also, s.probing = nil, false
	if x := s.n.Intersect; x != nil {
		if s.probe, s.probing, err = s.r.intersectPrefixes(s.n.Table, x, s.n.SQLNulls, &sc, s.probe); err != nil {
			return err
		}
		s.resetProbes()
		if !s.probing {
			if s.also, err = s.r.indexKeys(s.n.Table, x, s.n.SQLNulls, &sc); err != nil {
				return err
			}
		}
	}
	if s.n.NullsLast && len(s.ranges) == 1 {
		s.ranges = noneLast(s.ranges[0], eqPrefix)
	}
	if len(s.ranges) > 1 {
		s.seen = make(map[string]struct{})
	}
	s.inKeyOrder = len(s.ranges) == 1 && full
	if s.n.Reverse {
		for i, j := 0, len(s.ranges)-1; i < j; i, j = i+1, j-1 {
			s.ranges[i], s.ranges[j] = s.ranges[j], s.ranges[i]
		}
	}
	if lim == 0 {
		s.ranges = s.ranges[:0]
	}
	return nil
}

// spanRanges appends the entry ranges of a span to rgs: indexRange's, or
// with EqAny one per element of the array of its last equality. p and
// full are indexRange's of the last range appended.
func (r *run) spanRanges(rgs [][2][]byte, prefix []byte, ix *catalog.Index, sp *plan.IndexSpan, sqlNulls bool, sc *scope) (_ [][2][]byte, p []byte, full bool, err error) {
	if !sp.EqAny {
		rg, p, full, ok, err := r.indexRange(prefix, ix, sp, sqlNulls, sc)
		if ok {
			rgs = append(rgs, rg)
		}
		return rgs, p, full, err
	}
	last := len(sp.Eq) - 1
	if last < 0 {
		return rgs, nil, false, internalf("index span of any of no values on index %q", ix.Name)
	}
	v, err := r.eval(sp.Eq[last], sc)
	if err != nil || (v.Kind() != value.KindList && v.Kind() != value.KindTuple) {
		return rgs, nil, false, err // NULL: no span
	}
	one := *sp
	one.EqAny = false
	one.Eq = append(slices.Clone(sp.Eq[:last]), nil)
	for _, x := range v.AsList() {
		one.Eq[last] = &plan.Const{V: x}
		rg, q, f, ok, err := r.indexRange(prefix, ix, &one, sqlNulls, sc)
		if err != nil {
			return rgs, nil, false, err
		}
		if ok {
			rgs, p, full = append(rgs, rg), q, f
		}
	}
	return rgs, p, full, nil
}

// indexRange computes the entry range [start, end) of one span; ok is
// false when no entry can be in it. The range only has to contain every
// entry the span's conditions admit (the scan's filter decides), so a
// value that cannot bound the range leaves that side open.
//
// p is the encoded prefix of the span's equalities; full says it encodes
// every part of the index (the range's entries differ only in their
// record keys, and are in their order).
func (r *run) indexRange(prefix []byte, ix *catalog.Index, sp *plan.IndexSpan, sqlNulls bool, sc *scope) (rg [2][]byte, p []byte, full, ok bool, err error) {
	p = append([]byte(nil), prefix...)
	for i, e := range sp.Eq {
		v, err := r.eval(e, sc)
		if err != nil {
			return rg, nil, false, false, err
		}
		if i >= len(ix.Parts) {
			return rg, nil, false, false, internalf("index span of %d parts on index %q of %d", len(sp.Eq), ix.Name, len(ix.Parts))
		}
		if v.IsNone() && sqlNulls {
			return rg, nil, false, false, nil
		}
		if !value.HasKey(v) {
			// No key encoding: read the whole range of the parts so far.
			return [2][]byte{p, prefixEnd(p)}, p, false, true, nil
		}
		p = keys.AppendIndexPart(p, v, ix.Parts[i].Desc)
	}
	start, end := p, prefixEnd(p)
	k := len(sp.Eq)
	if k >= len(ix.Parts) || (sp.Lo == nil && sp.Hi == nil) {
		return [2][]byte{start, end}, p, k >= len(ix.Parts), true, nil
	}
	desc := ix.Parts[k].Desc
	empty := false
	bound := func(x plan.Expr, incl, lower bool) error {
		if x == nil {
			return nil
		}
		v, err := r.eval(x, sc)
		if err != nil {
			return err
		}
		if v.IsNone() && sqlNulls {
			empty = true
			return nil
		}
		if v.IsNone() || !value.HasKey(v) {
			return nil
		}
		b := keys.AppendIndexPart(append([]byte(nil), p...), v, desc)
		// In a descending part the lower bound of the value is the upper
		// bound of the bytes.
		if lower != desc {
			if !incl {
				b = prefixEnd(b)
			}
			if string(b) > string(start) {
				start = b
			}
		} else {
			if incl {
				b = prefixEnd(b)
			}
			if string(b) < string(end) {
				end = b
			}
		}
		return nil
	}
	if err := bound(sp.Lo, sp.LoInclusive, true); err != nil {
		return rg, nil, false, false, err
	}
	if err := bound(sp.Hi, sp.HiInclusive, false); err != nil {
		return rg, nil, false, false, err
	}
	if sqlNulls {
		// SQL's comparisons are never true for NULL: leave out the none
		// entries (first in an ascending part, last in a descending one),
		// which the optimizer may have left no filter to reject.
		lo := keys.AppendIndexPart(append([]byte(nil), p...), value.None, desc)
		if desc {
			end = minBytes(end, lo)
		} else {
			start = maxBytes(start, prefixEnd(lo))
		}
	}
	return [2][]byte{start, end}, p, false, !empty && string(start) < string(end), nil
}

// noneLast splits a range of entries sharing the prefix p into the
// entries whose next part is not none, then those whose next part is
// none (an ascending part's none entries come first in the index).
func noneLast(rg [2][]byte, p []byte) [][2][]byte {
	lo := keys.AppendIndexPart(append([]byte(nil), p...), value.None, false)
	hi := prefixEnd(lo)
	var out [][2][]byte
	if start := maxBytes(rg[0], hi); string(start) < string(rg[1]) {
		out = append(out, [2][]byte{start, rg[1]})
	}
	if start, end := maxBytes(rg[0], lo), minBytes(rg[1], hi); string(start) < string(end) {
		out = append(out, [2][]byte{start, end})
	}
	return out
}

func maxBytes(a, b []byte) []byte {
	if string(a) >= string(b) {
		return a
	}
	return b
}

func minBytes(a, b []byte) []byte {
	if string(a) <= string(b) {
		return a
	}
	return b
}

func (s *indexScan) next() ([]value.Value, error) {
	if s.lim >= 0 && s.count >= s.lim {
		return nil, nil
	}
	txn, err := s.r.txn()
	if err != nil {
		return nil, err
	}
	if s.n.KeyOrder && !s.inKeyOrder && s.sorted == nil {
		if err := s.sortKeys(txn); err != nil {
			return nil, err
		}
	}
	for {
		rk, err := s.nextKey(txn)
		if rk == nil || err != nil {
			return nil, err
		}
		if s.n.KeysOnly {
			// The consumer only counts: the key need not be decoded.
			s.row[0], s.row[1] = value.None, value.None
			s.count++
			return s.row[:], nil
		}
		if s.keyRecord {
			if err := s.keyRow(rk); err != nil {
				return nil, err
			}
			s.count++
			return s.row[:], nil
		}
		s.rkey = append(s.rkey[:s.plen], rk...)
		b, ok, err := s.record(txn)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errs.New(errs.DataCorrupted, "index %q of table %q has an entry for a missing record", s.n.Index.Name, s.n.Table.Name)
		}
		s.fetched++
		obj, err := decodeRecord(b)
		if err != nil {
			return nil, err
		}
		k, _, err := value.DecodeKey(rk)
		if err != nil {
			return nil, errs.From(err)
		}
		if s.kt != nil {
			k, _ = normalizeKey(k, s.kt)
		}
		s.row[0], s.row[1] = keyOf(s.n.Table, s.kt, k, obj), obj
		if s.n.Filter != nil {
			sc := s.o.scope(s.row[:])
			c, err := s.r.eval(s.n.Filter, &sc)
			if err != nil {
				return nil, err
			}
			if !isTrue(c) {
				continue
			}
		}
		s.count++
		return s.row[:], nil
	}
}

// record reads the record at s.rkey. A scan that reads many records
// seeks one table iterator from record to record, which keeps Pebble's
// iterator and its loaded blocks; a store whose iterators cannot seek
// gets each record.
func (s *indexScan) record(txn kv.Txn) ([]byte, bool, error) {
	if s.recs == nil {
		prefix := s.rkey[:s.plen]
		if sk, ok := txn.Scan(s.r.ctx, prefix, prefixEnd(prefix), false).(kv.Seeker); ok {
			s.recs = sk
		}
	}
	if s.recs == nil {
		b, ok, err := txn.Get(s.r.ctx, s.rkey)
		if err != nil {
			return nil, false, errs.From(err)
		}
		return b, ok, nil
	}
	s.rend = append(append(s.rend[:0], s.rkey...), 0)
	s.recs.Seek(s.rkey, s.rend)
	if !s.recs.Next() {
		if err := s.recs.Err(); err != nil {
			return nil, false, errs.From(err)
		}
		return nil, false, nil
	}
	return s.recs.Value(), true, nil
}

// nextKey returns the encoded record key of the next entry, nil at the
// end: from the spans in index order, or from the sorted keys.
func (s *indexScan) nextKey(txn kv.Txn) ([]byte, error) {
	if s.sorted != nil {
		if s.cur >= len(s.sorted) {
			return nil, nil
		}
		s.cur++
		return s.sorted[s.cur-1], nil
	}
	for {
		if s.it == nil {
			if s.cur >= len(s.ranges) {
				return nil, nil
			}
			rg := s.ranges[s.cur]
			s.cur++
			s.it = txn.Scan(s.r.ctx, rg[0], rg[1], s.n.Reverse)
		}
		if !s.it.Next() {
			err := s.it.Err()
			_ = s.it.Close()
			s.it = nil
			if err != nil {
				return nil, errs.From(err)
			}
			continue
		}
		if err := s.r.tick(); err != nil {
			return nil, err
		}
		s.read++
		rk := s.it.Value()
		if s.also != nil {
			if _, ok := s.also[string(rk)]; !ok {
				continue
			}
		}
		if s.probing {
			ok, err := s.inIntersect(txn, rk)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
		}
		if s.seen != nil {
			if _, dup := s.seen[string(rk)]; dup {
				continue
			}
			s.seen[string(rk)] = struct{}{}
		}
		return rk, nil
	}
}

// sortKeys reads the record keys of every span and orders them as the
// table's records are ordered (the key encoding's byte order).
func (s *indexScan) sortKeys(txn kv.Txn) error {
	keys := [][]byte{}
	for {
		rk, err := s.nextKey(txn)
		if err != nil {
			return err
		}
		if rk == nil {
			break
		}
		keys = append(keys, append([]byte(nil), rk...))
	}
	slices.SortFunc(keys, bytes.Compare)
	keys = slices.CompactFunc(keys, bytes.Equal)
	if s.n.Reverse {
		slices.Reverse(keys)
	}
	s.sorted, s.cur = keys, 0
	return nil
}

// indexKeys reads the record keys in the spans of an intersected index.
func (r *run) indexKeys(t *catalog.Table, x *plan.IndexIntersect, sqlNulls bool, sc *scope) (map[string]struct{}, error) {
	out, _, err := r.indexKeysMax(t, x, sqlNulls, sc, -1)
	return out, err
}

// indexKeysMax is indexKeys giving up (ok false) when there are more than
// limit keys (limit < 0: no limit).
func (r *run) indexKeysMax(t *catalog.Table, x *plan.IndexIntersect, sqlNulls bool, sc *scope, limit int) (_ map[string]struct{}, ok bool, _ error) {
	ns, err := r.nsID()
	if err != nil {
		return nil, false, err
	}
	txn, err := r.txn()
	if err != nil {
		return nil, false, err
	}
	prefix := keys.IndexPrefix(nil, ns, t.Database, x.Index.ID)
	var rgs [][2][]byte
	for i := range x.Spans {
		if rgs, _, _, err = r.spanRanges(rgs, prefix, x.Index, &x.Spans[i], sqlNulls, sc); err != nil {
			return nil, false, err
		}
	}
	out := make(map[string]struct{})
	for _, rg := range rgs {
		it := txn.Scan(r.ctx, rg[0], rg[1], false)
		for it.Next() {
			if err := r.tick(); err != nil {
				_ = it.Close()
				return nil, false, err
			}
			out[string(it.Value())] = struct{}{}
			if limit >= 0 && len(out) > limit {
				_ = it.Close()
				return nil, false, nil
			}
		}
		err = it.Err()
		_ = it.Close()
		if err != nil {
			return nil, false, errs.From(err)
		}
	}
	return out, true, nil
}
