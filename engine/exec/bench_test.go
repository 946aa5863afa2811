package exec

import (
	"fmt"
	"testing"

	"github.com/cockroachdb/apd/v3"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/opt"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/kv"
)

// benchTable creates a pgbench-like accounts table with n rows.
func benchTable(b testing.TB, f *fixture, n int) *catalog.Table {
	b.Helper()
	t := f.table(&catalog.Table{Name: "accounts", Schemafull: true, CreatedBy: "sql", PrimaryKey: []string{"aid"},
		Fields: []catalog.Field{
			{Name: "aid", Type: value.TypeInt4},
			{Name: "bid", Type: value.TypeInt4, Optional: true},
			{Name: "abalance", Type: value.TypeInt4, Optional: true},
			{Name: "filler", Type: value.Type{Kind: value.KindString, MaxLen: 84}, Optional: true},
		}})
	const batch = 1000
	for lo := 0; lo < n; lo += batch {
		var rs [][]plan.Expr
		for i := lo; i < lo+batch && i < n; i++ {
			rs = append(rs, row(obj("aid", ki(int64(i+1)), "bid", ki(int64(i%10)), "abalance", ki(int64(i%1000)), "filler", ks("x"))))
		}
		if _, err := f.query(&plan.Insert{Table: t, Input: values(rs...), Obj: col(0)}); err != nil {
			b.Fatal(err)
		}
	}
	return t
}

