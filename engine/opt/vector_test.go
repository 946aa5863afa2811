package opt

import (
	"strings"
	"testing"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

func TestVectorSort(t *testing.T) {
	vecType := value.Type{Kind: value.KindVector, Dims: 3}
	hnsw := func(name, metric string) catalog.Index {
		return catalog.Index{ID: 9, Name: name, Kind: catalog.IndexHNSW, Parts: []catalog.IndexPart{{Path: []string{"v"}}},
			Options: map[string]string{"metric": metric}}
	}
	items := &catalog.Table{ID: 7, Name: "items", Schemafull: true, PrimaryKey: []string{"id"},
		Fields:  []catalog.Field{{Name: "id", Type: value.TypeInt4}, {Name: "v", Type: vecType, Optional: true}},
		Indexes: []catalog.Index{hnsw("items_v", "l2"), hnsw("items_cos", "cosine")}}
	plain := &catalog.Table{ID: 8, Name: "plain", Schemafull: true, PrimaryKey: []string{"id"},
		Fields: []catalog.Field{{Name: "id", Type: value.TypeInt4}, {Name: "v", Type: vecType, Optional: true}}}
	v := fld(col(1, "items"), "v")
	dist := func(fn string, args ...plan.Expr) *plan.Call { return &plan.Call{Fn: fn, Args: args, SQL: true} }
	topk := func(in plan.Node, key plan.Expr, desc bool) plan.Node {
		return &plan.Limit{Input: &plan.Sort{Input: in, Keys: []plan.SortKey{{X: key, Desc: desc}}}, Count: ki(5)}
	}
	for _, c := range []struct {
		name  string
		in    plan.Node
		index string // "" = no index scan
	}{
		{"l2", topk(scan(items, "items"), dist("sql::l2_distance", v, param(1)), false), "items_v"},
		{"query first", topk(scan(items, "items"), dist("sql::l2_distance", param(1), v), false), "items_v"},
		{"cosine", topk(scan(items, "items"), dist("sql::cosine_distance", v, param(1)), false), "items_cos"},
		{"filtered", topk(&plan.Filter{Input: scan(items, "items"), Cond: sq(plan.OpEq, obj(0, "items", "id"), ki(3))},
			dist("sql::l2_distance", v, param(1)), false), ""}, // a point get is cheaper
		{"filtered by a field", topk(&plan.Filter{Input: scan(items, "items"), Cond: sq(plan.OpGt, fld(col(1, "items"), "n"), ki(3))},
			dist("sql::l2_distance", v, param(1)), false), "items_v"},
		{"zql distance", topk(scan(items, "items"), dist("distance", v, param(1), k(value.Symbol("cosine"))), false), "items_cos"},
		{"no ip index", topk(scan(items, "items"), dist("sql::vector_negative_inner_product", v, param(1)), false), ""},
		{"descending", topk(scan(items, "items"), dist("sql::l2_distance", v, param(1)), true), ""},
		{"query reads the row", topk(scan(items, "items"), dist("sql::l2_distance", v, v), false), ""},
		{"no index", topk(scan(plain, "plain"), dist("sql::l2_distance", fld(col(1, "plain"), "v"), param(1)), false), ""},
		{"not a distance", topk(scan(items, "items"), sq(plan.OpAdd, dist("sql::l2_distance", v, param(1)), ki(0)), false), ""},
		{"query a subquery", topk(scan(items, "items"), dist("sql::l2_distance", v, &plan.Subquery{Mode: plan.SubScalar,
			Node: project(&plan.Filter{Input: scan(items, "i2"), Cond: sq(plan.OpEq, obj(0, "i2", "id"), ki(1))}, []string{"v"}, fld(col(1, "i2"), "v"))}), false), "items_v"},
		{"query a correlated subquery", topk(scan(items, "items"), dist("sql::l2_distance", v, &plan.Subquery{Mode: plan.SubScalar,
			Node: project(&plan.Filter{Input: scan(items, "i2"), Cond: sq(plan.OpEq, obj(0, "i2", "id"), &plan.ColRef{Idx: 0, Depth: 1})}, []string{"v"}, fld(col(1, "i2"), "v"))}), false), ""},
		{"no limit", &plan.Sort{Input: scan(items, "items"), Keys: []plan.SortKey{{X: dist("sql::l2_distance", v, param(1))}}}, ""},
	} {
		got := plan.Explain(Optimize(c.in))
		want := "Index Scan using " + c.index + " (hnsw)"
		switch {
		case c.index != "" && !strings.Contains(got, want):
			t.Errorf("%s: no %q in\n%s", c.name, want, got)
		case c.index == "" && strings.Contains(got, "(hnsw)"):
			t.Errorf("%s: an index scan in\n%s", c.name, got)
		}
	}
}
