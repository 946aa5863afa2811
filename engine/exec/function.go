package exec

import (
	"context"
	"strconv"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/opt"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// storedFunc is a stored ZQL function as a function value (what a
// plan.FuncRef evaluates to). Like a closure it can be called by builtins
// and kept in a session variable; unlike a closure it captures nothing.
type storedFunc struct {
	r  *run
	fn *plan.Function
}

// Arity is the parameter count, or -1 when trailing parameters have
// defaults (the call checks the count itself).
func (s *storedFunc) Arity() int {
	if s.fn.Required() != len(s.fn.Params) {
		return -1
	}
	return len(s.fn.Params)
}

func (s *storedFunc) String() string {
	return s.fn.Name + "(" + strings.Join(s.fn.Params, ", ") + ")"
}

// Call runs the function in the statement that calls it (see
// closure.Call).
func (s *storedFunc) Call(ctx context.Context, args []value.Value) (value.Value, error) {
	r := s.r
	if cur, ok := ctx.Value(runKey{}).(*run); ok {
		r = cur
	}
	return r.callFunction(s.fn, args)
}

// callFunction runs a stored function: it checks the argument count,
// fills in defaults, checks argument types, runs the body in a fresh frame
// (no row, no enclosing frame: the body sees only its parameters) and
// checks the result type. Recursion shares the closures' depth bound
// (54001).
func (r *run) callFunction(fn *plan.Function, args []value.Value) (value.Value, error) {
	if fn == nil || fn.Body == nil {
		return value.None, internalf("stored function without a body")
	}
	if n, req := len(fn.Params), fn.Required(); len(args) < req || len(args) > n {
		want := argCount(req, n)
		return value.None, errs.New(errs.UndefinedFunction, "function %s takes %s, not %d", fn.Name, want, len(args))
	}
	if r.depth >= maxCallDepth {
		return value.None, errs.New(codeStackDepth, "stack depth limit exceeded").
			WithHint("Function %s recursed more than %d levels deep.", fn.Name, maxCallDepth)
	}
	if err := r.tick(); err != nil {
		return value.None, err
	}
	r.depth++
	defer func() { r.depth-- }()
	f := &frame{slots: make([]value.Value, max(fn.NumSlots, len(fn.Params)))}
	copy(f.slots, args)
	sc := scope{frame: f}
	for i := range fn.Params {
		if i >= len(args) {
			if i >= len(fn.Defaults) || fn.Defaults[i] == nil {
				return value.None, internalf("function %s: no default for parameter %s", fn.Name, fn.Params[i])
			}
			v, err := r.eval(fn.Defaults[i], &sc)
			if err != nil {
				return value.None, err
			}
			f.slots[i] = v
		}
		if i < len(fn.ParamTypes) && fn.ParamTypes[i] != nil {
			v, err := catalog.CheckValue(f.slots[i], *fn.ParamTypes[i])
			if err != nil {
				e := errs.From(err)
				return value.None, errs.New(e.Code, "argument %s of function %s: %s", fn.Params[i], fn.Name, e.Message)
			}
			f.slots[i] = v
		}
	}
	v, err := r.eval(r.functionBody(fn), &sc)
	if err != nil {
		return value.None, err
	}
	if fn.Result != nil {
		c, err := catalog.CheckValue(v, *fn.Result)
		if err != nil {
			e := errs.From(err)
			return value.None, errs.New(e.Code, "result of function %s: %s", fn.Name, e.Message)
		}
		v = c
	}
	return v, nil
}

func argCount(lo, hi int) string {
	plural := func(n int) string {
		if n == 1 {
			return "1 argument"
		}
		return strconv.Itoa(n) + " arguments"
	}
	if lo == hi {
		return plural(lo)
	}
	return strconv.Itoa(lo) + " to " + plural(hi)
}

// functionBody is fn's body as the optimizer rewrites it (subqueries get
// push-down, point gets and hash joins like the statement's own plan),
// done once per statement. A FuncRef is a leaf to the optimizer, so a
// recursive body is rewritten once.
func (r *run) functionBody(fn *plan.Function) plan.Expr {
	if b, ok := r.fnBodies[fn]; ok {
		return b
	}
	body := fn.Body
	if ev, ok := opt.OptimizeWith(&plan.Eval{X: fn.Body}, r.x.OptimizerOptions()).(*plan.Eval); ok && ev.X != nil {
		body = ev.X
	}
	if r.fnBodies == nil {
		r.fnBodies = make(map[*plan.Function]plan.Expr)
	}
	r.fnBodies[fn] = body
	return body
}