func runBench(b *testing.B, f *fixture, n plan.Node, params func(i int) []value.Value, wantRows int) {
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		txn, err := f.store.Begin(f.ctx, kv.TxnOptions{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		env := Env{Txn: txn, Namespace: f.ns, Database: f.db, Params: params(i)}
		rows, err := f.x.Run(f.ctx, &env, n)
		if err != nil {
			b.Fatal(err)
		}
		got := 0
		for rows.Next() {
			got++
		}
		if err := rows.Err(); err != nil {
			b.Fatal(err)
		}
		rows.Close()
		txn.Rollback()
		if wantRows >= 0 && got != wantRows {
			b.Fatalf("%d rows, want %d", got, wantRows)
		}
	}
}

// SELECT abalance FROM accounts WHERE aid = $1
func BenchmarkPointGet(b *testing.B) {
	f := newFixture(b)
	t := benchTable(b, f, 10000)
	q := opt.Optimize(project(&plan.Filter{Input: scanOf(t), Cond: sbin(plan.OpEq, fld(col(1), "aid"), param(1))},
		fld(col(1), "abalance")))
	if s, ok := q.(*plan.Project).Input.(*plan.Scan); !ok || s.Span == nil || s.Span.Point == nil {
		b.Fatalf("not a point get:\n%s", plan.Explain(q))
	}
	params := make([]value.Value, 1)
	runBench(b, f, q, func(i int) []value.Value {
		params[0] = value.IntW(int64(i%10000+1), value.I32)
		return params
	}, 1)
}

// INSERT INTO accounts VALUES ($1, $2, $3, $4), committed.
func BenchmarkInsertCommit(b *testing.B) {
	f := newFixture(b)
	t := benchTable(b, f, 0)
	ins := &plan.Insert{Table: t, Input: values(row(param(1), param(2), param(3), param(4))),
		Obj: obj("aid", col(0), "bid", col(1), "abalance", col(2), "filler", col(3))}
	params := make([]value.Value, 4)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		txn, err := f.store.Begin(f.ctx, kv.TxnOptions{})
		if err != nil {
			b.Fatal(err)
		}
		params[0], params[1], params[2], params[3] = value.Int(int64(i+1)), value.Int(1), value.Int(0), value.String("x")
		env := Env{Txn: txn, Namespace: f.ns, Database: f.db, Params: params}
		rows, err := f.x.Run(f.ctx, &env, ins)
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
		}
		if err := rows.Err(); err != nil {
			b.Fatal(err)
		}
		rows.Close()
		if err := txn.Commit(f.ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// SELECT aid FROM accounts WHERE abalance = 7 over 10k records.
func BenchmarkScanFilter10k(b *testing.B) {
	f := newFixture(b)
	t := benchTable(b, f, 10000)
	q := opt.Optimize(project(&plan.Filter{Input: scanOf(t), Cond: sbin(plan.OpEq, fld(col(1), "abalance"), ki(7))}, col(0)))
	runBench(b, f, q, func(int) []value.Value { return nil }, 10)
}

// SELECT * FROM accounts ORDER BY abalance DESC, aid LIMIT 10 over 10k records.
func BenchmarkTopK10k(b *testing.B) {
	f := newFixture(b)
	t := benchTable(b, f, 10000)
	q := opt.Optimize(&plan.Limit{Count: ki(10), Input: &plan.Sort{Input: scanOf(t),
		Keys: []plan.SortKey{{X: fld(col(1), "abalance"), Desc: true, NullsFirst: true}, {X: col(0)}}}})
	runBench(b, f, q, func(int) []value.Value { return nil }, 10)
}

// The point get inside one open transaction: the executor's and kv's
// read path without transaction start and end.
func BenchmarkPointGetInTxn(b *testing.B) {
	f := newFixture(b)
	t := benchTable(b, f, 10000)
	q := opt.Optimize(project(&plan.Filter{Input: scanOf(t), Cond: sbin(plan.OpEq, fld(col(1), "aid"), param(1))},
		fld(col(1), "abalance")))
	txn, err := f.store.Begin(f.ctx, kv.TxnOptions{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer txn.Rollback()
	params := make([]value.Value, 1)
	env := Env{Txn: txn, Namespace: f.ns, Database: f.db, Params: params}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		params[0] = value.IntW(int64(i%10000+1), value.I32)
		rows, err := f.x.Run(f.ctx, &env, q)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for rows.Next() {
			n++
		}
		rows.Close()
		if n != 1 {
			b.Fatal(rows.Err())
		}
	}
}

// SELECT aid, abalance FROM accounts ORDER BY aid LIMIT 20 OFFSET $1
// (20000 accounts, offsets over the first half): a deep page skips keys.
func BenchmarkOffsetSkip(b *testing.B) {
	f := newFixture(b)
	t := benchTable(b, f, 20000)
	q := &plan.Limit{Count: ki(20), Offset: param(1), Input: project(scanOf(t), col(0), fld(col(1), "abalance"))}
	runBench(b, f, q, func(i int) []value.Value { return []value.Value{value.Int(int64(i * 7919 % 10000))} }, 20)
}

// joinTables creates customers(id, region) with n rows and orders(id,
// customer_id, amount) with 10n rows, as in bench/sql's join.
func joinTables(b testing.TB, f *fixture, n int) (cust, ord *catalog.Table) {
	b.Helper()
	cust = f.table(&catalog.Table{Name: "customers", Schemafull: true, CreatedBy: "sql", PrimaryKey: []string{"id"},
		Fields: []catalog.Field{{Name: "id", Type: value.TypeInt4}, {Name: "region", Type: value.TypeText}}})
	ord = f.table(&catalog.Table{Name: "orders", Schemafull: true, CreatedBy: "sql", PrimaryKey: []string{"id"},
		Fields: []catalog.Field{{Name: "id", Type: value.TypeInt4}, {Name: "customer_id", Type: value.TypeInt4}, {Name: "amount", Type: value.TypeInt4}}})
	const batch = 1000
	for lo := 0; lo < 10*n; lo += batch {
		var cs, os [][]plan.Expr
		for i := lo; i < lo+batch && i < 10*n; i++ {
			if i < n {
				cs = append(cs, row(obj("id", ki(int64(i)), "region", ks(fmt.Sprintf("r%d", i%8)))))
			}
			os = append(os, row(obj("id", ki(int64(i)), "customer_id", ki(int64(i%n)), "amount", ki(int64(i%500)))))
		}
		if len(cs) > 0 {
			if _, err := f.query(&plan.Insert{Table: cust, Input: values(cs...), Obj: col(0)}); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := f.query(&plan.Insert{Table: ord, Input: values(os...), Obj: col(0)}); err != nil {
			b.Fatal(err)
		}
	}
	return cust, ord
}

// SELECT c.region, count(*), sum(o.amount) FROM customers c JOIN orders o
// ON o.customer_id = c.id GROUP BY c.region over 2k customers, 20k orders.
func BenchmarkJoinAggregate(b *testing.B) {
	f := newFixture(b)
	cust, ord := joinTables(b, f, 2000)
	j := &plan.Join{Kind: plan.InnerJoin, Left: scanOf(cust), Right: scanOf(ord),
		On: sbin(plan.OpEq, fld(col(3), "customer_id"), fld(col(1), "id"))}
	q := opt.Optimize(&plan.Aggregate{Input: j, GroupBy: []plan.Expr{fld(col(1), "region")},
		Aggs: []plan.Agg{{Func: plan.AggCountStar, SQL: true}, {Func: plan.AggSum, Arg: fld(col(3), "amount"), SQL: true}},
		Cols: []plan.Column{{Name: "region"}, {Name: "count"}, {Name: "sum"}}})
	runBench(b, f, q, func(int) []value.Value { return nil }, 8)
}

// join3Tables creates bench/sql's join tables at n customers:
// customers(id, region text), orders(id, customer_id, amount
// numeric(10,2)) with 10n rows and items(id, order_id, qty) with 30n.
func join3Tables(b testing.TB, f *fixture, n int) (cust, ord, items *catalog.Table) {
	b.Helper()
	cust = f.table(&catalog.Table{Name: "customers", Schemafull: true, CreatedBy: "sql", PrimaryKey: []string{"id"},
		Fields: []catalog.Field{{Name: "id", Type: value.TypeInt4}, {Name: "region", Type: value.TypeText}}})
	ord = f.table(&catalog.Table{Name: "orders", Schemafull: true, CreatedBy: "sql", PrimaryKey: []string{"id"},
		Fields: []catalog.Field{{Name: "id", Type: value.TypeInt4}, {Name: "customer_id", Type: value.TypeInt4},
			{Name: "amount", Type: value.Type{Kind: value.KindDecimal, Precision: 10, Scale: 2}}}})
	items = f.table(&catalog.Table{Name: "items", Schemafull: true, CreatedBy: "sql", PrimaryKey: []string{"id"},
		Fields: []catalog.Field{{Name: "id", Type: value.TypeInt4}, {Name: "order_id", Type: value.TypeInt4}, {Name: "qty", Type: value.TypeInt4}}})
	insert := func(t *catalog.Table, count int, obj func(i int) *plan.ObjectCons) {
		for lo := 0; lo < count; lo += 1000 {
			var rs [][]plan.Expr
			for i := lo; i < lo+1000 && i < count; i++ {
				rs = append(rs, row(obj(i)))
			}
			if _, err := f.query(&plan.Insert{Table: t, Input: values(rs...), Obj: col(0)}); err != nil {
				b.Fatal(err)
			}
		}
	}
	i4 := func(i int) *plan.Const { return k(value.IntW(int64(i), value.I32)) }
	insert(cust, n, func(i int) *plan.ObjectCons { return obj("id", i4(i), "region", ks(fmt.Sprintf("r%d", i%8))) })
	insert(ord, 10*n, func(i int) *plan.ObjectCons {
		d, _, err := apd.NewFromString(fmt.Sprintf("%d.%02d", i%500, i%100))
		if err != nil {
			b.Fatal(err)
		}
		return obj("id", i4(i), "customer_id", i4(i%n), "amount", k(value.Decimal(d)))
	})
	insert(items, 30*n, func(i int) *plan.ObjectCons {
		return obj("id", i4(i), "order_id", i4(i%(10*n)), "qty", i4(1+i%5))
	})
	return cust, ord, items
}

// bench/sql's join, as sqlfe plans it:
//
//	SELECT c.region, count(*), sum(i.qty), sum(o.amount)
//	FROM customers c JOIN orders o ON o.customer_id = c.id
//	JOIN items i ON i.order_id = o.id GROUP BY c.region
//
// over 2k customers, 20k orders and 60k items (a fifth of bench/sql's).
func BenchmarkJoin3Aggregate(b *testing.B) {
	f := newFixture(b)
	cust, ord, items := join3Tables(b, f, 2000)
	j1 := &plan.Join{Kind: plan.InnerJoin, Left: scanOf(cust), Right: scanOf(ord),
		On: sbin(plan.OpEq, fld(col(3), "customer_id"), fld(col(1), "id"))}
	j2 := &plan.Join{Kind: plan.InnerJoin, Left: j1, Right: scanOf(items),
		On: sbin(plan.OpEq, fld(col(5), "order_id"), fld(col(3), "id"))}
	q := opt.Optimize(&plan.Aggregate{Input: j2, GroupBy: []plan.Expr{fld(col(1), "region")},
		Aggs: []plan.Agg{{Func: plan.AggCountStar, SQL: true}, {Func: plan.AggSum, Arg: fld(col(5), "qty"), SQL: true},
			{Func: plan.AggSum, Arg: fld(col(3), "amount"), SQL: true}},
		Cols: []plan.Column{{Name: "region"}, {Name: "count"}, {Name: "sum"}, {Name: "sum"}}})
	runBench(b, f, q, func(int) []value.Value { return nil }, 8)
}
