package zqlfe

import (
	"context"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/lang"
	"github.com/zerodb/zerodb/translate"
)

// CompilePredicate compiles the source of a schema assert predicate
// (catalog.Field.Asserts) for the executor's AssertCompiler hook. The
// executor evaluates the result with the field's value as column 0 of the
// current row, and calls it with the value when it is a function:
//
//   - a function name (`is_capitalized`, `math::is_finite`, or a stored
//     function of the database, which shadows a builtin) is a call of
//     that function on the value;
//   - a closure (`|v| v > 0`) is a function value;
//   - any other expression is evaluated with `.` bound to the value
//     (`.len() > 2`).
//
// Error positions are character positions in src.
func CompilePredicate(ctx context.Context, r translate.Resolver, src string) (x plan.Expr, err error) {
	e, err := lang.ParseExpr(src)
	if err != nil {
		return nil, errs.From(err)
	}
	t := newTranslator(ctx, r, newSource(src))
	defer func() {
		if p := recover(); p != nil {
			x = nil
			err = errAt(errs.InternalError, 0, "internal error in the ZQL translator: %v", p)
		}
	}()
	return t.predicate(e)
}

// predicate compiles an assert predicate at statement level.
func (t *translator) predicate(e lang.Expr) (plan.Expr, error) {
	t.pushScope()
	defer t.popScope()
	// A predicate belongs to a schema, not to a session: like a stored
	// function's body it sees no session variable and may not write.
	saved := t.fn
	if t.fn == "" {
		t.fn = assertContext
	}
	defer func() { t.fn = saved }()
	x, err := t.predicateExpr(e)
	if err != nil {
		return nil, err
	}
	if err := t.pureWrite(); err != nil {
		return nil, err
	}
	return x, nil
}

func (t *translator) predicateExpr(e lang.Expr) (plan.Expr, error) {
	value := binding{name: ".", kind: bindCol, level: t.level, col: 0}
	switch f := e.(type) {
	case *lang.Ident:
		if t.lookup(f.Name) == nil && !t.hasSessionVar(f.Name) {
			// A stored function (which may shadow a builtin) is a function
			// value, which the executor calls with the field's value.
			if cf, stored, err := t.storedFunction(f.Name, t.at(f)); err != nil || stored {
				if err != nil {
					return nil, err
				}
				return storedValue(t.at(f), cf), nil
			}
			fn, ok := t.function(f.Name)
			if !ok {
				return nil, t.noFunction(t.at(f), f.Name)
			}
			return &plan.Call{At: at(t.at(f)), Fn: fn.Name, Args: []plan.Expr{t.ref(&value, t.at(f))}}, nil
		}
	case *lang.NamespacedName:
		if fn, ok := t.function(f.Namespace + "::" + f.Name); ok {
			return &plan.Call{At: at(t.at(f)), Fn: fn.Name, Args: []plan.Expr{t.ref(&value, t.at(f))}}, nil
		}
	}
	t.bind(value)
	return t.expr(e)
}
