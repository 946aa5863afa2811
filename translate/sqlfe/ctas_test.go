package sqlfe

import (
	"errors"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

// TestTableAs checks the translation of CREATE TABLE AS, SELECT INTO and
// CREATE MATERIALIZED VIEW: the statement's kind and tag, the table it
// makes (columns and types, as "name type" pairs) and the errors.
func TestTableAs(t *testing.T) {
	tests := []struct {
		sql  string
		kind plan.StmtKind
		tag  string
		cols string // the new table's columns
		mat  bool   // a materialized view, populated unless nodata
		data bool   // rows are inserted (plan.Insert with a Prepare)
		code string
	}{
		{sql: "CREATE TABLE t AS SELECT id, name, email, balance FROM users", kind: plan.StmtWrite, tag: "SELECT", data: true,
			cols: "id int4, name text, email varchar(100), balance numeric(10,2)"},
		{sql: "CREATE TABLE t (a, b) AS SELECT id, name, age FROM users", kind: plan.StmtWrite, tag: "SELECT", data: true,
			cols: "a int4, b text, age int2"},
		{sql: "CREATE TABLE t AS SELECT 1 AS a, 'x' AS b, NULL AS c, 1.5 AS d, count(*) FROM users", kind: plan.StmtWrite, tag: "SELECT", data: true,
			cols: "a int4, b text, c text, d numeric, count int8"},
		{sql: "CREATE TABLE t AS SELECT * FROM users WITH NO DATA", kind: plan.StmtDDL, tag: "CREATE TABLE AS",
			cols: "id int4, name text, email varchar(100), age int2, balance numeric(10,2), score float8, ratio float4, active bool, created timestamptz, data jsonb"},
		{sql: "CREATE TABLE IF NOT EXISTS users AS SELECT 1", kind: plan.StmtDDL, tag: "CREATE TABLE AS"},
		{sql: "CREATE TABLE t AS VALUES (1, 'a')", kind: plan.StmtWrite, tag: "SELECT", data: true, cols: "column1 int4, column2 text"},
		{sql: "CREATE TABLE t AS SELECT doc, id FROM docs", kind: plan.StmtWrite, tag: "SELECT", data: true, cols: "doc jsonb, id text"},
		{sql: "CREATE TABLE t AS WITH w AS (DELETE FROM orders RETURNING id) SELECT * FROM w", kind: plan.StmtWrite, tag: "SELECT", data: true, cols: "id int8"},
		{sql: "SELECT id, name INTO t FROM users WHERE id > 1", kind: plan.StmtWrite, tag: "SELECT", data: true, cols: "id int4, name text"},
		{sql: "SELECT 1 AS a INTO TABLE t UNION SELECT 2", kind: plan.StmtWrite, tag: "SELECT", data: true, cols: "a int4"},
		{sql: "CREATE MATERIALIZED VIEW mv AS SELECT id, total FROM orders", kind: plan.StmtWrite, tag: "SELECT", data: true, mat: true,
			cols: "id int8, total numeric"},
		{sql: "CREATE MATERIALIZED VIEW mv (k) AS SELECT id FROM orders WITH NO DATA", kind: plan.StmtDDL, tag: "CREATE MATERIALIZED VIEW", mat: true,
			cols: "k int8"},
		{sql: "CREATE TABLE t (a, b, c) AS SELECT 1, 2", code: "42601"},
		{sql: "CREATE TABLE t AS SELECT 1 AS a, 2 AS a", code: codeDuplicateColumn},
		{sql: "CREATE TABLE t AS SELECT 1, 2", code: codeDuplicateColumn},
		{sql: "CREATE TABLE t (a, a) AS SELECT 1, 2", code: codeDuplicateColumn},
		{sql: "CREATE TABLE t AS SELECT * FROM nosuch", code: errs.UndefinedTable},
		{sql: "CREATE TEMP TABLE t AS SELECT 1 AS a", kind: plan.StmtWrite, tag: "SELECT", data: true, cols: "a int4"},
		{sql: "CREATE TABLE t ON COMMIT DROP AS SELECT 1 AS a", code: errs.InvalidTableDefinition},
		{sql: "CREATE TABLE s.t AS SELECT 1", code: errs.InvalidSchemaName},
		{sql: "SELECT * FROM (SELECT 1 INTO t) x", code: "42601"},
		{sql: "CREATE TABLE t AS SELECT 1 INTO u", code: "42601"},
		{sql: "CREATE MATERIALIZED VIEW mv AS SELECT $1::int", code: errs.FeatureNotSupported},
		{sql: "CREATE MATERIALIZED VIEW mv AS WITH w AS (DELETE FROM orders RETURNING id) SELECT * FROM w", code: errs.FeatureNotSupported},
	}
	for _, tc := range tests {
		t.Run(tc.sql, func(t *testing.T) {
			st, err := translateOne(t, tc.sql)
			if tc.code != "" {
				if errs.Code(err) != tc.code {
					t.Fatalf("error %v, want %s", err, tc.code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if st.Kind != tc.kind || st.Tag != tc.tag || st.ReturnsRows {
				t.Fatalf("kind %s, tag %q, rows %v; want %s, %q", st.Kind, st.Tag, st.ReturnsRows, tc.kind, tc.tag)
			}
			var tab *catalog.Table
			root := st.Root
			if ww, ok := root.(*plan.WithWrites); ok {
				root = ww.Input
			}
			switch root := root.(type) {
			case *plan.Insert:
				create, ok := root.Prepare.(*plan.CreateTable)
				if !tc.data || !ok || create.Table != root.Table {
					t.Fatalf("an Insert preparing %T; want data %v", root.Prepare, tc.data)
				}
				tab = root.Table
			case *plan.CreateTable:
				if tc.data {
					t.Fatal("no rows are inserted")
				}
				tab = root.Table
			case *plan.Values:
				if tc.cols != "" {
					t.Fatal("IF NOT EXISTS skipped the statement")
				}
				return
			default:
				t.Fatalf("root %T", st.Root)
			}
			var cols []string
			for _, f := range tab.Fields {
				if !f.Optional || f.HasDefault || len(tab.PrimaryKey) > 0 || len(tab.Indexes) > 0 || len(tab.Checks) > 0 {
					t.Fatalf("column %s has constraints or a default: %+v", f.Name, f)
				}
				cols = append(cols, f.Name+" "+typeString(f.Type))
			}
			if got := strings.Join(cols, ", "); got != tc.cols {
				t.Errorf("columns %q, want %q", got, tc.cols)
			}
			switch {
			case tc.mat != (tab.MatView != nil):
				t.Errorf("MatView %+v, want a materialized view: %v", tab.MatView, tc.mat)
			case tc.mat && (tab.MatView.Populated != tc.data || !strings.HasPrefix(tab.MatView.Query, "SELECT")):
				t.Errorf("MatView %+v", tab.MatView)
			}
		})
	}
}

// TestTableAsNotCached checks that the plan cache never takes SELECT
// INTO: a normalized one is ErrNotCacheable.
func TestTableAsNotCached(t *testing.T) {
	n, ok := Normalize("SELECT id INTO t FROM users WHERE id > 5")
	if !ok {
		t.Skip("Normalize does not take SELECT INTO")
	}
	stmts := mustSplit(t, n.Text)
	stmts[0].ParamTypes = n.ParamTypes()
	_, err := TranslateWith(t.Context(), newFakeResolver(), stmts[0], TranslateOptions{NormalizedLiterals: len(n.Literals)})
	if !errors.Is(err, ErrNotCacheable) {
		t.Fatalf("%v, want ErrNotCacheable", err)
	}
}
