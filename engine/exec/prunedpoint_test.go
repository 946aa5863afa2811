package exec

import (
	"testing"

	"github.com/zerodb/zerodb/engine/opt"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// A projection of the key and fields over a point read decodes only those
// fields (a pruned scan, opt's column pruning); its rows must be those of
// the same query through a scan and the whole decoded record: same
// values, same integer widths, none for absent fields and no row for an
// absent key.
func TestPrunedPointRead(t *testing.T) {
	f := newFixture(t)
	tab := benchTable(t, f, 20)
	byKey := sbin(plan.OpEq, fld(col(1), "aid"), param(1))
	for _, tc := range []struct {
		name   string
		exprs  []plan.Expr
		pruned bool
	}{
		{"one field", []plan.Expr{fld(col(1), "abalance")}, true},
		{"key and fields", []plan.Expr{col(0), fld(col(1), "filler"), fld(col(1), "bid"), fld(col(1), "aid")}, true},
		{"absent field", []plan.Expr{fld(col(1), "nosuch"), col(0)}, true},
		{"whole record", []plan.Expr{col(1)}, false},
		{"expression", []plan.Expr{sbin(plan.OpAdd, fld(col(1), "abalance"), ki(1))}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := opt.Optimize(project(&plan.Filter{Input: scanOf(tab), Cond: byKey}, tc.exprs...))
			p, ok := q.(*plan.Project)
			if !ok {
				t.Fatalf("not a projection:\n%s", plan.Explain(q))
			}
			r := &run{}
			in, err := r.build(p.Input)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := in.(*pointScan); !ok {
				t.Fatalf("not a point read:\n%s", plan.Explain(q))
			}
			if got := in.(*pointScan).n.Fields != nil; got != tc.pruned {
				t.Fatalf("pruned = %v, want %v:\n%s", got, tc.pruned, plan.Explain(q))
			}
			// The same rows through a range scan of the whole table.
			slow := project(&plan.Filter{Input: &plan.Scan{Table: tab, Span: &plan.KeySpan{}}, Cond: byKey}, tc.exprs...)
			for _, k := range []int64{1, 7, 20, 21, 0} {
				got := f.mustQuery(q, value.IntW(k, value.I32))
				want := f.mustQuery(slow, value.IntW(k, value.I32))
				if render(got) != render(want) {
					t.Fatalf("key %d: got\n%s\nwant\n%s", k, render(got), render(want))
				}
				for i := range got {
					for j := range got[i] {
						if got[i][j].Kind() != want[i][j].Kind() || got[i][j].Kind() == value.KindInt && got[i][j].Width() != want[i][j].Width() {
							t.Fatalf("key %d: column %d is %v, want %v", k, j, got[i][j], want[i][j])
						}
					}
				}
			}
		})
	}
}
