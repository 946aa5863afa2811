package vector

import (
	"context"
	"math/rand/v2"
	"slices"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// Builder fills an empty index with many vectors at once (CREATE INDEX on
// a filled table): it builds the graph in memory, with the same insert
// algorithm, levels and heuristic as Insert, and Finish writes every key
// once, in key order. Insert instead reads and rewrites neighbour lists
// through the transaction for every vector, whose write buffer then holds
// each list many times over; that made a backfill of 100k vectors run at a
// few hundred per second.
//
// Inside the builder a node is named by its dense position (0, 1, …): the
// adjacency lists are []int32 and the vectors one flat slice, so a layer
// search does no map lookup and no allocation. A Builder is not safe for
// concurrent use; nothing is visible in kv until Finish.
type Builder struct {
	ix     *Index
	ids    []uint64
	gens   []uint64
	levels []uint8
	vecs   []float32   // graph form (normalized under cosine), dims per node
	raw    []float32   // as given, under cosine only (the node value keeps it)
	adj    [][][]int32 // adj[node][layer]
	known  map[uint64]struct{}
	entry  int32 // -1 while empty

	visited []uint32 // epoch per node
	epoch   uint32
	cands   minHeap
	w       maxHeap
	sel     []cand
	out     []cand
}

// NewBuilder returns a Builder for ix, which must be empty in txn (just
// created). sizeHint, if known, is the number of vectors to come.
func (ix *Index) NewBuilder(ctx context.Context, txn kv.Txn, sizeHint int) (*Builder, error) {
	s := ix.newSearcher(ctx, txn)
	_, ok, err := s.entry()
	s.release()
	if err != nil {
		return nil, err
	}
	if ok {
		return nil, errs.New(errs.InternalError, "vector: a Builder needs an empty index")
	}
	sizeHint = min(max(sizeHint, 0), 1<<20)
	return &Builder{
		ix:    ix,
		vecs:  make([]float32, 0, sizeHint*ix.cfg.Dims),
		known: make(map[uint64]struct{}, sizeHint),
		entry: -1,
	}, nil
}

// Len is the number of vectors added (zero vectors under cosine are not).
func (b *Builder) Len() int { return len(b.ids) }

func (b *Builder) vec(n int32) []float32 {
	d := b.ix.cfg.Dims
	return b.vecs[int(n)*d : int(n+1)*d : int(n+1)*d]
}

// vecOf serves selectNeighbors, whose cands carry node positions as ids.
func (b *Builder) vecOf(l link) ([]float32, error) { return b.vec(int32(l.id)), nil }

// Add inserts id with vector vec into the in-memory graph. Each id may be
// added once; vectors are checked as by Insert, and under cosine a zero
// vector is skipped (as Insert skips it).
func (b *Builder) Add(id uint64, vec []float32) error {
	ix := b.ix
	if err := ix.checkVector(vec); err != nil {
		return err
	}
	if _, dup := b.known[id]; dup {
		return errs.New(errs.InternalError, "vector: id %d added to a Builder twice", id)
	}
	q := vec
	if ix.cfg.Metric == MetricCosine {
		if q = Normalize(vec); q == nil {
			return nil
		}
		b.raw = append(b.raw, vec...)
	}
	b.known[id] = struct{}{}
	me := int32(len(b.ids))
	level := ix.levelOf(id)
	b.ids = append(b.ids, id)
	b.gens = append(b.gens, rand.Uint64())
	b.levels = append(b.levels, uint8(level))
	b.vecs = append(b.vecs, q...)
	b.adj = append(b.adj, make([][]int32, level+1))
	b.visited = append(b.visited, 0)
	q = b.vec(me)
	if b.entry < 0 {
		b.entry = me
		return nil
	}
	ep := b.entry
	top := int(b.levels[ep])
	cur := cand{link{id: uint64(ep)}, ix.rank(q, b.vec(ep))}
	for layer := top; layer > level; layer-- {
		cur = b.greedy(q, cur, layer)
	}
	eps := []cand{cur}
	for layer := min(level, top); layer >= 0; layer-- {
		w := b.searchLayer(q, eps, ix.cfg.EfConstruction, layer)
		neigh, _ := ix.selectNeighbors(q, w, ix.insertLinks(layer), b.sel[:0], fillPruned, b.vecOf)
		b.sel = neigh
		ls := make([]int32, len(neigh), ix.maxLinks(layer))
		for i, n := range neigh {
			ls[i] = int32(n.id)
		}
		b.adj[me][layer] = ls
		for _, n := range neigh {
			b.addLink(int32(n.id), layer, cand{link{id: uint64(me)}, n.dist})
		}
		eps = w
	}
	if level > top {
		b.entry = me
	}
	return nil
}

// greedy moves from cur to the nearest node on layer it can reach by
// always stepping to a nearer neighbour (the upper-layer descent).
func (b *Builder) greedy(q []float32, cur cand, layer int) cand {
	for changed := true; changed; {
		changed = false
		for _, n := range b.adj[cur.id][layer] {
			c := cand{link{id: uint64(n)}, b.ix.rank(q, b.vec(n))}
			if candLess(c, cur) {
				cur, changed = c, true
			}
		}
	}
	return cur
}

// searchLayer is searcher.searchLayer without filter, over memory. The
// result, nearest first, is valid until the next call (eps may be the
// previous result).
func (b *Builder) searchLayer(q []float32, eps []cand, ef, layer int) []cand {
	b.epoch++
	if b.epoch == 0 {
		clear(b.visited)
		b.epoch = 1
	}
	b.cands, b.w = b.cands[:0], b.w[:0]
	for _, e := range eps {
		if b.visited[e.id] == b.epoch {
			continue
		}
		b.visited[e.id] = b.epoch
		b.cands.push(e)
		b.w.push(e)
		if len(b.w) > ef {
			b.w.pop()
		}
	}
	for len(b.cands) > 0 {
		c := b.cands.pop()
		if len(b.w) >= ef && c.dist > b.w.top().dist {
			break
		}
		for _, n := range b.adj[c.id][layer] {
			if b.visited[n] == b.epoch {
				continue
			}
			b.visited[n] = b.epoch
			d := b.ix.rank(q, b.vec(n))
			if len(b.w) < ef || d < b.w.top().dist {
				nc := cand{link{id: uint64(n)}, d}
				b.cands.push(nc)
				b.w.push(nc)
				if len(b.w) > ef {
					b.w.pop()
				}
			}
		}
	}
	b.out = append(b.out[:0], b.w...)
	sortCands(b.out)
	return b.out
}

// addLink is searcher.addLink over memory: nc joins n's list on layer; a
// full list is shrunk back to capacity by the heuristic.
func (b *Builder) addLink(n int32, layer int, nc cand) {
	ls := b.adj[n][layer]
	if slices.Contains(ls, int32(nc.id)) {
		return
	}
	limit := b.ix.maxLinks(layer)
	if len(ls) < limit {
		b.adj[n][layer] = append(ls, int32(nc.id))
		return
	}
	nv := b.vec(n)
	cs := make([]cand, 0, len(ls)+1)
	for _, l := range ls {
		cs = append(cs, cand{link{id: uint64(l)}, b.ix.rank(nv, b.vec(l))})
	}
	cs = append(cs, nc)
	sortCands(cs)
	kept, _ := b.ix.selectNeighbors(nv, cs, limit, nil, fillPruned, b.vecOf)
	ls = ls[:0]
	for _, k := range kept {
		ls = append(ls, int32(k.id))
	}
	b.adj[n][layer] = ls
}

// Finish writes the graph into txn: per node its value, level key and
// lists, the reverse links, and the entry point, each key once and in key
// order. The vectors also go into the index's Cache. The Builder must not
// be used afterwards.
func (b *Builder) Finish(ctx context.Context, txn kv.Txn) error {
	ix := b.ix
	if b.entry < 0 {
		return nil
	}
	order := make([]int32, len(b.ids))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int {
		switch {
		case b.ids[x] < b.ids[y]:
			return -1
		case b.ids[x] > b.ids[y]:
			return 1
		}
		return 0
	})
	var key, val []byte
	tick := func(i int) error {
		if i%1024 == 0 {
			return ctx.Err()
		}
		return nil
	}
	val = encodeEntry(val, entry{b.link(b.entry), int(b.levels[b.entry])})
	if err := txn.Put(ix.entryKey(key), val); err != nil {
		return err
	}
	// P 'h' <level> <id>: by level, then id.
	for level := 1; level <= maxLevel; level++ {
		for _, n := range order {
			if int(b.levels[n]) == level {
				if err := txn.Put(ix.levelKey(key, level, b.ids[n]), nil); err != nil {
					return err
				}
			}
		}
	}
	// P 'l' <id> <layer>, and the reverse links gathered per target.
	rev := make([][][]int32, len(b.ids))
	for i, n := range order {
		if err := tick(i); err != nil {
			return err
		}
		for layer, ls := range b.adj[n] {
			if len(ls) == 0 {
				continue
			}
			val = b.encodeList(val[:0], ls)
			if err := txn.Put(ix.listKey(key, b.ids[n], layer), val); err != nil {
				return err
			}
			for _, t := range ls {
				if rev[t] == nil {
					rev[t] = make([][]int32, b.levels[t]+1)
				}
				rev[t][layer] = append(rev[t][layer], n) // n ascends by id
			}
		}
	}
	// P 'r' <to> <layer> <from>: from's gen.
	var genBuf [8]byte
	for i, t := range order {
		if err := tick(i); err != nil {
			return err
		}
		for layer, froms := range rev[t] {
			for _, f := range froms {
				putGen(genBuf[:], b.gens[f])
				if err := txn.Put(ix.reverseKey(key, b.ids[t], layer, b.ids[f]), genBuf[:]); err != nil {
					return err
				}
			}
		}
	}
	// P 'x' <id>: gen, level, the vector as given.
	for i, n := range order {
		if err := tick(i); err != nil {
			return err
		}
		v := b.vec(n)
		if ix.cfg.Metric == MetricCosine {
			d := ix.cfg.Dims
			v = b.raw[int(n)*d : int(n+1)*d]
		}
		val = encodeNode(val, b.gens[n], int(b.levels[n]), v)
		if err := txn.Put(ix.nodeKey(key, b.ids[n]), val); err != nil {
			return err
		}
		ix.cache.put(cacheKey{ix.uid, b.ids[n], b.gens[n]}, b.vec(n))
	}
	return nil
}

func (b *Builder) link(n int32) link { return link{b.ids[n], b.gens[n]} }

func (b *Builder) encodeList(buf []byte, ls []int32) []byte {
	for _, t := range ls {
		buf = appendLink(buf, b.link(t))
	}
	return buf
}
