package exec

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// indexPartValue is the value a path part p of an index takes for a
// record object: the field at p.Path (none when any step is missing or
// not an object), as text when p.AsText. It must agree with what the
// plan's expressions compute for the same path (Field, Index by a string,
// Cast to text), because the optimizer reads the index for those
// expressions. Expression parts go through run.partValue.
func indexPartValue(obj value.Value, p *catalog.IndexPart) value.Value {
	v := obj
	for _, name := range p.Path {
		if v.Kind() != value.KindObject {
			return value.None
		}
		v, _ = v.AsObject().Get(name)
	}
	if p.AsText && !v.IsNone() {
		t, err := value.ConvertExplicit(v, value.TypeText)
		if err != nil {
			return value.None
		}
		v = t
	}
	return v
}

// indexExprKey names a compiled index expression: its text means what it
// means over one descriptor's columns (an ALTER TABLE of the statement
// gives the table another descriptor).
type indexExprKey struct {
	table *catalog.Table
	src   string
}

// partValue is the value part p of an index of t takes for the record
// (key, obj): a path's value, or the part's expression evaluated over the
// row [key, obj] (its errors are the write's, as in PostgreSQL).
func (r *run) partValue(t *catalog.Table, key, obj value.Value, p *catalog.IndexPart) (value.Value, error) {
	if p.Expr == "" {
		return indexPartValue(obj, p), nil
	}
	x, err := r.indexExpr(t, p.Expr)
	if err != nil {
		return value.None, err
	}
	row := [2]value.Value{key, obj}
	return r.eval(x, &scope{row: row[:]})
}

// indexExpr compiles an index expression of t once per run.
func (r *run) indexExpr(t *catalog.Table, src string) (plan.Expr, error) {
	k := indexExprKey{t, src}
	if x, ok := r.indexExprs[k]; ok {
		return x, nil
	}
	x, err := r.x.compileIndexExpr(t, src)
	if err != nil {
		return nil, err
	}
	if r.indexExprs == nil {
		r.indexExprs = make(map[indexExprKey]plan.Expr)
	}
	r.indexExprs[k] = x
	return x, nil
}

// indexExprCache keeps compiled index expressions for every run:
// compiling parses SQL, which costs more than the write that needs it.
// An entry is keyed by the text and the table's columns with their types,
// all the compilation depends on (index expressions call only immutable
// builtins), so it is never stale.
type indexExprCache struct {
	mu sync.Mutex
	m  map[string]plan.Expr
}

// maxIndexExprs bounds the cache; when full it starts over.
const maxIndexExprs = 1024

// compileIndexExpr is IndexExprCompiler through the cache.
func (x *Executor) compileIndexExpr(t *catalog.Table, src string) (plan.Expr, error) {
	if x.IndexExprCompiler == nil {
		return nil, errs.New(errs.FeatureNotSupported, "index expression %s cannot be evaluated here", src)
	}
	var b strings.Builder
	b.WriteString(src)
	b.WriteByte(0)
	b.WriteString(strconv.FormatBool(t.Schemafull))
	for _, f := range t.Fields {
		b.WriteByte(0)
		b.WriteString(f.Name)
		b.WriteByte(0)
		b.WriteString(f.Type.String())
		b.WriteByte(0)
		b.WriteString(f.Type.SQLName())
	}
	key := b.String()
	c := &x.indexExprs
	c.mu.Lock()
	e, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		return e, nil
	}
	e, err := x.IndexExprCompiler(t, src)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxIndexExprs {
		c.m = make(map[string]plan.Expr)
	}
	c.m[key] = e
	c.mu.Unlock()
	return e, nil
}

// indexParts appends the encoded parts of ix for the record (key, obj)
// of t and reports whether some part is none, which makes the entry one
// that conflicts with no other (never with NULLS NOT DISTINCT).
func (r *run) indexParts(buf []byte, t *catalog.Table, ix *catalog.Index, key, obj value.Value) ([]byte, bool, error) {
	hasNone := false
	for i := range ix.Parts {
		p := &ix.Parts[i]
		v, err := r.partValue(t, key, obj, p)
		if err != nil {
			return nil, false, err
		}
		hasNone = hasNone || v.IsNone() && !ix.NullsNotDistinct
		buf = keys.AppendIndexPart(buf, v, p.Desc)
	}
	return buf, hasNone, nil
}

