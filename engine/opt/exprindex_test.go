package opt

import (
	"strings"
	"testing"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// TestExpressionIndexMatch checks which conditions an expression index
// part serves: the same expression whatever the query's alias and
// positions, in equality, IN and ranges, and not another expression; the
// condition stays in the filter (the span is not exact), and the input
// plan is not modified.
func TestExpressionIndexMatch(t *testing.T) {
	accounts := &catalog.Table{ID: 9, Name: "accounts", Schemafull: true, CreatedBy: "sql", PrimaryKey: []string{"id"},
		Fields: []catalog.Field{
			{Name: "id", Type: value.TypeInt8},
			{Name: "email", Type: value.TypeText, Optional: true},
			{Name: "a", Type: value.TypeInt4, Optional: true},
		},
		Indexes: []catalog.Index{
			{ID: 40, Name: "accounts_lower_idx", Kind: catalog.IndexBTree, Unique: true,
				Parts: []catalog.IndexPart{{Expr: "lower(email)", Cols: []string{"email"}}}, Options: stats("100000", "100000")},
			{ID: 41, Name: "accounts_expr_idx", Kind: catalog.IndexBTree,
				Parts: []catalog.IndexPart{{Expr: "(a + 1)", Cols: []string{"a"}}}, Options: stats("100000", "100000")},
		}}
	// What the front end compiles the stored texts to: the table's own
	// name on the column, positions of the stored text.
	lower := func(alias string, pos int) plan.Expr {
		return &plan.Call{At: plan.At{P: pos}, Fn: "sql::lower", SQL: true,
			Args: []plan.Expr{&plan.Field{At: plan.At{P: pos + 6}, X: &plan.ColRef{Idx: 1, Name: alias}, Name: "email"}}}
	}
	plus := func(alias string, pos int) plan.Expr {
		return &plan.Binary{At: plan.At{P: pos}, Op: plan.OpAdd, SQL: true,
			L: &plan.Field{X: &plan.ColRef{Idx: 1, Name: alias}, Name: "a"}, R: &plan.Const{V: value.IntW(1, value.I32)}}
	}
	opts := Options{IndexExpr: func(tb *catalog.Table, src string) (plan.Expr, bool) {
		switch src {
		case "lower(email)":
			return lower(tb.Name, 8), true
		case "(a + 1)":
			return plus(tb.Name, 9), true
		}
		return nil, false
	}}
	upper := &plan.Call{Fn: "sql::upper", SQL: true, Args: []plan.Expr{&plan.Field{X: &plan.ColRef{Idx: 1, Name: "x"}, Name: "email"}}}
	for _, c := range []struct {
		name  string
		cond  plan.Expr
		index string // "" for none
	}{
		{"equality", sq(plan.OpEq, lower("x", 40), param(1)), "accounts_lower_idx"},
		{"constant first", sq(plan.OpEq, ks("a@x"), lower("x", 33)), "accounts_lower_idx"},
		{"in list", sq(plan.OpOr, sq(plan.OpEq, lower("x", 30), ks("a@x")), sq(plan.OpEq, lower("x", 60), ks("b@x"))), "accounts_lower_idx"},
		{"range", sq(plan.OpAnd, sq(plan.OpGt, plus("x", 31), ki(5)), sq(plan.OpLe, plus("x", 50), ki(9))), "accounts_expr_idx"},
		{"another function", sq(plan.OpEq, upper, ks("A@X")), ""},
		{"the bare column", sq(plan.OpEq, &plan.Field{X: &plan.ColRef{Idx: 1, Name: "x"}, Name: "email"}, ks("a@x")), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := project(&plan.Filter{Input: scan(accounts, "x"), Cond: c.cond}, []string{"id"}, obj(0, "x", "id"))
			before := plan.Explain(n)
			got := plan.Explain(OptimizeWith(n, opts))
			if after := plan.Explain(n); after != before {
				t.Fatalf("OptimizeWith modified its input:\n%s\nbecame\n%s", before, after)
			}
			if c.index == "" {
				if strings.Contains(got, "Index Scan") {
					t.Fatalf("an index is used:\n%s", got)
				}
				return
			}
			if !strings.Contains(got, "Index Scan using "+c.index) || !strings.Contains(got, "filter:") {
				t.Fatalf("want %s with the condition kept:\n%s", c.index, got)
			}
		})
	}
}
