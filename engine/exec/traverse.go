package exec

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/graph"
)

// buildGraph builds the iterators of the graph nodes (plan/graph.go).
func (r *run) buildGraph(n plan.Node) (iterator, error) {
	switch n := n.(type) {
	case *plan.Traverse:
		in, err := r.build(n.Input)
		if err != nil {
			return nil, err
		}
		return &traverseIter{r: r, n: n, in: in}, nil
	case *plan.LinkEdges:
		return &linkIter{r: r, n: n}, nil
	case *plan.ShortestPath:
		return &pathIter{r: r, n: n}, nil
	}
	return nil, internalf("not a graph node: %T", n)
}

func graphDir(d plan.GraphDir) graph.Dir {
	switch d {
	case plan.GraphIn:
		return graph.In
	case plan.GraphBoth:
		return graph.Both
	}
	return graph.Out
}

// edgeTable resolves an edge step's table: nil (and no error) when it
// does not exist yet, so a traversal over an edge never created is empty.
func (r *run) edgeTable(name string, pos int) (*catalog.Table, error) {
	if name == "" {
		return nil, nil
	}
	t, err := r.table(name, pos)
	if err != nil {
		if e := errs.From(err); e.Code == errs.UndefinedTable {
			return nil, nil
		}
		return nil, err
	}
	if t.Edge == nil {
		return nil, errAt(pos, errs.WrongObjectType, "table %q is not an edge table", name)
	}
	return t, nil
}

// vertexID is the record id a traversal starts from: a record id, or the
// id of a record; ok is false for none.
func vertexID(v value.Value, pos int) (value.Value, bool, error) {
	switch v.Kind() {
	case value.KindNone:
		return v, false, nil
	case value.KindRecordID:
		return v, true, nil
	case value.KindObject:
		if id, ok := v.AsObject().Get("id"); ok && id.Kind() == value.KindRecordID {
			return id, true, nil
		}
	}
	return value.None, false, errAt(pos, errs.DatatypeMismatch, "%s is not a vertex (a record or a record id)", v.String())
}

// edgeView reads an edge record as its record view; none when it is gone.
func (r *run) edgeView(eid value.Value) (value.Value, error) {
	rid := eid.AsRecordID()
	ov, err := r.fetchRecord(rid, 0)
	if err != nil || ov.IsNone() {
		return value.None, err
	}
	return recordView(rid.Table, rid.Key, ov), nil
}

// graphStep is a step with its edge table resolved.
type graphStep struct {
	*plan.GraphStep
	edge    *catalog.Table // nil: every edge table (Edge ""), or none exists
	missing bool           // the named edge table does not exist
	sets    stepSets       // the index semi-joins' keys (traversefilter.go)
	// cand is the one-column row a filter of the step is evaluated on,
	// reused from candidate to candidate (a filter keeps no row past
	// its evaluation, as with any iterator's reused row).
	cand [1]value.Value
}

// stepFrom locates the vertex u names and the edge table step s follows
// (0: every edge table); ok is false when the step can yield nothing
// (its edge table is missing, or u can be no record of its table).
func (r *run) stepFrom(s *graphStep, u value.Value) (v graph.Vertex, edgeTable uint64, ok bool, err error) {
	if s.missing {
		return graph.Vertex{}, 0, false, nil
	}
	if v, ok, err = r.vertexOf(u, 0); err != nil || !ok {
		return graph.Vertex{}, 0, false, err
	}
	if s.edge != nil {
		edgeTable = s.edge.ID
	}
	return v, edgeTable, true, nil
}

