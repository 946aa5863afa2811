package sqlfe

import (
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// TestInsertSelectUnknownLiterals checks that an untyped literal of INSERT
// ... SELECT's select list is read as its target column's type, unless
// the query's DISTINCT, GROUP BY or ORDER BY resolves it to text first,
// as in PostgreSQL.
func TestInsertSelectUnknownLiterals(t *testing.T) {
	for _, c := range []struct {
		sql  string
		code string
	}{
		{"INSERT INTO orders (id, user_id, placed, total) SELECT 1, '2', '2024-01-01 10:00', '1.5'", ""},
		{"INSERT INTO orders (id, user_id) SELECT 1, 'x'", errs.InvalidTextRepresentation},
		{"INSERT INTO orders (id, user_id) SELECT 1, '2' WHERE false", ""},
		{"INSERT INTO orders (id, user_id) SELECT id, '2' FROM users ORDER BY 1", ""},
		{"INSERT INTO orders (id, user_id) SELECT id, '2' FROM users GROUP BY 1", ""},
		{"INSERT INTO orders (id, user_id) SELECT DISTINCT 1, '2'", errs.DatatypeMismatch},
		{"INSERT INTO orders (id, user_id) SELECT 1, '2' ORDER BY 2", errs.DatatypeMismatch},
		{"INSERT INTO orders (id, user_id) SELECT 1, '2' AS u GROUP BY u", errs.DatatypeMismatch},
		{"INSERT INTO orders (id, user_id) SELECT 1, '2' UNION ALL SELECT 2, '3'", errs.DatatypeMismatch},
		{"INSERT INTO orders (id, user_id) SELECT * FROM (SELECT 1, '2') s", errs.DatatypeMismatch},
		{"INSERT INTO orders (id, note) SELECT 1, 2", ""},
	} {
		_, err := translateOne(t, c.sql)
		if errs.Code(err) != c.code {
			t.Errorf("%s: error %v, want %q", c.sql, err, c.code)
		}
	}
}
