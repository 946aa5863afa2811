package exec

import (
	"hash/maphash"
	"math"
	"slices"

	"github.com/cockroachdb/apd/v3"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// aggIter is a hash aggregate: it consumes its input on open, then yields
// one row per group in group-key order (value.Compare, none first).
type aggIter struct {
	r      *run
	n      *plan.Aggregate
	in     iterator
	groups []*group
	i      int
	out    []value.Value
	// direct[i] is how aggregate i takes a row when it is count(*) or
	// sum of a column, with no FILTER, DISTINCT or ORDER BY (bench/sql's
	// join: count(*), sum(i.qty), sum(o.amount)): without feed's
	// expression walk and checks.
	direct []directAgg
}

// directAgg is an aggregate's direct way of taking a row: none, count
// the row, count the row when its column col is not null, or add the
// row's column col to a sum.
type directAgg struct {
	kind uint8
	col  int
}

const (
	directNone uint8 = iota
	directCount
	directCountCol
	directSum
)

// directAggs classifies the aggregates of n for direct feeding.
func directAggs(n *plan.Aggregate) []directAgg {
	out := make([]directAgg, len(n.Aggs))
	for i := range n.Aggs {
		a := &n.Aggs[i]
		if a.Filter != nil || a.Distinct || len(a.Order) > 0 || a.Arg2 != nil {
			continue
		}
		switch a.Func {
		case plan.AggCountStar:
			out[i].kind = directCount
		case plan.AggCount, plan.AggSum:
			if c, ok := a.Arg.(*plan.ColRef); ok && c.Depth == 0 && c.Idx >= 0 {
				out[i] = directAgg{kind: directSum, col: c.Idx}
				if a.Func == plan.AggCount {
					out[i].kind = directCountCol
				}
			}
		}
	}
	return out
}

// feedDirect adds row to acc the direct way d, reporting false when d
// does not apply (then feed does it).
func (acc *aggAcc) feedDirect(d directAgg, row []value.Value) (bool, error) {
	switch d.kind {
	case directCount:
		acc.count++
		return true, nil
	case directCountCol, directSum:
		if d.col >= len(row) {
			return false, nil
		}
		v := &row[d.col]
		if v.IsSQLNull() {
			return true, nil
		}
		acc.count++
		if d.kind == directCountCol {
			return true, nil
		}
		if err := acc.addSum(v); err != nil {
			return true, atPos(err, acc.a.Arg.Pos())
		}
		return true, nil
	}
	return false, nil
}

type group struct {
	key  []value.Value
	accs []aggAcc
}

func (it *aggIter) close() { it.in.close() }

func (it *aggIter) open(o outer) error {
	it.groups, it.i = nil, 0
	if err := it.in.open(o); err != nil {
		return err
	}
	gt := it.newGroupTable()
	if err := it.consume(o, gt); err != nil {
		return err
	}
	it.finish(gt)
	return nil
}

// groupTable finds the groups of an aggregate by their keys.
type groupTable struct {
	h        maphash.Hash
	byHash   map[uint64][]*group
	byString map[string]*group // groups of one string key
	byInt    map[int64]*group  // groups of one number equal to an int64
	store    rowStore
	only     *group // the single group when there is no GROUP BY
}

func (it *aggIter) newGroupTable() *groupTable {
	gt := &groupTable{byHash: make(map[uint64][]*group), byString: make(map[string]*group), byInt: make(map[int64]*group)}
	gt.h.SetSeed(it.r.hashSeed())
	return gt
}

// consume feeds the rest of the input's rows to their groups in gt.
func (it *aggIter) consume(o outer, gt *groupTable) error {
	keybuf := make([]value.Value, len(it.n.GroupBy))
	// Group keys that are columns of the row (GROUP BY c.region) are read
	// directly, without a scope and the expression walk per row.
	width := len(it.n.Input.Columns())
	cols := directCols(it.n.GroupBy, width)
	for {
		row, err := it.in.next()
		if err != nil {
			return err
		}
		if row == nil {
			return nil
		}
		if err := it.r.tick(); err != nil {
			return err
		}
		sc := o.scope(row)
		g := gt.only // no GROUP BY: one group, found without a call per row
		switch {
		case g != nil:
		case cols != nil && len(row) >= width:
			for i, c := range cols {
				keybuf[i] = row[c]
			}
			g = it.group(gt, keybuf)
		default:
			for i, x := range it.n.GroupBy {
				v, err := it.r.eval(x, &sc)
				if err != nil {
					return err
				}
				keybuf[i] = v
			}
			g = it.group(gt, keybuf)
		}
		for i := range g.accs {
			acc := &g.accs[i]
			if ok, err := acc.feedDirect(it.direct[i], row); ok || err != nil {
				if err != nil {
					return err
				}
				continue
			}
			if err := acc.feed(it.r, &sc); err != nil {
				return err
			}
		}
	}
}

// group returns the group of key in gt, made (with a copy of key) when
// it is new.
func (it *aggIter) group(gt *groupTable, key []value.Value) *group {
	if len(it.n.GroupBy) == 0 {
		if gt.only == nil {
			gt.only = it.newGroup(nil)
		}
		return gt.only
	}
	if len(key) == 1 {
		if g := it.groupOfOne(key, gt.byString, gt.byInt, &gt.store); g != nil {
			return g
		}
	}
	k := hashValues(&gt.h, key)
	for _, c := range gt.byHash[k] {
		if equalValues(c.key, key) {
			return c
		}
	}
	g := it.newGroup(gt.store.copy(key))
	gt.byHash[k] = append(gt.byHash[k], g)
	return g
}

// finish puts the groups in their output order: the one group of an
// aggregate without GROUP BY (even of no rows), else by key.
func (it *aggIter) finish(gt *groupTable) {
	if len(it.n.GroupBy) == 0 {
		it.groups = []*group{it.group(gt, nil)}
		return
	}
	slices.SortFunc(it.groups, func(a, b *group) int { return compareValues(a.key, b.key) })
}

// groupOfOne returns the group of a one-value key that a map keyed by a
// Go value finds, much cheaper than value.Hash: a string (GROUP BY
// region), whose equal values have equal bytes, or a number equal to an
// int64 (GROUP BY an integer column), as rowSet keeps them. nil: the
// key is neither (a citext, whose equal values differ in case, is not
// such a string).
func (it *aggIter) groupOfOne(key []value.Value, byString map[string]*group, byInt map[int64]*group, store *rowStore) *group {
	if key[0].Kind() == value.KindString && !key[0].IsCIString() {
		s := key[0].AsString()
		g := byString[s]
		if g == nil {
			g = it.newGroup(store.copy(key))
			byString[s] = g
		}
		return g
	}
	i, ok := intOf(key[0])
	if !ok {
		return nil
	}
	g := byInt[i]
	if g == nil {
		g = it.newGroup(store.copy(key))
		byInt[i] = g
	}
	return g
}

func (it *aggIter) newGroup(key []value.Value) *group {
	g := &group{key: key, accs: make([]aggAcc, len(it.n.Aggs))}
	for i := range g.accs {
		g.accs[i].a = &it.n.Aggs[i]
	}
	if key != nil {
		it.groups = append(it.groups, g)
	}
	return g
}

func compareValues(a, b []value.Value) int {
	for i := range a {
		if c := value.Compare(a[i], b[i]); c != 0 {
			return c
		}
	}
	return 0
}

func (it *aggIter) next() ([]value.Value, error) {
	if it.i >= len(it.groups) {
		return nil, nil
	}
	g := it.groups[it.i]
	it.i++
	if it.out == nil {
		it.out = make([]value.Value, len(it.n.GroupBy)+len(it.n.Aggs))
	}
	copy(it.out, g.key)
	for i := range g.accs {
		v, err := g.accs[i].final(it.r)
		if err != nil {
			return nil, err
		}
		it.out[len(it.n.GroupBy)+i] = v
	}
	return it.out, nil
}

// aggAcc accumulates one aggregate of one group.
type aggAcc struct {
	a     *plan.Agg
	count int64 // rows (count(*)), non-none values (the others)

	// sums: kind is the accumulator's representation (int until it
	// overflows or meets a float/decimal, generic for durations).
	kind      value.Kind
	isum      int64
	fsum      float64
	dsum      *apd.Decimal
	dfast     decSum // part of dsum not yet added to it
	gsum      value.Value
	wide      bool // an int8 (or wider) value was summed: SQL sums into numeric
	floatBits uint8

	m    value.Value // min/max so far
	has  bool
	list []value.Value
	more aggMore // the state of the aggregates of aggmore.go

	seen  *rowSet
	store rowStore
}

var decCtx = apd.BaseContext.WithPrecision(1000)

func (acc *aggAcc) add(r *run, v, v2 value.Value) error {
	a := acc.a
	if a.Func >= plan.AggStringAgg {
		return acc.addMore(r, v, v2)
	}
	if a.Func == plan.AggCountStar {
		acc.count++
		return nil
	}
	if a.Func == plan.AggList {
		if a.Distinct && !acc.distinct(r, v) {
			return nil
		}
		acc.list = append(acc.list, v)
		return nil
	}
	if v.IsSQLNull() {
		return nil
	}
	if a.Distinct && !acc.distinct(r, v) {
		return nil
	}
	acc.count++
	switch a.Func {
	case plan.AggSum, plan.AggAvg:
		return acc.addSum(&v)
	case plan.AggBoolAnd, plan.AggBoolOr:
		if v.Kind() != value.KindBool {
			return errs.New(errs.DatatypeMismatch, "argument of %s must be type boolean, not %s", aggName(a.Func), v.Kind())
		}
		switch {
		case !acc.has:
			acc.m, acc.has = v, true
		case a.Func == plan.AggBoolAnd:
			acc.m = value.Bool(acc.m.AsBool() && v.AsBool())
		default:
			acc.m = value.Bool(acc.m.AsBool() || v.AsBool())
		}
	case plan.AggMin, plan.AggMax:
		acc.keepExtreme(v)
	case plan.AggBitAnd, plan.AggBitOr, plan.AggBitXor:
		if v.Kind() == value.KindBits {
			return acc.bitsAgg(a.Func, v)
		}
		if v.Kind() != value.KindInt {
			return errs.New(errs.DatatypeMismatch, "argument of a bit aggregate must be an integer, not %s", v.Kind())
		}
		if !acc.has {
			acc.m, acc.has = v, true
			break
		}
		m, x := acc.m.AsInt(), v.AsInt()
		switch a.Func {
		case plan.AggBitAnd:
			m &= x
		case plan.AggBitOr:
			m |= x
		default:
			m ^= x
		}
		acc.m = value.IntW(m, acc.m.Width())
	case plan.AggAnyValue:
		if !acc.has {
			acc.m, acc.has = v, true
		}
	}
	return nil
}

// keepExtreme makes v the min (max) acc holds when it is below (above)
// the one it has, or the first.
// bitsAgg is bit_and, bit_or or bit_xor of a bit string: of one
// length throughout, else 22026 as the operators.
func (acc *aggAcc) bitsAgg(f plan.AggFunc, v value.Value) error {
	if !acc.has {
		acc.m, acc.has = v, true
		return nil
	}
	op := map[plan.AggFunc]byte{plan.AggBitAnd: '&', plan.AggBitOr: '|', plan.AggBitXor: '#'}[f]
	m, err := value.BitwiseBits(op, acc.m, v)
	acc.m = m
	return err
}

func (acc *aggAcc) keepExtreme(v value.Value) {
	if !acc.has {
		acc.m, acc.has = v, true
		return
	}
	if c := value.Compare(v, acc.m); (acc.a.Func == plan.AggMin && c < 0) || (acc.a.Func == plan.AggMax && c > 0) {
		acc.m = v
	}
}

func (acc *aggAcc) distinct(r *run, v value.Value) bool {
	if acc.seen == nil {
		acc.seen = newRowSet(r, 0)
	}
	one := [1]value.Value{v}
	return acc.seen.add(one[:], &acc.store)
}

// distinctPair is distinct for the pair of a two-argument aggregate.
func (acc *aggAcc) distinctPair(r *run, v, v2 value.Value) bool {
	if acc.seen == nil {
		acc.seen = newRowSet(r, 0)
	}
	two := [2]value.Value{v, v2}
	return acc.seen.add(two[:], &acc.store)
}

// addSum adds *v to the sum. It takes a pointer: passed by value, the
// 48-byte value was spilled field by field and reloaded whole, a store
// forwarding stall on every row of a sum.
func (acc *aggAcc) addSum(v *value.Value) error {
	switch v.Kind() {
	case value.KindInt:
		acc.wide = acc.wide || wideSQLSum(v.Width())
		if v.Width() == value.U64 && v.AsUint64() > math.MaxInt64 {
			acc.toDecimal()
			d := new(apd.Decimal)
			d.Coeff.SetUint64(v.AsUint64())
			_, err := decCtx.Add(acc.dsum, acc.dsum, d)
			return err
		}
		i := v.AsInt()
		switch acc.kind {
		case value.KindNone, value.KindInt:
			acc.kind = value.KindInt
			return acc.addIntSum(i)
		case value.KindFloat:
			acc.fsum += float64(i)
		case value.KindDecimal:
			_, err := decCtx.Add(acc.dsum, acc.dsum, apd.New(i, 0))
			return err
		default:
			return sumMismatch(acc.gsum, *v)
		}
	case value.KindFloat:
		if acc.floatBits < v.FloatBits() {
			acc.floatBits = v.FloatBits()
		}
		switch acc.kind {
		case value.KindNone:
			acc.kind = value.KindFloat
		case value.KindInt:
			acc.kind, acc.fsum = value.KindFloat, float64(acc.isum)
		case value.KindDecimal:
			if err := acc.dfast.flush(acc.dsum); err != nil {
				return err
			}
			f, _ := acc.dsum.Float64()
			acc.kind, acc.fsum = value.KindFloat, f
		case value.KindFloat:
		default:
			return sumMismatch(acc.gsum, *v)
		}
		acc.fsum += v.AsFloat()
		if acc.a.SQL && acc.a.Func == plan.AggSum && acc.floatBits == 32 {
			// PostgreSQL's sum(real) adds in single precision; rounding the
			// double sum of two singles to single is exactly that addition.
			acc.fsum = float64(float32(acc.fsum))
		}
	case value.KindDecimal:
		switch acc.kind {
		case value.KindNone, value.KindInt:
			acc.toDecimal()
		case value.KindFloat:
			f, _ := v.AsDecimal().Float64()
			acc.fsum += f
			return nil
		case value.KindDecimal:
		default:
			return sumMismatch(acc.gsum, *v)
		}
		if acc.dfast.add(v.AsDecimal()) {
			return nil
		}
		_, err := decCtx.Add(acc.dsum, acc.dsum, v.AsDecimal())
		return err
	case value.KindDuration:
		switch acc.kind {
		case value.KindNone:
			acc.kind, acc.gsum = value.KindDuration, *v
			return nil
		case value.KindDuration:
			s, err := value.Arith(value.Add, acc.gsum, *v)
			if err != nil {
				return err
			}
			acc.gsum = s
			return nil
		}
		return sumMismatch(acc.gsum, *v)
	default:
		return errs.New(errs.UndefinedFunction, "cannot sum values of type %s", kindName(*v))
	}
	return nil
}

func sumMismatch(have, v value.Value) error {
	return errs.New(errs.DatatypeMismatch, "cannot sum %s with %s", kindName(have), kindName(v))
}

// wideSQLSum: PostgreSQL sums int8 into numeric (it never overflows);
// int2 and int4 sum into int8.
func wideSQLSum(w value.IntWidth) bool {
	return w == value.I64 || w == value.U32 || w == value.U64
}

func (acc *aggAcc) toDecimal() {
	if acc.kind == value.KindDecimal {
		return
	}
	acc.dsum = apd.New(acc.isum, 0)
	acc.kind = value.KindDecimal
}

func (acc *aggAcc) result() (value.Value, error) {
	a := acc.a
	if acc.kind == value.KindDecimal {
		if err := acc.dfast.flush(acc.dsum); err != nil {
			return value.None, err
		}
	}
	switch a.Func {
	case plan.AggCountStar, plan.AggCount:
		return value.Int(acc.count), nil
	case plan.AggMin, plan.AggMax, plan.AggBoolAnd, plan.AggBoolOr, plan.AggAnyValue,
		plan.AggBitAnd, plan.AggBitOr, plan.AggBitXor:
		return acc.m, nil
	case plan.AggList:
		if acc.list == nil {
			if a.SQL {
				return value.None, nil
			}
			return value.List([]value.Value{}), nil
		}
		return value.List(acc.list), nil
	case plan.AggSum:
		if acc.count == 0 {
			if a.SQL {
				return value.None, nil
			}
			return value.Int(0), nil
		}
		switch acc.kind {
		case value.KindInt:
			if a.SQL && acc.wide {
				return value.Decimal(apd.New(acc.isum, 0)), nil
			}
			return value.Int(acc.isum), nil
		case value.KindFloat:
			if a.SQL && acc.floatBits == 32 {
				return value.Float32(float32(acc.fsum)), nil
			}
			return value.Float(acc.fsum), nil
		case value.KindDecimal:
			return value.Decimal(acc.dsum), nil
		}
		return acc.gsum, nil
	case plan.AggStringAgg, plan.AggJSONAgg, plan.AggJSONObjectAgg,
		plan.AggVarSamp, plan.AggVarPop, plan.AggStddevSamp, plan.AggStddevPop,
		plan.AggCorr, plan.AggCovarPop, plan.AggCovarSamp, plan.AggRegrAvgX, plan.AggRegrAvgY, plan.AggRegrCount,
		plan.AggRegrIntercept, plan.AggRegrR2, plan.AggRegrSlope, plan.AggRegrSxx, plan.AggRegrSxy, plan.AggRegrSyy:
		return acc.resultMore()
	case plan.AggAvg:
		if acc.count == 0 {
			return value.None, nil
		}
		switch acc.kind {
		case value.KindInt:
			if a.SQL {
				return value.Decimal(pgNumericDiv(apd.New(acc.isum, 0), acc.count)), nil
			}
			return value.Float(float64(acc.isum) / float64(acc.count)), nil
		case value.KindDecimal:
			if a.SQL {
				return value.Decimal(pgNumericDiv(acc.dsum, acc.count)), nil
			}
			f, _ := acc.dsum.Float64()
			return value.Float(f / float64(acc.count)), nil
		case value.KindFloat:
			return value.Float(acc.fsum / float64(acc.count)), nil
		}
		v, err := value.Arith(value.Div, acc.gsum, value.Int(acc.count))
		if err != nil {
			return value.None, err
		}
		return v, nil
	}
	return value.None, internalf("aggregate %d not supported", a.Func)
}

// aggName names an aggregate in errors.
func aggName(f plan.AggFunc) string {
	if f == plan.AggBoolOr {
		return "bool_or"
	}
	return "bool_and"
}

// merge adds the state of o, the same aggregate's accumulator over other
// rows, to acc: a parallel aggregate's workers' partial results
// (parallel.go). Only the aggregates the optimizer makes parallel merge:
// counts, exact sums and averages (integers, numeric), min, max and
// any_value.
func (acc *aggAcc) merge(o *aggAcc) error {
	acc.count += o.count
	switch acc.a.Func {
	case plan.AggCountStar, plan.AggCount:
		return nil
	case plan.AggSum, plan.AggAvg:
		return acc.mergeSum(o)
	case plan.AggMin, plan.AggMax:
		if o.has {
			acc.keepExtreme(o.m)
		}
		return nil
	case plan.AggAnyValue:
		if !acc.has {
			acc.m, acc.has = o.m, o.has
		}
		return nil
	}
	return internalf("aggregate %d cannot merge", acc.a.Func)
}

// addIntSum adds i to the integer sum acc. On overflow an SQL sum of
// bigints goes on in numeric, as PostgreSQL's sum(int8) returns numeric;
// a sum of smaller integers fails as its int8 result would in
// PostgreSQL, and a ZQL sum fails.
func (acc *aggAcc) addIntSum(i int64) error {
	if s := acc.isum + i; (s > acc.isum) == (i > 0) {
		acc.isum = s
		return nil
	}
	if !acc.a.SQL {
		return errs.New(errs.NumericValueOutOfRange, "integer out of range in sum")
	}
	if !acc.wide {
		return errs.New(errs.NumericValueOutOfRange, "bigint out of range")
	}
	acc.toDecimal()
	_, err := decCtx.Add(acc.dsum, acc.dsum, apd.New(i, 0))
	return err
}

// mergeSum adds the sum of o to acc's exactly, as addSum would have
// added o's addends one by one.
func (acc *aggAcc) mergeSum(o *aggAcc) error {
	acc.wide = acc.wide || o.wide
	switch o.kind {
	case value.KindNone:
		return nil
	case value.KindInt:
		switch acc.kind {
		case value.KindNone:
			acc.kind, acc.isum = value.KindInt, o.isum
			return nil
		case value.KindInt:
			return acc.addIntSum(o.isum)
		case value.KindDecimal:
		default:
			return internalf("cannot merge an integer sum into a %s sum", acc.kind)
		}
		_, err := decCtx.Add(acc.dsum, acc.dsum, apd.New(o.isum, 0))
		return err
	case value.KindDecimal:
		// o is done with: its fast part joins its own total first.
		if err := o.dfast.flush(o.dsum); err != nil {
			return err
		}
		switch acc.kind {
		case value.KindNone, value.KindInt:
			acc.toDecimal()
		case value.KindDecimal:
		default:
			return internalf("cannot merge a numeric sum into a %s sum", acc.kind)
		}
		_, err := decCtx.Add(acc.dsum, acc.dsum, o.dsum)
		return err
	}
	return internalf("cannot merge a %s sum", o.kind)
}
