package compattests

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestDriverPgxCIText uses a citext column through pgx in each of its
// query modes, without registering the type: pgx does not know the OID
// and reads and writes the values as text, parameters included, and the
// comparisons still ignore case.
func TestDriverPgxCIText(t *testing.T) {
	s := startServer(t, "")
	ctx := context.Background()
	eachPgxMode(t, s, func(t *testing.T, conn *pgx.Conn, mode pgx.QueryExecMode) {
		table := "ci_pgx_" + strings.ReplaceAll(mode.String(), " ", "_")
		for _, sql := range []string{
			"CREATE EXTENSION IF NOT EXISTS citext",
			"CREATE TABLE " + table + " (id int PRIMARY KEY, email citext UNIQUE, tags citext[])",
		} {
			if _, err := conn.Exec(ctx, sql); err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
		for i, e := range []string{"Alice@Example.com", "bob@example.com"} {
			if _, err := conn.Exec(ctx, "INSERT INTO "+table+" (id, email) VALUES ($1, $2)", i+1, e); err != nil {
				t.Fatalf("insert %s: %v", e, err)
			}
		}
		if _, err := conn.Exec(ctx, "INSERT INTO "+table+" (id, email) VALUES ($1, $2)", 3, "ALICE@example.COM"); err == nil || !strings.Contains(err.Error(), "23505") {
			t.Errorf("insert of a duplicate in another case: %v, want 23505", err)
		}
		var id int
		var email string
		if err := conn.QueryRow(ctx, "SELECT id, email FROM "+table+" WHERE email = $1", "BOB@EXAMPLE.COM").Scan(&id, &email); err != nil || id != 2 || email != "bob@example.com" {
			t.Errorf("email = $1: %d %q, %v", id, email, err)
		}
		if _, err := conn.Exec(ctx, "UPDATE "+table+" SET tags = $1 WHERE id = 1", []string{"Ops", "admin"}); err != nil {
			t.Fatalf("update tags: %v", err)
		}
		var tags []string
		if err := conn.QueryRow(ctx, "SELECT tags FROM "+table+" WHERE id = 1").Scan(&tags); err != nil || !reflect.DeepEqual(tags, []string{"Ops", "admin"}) {
			t.Errorf("tags: %v, %v", tags, err)
		}
		rows, err := conn.Query(ctx, "SELECT email FROM "+table+" WHERE email LIKE $1 ORDER BY email", "%EXAMPLE.COM")
		if err != nil {
			t.Fatal(err)
		}
		got, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil || !reflect.DeepEqual(got, []string{"Alice@Example.com", "bob@example.com"}) {
			t.Errorf("LIKE $1: %v, %v", got, err)
		}
	})
}
