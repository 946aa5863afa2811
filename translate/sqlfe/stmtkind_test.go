package sqlfe

import (
	"testing"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// TestStmtKindName checks the statement names of "feature not
// supported" errors, above all those pg_query abbreviates.
func TestStmtKindName(t *testing.T) {
	for _, c := range []struct{ sql, want string }{
		{"CREATE TRIGGER t BEFORE UPDATE ON x FOR EACH ROW EXECUTE FUNCTION f()", "CREATE TRIGGER"},
		{"CREATE EVENT TRIGGER e ON ddl_command_start EXECUTE FUNCTION f()", "CREATE EVENT TRIGGER"},
		{"CREATE LANGUAGE plsample HANDLER h", "CREATE LANGUAGE"},
		{"CREATE FOREIGN DATA WRAPPER w", "CREATE FOREIGN DATA WRAPPER"},
		{"CREATE STATISTICS s ON a, b FROM t", "CREATE STATISTICS"},
		{"CREATE AGGREGATE a (int) (sfunc = f, stype = int)", "CREATE AGGREGATE"},
		{"CREATE OPERATOR === (leftarg = int, rightarg = int, function = f)", "CREATE OPERATOR"},
		{"CREATE TYPE r AS RANGE (subtype = int)", "CREATE TYPE"},
		{"CREATE RULE r AS ON INSERT TO t DO NOTHING", "CREATE RULE"},
		{"ALTER TABLE t SET SCHEMA s", "ALTER ... SET SCHEMA"},
		{"CREATE ROLE app", "CREATE ROLE"},
		{"GRANT SELECT ON t TO PUBLIC", "GRANT"},
		{"DROP TABLE t", "DROP TABLE"},
	} {
		tree, err := pg.Parse(c.sql)
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		if got := stmtKindName(tree.Stmts[0].Stmt); got != c.want {
			t.Errorf("%s: got %q, want %q", c.sql, got, c.want)
		}
	}
}
