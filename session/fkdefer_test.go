package session

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/zerodb/zerodb/errs"
)

// The differential corpus compares deferred foreign keys with PostgreSQL
// through the simple query protocol; these tests take the other two ways
// into a transaction block: the extended protocol and the Go API.

const deferSchema = `CREATE TABLE dpa (id int PRIMARY KEY);
CREATE TABLE dch (id int PRIMARY KEY, pid int REFERENCES dpa DEFERRABLE INITIALLY DEFERRED)`

func TestDeferredForeignKeyExtended(t *testing.T) {
	ctx := context.Background()
	c, err := pgx.Connect(ctx, startTestServer(t))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, deferSchema, pgx.QueryExecModeSimpleProtocol); err != nil {
		t.Fatal(err)
	}

	// The child comes first; its check waits for COMMIT.
	tx, err := c.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []struct {
		sql  string
		args []any
	}{{"INSERT INTO dch VALUES ($1, $2)", []any{1, 10}}, {"INSERT INTO dpa VALUES ($1)", []any{10}}} {
		if _, err := tx.Exec(ctx, q.sql, q.args...); err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatalf("COMMIT: %v", err)
	}

	// No parent: COMMIT fails with 23503 and the block is gone.
	tx, err = c.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "INSERT INTO dch VALUES ($1, $2)", 2, 20); err != nil {
		t.Fatalf("INSERT: %v", err)
	}
	err = tx.Commit(ctx)
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != errs.ForeignKeyViolation {
		t.Fatalf("COMMIT = %v, want 23503", err)
	}
	if got := c.PgConn().TxStatus(); got != 'I' {
		t.Errorf("transaction status after the failed COMMIT = %q, want idle", got)
	}
	var n int
	if err := c.QueryRow(ctx, "SELECT count(*) FROM dch").Scan(&n); err != nil || n != 1 {
		t.Errorf("rows = %d, %v; want the first block's one", n, err)
	}
}

func TestDeferredForeignKeyEmbedded(t *testing.T) {
	ctx := context.Background()
	s := memorySessions(t, 1)[0]
	run := func(q string) error {
		_, err := one(ctx, s, q)
		return err
	}
	for _, q := range []string{
		"CREATE TABLE dpa (id int PRIMARY KEY)",
		"CREATE TABLE dch (id int PRIMARY KEY, pid int REFERENCES dpa DEFERRABLE INITIALLY DEFERRED)",
		"BEGIN", "INSERT INTO dch VALUES (1, 10)", "INSERT INTO dpa VALUES (10)", "COMMIT",
		"BEGIN", "INSERT INTO dch VALUES (2, 20)",
	} {
		if err := run(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := run("COMMIT"); errs.Code(err) != errs.ForeignKeyViolation {
		t.Fatalf("COMMIT = %v, want 23503", err)
	}
	if s.InTransaction() {
		t.Error("still in the block after the failed COMMIT")
	}
}
