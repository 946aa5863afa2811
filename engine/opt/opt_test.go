package opt

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// Tables of the golden plans: users is a SQL table keyed by an int
// column, people and cities are schemaless ZQL tables.
var (
	users = &catalog.Table{ID: 1, Name: "users", Schemafull: true, CreatedBy: "sql", PrimaryKey: []string{"id"},
		Fields: []catalog.Field{
			{Name: "id", Type: value.TypeInt8},
			{Name: "name", Type: value.TypeText, Optional: true},
			{Name: "age", Type: value.TypeInt4, Optional: true},
			{Name: "city", Type: value.TypeText, Optional: true},
		}}
	orders = &catalog.Table{ID: 2, Name: "orders", Schemafull: true, CreatedBy: "sql", PrimaryKey: []string{"id"},
		Fields: []catalog.Field{
			{Name: "id", Type: value.TypeInt8},
			{Name: "user_id", Type: value.TypeInt8},
			{Name: "total", Type: value.TypeNumeric},
		}}
	people = &catalog.Table{ID: 3, Name: "people", CreatedBy: "zql"}
	cities = &catalog.Table{ID: 4, Name: "cities", CreatedBy: "zql"}
)

func k(v value.Value) *plan.Const { return &plan.Const{V: v} }
func ki(i int64) *plan.Const      { return k(value.Int(i)) }
func ks(s string) *plan.Const     { return k(value.String(s)) }
func col(i int, name string) *plan.ColRef {
	return &plan.ColRef{Idx: i, Name: name}
}
func fld(x plan.Expr, n string) *plan.Field { return &plan.Field{X: x, Name: n} }
func sq(op plan.Op, l, r plan.Expr) *plan.Binary {
	return &plan.Binary{Op: op, L: l, R: r, SQL: true}
}
func zq(op plan.Op, l, r plan.Expr) *plan.Binary { return &plan.Binary{Op: op, L: l, R: r} }
func param(n int) *plan.Param                    { return &plan.Param{N: n} }
func scan(t *catalog.Table, alias string) *plan.Scan {
	return &plan.Scan{Table: t, Alias: alias}
}
func project(in plan.Node, names []string, es ...plan.Expr) *plan.Project {
	cols := make([]plan.Column, len(es))
	for i := range cols {
		cols[i] = plan.Column{Name: names[i], Type: value.Any}
	}
	return &plan.Project{Input: in, Exprs: es, Cols: cols}
}

// u(field) reads a field of the users row at column offset off.
func obj(off int, alias, field string) plan.Expr { return fld(col(off+1, alias), field) }

