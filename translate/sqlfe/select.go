package sqlfe

import (
	"strconv"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// selItem is one result column of a select list (after `*` expansion).
type selItem struct {
	name string
	x    texpr
	p    int
	raw  *texpr // the item before an untyped literal was resolved to text
}

// sortItem is one ORDER BY key: a select-list item (item >= 0) or an
// expression over the input rows.
type sortItem struct {
	item       int
	x          texpr
	desc       bool
	nullsFirst bool
	p          int
}

// selectStmt translates a SELECT. The plan is, bottom up: the FROM row
// source, Filter (WHERE), Aggregate and Filter (HAVING) when grouped, then
// Sort, Limit and Project; with DISTINCT the Project and Distinct come
// before Sort, which then orders by result columns.
func (tr *translator) selectStmt(s *pg.SelectStmt) (plan.Node, []plan.Column, error) {
	return tr.selectIn(s, nil, nil)
}

// selectIn translates a SELECT whose enclosing query level is outer (nil
// for a top-level query); lvl is its own level when it shares one (a
// derived table in FROM), nil for a new one.
func (tr *translator) selectIn(s *pg.SelectStmt, outer *scope, lvl *level) (plan.Node, []plan.Column, error) {
	if u, ok, err := tr.expandGroupingSets(s); err != nil {
		return nil, nil, err
	} else if ok {
		s = u
	}
	if s.WithClause != nil {
		pop, err := tr.with(s.WithClause)
		if err != nil {
			return nil, nil, err
		}
		defer pop()
	}
	if s.Op != pg.SetOperation_SETOP_NONE {
		return tr.setOp(s, outer, lvl)
	}
	if err := tr.checkSelect(s); err != nil {
		return nil, nil, err
	}
	if len(s.ValuesLists) > 0 {
		return tr.valuesQuery(s)
	}
	common := tr.commonGrouping[s]
	s = tr.liftSRF(s)
	input, sc, err := tr.fromClause(s.FromClause, outer, lvl)
	if err != nil {
		return nil, nil, err
	}
	if s.WhereClause != nil {
		if input, err = tr.where(input, sc, s.WhereClause); err != nil {
			return nil, nil, err
		}
	}

	aggs := &aggState{}
	wins := newWinState(s)
	ec := &exprCtx{sc: sc, clause: "SELECT", aggs: aggs, wins: wins}
	items, err := tr.targetList(s.TargetList, ec)
	if err != nil {
		return nil, nil, err
	}
	keys := make([]texpr, 0, len(s.GroupClause))
	for _, g := range s.GroupClause {
		k, err := tr.groupKey(g, items, sc)
		if err != nil {
			return nil, nil, err
		}
		keys = append(keys, k)
	}
	var having plan.Expr
	if s.HavingClause != nil {
		if having, err = tr.condition(s.HavingClause, &exprCtx{sc: sc, clause: "HAVING", aggs: aggs}, "HAVING"); err != nil {
			return nil, nil, err
		}
	}
	distinctOn := len(s.DistinctClause) > 0 && s.DistinctClause[0].GetNode() != nil
	distinct := len(s.DistinctClause) > 0 && !distinctOn
	sorts, err := tr.orderBy(s.SortClause, items, ec, distinct)
	if err != nil {
		return nil, nil, err
	}
	for _, k := range sorts {
		t := k.x.t
		if k.item >= 0 {
			t = items[k.item].x.t
		}
		if err := noSortOperator(t, k.p); err != nil {
			return nil, nil, err
		}
	}
	for _, k := range keys {
		if err := noEqualityOperator(k.t, k.e.Pos()); err != nil {
			return nil, nil, err
		}
	}
	if distinct {
		for _, it := range items {
			if err := noEqualityOperator(it.x.t, it.x.e.Pos()); err != nil {
				return nil, nil, err
			}
		}
	}
	var ons []sortItem
	if distinctOn {
		if ons, sorts, err = tr.distinctOn(s.DistinctClause, items, ec, sorts); err != nil {
			return nil, nil, err
		}
	}
	lock, err := tr.lockingClause(s)
	if err != nil {
		return nil, nil, err
	}
	var lockTargets []plan.LockTarget
	if lock != nil {
		if err := lock.check(s, len(keys) > 0 || common != nil, len(aggs.aggs) > 0, len(wins.funcs) > 0); err != nil {
			return nil, nil, err
		}
		if lockTargets, err = lock.targets(tr, s, sc); err != nil {
			return nil, nil, err
		}
	}

	// A branch of grouping sets groups even with no key and no aggregate:
	// the empty set () is one group, the grand total.
	if len(keys) > 0 || len(aggs.aggs) > 0 || having != nil || common != nil {
		g := &grouping{keys: make([]plan.Expr, len(keys)), aggs: aggs, sc: sc, tr: tr}
		cols := make([]plan.Column, 0, len(keys)+len(aggs.cols))
		for i, k := range keys {
			g.keys[i] = k.e
			if common == nil || common[i] {
				g.depKeys = append(g.depKeys, k.e)
			}
			name := refName(k.e)
			if name == "" {
				name = "?column?"
			}
			cols = append(cols, plan.Column{Name: name, Type: k.t})
		}
		for i := range items {
			if items[i].x.e, err = g.rewrite(items[i].x.e); err != nil {
				return nil, nil, err
			}
		}
		for _, list := range [][]sortItem{sorts, ons} {
			for i := range list {
				if list[i].item < 0 {
					if list[i].x.e, err = g.rewrite(list[i].x.e); err != nil {
						return nil, nil, err
					}
				}
			}
		}
		if having != nil {
			if having, err = g.rewrite(having); err != nil {
				return nil, nil, err
			}
		}
		if err := wins.rewrite(g.rewrite); err != nil {
			return nil, nil, err
		}
		// The rewrites may have added aggregates (functionally dependent
		// columns): the Aggregate node is made after them.
		input = &plan.Aggregate{Input: input, GroupBy: g.keys, Aggs: aggs.aggs, Cols: append(cols, aggs.cols...)}
		if having != nil {
			input = &plan.Filter{Input: input, Cond: having}
		}
	}
	input = wins.apply(input, items, sorts)

	project := &plan.Project{Exprs: make([]plan.Expr, len(items)), Cols: make([]plan.Column, len(items))}
	for i, it := range items {
		project.Exprs[i] = it.x.e
		project.Cols[i] = plan.Column{Name: it.name, Type: it.x.t, TableID: it.x.tableID, AttrNum: it.x.attr}
	}
	lim, err := tr.limitOffset(s)
	if err != nil {
		return nil, nil, err
	}

	var out plan.Node
	if distinct {
		project.Input = input
		out = &plan.Distinct{Input: project}
		if len(sorts) > 0 {
			keys := make([]plan.SortKey, len(sorts))
			for i, s := range sorts {
				x := sqlOrdered(&plan.ColRef{At: at(s.p), Idx: s.item, Name: items[s.item].name}, items[s.item].x.t, s.p)
				keys[i] = plan.SortKey{X: x, Desc: s.desc, NullsFirst: s.nullsFirst}
			}
			out = &plan.Sort{Input: out, Keys: keys}
		}
		out = lim.apply(out)
	} else if len(ons) == 0 && tr.volatileSort(sorts, items) {
		if lock != nil {
			return nil, nil, unsupported(lock.p, lock.what+" with ORDER BY an output column that changes from call to call")
		}
		// ORDER BY an output column whose expression may change from
		// call to call (nextval, random): sort the projected rows, so
		// that it is evaluated once per row and the rows come out in
		// the order of the values they show, as in PostgreSQL.
		project.Input = input
		keys := make([]plan.SortKey, len(sorts))
		for i, s := range sorts {
			x := sqlOrdered(&plan.ColRef{At: at(s.p), Idx: s.item, Name: items[s.item].name}, items[s.item].x.t, s.p)
			keys[i] = plan.SortKey{X: x, Desc: s.desc, NullsFirst: s.nullsFirst}
		}
		out = lim.apply(&plan.Sort{Input: project, Keys: keys})
	} else {
		if len(sorts) > 0 {
			keys := make([]plan.SortKey, len(sorts))
			for i, s := range sorts {
				x := sqlOrdered(s.x.e, s.x.t, s.p)
				if s.item >= 0 {
					x = sqlOrdered(items[s.item].x.e, items[s.item].x.t, s.p)
				}
				keys[i] = plan.SortKey{X: x, Desc: s.desc, NullsFirst: s.nullsFirst}
			}
			input = &plan.Sort{Input: input, Keys: keys}
		}
		if len(ons) > 0 {
			keys := make([]plan.Expr, len(ons))
			for i, o := range ons {
				keys[i] = o.x.e
				if o.item >= 0 {
					keys[i] = items[o.item].x.e
				}
			}
			input = &plan.DistinctOn{Input: input, Keys: keys}
		}
		if len(lockTargets) > 0 {
			// Above the sort and below the limit, as PostgreSQL's
			// LockRows: only the rows returned are locked, and a row
			// SKIP LOCKED leaves out does not count toward the limit.
			input = &plan.LockRows{Input: input, Targets: lockTargets, Strength: lock.strength, Wait: lock.wait}
		}
		project.Input = lim.apply(input)
		out = project
	}
	tr.noteRaws(out, project, items)
	return out, project.Cols, nil
}

// noteRaws remembers the untyped literals of a query's select list.
func (tr *translator) noteRaws(out plan.Node, proj *plan.Project, items []selItem) {
	var ro *rawOutput
	for i, it := range items {
		if it.raw == nil {
			continue
		}
		if ro == nil {
			ro = &rawOutput{proj: proj, raws: make([]*texpr, len(items))}
		}
		ro.raws[i] = it.raw
	}
	if ro == nil {
		return
	}
	if tr.raws == nil {
		tr.raws = make(map[plan.Node]*rawOutput)
	}
	tr.raws[out] = ro
}

// limitClause is a query's LIMIT (or FETCH FIRST) and OFFSET.
type limitClause struct {
	count, offset plan.Expr
	// ties is FETCH FIRST ... WITH TIES: the rows that sort equal to
	// the last one counted come too.
	ties bool
}

// apply puts the limit over n, the query's rows in their order (a Sort,
// under a DISTINCT ON, when the query has ORDER BY).
func (l limitClause) apply(n plan.Node) plan.Node {
	if l.count == nil && l.offset == nil {
		return n
	}
	lim := &plan.Limit{Input: n, Count: l.count, Offset: l.offset}
	if l.ties && l.count != nil {
		in := n
		if d, ok := in.(*plan.DistinctOn); ok {
			in = d.Input
		}
		if s, ok := in.(*plan.Sort); ok {
			lim.Ties = s.Keys
		}
	}
	return lim
}

func (tr *translator) checkSelect(s *pg.SelectStmt) error {
	p := tr.stmt.stmtPos()
	switch {
	case s.IntoClause != nil && s.IntoClause != tr.into:
		return errAt(errs.SyntaxError, p, "SELECT ... INTO is not allowed here")
	case len(s.DistinctClause) > 0 && s.DistinctClause[0].GetNode() != nil:
		for _, n := range s.DistinctClause {
			if tr.literalNode(n) {
				return tr.uncacheable() // DISTINCT ON (1) is a position
			}
		}
	case s.GroupDistinct:
		return unsupported(p, "GROUP BY DISTINCT")
	}
	return nil
}

// targetList translates a select list (or RETURNING list), expanding `*`
// and `t.*`, and names each column as PostgreSQL does.
func (tr *translator) targetList(list []*pg.Node, ec *exprCtx) ([]selItem, error) {
	items := make([]selItem, 0, len(list))
	for _, n := range list {
		rt := n.GetResTarget()
		if rt == nil {
			return nil, errAt(errs.SyntaxError, tr.stmt.stmtPos(), "invalid target list")
		}
		p := tr.pos(rt.Location)
		if cr := rt.Val.GetColumnRef(); cr != nil && len(cr.Fields) > 0 && cr.Fields[len(cr.Fields)-1].GetAStar() != nil {
			if p == 0 {
				p = tr.stmt.stmtPos() // TABLE t has no location for its *
			}
			star, err := tr.star(cr, ec.sc, p)
			if err != nil {
				return nil, err
			}
			items = append(items, star...)
			continue
		}
		if ind, ok := starIndirection(rt.Val); ok {
			fields, err := tr.expandFields(ind, ec, p)
			if err != nil {
				return nil, err
			}
			items = append(items, fields...)
			continue
		}
		x, err := tr.expr(rt.Val, ec)
		if err != nil {
			return nil, err
		}
		var raw *texpr
		if x.unknown {
			raw = &texpr{}
			*raw = x
		}
		if x, err = tr.resolveOutput(x); err != nil {
			return nil, err
		}
		name := rt.Name
		if name == "" {
			name = figureColname(rt.Val)
		}
		items = append(items, selItem{name: name, x: x, p: p, raw: raw})
	}
	return items, nil
}

func (tr *translator) star(cr *pg.ColumnRef, sc *scope, p int) ([]selItem, error) {
	switch len(cr.Fields) {
	case 1:
		if sc == nil || len(sc.entries) == 0 {
			return nil, errAt(errs.SyntaxError, p, "SELECT * with no tables specified is not valid")
		}
		cols := sc.starCols(p)
		out := make([]selItem, len(cols))
		for i, c := range cols {
			out[i] = selItem{name: c.name, x: c.x, p: p}
		}
		return out, nil
	case 2:
		name := cr.Fields[0].GetString_().GetSval()
		e := sc.lookupEntry(name)
		if e == nil {
			return nil, sc.missingEntry(name, p)
		}
		xs, names := e.columns(p)
		out := make([]selItem, len(xs))
		for j := range xs {
			out[j] = selItem{name: names[j], x: xs[j], p: p}
		}
		return out, nil
	}
	return nil, unsupported(p, "this column reference")
}

// groupKey translates a GROUP BY item: an ordinal or an output column
// name refers to the select list (a name only when no input column has
// it, as in PostgreSQL), anything else is an expression over the input.
func (tr *translator) groupKey(n *pg.Node, items []selItem, sc *scope) (texpr, error) {
	if tr.literalNode(n) {
		return texpr{}, tr.uncacheable() // GROUP BY 1 is a position
	}
	ec := &exprCtx{sc: sc, clause: "GROUP BY"}
	var x texpr
	switch v := n.Node.(type) {
	case *pg.Node_AConst:
		p := tr.pos(v.AConst.Location)
		iv := v.AConst.GetIval()
		if iv == nil || v.AConst.Isnull {
			return texpr{}, errAt(errs.SyntaxError, p, "non-integer constant in GROUP BY")
		}
		i := int(iv.Ival)
		if i < 1 || i > len(items) {
			return texpr{}, errAt(errs.InvalidColumnReference, p, "GROUP BY position %d is not in select list", i)
		}
		x = items[i-1].x
		x.e = repositioned(x.e, p)
	case *pg.Node_ColumnRef:
		var err error
		x, err = tr.columnRef(v.ColumnRef, sc)
		if err != nil {
			if errs.Code(err) != errs.UndefinedColumn || len(v.ColumnRef.Fields) != 1 {
				return texpr{}, err
			}
			name := v.ColumnRef.Fields[0].GetString_().GetSval()
			found := false
			for _, it := range items {
				if it.name == name {
					x, found = it.x, true
					break
				}
			}
			if !found {
				return texpr{}, err
			}
		}
	case *pg.Node_GroupingSet:
		return texpr{}, unsupported(tr.pos(v.GroupingSet.Location), "GROUPING SETS, ROLLUP and CUBE")
	default:
		var err error
		if x, err = tr.expr(n, ec); err != nil {
			return texpr{}, err
		}
	}
	if containsAgg(x.e) {
		return texpr{}, errAt(errs.GroupingError, x.e.Pos(), "aggregate functions are not allowed in GROUP BY")
	}
	return tr.resolveOutput(x)
}

// repositioned gives a reused select-list expression the position of the
// clause that refers to it, for error messages.
func repositioned(e plan.Expr, p int) plan.Expr {
	switch x := e.(type) {
	case *plan.Field:
		c := *x
		c.P = p
		return &c
	}
	return e
}

// orderBy resolves ORDER BY items: ordinals and output column names refer
// to the select list, other expressions are over the input rows (and,
// with DISTINCT, must be in the select list).
func (tr *translator) orderBy(list []*pg.Node, items []selItem, ec *exprCtx, distinct bool) ([]sortItem, error) {
	out := make([]sortItem, 0, len(list))
	for _, n := range list {
		sb := n.GetSortBy()
		if sb == nil {
			return nil, errAt(errs.SyntaxError, tr.stmt.stmtPos(), "invalid ORDER BY")
		}
		s := sortItem{item: -1, desc: sb.SortbyDir == pg.SortByDir_SORTBY_DESC}
		if err := tr.sortKey(sb.Node, items, ec, &s); err != nil {
			return nil, err
		}
		if sb.SortbyDir == pg.SortByDir_SORTBY_USING {
			key := s.x
			if s.item >= 0 {
				key = items[s.item].x // an output column's
			}
			desc, err := usingDesc(sb, key, tr.pos(sb.Location))
			if err != nil {
				return nil, err
			}
			s.desc = desc
		}
		s.nullsFirst = s.desc
		switch sb.SortbyNulls {
		case pg.SortByNulls_SORTBY_NULLS_FIRST:
			s.nullsFirst = true
		case pg.SortByNulls_SORTBY_NULLS_LAST:
			s.nullsFirst = false
		}
		if distinct && s.item < 0 {
			for i, it := range items {
				if tr.equal(it.x.e, s.x.e) {
					s.item = i
					break
				}
			}
			if s.item < 0 {
				return nil, errAt(errs.InvalidColumnReference, s.p, "for SELECT DISTINCT, ORDER BY expressions must appear in select list")
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// usingDesc reads ORDER BY x USING op of key x: < sorts as ASC and >
// as DESC, the ordering operators of a btree; the other comparisons are
// no ordering operators (42809), anything else no operator of x's type.
func usingDesc(sb *pg.SortBy, x texpr, p int) (bool, error) {
	switch op := opName(sb.UseOp); op {
	case "<":
		return false, nil
	case ">":
		return true, nil
	case "=", "<>", "<=", ">=":
		return false, errAt(errs.WrongObjectType, p, "operator %s is not a valid ordering operator", op).
			WithHint(`Ordering operators must be "<" or ">" members of btree operator families.`)
	default:
		return false, noOperator(p, x, op, x)
	}
}

func (tr *translator) sortKey(n *pg.Node, items []selItem, ec *exprCtx, s *sortItem) error {
	if tr.literalNode(n) {
		return tr.uncacheable() // ORDER BY 1 is a position
	}
	switch v := n.Node.(type) {
	case *pg.Node_AConst:
		s.p = tr.pos(v.AConst.Location)
		iv := v.AConst.GetIval()
		if iv == nil || v.AConst.Isnull {
			return errAt(errs.SyntaxError, s.p, "non-integer constant in ORDER BY")
		}
		i := int(iv.Ival)
		if i < 1 || i > len(items) {
			return errAt(errs.InvalidColumnReference, s.p, "ORDER BY position %d is not in select list", i)
		}
		s.item = i - 1
		return nil
	case *pg.Node_ColumnRef:
		s.p = tr.pos(v.ColumnRef.Location)
		if len(v.ColumnRef.Fields) == 1 {
			name := v.ColumnRef.Fields[0].GetString_().GetSval()
			for i, it := range items {
				if it.name != name || name == "" {
					continue
				}
				if s.item >= 0 && !tr.equal(items[s.item].x.e, it.x.e) {
					return errAt(errs.AmbiguousColumn, s.p, "ORDER BY %q is ambiguous", name)
				}
				if s.item < 0 {
					s.item = i
				}
			}
			if s.item >= 0 {
				return nil
			}
		}
	}
	x, err := tr.expr(n, ec)
	if err != nil {
		return err
	}
	if x, err = tr.resolveOutput(x); err != nil {
		return err
	}
	s.x = x
	if s.p == 0 {
		s.p = x.e.Pos()
	}
	return nil
}

// limitOffset translates a query's LIMIT (FETCH FIRST) and OFFSET.
func (tr *translator) limitOffset(s *pg.SelectStmt) (limitClause, error) {
	l := limitClause{ties: s.LimitOption == pg.LimitOption_LIMIT_OPTION_WITH_TIES}
	if c := s.LimitCount.GetAConst(); l.ties && c != nil && c.Isnull {
		return l, errAt(codeInvalidRowCountFetch, tr.pos(c.Location), "row count cannot be null in FETCH FIRST ... WITH TIES clause")
	}
	var err error
	if l.count, err = tr.limitExpr(s.LimitCount, "LIMIT"); err != nil {
		return l, err
	}
	l.offset, err = tr.limitExpr(s.LimitOffset, "OFFSET")
	return l, err
}

// codeInvalidRowCountFetch is SQLSTATE invalid_row_count_in_limit_clause.
const codeInvalidRowCountFetch = "2201W"

// limitExpr translates LIMIT or OFFSET; LIMIT ALL and LIMIT NULL are no
// limit.
func (tr *translator) limitExpr(n *pg.Node, clause string) (plan.Expr, error) {
	if n == nil {
		return nil, nil
	}
	if c := n.GetAConst(); c != nil && c.Isnull {
		return nil, nil
	}
	x, err := tr.expr(n, &exprCtx{clause: clause})
	if err != nil {
		return nil, err
	}
	if !x.unknown && categoryOf(x.t) != catNumber {
		return nil, errAt(errs.DatatypeMismatch, x.e.Pos(), "argument of %s must be type bigint, not type %s", clause, typeName(x))
	}
	x, err = tr.coerce(x, value.TypeInt8)
	if err != nil {
		return nil, err
	}
	return x.e, nil
}

// valuesQuery translates a VALUES list used as a query. Each column's
// type is the common type of its rows.
func (tr *translator) valuesQuery(s *pg.SelectStmt) (plan.Node, []plan.Column, error) {
	rows, err := tr.valuesRows(s.ValuesLists, &exprCtx{clause: "VALUES"}, false)
	if err != nil {
		return nil, nil, err
	}
	width := len(rows[0])
	vals := &plan.Values{Rows: make([][]plan.Expr, len(rows)), Cols: make([]plan.Column, width)}
	for i := range vals.Rows {
		vals.Rows[i] = make([]plan.Expr, width)
	}
	col := make([]texpr, len(rows))
	for j := 0; j < width; j++ {
		for i := range rows {
			col[i] = rows[i][j]
		}
		t, err := commonType(col, "VALUES")
		if err != nil {
			return nil, nil, err
		}
		for i := range rows {
			x, err := tr.coerce(rows[i][j], t)
			if err != nil {
				return nil, nil, err
			}
			vals.Rows[i][j] = x.e
		}
		vals.Cols[j] = plan.Column{Name: "column" + strconv.Itoa(j+1), Type: t}
	}
	return tr.resultOrder(s, vals, vals.Cols, "VALUES")
}

// valuesRows translates the rows of a VALUES list; a DEFAULT item stays
// nil for the caller (INSERT) to decide about.
func (tr *translator) valuesRows(lists []*pg.Node, ec *exprCtx, allowDefault bool) ([][]texpr, error) {
	rows := make([][]texpr, len(lists))
	for i, l := range lists {
		items := l.GetList().GetItems()
		if i > 0 && len(items) != len(rows[0]) {
			p := tr.stmt.stmtPos()
			if len(items) > 0 {
				p = tr.nodePos(items[0])
			}
			return nil, errAt(errs.SyntaxError, p, "VALUES lists must all be the same length")
		}
		row := make([]texpr, len(items))
		for j, it := range items {
			if d := it.GetSetToDefault(); d != nil {
				if !allowDefault {
					return nil, errAt(errs.SyntaxError, tr.pos(d.Location), "DEFAULT is not allowed in this context")
				}
				row[j] = texpr{}
				continue
			}
			x, err := tr.expr(it, ec)
			if err != nil {
				return nil, err
			}
			row[j] = x
		}
		rows[i] = row
	}
	return rows, nil
}

// nodePos finds a position for a node from its own location, when it has
// one of the common kinds.
func (tr *translator) nodePos(n *pg.Node) int {
	switch x := n.Node.(type) {
	case *pg.Node_AConst:
		return tr.pos(x.AConst.Location)
	case *pg.Node_ColumnRef:
		return tr.pos(x.ColumnRef.Location)
	case *pg.Node_ParamRef:
		return tr.pos(x.ParamRef.Location)
	case *pg.Node_AExpr:
		return tr.pos(x.AExpr.Location)
	case *pg.Node_FuncCall:
		return tr.pos(x.FuncCall.Location)
	case *pg.Node_TypeCast:
		return tr.pos(x.TypeCast.Location)
	case *pg.Node_SetToDefault:
		return tr.pos(x.SetToDefault.Location)
	case *pg.Node_ResTarget:
		return tr.pos(x.ResTarget.Location)
	}
	return tr.stmt.stmtPos()
}

// volatileSort reports whether ORDER BY names only output columns and
// one of them calls a function that is not pure (see volatile).
func (tr *translator) volatileSort(sorts []sortItem, items []selItem) bool {
	found := false
	for _, s := range sorts {
		if s.item < 0 {
			return false
		}
		if !found && tr.volatile(items[s.item].x.e) {
			found = true
		}
	}
	return found
}

// volatile reports whether e calls a function that is not pure: one
// whose value may differ from call to call, or that has effects
// (nextval, random).
func (tr *translator) volatile(e plan.Expr) bool {
	found := false
	var visit func(x plan.Expr) plan.Expr
	visit = func(x plan.Expr) plan.Expr {
		if c, ok := plan.Pointer(x).(*plan.Call); ok && !found {
			if f, ok := tr.r.Function(c.Fn); !ok || !f.Pure {
				found = true
			}
		}
		return plan.RebuildExpr(x, visit, func(n plan.Node) plan.Node { return n })
	}
	visit(e)
	return found
}
