package session

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/zerodb/zerodb/errs"
)

// runScript runs each statement of script (one per line; "--" lines are
// skipped) in s and renders what the client gets: columns, rows, tags,
// and errors as "ERROR <SQLSTATE>: <message>".
func runScript(t *testing.T, s *Session, script string) string {
	t.Helper()
	ctx := context.Background()
	var w recorder
	var out strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(script), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "--") {
			continue
		}
		if err := s.Query(ctx, line, &w); err != nil {
			e := errs.From(err)
			fmt.Fprintf(&w.b, "ERROR %s: %s\n", e.Code, e.Message)
		}
		out.WriteString(w.take())
	}
	return out.String()
}

// TestCursors runs DECLARE, FETCH, MOVE and CLOSE scripts against a table
// of ten rows, and compares everything the client sees with what
// PostgreSQL 15 answers.
func TestCursors(t *testing.T) {
	const setup = `
CREATE TABLE cur (id int PRIMARY KEY, v text)
INSERT INTO cur SELECT g, 'v' || g FROM generate_series(1, 10) g
`
	for _, tc := range []struct {
		name, script, want string
	}{
		{"forward in chunks", `
BEGIN
DECLARE c CURSOR FOR SELECT id FROM cur ORDER BY id
FETCH FORWARD 4 FROM c
FETCH 4 IN c
FETCH FORWARD 4 c
FETCH NEXT c
COMMIT`, `BEGIN
DECLARE CURSOR
id
1
2
3
4
FETCH 4
id
5
6
7
8
FETCH 4
id
9
10
FETCH 2
id
FETCH 0
COMMIT
`},
		{"fetch all and move", `
BEGIN
DECLARE c CURSOR FOR SELECT id, v FROM cur ORDER BY id
MOVE 3 IN c
FETCH c
MOVE FORWARD ALL FROM c
FETCH ALL c
MOVE c
ROLLBACK`, `BEGIN
DECLARE CURSOR
MOVE 3
id | v
4 | v4
FETCH 1
MOVE 6
id | v
FETCH 0
MOVE 0
ROLLBACK
`},
		{"scroll", `
BEGIN
DECLARE c SCROLL CURSOR FOR SELECT id FROM cur ORDER BY id
FETCH 3 c
FETCH PRIOR c
FETCH BACKWARD 5 c
FETCH LAST c
FETCH ABSOLUTE 2 c
FETCH ABSOLUTE -3 c
FETCH RELATIVE -2 c
FETCH RELATIVE 0 c
FETCH FIRST c
FETCH BACKWARD ALL c
MOVE LAST c
FETCH 0 c
FETCH NEXT c
FETCH BACKWARD 2 c
MOVE BACKWARD ALL c
FETCH -1 c
FETCH ABSOLUTE 11 c
FETCH PRIOR c
COMMIT`, `BEGIN
DECLARE CURSOR
id
1
2
3
FETCH 3
id
2
FETCH 1
id
1
FETCH 1
id
10
FETCH 1
id
2
FETCH 1
id
8
FETCH 1
id
6
FETCH 1
id
6
FETCH 1
id
1
FETCH 1
id
FETCH 0
MOVE 1
id
10
FETCH 1
id
FETCH 0
id
10
9
FETCH 2
MOVE 8
id
FETCH 0
id
FETCH 0
id
10
FETCH 1
COMMIT
`},
		{"no scroll", `
BEGIN
DECLARE c NO SCROLL CURSOR FOR SELECT id FROM cur ORDER BY id
FETCH 2 c
FETCH PRIOR c
ROLLBACK
BEGIN
DECLARE c CURSOR FOR SELECT id FROM cur ORDER BY id
FETCH ABSOLUTE 3 c
FETCH ABSOLUTE 5 c
FETCH FIRST c
ROLLBACK`, `BEGIN
DECLARE CURSOR
id
1
2
FETCH 2
ERROR 55000: cursor can only scan forward
ROLLBACK
BEGIN
DECLARE CURSOR
id
3
FETCH 1
id
5
FETCH 1
ERROR 55000: cursor can only scan forward
ROLLBACK
`},
		{"errors", `
DECLARE c CURSOR FOR SELECT 1
FETCH c
CLOSE c
BEGIN
DECLARE c CURSOR FOR SELECT 1
DECLARE c CURSOR FOR SELECT 2
ROLLBACK
BEGIN
DECLARE c SCROLL NO SCROLL CURSOR FOR SELECT 1
ROLLBACK
BEGIN
MOVE x
ROLLBACK`, `ERROR 25P01: DECLARE CURSOR can only be used in transaction blocks
ERROR 34000: cursor "c" does not exist
ERROR 34000: cursor "c" does not exist
BEGIN
DECLARE CURSOR
ERROR 42P03: cursor "c" already exists
ROLLBACK
BEGIN
ERROR 42P11: cannot specify both SCROLL and NO SCROLL
ROLLBACK
BEGIN
ERROR 34000: cursor "x" does not exist
ROLLBACK
`},
		{"end with the transaction", `
BEGIN
DECLARE c CURSOR FOR SELECT id FROM cur ORDER BY id
COMMIT
FETCH c
BEGIN
DECLARE c CURSOR FOR SELECT id FROM cur ORDER BY id
ROLLBACK
BEGIN
FETCH c
ROLLBACK`, `BEGIN
DECLARE CURSOR
COMMIT
ERROR 34000: cursor "c" does not exist
BEGIN
DECLARE CURSOR
ROLLBACK
BEGIN
ERROR 34000: cursor "c" does not exist
ROLLBACK
`},
		{"with hold", `
BEGIN
DECLARE h CURSOR WITH HOLD FOR SELECT id FROM cur WHERE id <= 4 ORDER BY id
FETCH h
COMMIT
FETCH 2 h
BEGIN
FETCH h
ROLLBACK
FETCH h
CLOSE h
FETCH h
DECLARE a CURSOR WITH HOLD FOR SELECT id FROM cur WHERE id > 8 ORDER BY id
FETCH ALL a
BEGIN
DECLARE gone CURSOR WITH HOLD FOR SELECT 1
ROLLBACK
FETCH gone`, `BEGIN
DECLARE CURSOR
id
1
FETCH 1
COMMIT
id
2
3
FETCH 2
BEGIN
id
4
FETCH 1
ROLLBACK
id
FETCH 0
CLOSE CURSOR
ERROR 34000: cursor "h" does not exist
DECLARE CURSOR
id
9
10
FETCH 2
BEGIN
DECLARE CURSOR
ROLLBACK
ERROR 34000: cursor "gone" does not exist
`},
		{"with hold of a failed commit", `
CREATE TABLE ch (id int PRIMARY KEY, pid int REFERENCES cur DEFERRABLE INITIALLY DEFERRED)
BEGIN
DECLARE h CURSOR WITH HOLD FOR SELECT 1 AS one
INSERT INTO ch VALUES (1, 99)
COMMIT
FETCH h`, `CREATE TABLE
BEGIN
DECLARE CURSOR
INSERT 0 1
ERROR 23503: insert or update on table "ch" violates foreign key constraint "ch_pid_fkey"
ERROR 34000: cursor "h" does not exist
`},
		{"statement timeout: each FETCH runs in its own statement's time", `
SET statement_timeout = '10s'
BEGIN
DECLARE c CURSOR FOR SELECT id FROM cur ORDER BY id
FETCH 2 c
FETCH 2 c
ROLLBACK
RESET statement_timeout`, `SET
BEGIN
DECLARE CURSOR
id
1
2
FETCH 2
id
3
4
FETCH 2
ROLLBACK
RESET
`},
		{"failed transaction", `
BEGIN
DECLARE c CURSOR FOR SELECT id FROM cur ORDER BY id
SELECT 1/0
FETCH c
ROLLBACK
FETCH c`, `BEGIN
DECLARE CURSOR
ERROR 22012: division by zero
ERROR 25P02: current transaction is aborted, commands ignored until end of transaction block
ROLLBACK
ERROR 34000: cursor "c" does not exist
`},
		{"close all and interleaving", `
BEGIN
DECLARE a CURSOR FOR SELECT id FROM cur ORDER BY id
DECLARE b CURSOR FOR SELECT id FROM cur ORDER BY id DESC
FETCH 2 a
FETCH 2 b
FETCH a
FETCH b
CLOSE ALL
FETCH a
ROLLBACK`, `BEGIN
DECLARE CURSOR
DECLARE CURSOR
id
1
2
FETCH 2
id
10
9
FETCH 2
id
3
FETCH 1
id
8
FETCH 1
CLOSE CURSOR ALL
ERROR 34000: cursor "a" does not exist
ROLLBACK
`},
		{"snapshot of declare", `
BEGIN
DECLARE c CURSOR FOR SELECT id, v FROM cur WHERE id > 8 ORDER BY id
INSERT INTO cur VALUES (11, 'new')
UPDATE cur SET v = 'changed' WHERE id = 10
FETCH ALL c
SELECT count(*) FROM cur
ROLLBACK`, `BEGIN
DECLARE CURSOR
INSERT 0 1
UPDATE 1
id | v
9 | v9
10 | v10
FETCH 2
count
11
SELECT 1
ROLLBACK
`},
		{"savepoints", `
BEGIN
DECLARE a CURSOR FOR SELECT 1 AS x
SAVEPOINT s
DECLARE b CURSOR FOR SELECT 2 AS x
ROLLBACK TO s
FETCH a
FETCH b
ROLLBACK`, `BEGIN
DECLARE CURSOR
SAVEPOINT
DECLARE CURSOR
ROLLBACK
x
1
FETCH 1
ERROR 34000: cursor "b" does not exist
ROLLBACK
`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, s := openTestSession(t, Options{})
			runScript(t, s, setup)
			if got := runScript(t, s, tc.script); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// TestCursorStreams: a cursor fetched forward over many rows keeps none
// of them (it streams), while a SCROLL cursor keeps what it read.
func TestCursorStreams(t *testing.T) {
	_, s := openTestSession(t, Options{})
	runScript(t, s, `
CREATE TABLE big (id int PRIMARY KEY)
INSERT INTO big SELECT g FROM generate_series(1, 20000) g
BEGIN
DECLARE fwd CURSOR FOR SELECT id FROM big
DECLARE scr SCROLL CURSOR FOR SELECT id FROM big`)
	for _, tc := range []struct {
		cursor string
		kept   int
	}{{"fwd", 0}, {"scr", 300}} {
		for range 3 {
			runScript(t, s, "FETCH 100 FROM "+tc.cursor)
		}
		pt, err := s.cursorNamed(tc.cursor)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(pt.cur.rows); got != tc.kept || pt.cur.pos != 300 {
			t.Errorf("%s: %d rows kept at row %d, want %d at 300", tc.cursor, got, pt.cur.pos, tc.kept)
		}
	}
	if got := runScript(t, s, "FETCH 2 fwd\nCOMMIT"); got != "id\n301\n302\nFETCH 2\nCOMMIT\n" {
		t.Errorf("got %q", got)
	}
}

// TestCursorsExtended declares a cursor with a parameter and fetches
// from it through the extended protocol (Parse/Describe/Bind/Execute),
// with pgx's binary result formats and its statement cache.
func TestCursorsExtended(t *testing.T) {
	ctx := context.Background()
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeDescribeExec, pgx.QueryExecModeExec} {
		t.Run(mode.String(), func(t *testing.T) {
			c := extConn(t, startTestServer(t), mode)
			mustExec(t, c, "CREATE TABLE ct (id int PRIMARY KEY, v text)")
			mustExec(t, c, "INSERT INTO ct SELECT g, 'v' || g FROM generate_series(1, 10) g")
			if _, err := c.Exec(ctx, `DECLARE c CURSOR FOR SELECT id, v FROM ct WHERE id > $1 ORDER BY id`, 5); pgCode(err) != "25P01" {
				t.Fatalf("DECLARE outside a block: %v", err)
			}
			tx, err := c.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback(ctx)
			if _, err := tx.Exec(ctx, `DECLARE c CURSOR FOR SELECT id, v FROM ct WHERE id > $1 ORDER BY id`, 5); err != nil {
				t.Fatal(err)
			}
			var got []string
			for range 3 {
				rows, err := tx.Query(ctx, `FETCH FORWARD 2 FROM c`)
				if err != nil {
					t.Fatal(err)
				}
				for rows.Next() {
					var id int32
					var v string
					if err := rows.Scan(&id, &v); err != nil {
						t.Fatal(err)
					}
					got = append(got, fmt.Sprintf("%d:%s", id, v))
				}
				if err := rows.Err(); err != nil {
					t.Fatal(err)
				}
				if tag := rows.CommandTag().String(); tag != "FETCH 2" && tag != "FETCH 1" {
					t.Errorf("tag %q", tag)
				}
			}
			if want := "6:v6 7:v7 8:v8 9:v9 10:v10"; strings.Join(got, " ") != want {
				t.Errorf("rows %v, want %s", got, want)
			}
			tag, err := tx.Exec(ctx, "MOVE BACKWARD 1 IN c")
			if pgCode(err) != "55000" {
				t.Fatalf("MOVE BACKWARD: %v %v", tag, err)
			}
			if err := tx.Rollback(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Exec(ctx, "CLOSE c"); pgCode(err) != "34000" {
				t.Fatalf("CLOSE after the block: %v", err)
			}
		})
	}
}

// TestExecuteCursorPortal: a cursor is a portal, and Execute runs it
// forward as PostgreSQL does: maxRows rows, suspended until a run finds
// the end, then "SELECT n" (the recorder shows the columns, which pgwire
// does not send during Execute).
func TestExecuteCursorPortal(t *testing.T) {
	ctx := context.Background()
	_, s := openTestSession(t, Options{})
	runScript(t, s, `
BEGIN
DECLARE c CURSOR FOR SELECT g FROM generate_series(1, 5) g
FETCH c`)
	var w recorder
	for _, want := range []struct {
		rows      string
		suspended bool
	}{{"g\n2\n3\n", true}, {"g\n4\n5\n", true}, {"SELECT 0\n", false}} {
		suspended, err := s.Execute(ctx, "c", 2, &w)
		if err != nil {
			t.Fatal(err)
		}
		if got := w.take(); got != want.rows || suspended != want.suspended {
			t.Errorf("Execute: %q suspended %v, want %q %v", got, suspended, want.rows, want.suspended)
		}
	}
	if got := runScript(t, s, "FETCH c\nCOMMIT"); got != "g\nFETCH 0\nCOMMIT\n" {
		t.Errorf("after: %q", got)
	}
}

// TestCursorPreparedRevalidated: a DECLARE prepared before its table
// changed runs its query against the table as it is.
func TestCursorPreparedRevalidated(t *testing.T) {
	ctx := context.Background()
	c := extConn(t, startTestServer(t), pgx.QueryExecModeCacheStatement)
	mustExec(t, c, "CREATE TABLE rv (id int PRIMARY KEY)")
	mustExec(t, c, "INSERT INTO rv VALUES (1)")
	declare := "DECLARE c CURSOR FOR SELECT * FROM rv WHERE id > $1"
	fetch := func() []any {
		tx, err := c.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx)
		if _, err := tx.Exec(ctx, declare, 0); err != nil {
			t.Fatal(err)
		}
		// pgx would keep the FETCH's first description (its
		// statement cache), as it would with PostgreSQL.
		rows, err := tx.Query(ctx, "FETCH ALL c", pgx.QueryExecModeSimpleProtocol)
		if err != nil {
			t.Fatal(err)
		}
		vals, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) ([]any, error) { return r.Values() })
		if err != nil {
			t.Fatal(err)
		}
		return vals[0]
	}
	if got := fetch(); len(got) != 1 {
		t.Fatalf("row %v", got)
	}
	mustExec(t, c, "ALTER TABLE rv ADD COLUMN v text DEFAULT 'x'")
	if got := fetch(); len(got) != 2 || got[1] != "x" {
		t.Fatalf("row after ALTER: %v", got)
	}
}

