package sqlfe

import (
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// TestBetween checks BETWEEN's expansions: [NOT] BETWEEN compares with
// both bounds, SYMMETRIC accepts the bounds in either order.
func TestBetween(t *testing.T) {
	checkPlans(t, []planCase{
		{"SELECT age BETWEEN 1 AND 2 FROM users", `((users.age >= 1_i32) AND (users.age <= 2_i32))`, ""},
		{"SELECT age NOT BETWEEN 1 AND 2 FROM users", `((users.age < 1_i32) OR (users.age > 2_i32))`, ""},
		{"SELECT age BETWEEN SYMMETRIC 2 AND 1 FROM users", `(((users.age >= 2_i32) AND (users.age <= 1_i32)) OR ((users.age >= 1_i32) AND (users.age <= 2_i32)))`, ""},
		{"SELECT age NOT BETWEEN SYMMETRIC 2 AND 1 FROM users", `(((users.age < 2_i32) OR (users.age > 1_i32)) AND ((users.age < 1_i32) OR (users.age > 2_i32)))`, ""},
		{"SELECT age BETWEEN SYMMETRIC 'a' AND 1 FROM users", "", errs.InvalidTextRepresentation},
		{"SELECT age BETWEEN SYMMETRIC now() AND 1 FROM users", "", errs.UndefinedFunction},
	})
}
