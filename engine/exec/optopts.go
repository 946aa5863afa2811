package exec

import (
	"context"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/opt"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/sysview"
	"github.com/zerodb/zerodb/engine/value"
)

// OptimizerOptions are the opt.Options matching this executor: a builtin
// is pure when the registry says so, and constant expressions fold by
// evaluating them here (an expression that fails is left for run time,
// where its error carries its position; so is one that depends on the
// session time zone, which the plan, shared between sessions, does not
// know).
func (e *Executor) OptimizerOptions() opt.Options {
	return opt.Options{
		Pure: func(name string) bool {
			f, ok := e.reg.Lookup(name)
			return ok && f.Pure
		},
		Stable: func(name string) bool {
			fn, ok := strings.CutPrefix(name, "sql::")
			return ok && sysview.StableFunc(fn)
		},
		Fold: func(x plan.Expr) (value.Value, bool) {
			v, err := e.Eval(context.Background(), &Env{folding: true}, x)
			return v, err == nil
		},
		// The hook is read at each call: the session sets it after
		// taking these options.
		IndexExpr: func(t *catalog.Table, src string) (plan.Expr, bool) {
			x, err := e.compileIndexExpr(t, src)
			return x, err == nil
		},
	}
}
