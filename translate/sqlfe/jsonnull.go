package sqlfe

import (
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// jsonbDistinct turns the comparison cmp (OpNe for IS DISTINCT FROM, OpEq
// for IS NOT DISTINCT FROM) of two jsonb operands into sql::jsonb_distinct,
// which tells jsonb's null from SQL NULL.
func jsonbDistinct(cmp texpr, op plan.Op, p int) texpr {
	b := cmp.e.(*plan.Binary)
	var e plan.Expr = &plan.Call{At: at(p), Fn: "sql::jsonb_distinct", Args: []plan.Expr{b.L, b.R}, SQL: true}
	if op == plan.OpEq {
		e = &plan.Unary{At: at(p), Op: plan.OpNot, X: e, SQL: true}
	}
	return texpr{e: e, t: value.TypeBool}
}

// sqlOrdered makes a comparison or sort operand compare in SQL's order
// rather than ZQL's total order where the two differ: jsonb's order
// (sql::jsonb_sort_key; ZQL ranks the kinds differently, a string above
// a number) and an enum's declaration order (enumOrdered; ZQL orders
// symbols by name).
func sqlOrdered(e plan.Expr, t value.Type, p int) plan.Expr {
	if t.IsEnum() {
		return enumOrdered(e, t, p)
	}
	if !t.IsJSONB() {
		return e
	}
	return &plan.Call{At: at(p), Fn: "sql::jsonb_sort_key", Args: []plan.Expr{e}, SQL: true}
}