// expand lists the edges of step s at vertex u that pass its edge
// filter: fn gets the vertex at its other end and, when edges is set, the
// edge's id (value.None otherwise: decoding it is skipped).
func (r *run) expand(gr *graph.Reader, s *graphStep, o outer, u value.Value, edges bool, fn func(eid, other value.Value) (bool, error)) error {
	v, edgeID, ok, err := r.stepFrom(s, u)
	if err != nil || !ok {
		return err
	}
	list := gr.Neighbours
	if edges || s.EdgeFilter != nil {
		list = gr.Expand
	}
	return list(v, graphDir(s.Dir), edgeID, func(eid, other value.Value, _ graph.Dir) (bool, error) {
		if err := r.tick(); err != nil {
			return false, err
		}
		if ok, err := r.edgePasses(s, o, eid); err != nil || !ok {
			return err == nil, err
		}
		return fn(eid, other)
	})
}

// neighbours sets src.items to the vertices one step from v (located
// by stepFrom) that pass the step's vertex restriction: an expansion
// that looks at no edge, so the reader appends them all at once.
func (r *run) neighbours(gr *graph.Reader, s *graphStep, o outer, v graph.Vertex, edgeID uint64, src *sliceSource) error {
	items, err := gr.AppendNeighbours(src.items, v, graphDir(s.Dir), edgeID)
	if err != nil {
		return err
	}
	if s.VertexFilter != nil && s.VertexIndex == nil {
		r.prefetchRecords(items)
	}
	if len(s.Tables) > 0 || s.VertexFilter != nil {
		kept := items[:0]
		for _, w := range items {
			if err := r.tick(); err != nil {
				return err
			}
			ok, err := r.vertexPasses(s, o, w)
			if err != nil {
				return err
			}
			if ok {
				kept = append(kept, w)
			}
		}
		clear(items[len(kept):])
		items = kept
	}
	src.items = items
	return nil
}

// prefetchRecords loads the cached records of record ids into the CPU's
// caches (graph.Cache.Prefetch) before a step's filter reads them one by
// one: their cache misses then overlap.
func (r *run) prefetchRecords(ids []value.Value) {
	c := r.x.GraphCache
	if c == nil || len(ids) < 2 {
		return
	}
	var t *catalog.Table
	plen := 0
	for _, id := range ids {
		rid := id.AsRecordID()
		if t == nil || rid.Table != t.Name {
			var err error
			if t, err = r.table(rid.Table, 0); err != nil {
				return
			}
			if r.prefetchKey, err = r.tablePrefix(r.prefetchKey[:0], t); err != nil {
				return
			}
			plen = len(r.prefetchKey)
		}
		k, ok := normalizeKey(rid.Key, keyType(t))
		if !ok {
			continue
		}
		key, err := value.AppendKey(r.prefetchKey[:plen], k)
		if err != nil {
			continue
		}
		r.prefetchKey = key
		c.AddPrefetch(&r.prefetch, key)
	}
	c.Prefetch(&r.prefetch)
}

// prefetchStep loads what expanding each of vertices (step i-1's
// items) by step i will read from the adjacency cache into the CPU's
// caches (graph.Reader.Prefetch), before the traversal expands them one
// by one. The vertices it locates on the way stay in it.located[i] for
// those expansions (locatedAt).
func (it *traverseIter) prefetchStep(i int, vertices []value.Value) {
	s := &it.steps[i]
	located := it.located[i][:0]
	defer func() { it.located[i] = located }()
	if s.Quantified || s.Min == 0 && s.Max == 0 || len(vertices) < 2 {
		return
	}
	for _, u := range vertices {
		v, edgeTable, ok, err := it.r.stepFrom(s, u)
		if err != nil {
			// The expansion reports it.
			clear(located)
			located = located[:0]
			return
		}
		located = append(located, stepStart{v: v, edgeTable: edgeTable, ok: ok})
		if ok {
			if err := it.gr.AddPrefetch(v, graphDir(s.Dir), edgeTable); err != nil {
				return
			}
		}
	}
	it.gr.Prefetch()
}

// stepStart is what stepFrom returned for a vertex.
type stepStart struct {
	v         graph.Vertex
	edgeTable uint64
	ok        bool
}

