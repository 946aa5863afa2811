package session

import "testing"

// BenchmarkSessionCreateIndex builds a secondary index over 50,000 rows
// whose indexed column is not in key order (the index is dropped again
// between operations, untimed).
func BenchmarkSessionCreateIndex(b *testing.B) {
	exec := benchExec(b, Options{Dir: b.TempDir()})
	exec("SET zerodb.language = 'sql'")
	exec("CREATE TABLE bi (id int PRIMARY KEY, g int, v text, n numeric, d timestamptz)")
	exec("INSERT INTO bi SELECT i, (i * 7919) % 50000, 'value ' || i, i * 1.5, '2024-01-01'::timestamptz + i * interval '1 minute' FROM generate_series(1, 50000) i")
	b.ReportAllocs()
	for b.Loop() {
		exec("CREATE INDEX bi_g ON bi (g)")
		b.StopTimer()
		exec("DROP INDEX bi_g")
		b.StartTimer()
	}
}
