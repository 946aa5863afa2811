package exec

import (
	"testing"

	"github.com/zerodb/zerodb/engine/opt"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// A pruned scan's filter of integer comparisons runs without the
// expression walk; its rows must be those of the ordinary evaluation,
// also where a compared field is none or not an integer.
func TestIntFilter(t *testing.T) {
	f := newFixture(t)
	tab := benchTable(t, f, 50)
	f.mustInsert(tab, k(value.IntW(1000, value.I32)), obj("aid", k(value.IntW(1000, value.I32)))) // bid, abalance none
	cmp := func(op plan.Op, l, r plan.Expr) plan.Expr { return &plan.Binary{Op: op, SQL: true, L: l, R: r} }
	and := func(l, r plan.Expr) plan.Expr { return &plan.Binary{Op: plan.OpAnd, SQL: true, L: l, R: r} }
	bal, bid := fld(col(1), "abalance"), fld(col(1), "bid")
	for _, tc := range []struct {
		name   string
		cond   plan.Expr
		params []value.Value
		on     bool
	}{
		{"less", cmp(plan.OpLt, bal, ki(30)), nil, true},
		{"constant first", cmp(plan.OpGt, ki(30), bal), nil, true},
		{"not equal", cmp(plan.OpNe, bid, ki(3)), nil, true},
		{"and with a parameter", and(cmp(plan.OpGe, bal, param(1)), cmp(plan.OpEq, bid, ki(3))), []value.Value{value.Int(12)}, true},
		{"range", and(cmp(plan.OpGt, bal, ki(10)), cmp(plan.OpLe, bal, ki(40))), nil, true},
		{"float constant", cmp(plan.OpLt, bal, k(value.Float(30.5))), nil, false},
		{"none parameter", cmp(plan.OpLt, bal, param(1)), []value.Value{value.None}, false},
		{"or", &plan.Binary{Op: plan.OpOr, SQL: true, L: cmp(plan.OpLt, bal, ki(3)), R: cmp(plan.OpEq, bid, ki(3))}, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			slow := project(&plan.Filter{Input: scanOf(tab), Cond: tc.cond}, col(0), bid)
			q := opt.Optimize(slow)
			var scan *plan.Scan
			for n := plan.Node(q); scan == nil; {
				switch x := n.(type) {
				case *plan.Project:
					n = x.Input
				case *plan.Filter:
					n = x.Input
				case *plan.Scan:
					scan = x
				default:
					t.Fatalf("unexpected plan:\n%s", plan.Explain(q))
				}
			}
			r := &run{env: &Env{Params: tc.params}}
			in, err := r.build(scan)
			if err != nil {
				t.Fatal(err)
			}
			rs := in.(*rangeScan)
			if on := rs.ints != nil && rs.ints.open(r); on != tc.on {
				t.Fatalf("int filter on = %v, want %v:\n%s", on, tc.on, plan.Explain(q))
			}
			got, want := f.mustQuery(q, tc.params...), f.mustQuery(slow, tc.params...)
			if render(got) != render(want) {
				t.Fatalf("got\n%s\nwant\n%s", render(got), render(want))
			}
		})
	}
}
