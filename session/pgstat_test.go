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
	var w collectWriter
	for k := range 3 {
		if err := s.Bind(ctx, "", "p", nil, [][]byte{[]byte(strconv.Itoa(k))}, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Execute(ctx, "", 0, &w); err != nil {
			t.Fatal(err)
		}
		if err := s.Sync(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := stat("seq_scan, idx_scan, idx_tup_fetch"), "0 3 3 SELECT 1"; got != want {
		t.Errorf("after 3 prepared point reads: %q, want %q", got, want)
	}
	// A portal read part of the way: its records count once it closes
	// (the 4 sent, and the one read to tell that there are more).
	if err := s.Bind(ctx, "", "all", nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Execute(ctx, "", 4, &w); err != nil {
		t.Fatal(err)
	}
	if err := s.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := stat("seq_scan, seq_tup_read"), "1 5 SELECT 1"; got != want {
		t.Errorf("after a portal of 4 rows: %q, want %q", got, want)
	}
	// A failed insert (a duplicate key) counts nothing live.
	for _, k := range []string{"100", "1"} {
		if err := s.Bind(ctx, "", "ins", nil, [][]byte{[]byte(k)}, nil); err != nil {
			t.Fatal(err)
		}
		_, _ = s.Execute(ctx, "", 0, &w)
		if err := s.Sync(ctx); err != nil {
			t.Fatal(err)
		}
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
