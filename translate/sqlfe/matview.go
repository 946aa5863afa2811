package sqlfe

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

// A materialized view is a table (catalog.Table.MatView set) whose
// records are its query's rows as of the last CREATE or REFRESH. The
// query is stored as deparsed text, like a view's, and translated again
// by REFRESH; what the view depends on is found as for views
// (viewdeps.go). Reading one WITH NO DATA is an error until a REFRESH
// (which changes the descriptor, so prepared statements are translated
// again); writing one is refused.

// refreshMatView translates REFRESH MATERIALIZED VIEW [CONCURRENTLY] mv
// [WITH [NO] DATA]: the view is emptied and, with data, its query's rows
// inserted, in the statement's transaction. CONCURRENTLY is checked as
// PostgreSQL does, then refreshes the same way: readers never wait for
// a zerodb write anyway.
func (tr *translator) refreshMatView(rs *pg.RefreshMatViewStmt) (*plan.Statement, error) {
	if rs.Relation == nil {
		return nil, errAt(errs.SyntaxError, tr.stmt.stmtPos(), "missing materialized view name")
	}
	t, err := tr.table(rs.Relation)
	if err != nil {
		return nil, err
	}
	mv := t.MatView
	switch {
	case mv == nil:
		return nil, errs.New(errs.WrongObjectType, "%q is not a materialized view", t.Name)
	case rs.Concurrent && !mv.Populated:
		return nil, errs.New(errs.FeatureNotSupported, "CONCURRENTLY cannot be used when the materialized view is not populated")
	case rs.Concurrent && rs.SkipData:
		return nil, errs.New(errs.SyntaxError, "CONCURRENTLY and WITH NO DATA options cannot be used together")
	case rs.Concurrent && !hasPlainUniqueIndex(t):
		return nil, errs.New(codeObjectNotInState, "cannot refresh materialized view \"public.%s\" concurrently", t.Name).
			WithHint("Create a unique index with no WHERE clause on one or more columns of the materialized view.")
	}
	refresh := &plan.RefreshMatView{Name: t.Name, Populated: !rs.SkipData}
	if rs.SkipData {
		return &plan.Statement{Kind: plan.StmtDDL, Tag: TagRefreshMatView, Root: refresh}, nil
	}
	node, cols, err := tr.matViewQuery(t)
	if err != nil {
		return nil, err
	}
	if len(cols) != len(t.Fields) {
		return nil, errs.New(errs.DataCorrupted, "materialized view %q has %d columns but its query %d", t.Name, len(t.Fields), len(cols))
	}
	w, err := tr.insertRows(t, node, cols)
	if err != nil {
		return nil, err
	}
	w.Prepare = refresh
	return &plan.Statement{Kind: plan.StmtDDL, Tag: TagRefreshMatView, Root: w}, nil
}

// matViewQuery translates a materialized view's stored query, which
// sees nothing of the statement (no WITH queries).
func (tr *translator) matViewQuery(t *catalog.Table) (plan.Node, []plan.Column, error) {
	res, err := pg.Parse(t.MatView.Query)
	if err != nil || len(res.Stmts) != 1 || res.Stmts[0].Stmt.GetSelectStmt() == nil {
		return nil, nil, errs.New(errs.DataCorrupted, "materialized view %q has an unreadable query", t.Name)
	}
	saved := tr.ctes
	tr.ctes = nil
	defer func() { tr.ctes = saved }()
	return tr.selectIn(res.Stmts[0].Stmt.GetSelectStmt(), nil, nil)
}

// hasPlainUniqueIndex reports whether t has a unique index of columns
// alone, which REFRESH ... CONCURRENTLY needs in PostgreSQL.
func hasPlainUniqueIndex(t *catalog.Table) bool {
	for i := range t.Indexes {
		ix := &t.Indexes[i]
		if !ix.Unique || ix.Kind != catalog.IndexBTree {
			continue
		}
		plain := true
		for _, p := range ix.Parts {
			if len(p.Path) != 1 || p.AsText {
				plain = false
			}
		}
		if plain {
			return true
		}
	}
	return false
}

// dropMatView translates DROP MATERIALIZED VIEW; several are dropped all
// or none, after the views that depend on them with CASCADE.
func (tr *translator) dropMatView(ds *pg.DropStmt) (*plan.Statement, error) {
	var drops []plan.Node
	var names []string
	for _, o := range ds.Objects {
		items := o.GetList().GetItems()
		if len(items) == 2 && items[0].GetString_().GetSval() != "public" {
			return nil, errAt(errs.InvalidSchemaName, tr.stmt.stmtPos(), "schema %q does not exist", items[0].GetString_().GetSval())
		}
		if len(items) == 0 || len(items) > 2 {
			return nil, unsupported(tr.stmt.stmtPos(), "cross-database references")
		}
		name := items[len(items)-1].GetString_().GetSval()
		drops = append(drops, &plan.DropTable{Name: name, IfExists: ds.MissingOk, Cascade: ds.Behavior == pg.DropBehavior_DROP_CASCADE, MatView: true})
		names = append(names, name)
	}
	views, viewNames, err := tr.cascadeViews(dropping{relations: names}, "materialized view "+names[0], ds.Behavior == pg.DropBehavior_DROP_CASCADE)
	if err != nil {
		return nil, err
	}
	return dropAll(TagDropMatView, append(views, drops...), append(viewNames, names...)), nil
}

// scannable refuses to read a materialized view that holds no data
// (WITH NO DATA, until a REFRESH), unless the statement only needs the
// query's columns (CREATE VIEW, ... WITH NO DATA, dependency checks).
func (tr *translator) scannable(t *catalog.Table, p int) error {
	if t.MatView == nil || t.MatView.Populated || tr.shapeOnly {
		return nil
	}
	return errAt(codeObjectNotInState, p, "materialized view %q has not been populated", t.Name).
		WithHint("Use the REFRESH MATERIALIZED VIEW command.")
}

// notMatView refuses what a materialized view does not allow: writing
// its rows (INSERT, UPDATE, DELETE, COPY FROM).
func notMatView(t *catalog.Table) error {
	if t.MatView != nil {
		return errs.New(errs.WrongObjectType, "cannot change materialized view %q", t.Name)
	}
	return nil
}
