package sqlfe

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// cte is a WITH query visible to the statement being translated. A
// non-recursive one is translated anew where it is referenced (inlined:
// zerodb's WITH queries are read-only, so MATERIALIZED changes nothing
// but speed).
type cte struct {
	name     string
	query    *pg.SelectStmt
	colnames []*pg.Node
	pos      int
	// work, while a recursive CTE's recursive term is translated, is the
	// node that reads the rows of the previous iteration.
	work *plan.WorkTable
	used bool // the work table was read
	// subDepth is tr.subDepth where the recursive term starts: the work
	// table may not be read inside a subquery of it.
	subDepth int
	// node is a recursive query's RecursiveUnion, shared by its references.
	node *plan.RecursiveUnion
	// scan, for a data-modifying query, reads the rows its RETURNING
	// gave (nil columns: it has none).
	scan *plan.CTEScan
}

// with makes the WITH queries of a statement visible until pop is called.
func (tr *translator) with(w *pg.WithClause) (pop func(), err error) {
	n := len(tr.ctes)
	pop = func() { tr.ctes = tr.ctes[:n] }
	seen := map[string]bool{}
	for _, c := range w.Ctes {
		ce := c.GetCommonTableExpr()
		if ce == nil {
			continue
		}
		p := tr.pos(ce.Location)
		if seen[ce.Ctename] {
			pop()
			return nil, errAt(codeDuplicateAlias, p, "WITH query name %q specified more than once", ce.Ctename)
		}
		seen[ce.Ctename] = true
		sel := ce.Ctequery.GetSelectStmt()
		if sel == nil {
			def, err := tr.writeCTE(w, ce, p)
			if err != nil {
				pop()
				return nil, err
			}
			tr.ctes = append(tr.ctes, def)
			continue
		}
		def := &cte{name: ce.Ctename, query: sel, colnames: ce.Aliascolnames, pos: p}
		if w.Recursive {
			if err := tr.recursiveCTE(def); err != nil {
				pop()
				return nil, err
			}
		}
		tr.ctes = append(tr.ctes, def)
	}
	return pop, nil
}

// cteRef translates a reference to a WITH query, when rv names one.
func (tr *translator) cteRef(rv *pg.RangeVar) (plan.Node, []plan.Column, bool, error) {
	if rv.Schemaname != "" || rv.Catalogname != "" {
		return nil, nil, false, nil
	}
	for i := len(tr.ctes) - 1; i >= 0; i-- {
		c := tr.ctes[i]
		if c.name != rv.Relname {
			continue
		}
		if c.work != nil {
			p := tr.pos(rv.Location)
			switch {
			case c.used:
				return nil, nil, true, errAt(codeInvalidRecursion, p, "recursive reference to query %q must not appear more than once", c.name)
			case tr.subDepth != c.subDepth:
				return nil, nil, true, errAt(codeInvalidRecursion, p, "recursive reference to query %q must not appear within a subquery", c.name)
			}
			c.used = true
			return c.work, c.work.Cols, true, nil
		}
		if c.node != nil {
			return c.node, c.node.Cols, true, nil
		}
		if c.scan != nil {
			if c.scan.Cols == nil {
				return nil, nil, true, errAt(errs.FeatureNotSupported, tr.pos(rv.Location), "WITH query \"%s\" does not have a RETURNING clause", c.name)
			}
			scan := *c.scan
			node, cols, err := tr.renameCols(&scan, scan.Cols, c)
			return node, cols, true, err
		}
		// The query sees only the WITH queries defined before it.
		saved := tr.ctes
		tr.ctes = tr.ctes[:i]
		node, cols, err := tr.cteQuery(c)
		tr.ctes = saved
		return node, cols, true, err
	}
	return nil, nil, false, nil
}

