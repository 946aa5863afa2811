package session

import (
	"context"
	"testing"

	"github.com/zerodb/zerodb/kv"
)

// TestReindexRebuildsEntries: an index whose entries were lost answers
// a query through it with nothing until REINDEX writes them again from
// the rows.
func TestReindexRebuildsEntries(t *testing.T) {
	ctx := context.Background()
	db, s := openTestSession(t, Options{PlanCacheSize: -1})
	var w recorder
	run := func(q string) string {
		t.Helper()
		if err := s.Query(ctx, q, &w); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return w.take()
	}
	run("CREATE TABLE rr (a int PRIMARY KEY, c int)")
	run("CREATE INDEX rrc ON rr (c)")
	run("INSERT INTO rr SELECT g, g % 5 FROM generate_series(1, 50) g")
	const q = "SELECT count(*) FROM rr WHERE c = 3"
	want := run(q)
	if want != "count\n10\nSELECT 1\n" {
		t.Fatalf("before: %q", want)
	}
	txn, err := db.store.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, ix, err := db.cat.FindIndex(ctx, txn, s.database, "rrc")
	if err == nil {
		err = db.cat.ClearIndex(ctx, txn, s.database, ix)
	}
	if err == nil {
		err = txn.Commit(ctx)
	}
	if err != nil {
		t.Fatal(err)
	}
	if got := run(q); got == want {
		t.Fatalf("the query does not read the index: %q", got)
	}
	run("REINDEX INDEX rrc")
	if got := run(q); got != want {
		t.Fatalf("after REINDEX INDEX: %q, want %q", got, want)
	}
	if got := run("REINDEX TABLE rr"); got != "REINDEX\n" {
		t.Fatalf("REINDEX TABLE: %q", got)
	}
	if got := run(q); got != want {
		t.Fatalf("after REINDEX TABLE: %q, want %q", got, want)
	}
}
