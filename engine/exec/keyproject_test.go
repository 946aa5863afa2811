package exec

import (
	"testing"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/opt"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// An index scan under a projection of only the primary key skips the
// records; its rows must be those of the same query reading them: same
// keys, same integer width, same order.
func TestKeyOnlyProject(t *testing.T) {
	f := newFixture(t)
	tab := benchTable(t, f, 300)
	f.mustQuery(&plan.CreateIndex{Table: "accounts", Index: catalog.Index{Name: "accounts_abalance", Kind: catalog.IndexBTree,
		Parts: []catalog.IndexPart{{Path: []string{"abalance"}}}}})
	tab = f.tableNamed("accounts")
	cond := sbin(plan.OpEq, fld(col(1), "abalance"), param(1))
	for _, tc := range []struct {
		name    string
		exprs   []plan.Expr
		skipped bool
	}{
		{"pk field", []plan.Expr{fld(col(1), "aid")}, true},
		{"key column and pk", []plan.Expr{col(0), fld(col(1), "aid"), sbin(plan.OpAdd, fld(col(1), "aid"), ki(1))}, true},
		{"other field", []plan.Expr{fld(col(1), "aid"), fld(col(1), "bid")}, false},
		{"whole record", []plan.Expr{col(1)}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := opt.Optimize(project(&plan.Filter{Input: scanOf(tab), Cond: cond}, tc.exprs...))
			if _, ok := q.(*plan.Project).Input.(*plan.IndexScan); !ok {
				t.Fatalf("not an index scan:\n%s", plan.Explain(q))
			}
			r := &run{}
			in := &indexScan{r: r, n: q.(*plan.Project).Input.(*plan.IndexScan), kt: keyType(tab)}
			keyOnlyProject(q.(*plan.Project), in)
			if in.keyRecord != tc.skipped {
				t.Fatalf("keyRecord = %v, want %v", in.keyRecord, tc.skipped)
			}
			slow := project(&plan.Filter{Input: scanOf(tab), Cond: cond}, tc.exprs...)
			for _, b := range []int64{0, 7, 299, 5000} {
				got := f.mustQuery(q, value.Int(b))
				want := f.mustQuery(slow, value.Int(b))
				if render(got) != render(want) {
					t.Fatalf("abalance %d: got\n%s\nwant\n%s", b, render(got), render(want))
				}
				for i := range got {
					for j := range got[i] {
						if got[i][j].Kind() == value.KindInt && got[i][j].Width() != want[i][j].Width() {
							t.Fatalf("abalance %d: column %d has width %v, want %v", b, j, got[i][j].Width(), want[i][j].Width())
						}
					}
				}
			}
		})
	}
}
