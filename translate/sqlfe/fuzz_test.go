package sqlfe

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"

	"github.com/zerodb/zerodb/internal/golden"
)

// FuzzTranslate feeds arbitrary text to Split and Translate: they must
// never panic, and every error must be an *errs.Error with a position
// inside the message.
func FuzzTranslate(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.sql")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, c := range golden.Cases(string(src), "#") {
			f.Add(c)
		}
	}
	f.Add("SELECT $65535, $65536")
	f.Add("SELECT 'é' || 'ü' FROM docs d JOIN docs e ON d.x = e.x")
	f.Add("CREATE FUNCTION f(a int, b int DEFAULT 2, OUT c int) LANGUAGE sql AS 'select a + b'")
	f.Add("CREATE FUNCTION f(int) RETURNS SETOF int LANGUAGE sql BEGIN ATOMIC SELECT $1; END")
	f.Add("DROP FUNCTION IF EXISTS f(int), g CASCADE")
	f.Add("CREATE PROCEDURE p(a int, INOUT b int DEFAULT 1, OUT c text) LANGUAGE sql BEGIN ATOMIC SELECT a; END")
	f.Add("CALL p(1, b => 2, c => NULL); DROP PROCEDURE IF EXISTS p(int, int); DROP ROUTINE p")
	f.Add("ALTER FUNCTION f(int) IMMUTABLE STRICT COST 5 ROWS 3 SET work_mem = '8MB' SET search_path FROM CURRENT RESET ALL")
	f.Add("ALTER PROCEDURE p(int) RENAME TO q; ALTER ROUTINE q OWNER TO r; ALTER PROCEDURE q SET SCHEMA s")
	f.Add("MERGE INTO t USING (VALUES (1, 'x')) s(a, b) ON t.a = s.a WHEN MATCHED AND s.b > 'a' THEN UPDATE SET b = s.b WHEN MATCHED THEN DELETE WHEN NOT MATCHED THEN INSERT VALUES (s.a, DEFAULT)")
	f.Add("SELECT a FROM t WHERE b = 1 ORDER BY a LIMIT 1 FOR UPDATE OF t SKIP LOCKED")
	// Roles and privileges (role.go).
	f.Add("CREATE ROLE a WITH LOGIN NOSUPERUSER PASSWORD 'x' CONNECTION LIMIT 3 VALID UNTIL 'infinity' SYSID 4")
	f.Add("ALTER USER current_user PASSWORD NULL; ALTER ROLE a RENAME TO b; DROP ROLE IF EXISTS a, b")
	f.Add("GRANT SELECT, INSERT ON t, public.u TO a, PUBLIC; REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM a")
	f.Add("GRANT ALL ON SCHEMA public TO PUBLIC; GRANT UPDATE (x) ON t TO a WITH GRANT OPTION")
	// COMMENT ON and EXPLAIN forms.
	f.Add("COMMENT ON VIEW v IS 'x'; COMMENT ON INDEX public.i IS NULL; COMMENT ON SEQUENCE s IS ''; COMMENT ON SCHEMA app IS 'y'")
	f.Add("COMMENT ON EXTENSION pg_trgm IS 'x'; COMMENT ON MATERIALIZED VIEW m IS 'z'")
	f.Add("EXPLAIN (ANALYZE, FORMAT JSON) SELECT 1; EXPLAIN (FORMAT YAML) SELECT 1; EXPLAIN EXECUTE q(1, 'a')")
	// User-defined aggregates (useragg.go).
	f.Add("CREATE OR REPLACE AGGREGATE s.a(int, text) (SFUNC = f, STYPE = int[], INITCOND = '{}', FINALFUNC = g, FINALFUNC_EXTRA, PARALLEL = SAFE)")
	f.Add("CREATE AGGREGATE a (BASETYPE = int, SFUNC = int4pl, STYPE = int); CREATE AGGREGATE c(*) (SFUNC = int8inc, STYPE = int8, INITCOND = 0)")
	f.Add("CREATE AGGREGATE a(int ORDER BY int) (SFUNC = f, STYPE = int, HYPOTHETICAL, SORTOP = <, MSFUNC = f, MINVFUNC = g, MSTYPE = int)")
	f.Add("DROP AGGREGATE IF EXISTS a(int), c(*) CASCADE; ALTER AGGREGATE a(int) RENAME TO b; ALTER AGGREGATE a(*) SET SCHEMA s; COMMENT ON AGGREGATE a(int) IS 'x'")
	// Extended statistics (statistics.go).
	f.Add("CREATE STATISTICS IF NOT EXISTS public.s (ndistinct, mcv) ON a, (b + 1), lower(c) FROM t; CREATE STATISTICS ON (a), b FROM t")
	f.Add("ALTER STATISTICS s RENAME TO s2; ALTER STATISTICS IF EXISTS s SET STATISTICS DEFAULT; ALTER STATISTICS s OWNER TO CURRENT_USER")
	f.Add("ALTER STATISTICS s SET SCHEMA app; COMMENT ON STATISTICS public.s IS NULL; DROP STATISTICS IF EXISTS s, app.s2 CASCADE")
	r := newFakeResolver()
	f.Fuzz(func(t *testing.T, text string) {
		stmts, err := Split(text)
		if err != nil {
			checkError(t, text, err)
			return
		}
		for _, s := range stmts {
			st, err := Translate(context.Background(), r, s)
			if err != nil {
				checkError(t, text, err)
				continue
			}
			if st.Text != s.Text() {
				t.Fatalf("Text %q, want %q", st.Text, s.Text())
			}
		}
	})
}

