package exec

import (
	"testing"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// TestCoalesceShortCircuit checks that SQL's COALESCE evaluates its
// arguments only up to the first that is not SQL NULL, as PostgreSQL
// does: a later argument that would fail is never evaluated.
func TestCoalesceShortCircuit(t *testing.T) {
	f := newFixture(t)
	null := k(value.None)
	fail := sbin(plan.OpDiv, ki(1), ki(0))
	coalesce := func(args ...plan.Expr) plan.Expr {
		return &plan.Call{Fn: "sql::coalesce", Args: args, SQL: true}
	}
	for _, c := range []struct {
		x    plan.Expr
		want string
		code string
	}{
		{coalesce(ki(1), fail), "1", ""},
		{coalesce(null, ki(2), fail), "2", ""},
		{coalesce(k(value.JSONNull), fail), "null", ""},
		{coalesce(null, null), "null", ""},
		{coalesce(null, fail, ki(3)), "", errs.DivisionByZero},
	} {
		v, err := f.x.Eval(f.ctx, f.env(nil), c.x)
		if errs.Code(err) != c.code {
			t.Errorf("%s: error %v, want %q", plan.ExplainExpr(c.x), err, c.code)
			continue
		}
		if err != nil {
			continue
		}
		if got := string(value.AppendJSON(nil, v)); got != c.want {
			t.Errorf("%s = %s, want %s", plan.ExplainExpr(c.x), got, c.want)
		}
	}
}
