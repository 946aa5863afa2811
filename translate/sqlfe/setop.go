package sqlfe

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// rawOutput remembers the select-list items of a query that were untyped
// literals before they were resolved to text: a set operation resolves
// them to the type of the other branch, as PostgreSQL does.
type rawOutput struct {
	proj *plan.Project
	raws []*texpr // nil where the item was typed
}

// setOp translates UNION, INTERSECT and EXCEPT [ALL]. Each column's type
// is the common type of the branches' columns; ORDER BY and LIMIT apply
// to the result, whose columns ORDER BY names by name or position.
func (tr *translator) setOp(s *pg.SelectStmt, outer *scope, lvl *level) (plan.Node, []plan.Column, error) {
	var what string
	var op plan.SetOpKind
	switch s.Op {
	case pg.SetOperation_SETOP_UNION:
		what, op = "UNION", plan.Union
	case pg.SetOperation_SETOP_INTERSECT:
		what, op = "INTERSECT", plan.Intersect
	default:
		what, op = "EXCEPT", plan.Except
	}
	if lock, err := tr.lockingClause(s); err != nil {
		return nil, nil, err
	} else if lock != nil {
		return nil, nil, lock.notWith("UNION/INTERSECT/EXCEPT")
	}
	ln, lc, err := tr.selectIn(s.Larg, outer, lvl)
	if err != nil {
		return nil, nil, err
	}
	rn, rc, err := tr.selectIn(s.Rarg, outer, lvl)
	if err != nil {
		return nil, nil, err
	}
	p := tr.stmt.stmtPos()
	if len(lc) != len(rc) {
		return nil, nil, errAt(errs.SyntaxError, p, "each %s query must have the same number of columns", what)
	}
	types := make([]value.Type, len(lc))
	for j := range lc {
		l, r := tr.branchItem(ln, lc, j), tr.branchItem(rn, rc, j)
		if types[j], err = commonType([]texpr{l, r}, what); err != nil {
			return nil, nil, err
		}
		if !s.All {
			if err := noEqualityOperator(types[j], p); err != nil {
				return nil, nil, err
			}
		}
	}
	if ln, err = tr.retype(ln, lc, types); err != nil {
		return nil, nil, err
	}
	if rn, err = tr.retype(rn, rc, types); err != nil {
		return nil, nil, err
	}
	cols := make([]plan.Column, len(lc))
	for j, c := range lc {
		cols[j] = plan.Column{Name: c.Name, Type: types[j]}
	}
	var out plan.Node = &plan.SetOp{Op: op, All: s.All, Left: ln, Right: rn, Cols: cols}
	return tr.resultOrder(s, out, cols, what)
}

// resultOrder applies ORDER BY, LIMIT and OFFSET to the result of a set
// operation (or another query whose ORDER BY can only name its columns).
func (tr *translator) resultOrder(s *pg.SelectStmt, out plan.Node, cols []plan.Column, what string) (plan.Node, []plan.Column, error) {
	for _, n := range s.SortClause {
		sb := n.GetSortBy()
		if sb == nil {
			continue
		}
		cr := sb.Node.GetColumnRef()
		if (cr == nil || len(cr.Fields) != 1) && sb.Node.GetAConst() == nil && !tr.literalNode(sb.Node) {
			return nil, nil, errAt(errs.FeatureNotSupported, tr.pos(sb.Location), "invalid %s ORDER BY clause", what).
				WithDetail("Only result column names can be used, not expressions or functions.")
		}
	}
	items := make([]selItem, len(cols))
	for j, c := range cols {
		items[j] = selItem{name: c.Name, x: texpr{e: &plan.ColRef{Idx: j, Name: c.Name}, t: c.Type}}
	}
	sorts, err := tr.orderBy(s.SortClause, items, &exprCtx{clause: "ORDER BY"}, false)
	if err != nil {
		return nil, nil, err
	}
	if len(sorts) > 0 {
		keys := make([]plan.SortKey, len(sorts))
		for i, so := range sorts {
			if so.item < 0 {
				return nil, nil, errAt(errs.FeatureNotSupported, so.p, "invalid %s ORDER BY clause", what).
					WithDetail("Only result column names can be used, not expressions or functions.")
			}
			x := sqlOrdered(&plan.ColRef{At: at(so.p), Idx: so.item, Name: cols[so.item].Name}, cols[so.item].Type, so.p)
			keys[i] = plan.SortKey{X: x, Desc: so.desc, NullsFirst: so.nullsFirst}
		}
		out = &plan.Sort{Input: out, Keys: keys}
	}
	lim, err := tr.limitOffset(s)
	if err != nil {
		return nil, nil, err
	}
	return lim.apply(out), cols, nil
}

// branchItem is column j of a branch as type resolution sees it.
func (tr *translator) branchItem(n plan.Node, cols []plan.Column, j int) texpr {
	if ro := tr.raws[n]; ro != nil && ro.raws[j] != nil {
		return *ro.raws[j]
	}
	return texpr{e: &plan.ColRef{Idx: j, Name: cols[j].Name}, t: cols[j].Type}
}

// retype converts a branch's columns to the resolved types: an untyped
// literal is read as the type, anything else is cast by a Project.
func (tr *translator) retype(n plan.Node, cols []plan.Column, types []value.Type) (plan.Node, error) {
	ro := tr.raws[n]
	var wrap *plan.Project
	for j := range cols {
		if ro != nil && ro.raws[j] != nil {
			x, err := tr.coerce(*ro.raws[j], types[j])
			if err != nil {
				return nil, err
			}
			ro.proj.Exprs[j], ro.proj.Cols[j].Type = x.e, types[j]
			continue
		}
		if sameType(cols[j].Type, types[j]) {
			continue
		}
		if wrap == nil {
			wrap = &plan.Project{Input: n, Exprs: colRefs(cols), Cols: append([]plan.Column(nil), cols...)}
		}
		x, err := tr.coerce(texpr{e: wrap.Exprs[j], t: cols[j].Type}, types[j])
		if err != nil {
			return nil, err
		}
		wrap.Exprs[j], wrap.Cols[j].Type = x.e, types[j]
	}
	if wrap != nil {
		return wrap, nil
	}
	return n, nil
}

// distinctOn translates the keys of DISTINCT ON, which must match the
// leading ORDER BY keys; without ORDER BY the rows are sorted on them.
func (tr *translator) distinctOn(list []*pg.Node, items []selItem, ec *exprCtx, sorts []sortItem) ([]sortItem, []sortItem, error) {
	ons := make([]sortItem, len(list))
	for i, n := range list {
		ons[i] = sortItem{item: -1}
		if err := tr.sortKey(n, items, ec, &ons[i]); err != nil {
			return nil, nil, err
		}
	}
	key := func(s sortItem) plan.Expr {
		if s.item >= 0 {
			return items[s.item].x.e
		}
		return s.x.e
	}
	if len(sorts) == 0 {
		return ons, ons, nil
	}
	for _, o := range ons {
		found := false
		for j := 0; j < len(ons) && j < len(sorts); j++ {
			if tr.equal(key(o), key(sorts[j])) {
				found = true
				break
			}
		}
		if !found {
			return nil, nil, errAt(errs.InvalidColumnReference, o.p, "SELECT DISTINCT ON expressions must match initial ORDER BY expressions")
		}
	}
	return ons, sorts, nil
}