// covers reports whether the partial index ix has an entry for the
// record (key, obj): its predicate is true (not false, not null) there.
// A full index covers every record.
func (r *run) covers(t *catalog.Table, ix *catalog.Index, key, obj value.Value) (bool, error) {
	if !ix.Partial() {
		return true, nil
	}
	x, err := r.indexExpr(t, ix.Where)
	if err != nil {
		return false, err
	}
	row := [2]value.Value{key, obj}
	v, err := r.eval(x, &scope{row: row[:]})
	if err != nil {
		return false, err
	}
	return v.Kind() == value.KindBool && v.AsBool(), nil
}

// indexEntry is the kv key of the entry of ix for the record (key, obj),
// and the entry's value (the encoded record key); see keys/index.go. The
// entry is nil when ix is partial and does not cover the record.
func (r *run) indexEntry(t *catalog.Table, ix *catalog.Index, key, obj value.Value) (entry, rk []byte, err error) {
	entry, rk, _, err = r.indexEntryKeyed(t, ix, key, obj)
	return entry, rk, err
}

// indexEntryKeyed is indexEntry that also reports whether the entry's
// parts are a key a unique index holds once (no part none): keyed is
// then how much of entry is the index prefix and the parts.
func (r *run) indexEntryKeyed(t *catalog.Table, ix *catalog.Index, key, obj value.Value) (entry, rk []byte, keyed int, err error) {
	if ok, err := r.covers(t, ix, key, obj); err != nil || !ok {
		return nil, nil, 0, err
	}
	ns, err := r.nsID()
	if err != nil {
		return nil, nil, 0, err
	}
	rk, err = value.AppendKey(nil, key)
	if err != nil {
		return nil, nil, 0, errs.From(err)
	}
	parts, hasNone, err := r.indexParts(nil, t, ix, key, obj)
	if err != nil {
		return nil, nil, 0, err
	}
	entry = keys.IndexEntryKey(nil, ns, t.Database, ix.ID, parts, rk, ix.Immediate() && !hasNone)
	if ix.Unique && !hasNone {
		keyed = len(entry)
		if !ix.Immediate() {
			keyed -= len(rk)
		}
	}
	return entry, rk, keyed, nil
}

// maintainOrderedIndex updates the entries of an ordered secondary index
// for one record change (see recordChanged): the old record's entry goes,
// the new one's comes, and nothing is written when the indexed values did
// not change. A unique index refuses a new entry another record holds.
func (r *run) maintainOrderedIndex(t *catalog.Table, ix *catalog.Index, key, old, new value.Value, pos int) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	var oldEntry, newEntry, rk []byte
	keyed := 0
	if !old.IsNone() {
		if oldEntry, rk, err = r.indexEntry(t, ix, key, old); err != nil {
			return err
		}
	}
	if !new.IsNone() {
		if newEntry, rk, keyed, err = r.indexEntryKeyed(t, ix, key, new); err != nil {
			return err
		}
	}
	if oldEntry != nil && newEntry != nil && string(oldEntry) == string(newEntry) {
		return nil
	}
	if oldEntry != nil {
		if err := txn.Delete(oldEntry); err != nil {
			return errs.From(err)
		}
	}
	if newEntry == nil {
		return nil
	}
	if ix.Deferrable && keyed > 0 {
		r.noteUnique(t, ix, newEntry[:keyed])
	}
	return r.putIndexEntry(txn, t, ix, newEntry, rk, key, new, pos)
}

