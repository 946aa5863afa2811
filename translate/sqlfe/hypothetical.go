package sqlfe

import (
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/errs"
)

// The hypothetical-set aggregates rank, dense_rank, percent_rank and
// cume_dist (f(h1, ...) WITHIN GROUP (ORDER BY k1, ...)) place the
// hypothetical row (h1, ...) among the group's rows in the ORDER BY's
// order. They are rewritten into counts of the rows that sort before it
// (or are its peers), written as SQL so that GROUP BY, FILTER and the
// unification of the direct arguments with the sort keys (k < h) stay the
// ordinary ones:
//
//	rank         1 + count(*) FILTER (WHERE before)
//	dense_rank   1 + count(DISTINCT ROW(k1, ...)) FILTER (WHERE before)
//	percent_rank count(*) FILTER (WHERE before) / count(*), 0 for no rows
//	cume_dist    (count(*) FILTER (WHERE before OR peer) + 1) / (count(*) + 1)

// isHypothetical reports whether name is a hypothetical-set aggregate.
func isHypothetical(name string) bool {
	switch name {
	case "rank", "dense_rank", "percent_rank", "cume_dist":
		return true
	}
	return false
}

func (tr *translator) hypotheticalAggregate(fc *pg.FuncCall, name string, p int, ec *exprCtx) (texpr, error) {
	if len(fc.Args) != len(fc.AggOrder) {
		var types []string
		for _, a := range append(slices.Clone(fc.Args), sortKeys(fc.AggOrder)...) {
			x, err := tr.expr(a, ec)
			if err != nil {
				return texpr{}, err
			}
			types = append(types, typeName(x))
		}
		return texpr{}, errAt(errs.UndefinedFunction, p, "function %s(%s) does not exist", name, strings.Join(types, ", ")).
			WithHint("To use the hypothetical-set aggregate %s, the number of hypothetical direct arguments (here %d) must match the number of ordering columns (here %d).",
				name, len(fc.Args), len(fc.AggOrder))
	}
	if fc.AggDistinct {
		return texpr{}, errAt(errs.SyntaxError, p, "cannot use DISTINCT with WITHIN GROUP")
	}
	// before and peer, built from the last key outward: the hypothetical
	// row sorts after a row when an earlier key decides so, or all earlier
	// keys are peers and a later one does.
	var before, peer *pg.Node
	keys := make([]*pg.Node, len(fc.AggOrder))
	for i := len(fc.AggOrder) - 1; i >= 0; i-- {
		sb := fc.AggOrder[i].GetSortBy()
		if sb == nil {
			return texpr{}, errAt(errs.SyntaxError, p, "invalid WITHIN GROUP")
		}
		if sb.SortbyDir == pg.SortByDir_SORTBY_USING {
			return texpr{}, unsupported(p, name+" WITHIN GROUP (ORDER BY ... USING)")
		}
		k, h := sb.Node, fc.Args[i]
		keys[i] = k
		op, nullsFirst := "<", sb.SortbyNulls == pg.SortByNulls_SORTBY_NULLS_FIRST
		if sb.SortbyDir == pg.SortByDir_SORTBY_DESC {
			op = ">"
			nullsFirst = sb.SortbyNulls != pg.SortByNulls_SORTBY_NULLS_LAST
		}
		// A NULL key sorts before every value with NULLS FIRST, after with
		// NULLS LAST.
		nullBefore := andNode(nullTestNode(k, pg.NullTestType_IS_NOT_NULL), nullTestNode(h, pg.NullTestType_IS_NULL))
		if nullsFirst {
			nullBefore = andNode(nullTestNode(k, pg.NullTestType_IS_NULL), nullTestNode(h, pg.NullTestType_IS_NOT_NULL))
		}
		b := orNode(nullBefore, pg.MakeAExprNode(pg.A_Expr_Kind_AEXPR_OP, []*pg.Node{pg.MakeStrNode(op)}, k, h, -1))
		e := pg.MakeAExprNode(pg.A_Expr_Kind_AEXPR_NOT_DISTINCT, []*pg.Node{pg.MakeStrNode("=")}, k, h, -1)
		if before == nil {
			before, peer = b, e
		} else {
			before, peer = orNode(b, andNode(e, before)), andNode(e, peer)
		}
	}
	count := func(filter *pg.Node, distinct bool, args ...*pg.Node) *pg.Node {
		if fc.AggFilter != nil {
			if filter == nil {
				filter = fc.AggFilter
			} else {
				filter = andNode(fc.AggFilter, filter)
			}
		}
		return &pg.Node{Node: &pg.Node_FuncCall{FuncCall: &pg.FuncCall{Funcname: []*pg.Node{pg.MakeStrNode("count")},
			Args: args, AggStar: len(args) == 0, AggDistinct: distinct, AggFilter: filter, Location: fc.Location}}}
	}
	one := pg.MakeAConstIntNode(1, -1)
	plus := func(l, r *pg.Node) *pg.Node {
		return pg.MakeAExprNode(pg.A_Expr_Kind_AEXPR_OP, []*pg.Node{pg.MakeStrNode("+")}, l, r, -1)
	}
	float := func(n *pg.Node) *pg.Node {
		return &pg.Node{Node: &pg.Node_TypeCast{TypeCast: &pg.TypeCast{Arg: n, TypeName: &pg.TypeName{
			Names: []*pg.Node{pg.MakeStrNode("pg_catalog"), pg.MakeStrNode("float8")}, Typemod: -1, Location: -1}, Location: -1}}}
	}
	divide := func(l, r *pg.Node) *pg.Node {
		return pg.MakeAExprNode(pg.A_Expr_Kind_AEXPR_OP, []*pg.Node{pg.MakeStrNode("/")}, float(l), float(r), -1)
	}
	var x *pg.Node
	switch name {
	case "rank":
		x = plus(count(before, false), one)
	case "dense_rank":
		row := &pg.Node{Node: &pg.Node_RowExpr{RowExpr: &pg.RowExpr{Args: keys, RowFormat: pg.CoercionForm_COERCE_EXPLICIT_CALL, Location: -1}}}
		x = plus(count(before, true, row), one)
	case "percent_rank":
		all := count(nil, false)
		x = pg.MakeCaseExprNode(nil, []*pg.Node{pg.MakeCaseWhenNode(
			pg.MakeAExprNode(pg.A_Expr_Kind_AEXPR_OP, []*pg.Node{pg.MakeStrNode("=")}, all, pg.MakeAConstIntNode(0, -1), -1),
			float(pg.MakeAConstIntNode(0, -1)), -1)}, -1)
		x.GetCaseExpr().Defresult = divide(count(before, false), all)
	case "cume_dist":
		x = divide(plus(count(orNode(before, peer), false), one), plus(count(nil, false), one))
	}
	return tr.expr(x, ec)
}

func andNode(l, r *pg.Node) *pg.Node {
	return pg.MakeBoolExprNode(pg.BoolExprType_AND_EXPR, []*pg.Node{l, r}, -1)
}

func orNode(l, r *pg.Node) *pg.Node {
	return pg.MakeBoolExprNode(pg.BoolExprType_OR_EXPR, []*pg.Node{l, r}, -1)
}

func nullTestNode(n *pg.Node, t pg.NullTestType) *pg.Node {
	return &pg.Node{Node: &pg.Node_NullTest{NullTest: &pg.NullTest{Arg: n, Nulltesttype: t, Location: -1}}}
}

func sortKeys(order []*pg.Node) []*pg.Node {
	keys := make([]*pg.Node, len(order))
	for i, o := range order {
		keys[i] = o.GetSortBy().GetNode()
	}
	return keys
}
