package exec

import (
	"encoding/binary"
	"hash/fnv"
	"slices"
	"strconv"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
	"github.com/zerodb/zerodb/vector"
)

// Layout of one HNSW index under keys.VectorIndexPrefix P (DropIndex and
// DropTable clear all of P):
//
//	P 'g' ...            the graph (package vector's layout)
//	P 'k' <id>           the record key (value key encoding) of vector id
//	P 'i' <record key>   the vector id of a record
//
// package vector names vectors by uint64 ids; a record key may be any
// value, so each indexed record gets an id: a hash of its key, probed
// forward past ids another key holds. The two maps make both directions
// one Get.
const (
	vecTagGraph = 'g'
	vecTagID    = 'k'
	vecTagKey   = 'i'
)

// defaultEfSearch is pgvector's default hnsw.ef_search.
const defaultEfSearch = 40

// vectorCacheBytes bounds the process-wide cache of decoded vectors.
const vectorCacheBytes = 256 << 20

// maxVectorSearchK is the largest LIMIT an HNSW search serves; a larger
// one reads the table (the search's candidate list would be as large).
const maxVectorSearchK = 10000

// hnswIndex is an opened vector index of one table.
type hnswIndex struct {
	r      *run
	txn    kv.Txn
	base   []byte
	graph  *vector.Index
	keyBuf []byte
}

func (r *run) vectorIndexBase(t *catalog.Table, ix *catalog.Index) ([]byte, error) {
	ns, err := r.nsID()
	if err != nil {
		return nil, err
	}
	return keys.VectorIndexPrefix(nil, ns, t.Database, ix.ID), nil
}

// openVectorIndex opens the HNSW graph of ix (one Get of its config).
func (r *run) openVectorIndex(t *catalog.Table, ix *catalog.Index) (*hnswIndex, error) {
	return r.vectorGraph(t, ix, func(txn kv.Txn, prefix []byte, opts vector.Options) (*vector.Index, error) {
		return vector.Open(r.ctx, txn, prefix, opts)
	})
}

// vectorGraph makes the handle of ix with the graph get returns (opened
// or created under the graph's prefix).
func (r *run) vectorGraph(t *catalog.Table, ix *catalog.Index, get func(kv.Txn, []byte, vector.Options) (*vector.Index, error)) (*hnswIndex, error) {
	txn, err := r.txn()
	if err != nil {
		return nil, err
	}
	base, err := r.vectorIndexBase(t, ix)
	if err != nil {
		return nil, err
	}
	g, err := get(txn, append(base[:len(base):len(base)], vecTagGraph), vector.Options{Cache: r.x.vectors})
	if err != nil {
		return nil, err
	}
	return &hnswIndex{r: r, txn: txn, base: base, graph: g}, nil
}

func (h *hnswIndex) key(tag byte, rest []byte) []byte {
	h.keyBuf = append(append(append(h.keyBuf[:0], h.base...), tag), rest...)
	return h.keyBuf
}

// idOf returns the vector id of a record key, if it has one.
func (h *hnswIndex) idOf(recKey []byte) (uint64, bool, error) {
	b, ok, err := h.txn.Get(h.r.ctx, h.key(vecTagKey, recKey))
	if err != nil {
		return 0, false, errs.From(err)
	}
	if !ok {
		return 0, false, nil
	}
	if len(b) != 8 {
		return 0, false, internalf("vector index: corrupt id of a record")
	}
	return binary.BigEndian.Uint64(b), true, nil
}

// recordKeyOf returns the record key of a vector id (a copy: Get's
// slice lives only until the next call on the Txn).
func (h *hnswIndex) recordKeyOf(id uint64) ([]byte, bool, error) {
	b, ok, err := h.txn.Get(h.r.ctx, h.key(vecTagID, kv.AppendUint64(nil, id)))
	if err != nil {
		return nil, false, errs.From(err)
	}
	return append([]byte(nil), b...), ok, nil
}

