package sqlfe

import (
	"strings"
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// TestBetween checks BETWEEN's expansions: [NOT] BETWEEN compares with
// both bounds, SYMMETRIC accepts the bounds in either order.
func TestBetween(t *testing.T) {
	for _, c := range []struct {
		sql  string
		want string // in the printed plan
		code string
	}{
		{"SELECT age BETWEEN 1 AND 2 FROM users", `((users.age >= 1_i32) AND (users.age <= 2_i32))`, ""},
		{"SELECT age NOT BETWEEN 1 AND 2 FROM users", `((users.age < 1_i32) OR (users.age > 2_i32))`, ""},
		{"SELECT age BETWEEN SYMMETRIC 2 AND 1 FROM users", `(((users.age >= 2_i32) AND (users.age <= 1_i32)) OR ((users.age >= 1_i32) AND (users.age <= 2_i32)))`, ""},
		{"SELECT age NOT BETWEEN SYMMETRIC 2 AND 1 FROM users", `(((users.age < 2_i32) OR (users.age > 1_i32)) AND ((users.age < 1_i32) OR (users.age > 2_i32)))`, ""},
		{"SELECT age BETWEEN SYMMETRIC 'a' AND 1 FROM users", "", errs.InvalidTextRepresentation},
		{"SELECT age BETWEEN SYMMETRIC now() AND 1 FROM users", "", errs.UndefinedFunction},
	} {
		st, err := translateOne(t, c.sql)
		if errs.Code(err) != c.code {
			t.Errorf("%s: error %v, want %q", c.sql, err, c.code)
			continue
		}
		if err != nil {
			continue
		}
		if got := printStatement(st); !strings.Contains(got, c.want) {
			t.Errorf("%s: plan\n%s\nwithout %s", c.sql, got, c.want)
		}
	}
}
