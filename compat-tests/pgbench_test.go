package compattests

import (
	"context"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

// pgbench runs the real pgbench against s.
func pgbench(t *testing.T, s *server, args ...string) string {
	t.Helper()
	bin := requireTool(t, "pgbench")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	full := append([]string{"-h", s.host(), "-p", s.port(), "-U", "root"}, args...)
	cmd := exec.CommandContext(ctx, bin, append(full, "main")...)
	cmd.Env = append(os.Environ(), "PGPASSWORD="+testPassword, "PGSSLMODE=disable", "PGCONNECT_TIMEOUT=10")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("pgbench %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestPgbench loads pgbench's tables with pgbench -i (CREATE TABLE WITH
// fillfactor, TRUNCATE, COPY FROM STDIN, VACUUM, ALTER TABLE ADD PRIMARY
// KEY) and runs its built-in scripts in each query mode. Serialization
// failures of the optimistic transactions (40001 at COMMIT) are retried
// by pgbench's --max-tries; none may be left failed.
func TestPgbench(t *testing.T) {
	s := startServer(t, "")
	pgbench(t, s, "-i", "-s", "1", "-q")
	out, errOut, err := psql(t, s, "main", "-A", "-t", "-c",
		"SELECT count(*), sum(abalance) FROM pgbench_accounts; SELECT count(*) FROM pgbench_branches; SELECT count(*) FROM pgbench_tellers; SELECT aid, bid FROM pgbench_accounts WHERE aid = 100000")
	if err != nil {
		t.Fatalf("psql: %v\n%s", err, errOut)
	}
	if got, want := strings.Fields(out), []string{"100000|0", "1", "10", "100000|1"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("after pgbench -i: %q, want %q", got, want)
	}
	failed := regexp.MustCompile(`number of failed transactions: ([0-9]+)`)
	processed := regexp.MustCompile(`number of transactions actually processed: ([0-9]+)/([0-9]+)`)
	for _, run := range [][]string{
		{"-b", "tpcb-like", "-t", "50", "--max-tries=10"},
		// Two clients on scale 1 share one branch row: every pair of
		// overlapping transactions conflicts, so give them room to retry.
		{"-b", "tpcb-like", "-t", "50", "--max-tries=1000", "-c", "2"},
		{"-b", "tpcb-like", "-t", "20", "--max-tries=10", "-M", "prepared"},
		{"-b", "select-only", "-t", "50", "-M", "extended"},
		{"-b", "simple-update", "-t", "20", "-M", "prepared"},
	} {
		out := pgbench(t, s, run...)
		p := processed.FindStringSubmatch(out)
		if p == nil || p[1] != p[2] {
			t.Errorf("pgbench %s: not every transaction processed:\n%s", strings.Join(run, " "), out)
		}
		if f := failed.FindStringSubmatch(out); f != nil && f[1] != "0" {
			t.Errorf("pgbench %s: failed transactions:\n%s", strings.Join(run, " "), out)
		}
	}
	// TPC-B's history rows, inserted with CURRENT_TIMESTAMP into a table
	// without a primary key, got generated keys.
	out, errOut, err = psql(t, s, "main", "-A", "-t", "-c", "SELECT count(*) > 0, count(*) = count(mtime) FROM pgbench_history")
	if err != nil || strings.TrimSpace(out) != "t|t" {
		t.Fatalf("pgbench_history: %q %v %s", out, err, errOut)
	}
}

// TestPgbenchServerSideGenerate loads the tables with pgbench -i -I
// dtGvp: the data comes from INSERT ... SELECT ... FROM generate_series
// on the server instead of COPY, then ADD PRIMARY KEY re-keys it.
func TestPgbenchServerSideGenerate(t *testing.T) {
	s := startServer(t, "")
	pgbench(t, s, "-i", "-s", "1", "-I", "dtGvp")
	out, errOut, err := psql(t, s, "main", "-A", "-t", "-c",
		"SELECT count(*), sum(abalance), sum(bid) FROM pgbench_accounts; SELECT count(*), sum(bid) FROM pgbench_tellers; SELECT count(*) FROM pgbench_branches; SELECT aid, bid FROM pgbench_accounts WHERE aid = 99999")
	if err != nil {
		t.Fatalf("psql: %v\n%s", err, errOut)
	}
	if got, want := strings.Fields(out), []string{"100000|0|100000", "10|10", "1", "99999|1"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("after pgbench -i -I dtGvp: %q, want %q", got, want)
	}
}

// TestPgbenchForeignKeys loads pgbench's tables with pgbench -i
// --foreign-keys (ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY after
// the load, each checking the rows loaded), runs TPC-B (whose history
// inserts are checked against three referenced tables), loads again
// (DROP TABLE of tables referencing each other in one statement) and
// checks the constraints are enforced.
func TestPgbenchForeignKeys(t *testing.T) {
	s := startServer(t, "")
	pgbench(t, s, "-i", "-s", "1", "-q", "--foreign-keys")
	out := pgbench(t, s, "-b", "tpcb-like", "-t", "30", "--max-tries=10")
	if f := regexp.MustCompile(`number of failed transactions: ([0-9]+)`).FindStringSubmatch(out); f != nil && f[1] != "0" {
		t.Errorf("pgbench with foreign keys: failed transactions:\n%s", out)
	}
	pgbench(t, s, "-i", "-s", "1", "-q", "--foreign-keys")
	got, errOut, err := psql(t, s, "main", "-A", "-t", "-c",
		"SELECT string_agg(conname, ',' ORDER BY conname) FROM pg_constraint WHERE contype = 'f'")
	if err != nil {
		t.Fatalf("psql: %v\n%s", err, errOut)
	}
	want := "pgbench_accounts_bid_fkey,pgbench_history_aid_fkey,pgbench_history_bid_fkey,pgbench_history_tid_fkey,pgbench_tellers_bid_fkey"
	if strings.TrimSpace(got) != want {
		t.Fatalf("foreign keys after pgbench -i --foreign-keys: %q, want %q", got, want)
	}
	for _, bad := range []string{
		"DELETE FROM pgbench_branches WHERE bid = 1",
		"INSERT INTO pgbench_history (tid, bid, aid, delta) VALUES (1, 2, 1, 0)",
		"UPDATE pgbench_accounts SET bid = 7 WHERE aid = 5",
	} {
		_, errOut, err := psql(t, s, "main", "-c", bad)
		if err == nil || !strings.Contains(errOut, "violates foreign key constraint") {
			t.Errorf("%s: want a foreign key violation, got %v %s", bad, err, errOut)
		}
	}
}
