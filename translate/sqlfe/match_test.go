package sqlfe

import (
	"strings"
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// TestRegexMatchOperators checks the translation of PostgreSQL's regular
// expression operators: ~ and !~ match the pattern as it is, ~* and !~*
// with the case-insensitive flag, and all of them take strings only.
func TestRegexMatchOperators(t *testing.T) {
	for _, c := range []struct {
		sql  string
		want string // in the printed plan
		code string
	}{
		{"SELECT name ~ 'a' FROM users", `(users.name ~ "a")`, ""},
		{"SELECT name !~ 'a' FROM users", `(NOT (users.name ~ "a"))`, ""},
		{"SELECT name ~* 'a' FROM users", `(users.name ~ ("(?i)" || "a"))`, ""},
		{"SELECT name !~* email FROM users", `(NOT (users.name ~ ("(?i)" || users.email)))`, ""},
		{"SELECT age ~* 'a' FROM users", "", errs.UndefinedFunction},
		{"SELECT name ~* 1 FROM users", "", errs.UndefinedFunction},
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
