package sqlfe

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

// lockSpec is a SELECT's row-locking clause (FOR UPDATE and its kin).
type lockSpec struct {
	strength plan.LockStrength
	wait     plan.LockWait
	// of are the FROM items named by OF (nil: every one).
	of []*pg.RangeVar
	// what is the clause as PostgreSQL's errors name it ("FOR UPDATE").
	what string
	p    int
}

// lockingClause reads the row-locking clause of s (nil without one).
// Several clauses (FOR UPDATE OF a FOR SHARE OF b) are not supported.
func (tr *translator) lockingClause(s *pg.SelectStmt) (*lockSpec, error) {
	if len(s.LockingClause) == 0 {
		return nil, nil
	}
	p := tr.stmt.stmtPos()
	if len(s.LockingClause) > 1 {
		return nil, unsupported(p, "more than one row-locking clause")
	}
	lc := s.LockingClause[0].GetLockingClause()
	l := &lockSpec{p: p, strength: lockStrength(lc)}
	l.what = "FOR " + l.strength.String()
	switch lc.GetWaitPolicy() {
	case pg.LockWaitPolicy_LockWaitSkip:
		l.wait = plan.LockSkip
	case pg.LockWaitPolicy_LockWaitError:
		l.wait = plan.LockNoWait
	}
	for _, n := range lc.LockedRels {
		rv := n.GetRangeVar()
		if rv == nil {
			return nil, unsupported(p, l.what+" OF anything but a table name")
		}
		l.of = append(l.of, rv)
	}
	return l, nil
}

// lockStrength is the strength of a row-locking clause.
func lockStrength(lc *pg.LockingClause) plan.LockStrength {
	switch lc.GetStrength() {
	case pg.LockClauseStrength_LCS_FORKEYSHARE:
		return plan.ForKeyShare
	case pg.LockClauseStrength_LCS_FORSHARE:
		return plan.ForShare
	case pg.LockClauseStrength_LCS_FORNOKEYUPDATE:
		return plan.ForNoKeyUpdate
	}
	return plan.ForUpdate
}

// notWith is PostgreSQL's error for a locking clause in a query whose
// rows are not rows of tables (DISTINCT, GROUP BY, aggregates, ...). Like
// PostgreSQL's, it points nowhere in the text.
func (l *lockSpec) notWith(clause string) error {
	return errs.New(errs.FeatureNotSupported, "%s is not allowed with %s", l.what, clause)
}

// check refuses the queries PostgreSQL refuses a locking clause in.
func (l *lockSpec) check(s *pg.SelectStmt, grouped, aggregates, windows bool) error {
	switch {
	case len(s.DistinctClause) > 0:
		return l.notWith("DISTINCT clause")
	case len(s.GroupClause) > 0:
		return l.notWith("GROUP BY clause")
	case s.HavingClause != nil:
		return l.notWith("HAVING clause")
	case aggregates || grouped:
		return l.notWith("aggregate functions")
	case windows:
		return l.notWith("window functions")
	}
	return nil
}

// targets are the tables whose records the clause locks: the base tables
// among the FROM items of sc (those OF names), each read by its key
// column. A derived table (a subquery, a view, a CTE, a function) is
// not supported; nor is the nullable side of an outer join, which
// PostgreSQL refuses too.
func (l *lockSpec) targets(tr *translator, s *pg.SelectStmt, sc *scope) ([]plan.LockTarget, error) {
	nullable := map[string]bool{}
	for _, n := range s.FromClause {
		nullableItems(n, false, nullable)
	}
	var out []plan.LockTarget
	add := func(e *rangeEntry) error {
		if e.table == nil {
			return errs.New(errs.FeatureNotSupported, "%s of a derived table, view or function (%q) is not supported", l.what, e.name)
		}
		if nullable[e.name] {
			return errs.New(errs.FeatureNotSupported, "%s cannot be applied to the nullable side of an outer join", l.what)
		}
		if e.table.Temporary() {
			// A temporary table is the session's alone: no one else can
			// lock its rows.
			return nil
		}
		out = append(out, plan.LockTarget{Table: e.table, Key: e.keyRef(l.p)})
		return nil
	}
	if len(l.of) == 0 {
		for i := range sc.entries {
			if err := add(&sc.entries[i]); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	for _, rv := range l.of {
		e := sc.lookupEntry(rv.Relname)
		if e == nil {
			return nil, errAt(errs.UndefinedTable, tr.pos(rv.Location), "relation %q in %s clause not found in FROM clause", rv.Relname, l.what)
		}
		if err := add(e); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// nullableItems records, by alias, the FROM items under n that an outer
// join may fill with nulls (nullable: n itself is on such a side).
func nullableItems(n *pg.Node, nullable bool, out map[string]bool) {
	switch x := n.Node.(type) {
	case *pg.Node_RangeVar:
		if nullable {
			name := x.RangeVar.Relname
			if a := x.RangeVar.Alias; a != nil {
				name = a.Aliasname
			}
			out[name] = true
		}
	case *pg.Node_RangeSubselect:
		if nullable && x.RangeSubselect.Alias != nil {
			out[x.RangeSubselect.Alias.Aliasname] = true
		}
	case *pg.Node_JoinExpr:
		j := x.JoinExpr
		left := nullable || j.Jointype == pg.JoinType_JOIN_RIGHT || j.Jointype == pg.JoinType_JOIN_FULL
		right := nullable || j.Jointype == pg.JoinType_JOIN_LEFT || j.Jointype == pg.JoinType_JOIN_FULL
		if j.Alias != nil && nullable {
			out[j.Alias.Aliasname] = true
		}
		if j.Larg != nil {
			nullableItems(j.Larg, left, out)
		}
		if j.Rarg != nil {
			nullableItems(j.Rarg, right, out)
		}
	}
}
