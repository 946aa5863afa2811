package exec

import (
	"fmt"
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

// BenchmarkIndexAnd reads the documents of one k and one cat value
// (20000 documents as bench/sql makes them: ten per k, one of those of
// each cat) through docs_k, checking cat by a filter on the records or by
// intersecting with docs_cat: SELECT id FROM docs WHERE k = $1 AND cat = $2.
func BenchmarkIndexAnd(b *testing.B) {
	f := newFixture(b)
	t := f.table(&catalog.Table{Name: "docs", Schemafull: true, CreatedBy: "sql", PrimaryKey: []string{"id"},
		Fields: []catalog.Field{{Name: "id", Type: value.TypeInt8}, {Name: "k", Type: value.TypeInt8}, {Name: "cat", Type: value.TypeInt8},
			{Name: "text", Type: value.TypeText}}})
	const n = 20000
	for lo := 0; lo < n; lo += 1000 {
		var rs [][]plan.Expr
		for i := lo; i < lo+1000; i++ {
			rs = append(rs, row(obj("id", ki(int64(i)), "k", ki(int64(i/10)), "cat", ki(int64(i%20)),
				"text", ks(fmt.Sprintf("document number %d of the benchmark", i)))))
		}
		f.mustQuery(&plan.Insert{Table: t, Input: values(rs...), Obj: col(0)})
	}
	for _, ix := range []string{"k", "cat"} {
		f.mustQuery(&plan.CreateIndex{Table: "docs", Index: catalog.Index{Name: "docs_" + ix, Kind: catalog.IndexBTree,
			Parts: []catalog.IndexPart{{Path: []string{ix}}}}})
	}
	t = f.tableNamed("docs")
	ik, icat := &t.Indexes[0], &t.Indexes[1]
	if ik.Name != "docs_k" {
		ik, icat = icat, ik
	}
	params := func(i int) []value.Value {
		d := i * 7919 % n
		return []value.Value{value.Int(int64(d / 10)), value.Int(int64(d % 20))}
	}
	span := func(p int) []plan.IndexSpan { return []plan.IndexSpan{{Eq: []plan.Expr{param(p)}}} }
	b.Run("filter", func(b *testing.B) {
		q := project(&plan.IndexScan{Table: t, Index: ik, Spans: span(1), KeyOrder: true, SQLNulls: true,
			Filter: sbin(plan.OpEq, fld(col(1), "cat"), param(2))}, fld(col(1), "id"))
		runBench(b, f, q, params, 1)
	})
	b.Run("intersect", func(b *testing.B) {
		q := project(&plan.IndexScan{Table: t, Index: ik, Spans: span(1), KeyOrder: true, SQLNulls: true,
			Intersect: &plan.IndexIntersect{Index: icat, Spans: span(2)}}, fld(col(1), "id"))
		runBench(b, f, q, params, 1)
	})
}
