package exec

import (
	"math"
	"slices"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/sysview"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// keyType is the declared type of a table's single primary-key column, or
// nil when the table's keys are untyped (schemaless tables, composite
// keys, jsonb keys).
func keyType(t *catalog.Table) *value.Type {
	if len(t.PrimaryKey) != 1 {
		return nil
	}
	f, _, ok := t.FieldByName(t.PrimaryKey[0])
	if !ok || f.Type.Kind == value.KindAny {
		return nil
	}
	return &f.Type
}

// normalizeKey brings a key value to the kind that the table stores, so
// that its key encoding matches: a point get of `id = 2.0` on an int key
// reads key 2, a string finds a text key given as a symbol. ok is false
// when no key of that type can equal v (1.5 on an int key, none anywhere).
func normalizeKey(v value.Value, kt *value.Type) (value.Value, bool) {
	if v.IsNone() {
		return v, false
	}
	if kt == nil {
		if v.Kind() == value.KindFloat {
			if f := v.AsFloat(); f == math.Trunc(f) && math.Abs(f) < 1<<63 {
				return value.Int(int64(f)), true
			}
		}
		return v, keyable(v)
	}
	switch kt.Kind {
	case value.KindInt:
		switch v.Kind() {
		case value.KindInt:
			return v, true
		case value.KindFloat:
			f := v.AsFloat()
			if f == math.Trunc(f) && math.Abs(f) < 1<<63 {
				return value.Int(int64(f)), true
			}
			return v, false
		case value.KindDecimal:
			c, err := value.Convert(v, value.TypeInt8)
			if err != nil || !value.Equal(c, v) {
				return v, false
			}
			return c, true
		}
		return v, false
	case value.KindFloat:
		switch v.Kind() {
		case value.KindFloat:
			return v, true
		case value.KindInt, value.KindDecimal:
			c, err := value.Convert(v, value.TypeFloat8)
			if err != nil || !value.Equal(c, v) {
				return v, false
			}
			return c, true
		}
		return v, false
	case value.KindDecimal:
		switch v.Kind() {
		case value.KindDecimal:
			return v, true
		case value.KindInt, value.KindFloat:
			c, err := value.Convert(v, value.TypeNumeric)
			if err != nil || !value.Equal(c, v) {
				return v, false
			}
			return c, true
		}
		return v, false
	case value.KindString:
		switch v.Kind() {
		case value.KindString:
			return v, true
		case value.KindSymbol:
			if kt.CIText {
				return value.CIString(v.AsString()), true // its lower case
			}
			return value.String(v.AsString()), true
		}
		return v, false
	case value.KindSymbol:
		switch v.Kind() {
		case value.KindSymbol:
			return v, true
		case value.KindString:
			return value.Symbol(v.AsString()), true
		}
		return v, false
	}
	return v, v.Kind() == kt.Kind
}

// spanBound converts a key-range bound to the key type. ok=false leaves
// that side of the range open: the optimizer only derives ranges from
// predicates it keeps in the scan's filter, so an open side stays correct
// when a bound (a parameter of an unexpected type, none) has no place in
// key order.
func spanBound(v value.Value, kt *value.Type, lower, incl bool) (value.Value, bool, bool) {
	if v.IsNone() {
		return v, incl, false
	}
	if kt == nil {
		return v, incl, keyable(v)
	}
	if kt.Kind == value.KindInt && v.Kind() == value.KindFloat {
		f := v.AsFloat()
		if math.IsNaN(f) || math.Abs(f) >= 1<<62 {
			return v, incl, false
		}
		if f == math.Trunc(f) {
			return value.Int(int64(f)), incl, true
		}
		if lower {
			return value.Int(int64(math.Ceil(f))), true, true
		}
		return value.Int(int64(math.Floor(f))), true, true
	}
	n, ok := normalizeKey(v, kt)
	return n, incl, ok
}

// prefixEnd returns the smallest key greater than every key that starts
// with p (nil when there is none).
func prefixEnd(p []byte) []byte {
	end := append([]byte(nil), p...)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

func (r *run) nsID() (uint64, error) {
	if d := r.env.Database; d != nil {
		return d.Namespace, nil
	}
	if n := r.env.Namespace; n != nil {
		return n.ID, nil
	}
	return 0, errs.New(errs.InvalidCatalogName, "no database selected")
}

func (r *run) tablePrefix(buf []byte, t *catalog.Table) ([]byte, error) {
	ns, err := r.nsID()
	if err != nil {
		return buf, err
	}
	return keys.TablePrefix(buf, ns, t.Database, t.ID), nil
}

func (r *run) buildScan(n *plan.Scan) (iterator, error) {
	if n.Table == nil {
		return nil, internalf("scan without a table")
	}
	if sysview.IsVirtual(n.Table) || n.Table.Transition {
		return &virtualScan{r: r, n: n}, nil
	}
	if n.Table.Partitioned != nil {
		// SQL reads a partitioned table through a plan.Append of its
		// partitions; what scans it directly would read nothing.
		return nil, errs.New(errs.FeatureNotSupported, "reading partitioned table %q this way is not supported", n.Table.Name)
	}
	kt := keyType(n.Table)
	if n.Span != nil && n.Span.Point != nil {
		s := &pointScan{r: r, n: n, kt: kt, sh: newScanShape(n)}
		s.row = make([]value.Value, s.sh.width)
		s.key = s.kbuf[:0]
		return s, nil
	}
	s := &rangeScan{r: r, n: n, kt: kt, sh: newScanShape(n)}
	if r.par != nil && r.par.scan == n {
		// A parallel aggregate's worker: the records come from the
		// statement's one iterator of the scan.
		s.src = r.par.src
	}
	s.row = make([]value.Value, s.sh.width)
	if n.Fields == nil {
		// A pruned scan's filter reads columns, not the object: it
		// has nothing to decode lazily.
		s.lazy = newLazyFilter(n.Filter)
	} else {
		s.split = newFilterFirst(n, &s.sh)
		s.ints = newIntFilter(n.Filter)
	}
	if s.lazy != nil {
		s.lrow = make([]value.Value, 2+len(s.lazy.fields))
	}
	return s, nil
}

// scanRow finishes a scan row: checks the pushed filter.
func (r *run) scanFilter(n *plan.Scan, o outer, row []value.Value) (bool, error) {
	if n.Filter == nil {
		return true, nil
	}
	sc := o.scope(row)
	c, err := r.eval(n.Filter, &sc)
	if err != nil {
		return false, err
	}
	return isTrue(c), nil
}

// eachRecord calls fn with the key and the record of every record of t
// in the statement's transaction, in key order, until fn fails; the DDL
// that checks or indexes what a table holds reads it this way.
func (r *run) eachRecord(t *catalog.Table, fn func(key, obj value.Value) error) error {
	return r.eachRecordOf(t, nil, fn)
}

// eachRecordOf is eachRecord handing fn each record with only the
// top-level fields named in fields decoded (all when fields is nil): an
// index backfill reads one or two columns of every record.
func (r *run) eachRecordOf(t *catalog.Table, fields []string, fn func(key, obj value.Value) error) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	prefix, err := r.tablePrefix(nil, t)
	if err != nil {
		return err
	}
	kt := keyType(t)
	vals := make([]value.Value, len(fields))
	it := txn.Scan(r.ctx, prefix, prefixEnd(prefix), false)
	defer it.Close()
	for it.Next() {
		if err := r.tick(); err != nil {
			return err
		}
		k, err := keys.DecodeRecordKeyIn(prefix, it.Key())
		if err != nil {
			return err
		}
		if kt != nil {
			k, _ = normalizeKey(k, kt)
		}
		var obj value.Value
		if fields == nil {
			if obj, err = decodeRecord(it.Value()); err != nil {
				return err
			}
		} else {
			if err := value.DecodeFieldsInto(it.Value(), fields, vals); err != nil {
				return errs.From(err)
			}
			o := value.NewObject(len(fields))
			for i, name := range fields {
				o.Set(name, vals[i])
			}
			obj = value.ObjectOf(o)
		}
		if err := fn(k, obj); err != nil {
			return err
		}
	}
	if err := it.Err(); err != nil {
		return errs.From(err)
	}
	return nil
}

// decodeRecord decodes a stored record value.
func decodeRecord(b []byte) (value.Value, error) {
	v, err := value.Decode(b)
	if err != nil {
		return value.None, errs.From(err)
	}
	return v, nil
}

// scanShape is how a scan's rows hold what it decodes, worked out once
// per scan: [key, object], or with plan.Scan.Fields the fields as columns
// from base on, after the key column unless base is 0.
type scanShape struct {
	fields []string
	// decs hands out the decimals decoded, a chunk at a time; a pointer,
	// since a copy of the shape must not hand out the same ones.
	decs  *value.Decimals
	base  int
	width int
	pk    string // the typed key column's name, "" when untyped
	pkAt  int    // with fields: the column of the stored key, -1 if not decoded
}

func newScanShape(n *plan.Scan) scanShape {
	sh := scanShape{fields: n.Fields, width: 2, pkAt: -1, decs: &value.Decimals{}}
	if keyType(n.Table) != nil {
		sh.pk = n.Table.PrimaryKey[0]
	}
	if n.Fields != nil {
		sh.base = n.FieldsBase()
		sh.width = sh.base + len(n.Fields)
		if i := slices.Index(n.Fields, sh.pk); sh.pk != "" && i >= 0 {
			sh.pkAt = sh.base + i
		}
	}
	return sh
}

// hasKey reports whether the rows have a key column.
func (sh *scanShape) hasKey() bool { return sh.fields == nil || sh.base == 1 }

// decode decodes a record into row: the object into row[1], or the
// fields from row[base] on.
func (sh *scanShape) decode(b []byte, row []value.Value) error {
	if sh.fields == nil {
		obj, err := decodeRecord(b)
		row[1] = obj
		return err
	}
	if len(sh.fields) == 0 {
		// No field is read (count(*), a semi join on the key): the
		// record need not be walked at all.
		return nil
	}
	if err := sh.decs.DecodeFieldsInto(b, sh.fields, row[sh.base:]); err != nil {
		return errs.From(err)
	}
	return nil
}

// storedKey is the typed key column as stored in a decoded record (none
// when untyped, absent or not decoded).
func (sh *scanShape) storedKey(row []value.Value) value.Value {
	switch {
	case sh.pk == "":
		return value.None
	case sh.fields == nil:
		v, _ := row[1].AsObject().Get(sh.pk)
		return v
	case sh.pkAt >= 0:
		return row[sh.pkAt]
	}
	return value.None
}

// keyOf is the key a scan row reports. A typed primary-key column is
// stored in the record too, with its exact SQL type (an int4 stays an
// int4, a text key a string), which the key encoding does not keep.
func keyOf(t *catalog.Table, kt *value.Type, k, obj value.Value) value.Value {
	if kt != nil {
		if v, ok := obj.AsObject().Get(t.PrimaryKey[0]); ok && !v.IsNone() {
			return v
		}
	}
	return k
}

// pointScan is the point-get path: one kv Get and one decode. It keeps
// its key buffer and row across opens, so a prepared point query
// allocates only what decoding the record needs.
type pointScan struct {
	r    *run
	n    *plan.Scan
	kt   *value.Type
	o    outer
	key  []byte
	kv   value.Value
	done bool
	lim  int64
	sh   scanShape
	row  []value.Value
	kbuf [48]byte // backing store of key for the usual short keys
	// scans and found count the gets and the records they found, for
	// the statistics views (countScan at close).
	scans, found int64
}

func (s *pointScan) close() {
	if s.scans != 0 {
		s.r.countScan(s.n, s.scans, s.found)
		s.scans, s.found = 0, 0
	}
}

func (s *pointScan) open(o outer) error {
	s.o, s.done = o, true
	lim, err := s.r.rowCount(s.n.Limit, o, false)
	if err != nil {
		return err
	}
	s.lim = lim
	sc := o.scope(nil)
	v, err := s.r.eval(s.n.Span.Point, &sc)
	if err != nil {
		return err
	}
	v, ok := normalizeKey(v, s.kt)
	if !ok || lim == 0 {
		return nil
	}
	if s.key, err = s.r.tablePrefix(s.key[:0], s.n.Table); err != nil {
		return err
	}
	plen := len(s.key)
	if s.key, err = value.AppendKey(s.key, v); err != nil {
		return nil // not a key value: no record can have it
	}
	if s.kt == nil && (v.Kind() == value.KindString || v.Kind() == value.KindSymbol) {
		// A symbol and a string with the same text are the same key;
		// report the key as stored.
		if k, _, err := value.DecodeKey(s.key[plen:]); err == nil {
			v = k
		}
	}
	s.kv, s.done = v, false
	s.scans++
	return nil
}

// fetch reads the scan's record once per open (ok=false: none).
func (s *pointScan) fetch() (b []byte, ok bool, err error) {
	if s.done {
		return nil, false, nil
	}
	s.done = true
	txn, err := s.r.txn()
	if err != nil {
		return nil, false, err
	}
	if b, ok, err = txn.Get(s.r.ctx, s.key); err != nil {
		return nil, false, errs.From(err)
	}
	return b, ok, nil
}

func (s *pointScan) next() ([]value.Value, error) {
	b, ok, err := s.fetch()
	if !ok || err != nil {
		return nil, err
	}
	s.found++
	if err := s.sh.decode(b, s.row); err != nil {
		return nil, err
	}
	if s.sh.hasKey() {
		// A typed key as stored in the record (see keyOf).
		s.row[0] = s.kv
		if v := s.sh.storedKey(s.row); !v.IsNone() {
			s.row[0] = v
		}
	}
	if ok, err := s.r.scanFilter(s.n, s.o, s.row); !ok || err != nil {
		return nil, err
	}
	return s.row, nil
}

// rangeScan walks a key range of a table in key order (or reversed).
type rangeScan struct {
	r     *run
	n     *plan.Scan
	kt    *value.Type
	o     outer
	plen  int
	start []byte
	end   []byte
	it    kv.Iterator
	empty bool
	lim   int64
	count int64
	row   []value.Value
	lazy  *lazyFilter
	lrow  []value.Value // [key, none, fields of lazy...]
	sh    scanShape
	// implied: the range's bounds imply the filter (spanfilter.go).
	implied bool
	split   *filterFirst
	ints    *intFilter // the filter's comparisons of integers, when intsOn
	// intsOn: ints runs the filter in this open (its constants are
	// integers).
	intsOn bool
	// src, in a parallel aggregate's worker, is where the records come
	// from instead of an iterator of the scan's own (parallel.go).
	src *sharedScan
	// scans and read count the scans opened and the records they read,
	// for the statistics views (countScan at close). A parallel
	// aggregate's records are counted by the statement's scan whose
	// iterator the workers share (sharedScan.fill), not the workers'.
	scans, read int64
}

func (s *rangeScan) close() {
	if s.it != nil {
		_ = s.it.Close()
		s.it = nil
	}
	if s.scans != 0 && s.src == nil {
		s.r.countScan(s.n, s.scans, s.read)
	}
	s.scans, s.read = 0, 0
}

func (s *rangeScan) open(o outer) error {
	s.close()
	s.o, s.count, s.empty = o, 0, false
	s.intsOn = s.ints != nil && s.ints.open(s.r)
	lim, err := s.r.rowCount(s.n.Limit, o, false)
	if err != nil {
		return err
	}
	s.lim = lim
	s.scans++
	if err := s.bounds(o); err != nil {
		return err
	}
	if s.empty || lim == 0 {
		s.empty = true
		return nil
	}
	if s.src != nil {
		s.it = &batchReader{src: s.src}
		return nil
	}
	txn, err := s.r.txn()
	if err != nil {
		return err
	}
	s.it = txn.Scan(s.r.ctx, s.start, s.end, s.n.Reverse)
	return nil
}

func (s *rangeScan) bounds(o outer) error {
	prefix, err := s.r.tablePrefix(s.start[:0], s.n.Table)
	if err != nil {
		return err
	}
	s.plen = len(prefix)
	s.end = prefixEnd(prefix)
	s.start = prefix
	s.implied = false
	sp := s.n.Span
	if sp == nil {
		return nil
	}
	sc := o.scope(nil)
	var lo, hi appliedBound
	if sp.Lo != nil {
		v, err := s.r.eval(sp.Lo, &sc)
		if err != nil {
			return err
		}
		if v, incl, ok := spanBound(v, s.kt, true, sp.LoInclusive); ok {
			k, err := value.AppendKey(append([]byte(nil), prefix...), v)
			if err == nil {
				if !incl {
					k = prefixEnd(k)
				}
				s.start = k
				lo = appliedBound{true, sp.Lo, v, incl}
			}
		}
	}
	if sp.Hi != nil {
		v, err := s.r.eval(sp.Hi, &sc)
		if err != nil {
			return err
		}
		if v, incl, ok := spanBound(v, s.kt, false, sp.HiInclusive); ok {
			k, err := value.AppendKey(append([]byte(nil), prefix[:s.plen]...), v)
			if err == nil {
				if incl {
					k = prefixEnd(k)
				}
				s.end = k
				hi = appliedBound{true, sp.Hi, v, incl}
			}
		}
	}
	if s.end != nil && string(s.start) >= string(s.end) {
		s.empty = true
	}
	s.implied = spanFilterImplied(s.n, s.kt, lo, hi)
	return nil
}

func (s *rangeScan) next() ([]value.Value, error) {
	if s.empty || s.it == nil {
		return nil, nil
	}
	if s.lim >= 0 && s.count >= s.lim {
		return nil, nil
	}
	for s.it.Next() {
		if err := s.r.tick(); err != nil {
			return nil, err
		}
		s.read++
		k := s.it.Key()
		if len(k) < s.plen {
			return nil, errs.New(errs.DataCorrupted, "record key shorter than its table prefix")
		}
		if s.lazy != nil && !s.implied {
			ok, err := s.lazyFilter(k[s.plen:], s.it.Value())
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
		}
		ok, err := s.decodePassing(k[s.plen:], s.it.Value())
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		s.count++
		return s.row, nil
	}
	if err := s.it.Err(); err != nil {
		return nil, errs.From(err)
	}
	return nil, nil
}

// decodePassing decodes a record into s.row, the filter's fields first
// when that is how the scan filters, and reports whether it passes the
// filter (unless a lazy filter passed it already or the bounds imply it).
func (s *rangeScan) decodePassing(kb, vb []byte) (bool, error) {
	if s.split != nil && !s.implied {
		return s.split.decode(s, kb, vb)
	}
	if err := s.decodeRow(s.row, kb, vb); err != nil {
		return false, err
	}
	if s.lazy != nil || s.implied {
		return true, nil
	}
	return s.filter(s.row)
}

// decodeRow decodes a stored record (its key without the table prefix,
// and its value) into row (of s.sh.width columns).
func (s *rangeScan) decodeRow(row []value.Value, kb, vb []byte) error {
	if err := s.sh.decode(vb, row); err != nil {
		return err
	}
	return s.setKey(row, kb)
}

// setKey sets the key column of a decoded row, if it has one.
func (s *rangeScan) setKey(row []value.Value, kb []byte) error {
	if !s.sh.hasKey() {
		return nil
	}
	key := s.sh.storedKey(row)
	if key.IsNone() {
		var err error
		if key, _, err = value.DecodeKey(kb); err != nil {
			return errs.From(err)
		}
		if s.kt != nil {
			key, _ = normalizeKey(key, s.kt)
		}
	}
	row[0] = key
	return nil
}

// rawOK reports whether nextRaw may be used: the scan's filter, if any,
// runs on individually decoded fields (of the object, or a pruned scan's
// filter-first fields) and no limit counts rows.
func (s *rangeScan) rawOK() bool {
	if s.n.Limit != nil {
		return false
	}
	if s.n.Fields == nil {
		return s.n.Filter == nil || s.lazy != nil
	}
	return s.n.Filter == nil || s.implied || s.split != nil
}

// rawColumns maps the columns of a pruned scan's rows to the fields they
// hold, for computing expressions over them from stored bytes; nil for a
// scan of key and object. The key column maps to no field: the raw path
// decodes it from the record's key (normalized to the key's type).
func (s *rangeScan) rawColumns() func(int) (string, bool) {
	if s.n.Fields == nil {
		return nil
	}
	sh := &s.sh
	return func(idx int) (string, bool) {
		switch {
		case sh.hasKey() && idx == 0:
			return "", false
		case idx >= sh.base && idx < sh.width:
			return sh.fields[idx-sh.base], true
		}
		return "", false
	}
}

// nextRaw returns the next record that passes the filter without decoding
// it: its key (without the table prefix) and stored value, valid until
// the next call. A Sort keeping the top k rows decodes only those.
func (s *rangeScan) nextRaw() (kb, vb []byte, err error) {
	if s.empty || s.it == nil {
		return nil, nil, nil
	}
	for s.it.Next() {
		if err := s.r.tick(); err != nil {
			return nil, nil, err
		}
		s.read++
		k := s.it.Key()
		if len(k) < s.plen {
			return nil, nil, errs.New(errs.DataCorrupted, "record key shorter than its table prefix")
		}
		if s.lazy != nil && !s.implied {
			ok, err := s.lazyFilter(k[s.plen:], s.it.Value())
			if err != nil {
				return nil, nil, err
			}
			if !ok {
				continue
			}
		}
		if s.split != nil && !s.implied {
			// A pruned scan's filter reads the filter-first fields.
			if err := s.split.fill(s.row, s.it.Value(), s.split.first, s.split.firstAt); err != nil {
				return nil, nil, err
			}
			ok, err := s.filter(s.row)
			if err != nil {
				return nil, nil, err
			}
			if !ok {
				continue
			}
		}
		return k[s.plen:], s.it.Value(), nil
	}
	if err := s.it.Err(); err != nil {
		return nil, nil, errs.From(err)
	}
	return nil, nil, nil
}

// lazyFilter evaluates the pushed filter on the fields it reads, decoded
// one by one from the stored record.
func (s *rangeScan) lazyFilter(kb, raw []byte) (bool, error) {
	key, _, err := value.DecodeKey(kb)
	if err != nil {
		return false, errs.From(err)
	}
	if s.kt != nil {
		key, _ = normalizeKey(key, s.kt)
	}
	s.lrow[0] = key
	if err := s.lazy.fill(s.lrow, raw); err != nil {
		return false, errs.From(err)
	}
	sc := s.o.scope(s.lrow)
	c, err := s.r.eval(s.lazy.cond, &sc)
	if err != nil {
		return false, err
	}
	return isTrue(c), nil
}

// table resolves a table of the current database by name (for record
// links), once per statement.
func (r *run) table(name string, pos int) (*catalog.Table, error) {
	for _, t := range r.tables {
		if t.Name == name {
			return t, nil
		}
	}
	if r.env.Database == nil {
		return nil, errAt(pos, errs.InvalidCatalogName, "no database selected")
	}
	txn, err := r.txn()
	if err != nil {
		return nil, err
	}
	t, err := r.x.cat.Table(r.ctx, txn, r.env.Database, name)
	if err != nil {
		return nil, atPos(err, pos)
	}
	r.tables = append(r.tables, t)
	return t, nil
}

// fetchRecord reads the record a record id points to: its stored object,
// or none when it does not exist.
func (r *run) fetchRecord(id value.RecordID, pos int) (value.Value, error) {
	b, found, err := r.recordBytes(id, pos)
	if err != nil || !found {
		return value.None, err
	}
	return decodeRecord(b)
}

// recordBytes reads the encoded record a record id points to; found is
// false when it does not exist. b must not be modified (it may be the
// cache's).
func (r *run) recordBytes(id value.RecordID, pos int) (b []byte, found bool, err error) {
	t, err := r.table(id.Table, pos)
	if err != nil {
		return nil, false, err
	}
	if t.Partitioned != nil {
		// A partitioned table's records (ZQL names them by the table)
		// are its partitions': the one that has the key holds it.
		schema := id.Table[:strings.LastIndexByte(id.Table, '.')+1]
		for _, name := range t.Partitions {
			if b, found, err = r.recordBytes(value.RecordID{Table: schema + name, Key: id.Key}, pos); err != nil || found {
				return b, found, err
			}
		}
		return nil, false, nil
	}
	k, ok := normalizeKey(id.Key, keyType(t))
	if !ok {
		return nil, false, nil
	}
	buf, err := r.tablePrefix(r.keyBuf[:0], t)
	if err != nil {
		return nil, false, err
	}
	if buf, err = value.AppendKey(buf, k); err != nil {
		return nil, false, nil
	}
	r.keyBuf = buf
	txn, err := r.txn()
	if err != nil {
		return nil, false, err
	}
	// Through the adjacency cache, which holds hot vertices' records
	// too: traversal step filters read one per vertex they reach.
	b, found, err = r.x.GraphCache.Get(r.ctx, txn, buf)
	if err != nil {
		return nil, false, errs.From(err)
	}
	return b, found, nil
}
