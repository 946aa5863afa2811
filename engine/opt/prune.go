package opt

import (
	"slices"

	"github.com/zerodb/zerodb/engine/plan"
)

// Column pruning. A scan yields [key, object] rows; most queries read a
// few fields of the object (`o.customer_id`, `o.amount`), and decoding the
// whole record for them is most of a join's or aggregate's cost. This last
// pass walks the plan from the root down, tracking what each node's parent
// reads of its columns, and sets Scan.Fields where an object column is
// read only field by field. Nodes it does not know stop the walk: their
// scans keep decoding whole records.

// colNeed is what the plan above reads of one column.
type colNeed struct {
	whole  bool     // the value itself (compared, returned, passed on)
	fields []string // fields read from it, when not whole
}

// colNeeds maps a node's output column to what is read of it; an absent
// column is not read. A nil *colNeeds means every column is read whole.
type colNeeds struct{ cols map[int]*colNeed }

func newNeeds() *colNeeds { return &colNeeds{cols: map[int]*colNeed{}} }

func (cn *colNeeds) use(idx int, field string) {
	c := cn.cols[idx]
	if c == nil {
		c = &colNeed{}
		cn.cols[idx] = c
	}
	switch {
	case c.whole:
	case field == "":
		c.whole, c.fields = true, nil
	case !slices.Contains(c.fields, field):
		c.fields = append(c.fields, field)
	}
}

// addExpr records what e, evaluated on the node's row, reads of it.
func (cn *colNeeds) addExpr(e plan.Expr) {
	if e == nil {
		return
	}
	var walk func(plan.Expr) plan.Expr
	walk = func(e plan.Expr) plan.Expr {
		switch x := norm(e).(type) {
		case *plan.ColRef:
			if x.Depth == 0 {
				cn.use(x.Idx, "")
			}
			return e
		case *plan.Field:
			if c, ok := norm(x.X).(*plan.ColRef); ok && c.Depth == 0 {
				cn.use(c.Idx, x.Name)
				return e
			}
		}
		return plan.RebuildExpr(e, walk, func(n plan.Node) plan.Node {
			// Inside a subquery this row is one level out; any use
			// there counts as whole (field reads are not told apart).
			mapNode(n, 1, func(c *plan.ColRef, rel, _ int) plan.Expr {
				if rel == 0 {
					cn.use(c.Idx, "")
				}
				return nil
			})
			return n
		})
	}
	walk(e)
}

func (cn *colNeeds) addExprs(es []plan.Expr) {
	for _, e := range es {
		cn.addExpr(e)
	}
}

// clone copies cn (nil stays nil: everything).
func (cn *colNeeds) clone() *colNeeds {
	if cn == nil {
		return nil
	}
	out := newNeeds()
	for i, c := range cn.cols {
		cc := *c
		cc.fields = slices.Clone(c.fields)
		out.cols[i] = &cc
	}
	return out
}

// split returns the needs of columns [lo, hi) renumbered from 0.
func (cn *colNeeds) split(lo, hi int) *colNeeds {
	if cn == nil {
		return nil
	}
	out := newNeeds()
	for i, c := range cn.cols {
		if i >= lo && i < hi {
			cc := *c
			cc.fields = slices.Clone(c.fields)
			out.cols[i-lo] = &cc
		}
	}
	return out
}

// pruneScans sets Scan.Fields throughout n, whose rows are all read whole.
func pruneScans(n plan.Node) plan.Node { return prune(n, nil) }

// prune returns n, or a copy of it with pruned scans below; want is what
// its parent reads of its columns. Nodes are copied, never modified: a
// node may appear twice in a plan with different needs.
func prune(n plan.Node, want *colNeeds) plan.Node {
	switch n := n.(type) {
	case *plan.Scan:
		return pruneScan(n, want)
	case *plan.Filter:
		w := want.clone()
		if w != nil {
			w.addExpr(n.Cond)
		}
		c := *n
		c.Input = prune(n.Input, w)
		return &c
	case *plan.Project:
		w := newNeeds()
		w.addExprs(n.Exprs)
		c := *n
		c.Input = prune(n.Input, w)
		return &c
	case *plan.Sort:
		w := want.clone()
		if w != nil {
			for _, k := range n.Keys {
				w.addExpr(k.X)
			}
		}
		c := *n
		c.Input = prune(n.Input, w)
		return &c
	case *plan.Limit:
		c := *n
		c.Input = prune(n.Input, want)
		return &c
	case *plan.Reverse:
		c := *n
		c.Input = prune(n.Input, want)
		return &c
	case *plan.Distinct:
		// Rows are compared whole.
		c := *n
		c.Input = prune(n.Input, nil)
		return &c
	case *plan.Aggregate:
		w := newNeeds()
		w.addExprs(n.GroupBy)
		for i := range n.Aggs {
			w.addExprs(n.Aggs[i].Exprs())
		}
		c := *n
		c.Input = prune(n.Input, w)
		return &c
	case *plan.Join:
		return pruneJoin(n, want)
	case *plan.SetOp:
		// Its rows are its inputs' rows, compared whole.
		c := *n
		c.Left, c.Right = prune(n.Left, nil), prune(n.Right, nil)
		return &c
	}
	return n
}

func pruneScan(n *plan.Scan, want *colNeeds) plan.Node {
	if want == nil || n.Table == nil {
		return n
	}
	w := want.clone()
	w.addExpr(n.Filter)
	obj := w.cols[1]
	if obj != nil && obj.whole {
		return n
	}
	fields := []string{}
	if obj != nil {
		fields = obj.fields
	}
	// A typed single-column key is reported as stored in the record,
	// with its exact SQL type (see exec's keyOf).
	if w.cols[0] != nil && len(n.Table.PrimaryKey) == 1 && !slices.Contains(fields, n.Table.PrimaryKey[0]) {
		fields = append(fields, n.Table.PrimaryKey[0])
	}
	c := *n
	c.Fields = fields
	return &c
}

func pruneJoin(n *plan.Join, want *colNeeds) plan.Node {
	nl, nr := len(n.Left.Columns()), len(n.Right.Columns())
	leftOnly := n.Kind == plan.SemiJoin || n.Kind == plan.AntiJoin
	var lw, rw *colNeeds
	switch {
	case want == nil:
		if !leftOnly {
			break
		}
		rw = newNeeds()
	default:
		lw = want.split(0, nl)
		if leftOnly {
			rw = newNeeds()
		} else {
			rw = want.split(nl, nl+nr)
		}
	}
	// The condition runs on the combined row.
	if lw != nil || rw != nil {
		on := newNeeds()
		on.addExpr(n.On)
		if lw != nil {
			lw = mergeNeeds(lw, on.split(0, nl))
			lw.addExprs(n.LeftKeys)
		}
		if rw != nil {
			rw = mergeNeeds(rw, on.split(nl, nl+nr))
			rw.addExprs(n.RightKeys)
		}
	}
	if n.Lateral {
		lw = nil // the right side reads the left row in ways not tracked here
	}
	c := *n
	c.Left, c.Right = prune(n.Left, lw), prune(n.Right, rw)
	return &c
}

// mergeNeeds adds b's needs to a (a is modified and returned).
func mergeNeeds(a, b *colNeeds) *colNeeds {
	for i, c := range b.cols {
		if c.whole {
			a.use(i, "")
			continue
		}
		for _, f := range c.fields {
			a.use(i, f)
		}
	}
	return a
}
