package compattests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPsqlSQLAndZQL drives the real binary with the real psql through both
// languages, and checks that one catalog and one store serve both.
func TestPsqlSQLAndZQL(t *testing.T) {
	s := startServer(t, "")
	steps := []struct {
		name string
		in   string
		want string // psql -A -t output (unaligned, tuples only)
	}{
		{"create", "CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance bigint DEFAULT 0)", ""},
		{"insert", "INSERT INTO accounts VALUES (1, 'ann', 100), (2, 'bob', 50) RETURNING id, owner", "1|ann\n2|bob"},
		{"select", "SELECT owner, balance FROM accounts WHERE balance > 60", "ann|100"},
		{"default", "INSERT INTO accounts (id, owner) VALUES (3, 'cy'); SELECT balance FROM accounts WHERE id = 3", "0"},
		{"agg", "SELECT count(*), sum(balance) FROM accounts", "3|150"},
		{"zql reads sql", "[ .owner in accounts, .balance >= 50 ]", `"ann"` + "\n" + `"bob"`},
		{"zql table", "table::create(@persons)", ""},
		{"zql add", `persons::add(@john, { name: "John", age: 42 })`, `{"id": "persons.@john", "name": "John", "age": 42}`},
		{"zql comprehension", `[ { name } in persons, .age > 18 ]`, `{"name": "John"}`},
		{"sql reads zql", "SELECT id, doc->>'name' FROM persons", "john|John"},
		{"zql writes sql table", `accounts.@2.update({ balance: 75 })`, `{"id": "accounts.@2", "owner": "bob", "balance": 75}`},
		{"sql sees zql write", "SELECT balance FROM accounts WHERE id = 2", "75"},
	}
	for _, st := range steps {
		out, errOut, err := psql(t, s, "main", "-q", "-A", "-t", "-c", st.in)
		if err != nil {
			t.Fatalf("%s: psql %q: %v\n%s", st.name, st.in, err, errOut)
		}
		// An empty want means the step is checked by the later ones.
		if got := strings.TrimSpace(out); st.want != "" && got != st.want {
			t.Errorf("%s: %q\n got: %q\nwant: %q", st.name, st.in, got, st.want)
		}
	}
}

// TestPsqlErrors checks that errors reach psql with their SQLSTATE and
// position, and that the connection keeps serving.
func TestPsqlErrors(t *testing.T) {
	s := startServer(t, "")
	cases := []struct {
		in       string
		wantCode string
		wantMsg  string
	}{
		{"SELECT * FROM nope", "42P01", `relation "nope" does not exist`},
		{"SELECT * FROM WHERE", "42601", `syntax error at or near "WHERE"`},
		// Not a SQL keyword, so ZQL reads it: the hint points at the typo.
		{"SELEC 1", "42883", `HINT:  Did you mean the SQL keyword SELECT?`},
		{"CREATE TABLE t (a int); SELECT b FROM t", "42703", `column "b" does not exist`},
		{"SELECT 1/0", "22012", "division by zero"},
		{"SELECT nofunc(1)", "42883", "function nofunc(integer) does not exist"},
		{"[ p in nowhere ]", "42P01", "nowhere"},
		{"persons::add(", "42601", "syntax error"},
	}
	for _, c := range cases {
		_, errOut, err := psql(t, s, "main", "-v", "VERBOSITY=verbose", "-c", c.in)
		if err == nil {
			t.Errorf("%q: expected an error", c.in)
			continue
		}
		if !strings.Contains(errOut, "ERROR:  "+c.wantCode) || !strings.Contains(errOut, c.wantMsg) {
			t.Errorf("%q: stderr %q, want code %s and %q", c.in, errOut, c.wantCode, c.wantMsg)
		}
	}
	// The caret: psql draws it from the ErrorResponse position.
	_, errOut, _ := psql(t, s, "main", "-c", "SELECT * FROM nope")
	if !strings.Contains(errOut, "LINE 1: SELECT * FROM nope") || !strings.Contains(errOut, "^") {
		t.Errorf("no position caret in %q", errOut)
	}
	out, errOut, err := psql(t, s, "main", "-A", "-t", "-c", "SELECT 1 + 1")
	if err != nil || strings.TrimSpace(out) != "2" {
		t.Fatalf("server stopped serving after errors: %v %q %q", err, out, errOut)
	}
}

