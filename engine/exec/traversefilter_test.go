package exec

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/opt"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// TestTraverseIndexedMatchesUnindexed checks that a traversal whose step
// filters the optimizer turned into index semi-joins (plan.StepIndex)
// yields exactly what the plan checking every candidate's record yields:
// random graphs over a typed vertex table (exact spans), a schemaless one
// with values of mixed kinds (spans rechecked) and an edge table with a
// field, random paths of plain and quantified steps in every direction,
// with random filters on vertices and edges.
func TestTraverseIndexedMatchesUnindexed(t *testing.T) {
	used := 0
	rapid.Check(t, func(rt *rapid.T) {
		f := newFixture(t)
		f.table(&catalog.Table{Name: "v", Schemafull: true, CreatedBy: "zql",
			Fields: []catalog.Field{{Name: "a", Type: value.TypeInt8, Optional: true}, {Name: "b", Type: value.TypeInt8, Optional: true}}})
		f.table(&catalog.Table{Name: "w", CreatedBy: "zql"})
		f.table(&catalog.Table{Name: "e", CreatedBy: "zql", Edge: &catalog.EdgeSpec{}})
		small := rapid.Int64Range(-3, 3)
		mixed := rapid.OneOf(
			rapid.Map(small, value.Int),
			rapid.Map(rapid.SampledFrom([]string{"", "x", "y"}), value.String),
			rapid.Map(rapid.SampledFrom([]float64{-1.5, 0.5, 2}), value.Float),
			rapid.Just(value.Bool(true)),
		)
		maybe := func(rt *rapid.T, o *value.Object, name string, g *rapid.Generator[value.Value]) {
			if rapid.IntRange(0, 4).Draw(rt, "has "+name) > 0 {
				o.Set(name, g.Draw(rt, name))
			}
		}
		nv, nw := rapid.IntRange(1, 8).Draw(rt, "nv"), rapid.IntRange(0, 5).Draw(rt, "nw")
		var ids []value.Value
		for i := 0; i < nv; i++ {
			o := value.NewObject(2)
			maybe(rt, o, "a", rapid.Map(small, value.Int))
			maybe(rt, o, "b", rapid.Map(small, value.Int))
			f.mustInsert(f.tableNamed("v"), ki(int64(i)), k(value.ObjectOf(o)))
			ids = append(ids, value.RecordIDOf("v", value.Int(int64(i))))
		}
		for i := 0; i < nw; i++ {
			o := value.NewObject(1)
			maybe(rt, o, "a", mixed)
			f.mustInsert(f.tableNamed("w"), ki(int64(i)), k(value.ObjectOf(o)))
			ids = append(ids, value.RecordIDOf("w", value.Int(int64(i))))
		}
		vertex := rapid.SampledFrom(ids)
		ne := rapid.IntRange(0, 3*len(ids)).Draw(rt, "ne")
		for i := 0; i < ne; i++ {
			o := value.NewObject(3)
			o.Set("in", vertex.Draw(rt, "in"))
			o.Set("out", vertex.Draw(rt, "out"))
			maybe(rt, o, "s", mixed)
			f.mustInsert(f.tableNamed("e"), ki(int64(i)), k(value.ObjectOf(o)))
		}
		for _, ix := range [][2]string{{"v", "a"}, {"w", "a"}, {"e", "s"}} {
			f.mustQuery(&plan.CreateIndex{Table: ix[0], Index: catalog.Index{Name: ix[0] + "_" + ix[1], Kind: catalog.IndexBTree,
				Parts: []catalog.IndexPart{{Path: []string{ix[1]}}}}})
		}
		vt, wt, et := f.tableNamed("v"), f.tableNamed("w"), f.tableNamed("e")
		if rapid.Bool().Draw(rt, "dense") {
			// Statistics of a dense graph (a thousand edges per vertex):
			// every filter an index covers pays as a semi-join.
			et.Indexes[0].Options = map[string]string{catalog.IndexStatRows: "1000000", catalog.IndexStatDistinct: "1000"}
		}

		ops := []plan.Op{plan.OpEq, plan.OpLt, plan.OpLe, plan.OpGt, plan.OpGe}
		cmp := func(rt *rapid.T, field string, g *rapid.Generator[value.Value]) plan.Expr {
			op := rapid.SampledFrom(ops).Draw(rt, "op")
			return zbin(op, fld(col(0), field), k(g.Draw(rt, "bound")))
		}
		bound := rapid.OneOf(rapid.Map(small, value.Int), mixed)
		starts := rapid.SliceOfN(vertex, 1, 4).Draw(rt, "starts")
		tr := &plan.Traverse{Input: &plan.Unnest{X: k(value.List(starts)), Col: plan.Column{Name: "start", Type: value.Any}}}
		steps := rapid.IntRange(1, 2).Draw(rt, "steps")
		for i := 0; i < steps; i++ {
			s := plan.GraphStep{Dir: plan.GraphDir(rapid.IntRange(0, 2).Draw(rt, "dir")), Edge: "e", EdgeTable: et, Min: 1, Max: 1}
			if rapid.IntRange(0, 3).Draw(rt, "quantified") == 0 {
				s.Quantified, s.Min, s.Max = true, rapid.IntRange(0, 1).Draw(rt, "min"), 2
			}
			if rapid.Bool().Draw(rt, "edge filter") {
				s.EdgeFilter = cmp(rt, "s", bound)
			}
			if i == steps-1 && !s.Quantified && rapid.IntRange(0, 3).Draw(rt, "edges") == 0 {
				tr.Edges = true
				tr.Steps = append(tr.Steps, s)
				break
			}
			switch rapid.IntRange(0, 2).Draw(rt, "vertex table") {
			case 0:
				s.Tables, s.VertexTable = []string{"v"}, vt
				if rapid.IntRange(0, 3).Draw(rt, "vertex filter") > 0 {
					s.VertexFilter = cmp(rt, "a", bound)
					if rapid.Bool().Draw(rt, "second condition") {
						s.VertexFilter = zbin(plan.OpAnd, s.VertexFilter, cmp(rt, rapid.SampledFrom([]string{"a", "b"}).Draw(rt, "field"), bound))
					}
				}
			case 1:
				s.Tables, s.VertexTable = []string{"w"}, wt
				if rapid.IntRange(0, 3).Draw(rt, "vertex filter") > 0 {
					s.VertexFilter = cmp(rt, "a", bound)
				}
			}
			tr.Steps = append(tr.Steps, s)
		}
		optimized := opt.Optimize(tr)
		if hasStepIndex(optimized) {
			used++
		}
		want, werr := f.query(tr)
		got, gerr := f.query(optimized)
		if (werr == nil) != (gerr == nil) || (werr != nil && werr.Error() != gerr.Error()) {
			rt.Fatalf("errors differ: %v / %v\n%s", werr, gerr, plan.Explain(optimized))
		}
		if render(got) != render(want) {
			rt.Fatalf("indexed:\n%s\nunindexed:\n%s\nplan:\n%s", render(got), render(want), plan.Explain(optimized))
		}
	})
	if used == 0 {
		t.Error("no traversal took an index semi-join")
	}
}

func hasStepIndex(n plan.Node) bool {
	tr, ok := n.(*plan.Traverse)
	if !ok {
		return false
	}
	for _, s := range tr.Steps {
		if s.EdgeIndex != nil || s.VertexIndex != nil {
			return true
		}
	}
	return false
}
