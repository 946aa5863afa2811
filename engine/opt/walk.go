package opt

import (
	"slices"

	"github.com/zerodb/zerodb/engine/plan"
)

// Row depth: a ColRef's Depth counts rows outwards from the row of the
// node its expression belongs to. Crossing into a Subquery's node or the
// right side of a lateral Join adds one level. The walkers below carry
// `nest`, the number of levels entered since the node or expression they
// started from; a ColRef with Depth d met at nest k refers to the starting
// level's row when d == k ("rel" 0) and to enclosing rows when d > k.

// Deps are what a plan or expression depends on besides its own rows.
type Deps struct {
	Outer    bool     // reads a row of an enclosing query
	Locals   bool     // reads or writes a local of an enclosing block or closure
	Writes   bool     // writes records or the catalog
	Applies  bool     // applies a function value (whose body is unknown here)
	SetsVars bool     // binds a session variable
	Vars     bool     // reads a session variable
	Calls    []string // builtin functions called
	Tables   []uint64 // IDs of the tables scanned (record links not included)
}

// Analyze reports what n depends on besides its own rows.
func Analyze(n plan.Node) Deps {
	var d Deps
	walkNode(n, 0, 0, &d)
	return d
}

// AnalyzeExpr reports what e depends on besides the current row.
func AnalyzeExpr(e plan.Expr) Deps {
	var d Deps
	walkExpr(e, 0, 0, &d)
	return d
}

func walkExprs(es []plan.Expr, nest, fnest int, d *Deps) {
	for _, e := range es {
		walkExpr(e, nest, fnest, d)
	}
}

// walkExpr records the dependencies of e evaluated nest row levels and
// fnest local frames inside the starting point. At nest 0 the current row
// (Depth 0) is the starting point's own row and is not a dependency.
func walkExpr(e plan.Expr, nest, fnest int, d *Deps) {
	switch e := norm(e).(type) {
	case nil, *plan.Const, *plan.Param:
	case *plan.SessionVar:
		d.Vars = true
	case *plan.ColRef:
		if e.Depth > nest {
			d.Outer = true
		}
	case *plan.Local:
		if e.Depth >= fnest {
			d.Locals = true
		}
	case *plan.Field:
		walkExpr(e.X, nest, fnest, d)
	case *plan.Index:
		walkExpr(e.X, nest, fnest, d)
		walkExpr(e.I, nest, fnest, d)
	case *plan.Binary:
		walkExpr(e.L, nest, fnest, d)
		walkExpr(e.R, nest, fnest, d)
	case *plan.Unary:
		walkExpr(e.X, nest, fnest, d)
	case *plan.Call:
		d.Calls = append(d.Calls, e.Fn)
		walkExprs(e.Args, nest, fnest, d)
	case *plan.Apply:
		d.Applies = true
		walkExpr(e.Fn, nest, fnest, d)
		walkExprs(e.Args, nest, fnest, d)
	case *plan.Closure:
		walkExpr(e.Body, nest, fnest+1, d)
	case *plan.Block:
		walkExprs(e.Stmts, nest, fnest+1, d)
		walkExpr(e.Result, nest, fnest+1, d)
	case *plan.Let:
		if fnest == 0 {
			d.Locals = true
		}
		walkExpr(e.X, nest, fnest, d)
	case *plan.SetSessionVar:
		d.SetsVars = true
		walkExpr(e.X, nest, fnest, d)
	case *plan.ObjectCons:
		walkExprs(e.Vals, nest, fnest, d)
		walkExpr(e.Spread, nest, fnest, d)
	case *plan.ListCons:
		walkExprs(e.Elems, nest, fnest, d)
	case *plan.TupleCons:
		walkExprs(e.Elems, nest, fnest, d)
	case *plan.RangeCons:
		walkExpr(e.Lo, nest, fnest, d)
		walkExpr(e.Hi, nest, fnest, d)
	case *plan.RecordIDCons:
		walkExpr(e.Key, nest, fnest, d)
	case *plan.RecordView:
		walkExpr(e.Key, nest, fnest, d)
		walkExpr(e.Obj, nest, fnest, d)
	case *plan.If:
		walkExpr(e.Cond, nest, fnest, d)
		walkExpr(e.Then, nest, fnest, d)
		walkExpr(e.Else, nest, fnest, d)
	case *plan.Cast:
		walkExpr(e.X, nest, fnest, d)
	case *plan.Subquery:
		walkNode(e.Node, nest+1, fnest, d)
	case *plan.Match:
		walkExpr(e.X, nest, fnest, d)
		for _, a := range e.Arms {
			walkExpr(a.Guard, nest, fnest+1, d)
			walkExpr(a.Body, nest, fnest+1, d)
		}
	default:
		// An expression kind this walker does not know: assume the worst.
		d.Outer, d.Locals, d.Writes, d.Applies = true, true, true, true
	}
}

