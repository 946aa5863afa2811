package session

import (
	"context"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
	"github.com/zerodb/zerodb/pgwire"
	"github.com/zerodb/zerodb/translate/sqlfe"
)

// recorder is a pgwire.ResultWriter that renders what it is sent.
type recorder struct{ b strings.Builder }

func (r *recorder) Columns(cols []pgwire.Column) error {
	for i, c := range cols {
		if i > 0 {
			r.b.WriteString(" | ")
		}
		r.b.WriteString(c.Name)
	}
	r.b.WriteString("\n")
	return nil
}

func (r *recorder) Row(vals [][]byte) error {
	for i, v := range vals {
		if i > 0 {
			r.b.WriteString(" | ")
		}
		if v == nil {
			r.b.WriteString("NULL")
		} else {
			r.b.Write(v)
		}
	}
	r.b.WriteString("\n")
	return nil
}

func (r *recorder) Complete(tag string) error { r.b.WriteString(tag + "\n"); return nil }
func (r *recorder) Empty() error              { r.b.WriteString("empty\n"); return nil }
func (r *recorder) Notice(n errs.Notice) error {
	r.b.WriteString(n.Severity + " " + n.Code + " " + n.Message + "\n")
	return nil
}

func (r *recorder) take() string {
	s := r.b.String()
	r.b.Reset()
	return s
}

func openTestSession(t *testing.T, opts Options) (*DB, *Session) {
	t.Helper()
	ctx := context.Background()
	opts.Memory = true
	db, err := Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if _, err := db.EnsureRootUser(ctx, testPassword); err != nil {
		t.Fatal(err)
	}
	s, err := db.OpenSession(ctx, pgwire.StartupParams{User: RootUser, Database: "main"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return db, s.(*Session)
}

// TestPreparedStatement prepares a statement with a parameter of its own
// (as the extended protocol will), runs it with several values, and
// checks that a changed table makes a new translation.
func TestPreparedStatement(t *testing.T) {
	ctx := context.Background()
	_, s := openTestSession(t, Options{PlanCacheSize: -1})
	var w recorder
	for _, q := range []string{
		"CREATE TABLE kv (k bigint PRIMARY KEY, v text NOT NULL)",
		"INSERT INTO kv VALUES (1, 'one'), (2, 'two')",
	} {
		if err := s.Query(ctx, q, &w); err != nil {
			t.Fatal(err)
		}
	}
	w.take()
	stmts, err := sqlfe.Split("SELECT v FROM kv WHERE k = $1")
	if err != nil {
		t.Fatal(err)
	}
	src := stmtSource{sql: &stmts[0], text: stmts[0].Text()}
	txn, err := s.db.store.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.prepare(ctx, txn, src)
	txn.Rollback()
	if err != nil {
		t.Fatal(err)
	}
	if len(p.st.ParamTypes) != 1 || p.st.ParamTypes[0].OID() != value.TypeInt8.OID() {
		t.Fatalf("parameter types %v", p.st.ParamTypes)
	}
	for _, c := range []struct {
		k    int64
		want string
	}{{1, "v\none\nSELECT 1\n"}, {2, "v\ntwo\nSELECT 1\n"}, {3, "v\nSELECT 0\n"}} {
		if err := s.runPrepared(ctx, p, []value.Value{value.Int(c.k)}, &w); err != nil {
			t.Fatal(err)
		}
		if got := w.take(); got != c.want {
			t.Errorf("k = %d: %q, want %q", c.k, got, c.want)
		}
	}

	// The same plan, run again after the table changed, is translated anew.
	for _, q := range []string{
		"DROP TABLE kv",
		"CREATE TABLE kv (k bigint PRIMARY KEY, v int)",
		"INSERT INTO kv VALUES (1, 100)",
	} {
		if err := s.Query(ctx, q, &w); err != nil {
			t.Fatal(err)
		}
	}
	w.take()
	txn, err = s.db.store.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer txn.Rollback()
	q, retranslated, err := s.current(ctx, txn, p)
	if err != nil || !retranslated || q == p {
		t.Fatalf("current after DROP and CREATE: %v %v", retranslated, err)
	}
	if err := s.runPrepared(ctx, p, []value.Value{value.Int(1)}, &w); err != nil {
		t.Fatal(err)
	}
	if got := w.take(); got != "v\n100\nSELECT 1\n" {
		t.Errorf("after the change: %q", got)
	}
	// An unchanged table keeps the plan.
	if q2, retranslated, err := s.current(ctx, txn, q); err != nil || retranslated || q2 != q {
		t.Fatalf("current of a fresh plan: %v %v", retranslated, err)
	}
}

// TestExplainExecute: EXPLAIN ANALYZE EXECUTE runs the prepared
// statement, a write included, and shows its plan with actual rows; in a
// block, ROLLBACK undoes it.
func TestExplainExecute(t *testing.T) {
	_, s := openTestSession(t, Options{})
	mustQuery(t, s, "CREATE TABLE t (id int PRIMARY KEY, v text)")
	mustQuery(t, s, "PREPARE ins(int, text) AS INSERT INTO t VALUES ($1, $2)")
	got := mustQuery(t, s, "EXPLAIN ANALYZE EXECUTE ins(1, 'one')")
	if !strings.Contains(got, "Insert into t (actual time=") || !strings.Contains(got, "rows=1 loops=1") {
		t.Errorf("EXPLAIN ANALYZE EXECUTE of an INSERT:\n%s", got)
	}
	mustQuery(t, s, "BEGIN")
	mustQuery(t, s, "EXPLAIN (ANALYZE) EXECUTE ins(2, 'two')")
	if got := mustQuery(t, s, "SELECT count(*) FROM t"); got != "count\n2\nSELECT 1\n" {
		t.Errorf("inside the block: %q", got)
	}
	mustQuery(t, s, "ROLLBACK")
	if got := mustQuery(t, s, "SELECT id, v FROM t"); got != "id | v\n1 | one\nSELECT 1\n" {
		t.Errorf("after ROLLBACK: %q", got)
	}
	mustQuery(t, s, "PREPARE q(int) AS SELECT v FROM t WHERE id = $1")
	if got := mustQuery(t, s, "EXPLAIN ANALYZE EXECUTE q(1)"); !strings.Contains(got, "point get key = $1) (actual time=") {
		t.Errorf("EXPLAIN ANALYZE EXECUTE of a point read:\n%s", got)
	}
}