// putIndexEntry writes one entry, refusing it (23505) when a unique
// entry of another record is there (a deferrable unique index's wait
// for their check: noteUnique).
func (r *run) putIndexEntry(txn kv.Txn, t *catalog.Table, ix *catalog.Index, entry, rk []byte, key, obj value.Value, pos int) error {
	if ix.Immediate() {
		have, ok, err := txn.Get(r.ctx, entry)
		if err != nil {
			return errs.From(err)
		}
		if ok && string(have) != string(rk) {
			return atPos(r.uniqueViolation(t, ix, key, obj), pos)
		}
	}
	if err := txn.Put(entry, rk); err != nil {
		return errs.From(err)
	}
	return nil
}

// uniqueViolation is PostgreSQL's 23505 for a unique index, with the
// conflicting parts in the detail.
func (r *run) uniqueViolation(t *catalog.Table, ix *catalog.Index, key, obj value.Value) error {
	cols := make([]string, len(ix.Parts))
	vals := make([]string, len(ix.Parts))
	for i := range ix.Parts {
		cols[i] = plan.IndexPartText(ix.Parts[i])
		v, err := r.partValue(t, key, obj, &ix.Parts[i])
		if err != nil {
			return err
		}
		typ := value.Any
		if part := &ix.Parts[i]; part.Expr == "" && len(part.Path) == 1 {
			typ = columnType(t, part.Path[0])
		}
		vals[i] = keyText(v, typ)
	}
	return errs.New(errs.UniqueViolation, "duplicate key value violates unique constraint %q", ix.Name).
		WithDetail("Key (%s)=(%s) already exists.", strings.Join(cols, ", "), strings.Join(vals, ", "))
}

// backfillIndex fills a new index from the records its table already has,
// in the creating transaction, by kind.
func (r *run) backfillIndex(t *catalog.Table, ix *catalog.Index) (*catalog.Index, error) {
	switch ix.Kind {
	case catalog.IndexBTree:
		return r.backfillOrderedIndex(t, ix)
	case catalog.IndexHNSW:
		return ix, r.backfillVectorIndex(t, ix)
	case catalog.IndexGIN, catalog.IndexTrgm:
		return r.backfillGINIndex(t, ix)
	}
	return nil, internalf("index %q of unknown kind %q", ix.Name, ix.Kind)
}

// backfillOrderedIndex writes the entry of every record of t (checking
// uniqueness as it goes) and returns ix with fresh statistics.
func (r *run) backfillOrderedIndex(t *catalog.Table, ix *catalog.Index) (*catalog.Index, error) {
	return r.scanForIndex(t, ix, true)
}

// scanForIndex reads every record of t for index ix, gathering its
// statistics, and writes the entries when write is set (a backfill; an
// ANALYZE only counts). It returns ix with the new statistics.
func (r *run) scanForIndex(t *catalog.Table, ix *catalog.Index, write bool) (*catalog.Index, error) {
	txn, err := r.txn()
	if err != nil {
		return nil, err
	}
	var st indexStats
	// A non-unique index's entries are written in key order once all
	// are known: they then append to the write buffer's tail, where in
	// the table's order each was a B-tree insert (half the time of a
	// CREATE INDEX went there). A unique index's are written as they
	// come, each checked against those before it.
	var sorted sortedEntries
	// A deferrable unique index's keys are checked once all are
	// written, as the index's keys are not unique in the layout.
	var deferred [][]byte
	err = r.eachRecordOf(t, indexFields(ix), func(k, obj value.Value) error {
		if ok, err := r.covers(t, ix, k, obj); err != nil || !ok {
			return err
		}
		if write {
			entry, rk, keyed, err := r.indexEntryKeyed(t, ix, k, obj)
			if err != nil {
				return err
			}
			if ix.Deferrable && keyed > 0 {
				deferred = append(deferred, entry[:keyed])
			}
			if !ix.Immediate() {
				sorted.add(entry, rk)
			} else if err := r.putIndexEntry(txn, t, ix, entry, rk, k, obj, 0); err != nil {
				return buildViolation(ix, err)
			}
		}
		parts, _, err := r.indexParts(nil, t, ix, k, obj)
		if err != nil {
			return err
		}
		st.add(parts)
		return nil
	})
	if err == nil {
		err = sorted.put(txn)
	}
	for _, k := range deferred {
		if err != nil {
			break
		}
		err = buildViolation(ix, r.checkUnique(t, ix, k))
	}
	if err != nil {
		return nil, err
	}
	out := *ix
	out.Options = st.options(ix.Options)
	return &out, nil
}