// assign gives a record key an id: its hash, probed past taken ids.
func (h *hnswIndex) assign(recKey []byte) (uint64, error) {
	f := fnv.New64a()
	_, _ = f.Write(recKey)
	id := f.Sum64()
	for {
		_, taken, err := h.recordKeyOf(id)
		if err != nil {
			return 0, err
		}
		if !taken {
			break
		}
		id++
	}
	if err := h.txn.Put(h.key(vecTagID, kv.AppendUint64(nil, id)), recKey); err != nil {
		return 0, errs.From(err)
	}
	if err := h.txn.Put(h.key(vecTagKey, recKey), binary.BigEndian.AppendUint64(nil, id)); err != nil {
		return 0, errs.From(err)
	}
	return id, nil
}

func (h *hnswIndex) unassign(recKey []byte, id uint64) error {
	if err := h.txn.Delete(h.key(vecTagID, kv.AppendUint64(nil, id))); err != nil {
		return errs.From(err)
	}
	if err := h.txn.Delete(h.key(vecTagKey, recKey)); err != nil {
		return errs.From(err)
	}
	return nil
}

// put indexes (or re-indexes) the vector of a record.
func (h *hnswIndex) put(recKey []byte, vec []float32) error {
	id, ok, err := h.idOf(recKey)
	if err != nil {
		return err
	}
	if !ok {
		if id, err = h.assign(recKey); err != nil {
			return err
		}
	}
	return h.graph.Insert(h.r.ctx, h.txn, id, vec)
}

// remove takes a record out of the index.
func (h *hnswIndex) remove(recKey []byte) error {
	id, ok, err := h.idOf(recKey)
	if err != nil || !ok {
		return err
	}
	if _, err := h.graph.Delete(h.r.ctx, h.txn, id); err != nil {
		return err
	}
	return h.unassign(recKey, id)
}

// indexedVector is the vector a record contributes to ix: the value at
// the index's path, a vector or a list of numbers; ok is false for a
// missing record, none, or any other value (not indexed).
func indexedVector(obj value.Value, ix *catalog.Index) ([]float32, bool) {
	if obj.Kind() != value.KindObject || len(ix.Parts) != 1 {
		return nil, false
	}
	v := obj
	for _, name := range ix.Parts[0].Path {
		if v.Kind() != value.KindObject {
			return nil, false
		}
		var ok bool
		if v, ok = v.AsObject().Get(name); !ok {
			return nil, false
		}
	}
	switch v.Kind() {
	case value.KindVector:
		return v.AsVector(), true
	case value.KindList:
		c, err := value.Convert(v, value.Type{Kind: value.KindVector})
		if err != nil {
			return nil, false
		}
		return c.AsVector(), true
	}
	return nil, false
}

// maintainVectorIndex updates a vector (HNSW) index for one record change
// (see recordChanged), in the writing transaction: none vectors are not
// indexed, an update that leaves the vector alone costs nothing.
func (r *run) maintainVectorIndex(t *catalog.Table, ix *catalog.Index, key, old, new value.Value, pos int) error {
	ov, hadOld := indexedVector(old, ix)
	nv, hasNew := indexedVector(new, ix)
	if !hadOld && !hasNew || hadOld && hasNew && slices.Equal(ov, nv) {
		return nil
	}
	h, err := r.openVectorIndex(t, ix)
	if err != nil {
		return err
	}
	recKey, err := value.AppendKey(nil, key)
	if err != nil {
		return err
	}
	if !hasNew {
		return h.remove(recKey)
	}
	return atPos(h.put(recKey, nv), pos)
}

// hnswConfig reads an index's options (as the front ends validated them)
// into a graph config; dims come from the column's vector(N) type, the
// "dims" option, or the first record's vector (dims 0: the caller finds it).
func hnswConfig(t *catalog.Table, ix *catalog.Index) (vector.Config, error) {
	var cfg vector.Config
	switch ix.Options["metric"] {
	case "l2", "":
		cfg.Metric = vector.MetricL2
	case "cosine":
		cfg.Metric = vector.MetricCosine
	case "ip":
		cfg.Metric = vector.MetricInnerProduct
	default:
		return cfg, errs.New(errs.InvalidParameterValue, "unknown vector metric %q", ix.Options["metric"])
	}
	num := func(name string) (int, error) {
		s, ok := ix.Options[name]
		if !ok {
			return 0, nil
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			return 0, errs.New(errs.InvalidParameterValue, "invalid value for parameter %q: %q", name, s)
		}
		return n, nil
	}
	var err error
	if cfg.M, err = num("m"); err != nil {
		return cfg, err
	}
	if cfg.EfConstruction, err = num("ef_construction"); err != nil {
		return cfg, err
	}
	if cfg.Dims, err = num("dims"); err != nil {
		return cfg, err
	}
	if len(ix.Parts) == 1 && len(ix.Parts[0].Path) == 1 {
		if f, _, ok := t.FieldByName(ix.Parts[0].Path[0]); ok && f.Type.Kind == value.KindVector && f.Type.Dims > 0 {
			cfg.Dims = f.Type.Dims
		}
	}
	return cfg, nil
}

