package opt

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// Options give the optimizer what it cannot know from the plan alone. The
// zero Options are valid: no call is folded, and calls are assumed to have
// no side effects a filter move could observe.
type Options struct {
	// Pure reports whether a builtin is pure (no side effects, same
	// result for the same arguments). Conditions calling an impure builtin
	// are never moved, and only pure calls are folded.
	Pure func(name string) bool
	// Stable reports whether a call that is not Pure still gives the
	// same result for the same arguments throughout a statement (the
	// catalog lookups of the reg casts): a scan may evaluate it once as
	// it opens (plan.Scan.CatalogKey).
	Stable func(name string) bool
	// Fold evaluates a constant expression (no row, parameter, variable
	// or local) at plan time; ok=false leaves it to run time, where its
	// error, if any, is raised with its position.
	Fold func(e plan.Expr) (v value.Value, ok bool)
	// IndexExpr compiles the expression of an expression index part of t
	// (catalog.IndexPart.Expr) over the scan row [key, object]; ok=false
	// (or a nil IndexExpr) leaves such parts unused.
	IndexExpr func(t *catalog.Table, src string) (x plan.Expr, ok bool)
}

// Optimize rewrites a plan with the default Options.
func Optimize(n plan.Node) plan.Node { return OptimizeWith(n, Options{}) }

// OptimizeWith rewrites a plan into an equivalent, cheaper one. The input
// plan is never modified (plans may be cached and shared); rewritten parts
// are copies. Rules, applied bottom-up:
//
//   - filter push-down: into Scan.Filter, below Projects, Sorts, Distincts,
//     Reverses and group keys of Aggregates, through Joins to the side
//     whose columns a condition uses (join conditions too);
//   - primary-key point gets and key ranges on Scans (see deriveSpan); a
//     scan whose filter has a false or none conjunct reads nothing;
//   - limit push-down into Scans and Sorts (top-k);
//   - a Sort on the primary key of a Scan is dropped (scan order is key
//     order) or turned into a reverse scan;
//   - joins: a lateral join whose right side does not use the left row
//     becomes a plain one; equi-joins become hash joins, or index
//     nested-loop joins (point gets per left row) when the right side is
//     a table compared on its key and the left side is small;
//   - constant folding through Options.Fold;
//   - secondary indexes (index.go): index scans for filtered scans,
//     and index semi-joins for traversal steps' filters (graphindex.go);
//   - column pruning: scans whose objects are only read field by
//     field decode just those fields, and a Project's object
//     constructors read that way (SQL's functions in FROM) become a
//     column per field (prune.go);
//   - last, parallel aggregation over large tables (parallel.go).
func OptimizeWith(n plan.Node, opts Options) plan.Node {
	o := &optimizer{opts: opts}
	return o.parallelize(pruneScans(o.useIndexes(o.node(n))))
}

// OptimizeStatement returns a copy of s with its plan optimized.
func OptimizeStatement(s *plan.Statement, opts Options) *plan.Statement {
	if s == nil || s.Root == nil {
		return s
	}
	c := *s
	c.Root = OptimizeWith(s.Root, opts)
	return &c
}

type optimizer struct {
	opts Options
}

func (o *optimizer) exprs(es []plan.Expr) []plan.Expr {
	if es == nil {
		return nil
	}
	out := make([]plan.Expr, len(es))
	for i, e := range es {
		out[i] = o.expr(e)
	}
	return out
}

// expr optimizes the subqueries inside e and folds constant parts.
func (o *optimizer) expr(e plan.Expr) plan.Expr {
	e = plan.RebuildExpr(e, o.expr, o.node)
	if e == nil {
		return nil
	}
	return o.fold(e)
}

func (o *optimizer) fold(e plan.Expr) plan.Expr {
	if o.opts.Fold == nil {
		return e
	}
	switch e.(type) {
	case *plan.Binary, *plan.Unary, *plan.Call, *plan.If, *plan.Cast, *plan.RecordIDCons:
	default:
		return e
	}
	if !constant(e) {
		return e
	}
	for _, c := range AnalyzeExpr(e).Calls {
		if o.opts.Pure == nil || !o.opts.Pure(c) {
			return e
		}
	}
	v, ok := o.opts.Fold(e)
	if !ok {
		return e
	}
	return &plan.Const{At: plan.At{P: e.Pos()}, V: v}
}

