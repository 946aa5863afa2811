package compattests

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// catalogSchema is the table the catalog tests describe.
const catalogSchema = `CREATE TABLE accounts (id int PRIMARY KEY, owner varchar(40) NOT NULL DEFAULT 'nobody', balance numeric(12,2), opened timestamptz)`

// TestPsqlCatalog runs psql's backslash commands against the started
// binary: they send psql's own catalog queries (psql -E prints them).
func TestPsqlCatalog(t *testing.T) {
	s := startServer(t, "")
	if _, errOut, err := psql(t, s, "main", "-q", "-c", catalogSchema, "-c", "CREATE INDEX accounts_owner ON accounts (owner)"); err != nil {
		t.Fatalf("create: %v\n%s", err, errOut)
	}
	cases := []struct {
		cmd  string
		want []string // lines of psql -A -t output that must be present
	}{
		{`\dt`, []string{"public|accounts|table|root"}},
		{`\dn`, []string{"public|root"}},
		{`\du`, []string{"root|Superuser, Create role, Create DB, Bypass RLS|"}},
		{`\df`, nil},
		{`\dt accounts`, []string{"public|accounts|table|root"}},
		{`\dt+ accounts`, []string{"public|accounts|table|root|permanent|heap|0 bytes|"}},
		{`\l`, []string{"main|root|UTF8|"}},
		{`\di`, []string{"public|accounts_owner|index|root|accounts", "public|accounts_pkey|index|root|accounts"}},
		// The catalogs of objects only pg_catalog has here answer too.
		{`\db`, []string{"pg_default|root|"}},
		{`\db+`, []string{"pg_default|root|"}},
		{`\dF`, []string{"pg_catalog|english|", "pg_catalog|simple|"}},
		{`\dFd`, []string{"pg_catalog|english_stem|"}},
		{`\dFp`, []string{"pg_catalog|default|"}},
		{`\dFt`, []string{"pg_catalog|snowball|"}},
		{`\dc`, nil},
		{`\do`, nil},
		{`\dO`, nil},
		// Without -t psql prints \d's footers too: the indexes.
		{`\d accounts`, []string{
			"id|integer||not null|",
			"owner|character varying(40)||not null|'nobody'::character varying",
			"balance|numeric(12,2)|||",
			`"accounts_pkey" PRIMARY KEY, btree (id)`,
			`"accounts_owner" btree (owner)`,
		}},
	}
	for _, c := range cases {
		args := []string{"-A", "-t", "-c", c.cmd}
		if strings.HasPrefix(c.cmd, `\d `) {
			args = []string{"-A", "-c", c.cmd} // -t would drop the footers
		}
		out, errOut, err := psql(t, s, "main", args...)
		if err != nil {
			t.Errorf("%s: %v\n%s", c.cmd, err, errOut)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: output %q lacks %q", c.cmd, out, w)
			}
		}
	}
}

// TestPsqlTabCompletion runs the catalog queries of psql's tab
// completion (tab-complete.c, PostgreSQL 15) that complete table and
// column names, and SHOW/SET names.
func TestPsqlTabCompletion(t *testing.T) {
	s := startServer(t, "")
	if _, errOut, err := psql(t, s, "main", "-q", "-c", catalogSchema); err != nil {
		t.Fatalf("create: %v\n%s", err, errOut)
	}
	cases := []struct{ query, want string }{
		// Query_for_list_of_tables completing "acc".
		{`SELECT pg_catalog.quote_ident(c.relname) FROM pg_catalog.pg_class c WHERE c.relkind IN ('r', 'p') AND ` +
			`substring(pg_catalog.quote_ident(c.relname),1,3)='acc' AND pg_catalog.pg_table_is_visible(c.oid) AND ` +
			`c.relnamespace <> (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = 'pg_catalog')`, "accounts"},
		// Query_for_list_of_attributes of accounts completing "ow".
		{`SELECT pg_catalog.quote_ident(attname)   FROM pg_catalog.pg_attribute a, pg_catalog.pg_class c  ` +
			`WHERE c.oid = a.attrelid    AND a.attnum > 0    AND NOT a.attisdropped    ` +
			`AND substring(pg_catalog.quote_ident(attname),1,2)='ow'    AND (pg_catalog.quote_ident(relname)='accounts'  ` +
			`OR '"' || relname || '"'='accounts')    AND pg_catalog.pg_table_is_visible(c.oid)`, "owner"},
		// Query_for_list_of_schemas.
		{`SELECT pg_catalog.quote_ident(nspname) FROM pg_catalog.pg_namespace  WHERE substring(pg_catalog.quote_ident(nspname),1,2)='pu'`, "public"},
		// Query_for_list_of_set_vars / show_vars.
		{`SELECT name FROM  (SELECT pg_catalog.lower(name) AS name FROM pg_catalog.pg_settings  WHERE context IN ('user', 'superuser')  ` +
			`UNION ALL SELECT 'constraints' UNION ALL SELECT 'transaction' UNION ALL SELECT 'session' UNION ALL SELECT 'role' ` +
			`UNION ALL SELECT 'tablespace' UNION ALL SELECT 'all') ss  WHERE substring(name,1,9)='statement'`, "statement_timeout"},
		// Query_for_list_of_databases.
		{`SELECT pg_catalog.quote_ident(datname) FROM pg_catalog.pg_database  WHERE substring(pg_catalog.quote_ident(datname),1,2)='ma'`, "main"},
		// Query_for_list_of_roles.
		{`SELECT pg_catalog.quote_ident(rolname)   FROM pg_catalog.pg_roles  WHERE substring(pg_catalog.quote_ident(rolname),1,2)='ro'`, "root"},
	}
	for _, c := range cases {
		out, errOut, err := psql(t, s, "main", "-A", "-t", "-c", c.query)
		if err != nil {
			t.Errorf("%s: %v\n%s", c.query, err, errOut)
			continue
		}
		if strings.TrimSpace(out) != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.query, out, c.want)
		}
	}
}

