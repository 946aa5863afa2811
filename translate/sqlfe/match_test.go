package sqlfe

import (
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// TestRegexMatchOperators checks the translation of PostgreSQL's regular
// expression operators: ~ and !~ match the pattern as it is, ~* and !~*
// with the case-insensitive flag, and all of them take strings only.
func TestRegexMatchOperators(t *testing.T) {
	checkPlans(t, []planCase{
		{"SELECT name ~ 'a' FROM users", `(users.name ~ "a")`, ""},
		{"SELECT name !~ 'a' FROM users", `(NOT (users.name ~ "a"))`, ""},
		{"SELECT name ~* 'a' FROM users", `(users.name ~ ("(?i)" || "a"))`, ""},
		{"SELECT name !~* email FROM users", `(NOT (users.name ~ ("(?i)" || users.email)))`, ""},
		{"SELECT age ~* 'a' FROM users", "", errs.UndefinedFunction},
		{"SELECT name ~* 1 FROM users", "", errs.UndefinedFunction},
	})
}

// TestStartsWithOperator checks ^@, PostgreSQL's operator for
// starts_with, which takes text operands only.
func TestStartsWithOperator(t *testing.T) {
	checkPlans(t, []planCase{
		{"SELECT name ^@ 'a' FROM users", `sql::starts_with(users.name, "a")`, ""},
		{"SELECT email ^@ name FROM users", `sql::starts_with(users.email, users.name)`, ""},
		{"SELECT age ^@ 'a' FROM users", "", errs.UndefinedFunction},
		{"SELECT name ^@ 1 FROM users", "", errs.UndefinedFunction},
	})
}

// TestSimilarTo checks SIMILAR TO: a match of the pattern PostgreSQL's
// similar_to_escape converts, text operands only.
func TestSimilarTo(t *testing.T) {
	checkPlans(t, []planCase{
		{"SELECT name SIMILAR TO 'a%' FROM users", `(users.name ~ sql::similar_to_escape("a%"))`, ""},
		{"SELECT name NOT SIMILAR TO 'a#%' ESCAPE '#' FROM users", `(NOT (users.name ~ sql::similar_to_escape("a#%", "#")))`, ""},
		{"SELECT age SIMILAR TO 'a' FROM users", "", errs.UndefinedFunction},
	})
}
