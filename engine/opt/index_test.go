package opt

import (
	"testing"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

func stats(rows, distinct string) map[string]string {
	return map[string]string{"stats_rows": rows, "stats_distinct": distinct}
}

func part(path ...string) catalog.IndexPart { return catalog.IndexPart{Path: path} }

// emps is a SQL table of 100000 rows with indexes of known statistics;
// persons a schemaless ZQL table with an index on a nested field.
var (
	emps = &catalog.Table{ID: 5, Name: "emps", Schemafull: true, CreatedBy: "sql", PrimaryKey: []string{"id"},
		Fields: []catalog.Field{
			{Name: "id", Type: value.TypeInt8},
			{Name: "email", Type: value.TypeText, Optional: true},
			{Name: "dept", Type: value.TypeInt4, Optional: true},
			{Name: "age", Type: value.TypeInt4, Optional: true},
			{Name: "active", Type: value.TypeBool, Optional: true},
			{Name: "doc", Type: value.TypeJSONB, Optional: true},
		},
		Indexes: []catalog.Index{
			{ID: 10, Name: "emps_dept_age_idx", Kind: catalog.IndexBTree, Parts: []catalog.IndexPart{part("dept"), part("age")}, Options: stats("100000", "5000")},
			{ID: 11, Name: "emps_age_idx", Kind: catalog.IndexBTree, Parts: []catalog.IndexPart{part("age")}, Options: stats("100000", "80")},
			{ID: 12, Name: "emps_email_key", Kind: catalog.IndexBTree, Unique: true, Parts: []catalog.IndexPart{part("email")}, Options: stats("100000", "100000")},
			{ID: 13, Name: "emps_expr_idx", Kind: catalog.IndexBTree, Parts: []catalog.IndexPart{{Path: []string{"doc", "k"}, AsText: true}}, Options: stats("100000", "50000")},
			{ID: 15, Name: "emps_city_idx", Kind: catalog.IndexBTree, Parts: []catalog.IndexPart{{Path: []string{"doc", "city"}, AsText: true}}, Options: stats("100000", "50")},
			{ID: 14, Name: "emps_active_idx", Kind: catalog.IndexBTree, Parts: []catalog.IndexPart{part("active")}, Options: stats("100000", "2")},
		}}
	// docs is the document table of bench/sql: 1M documents, ten per
	// value of body->>'k', one of 20 values of body->>'cat'.
	docs = &catalog.Table{ID: 7, Name: "docs", Schemafull: true, CreatedBy: "sql", PrimaryKey: []string{"id"},
		Fields: []catalog.Field{
			{Name: "id", Type: value.TypeInt8},
			{Name: "body", Type: value.TypeJSONB},
		},
		Indexes: []catalog.Index{
			{ID: 30, Name: "docs_k", Kind: catalog.IndexBTree, Parts: []catalog.IndexPart{{Path: []string{"body", "k"}, AsText: true}}, Options: stats("1000000", "100000")},
			{ID: 31, Name: "docs_cat", Kind: catalog.IndexBTree, Parts: []catalog.IndexPart{{Path: []string{"body", "cat"}, AsText: true}}, Options: stats("1000000", "20")},
		}}
	persons = &catalog.Table{ID: 6, Name: "persons", CreatedBy: "zql",
		Indexes: []catalog.Index{
			{ID: 20, Name: "persons_age", Kind: catalog.IndexBTree, Parts: []catalog.IndexPart{part("age")}},
			{ID: 21, Name: "persons_city", Kind: catalog.IndexBTree, Parts: []catalog.IndexPart{part("address", "city")}},
		}}
)

func indexCases() map[string]plan.Node {
	e := func(f string) plan.Expr { return obj(0, "e", f) }
	docK := &plan.Cast{X: &plan.Index{X: e("doc"), I: ks("k")}, To: value.TypeText}
	where := func(c plan.Expr) plan.Node {
		return project(&plan.Filter{Input: scan(emps, "e"), Cond: c}, []string{"id"}, e("id"))
	}
	and := func(a, b plan.Expr) plan.Expr { return sq(plan.OpAnd, a, b) }
	p := func(f string) plan.Expr { return fld(col(1, "p"), f) }
	return map[string]plan.Node{
		// SELECT id FROM emps e WHERE doc->>'k' = $1
		"index_eq_document_path": where(sq(plan.OpEq, docK, param(1))),
		// SELECT id FROM emps e WHERE age IN (30, 40)
		"index_in_list": where(sq(plan.OpOr, sq(plan.OpEq, e("age"), ki(30)), sq(plan.OpEq, e("age"), ki(40)))),
		// SELECT id FROM emps e WHERE age > 30 AND age <= $1
		"index_range": where(and(sq(plan.OpGt, e("age"), ki(30)), sq(plan.OpLe, e("age"), param(1)))),
		// SELECT id FROM emps e WHERE dept = 3 AND age >= 30 AND age < 40
		"index_composite_prefix": where(and(sq(plan.OpEq, e("dept"), ki(3)),
			and(sq(plan.OpGe, e("age"), ki(30)), sq(plan.OpLt, e("age"), ki(40))))),
		// SELECT id FROM emps e WHERE age = 30 AND doc->>'k' = 'x': the
		// document path is far more selective.
		"index_and_most_selective": where(and(sq(plan.OpEq, e("age"), ki(30)), sq(plan.OpEq, docK, ks("x")))),
		// SELECT id FROM emps e WHERE age = 30 AND doc->>'city' = 'Oslo':
		// two moderately selective indexes, intersected.
		"index_intersection": where(and(sq(plan.OpEq, e("age"), ki(30)),
			sq(plan.OpEq, &plan.Cast{X: &plan.Index{X: e("doc"), I: ks("city")}, To: value.TypeText}, ks("Oslo")))),
		// SELECT id FROM docs d WHERE body->>'k' = $1 AND body->>'cat' = $2:
		// ten candidates of k, each checked by a seek in docs_cat, are
		// cheaper than reading their ten records.
		"index_intersection_probe": project(&plan.Filter{Input: scan(docs, "d"), Cond: and(
			sq(plan.OpEq, &plan.Cast{X: &plan.Index{X: obj(0, "d", "body"), I: ks("k")}, To: value.TypeText}, param(1)),
			sq(plan.OpEq, &plan.Cast{X: &plan.Index{X: obj(0, "d", "body"), I: ks("cat")}, To: value.TypeText}, param(2)))},
			[]string{"id"}, obj(0, "d", "id")),
		// SELECT id FROM emps e WHERE email = $1 AND active
		"index_unique": where(and(sq(plan.OpEq, e("email"), param(1)), sq(plan.OpEq, e("active"), k(value.Bool(true))))),
		// SELECT id FROM emps e WHERE active = true: half the table, scanned.
		"index_not_selective": where(sq(plan.OpEq, e("active"), k(value.Bool(true)))),
		// SELECT id FROM emps e WHERE id = 7 AND age = 30: the primary key wins.
		"index_primary_key_wins": where(and(sq(plan.OpEq, e("id"), ki(7)), sq(plan.OpEq, e("age"), ki(30)))),
		// SELECT id FROM emps e ORDER BY age LIMIT 10
		"index_order_limit": &plan.Limit{Count: ki(10), Input: &plan.Sort{Input: project(scan(emps, "e"), []string{"id", "age"}, e("id"), e("age")),
			Keys: []plan.SortKey{{X: col(1, "age")}}}},
		// SELECT * FROM emps e WHERE dept = 3 ORDER BY age DESC LIMIT 5 OFFSET 10
		"index_order_desc_after_prefix": &plan.Limit{Count: ki(5), Offset: ki(10), Input: &plan.Sort{
			Input: &plan.Filter{Input: scan(emps, "e"), Cond: sq(plan.OpEq, e("dept"), ki(3))},
			Keys:  []plan.SortKey{{X: e("age"), Desc: true, NullsFirst: true}}}},
		// SELECT e.id, count(*) FROM emps e WHERE age BETWEEN 20 AND 30 GROUP BY e.id:
		// an aggregate does not need the key order.
		"index_under_aggregate": &plan.Aggregate{Input: &plan.Filter{Input: scan(emps, "e"),
			Cond: and(sq(plan.OpGe, e("age"), ki(20)), sq(plan.OpLe, e("age"), ki(30)))},
			GroupBy: []plan.Expr{e("dept")}, Aggs: []plan.Agg{{Func: plan.AggCountStar, SQL: true}},
			Cols: []plan.Column{{Name: "dept"}, {Name: "count"}}},
		// SELECT name FROM users u WHERE EXISTS (SELECT 1 FROM emps e WHERE e.email = u.name):
		// the correlated subquery looks the outer value up in the index.
		"index_in_subquery": project(&plan.Filter{Input: scan(users, "u"), Cond: &plan.Subquery{Mode: plan.SubExists,
			Node: &plan.Filter{Input: scan(emps, "e"), Cond: sq(plan.OpEq, e("email"), &plan.Field{X: &plan.ColRef{Idx: 1, Depth: 1, Name: "u"}, Name: "name"})}}},
			[]string{"name"}, obj(0, "u", "name")),
		// SELECT count(*) FROM emps e WHERE age >= 20 AND age <= 30: the
		// index entries answer alone.
		"index_count_keys_only": &plan.Aggregate{Input: &plan.Filter{Input: scan(emps, "e"),
			Cond: and(sq(plan.OpGe, e("age"), ki(20)), sq(plan.OpLe, e("age"), ki(30)))},
			Aggs: []plan.Agg{{Func: plan.AggCountStar, SQL: true}}, Cols: []plan.Column{{Name: "count"}}},
		// persons[.age > 30]
		"index_zql_range": &plan.Filter{Input: scan(persons, "p"), Cond: zq(plan.OpGt, p("age"), ki(30))},
		// persons[.address.city == "Oslo"]
		"index_zql_nested": &plan.Filter{Input: scan(persons, "p"),
			Cond: zq(plan.OpEq, fld(p("address"), "city"), ks("Oslo"))},
	}
}

func TestIndexGolden(t *testing.T) {
	for name, n := range indexCases() {
		t.Run(name, func(t *testing.T) { checkGolden(t, name, n) })
	}
}