// locatedAt returns where step i starts from the vertex step i-1's
// source yielded last, when prefetchStep located it: found is false when
// it did not (the caller calls stepFrom).
func (it *traverseIter) locatedAt(i int) (st stepStart, found bool) {
	if i == 0 || len(it.located[i]) == 0 || len(it.stack) != i || it.stack[i-1] != source(&it.plain[i-1]) {
		return stepStart{}, false
	}
	j := it.plain[i-1].i - 1
	if j < 0 || j >= len(it.located[i]) {
		return stepStart{}, false
	}
	return it.located[i][j], true
}

// holds evaluates a filter of step s on one candidate.
func (r *run) holds(s *graphStep, cond plan.Expr, o outer, cand value.Value) (bool, error) {
	s.cand[0] = cand
	sc := o.scope(s.cand[:])
	v, err := r.eval(cond, &sc)
	s.cand[0] = value.None
	return isTrue(v), err
}

// source yields the results of one step from one vertex.
type source interface {
	next() (value.Value, bool, error)
}

type sliceSource struct {
	items []value.Value
	i     int
}

func (s *sliceSource) next() (value.Value, bool, error) {
	if s.i == len(s.items) {
		return value.None, false, nil
	}
	s.i++
	return s.items[s.i-1], true, nil
}

type bfsSource struct {
	it  *traverseIter
	s   *graphStep
	bfs *graph.BFS
}

func (b *bfsSource) next() (value.Value, bool, error) {
	for {
		v, ok, err := b.bfs.Next(b.it.r.ctx)
		if err != nil || !ok {
			return value.None, false, err
		}
		if ok, err := b.it.r.vertexPasses(b.s, b.it.o, v); err != nil || ok {
			return v, ok, err
		}
	}
}

// traverseIter runs a Traverse depth-first over its steps: one source per
// step on a stack, so results stream out (a LIMIT above stops the walk)
// and memory is one vertex's expansion per plain step plus the visited
// set of a quantified one.
type traverseIter struct {
	r  *run
	n  *plan.Traverse
	in iterator
	o  outer
	gr *graph.Reader // nil when closed
	// reader is gr's Reader, kept closed for the next open (a rerun
	// reuses its buffers).
	reader *graph.Reader
	steps  []graphStep
	stack  []source
	// plain[i] is step i's source when it is a plain step: at most one
	// per step is on the stack, so its items buffer is reused from one
	// vertex to the next instead of growing anew for each.
	plain []sliceSource
	// located[i] holds where step i starts from each of plain[i-1]'s
	// items, when prefetchStep located them (empty otherwise): expanding
	// them does not locate them again.
	located [][]stepStart
	out     [1]value.Value
	// resolved: steps hold this run's edge tables. Within a run they
	// (and the semi-joins' fixed sets) serve every open; a rerun of the
	// tree (Executor.Rerun) resolves them again in its own transaction.
	resolved bool
}

func (it *traverseIter) close() {
	it.closeReader()
	for i := range it.plain {
		// A rerun may keep the buffers; not the values.
		clear(it.plain[i].items)
		clear(it.located[i])
		it.located[i] = it.located[i][:0]
	}
	it.in.close()
}

func (it *traverseIter) closeReader() {
	if it.gr != nil {
		_ = it.gr.Close()
		it.gr = nil
	}
}

func (it *traverseIter) open(o outer) error {
	it.o, it.stack = o, it.stack[:0]
	it.closeReader()
	st, txn, err := it.r.graphTxn()
	if err != nil {
		return err
	}
	if it.reader == nil {
		it.reader = st.Reader(it.r.ctx, txn)
	} else {
		it.reader.Reset(st, it.r.ctx, txn)
	}
	it.gr = it.reader
	if !it.resolved {
		if it.steps == nil {
			// The stack holds the input's vertex's source and one per
			// step at most.
			it.stack = make([]source, 0, len(it.n.Steps)+1)
			it.steps = make([]graphStep, len(it.n.Steps))
		}
		for i := range it.n.Steps {
			s := &it.n.Steps[i]
			t, err := it.r.edgeTable(s.Edge, 0)
			if err != nil {
				return err
			}
			it.steps[i] = graphStep{GraphStep: s, edge: t, missing: t == nil && s.Edge != ""}
		}
		it.resolved = true
	}
	for i := range it.steps {
		it.steps[i].resetSets()
	}
	return it.in.open(o)
}

