package exec

import (
	"testing"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

func TestSetOps(t *testing.T) {
	f := newFixture(t)
	null := k(value.None)
	// Left 1, 1, 2, NULL, NULL; right 1, 3, NULL.
	l := values(row(ki(1)), row(ki(1)), row(ki(2)), row(null), row(null))
	r := values(row(ki(1)), row(ki(3)), row(null))
	cases := []struct {
		op   plan.SetOpKind
		all  bool
		want string
	}{
		{plan.Union, false, "1\n2\n3\nnull\n"},
		{plan.Union, true, "1\n1\n1\n2\n3\nnull\nnull\nnull\n"},
		{plan.Intersect, false, "1\nnull\n"},
		{plan.Intersect, true, "1\nnull\n"},
		{plan.Except, false, "2\n"},
		{plan.Except, true, "1\n2\nnull\n"},
	}
	for _, c := range cases {
		n := &plan.SetOp{Op: c.op, All: c.all, Left: l, Right: r, Cols: l.Columns()}
		if got := sortLines(render(f.mustQuery(n))); got != c.want {
			t.Errorf("op %d all %v:\n%s\nwant:\n%s", c.op, c.all, got, c.want)
		}
	}
}

func TestRecursiveUnion(t *testing.T) {
	f := newFixture(t)
	cols := []plan.Column{{Name: "n"}}
	for _, all := range []bool{true, false} {
		// WITH RECURSIVE r(n) AS (SELECT 1 UNION [ALL] SELECT n % 3 + 1 FROM r WHERE n < 5)
		// cycles 1, 2, 3, 1, ... without ALL it stops after the first repeat.
		w := &plan.WorkTable{Name: "r", Cols: cols}
		step := project(&plan.Filter{Input: w, Cond: sbin(plan.OpLt, col(0), ki(5))},
			sbin(plan.OpAdd, sbin(plan.OpMod, col(0), ki(3)), ki(1)))
		ru := &plan.RecursiveUnion{Init: values(row(ki(1))), Step: step, All: all, Work: w, Cols: cols}
		var n plan.Node = ru
		if all {
			n = &plan.Limit{Input: ru, Count: ki(7)}
		}
		want := "1\n2\n3\n"
		if all {
			want = "1\n2\n3\n1\n2\n3\n1\n"
		}
		if got := render(f.mustQuery(n)); got != want {
			t.Errorf("all %v:\n%s\nwant:\n%s", all, got, want)
		}
	}
	// Two runs of one node (a self-join of a recursive query) keep their
	// own working tables.
	w := &plan.WorkTable{Name: "c", Cols: cols}
	step := project(&plan.Filter{Input: w, Cond: sbin(plan.OpLt, col(0), ki(3))}, sbin(plan.OpAdd, col(0), ki(1)))
	ru := &plan.RecursiveUnion{Init: values(row(ki(1))), Step: step, All: true, Work: w, Cols: cols}
	j := &plan.Join{Kind: plan.InnerJoin, Lateral: true, Left: ru, Right: &plan.Filter{Input: ru, Cond: sbin(plan.OpLe, col(0), outerCol(0))}}
	if got := render(f.mustQuery(j)); got != "1 | 1\n2 | 1\n2 | 2\n3 | 1\n3 | 2\n3 | 3\n" {
		t.Errorf("self join:\n%s", got)
	}
}

func TestDistinctOn(t *testing.T) {
	f := newFixture(t)
	in := values(row(ki(1), ks("a")), row(ki(1), ks("b")), row(ki(2), ks("c")), row(k(value.None), ks("d")), row(k(value.None), ks("e")))
	n := &plan.DistinctOn{Input: in, Keys: []plan.Expr{col(0)}}
	wantRows(t, f.mustQuery(n), `
1 | "a"
2 | "c"
null | "d"
`)
}
