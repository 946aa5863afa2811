package sqlfe

import (
	"slices"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

// fromClause builds the row source of a FROM list: its items cross-joined
// left to right (the optimizer turns WHERE conditions into join keys). A
// LATERAL item sees the items before it as its outer row. outer is the
// enclosing query level; lvl is this level's (nil: a new one).
func (tr *translator) fromClause(items []*pg.Node, outer *scope, lvl *level) (plan.Node, *scope, error) {
	if lvl == nil {
		lvl = &level{}
	}
	sc := &scope{parent: outer, lvl: lvl}
	if len(items) == 0 {
		// SELECT without FROM reads one empty row.
		return &plan.Values{Rows: [][]plan.Expr{{}}}, sc, nil
	}
	var node plan.Node
	for _, it := range items {
		var left *scope
		if node != nil {
			left = sc
		}
		n, frag, lateral, err := tr.fromItem(it, sc, left)
		if err != nil {
			return nil, nil, err
		}
		off := 0
		if node == nil {
			node = n
		} else {
			off = len(node.Columns())
			node = &plan.Join{Kind: plan.CrossJoin, Left: node, Right: n, Lateral: lateral}
		}
		if err := sc.adopt(frag, off); err != nil {
			return nil, nil, err
		}
	}
	return node, sc, nil
}

// adopt adds the FROM item f, whose row starts at offset off of s's row,
// rejecting a name used twice.
func (s *scope) adopt(f *scope, off int) error {
	var star []scol
	if s.star != nil || f.star != nil {
		star = s.starCols(0)
		for _, c := range f.starCols(0) {
			if f.liftedSRF() {
				break
			}
			star = append(star, scol{name: c.name, x: relocated(c.x, off, 0, 0)})
		}
	}
	for _, e := range f.entries {
		if s.lookupEntry(e.name) != nil {
			return errAt(codeDuplicateAlias, e.pos, "table name %q specified more than once", e.name)
		}
		e.off += off
		s.entries = append(s.entries, e)
	}
	for _, u := range f.using {
		s.using = append(s.using, scol{name: u.name, x: relocated(u.x, off, 0, 0)})
	}
	s.star = star
	return nil
}

// add appends entries (whose offsets are relative to their own row) at
// row offset off, rejecting a name used twice.
func (s *scope) add(entries []rangeEntry, off int) error {
	return s.adopt(&scope{entries: entries}, off)
}

// fromItem translates one FROM item into its node and its own scope (row
// offsets relative to the item). base is the scope of the query level the
// item belongs to; left, when set, is what a LATERAL item may refer to.
func (tr *translator) fromItem(n *pg.Node, base, left *scope) (plan.Node, *scope, bool, error) {
	frag := &scope{parent: base.parent, lvl: base.lvl}
	switch x := n.Node.(type) {
	case *pg.Node_RangeVar:
		rv := x.RangeVar
		p := tr.pos(rv.Location)
		node, cols, ok, err := tr.cteRef(rv)
		if !ok && err == nil {
			node, cols, ok, err = tr.viewRef(rv)
		}
		if ok || err != nil {
			if err != nil {
				return nil, nil, false, err
			}
			name := rv.Relname
			if rv.Alias != nil {
				name = rv.Alias.Aliasname
			}
			e, err := tr.derivedEntry(name, cols, rv.Alias, p)
			if err != nil {
				return nil, nil, false, err
			}
			frag.entries = []rangeEntry{e}
			return node, frag, false, nil
		}
		t, err := tr.table(rv)
		if err != nil {
			return nil, nil, false, err
		}
		if err := tr.readsExprIndexes(t); err != nil {
			return nil, nil, false, err
		}
		if err := tr.scannable(t, p); err != nil {
			return nil, nil, false, err
		}
		e := rangeEntry{name: t.Name, table: t, pos: p}
		alias := ""
		if rv.Alias != nil {
			e.name, alias = rv.Alias.Aliasname, rv.Alias.Aliasname
			if len(rv.Alias.Colnames) > 0 {
				xs, names := e.columns(p)
				cols := make([]scol, len(xs))
				for i := range xs {
					cols[i] = scol{name: names[i], x: xs[i]}
				}
				if e.cols, err = tr.aliasColumns(cols, rv.Alias, p); err != nil {
					return nil, nil, false, err
				}
				e.table, e.renamed = nil, t
			}
		}
		frag.entries = []rangeEntry{e}
		if t.Partitioned != nil && !rv.Inh {
			// FROM ONLY a partitioned table: it holds no rows itself.
			return &plan.Append{Parent: t}, frag, false, nil
		}
		scan := &plan.Scan{Table: t, Alias: alias, Views: slices.Clip(slices.Clone(tr.views))}
		if len(t.Children) > 0 && rv.Inh {
			frag.entries[0].tableOID = true
			node, err = tr.inheritanceScan(scan, p)
			return node, frag, false, err
		}
		node, err = tr.rowSecurityScan(scan, p, policySelect)
		return node, frag, false, err
	case *pg.Node_JoinExpr:
		node, sc, err := tr.join(x.JoinExpr, base)
		return node, sc, false, err
	case *pg.Node_RangeSubselect:
		return tr.derivedTable(x.RangeSubselect, frag, left)
	case *pg.Node_RangeTableSample:
		return tr.tableSample(x.RangeTableSample, base, left)
	case *pg.Node_RangeFunction:
		if rs, ok := jsonRecordSubselect(x.RangeFunction); ok {
			return tr.derivedTable(rs, frag, left)
		}
		argScope := left
		if argScope == nil {
			argScope = frag
		}
		if rs, ok, err := tr.populateSubselect(x.RangeFunction, argScope); ok {
			if err != nil {
				return nil, nil, false, err
			}
			return tr.derivedTable(rs, frag, left)
		}
		if node, es, lateral, ok, err := tr.graphFromFunction(x.RangeFunction, argScope); ok || err != nil {
			if err != nil {
				return nil, nil, false, err
			}
			frag.entries = es
			return node, frag, lateral, nil
		}
		node, es, lateral, err := tr.rangeFunction(x.RangeFunction, argScope, left != nil)
		if err != nil {
			return nil, nil, false, err
		}
		frag.entries = es
		return node, frag, lateral, nil
	}
	return nil, nil, false, unsupported(tr.stmt.stmtPos(), "this FROM item")
}

// derivedTable translates a subquery or VALUES in FROM. PostgreSQL 15
// requires an alias.
func (tr *translator) derivedTable(rs *pg.RangeSubselect, frag, left *scope) (plan.Node, *scope, bool, error) {
	sel := rs.Subquery.GetSelectStmt()
	p := tr.stmt.stmtPos()
	if sel == nil {
		return nil, nil, false, unsupported(p, "this subquery in FROM")
	}
	if rs.Alias == nil {
		// The parse tree has no location for the subquery: PostgreSQL
		// points at its parenthesis, zerodb at the statement.
		err := errAt(errs.SyntaxError, p, "subquery in FROM must have an alias")
		if len(sel.ValuesLists) > 0 {
			err = errAt(errs.SyntaxError, p, "VALUES in FROM must have an alias")
		}
		return nil, nil, false, err.WithHint("For example, FROM (SELECT ...) [AS] foo.")
	}
	lateral := rs.Lateral && left != nil
	var node plan.Node
	var cols []plan.Column
	var err error
	if lateral {
		node, cols, err = tr.selectIn(sel, left, nil)
	} else {
		node, cols, err = tr.selectIn(sel, frag.parent, frag.lvl)
	}
	if err != nil {
		return nil, nil, false, err
	}
	e, err := tr.derivedEntry(rs.Alias.Aliasname, cols, rs.Alias, p)
	if err != nil {
		return nil, nil, false, err
	}
	frag.entries = []rangeEntry{e}
	return node, frag, lateral, nil
}

// derivedEntry makes the range entry of a row source with columns cols,
// renamed by alias's column list.
func (tr *translator) derivedEntry(name string, cols []plan.Column, alias *pg.Alias, p int) (rangeEntry, error) {
	sc := make([]scol, len(cols))
	for i, c := range cols {
		sc[i] = scol{name: c.Name, x: texpr{e: &plan.ColRef{Idx: i, Name: c.Name}, t: c.Type, tableID: c.TableID, attr: c.AttrNum}}
	}
	e := rangeEntry{name: name, cols: sc, pos: p}
	if alias != nil {
		var err error
		if e.cols, err = tr.aliasColumns(sc, alias, p); err != nil {
			return rangeEntry{}, err
		}
	}
	return e, nil
}

// aliasColumns renames the first columns after an alias's column list.
func (tr *translator) aliasColumns(cols []scol, alias *pg.Alias, p int) ([]scol, error) {
	if len(alias.Colnames) > len(cols) {
		return nil, errAt(errs.InvalidColumnReference, p, "table %q has %d columns available but %d columns specified", alias.Aliasname, len(cols), len(alias.Colnames))
	}
	out := append([]scol(nil), cols...)
	for i, n := range alias.Colnames {
		out[i].name = n.GetString_().GetSval()
	}
	return out, nil
}

// join translates a JOIN. USING and NATURAL joins merge the named columns
// into one (the left one, the right one for RIGHT joins, COALESCE of both
// for FULL joins), listed first by `*`.
func (tr *translator) join(j *pg.JoinExpr, base *scope) (plan.Node, *scope, error) {
	left, lf, _, err := tr.fromItem(j.Larg, base, nil)
	if err != nil {
		return nil, nil, err
	}
	right, rf, lateral, err := tr.fromItem(j.Rarg, base, lf)
	if err != nil {
		return nil, nil, err
	}
	nl := len(left.Columns())
	sc := &scope{parent: base.parent, lvl: base.lvl}
	if err := sc.adopt(lf, 0); err != nil {
		return nil, nil, err
	}
	if err := sc.adopt(rf, nl); err != nil {
		return nil, nil, err
	}
	var kind plan.JoinKind
	switch j.Jointype {
	case pg.JoinType_JOIN_INNER:
		kind = plan.InnerJoin
		if j.Quals == nil && len(j.UsingClause) == 0 && !j.IsNatural {
			kind = plan.CrossJoin
		}
	case pg.JoinType_JOIN_LEFT:
		kind = plan.LeftJoin
	case pg.JoinType_JOIN_RIGHT:
		kind = plan.RightJoin
	case pg.JoinType_JOIN_FULL:
		kind = plan.FullJoin
	default:
		return nil, nil, unsupported(tr.stmt.stmtPos(), "this kind of join")
	}
	if lateral && (kind == plan.RightJoin || kind == plan.FullJoin) {
		return nil, nil, errAt(errs.InvalidColumnReference, tr.stmt.stmtPos(), "the LATERAL item cannot be referenced from this part of the query").
			WithHint("The combining JOIN type must be INNER or LEFT for a LATERAL reference.")
	}
	out := &plan.Join{Kind: kind, Left: left, Right: right, Lateral: lateral}
	if j.Quals != nil {
		on, err := tr.condition(j.Quals, &exprCtx{sc: sc, clause: "JOIN conditions"}, "JOIN/ON")
		if err != nil {
			return nil, nil, err
		}
		out.On = on
	}
	if len(j.UsingClause) > 0 || j.IsNatural {
		if err := tr.using(j, kind, lf, rf, nl, sc, out); err != nil {
			return nil, nil, err
		}
	}
	if j.JoinUsingAlias != nil {
		e := rangeEntry{name: j.JoinUsingAlias.Aliasname, cols: sc.using[:len(j.UsingClause)], pos: tr.stmt.stmtPos()}
		if err := sc.add([]rangeEntry{e}, 0); err != nil {
			return nil, nil, err
		}
	}
	if j.Alias != nil {
		// An alias on a join hides the names of the tables inside it.
		e, err := tr.derivedEntryOf(j.Alias, sc.starCols(0))
		if err != nil {
			return nil, nil, err
		}
		sc = &scope{parent: base.parent, lvl: base.lvl, entries: []rangeEntry{e}}
	}
	return out, sc, nil
}

func (tr *translator) derivedEntryOf(alias *pg.Alias, cols []scol) (rangeEntry, error) {
	p := tr.stmt.stmtPos()
	cols, err := tr.aliasColumns(cols, alias, p)
	if err != nil {
		return rangeEntry{}, err
	}
	return rangeEntry{name: alias.Aliasname, cols: cols, pos: p}, nil
}

// using merges the USING (or NATURAL) columns of a join into sc and adds
// their equalities to the join's condition.
func (tr *translator) using(j *pg.JoinExpr, kind plan.JoinKind, lf, rf *scope, nl int, sc *scope, out *plan.Join) error {
	p := tr.stmt.stmtPos()
	var names []string
	if j.IsNatural {
		rnames := map[string]bool{}
		for _, c := range rf.starCols(0) {
			rnames[c.name] = true
		}
		for _, c := range lf.starCols(0) {
			if rnames[c.name] {
				names = append(names, c.name)
			}
		}
	} else {
		for _, n := range j.UsingClause {
			name := n.GetString_().GetSval()
			for _, o := range names {
				if o == name {
					return errAt(codeDuplicateColumn, p, "column name %q appears more than once in USING clause", name)
				}
			}
			names = append(names, name)
		}
	}
	merged := make([]scol, 0, len(names))
	var conds []plan.Expr
	for _, name := range names {
		lx, err := usingSide(lf, name, "left", p)
		if err != nil {
			return err
		}
		rx, err := usingSide(rf, name, "right", p)
		if err != nil {
			return err
		}
		rx = relocated(rx, nl, 0, 0)
		t, err := commonType([]texpr{lx, rx}, "JOIN/USING")
		if err != nil {
			return err
		}
		if lx, err = tr.coerce(lx, t); err != nil {
			return err
		}
		if rx, err = tr.coerce(rx, t); err != nil {
			return err
		}
		eq, err := tr.compare(plan.OpEq, "=", lx, rx, p)
		if err != nil {
			return err
		}
		conds = append(conds, eq.e)
		m := texpr{e: lx.e, t: t}
		switch kind {
		case plan.InnerJoin, plan.LeftJoin:
			m = lx
		case plan.RightJoin:
			m = rx
		case plan.FullJoin:
			m.e = &plan.Call{Fn: fnCoalesce, Args: []plan.Expr{lx.e, rx.e}, SQL: true}
		}
		merged = append(merged, scol{name: name, x: m})
	}
	hidden := map[string]bool{}
	for _, n := range names {
		hidden[n] = true
	}
	star := append([]scol(nil), merged...)
	for _, c := range sc.starCols(0) {
		if !hidden[c.name] {
			star = append(star, c)
		}
	}
	for i := range sc.entries {
		e := &sc.entries[i]
		m := make(map[string]bool, len(e.merged)+len(names))
		for k := range e.merged {
			m[k] = true
		}
		for _, n := range names {
			m[n] = true
		}
		e.merged = m
	}
	rest := merged
	for _, u := range sc.using {
		if !hidden[u.name] {
			rest = append(rest, u)
		}
	}
	sc.using, sc.star = rest, star
	if len(conds) > 0 {
		out.On = and(append(conds, conjunctsOf(out.On)...))
		if out.Kind == plan.CrossJoin {
			out.Kind = plan.InnerJoin
		}
	}
	return nil
}

// usingSide finds a USING column on one side of a join.
func usingSide(f *scope, name, side string, p int) (texpr, error) {
	var found []texpr
	for _, u := range f.using {
		if u.name == name {
			found = append(found, u.x)
		}
	}
	for i := range f.entries {
		if f.entries[i].merged[name] {
			continue
		}
		if x, definite, ok := f.entries[i].column(name, 0); ok && definite {
			found = append(found, x)
		}
	}
	switch len(found) {
	case 0:
		return texpr{}, errAt(errs.UndefinedColumn, p, "column %q specified in USING clause does not exist in %s table", name, side)
	case 1:
		return found[0], nil
	}
	return texpr{}, errAt(errs.AmbiguousColumn, p, "common column name %q appears more than once in %s table", name, side)
}

// and joins conditions with SQL AND (nil for none).
func and(cs []plan.Expr) plan.Expr {
	var out plan.Expr
	for _, c := range cs {
		if out == nil {
			out = c
			continue
		}
		out = &plan.Binary{Op: plan.OpAnd, L: out, R: c, SQL: true}
	}
	return out
}

func conjunctsOf(e plan.Expr) []plan.Expr {
	if e == nil {
		return nil
	}
	return []plan.Expr{e}
}