func (it *traverseIter) next() ([]value.Value, error) {
	r := it.r
	for {
		if len(it.stack) == 0 {
			row, err := it.in.next()
			if row == nil || err != nil {
				return nil, err
			}
			if it.n.Col >= len(row) {
				return nil, internalf("traverse column %d out of range", it.n.Col)
			}
			v, ok, err := vertexID(row[it.n.Col], 0)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			src, err := it.sourceAt(0, v)
			if err != nil {
				return nil, err
			}
			it.stack = append(it.stack, src)
			continue
		}
		i := len(it.stack) - 1
		var v value.Value
		var ok bool
		if src, plain := it.stack[i].(*sliceSource); plain {
			// Called directly, so inlined: most sources are plain
			// steps', and this is once per vertex reached. It never
			// fails.
			v, ok, _ = src.next()
		} else {
			var err error
			if v, ok, err = it.stack[i].next(); err != nil {
				return nil, err
			}
		}
		if !ok {
			it.stack = it.stack[:i]
			continue
		}
		if err := r.tick(); err != nil {
			return nil, err
		}
		if i == len(it.steps)-1 {
			it.out[0] = v
			return it.out[:], nil
		}
		src, err := it.sourceAt(i+1, v)
		if err != nil {
			return nil, err
		}
		it.stack = append(it.stack, src)
	}
}

// sourceAt starts step i at vertex u.
func (it *traverseIter) sourceAt(i int, u value.Value) (source, error) {
	r, s := it.r, &it.steps[i]
	if s.Quantified {
		expand := func(v value.Value, fn func(value.Value) (bool, error)) error {
			return r.expand(it.gr, s, it.o, v, false, func(_, other value.Value) (bool, error) { return fn(other) })
		}
		return &bfsSource{it: it, s: s, bfs: graph.NewBFS(u, s.Min, s.Max, expand)}, nil
	}
	if it.plain == nil {
		it.plain = make([]sliceSource, len(it.steps))
		// Room for a typical degree at once rather than growing
		// through 1, 2, 4, 8 for each traversal: one block cut into a
		// buffer per step (a step whose vertex has more edges grows
		// its own).
		const degree = 16
		block := make([]value.Value, degree*len(it.steps))
		for j := range it.plain {
			it.plain[j].items = block[j*degree : j*degree : (j+1)*degree]
		}
		it.located = make([][]stepStart, len(it.steps))
	}
	// Read before plain[i] changes: step i's vertex is step i-1's item.
	start, located := it.locatedAt(i)
	src := &it.plain[i]
	clear(src.items) // let the previous vertex's values go
	src.items, src.i = src.items[:0], 0
	if i+1 < len(it.located) {
		// They were located for the items about to be replaced.
		clear(it.located[i+1])
		it.located[i+1] = it.located[i+1][:0]
	}
	if s.Min == 0 && s.Max == 0 {
		ok, err := r.vertexPasses(s, it.o, u)
		if ok {
			src.items = append(src.items, u)
		}
		return src, err
	}
	last := it.n.Edges && i == len(it.steps)-1
	if !last && s.EdgeFilter == nil {
		if !located {
			var err error
			if start.v, start.edgeTable, start.ok, err = r.stepFrom(s, u); err != nil {
				return src, err
			}
		}
		if !start.ok {
			return src, nil
		}
		err := r.neighbours(it.gr, s, it.o, start.v, start.edgeTable, src)
		if err == nil && i+1 < len(it.steps) {
			it.prefetchStep(i+1, src.items)
		}
		return src, err
	}
	items := src.items
	err := r.expand(it.gr, s, it.o, u, last, func(eid, other value.Value) (bool, error) {
		if last {
			ev, err := r.edgeView(eid)
			if err == nil && !ev.IsNone() {
				items = append(items, ev)
			}
			return err == nil, err
		}
		ok, err := r.vertexPasses(s, it.o, other)
		if ok {
			items = append(items, other)
		}
		return err == nil, err
	})
	src.items = items
	return src, err
}