// writeCTE translates a data-modifying WITH query (INSERT, UPDATE or
// DELETE) into one of the statement's writes, which runs once whether or
// not it is read; its references read the rows its RETURNING gave.
func (tr *translator) writeCTE(w *pg.WithClause, ce *pg.CommonTableExpr, p int) (*cte, error) {
	var st *plan.Statement
	var err error
	q := ce.Ctequery
	if q.GetInsertStmt() == nil && q.GetUpdateStmt() == nil && q.GetDeleteStmt() == nil {
		return nil, unsupported(p, "this statement in WITH")
	}
	switch {
	case w != tr.topWith:
		return nil, errAt(errs.FeatureNotSupported, p, "WITH clause containing a data-modifying statement must be at the top level")
	case w.Recursive:
		return nil, unsupported(p, "data-modifying statements in WITH RECURSIVE")
	}
	switch {
	case q.GetInsertStmt() != nil:
		st, err = tr.insertStmt(q.GetInsertStmt())
	case q.GetUpdateStmt() != nil:
		st, err = tr.updateStmt(q.GetUpdateStmt())
	default:
		st, err = tr.deleteStmt(q.GetDeleteStmt())
	}
	if err != nil {
		return nil, err
	}
	id := len(tr.writes)
	tr.writes = append(tr.writes, plan.CTEWrite{ID: id, Name: ce.Ctename, Node: st.Root})
	scan := &plan.CTEScan{ID: id, Name: ce.Ctename}
	if st.ReturnsRows {
		scan.Cols = st.Columns
	}
	return &cte{name: ce.Ctename, colnames: ce.Aliascolnames, pos: p, scan: scan}, nil
}

// cteQuery translates a WITH query with its column names.
func (tr *translator) cteQuery(c *cte) (plan.Node, []plan.Column, error) {
	node, cols, err := tr.selectIn(c.query, nil, nil)
	if err != nil {
		return nil, nil, err
	}
	return tr.renameCols(node, cols, c)
}

func (tr *translator) renameCols(node plan.Node, cols []plan.Column, c *cte) (plan.Node, []plan.Column, error) {
	if len(c.colnames) == 0 {
		return node, cols, nil
	}
	if len(c.colnames) > len(cols) {
		return nil, nil, errAt(errs.InvalidColumnReference, c.pos, "WITH query %q has %d columns available but %d columns specified", c.name, len(cols), len(c.colnames))
	}
	cols = append([]plan.Column(nil), cols...)
	for i, n := range c.colnames {
		cols[i].Name = n.GetString_().GetSval()
	}
	return &plan.Project{Input: node, Exprs: colRefs(cols), Cols: cols}, cols, nil
}

// colRefs reads every column of a row.
func colRefs(cols []plan.Column) []plan.Expr {
	out := make([]plan.Expr, len(cols))
	for i, c := range cols {
		out[i] = &plan.ColRef{Idx: i, Name: c.Name}
	}
	return out
}

// recursiveCTE translates a WITH RECURSIVE query of the form
// `non-recursive UNION [ALL] recursive` whose recursive term reads the
// query itself. Other queries of a WITH RECURSIVE stay ordinary ones.
func (tr *translator) recursiveCTE(c *cte) error {
	q := c.query
	if q.Op != pg.SetOperation_SETOP_UNION {
		return nil
	}
	if len(q.SortClause) > 0 || q.LimitCount != nil || q.LimitOffset != nil {
		return unsupported(c.pos, "ORDER BY or LIMIT in a recursive query")
	}
	init, cols, err := tr.selectIn(q.Larg, nil, nil)
	if err != nil {
		return err
	}
	if init, cols, err = tr.renameCols(init, cols, c); err != nil {
		return err
	}
	work := &plan.WorkTable{Name: c.name, Cols: cols}
	self := &cte{name: c.name, work: work, pos: c.pos, subDepth: tr.subDepth}
	tr.ctes = append(tr.ctes, self)
	step, scols, err := tr.selectIn(q.Rarg, nil, nil)
	tr.ctes = tr.ctes[:len(tr.ctes)-1]
	if err != nil {
		return err
	}
	if !self.used {
		return nil
	}
	if len(scols) != len(cols) {
		return errAt(errs.SyntaxError, c.pos, "each UNION query must have the same number of columns")
	}
	types := make([]value.Type, len(cols))
	for j := range cols {
		types[j] = cols[j].Type
		it := tr.branchItem(step, scols, j)
		if !it.unknown && !sameType(baseType(it.t), baseType(cols[j].Type)) {
			return errAt(errs.DatatypeMismatch, c.pos, "recursive query %q column %d has type %s in non-recursive term but type %s overall", c.name, j+1, sqlTypeName(cols[j].Type), sqlTypeName(it.t)).
				WithHint("Cast the output of the non-recursive term to the correct type.")
		}
	}
	if step, err = tr.retype(step, scols, types); err != nil {
		return err
	}
	c.node = &plan.RecursiveUnion{Init: init, Step: step, All: q.All, Work: work, Cols: cols}
	return nil
}