// TestCatalogDrivers checks what drivers read from the catalogs and
// settings: pgx's type loading, JDBC DatabaseMetaData's queries, SET and
// ParameterStatus, statement_timeout and pg_cancel_backend.
func TestCatalogDrivers(t *testing.T) {
	s := startServer(t, "")
	ctx := context.Background()
	conn := pgxConnect(ctx, t, s.url("main"))
	if _, err := conn.Exec(ctx, catalogSchema); err != nil {
		t.Fatal(err)
	}

	t.Run("pgx LoadType", func(t *testing.T) {
		// A table's row type: its fields from pg_attribute.
		typ, err := conn.LoadType(ctx, "accounts")
		if err != nil {
			t.Fatal(err)
		}
		if typ.Name != "accounts" || typ.OID < 16384 {
			t.Errorf("LoadType(accounts) = %s %d", typ.Name, typ.OID)
		}
		// An array type: its element type from pg_type.typelem.
		arr, err := conn.LoadType(ctx, "_int4")
		if err != nil {
			t.Fatal(err)
		}
		if arr.OID != 1007 {
			t.Errorf("LoadType(_int4).OID = %d", arr.OID)
		}
	})

	t.Run("JDBC getTables", func(t *testing.T) {
		// PgDatabaseMetaData.getTables (pgjdbc 42.5) for types TABLE.
		q := `SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM, c.relname AS TABLE_NAME,  CASE n.nspname ~ '^pg_' OR n.nspname = 'information_schema'  WHEN true THEN CASE  WHEN n.nspname = 'pg_catalog' OR n.nspname = 'information_schema' THEN CASE c.relkind   WHEN 'r' THEN 'SYSTEM TABLE'   WHEN 'v' THEN 'SYSTEM VIEW'   WHEN 'i' THEN 'SYSTEM INDEX'   ELSE NULL   END  WHEN n.nspname = 'pg_toast' THEN CASE c.relkind   WHEN 'r' THEN 'SYSTEM TOAST TABLE'   WHEN 'i' THEN 'SYSTEM TOAST INDEX'   ELSE NULL   END  ELSE CASE c.relkind   WHEN 'r' THEN 'TEMPORARY TABLE'   WHEN 'p' THEN 'TEMPORARY TABLE'   WHEN 'i' THEN 'TEMPORARY INDEX'   WHEN 'S' THEN 'TEMPORARY SEQUENCE'   WHEN 'v' THEN 'TEMPORARY VIEW'   ELSE NULL   END  END  WHEN false THEN CASE c.relkind  WHEN 'r' THEN 'TABLE'  WHEN 'p' THEN 'PARTITIONED TABLE'  WHEN 'i' THEN 'INDEX'  WHEN 'P' then 'PARTITIONED INDEX'  WHEN 'S' THEN 'SEQUENCE'  WHEN 'v' THEN 'VIEW'  WHEN 'c' THEN 'TYPE'  WHEN 'f' THEN 'FOREIGN TABLE'  WHEN 'm' THEN 'MATERIALIZED VIEW'  ELSE NULL  END  ELSE NULL  END  AS TABLE_TYPE, d.description AS REMARKS,  '' as TYPE_CAT, '' as TYPE_SCHEM, '' as TYPE_NAME, '' AS SELF_REFERENCING_COL_NAME, '' AS REF_GENERATION  FROM pg_catalog.pg_namespace n, pg_catalog.pg_class c  LEFT JOIN pg_catalog.pg_description d ON (c.oid = d.objoid AND d.objsubid = 0  and d.classoid = 'pg_class'::regclass)  WHERE c.relnamespace = n.oid  AND c.relname LIKE 'acc%' AND (false  OR ( c.relkind IN ('r','p') AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' ) )  ORDER BY TABLE_TYPE,TABLE_SCHEM,TABLE_NAME `
		rows, err := conn.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		got, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (string, error) {
			var schema, name, typ string
			var x [7]any
			err := r.Scan(&x[0], &schema, &name, &typ, &x[1], &x[2], &x[3], &x[4], &x[5], &x[6])
			return schema + "." + name + " " + typ, err
		})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, ";") != "public.accounts TABLE" {
			t.Errorf("getTables = %v", got)
		}
	})

	t.Run("JDBC getColumns", func(t *testing.T) {
		// PgDatabaseMetaData.getColumns' query (the form without the
		// row_number() window).
		q := `SELECT * FROM (SELECT n.nspname,c.relname,a.attname,a.atttypid,a.attnotnull OR (t.typtype = 'd' AND t.typnotnull) AS attnotnull,a.atttypmod,a.attlen,t.typtypmod,a.attnum, nullif(a.attidentity, '') as attidentity,nullif(a.attgenerated, '') as attgenerated,pg_catalog.pg_get_expr(def.adbin, def.adrelid) AS adsrc,dsc.description,t.typbasetype,t.typtype  FROM pg_catalog.pg_namespace n  JOIN pg_catalog.pg_class c ON (c.relnamespace = n.oid)  JOIN pg_catalog.pg_attribute a ON (a.attrelid=c.oid)  JOIN pg_catalog.pg_type t ON (a.atttypid = t.oid)  LEFT JOIN pg_catalog.pg_attrdef def ON (a.attrelid=def.adrelid AND a.attnum = def.adnum)  LEFT JOIN pg_catalog.pg_description dsc ON (c.oid=dsc.objoid AND a.attnum = dsc.objsubid)  LEFT JOIN pg_catalog.pg_class dc ON (dc.oid=dsc.classoid AND dc.relname='pg_class')  LEFT JOIN pg_catalog.pg_namespace dn ON (dc.relnamespace=dn.oid AND dn.nspname='pg_catalog')  WHERE c.relkind in ('r','p','v','f','m') and a.attnum > 0 AND NOT a.attisdropped  AND n.nspname LIKE 'public' AND c.relname LIKE 'accounts') c WHERE true  ORDER BY nspname,c.relname,attnum `
		rows, err := conn.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		got, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (string, error) {
			m, err := pgx.RowToMap(r)
			if err != nil {
				return "", err
			}
			def, _ := m["adsrc"].(string)
			return strings.Join([]string{m["attname"].(string), toString(m["atttypid"]), toString(m["attnotnull"]), toString(m["atttypmod"]), def}, " "), nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want := "id 23 true -1 ;owner 1043 true 44 'nobody'::character varying;balance 1700 false 786438 ;opened 1184 false -1 "
		if strings.Join(got, ";") != want {
			t.Errorf("getColumns =\n%q\nwant\n%q", strings.Join(got, ";"), want)
		}
	})

	t.Run("SET and ParameterStatus", func(t *testing.T) {
		if _, err := conn.Exec(ctx, "SET application_name = 'catalog-test'"); err != nil {
			t.Fatal(err)
		}
		if got := conn.PgConn().ParameterStatus("application_name"); got != "catalog-test" {
			t.Errorf("ParameterStatus(application_name) after SET = %q", got)
		}
		if _, err := conn.Exec(ctx, "SELECT set_config('TimeZone', 'Europe/Paris', false)"); err != nil {
			t.Fatal(err)
		}
		if got := conn.PgConn().ParameterStatus("TimeZone"); got != "Europe/Paris" {
			t.Errorf("ParameterStatus(TimeZone) after set_config = %q", got)
		}
		var v string
		if err := conn.QueryRow(ctx, "SELECT current_setting('application_name')").Scan(&v); err != nil || v != "catalog-test" {
			t.Errorf("current_setting = %q, %v", v, err)
		}
		if _, err := conn.Exec(ctx, "RESET ALL"); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("statement_timeout", func(t *testing.T) {
		if _, err := conn.Exec(ctx, "SET statement_timeout = '100ms'"); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		_, err := conn.Exec(ctx, "SELECT pg_sleep(5)")
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "57014" || pe.Message != "canceling statement due to statement timeout" {
			t.Errorf("pg_sleep past statement_timeout: %v", err)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("statement_timeout took %v", d)
		}
		if _, err := conn.Exec(ctx, "RESET statement_timeout"); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("pg_cancel_backend", func(t *testing.T) {
		other := pgxConnect(ctx, t, s.url("main"))
		var pid int32
		if err := other.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
			t.Fatal(err)
		}
		if pid != int32(other.PgConn().PID()) {
			t.Errorf("pg_backend_pid() = %d, BackendKeyData says %d", pid, other.PgConn().PID())
		}
		done := make(chan error, 1)
		go func() {
			_, err := other.Exec(ctx, "SELECT pg_sleep(10)")
			done <- err
		}()
		deadline := time.Now().Add(5 * time.Second)
		for {
			var ok bool
			time.Sleep(50 * time.Millisecond)
			// As an administrator would: find the statement in
			// pg_stat_activity.
			q := `SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%pg_sleep(10)%' AND pid <> pg_backend_pid()`
			if err := conn.QueryRow(ctx, q).Scan(&ok); err != nil && !errors.Is(err, pgx.ErrNoRows) {
				t.Fatal(err)
			}
			select {
			case err := <-done:
				var pe *pgconn.PgError
				if !errors.As(err, &pe) || pe.Code != "57014" || pe.Message != "canceling statement due to user request" {
					t.Errorf("cancelled pg_sleep: %v", err)
				}
				return
			default:
			}
			if time.Now().After(deadline) {
				t.Fatal("pg_cancel_backend did not cancel pg_sleep")
			}
		}
	})

	t.Run("version and session functions", func(t *testing.T) {
		var version, db, schema, user string
		if err := conn.QueryRow(ctx, "SELECT version(), current_database(), current_schema(), current_user").Scan(&version, &db, &schema, &user); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(version, "PostgreSQL 15.") || !strings.Contains(version, "zerodb") || db != "main" || schema != "public" || user != "root" {
			t.Errorf("got %q %q %q %q", version, db, schema, user)
		}
	})
}

func toString(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// TestPgbenchCatalog runs pgbench's built-in script on tables made by
// hand (pgbench -i is tested with COPY; one client, as two on one
// branch conflict under serializable isolation): pgbench's start-up reads the
// scale and asks the catalogs whether pgbench_accounts is partitioned
// (a LATERAL join over pg_class, pg_namespace, pg_partitioned_table and
// pg_inherits with current_schemas and array_position).
func TestPgbenchCatalog(t *testing.T) {
	bin := requireTool(t, "pgbench")
	s := startServer(t, "")
	setup := `CREATE TABLE pgbench_branches (bid int PRIMARY KEY, bbalance int, filler char(88));
CREATE TABLE pgbench_tellers (tid int PRIMARY KEY, bid int, tbalance int, filler char(84));
CREATE TABLE pgbench_accounts (aid int PRIMARY KEY, bid int, abalance int, filler char(84));
CREATE TABLE pgbench_history (tid int, bid int, aid int, delta int, mtime timestamp, filler char(22));
INSERT INTO pgbench_branches VALUES (1, 0, NULL);
INSERT INTO pgbench_tellers VALUES (1, 1, 0, NULL), (2, 1, 0, NULL);
INSERT INTO pgbench_accounts VALUES (1, 1, 0, NULL), (2, 1, 0, NULL), (3, 1, 0, NULL)`
	if _, errOut, err := psql(t, s, "main", "-q", "-c", setup); err != nil {
		t.Fatalf("setup: %v\n%s", err, errOut)
	}
	out, errOut, err := psql(t, s, "main", "-A", "-t", "-c", `select o.n, p.partstrat, pg_catalog.count(i.inhparent) `+
		`from pg_catalog.pg_class as c join pg_catalog.pg_namespace as n on (n.oid = c.relnamespace) `+
		`cross join lateral (select pg_catalog.array_position(pg_catalog.current_schemas(true), n.nspname)) as o(n) `+
		`left join pg_catalog.pg_partitioned_table as p on (p.partrelid = c.oid) `+
		`left join pg_catalog.pg_inherits as i on (c.oid = i.inhparent) `+
		`where c.relname = 'pgbench_accounts' and o.n is not null group by 1, 2 order by 1 asc limit 1`)
	if err != nil || strings.TrimSpace(out) != "2||0" {
		t.Fatalf("pgbench's partition query: %q %v\n%s", out, err, errOut)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-h", s.host(), "-p", s.port(), "-U", "root", "-n", "-c", "1", "-t", "20", "main")
	cmd.Env = append(os.Environ(), "PGPASSWORD="+testPassword, "PGSSLMODE=disable")
	b, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(b), "number of transactions actually processed: 20/20") {
		t.Fatalf("pgbench: %v\n%s", err, b)
	}
}