func walkNode(n plan.Node, nest, fnest int, d *Deps) {
	switch n := n.(type) {
	case nil:
	case *plan.Scan:
		if n.Table != nil {
			d.Tables = append(d.Tables, n.Table.ID)
		}
		walkExpr(n.Filter, nest, fnest, d)
		walkExpr(n.Limit, nest, fnest, d)
		walkExpr(n.CatalogKey, nest, fnest, d)
		if s := n.Span; s != nil {
			walkExpr(s.Point, nest, fnest, d)
			walkExpr(s.Lo, nest, fnest, d)
			walkExpr(s.Hi, nest, fnest, d)
		}
	case *plan.IndexScan:
		walkIndexScan(n, nest, fnest, d)
	case *plan.ExplainStmt:
		walkNode(n.Input, nest, fnest, d)
	case *plan.Values:
		for _, r := range n.Rows {
			walkExprs(r, nest, fnest, d)
		}
	case *plan.Unnest:
		walkExpr(n.X, nest, fnest, d)
	case *plan.Eval:
		walkExpr(n.X, nest, fnest, d)
	case *plan.Filter:
		walkNode(n.Input, nest, fnest, d)
		walkExpr(n.Cond, nest, fnest, d)
	case *plan.LockRows:
		walkNode(n.Input, nest, fnest, d)
		for _, t := range n.Targets {
			walkExpr(t.Key, nest, fnest, d)
		}
	case *plan.Project:
		walkNode(n.Input, nest, fnest, d)
		walkExprs(n.Exprs, nest, fnest, d)
	case *plan.Join:
		walkNode(n.Left, nest, fnest, d)
		rn := nest
		if n.Lateral {
			rn++
		}
		walkNode(n.Right, rn, fnest, d)
		walkExpr(n.On, nest, fnest, d)
		walkExprs(n.LeftKeys, nest, fnest, d)
		walkExprs(n.RightKeys, nest, fnest, d)
	case *plan.Aggregate:
		walkNode(n.Input, nest, fnest, d)
		walkExprs(n.GroupBy, nest, fnest, d)
		for _, a := range n.Aggs {
			walkExprs(a.Exprs(), nest, fnest, d)
		}
	case *plan.Sort:
		walkNode(n.Input, nest, fnest, d)
		for _, k := range n.Keys {
			walkExpr(k.X, nest, fnest, d)
		}
		walkExpr(n.Limit, nest, fnest, d)
	case *plan.Limit:
		walkNode(n.Input, nest, fnest, d)
		walkExpr(n.Count, nest, fnest, d)
		walkExpr(n.Offset, nest, fnest, d)
		for _, k := range n.Ties {
			walkExpr(k.X, nest, fnest, d)
		}
	case *plan.Distinct:
		walkNode(n.Input, nest, fnest, d)
	case *plan.Reverse:
		walkNode(n.Input, nest, fnest, d)
	case *plan.Insert:
		d.Writes = true
		walkNode(n.Input, nest, fnest, d)
		walkExpr(n.Key, nest, fnest, d)
		walkExpr(n.Obj, nest, fnest, d)
	case *plan.Update:
		d.Writes = true
		walkNode(n.Input, nest, fnest, d)
		walkExpr(n.Set, nest, fnest, d)
	case *plan.Delete:
		d.Writes = true
		walkNode(n.Input, nest, fnest, d)
	case *plan.VectorSearch:
		d.Tables = append(d.Tables, n.Table.ID)
		walkExprs([]plan.Expr{n.Query, n.K, n.Filter}, nest, fnest, d)
	case *plan.CreateTable, *plan.DropTable, *plan.AttachPartition, *plan.AlterInherit, *plan.CreateDatabase, *plan.CreateNamespace, *plan.DropObject,
		*plan.CreateVectorIndex, *plan.CreateIndex, *plan.Analyze, *plan.RefreshMatView,
		*plan.CreateTrigger, *plan.DropTrigger, *plan.EnableTrigger:
		d.Writes = true
	case *plan.SetOp, *plan.RecursiveUnion, *plan.WorkTable, *plan.DistinctOn:
		walkSetOp(n, nest, fnest, d)
	case *plan.Append:
		for _, in := range n.Inputs {
			walkNode(in, nest, fnest, d)
		}
	case *plan.WithWrites:
		walkCTEWrite(n, nest, fnest, d)
	case *plan.CTEScan:
	case *plan.Traverse, *plan.LinkEdges, *plan.ShortestPath:
		walkGraph(n, nest, fnest, d)
	case *plan.Window:
		walkNode(n.Input, nest, fnest, d)
		for i := range n.Funcs {
			walkExprs(n.Funcs[i].Exprs(), nest, fnest, d)
		}
	default:
		d.Outer, d.Locals, d.Writes, d.Applies = true, true, true, true
	}
}