func goldenCases() map[string]plan.Node {
	uid := obj(0, "u", "id")
	cases := map[string]plan.Node{
		// SELECT name FROM users u WHERE u.id = $1
		"point_get": project(&plan.Filter{Input: scan(users, "u"), Cond: sq(plan.OpEq, uid, param(1))},
			[]string{"name"}, obj(0, "u", "name")),
		// SELECT * FROM users u WHERE u.id > 5 AND u.id <= $1 AND u.name = 'x'
		"key_range": &plan.Filter{Input: scan(users, "u"), Cond: sq(plan.OpAnd,
			sq(plan.OpAnd, sq(plan.OpGt, uid, ki(5)), sq(plan.OpLe, uid, param(1))),
			sq(plan.OpEq, obj(0, "u", "name"), ks("x")))},
		// [p in people, p.key >= 10, p.age > 3]: the untyped key with a number.
		"zql_key_range": &plan.Filter{Input: scan(people, "p"), Cond: zq(plan.OpAnd,
			zq(plan.OpGe, col(0, "key"), ki(10)), zq(plan.OpGt, obj(0, "p", "age"), ki(3)))},
		// SELECT u.name, o.total FROM users u JOIN orders o ON o.user_id = u.id
		//   WHERE u.age > 18 AND o.total > 100
		"filter_through_join": &plan.Filter{
			Input: &plan.Join{Kind: plan.InnerJoin, Left: scan(users, "u"), Right: scan(orders, "o"),
				On: sq(plan.OpEq, obj(2, "o", "user_id"), uid)},
			Cond: sq(plan.OpAnd, sq(plan.OpGt, obj(0, "u", "age"), ki(18)), sq(plan.OpGt, obj(2, "o", "total"), ki(100))),
		},
		// SELECT * FROM users u ORDER BY u.age DESC LIMIT 10 OFFSET 5
		"top_k": &plan.Limit{Count: ki(10), Offset: ki(5), Input: &plan.Sort{Input: scan(users, "u"),
			Keys: []plan.SortKey{{X: obj(0, "u", "age"), Desc: true, NullsFirst: true}}}},
		// SELECT * FROM users u ORDER BY u.id DESC LIMIT $1
		"sort_on_key": &plan.Limit{Count: param(1), Input: &plan.Sort{Input: scan(users, "u"),
			Keys: []plan.SortKey{{X: uid, Desc: true, NullsFirst: true}}}},
		// SELECT * FROM people p, cities c WHERE p.city = c.name (cross join + where)
		"hash_join": &plan.Filter{
			Input: &plan.Join{Kind: plan.CrossJoin, Left: scan(people, "p"), Right: scan(cities, "c")},
			Cond:  sq(plan.OpEq, obj(0, "p", "city"), obj(2, "c", "name")),
		},
		// SELECT o.total FROM users u JOIN orders o ON o.id = u.id WHERE u.id = $1:
		// the left side is one row, so the right side becomes point gets.
		"index_join": project(&plan.Filter{
			Input: &plan.Join{Kind: plan.InnerJoin, Left: scan(users, "u"), Right: scan(orders, "o"),
				On: sq(plan.OpEq, obj(2, "o", "id"), uid)},
			Cond: sq(plan.OpEq, uid, param(1)),
		}, []string{"total"}, obj(2, "o", "total")),
		// [ {p, c} : p in people, c in cities, p.city == c.key ] translated
		// with lateral generators: the right side does not use p, so it
		// runs once and the join hashes.
		"zql_lateral_generators": &plan.Filter{
			Input: &plan.Join{Kind: plan.InnerJoin, Lateral: true, Left: scan(people, "p"), Right: scan(cities, "c")},
			Cond:  zq(plan.OpEq, obj(0, "p", "city"), col(2, "key")),
		},
		// persons.@ann -> knows -> * |> filter .age > 30 |> limit 5: the
		// condition moves into the traversal's last step, the limit stays
		// above it (the executor's traversal streams, so it stops early).
		"zql_traverse_filter": &plan.Limit{Count: ki(5), Input: &plan.Filter{
			Input: &plan.Traverse{
				Input: &plan.Unnest{X: k(value.RecordIDOf("people", value.Symbol("ann")))},
				Steps: []plan.GraphStep{{Edge: "knows", Min: 1, Max: 1}},
			},
			Cond: zq(plan.OpGt, fld(col(0, "elem"), "age"), ki(30)),
		}},
		// A correlated generator keyed by the outer row stays lateral and
		// the filter becomes a point get per left row.
		"zql_correlated_point": &plan.Join{Kind: plan.InnerJoin, Lateral: true, Left: scan(people, "p"),
			Right: &plan.Filter{Input: scan(cities, "c"), Cond: zq(plan.OpEq, col(0, "key"), &plan.ColRef{Idx: 1, Depth: 1, Name: "p"})}},
		// Filter below a projection and a subquery optimized in place:
		// SELECT * FROM (SELECT u.id AS id, u.age + 1 AS a FROM users u) s
		//   WHERE s.a > 30 AND EXISTS (SELECT 1 FROM orders o WHERE o.id = s.id)
		"below_project_and_subquery": &plan.Filter{
			Input: project(scan(users, "u"), []string{"id", "a"}, uid, sq(plan.OpAdd, obj(0, "u", "age"), ki(1))),
			Cond: sq(plan.OpAnd, sq(plan.OpGt, col(1, "a"), ki(30)), &plan.Subquery{Mode: plan.SubExists,
				Node: &plan.Filter{Input: scan(orders, "o"), Cond: sq(plan.OpEq, obj(0, "o", "id"), &plan.ColRef{Idx: 0, Depth: 1, Name: "s.id"})}}),
		},
		// LEFT JOIN: a WHERE condition on the right side stays above the
		// join; an ON condition on the right side filters the right input.
		"left_join": &plan.Filter{
			Input: &plan.Join{Kind: plan.LeftJoin, Left: scan(users, "u"), Right: scan(orders, "o"),
				On: sq(plan.OpAnd, sq(plan.OpEq, obj(2, "o", "user_id"), uid), sq(plan.OpGt, obj(2, "o", "total"), ki(5)))},
			Cond: sq(plan.OpAnd, sq(plan.OpEq, obj(0, "u", "city"), ks("Rome")), &plan.Unary{Op: plan.OpIsNull, X: obj(2, "o", "id")}),
		},
		// Group-key conditions of HAVING move below the aggregate.
		"having_on_group_key": &plan.Filter{
			Input: &plan.Aggregate{Input: scan(users, "u"), GroupBy: []plan.Expr{obj(0, "u", "city")},
				Aggs: []plan.Agg{{Func: plan.AggCountStar, SQL: true}},
				Cols: []plan.Column{{Name: "city"}, {Name: "count"}}},
			Cond: sq(plan.OpAnd, sq(plan.OpEq, col(0, "city"), ks("Rome")), sq(plan.OpGt, col(1, "count"), ki(1))),
		},
	}
	return cases
}