// linkIter creates or removes edges when opened and yields their records.
type linkIter struct {
	r     *run
	n     *plan.LinkEdges
	items []value.Value
	i     int
	out   [1]value.Value
}

func (it *linkIter) close() {}

func (it *linkIter) next() ([]value.Value, error) {
	if it.i == len(it.items) {
		return nil, nil
	}
	it.out[0] = it.items[it.i]
	it.i++
	return it.out[:], nil
}

// vertexList is the vertices a LinkEdges end names.
func (r *run) vertexList(x plan.Expr, o outer) ([]value.Value, error) {
	sc := o.scope(nil)
	v, err := r.eval(x, &sc)
	if err != nil {
		return nil, err
	}
	elems := []value.Value{v}
	if v.Kind() == value.KindList {
		elems = v.AsList()
	}
	out := make([]value.Value, 0, len(elems))
	for _, e := range elems {
		id, ok, err := vertexID(e, x.Pos())
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, id)
		}
	}
	return out, nil
}

func (it *linkIter) open(o outer) error {
	r, n := it.r, it.n
	it.items, it.i = nil, 0
	from, err := r.vertexList(n.From, o)
	if err != nil {
		return err
	}
	to, err := r.vertexList(n.To, o)
	if err != nil {
		return err
	}
	if n.Remove {
		return it.unlink(o, from, to)
	}
	fields := value.None
	if n.Fields != nil {
		sc := o.scope(nil)
		if fields, err = r.eval(n.Fields, &sc); err != nil {
			return err
		}
		if fields.Kind() != value.KindObject && !fields.IsNone() {
			return errAt(n.Fields.Pos(), errs.DatatypeMismatch, "the fields of an edge must be an object, not %s", fields.String())
		}
	}
	t, err := r.edgeTableForWrite(n.Edge, n.Pos())
	if err != nil {
		return err
	}
	objs := make([]value.Value, 0, len(from)*len(to))
	for _, f := range from {
		for _, g := range to {
			var src *value.Object
			if !fields.IsNone() {
				src = fields.AsObject()
			}
			obj := value.NewObject(2 + src.Len())
			obj.Set("in", f)
			obj.Set("out", g)
			for i := 0; i < src.Len(); i++ {
				k, v := src.At(i)
				if k != "in" && k != "out" && k != "id" {
					obj.Set(k, v)
				}
			}
			objs = append(objs, value.ObjectOf(obj))
		}
	}
	ins := &plan.Insert{
		Table: t,
		Input: &plan.Unnest{X: &plan.Const{At: n.At, V: value.List(objs)}, Col: plan.Column{Name: "edge", Type: value.Any}},
		Obj:   &plan.ColRef{At: n.At, Idx: 0, Name: "edge"},
	}
	wi, err := r.build(ins)
	if err != nil {
		return err
	}
	defer wi.close()
	if err := wi.open(o); err != nil {
		return err
	}
	for {
		row, err := wi.next()
		if err != nil {
			return err
		}
		if row == nil {
			return nil
		}
		it.items = append(it.items, recordView(t.Name, row[0], row[1]))
	}
}

// edgeTableForWrite finds the edge table a new edge goes to, making it on
// first use (a schemaless edge table between any vertices).
func (r *run) edgeTableForWrite(name string, pos int) (*catalog.Table, error) {
	t, err := r.edgeTable(name, pos)
	if err != nil || t != nil {
		return t, err
	}
	db, err := r.database()
	if err != nil {
		return nil, err
	}
	txn, err := r.txn()
	if err != nil {
		return nil, err
	}
	t, err = r.x.cat.CreateTable(r.ctx, txn, db, &catalog.Table{Name: name, CreatedBy: "zql", Edge: &catalog.EdgeSpec{}, Privileges: catalog.Privileges{Owner: r.creator()}})
	if err != nil {
		return nil, atPos(err, pos)
	}
	// r.table caches only tables found, so later lookups see this one.
	return t, nil
}