func checkError(t *testing.T, text string, err error) {
	var e *errs.Error
	if !errors.As(err, &e) {
		t.Fatalf("%q: error %v is not an *errs.Error", text, err)
	}
	if e.Code == errs.InternalError {
		t.Fatalf("%q: internal error %v", text, err)
	}
	if n := len([]rune(text)); e.Position < 0 || e.Position > n+1 {
		t.Fatalf("%q: position %d outside 1..%d", text, e.Position, n+1)
	}
}

// FuzzFunctionBody compiles a LANGUAGE sql function's stored body, as
// AS text or as a SQL-standard body (RETURN expr, BEGIN ATOMIC ... END):
// whatever the catalog holds, a call fails with a SQLSTATE or compiles.
func FuzzFunctionBody(f *testing.F) {
	for _, c := range []struct {
		body     string
		standard bool
	}{
		{"select $1 + 1", false},
		{"insert into t values (1); select a from t where id = a", false},
		{"RETURN $1 * 2", true},
		{"BEGIN ATOMIC SELECT 1; SELECT a + 1; END", true},
		{"begin atomic end", true},
		{"RETURN", true},
		{"", false},
	} {
		f.Add(c.body, c.standard)
	}
	r := newFakeResolver()
	intT := value.TypeInt4
	f.Fuzz(func(t *testing.T, body string, standard bool) {
		fn := &catalog.Function{Name: "f", Language: catalog.LangSQL, Source: body, Result: &intT,
			Params:  []catalog.FuncParam{{Name: "a", Type: &intT, TypeName: "integer"}},
			Routine: &catalog.Routine{Returns: "integer", StandardBody: standard}}
		for _, rows := range []bool{false, true} {
			tr := &translator{ctx: context.Background(), r: r}
			if _, err := tr.compileSQLFunction(fn, rows, 0); err != nil {
				var e *errs.Error
				if !errors.As(err, &e) || e.Code == errs.InternalError {
					t.Fatalf("%q: %v", body, err)
				}
			}
		}
	})
}

// FuzzExprColumns: any text, a stored CHECK expression or not, gives
// column names or nil, never a panic; every name is one the expression
// reads once.
func FuzzExprColumns(f *testing.F) {
	for _, s := range []string{"a > 0", "lo < hi AND lo >= 0", `"Mixed" IS NOT NULL`, "t.a = b.c", "f(x, y) > 1", "", "(", "a) OR (b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		seen := map[string]bool{}
		for _, c := range ExprColumns(expr) {
			if seen[c] {
				t.Fatalf("%q: column %q twice", expr, c)
			}
			seen[c] = true
		}
	})
}
