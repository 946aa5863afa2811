package exec

import (
	"testing"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/opt"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// BenchmarkIndexEqual reads the 10 accounts of one bid value through an
// index on bid (20000 accounts, 2000 distinct bids).
func BenchmarkIndexEqual(b *testing.B) {
	f := newFixture(b)
	benchTable(b, f, 20000)
	// bid is i%10 in benchTable: index abalance (i%1000, 20 rows each).
	f.mustQuery(&plan.CreateIndex{Table: "accounts", Index: catalog.Index{Name: "accounts_abalance", Kind: catalog.IndexBTree,
		Parts: []catalog.IndexPart{{Path: []string{"abalance"}}}}})
	t := f.tableNamed("accounts")
	q := opt.Optimize(project(&plan.Filter{Input: scanOf(t), Cond: sbin(plan.OpEq, fld(col(1), "abalance"), param(1))}, fld(col(1), "aid")))
	if _, ok := q.(*plan.Project).Input.(*plan.IndexScan); !ok {
		b.Fatalf("not an index scan:\n%s", plan.Explain(q))
	}
	runBench(b, f, q, func(i int) []value.Value { return []value.Value{value.Int(int64(i % 1000))} }, 20)
}
