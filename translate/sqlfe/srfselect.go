package sqlfe

import (
	"slices"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// srfAlias names the FROM item a set-returning function of the select
// list becomes; only a quoted identifier could spell it. Functions nested
// in another's arguments make further items, srfAlias followed by their
// level (srfLevelAlias).
const srfAlias = "?srf"

// isSRFAlias reports the name of a FROM item liftSRF made.
func isSRFAlias(name string) bool { return strings.HasPrefix(name, srfAlias) }

// srfLevelAlias names the FROM item of the set-returning functions of
// level (1: those without one in their arguments).
func srfLevelAlias(level int) string {
	if level == 1 {
		return srfAlias
	}
	return srfAlias + strconv.Itoa(level)
}

// liftSRF rewrites SELECT ..., f(args), ... FROM items, where f is a
// set-returning function returning one column, into SELECT ..., srf.c0,
// ... FROM items, ROWS FROM (f(args), ...) AS srf(c0, ...): one output
// row per row of the functions for each input row, PostgreSQL's result
// for set-returning functions in the select list (since version 10
// several run in lockstep, the shorter ones padded with NULLs, which is
// what ROWS FROM does). A function may sit inside an expression of the
// select list (generate_series(1, 3) * 2). Functions nested in another's
// arguments run first, as PostgreSQL's stacked ProjectSet nodes do: a
// function's level is one more than the deepest level of those in its
// arguments, and each level is one ROWS FROM item, lateral to the
// levels below it (generate_series(1, generate_series(1, 3)) is FROM
// ROWS FROM (generate_series(1, 3)) AS srf(c0), ROWS FROM
// (generate_series(1, srf.c0)) AS srf2(c0)). A select with aggregates or
// grouping runs its functions over its finished rows (liftGroupedSRF).
//
// Parse trees are shared by concurrent translations (the statement cache):
// the rewrite is made on a copy, which is returned.
func (tr *translator) liftSRF(s *pg.SelectStmt) *pg.SelectStmt {
	if len(s.ValuesLists) > 0 {
		return s
	}
	found, grouped, nested := false, len(s.GroupClause) > 0 || s.HavingClause != nil, false
	for _, n := range s.TargetList {
		rt := n.GetResTarget()
		if rt == nil || rt.Val == nil {
			continue
		}
		nested = nested || tr.nestedSRF(rt.Val, false)
		grouped = grouped || hasAggregate(rt.Val) || hasWindowCall(rt.Val)
		found = found || tr.srfIn(rt.Val)
	}
	if !found {
		return s
	}
	if grouped {
		if out, ok := tr.liftGroupedSRF(s); ok {
			return tr.liftSRF(out)
		}
		return s
	}
	s = proto.Clone(s).(*pg.SelectStmt)
	// levels[l] are the functions of level l+1 and their columns' names.
	var levels []struct{ funcs, names []*pg.Node }
	deepest := 0 // the deepest level in the expression being replaced
	var lift func(fc *pg.FuncCall) *pg.Node
	lift = func(fc *pg.FuncCall) *pg.Node {
		outer := deepest
		deepest = 0
		if nested {
			for i, a := range fc.Args {
				fc.Args[i] = tr.replaceSRFs(a, lift, true)
			}
		}
		level := deepest + 1
		deepest = max(outer, level)
		if len(levels) < level {
			levels = append(levels, struct{ funcs, names []*pg.Node }{})
		}
		lv := &levels[level-1]
		col := srfAlias + strconv.Itoa(len(lv.funcs))
		lv.funcs = append(lv.funcs, &pg.Node{Node: &pg.Node_List{List: &pg.List{Items: []*pg.Node{{Node: &pg.Node_FuncCall{FuncCall: fc}}, {}}}}})
		if name, _ := funcName(fc.Funcname); name != "" && (tr.rowSetFunction(name) || severalColumns(name)) {
			// Its rows of several columns are one column of
			// composites in FROM (fromFunction), so that the end of
			// its rows beside longer functions' is NULL, as in
			// PostgreSQL, not a row of NULLs.
			if tr.compositeSRFs == nil {
				tr.compositeSRFs = map[*pg.FuncCall]bool{}
			}
			tr.compositeSRFs[fc] = true
		}
		lv.names = append(lv.names, &pg.Node{Node: &pg.Node_String_{String_: &pg.String{Sval: col}}})
		return &pg.Node{Node: &pg.Node_ColumnRef{ColumnRef: &pg.ColumnRef{
			Fields:   []*pg.Node{{Node: &pg.Node_String_{String_: &pg.String{Sval: srfLevelAlias(level)}}}, {Node: &pg.Node_String_{String_: &pg.String{Sval: col}}}},
			Location: fc.Location,
		}}}
	}
	for _, n := range s.TargetList {
		rt := n.GetResTarget()
		if rt == nil || rt.Val == nil {
			continue
		}
		if fc := rt.Val.GetFuncCall(); fc != nil && rt.Name == "" {
			// A lifted function keeps its name as the column's.
			if name, ok := tr.liftableCall(fc); ok {
				rt.Name = name
			}
		}
		deepest = 0
		rt.Val = tr.replaceSRFs(rt.Val, lift, true)
	}
	for i, lv := range levels {
		rf := &pg.RangeFunction{
			Lateral:    i > 0,
			IsRowsfrom: len(lv.funcs) > 1,
			Functions:  lv.funcs,
			Alias:      &pg.Alias{Aliasname: srfLevelAlias(i + 1), Colnames: lv.names},
		}
		s.FromClause = append(s.FromClause, &pg.Node{Node: &pg.Node_RangeFunction{RangeFunction: rf}})
	}
	return s
}

// liftableCall reports a plain call of a liftable set-returning function.
func (tr *translator) liftableCall(fc *pg.FuncCall) (string, bool) {
	if fc.Over != nil || fc.AggStar || fc.AggDistinct || fc.AggFilter != nil || len(fc.AggOrder) > 0 {
		return "", false
	}
	name, ok := funcName(fc.Funcname)
	if name == "unnest" && len(fc.Args) > 1 {
		// unnest of several arrays is FROM's alone, as in PostgreSQL.
		return "", false
	}
	return name, ok && (liftable(name) || tr.setFunction(name))
}

// replaceSRFs replaces the liftable set-returning calls in n (through
// operators, casts and the arguments of other function calls) by f's
// result; without edit it only calls f (to find them).
func (tr *translator) replaceSRFs(n *pg.Node, f func(*pg.FuncCall) *pg.Node, edit bool) *pg.Node {
	if n == nil {
		return nil
	}
	switch x := n.Node.(type) {
	case *pg.Node_FuncCall:
		if _, ok := tr.liftableCall(x.FuncCall); ok {
			return f(x.FuncCall)
		}
		if x.FuncCall.Over == nil {
			for i, a := range x.FuncCall.Args {
				if y := tr.replaceSRFs(a, f, edit); edit {
					x.FuncCall.Args[i] = y
				}
			}
		}
	case *pg.Node_AExpr:
		l, r := tr.replaceSRFs(x.AExpr.Lexpr, f, edit), tr.replaceSRFs(x.AExpr.Rexpr, f, edit)
		if edit {
			x.AExpr.Lexpr, x.AExpr.Rexpr = l, r
		}
	case *pg.Node_TypeCast:
		if y := tr.replaceSRFs(x.TypeCast.Arg, f, edit); edit {
			x.TypeCast.Arg = y
		}
	case *pg.Node_AIndirection:
		if y := tr.replaceSRFs(x.AIndirection.Arg, f, edit); edit {
			x.AIndirection.Arg = y
		}
	case *pg.Node_AArrayExpr:
		for i, e := range x.AArrayExpr.Elements {
			if y := tr.replaceSRFs(e, f, edit); edit {
				x.AArrayExpr.Elements[i] = y
			}
		}
	case *pg.Node_NullTest:
		if y := tr.replaceSRFs(x.NullTest.Arg, f, edit); edit {
			x.NullTest.Arg = y
		}
	}
	return n
}

// nestedSRF reports a liftable call inside the arguments of another
// (under is set below one).
func (tr *translator) nestedSRF(n *pg.Node, under bool) bool {
	if n == nil {
		return false
	}
	switch x := n.Node.(type) {
	case *pg.Node_FuncCall:
		_, ok := tr.liftableCall(x.FuncCall)
		if ok && under {
			return true
		}
		for _, a := range x.FuncCall.Args {
			if tr.nestedSRF(a, under || ok) {
				return true
			}
		}
	case *pg.Node_AExpr:
		return tr.nestedSRF(x.AExpr.Lexpr, under) || tr.nestedSRF(x.AExpr.Rexpr, under)
	case *pg.Node_TypeCast:
		return tr.nestedSRF(x.TypeCast.Arg, under)
	case *pg.Node_AIndirection:
		return tr.nestedSRF(x.AIndirection.Arg, under)
	case *pg.Node_AArrayExpr:
		return slices.ContainsFunc(x.AArrayExpr.Elements, func(e *pg.Node) bool { return tr.nestedSRF(e, under) })
	case *pg.Node_NullTest:
		return tr.nestedSRF(x.NullTest.Arg, under)
	}
	return false
}

func liftable(name string) bool {
	switch name {
	case "generate_series", "unnest", "jsonb_array_elements", "jsonb_array_elements_text", "jsonb_object_keys",
		"jsonb_path_query", "jsonb_path_query_tz",
		"json_array_elements", "json_array_elements_text", "json_object_keys",
		"regexp_matches", "regexp_split_to_table", "string_to_table", "generate_subscripts", "pg_partition_ancestors", "pg_listening_channels",
		"skeys", "svals":
		return true
	}
	return severalColumns(name)
}

// severalColumns reports a builtin set-returning function whose rows
// have several columns; in a select list each row is one composite
// value, (jsonb_each(x)).key picks a column and (jsonb_each(x)).* spreads
// them, as in PostgreSQL.
func severalColumns(name string) bool {
	switch name {
	case "jsonb_each", "jsonb_each_text", "json_each", "json_each_text", "pg_options_to_table", "each",
		"jsonb_populate_recordset", "json_populate_recordset":
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

// hasWindowCall reports a window function call in n (not inside a
// subquery).
func hasWindowCall(n *pg.Node) bool {
	found := false
	if n != nil {
		walkTree(n.ProtoReflect(), func(m protoreflect.Message) bool {
			switch x := m.Interface().(type) {
			case *pg.SubLink:
				return false
			case *pg.FuncCall:
				if x.Over != nil {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

// srfGroupAlias names the subquery liftGroupedSRF makes of a grouped
// select; only a quoted identifier could spell it.
const srfGroupAlias = "?grp"

// liftGroupedSRF rewrites a select that aggregates, groups or computes
// window functions and has set-returning functions in its select list,
// where PostgreSQL runs the functions on the finished rows: the select
// without them becomes a subquery in FROM of one that calls them over its
// rows (their arguments computed in the subquery). ORDER BY (by output
// names and positions), DISTINCT, LIMIT and OFFSET move out with them.
// ok is false for selects it cannot rewrite so.
func (tr *translator) liftGroupedSRF(s *pg.SelectStmt) (*pg.SelectStmt, bool) {
	ref := func(col string, loc int32) *pg.Node {
		return &pg.Node{Node: &pg.Node_ColumnRef{ColumnRef: &pg.ColumnRef{
			Fields:   []*pg.Node{{Node: &pg.Node_String_{String_: &pg.String{Sval: srfGroupAlias}}}, {Node: &pg.Node_String_{String_: &pg.String{Sval: col}}}},
			Location: loc,
		}}}
	}
	target := func(name string, val *pg.Node) *pg.Node {
		return &pg.Node{Node: &pg.Node_ResTarget{ResTarget: &pg.ResTarget{Name: name, Val: val}}}
	}
	if len(s.DistinctClause) > 0 && s.DistinctClause[0] != nil && s.DistinctClause[0].Node != nil {
		return nil, false // DISTINCT ON
	}
	s = proto.Clone(s).(*pg.SelectStmt)
	var inner, outer []*pg.Node
	names := map[string]bool{}
	for i, n := range s.TargetList {
		rt := n.GetResTarget()
		if rt == nil || rt.Val == nil || rt.Val.GetColumnRef() != nil && hasStarRef(rt.Val) {
			return nil, false
		}
		name := rt.Name
		if name == "" {
			name = figureColname(rt.Val)
		}
		names[name] = true
		fc := rt.Val.GetFuncCall()
		if _, ok := tr.liftableCallOf(fc); !ok {
			if tr.nestedSRF(rt.Val, false) || tr.srfIn(rt.Val) {
				return nil, false
			}
			col := "?c" + strconv.Itoa(i)
			inner = append(inner, target(col, rt.Val))
			outer = append(outer, target(name, ref(col, rt.Location)))
			continue
		}
		call := proto.Clone(fc).(*pg.FuncCall)
		for k, a := range fc.Args {
			col := "?a" + strconv.Itoa(i) + "_" + strconv.Itoa(k)
			inner = append(inner, target(col, a))
			call.Args[k] = ref(col, fc.Location)
		}
		outer = append(outer, target(name, &pg.Node{Node: &pg.Node_FuncCall{FuncCall: call}}))
	}
	for _, n := range s.SortClause {
		x := n.GetSortBy().GetNode()
		if c := x.GetColumnRef(); c != nil && len(c.Fields) == 1 && names[c.Fields[0].GetString_().GetSval()] {
			continue
		}
		if x.GetAConst() != nil && x.GetAConst().GetIval() != nil {
			continue
		}
		return nil, false // ORDER BY an expression of the input
	}
	sub := proto.Clone(s).(*pg.SelectStmt)
	sub.TargetList, sub.SortClause, sub.DistinctClause, sub.LimitCount, sub.LimitOffset = inner, nil, nil, nil, nil
	sub.LimitOption = pg.LimitOption_LIMIT_OPTION_DEFAULT
	out := &pg.SelectStmt{
		TargetList:     outer,
		FromClause:     []*pg.Node{{Node: &pg.Node_RangeSubselect{RangeSubselect: &pg.RangeSubselect{Subquery: &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: sub}}, Alias: &pg.Alias{Aliasname: srfGroupAlias}}}}},
		SortClause:     s.SortClause,
		DistinctClause: s.DistinctClause,
		LimitCount:     s.LimitCount,
		LimitOffset:    s.LimitOffset,
		LimitOption:    s.LimitOption,
		Op:             pg.SetOperation_SETOP_NONE,
	}
	return out, true
}

// liftableCallOf is liftableCall of a call that may be nil.
func (tr *translator) liftableCallOf(fc *pg.FuncCall) (string, bool) {
	if fc == nil {
		return "", false
	}
	return tr.liftableCall(fc)
}

// srfIn reports a liftable call anywhere replaceSRFs looks.
func (tr *translator) srfIn(n *pg.Node) bool {
	found := false
	tr.replaceSRFs(n, func(*pg.FuncCall) *pg.Node { found = true; return nil }, false)
	return found
}

// hasStarRef reports a * or t.* column reference.
func hasStarRef(n *pg.Node) bool {
	if c := n.GetColumnRef(); c != nil {
		for _, f := range c.Fields {
			if f.GetAStar() != nil {
				return true
			}
		}
	}
	return false
}
