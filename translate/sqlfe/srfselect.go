package sqlfe

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// srfAlias names the FROM item a set-returning function of the select
// list becomes; only a quoted identifier could spell it.
const srfAlias = "?srf"

// liftSRF rewrites SELECT ..., f(args), ... FROM items, where f is a
// set-returning function returning one column, into SELECT ..., srf, ...
// FROM items, f(args) AS srf: one output row per row of f for each input
// row, PostgreSQL's result for a single set-returning function in the
// select list. It leaves alone selects with several such functions
// (zipped in PostgreSQL), aggregates or grouping, which the translation
// then rejects.
func (tr *translator) liftSRF(s *pg.SelectStmt) {
	if len(s.GroupClause) > 0 || s.HavingClause != nil || len(s.ValuesLists) > 0 {
		return
	}
	found := -1
	for i, n := range s.TargetList {
		rt := n.GetResTarget()
		if rt == nil || rt.Val == nil {
			continue
		}
		if hasAggregate(rt.Val) || hasStar(rt.Val) {
			return
		}
		fc := rt.Val.GetFuncCall()
		if fc == nil || fc.Over != nil || fc.AggStar || fc.AggDistinct || fc.AggFilter != nil {
			continue
		}
		if name, ok := funcName(fc.Funcname); ok && liftable(name) {
			if found >= 0 {
				return
			}
			found = i
		}
	}
	if found < 0 {
		return
	}
	rt := s.TargetList[found].GetResTarget()
	fc := rt.Val.GetFuncCall()
	name, _ := funcName(fc.Funcname)
	col := srfAlias
	switch name {
	case "jsonb_array_elements", "jsonb_array_elements_text":
		col = "value"
	case "pg_partition_ancestors":
		col = "relid"
	}
	rf := &pg.RangeFunction{
		Functions: []*pg.Node{{Node: &pg.Node_List{List: &pg.List{Items: []*pg.Node{rt.Val, {}}}}}},
		Alias:     &pg.Alias{Aliasname: srfAlias},
	}
	s.FromClause = append(s.FromClause, &pg.Node{Node: &pg.Node_RangeFunction{RangeFunction: rf}})
	if rt.Name == "" {
		rt.Name = name
	}
	rt.Val = &pg.Node{Node: &pg.Node_ColumnRef{ColumnRef: &pg.ColumnRef{
		Fields:   []*pg.Node{{Node: &pg.Node_String_{String_: &pg.String{Sval: srfAlias}}}, {Node: &pg.Node_String_{String_: &pg.String{Sval: col}}}},
		Location: fc.Location,
	}}}
}

func liftable(name string) bool {
	switch name {
	case "generate_series", "unnest", "jsonb_array_elements", "jsonb_array_elements_text", "jsonb_object_keys",
		"pg_partition_ancestors":
		return true
	}
	return false
}

// hasAggregate reports an aggregate call (not a window function) in n.
func hasAggregate(n *pg.Node) bool {
	if n == nil {
		return false
	}
	switch x := n.Node.(type) {
	case *pg.Node_FuncCall:
		if name, ok := funcName(x.FuncCall.Funcname); ok && isAggregate(name) && x.FuncCall.Over == nil {
			return true
		}
		for _, a := range x.FuncCall.Args {
			if hasAggregate(a) {
				return true
			}
		}
	case *pg.Node_AExpr:
		return hasAggregate(x.AExpr.Lexpr) || hasAggregate(x.AExpr.Rexpr)
	case *pg.Node_TypeCast:
		return hasAggregate(x.TypeCast.Arg)
	case *pg.Node_BoolExpr:
		for _, a := range x.BoolExpr.Args {
			if hasAggregate(a) {
				return true
			}
		}
	case *pg.Node_CaseExpr:
		return true // conservatively: not looked into
	case *pg.Node_CoalesceExpr:
		for _, a := range x.CoalesceExpr.Args {
			if hasAggregate(a) {
				return true
			}
		}
	}
	return false
}

// hasStar reports a * or t.* item, whose expansion would show the lifted
// function's column.
func hasStar(n *pg.Node) bool {
	if c := n.GetColumnRef(); c != nil {
		for _, f := range c.Fields {
			if f.GetAStar() != nil {
				return true
			}
		}
	}
	return false
}
