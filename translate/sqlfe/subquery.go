package sqlfe

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"slices"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// sublink translates a subquery used as an expression: scalar, EXISTS,
// and `x op ANY/ALL (subquery)` (IN is = ANY). The subquery is a level of
// its own whose outer row is the row the expression is evaluated on.
func (tr *translator) sublink(sl *pg.SubLink, ec *exprCtx) (texpr, error) {
	p := tr.pos(sl.Location)
	sel := sl.Subselect.GetSelectStmt()
	if sel == nil {
		return texpr{}, unsupported(p, "this subquery")
	}
	switch sl.SubLinkType {
	case pg.SubLinkType_EXISTS_SUBLINK, pg.SubLinkType_EXPR_SUBLINK, pg.SubLinkType_ANY_SUBLINK, pg.SubLinkType_ALL_SUBLINK,
		pg.SubLinkType_ARRAY_SUBLINK:
	default:
		return texpr{}, unsupported(p, "row comparisons with subqueries")
	}
	lvl := &level{}
	tr.subDepth++
	node, cols, err := tr.selectIn(sel, ec.sc, lvl)
	tr.subDepth--
	if err != nil {
		return texpr{}, err
	}
	var sub *plan.Subquery
	var t value.Type
	switch sl.SubLinkType {
	case pg.SubLinkType_EXISTS_SUBLINK:
		sub, t = &plan.Subquery{At: at(p), Node: node, Mode: plan.SubExists}, value.TypeBool
	case pg.SubLinkType_EXPR_SUBLINK:
		if len(cols) != 1 {
			return texpr{}, errAt(errs.SyntaxError, p, "subquery must return only one column")
		}
		sub, t = &plan.Subquery{At: at(p), Node: node, Mode: plan.SubScalar}, cols[0].Type
	case pg.SubLinkType_ARRAY_SUBLINK:
		if sub, t, err = arraySublink(node, cols, p); err != nil {
			return texpr{}, err
		}
	default:
		if sub, err = tr.quantified(sl, node, cols, lvl, ec, p); err != nil {
			return texpr{}, err
		}
		t = value.TypeBool
	}
	if lvl.correlated {
		if tr.correlatedSubs == nil {
			tr.correlatedSubs = make(map[*plan.Subquery]*subLinkInfo)
		}
		tr.correlatedSubs[sub] = &subLinkInfo{sl: sl, clause: ec.clause}
	}
	if sub.Mode == plan.SubList && isArray(*t.Elem) {
		// ARRAY(subquery) of arrays: one array of a dimension more.
		return texpr{e: &plan.Call{At: at(p), Fn: "sql::array_accum", Args: []plan.Expr{sub}, SQL: true}, t: *t.Elem}, nil
	}
	return texpr{e: sub, t: t}, nil
}

// subLinkInfo is what translated a correlated subquery.
type subLinkInfo struct {
	sl     *pg.SubLink
	clause string
}

