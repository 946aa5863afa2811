package sqlfe

import (
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// TestBitAndMathOperators checks that the integer bit operators resolve
// to the function of PostgreSQL's operator for the operands' width, and
// that |/, ||/ and @ become sqrt, cbrt and abs.
func TestBitAndMathOperators(t *testing.T) {
	checkPlans(t, []planCase{
		{"SELECT id & 3 FROM users", `sql::int4and(users.id, 3_i32)`, ""},
		{"SELECT age | age FROM users", `sql::int2or(users.age, users.age)`, ""},
		{"SELECT age # id FROM users", `sql::int4xor(`, ""},
		{"SELECT id::int8 << age FROM users", `sql::int8shl(`, ""},
		{"SELECT age >> 1 FROM users", `sql::int2shr(users.age, 1_i32)`, ""},
		{"SELECT ~age FROM users", `sql::int2not(users.age)`, ""},
		{"SELECT '3' << id FROM users", `sql::int4shl(3_i32, users.id)`, ""},
		{"SELECT |/ id FROM users", `sql::sqrt(`, ""},
		{"SELECT ||/ id FROM users", `sql::cbrt(`, ""},
		{"SELECT @ age FROM users", `sql::abs(users.age)`, ""},
		{"SELECT id::int8 << id::int8 FROM users", "", errs.UndefinedFunction},
		{"SELECT id << 1.5 FROM users", "", errs.UndefinedFunction},
		{"SELECT name & 1 FROM users", "", errs.UndefinedFunction},
		{"SELECT 1.5 & id FROM users", "", errs.UndefinedFunction},
		{"SELECT ~ 1.5", "", errs.UndefinedFunction},
		{"SELECT @ name FROM users", "", errs.UndefinedFunction},
		{"SELECT 'a' & 'b'", "", codeAmbiguousFunction},
		{"SELECT ~ '1'", "", codeAmbiguousFunction},
		{"SELECT |/ 'x'", "", errs.InvalidTextRepresentation},
	})
}
