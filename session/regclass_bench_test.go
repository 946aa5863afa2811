package session

import (
	"fmt"
	"testing"
)

// BenchmarkCatalogRegclassFilter is a catalog query of the kind psql's
// \d and ORMs send, filtering pg_attribute by a relation named through a
// cast to regclass, in a database of 300 tables. The cast is evaluated
// for each row; the relations it looks the name up in are read once per
// statement (sysEnv), not once per row.
func BenchmarkCatalogRegclassFilter(b *testing.B) {
	exec := benchExec(b, Options{Dir: b.TempDir()})
	exec("SET zerodb.language = 'sql'")
	for i := range 300 {
		exec(fmt.Sprintf("CREATE TABLE rc%d (id int PRIMARY KEY, v text)", i))
	}
	b.ReportAllocs()
	for b.Loop() {
		exec("SELECT count(*) FROM pg_attribute WHERE attrelid = 'rc150'::regclass")
	}
}
