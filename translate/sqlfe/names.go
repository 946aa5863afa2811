package sqlfe

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// figureColname names an unaliased result column the way PostgreSQL
// does: a column reference by its column, a function call by the
// function, CASE by its ELSE branch or "case", a cast by its operand or
// else the type, and anything else "?column?".
func figureColname(n *pg.Node) string {
	if name, _ := colname(n); name != "" {
		return name
	}
	return "?column?"
}

// colname returns a name and how sure it is of it: 2 for a real name
// (column, function), 1 for a fallback (a cast's type, "case") that an
// enclosing node may still replace, 0 for none.
func colname(n *pg.Node) (string, int) {
	if n == nil {
		return "", 0
	}
	switch x := n.Node.(type) {
	case *pg.Node_GroupingFunc:
		return "grouping", 2
	case *pg.Node_ColumnRef:
		name := ""
		for _, f := range x.ColumnRef.Fields {
			if s := f.GetString_(); s != nil {
				name = s.Sval
			}
		}
		if name != "" {
			return name, 2
		}
	case *pg.Node_AIndirection:
		for i := len(x.AIndirection.Indirection) - 1; i >= 0; i-- {
			if s := x.AIndirection.Indirection[i].GetString_(); s != nil {
				return s.Sval, 2
			}
		}
		return colname(x.AIndirection.Arg)
	case *pg.Node_FuncCall:
		if f := x.FuncCall.Funcname; len(f) > 0 {
			return f[len(f)-1].GetString_().GetSval(), 2
		}
	case *pg.Node_AExpr:
		if x.AExpr.Kind == pg.A_Expr_Kind_AEXPR_NULLIF {
			return "nullif", 2
		}
	case *pg.Node_TypeCast:
		name, strength := colname(x.TypeCast.Arg)
		if strength <= 1 && x.TypeCast.TypeName != nil {
			if ns := x.TypeCast.TypeName.Names; len(ns) > 0 {
				return ns[len(ns)-1].GetString_().GetSval(), 1
			}
		}
		return name, strength
	case *pg.Node_CollateClause:
		return colname(x.CollateClause.Arg)
	case *pg.Node_CaseExpr:
		name, strength := colname(x.CaseExpr.Defresult)
		if strength <= 1 {
			return "case", 1
		}
		return name, strength
	case *pg.Node_CoalesceExpr:
		return "coalesce", 2
	case *pg.Node_MinMaxExpr:
		if x.MinMaxExpr.Op == pg.MinMaxOp_IS_LEAST {
			return "least", 2
		}
		return "greatest", 2
	case *pg.Node_SqlvalueFunction:
		return sqlValueFunctionName(x.SqlvalueFunction.Op), 2
	case *pg.Node_SubLink:
		switch x.SubLink.SubLinkType {
		case pg.SubLinkType_EXISTS_SUBLINK:
			return "exists", 2
		case pg.SubLinkType_ARRAY_SUBLINK:
			return "array", 2
		case pg.SubLinkType_EXPR_SUBLINK:
			// The name of the subquery's column.
			sel := x.SubLink.Subselect.GetSelectStmt()
			for sel != nil && sel.Larg != nil {
				sel = sel.Larg
			}
			if sel == nil || len(sel.TargetList) == 0 {
				return "", 0
			}
			if rt := sel.TargetList[0].GetResTarget(); rt != nil {
				if rt.Name != "" {
					return rt.Name, 2
				}
				return figureColname(rt.Val), 2
			}
		}
	case *pg.Node_AArrayExpr:
		return "array", 2
	case *pg.Node_RowExpr:
		return "row", 2
	case *pg.Node_XmlExpr:
		if x.XmlExpr.Op != pg.XmlExprOp_IS_DOCUMENT {
			return strings.ToLower(strings.TrimPrefix(x.XmlExpr.Op.String(), "IS_")), 2
		}
	case *pg.Node_XmlSerialize:
		return "xmlserialize", 2
	}
	return "", 0
}

func sqlValueFunctionName(op pg.SQLValueFunctionOp) string {
	switch op {
	case pg.SQLValueFunctionOp_SVFOP_CURRENT_DATE:
		return "current_date"
	case pg.SQLValueFunctionOp_SVFOP_CURRENT_TIME, pg.SQLValueFunctionOp_SVFOP_CURRENT_TIME_N:
		return "current_time"
	case pg.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP, pg.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N:
		return "current_timestamp"
	case pg.SQLValueFunctionOp_SVFOP_LOCALTIME, pg.SQLValueFunctionOp_SVFOP_LOCALTIME_N:
		return "localtime"
	case pg.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP, pg.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:
		return "localtimestamp"
	case pg.SQLValueFunctionOp_SVFOP_CURRENT_ROLE:
		return "current_role"
	case pg.SQLValueFunctionOp_SVFOP_CURRENT_USER:
		return "current_user"
	case pg.SQLValueFunctionOp_SVFOP_USER:
		return "user"
	case pg.SQLValueFunctionOp_SVFOP_SESSION_USER:
		return "session_user"
	case pg.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG:
		return "current_catalog"
	case pg.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:
		return "current_schema"
	}
	return ""
}