func (o *optimizer) node(n plan.Node) plan.Node {
	if g, ok := o.graphNode(n); ok {
		return g
	}
	switch n := n.(type) {
	case *plan.Scan:
		c := *n
		c.Filter, c.Limit = o.expr(n.Filter), o.expr(n.Limit)
		if n.Span != nil {
			s := *n.Span
			s.Point, s.Lo, s.Hi = o.expr(s.Point), o.expr(s.Lo), o.expr(s.Hi)
			c.Span = &s
		}
		if c.Filter != nil {
			cs := dropTrue(conjuncts(c.Filter))
			c.Filter = and(cs)
			o.deriveSpan(&c)
		}
		return &c
	case *plan.Filter:
		in := o.node(n.Input)
		cs := dropTrue(conjuncts(o.expr(n.Cond)))
		return o.filter(in, cs)
	case *plan.LockRows:
		// Nothing moves across it: a filter or limit pushed below would
		// change which rows are locked (or skipped).
		c := *n
		c.Input = o.node(n.Input)
		c.Targets = mapLockTargets(n.Targets, o.expr)
		return &c
	case *plan.Project:
		c := *n
		c.Input, c.Exprs = o.node(n.Input), o.exprs(n.Exprs)
		return &c
	case *plan.Join:
		c := *n
		c.Left, c.Right = o.node(n.Left), o.node(n.Right)
		c.On = o.expr(n.On)
		c.LeftKeys, c.RightKeys = o.exprs(n.LeftKeys), o.exprs(n.RightKeys)
		return o.join(&c)
	case *plan.Aggregate:
		c := *n
		c.Input, c.GroupBy = o.node(n.Input), o.exprs(n.GroupBy)
		c.Aggs = make([]plan.Agg, len(n.Aggs))
		for i, a := range n.Aggs {
			c.Aggs[i] = a.MapExprs(o.expr)
		}
		return &c
	case *plan.Sort:
		c := *n
		c.Input, c.Limit = o.node(n.Input), o.expr(n.Limit)
		c.Keys = make([]plan.SortKey, len(n.Keys))
		for i, k := range n.Keys {
			k.X = o.expr(k.X)
			c.Keys[i] = k
		}
		return o.sort(&c)
	case *plan.Limit:
		c := *n
		c.Input, c.Count, c.Offset = o.node(n.Input), o.expr(n.Count), o.expr(n.Offset)
		c.Ties = mapSortKeys(n.Ties, o.expr)
		return o.limit(&c)
	case *plan.Distinct:
		c := *n
		c.Input = o.node(n.Input)
		return &c
	case *plan.Reverse:
		c := *n
		c.Input = o.node(n.Input)
		return &c
	case *plan.Values:
		c := *n
		c.Rows = make([][]plan.Expr, len(n.Rows))
		for i, r := range n.Rows {
			c.Rows[i] = o.exprs(r)
		}
		return &c
	case *plan.Unnest:
		c := *n
		c.X = o.expr(n.X)
		return &c
	case *plan.Eval:
		c := *n
		c.X = o.expr(n.X)
		return &c
	case *plan.Insert:
		c := *n
		c.Input, c.Key, c.Obj = o.node(n.Input), o.expr(n.Key), o.expr(n.Obj)
		c.Update, c.UpdateWhere = o.expr(n.Update), o.expr(n.UpdateWhere)
		return &c
	case *plan.Update:
		c := *n
		c.Input, c.Set = o.node(n.Input), o.expr(n.Set)
		return &c
	case *plan.Delete:
		c := *n
		c.Input = o.node(n.Input)
		return &c
	case *plan.SetOp, *plan.RecursiveUnion, *plan.DistinctOn:
		return o.setOp(n)
	case *plan.Append:
		c := *n
		c.Inputs = make([]plan.Node, len(n.Inputs))
		for i, in := range n.Inputs {
			c.Inputs[i] = o.node(in)
		}
		return &c
	case *plan.WithWrites:
		return o.cteWrite(n)
	case *plan.Window:
		c := *n
		c.Input = o.node(n.Input)
		c.Funcs = make([]plan.WindowFunc, len(n.Funcs))
		for i, f := range n.Funcs {
			c.Funcs[i] = f.MapExprs(o.expr)
		}
		return &c
	}
	return n
}

