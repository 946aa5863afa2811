package sqlfe

import (
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// TestOid checks oid's translation: casts to it convert by PostgreSQL's
// rules, integers compared with it become oids, and it takes no
// arithmetic, numeric function or numeric aggregate (42883).
func TestOid(t *testing.T) {
	checkPlans(t, []planCase{
		{"SELECT (-1)::oid", "4294967295", ""},
		{"SELECT '-1'::oid", "4294967295", ""},
		{"SELECT 4294967295::oid::int4", "-1_i32", ""},
		{"SELECT id::oid FROM users", "users.id::int AS id", ""},
		{"SELECT id::oid::int4 FROM users", "(((users.id::int + 2147483648) % 4294967296) - 2147483648)::i32", ""},
		{"SELECT id::oid = -1 FROM users", "(users.id::int = 4294967295)", ""},
		{"SELECT age::oid = id FROM users", "(users.age::int = users.id::int)", ""},
		// A bigint column is compared as it is (the catalogs' oids).
		{"SELECT 5::oid = id FROM orders", "(5 = orders.id)", ""},
		{"SELECT 4294967296::oid", "", errs.NumericValueOutOfRange},
		{"SELECT (-1)::int8::oid", "", errs.NumericValueOutOfRange},
		{"SELECT '4294967296'::oid", "", errs.NumericValueOutOfRange},
		{"SELECT 1.5::oid", "", errs.CannotCoerce},
		{"SELECT 5::oid::int2", "", errs.CannotCoerce},
		{"SELECT 5::oid::numeric", "", errs.CannotCoerce},
		{"SELECT 5::oid = 5.0", "", errs.UndefinedFunction},
		{"SELECT 5::oid + 1", "", errs.UndefinedFunction},
		{"SELECT 1 * 5::oid", "", errs.UndefinedFunction},
		{"SELECT 5::oid << 1", "", errs.UndefinedFunction},
		{"SELECT -(5::oid)", "", errs.UndefinedFunction},
		{"SELECT @(5::oid)", "", errs.UndefinedFunction},
		{"SELECT abs(5::oid)", "", errs.UndefinedFunction},
		{"SELECT sum(id::oid) FROM users", "", errs.UndefinedFunction},
		{"SELECT avg(id::oid) FROM users", "", errs.UndefinedFunction},
		{"SELECT var_pop(id::oid) FROM users", "", errs.UndefinedFunction},
		{"SELECT bit_or(id::oid) FROM users", "", errs.UndefinedFunction},
		{"SELECT regr_count(id::oid, 1) FROM users", "", errs.UndefinedFunction},
		{"SELECT max(id::oid), count(id::oid) FROM users", "max(", ""},
		{"SELECT coalesce(1::oid, 1.5)", "", errs.CannotCoerce},
	})
}
