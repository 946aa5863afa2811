package vector

import (
	"bytes"
	"context"
	"math"
	"math/rand/v2"
	"sync/atomic"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// Config describes an HNSW index. It is fixed when the index is created
// and stored in the index's config key.
type Config struct {
	// Dims is the length of every vector (1–16000, pgvector's limit).
	Dims int
	// Metric is the distance the graph is built and searched under.
	Metric Metric
	// M is the number of links a node gets on each upper layer when
	// inserted, and 2M on layer 0 (as in pgvector); lists hold at most M
	// links on upper layers and 2M on layer 0 (default 16, 2–100 as in
	// pgvector).
	M int
	// EfConstruction is the candidate list size of an insert's search
	// (default 64, at least 2M as in pgvector, at most 1000).
	EfConstruction int
	// Seed makes node levels a function of (seed, id); 0 picks a random
	// seed at Create.
	Seed uint64
}

const (
	defaultM              = 16
	defaultEfConstruction = 64
	maxDims               = 16000
)

func (c *Config) defaults() {
	if c.M == 0 {
		c.M = defaultM
	}
	if c.EfConstruction == 0 {
		c.EfConstruction = max(defaultEfConstruction, 2*c.M)
	}
}

func (c Config) validate() error {
	switch {
	case c.Dims < 1 || c.Dims > maxDims:
		return errs.New(errs.InvalidParameterValue, "vector: dimensions must be between 1 and %d, not %d", maxDims, c.Dims)
	case !c.Metric.valid():
		return errs.New(errs.InvalidParameterValue, "vector: unknown metric %d", c.Metric)
	case c.M < 2 || c.M > 100:
		return errs.New(errs.InvalidParameterValue, "vector: m must be between 2 and 100, not %d", c.M)
	case c.EfConstruction < 2*c.M || c.EfConstruction > 1000:
		return errs.New(errs.InvalidParameterValue, "vector: ef_construction must be between 2*m (%d) and 1000, not %d", 2*c.M, c.EfConstruction)
	}
	return nil
}

// Options are the run-time settings of an Index handle (not stored).
type Options struct {
	// Cache, if set, serves decoded vectors across searches and
	// transactions (see Cache for why that is safe). One Cache may be
	// shared by every index of a process.
	Cache *Cache
}

// Index is a handle on an HNSW index stored in kv under a prefix. It holds
// only the immutable config, so one handle may be used by any number of
// transactions at once; every method works inside the kv.Txn it is given.
type Index struct {
	prefix []byte
	cfg    Config
	uid    uint64 // names the index in the Cache
	cache  *Cache
	mL     float64 // level multiplier 1/ln(M)
	stats  statCounters
}

// Stats counts the work of an Index handle's calls since it was opened.
type Stats struct {
	Calls       int64 // Insert, Delete, Search and ExactSearch calls
	ListReads   int64 // neighbour lists read from kv
	VectorReads int64 // node vectors read from kv (Cache misses)
	Distances   int64 // layer-search distance computations
}

type statCounters struct {
	calls, lists, vectors, dists atomic.Int64
}

func (c *statCounters) add(s Stats) {
	c.calls.Add(1)
	c.lists.Add(s.ListReads)
	c.vectors.Add(s.VectorReads)
	c.dists.Add(s.Distances)
}

// Stats returns the counters of the handle.
func (ix *Index) Stats() Stats {
	return Stats{ix.stats.calls.Load(), ix.stats.lists.Load(), ix.stats.vectors.Load(), ix.stats.dists.Load()}
}

// Create stores a new, empty index under prefix, inside txn. It fails
// with 42710 if an index already exists there.
func Create(ctx context.Context, txn kv.Txn, prefix []byte, cfg Config, opts Options) (*Index, error) {
	cfg.defaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if cfg.Seed == 0 {
		cfg.Seed = rand.Uint64() | 1
	}
	ix := newIndex(prefix, cfg, rand.Uint64(), opts)
	key := ix.configKey(nil)
	if _, ok, err := txn.Get(ctx, key); err != nil {
		return nil, err
	} else if ok {
		return nil, errs.New(errs.DuplicateObject, "vector index already exists")
	}
	if err := txn.Put(key, encodeConfig(cfg, ix.uid)); err != nil {
		return nil, err
	}
	return ix, nil
}

// Open reads the config of the index under prefix, inside txn. It fails
// with 42704 if there is none.
func Open(ctx context.Context, txn kv.Txn, prefix []byte, opts Options) (*Index, error) {
	probe := &Index{prefix: prefix}
	b, ok, err := txn.Get(ctx, probe.configKey(nil))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errs.New(errs.UndefinedObject, "vector index does not exist")
	}
	cfg, uid, err := decodeConfig(b)
	if err != nil {
		return nil, err
	}
	return newIndex(prefix, cfg, uid, opts), nil
}