func dropTrue(cs []plan.Expr) []plan.Expr {
	out := cs[:0:0]
	for _, c := range cs {
		if k, ok := norm(c).(*plan.Const); ok && k.V.Kind() == value.KindBool && k.V.AsBool() {
			continue
		}
		out = append(out, c)
	}
	return out
}

// filter puts conditions cs on top of in, pushing each as far down as it
// may go; the ones that cannot move stay in a Filter above.
func (o *optimizer) filter(in plan.Node, cs []plan.Expr) plan.Node {
	if len(cs) == 0 {
		return in
	}
	out, pushed := o.push(in, cs)
	var rest []plan.Expr
	for i, c := range cs {
		if !pushed[i] {
			rest = append(rest, c)
		}
	}
	if len(rest) == 0 {
		return out
	}
	return &plan.Filter{Input: out, Cond: and(rest)}
}

func (o *optimizer) push(in plan.Node, cs []plan.Expr) (plan.Node, []bool) {
	pushed := make([]bool, len(cs))
	all := func() []bool {
		for i := range pushed {
			pushed[i] = true
		}
		return pushed
	}
	switch n := in.(type) {
	case *plan.Filter:
		// Merge, the inner conditions first: they guarded the outer ones.
		merged := append(conjuncts(n.Cond), cs...)
		return o.filter(n.Input, merged), all()
	case *plan.Scan:
		if n.Limit != nil {
			return in, pushed // the limit counts rows that passed the filter
		}
		c := *n
		c.Filter = and(append(conjuncts(n.Filter), cs...))
		o.deriveSpan(&c)
		return &c, all()
	case *plan.Project:
		below := o.substituted(cs, n.Exprs, pushed)
		if len(below) == 0 {
			return in, pushed
		}
		c := *n
		c.Input = o.filter(n.Input, below)
		return &c, pushed
	case *plan.Sort:
		if n.Limit != nil {
			return in, pushed
		}
		below := o.movables(cs, pushed)
		if len(below) == 0 {
			return in, pushed
		}
		c := *n
		c.Input = o.filter(n.Input, below)
		return &c, pushed
	case *plan.Distinct:
		below := o.movables(cs, pushed)
		if len(below) == 0 {
			return in, pushed
		}
		c := *n
		c.Input = o.filter(n.Input, below)
		return &c, pushed
	case *plan.Reverse:
		below := o.movables(cs, pushed)
		if len(below) == 0 {
			return in, pushed
		}
		c := *n
		c.Input = o.filter(n.Input, below)
		return &c, pushed
	case *plan.Aggregate:
		if len(n.GroupBy) == 0 {
			return in, pushed
		}
		below := o.substituted(cs, n.GroupBy, pushed)
		if len(below) == 0 {
			return in, pushed
		}
		c := *n
		c.Input = o.filter(n.Input, below)
		return &c, pushed
	case *plan.Join:
		return o.pushJoin(n, cs)
	case *plan.Append:
		return o.pushAppend(n, cs), all()
	case *plan.Traverse:
		return o.pushTraverse(n, cs)
	}
	return in, pushed
}

// substituted rewrites the movable conditions of cs over the input of a
// node that computes exprs (a Project's columns, an Aggregate's group
// keys), marking in pushed those that could be expressed there.
func (o *optimizer) substituted(cs, exprs []plan.Expr, pushed []bool) []plan.Expr {
	var below []plan.Expr
	for i, x := range cs {
		if !o.movable(x) {
			continue
		}
		if s, ok := o.substitute(x, exprs); ok {
			below = append(below, s)
			pushed[i] = true
		}
	}
	return below
}

func (o *optimizer) movables(cs []plan.Expr, pushed []bool) []plan.Expr {
	var out []plan.Expr
	for i, x := range cs {
		if o.movable(x) {
			out = append(out, x)
			pushed[i] = true
		}
	}
	return out
}

