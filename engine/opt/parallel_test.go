package opt

import (
	"testing"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// bench/sql's join tables as ANALYZE leaves them: rows customers, 10×
// orders, 30× items.
func joinTables(rows int64) (cust, ord, items *catalog.Table) {
	stats := func(n int64) *catalog.TableStats { return &catalog.TableStats{Rows: n} }
	cust = &catalog.Table{ID: 11, Name: "customers", Schemafull: true, CreatedBy: "sql", PrimaryKey: []string{"id"},
		Fields: []catalog.Field{{Name: "id", Type: value.TypeInt4}, {Name: "region", Type: value.TypeText}},
		Stats:  stats(rows)}
	ord = &catalog.Table{ID: 12, Name: "orders", Schemafull: true, CreatedBy: "sql", PrimaryKey: []string{"id"},
		Fields: []catalog.Field{{Name: "id", Type: value.TypeInt4}, {Name: "customer_id", Type: value.TypeInt4},
			{Name: "amount", Type: value.Type{Kind: value.KindDecimal, Precision: 10, Scale: 2}}, {Name: "rate", Type: value.TypeFloat8}},
		Stats: stats(10 * rows)}
	items = &catalog.Table{ID: 13, Name: "items", Schemafull: true, CreatedBy: "sql", PrimaryKey: []string{"id"},
		Fields: []catalog.Field{{Name: "id", Type: value.TypeInt4}, {Name: "order_id", Type: value.TypeInt4}, {Name: "qty", Type: value.TypeInt4}},
		Stats:  stats(30 * rows)}
	return cust, ord, items
}

// join3 is bench/sql's join, as sqlfe plans it:
//
//	SELECT c.region, count(*), sum(i.qty), <agg> FROM customers c
//	JOIN orders o ON o.customer_id = c.id JOIN items i ON i.order_id = o.id
//	GROUP BY <group>
//
// where agg is an aggregate of an orders column (amount by default) and
// group a customers column (region by default).
func join3(rows int64, agg plan.Agg, group string) *plan.Aggregate {
	cust, ord, items := joinTables(rows)
	c, o, i := func(f string) plan.Expr { return obj(0, "c", f) }, func(f string) plan.Expr { return obj(2, "o", f) },
		func(f string) plan.Expr { return obj(4, "i", f) }
	j1 := &plan.Join{Kind: plan.InnerJoin, Left: scan(cust, "c"), Right: scan(ord, "o"), On: sq(plan.OpEq, o("customer_id"), c("id"))}
	j2 := &plan.Join{Kind: plan.InnerJoin, Left: j1, Right: scan(items, "i"), On: sq(plan.OpEq, i("order_id"), o("id"))}
	if agg.Arg == nil && agg.Func != plan.AggCountStar {
		agg.Arg = o("amount")
	}
	return &plan.Aggregate{Input: j2, GroupBy: []plan.Expr{c(group)},
		Aggs: []plan.Agg{{Func: plan.AggCountStar, SQL: true}, {Func: plan.AggSum, Arg: i("qty"), SQL: true}, agg},
		Cols: []plan.Column{{Name: group}, {Name: "count"}, {Name: "sum"}, {Name: "agg"}}}
}

func TestParallelGolden(t *testing.T) {
	sum := plan.Agg{Func: plan.AggSum, SQL: true}
	runGolden(t, map[string]plan.Node{
		// The spine goes through the larger side of each join down to
		// items; customers ⋈ orders is built once.
		"parallel_join_aggregate": &plan.Sort{Input: join3(10_000, sum, "region"),
			Keys: []plan.SortKey{{X: col(0, "region")}}},
		// A tenth of the size: serial.
		"parallel_small_tables": join3(1_000, sum, "region"),
	})
}

// TestParallelRules checks which aggregates the pass makes parallel.
func TestParallelRules(t *testing.T) {
	parallel := func(n plan.Node) bool {
		a, ok := Optimize(n).(*plan.Aggregate)
		return ok && a.Parallel
	}
	agg := func(f plan.AggFunc, field string, sqlAgg bool) plan.Agg {
		return plan.Agg{Func: f, Arg: obj(2, "o", field), SQL: sqlAgg}
	}
	for _, c := range []struct {
		name string
		n    plan.Node
		want bool
	}{
		{"sum of numeric", join3(10_000, agg(plan.AggSum, "amount", true), "region"), true},
		{"avg of numeric", join3(10_000, agg(plan.AggAvg, "amount", true), "region"), true},
		{"max of an int", join3(10_000, agg(plan.AggMax, "customer_id", true), "region"), true},
		{"group by an int", join3(10_000, agg(plan.AggCount, "amount", true), "id"), true},
		{"sum of a float", join3(10_000, agg(plan.AggSum, "rate", true), "region"), false},
		{"min of numeric", join3(10_000, agg(plan.AggMin, "amount", true), "region"), false},
		{"ZQL sum", join3(10_000, agg(plan.AggSum, "amount", false), "region"), false},
		{"distinct", join3(10_000, plan.Agg{Func: plan.AggCount, Arg: obj(2, "o", "amount"), Distinct: true, SQL: true}, "region"), false},
		{"list", join3(10_000, agg(plan.AggList, "amount", true), "region"), false},
	} {
		if got := parallel(c.n); got != c.want {
			t.Errorf("%s: parallel %v, want %v\n%s", c.name, got, c.want, plan.Explain(Optimize(c.n)))
		}
	}

	_, ord, items := joinTables(10_000)
	count := []plan.Agg{{Func: plan.AggCountStar, SQL: true}}
	cols := []plan.Column{{Name: "count"}}
	on := sq(plan.OpEq, obj(2, "i", "order_id"), obj(0, "o", "id"))
	for _, c := range []struct {
		name string
		in   plan.Node
		want bool
	}{
		{"a large scan", scan(items, "i"), true},
		{"never analyzed", scan(&catalog.Table{ID: 13, Name: "items", Schemafull: true, PrimaryKey: []string{"id"}}, "i"), false},
		{"a limit", &plan.Limit{Count: ki(10), Input: scan(items, "i")}, false},
		{"a subquery in a filter", &plan.Filter{Input: scan(items, "i"),
			Cond: &plan.Subquery{Mode: plan.SubExists, Node: scan(ord, "o")}}, false},
		// The left join returns unmatched rows of the left side, the
		// smaller one, which would be the build side.
		{"left join probing its right side", &plan.Join{Kind: plan.LeftJoin, Left: scan(ord, "o"), Right: scan(items, "i"), On: on}, false},
		{"right join probing its right side", &plan.Join{Kind: plan.RightJoin, Left: scan(ord, "o"), Right: scan(items, "i"), On: on}, true},
	} {
		n := &plan.Aggregate{Input: c.in, Aggs: count, Cols: cols}
		if got := parallel(n); got != c.want {
			t.Errorf("%s: parallel %v, want %v\n%s", c.name, got, c.want, plan.Explain(Optimize(n)))
		}
	}
}
