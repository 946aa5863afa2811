package session

import "testing"

// BenchmarkSessionTopN is ORDER BY a column without an index, LIMIT 3,
// over 50,000 rows of a SQL table: the sort keeps the best three, and
// the rest of each row need not be decoded.
func BenchmarkSessionTopN(b *testing.B) {
	exec := benchExec(b, Options{Dir: b.TempDir()})
	exec("SET zerodb.language = 'sql'")
	exec("CREATE TABLE bt (id int PRIMARY KEY, g int, v text, n numeric, d timestamptz)")
	exec("INSERT INTO bt SELECT i, i % 100, 'value ' || i, i * 1.5, '2024-01-01'::timestamptz + i * interval '1 minute' FROM generate_series(1, 50000) i")
	for _, q := range []struct{ name, sql string }{
		{"text", "SELECT * FROM bt ORDER BY v DESC LIMIT 3"},
		{"filtered", "SELECT * FROM bt WHERE g = 7 ORDER BY n DESC LIMIT 3"},
	} {
		b.Run(q.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				exec(q.sql)
			}
		})
	}
}