// buildViolation words a duplicate found while building the unique
// index ix as PostgreSQL does; other errors pass.
func buildViolation(ix *catalog.Index, err error) error {
	if errs.Code(err) == errs.UniqueViolation {
		e := errs.From(err)
		detail := strings.Replace(e.Detail, ") already exists.", ") is duplicated.", 1)
		return errs.New(errs.UniqueViolation, "could not create unique index %q", ix.Name).WithDetail("%s", detail)
	}
	return err
}

// Index statistics are kept in the index's Options, so the optimizer
// reads them from the descriptor it already has: the table's record count
// and an estimate of the number of distinct part tuples, both as of the
// index's creation (or the last ANALYZE). They steer the choice between
// indexes; they never change an answer.
const (
	statRows     = catalog.IndexStatRows
	statDistinct = catalog.IndexStatDistinct
)

// indexStats counts rows and estimates distinct part tuples by adaptive
// sampling: hashes are kept while below a threshold that halves whenever
// the sample outgrows maxSample, so memory stays bounded for any table.
type indexStats struct {
	rows   uint64
	level  uint
	sample map[uint64]struct{}
}

const maxSample = 1 << 14

func (s *indexStats) add(parts []byte) {
	s.rows++
	if s.sample == nil {
		s.sample = make(map[uint64]struct{})
	}
	h := fnv64(parts)
	if s.level > 0 && h>>(64-s.level) != 0 {
		return
	}
	s.sample[h] = struct{}{}
	for len(s.sample) > maxSample {
		s.level++
		for k := range s.sample {
			if k>>(64-s.level) != 0 {
				delete(s.sample, k)
			}
		}
	}
}

func (s *indexStats) distinct() uint64 { return uint64(len(s.sample)) << s.level }

func (s *indexStats) options(base map[string]string) map[string]string {
	out := make(map[string]string, len(base)+2)
	for k, v := range base {
		out[k] = v
	}
	out[statRows] = strconv.FormatUint(s.rows, 10)
	out[statDistinct] = strconv.FormatUint(min(s.distinct(), s.rows), 10)
	return out
}

func fnv64(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	// FNV's high bits mix poorly for short inputs; the sampling reads them.
	h ^= h >> 29
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 32
	return h
}

// createIndex runs CREATE INDEX / index::create: the catalog entry, then
// the backfill, then the statistics the backfill gathered.
func (it *ddlIter) createIndex(n *plan.CreateIndex) error {
	r := it.r
	txn, err := r.txn()
	if err != nil {
		return err
	}
	db, err := r.database()
	if err != nil {
		return err
	}
	ix := n.Index
	ix.Parts = append([]catalog.IndexPart(nil), n.Index.Parts...)
	t, err := r.makeIndex(txn, db, n.Table, ix, n.AutoName)
	if err != nil {
		return ignoreIf(err, n.IfNotExists, errs.DuplicateTable)
	}
	if t.Partitioned != nil && !n.Only {
		return r.indexPartitions(db, t, ix)
	}
	return nil
}

// makeIndex makes index ix of table: its catalog entry, its entries for
// the records the table has, and the statistics that backfill gathered.
// With autoName a taken name gets a number appended until one is free
// (a generated name, as PostgreSQL's t_col_idx1). It returns the table
// as it stored it.
func (r *run) makeIndex(txn kv.Txn, db *catalog.Database, table string, ix catalog.Index, autoName bool) (*catalog.Table, error) {
	base := ix.Name
	t, created, err := r.x.cat.CreateIndex(r.ctx, txn, db, table, ix)
	for i := 1; err != nil && autoName && errs.Code(err) == errs.DuplicateTable; i++ {
		ix.Name = base + strconv.Itoa(i)
		t, created, err = r.x.cat.CreateIndex(r.ctx, txn, db, table, ix)
	}
	if err != nil {
		return nil, err
	}
	filled, err := r.backfillIndex(t, created)
	if err != nil {
		return nil, err
	}
	return t, r.storeIndexes(db, t, filled)
}

