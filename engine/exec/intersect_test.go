package exec

import (
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/kv"
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

// TestIndexIntersectMatchesFilter checks that an intersecting index scan
// yields exactly the records a filter over the table admits, whatever
// the first index's spans (equalities in and out of record key order,
// ranges, reversed, in key order or not) and the second's (equalities
// probed per candidate, several of them, or a range collected), with the
// reading transaction's own uncommitted writes in both indexes.
func TestIndexIntersectMatchesFilter(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		f := newFixture(t)
		f.table(&catalog.Table{Name: "t", CreatedBy: "zql"})
		for _, p := range []string{"a", "b"} {
			f.mustQuery(&plan.CreateIndex{Table: "t", Index: catalog.Index{Name: "t_" + p, Kind: catalog.IndexBTree,
				Parts: []catalog.IndexPart{{Path: []string{p}}}}})
		}
		tb := f.tableNamed("t")
		small := rapid.Int64Range(0, 3)
		rec := func(rt *rapid.T) plan.Expr {
			return obj("a", ki(small.Draw(rt, "a")), "b", ki(small.Draw(rt, "b")))
		}
		var rows [][]plan.Expr
		for i := range rapid.IntRange(0, 40).Draw(rt, "records") {
			rows = append(rows, row(ki(int64(i*7%41)), rec(rt)))
		}
		if len(rows) > 0 {
			f.mustQuery(&plan.Insert{Table: tb, Input: values(rows...), Key: col(0), Obj: col(1), Mode: plan.InsertReplace})
		}
		txn, err := f.store.Begin(f.ctx, kv.TxnOptions{})
		if err != nil {
			rt.Fatal(err)
		}
		defer txn.Rollback()
		for range rapid.IntRange(0, 5).Draw(rt, "own writes") {
			w := row(ki(rapid.Int64Range(0, 45).Draw(rt, "key")), rec(rt))
			if _, err := collect(f.ctx, f.x, f.env(txn), &plan.Insert{Table: tb, Input: values(w), Key: col(0), Obj: col(1), Mode: plan.InsertReplace}); err != nil {
				rt.Fatal(err)
			}
		}
		spans := func(rt *rapid.T, name string, ranges bool) ([]plan.IndexSpan, plan.Expr) {
			field := fld(col(1), name)
			if ranges && rapid.Bool().Draw(rt, name+" range") {
				lo, hi := small.Draw(rt, name+" lo"), small.Draw(rt, name+" hi")
				return []plan.IndexSpan{{Lo: ki(lo), LoInclusive: true, Hi: ki(hi), HiInclusive: true}},
					sbin(plan.OpAnd, sbin(plan.OpGe, field, ki(lo)), sbin(plan.OpLe, field, ki(hi)))
			}
			var out []plan.IndexSpan
			var cond plan.Expr
			for range rapid.IntRange(1, 3).Draw(rt, name+" alternatives") {
				v := ki(small.Draw(rt, name))
				out = append(out, plan.IndexSpan{Eq: []plan.Expr{v}})
				if c := sbin(plan.OpEq, field, v); cond == nil {
					cond = c
				} else {
					cond = sbin(plan.OpOr, cond, c)
				}
			}
			return out, cond
		}
		aSpans, aCond := spans(rt, "a", true)
		bSpans, bCond := spans(rt, "b", true)
		q := &plan.IndexScan{Table: tb, Index: &tb.Indexes[0], Spans: aSpans, Reverse: rapid.Bool().Draw(rt, "reverse"),
			KeyOrder: rapid.Bool().Draw(rt, "key order"), Intersect: &plan.IndexIntersect{Index: &tb.Indexes[1], Spans: bSpans}}
		got, err := collect(f.ctx, f.x, f.env(txn), q)
		if err != nil {
			rt.Fatal(err)
		}
		want, err := collect(f.ctx, f.x, f.env(txn), &plan.Filter{Input: scanOf(tb), Cond: sbin(plan.OpAnd, aCond, bCond)})
		if err != nil {
			rt.Fatal(err)
		}
		keysOf := func(rows [][]value.Value) []string {
			var out []string
			for _, r := range rows {
				out = append(out, r[0].String())
			}
			return out
		}
		g, w := keysOf(got), keysOf(want)
		if q.KeyOrder {
			if q.Reverse {
				slices.Reverse(w)
			}
		} else {
			slices.Sort(g)
			slices.Sort(w)
		}
		if !slices.Equal(g, w) {
			rt.Fatalf("got %v, want %v\n%s", g, w, plan.Explain(q))
		}
	})
}