// createVectorIndex adds an HNSW index to a table and fills it from the
// table's records, all in the statement's transaction.
func (it *ddlIter) createVectorIndex(n *plan.CreateVectorIndex) error {
	r := it.r
	txn, err := r.txn()
	if err != nil {
		return err
	}
	db, err := r.database()
	if err != nil {
		return err
	}
	t, ix, err := r.x.cat.CreateIndex(r.ctx, txn, db, n.Table, n.Index)
	if err != nil {
		if n.IfNotExists && errs.Code(err) == errs.DuplicateTable {
			return nil
		}
		return err
	}
	cfg, err := hnswConfig(t, ix)
	if err != nil {
		return err
	}
	recs, err := r.build(&plan.Scan{Table: t, RowSecurity: true}) // the index holds every record
	if err != nil {
		return err
	}
	defer recs.close()
	if err := recs.open(outer{}); err != nil {
		return err
	}
	// The graph is built in memory and written at the end (a Builder):
	// the index is new, so every record gets a fresh id and nobody else
	// can see the index before this transaction commits.
	var h *hnswIndex
	var bld *vector.Builder
	for {
		row, err := recs.next()
		if err != nil {
			return err
		}
		if row == nil {
			break
		}
		if err := r.tick(); err != nil {
			return err
		}
		vec, ok := indexedVector(row[1], ix)
		if !ok {
			continue
		}
		if h == nil {
			if h, err = r.createGraph(t, ix, cfg, len(vec)); err != nil {
				return err
			}
			if bld, err = h.graph.NewBuilder(r.ctx, h.txn, 0); err != nil {
				return err
			}
		}
		recKey, err := value.AppendKey(nil, row[0])
		if err != nil {
			return err
		}
		id, err := h.assign(recKey)
		if err != nil {
			return err
		}
		if err := bld.Add(id, vec); err != nil {
			return err
		}
	}
	if bld != nil {
		if err := bld.Finish(r.ctx, h.txn); err != nil {
			return err
		}
	}
	if h == nil && cfg.Dims == 0 {
		return errs.New(errs.InvalidParameterValue, "column does not have dimensions").
			WithHint("Declare the column as vector(N), or give the index a dims option.")
	}
	if h == nil {
		_, err = r.createGraph(t, ix, cfg, cfg.Dims)
	}
	return err
}

func (r *run) createGraph(t *catalog.Table, ix *catalog.Index, cfg vector.Config, dims int) (*hnswIndex, error) {
	if cfg.Dims == 0 {
		cfg.Dims = dims
	}
	return r.vectorGraph(t, ix, func(txn kv.Txn, prefix []byte, opts vector.Options) (*vector.Index, error) {
		return vector.Create(r.ctx, txn, prefix, cfg, opts)
	})
}

// efSearch is the session's hnsw.ef_search.
func (r *run) efSearch() int {
	if r.env.Setting != nil {
		if s, ok := r.env.Setting("hnsw.ef_search"); ok {
			if n, err := strconv.Atoi(s); err == nil && n > 0 {
				return n
			}
		}
	}
	return defaultEfSearch
}

// vectorSearchIter runs a VectorSearch when opened and yields its rows.
type vectorSearchIter struct {
	r    *run
	n    *plan.VectorSearch
	rows [][]value.Value
	i    int
	// scan replaces the search when it cannot serve the query (none
	// query, LIMIT ALL or a huge LIMIT): the plain filtered scan under
	// the Sort is then the exact answer.
	scan iterator
}

