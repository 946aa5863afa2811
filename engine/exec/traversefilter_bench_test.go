package exec

import (
	"testing"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/opt"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// BenchmarkTraverseStepFilter walks two hops from 20 of 5000 vertices
// (10 out-edges each, about 2000 paths) to the vertices whose age is
// above 95 (4%): "record" checks each candidate's record, "index" the
// semi-join against an index on age the optimizer chooses.
func BenchmarkTraverseStepFilter(b *testing.B) {
	f := newFixture(b)
	f.table(&catalog.Table{Name: "v", Schemafull: true, CreatedBy: "zql",
		Fields: []catalog.Field{{Name: "age", Type: value.TypeInt8}}})
	f.table(&catalog.Table{Name: "e", CreatedBy: "zql", Edge: &catalog.EdgeSpec{}})
	const nv, deg = 5000, 10
	var rows [][]plan.Expr
	for i := int64(0); i < nv; i++ {
		rows = append(rows, row(ki(i), obj("age", ki(i*37%100))))
	}
	f.mustQuery(&plan.Insert{Table: f.tableNamed("v"), Input: values(rows...), Key: col(0), Obj: col(1)})
	rows = rows[:0]
	for i := int64(0); i < nv*deg; i++ {
		from, to := i/deg, (i*7919+13)%nv
		rows = append(rows, row(ki(i), k(objOf("in", value.RecordIDOf("v", value.Int(from)), "out", value.RecordIDOf("v", value.Int(to))))))
	}
	f.mustQuery(&plan.Insert{Table: f.tableNamed("e"), Input: values(rows...), Key: col(0), Obj: col(1)})
	f.mustQuery(&plan.CreateIndex{Table: "v", Index: catalog.Index{Name: "v_age", Kind: catalog.IndexBTree,
		Parts: []catalog.IndexPart{{Path: []string{"age"}}}}})
	vt, et := f.tableNamed("v"), f.tableNamed("e")
	var starts []value.Value
	for i := int64(0); i < 20; i++ {
		starts = append(starts, value.RecordIDOf("v", value.Int(i*250)))
	}
	tr := &plan.Traverse{Input: &plan.Unnest{X: k(value.List(starts))}, Steps: []plan.GraphStep{
		{Edge: "e", EdgeTable: et, Min: 1, Max: 1},
		{Edge: "e", EdgeTable: et, Min: 1, Max: 1, Tables: []string{"v"}, VertexTable: vt,
			VertexFilter: zbin(plan.OpGt, fld(col(0), "age"), ki(95))},
	}}
	indexed := opt.Optimize(tr)
	if indexed.(*plan.Traverse).Steps[1].VertexIndex == nil {
		b.Fatalf("no semi-join:\n%s", plan.Explain(indexed))
	}
	want := len(f.mustQuery(tr))
	none := func(int) []value.Value { return nil }
	b.Run("record", func(b *testing.B) { runBench(b, f, tr, none, want) })
	b.Run("index", func(b *testing.B) { runBench(b, f, indexed, none, want) })
}

func objOf(pairs ...any) value.Value {
	o := value.NewObject(len(pairs) / 2)
	for i := 0; i < len(pairs); i += 2 {
		o.Set(pairs[i].(string), pairs[i+1].(value.Value))
	}
	return value.ObjectOf(o)
}