// storeIndexes stores t with the given indexes replacing those of the
// same ID (their statistics changed).
func (r *run) storeIndexes(db *catalog.Database, t *catalog.Table, ixs ...*catalog.Index) error {
	return r.storeStats(db, t, t.Stats, ixs...)
}

// storeStats stores t with the table statistics st and the given indexes
// replacing those of the same ID.
func (r *run) storeStats(db *catalog.Database, t *catalog.Table, st *catalog.TableStats, ixs ...*catalog.Index) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	changed := *t
	changed.Stats = st
	changed.Indexes = append([]catalog.Index(nil), t.Indexes...)
	for i := range changed.Indexes {
		for _, ix := range ixs {
			if changed.Indexes[i].ID == ix.ID {
				changed.Indexes[i] = *ix
			}
		}
	}
	return ignoreIf(r.x.cat.AlterTable(r.ctx, txn, db, &changed), false, "")
}

// analyze recomputes the row counts and the statistics of the ordered
// indexes of the named tables, or of every table of the database and
// its schemas.
func (it *ddlIter) analyze(n *plan.Analyze) error {
	r := it.r
	txn, err := r.txn()
	if err != nil {
		return err
	}
	db, err := r.database()
	if err != nil {
		return err
	}
	if len(n.Tables) > 0 {
		tables := make([]*catalog.Table, len(n.Tables))
		for i, name := range n.Tables {
			if tables[i], err = r.x.cat.Table(r.ctx, txn, db, name); err != nil {
				return errs.From(err)
			}
		}
		return r.analyzeTables(db, tables)
	}
	scopes := []*catalog.Database{db}
	if !db.IsSchema() {
		schemas, err := r.x.cat.Schemas(r.ctx, txn, db)
		if err != nil {
			return errs.From(err)
		}
		scopes = append(scopes, schemas...)
	}
	for _, sc := range scopes {
		tables, err := r.x.cat.Tables(r.ctx, txn, sc)
		if err != nil {
			return errs.From(err)
		}
		if err := r.analyzeTables(sc, tables); err != nil {
			return err
		}
	}
	return nil
}

// analyzeTables is analyze of tables of database or schema db.
func (r *run) analyzeTables(db *catalog.Database, tables []*catalog.Table) error {
	for _, t := range tables {
		var fresh []*catalog.Index
		for i := range t.Indexes {
			if ix := &t.Indexes[i]; ix.Kind == catalog.IndexBTree {
				f, err := r.scanForIndex(t, ix, false)
				if err != nil {
					return err
				}
				fresh = append(fresh, f)
			}
		}
		rows, err := r.countRecords(t)
		if err != nil {
			return err
		}
		if r.x.Stats != nil && r.env.Stats != nil {
			// n_live_tup counts from the rows stored now (storeStats).
			r.x.Stats.Table(r.env.Stats.DB, t.Database, t.ID).Analyzed(r.now)
		}
		if len(fresh) == 0 && t.Stats != nil && t.Stats.Rows == rows {
			// Nothing changed: the descriptor, and the plans made with
			// it, stay.
			continue
		}
		if err := r.storeStats(db, t, &catalog.TableStats{Rows: rows}, fresh...); err != nil {
			return err
		}
	}
	return nil
}

// countRecords counts the records of t, reading only their keys' places
// (nothing is decoded): the row count ANALYZE keeps.
func (r *run) countRecords(t *catalog.Table) (int64, error) {
	txn, err := r.txn()
	if err != nil {
		return 0, err
	}
	prefix, err := r.tablePrefix(nil, t)
	if err != nil {
		return 0, err
	}
	it := txn.Scan(r.ctx, prefix, prefixEnd(prefix), false)
	defer it.Close()
	var n int64
	for it.Next() {
		if err := r.tick(); err != nil {
			return 0, err
		}
		n++
	}
	if err := it.Err(); err != nil {
		return 0, errs.From(err)
	}
	return n, nil
}

