package exec

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/opt"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// analyzed returns a copy of t with statistics of rows rows: plans over
// it are parallel where they can be.
func analyzed(t *catalog.Table, rows int64) *catalog.Table {
	c := *t
	c.Stats = &catalog.TableStats{Rows: rows}
	return &c
}

// typed renders rows with each value's kind, so that a sum that became
// numeric instead of bigint shows.
func typed(rows [][]value.Value) string {
	return renderWith(rows, func(b []byte, v value.Value) []byte {
		return append(append(append(b, v.Kind().String()...), ':'), v.String()...)
	})
}

// parallelCase is an aggregate over bench/sql's join tables: build
// makes its plan from the tables' descriptors.
type parallelCase struct {
	name  string
	build func(cust, ord, items *catalog.Table) plan.Node
}

// join3Of is the join of bench/sql's tables, customers ⋈ orders ⋈ items,
// with cond (if any) filtering the combined rows.
func join3Of(cust, ord, items *catalog.Table, cond plan.Expr) plan.Node {
	j1 := &plan.Join{Kind: plan.InnerJoin, Left: scanOf(cust), Right: scanOf(ord),
		On: sbin(plan.OpEq, fld(col(3), "customer_id"), fld(col(1), "id"))}
	var j plan.Node = &plan.Join{Kind: plan.InnerJoin, Left: j1, Right: scanOf(items),
		On: sbin(plan.OpEq, fld(col(5), "order_id"), fld(col(3), "id"))}
	if cond != nil {
		j = &plan.Filter{Input: j, Cond: cond}
	}
	return j
}

func sqlAgg(f plan.AggFunc, arg plan.Expr) plan.Agg { return plan.Agg{Func: f, Arg: arg, SQL: true} }

func parallelCases() []parallelCase {
	region, qty, amount := fld(col(1), "region"), fld(col(5), "qty"), fld(col(3), "amount")
	aggCols := func(n int) []plan.Column { return make([]plan.Column, n) }
	return []parallelCase{
		{"bench/sql's join", func(c, o, i *catalog.Table) plan.Node {
			return &plan.Aggregate{Input: join3Of(c, o, i, nil), GroupBy: []plan.Expr{region},
				Aggs: []plan.Agg{{Func: plan.AggCountStar, SQL: true}, sqlAgg(plan.AggSum, qty), sqlAgg(plan.AggSum, amount)},
				Cols: aggCols(4)}
		}},
		{"no group by", func(c, o, i *catalog.Table) plan.Node {
			return &plan.Aggregate{Input: join3Of(c, o, i, nil),
				Aggs: []plan.Agg{{Func: plan.AggCountStar, SQL: true}, sqlAgg(plan.AggAvg, amount), sqlAgg(plan.AggAvg, qty),
					sqlAgg(plan.AggMin, fld(col(5), "id")), sqlAgg(plan.AggMax, fld(col(5), "order_id")), sqlAgg(plan.AggCount, region)},
				Cols: aggCols(6)}
		}},
		{"many groups", func(c, o, i *catalog.Table) plan.Node {
			return &plan.Aggregate{Input: join3Of(c, o, i, nil), GroupBy: []plan.Expr{fld(col(1), "id"), region},
				Aggs: []plan.Agg{sqlAgg(plan.AggSum, amount), sqlAgg(plan.AggMax, qty)},
				Cols: aggCols(4)}
		}},
		{"nothing passes", func(c, o, i *catalog.Table) plan.Node {
			return &plan.Aggregate{Input: join3Of(c, o, i, sbin(plan.OpGt, qty, ki(100))),
				Aggs: []plan.Agg{{Func: plan.AggCountStar, SQL: true}, sqlAgg(plan.AggSum, amount), sqlAgg(plan.AggMin, region)},
				Cols: aggCols(3)}
		}},
		{"a key range and a filter", func(c, o, i *catalog.Table) plan.Node {
			id := fld(col(5), "id")
			cond := sbin(plan.OpAnd, sbin(plan.OpAnd, sbin(plan.OpGe, id, ki(1000)), sbin(plan.OpLt, id, ki(4321))),
				sbin(plan.OpNe, qty, ki(2)))
			return &plan.Aggregate{Input: join3Of(c, o, i, cond), GroupBy: []plan.Expr{region},
				Aggs: []plan.Agg{{Func: plan.AggCountStar, SQL: true}, sqlAgg(plan.AggSum, amount)},
				Cols: aggCols(3)}
		}},
	}
}

