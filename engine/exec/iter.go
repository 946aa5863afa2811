package exec

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// iterator is the pull interface of every node. open (re)starts the
// iterator inside an outer context — a lateral join reopens its right side
// for every left row, a correlated subquery for every evaluation. next
// returns the next row, or nil at the end; the row is valid until the next
// call to next or open.
type iterator interface {
	open(o outer) error
	next() ([]value.Value, error)
	close()
}

// build makes the iterator tree of n.
func (r *run) build(n plan.Node) (iterator, error) {
	it, err := r.buildNode(n)
	if err != nil || r.analyze == nil {
		return it, err
	}
	return r.analyzed(n, it), nil
}

func (r *run) buildNode(n plan.Node) (iterator, error) {
	switch n := n.(type) {
	case *plan.Scan:
		if err := r.checkRead(n.Table, n.RowSecurity, n.Views, n != r.unchecked && !r.partitionInput(n)); err != nil {
			return nil, err
		}
		return r.buildScan(n)
	case *plan.Filter:
		in, err := r.build(n.Input)
		if err != nil {
			return nil, err
		}
		return &filterIter{r: r, n: n, in: in}, nil
	case *plan.Project:
		in, err := r.build(n.Input)
		if err != nil {
			return nil, err
		}
		keyOnlyProject(n, in)
		p := &projectIter{r: r, n: n, in: in}
		if len(n.Exprs) <= len(p.arr) {
			p.out = p.arr[:len(n.Exprs)]
		} else {
			p.out = make([]value.Value, len(n.Exprs))
		}
		return p, nil
	case *plan.Values:
		return &valuesIter{r: r, n: n}, nil
	case *plan.Unnest:
		return &unnestIter{r: r, n: n}, nil
	case *plan.Eval:
		return &evalIter{r: r, n: n}, nil
	case *plan.Join:
		return r.buildJoin(n)
	case *plan.SetOp:
		return r.buildSetOp(n)
	case *plan.Append:
		return r.buildAppend(n)
	case *plan.RecursiveUnion:
		return r.buildRecursive(n)
	case *plan.WorkTable:
		return r.buildWork(n)
	case *plan.WithWrites:
		return &withWritesIter{r: r, n: n}, nil
	case *plan.CTEScan:
		return &cteScanIter{r: r, n: n}, nil
	case *plan.DistinctOn:
		in, err := r.build(n.Input)
		if err != nil {
			return nil, err
		}
		return &distinctOnIter{r: r, n: n, in: in}, nil
	case *plan.Aggregate:
		if n.Parallel {
			return r.buildParallelAgg(n)
		}
		in, err := r.build(n.Input)
		if err != nil {
			return nil, err
		}
		return &aggIter{r: r, n: n, in: in, direct: directAggs(n)}, nil
	case *plan.Window:
		in, err := r.build(n.Input)
		if err != nil {
			return nil, err
		}
		return &windowIter{r: r, n: n, in: in}, nil
	case *plan.Sort:
		in, err := r.build(n.Input)
		if err != nil {
			return nil, err
		}
		return &sortIter{r: r, n: n, in: in}, nil
	case *plan.Limit:
		in, err := r.build(n.Input)
		if err != nil {
			return nil, err
		}
		return &limitIter{r: r, n: n, in: in}, nil
	case *plan.LockRows:
		return r.buildLockRows(n)
	case *plan.Distinct:
		in, err := r.build(n.Input)
		if err != nil {
			return nil, err
		}
		return &distinctIter{r: r, in: in}, nil
	case *plan.Reverse:
		in, err := r.build(n.Input)
		if err != nil {
			return nil, err
		}
		return &reverseIter{r: r, in: in}, nil
	case *plan.Insert:
		if err := r.beginWrite(n, n.Table); err != nil {
			return nil, err
		}
		return r.buildInsert(n)
	case *plan.Update:
		if err := notMatView(n.Table); err != nil {
			return nil, err
		}
		if err := r.beginWrite(n, n.Table); err != nil {
			return nil, err
		}
		in, err := r.buildWriteInput(n.Input, n.Table)
		if err != nil {
			return nil, err
		}
		if n.Table.InsteadOf {
			return &insteadIter{writeBase: writeBase{r: r, in: in}, t: n.Table, event: catalog.TriggerUpdate, obj: n.Set, oldCol: n.ObjCol, setCols: n.SetCols}, nil
		}
		return &updateIter{writeBase: writeBase{r: r, in: in}, n: n}, nil
	case *plan.Delete:
		if err := notMatView(n.Table); err != nil {
			return nil, err
		}
		if err := r.beginWrite(n, n.Table); err != nil {
			return nil, err
		}
		in, err := r.buildWriteInput(n.Input, n.Table)
		if err != nil {
			return nil, err
		}
		if n.Table.InsteadOf {
			return &insteadIter{writeBase: writeBase{r: r, in: in}, t: n.Table, event: catalog.TriggerDelete, oldCol: n.ObjCol}, nil
		}
		return &deleteIter{writeBase: writeBase{r: r, in: in}, n: n}, nil
	case *plan.VectorSearch:
		if err := r.checkRead(n.Table, false, nil, true); err != nil {
			return nil, err
		}
		return &vectorSearchIter{r: r, n: n}, nil
	case *plan.CreateTable, *plan.DropTable, *plan.AttachPartition, *plan.AlterInherit, *plan.CreateDatabase, *plan.CreateNamespace, *plan.DropObject,
		*plan.CreateFunction, *plan.CreateEnum, *plan.CreateType, *plan.Truncate, *plan.AddPrimaryKey, *plan.AddForeignKey, *plan.DropConstraint, *plan.AddCheck, *plan.ValidateConstraint, *plan.CreateSchema, *plan.DropSchema, *plan.RenameObject, *plan.ChangeOwner, *plan.SetViewOptions, *plan.SetRelOptions, *plan.Cluster, *plan.Reindex, *plan.CreateRole, *plan.AlterRole, *plan.RenameRole, *plan.DropRole, *plan.Grant, *plan.AlterDefaultPrivileges, *plan.GrantRole, *plan.Comment, *plan.SetConstraints, *plan.CreateVectorIndex,
		*plan.CreateIndex, *plan.Analyze, *plan.LockTable, *plan.CreateView, *plan.AlterTable, *plan.CreateSequence, *plan.AlterSequence, *plan.RefreshMatView, *plan.AlterEnum, *plan.AlterDomain, *plan.MoveType, *plan.MoveObject,
		*plan.CreateTrigger, *plan.DropTrigger, *plan.EnableTrigger,
		*plan.SetRowSecurity, *plan.CreatePolicy, *plan.AlterPolicy, *plan.DropPolicy,
		*plan.CreateStatistics, *plan.AlterStatistics, *plan.DropStatistics, *plan.Skip:
		return &ddlIter{r: r, n: n}, nil
	case *plan.IndexScan:
		if err := r.checkRead(n.Table, n.RowSecurity, n.Views, !r.partitionInput(n)); err != nil {
			return nil, err
		}
		return r.buildIndexScan(n)
	case *plan.ExplainStmt:
		return &explainIter{r: r, n: n}, nil
	case *plan.Traverse, *plan.LinkEdges, *plan.ShortestPath:
		if err := r.checkGraph(n); err != nil {
			return nil, err
		}
		return r.buildGraph(n)
	case nil:
		return nil, internalf("nil plan node")
	}
	return nil, errs.New(errs.FeatureNotSupported, "plan node %T is not supported by the executor", n)
}