// quantified translates `x op ANY (subquery)` and `x op ALL (subquery)`
// with SQL's NULL rules: ANY is true when some comparison is true, else
// NULL when some is NULL, else false (no rows: false); ALL is false when
// some comparison is false, else NULL when some is NULL, else true. The
// comparisons run inside the subquery (x is read from its outer row) and
// are folded by bool_or / bool_and and two counts.
func (tr *translator) quantified(sl *pg.SubLink, node plan.Node, cols []plan.Column, lvl *level, ec *exprCtx, p int) (*plan.Subquery, error) {
	op := opName(sl.OperName)
	if op == "" {
		op = "="
	}
	inner := &scope{parent: ec.sc, lvl: lvl}
	cmp, err := tr.rowCompare(sl.Testexpr, op, cols, &exprCtx{sc: inner, clause: ec.clause}, p)
	if err != nil {
		return nil, err
	}
	if cmp.t.Kind != value.KindBool {
		return nil, errAt(errs.WrongObjectType, p, "op ANY/ALL (subquery) requires operator to yield boolean")
	}
	boolCol := []plan.Column{{Name: "cmp", Type: value.TypeBool}}
	c := &plan.ColRef{Idx: 0, Name: "cmp"}
	fn := plan.AggBoolOr
	if sl.SubLinkType == pg.SubLinkType_ALL_SUBLINK {
		fn = plan.AggBoolAnd
	}
	agg := &plan.Aggregate{
		Input: &plan.Project{Input: node, Exprs: []plan.Expr{cmp.e}, Cols: boolCol},
		Aggs:  []plan.Agg{{Func: fn, Arg: c, SQL: true}, {Func: plan.AggCountStar, SQL: true}, {Func: plan.AggCount, Arg: c, SQL: true}},
		Cols:  []plan.Column{{Name: "folded", Type: value.TypeBool}, {Name: "rows", Type: value.TypeInt8}, {Name: "nonnull", Type: value.TypeInt8}},
	}
	folded := &plan.ColRef{Idx: 0, Name: "folded"}
	noNulls := &plan.Binary{Op: plan.OpEq, L: &plan.ColRef{Idx: 1, Name: "rows"}, R: &plan.ColRef{Idx: 2, Name: "nonnull"}, SQL: true}
	var res plan.Expr
	if fn == plan.AggBoolOr {
		res = &plan.If{Cond: folded, Then: boolConst(true), Else: &plan.If{Cond: noNulls, Then: boolConst(false)}}
	} else {
		res = &plan.If{Cond: &plan.Unary{Op: plan.OpNot, X: folded, SQL: true}, Then: boolConst(false), Else: &plan.If{Cond: noNulls, Then: boolConst(true)}}
	}
	out := &plan.Project{Input: agg, Exprs: []plan.Expr{res}, Cols: []plan.Column{{Name: "any", Type: value.TypeBool}}}
	return &plan.Subquery{At: at(p), Node: out, Mode: plan.SubScalar}, nil
}

// rowCompare compares the left side of `x op ANY/ALL (subquery)` with the
// subquery's row (ColRefs 0..n-1). A row constructor on the left compares
// column by column: = is true when all columns are equal (AND), <> when
// any differs (OR), with SQL's NULL rules.
func (tr *translator) rowCompare(left *pg.Node, op string, cols []plan.Column, ec *exprCtx, p int) (texpr, error) {
	var lefts []*pg.Node
	if r := left.GetRowExpr(); r != nil {
		lefts = r.Args
	} else {
		lefts = []*pg.Node{left}
	}
	switch {
	case len(cols) > len(lefts):
		return texpr{}, errAt(errs.SyntaxError, p, "subquery has too many columns")
	case len(cols) < len(lefts):
		return texpr{}, errAt(errs.SyntaxError, p, "subquery has too few columns")
	case len(lefts) > 1 && op != "=" && op != "<>":
		return texpr{}, unsupported(p, "row comparisons with "+op)
	}
	join := plan.OpAnd
	if op == "<>" {
		join = plan.OpOr
	}
	var out texpr
	for i, l := range lefts {
		x, err := tr.expr(l, ec)
		if err != nil {
			return texpr{}, err
		}
		y := texpr{e: &plan.ColRef{Idx: i, Name: cols[i].Name}, t: cols[i].Type}
		c, err := tr.binaryOp(op, x, y, p)
		if err != nil {
			return texpr{}, err
		}
		if i == 0 {
			out = c
			continue
		}
		out.e = &plan.Binary{At: at(p), Op: join, L: out.e, R: c.e, SQL: true}
	}
	return out, nil
}

func boolConst(b bool) *plan.Const { return &plan.Const{V: value.Bool(b)} }

