package sqlfe

import (
	"slices"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

// EXCLUDE constraints are stored as deparsed SQL text (catalog.Exclusion),
// as CHECK constraints are, and compiled with a table's checks for every
// write (tableChecks): the executor compares the written record with the
// stored ones that could conflict, through an index of the table's that
// fits when there is one (exec/exclusion.go): a constraint keeps no
// entries of its own, and its access method is kept for the catalogs and
// dumps.

// exclusionMethods are the access methods PostgreSQL allows an EXCLUDE
// constraint (those whose indexes answer single-row searches).
var exclusionMethods = map[string]bool{"btree": true, "hash": true, "gist": true, "spgist": true}

// commutative are the operators an EXCLUDE constraint may use: a
// conflict must not depend on which of the two records is the new one.
var commutative = map[string]bool{"=": true, "<>": true, "!=": true, "&&": true, "~=": true, "-|-": true}

// addExclusion adds the EXCLUDE constraint c of CREATE TABLE or ALTER
// TABLE to t, named as PostgreSQL names it when it has no name.
func (tr *translator) addExclusion(t *catalog.Table, c *pg.Constraint) error {
	p := tr.pos(c.Location)
	if c.Deferrable && len(t.PrimaryKey) == 0 {
		// Its check finds the written row again by its key when it
		// runs, and a row without a primary key has none until written.
		return unsupported(p, "DEFERRABLE EXCLUDE constraints on tables without a primary key")
	}
	if t.Partitioned != nil || t.PartitionOf != "" {
		return unsupported(p, "EXCLUDE constraints on partitioned tables and partitions")
	}
	if len(c.Including) > 0 {
		return unsupported(p, "INCLUDE in EXCLUDE constraints")
	}
	method := c.AccessMethod
	if method == "" {
		method = "btree"
	}
	switch {
	case method == "brin" || method == "gin":
		return errAt(errs.FeatureNotSupported, p, "access method %q does not support exclusion constraints", method)
	case !exclusionMethods[method]:
		return errAt(errs.UndefinedObject, p, "access method %q does not exist", method)
	}
	ex := catalog.Exclusion{Method: method, Deferrable: c.Deferrable, InitiallyDeferred: c.Initdeferred}
	var nameParts []string
	for _, item := range c.Exclusions {
		pair := item.GetList().GetItems()
		if len(pair) != 2 || pair[0].GetIndexElem() == nil {
			return errAt(errs.SyntaxError, p, "malformed EXCLUDE element")
		}
		ie := pair[0].GetIndexElem()
		el := catalog.ExclusionElement{Op: opName(pair[1].GetList().GetItems())}
		switch {
		case ie.Name != "":
			if _, _, ok := t.FieldByName(ie.Name); !ok {
				return errAt(errs.UndefinedColumn, p, "column %q named in key does not exist", ie.Name)
			}
			el.Expr, el.Column = ie.Name, true
			nameParts = append(nameParts, ie.Name)
		case ie.Expr != nil:
			text, err := indexExprText(ie.Expr)
			if err != nil {
				return errAt(errs.SyntaxError, p, "cannot store EXCLUDE expression: %v", err)
			}
			el.Expr = text
			nameParts = append(nameParts, indexColname(ie.Expr))
		default:
			return errAt(errs.SyntaxError, p, "malformed EXCLUDE element")
		}
		if len(ie.Opclass) > 0 || len(ie.Collation) > 0 || ie.Ordering != pg.SortByDir_SORTBY_DEFAULT {
			return unsupported(p, "operator classes, collations and orderings in EXCLUDE constraints")
		}
		ex.Elements = append(ex.Elements, el)
	}
	if c.WhereClause != nil {
		text, err := deparseExpr(c.WhereClause, p)
		if err != nil {
			return err
		}
		ex.Where = text
	}
	ex.Name = c.Conname
	if ex.Name == "" {
		base := t.Name + "_" + strings.Join(nameParts, "_") + "_excl"
		ex.Name = base
		for i := 1; t.ConstraintOrIndex(ex.Name); i++ {
			ex.Name = base + strconv.Itoa(i)
		}
	} else if t.ConstraintOrIndex(ex.Name) {
		return errAt(errs.DuplicateTable, p, "relation %q already exists", ex.Name)
	}
	// Compiled once, so that an element without its operator fails now.
	if _, err := tr.exclusionCheck(t, ex, p); err != nil {
		return err
	}
	t.Exclusions = append(t.Exclusions, ex)
	return nil
}

// exclusionCheck compiles ex for writes of t (plan.ExclusionCheck).
func (tr *translator) exclusionCheck(t *catalog.Table, ex catalog.Exclusion, pos int) (plan.Check, error) {
	rowAt := func(off int) *exprCtx {
		return &exprCtx{sc: &scope{entries: []rangeEntry{{name: t.Name, table: t, off: off, pos: pos}}}, clause: "EXCLUDE constraints"}
	}
	stored, written := rowAt(0), rowAt(2)
	elem := func(text string, ec *exprCtx) (texpr, error) {
		var x texpr
		_, err := tr.storedExpr("EXCLUDE", text, pos, func(n *pg.Node) (plan.Expr, error) {
			var err error
			x, err = tr.expr(n, ec)
			return x.e, err
		})
		return x, err
	}
	ec := &plan.ExclusionCheck{Deferrable: ex.Deferrable, InitiallyDeferred: ex.InitiallyDeferred}
	var cols []string
	var conds []plan.Expr
	for _, el := range ex.Elements {
		l, err := elem(el.Expr, stored)
		if err != nil {
			return plan.Check{}, err
		}
		r, err := elem(el.Expr, written)
		if err != nil {
			return plan.Check{}, err
		}
		c, err := tr.binaryOp(el.Op, l, r, pos)
		if err != nil {
			return plan.Check{}, err
		}
		if !commutative[el.Op] {
			return plan.Check{}, errAt(errs.WrongObjectType, pos, "operator %s(%s,%s) is not commutative", el.Op, typeName(l), typeName(r)).
				WithDetail("Only commutative operators can be used in exclusion constraints.")
		}
		if el.Op != "=" && (ex.Method == "btree" || ex.Method == "hash") {
			return plan.Check{}, errAt(errs.WrongObjectType, pos, "operator %s(%s,%s) is not a member of the operator family of access method %s", el.Op, typeName(l), typeName(r), ex.Method).
				WithDetail("The exclusion operator must be related to the index operator class for the constraint.")
		}
		if c, err = tr.boolOperand(c, "EXCLUDE"); err != nil {
			return plan.Check{}, errAt(errs.WrongObjectType, pos, "operator %s used in an exclusion constraint does not return boolean", el.Op)
		}
		conds = append(conds, c.e)
		// The stored side reads the row at offset 0: as a record's own
		// [key, object], it is the element the error's detail shows.
		ec.Elems, ec.Types = append(ec.Elems, l.e), append(ec.Types, l.t)
		cols = append(cols, el.Expr)
		if el.Column && el.Op == "=" {
			ec.Equal = append(ec.Equal, el.Expr)
		}
		if el.Column && (el.Op == "&&" || el.Op == "-|-") && categoryOf(l.t) == catRange && !l.t.Array && ec.Ranged == nil {
			ec.Ranged = &plan.ExclusionRange{Column: el.Expr, Op: el.Op, Kind: l.t.Range}
		}
	}
	if ex.Where != "" {
		w, err := tr.storedExpr("EXCLUDE", ex.Where, pos, func(n *pg.Node) (plan.Expr, error) {
			return tr.condition(n, stored, "WHERE")
		})
		if err != nil {
			return plan.Check{}, err
		}
		// Over the stored record in Conflict, and over the written one
		// (its own row [key, object]) in Applies: the same expression.
		conds = append([]plan.Expr{w}, conds...)
		ec.Applies = w
	}
	ec.Conflict = and(conds)
	ec.Columns = strings.Join(cols, ", ")
	return plan.Check{Name: ex.Name, Exclusion: ec}, nil
}

// alterExclusions gives the EXCLUDE constraints of table name after the
// DROP COLUMN and RENAME COLUMN actions of n, as PostgreSQL keeps them
// (alterChecks does the same for CHECK constraints): a constraint that
// reads a dropped column is dropped with it, a renamed column is renamed
// in the stored text. ok is false when nothing changes.
func (tr *translator) alterExclusions(name string, actions []plan.AlterAction) (exs []catalog.Exclusion, ok bool, err error) {
	t, err := tr.r.Table(tr.ctx, name)
	if err != nil || len(t.Exclusions) == 0 {
		if errs.Code(err) == errs.UndefinedTable {
			err = nil
		}
		return nil, false, err
	}
	exs = slices.Clone(t.Exclusions)
	changed := false
	for _, a := range actions {
		if a.Kind != plan.AlterDropColumn && a.Kind != plan.AlterRenameColumn {
			continue
		}
		out := exs[:0]
		for _, ex := range exs {
			reads, err := editExclusionColumns(&ex, func(col *pg.String) bool {
				if col.Sval != a.Column {
					return false
				}
				if a.Kind == plan.AlterRenameColumn {
					col.Sval = a.NewName
				}
				return true
			})
			if err != nil {
				return nil, false, err
			}
			changed = changed || reads
			if !reads || a.Kind == plan.AlterRenameColumn {
				out = append(out, ex)
			}
		}
		exs = out
	}
	return exs, changed, nil
}

// editExclusionColumns calls f with each column reference of ex, its
// elements' and its WHERE's, storing ex again as f edited it; reads says
// whether f returned true for one.
func editExclusionColumns(ex *catalog.Exclusion, f func(*pg.String) bool) (reads bool, err error) {
	visit := func(col *pg.String) { reads = f(col) || reads }
	ex.Elements = slices.Clone(ex.Elements)
	for i := range ex.Elements {
		el := &ex.Elements[i]
		if el.Column {
			col := &pg.String{Sval: el.Expr}
			visit(col)
			el.Expr = col.Sval
			continue
		}
		edited, err := editExprColumns("EXCLUDE", el.Expr, visit)
		if err != nil {
			return false, err
		}
		// Stored as indexExprText writes it: an operator expression in
		// parentheses, which the deparse of the SELECT dropped.
		res, err := pg.Parse("SELECT " + edited)
		if err != nil || len(res.Stmts) != 1 {
			return false, errs.New(errs.DataCorrupted, "stored EXCLUDE expression %q does not parse", edited)
		}
		if el.Expr, err = indexExprText(res.Stmts[0].Stmt.GetSelectStmt().GetTargetList()[0].GetResTarget().Val); err != nil {
			return false, errs.New(errs.InternalError, "cannot store EXCLUDE expression: %v", err)
		}
	}
	if ex.Where != "" {
		if ex.Where, err = editExprColumns("EXCLUDE", ex.Where, visit); err != nil {
			return false, err
		}
	}
	return reads, nil
}

// exclusionReading names an EXCLUDE constraint of t with an expression
// element that reads column col ("" when none): PostgreSQL's dependency
// of such a constraint on the column is not automatic, so DROP COLUMN
// needs CASCADE (a plain column element or the WHERE goes with it).
func exclusionReading(t *catalog.Table, col string) (string, error) {
	for _, ex := range t.Exclusions {
		for _, el := range ex.Elements {
			if el.Column {
				continue
			}
			reads := false
			if _, err := editExprColumns("EXCLUDE", el.Expr, func(c *pg.String) { reads = reads || c.Sval == col }); err != nil {
				return "", err
			}
			if reads {
				return ex.Name, nil
			}
		}
	}
	return "", nil
}
