package sqlfe

import (
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// TestWindowUnknownArg checks that an untyped literal is refused where a
// window function takes anyelement, and resolves to text where lag and
// lead take anycompatible (with a default).
func TestWindowUnknownArg(t *testing.T) {
	checkPlans(t, []planCase{
		{"SELECT first_value('a') OVER (ORDER BY age) FROM users", "", errs.DatatypeMismatch},
		{"SELECT lag('a') OVER (ORDER BY age) FROM users", "", errs.DatatypeMismatch},
		{"SELECT nth_value('a', 2) OVER (ORDER BY age) FROM users", "", errs.DatatypeMismatch},
		{"SELECT lag('a', 1, 'b') OVER (ORDER BY age) FROM users", "lag", ""},
		{"SELECT first_value(name) OVER (ORDER BY age) FROM users", "first_value", ""},
	})
}