// colMapper rewrites a ColRef that refers to the starting level or above
// (rel = Depth - nest >= 0). col returns the replacement, already
// adjusted for nest, or nil to keep the ColRef.
type colMapper interface {
	col(c *plan.ColRef, rel, nest int) plan.Expr
}

// colFunc is a colMapper that sees ColRefs only.
type colFunc func(c *plan.ColRef, rel, nest int) plan.Expr

func (f colFunc) col(c *plan.ColRef, rel, nest int) plan.Expr { return f(c, rel, nest) }

// fieldMapper is a colMapper that also sees the field reads of those
// ColRefs (a Field of one): column pruning tells the fields a subquery
// reads of an outer row apart from reads of the row's whole object.
type fieldMapper interface {
	colMapper
	// field returns the replacement of x, a read of field x.Name of c,
	// or nil to map x's parts as usual.
	field(x *plan.Field, c *plan.ColRef, rel, nest int) plan.Expr
}

// mapExpr returns e with its ColRefs rewritten by f; e itself is never
// modified (plans may be shared and cached).
func mapExpr(e plan.Expr, nest int, f colMapper) plan.Expr {
	switch e := norm(e).(type) {
	case nil:
		return nil
	case *plan.ColRef:
		if e.Depth >= nest {
			if r := f.col(e, e.Depth-nest, nest); r != nil {
				return r
			}
		}
		return e
	case *plan.Const, *plan.Param, *plan.SessionVar, *plan.Local:
		return e
	case *plan.Field:
		if fm, ok := f.(fieldMapper); ok {
			if c, ok := norm(e.X).(*plan.ColRef); ok && c.Depth >= nest {
				if r := fm.field(e, c, c.Depth-nest, nest); r != nil {
					return r
				}
			}
		}
	}
	// Subquery plans see this row one level further out.
	return plan.RebuildExpr(e,
		func(x plan.Expr) plan.Expr { return mapExpr(x, nest, f) },
		func(n plan.Node) plan.Node { return mapNode(n, nest+1, f) })
}

func mapExprs(es []plan.Expr, nest int, f colMapper) []plan.Expr {
	if es == nil {
		return nil
	}
	out := make([]plan.Expr, len(es))
	for i, e := range es {
		out[i] = mapExpr(e, nest, f)
	}
	return out
}