func newIndex(prefix []byte, cfg Config, uid uint64, opts Options) *Index {
	return &Index{
		prefix: bytes.Clone(prefix),
		cfg:    cfg,
		uid:    uid,
		cache:  opts.Cache,
		mL:     1 / math.Log(float64(cfg.M)),
	}
}

// Config returns the index's configuration.
func (ix *Index) Config() Config { return ix.cfg }

// maxLinks is the capacity of a neighbour list on layer.
func (ix *Index) maxLinks(layer int) int {
	if layer == 0 {
		return 2 * ix.cfg.M
	}
	return ix.cfg.M
}

// insertLinks is how many links a new node gets on layer.
func (ix *Index) insertLinks(layer int) int {
	if layer == 0 && layer0Full {
		return 2 * ix.cfg.M
	}
	return ix.cfg.M
}

// layer0Full gives a new node 2M links on layer 0 (as pgvector does)
// rather than M (as hnswlib does).
const layer0Full = true

// levelOf draws a node's top layer from the usual exponential
// distribution, as a pure function of (seed, id): P(level ≥ l) = M^-l.
func (ix *Index) levelOf(id uint64) int {
	h := splitmix64(id ^ ix.cfg.Seed)
	u := (float64(h>>11) + 0.5) / (1 << 53)
	return min(int(-math.Log(u)*ix.mL), maxLevel)
}

func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// rank is the distance the graph works with: squared L2, −dot, or
// 1 − dot of unit vectors (cosine vectors are normalized when decoded).
func (ix *Index) rank(a, b []float32) float32 {
	switch ix.cfg.Metric {
	case MetricL2:
		return L2Squared(a, b)
	case MetricInnerProduct:
		return -Dot(a, b)
	default:
		return 1 - Dot(a, b)
	}
}

// distance turns a rank into the metric's distance.
func (ix *Index) distance(r float32) float64 {
	d := float64(r)
	switch ix.cfg.Metric {
	case MetricL2:
		return math.Sqrt(max(d, 0))
	case MetricCosine:
		return min(max(d, 0), 2)
	}
	return d
}

// checkVector validates a vector given to Insert, with pgvector's
// messages (22000).
func (ix *Index) checkVector(vec []float32) error {
	if len(vec) != ix.cfg.Dims {
		return errs.New(errs.DataException, "expected %d dimensions, not %d", ix.cfg.Dims, len(vec))
	}
	for _, x := range vec {
		if math.IsNaN(float64(x)) {
			return errs.New(errs.DataException, "NaN not allowed in vector")
		}
		if math.IsInf(float64(x), 0) {
			return errs.New(errs.DataException, "infinite value not allowed in vector")
		}
	}
	return nil
}

// Insert adds id with vector vec, replacing the node of id if there is one
// (an update is Delete then Insert). The node becomes visible to other
// transactions when txn commits.
//
// Under MetricCosine a zero vector has no direction and is not indexed (as
// in pgvector): Insert stores nothing for it (and removes an older vector
// of id). The engine answers queries that must see such rows by an exact
// scan of its records, where their distance is NaN.
func (ix *Index) Insert(ctx context.Context, txn kv.Txn, id uint64, vec []float32) error {
	if err := ix.checkVector(vec); err != nil {
		return err
	}
	s := ix.newSearcher(ctx, txn)
	defer s.release()
	if _, err := s.deleteNode(id); err != nil {
		return err
	}
	q := vec
	if ix.cfg.Metric == MetricCosine {
		if q = Normalize(vec); q == nil {
			return nil
		}
	} else {
		q = append([]float32(nil), vec...)
	}
	return s.insert(id, vec, q)
}

