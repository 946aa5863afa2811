package session

import "testing"

// BenchmarkSessionScanAggregate is the per-row cost of plain scans under
// an aggregate over a 200,000-row table with a few columns, the shape of
// a report query: PostgreSQL 15 spends about 0.2 µs a row on these.
func BenchmarkSessionScanAggregate(b *testing.B) {
	_, s := benchSession(b,
		"CREATE TABLE facts (id int PRIMARY KEY, g int NOT NULL, v int NOT NULL, name text NOT NULL)",
		"INSERT INTO facts SELECT n, n % 100, n % 1000, 'name ' || n FROM generate_series(1, 200000) g(n)",
	)
	for _, q := range []struct{ name, sql string }{
		{"count", "SELECT count(*) FROM facts"},
		{"filter", "SELECT count(*) FROM facts WHERE v > 500"},
		{"sum", "SELECT sum(v) FROM facts"},
		{"group", "SELECT g, count(*), sum(v) FROM facts GROUP BY g"},
	} {
		b.Run(q.name, func(b *testing.B) { benchQuery(b, s, q.sql) })
	}
}
