package session

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// joinSetup creates bench/sql's join tables at n customers (10n orders,
// 30n items), loaded as bench/sql loads them.
func joinSetup(customers int) []string {
	orders, items := 10*customers, 30*customers
	setup := []string{
		"CREATE TABLE customers (id int PRIMARY KEY, region text NOT NULL)",
		"CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, amount numeric(10,2) NOT NULL)",
		"CREATE TABLE items (id int PRIMARY KEY, order_id int NOT NULL, qty int NOT NULL)",
	}
	setup = append(setup, insertValues("customers", customers, func(i int) string { return fmt.Sprintf("(%d, 'r%d')", i, i%8) })...)
	setup = append(setup, insertValues("orders", orders, func(i int) string {
		return fmt.Sprintf("(%d, %d, %d.%02d)", i, i%customers, i%500, i%100)
	})...)
	setup = append(setup, insertValues("items", items, func(i int) string { return fmt.Sprintf("(%d, %d, %d)", i, i%orders, 1+i%5) })...)
	// bench/sql analyzes its tables before the reads.
	return append(setup, "ANALYZE")
}

// BenchmarkJoinAggregate is bench/sql's 3-table join with aggregation
// run in process: the executor's join, record decoding and aggregation
// costs without the wire. Small is its -docs 50000 size, full its
// -docs 1000000 one (10k customers, 100k orders, 300k items).
func BenchmarkJoinAggregate(b *testing.B) {
	for _, size := range []struct {
		name      string
		customers int
	}{{"small", 500}, {"full", 10_000}} {
		b.Run(size.name, func(b *testing.B) {
			_, s := benchSession(b, joinSetup(size.customers)...)
			benchQuery(b, s, `SELECT c.region, count(*), sum(i.qty), sum(o.amount)
				FROM customers c JOIN orders o ON o.customer_id = c.id JOIN items i ON i.order_id = o.id
				GROUP BY c.region ORDER BY c.region`)
		})
	}
}

// BenchmarkRelational runs bench/relational's join and subquery shapes
// over its data at -rows 20000, in process.
func BenchmarkRelational(b *testing.B) {
	const rows = 20000
	gen := func(n int) string {
		return fmt.Sprintf("generate_series(1, %d) g(n)", n)
	}
	_, s := benchSession(b,
		"CREATE TABLE customers (id int PRIMARY KEY, region int NOT NULL)",
		"CREATE TABLE items (id int PRIMARY KEY, price int NOT NULL)",
		"CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, item_id int NOT NULL, amount int NOT NULL)",
		"INSERT INTO customers SELECT n, n % 10 FROM "+gen(rows/4),
		"INSERT INTO items SELECT n, n % 50 FROM "+gen(rows/4),
		fmt.Sprintf("INSERT INTO orders SELECT n, (n * 7) %% %d + 1, (n * 13) %% %d + 1, n %% 100 FROM %s", rows/5, rows/3, gen(rows)),
	)
	for _, q := range []struct{ name, sql string }{
		{"join3", "SELECT c.region, count(*), sum(o.amount) FROM orders o JOIN customers c ON c.id = o.customer_id JOIN items i ON i.id = o.item_id WHERE i.price > 10 GROUP BY c.region ORDER BY c.region"},
		{"left", "SELECT count(*), count(o.id) FROM customers c LEFT JOIN orders o ON o.customer_id = c.id"},
		{"full", "SELECT count(*) FROM items i FULL JOIN orders o ON o.item_id = i.id"},
		{"exists", "SELECT count(*) FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.amount > 90)"},
		{"notexists", "SELECT count(*) FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)"},
		{"in", "SELECT count(*) FROM items WHERE id IN (SELECT item_id FROM orders WHERE amount < 5)"},
		{"notin", "SELECT count(*) FROM items WHERE id NOT IN (SELECT item_id FROM orders)"},
		{"scalar", "SELECT sum((SELECT c.region FROM customers c WHERE c.id = o.customer_id)) FROM orders o"},
	} {
		b.Run(q.name, func(b *testing.B) { benchQuery(b, s, q.sql) })
	}
}

// benchQuery runs q b.N times, reporting the process's CPU time per run
// beside the wall-clock time.
func benchQuery(b *testing.B, s *Session, q string) {
	ctx := context.Background()
	b.ReportAllocs()
	cpu0 := processCPU()
	for b.Loop() {
		if err := s.Query(ctx, q, discardWriter{}); err != nil {
			b.Fatal(err)
		}
	}
	// The VM is shared: CPU time says more than wall-clock time.
	b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
}

// insertValues is INSERT statements of n rows, 1000 a statement.
func insertValues(table string, n int, row func(i int) string) []string {
	var out []string
	for lo := 0; lo < n; lo += 1000 {
		var sb strings.Builder
		sb.WriteString("INSERT INTO " + table + " VALUES ")
		for i := lo; i < min(n, lo+1000); i++ {
			if i > lo {
				sb.WriteString(", ")
			}
			sb.WriteString(row(i))
		}
		out = append(out, sb.String())
	}
	return out
}
