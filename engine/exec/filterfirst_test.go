package exec

import (
	"testing"

	"github.com/zerodb/zerodb/engine/opt"
	"github.com/zerodb/zerodb/engine/plan"
)

// A pruned scan whose filter reads some of its fields decodes those
// first and the others only for the records that pass; its rows must be
// those of the same query over whole decoded records.
func TestFilterFirst(t *testing.T) {
	f := newFixture(t)
	tab := benchTable(t, f, 50)
	gt := func(field string, n int64) plan.Expr { return sbin(plan.OpGt, fld(col(1), field), ki(n)) }
	for _, tc := range []struct {
		name  string
		cond  plan.Expr
		exprs []plan.Expr
		split bool
	}{
		{"other fields", gt("abalance", 30), []plan.Expr{fld(col(1), "bid"), fld(col(1), "filler")}, true},
		{"the key too", gt("abalance", 30), []plan.Expr{col(0), fld(col(1), "bid")}, true},
		{"a field also projected", gt("abalance", 10), []plan.Expr{fld(col(1), "abalance"), fld(col(1), "bid")}, true},
		{"two filter fields", &plan.Binary{Op: plan.OpAnd, SQL: true, L: gt("abalance", 10), R: gt("bid", 3)},
			[]plan.Expr{fld(col(1), "filler")}, true},
		{"only filter fields", gt("abalance", 30), []plan.Expr{fld(col(1), "abalance")}, false},
		{"filter on the key", sbin(plan.OpGt, col(0), ki(30)), []plan.Expr{fld(col(1), "bid")}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			slow := project(&plan.Filter{Input: scanOf(tab), Cond: tc.cond}, tc.exprs...)
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
			r := &run{}
			in, err := r.build(scan)
			if err != nil {
				t.Fatal(err)
			}
			rs, ok := in.(*rangeScan)
			if !ok || (rs.split != nil) != tc.split {
				t.Fatalf("split = %v, want %v:\n%s", ok && rs.split != nil, tc.split, plan.Explain(q))
			}
			got, want := f.mustQuery(q), f.mustQuery(slow)
			if len(want) == 0 || render(got) != render(want) {
				t.Fatalf("got\n%s\nwant\n%s", render(got), render(want))
			}
		})
	}
}
