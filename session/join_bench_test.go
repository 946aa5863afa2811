package session

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// BenchmarkJoinAggregate is bench/sql's 3-table join with aggregation
// (its -docs 50000 size) run in process: the executor's join, record
// decoding and aggregation costs without the wire.
func BenchmarkJoinAggregate(b *testing.B) {
	const customers, orders, items = 500, 5000, 15000
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
	_, s := benchSession(b, setup...)
	ctx := context.Background()
	const q = `SELECT c.region, count(*), sum(i.qty), sum(o.amount)
		FROM customers c JOIN orders o ON o.customer_id = c.id JOIN items i ON i.order_id = o.id
		GROUP BY c.region ORDER BY c.region`
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Query(ctx, q, discardWriter{}); err != nil {
			b.Fatal(err)
		}
	}
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
