package vector

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"sync"

	"github.com/zerodb/zerodb/kv"
)

// filterBudget bounds the layer-0 expansions (neighbour-list reads) a
// filtered search spends looking for k accepted ids before it switches to
// an exact scan: max(filterBudgetPerEf·ef, filterBudgetMin).
const (
	filterBudgetPerEf = 16
	filterBudgetMin   = 2048
)

// searcher is the state of one Index call: the transaction, key and value
// buffers, and the nodes and lists decoded so far (so no node is read or
// decoded twice in a call). Searchers are pooled.
type searcher struct {
	ix  *Index
	ctx context.Context
	txn kv.Txn

	key, key2, val []byte
	vecs           map[uint64]nodeVec
	lists          map[listID][]link
	arena          []link
	visited        visitedSet
	cands          minHeap
	w              maxHeap
	sel            []cand
	stats          Stats
	batch          []link
	batchVecs      [][]float32
}

type nodeVec struct {
	gen uint64
	vec []float32
}

type listID struct {
	id    uint64
	layer int
}

var searcherPool = sync.Pool{New: func() any {
	return &searcher{
		vecs:  make(map[uint64]nodeVec),
		lists: make(map[listID][]link),
	}
}}

func (ix *Index) newSearcher(ctx context.Context, txn kv.Txn) *searcher {
	s := searcherPool.Get().(*searcher)
	s.ix, s.ctx, s.txn = ix, ctx, txn
	return s
}

// pooledLimit keeps searchers that grew huge (an exhaustive filtered
// search) out of the pool.
const pooledLimit = 1 << 15

func (s *searcher) release() {
	s.ix.stats.add(s.stats)
	s.stats = Stats{}
	big := len(s.vecs) > pooledLimit || len(s.lists) > pooledLimit || cap(s.arena) > 8*pooledLimit
	clear(s.vecs)
	clear(s.lists)
	s.arena = s.arena[:0]
	clear(s.batchVecs)
	s.ix, s.ctx, s.txn = nil, nil, nil
	if !big {
		searcherPool.Put(s)
	}
}

// vector returns the (decoded, normalized for cosine) vector of node l.
func (s *searcher) vector(l link) ([]float32, error) {
	ck := cacheKey{s.ix.uid, l.id, l.gen}
	if v, ok := s.ix.cache.get(ck); ok {
		return v, nil
	}
	if nv, ok := s.vecs[l.id]; ok && nv.gen == l.gen {
		return nv.vec, nil
	}
	s.key = s.ix.nodeKey(s.key, l.id)
	s.stats.VectorReads++
	b, ok, err := s.txn.Get(s.ctx, s.key)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, corrupt("link to a missing node")
	}
	gen, _, err := s.ix.decodeNodeHeader(b)
	if err != nil {
		return nil, err
	}
	if gen != l.gen {
		return nil, corrupt("link to a replaced node")
	}
	v := make([]float32, s.ix.cfg.Dims)
	decodeFloats(v, b[nodeHeader:])
	if s.ix.cfg.Metric == MetricCosine {
		normalizeInPlace(v)
	}
	s.ix.cache.put(ck, v)
	s.vecs[l.id] = nodeVec{l.gen, v}
	return v, nil
}

func normalizeInPlace(v []float32) {
	n := Norm(v)
	if n == 0 {
		return
	}
	inv := 1 / n
	for i, x := range v {
		v[i] = float32(float64(x) * inv)
	}
}

// list returns the neighbours of id on layer (empty when the node has no
// list there). The slice must not be modified.
func (s *searcher) list(id uint64, layer int) ([]link, error) {
	lid := listID{id, layer}
	if ls, ok := s.lists[lid]; ok {
		return ls, nil
	}
	s.key = s.ix.listKey(s.key, id, layer)
	s.stats.ListReads++
	b, ok, err := s.txn.Get(s.ctx, s.key)
	if err != nil {
		return nil, err
	}
	var ls []link
	if ok {
		start := len(s.arena)
		if s.arena, err = decodeLinks(s.arena, b); err != nil {
			return nil, err
		}
		ls = s.arena[start:len(s.arena):len(s.arena)]
	}
	s.lists[lid] = ls
	return ls, nil
}

