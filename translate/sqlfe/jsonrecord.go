package sqlfe

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"strings"
)

// jsonRecordSubselect rewrites jsonb_to_record(x) AS t(a int, ...) and
// jsonb_to_recordset(x) AS t(a int, ...) (and the json ones) into the
// LATERAL subquery they stand for: each declared column is the object's
// field of its name, as text cast to the column's type (as PostgreSQL's
// populate_record reads a scalar), or the field itself for a json or
// jsonb column; a recordset takes the elements of the array one by one.
// ok is false for any other function in FROM.
func jsonRecordSubselect(rf *pg.RangeFunction) (*pg.RangeSubselect, bool) {
	if len(rf.Coldeflist) == 0 || len(rf.Functions) != 1 || rf.Ordinality || rf.IsRowsfrom || rf.Alias == nil {
		return nil, false
	}
	items := rf.Functions[0].GetList().GetItems()
	if len(items) == 0 || items[0].GetFuncCall() == nil {
		return nil, false
	}
	fc := items[0].GetFuncCall()
	name, ok := funcName(fc.Funcname)
	if !ok || len(fc.Args) != 1 {
		return nil, false
	}
	var set bool
	var elements, objectType string
	switch name {
	case "jsonb_to_record":
		objectType = "jsonb"
	case "jsonb_to_recordset":
		set, elements, objectType = true, "jsonb_array_elements", "jsonb"
	case "json_to_record":
		objectType = "json"
	case "json_to_recordset":
		set, elements, objectType = true, "json_array_elements", "json"
	default:
		return nil, false
	}
	loc := fc.Location
	const elem = "zerodb_json_record"
	obj := &pg.Node{Node: &pg.Node_TypeCast{TypeCast: &pg.TypeCast{Arg: fc.Args[0], TypeName: typeNamed(objectType), Location: loc}}}
	sel := &pg.SelectStmt{LimitOption: pg.LimitOption_LIMIT_OPTION_DEFAULT, Op: pg.SetOperation_SETOP_NONE}
	if set {
		obj = pg.MakeColumnRefNode([]*pg.Node{pg.MakeStrNode(elem), pg.MakeStrNode("value")}, loc)
		call := pg.MakeFuncCallNode([]*pg.Node{pg.MakeStrNode(elements)}, []*pg.Node{fc.Args[0]}, loc)
		from := &pg.RangeFunction{
			Functions: []*pg.Node{pg.MakeListNode([]*pg.Node{call, {}})},
			Alias:     &pg.Alias{Aliasname: elem, Colnames: []*pg.Node{pg.MakeStrNode("value")}},
		}
		sel.FromClause = []*pg.Node{{Node: &pg.Node_RangeFunction{RangeFunction: from}}}
	}
	for _, n := range rf.Coldeflist {
		cd := n.GetColumnDef()
		if cd == nil || cd.TypeName == nil {
			return nil, false
		}
		cl := cd.Location
		field := func(op string) *pg.Node {
			return pg.MakeAExprNode(pg.A_Expr_Kind_AEXPR_OP, []*pg.Node{pg.MakeStrNode(op)}, obj, pg.MakeAConstStrNode(cd.Colname, cl), cl)
		}
		cast := func(x *pg.Node) *pg.Node {
			return &pg.Node{Node: &pg.Node_TypeCast{TypeCast: &pg.TypeCast{Arg: x, TypeName: cd.TypeName, Location: cl}}}
		}
		var val *pg.Node
		switch t := typeNameString(cd.TypeName); {
		case t == "json" || t == "jsonb":
			val = cast(field("->"))
		case len(cd.TypeName.ArrayBounds) > 0:
			// A JSON array becomes the SQL array of its elements' text;
			// anything else is read as text (an array literal, NULL).
			elems := pg.MakeFuncCallNode([]*pg.Node{pg.MakeStrNode(objectType + "_array_elements_text")}, []*pg.Node{field("->")}, cl)
			sub := &pg.SelectStmt{LimitOption: pg.LimitOption_LIMIT_OPTION_DEFAULT, Op: pg.SetOperation_SETOP_NONE,
				TargetList: []*pg.Node{pg.MakeResTargetNodeWithVal(elems, cl)}}
			arr := &pg.Node{Node: &pg.Node_SubLink{SubLink: &pg.SubLink{SubLinkType: pg.SubLinkType_ARRAY_SUBLINK,
				Subselect: &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: sub}}, Location: cl}}}
			isArray := pg.MakeAExprNode(pg.A_Expr_Kind_AEXPR_OP, []*pg.Node{pg.MakeStrNode("=")},
				pg.MakeFuncCallNode([]*pg.Node{pg.MakeStrNode(objectType + "_typeof")}, []*pg.Node{field("->")}, cl),
				pg.MakeAConstStrNode("array", cl), cl)
			val = &pg.Node{Node: &pg.Node_CaseExpr{CaseExpr: &pg.CaseExpr{
				Args:      []*pg.Node{pg.MakeCaseWhenNode(isArray, cast(arr), cl)},
				Defresult: cast(field("->>")), Location: cl}}}
		default:
			val = cast(field("->>"))
		}
		sel.TargetList = append(sel.TargetList, pg.MakeResTargetNodeWithNameAndVal(cd.Colname, val, cl))
	}
	return &pg.RangeSubselect{
		Lateral:  true,
		Subquery: &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: sel}},
		Alias:    rf.Alias,
	}, true
}

// typeNamed is the TypeName of a type named name, which may be
// schema-qualified (s.t, as a schema's types are named).
func typeNamed(name string) *pg.TypeName {
	parts := strings.Split(name, ".")
	names := make([]*pg.Node, len(parts))
	for i, s := range parts {
		names[i] = pg.MakeStrNode(s)
	}
	return &pg.TypeName{Names: names, Typemod: -1, Location: -1}
}

// typeNameString is the last part of a TypeName's name, for an array
// "" (an array is never json or jsonb).
func typeNameString(t *pg.TypeName) string {
	if len(t.ArrayBounds) > 0 || len(t.Names) == 0 {
		return ""
	}
	return t.Names[len(t.Names)-1].GetString_().GetSval()
}