// createTableIndexes makes the unique indexes of CREATE TABLE's UNIQUE
// constraints on the new, empty table.
func (it *ddlIter) createTableIndexes(db *catalog.Database, table string, ixs []catalog.Index) error {
	txn, err := it.r.txn()
	if err != nil {
		return err
	}
	for _, ix := range ixs {
		ix.Parts = append([]catalog.IndexPart(nil), ix.Parts...)
		if _, _, err := it.r.x.cat.CreateIndex(it.r.ctx, txn, db, table, ix); err != nil {
			return err
		}
	}
	return nil
}

// uniqueConflict reports whether a unique index of t holds the parts of
// obj for another record than key.
func (r *run) uniqueConflict(t *catalog.Table, key, obj value.Value) (bool, error) {
	txn, err := r.txn()
	if err != nil {
		return false, err
	}
	if slices.ContainsFunc(t.Exclusions, func(ex catalog.Exclusion) bool { return ex.Deferrable }) {
		return false, errDeferrableArbiter()
	}
	for i := range t.Indexes {
		ix := &t.Indexes[i]
		if ix.Kind != catalog.IndexBTree || !ix.Unique {
			continue
		}
		if ix.Deferrable {
			// Every unique index is an arbiter here: PostgreSQL refuses
			// a deferrable one (and a deferrable EXCLUDE constraint,
			// above).
			return false, errDeferrableArbiter()
		}
		entry, rk, err := r.indexEntry(t, ix, key, obj)
		if err != nil {
			return false, err
		}
		if entry == nil {
			continue
		}
		have, ok, err := txn.Get(r.ctx, entry)
		if err != nil {
			return false, errs.From(err)
		}
		if ok && string(have) != string(rk) {
			return true, nil
		}
	}
	return false, nil
}

// indexFields are the top-level fields of a record that ix's entries
// read, nil when that is not known (an expression or a predicate may
// read any).
func indexFields(ix *catalog.Index) []string {
	if ix.Partial() {
		return nil
	}
	var fields []string
	for _, p := range ix.Parts {
		if p.Expr != "" || len(p.Path) == 0 {
			return nil
		}
		if !slices.Contains(fields, p.Path[0]) {
			fields = append(fields, p.Path[0])
		}
	}
	return fields
}

// sortedEntries gathers index entries (key and value) in one buffer, to
// write them in key order.
type sortedEntries struct {
	buf  []byte
	ends [][2]int // per entry: the end of its key and of its value in buf
}

func (s *sortedEntries) add(key, val []byte) {
	s.buf = append(s.buf, key...)
	k := len(s.buf)
	s.buf = append(s.buf, val...)
	s.ends = append(s.ends, [2]int{k, len(s.buf)})
}

// put writes the entries into txn in key order.
func (s *sortedEntries) put(txn kv.Txn) error {
	type entry struct{ key, val []byte }
	entries := make([]entry, len(s.ends))
	start := 0
	for i, e := range s.ends {
		entries[i] = entry{s.buf[start:e[0]:e[0]], s.buf[e[0]:e[1]:e[1]]}
		start = e[1]
	}
	// Every key begins with the index's prefix: the comparisons start
	// after what all keys share.
	common := 0
	if len(entries) > 0 {
		first := entries[0].key
		common = len(first)
		for _, e := range entries[1:] {
			n := 0
			for n < common && n < len(e.key) && e.key[n] == first[n] {
				n++
			}
			common = n
		}
	}
	slices.SortFunc(entries, func(a, b entry) int { return bytes.Compare(a.key[common:], b.key[common:]) })
	for _, e := range entries {
		if err := txn.Put(e.key, e.val); err != nil {
			return errs.From(err)
		}
	}
	return nil
}