// TestPsqlBadPassword checks 28P01.
func TestPsqlBadPassword(t *testing.T) {
	s := startServer(t, "")
	_, errOut, err := psqlAs(t, s, "wrong", "main", "-c", "select 1")
	if err == nil || !strings.Contains(errOut, "password authentication failed") {
		t.Fatalf("want a password failure, got err=%v stderr=%q", err, errOut)
	}
}

// TestPsqlFetchCount: with FETCH_COUNT set, psql wraps a SELECT in BEGIN,
// DECLARE _psql_cursor NO SCROLL CURSOR, FETCH FORWARD n and CLOSE, and
// prints the rows of every chunk; inside the user's own block it leaves
// the block open.
func TestPsqlFetchCount(t *testing.T) {
	s := startServer(t, "")
	if _, errOut, err := psql(t, s, "main", "-q", "-c", "CREATE TABLE fc (id int PRIMARY KEY, v text)",
		"-c", "INSERT INTO fc SELECT g, 'v' || g FROM generate_series(1, 5) g"); err != nil {
		t.Fatalf("setup: %v\n%s", err, errOut)
	}
	out, errOut, err := psql(t, s, "main", "-q", "-A", "-t", "-v", "FETCH_COUNT=2",
		"-c", "SELECT id, v FROM fc ORDER BY id",
		"-c", "BEGIN",
		"-c", "SELECT id FROM fc WHERE id > 3 ORDER BY id",
		"-c", "SELECT 'still in the block' AS s",
		"-c", "COMMIT")
	if err != nil {
		t.Fatalf("psql: %v\n%s", err, errOut)
	}
	want := "1|v1\n2|v2\n3|v3\n4|v4\n5|v5\n4\n5\nstill in the block"
	if got := strings.TrimSpace(out); got != want {
		t.Errorf("got:\n%s\nwant:\n%s\nstderr: %s", got, want, errOut)
	}
}

// TestPsqlDescribeGenerated: psql's \d reads attgenerated and pg_attrdef
// (pg_get_expr with pretty) and shows a stored generated column's
// expression as PostgreSQL's does.
func TestPsqlDescribeGenerated(t *testing.T) {
	s := startServer(t, "")
	if _, errOut, err := psql(t, s, "main", "-q", "-c", "CREATE TABLE gt (a int, b int GENERATED ALWAYS AS (a * 2) STORED, c text GENERATED ALWAYS AS (lower('X' || a)) STORED)"); err != nil {
		t.Fatalf("create: %v\n%s", err, errOut)
	}
	out, errOut, err := psql(t, s, "main", "-c", `\d gt`)
	if err != nil {
		t.Fatalf(`\d: %v\n%s`, err, errOut)
	}
	for _, want := range []string{
		"generated always as (a * 2) stored",
		"generated always as (lower('X' || a)) stored",
	} {
		if !strings.Contains(out, want) {
			t.Errorf(`\d gt: no %q in:\n%s`, want, out)
		}
	}
}

// TestPsqlDescribeAggregates: psql's \da lists user-defined aggregates
// (pg_proc rows of prokind 'a') with their result and argument types,
// and \df marks them "agg", as PostgreSQL's does.
func TestPsqlDescribeAggregates(t *testing.T) {
	s := startServer(t, "")
	if _, errOut, err := psql(t, s, "main", "-q", "-c", `CREATE AGGREGATE mysum(int) (SFUNC = int4pl, STYPE = int);
CREATE AGGREGATE cnt(*) (SFUNC = int8inc, STYPE = int8, INITCOND = 0);
COMMENT ON AGGREGATE mysum(int) IS 'my sum';`); err != nil {
		t.Fatalf("create: %v\n%s", err, errOut)
	}
	for _, c := range []struct{ cmd, want string }{
		{`\da`, "public|cnt|bigint|*|\npublic|mysum|integer|integer|my sum"},
		{`\df`, "public|cnt|bigint||agg\npublic|mysum|integer|integer|agg"},
	} {
		out, errOut, err := psql(t, s, "main", "-A", "-t", "-c", c.cmd)
		if err != nil {
			t.Fatalf("%s: %v\n%s", c.cmd, err, errOut)
		}
		if got := strings.TrimSpace(out); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.cmd, got, c.want)
		}
	}
}

