package sqlfe

import (
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// TestJSONBCasts checks PostgreSQL's casts of jsonb: to a string type it
// is its output text (a string keeps its quotes), to a number or boolean
// it must hold a JSON number or boolean (checked when it runs), to other
// types there is no cast, and in assignment only json and the string
// types take it.
func TestJSONBCasts(t *testing.T) {
	checkPlans(t, []planCase{
		{"SELECT data::text FROM users", `sql::json_frag(`, ""},
		{"SELECT CAST(data AS varchar(3)) FROM users", `sql::json_frag(`, ""},
		{"SELECT data || 'x'::text FROM users", `sql::json_frag(`, ""},
		{"SELECT concat(data, 1) FROM users", `sql::json_frag(`, ""},
		{"SELECT data::int FROM users", `sql::jsonb_scalar(users.data, "number", "integer")`, ""},
		{"SELECT data::numeric(5,1) FROM users", `"number", "numeric`, ""},
		{"SELECT data::bool FROM users", `sql::jsonb_scalar(users.data, "boolean", "boolean")`, ""},
		{"SELECT data::json FROM users", `json_frag`, ""},
		{"SELECT data::jsonb FROM users", `users.data`, ""},
		{"SELECT data::date FROM users", "", errs.CannotCoerce},
		{"SELECT data::uuid FROM users", "", errs.CannotCoerce},
		{"UPDATE orders SET note = (SELECT data FROM users LIMIT 1)", `json_frag`, ""},
		{"UPDATE users SET age = data", "", errs.DatatypeMismatch},
		{"UPDATE users SET active = data", "", errs.DatatypeMismatch},
	})
}
