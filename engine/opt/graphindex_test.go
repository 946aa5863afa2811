package opt

import (
	"testing"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// folks is a typed vertex table of 100000 rows; follows an edge table of
// 10 million edges (a hundred per vertex) with an index on its since
// field; likes an edge table without statistics.
var (
	folks = &catalog.Table{ID: 30, Name: "folks", Schemafull: true, CreatedBy: "zql",
		Fields: []catalog.Field{
			{Name: "age", Type: value.TypeInt8, Optional: true},
			{Name: "city", Type: value.TypeText, Optional: true},
		},
		Indexes: []catalog.Index{
			{ID: 31, Name: "folks_age", Kind: catalog.IndexBTree, Parts: []catalog.IndexPart{part("age")}, Options: stats("100000", "80")},
			{ID: 32, Name: "folks_city", Kind: catalog.IndexBTree, Parts: []catalog.IndexPart{part("city")}, Options: stats("100000", "5000")},
		}}
	follows = &catalog.Table{ID: 33, Name: "follows", CreatedBy: "zql", Edge: &catalog.EdgeSpec{},
		Indexes: []catalog.Index{
			{ID: 34, Name: "follows_since", Kind: catalog.IndexBTree, Parts: []catalog.IndexPart{part("since")}, Options: stats("10000000", "100")},
		}}
	likes = &catalog.Table{ID: 35, Name: "likes", CreatedBy: "zql", Edge: &catalog.EdgeSpec{}}
)

func graphIndexCases() map[string]plan.Node {
	elem := func(f string) plan.Expr { return fld(col(0, "elem"), f) }
	ann := &plan.Unnest{X: k(value.RecordIDOf("folks", value.Symbol("ann")))}
	every := project(scan(folks, "f"), []string{"result"}, &plan.RecordIDCons{Table: "folks", Key: col(0, "f")})
	to := func(edge *catalog.Table, filter plan.Expr) plan.GraphStep {
		return plan.GraphStep{Edge: edge.Name, EdgeTable: edge, Min: 1, Max: 1, Tables: []string{"folks"}, VertexTable: folks, VertexFilter: filter}
	}
	return map[string]plan.Node{
		// folks -> follows -> folks[.age > 60]: a hundred thousand starts,
		// ten million candidates; the index's keys are read once and the
		// typed column makes the span exact (no record read).
		"graph_index_vertices": &plan.Traverse{Input: every,
			Steps: []plan.GraphStep{to(follows, zq(plan.OpGt, elem("age"), ki(60)))}},
		// folks -> follows -> folks[.age > 60] |> limit 5: the walk stops
		// after a few candidates, fewer than the index's keys.
		"graph_index_under_limit": &plan.Limit{Count: ki(5), Input: &plan.Traverse{Input: every,
			Steps: []plan.GraphStep{to(follows, zq(plan.OpGt, elem("age"), ki(60)))}}},
		// folks.@ann -> follows -> folks[.city == "Oslo" and .age < 40]:
		// from one vertex a hundred candidates, but the city holds twenty
		// folks; the age is checked on those the index keeps.
		"graph_index_residual": &plan.Traverse{Input: ann,
			Steps: []plan.GraphStep{to(follows, zq(plan.OpAnd, zq(plan.OpEq, elem("city"), ks("Oslo")), zq(plan.OpLt, elem("age"), ki(40))))}},
		// folks.@ann -> likes -> folks[.age > 60]: without statistics of
		// likes, ten candidates are cheaper to read than the index.
		"graph_index_few_candidates": &plan.Traverse{Input: ann,
			Steps: []plan.GraphStep{to(likes, zq(plan.OpGt, elem("age"), ki(60)))}},
		// folks -> follows[.since == 2020] -> * -> follows{1..2} -> folks[.age == 30]:
		// an edge filter (rechecked: since is not typed) and a quantified step.
		"graph_index_edges_and_bfs": &plan.Traverse{Input: every,
			Steps: []plan.GraphStep{
				{Edge: "follows", EdgeTable: follows, Min: 1, Max: 1, EdgeFilter: zq(plan.OpEq, elem("since"), ki(2020))},
				{Dir: plan.GraphBoth, Edge: "follows", EdgeTable: follows, Min: 1, Max: 2, Quantified: true,
					Tables: []string{"folks"}, VertexTable: folks, VertexFilter: zq(plan.OpEq, elem("age"), ki(30))},
			}},
		// folks[.age > 60] -> likes -> *: the start is a filtered scan and
		// takes its index like any other.
		"graph_index_start": &plan.Traverse{
			Input: project(&plan.Filter{Input: scan(folks, "f"), Cond: zq(plan.OpGt, obj(0, "f", "age"), ki(90))},
				[]string{"result"}, &plan.RecordIDCons{Table: "folks", Key: col(0, "f")}),
			Steps: []plan.GraphStep{{Edge: "likes", EdgeTable: likes, Min: 1, Max: 1}}},
	}
}

func TestGraphIndexGolden(t *testing.T) {
	for name, n := range graphIndexCases() {
		t.Run(name, func(t *testing.T) { checkGolden(t, name, n) })
	}
}
