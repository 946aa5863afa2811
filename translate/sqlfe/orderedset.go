package sqlfe

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// The ordered-set aggregates percentile_cont, percentile_disc and mode
// (f(fraction) WITHIN GROUP (ORDER BY x)) are translated as array_agg(x
// ORDER BY x) FILTER (WHERE x IS NOT NULL) — NULLs take no part in them —
// and a builtin that picks the answer out of the sorted array
// (sql::percentile_cont_sorted, ...): the aggregation machinery, its
// FILTER, GROUP BY and window forms stay the ones every aggregate has.

// isOrderedSet reports whether name is an ordered-set aggregate zerodb has.
func isOrderedSet(name string) bool {
	kind, ordered := builtin.SQLFunctionKind(name)
	return kind == 'a' && ordered
}

func (tr *translator) orderedSetAggregate(fc *pg.FuncCall, name string, p int, ec *exprCtx) (texpr, error) {
	if !fc.AggWithinGroup {
		// As PostgreSQL: no such plain function.
		args := make([]texpr, len(fc.Args))
		for i, a := range fc.Args {
			x, err := tr.expr(a, ec)
			if err != nil {
				return texpr{}, err
			}
			if x.unknown {
				x.t = value.TypeText
			}
			args[i] = x
		}
		return texpr{}, noFunction(p, name, args)
	}
	if len(fc.AggOrder) != 1 {
		return texpr{}, unsupported(p, name+" of several ORDER BY expressions")
	}
	direct := 1
	if name == "mode" {
		direct = 0
	}
	if len(fc.Args) != direct {
		return texpr{}, noFunction(p, name, nil)
	}
	sortBy := fc.AggOrder[0].GetSortBy()
	if sortBy == nil {
		return texpr{}, errAt(errs.SyntaxError, p, "invalid WITHIN GROUP")
	}
	notNull := &pg.Node{Node: &pg.Node_NullTest{NullTest: &pg.NullTest{Arg: sortBy.Node, Nulltesttype: pg.NullTestType_IS_NOT_NULL, Location: -1}}}
	filter := notNull
	if fc.AggFilter != nil {
		filter = pg.MakeBoolExprNode(pg.BoolExprType_AND_EXPR, []*pg.Node{fc.AggFilter, notNull}, -1)
	}
	agg := &pg.FuncCall{Funcname: []*pg.Node{pg.MakeStrNode("array_agg")}, Args: []*pg.Node{sortBy.Node},
		AggOrder: fc.AggOrder, AggFilter: filter, Location: fc.Location}
	sorted, err := tr.aggregate(agg, "array_agg", p, ec)
	if err != nil {
		return texpr{}, err
	}
	elem := value.Any
	if sorted.t.Elem != nil {
		elem = *sorted.t.Elem
	}
	if name == "mode" {
		return texpr{e: &plan.Call{At: at(p), Fn: "sql::mode_sorted", Args: []plan.Expr{sorted.e}, SQL: true}, t: elem}, nil
	}
	frac, err := tr.expr(fc.Args[0], ec)
	if err != nil {
		return texpr{}, err
	}
	fracType := value.TypeFloat8
	t := elem
	if isArray(frac.t) || frac.t.Kind == value.KindList {
		fracType = value.ArrayOf(value.TypeFloat8)
		t = value.ArrayOf(elem)
	}
	if frac, err = tr.coerce(frac, fracType); err != nil {
		return texpr{}, err
	}
	if name == "percentile_cont" {
		if categoryOf(elem) != catNumber {
			return texpr{}, noFunction(p, name, []texpr{frac})
		}
		t = value.TypeFloat8
		if fracType.Array {
			t = value.ArrayOf(value.TypeFloat8)
		}
	}
	return texpr{e: &plan.Call{At: at(p), Fn: "sql::" + name + "_sorted", Args: []plan.Expr{frac.e, sorted.e}, SQL: true}, t: t}, nil
}
