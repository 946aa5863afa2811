package session

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/zerodb/zerodb/errs"
)

// TestSavepointsExtended runs pgx's nested transactions (SAVEPOINT,
// ROLLBACK TO, RELEASE through the extended protocol): an error inside a
// nested transaction is undone by rolling it back, and the outer one
// commits what it kept.
func TestSavepointsExtended(t *testing.T) {
	ctx := context.Background()
	c, err := pgx.Connect(ctx, startTestServer(t))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, "CREATE TABLE sp (id int PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	tx, err := c.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "INSERT INTO sp VALUES ($1)", 1); err != nil {
		t.Fatal(err)
	}
	nested, err := tx.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := nested.Exec(ctx, "INSERT INTO sp VALUES ($1)", 2); err != nil {
		t.Fatal(err)
	}
	_, err = nested.Exec(ctx, "INSERT INTO sp VALUES ($1)", 1)
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != errs.UniqueViolation {
		t.Fatalf("duplicate insert: %v", err)
	}
	if err := nested.Rollback(ctx); err != nil {
		t.Fatalf("ROLLBACK TO: %v", err)
	}
	kept, err := tx.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kept.Exec(ctx, "INSERT INTO sp VALUES ($1)", 3); err != nil {
		t.Fatal(err)
	}
	if err := kept.Commit(ctx); err != nil {
		t.Fatalf("RELEASE: %v", err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatalf("COMMIT: %v", err)
	}
	rows, err := c.Query(ctx, "SELECT id FROM sp ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil || len(ids) != 2 || ids[0] != 1 || ids[1] != 3 {
		t.Fatalf("ids = %v, %v; want [1 3]", ids, err)
	}
}
