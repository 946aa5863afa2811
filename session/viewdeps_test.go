package session

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestPreparedOverReplacedView runs a prepared statement (pgx caches it
// by text) over a view that is replaced, dropped and created again in
// between: each run answers by the view as it is then.
func TestPreparedOverReplacedView(t *testing.T) {
	url := startTestServer(t)
	ctx := context.Background()
	setup := testConn(t, url)
	mustExec(t, setup, `CREATE TABLE vt (id int PRIMARY KEY, a int, b text)`)
	mustExec(t, setup, `INSERT INTO vt VALUES (1, 10, 'x'), (2, 20, 'y')`)
	mustExec(t, setup, `CREATE VIEW vv AS SELECT id, a AS c FROM vt`)
	conn := extConn(t, url, pgx.QueryExecModeCacheStatement)
	get := func() (string, error) {
		var s string
		err := conn.QueryRow(ctx, `SELECT c::text FROM vv WHERE id = $1`, 2).Scan(&s)
		return s, err
	}
	steps := []struct {
		ddl, want, code string
	}{
		{"", "20", ""},
		{`CREATE OR REPLACE VIEW vv AS SELECT id, a * 2 AS c FROM vt`, "40", ""},
		{`CREATE OR REPLACE VIEW vv AS SELECT id, a * 2 AS c, b FROM vt`, "40", ""},
		{`DROP VIEW vv`, "", "42P01"},
		{`CREATE VIEW vv AS SELECT id, b AS c FROM vt`, "y", ""},
	}
	for _, s := range steps {
		if s.ddl != "" {
			mustExec(t, setup, s.ddl)
		}
		got, err := get()
		if pgCode(err) != s.code || (s.code == "" && (err != nil || got != s.want)) {
			t.Fatalf("after %q: %q, %v; want %q %s", s.ddl, got, err, s.want, s.code)
		}
	}
}