// mapNode returns a copy of n with the ColRefs of all its expressions
// rewritten by f; n's own expressions are at nest.
func mapNode(n plan.Node, nest int, f colMapper) plan.Node {
	switch n := n.(type) {
	case *plan.Scan:
		c := *n
		c.Filter, c.Limit = mapExpr(n.Filter, nest, f), mapExpr(n.Limit, nest, f)
		c.CatalogKey = mapExpr(n.CatalogKey, nest, f)
		if n.Span != nil {
			s := *n.Span
			s.Point, s.Lo, s.Hi = mapExpr(s.Point, nest, f), mapExpr(s.Lo, nest, f), mapExpr(s.Hi, nest, f)
			c.Span = &s
		}
		return &c
	case *plan.IndexScan:
		return mapIndexScan(n, nest, f)
	case *plan.Values:
		c := *n
		c.Rows = make([][]plan.Expr, len(n.Rows))
		for i, r := range n.Rows {
			c.Rows[i] = mapExprs(r, nest, f)
		}
		return &c
	case *plan.Unnest:
		c := *n
		c.X = mapExpr(n.X, nest, f)
		return &c
	case *plan.Eval:
		c := *n
		c.X = mapExpr(n.X, nest, f)
		return &c
	case *plan.Filter:
		c := *n
		c.Input, c.Cond = mapNode(n.Input, nest, f), mapExpr(n.Cond, nest, f)
		return &c
	case *plan.LockRows:
		c := *n
		c.Input = mapNode(n.Input, nest, f)
		c.Targets = mapLockTargets(n.Targets, func(e plan.Expr) plan.Expr { return mapExpr(e, nest, f) })
		return &c
	case *plan.Project:
		c := *n
		c.Input, c.Exprs = mapNode(n.Input, nest, f), mapExprs(n.Exprs, nest, f)
		return &c
	case *plan.Join:
		c := *n
		c.Left = mapNode(n.Left, nest, f)
		rn := nest
		if n.Lateral {
			rn++
		}
		c.Right = mapNode(n.Right, rn, f)
		c.On = mapExpr(n.On, nest, f)
		c.LeftKeys, c.RightKeys = mapExprs(n.LeftKeys, nest, f), mapExprs(n.RightKeys, nest, f)
		return &c
	case *plan.Aggregate:
		c := *n
		c.Input, c.GroupBy = mapNode(n.Input, nest, f), mapExprs(n.GroupBy, nest, f)
		c.Aggs = make([]plan.Agg, len(n.Aggs))
		for i, a := range n.Aggs {
			c.Aggs[i] = a.MapExprs(func(x plan.Expr) plan.Expr { return mapExpr(x, nest, f) })
		}
		return &c
	case *plan.Sort:
		c := *n
		c.Input, c.Limit = mapNode(n.Input, nest, f), mapExpr(n.Limit, nest, f)
		c.Keys = make([]plan.SortKey, len(n.Keys))
		for i, k := range n.Keys {
			k.X = mapExpr(k.X, nest, f)
			c.Keys[i] = k
		}
		return &c
	case *plan.Limit:
		c := *n
		c.Input, c.Count, c.Offset = mapNode(n.Input, nest, f), mapExpr(n.Count, nest, f), mapExpr(n.Offset, nest, f)
		c.Ties = mapSortKeys(n.Ties, func(e plan.Expr) plan.Expr { return mapExpr(e, nest, f) })
		return &c
	case *plan.Distinct:
		c := *n
		c.Input = mapNode(n.Input, nest, f)
		return &c
	case *plan.Reverse:
		c := *n
		c.Input = mapNode(n.Input, nest, f)
		return &c
	case *plan.Insert:
		c := *n
		c.Input, c.Key, c.Obj = mapNode(n.Input, nest, f), mapExpr(n.Key, nest, f), mapExpr(n.Obj, nest, f)
		return &c
	case *plan.Update:
		c := *n
		c.Input, c.Set = mapNode(n.Input, nest, f), mapExpr(n.Set, nest, f)
		return &c
	case *plan.Delete:
		c := *n
		c.Input = mapNode(n.Input, nest, f)
		return &c
	case *plan.VectorSearch:
		c := *n
		c.Query, c.K, c.Filter = mapExpr(n.Query, nest, f), mapExpr(n.K, nest, f), mapExpr(n.Filter, nest, f)
		return &c
	case *plan.SetOp, *plan.RecursiveUnion, *plan.DistinctOn:
		return mapSetOp(n, nest, f)
	case *plan.Append:
		c := *n
		c.Inputs = make([]plan.Node, len(n.Inputs))
		for i, in := range n.Inputs {
			c.Inputs[i] = mapNode(in, nest, f)
		}
		return &c
	case *plan.WithWrites:
		return mapCTEWrite(n, nest, f)
	case *plan.Traverse, *plan.LinkEdges, *plan.ShortestPath:
		return mapGraph(n, nest, f)
	case *plan.Window:
		c := *n
		c.Input = mapNode(n.Input, nest, f)
		c.Funcs = make([]plan.WindowFunc, len(n.Funcs))
		for i, wf := range n.Funcs {
			c.Funcs[i] = wf.MapExprs(func(x plan.Expr) plan.Expr { return mapExpr(x, nest, f) })
		}
		return &c
	}
	return n
}

