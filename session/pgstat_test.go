package session

import (
	"context"
	"strconv"
	"testing"
)

// TestStatsExtended: statements of the extended protocol count like the
// simple protocol's, a prepared point read reopened by every execution
// (exec.Executor.Rerun) among them, and a portal's rows count when it
// closes.
func TestStatsExtended(t *testing.T) {
	ctx := context.Background()
	_, s := benchSession(t, kvSetup(10)...)
	stat := func(cols string) string {
		t.Helper()
		var w collectWriter
		if err := s.Query(ctx, "SELECT "+cols+" FROM pg_stat_user_tables WHERE relname = 'kv'", &w); err != nil {
			t.Fatal(err)
		}
		return join(w.take())
	}
	if got, want := stat("n_tup_ins, n_live_tup"), "10 10 SELECT 1"; got != want {
		t.Fatalf("after the inserts: %q, want %q", got, want)
	}
	if _, err := s.Prepare(ctx, "p", "SELECT v FROM kv WHERE k = $1", []uint32{20}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Prepare(ctx, "all", "SELECT v FROM kv", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Prepare(ctx, "ins", "INSERT INTO kv VALUES ($1, 'x')", []uint32{20}); err != nil {
		t.Fatal(err)
	}
	// execute runs a prepared statement with params, at most max rows
	// of it (0: all), and ends it with Sync; it returns Execute's error.
	execute := func(name string, max int, params ...string) error {
		t.Helper()
		ps := make([][]byte, len(params))
		for i, p := range params {
			ps[i] = []byte(p)
		}
		if err := s.Bind(ctx, "", name, nil, ps, nil); err != nil {
			t.Fatal(err)
		}
		var w collectWriter
		_, err := s.Execute(ctx, "", max, &w)
		if serr := s.Sync(ctx); serr != nil {
			t.Fatal(serr)
		}
		return err
	}
	for k := range 3 {
		if err := execute("p", 0, strconv.Itoa(k)); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := stat("seq_scan, idx_scan, idx_tup_fetch"), "0 3 3 SELECT 1"; got != want {
		t.Errorf("after 3 prepared point reads: %q, want %q", got, want)
	}
	// A portal read part of the way: its records count once it closes
	// (the 4 sent, and the one read to tell that there are more).
	if err := execute("all", 4); err != nil {
		t.Fatal(err)
	}
	if got, want := stat("seq_scan, seq_tup_read"), "1 5 SELECT 1"; got != want {
		t.Errorf("after a portal of 4 rows: %q, want %q", got, want)
	}
	// A failed insert (a duplicate key) counts nothing live.
	if err := execute("ins", 0, "100"); err != nil {
		t.Fatal(err)
	}
	if err := execute("ins", 0, "1"); err == nil {
		t.Fatal("a duplicate key was inserted")
	}
	if got, want := stat("n_tup_ins, n_live_tup"), "11 11 SELECT 1"; got != want {
		t.Errorf("after an insert and a duplicate: %q, want %q", got, want)
	}
	var d collectWriter
	if err := s.Query(ctx, "SELECT xact_commit > 0, xact_rollback FROM pg_stat_database WHERE datname = current_database()", &d); err != nil {
		t.Fatal(err)
	}
	if got, want := join(d.take()), "t 1 SELECT 1"; got != want {
		t.Errorf("pg_stat_database: %q, want %q", got, want)
	}
}

// TestStatStatementsPortal: pg_stat_statements counts an extended
// protocol portal once, with the rows of all the Executes its row limit
// took.
func TestStatStatementsPortal(t *testing.T) {
	ctx := t.Context()
	_, s := openTestSession(t, Options{})
	mustQuery(t, s, "CREATE TABLE sp (id int PRIMARY KEY)")
	mustQuery(t, s, "INSERT INTO sp SELECT generate_series(1, 5)")
	mustQuery(t, s, "SELECT pg_stat_statements_reset()")
	for range 2 {
		if _, err := s.Prepare(ctx, "", "SELECT id FROM sp WHERE id > $1", nil); err != nil {
			t.Fatal(err)
		}
		if err := s.Bind(ctx, "", "", nil, [][]byte{[]byte("0")}, nil); err != nil {
			t.Fatal(err)
		}
		var w recorder
		for {
			suspended, err := s.Execute(ctx, "", 2, &w)
			if err != nil {
				t.Fatal(err)
			}
			if !suspended {
				break
			}
		}
		if err := s.Sync(ctx); err != nil {
			t.Fatal(err)
		}
	}
	got := mustQuery(t, s, "SELECT calls, rows FROM pg_stat_statements WHERE query = 'SELECT id FROM sp WHERE id > $1'")
	if got != "calls | rows\n2 | 10\nSELECT 1\n" {
		t.Fatalf("pg_stat_statements: %q, want 2 calls of 5 rows", got)
	}
}
