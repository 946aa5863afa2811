package sqlfe

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

// CHECK constraints are stored as deparsed SQL text (catalog.Check) and
// translated again over the written record for each INSERT and UPDATE.

// addCheck adds a CHECK constraint of CREATE TABLE (col names the column
// of a column constraint) to t, named as PostgreSQL names it when it has
// no name: <table>_<column>_check, the column being the first one the
// expression names when it names one, numbered when taken.
func (tr *translator) addCheck(t *catalog.Table, c *pg.Constraint, col string) error {
	p := tr.pos(c.Location)
	if c.RawExpr == nil {
		return errAt(errs.SyntaxError, p, "CHECK without an expression")
	}
	text, err := deparseExpr(ownColumns(c.RawExpr, t.Name), p)
	if err != nil {
		return err
	}
	name := c.Conname
	if name == "" {
		if col == "" {
			col = onlyColumn(c.RawExpr)
		}
		base := t.Name + "_check"
		if col != "" {
			base = t.Name + "_" + col + "_check"
		}
		name = base
		for i := 1; hasCheck(t, name); i++ {
			name = base + strconv.Itoa(i)
		}
	} else if i := slices.IndexFunc(t.Checks, func(x catalog.Check) bool { return x.Name == name }); i >= 0 {
		if ck := &t.Checks[i]; ck.NotLocal && ck.Expr == text && !c.IsNoInherit {
			// CREATE TABLE ... INHERITS restating an inherited check.
			ck.NotLocal = false
			tr.checkMerges = append(tr.checkMerges, notice("merging constraint %q with inherited definition", name))
			return nil
		}
		return errAt(errs.DuplicateObject, p, "constraint \"%s\" for relation \"%s\" already exists", name, t.Name)
	}
	t.Checks = append(t.Checks, catalog.Check{Name: name, Expr: text, NoInherit: c.IsNoInherit})
	return nil
}

// ownColumns is n with its column references qualified by the table's
// own name (t.c) made bare, as PostgreSQL prints a CHECK's or an index
// predicate's columns: they are the one table's, and schema diff tools
// compare the text (drizzle-kit writes "t"."c" >= 0 and reads c >= 0).
func ownColumns(n *pg.Node, table string) *pg.Node {
	out := proto.Clone(n).(*pg.Node)
	eachColumnRef(out.ProtoReflect(), func(cr *pg.ColumnRef) {
		if len(cr.Fields) == 2 && cr.Fields[0].GetString_().GetSval() == table && cr.Fields[1].GetString_() != nil {
			cr.Fields = cr.Fields[1:]
		}
	})
	return out
}

func hasCheck(t *catalog.Table, name string) bool {
	for _, c := range t.Checks {
		if c.Name == name {
			return true
		}
	}
	return false
}

// onlyColumn is the column n names when it names exactly one (the
// column PostgreSQL names a table CHECK constraint after: the one Var
// anywhere in the expression, g IS TRUE and coalesce(d, 'x') as much as
// a > 0), or "".
func onlyColumn(n *pg.Node) string {
	var found string
	many := false
	eachColumnRef(n.ProtoReflect(), func(cr *pg.ColumnRef) {
		if f := cr.Fields; len(f) > 0 {
			name := f[len(f)-1].GetString_().GetSval()
			if name == "" {
				return
			}
			if found != "" && name != found {
				many = true
			}
			found = name
		}
	})
	if many {
		return ""
	}
	return found
}

// tableChecks translates t's CHECK constraints over the row [key,
// object] of a record written through entry.
func (tr *translator) tableChecks(t *catalog.Table, e rangeEntry) ([]plan.Check, error) {
	if len(t.Checks) == 0 && len(t.Exclusions) == 0 {
		return nil, nil
	}
	e.off = 0
	sc := &scope{entries: []rangeEntry{e}}
	out := make([]plan.Check, 0, len(t.Checks))
	// PostgreSQL checks the constraints in name order: the first failing
	// one by name is reported.
	checks := slices.Clone(t.Checks)
	slices.SortFunc(checks, func(a, b catalog.Check) int { return strings.Compare(a.Name, b.Name) })
	for _, c := range checks {
		cond, err := tr.checkExpr(c.Expr, sc, e.pos)
		if err != nil {
			return nil, err
		}
		out = append(out, plan.Check{Name: c.Name, Cond: cond})
	}
	// PostgreSQL checks EXCLUDE constraints as it inserts into their
	// indexes, after the CHECK constraints.
	for _, ex := range t.Exclusions {
		c, err := tr.exclusionCheck(t, ex, e.pos)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// checkExpr parses and translates a stored CHECK expression. Its
// positions refer to the stored text, not the statement: errors take pos
// instead.
func (tr *translator) checkExpr(text string, sc *scope, pos int) (plan.Expr, error) {
	return tr.storedExpr("CHECK", text, pos, func(n *pg.Node) (plan.Expr, error) {
		return tr.condition(n, &exprCtx{sc: sc, clause: "check constraints"}, "CHECK")
	})
}

// storedExpr translates an expression the catalog keeps as text (a CHECK
// constraint's, an index's) with translate. Positions in the text mean
// nothing to the statement at hand, so an error takes pos instead (0:
// none).
func (tr *translator) storedExpr(what, text string, pos int, translate func(*pg.Node) (plan.Expr, error)) (plan.Expr, error) {
	res, err := pg.Parse("SELECT " + text)
	if err != nil || len(res.Stmts) != 1 {
		return nil, errs.New(errs.InternalError, "stored %s expression %q does not parse", what, text)
	}
	tl := res.Stmts[0].Stmt.GetSelectStmt().GetTargetList()
	if len(tl) != 1 {
		return nil, errs.New(errs.InternalError, "stored %s expression %q does not parse", what, text)
	}
	src, err := newSource("SELECT " + text)
	if err != nil {
		return nil, err
	}
	saved := tr.src
	tr.src = src
	defer func() { tr.src = saved }()
	x, err := translate(tl[0].GetResTarget().Val)
	var e *errs.Error
	if errors.As(err, &e) {
		c := *e
		c.Position = pos
		return nil, &c
	}
	return x, err
}

// validateChecks translates the CHECK constraints of a new table once,
// so that a bad one fails CREATE TABLE.
func (tr *translator) validateChecks(t *catalog.Table, p int) error {
	if len(t.Checks) == 0 {
		return nil
	}
	_, err := tr.tableChecks(t, rangeEntry{name: t.Name, table: t, pos: p})
	return err
}

// TableChecks compiles t's CHECK constraints for a write another front
// end makes (translate.CheckResolver): the conditions INSERT and UPDATE
// put on the row [key, object], in the order PostgreSQL checks them.
func TableChecks(ctx context.Context, r translate.Resolver, t *catalog.Table) ([]plan.Check, error) {
	tr := &translator{ctx: ctx, r: r}
	return tr.tableChecks(t, rangeEntry{name: t.Name, table: t})
}
