package session

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"pgregory.net/rapid"

	"github.com/zerodb/zerodb/errs"
)

// TestTableAsHoldsQueryRows checks the invariant of CREATE TABLE AS,
// SELECT INTO and materialized views over random tables and changes: the
// new table, and the view after its CREATE and each REFRESH, hold
// exactly the query's rows at that moment (compared as sorted rows), and
// the tag counts them.
func TestTableAsHoldsQueryRows(t *testing.T) {
	ctx := context.Background()
	round := 0
	rapid.Check(t, func(rt *rapid.T) {
		_, s := openTestSession(t, Options{})
		round++
		run := func(q string) string {
			var w recorder
			if err := s.Query(ctx, q, &w); err != nil {
				rt.Fatalf("%s: %v", q, err)
			}
			return w.take()
		}
		rows := func(q string) string {
			out := strings.Split(strings.TrimSpace(run(q)), "\n")
			return strings.Join(out[1:len(out)-1], "\n") // without the column names and the tag
		}
		run("CREATE TABLE src (id int PRIMARY KEY, a int, b text, c numeric(6,2))")
		next := 0
		insert := func(n int) {
			for range n {
				next++
				a := rapid.SampledFrom([]string{"NULL", "0", "1", "-5", "42"}).Draw(rt, "a")
				b := rapid.SampledFrom([]string{"NULL", "''", "'x'", "'yy'"}).Draw(rt, "b")
				c := rapid.SampledFrom([]string{"NULL", "1.5", "-0.25", "9999.99"}).Draw(rt, "c")
				run(fmt.Sprintf("INSERT INTO src VALUES (%d, %s, %s, %s)", next, a, b, c))
			}
		}
		insert(rapid.IntRange(0, 8).Draw(rt, "rows"))
		where := rapid.SampledFrom([]string{"true", "a > 0", "b IS NOT NULL", "c < 2"}).Draw(rt, "where")
		query := "SELECT id, a, b, c, a * 2 AS d, 'k' AS e FROM src WHERE " + where
		sorted := query + " ORDER BY id"
		want := rows(sorted)
		n := 0
		if want != "" {
			n = strings.Count(want, "\n") + 1
		}
		tag := fmt.Sprintf("SELECT %d", n)
		if got := strings.TrimSpace(run("CREATE TABLE cp AS " + query)); got != tag {
			rt.Fatalf("CREATE TABLE AS: tag %q, want %q", got, tag)
		}
		if got := strings.TrimSpace(run(strings.Replace(query, " FROM src", " INTO cp2 FROM src", 1))); got != tag {
			rt.Fatalf("SELECT INTO: tag %q, want %q", got, tag)
		}
		if got := strings.TrimSpace(run("CREATE MATERIALIZED VIEW mv AS " + query)); got != tag {
			rt.Fatalf("CREATE MATERIALIZED VIEW: tag %q, want %q", got, tag)
		}
		for _, tab := range []string{"cp", "cp2", "mv"} {
			if got := rows("SELECT * FROM " + tab + " ORDER BY id"); got != want {
				rt.Fatalf("%s holds\n%s\nwant\n%s", tab, got, want)
			}
		}
		for range rapid.IntRange(1, 3).Draw(rt, "refreshes") {
			switch rapid.IntRange(0, 2).Draw(rt, "change") {
			case 0:
				insert(rapid.IntRange(1, 3).Draw(rt, "more"))
			case 1:
				run(fmt.Sprintf("DELETE FROM src WHERE id %% %d = 0", rapid.IntRange(2, 4).Draw(rt, "mod")))
			default:
				run("UPDATE src SET a = coalesce(a, 0) + 1, b = b || 'z'")
			}
			run("REFRESH MATERIALIZED VIEW mv")
			want := rows(sorted)
			if got := rows("SELECT * FROM mv ORDER BY id"); got != want {
				rt.Fatalf("after REFRESH mv holds\n%s\nwant\n%s", got, want)
			}
		}
	})
}

