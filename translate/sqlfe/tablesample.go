package sqlfe

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// tableSample translates t TABLESAMPLE BERNOULLI (p) [REPEATABLE (seed)]
// (SYSTEM too): the table's scan, filtered by sql::tablesample on each
// row's key. BERNOULLI keeps each row with probability p/100; zerodb has
// no pages to sample, so SYSTEM samples rows the same way. With
// REPEATABLE the choice is a hash of the seed and the row's key, so the
// same seed picks the same rows of the same data.
func (tr *translator) tableSample(ts *pg.RangeTableSample, base, left *scope) (plan.Node, *scope, bool, error) {
	p := tr.pos(ts.Location)
	method := ""
	if len(ts.Method) > 0 {
		method = strings.ToLower(ts.Method[len(ts.Method)-1].GetString_().GetSval())
	}
	if method != "bernoulli" && method != "system" {
		return nil, nil, false, errAt(errs.UndefinedObject, p, "tablesample method %s does not exist", method)
	}
	if len(ts.Args) != 1 {
		return nil, nil, false, errAt(codeInvalidTablesampleArgument, p, "tablesample method %s requires 1 argument, not %d", method, len(ts.Args))
	}
	node, sc, lateral, err := tr.fromItem(ts.Relation, base, left)
	if err != nil {
		return nil, nil, false, err
	}
	scan, ok := node.(*plan.Scan)
	if !ok {
		return nil, nil, false, errAt(errs.WrongObjectType, p, "TABLESAMPLE clause can only be applied to tables and materialized views")
	}
	// The arguments are constants of the statement: no column of any
	// FROM item.
	arg := func(n *pg.Node, clause string) (plan.Expr, error) {
		x, err := tr.expr(n, &exprCtx{clause: clause})
		if err != nil {
			return nil, err
		}
		if !x.unknown && categoryOf(x.t) != catNumber {
			return nil, errAt(errs.DatatypeMismatch, x.e.Pos(), "argument of %s must be type double precision, not type %s", clause, typeName(x))
		}
		x, err = tr.coerce(x, value.TypeFloat8)
		return x.e, err
	}
	pct, err := arg(ts.Args[0], "TABLESAMPLE")
	if err != nil {
		return nil, nil, false, err
	}
	var seed plan.Expr = &plan.Const{At: at(p)}
	repeatable := ts.Repeatable != nil
	if repeatable {
		if seed, err = arg(ts.Repeatable, "REPEATABLE"); err != nil {
			return nil, nil, false, err
		}
	}
	key := &plan.ColRef{At: at(p), Idx: 0, Name: "key"}
	cond := &plan.Call{At: at(p), Fn: "sql::tablesample", SQL: true,
		Args: []plan.Expr{pct, seed, &plan.Const{At: at(p), V: value.Bool(repeatable)}, key}}
	return &plan.Filter{Input: scan, Cond: cond}, sc, lateral, nil
}

// codeInvalidTablesampleArgument is invalid_tablesample_argument.
const codeInvalidTablesampleArgument = "2202H"
