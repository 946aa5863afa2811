package exec

import (
	"testing"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// An index scan intersected with an equality on another index (probed
// per candidate) yields exactly the records matching both, as a filter
// over the table does; a none equality matches nothing under SQL nulls.
func TestIndexIntersectProbe(t *testing.T) {
	f := newFixture(t)
	benchTable(t, f, 300)
	for _, ix := range []string{"abalance", "bid"} {
		f.mustQuery(&plan.CreateIndex{Table: "accounts", Index: catalog.Index{Name: "accounts_" + ix, Kind: catalog.IndexBTree,
			Parts: []catalog.IndexPart{{Path: []string{ix}}}}})
	}
	tab := f.tableNamed("accounts")
	abal, bid := &tab.Indexes[0], &tab.Indexes[1]
	if abal.Name != "accounts_abalance" {
		abal, bid = bid, abal
	}
	for _, tc := range []struct{ a, b value.Value }{
		{value.Int(7), value.Int(7)}, {value.Int(7), value.Int(3)}, {value.Int(250), value.Int(0)},
		{value.Int(5000), value.Int(0)}, {value.Int(7), value.None},
	} {
		q := project(&plan.IndexScan{Table: tab, Index: abal, SQLNulls: true, Spans: []plan.IndexSpan{{Eq: []plan.Expr{param(1)}}},
			Intersect: &plan.IndexIntersect{Index: bid, Spans: []plan.IndexSpan{{Eq: []plan.Expr{param(2)}}}}}, fld(col(1), "aid"))
		slow := project(&plan.Filter{Input: scanOf(tab), Cond: sbin(plan.OpAnd,
			sbin(plan.OpEq, fld(col(1), "abalance"), param(1)), sbin(plan.OpEq, fld(col(1), "bid"), param(2)))}, fld(col(1), "aid"))
		got, want := f.mustQuery(q, tc.a, tc.b), f.mustQuery(slow, tc.a, tc.b)
		if render(got) != render(want) {
			t.Errorf("abalance %v, bid %v: got\n%s\nwant\n%s", tc.a, tc.b, render(got), render(want))
		}
		if tc.a.AsInt() == 7 && tc.b.Kind() == value.KindInt && tc.b.AsInt() == 7 && len(got) == 0 {
			t.Errorf("abalance 7, bid 7: no rows")
		}
	}
}