// filterIter keeps the rows whose condition is exactly true.
type filterIter struct {
	r  *run
	n  *plan.Filter
	in iterator
	o  outer
}

func (it *filterIter) open(o outer) error { it.o = o; return it.in.open(o) }
func (it *filterIter) close()             { it.in.close() }

func (it *filterIter) next() ([]value.Value, error) {
	for {
		row, err := it.in.next()
		if row == nil || err != nil {
			return nil, err
		}
		sc := it.o.scope(row)
		c, err := it.r.eval(it.n.Cond, &sc)
		if err != nil {
			return nil, err
		}
		if isTrue(c) {
			return row, nil
		}
		if err := it.r.tick(); err != nil {
			return nil, err
		}
	}
}

type projectIter struct {
	r   *run
	n   *plan.Project
	in  iterator
	o   outer
	out []value.Value
	arr [4]value.Value // out for narrow projections, saving an allocation
}

func (it *projectIter) open(o outer) error { it.o = o; return it.in.open(o) }
func (it *projectIter) close()             { it.in.close() }

func (it *projectIter) next() ([]value.Value, error) {
	row, err := it.in.next()
	if row == nil || err != nil {
		return nil, err
	}
	sc := it.o.scope(row)
	for i, x := range it.n.Exprs {
		v, err := it.r.eval(x, &sc)
		if err != nil {
			return nil, err
		}
		it.out[i] = v
	}
	return it.out, nil
}