// TestPsqlDescribeTriggers: psql's \d lists a table's triggers (it asks
// pg_class.relhastriggers, then pg_trigger and pg_get_triggerdef), with
// the disabled ones apart, as PostgreSQL's does.
func TestPsqlDescribeTriggers(t *testing.T) {
	s := startServer(t, "")
	if _, errOut, err := psql(t, s, "main", "-q", "-c", `CREATE TABLE tt (id int PRIMARY KEY, name text, at timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.at := now(); RETURN NEW; END $$;
CREATE TRIGGER tt_touch BEFORE UPDATE ON tt FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER tt_named AFTER INSERT OR UPDATE OF name ON tt FOR EACH ROW WHEN (NEW.id > 1) EXECUTE FUNCTION touch('a');
ALTER TABLE tt DISABLE TRIGGER tt_named;
CREATE TRIGGER tt_stmt BEFORE TRUNCATE OR DELETE ON tt EXECUTE FUNCTION touch();`); err != nil {
		t.Fatalf("create: %v\n%s", err, errOut)
	}
	out, errOut, err := psql(t, s, "main", "-c", `\d tt`)
	if err != nil {
		t.Fatalf(`\d: %v\n%s`, err, errOut)
	}
	for _, want := range []string{
		"Triggers:\n    tt_stmt BEFORE DELETE OR TRUNCATE ON tt FOR EACH STATEMENT EXECUTE FUNCTION touch()\n    tt_touch BEFORE UPDATE ON tt FOR EACH ROW EXECUTE FUNCTION touch()",
		"Disabled user triggers:\n    tt_named AFTER INSERT OR UPDATE OF name ON tt FOR EACH ROW WHEN ((new.id > 1)) EXECUTE FUNCTION touch('a')",
	} {
		if !strings.Contains(out, want) {
			t.Errorf(`\d tt: no %q in:\n%s`, want, out)
		}
	}
}

// TestPsqlDescribeEnums checks that psql's \dT and \dT+ list SQL enums
// with their labels in declaration order, and that \d names a column's
// enum type.
func TestPsqlDescribeEnums(t *testing.T) {
	s := startServer(t, "")
	for _, sql := range []string{
		"CREATE TYPE mood AS ENUM ('sad', 'happy')",
		"ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy'",
		"CREATE TABLE people (id int PRIMARY KEY, m mood)",
	} {
		if _, errOut, err := psql(t, s, "main", "-q", "-c", sql); err != nil {
			t.Fatalf("%s: %v\n%s", sql, err, errOut)
		}
	}
	for _, c := range []struct{ cmd, want string }{
		{`\dT`, "public | mood |"},
		{`\dT+`, "| sad     +|"},
		{`\dT+`, "| ok      +|"},
		{`\d people`, "m      | mood    |"},
	} {
		out, errOut, err := psql(t, s, "main", "-c", c.cmd)
		if err != nil {
			t.Fatalf(`%s: %v\n%s`, c.cmd, err, errOut)
		}
		if !strings.Contains(out, c.want) {
			t.Errorf(`%s: no %q in:\n%s`, c.cmd, c.want, out)
		}
		if c.cmd == `\dT+` && !(strings.Index(out, "sad") < strings.Index(out, "ok") && strings.Index(out, "ok") < strings.Index(out, "happy")) {
			t.Errorf(`\dT+: labels not in declaration order:\n%s`, out)
		}
	}
}