func TestGolden(t *testing.T) { runGolden(t, goldenCases()) }

// runGolden runs checkGolden for each case.
func runGolden(t *testing.T, cases map[string]plan.Node) {
	for name, n := range cases {
		t.Run(name, func(t *testing.T) { checkGolden(t, name, n) })
	}
}

// checkGolden compares the plan of n before and after optimization with
// testdata/name.golden.
func checkGolden(t *testing.T, name string, n plan.Node) {
	t.Helper()
	before := plan.Explain(n)
	got := "-- plan\n" + before + "-- optimized\n" + plan.Explain(Optimize(n))
	if after := plan.Explain(n); after != before {
		t.Fatalf("Optimize modified its input:\n%s\nbecame\n%s", before, after)
	}
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("plan differs from %s:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestSpanRules(t *testing.T) {
	key := col(0, "key")
	pk := obj(0, "u", "id")
	cases := []struct {
		name string
		t    *catalog.Table
		cond plan.Expr
		want string // "" = no span
	}{
		{"sql point on field", users, sq(plan.OpEq, pk, ki(1)), "point"},
		{"swapped", users, sq(plan.OpEq, param(2), pk), "point"},
		{"null is never a key", users, sq(plan.OpEq, pk, k(value.None)), ""},
		{"other kind on typed key", users, zq(plan.OpEq, pk, ks("1")), ""},
		{"float on int key", users, zq(plan.OpEq, pk, k(value.Float(1))), "point"},
		{"row-dependent", users, sq(plan.OpEq, pk, obj(0, "u", "age")), ""},
		{"not the key", users, sq(plan.OpEq, obj(0, "u", "age"), ki(1)), ""},
		{"range", users, sq(plan.OpLt, pk, ki(1)), "range"},
		{"range param", users, sq(plan.OpGe, pk, param(1)), "range"},
		{"string on untyped", people, zq(plan.OpEq, key, ks("a")), ""},
		{"symbol on untyped", people, zq(plan.OpEq, key, k(value.Symbol("a"))), "point"},
		{"string range on untyped", people, zq(plan.OpGt, key, k(value.Symbol("a"))), ""},
		{"number range on untyped", people, zq(plan.OpGt, key, ki(3)), "range"},
		{"param range on untyped", people, zq(plan.OpGt, key, param(1)), ""},
		{"record id", people, zq(plan.OpEq, fld(&plan.RecordView{Table: "people", Key: col(0, "k"), Obj: col(1, "o")}, "id"),
			k(value.RecordIDOf("people", value.Symbol("ann")))), "point"},
		{"record id of another table", people, zq(plan.OpEq, fld(&plan.RecordView{Table: "people", Key: col(0, "k"), Obj: col(1, "o")}, "id"),
			k(value.RecordIDOf("cities", value.Symbol("ann")))), ""},
	}
	for _, c := range cases {
		out := Optimize(&plan.Filter{Input: scan(c.t, "u"), Cond: c.cond})
		s, ok := out.(*plan.Scan)
		if !ok {
			t.Errorf("%s: not a scan:\n%s", c.name, plan.Explain(out))
			continue
		}
		got := ""
		if s.Span != nil {
			got = "range"
			if s.Span.Point != nil {
				got = "point"
				if s.Filter != nil {
					t.Errorf("%s: point get kept its condition", c.name)
				}
			} else if s.Filter == nil {
				t.Errorf("%s: range dropped its condition", c.name)
			}
		}
		if got != c.want {
			t.Errorf("%s: span %q, want %q\n%s", c.name, got, c.want, plan.Explain(out))
		}
	}
}

func TestAnalyze(t *testing.T) {
	correlated := &plan.Filter{Input: scan(orders, "o"), Cond: sq(plan.OpEq, obj(0, "o", "id"), &plan.ColRef{Depth: 1})}
	if d := Analyze(correlated); !d.Outer || d.Writes {
		t.Errorf("correlated: %+v", d)
	}
	// A subquery reading its own row at depth 1 is not outer to the whole.
	inner := &plan.Filter{Input: scan(users, "u"), Cond: &plan.Subquery{Node: correlated}}
	if d := Analyze(inner); d.Outer {
		t.Errorf("nested: %+v", d)
	}
	blk := &plan.Eval{X: &plan.Block{NumSlots: 1, Stmts: []plan.Expr{&plan.Let{Slot: 0, X: ki(1)}},
		Result: &plan.Call{Fn: "f", Args: []plan.Expr{&plan.Local{Slot: 0}}}}}
	if d := Analyze(blk); d.Locals || len(d.Calls) != 1 {
		t.Errorf("block: %+v", d)
	}
	if d := Analyze(&plan.Eval{X: &plan.Local{Slot: 0}}); !d.Locals {
		t.Errorf("free local: %+v", d)
	}
	if d := Analyze(&plan.Insert{Table: users, Input: &plan.Values{}, Obj: ki(1)}); !d.Writes {
		t.Errorf("insert: %+v", d)
	}
}

func TestFoldAndOptions(t *testing.T) {
	// A pure call on constants folds; an impure one neither folds nor moves.
	opts := Options{
		Pure: func(name string) bool { return name == "lower" },
		Fold: func(e plan.Expr) (value.Value, bool) {
			if c, ok := e.(*plan.Call); ok && c.Fn == "lower" {
				return value.String(strings.ToLower(c.Args[0].(*plan.Const).V.AsString())), true
			}
			return value.None, false
		},
	}
	n := &plan.Filter{
		Input: &plan.Join{Kind: plan.CrossJoin, Left: scan(users, "u"), Right: scan(orders, "o")},
		Cond: sq(plan.OpAnd,
			sq(plan.OpLt, &plan.Call{Fn: "random", SQL: true}, k(value.Float(0.5))),
			sq(plan.OpEq, obj(0, "u", "name"), &plan.Call{Fn: "lower", Args: []plan.Expr{ks("ANN")}, SQL: true}))}
	got := plan.Explain(OptimizeWith(n, opts))
	want := `Filter
  cond: (random() < 0.5)
  ->  Nested Loop Cross Join
        ->  Scan users u
              filter: (u.name = "ann")
        ->  Scan orders o
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestFalseFilterReadsNothing(t *testing.T) {
	n := &plan.Filter{Input: scan(users, "u"), Cond: sq(plan.OpAnd, sq(plan.OpGt, obj(0, "u", "age"), ki(1)), k(value.Bool(false)))}
	s, ok := Optimize(n).(*plan.Scan)
	if !ok || !constAtMost(s.Limit, 0) {
		t.Errorf("WHERE ... AND false still scans:\n%s", plan.Explain(Optimize(n)))
	}
}