// TestParallelAggregate checks that a parallel aggregate returns exactly
// what the same aggregate returns serially, with any number of workers.
func TestParallelAggregate(t *testing.T) {
	f := newFixture(t)
	cust, ord, items := join3Tables(t, f, 200)
	pc, po, pi := analyzed(cust, 10_000), analyzed(ord, 100_000), analyzed(items, 300_000)
	for _, c := range parallelCases() {
		t.Run(c.name, func(t *testing.T) {
			serial := opt.Optimize(c.build(cust, ord, items))
			par := opt.Optimize(c.build(pc, po, pi))
			if !strings.Contains(plan.Explain(par), "Parallel Aggregate") || !strings.Contains(plan.Explain(par), "Parallel Scan") {
				t.Fatalf("not parallel:\n%s", plan.Explain(par))
			}
			want := typed(f.mustQuery(serial))
			for _, workers := range []int{1, 2, 3, 4} {
				f.x.workers = workers
				if got := typed(f.mustQuery(par)); got != want {
					t.Errorf("%d workers:\n%s\nwant:\n%s", workers, got, want)
				}
			}
		})
	}
}

// TestParallelAggregateErrors checks that an error or a cancellation in
// any worker ends the statement with it, and that EXPLAIN ANALYZE counts
// the workers' rows.
func TestParallelAggregateErrors(t *testing.T) {
	f := newFixture(t)
	f.x.workers = 3
	cust, ord, items := analyzed3(t, f)
	qty := fld(col(5), "qty")
	count := []plan.Agg{{Func: plan.AggCountStar, SQL: true}}
	agg := func(cond plan.Expr) plan.Node {
		n := opt.OptimizeWith(&plan.Aggregate{Input: join3Of(cust, ord, items, cond), Aggs: count, Cols: make([]plan.Column, 1)},
			f.x.OptimizerOptions())
		if !strings.Contains(plan.Explain(n), "Parallel Aggregate") {
			t.Fatalf("not parallel:\n%s", plan.Explain(n))
		}
		return n
	}

	// 1 / (qty - 3) fails in every fifth row.
	_, err := f.query(agg(sbin(plan.OpGt, sbin(plan.OpDiv, ki(1), sbin(plan.OpSub, qty, ki(3))), ki(0))))
	wantCode(t, err, errs.DivisionByZero)

	// A builtin that cancels the statement's context at the 1000th row
	// it sees, in whichever worker.
	ctx, cancel := context.WithCancel(f.ctx)
	defer cancel()
	var (
		mu    sync.Mutex // workers call it concurrently
		calls int
	)
	f.reg.Register(&builtin.Func{Name: "cancel_later", MinArgs: 1, MaxArgs: 1, Pure: true,
		Fn: func(_ *builtin.Context, args []value.Value) (value.Value, error) {
			mu.Lock()
			defer mu.Unlock()
			if calls++; calls == 1000 {
				cancel()
			}
			return value.Bool(true), nil
		}})
	_, err = f.queryCtx(ctx, agg(&plan.Call{Fn: "cancel_later", Args: []plan.Expr{qty}, SQL: true}))
	wantCode(t, err, errs.QueryCanceled)

	rows := f.mustQuery(&plan.ExplainStmt{Analyze: true, Input: agg(nil)})
	text := render(rows)
	for _, want := range []string{"Parallel Aggregate (actual time=", "rows=1 loops=1 workers=3)", "Parallel Scan items (actual time=", "rows=6000 loops=3)"} {
		if !strings.Contains(text, want) {
			t.Errorf("EXPLAIN ANALYZE lacks %q:\n%s", want, text)
		}
	}
}

// analyzed3 makes bench/sql's tables at a fiftieth of its size, with the
// statistics of its full size.
func analyzed3(t *testing.T, f *fixture) (cust, ord, items *catalog.Table) {
	cust, ord, items = join3Tables(t, f, 200)
	return analyzed(cust, 10_000), analyzed(ord, 100_000), analyzed(items, 300_000)
}

// TestParallelSpine checks the spine the executor follows: the side the
// optimizer marked at each join, though the build side of bench/sql's
// join is a spine of its own (read in parallel for the table).
func TestParallelSpine(t *testing.T) {
	f := newFixture(t)
	cust, ord, items := analyzed3(t, f)
	n, ok := opt.Optimize(parallelCases()[0].build(cust, ord, items)).(*plan.Aggregate)
	if !ok || !n.Parallel {
		t.Fatalf("not a parallel aggregate:\n%s", plan.Explain(n))
	}
	scan, joins, ok := parallelSpine(n.Input)
	if !ok || scan.Table.Name != "items" || len(joins) != 1 || !joins[0].buildLeft {
		t.Fatalf("spine to %v through %+v, want items through the top join built on the left", scan, joins)
	}
	j1 := joins[0].n.Left
	if scan, joins, ok := parallelSpine(j1); !ok || scan.Table.Name != "orders" || len(joins) != 1 || !joins[0].buildLeft {
		t.Fatalf("build side's spine to %v through %+v, want orders through a join built on customers", scan, joins)
	}
}