// setList replaces the neighbours of node src on layer and keeps the
// reverse links in step: P 'r' <to> <layer> <from> holds from's gen.
func (s *searcher) setList(src link, layer int, next []link) error {
	prev, err := s.list(src.id, layer)
	if err != nil {
		return err
	}
	next = slices.Clone(next)
	s.key = s.ix.listKey(s.key, src.id, layer)
	if len(next) == 0 {
		err = s.txn.Delete(s.key)
	} else {
		s.val = encodeLinks(s.val, next)
		err = s.txn.Put(s.key, s.val)
	}
	if err != nil {
		return err
	}
	var genBuf [8]byte
	putGen(genBuf[:], src.gen)
	for _, l := range next {
		if !hasLink(prev, l.id) {
			s.key2 = s.ix.reverseKey(s.key2, l.id, layer, src.id)
			if err := s.txn.Put(s.key2, genBuf[:]); err != nil {
				return err
			}
		}
	}
	for _, l := range prev {
		if !hasLink(next, l.id) {
			s.key2 = s.ix.reverseKey(s.key2, l.id, layer, src.id)
			if err := s.txn.Delete(s.key2); err != nil {
				return err
			}
		}
	}
	s.lists[listID{src.id, layer}] = next
	return nil
}

func hasLink(ls []link, id uint64) bool {
	for _, l := range ls {
		if l.id == id {
			return true
		}
	}
	return false
}

// entry reads the entry point; ok is false for an empty index.
func (s *searcher) entry() (e entry, ok bool, err error) {
	s.key = s.ix.entryKey(s.key)
	b, ok, err := s.txn.Get(s.ctx, s.key)
	if err != nil || !ok {
		return entry{}, false, err
	}
	e, err = decodeEntry(b)
	return e, err == nil, err
}

func (s *searcher) putEntry(e entry) error {
	s.val = encodeEntry(s.val, e)
	return s.txn.Put(s.ix.entryKey(s.key), s.val)
}

// dist returns the rank distance from q to node l.
func (s *searcher) dist(q []float32, l link) (float32, error) {
	v, err := s.vector(l)
	if err != nil {
		return 0, err
	}
	return s.ix.rank(q, v), nil
}

// filterState is the filter of a layer-0 search: the filter, its
// verdicts (asked once per id), and the expansion budget.
type filterState struct {
	filter Filter
	memo   map[uint64]bool
	budget int
}

func (fs *filterState) accept(id uint64) (bool, error) {
	if fs == nil {
		return true, nil
	}
	ok, seen := fs.memo[id]
	if !seen {
		var err error
		if ok, err = fs.filter(id); err != nil {
			return false, err
		}
		fs.memo[id] = ok
	}
	return ok, nil
}

// errFallback ends a filtered graph search that ran out of budget.
var errFallback = errors.New("vector: filtered search falls back to an exact scan")

// searchLayer is the HNSW layer search from entry points eps: it returns
// the ef nearest accepted nodes it meets, nearest first. Every node is a
// stepping stone, but only accepted ones (all, without fs) enter the
// result list W, and the search stops only when the nearest candidate
// left is farther than the farthest of ef accepted nodes; so a selective
// filter makes it walk outwards until it has found ef accepted nodes or
// spent fs.budget expansions (then errFallback, unless it found some).
func (s *searcher) searchLayer(q []float32, eps []cand, ef, layer int, fs *filterState) ([]cand, error) {
	s.visited.reset()
	s.cands, s.w = s.cands[:0], s.w[:0]
	offer := func(c cand) error {
		ok, err := fs.accept(c.id)
		if err != nil || !ok {
			return err
		}
		s.w.push(c)
		if len(s.w) > ef {
			s.w.pop()
		}
		return nil
	}
	for _, e := range eps {
		if !s.visited.add(e.id) {
			continue
		}
		s.cands.push(e)
		if err := offer(e); err != nil {
			return nil, err
		}
	}
	expansions := 0
	for len(s.cands) > 0 {
		c := s.cands.pop()
		if len(s.w) >= ef && c.dist > s.w.top().dist {
			break
		}
		if fs != nil {
			if expansions++; expansions > fs.budget {
				if len(s.w) == 0 {
					return nil, errFallback
				}
				break
			}
		}
		ls, err := s.list(c.id, layer)
		if err != nil {
			return nil, err
		}
		// Fetch the new neighbours' vectors first and measure them after:
		// the fetches are independent memory accesses the CPU overlaps.
		s.batch, s.batchVecs = s.batch[:0], s.batchVecs[:0]
		for _, l := range ls {
			if !s.visited.add(l.id) {
				continue
			}
			v, err := s.vector(l)
			if err != nil {
				return nil, err
			}
			s.batch, s.batchVecs = append(s.batch, l), append(s.batchVecs, v)
		}
		s.stats.Distances += int64(len(s.batch))
		for i, l := range s.batch {
			d := s.ix.rank(q, s.batchVecs[i])
			if len(s.w) < ef || d < s.w.top().dist {
				nc := cand{l, d}
				s.cands.push(nc)
				if err := offer(nc); err != nil {
					return nil, err
				}
			}
		}
		if err := s.ctx.Err(); err != nil {
			return nil, err
		}
	}
	out := make([]cand, len(s.w))
	copy(out, s.w)
	sortCands(out)
	return out, nil
}