// substitute rewrites a condition on a node's output row into one on its
// input row, given the expressions computing each output column. It
// refuses when that would copy a subquery or anything not movable.
func (o *optimizer) substitute(x plan.Expr, exprs []plan.Expr) (plan.Expr, bool) {
	ok := true
	out := mapExpr(x, 0, colFunc(func(c *plan.ColRef, rel, nest int) plan.Expr {
		if rel != 0 {
			return nil
		}
		if c.Idx < 0 || c.Idx >= len(exprs) {
			ok = false
			return nil
		}
		s := exprs[c.Idx]
		if containsSubquery(s) || !o.movable(s) {
			ok = false
			return nil
		}
		return shiftOuter(s, 0, nest)
	}))
	if !ok {
		return out, false
	}
	return objectFields(out), true
}

// side classifies which join input a condition reads.
type side uint8

const (
	sideNone side = iota // neither: constants, parameters, outer rows
	sideLeft
	sideRight
	sideBoth
)

func sideOf(e plan.Expr, nl int) side {
	cols, _ := colUse(e)
	s := sideNone
	for _, c := range cols {
		if c < nl {
			s |= sideLeft
		} else {
			s |= sideRight
		}
	}
	return s
}

// toRight rewrites a condition on a join's combined row into one on its
// right input's row. For a lateral join the left columns become the right
// side's outer row (Depth 1) and enclosing rows move one level out.
func toRight(e plan.Expr, nl int, lateral bool) plan.Expr {
	return mapExpr(e, 0, colFunc(func(c *plan.ColRef, rel, nest int) plan.Expr {
		n := *c
		switch {
		case rel == 0 && c.Idx >= nl:
			n.Idx -= nl
		case rel == 0:
			if !lateral {
				return nil // not expected: callers only move right-side conditions
			}
			n.Depth++
		case lateral:
			n.Depth++
		default:
			return nil
		}
		return &n
	}))
}

// pushJoin moves filter conditions above a join into its inputs, or into
// its condition for inner joins.
func (o *optimizer) pushJoin(j *plan.Join, cs []plan.Expr) (plan.Node, []bool) {
	pushed := make([]bool, len(cs))
	nl := len(j.Left.Columns())
	{
		c := *j
		unhash(&c, nl)
		unlateral(&c)
		j = &c
	}
	var lefts, rights, ons []plan.Expr
	for i, x := range cs {
		if !o.movable(x) {
			continue
		}
		s := sideOf(x, nl)
		switch j.Kind {
		case plan.InnerJoin, plan.CrossJoin:
			switch {
			case s == sideNone || s == sideLeft:
				lefts = append(lefts, x)
			case s == sideRight || j.Lateral:
				rights = append(rights, toRight(x, nl, j.Lateral))
			default:
				ons = append(ons, x)
			}
		case plan.LeftJoin, plan.SemiJoin, plan.AntiJoin:
			if s != sideNone && s != sideLeft {
				continue
			}
			lefts = append(lefts, x)
		case plan.RightJoin:
			if s != sideRight || j.Lateral {
				continue
			}
			rights = append(rights, toRight(x, nl, false))
		default:
			continue
		}
		pushed[i] = true
	}
	c := *j
	c.Left = o.filter(j.Left, lefts)
	c.Right = o.filter(j.Right, rights)
	if len(ons) > 0 {
		c.On = and(append(conjuncts(j.On), ons...))
		if c.Kind == plan.CrossJoin {
			c.Kind = plan.InnerJoin
		}
	}
	return o.join(&c), pushed
}

// unlateral makes a lateral join whose right side never reads the left row
// an ordinary one, so the right side runs once instead of once per left
// row (and the join may become a hash join).
func unlateral(j *plan.Join) {
	if !j.Lateral || nodeUsesLevel(j.Right, 1) {
		return
	}
	j.Right = mapNode(j.Right, 0, colFunc(func(c *plan.ColRef, rel, nest int) plan.Expr {
		if rel < 2 {
			return nil
		}
		n := *c
		n.Depth--
		return &n
	}))
	j.Lateral = false
}

