package opt

import (
	"strings"
	"testing"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// everyExpr builds one expression of every kind, each reading column x.
func everyExpr() plan.Expr {
	x := func() plan.Expr { return &plan.ColRef{Idx: 0, Name: "x"} }
	sub := &plan.Subquery{Mode: plan.SubScalar, Node: &plan.Filter{Input: &plan.Values{Rows: [][]plan.Expr{{x()}}},
		Cond: &plan.Binary{Op: plan.OpEq, L: &plan.ColRef{Idx: 0, Name: "v"}, R: &plan.ColRef{Idx: 0, Depth: 1, Name: "x"}}}}
	return &plan.ListCons{Elems: []plan.Expr{
		&plan.Field{X: x(), Name: "f"}, &plan.Index{X: x(), I: x()},
		&plan.Binary{Op: plan.OpAdd, L: x(), R: ki(1)}, &plan.Unary{Op: plan.OpNeg, X: x()},
		&plan.Call{Fn: "f", Args: []plan.Expr{x()}}, &plan.Apply{Fn: &plan.Local{Name: "g"}, Args: []plan.Expr{x()}},
		&plan.Closure{Params: []string{"a"}, NumSlots: 1, Body: x()},
		&plan.Block{NumSlots: 1, Stmts: []plan.Expr{&plan.Let{Slot: 0, X: x()}}, Result: x()},
		&plan.SetSessionVar{Name: "v", X: x()}, &plan.SessionVar{Name: "v"}, &plan.Param{N: 1},
		&plan.ObjectCons{Spread: x(), Names: []string{"a"}, Vals: []plan.Expr{x()}},
		&plan.TupleCons{Elems: []plan.Expr{x()}}, &plan.RangeCons{Lo: x(), Hi: x()},
		&plan.RecordIDCons{Table: "t", Key: x()}, &plan.RecordView{Table: "t", Key: x(), Obj: x()},
		&plan.If{Cond: x(), Then: x(), Else: x()}, &plan.Cast{X: x(), To: value.TypeText},
		sub,
		&plan.Match{X: x(), NumSlots: 1, Arms: []plan.MatchArm{{Pattern: plan.PatWildcard{}, Guard: x(), Body: x()}}},
		plan.Binary{Op: plan.OpSub, L: plan.ColRef{Name: "x"}, R: plan.Const{V: value.Int(1)}},
	}}
}

func TestWalkersCoverEveryExpression(t *testing.T) {
	e := everyExpr()
	before := plan.ExplainExpr(e)
	if n := strings.Count(before, "x"); n < 25 {
		t.Fatalf("only %d references in %s", n, before)
	}
	// Identity rebuild keeps the rendering.
	var rb func(plan.Expr) plan.Expr
	rb = func(x plan.Expr) plan.Expr { return plan.RebuildExpr(x, rb, func(n plan.Node) plan.Node { return n }) }
	if got := plan.ExplainExpr(plan.RebuildExpr(e, rb, func(n plan.Node) plan.Node { return n })); got != before {
		t.Errorf("rebuild changed the expression:\n%s\n%s", got, before)
	}
	// Shifting every reference one level out marks each of them, and the
	// subquery's own reference to its row is left alone.
	shifted := plan.ExplainExpr(shiftOuter(e, 0, 1))
	if got, want := strings.Count(shifted, "outer.x"), strings.Count(before, "x")-strings.Count(before, "outer.x"); got != want {
		t.Errorf("%d of %d references shifted:\n%s", got, want, shifted)
	}
	if plan.ExplainExpr(e) != before {
		t.Error("shiftOuter modified its input")
	}
	if cols, outer := colUse(e); len(cols) < 25 || outer {
		t.Errorf("colUse: %d columns, outer=%v", len(cols), outer)
	}
	d := AnalyzeExpr(e)
	if !d.Applies || !d.SetsVars || !d.Vars || len(d.Calls) != 1 || !d.Locals || d.Outer {
		t.Errorf("deps %+v", d)
	}
	if !containsSubquery(e) || constant(e) {
		t.Error("containsSubquery/constant")
	}
	// The same through a node tree.
	n := &plan.Filter{Cond: e, Input: &plan.Project{Exprs: []plan.Expr{e}, Input: &plan.Sort{
		Keys: []plan.SortKey{{X: e}}, Limit: &plan.ColRef{Depth: 1, Name: "lim"},
		Input: &plan.Aggregate{GroupBy: []plan.Expr{e}, Aggs: []plan.Agg{{Func: plan.AggSum, Arg: e}},
			Input: &plan.Join{Left: &plan.Unnest{X: e}, Right: &plan.Eval{X: e}, Lateral: true, On: e,
				LeftKeys: []plan.Expr{e}, RightKeys: []plan.Expr{e}}}}}}
	if !nodeUsesLevel(n, 1) {
		t.Error("the sort limit reads the outer row")
	}
	m := mapNode(n, 0, colFunc(func(c *plan.ColRef, rel, nest int) plan.Expr { return nil }))
	if plan.Explain(m) != plan.Explain(n) {
		t.Error("mapNode with no change changed the plan")
	}
	if d := Analyze(n); !d.Outer {
		t.Errorf("node deps %+v", d)
	}
	_ = OptimizeStatement(&plan.Statement{Root: n}, Options{})
}
