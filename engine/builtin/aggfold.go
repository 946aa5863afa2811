package builtin

import (
	"slices"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// The flags of sql::aggregate_fold (its fifth argument).
const (
	// FoldStrictStep: the transition function is strict, so a row with
	// a NULL argument is skipped, and without an initial state the first
	// row's argument becomes the state.
	FoldStrictStep = 1 << iota
	// FoldStrictFinal: the final function is strict (not called on a
	// NULL state).
	FoldStrictFinal
	// FoldFinalExtra: the final function takes NULLs of the argument
	// types after the state (FINALFUNC_EXTRA).
	FoldFinalExtra
)

// A user-defined aggregate (CREATE AGGREGATE) is run as array_agg of its
// arguments, with the aggregation machinery's GROUP BY, FILTER,
// DISTINCT, ORDER BY and window frames, and this fold over the array,
// which calls the transition and final functions (function values the
// SQL front end compiled) as PostgreSQL's advance_transition_function
// and finalize_aggregate do.
func aggregateFoldFuncs() []*Func {
	f := nonStrict(sqlDef("aggregate_fold", 6, 6, "A user-defined aggregate's result: the transition function folded over the rows' arguments from the initial state, then the final function.", func(args []value.Type) value.Type { return value.Any },
		aggregateFold, ex("7", value.None, vi4(7), value.None, value.None, vi4(0), vi4(1))))
	// It calls functions, which may read and write the database.
	f.Pure = false
	return []*Func{f}
}

func aggregateFold(name string, c *Context, args []value.Value) (value.Value, error) {
	rows, state := args[0], args[1]
	flags, n := args[4].AsInt(), args[5].AsInt()
	// The SQL front end passes the aggregate's argument count, but a
	// client may call aggregate_fold itself: a count no aggregate has
	// (PostgreSQL's FUNC_MAX_ARGS is 100) sized the call's arguments
	// (make panicked on a negative one).
	if n < 0 || n > 100 {
		return value.None, errs.New(errs.InvalidParameterValue, "%s: invalid number of aggregate arguments: %d", name, n)
	}
	nargs := int(n)
	var elems []value.Value
	if !rows.IsNone() {
		var err error
		if elems, err = arrayArg(name, args, 0); err != nil {
			return value.None, err
		}
	}
	step, err := funcArg(name, args[2])
	if err != nil && len(elems) > 0 {
		return value.None, err
	}
	strict := flags&FoldStrictStep != 0
	// noState: a strict transition function without an initial state
	// starts from the first row's argument.
	noState := strict && state.IsSQLNull()
	call := make([]value.Value, 1+nargs)
	for _, e := range elems {
		in := call[1:]
		switch nargs {
		case 0:
		case 1:
			in[0] = e
		default:
			xs := e.AsList()
			if len(xs) != nargs {
				return value.None, errs.New(errs.InternalError, "%s: a row of %d arguments, not %d", name, len(xs), nargs)
			}
			copy(in, xs)
		}
		if strict {
			if slices.ContainsFunc(in, value.Value.IsSQLNull) {
				continue
			}
			if noState {
				if nargs > 0 {
					state = in[0]
				}
				noState = false
				continue
			}
			if state.IsSQLNull() {
				continue
			}
		}
		call[0] = state
		if state, err = step.Call(c.Ctx, call); err != nil {
			return value.None, err
		}
	}
	if args[3].IsNone() {
		return state, nil
	}
	final, err := funcArg(name, args[3])
	if err != nil {
		return value.None, err
	}
	if flags&FoldStrictFinal != 0 && state.IsSQLNull() {
		return value.None, nil
	}
	fargs := []value.Value{state}
	if flags&FoldFinalExtra != 0 {
		fargs = append(fargs, make([]value.Value, nargs)...)
	}
	return final.Call(c.Ctx, fargs)
}

func funcArg(name string, v value.Value) (value.Func, error) {
	if v.Kind() != value.KindFunc {
		return nil, errs.New(errs.InternalError, "%s: not a function: %s", name, v.Kind())
	}
	return v.AsFunc(), nil
}
