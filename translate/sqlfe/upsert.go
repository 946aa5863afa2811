package sqlfe

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

// doUpdate translates ON CONFLICT ... DO UPDATE SET ... [WHERE ...]: the
// SET list and WHERE see the existing record under the table's name (or
// alias) and the proposed one as EXCLUDED, in the row [key, existing,
// key, proposed] the executor evaluates them on.
func (tr *translator) doUpdate(oc *pg.OnConflictClause, t *catalog.Table, entry rangeEntry, w *plan.Insert) error {
	entry.off = 0
	excluded := rangeEntry{name: "excluded", table: t, off: 2, pos: entry.pos}
	sc := &scope{entries: []rangeEntry{entry, excluded}}
	ec := &exprCtx{sc: sc, clause: "ON CONFLICT DO UPDATE"}
	targets := make([]target, 0, len(oc.TargetList))
	vals := make([]plan.Expr, 0, len(oc.TargetList))
	for _, n := range oc.TargetList {
		rt := n.GetResTarget()
		if rt == nil {
			return errAt(errs.SyntaxError, tr.stmt.stmtPos(), "invalid SET list")
		}
		p := tr.pos(rt.Location)
		if len(rt.Indirection) > 0 || rt.Val.GetMultiAssignRef() != nil {
			return unsupported(p, "this assignment in ON CONFLICT DO UPDATE")
		}
		tg, err := tr.columnTarget(t, rt.Name, p)
		if err != nil {
			return err
		}
		if tg.kind == tKey {
			return unsupported(p, "changing the id of a record")
		}
		for _, o := range targets {
			if o.name == tg.name {
				return errAt(errs.SyntaxError, p, "multiple assignments to same column %q", tg.name)
			}
		}
		var v plan.Expr
		if d := rt.Val.GetSetToDefault(); d != nil {
			var err error
			if v, err = tr.defaultExpr(tg, tr.pos(d.Location)); err != nil {
				return err
			}
		} else {
			if err := updateIdentity(tg); err != nil {
				return err
			}
			x, err := tr.expr(rt.Val, ec)
			if err != nil {
				return err
			}
			if v, err = tr.assign(x, tg); err != nil {
				return err
			}
		}
		targets = append(targets, tg)
		vals = append(vals, v)
	}
	_, set := recordCons(targets, vals, entry.objRef(0))
	w.Mode, w.Update, w.UpdateCols = plan.InsertUpdate, set, targetNames(targets)
	if oc.WhereClause != nil {
		cond, err := tr.condition(oc.WhereClause, ec, "WHERE")
		if err != nil {
			return err
		}
		w.UpdateWhere = cond
	}
	return nil
}

// targetNames are the names of a SET list's columns (never nil: an
// UPDATE OF trigger reads nil as "not known").
func targetNames(targets []target) []string {
	names := make([]string, len(targets))
	for i, t := range targets {
		names[i] = t.name
	}
	return names
}
