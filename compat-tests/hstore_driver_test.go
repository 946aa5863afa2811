package compattests

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestDriverPgxHstore uses an hstore column through pgx in each of its
// query modes, without registering the type: pgx reads and writes the
// values as their text, parameters included.
func TestDriverPgxHstore(t *testing.T) {
	s := startServer(t, "")
	ctx := context.Background()
	eachPgxMode(t, s, func(t *testing.T, conn *pgx.Conn, mode pgx.QueryExecMode) {
		table := "hs_pgx_" + strings.ReplaceAll(mode.String(), " ", "_")
		for _, sql := range []string{
			"CREATE EXTENSION IF NOT EXISTS hstore",
			"CREATE TABLE " + table + " (id int PRIMARY KEY, h hstore)",
			"CREATE INDEX ON " + table + " USING gin (h)",
		} {
			if _, err := conn.Exec(ctx, sql); err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
		for i, h := range []string{`b=>2, a=>1`, `a=>"x y", c=>NULL`} {
			if _, err := conn.Exec(ctx, "INSERT INTO "+table+" VALUES ($1, $2)", i+1, h); err != nil {
				t.Fatalf("insert %s: %v", h, err)
			}
		}
		var h string
		if err := conn.QueryRow(ctx, "SELECT h FROM "+table+" WHERE id = 1").Scan(&h); err != nil || h != `"a"=>"1", "b"=>"2"` {
			t.Errorf("h: %q, %v", h, err)
		}
		rows, err := conn.Query(ctx, "SELECT id FROM "+table+" WHERE h ? $1 ORDER BY id", "a")
		if err != nil {
			t.Fatal(err)
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
		if err != nil || !reflect.DeepEqual(ids, []int32{1, 2}) {
			t.Errorf("h ? $1: %v, %v", ids, err)
		}
		var v string
		if err := conn.QueryRow(ctx, "SELECT h -> $1 FROM "+table+" WHERE h @> $2::hstore", "a", `c=>NULL`).Scan(&v); err != nil || v != "x y" {
			t.Errorf("h -> $1 where h @> $2: %q, %v", v, err)
		}
		if _, err := conn.Exec(ctx, "INSERT INTO "+table+" VALUES ($1, $2)", 3, "a b=>1"); err == nil || !strings.Contains(err.Error(), "XX000") {
			t.Errorf("insert of bad hstore text: %v, want XX000", err)
		}
	})
}

// TestDriverPgxLtree uses an ltree column and lquery parameters through
// pgx in each of its query modes, without registering the types.
func TestDriverPgxLtree(t *testing.T) {
	s := startServer(t, "")
	ctx := context.Background()
	eachPgxMode(t, s, func(t *testing.T, conn *pgx.Conn, mode pgx.QueryExecMode) {
		table := "lt_pgx_" + strings.ReplaceAll(mode.String(), " ", "_")
		for _, sql := range []string{
			"CREATE EXTENSION IF NOT EXISTS ltree",
			"CREATE TABLE " + table + " (id int PRIMARY KEY, path ltree)",
			"CREATE INDEX ON " + table + " (path)",
		} {
			if _, err := conn.Exec(ctx, sql); err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
		for i, p := range []string{"Top.Science", "Top.Science.Astronomy", "Top.Hobbies"} {
			if _, err := conn.Exec(ctx, "INSERT INTO "+table+" VALUES ($1, $2)", i+1, p); err != nil {
				t.Fatalf("insert %s: %v", p, err)
			}
		}
		rows, err := conn.Query(ctx, "SELECT path FROM "+table+" WHERE path <@ $1 ORDER BY path", "Top.Science")
		if err != nil {
			t.Fatal(err)
		}
		got, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil || !reflect.DeepEqual(got, []string{"Top.Science", "Top.Science.Astronomy"}) {
			t.Errorf("path <@ $1: %v, %v", got, err)
		}
		var id int32
		if err := conn.QueryRow(ctx, "SELECT id FROM "+table+" WHERE path ~ $1", "*.hobbies@").Scan(&id); err != nil || id != 3 {
			t.Errorf("path ~ $1: %d, %v", id, err)
		}
		if _, err := conn.Exec(ctx, "INSERT INTO "+table+" VALUES ($1, $2)", 4, "a..b"); err == nil || !strings.Contains(err.Error(), "42601") {
			t.Errorf("insert of a bad path: %v, want 42601", err)
		}
	})
}