// unhash turns a hash join back into a nested loop whose condition holds
// the key equalities, so that a join decided before more filters reached
// it (a point get on its left side, say) is decided again.
func unhash(j *plan.Join, nl int) {
	if j.Method != plan.HashJoin {
		return
	}
	eqs := make([]plan.Expr, 0, len(j.LeftKeys)+1)
	for i := range j.LeftKeys {
		r := mapExpr(j.RightKeys[i], 0, colFunc(func(c *plan.ColRef, rel, nest int) plan.Expr {
			if rel != 0 {
				return nil
			}
			n := *c
			n.Idx += nl
			return &n
		}))
		eqs = append(eqs, &plan.Binary{Op: plan.OpEq, L: j.LeftKeys[i], R: r, SQL: !j.NullEqual})
	}
	j.On = and(append(eqs, conjuncts(j.On)...))
	j.Method, j.LeftKeys, j.RightKeys, j.NullEqual = plan.NestedLoop, nil, nil, false
}

// join chooses how a join runs once its inputs are optimized.
func (o *optimizer) join(j *plan.Join) plan.Node {
	unhash(j, len(j.Left.Columns()))
	unlateral(j)
	nl := len(j.Left.Columns())
	on := conjuncts(j.On)
	inner := j.Kind == plan.InnerJoin || j.Kind == plan.CrossJoin
	var lefts, rights, rest []plan.Expr
	for _, x := range on {
		if !o.movable(x) {
			rest = append(rest, x)
			continue
		}
		s := sideOf(x, nl)
		switch {
		case inner && (s == sideLeft || s == sideNone):
			lefts = append(lefts, x)
		case j.Lateral && j.Kind != plan.RightJoin && j.Kind != plan.FullJoin:
			// The right side sees the left row: every condition can
			// filter it there (for LEFT/SEMI/ANTI too, as matching is all
			// the condition decides).
			rights = append(rights, toRight(x, nl, true))
		case (inner || j.Kind == plan.LeftJoin || j.Kind == plan.SemiJoin || j.Kind == plan.AntiJoin) && s == sideRight:
			rights = append(rights, toRight(x, nl, false))
		case j.Kind == plan.RightJoin && s == sideLeft:
			lefts = append(lefts, x)
		default:
			rest = append(rest, x)
		}
	}
	j.Left = o.filter(j.Left, lefts)
	j.Right = o.filter(j.Right, rights)
	j.On = and(rest)
	if j.Kind == plan.CrossJoin && j.On != nil {
		j.Kind = plan.InnerJoin
	}
	if j.Lateral {
		return j
	}
	if ij := o.indexJoin(j, nl); ij != nil {
		return ij
	}
	if ij := o.mirroredIndexJoin(j, nl); ij != nil {
		return ij
	}
	o.hashJoin(j, nl)
	return j
}

// mirroredIndexJoin is indexJoin for an inner join whose small side is
// on the right and whose table scan is on the left: UPDATE t ... FROM
// (a few rows) WHERE t.id = ..., where the target comes first (a job
// queue's UPDATE of the jobs a CTE picked with FOR UPDATE SKIP LOCKED).
// It joins the other way round and puts the columns back in order; a
// hash join would read, and make the transaction depend on, all of t.
func (o *optimizer) mirroredIndexJoin(j *plan.Join, nl int) plan.Node {
	if j.Kind != plan.InnerJoin {
		return nil
	}
	if s, ok := j.Left.(*plan.Scan); !ok || s.Span != nil || s.Limit != nil || !isSmall(j.Right) || isSmall(j.Left) {
		return nil
	}
	cols := j.Columns()
	nr := len(cols) - nl
	c := *j
	c.Left, c.Right = j.Right, j.Left
	c.On = mapExpr(j.On, 0, colFunc(func(r *plan.ColRef, rel, _ int) plan.Expr {
		if rel != 0 {
			return nil
		}
		m := *r
		if r.Idx < nl {
			m.Idx = r.Idx + nr
		} else {
			m.Idx = r.Idx - nl
		}
		return &m
	}))
	ij := o.indexJoin(&c, nr)
	if ij == nil {
		return nil
	}
	back := &plan.Project{Input: ij, Exprs: make([]plan.Expr, len(cols)), Cols: cols}
	for i := range cols {
		idx := nr + i
		if i >= nl {
			idx = i - nl
		}
		back.Exprs[i] = &plan.ColRef{Idx: idx, Name: cols[i].Name}
	}
	return back
}