// TestPreparedOverMatView runs a prepared statement (pgx caches it by
// text) over a materialized view through CREATE WITH NO DATA, REFRESH,
// changes of its table, REFRESH WITH NO DATA and DROP: each run answers
// by the view as it is then.
func TestPreparedOverMatView(t *testing.T) {
	url := startTestServer(t)
	ctx := context.Background()
	setup := testConn(t, url)
	mustExec(t, setup, `CREATE TABLE mt (id int PRIMARY KEY, a int)`)
	mustExec(t, setup, `INSERT INTO mt VALUES (1, 10), (2, 20)`)
	conn := extConn(t, url, pgx.QueryExecModeCacheStatement)
	get := func() (string, error) {
		var s string
		err := conn.QueryRow(ctx, `SELECT count(*)::text || '/' || coalesce(sum(a), 0)::text FROM mm WHERE id > $1`, 0).Scan(&s)
		return s, err
	}
	steps := []struct {
		ddl, want, code string
	}{
		{`CREATE MATERIALIZED VIEW mm AS SELECT id, a FROM mt WITH NO DATA`, "", "55000"},
		{`REFRESH MATERIALIZED VIEW mm`, "2/30", ""},
		{`INSERT INTO mt VALUES (3, 30)`, "2/30", ""},
		{`REFRESH MATERIALIZED VIEW mm`, "3/60", ""},
		{`REFRESH MATERIALIZED VIEW mm WITH NO DATA`, "", "55000"},
		{`REFRESH MATERIALIZED VIEW mm`, "3/60", ""},
		{`DROP MATERIALIZED VIEW mm`, "", "42P01"},
		{`CREATE MATERIALIZED VIEW mm AS SELECT id, a * 2 AS a FROM mt`, "3/120", ""},
	}
	for _, s := range steps {
		mustExec(t, setup, s.ddl)
		got, err := get()
		if pgCode(err) != s.code || (s.code == "" && (err != nil || got != s.want)) {
			t.Fatalf("after %q: %q, %v; want %q %s", s.ddl, got, err, s.want, s.code)
		}
	}
}