// Delete removes id from the index, if present, and relinks the graph
// around it: every node that linked to it (found through the reverse
// links) keeps its other links and refills the freed slot from the deleted
// node's neighbours, chosen by the same diversity heuristic inserts use.
// So no link ever points to a missing node, and the change is visible to
// this transaction at once and to others when it commits.
func (ix *Index) Delete(ctx context.Context, txn kv.Txn, id uint64) (found bool, err error) {
	s := ix.newSearcher(ctx, txn)
	defer s.release()
	return s.deleteNode(id)
}

// Search returns the k nearest indexed vectors to query, nearest first
// (ties by id), searching layer 0 with a candidate list of
// max(efSearch, k).
//
// With a filter, only ids it accepts are returned, and the search returns
// min(k, number of indexed ids the filter accepts) results — never fewer:
// the layer-0 search keeps expanding past ef until k accepted ids are
// found (its candidate list is unbounded until then), and when that
// exhausts the reachable graph or its budget (filterBudget expansions,
// for very selective filters) it finishes with an exact scan of the
// index's vectors.
//
// A query whose length differs from the index's is 22000. Under
// MetricCosine a zero query has distance NaN to everything; the result is
// then the k smallest accepted ids, each with distance NaN (PostgreSQL
// sorts NaN last, so any k rows are a correct answer).
func (ix *Index) Search(ctx context.Context, txn kv.Txn, query []float32, k, efSearch int, filter Filter) ([]Result, error) {
	if len(query) != ix.cfg.Dims {
		return nil, dimsError(len(query), ix.cfg.Dims)
	}
	if k <= 0 {
		return nil, nil
	}
	s := ix.newSearcher(ctx, txn)
	defer s.release()
	q := query
	if ix.cfg.Metric == MetricCosine {
		if q = Normalize(query); q == nil {
			return s.exact(nil, k, filter, nil)
		}
	}
	return s.search(q, k, max(efSearch, k), filter)
}

// ExactSearch returns the exact k nearest indexed vectors to query by a
// scan of the index's vectors (the baseline HNSW is measured against, and
// the fallback of selective filtered searches).
func (ix *Index) ExactSearch(ctx context.Context, txn kv.Txn, query []float32, k int, filter Filter) ([]Result, error) {
	if len(query) != ix.cfg.Dims {
		return nil, dimsError(len(query), ix.cfg.Dims)
	}
	if k <= 0 {
		return nil, nil
	}
	s := ix.newSearcher(ctx, txn)
	defer s.release()
	q := query
	if ix.cfg.Metric == MetricCosine {
		q = Normalize(query) // nil for a zero query: every distance is NaN
	}
	return s.exact(q, k, filter, nil)
}

// Count returns the number of indexed vectors (a scan).
func (ix *Index) Count(ctx context.Context, txn kv.Txn) (int, error) {
	start := ix.key(nil, tagNode)
	it := txn.Scan(ctx, start, kv.PrefixEnd(start), false)
	defer it.Close()
	n := 0
	for it.Next() {
		n++
	}
	return n, it.Err()
}

// Drop deletes every key of the index, config included.
func (ix *Index) Drop(ctx context.Context, txn kv.Txn) error {
	it := txn.Scan(ctx, ix.prefix, kv.PrefixEnd(ix.prefix), false)
	defer it.Close()
	for it.Next() {
		if err := txn.Delete(it.Key()); err != nil {
			return err
		}
	}
	return it.Err()
}

// fillPruned fills lists up with the candidates the heuristic pruned (the
// paper's keepPrunedConnections). Off: on clustered data the filler links
// are all inside a cluster and crowd out the few links between clusters,
// which cut whole clusters off layer 0 in tests.
const fillPruned = false