// indexJoin turns a join whose right side is a plain table scan compared
// on its primary key with a left-side value into a lateral join that does
// one point get per left row — when the left side is known to be small;
// otherwise a hash join reads the right table once, which is cheaper.
func (o *optimizer) indexJoin(j *plan.Join, nl int) plan.Node {
	switch j.Kind {
	case plan.InnerJoin, plan.LeftJoin, plan.SemiJoin, plan.AntiJoin:
	default:
		return nil
	}
	scan, ok := j.Right.(*plan.Scan)
	if !ok || scan.Span != nil || scan.Limit != nil || !isSmall(j.Left) {
		return nil
	}
	on := conjuncts(j.On)
	found := false
	for _, x := range on {
		b, ok := norm(x).(*plan.Binary)
		if !ok || b.Op != plan.OpEq || !o.movable(x) {
			continue
		}
		for _, pair := range [2][2]plan.Expr{{b.L, b.R}, {b.R, b.L}} {
			k, v := pair[0], pair[1]
			if sideOf(v, nl) != sideLeft || containsSubquery(v) {
				continue
			}
			if sideOf(k, nl) != sideRight {
				continue
			}
			if isKeyRef(toRight(k, nl, false), scan.Table) {
				found = true
			}
		}
	}
	if !found {
		return nil
	}
	var moved, rest []plan.Expr
	for _, x := range on {
		if o.movable(x) {
			moved = append(moved, toRight(x, nl, true))
		} else {
			rest = append(rest, x)
		}
	}
	c := *j
	c.Lateral = true
	c.Right = o.filter(scan, moved)
	c.On = and(rest)
	if c.Kind == plan.CrossJoin {
		c.Kind = plan.InnerJoin
	}
	return &c
}

// isSmall reports whether a node yields few rows for certain (point gets,
// small literal lists, bounded limits, single-row aggregates).
func isSmall(n plan.Node) bool {
	const small = 1000
	switch n := n.(type) {
	case *plan.Scan:
		return (n.Span != nil && n.Span.Point != nil) || constAtMost(n.Limit, small)
	case *plan.Values:
		return len(n.Rows) <= small
	case *plan.Eval:
		return true
	case *plan.Limit:
		return constAtMost(n.Count, small) || isSmall(n.Input)
	case *plan.Sort:
		return constAtMost(n.Limit, small) || isSmall(n.Input)
	case *plan.Aggregate:
		return len(n.GroupBy) == 0 || isSmall(n.Input)
	case *plan.Filter:
		return isSmall(n.Input)
	case *plan.LockRows:
		return isSmall(n.Input)
	case *plan.Project:
		return isSmall(n.Input)
	case *plan.Distinct:
		return isSmall(n.Input)
	case *plan.Reverse:
		return isSmall(n.Input)
	case *plan.Join:
		return isSmall(n.Left) && (n.Kind == plan.SemiJoin || n.Kind == plan.AntiJoin || isSmall(n.Right))
	}
	return false
}

func constAtMost(e plan.Expr, n int64) bool {
	c, ok := norm(e).(*plan.Const)
	return ok && c.V.Kind() == value.KindInt && c.V.AsInt() >= 0 && c.V.AsInt() <= n
}

// hashJoin turns the equality conditions between the two sides of a
// non-lateral join into hash keys.
func (o *optimizer) hashJoin(j *plan.Join, nl int) {
	if j.Kind == plan.CrossJoin {
		return
	}
	var lk, rk, rest []plan.Expr
	first, sqlEq := true, false
	for _, x := range conjuncts(j.On) {
		b, ok := norm(x).(*plan.Binary)
		if !ok || b.Op != plan.OpEq || !o.movable(x) || containsSubquery(x) || (!first && b.SQL != sqlEq) {
			rest = append(rest, x)
			continue
		}
		ls, rs := sideOf(b.L, nl), sideOf(b.R, nl)
		switch {
		case ls == sideLeft && rs == sideRight:
			lk, rk = append(lk, b.L), append(rk, toRight(b.R, nl, false))
		case ls == sideRight && rs == sideLeft:
			lk, rk = append(lk, b.R), append(rk, toRight(b.L, nl, false))
		default:
			rest = append(rest, x)
			continue
		}
		first, sqlEq = false, b.SQL
	}
	if len(lk) == 0 {
		return
	}
	j.Method = plan.HashJoin
	j.LeftKeys, j.RightKeys = lk, rk
	j.NullEqual = !sqlEq
	j.On = and(rest)
}

