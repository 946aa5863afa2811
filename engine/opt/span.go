package opt

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// keyType is the declared type of a table's single primary-key column, or
// nil when keys are untyped.
func keyType(t *catalog.Table) *value.Type {
	if t == nil || len(t.PrimaryKey) != 1 {
		return nil
	}
	f, _, ok := t.FieldByName(t.PrimaryKey[0])
	if !ok || f.Type.Kind == value.KindAny {
		return nil
	}
	return &f.Type
}

func isCol(e plan.Expr, idx int) bool {
	c, ok := norm(e).(*plan.ColRef)
	return ok && c.Depth == 0 && c.Idx == idx
}

// isKeyRef reports whether e, evaluated on a scan row [key, object],
// always equals the record's key: the key column itself, or the field of
// the single primary-key column (the executor stores primary-key columns
// in the object too, so both agree), also read through a record view.
func isKeyRef(e plan.Expr, t *catalog.Table) bool {
	e = norm(e)
	if isCol(e, 0) {
		return true
	}
	f, ok := e.(*plan.Field)
	if !ok || t == nil || len(t.PrimaryKey) != 1 || f.Name != t.PrimaryKey[0] {
		return false
	}
	x := norm(f.X)
	if isCol(x, 1) {
		return true
	}
	if rv, ok := x.(*plan.RecordView); ok && f.Name != "id" {
		return isCol(rv.Key, 0) && isCol(rv.Obj, 1)
	}
	return false
}

// recordIDRef reports whether e is the `id` of the scan row's record view,
// which is the record id table.@key.
func recordIDRef(e plan.Expr, t *catalog.Table) bool {
	f, ok := norm(e).(*plan.Field)
	if !ok || f.Name != "id" || t == nil {
		return false
	}
	rv, ok := norm(f.X).(*plan.RecordView)
	return ok && rv.Table == t.Name && isCol(rv.Key, 0) && isCol(rv.Obj, 1)
}

func isNumberKind(k value.Kind) bool {
	return k == value.KindInt || k == value.KindFloat || k == value.KindDecimal
}

// pointOK reports whether `key == x` may become a point get. The executor
// brings the value to the key's type and finds no row when no key can
// equal it. Constants are held to value equality: on an untyped key a
// string is refused (the key encoding makes a string and a symbol with the
// same text the same key, but `==` tells them apart), and on a typed key
// the constant must have the key's kind (numbers being one kind).
func pointOK(x plan.Expr, kt *value.Type) bool {
	c, ok := norm(x).(*plan.Const)
	if !ok {
		return true
	}
	v := c.V
	if v.IsNone() {
		return false
	}
	if kt == nil {
		switch v.Kind() {
		case value.KindInt, value.KindFloat, value.KindDecimal, value.KindSymbol, value.KindUUID,
			value.KindDatetime, value.KindTime, value.KindTimeTZ, value.KindDuration, value.KindBool, value.KindBytes:
			return true
		}
		return false
	}
	// A constant of another kind never equals a key of this type in
	// value order, while the executor would convert (a symbol to text).
	return v.Kind() == kt.Kind || (isNumberKind(v.Kind()) && isNumberKind(kt.Kind))
}

// rangeOK reports whether a bound may narrow a key range. The key encoding
// sorts like value.Compare except that strings and symbols share one run
// (the same text is the same key), so on an untyped key a constant bound
// qualifies unless it is a string or symbol (or a tuple, which may hold
// them); on a typed key it must have the key's kind (numbers being one
// kind). Parameters qualify only on typed keys: the executor converts them
// or leaves that side open, and the condition stays in the filter anyway.
func rangeOK(x plan.Expr, kt *value.Type) bool {
	c, ok := norm(x).(*plan.Const)
	if !ok {
		return kt != nil
	}
	v := c.V
	if v.IsNone() {
		return false
	}
	if kt == nil {
		switch v.Kind() {
		case value.KindInt, value.KindFloat, value.KindDecimal, value.KindBool, value.KindDatetime, value.KindTime, value.KindTimeTZ,
			value.KindDuration, value.KindUUID, value.KindBytes:
			// Kinds whose key encodings form one contiguous run in the
			// order value.Compare puts kinds in.
			return true
		}
		return false
	}
	if isNumberKind(kt.Kind) {
		return isNumberKind(v.Kind())
	}
	return v.Kind() == kt.Kind
}

