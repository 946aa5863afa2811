package sqlfe

import (
	"slices"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/errs"
)

// Stored generated columns (GENERATED ALWAYS AS (expr) STORED) keep
// their expression as SQL text in catalog.Field.Generated, in the form
// pg_get_expr shows (predicateText). The executor computes the column
// on every write from the record's other fields, compiling the text
// through its IndexExprCompiler as it does an expression index part's;
// the front end only checks the expression when a column is defined and
// refuses writes that give the column a value (insertIdentity,
// updateIdentity, copyColumns).

// generationConstraint is the GENERATED ALWAYS AS (...) STORED
// constraint of a column definition, or nil.
func generationConstraint(cd *pg.ColumnDef) *pg.Constraint {
	for _, cn := range cd.Constraints {
		if c := cn.GetConstraint(); c != nil && c.Contype == pg.ConstrType_CONSTR_GENERATED {
			return c
		}
	}
	return nil
}

// generatedColumn sets f.Generated from the column's generation
// constraint c, refusing what PostgreSQL refuses alongside one.
func (tr *translator) generatedColumn(f *catalog.Field, c *pg.Constraint, hasDefault, identity bool, table string) error {
	p := tr.pos(c.Location)
	switch {
	case c.GeneratedWhen != "a":
		return errAt(errs.SyntaxError, p, "for a generated column, GENERATED ALWAYS must be specified")
	case hasDefault:
		return errAt(errs.SyntaxError, p, "both default and generation expression specified for column %q of table %q", f.Name, table)
	case identity:
		return errAt(errs.SyntaxError, p, "both identity and generation expression specified for column %q of table %q", f.Name, table)
	case c.RawExpr == nil:
		return errAt(errs.SyntaxError, p, "generated column without an expression")
	}
	text, err := predicateText(c.RawExpr)
	if err != nil {
		return errAt(errs.SyntaxError, p, "cannot store generation expression: %v", err)
	}
	f.Generated = text
	return nil
}

// checkGenerated checks the generation expressions of the column
// definitions defs over t, which has all their columns: they may read
// only t's other, non-generated columns, must call only immutable
// functions, have no subquery, aggregate or window function, and must
// be assignable to the column's type.
func (tr *translator) checkGenerated(t *catalog.Table, defs []*pg.ColumnDef) error {
	for _, cd := range defs {
		c := generationConstraint(cd)
		if c == nil {
			continue
		}
		f, _, ok := t.FieldByName(cd.Colname)
		if !ok {
			continue
		}
		var bad *pg.ColumnRef
		eachColumnRef(c.RawExpr.ProtoReflect(), func(cr *pg.ColumnRef) {
			if k := len(cr.Fields); bad == nil && k > 0 {
				if s := cr.Fields[k-1].GetString_(); s != nil {
					if g, _, ok := t.FieldByName(s.Sval); ok && g.Generated != "" {
						bad = cr
					}
				}
			}
		})
		if bad != nil {
			name := bad.Fields[len(bad.Fields)-1].GetString_().GetSval()
			return errAt(errs.InvalidObjectDefinition, tr.pos(bad.Location), "cannot use generated column %q in column generation expression", name).
				WithDetail("A generated column cannot reference another generated column.")
		}
		if pos, ok := firstSubLink(c.RawExpr); ok {
			return errAt(errs.FeatureNotSupported, tr.pos(pos), "cannot use subquery in column generation expression")
		}
		sc := &scope{entries: []rangeEntry{{name: t.Name, table: t}}}
		tr.zoned = false
		x, err := tr.expr(c.RawExpr, &exprCtx{sc: sc, clause: "column generation expressions"})
		if err != nil {
			return err
		}
		err = tr.immutable(x.e, "column generation expression")
		if err == nil && tr.zoned {
			// A value read in the session time zone (a timestamptz as a
			// date or text, or taken apart) would differ between the
			// sessions writing the row: PostgreSQL deems it only stable.
			err = errZoned("column generation expression")
		}
		if err != nil {
			if errs.Code(err) == errs.InvalidObjectDefinition {
				return errAt(errs.InvalidObjectDefinition, tr.pos(c.Location), "generation expression is not immutable")
			}
			return err
		}
		if !assignable(x, f.Type) {
			return errAt(errs.DatatypeMismatch, x.e.Pos(), "column %q is of type %s but default expression is of type %s", f.Name, sqlTypeName(f.Type), typeName(x)).
				WithHint("You will need to rewrite or cast the expression.")
		}
	}
	return nil
}

// generatedReading are the generated columns of t whose expressions read
// column col (ALTER TABLE ... DROP COLUMN col must drop them too, or
// refuse), in column order.
func generatedReading(t *catalog.Table, col string) []string {
	var out []string
	for _, f := range t.Fields {
		if f.Generated == "" || f.Name == col {
			continue
		}
		res, err := pg.Parse("SELECT " + f.Generated)
		if err != nil {
			continue
		}
		reads := false
		eachColumnRef(res.ProtoReflect(), func(cr *pg.ColumnRef) {
			if k := len(cr.Fields); k > 0 {
				if s := cr.Fields[k-1].GetString_(); s != nil && s.Sval == col {
					reads = true
				}
			}
		})
		if reads && !slices.Contains(out, f.Name) {
			out = append(out, f.Name)
		}
	}
	return out
}