// sort drops a Sort on the primary key of a Scan (scan order is key
// order), reversing the scan for a descending sort.
func (o *optimizer) sort(s *plan.Sort) plan.Node {
	if n := o.vectorSort(s); n != nil {
		return n
	}
	if len(s.Keys) != 1 {
		return s
	}
	k := s.Keys[0]
	switch in := s.Input.(type) {
	case *plan.Scan:
		if in.Limit == nil && keyOrdered(in.Table) && isKeyRef(k.X, in.Table) {
			c := *in
			c.Reverse, c.Limit = k.Desc, s.Limit
			return &c
		}
	case *plan.Project:
		scan, ok := in.Input.(*plan.Scan)
		if !ok || scan.Limit != nil || !keyOrdered(scan.Table) {
			break
		}
		x, ok := o.substitute(k.X, in.Exprs)
		if !ok || !isKeyRef(x, scan.Table) {
			break
		}
		c := *scan
		c.Reverse, c.Limit = k.Desc, s.Limit
		p := *in
		p.Input = &c
		return &p
	}
	return s
}

// keyOrdered reports whether a table's key order is the value order of its
// key column: true for typed single-column keys of kinds whose key
// encoding sorts like value.Compare. Untyped keys may mix kinds whose key
// encodings interleave (a symbol and a string with the same text are the
// same key), so their order is left to a Sort.
func keyOrdered(t *catalog.Table) bool {
	kt := keyType(t)
	if kt == nil {
		return false
	}
	switch kt.Kind {
	case value.KindInt, value.KindString, value.KindBool, value.KindDatetime, value.KindTime, value.KindTimeTZ, value.KindUUID:
		return true
	}
	return false
}

// limit pushes a constant or parameter limit (plus offset) into a Scan or
// Sort that nothing between filters.
func (o *optimizer) limit(l *plan.Limit) plan.Node {
	if len(l.Ties) > 0 {
		// The rows tied with the last one counted are past the count.
		return l
	}
	if l.Count == nil || !o.leafInvariant(l.Count) || (l.Offset != nil && !o.leafInvariant(l.Offset)) {
		return l
	}
	k := l.Count
	if l.Offset != nil {
		cc, ok1 := norm(l.Count).(*plan.Const)
		oc, ok2 := norm(l.Offset).(*plan.Const)
		if ok1 && ok2 && cc.V.Kind() == value.KindInt && oc.V.Kind() == value.KindInt &&
			cc.V.AsInt() >= 0 && oc.V.AsInt() >= 0 && cc.V.AsInt() < 1<<62 && oc.V.AsInt() < 1<<62 {
			k = &plan.Const{V: value.Int(cc.V.AsInt() + oc.V.AsInt())}
		} else {
			// count + offset, with the same none handling as LIMIT ALL:
			// the sum is none when either is, and none means unbounded.
			k = &plan.Binary{Op: plan.OpAdd, L: l.Count, R: l.Offset}
		}
	}
	l.Input = o.vectorLimited(pushLimit(l.Input, k))
	return l
}

// leafInvariant: e has no current row to read (a limit's expression) and
// may be evaluated once.
func (o *optimizer) leafInvariant(e plan.Expr) bool {
	return !containsSubquery(e) && o.movable(e)
}

func pushLimit(n plan.Node, k plan.Expr) plan.Node {
	switch n := n.(type) {
	case *plan.Scan:
		if n.Limit == nil {
			c := *n
			c.Limit = k
			return &c
		}
	case *plan.Project:
		c := *n
		c.Input = pushLimit(n.Input, k)
		return &c
	case *plan.Sort:
		if n.Limit == nil {
			c := *n
			c.Limit = k
			return &c
		}
	}
	return n
}