// where translates a WHERE clause over input. Its top-level conjuncts
// `EXISTS (...)`, `NOT EXISTS (...)` and `x IN (...)` over simple
// subqueries become semi- and anti-joins (which the optimizer may run as
// hash joins) instead of a subquery per row.
func (tr *translator) where(input plan.Node, sc *scope, n *pg.Node) (plan.Node, error) {
	var rest []*pg.Node
	pulled := false
	for _, c := range andArgs(n) {
		j, ok, err := tr.pullUp(input, sc, c)
		if err != nil {
			return nil, err
		}
		if ok {
			input, pulled = j, true
			continue
		}
		rest = append(rest, c)
	}
	switch {
	case !pulled:
	case len(rest) == 0:
		return input, nil
	case len(rest) > 1:
		// The rest stays one AND, for PostgreSQL's messages about it.
		n = &pg.Node{Node: &pg.Node_BoolExpr{BoolExpr: &pg.BoolExpr{Boolop: pg.BoolExprType_AND_EXPR, Args: rest, Location: -1}}}
	default:
		n = rest[0]
	}
	cond, err := tr.condition(n, &exprCtx{sc: sc, clause: "WHERE"}, "WHERE")
	if err != nil {
		return nil, err
	}
	return &plan.Filter{Input: input, Cond: cond}, nil
}

func andArgs(n *pg.Node) []*pg.Node {
	if b := n.GetBoolExpr(); b != nil && b.Boolop == pg.BoolExprType_AND_EXPR {
		var out []*pg.Node
		for _, a := range b.Args {
			out = append(out, andArgs(a)...)
		}
		return out
	}
	return []*pg.Node{n}
}

// pullUp turns one WHERE conjunct into a semi- or anti-join, when it is
// [NOT] EXISTS or IN over a subquery that only filters plain tables.
// NOT IN stays a subquery: its NULL rules are not an anti-join's.
func (tr *translator) pullUp(input plan.Node, sc *scope, n *pg.Node) (plan.Node, bool, error) {
	anti := false
	if b := n.GetBoolExpr(); b != nil && b.Boolop == pg.BoolExprType_NOT_EXPR && len(b.Args) == 1 {
		n, anti = b.Args[0], true
	}
	sl := n.GetSubLink()
	if sl == nil {
		return nil, false, nil
	}
	sel := sl.Subselect.GetSelectStmt()
	if sel == nil || !tr.simpleSubselect(sel) {
		return nil, false, nil
	}
	var target *pg.Node
	switch sl.SubLinkType {
	case pg.SubLinkType_EXISTS_SUBLINK:
		for _, t := range sel.TargetList {
			rt := t.GetResTarget()
			if rt == nil || (rt.Val.GetColumnRef() == nil && rt.Val.GetAConst() == nil && rt.Val.GetParamRef() == nil) {
				return nil, false, nil // an aggregate would make one row always
			}
		}
	case pg.SubLinkType_ANY_SUBLINK:
		if op := opName(sl.OperName); (op != "" && op != "=") || sl.Testexpr.GetRowExpr() != nil || len(sel.TargetList) != 1 {
			return nil, false, nil
		}
		rt := sel.TargetList[0].GetResTarget()
		if rt == nil || rt.Val.GetColumnRef() == nil {
			return nil, false, nil
		}
		if f := rt.Val.GetColumnRef().Fields; f[len(f)-1].GetAStar() != nil {
			return nil, false, nil
		}
		target = rt.Val
	default:
		return nil, false, nil
	}
	p := tr.pos(sl.Location)
	nl := len(input.Columns())
	inode, isc, err := tr.fromClause(sel.FromClause, sc.parent, sc.lvl)
	if err != nil {
		return nil, false, err
	}
	flat := &scope{parent: sc, flat: true, lvl: sc.lvl}
	if err := flat.adopt(isc, nl); err != nil {
		return nil, false, err
	}
	var conds []plan.Expr
	if sel.WhereClause != nil {
		c, err := tr.condition(sel.WhereClause, &exprCtx{sc: flat, clause: "WHERE"}, "WHERE")
		if err != nil {
			return nil, false, err
		}
		conds = append(conds, c)
	}
	if target != nil {
		x, err := tr.expr(sl.Testexpr, &exprCtx{sc: sc, clause: "WHERE"})
		if err != nil {
			return nil, false, err
		}
		y, err := tr.expr(target, &exprCtx{sc: flat, clause: "SELECT"})
		if err != nil {
			return nil, false, err
		}
		if y, err = tr.resolveOutput(y); err != nil {
			return nil, false, err
		}
		eq, err := tr.compare(plan.OpEq, "=", x, y, p)
		if err != nil {
			return nil, false, err
		}
		conds = append(conds, eq.e)
	}
	kind := plan.SemiJoin
	if anti {
		kind = plan.AntiJoin
	}
	var out plan.Node = &plan.Join{Kind: kind, Left: input, Right: inode, On: and(conds)}
	if anti && target != nil {
		// x NOT IN (...) is true only when no row equals x (the anti-join),
		// no row is NULL, and x is not NULL unless there are no rows.
		cond, err := tr.notInNulls(input, sl, sel, target, sc)
		if err != nil {
			return nil, false, err
		}
		if cond != nil {
			out = &plan.Filter{Input: out, Cond: cond}
		}
	}
	return out, true, nil
}

