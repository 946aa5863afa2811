package session

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// connectAs is a connection to the server at url as user.
func connectAs(t *testing.T, url, user, password string, mode pgx.QueryExecMode) *pgx.Conn {
	t.Helper()
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.User, cfg.Password, cfg.DefaultQueryExecMode = user, password, mode
	c, err := pgx.ConnectConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close(context.Background()) })
	return c
}

// sqlstate is err's SQLSTATE ("" for none).
func sqlstate(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// TestPrivilegesOfLiveSessions: a REVOKE, and a superuser losing
// SUPERUSER, reach a session that already ran (and cached, and
// prepared) the statement, at its next execution, in both protocols.
func TestPrivilegesOfLiveSessions(t *testing.T) {
	ctx := context.Background()
	url := startTestServer(t)
	root := testConn(t, url)
	for _, s := range []string{
		"CREATE USER bob PASSWORD 'b'",
		"CREATE USER boss SUPERUSER PASSWORD 'x'",
		"CREATE TABLE t (id int PRIMARY KEY, v text)",
		"INSERT INTO t VALUES (1, 'a')",
		"GRANT SELECT ON t TO bob",
	} {
		if _, err := root.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeSimpleProtocol, pgx.QueryExecModeCacheStatement} {
		name := map[pgx.QueryExecMode]string{pgx.QueryExecModeSimpleProtocol: "simple", pgx.QueryExecModeCacheStatement: "prepared"}[mode]
		t.Run(name, func(t *testing.T) {
			if _, err := root.Exec(ctx, "GRANT SELECT ON t TO bob"); err != nil {
				t.Fatal(err)
			}
			if _, err := root.Exec(ctx, "ALTER ROLE boss SUPERUSER"); err != nil {
				t.Fatal(err)
			}
			bob := connectAs(t, url, "bob", "b", mode)
			boss := connectAs(t, url, "boss", "x", mode)
			read := func(c *pgx.Conn) error {
				var v string
				return c.QueryRow(ctx, "SELECT v FROM t WHERE id = 1").Scan(&v)
			}
			for i := 0; i < 3; i++ { // cached and rerun
				if err := read(bob); err != nil {
					t.Fatalf("bob, granted: %v", err)
				}
				if err := read(boss); err != nil {
					t.Fatalf("boss, superuser: %v", err)
				}
			}
			if _, err := root.Exec(ctx, "REVOKE SELECT ON t FROM bob"); err != nil {
				t.Fatal(err)
			}
			if _, err := root.Exec(ctx, "ALTER ROLE boss NOSUPERUSER"); err != nil {
				t.Fatal(err)
			}
			if err := read(bob); sqlstate(err) != "42501" || !strings.Contains(err.Error(), "permission denied for table t") {
				t.Fatalf("bob after REVOKE: %v", err)
			}
			if err := read(boss); sqlstate(err) != "42501" {
				t.Fatalf("boss after NOSUPERUSER: %v", err)
			}
		})
	}
}

// TestPrivilegesOfCopy: COPY FROM needs INSERT and COPY TO SELECT, on
// the direct path as on the planned one.
func TestPrivilegesOfCopy(t *testing.T) {
	ctx := context.Background()
	url := startTestServer(t)
	root := testConn(t, url)
	for _, s := range []string{
		"CREATE USER bob PASSWORD 'b'",
		"CREATE TABLE t (id int PRIMARY KEY, v text)",
		"CREATE TABLE g (id int PRIMARY KEY, v text)",
		"GRANT SELECT, INSERT ON g TO bob",
	} {
		if _, err := root.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	bob := connectAs(t, url, "bob", "b", pgx.QueryExecModeSimpleProtocol).PgConn()
	for _, c := range []struct {
		table, want string
	}{{"t", "42501"}, {"g", ""}} {
		_, err := bob.CopyFrom(ctx, strings.NewReader("1\tx\n"), "COPY "+c.table+" FROM STDIN")
		if sqlstate(err) != c.want || (c.want == "" && err != nil) {
			t.Errorf("COPY %s FROM: %v, want %q", c.table, err, c.want)
		}
		var out strings.Builder
		_, err = bob.CopyTo(ctx, &out, "COPY "+c.table+" TO STDOUT")
		if sqlstate(err) != c.want || (c.want == "" && err != nil) {
			t.Errorf("COPY %s TO: %v, want %q", c.table, err, c.want)
		}
	}
}
