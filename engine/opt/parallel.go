package opt

import (
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// Parallel aggregation (plan.Aggregate.Parallel): an aggregate over a
// large table, possibly joined by hash joins to smaller inputs, runs its
// input in several goroutines, as PostgreSQL runs a Partial Aggregate in
// parallel workers under a Gather: bench/sql's 3-table join spends most
// of its time scanning, decoding and probing the rows of its largest
// table, work that splits by rows.
//
// The pass runs last, on the pruned plan. An aggregate qualifies when
//
//   - its input is a spine of Filters, Projects and hash joins down to a
//     Scan of a table whose statistics (ANALYZE) count at least
//     parallelMinRows rows; at each join the spine takes the side with
//     more estimated rows, which the join kind must allow to be probed
//     (either side of an inner join, the left of a left, semi or anti
//     join, the right of a right join: those joins return nothing of
//     their build side unmatched, which would need all workers' probes);
//     the other side is built once and must have no effects (when it
//     is a spine over a large scan itself, the workers read it too);
//   - every expression the workers evaluate (on the spine, the group
//     keys, the aggregates' arguments and filters) reads only the row,
//     constants and parameters, and calls only pure builtins: no
//     subquery, record link or variable, which would need the
//     statement's transaction or state from several goroutines;
//   - merging the workers' partial results gives exactly what one pass
//     gives: the aggregates are count, sum and avg of integers or
//     numeric (exact; SQL's, which widen rather than fail on overflow),
//     min and max, without DISTINCT or ORDER BY; group keys and min/max
//     arguments have types whose equal values look alike (not numeric,
//     where 1.0 = 1.00, nor floats, where -0 = 0), since which of equal
//     values a group keeps depends on the order rows arrive in.

// parallelMinRows is the fewest estimated rows of the spine's scan for
// a parallel plan: below it, starting and feeding the workers costs
// more than it saves (the threshold is PostgreSQL's for its first
// worker, min_parallel_table_scan_size, in rows of a narrow table).
const parallelMinRows = 50_000

// parallelize marks the aggregates of n that qualify as parallel (see
// above). It walks the nodes an aggregate runs once under: not lateral
// sides or subqueries, which run again and again.
func (o *optimizer) parallelize(n plan.Node) plan.Node {
	switch n := n.(type) {
	case *plan.ExplainStmt:
		return withInput(n, n.Input, o.parallelize, func(c *plan.ExplainStmt, in plan.Node) { c.Input = in })
	case *plan.Project:
		return withInput(n, n.Input, o.parallelize, func(c *plan.Project, in plan.Node) { c.Input = in })
	case *plan.Filter:
		return withInput(n, n.Input, o.parallelize, func(c *plan.Filter, in plan.Node) { c.Input = in })
	case *plan.Sort:
		return withInput(n, n.Input, o.parallelize, func(c *plan.Sort, in plan.Node) { c.Input = in })
	case *plan.Limit:
		return withInput(n, n.Input, o.parallelize, func(c *plan.Limit, in plan.Node) { c.Input = in })
	case *plan.Distinct:
		return withInput(n, n.Input, o.parallelize, func(c *plan.Distinct, in plan.Node) { c.Input = in })
	case *plan.Join:
		if n.Lateral {
			return n
		}
		l, r := o.parallelize(n.Left), o.parallelize(n.Right)
		if l == n.Left && r == n.Right {
			return n
		}
		c := *n
		c.Left, c.Right = l, r
		return &c
	case *plan.Aggregate:
		if p := o.parallelAggregate(n); p != nil {
			return p
		}
		return withInput(n, n.Input, o.parallelize, func(c *plan.Aggregate, in plan.Node) { c.Input = in })
	}
	return n
}

// withInput returns n, or a copy of it with the input set by set when
// f changed it.
func withInput[N any](n *N, in plan.Node, f func(plan.Node) plan.Node, set func(*N, plan.Node)) plan.Node {
	out := f(in)
	if out == in {
		return any(n).(plan.Node)
	}
	c := *n
	set(&c, out)
	return any(&c).(plan.Node)
}

// parallelAggregate returns a parallel copy of a, or nil when a does not
// qualify.
func (o *optimizer) parallelAggregate(a *plan.Aggregate) *plan.Aggregate {
	for i := range a.Aggs {
		if !o.mergeableAgg(&a.Aggs[i], a.Input) {
			return nil
		}
	}
	for _, g := range a.GroupBy {
		if !o.parallelSafe(g) || !lookAlike(exprType(g, a.Input)) {
			return nil
		}
	}
	in, rows, ok := o.spine(a.Input)
	if !ok || rows < parallelMinRows {
		return nil
	}
	c := *a
	c.Input, c.Parallel = in, true
	return &c
}

// mergeableAgg reports whether workers' partial results of ag merge
// into exactly its one-pass result.
func (o *optimizer) mergeableAgg(ag *plan.Agg, in plan.Node) bool {
	if ag.Distinct || len(ag.Order) > 0 || ag.Arg2 != nil || !o.parallelSafe(ag.Arg) || !o.parallelSafe(ag.Filter) {
		return false
	}
	switch ag.Func {
	case plan.AggCountStar, plan.AggCount:
		return true
	case plan.AggSum, plan.AggAvg:
		// Integer sums that fail on overflow (ZQL's) would fail or not
		// depending on the order of the addends; SQL's widen.
		k := exprType(ag.Arg, in).Kind
		return ag.SQL && (k == value.KindInt || k == value.KindDecimal)
	case plan.AggMin, plan.AggMax:
		return lookAlike(exprType(ag.Arg, in))
	case plan.AggAnyValue:
		// Any value of the group will do, a worker's as well.
		return true
	}
	return false
}

// lookAlike reports whether equal values of kind k (value.Compare) are
// the same value: which of them a group key or a min/max keeps cannot
// show. Not numeric (1.0 = 1.00), floats (-0 = 0), intervals ('1 day' =
// '24 hours'), citext ('A' = 'a') or composite and untyped values.
func lookAlike(t value.Type) bool {
	switch t.Kind {
	case value.KindString:
		return !t.CIText
	case value.KindBool, value.KindInt, value.KindDatetime, value.KindTime, value.KindTimeTZ, value.KindUUID:
		return true
	}
	return false
}

// parallelSafe reports whether a worker may evaluate e: it reads only
// the current row, constants and parameters and calls pure builtins.
func (o *optimizer) parallelSafe(e plan.Expr) bool {
	switch e := norm(e).(type) {
	case nil, *plan.Const, *plan.Param:
		return true
	case *plan.ColRef:
		return e.Depth == 0
	case *plan.Binary:
		return o.parallelSafe(e.L) && o.parallelSafe(e.R)
	case *plan.Unary:
		return o.parallelSafe(e.X)
	case *plan.Cast:
		return o.parallelSafe(e.X)
	case *plan.If:
		return o.parallelSafe(e.Cond) && o.parallelSafe(e.Then) && o.parallelSafe(e.Else)
	case *plan.Index:
		return o.parallelSafe(e.X) && o.parallelSafe(e.I)
	case *plan.TupleCons:
		return o.allParallelSafe(e.Elems)
	case *plan.ListCons:
		return o.allParallelSafe(e.Elems)
	case *plan.Call:
		return o.opts.Pure != nil && o.opts.Pure(e.Fn) && o.allParallelSafe(e.Args)
	}
	// Fields may follow record links (a read in the transaction),
	// subqueries run plans, variables and locals are session state.
	return false
}

func (o *optimizer) allParallelSafe(es []plan.Expr) bool {
	for _, e := range es {
		if !o.parallelSafe(e) {
			return false
		}
	}
	return true
}

// spine returns a copy of n with its parallel scan marked and that
// scan's estimated rows, ok=false when n is no spine (see above).
func (o *optimizer) spine(n plan.Node) (plan.Node, float64, bool) {
	switch n := n.(type) {
	case *plan.Scan:
		if n.Table == nil || n.Table.Stats == nil || n.Limit != nil || n.Reverse || !o.parallelSafe(n.Filter) {
			return nil, 0, false
		}
		if s := n.Span; s != nil && (s.Point != nil || !o.parallelSafe(s.Lo) || !o.parallelSafe(s.Hi)) {
			return nil, 0, false
		}
		c := *n
		c.Parallel = true
		return &c, estRows(n), true
	case *plan.Filter:
		if !o.parallelSafe(n.Cond) {
			return nil, 0, false
		}
		return spineThrough(o, n, n.Input, func(c *plan.Filter, in plan.Node) { c.Input = in })
	case *plan.Project:
		if !o.allParallelSafe(n.Exprs) {
			return nil, 0, false
		}
		return spineThrough(o, n, n.Input, func(c *plan.Project, in plan.Node) { c.Input = in })
	case *plan.Join:
		return o.joinSpine(n)
	}
	return nil, 0, false
}

// spineThrough is spine of a node with one input, in: a copy of n over
// in's spine.
func spineThrough[N any](o *optimizer, n *N, in plan.Node, set func(*N, plan.Node)) (plan.Node, float64, bool) {
	sp, rows, ok := o.spine(in)
	if !ok {
		return nil, 0, false
	}
	c := *n
	set(&c, sp)
	return any(&c).(plan.Node), rows, true
}

// joinSpine is spine of a join: through the side with more estimated
// rows (the other is the one built), when the join's kind lets that
// side be probed by several workers.
func (o *optimizer) joinSpine(n *plan.Join) (plan.Node, float64, bool) {
	if n.Method != plan.HashJoin || n.Lateral || !o.parallelSafe(n.On) || !o.allParallelSafe(n.LeftKeys) || !o.allParallelSafe(n.RightKeys) {
		return nil, 0, false
	}
	l, r := estRows(n.Left), estRows(n.Right)
	if l < 0 || r < 0 {
		return nil, 0, false
	}
	probeLeft := l >= r
	switch n.Kind {
	case plan.InnerJoin:
	case plan.LeftJoin, plan.SemiJoin, plan.AntiJoin:
		if !probeLeft {
			return nil, 0, false
		}
	case plan.RightJoin:
		if probeLeft {
			return nil, 0, false
		}
	default:
		return nil, 0, false
	}
	probe, build := n.Left, n.Right
	if !probeLeft {
		probe, build = n.Right, n.Left
	}
	// The build side runs whole before the workers start, in the
	// statement's goroutine: only its effects' order would change.
	if d := Analyze(build); d.Writes || d.Applies || d.SetsVars || d.Locals || !o.allPure(d.Calls) {
		return nil, 0, false
	}
	in, rows, ok := o.spine(probe)
	if !ok {
		return nil, 0, false
	}
	// A large build side that is a spine itself is read by the workers
	// too, each keeping the rows it read for the table.
	if b, brows, ok := o.spine(build); ok && brows >= parallelMinRows {
		build = b
	}
	c := *n
	if probeLeft {
		c.Left, c.Right, c.Spine = in, build, plan.LeftSide
	} else {
		c.Left, c.Right, c.Spine = build, in, plan.RightSide
	}
	return &c, rows, true
}

func (o *optimizer) allPure(calls []string) bool {
	for _, name := range calls {
		if o.opts.Pure == nil || !o.opts.Pure(name) {
			return false
		}
	}
	return true
}

// estRows estimates the rows of n from its tables' statistics, -1 when
// it cannot. The guesses are rough (a filter keeps half, a join of a key
// with a foreign key as many rows as its larger side): they only pick
// the side a parallel plan probes and whether its scan is large.
func estRows(n plan.Node) float64 {
	switch n := n.(type) {
	case *plan.Scan:
		if n.Table == nil || n.Table.Stats == nil {
			return -1
		}
		rows := float64(n.Table.Stats.Rows)
		if n.Span != nil {
			if n.Span.Point != nil {
				return min(rows, 1)
			}
			rows /= 4
		}
		if n.Filter != nil {
			rows /= 2
		}
		return rows
	case *plan.Filter:
		if r := estRows(n.Input); r >= 0 {
			return r / 2
		}
	case *plan.Project:
		return estRows(n.Input)
	case *plan.Join:
		l, r := estRows(n.Left), estRows(n.Right)
		if l < 0 || r < 0 {
			return -1
		}
		switch n.Kind {
		case plan.LeftJoin:
			return l
		case plan.RightJoin:
			return r
		case plan.SemiJoin, plan.AntiJoin:
			return l / 2
		}
		return max(l, r)
	}
	return -1
}

// exprType is the type of e's values on the rows of n as far as the
// plan tells: a column's declared type traced down to the table, a
// cast's target; value.Any otherwise.
func exprType(e plan.Expr, n plan.Node) value.Type {
	switch e := norm(e).(type) {
	case *plan.ColRef:
		if e.Depth == 0 {
			return colType(n, e.Idx)
		}
	case *plan.Cast:
		return e.To
	}
	return value.Any
}

// ColumnType is the declared type of column i of n's rows as far as the
// plan tells (a column of a schemafull table, traced through Filters,
// Projects and Joins), value.Any when it does not.
func ColumnType(n plan.Node, i int) value.Type { return colType(n, i) }

// colType is the declared type of column i of n's rows, value.Any when
// the plan does not tell (computed columns: their Column types are the
// front end's, not a promise of the values' kinds).
func colType(n plan.Node, i int) value.Type {
	switch n := n.(type) {
	case *plan.Scan:
		t := n.Table
		if n.Fields == nil || t == nil || !t.Schemafull || i < 0 {
			return value.Any
		}
		name := ""
		if base := n.FieldsBase(); i >= base {
			if i-base >= len(n.Fields) {
				return value.Any
			}
			name = n.Fields[i-base]
		} else if len(t.PrimaryKey) == 1 {
			// The key column: the typed key as stored in the record.
			name = t.PrimaryKey[0]
		}
		if f, _, ok := t.FieldByName(name); ok && name != "" {
			return f.Type
		}
	case *plan.Filter:
		return colType(n.Input, i)
	case *plan.Project:
		if i >= 0 && i < len(n.Exprs) {
			if c, ok := norm(n.Exprs[i]).(*plan.ColRef); ok && c.Depth == 0 {
				return colType(n.Input, c.Idx)
			}
		}
	case *plan.Join:
		nl := len(n.Left.Columns())
		if i < nl {
			return colType(n.Left, i)
		}
		if n.Kind != plan.SemiJoin && n.Kind != plan.AntiJoin {
			return colType(n.Right, i-nl)
		}
	}
	return value.Any
}
