package sqlfe

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

// PostgreSQL's cursor option bits (parsenodes.h).
const (
	cursorBinary      = 0x1
	cursorScroll      = 0x2
	cursorNoScroll    = 0x4
	cursorInsensitive = 0x8
	cursorAsensitive  = 0x10
	cursorHold        = 0x20
)

// declareCursor translates DECLARE name CURSOR FOR query: a StmtDeclare
// whose Root and Columns are the query's (the session opens the cursor,
// and checks that it is in a transaction block unless WITH HOLD).
func (tr *translator) declareCursor(d *pg.DeclareCursorStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	both := func(a, b string) error {
		return errAt(errs.InvalidCursorDefinition, p, "cannot specify both %s and %s", a, b)
	}
	if d.Options&cursorScroll != 0 && d.Options&cursorNoScroll != 0 {
		return nil, both("SCROLL", "NO SCROLL")
	}
	if d.Options&cursorAsensitive != 0 && d.Options&cursorInsensitive != 0 {
		return nil, both("ASENSITIVE", "INSENSITIVE")
	}
	sel := d.Query.GetSelectStmt()
	if sel == nil {
		return nil, errAt(errs.SyntaxError, p, "DECLARE CURSOR needs a SELECT")
	}
	if selectInto(sel) != nil {
		return nil, errAt(errs.SyntaxError, p, "SELECT ... INTO is not allowed here")
	}
	st, err := tr.statement(d.Query)
	if err != nil {
		return nil, err
	}
	if st.Kind != plan.StmtQuery {
		return nil, errAt(errs.FeatureNotSupported, p, "DECLARE CURSOR must not contain data-modifying statements in WITH")
	}
	if sel.LockingClause != nil && d.Options&(cursorHold|cursorScroll|cursorInsensitive) != 0 {
		what := "SCROLL CURSOR"
		switch {
		case d.Options&cursorHold != 0:
			what = "CURSOR WITH HOLD"
		case d.Options&cursorScroll == 0:
			what = "INSENSITIVE CURSOR"
		}
		strength := lockStrength(sel.LockingClause[0].GetLockingClause())
		return nil, errAt(errs.FeatureNotSupported, p, "DECLARE %s ... FOR %s is not supported", what, strength)
	}
	st.Kind, st.Tag, st.ReturnsRows = plan.StmtDeclare, "DECLARE CURSOR", false
	st.Cursor = &plan.Cursor{
		Name:     d.Portalname,
		Scroll:   d.Options&cursorScroll != 0,
		NoScroll: d.Options&cursorNoScroll != 0,
		Hold:     d.Options&cursorHold != 0,
		Binary:   d.Options&cursorBinary != 0,
	}
	return st, nil
}

// fetch translates FETCH and MOVE.
func fetch(f *pg.FetchStmt) *plan.Statement {
	c := &plan.Cursor{Name: f.Portalname, Count: f.HowMany, Move: f.Ismove}
	switch f.Direction {
	case pg.FetchDirection_FETCH_BACKWARD:
		c.Direction = plan.FetchBackward
	case pg.FetchDirection_FETCH_ABSOLUTE:
		c.Direction = plan.FetchAbsolute
	case pg.FetchDirection_FETCH_RELATIVE:
		c.Direction = plan.FetchRelative
	}
	tag := "FETCH"
	if f.Ismove {
		tag = "MOVE"
	}
	return &plan.Statement{Kind: plan.StmtFetch, Tag: tag, Cursor: c}
}

// closeCursor translates CLOSE name and CLOSE ALL (Name "").
func closeCursor(c *pg.ClosePortalStmt) *plan.Statement {
	tag := "CLOSE CURSOR"
	if c.Portalname == "" {
		tag = "CLOSE CURSOR ALL"
	}
	return &plan.Statement{Kind: plan.StmtCloseCursor, Tag: tag, Cursor: &plan.Cursor{Name: c.Portalname}}
}