// notInNulls is the rest of `x NOT IN (SELECT y FROM ... WHERE w)` after
// its anti-join of input: NOT EXISTS (... WHERE w AND y IS NULL) AND (x
// IS NOT NULL OR NOT EXISTS (... WHERE w)). Uncorrelated, both subqueries
// run once per statement. Each part is left out when y, or x, cannot be
// NULL; nil when both are.
func (tr *translator) notInNulls(input plan.Node, sl *pg.SubLink, sel *pg.SelectStmt, target *pg.Node, sc *scope) (plan.Expr, error) {
	exists := func(extra *pg.Node) (plan.Expr, error) {
		// sel is simple (simpleSubselect): its FROM and WHERE are all it has.
		s := pg.SelectStmt{Op: pg.SetOperation_SETOP_NONE, FromClause: sel.FromClause, WhereClause: sel.WhereClause}
		s.TargetList = []*pg.Node{{Node: &pg.Node_ResTarget{ResTarget: &pg.ResTarget{Val: &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Val: &pg.A_Const_Ival{Ival: &pg.Integer{Ival: 1}}, Location: -1}}}, Location: -1}}}}
		if extra != nil {
			if s.WhereClause == nil {
				s.WhereClause = extra
			} else {
				s.WhereClause = &pg.Node{Node: &pg.Node_BoolExpr{BoolExpr: &pg.BoolExpr{Boolop: pg.BoolExprType_AND_EXPR, Args: []*pg.Node{s.WhereClause, extra}, Location: -1}}}
			}
		}
		link := &pg.SubLink{SubLinkType: pg.SubLinkType_EXISTS_SUBLINK, Subselect: &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: &s}}, Location: sl.Location}
		x, err := tr.sublink(link, &exprCtx{sc: sc, clause: "WHERE"})
		if err != nil {
			return nil, err
		}
		return &plan.Unary{Op: plan.OpNot, X: x.e, SQL: true}, nil
	}
	var conds []plan.Expr
	if !tr.neverNull(sel, target) {
		// The subquery may yield a NULL, which makes NOT IN NULL for
		// every row; a column that cannot hold one needs no scan for it.
		noNulls, err := exists(&pg.Node{Node: &pg.Node_NullTest{NullTest: &pg.NullTest{Arg: target, Nulltesttype: pg.NullTestType_IS_NULL, Location: -1}}})
		if err != nil {
			return nil, err
		}
		conds = append(conds, noNulls)
	}
	x, err := tr.expr(sl.Testexpr, &exprCtx{sc: sc, clause: "WHERE"})
	if err != nil {
		return nil, err
	}
	if notNullColumn(input, x.e) {
		// x IS NOT NULL holds for every row: the items of `WHERE id
		// NOT IN (...)` need not evaluate it.
		return and(conds), nil
	}
	empty, err := exists(nil)
	if err != nil {
		return nil, err
	}
	notNull := &plan.Unary{Op: plan.OpIsNotNull, X: x.e, SQL: true}
	return and(append(conds, &plan.Binary{Op: plan.OpOr, L: notNull, R: empty, SQL: true})), nil
}

