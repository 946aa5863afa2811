package opt

import (
	"reflect"
	"slices"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
)

// An expression index part (CREATE INDEX ON t (lower(email))) serves a
// condition on the same expression: the part's stored SQL text is compiled
// again over the scan row (Options.IndexExpr), folded like the query's
// own expressions, and compared with the condition's side structurally,
// positions aside. Its spans are never exact (exactOn), so the condition
// is checked again on each record read.

// isIndexExpr reports whether e, an expression over t's scan row, is the
// index expression src.
func (o *optimizer) isIndexExpr(t *catalog.Table, src string, e plan.Expr) bool {
	if o.opts.IndexExpr == nil {
		return false
	}
	x, ok := o.opts.IndexExpr(t, src)
	if !ok {
		return false
	}
	return reflect.DeepEqual(unpositioned(o.expr(x)), unpositioned(e))
}

// unpositioned is a copy of e, in pointer form, with every position and
// column name (EXPLAIN's, which says the alias) zeroed, so that two
// translations of the same text compare equal.
func unpositioned(e plan.Expr) plan.Expr {
	e = plan.RebuildExpr(e, unpositioned, func(n plan.Node) plan.Node { return n })
	v := reflect.ValueOf(e)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return e
	}
	// Leaves come back from RebuildExpr as they were: copy before zeroing.
	c := reflect.New(v.Elem().Type())
	c.Elem().Set(v.Elem())
	if f := c.Elem().FieldByName("At"); f.IsValid() && f.CanSet() {
		f.SetZero()
	}
	if cr, ok := c.Interface().(*plan.ColRef); ok {
		cr.Name = ""
	}
	x, ok := c.Interface().(plan.Expr)
	if !ok {
		return e
	}
	return x
}

// A partial index (catalog.Index.Where) holds entries for only the
// records its predicate is true for, so a scan may read it only when the
// scan's own condition implies the predicate. The proof is the simple one
// that covers how such indexes are queried: every conjunct of the
// predicate, compiled over the scan row and folded like the query, is
// also a conjunct of the condition. The predicate's conjuncts stay in the
// scan's residual filter.

// predicateHolds reports whether conditions cs, the conjuncts of a filter
// over t's scan row, imply the predicate of ix (always, for a full index).
func (o *optimizer) predicateHolds(t *catalog.Table, ix *catalog.Index, cs []plan.Expr) bool {
	if !ix.Partial() {
		return true
	}
	if o.opts.IndexExpr == nil {
		return false
	}
	x, ok := o.opts.IndexExpr(t, ix.Where)
	if !ok {
		return false
	}
	have := make([]plan.Expr, len(cs))
	for i, c := range cs {
		have[i] = unpositioned(c)
	}
	for _, p := range conjuncts(o.expr(x)) {
		p = unpositioned(p)
		if !slices.ContainsFunc(have, func(c plan.Expr) bool { return reflect.DeepEqual(p, c) }) {
			return false
		}
	}
	return true
}
