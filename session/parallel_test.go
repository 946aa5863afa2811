package session

import (
	"context"
	"runtime"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// TestParallelSetting checks max_parallel_workers_per_gather: 0 runs a
// parallel plan serially, with the same rows; values are checked as
// PostgreSQL checks them.
func TestParallelSetting(t *testing.T) {
	_, s := benchSession(t,
		"CREATE TABLE pt (id int PRIMARY KEY, g int NOT NULL, v numeric(8,2) NOT NULL)",
		"INSERT INTO pt SELECT n, n % 13, n % 1000 + 0.25 FROM generate_series(1, 60000) n",
		"ANALYZE pt")
	const q = "SELECT g, count(*), sum(v), avg(v), max(id) FROM pt GROUP BY g ORDER BY g"
	if plan := mustQuery(t, s, "EXPLAIN "+q); !strings.Contains(plan, "Parallel Aggregate") || !strings.Contains(plan, "Parallel Scan pt") {
		t.Fatalf("not a parallel plan:\n%s", plan)
	}
	parallel := mustQuery(t, s, q)
	analyzed := mustQuery(t, s, "EXPLAIN ANALYZE "+q)
	if want := runtime.GOMAXPROCS(0) > 1; strings.Contains(analyzed, "workers=") != want {
		t.Errorf("EXPLAIN ANALYZE with GOMAXPROCS %d:\n%s", runtime.GOMAXPROCS(0), analyzed)
	}

	mustQuery(t, s, "SET max_parallel_workers_per_gather = 0")
	if got := mustQuery(t, s, q); got != parallel {
		t.Errorf("serially:\n%s\nin parallel:\n%s", got, parallel)
	}
	if analyzed := mustQuery(t, s, "EXPLAIN ANALYZE "+q); strings.Contains(analyzed, "workers=") {
		t.Errorf("EXPLAIN ANALYZE with no workers:\n%s", analyzed)
	}
	if got := mustQuery(t, s, "SHOW max_parallel_workers_per_gather"); !strings.Contains(got, "\n0\n") {
		t.Errorf("SHOW: %q", got)
	}
	for _, bad := range []string{"-1", "1025", "'many'"} {
		err := s.Query(context.Background(), "SET max_parallel_workers_per_gather = "+bad, discardWriter{})
		if errs.Code(err) != errs.InvalidParameterValue {
			t.Errorf("SET max_parallel_workers_per_gather = %s: %v, want 22023", bad, err)
		}
	}
}

// TestParallelOwnWrites checks that a parallel aggregate in a
// transaction sees the transaction's own uncommitted writes, which the
// workers' shared scan reads from its write buffer, as the serial plan
// does.
func TestParallelOwnWrites(t *testing.T) {
	_, s := benchSession(t,
		"CREATE TABLE pw (id int PRIMARY KEY, g int NOT NULL, v int NOT NULL)",
		"INSERT INTO pw SELECT n, n % 7, n FROM generate_series(1, 60000) n",
		"ANALYZE pw")
	const q = "SELECT g, count(*), sum(v) FROM pw GROUP BY g ORDER BY g"
	if plan := mustQuery(t, s, "EXPLAIN "+q); !strings.Contains(plan, "Parallel Aggregate") {
		t.Fatalf("not a parallel plan:\n%s", plan)
	}
	mustQuery(t, s, "BEGIN")
	mustQuery(t, s, "DELETE FROM pw WHERE id % 3 = 0")
	mustQuery(t, s, "UPDATE pw SET v = v * 2 WHERE id % 5 = 0")
	mustQuery(t, s, "INSERT INTO pw SELECT n, 100 + n % 2, 1 FROM generate_series(60001, 61000) n")
	parallel := mustQuery(t, s, q)
	if analyzed := mustQuery(t, s, "EXPLAIN ANALYZE "+q); runtime.GOMAXPROCS(0) > 1 && !strings.Contains(analyzed, "workers=") {
		t.Fatalf("not run in parallel in the transaction:\n%s", analyzed)
	}
	mustQuery(t, s, "SET max_parallel_workers_per_gather = 0")
	serial := mustQuery(t, s, q)
	mustQuery(t, s, "ROLLBACK")
	if parallel != serial {
		t.Fatalf("in a transaction, parallel:\n%s\nserially:\n%s", parallel, serial)
	}
	if !strings.Contains(parallel, "100") || !strings.Contains(parallel, "101") {
		t.Fatalf("the transaction's inserts are missing:\n%s", parallel)
	}
	after := mustQuery(t, s, q)
	if after == parallel {
		t.Fatalf("the rolled-back writes are still seen:\n%s", after)
	}
}
