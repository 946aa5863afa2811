package vector

import (
	"context"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// Builder fills an empty index with many vectors at once (CREATE INDEX on
// a filled table): Add collects the vectors, Finish builds the graph in
// memory, with the same insert algorithm, levels and heuristic as Insert,
// and writes every key once, in key order. Insert instead reads and rewrites neighbour lists
// through the transaction for every vector, whose write buffer then holds
// each list many times over; that made a backfill of 100k vectors run at a
// few hundred per second.
//
// Inside the builder a node is named by its dense position (0, 1, …): the
// adjacency lists are []int32 and the vectors one flat slice, so a layer
// search does no map lookup and no allocation. Finish links with
// GOMAXPROCS goroutines; a Builder itself is not safe for concurrent use,
// and nothing is visible in kv until Finish.
type Builder struct {
	ix      *Index
	ids     []uint64
	gens    []uint64
	levels  []uint8
	vecs    []float32   // graph form (normalized under cosine), dims per node
	raw     []float32   // as given, under cosine only (the node value keeps it)
	adj     [][][]int32 // adj[node][layer], guarded by locks[node] while linking
	known   map[uint64]struct{}
	workers int // goroutines that link (1: the order of Insert, exactly)
	serial  int // nodes linked by one goroutine before the others join

	locks []sync.Mutex
	mu    sync.Mutex // guards entry while linking
	entry int32      // -1 while empty
}

// buildWorker is the scratch state of one linking goroutine.
type buildWorker struct {
	b       *Builder
	visited []uint32 // epoch per node
	epoch   uint32
	cands   minHeap
	w       maxHeap
	sel     []cand
	out     []cand
	nbuf    []int32
}

// serialPrefix nodes are linked by one goroutine before the others join,
// so parallel inserts start from a graph, not from a handful of nodes.
const serialPrefix = 1024

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
		ix:      ix,
		vecs:    make([]float32, 0, sizeHint*ix.cfg.Dims),
		known:   make(map[uint64]struct{}, sizeHint),
		entry:   -1,
		workers: runtime.GOMAXPROCS(0),
		serial:  serialPrefix,
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

// Add adds id with vector vec to the vectors to index. Each id may be
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
	b.ids = append(b.ids, id)
	b.gens = append(b.gens, rand.Uint64())
	b.levels = append(b.levels, uint8(ix.levelOf(id)))
	b.vecs = append(b.vecs, q...)
	return nil
}

// connect inserts the collected nodes into the graph: the first b.serial
// by one goroutine, the rest by b.workers goroutines that
// take nodes in order (as hnswlib does: a node's lists are locked while
// read or changed, the entry point while read or replaced).
func (b *Builder) connect(ctx context.Context) error {
	n := len(b.ids)
	b.adj = make([][][]int32, n)
	for i := range b.adj {
		b.adj[i] = make([][]int32, b.levels[i]+1)
	}
	b.locks = make([]sync.Mutex, n)
	b.entry = 0
	w := b.newWorker()
	next := 1
	for ; next < min(n, b.serial) || (b.workers <= 1 && next < n); next++ {
		if next%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		w.insert(int32(next))
	}
	if next >= n {
		return nil
	}
	var counter atomic.Int64
	counter.Store(int64(next))
	var wg sync.WaitGroup
	for range b.workers {
		wg.Go(func() {
			w := b.newWorker()
			for {
				i := counter.Add(1) - 1
				if i >= int64(n) || (i%1024 == 0 && ctx.Err() != nil) {
					return
				}
				w.insert(int32(i))
			}
		})
	}
	wg.Wait()
	return ctx.Err()
}

func (b *Builder) newWorker() *buildWorker {
	return &buildWorker{b: b, visited: make([]uint32, len(b.ids))}
}

// neighbours copies the list of node n on layer into w.nbuf.
func (w *buildWorker) neighbours(n int32, layer int) []int32 {
	b := w.b
	b.locks[n].Lock()
	w.nbuf = append(w.nbuf[:0], b.adj[n][layer]...)
	b.locks[n].Unlock()
	return w.nbuf
}

