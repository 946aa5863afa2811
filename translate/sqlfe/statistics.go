package sqlfe

import (
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

// Extended statistics (CREATE STATISTICS and the statements on them):
// checked as PostgreSQL 15 checks them and kept with the table
// (catalog/statistics.go). zerodb computes no extended statistics and
// its planner reads none; ANALYZE leaves them as they are.

// Command tags of the statistics statements.
const (
	TagCreateStatistics = "CREATE STATISTICS"
	TagAlterStatistics  = "ALTER STATISTICS"
	TagDropStatistics   = "DROP STATISTICS"
)

// maxStatColumns is PostgreSQL's STATS_MAX_DIMENSIONS.
const maxStatColumns = 8

// statisticsStmt translates the statements on statistics objects (ok is
// false for every other statement).
func (tr *translator) statisticsStmt(n *pg.Node) (_ *plan.Statement, ok bool, _ error) {
	const ext = pg.ObjectType_OBJECT_STATISTIC_EXT
	var st *plan.Statement
	var err error
	switch x := n.Node.(type) {
	case *pg.Node_CreateStatsStmt:
		st, err = tr.createStatistics(x.CreateStatsStmt)
	case *pg.Node_AlterStatsStmt:
		st, err = tr.alterStatistics(x.AlterStatsStmt.Defnames, x.AlterStatsStmt.MissingOk, func(a *plan.AlterStatistics) error {
			target := -1
			if v := x.AlterStatsStmt.Stxstattarget; v != nil {
				i, ok := v.Node.(*pg.Node_Integer)
				if !ok {
					return errAt(errs.SyntaxError, tr.stmt.stmtPos(), "statistics target must be an integer")
				}
				target = int(i.Integer.Ival)
			}
			a.Target = &target
			return nil
		})
	case *pg.Node_DropStmt:
		if x.DropStmt.RemoveType != ext {
			return nil, false, nil
		}
		st, err = tr.dropStatistics(x.DropStmt)
	case *pg.Node_RenameStmt:
		if x.RenameStmt.RenameType != ext {
			return nil, false, nil
		}
		st, err = tr.alterStatistics(x.RenameStmt.Object.GetList().GetItems(), x.RenameStmt.MissingOk, func(a *plan.AlterStatistics) error {
			a.NewName = x.RenameStmt.Newname
			return nil
		})
	case *pg.Node_AlterOwnerStmt:
		if x.AlterOwnerStmt.ObjectType != ext {
			return nil, false, nil
		}
		st, err = tr.alterStatistics(x.AlterOwnerStmt.Object.GetList().GetItems(), false, func(a *plan.AlterStatistics) error {
			a.SetOwner = true
			switch spec := x.AlterOwnerStmt.Newowner; spec.GetRoletype() {
			case pg.RoleSpecType_ROLESPEC_CSTRING:
				a.Owner = spec.Rolename
			case pg.RoleSpecType_ROLESPEC_PUBLIC:
				return errs.New(errs.ReservedName, "role name \"public\" is reserved")
			}
			return nil
		})
	case *pg.Node_AlterObjectSchemaStmt:
		if x.AlterObjectSchemaStmt.ObjectType != ext {
			return nil, false, nil
		}
		st, err = tr.alterStatistics(x.AlterObjectSchemaStmt.Object.GetList().GetItems(), x.AlterObjectSchemaStmt.MissingOk, func(a *plan.AlterStatistics) error {
			// It stays where its table is: only the schema it is in.
			to := x.AlterObjectSchemaStmt.Newschema
			if to == tr.stmtSchema || to == "public" && tr.stmtSchema == "" {
				a.NewName = a.Name
				return nil
			}
			return errStatSchema(tr.stmt.stmtPos())
		})
	case *pg.Node_CommentStmt:
		if x.CommentStmt.Objtype != ext {
			return nil, false, nil
		}
		st, err = tr.alterStatistics(x.CommentStmt.Object.GetList().GetItems(), false, func(a *plan.AlterStatistics) error {
			a.Comment = &x.CommentStmt.Comment
			return nil
		})
		if st != nil {
			st.Tag = "COMMENT"
		}
	default:
		return nil, false, nil
	}
	return st, true, err
}

// statName reads the name of a statistics object's statement, which
// runs in its schema (ddlNames); bare is true when it names no schema
// or pg_temp (the executor then looks in the temporary schema first).
func (tr *translator) statName(items []*pg.Node) (name string, bare bool, _ error) {
	p := tr.stmt.stmtPos()
	switch len(items) {
	case 1:
		return items[0].GetString_().GetSval(), true, nil
	case 2:
		if err := tr.inStatementSchema(items[0].GetString_().GetSval(), p); err != nil {
			return "", false, err
		}
		return items[1].GetString_().GetSval(), items[0].GetString_().GetSval() == tempSchema, nil
	}
	return "", false, unsupported(p, "cross-database references")
}

// errStatSchema refuses a statistics object outside its table's schema.
func errStatSchema(p int) error {
	return unsupported(p, "a statistics object in a schema other than its table's")
}

// alterStatistics translates a statement that changes the statistics
// object names names, as set sets the change.
func (tr *translator) alterStatistics(names []*pg.Node, ifExists bool, set func(*plan.AlterStatistics) error) (*plan.Statement, error) {
	name, bare, err := tr.statName(names)
	if err != nil {
		return nil, err
	}
	n := &plan.AlterStatistics{Name: name, IfExists: ifExists, Bare: bare}
	if err := set(n); err != nil {
		return nil, err
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: TagAlterStatistics, Root: n}, nil
}

// dropStatistics translates DROP STATISTICS [IF EXISTS] name, ...
// [CASCADE | RESTRICT]: nothing depends on a statistics object.
func (tr *translator) dropStatistics(d *pg.DropStmt) (*plan.Statement, error) {
	n := &plan.DropStatistics{IfExists: d.MissingOk}
	for _, o := range d.Objects {
		name, bare, err := tr.statName(o.GetList().GetItems())
		if err != nil {
			return nil, err
		}
		n.Names, n.Bare = append(n.Names, name), append(n.Bare, bare)
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: TagDropStatistics, Root: n}, nil
}

// statKinds are the kinds CREATE STATISTICS names, with their stxkind
// letters, in stxkind's order.
var statKinds = []struct{ name, letter string }{{"ndistinct", "d"}, {"dependencies", "f"}, {"mcv", "m"}}

// createStatistics translates CREATE STATISTICS [IF NOT EXISTS] [name]
// [(kinds)] ON columns and expressions FROM table, with PostgreSQL
// 15's checks in its order (the name's, which needs the catalog, is the
// executor's).
func (tr *translator) createStatistics(c *pg.CreateStatsStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	if len(c.Relations) != 1 || c.Relations[0].GetRangeVar() == nil {
		return nil, errAt(errs.FeatureNotSupported, p, "only a single relation is allowed in CREATE STATISTICS")
	}
	rv := c.Relations[0].GetRangeVar()
	t, err := tr.table(rv)
	if err != nil {
		if vr, ok := tr.r.(translate.ViewResolver); ok && errs.Code(err) == errs.UndefinedTable {
			if _, found, verr := vr.View(tr.ctx, rv.Relname); verr == nil && found {
				return nil, errAt(errs.WrongObjectType, p, "cannot define statistics for relation %q", rv.Relname).
					WithDetail("This operation is not supported for views.")
			}
		}
		return nil, err
	}
	if !t.Schemafull {
		return nil, unsupported(p, "statistics on schemaless tables")
	}
	n := &plan.CreateStatistics{Table: t.Name, IfNotExists: c.IfNotExists}
	if len(c.Defnames) > 0 {
		if n.Stat.Name, _, err = tr.statName(c.Defnames); err != nil {
			if errs.Code(err) == errs.FeatureNotSupported {
				err = errStatSchema(p)
			}
			return nil, err
		}
	}
	if len(c.Exprs) > maxStatColumns {
		return nil, errAt(errs.TooManyColumns, p, "cannot have more than %d columns in statistics", maxStatColumns)
	}
	var addition []string
	for _, el := range c.Exprs {
		se := el.GetStatsElem()
		if se == nil {
			return nil, errAt(errs.SyntaxError, p, "unexpected statistics element")
		}
		col := se.Name
		if cr := se.Expr.GetColumnRef(); cr != nil && len(cr.Fields) == 1 && cr.Fields[0].GetString_() != nil {
			col = cr.Fields[0].GetString_().Sval // (a) is column a, as in PostgreSQL
		}
		if col != "" {
			if err := tr.statColumn(t, col, p); err != nil {
				return nil, err
			}
			n.Stat.Columns = append(n.Stat.Columns, col)
			addition = append(addition, col)
			continue
		}
		e, err := tr.statExpr(t, se.Expr, len(c.Exprs) > 1, p)
		if err != nil {
			return nil, err
		}
		n.Stat.Exprs = append(n.Stat.Exprs, e)
		addition = append(addition, "expr")
	}
	if len(c.Exprs) == 1 && len(n.Stat.Exprs) == 1 && len(c.StatTypes) > 0 {
		return nil, errAt(errs.FeatureNotSupported, p, "when building statistics on a single expression, statistics kinds may not be specified")
	}
	kinds := map[string]bool{}
	for _, k := range c.StatTypes {
		name := k.GetString_().GetSval()
		i := slices.IndexFunc(statKinds, func(s struct{ name, letter string }) bool { return s.name == name })
		if i < 0 {
			return nil, errAt(errs.SyntaxError, p, "unrecognized statistics kind %q", name)
		}
		kinds[statKinds[i].letter] = true
	}
	if len(c.Exprs) == 1 && len(n.Stat.Exprs) == 0 {
		return nil, errAt(errs.InvalidObjectDefinition, p, "extended statistics require at least 2 columns")
	}
	for i, col := range n.Stat.Columns {
		if slices.Contains(n.Stat.Columns[:i], col) {
			return nil, errAt(errs.DuplicateColumn, p, "duplicate column name in statistics definition")
		}
	}
	for i, e := range n.Stat.Exprs {
		if slices.ContainsFunc(n.Stat.Exprs[:i], func(o catalog.StatExpr) bool { return o.Expr == e.Expr }) {
			return nil, errAt(errs.DuplicateColumn, p, "duplicate expression in statistics definition")
		}
	}
	var b strings.Builder
	for _, k := range statKinds {
		if kinds[k.letter] || len(kinds) == 0 && len(c.Exprs) > 1 {
			b.WriteString(k.letter)
		}
	}
	if len(n.Stat.Exprs) > 0 {
		b.WriteString("e")
	}
	n.Stat.Kinds = b.String()
	// stxkeys lists the columns in the table's order.
	slices.SortFunc(n.Stat.Columns, func(a, b string) int {
		_, i, _ := t.FieldByName(a)
		_, j, _ := t.FieldByName(b)
		return i - j
	})
	n.Addition = strings.Join(addition, "_")
	return &plan.Statement{Kind: plan.StmtDDL, Tag: TagCreateStatistics, Root: n}, nil
}

// systemColumns are PostgreSQL's system column names, which statistics
// may not use.
var systemColumns = []string{"tableoid", "ctid", "xmin", "xmax", "cmin", "cmax"}

// errStatSystemColumn is PostgreSQL's refusal of a system column.
func errStatSystemColumn(p int) error {
	return errAt(errs.FeatureNotSupported, p, "statistics creation on system columns is not supported")
}

// statColumn checks column col of t for a statistics object.
func (tr *translator) statColumn(t *catalog.Table, col string, p int) error {
	f, _, ok := t.FieldByName(col)
	switch {
	case !ok && slices.Contains(systemColumns, col):
		return errStatSystemColumn(p)
	case !ok:
		return errAt(errs.UndefinedColumn, p, "column %q does not exist", col)
	case f.Type.IsJSONText() && !f.Type.Array:
		return errAt(errs.FeatureNotSupported, p, "column %q cannot be used in statistics because its type %s has no default btree operator class", col, f.Type.SQLName())
	}
	return nil
}

// statExpr translates an expression of a statistics object over t; one
// of several must be of an ordered type (PostgreSQL builds a single
// expression's statistics as a column's).
func (tr *translator) statExpr(t *catalog.Table, n *pg.Node, several bool, p int) (catalog.StatExpr, error) {
	var e catalog.StatExpr
	var err error
	eachColumnRef(n.ProtoReflect(), func(cr *pg.ColumnRef) {
		if k := len(cr.Fields); k > 0 {
			if s := cr.Fields[k-1].GetString_(); s != nil {
				if _, _, ok := t.FieldByName(s.Sval); !ok && slices.Contains(systemColumns, s.Sval) && err == nil {
					err = errStatSystemColumn(p)
				}
				if !slices.Contains(e.Cols, s.Sval) {
					e.Cols = append(e.Cols, s.Sval)
				}
			}
		}
	})
	if err != nil {
		return e, err
	}
	sc := &scope{entries: []rangeEntry{{name: t.Name, table: t}}}
	x, err := tr.expr(n, &exprCtx{sc: sc, clause: "statistics expressions"})
	if err != nil {
		return e, err
	}
	if several && x.t.IsJSONText() && !x.t.Array {
		return e, errAt(errs.FeatureNotSupported, p, "expression cannot be used in multivariate statistics because its type %s has no default btree operator class", x.t.SQLName())
	}
	if e.Expr, err = indexExprText(n); err != nil {
		return e, errAt(errs.SyntaxError, p, "cannot store statistics expression: %v", err)
	}
	return e, nil
}

// alterStatisticsColumns gives the statistics objects of table name after the
// DROP COLUMN and RENAME COLUMN actions of actions, as PostgreSQL keeps
// them: one that uses a dropped column is dropped, a renamed column is
// renamed in the others. ok is false when nothing changes or the table
// is not there (the executor reports that).
func (tr *translator) alterStatisticsColumns(name string, actions []plan.AlterAction) (stats []catalog.Statistic, ok bool, err error) {
	t, err := tr.r.Table(tr.ctx, name)
	if err != nil || len(t.Statistics) == 0 {
		if errs.Code(err) == errs.UndefinedTable {
			err = nil
		}
		return nil, false, err
	}
	stats = slices.Clone(t.Statistics)
	for _, a := range actions {
		switch a.Kind {
		case plan.AlterDropColumn:
			stats = slices.DeleteFunc(stats, func(s catalog.Statistic) bool {
				ok = ok || s.Uses(a.Column)
				return s.Uses(a.Column)
			})
		case plan.AlterRenameColumn:
			for i := range stats {
				s := &stats[i]
				if !s.Uses(a.Column) {
					continue
				}
				ok = true
				s.Columns = slices.Clone(s.Columns)
				if j := slices.Index(s.Columns, a.Column); j >= 0 {
					s.Columns[j] = a.NewName
				}
				s.Exprs = slices.Clone(s.Exprs)
				for j := range s.Exprs {
					if err := renameStatExpr(&s.Exprs[j], a.Column, a.NewName); err != nil {
						return nil, false, err
					}
				}
			}
		}
	}
	return stats, ok, nil
}

// renameStatExpr renames column from of a statistics expression to to.
func renameStatExpr(e *catalog.StatExpr, from, to string) error {
	if !slices.Contains(e.Cols, from) {
		return nil
	}
	text, err := renameExprColumn(e.Expr, from, to, indexExprText)
	if err != nil {
		return err
	}
	e.Expr = text
	e.Cols = slices.Clone(e.Cols)
	e.Cols[slices.Index(e.Cols, from)] = to
	return nil
}
