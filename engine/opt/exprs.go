package opt

import (
	"slices"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// norm returns the pointer form of an expression: the rules below match
// pointers.
func norm(e plan.Expr) plan.Expr { return plan.Pointer(e) }

// objectFields rewrites the reads of a field of an object constructor
// into the field's expression: a condition pushed below a Project that
// builds an object (SQL's functions in FROM, sqlfe's rangeFunction) then
// reads the value instead of building the object for every row. The
// other fields are not computed, as with the columns a pushed condition
// does not use.
func objectFields(e plan.Expr) plan.Expr {
	if e == nil {
		return nil
	}
	e = plan.RebuildExpr(e, objectFields, func(n plan.Node) plan.Node { return n })
	if f, ok := e.(*plan.Field); ok {
		if oc, ok := norm(f.X).(*plan.ObjectCons); ok && oc.Spread == nil && splittable(oc, []string{f.Name}) {
			return oc.Vals[slices.Index(oc.Names, f.Name)]
		}
	}
	return e
}

// conjuncts splits a condition at its top-level ANDs: a filter keeps a
// row when every conjunct is exactly true. SQL AND always splits; ZQL
// `and` raises 42804 on a non-boolean operand, so it only splits when both
// operands are known to yield booleans. The optimizer's own conjunctions
// (see and) split back.
func conjuncts(e plan.Expr) []plan.Expr {
	if e == nil {
		return nil
	}
	switch x := norm(e).(type) {
	case *plan.Binary:
		if x.Op == plan.OpAnd && (x.SQL || (isBoolExpr(x.L) && isBoolExpr(x.R))) {
			return append(conjuncts(x.L), conjuncts(x.R)...)
		}
	case *plan.If:
		if c := truthTest(x); c != nil {
			return []plan.Expr{c}
		}
	}
	return []plan.Expr{e}
}

// truthTest recognizes if(c, true, false), the wrapper and puts around
// a condition that may yield something other than a boolean.
func truthTest(x *plan.If) plan.Expr {
	t, ok1 := norm(x.Then).(*plan.Const)
	f, ok2 := norm(x.Else).(*plan.Const)
	if ok1 && ok2 && t.V.Kind() == value.KindBool && t.V.AsBool() && f.V.Kind() == value.KindBool && !f.V.AsBool() {
		return x.Cond
	}
	return nil
}

// isBoolExpr reports whether e always yields a boolean (ZQL operators).
func isBoolExpr(e plan.Expr) bool {
	switch e := norm(e).(type) {
	case *plan.Const:
		return e.V.Kind() == value.KindBool
	case *plan.Binary:
		switch e.Op {
		case plan.OpEq, plan.OpNe, plan.OpLt, plan.OpLe, plan.OpGt, plan.OpGe:
			return !e.SQL
		case plan.OpAnd, plan.OpOr:
			return !e.SQL
		case plan.OpContains, plan.OpIn, plan.OpMatches:
			return !e.SQL
		}
	case *plan.Unary:
		return e.Op == plan.OpIsNull || e.Op == plan.OpIsNotNull || (e.Op == plan.OpNot && !e.SQL)
	case *plan.Subquery:
		return e.Mode == plan.SubExists
	}
	return false
}

// boolOrNone reports whether e yields a boolean or none (or fails on its
// own), so that SQL AND of it never fails where a filter would not.
func boolOrNone(e plan.Expr) bool {
	switch e := norm(e).(type) {
	case *plan.Const:
		return e.V.Kind() == value.KindBool || e.V.IsNone()
	case *plan.Binary:
		switch e.Op {
		case plan.OpEq, plan.OpNe, plan.OpLt, plan.OpLe, plan.OpGt, plan.OpGe, plan.OpAnd, plan.OpOr,
			plan.OpLike, plan.OpILike, plan.OpContains, plan.OpIn, plan.OpMatches:
			return true
		}
	case *plan.Unary:
		return e.Op == plan.OpIsNull || e.Op == plan.OpIsNotNull || e.Op == plan.OpNot
	case *plan.Subquery:
		return e.Mode == plan.SubExists
	case *plan.If:
		return truthTest(e) != nil
	}
	return false
}

// and joins filter conditions back into one that is exactly true when
// every one of them is (nil for none). It uses SQL AND, which never fails
// on none; a condition that might yield neither a boolean nor none is
// wrapped as if(c, true, false) so that it cannot make the AND fail.
func and(cs []plan.Expr) plan.Expr {
	var out plan.Expr
	for _, c := range cs {
		if !boolOrNone(c) {
			c = &plan.If{At: plan.At{P: c.Pos()}, Cond: c, Then: &plan.Const{V: value.Bool(true)}, Else: &plan.Const{V: value.Bool(false)}}
		}
		if out == nil {
			out = c
			continue
		}
		out = &plan.Binary{Op: plan.OpAnd, L: out, R: c, SQL: true}
	}
	return out
}

// movable reports whether a condition may be evaluated somewhere else, or
// a different number of times, without changing results: it writes
// nothing, binds nothing, and calls no builtin known to be impure.
func (o *optimizer) movable(e plan.Expr) bool {
	d := AnalyzeExpr(e)
	if d.Writes || d.SetsVars || d.Locals && hasLet(e) {
		return false
	}
	if o.opts.Pure != nil {
		for _, c := range d.Calls {
			if !o.opts.Pure(c) {
				return false
			}
		}
	}
	return true
}

func hasLet(e plan.Expr) bool {
	found := false
	var walk func(plan.Expr)
	walk = func(e plan.Expr) {
		switch e := norm(e).(type) {
		case *plan.Let:
			found = true
		case *plan.Block:
			for _, s := range e.Stmts {
				walk(s)
			}
		}
	}
	walk(e)
	return found
}

// invariant reports whether e can be evaluated once per scan: it does not
// read the current row, only parameters, outer rows, locals and constants.
func (o *optimizer) invariant(e plan.Expr) bool {
	if e == nil {
		return false
	}
	cols, _ := colUse(e)
	if len(cols) > 0 || HasSubquery(e) {
		return false
	}
	return o.movable(e)
}

// stableInvariant is invariant for expressions whose calls are pure or
// stable (Options.Stable): it is evaluated once as a scan opens, and
// conditions calling it stay where they are.
func (o *optimizer) stableInvariant(e plan.Expr) bool {
	if e == nil {
		return false
	}
	cols, _ := colUse(e)
	if len(cols) > 0 || HasSubquery(e) {
		return false
	}
	d := AnalyzeExpr(e)
	if d.Writes || d.SetsVars || d.Locals && hasLet(e) {
		return false
	}
	for _, c := range d.Calls {
		pure := o.opts.Pure == nil || o.opts.Pure(c)
		if !pure && (o.opts.Stable == nil || !o.opts.Stable(c)) {
			return false
		}
	}
	return true
}

// initPlan reports whether e is an uncorrelated scalar subquery (what
// PostgreSQL runs once as an InitPlan): it reads nothing of the row it
// is compared with, so a scan may run it once as it opens, to get the
// key it reads (WHERE id = (SELECT ...), a job queue's UPDATE), instead
// of reading the whole table and comparing each row.
func (o *optimizer) initPlan(e plan.Expr) bool {
	if _, ok := norm(e).(*plan.Subquery); !ok {
		return false
	}
	cols, _ := colUse(e)
	return len(cols) == 0 && o.movable(e)
}

// HasSubquery reports whether e runs a subquery anywhere in it.
func HasSubquery(e plan.Expr) bool { return containsSubquery(e) }

func containsSubquery(e plan.Expr) bool {
	switch e := norm(e).(type) {
	case nil:
		return false
	case *plan.Subquery:
		return true
	case *plan.Field:
		return containsSubquery(e.X)
	case *plan.Index:
		return containsSubquery(e.X) || containsSubquery(e.I)
	case *plan.Binary:
		return containsSubquery(e.L) || containsSubquery(e.R)
	case *plan.Unary:
		return containsSubquery(e.X)
	case *plan.Call:
		return anySubquery(e.Args)
	case *plan.Apply:
		return containsSubquery(e.Fn) || anySubquery(e.Args)
	case *plan.Closure:
		return containsSubquery(e.Body)
	case *plan.Block:
		return anySubquery(e.Stmts) || containsSubquery(e.Result)
	case *plan.Let:
		return containsSubquery(e.X)
	case *plan.SetSessionVar:
		return containsSubquery(e.X)
	case *plan.ObjectCons:
		return anySubquery(e.Vals) || containsSubquery(e.Spread)
	case *plan.ListCons:
		return anySubquery(e.Elems)
	case *plan.TupleCons:
		return anySubquery(e.Elems)
	case *plan.RangeCons:
		return containsSubquery(e.Lo) || containsSubquery(e.Hi)
	case *plan.RecordIDCons:
		return containsSubquery(e.Key)
	case *plan.RecordView:
		return containsSubquery(e.Key) || containsSubquery(e.Obj)
	case *plan.If:
		return containsSubquery(e.Cond) || containsSubquery(e.Then) || containsSubquery(e.Else)
	case *plan.Cast:
		return containsSubquery(e.X)
	case *plan.Match:
		if containsSubquery(e.X) {
			return true
		}
		for _, a := range e.Arms {
			if containsSubquery(a.Guard) || containsSubquery(a.Body) {
				return true
			}
		}
	}
	return false
}

func anySubquery(es []plan.Expr) bool {
	for _, e := range es {
		if containsSubquery(e) {
			return true
		}
	}
	return false
}

// constant reports whether e involves no row, parameter, variable or local
// at all, so it can be folded at plan time.
func constant(e plan.Expr) bool {
	switch e := norm(e).(type) {
	case nil:
		return true
	case *plan.Const:
		return true
	case *plan.Binary:
		return constant(e.L) && constant(e.R)
	case *plan.Unary:
		return constant(e.X)
	case *plan.Call:
		for _, a := range e.Args {
			if !constant(a) {
				return false
			}
		}
		return true
	case *plan.If:
		return constant(e.Cond) && constant(e.Then) && constant(e.Else)
	case *plan.Cast:
		return constant(e.X)
	case *plan.ListCons:
		for _, a := range e.Elems {
			if !constant(a) {
				return false
			}
		}
		return true
	case *plan.TupleCons:
		for _, a := range e.Elems {
			if !constant(a) {
				return false
			}
		}
		return true
	case *plan.RangeCons:
		return constant(e.Lo) && constant(e.Hi)
	case *plan.RecordIDCons:
		return constant(e.Key)
	}
	return false
}