// descend walks from the entry point down to layer stop+1 greedily and
// returns the entry points for layer stop.
func (s *searcher) descend(q []float32, e entry, stop int) ([]cand, error) {
	d, err := s.dist(q, e.link)
	if err != nil {
		return nil, err
	}
	cur := []cand{{e.link, d}}
	for layer := e.level; layer > stop; layer-- {
		w, err := s.searchLayer(q, cur, 1, layer, nil)
		if err != nil {
			return nil, err
		}
		cur = w[:1]
	}
	return cur, nil
}

func (s *searcher) search(q []float32, k, ef int, filter Filter) ([]Result, error) {
	e, ok, err := s.entry()
	if err != nil || !ok {
		return nil, err
	}
	eps, err := s.descend(q, e, 0)
	if err != nil {
		return nil, err
	}
	var fs *filterState
	if filter != nil {
		fs = &filterState{filter: filter, memo: make(map[uint64]bool),
			budget: max(filterBudgetPerEf*ef, filterBudgetMin)}
	}
	w, err := s.searchLayer(q, eps, ef, 0, fs)
	if errors.Is(err, errFallback) || (err == nil && len(w) < k) {
		// Fewer than k (accepted) ids in the reachable graph or within the
		// budget: only a scan of every vector can tell whether there are
		// more. Unfiltered, that happens only in an index smaller than k
		// (or with part of its graph unreachable).
		var memo map[uint64]bool
		if fs != nil {
			memo = fs.memo
		}
		return s.exact(q, k, filter, memo)
	}
	if err != nil {
		return nil, err
	}
	out := make([]Result, 0, min(k, len(w)))
	for _, c := range w[:min(k, len(w))] {
		out = append(out, Result{c.id, s.ix.distance(c.dist)})
	}
	return out, nil
}