// notNullColumn reports whether e, evaluated on input's rows, reads a
// column that holds no NULL: input's rows are those of a scan of one
// schemafull table (filtered, or the left rows of semi- and anti-joins,
// which no outer join made NULL), and e is their key or a field of the
// primary key or declared NOT NULL.
func notNullColumn(input plan.Node, e plan.Expr) bool {
	for {
		switch n := input.(type) {
		case *plan.Filter:
			input = n.Input
			continue
		case *plan.Join:
			if n.Kind == plan.SemiJoin || n.Kind == plan.AntiJoin {
				input = n.Left
				continue
			}
		}
		break
	}
	s, ok := input.(*plan.Scan)
	if !ok || s.Table == nil || !s.Table.Schemafull || s.Fields != nil {
		return false
	}
	switch x := plan.Pointer(e).(type) {
	case *plan.ColRef:
		return x.Depth == 0 && x.Idx == 0 && len(s.Table.PrimaryKey) > 0 // the record key
	case *plan.Field:
		c, ok := plan.Pointer(x.X).(*plan.ColRef)
		if !ok || c.Depth != 0 || c.Idx != 1 {
			return false
		}
		if slices.Contains(s.Table.PrimaryKey, x.Name) {
			return true
		}
		f, _, ok := s.Table.FieldByName(x.Name)
		return ok && !f.Optional
	}
	return false
}

// neverNull reports whether target, the select list of a simple
// subquery, is a column of the one table the subquery reads that can
// hold no NULL (NOT NULL, or in the primary key). With joins in its FROM
// an outer join could still make it NULL, so only one table counts.
func (tr *translator) neverNull(sel *pg.SelectStmt, target *pg.Node) bool {
	if len(sel.FromClause) != 1 {
		return false
	}
	rv := sel.FromClause[0].GetRangeVar()
	cr := target.GetColumnRef()
	if rv == nil || cr == nil || len(cr.Fields) == 0 || len(cr.Fields) > 2 {
		return false
	}
	name := cr.Fields[len(cr.Fields)-1].GetString_().GetSval()
	if len(cr.Fields) == 2 {
		qual := cr.Fields[0].GetString_().GetSval()
		if alias := rv.GetAlias().GetAliasname(); qual != rv.Relname && (alias == "" || qual != alias) {
			return false
		}
	}
	t, err := tr.table(rv)
	if err != nil || t == nil || !t.Schemafull || name == "" {
		return false
	}
	if slices.Contains(t.PrimaryKey, name) {
		return true
	}
	f, _, ok := t.FieldByName(name)
	return ok && !f.Optional
}

// simpleSubselect reports a subquery that only reads and filters plain
// tables: no grouping, limits, set operations, WITH, or derived tables.
func (tr *translator) simpleSubselect(s *pg.SelectStmt) bool {
	if s.Op != pg.SetOperation_SETOP_NONE || s.WithClause != nil || len(s.ValuesLists) > 0 || len(s.FromClause) == 0 ||
		len(s.GroupClause) > 0 || s.HavingClause != nil || s.LimitCount != nil || s.LimitOffset != nil ||
		len(s.WindowClause) > 0 || len(s.DistinctClause) > 0 || s.IntoClause != nil || len(s.SortClause) > 0 {
		return false
	}
	for _, f := range s.FromClause {
		if !tr.plainFrom(f) {
			return false
		}
	}
	return true
}

func (tr *translator) plainFrom(n *pg.Node) bool {
	switch x := n.Node.(type) {
	case *pg.Node_RangeVar:
		for _, c := range tr.ctes {
			if c.name == x.RangeVar.Relname && x.RangeVar.Schemaname == "" {
				return false
			}
		}
		return true
	case *pg.Node_JoinExpr:
		return tr.plainFrom(x.JoinExpr.Larg) && tr.plainFrom(x.JoinExpr.Rarg)
	}
	return false
}