// TestCursorsEmbedded: the Go API refuses cursor statements (0A000)
// rather than running a DECLARE's query as a statement of its own.
func TestCursorsEmbedded(t *testing.T) {
	ctx := context.Background()
	_, s := openTestSession(t, Options{})
	for _, q := range []string{"BEGIN", "DECLARE c CURSOR FOR SELECT 1", "FETCH c", "CLOSE c"} {
		st, err := s.PrepareStatement(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.Run(ctx, st, nil, nil)
		if q == "BEGIN" {
			if err != nil {
				t.Fatal(err)
			}
			continue
		}
		if errs.Code(err) != errs.FeatureNotSupported {
			t.Errorf("%s: %v, want 0A000", q, err)
		}
		s.failed = false
	}
}

// TestSuspendedPortalStatementTimeout: under statement_timeout each
// Execute's context ends with it, and a suspended portal's query goes on
// in the next Execute's (portalCtx), as a cursor's does in the next
// FETCH's.
func TestSuspendedPortalStatementTimeout(t *testing.T) {
	ctx := context.Background()
	_, s := openTestSession(t, Options{})
	runScript(t, s, `
SET statement_timeout = '10s'
CREATE TABLE pp (id int PRIMARY KEY)
INSERT INTO pp SELECT g FROM generate_series(1, 5000) g
BEGIN`)
	if _, err := s.Prepare(ctx, "", "SELECT id FROM pp", nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Bind(ctx, "p", "", nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	var w recorder
	for i := range 4 {
		suspended, err := s.Execute(ctx, "p", 1000, &w)
		if err != nil || !suspended {
			t.Fatalf("Execute %d: suspended %v, %v", i, suspended, err)
		}
		w.take()
	}
	suspended, err := s.Execute(ctx, "p", 1000, &w)
	if out := w.take(); err != nil || suspended || !strings.HasSuffix(out, "\n5000\nSELECT 1000\n") {
		t.Fatalf("last Execute: suspended %v, %v", suspended, err)
	}
}