// TestPsqlDescribeDomains checks that psql's \dD lists SQL domains with
// their base type, NOT NULL, default and checks, and that \d names a
// column's domain.
func TestPsqlDescribeDomains(t *testing.T) {
	s := startServer(t, "")
	for _, sql := range []string{
		"CREATE DOMAIN posint AS integer NOT NULL DEFAULT 1 CHECK (VALUE > 0)",
		"CREATE TABLE people (id int PRIMARY KEY, n posint)",
	} {
		if _, errOut, err := psql(t, s, "main", "-q", "-c", sql); err != nil {
			t.Fatalf("%s: %v\n%s", sql, err, errOut)
		}
	}
	for _, c := range []struct{ cmd, want string }{
		{`\dD`, "public | posint | integer |"},
		{`\dD`, "CHECK (VALUE > 0)"},
		{`\d people`, "n      | posint  |"},
	} {
		out, errOut, err := psql(t, s, "main", "-c", c.cmd)
		if err != nil {
			t.Fatalf(`%s: %v\n%s`, c.cmd, err, errOut)
		}
		if !strings.Contains(out, c.want) {
			t.Errorf(`%s: no %q in:\n%s`, c.cmd, c.want, out)
		}
	}
	// COPY checks the domain too: its NULL and its CHECK.
	dir := t.TempDir()
	for _, c := range []struct{ rows, want string }{
		{"1\t5\n2\t\\N\n", "domain posint does not allow null values"},
		{"1\t5\n2\t0\n", `value for domain posint violates check constraint "posint_check"`},
	} {
		file := filepath.Join(dir, "rows.tsv")
		if err := os.WriteFile(file, []byte(c.rows), 0o644); err != nil {
			t.Fatal(err)
		}
		_, errOut, err := psql(t, s, "main", "-c", `\copy people FROM '`+file+`'`)
		if err == nil || !strings.Contains(errOut, c.want) {
			t.Errorf("COPY of %q: %v, %s; want %q", c.rows, err, errOut, c.want)
		}
	}
	ok := filepath.Join(dir, "ok.tsv")
	if err := os.WriteFile(ok, []byte("1\t5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errOut, err := psql(t, s, "main", "-c", `\copy people FROM '`+ok+`'`); err != nil {
		t.Errorf("COPY of a good row: %v\n%s", err, errOut)
	}
}

// TestPsqlDescribeFunctions checks that psql's \df lists functions
// defined in SQL with their results and arguments, \df+ their language,
// source and access privileges, \sf prints a definition that makes them
// again, and \ddp lists default privileges.
func TestPsqlDescribeFunctions(t *testing.T) {
	s := startServer(t, "")
	for _, sql := range []string{
		"CREATE FUNCTION add1(a int, b int DEFAULT 1) RETURNS int LANGUAGE sql IMMUTABLE STRICT AS 'select a + b'",
		"CREATE FUNCTION squares(n int) RETURNS TABLE(k int, sq int) LANGUAGE sql AS 'select g, g * g from generate_series(1, n) g'",
		"CREATE FUNCTION pl(n int) RETURNS void LANGUAGE plpgsql AS $$ begin null; end $$",
		"CREATE ROLE app",
		"REVOKE ALL ON FUNCTION add1(int, int) FROM PUBLIC",
		"GRANT EXECUTE ON FUNCTION add1(int, int) TO app",
		"ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO app",
	} {
		if _, errOut, err := psql(t, s, "main", "-q", "-c", sql); err != nil {
			t.Fatalf("%s: %v\n%s", sql, err, errOut)
		}
	}
	for _, c := range []struct{ cmd, want string }{
		{`\df`, "public | add1    | integer                      | a integer, b integer DEFAULT 1 | func"},
		{`\df`, "public | squares | TABLE(k integer, sq integer) | n integer                      | func"},
		{`\df`, "public | pl      | void                         | n integer                      | func"},
		{`\df+ add1`, "| immutable  |"},
		{`\df+ add1`, "| sql      | select a + b"},
		{`\df+ pl`, "| plpgsql  |  begin null; end"},
		{`\df+ add1`, "| root=X/root"},
		{`\df+ add1`, "| app=X/root"},
		{`\ddp`, " root  |        | table | root=arwdDxt/root"},
		{`\ddp`, "app=r/root"},
		{`\sf add1`, "CREATE OR REPLACE FUNCTION public.add1(a integer, b integer DEFAULT 1)\n RETURNS integer\n LANGUAGE sql\n IMMUTABLE STRICT\nAS $function$select a + b$function$"},
	} {
		out, errOut, err := psql(t, s, "main", "-c", c.cmd)
		if err != nil {
			t.Fatalf(`%s: %v\n%s`, c.cmd, err, errOut)
		}
		if !strings.Contains(out, c.want) {
			t.Errorf(`%s: no %q in:\n%s`, c.cmd, c.want, out)
		}
	}
}

// TestPsqlRoles: a user made with CREATE USER logs in with the real
// psql, \du lists the roles' attributes and memberships, \password (which sends a SCRAM
// verifier it computed itself) changes a password, \dp shows grants
// that the user's reads obey, and a NOLOGIN role is turned away with
// PostgreSQL's message.
func TestPsqlRoles(t *testing.T) {
	s := startServer(t, "")
	if _, errOut, err := psql(t, s, "main", "-q",
		"-c", "CREATE USER app PASSWORD 'app-pw' CREATEDB CONNECTION LIMIT 4",
		"-c", "CREATE ROLE nologin_role VALID UNTIL 'infinity'",
		"-c", "CREATE GROUP crew", "-c", "GRANT crew TO app"); err != nil {
		t.Fatalf("create roles: %v\n%s", err, errOut)
	}
	out, errOut, err := psql(t, s, "main", "-c", `\du`)
	if err != nil {
		t.Fatalf(`\du: %v\n%s`, err, errOut)
	}
	for _, want := range []string{"app          | Create DB", "4 connections", "| {crew}", "nologin_role | Cannot login", "Password valid until infinity", "root         | Superuser, Create role, Create DB"} {
		if !strings.Contains(out, want) {
			t.Errorf(`\du: no %q in\n%s`, want, out)
		}
	}
	out, errOut, err = psqlUser(t, s, "app", "app-pw", "", "-A", "-t", "-c", "SELECT current_user, session_user, current_setting('is_superuser')")
	if err != nil || strings.TrimSpace(out) != "app|app|off" {
		t.Fatalf("login as app: %v %q\n%s", err, out, errOut)
	}
	// The user's own password, then root setting it for the user.
	if _, errOut, err := psqlUser(t, s, "app", "app-pw", "pw2\npw2\n", "-c", `\password`); err != nil {
		t.Fatalf(`\password as app: %v\n%s`, err, errOut)
	}
	if _, errOut, err := psqlUser(t, s, "app", "pw2", "", "-c", "SELECT 1"); err != nil {
		t.Fatalf("login with the new password: %v\n%s", err, errOut)
	}
	if _, errOut, err := psqlUser(t, s, "root", testPassword, "pw3\npw3\n", "-c", `\password app`); err != nil {
		t.Fatalf(`\password app as root: %v\n%s`, err, errOut)
	}
	if _, errOut, err := psqlUser(t, s, "app", "pw2", "", "-c", "SELECT 1"); err == nil || !strings.Contains(errOut, `password authentication failed for user "app"`) {
		t.Fatalf("old password: want 28P01, got %v\n%s", err, errOut)
	}
	if _, errOut, err := psqlUser(t, s, "app", "pw3", "", "-c", "SELECT 1"); err != nil {
		t.Fatalf("login with root's password for app: %v\n%s", err, errOut)
	}
	// Privileges: \dp shows them, and app reads what it was granted only.
	if _, errOut, err := psql(t, s, "main", "-q", "-c", "CREATE TABLE shared (id int PRIMARY KEY)", "-c", "CREATE TABLE private (id int PRIMARY KEY)",
		"-c", "GRANT SELECT ON shared TO app"); err != nil {
		t.Fatalf("grant: %v\n%s", err, errOut)
	}
	out, errOut, err = psql(t, s, "main", "-c", `\dp`)
	if err != nil || !strings.Contains(out, "root=arwdDxt/root+") || !strings.Contains(out, "app=r/root") {
		t.Errorf(`\dp: %v\n%s\n%s`, err, out, errOut)
	}
	if _, errOut, err := psqlUser(t, s, "app", "pw3", "", "-c", "SELECT * FROM shared"); err != nil {
		t.Errorf("app reads shared: %v\n%s", err, errOut)
	}
	if _, errOut, err := psqlUser(t, s, "app", "pw3", "", "-c", "SELECT * FROM private"); err == nil || !strings.Contains(errOut, "permission denied for table private") {
		t.Errorf("app reads private: want 42501, got %v\n%s", err, errOut)
	}
	if _, errOut, err := psql(t, s, "main", "-c", "ALTER ROLE nologin_role PASSWORD 'n-pw'"); err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	if _, errOut, err := psqlUser(t, s, "nologin_role", "n-pw", "", "-c", "SELECT 1"); err == nil || !strings.Contains(errOut, `role "nologin_role" is not permitted to log in`) {
		t.Fatalf("NOLOGIN: want 28000, got %v\n%s", err, errOut)
	}
}