type valuesIter struct {
	r   *run
	n   *plan.Values
	o   outer
	i   int
	out []value.Value
	arr [4]value.Value
}

func (it *valuesIter) open(o outer) error { it.o, it.i = o, 0; return nil }
func (it *valuesIter) close()             {}

func (it *valuesIter) next() ([]value.Value, error) {
	if it.i >= len(it.n.Rows) {
		return nil, nil
	}
	exprs := it.n.Rows[it.i]
	it.i++
	if it.out == nil || cap(it.out) < len(exprs) {
		// Never nil, even for zero columns: a nil row means the end.
		if len(exprs) <= len(it.arr) {
			it.out = it.arr[:0]
		} else {
			it.out = make([]value.Value, len(exprs), len(exprs)+1)
		}
	}
	out := it.out[:len(exprs)]
	sc := it.o.scope(nil)
	for i, x := range exprs {
		v, err := it.r.eval(x, &sc)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

type evalIter struct {
	r    *run
	n    *plan.Eval
	o    outer
	done bool
	out  [1]value.Value
}

func (it *evalIter) open(o outer) error { it.o, it.done = o, false; return nil }
func (it *evalIter) close()             {}

func (it *evalIter) next() ([]value.Value, error) {
	if it.done {
		return nil, nil
	}
	it.done = true
	sc := it.o.scope(nil)
	v, err := it.r.eval(it.n.X, &sc)
	if err != nil {
		return nil, err
	}
	it.out[0] = v
	return it.out[:], nil
}

// unnestIter yields the elements of a list, tuple, vector or integer
// range. Ranges are walked lazily, so 1..1000000 costs no memory.
type unnestIter struct {
	r *run
	n *plan.Unnest

	elems  []value.Value
	vec    []float32
	i      int
	isRng  bool
	cur    int64
	hi     int64
	width  value.IntWidth // of the range's integers (SQL's int4 stays int4)
	open_  bool           // upper bound open (lo..)
	single bool
	one    value.Value
	out    [1]value.Value
}

func (it *unnestIter) close() {}

func (it *unnestIter) open(o outer) error {
	*it = unnestIter{r: it.r, n: it.n}
	sc := o.scope(nil)
	v, err := it.r.eval(it.n.X, &sc)
	if err != nil {
		return err
	}
	switch v.Kind() {
	case value.KindNone:
	case value.KindList, value.KindTuple:
		it.elems = v.AsList()
	case value.KindVector:
		it.vec = v.AsVector()
	case value.KindRange:
		return it.openRange(v.AsRange(), it.n.X.Pos())
	default:
		it.single, it.one = true, v
	}
	return nil
}

func (it *unnestIter) openRange(rg *value.Range, pos int) error {
	if rg.Lo.Kind() != value.KindInt || (rg.Hi.Kind() != value.KindInt && !rg.Hi.IsNone()) {
		return typeMismatch(pos, "only ranges of integers can be iterated, not %s..%s", kindName(rg.Lo), kindName(rg.Hi))
	}
	it.isRng = true
	it.cur, it.width = rg.Lo.AsInt(), rg.Lo.Width()
	if it.width == value.U64 {
		it.width = value.I64
	}
	if rg.Hi.IsNone() {
		it.open_ = true
		return nil
	}
	it.hi = rg.Hi.AsInt()
	if !rg.Inclusive {
		if it.hi == -1<<63 {
			it.isRng = false // empty
			return nil
		}
		it.hi--
	}
	if it.cur > it.hi {
		it.isRng = false
	}
	return nil
}

func (it *unnestIter) next() ([]value.Value, error) {
	switch {
	case it.elems != nil:
		if it.i >= len(it.elems) {
			return nil, nil
		}
		it.out[0] = it.elems[it.i]
		it.i++
	case it.vec != nil:
		if it.i >= len(it.vec) {
			return nil, nil
		}
		it.out[0] = value.Float32(it.vec[it.i])
		it.i++
	case it.isRng:
		if err := it.r.tick(); err != nil {
			return nil, err
		}
		it.out[0] = value.IntW(it.cur, it.width)
		if !it.open_ && it.cur == it.hi {
			it.isRng = false
		} else if it.cur == 1<<63-1 {
			it.isRng = false
		} else {
			it.cur++
		}
	case it.single:
		it.single = false
		it.out[0] = it.one
	default:
		return nil, nil
	}
	return it.out[:], nil
}

// limitIter skips Offset rows, then yields at most Count, and then,
// WITH TIES, the rows equal to the last one on the sort keys.
type limitIter struct {
	r      *run
	n      *plan.Limit
	in     iterator
	o      outer
	count  int64 // -1 = unbounded
	offset int64
	seen   int64
	last   []value.Value // the tie keys of the last row counted
	keys   []value.Value // the tie keys of the row read after it
}

func (it *limitIter) close() { it.in.close() }

func (it *limitIter) open(o outer) error {
	var err error
	if it.count, err = it.r.rowCount(it.n.Count, o, false); err != nil {
		return err
	}
	if it.offset, err = it.r.rowCount(it.n.Offset, o, true); err != nil {
		return err
	}
	if it.offset < 0 {
		it.offset = 0
	}
	it.seen, it.o = 0, o
	return it.in.open(o)
}

func (it *limitIter) next() ([]value.Value, error) {
	if it.offset > 0 {
		n, err := skipRows(it.in, it.offset)
		if err != nil {
			return nil, err
		}
		it.offset -= n
	}
	for it.offset > 0 {
		row, err := it.in.next()
		if row == nil || err != nil {
			return nil, err
		}
		it.offset--
	}
	if it.count >= 0 && it.seen >= it.count {
		if len(it.n.Ties) == 0 || it.count == 0 {
			return nil, nil
		}
		return it.tied()
	}
	row, err := it.in.next()
	if row == nil || err != nil {
		return nil, err
	}
	it.seen++
	if len(it.n.Ties) > 0 && it.seen == it.count {
		if it.last, err = it.tieKeys(row, it.last); err != nil {
			return nil, err
		}
	}
	return row, nil
}

// tied yields the next input row when it ties with the last one
// counted, else ends the rows.
func (it *limitIter) tied() ([]value.Value, error) {
	if it.last == nil {
		return nil, nil
	}
	row, err := it.in.next()
	if row == nil || err != nil {
		return nil, err
	}
	if it.keys, err = it.tieKeys(row, it.keys); err != nil {
		return nil, err
	}
	if compareSortKeys(it.n.Ties, it.last, it.keys) != 0 {
		it.last = nil
		return nil, nil
	}
	return row, nil
}

// tieKeys evaluates the tie keys on row into buf.
func (it *limitIter) tieKeys(row, buf []value.Value) ([]value.Value, error) {
	buf = buf[:0]
	sc := it.o.scope(row)
	for i := range it.n.Ties {
		v, err := it.r.eval(it.n.Ties[i].X, &sc)
		if err != nil {
			return nil, err
		}
		buf = append(buf, v)
	}
	return buf, nil
}

// rowCount evaluates a LIMIT/OFFSET-like expression: -1 when it is nil or
// none (no bound); negative counts are errors as in PostgreSQL.
func (r *run) rowCount(x plan.Expr, o outer, offset bool) (int64, error) {
	if x == nil {
		return -1, nil
	}
	sc := o.scope(nil)
	v, err := r.eval(x, &sc)
	if err != nil {
		return 0, err
	}
	var n int64
	switch v.Kind() {
	case value.KindNone:
		return -1, nil
	case value.KindInt:
		if v.Width() == value.U64 && v.AsUint64() > 1<<63-1 {
			n = 1<<63 - 1
		} else {
			n = v.AsInt()
		}
	default:
		c, err := value.Convert(v, value.TypeInt8)
		if err != nil {
			return 0, atPos(err, x.Pos())
		}
		n = c.AsInt()
	}
	if n < 0 {
		if offset {
			return 0, errAt(x.Pos(), codeInvalidRowCountOff, "OFFSET must not be negative")
		}
		return 0, errAt(x.Pos(), codeInvalidRowCountLimit, "LIMIT must not be negative")
	}
	return n, nil
}

// rowStore keeps copies of rows: iterators reuse their buffers, so any
// operator that holds rows across next calls copies them. Rows are carved
// from one growing backing slice to keep allocations per row low.
type rowStore struct {
	buf []value.Value
}

func (s *rowStore) copy(row []value.Value) []value.Value {
	if len(row) == 0 {
		return []value.Value{}
	}
	if cap(s.buf)-len(s.buf) < len(row) {
		// Chunks start small and double up to 256 rows (at least 1024
		// values): a point UPDATE materializes one row, and a 1024-value
		// chunk for it was a large allocation to clear every time.
		n := 2 * cap(s.buf)
		if n < 4*len(row) {
			n = 4 * len(row)
		}
		if limit := max(256*len(row), 1024); n > limit {
			n = limit
		}
		s.buf = make([]value.Value, 0, n)
	}
	start := len(s.buf)
	s.buf = append(s.buf, row...)
	return s.buf[start:len(s.buf):len(s.buf)]
}

// distinctIter drops rows equal to an earlier row.
type distinctIter struct {
	r     *run
	in    iterator
	seen  *rowSet
	store rowStore
}

func (it *distinctIter) open(o outer) error {
	if it.seen == nil {
		it.seen = newRowSet(it.r, distinctHint)
	} else {
		it.seen.reset(it.r)
	}
	it.store = rowStore{}
	return it.in.open(o)
}
func (it *distinctIter) close() { it.in.close() }

func (it *distinctIter) next() ([]value.Value, error) {
	for {
		row, err := it.in.next()
		if row == nil || err != nil {
			return nil, err
		}
		if err := it.r.tick(); err != nil {
			return nil, err
		}
		if it.seen.add(row, &it.store) {
			return row, nil
		}
	}
}

// reverseIter materializes its input and yields it backwards.
type reverseIter struct {
	r     *run
	in    iterator
	rows  [][]value.Value
	store rowStore
	i     int
}

func (it *reverseIter) close() { it.in.close() }

func (it *reverseIter) open(o outer) error {
	it.rows, it.store = it.rows[:0], rowStore{}
	if err := it.in.open(o); err != nil {
		return err
	}
	for {
		row, err := it.in.next()
		if err != nil {
			return err
		}
		if row == nil {
			break
		}
		if err := it.r.tick(); err != nil {
			return err
		}
		it.rows = append(it.rows, it.store.copy(row))
	}
	it.i = len(it.rows)
	return nil
}

func (it *reverseIter) next() ([]value.Value, error) {
	if it.i == 0 {
		return nil, nil
	}
	it.i--
	return it.rows[it.i], nil
}