func (it *vectorSearchIter) close() {
	if it.scan != nil {
		it.scan.close()
		it.scan = nil
	}
	it.rows = nil
}

func (it *vectorSearchIter) next() ([]value.Value, error) {
	if it.scan != nil {
		return it.scan.next()
	}
	if it.i >= len(it.rows) {
		return nil, nil
	}
	it.i++
	return it.rows[it.i-1], nil
}

// scanInstead answers with the table's rows that pass the filter, all of
// them, for the Sort above to order exactly.
func (it *vectorSearchIter) scanInstead(o outer) error {
	n := it.n
	s, err := it.r.buildScan(&plan.Scan{Table: n.Table, Alias: n.Alias, Filter: n.Filter})
	if err != nil {
		return err
	}
	it.scan, it.rows = s, nil
	return s.open(o)
}

func (it *vectorSearchIter) open(o outer) error {
	it.close()
	r, n := it.r, it.n
	it.rows, it.i = nil, 0
	k, err := r.rowCount(n.K, o, false)
	if err != nil {
		return err
	}
	sc := o.scope(nil)
	qv, err := r.eval(n.Query, &sc)
	if err != nil {
		return err
	}
	if qv.IsNone() || k < 0 || k > maxVectorSearchK {
		return it.scanInstead(o)
	}
	if k == 0 {
		return nil
	}
	if qv, err = value.Convert(qv, value.Type{Kind: value.KindVector}); err != nil {
		return err
	}
	h, err := r.openVectorIndex(n.Table, n.Index)
	if err != nil {
		return err
	}
	prefix, err := r.tablePrefix(nil, n.Table)
	if err != nil {
		return err
	}
	kt := keyType(n.Table)
	fetched := make(map[uint64][]value.Value)
	fetch := func(id uint64) ([]value.Value, error) {
		if row, ok := fetched[id]; ok {
			return row, nil
		}
		recKey, ok, err := h.recordKeyOf(id)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, internalf("vector index %q: no record for vector %d", n.Index.Name, id)
		}
		b, ok, err := h.txn.Get(r.ctx, append(prefix[:len(prefix):len(prefix)], recKey...))
		if err != nil {
			return nil, errs.From(err)
		}
		if !ok {
			return nil, internalf("vector index %q: record of vector %d is missing", n.Index.Name, id)
		}
		obj, err := decodeRecord(b)
		if err != nil {
			return nil, err
		}
		kv, _, err := value.DecodeKey(recKey)
		if err != nil {
			return nil, errs.From(err)
		}
		row := []value.Value{keyOf(n.Table, kt, kv, obj), obj}
		fetched[id] = row
		return row, nil
	}
	var filter vector.Filter
	if n.Filter != nil {
		filter = func(id uint64) (bool, error) {
			if err := r.tick(); err != nil {
				return false, err
			}
			row, err := fetch(id)
			if err != nil {
				return false, err
			}
			sc := o.scope(row)
			c, err := r.eval(n.Filter, &sc)
			return isTrue(c), err
		}
	}
	res, err := h.graph.Search(r.ctx, h.txn, qv.AsVector(), int(k), r.efSearch(), filter)
	if err != nil {
		return err
	}
	// A scan of the index, for the statistics views: the vectors it
	// found and the records read for them (the filter's too).
	defer func() { r.countIndexScan(n.Table, n.Index, 1, int64(len(res)), int64(len(fetched))) }()
	if len(res) < int(k) {
		// Fewer than k indexed rows pass the filter (the search has
		// then seen all of them): rows the index leaves out (none
		// vectors, zero vectors under cosine) may fill the answer, which
		// is then the exact one.
		return it.scanInstead(o)
	}
	it.rows = make([][]value.Value, 0, len(res))
	for _, x := range res {
		row, err := fetch(x.ID)
		if err != nil {
			return err
		}
		it.rows = append(it.rows, row)
	}
	return nil
}

// backfillVectorIndex fills a new vector index from the records its table
// already has (see backfillIndex).
//
// The vector-index work replaces this body.
func (r *run) backfillVectorIndex(t *catalog.Table, ix *catalog.Index) error {
	return internalf("vector index %q of table %q cannot be built yet", ix.Name, t.Name)
}