// TestCreateTableAsExtended runs CREATE TABLE AS through the extended
// protocol, with a parameter, inside a transaction that rolls back.
func TestCreateTableAsExtended(t *testing.T) {
	url := startTestServer(t)
	ctx := context.Background()
	conn := extConn(t, url, pgx.QueryExecModeCacheStatement)
	tag, err := conn.Exec(ctx, `CREATE TABLE xa AS SELECT g AS n, $1::text AS label FROM generate_series(1, 3) g`, "p")
	if err != nil || tag.String() != "SELECT 3" {
		t.Fatalf("CREATE TABLE AS: %q, %v", tag.String(), err)
	}
	if _, err := conn.Exec(ctx, `CREATE TABLE xa AS SELECT g AS n, $1::text AS label FROM generate_series(1, 3) g`, "p"); pgCode(err) != "42P07" {
		t.Fatalf("again: %v, want 42P07", err)
	}
	var got string
	if err := conn.QueryRow(ctx, `SELECT string_agg(n::text || label, ',' ORDER BY n) FROM xa`).Scan(&got); err != nil || got != "1p,2p,3p" {
		t.Fatalf("rows: %q, %v", got, err)
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `SELECT n INTO xb FROM xa WHERE n > $1`, 1); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM xb`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("in the transaction: %d, %v", n, err)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `SELECT * FROM xb`); pgCode(err) != "42P01" {
		t.Fatalf("after ROLLBACK: %v, want 42P01", err)
	}
}

// TestMatViewRefusesWrites checks that a materialized view's rows change
// only by REFRESH: every other write, SQL's or ZQL's, is refused with
// PostgreSQL's code, and the rows stay as they were.
func TestMatViewRefusesWrites(t *testing.T) {
	ctx := context.Background()
	_, s := openTestSession(t, Options{})
	for _, q := range []string{
		"CREATE TABLE wsrc (a int PRIMARY KEY, b text)",
		"INSERT INTO wsrc VALUES (1, 'x'), (2, 'y')",
		"CREATE MATERIALIZED VIEW wmv AS SELECT a, b FROM wsrc",
	} {
		if err := s.Query(ctx, q, &recorder{}); err != nil {
			t.Fatal(q, err)
		}
	}
	tests := []struct{ q, code string }{
		{"INSERT INTO wmv VALUES (3, 'z')", "42809"},
		{"UPDATE wmv SET b = 'q'", "42809"},
		{"DELETE FROM wmv", "42809"},
		{"TRUNCATE wmv", "42809"},
		{"COPY wmv TO STDOUT", "42809"},
		{"ALTER TABLE wmv ADD COLUMN c int", "42809"},
		{"ALTER TABLE wmv ALTER COLUMN b TYPE varchar(3)", "42809"},
		{"DROP TABLE wmv", "42809"},
		{"DROP VIEW wmv", "42809"},
		{`wmv::add({a: 5, b: "q"})`, "42809"},
		{"REFRESH MATERIALIZED VIEW wsrc", "0A000"},
	}
	for _, tc := range tests {
		err := s.Query(ctx, tc.q, &recorder{})
		if got := errs.Code(err); got != tc.code {
			t.Errorf("%s: %v, want %s", tc.q, err, tc.code)
		}
	}
	var w recorder
	if err := s.Query(ctx, "SELECT a, b FROM wmv ORDER BY a", &w); err != nil {
		t.Fatal(err)
	}
	if got, want := w.take(), "a | b\n1 | x\n2 | y\nSELECT 2\n"; got != want {
		t.Errorf("rows %q, want %q", got, want)
	}
}

// TestMatViewDependencies checks what depends on a materialized view's
// query, and on the view itself: each DDL's outcome (its SQLSTATE and,
// for 2BP01, the detail naming the dependents) and which relations are
// left.
func TestMatViewDependencies(t *testing.T) {
	ctx := context.Background()
	steps := []struct {
		q, code, detail, left string
	}{
		{q: "DROP TABLE dsrc", code: "2BP01",
			detail: "materialized view dmv depends on table dsrc\nview dv depends on materialized view dmv\nmaterialized view dmv2 depends on materialized view dmv",
			left:   "dmv dmv2 dsrc dv"},
		{q: "ALTER TABLE dsrc DROP COLUMN b", code: "2BP01",
			detail: "materialized view dmv depends on column b of table dsrc\nview dv depends on materialized view dmv\nmaterialized view dmv2 depends on materialized view dmv",
			left:   "dmv dmv2 dsrc dv"},
		{q: "ALTER TABLE dsrc DROP COLUMN c", left: "dmv dmv2 dsrc dv"},
		{q: "ALTER TABLE dsrc ALTER COLUMN a TYPE bigint", code: "0A000", left: "dmv dmv2 dsrc dv"},
		{q: "ALTER TABLE dmv RENAME TO dmvx", code: "0A000", left: "dmv dmv2 dsrc dv"},
		{q: "DROP MATERIALIZED VIEW dmv2", left: "dmv dsrc dv"},
		{q: "DROP MATERIALIZED VIEW dmv", code: "2BP01", detail: "view dv depends on materialized view dmv", left: "dmv dsrc dv"},
		{q: "DROP TABLE dsrc CASCADE", left: ""},
	}
	_, s := openTestSession(t, Options{})
	for _, q := range []string{
		"CREATE TABLE dsrc (a int PRIMARY KEY, b text, c int)",
		"CREATE MATERIALIZED VIEW dmv AS SELECT a, b FROM dsrc",
		"CREATE VIEW dv AS SELECT b FROM dmv",
		"CREATE MATERIALIZED VIEW dmv2 AS SELECT a FROM dmv",
	} {
		if err := s.Query(ctx, q, &recorder{}); err != nil {
			t.Fatal(q, err)
		}
	}
	for _, st := range steps {
		err := s.Query(ctx, st.q, &recorder{})
		if errs.Code(err) != st.code {
			t.Fatalf("%s: %v, want %q", st.q, err, st.code)
		}
		if st.detail != "" && errs.From(err).Detail != st.detail {
			t.Errorf("%s: detail %q, want %q", st.q, errs.From(err).Detail, st.detail)
		}
		var w recorder
		if err := s.Query(ctx, "SELECT string_agg(relname::text, ' ' ORDER BY relname) FROM pg_class WHERE relname LIKE 'd%' AND relkind IN ('r', 'v', 'm')", &w); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(w.take(), "\n")
		if got := strings.ReplaceAll(lines[1], "NULL", ""); got != st.left {
			t.Errorf("after %s: %q left, want %q", st.q, got, st.left)
		}
	}
}