// deriveSpan turns conditions of a scan's filter on the record key into a
// key span: `key == v` (v not reading the scanned row) becomes a point get
// and leaves the filter; `<`, `<=`, `>`, `>=` bound a key range and stay
// in the filter, so the range only has to be no narrower than the
// condition. With SQL semantics a comparison with NULL is never true and
// with ZQL `none` is never a key, so neither ever becomes a span.
func (o *optimizer) deriveSpan(s *plan.Scan) {
	if s.Filter == nil {
		return
	}
	cs := conjuncts(s.Filter)
	for _, c := range cs {
		if k, ok := norm(c).(*plan.Const); ok && (k.V.IsNone() || (k.V.Kind() == value.KindBool && !k.V.AsBool())) {
			// WHERE false (drivers ask `WHERE 1 = 0` for a row
			// description): no row can pass, so read none.
			s.Limit = &plan.Const{V: value.Int(0)}
			return
		}
	}
	if s.Table.CatalogKey != "" {
		o.deriveCatalogKey(s, cs)
		return
	}
	if s.Span != nil {
		return
	}
	kt := keyType(s.Table)
	type bound struct {
		x    plan.Expr
		incl bool
	}
	var lo, hi *bound
	for i, c := range cs {
		b, ok := norm(c).(*plan.Binary)
		if !ok {
			continue
		}
		op, k, x := b.Op, b.L, b.R
		switch op {
		case plan.OpEq, plan.OpLt, plan.OpLe, plan.OpGt, plan.OpGe:
		default:
			continue
		}
		if !isKeyRef(k, s.Table) && !recordIDRef(k, s.Table) {
			k, x = b.R, b.L
			op, _ = op.Swapped()
		}
		if op == plan.OpEq && recordIDRef(k, s.Table) {
			// p.id == persons.@k: a point get of k.
			kc, ok := norm(x).(*plan.Const)
			if !ok || kc.V.Kind() != value.KindRecordID {
				continue
			}
			rid := kc.V.AsRecordID()
			if rid.Table != s.Table.Name || !pointOK(&plan.Const{V: rid.Key}, kt) {
				continue
			}
			s.Span = &plan.KeySpan{Point: &plan.Const{At: kc.At, V: rid.Key}}
			s.Filter = and(append(cs[:i:i], cs[i+1:]...))
			return
		}
		if !isKeyRef(k, s.Table) || !o.invariant(x) && (op != plan.OpEq || !o.initPlan(x)) {
			continue
		}
		switch op {
		case plan.OpEq:
			if !pointOK(x, kt) {
				continue
			}
			s.Span = &plan.KeySpan{Point: x}
			s.Filter = and(append(cs[:i:i], cs[i+1:]...))
			return
		case plan.OpGt, plan.OpGe:
			if lo == nil && rangeOK(x, kt) {
				lo = &bound{x, op == plan.OpGe}
			}
		case plan.OpLt, plan.OpLe:
			if hi == nil && rangeOK(x, kt) {
				hi = &bound{x, op == plan.OpLe}
			}
		}
	}
	if lo == nil && hi == nil {
		return
	}
	sp := &plan.KeySpan{}
	if lo != nil {
		sp.Lo, sp.LoInclusive = lo.x, lo.incl
	}
	if hi != nil {
		sp.Hi, sp.HiInclusive = hi.x, hi.incl
	}
	s.Span = sp
}

// deriveCatalogKey sets s.CatalogKey from a condition of conditions cs
// of a virtual catalog relation's scan s: its key column equal to a
// value that does not read the scanned row (pg_attribute.attrelid =
// 16384). The condition stays in the filter.
func (o *optimizer) deriveCatalogKey(s *plan.Scan, cs []plan.Expr) {
	for _, c := range cs {
		b, ok := norm(c).(*plan.Binary)
		if !ok || b.Op != plan.OpEq {
			continue
		}
		for _, sides := range [2][2]plan.Expr{{b.L, b.R}, {b.R, b.L}} {
			path, asText, ok := indexPath(sides[0])
			if ok && !asText && len(path) == 1 && path[0] == s.Table.CatalogKey && o.stableInvariant(sides[1]) {
				s.CatalogKey = sides[1]
				return
			}
		}
	}
}