// shiftOuter returns e with references to enclosing rows (rel >= from)
// moved by delta levels.
func shiftOuter(e plan.Expr, from, delta int) plan.Expr {
	if delta == 0 {
		return e
	}
	return mapExpr(e, 0, colFunc(func(c *plan.ColRef, rel, nest int) plan.Expr {
		if rel < from {
			return nil
		}
		n := *c
		n.Depth += delta
		return &n
	}))
}

// usesRel reports whether e references its starting level's row (rel 0)
// at columns [lo, hi), and whether it references enclosing rows.
func colUse(e plan.Expr) (cols []int, outer bool) {
	mapExpr(e, 0, colFunc(func(c *plan.ColRef, rel, nest int) plan.Expr {
		if rel == 0 {
			cols = append(cols, c.Idx)
		} else {
			outer = true
		}
		return nil
	}))
	return cols, outer
}

// OuterCols returns the columns of the row one level out of n (the row a
// subquery is evaluated on) that n reads, each once, and whether n reads
// rows further out.
func OuterCols(n plan.Node) (cols []int, further bool) {
	mapNode(n, 1, colFunc(func(c *plan.ColRef, rel, _ int) plan.Expr {
		switch {
		case rel > 0:
			further = true
		case !slices.Contains(cols, c.Idx):
			cols = append(cols, c.Idx)
		}
		return nil
	}))
	return cols, further
}

// nodeUsesLevel reports whether a node references the row rel levels
// above its own (rel 1 is its outer row).
func nodeUsesLevel(n plan.Node, rel int) bool {
	found := false
	mapNode(n, 0, colFunc(func(c *plan.ColRef, r, nest int) plan.Expr {
		if r == rel {
			found = true
		}
		return nil
	}))
	return found
}

// mapSortKeys is keys with f applied to each key's expression (nil for
// none).
func mapSortKeys(keys []plan.SortKey, f func(plan.Expr) plan.Expr) []plan.SortKey {
	if keys == nil {
		return nil
	}
	out := make([]plan.SortKey, len(keys))
	for i, k := range keys {
		k.X = f(k.X)
		out[i] = k
	}
	return out
}

// mapLockTargets returns a copy of ts with each key expression mapped by f.
func mapLockTargets(ts []plan.LockTarget, f func(plan.Expr) plan.Expr) []plan.LockTarget {
	out := make([]plan.LockTarget, len(ts))
	for i, t := range ts {
		out[i] = plan.LockTarget{Table: t.Table, Key: f(t.Key)}
	}
	return out
}
