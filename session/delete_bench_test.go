package session

import "testing"

// BenchmarkSessionBulkDelete deletes 10,000 rows of a table with a
// secondary index in one statement (the rows are inserted again between
// operations, untimed). Every removed record is also a possible graph
// vertex whose edges go with it, so the statement looks for each one's
// adjacency entries.
func BenchmarkSessionBulkDelete(b *testing.B) {
	exec := benchExec(b, Options{Dir: b.TempDir()})
	exec("SET zerodb.language = 'sql'")
	exec("CREATE TABLE bd (id int PRIMARY KEY, g int, v text)")
	exec("CREATE INDEX bd_g ON bd (g)")
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		exec("INSERT INTO bd SELECT i, i % 100, 'value ' || i FROM generate_series(1, 10000) i")
		b.StartTimer()
		exec("DELETE FROM bd WHERE id > 0")
	}
}
