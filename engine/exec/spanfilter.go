package exec

import (
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// The optimizer derives a key range from comparisons of the key and
// keeps the comparisons in the scan's filter (opt's deriveSpan): the
// executor may leave a side of the range open when a bound has no place
// in key order. When the filter is just those comparisons and their
// bounds did narrow the range exactly — integer bounds on an integer
// key, whose key order is the comparisons' order — every row the range
// yields passes it, and evaluating it per row is wasted (SELECT ... WHERE
// k < $1, [ r.id : r in t, r.k < 100 ]).

// appliedBound is a bound of a range scan as it narrowed the range: the
// plan's expression and the value it had, inclusive or not (set: it did).
type appliedBound struct {
	set  bool
	expr plan.Expr
	v    value.Value
	incl bool
}

// spanFilterImplied reports whether every row of n's key range passes
// its filter, given the bounds that narrowed it. kt is the table's typed
// key.
func spanFilterImplied(n *plan.Scan, kt *value.Type, lo, hi appliedBound) bool {
	if kt == nil || kt.Kind != value.KindInt || n.Filter == nil {
		return false
	}
	var implied func(e plan.Expr) bool
	implied = func(e plan.Expr) bool {
		b, ok := plan.Pointer(e).(*plan.Binary)
		if !ok {
			return false
		}
		if b.Op == plan.OpAnd {
			return implied(b.L) && implied(b.R)
		}
		return lo.set && boundImplies(n, true, &lo, b) || hi.set && boundImplies(n, false, &hi, b)
	}
	return implied(n.Filter)
}

// boundImplies reports whether comparison b is the one the bound (lower
// or upper) stands for, so that it holds on every row of the range.
func boundImplies(n *plan.Scan, lower bool, bd *appliedBound, b *plan.Binary) bool {
	if bd.v.Kind() != value.KindInt || bd.v.Width() == value.U64 {
		return false
	}
	op, k, x := b.Op, plan.Pointer(b.L), plan.Pointer(b.R)
	if !isScanKey(n, k) {
		op, _ = op.Swapped()
		k, x = plan.Pointer(b.R), plan.Pointer(b.L)
	}
	if !isScanKey(n, k) || !sameBound(x, plan.Pointer(bd.expr)) {
		return false
	}
	if lower {
		return op == plan.OpGt && !bd.incl || op == plan.OpGe && bd.incl
	}
	return op == plan.OpLt && !bd.incl || op == plan.OpLe && bd.incl
}

// isScanKey reports whether e, on a row of n, is the record's integer
// key: the key column, or the key's field in the object or in the
// pruned scan's field columns (stored with the key's value).
func isScanKey(n *plan.Scan, e plan.Expr) bool {
	t := n.Table
	if len(t.PrimaryKey) != 1 {
		return false
	}
	pk := t.PrimaryKey[0]
	switch e := e.(type) {
	case *plan.ColRef:
		if e.Depth != 0 {
			return false
		}
		if e.Idx == 0 && (n.Fields == nil || n.FieldsBase() == 1) {
			return true
		}
		i := e.Idx - n.FieldsBase()
		return n.Fields != nil && i >= 0 && i < len(n.Fields) && n.Fields[i] == pk
	case *plan.Field:
		c, ok := plan.Pointer(e.X).(*plan.ColRef)
		return ok && n.Fields == nil && c.Depth == 0 && c.Idx == 1 && e.Name == pk
	}
	return false
}

// sameBound reports whether the filter's side x is the span's bound
// expression: the same parameter, or an equal integer constant.
func sameBound(x, bound plan.Expr) bool {
	switch x := x.(type) {
	case *plan.Param:
		p, ok := bound.(*plan.Param)
		return ok && p.N == x.N && p.Name == x.Name
	case *plan.Const:
		c, ok := bound.(*plan.Const)
		return ok && x.V.Kind() == value.KindInt && c.V.Kind() == value.KindInt && value.Equal(x.V, c.V)
	}
	return false
}
