package opt

import (
	"testing"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// relationalCases are the join methods chosen for SQL's outer joins,
// pulled-up subqueries and set operations.
func relationalCases() map[string]plan.Node {
	uid := obj(0, "u", "id")
	ouid := obj(2, "o", "user_id")
	return map[string]plan.Node{
		// SELECT * FROM users u RIGHT JOIN orders o ON o.user_id = u.id
		"right_join_hash": &plan.Join{Kind: plan.RightJoin, Left: scan(users, "u"), Right: scan(orders, "o"),
			On: sq(plan.OpEq, ouid, uid)},
		// SELECT * FROM users u FULL JOIN orders o ON o.user_id = u.id AND o.total > 5
		"full_join_hash": &plan.Join{Kind: plan.FullJoin, Left: scan(users, "u"), Right: scan(orders, "o"),
			On: sq(plan.OpAnd, sq(plan.OpEq, ouid, uid), sq(plan.OpGt, obj(2, "o", "total"), ki(5)))},
		// SELECT * FROM users u WHERE u.age > 3 AND EXISTS (SELECT 1 FROM orders o
		//   WHERE o.user_id = u.id AND o.total > 100): the translator's semi-join.
		"exists_semi_join": &plan.Filter{
			Input: &plan.Join{Kind: plan.SemiJoin, Left: scan(users, "u"), Right: scan(orders, "o"),
				On: sq(plan.OpAnd, sq(plan.OpEq, ouid, uid), sq(plan.OpGt, obj(2, "o", "total"), ki(100)))},
			Cond: sq(plan.OpGt, obj(0, "u", "age"), ki(3)),
		},
		// SELECT * FROM users u WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id)
		"not_exists_anti_join": &plan.Join{Kind: plan.AntiJoin, Left: scan(users, "u"), Right: scan(orders, "o"),
			On: sq(plan.OpEq, ouid, uid)},
		// SELECT name FROM users UNION SELECT 'x' ORDER BY 1: inputs optimized in place.
		"union": &plan.Sort{Keys: []plan.SortKey{{X: col(0, "name")}}, Input: &plan.SetOp{Op: plan.Union,
			Left:  project(&plan.Filter{Input: scan(users, "u"), Cond: sq(plan.OpEq, uid, ki(1))}, []string{"name"}, obj(0, "u", "name")),
			Right: &plan.Values{Rows: [][]plan.Expr{{ks("x")}}, Cols: []plan.Column{{Name: "name", Type: value.TypeText}}},
			Cols:  []plan.Column{{Name: "name", Type: value.TypeText}}}},
	}
}

func TestRelationalGolden(t *testing.T) { runGolden(t, relationalCases()) }
