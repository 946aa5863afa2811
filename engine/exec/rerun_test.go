package exec

import (
	"testing"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/opt"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/kv"
)

// Rerun on the closed rows of a point read reopens them; its answers are
// Run's for every parameter, including misses and rows the pushed filter
// drops; so are index scans', with and without an intersection. Other
// shapes and rows still open get a new Run.
func TestRerun(t *testing.T) {
	f := newFixture(t)
	// plain is the descriptor before the indexes: plans over it scan.
	plain := benchTable(t, f, 50)
	for _, ix := range []string{"bid", "abalance"} {
		f.mustQuery(&plan.CreateIndex{Table: "accounts", Index: catalog.Index{Name: "accounts_" + ix, Kind: catalog.IndexBTree,
			Parts: []catalog.IndexPart{{Path: []string{ix}}}}})
	}
	tab := f.tableNamed("accounts")
	bid, abal := &tab.Indexes[0], &tab.Indexes[1]
	if bid.Name != "accounts_bid" {
		bid, abal = abal, bid
	}
	eq := []plan.IndexSpan{{Eq: []plan.Expr{param(1)}}}
	byKey := sbin(plan.OpEq, fld(col(1), "aid"), param(1))
	for _, tc := range []struct {
		name   string
		q      plan.Node
		reused bool
	}{
		{"point read", opt.Optimize(project(&plan.Filter{Input: scanOf(tab), Cond: byKey}, fld(col(1), "abalance"))), true},
		{"point read with a filter", opt.Optimize(project(&plan.Filter{Input: scanOf(tab),
			Cond: sbin(plan.OpAnd, byKey, sbin(plan.OpGt, fld(col(1), "abalance"), ki(20)))}, col(0), fld(col(1), "bid"))), true},
		{"index scan", project(&plan.IndexScan{Table: tab, Index: bid, Spans: eq, SQLNulls: true}, fld(col(1), "aid")), true},
		{"index scan reading only the key", project(&plan.IndexScan{Table: tab, Index: bid, Spans: eq, SQLNulls: true, KeyOrder: true}, col(0)), true},
		{"index intersection", project(&plan.IndexScan{Table: tab, Index: abal, Spans: eq, SQLNulls: true, KeyOrder: true,
			Intersect: &plan.IndexIntersect{Index: bid, Spans: eq}}, fld(col(1), "aid")), true},
		{"scan", opt.Optimize(project(&plan.Filter{Input: scanOf(plain), Cond: sbin(plan.OpEq, fld(col(1), "abalance"), param(1))}, col(0))), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var prev Rows
			for _, k := range []int64{1, 7, 30, 0, 50, 51, 7} {
				txn, err := f.store.Begin(f.ctx, kv.TxnOptions{ReadOnly: true})
				if err != nil {
					t.Fatal(err)
				}
				want, err := collect(f.ctx, f.x, f.env(txn, value.Int(k)), tc.q)
				if err != nil {
					t.Fatal(err)
				}
				rows, err := f.x.Rerun(f.ctx, f.env(txn, value.Int(k)), tc.q, prev)
				if err != nil {
					t.Fatal(err)
				}
				if prev != nil && (rows == prev) != tc.reused {
					t.Fatalf("key %d: reused = %v, want %v", k, rows == prev, tc.reused)
				}
				var got [][]value.Value
				for rows.Next() {
					got = append(got, append([]value.Value(nil), rows.Row()...))
				}
				if err := rows.Err(); err != nil {
					t.Fatal(err)
				}
				if render(got) != render(want) {
					t.Fatalf("key %d: got\n%s\nwant\n%s", k, render(got), render(want))
				}
				// Open rows are not reused.
				again, err := f.x.Rerun(f.ctx, f.env(txn, value.Int(k)), tc.q, rows)
				if err != nil {
					t.Fatal(err)
				}
				if again == rows && !tc.reused {
					t.Fatalf("key %d: rows of another shape reused", k)
				}
				again.Close()
				rows.Close()
				prev = rows
				txn.Rollback()
			}
			// A different plan never takes them.
			other := opt.Optimize(project(&plan.Filter{Input: scanOf(tab), Cond: byKey}, fld(col(1), "bid")))
			txn, err := f.store.Begin(f.ctx, kv.TxnOptions{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer txn.Rollback()
			rows, err := f.x.Rerun(f.ctx, f.env(txn, value.Int(3)), other, prev)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			if rows == prev {
				t.Fatal("rows of another plan reused")
			}
		})
	}
}
