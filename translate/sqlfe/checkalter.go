package sqlfe

import (
	"slices"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

// alterChecks gives the CHECK constraints of table name after the DROP
// COLUMN and RENAME COLUMN actions of n, as PostgreSQL keeps them: a
// constraint that reads a dropped column is dropped, a renamed column is
// renamed inside the constraints (which are stored as text). ok is false
// when nothing changes, or the table is not there (the executor reports
// that).
func (tr *translator) alterChecks(name string, actions []plan.AlterAction) (checks []catalog.Check, ok bool, err error) {
	t, err := tr.r.Table(tr.ctx, name)
	if err != nil {
		if errs.Code(err) == errs.UndefinedTable {
			return nil, false, nil
		}
		return nil, false, err
	}
	if len(t.Checks) == 0 {
		return nil, false, nil
	}
	checks = slices.Clone(t.Checks)
	changed := false
	for _, a := range actions {
		switch a.Kind {
		case plan.AlterDropColumn:
			checks = slices.DeleteFunc(checks, func(c catalog.Check) bool {
				reads := false
				if err == nil {
					err = editCheckColumns(&c, func(col *pg.String) { reads = reads || col.Sval == a.Column })
				}
				changed = changed || reads
				return reads
			})
		case plan.AlterRenameColumn:
			for i := range checks {
				renamed := false
				if err == nil {
					err = editCheckColumns(&checks[i], func(col *pg.String) {
						if col.Sval == a.Column {
							col.Sval, renamed = a.NewName, true
						}
					})
				}
				changed = changed || renamed
			}
		}
	}
	return checks, changed && err == nil, err
}

// editCheckColumns calls f with the column name of each column reference
// of a stored CHECK expression and stores the expression again, as
// edited.
func editCheckColumns(c *catalog.Check, f func(*pg.String)) error {
	text, err := editExprColumns("CHECK", c.Expr, f)
	if err == nil {
		c.Expr = text
	}
	return err
}

// editExprColumns calls f with the column name of each column reference
// of a stored expression (what names its kind) and returns the edited
// expression's text.
func editExprColumns(what, expr string, f func(*pg.String)) (string, error) {
	res, err := pg.Parse("SELECT " + expr)
	if err != nil || len(res.Stmts) != 1 {
		return "", errs.New(errs.DataCorrupted, "stored %s expression %q does not parse", what, expr)
	}
	eachSelectedColumn(res, f)
	text, err := pg.Deparse(res)
	if err != nil {
		return "", errs.New(errs.InternalError, "cannot store %s expression: %v", what, err)
	}
	return text[len("SELECT "):], nil
}

// eachSelectedColumn calls f with the column name of each column
// reference of a parsed SELECT of one expression.
func eachSelectedColumn(res *pg.ParseResult, f func(*pg.String)) {
	eachColumnRef(res.Stmts[0].Stmt.ProtoReflect(), func(cr *pg.ColumnRef) {
		if n := len(cr.Fields); n > 0 {
			if s := cr.Fields[n-1].GetString_(); s != nil {
				f(s)
			}
		}
	})
}

// ExprColumns names the columns a stored CHECK expression reads, each
// once, in the order it first reads them (nil when it does not parse):
// information_schema.constraint_column_usage lists them.
func ExprColumns(expr string) []string {
	res, err := pg.Parse("SELECT " + expr)
	if err != nil || len(res.Stmts) != 1 {
		return nil
	}
	var names []string
	eachSelectedColumn(res, func(s *pg.String) {
		if !slices.Contains(names, s.Sval) {
			names = append(names, s.Sval)
		}
	})
	return names
}

// eachColumnRef calls f with every column reference in a parse tree.
func eachColumnRef(m protoreflect.Message, f func(*pg.ColumnRef)) {
	walkTree(m, func(m protoreflect.Message) bool {
		if cr, ok := m.Interface().(*pg.ColumnRef); ok {
			f(cr)
			return false
		}
		return true
	})
}

// walkTree calls visit with every node of a parse tree, depth first,
// descending into a node's children when visit says so: the trees are
// protocol buffers, so one reflective walk sees every node kind.
func walkTree(m protoreflect.Message, visit func(protoreflect.Message) bool) {
	if !visit(m) {
		return
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Message() != nil:
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				walkTree(l.Get(i).Message(), visit)
			}
		case fd.Message() != nil && !fd.IsMap():
			walkTree(v.Message(), visit)
		}
		return true
	})
}