// exact scans every vector of the index. q nil means every distance is
// NaN (a zero cosine query). memo holds filter verdicts already known.
func (s *searcher) exact(q []float32, k int, filter Filter, memo map[uint64]bool) ([]Result, error) {
	start := s.ix.key(nil, tagNode)
	it := s.txn.Scan(s.ctx, start, kv.PrefixEnd(start), false)
	defer it.Close()
	top := NewTopK(k)
	buf := make([]float32, s.ix.cfg.Dims)
	for it.Next() {
		key, val := it.Key(), it.Value()
		if len(key) != len(start)+8 {
			return nil, corrupt("node key")
		}
		id, _, err := kv.DecodeUint64(key[len(start):])
		if err != nil {
			return nil, err
		}
		if _, _, err := s.ix.decodeNodeHeader(val); err != nil {
			return nil, err
		}
		d := math.NaN()
		if q != nil {
			decodeFloats(buf, val[nodeHeader:])
			if s.ix.cfg.Metric == MetricCosine {
				normalizeInPlace(buf)
			}
			d = float64(s.ix.rank(q, buf))
		}
		if !top.Admits(id, d) {
			continue
		}
		if filter != nil {
			ok, seen := memo[id]
			if !seen {
				if ok, err = filter(id); err != nil {
					return nil, err
				}
			}
			if !ok {
				continue
			}
		}
		top.Push(id, d)
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	out := top.Results()
	for i := range out {
		if q != nil {
			out[i].Distance = s.ix.distance(float32(out[i].Distance))
		}
	}
	return out, nil
}

// selectNeighbors is HNSW's diversity heuristic: walking cands nearest
// first, keep a candidate only if it is nearer to the base than to every
// candidate kept so far, up to m. If fill is set, the slots left are then
// filled with the nearest candidates the heuristic passed over. cands
// must be sorted by distance to base; keep are links that stay whatever
// happens.
//
// Under the inner product, which is no metric (a long vector is "nearer"
// to everything than anything is to itself), the heuristic would prune
// nearly every link to short vectors and cut them off the graph; there
// it compares squared Euclidean distances instead, so the graph stays a
// navigable proximity graph while searches rank by inner product.
func (s *searcher) selectNeighbors(base []float32, cands []cand, m int, keep []cand, fill bool) ([]cand, error) {
	return s.ix.selectNeighbors(base, cands, m, keep, fill, s.vector)
}

// selectNeighbors is the heuristic over vectors that vec looks up (from a
// transaction or from a Builder's memory).
func (ix *Index) selectNeighbors(base []float32, cands []cand, m int, keep []cand, fill bool, vec func(link) ([]float32, error)) ([]cand, error) {
	out := keep
	var pruned []cand
	ip := ix.cfg.Metric == MetricInnerProduct
	for _, c := range cands {
		if len(out) >= m {
			break
		}
		if hasCand(out, c.id) {
			continue
		}
		cv, err := vec(c.link)
		if err != nil {
			return nil, err
		}
		dc := c.dist
		if ip {
			dc = L2Squared(base, cv)
		}
		good := true
		for _, r := range out {
			rv, err := vec(r.link)
			if err != nil {
				return nil, err
			}
			var d float32
			if ip {
				d = L2Squared(cv, rv)
			} else {
				d = ix.rank(cv, rv)
			}
			if d < dc {
				good = false
				break
			}
		}
		if good {
			out = append(out, c)
		} else if fill {
			pruned = append(pruned, c)
		}
	}
	for _, c := range pruned {
		if len(out) >= m {
			break
		}
		out = append(out, c)
	}
	return out, nil
}

func hasCand(cs []cand, id uint64) bool {
	for _, c := range cs {
		if c.id == id {
			return true
		}
	}
	return false
}

func links(cs []cand) []link {
	out := make([]link, len(cs))
	for i, c := range cs {
		out[i] = c.link
	}
	return out
}

func sortCands(cs []cand) {
	slices.SortFunc(cs, func(a, b cand) int {
		if candLess(a, b) {
			return -1
		}
		if candLess(b, a) {
			return 1
		}
		return 0
	})
}

// insert adds node id (vec as given, q as the graph sees it).
func (s *searcher) insert(id uint64, vec, q []float32) error {
	ix := s.ix
	me := link{id, rand.Uint64()}
	level := ix.levelOf(id)
	s.val = encodeNode(s.val, me.gen, level, vec)
	if err := s.txn.Put(ix.nodeKey(s.key, id), s.val); err != nil {
		return err
	}
	s.vecs[id] = nodeVec{me.gen, q}
	ix.cache.put(cacheKey{ix.uid, id, me.gen}, q)
	if level > 0 {
		if err := s.txn.Put(ix.levelKey(s.key, level, id), nil); err != nil {
			return err
		}
	}
	e, ok, err := s.entry()
	if err != nil {
		return err
	}
	if !ok {
		return s.putEntry(entry{me, level})
	}
	eps, err := s.descend(q, e, level)
	if err != nil {
		return err
	}
	for layer := min(level, e.level); layer >= 0; layer-- {
		w, err := s.searchLayer(q, eps, ix.cfg.EfConstruction, layer, nil)
		if err != nil {
			return err
		}
		neigh, err := s.selectNeighbors(q, w, ix.insertLinks(layer), s.sel[:0], fillPruned)
		if err != nil {
			return err
		}
		s.sel = neigh
		if err := s.setList(me, layer, links(neigh)); err != nil {
			return err
		}
		for _, n := range slices.Clone(neigh) {
			if err := s.addLink(n.link, layer, cand{me, n.dist}); err != nil {
				return err
			}
		}
		eps = w
	}
	if level > e.level {
		return s.putEntry(entry{me, level})
	}
	return nil
}

// addLink adds nc (with its distance to n) to n's list on layer; a full
// list is shrunk back to capacity by the heuristic.
func (s *searcher) addLink(n link, layer int, nc cand) error {
	ls, err := s.list(n.id, layer)
	if err != nil {
		return err
	}
	if hasLink(ls, nc.id) {
		return nil
	}
	limit := s.ix.maxLinks(layer)
	if len(ls) < limit {
		return s.setList(n, layer, append(slices.Clone(ls), nc.link))
	}
	nv, err := s.vector(n)
	if err != nil {
		return err
	}
	cs := make([]cand, 0, len(ls)+1)
	for _, l := range ls {
		d, err := s.dist(nv, l)
		if err != nil {
			return err
		}
		cs = append(cs, cand{l, d})
	}
	cs = append(cs, nc)
	sortCands(cs)
	kept, err := s.selectNeighbors(nv, cs, limit, nil, fillPruned)
	if err != nil {
		return err
	}
	return s.setList(n, layer, links(kept))
}

// deleteNode removes node id and relinks its in-neighbours (see
// Index.Delete).
func (s *searcher) deleteNode(id uint64) (bool, error) {
	ix := s.ix
	s.key = ix.nodeKey(s.key, id)
	b, ok, err := s.txn.Get(s.ctx, s.key)
	if err != nil || !ok {
		return false, err
	}
	gen, level, err := ix.decodeNodeHeader(b)
	if err != nil {
		return false, err
	}
	me := link{id, gen}
	var fallbackEntry []link // any other node, should id be the entry point
	for layer := 0; layer <= level; layer++ {
		out, err := s.list(id, layer)
		if err != nil {
			return false, err
		}
		out = slices.Clone(out)
		sources, err := s.inNeighbours(id, layer)
		if err != nil {
			return false, err
		}
		for _, src := range sources {
			if err := s.repair(src, layer, id, out); err != nil {
				return false, err
			}
		}
		if err := s.setList(me, layer, nil); err != nil {
			return false, err
		}
		if err := s.rescueOrphans(layer, out, sources); err != nil {
			return false, err
		}
		if layer == 0 {
			fallbackEntry = append(out, sources...)
		}
	}
	if level > 0 {
		if err := s.txn.Delete(ix.levelKey(s.key, level, id)); err != nil {
			return false, err
		}
	}
	if err := s.txn.Delete(ix.nodeKey(s.key, id)); err != nil {
		return false, err
	}
	delete(s.vecs, id)
	e, ok, err := s.entry()
	if err != nil {
		return false, err
	}
	if ok && e.id == id {
		if err := s.replaceEntry(id, fallbackEntry); err != nil {
			return false, err
		}
	}
	return true, nil
}

// inNeighbours lists the nodes whose layer list holds id, from the
// reverse links.
func (s *searcher) inNeighbours(id uint64, layer int) ([]link, error) {
	prefix := s.ix.reversePrefix(nil, id, layer)
	it := s.txn.Scan(s.ctx, prefix, kv.PrefixEnd(prefix), false)
	defer it.Close()
	var out []link
	for it.Next() {
		k, v := it.Key(), it.Value()
		if len(k) != len(prefix)+8 || len(v) != 8 {
			return nil, corrupt("reverse link")
		}
		from, _, err := kv.DecodeUint64(k[len(prefix):])
		if err != nil {
			return nil, err
		}
		var gen uint64
		for i := range 8 {
			gen |= uint64(v[i]) << (8 * i)
		}
		out = append(out, link{from, gen})
	}
	return out, it.Err()
}

// repair removes gone from src's list on layer and refills the freed slot
// from gone's neighbours: those the heuristic accepts against the links
// src keeps, and at least the nearest one if none is accepted, so src
// keeps its degree.
func (s *searcher) repair(src link, layer int, gone uint64, goneOut []link) error {
	ls, err := s.list(src.id, layer)
	if err != nil {
		return err
	}
	sv, err := s.vector(src)
	if err != nil {
		return err
	}
	keep := make([]cand, 0, len(ls)+len(goneOut))
	for _, l := range ls {
		if l.id == gone {
			continue
		}
		d, err := s.dist(sv, l)
		if err != nil {
			return err
		}
		keep = append(keep, cand{l, d})
	}
	var extra []cand
	for _, l := range goneOut {
		if l.id == src.id || l.id == gone || hasCand(keep, l.id) {
			continue
		}
		d, err := s.dist(sv, l)
		if err != nil {
			return err
		}
		extra = append(extra, cand{l, d})
	}
	sortCands(extra)
	nKeep := len(keep)
	limit := s.ix.maxLinks(layer)
	next, err := s.selectNeighbors(sv, extra, limit, keep, false)
	if err != nil {
		return err
	}
	if len(next) == nKeep && len(extra) > 0 && len(next) < limit {
		next = append(next, extra[0])
	}
	return s.setList(src, layer, links(next))
}

// rescueOrphans gives an inbound link back to each former neighbour of a
// deleted node that was reachable only through it: the nearest of the
// deleted node's neighbours and in-neighbours links to it (forced into a
// full list, whose other links are then chosen by the heuristic).
func (s *searcher) rescueOrphans(layer int, out, sources []link) error {
	pool := append(slices.Clone(sources), out...)
	for _, y := range out {
		has, err := s.hasInbound(y.id, layer)
		if err != nil {
			return err
		}
		if has {
			continue
		}
		yv, err := s.vector(y)
		if err != nil {
			return err
		}
		var best link
		bestD, found := float32(math.Inf(1)), false
		for _, n := range pool {
			if n.id == y.id {
				continue
			}
			d, err := s.dist(yv, n)
			if err != nil {
				return err
			}
			if !found || d < bestD || (d == bestD && n.id < best.id) {
				best, bestD, found = n, d, true
			}
		}
		if found {
			if err := s.forceLink(best, layer, cand{y, bestD}); err != nil {
				return err
			}
		}
	}
	return nil
}

// hasInbound reports whether any list on layer links to id.
func (s *searcher) hasInbound(id uint64, layer int) (bool, error) {
	prefix := s.ix.reversePrefix(nil, id, layer)
	it := s.txn.Scan(s.ctx, prefix, kv.PrefixEnd(prefix), false)
	defer it.Close()
	has := it.Next()
	return has, it.Err()
}

// forceLink adds nc to n's list on layer even if the list is full: nc
// stays, and the heuristic picks which of the old links keep the rest of
// the slots.
func (s *searcher) forceLink(n link, layer int, nc cand) error {
	ls, err := s.list(n.id, layer)
	if err != nil {
		return err
	}
	if hasLink(ls, nc.id) {
		return nil
	}
	limit := s.ix.maxLinks(layer)
	if len(ls) < limit {
		return s.setList(n, layer, append(slices.Clone(ls), nc.link))
	}
	nv, err := s.vector(n)
	if err != nil {
		return err
	}
	cs := make([]cand, 0, len(ls))
	for _, l := range ls {
		d, err := s.dist(nv, l)
		if err != nil {
			return err
		}
		cs = append(cs, cand{l, d})
	}
	sortCands(cs)
	kept, err := s.selectNeighbors(nv, cs, limit, []cand{nc}, fillPruned)
	if err != nil {
		return err
	}
	return s.setList(n, layer, links(kept))
}

// replaceEntry picks a new entry point after the old one (gone) was
// deleted: the node of the highest level left (from the level
// directory), else any of gone's former layer-0 neighbours, else any
// node at all; with none, the index is empty.
func (s *searcher) replaceEntry(gone uint64, near []link) error {
	ix := s.ix
	pfx := ix.key(nil, tagLevel)
	it := s.txn.Scan(s.ctx, pfx, kv.PrefixEnd(pfx), true)
	var found *entry
	for it.Next() {
		k := it.Key()
		if len(k) != len(pfx)+9 {
			it.Close()
			return corrupt("level key")
		}
		id, _, err := kv.DecodeUint64(k[len(pfx)+1:])
		if err != nil {
			it.Close()
			return err
		}
		if id != gone {
			found = &entry{link{id: id}, int(k[len(pfx)])}
			break
		}
	}
	if err := it.Err(); err != nil {
		it.Close()
		return err
	}
	it.Close()
	if found != nil {
		s.key = ix.nodeKey(s.key, found.id)
		b, ok, err := s.txn.Get(s.ctx, s.key)
		if err != nil {
			return err
		}
		if !ok {
			return corrupt("level key of a missing node")
		}
		if found.gen, _, err = ix.decodeNodeHeader(b); err != nil {
			return err
		}
		return s.putEntry(*found)
	}
	for _, l := range near {
		if l.id != gone {
			return s.putEntry(entry{l, 0})
		}
	}
	start := ix.key(nil, tagNode)
	it = s.txn.Scan(s.ctx, start, kv.PrefixEnd(start), false)
	defer it.Close()
	for it.Next() {
		k, v := it.Key(), it.Value()
		id, _, err := kv.DecodeUint64(k[len(start):])
		if err != nil {
			return err
		}
		if id == gone {
			continue
		}
		gen, level, err := ix.decodeNodeHeader(v)
		if err != nil {
			return err
		}
		return s.putEntry(entry{link{id, gen}, level})
	}
	if err := it.Err(); err != nil {
		return err
	}
	return s.txn.Delete(ix.entryKey(s.key))
}