// insert links node me (Insert's algorithm over memory).
func (w *buildWorker) insert(me int32) {
	b, ix := w.b, w.b.ix
	q := b.vec(me)
	level := int(b.levels[me])
	b.mu.Lock()
	ep := b.entry
	b.mu.Unlock()
	top := int(b.levels[ep])
	cur := cand{link{id: uint64(ep)}, ix.rank(q, b.vec(ep))}
	for layer := top; layer > level; layer-- {
		cur = w.greedy(q, cur, layer)
	}
	eps := []cand{cur}
	for layer := min(level, top); layer >= 0; layer-- {
		found := w.searchLayer(me, q, eps, ix.cfg.EfConstruction, layer)
		neigh, _ := ix.selectNeighbors(q, found, ix.insertLinks(layer), w.sel[:0], fillPruned, b.vecOf)
		w.sel = neigh
		ls := make([]int32, len(neigh), ix.maxLinks(layer))
		for i, n := range neigh {
			ls[i] = int32(n.id)
		}
		b.locks[me].Lock()
		early := b.adj[me][layer]
		b.adj[me][layer] = ls
		b.locks[me].Unlock()
		for _, n := range neigh {
			b.addLink(int32(n.id), layer, cand{link{id: uint64(me)}, n.dist})
		}
		// Nodes linked in parallel may have added themselves to me's
		// list before it was set: they compete for its slots as any
		// new link does.
		for _, n := range early {
			b.addLink(me, layer, cand{link{id: uint64(n)}, ix.rank(q, b.vec(n))})
		}
		eps = found
	}
	if level > top {
		b.mu.Lock()
		if level > int(b.levels[b.entry]) {
			b.entry = me
		}
		b.mu.Unlock()
	}
}

// greedy moves from cur to the nearest node on layer it can reach by
// always stepping to a nearer neighbour (the upper-layer descent).
func (w *buildWorker) greedy(q []float32, cur cand, layer int) cand {
	b := w.b
	for changed := true; changed; {
		changed = false
		for _, n := range w.neighbours(int32(cur.id), layer) {
			c := cand{link{id: uint64(n)}, b.ix.rank(q, b.vec(n))}
			if candLess(c, cur) {
				cur, changed = c, true
			}
		}
	}
	return cur
}

// searchLayer is searcher.searchLayer without filter, over memory, for
// the insert of node me. The result, nearest first, is valid until the
// next call (eps may be the previous result).
func (w *buildWorker) searchLayer(me int32, q []float32, eps []cand, ef, layer int) []cand {
	b := w.b
	w.epoch++
	if w.epoch == 0 {
		clear(w.visited)
		w.epoch = 1
	}
	// Linking in parallel, a node inserted meanwhile may already link to
	// me (it met me on an upper layer): me is never its own candidate.
	w.visited[me] = w.epoch
	w.cands, w.w = w.cands[:0], w.w[:0]
	for _, e := range eps {
		if w.visited[e.id] == w.epoch {
			continue
		}
		w.visited[e.id] = w.epoch
		w.cands.push(e)
		w.w.push(e)
		if len(w.w) > ef {
			w.w.pop()
		}
	}
	for len(w.cands) > 0 {
		c := w.cands.pop()
		if len(w.w) >= ef && c.dist > w.w.top().dist {
			break
		}
		for _, n := range w.neighbours(int32(c.id), layer) {
			if w.visited[n] == w.epoch {
				continue
			}
			w.visited[n] = w.epoch
			d := b.ix.rank(q, b.vec(n))
			if len(w.w) < ef || d < w.w.top().dist {
				nc := cand{link{id: uint64(n)}, d}
				w.cands.push(nc)
				w.w.push(nc)
				if len(w.w) > ef {
					w.w.pop()
				}
			}
		}
	}
	w.out = append(w.out[:0], w.w...)
	sortCands(w.out)
	return w.out
}

// addLink is searcher.addLink over memory: nc joins n's list on layer; a
// full list is shrunk back to capacity by the heuristic.
func (b *Builder) addLink(n int32, layer int, nc cand) {
	b.locks[n].Lock()
	defer b.locks[n].Unlock()
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
	if len(b.ids) == 0 {
		return nil
	}
	if err := b.connect(ctx); err != nil {
		return err
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