// unlink removes every edge of the table from a vertex of from to one of
// to.
func (it *linkIter) unlink(o outer, from, to []value.Value) error {
	r := it.r
	t, err := r.edgeTable(it.n.Edge, it.n.Pos())
	if err != nil || t == nil {
		return err
	}
	gr, err := r.graphReader()
	if err != nil {
		return err
	}
	defer gr.Close()
	s := &graphStep{GraphStep: &plan.GraphStep{Dir: plan.GraphOut, Edge: t.Name, Min: 1, Max: 1}, edge: t}
	for _, f := range from {
		var doomed []value.Value
		err := r.expand(gr, s, o, f, true, func(eid, other value.Value) (bool, error) {
			for _, g := range to {
				if value.Equal(other, g) {
					doomed = append(doomed, eid)
					break
				}
			}
			return true, nil
		})
		if err != nil {
			return err
		}
		for _, eid := range doomed {
			ev, err := r.edgeView(eid)
			if err != nil {
				return err
			}
			if ev.IsNone() {
				continue
			}
			if err := r.removeRecord(eid); err != nil {
				return err
			}
			it.items = append(it.items, ev)
		}
	}
	return nil
}

// pathIter yields the row of a ShortestPath (or its rows, with Steps).
type pathIter struct {
	r    *run
	n    *plan.ShortestPath
	done bool
	out  [1]value.Value
	path []value.Value
	i    int
	step [2]value.Value
}

func (it *pathIter) close() {}

func (it *pathIter) open(o outer) error {
	r, n := it.r, it.n
	it.done, it.out[0], it.path, it.i = false, value.None, nil, 0
	sc := o.scope(nil)
	ends := [2]value.Value{}
	for i, x := range [...]plan.Expr{n.From, n.To} {
		v, err := r.eval(x, &sc)
		if err != nil {
			return err
		}
		id, ok, err := vertexID(v, x.Pos())
		if err != nil || !ok {
			return err
		}
		ends[i] = id
	}
	t, err := r.edgeTable(n.Edge, n.Pos())
	if err != nil {
		return err
	}
	if t == nil && n.Edge != "" {
		return nil
	}
	gr, err := r.graphReader()
	if err != nil {
		return err
	}
	defer gr.Close()
	fwd := &graphStep{GraphStep: &plan.GraphStep{Dir: n.Dir, Edge: n.Edge, Min: 1, Max: 1}, edge: t}
	bwdDir := n.Dir
	switch n.Dir {
	case plan.GraphOut:
		bwdDir = plan.GraphIn
	case plan.GraphIn:
		bwdDir = plan.GraphOut
	}
	bwd := &graphStep{GraphStep: &plan.GraphStep{Dir: bwdDir, Edge: n.Edge, Min: 1, Max: 1}, edge: t}
	exp := func(s *graphStep) graph.Expander {
		return func(v value.Value, fn func(value.Value) (bool, error)) error {
			return r.expand(gr, s, o, v, false, func(_, other value.Value) (bool, error) { return fn(other) })
		}
	}
	path, ok, err := graph.ShortestPath(r.ctx, ends[0], ends[1], exp(fwd), exp(bwd), -1)
	if err != nil || !ok {
		return err
	}
	it.out[0], it.path = value.List(path), path
	return nil
}

func (it *pathIter) next() ([]value.Value, error) {
	if it.n.Steps {
		if it.i == len(it.path) {
			return nil, nil
		}
		it.step[0], it.step[1] = it.path[it.i], value.Int(int64(it.i))
		it.i++
		return it.step[:], nil
	}
	if it.done {
		return nil, nil
	}
	it.done = true
	return it.out[:], nil
}
