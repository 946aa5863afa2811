package sqlfe

import (
	"cmp"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
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
		if vr, ok := tr.r.(translate.ViewResolver); ok && errs.Code(err) == errs.UndefinedTable {
			if _, found, verr := vr.View(tr.ctx, rs.Relation.Relname); verr == nil && found {
				return nil, errs.New(errs.WrongObjectType, "%q is not a table or materialized view", rs.Relation.Relname)
			}
		}
		return nil, err
	}
	mv := t.MatView
	switch {
	case mv == nil:
		return nil, errs.New(errs.FeatureNotSupported, "%q is not a materialized view", t.Name)
	case rs.Concurrent && !mv.Populated:
		return nil, errs.New(errs.FeatureNotSupported, "CONCURRENTLY cannot be used when the materialized view is not populated")
	case rs.Concurrent && rs.SkipData:
		return nil, errs.New(errs.SyntaxError, "CONCURRENTLY and WITH NO DATA options cannot be used together")
	case rs.Concurrent && !hasPlainUniqueIndex(t):
		return nil, errs.New(codeObjectNotInState, "cannot refresh materialized view \"%s.%s\" concurrently", cmp.Or(tr.stmtSchema, "public"), t.Name).
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
	tr.stored++
	defer func() { tr.ctes, tr.stored = saved, tr.stored-1 }()
	return tr.selectIn(res.Stmts[0].Stmt.GetSelectStmt(), nil, nil)
}

// hasPlainUniqueIndex reports whether t has a unique index of columns
// alone and no predicate, which REFRESH ... CONCURRENTLY needs in
// PostgreSQL.
func hasPlainUniqueIndex(t *catalog.Table) bool {
	for i := range t.Indexes {
		ix := &t.Indexes[i]
		if !ix.Immediate() || ix.Kind != catalog.IndexBTree || ix.Partial() {
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
	cascade := ds.Behavior == pg.DropBehavior_DROP_CASCADE
	if tr.nameSchemas != nil {
		return tr.dropRelationsOfSchemas(ds, "materialized view", TagDropMatView, func(name, schema string) plan.Node {
			return &plan.DropTable{Name: name, IfExists: ds.MissingOk, Cascade: cascade, MatView: true, Schema: schema, Named: true}
		})
	}
	var drops []plan.Node
	var names []string
	for _, o := range ds.Objects {
		name, err := tr.dropName(o)
		if err != nil {
			return nil, err
		}
		if err := tr.dropKind(name, "materialized view"); err != nil {
			return nil, err
		}
		drops = append(drops, &plan.DropTable{Name: name, IfExists: ds.MissingOk, Cascade: cascade, MatView: true})
		names = append(names, name)
	}
	views, viewNames, notices, err := tr.cascadeViews(dropping{relations: names}, "materialized view "+qualified(tr.stmtSchema, names[0]), cascade)
	if err != nil {
		return nil, err
	}
	notifyCascaded(drops[len(drops)-1], notices)
	return allOf(TagDropMatView, append(views, drops...), append(viewNames, names...)), nil
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

// TagAlterMatView is the tag of ALTER MATERIALIZED VIEW ... RENAME.
const TagAlterMatView = "ALTER MATERIALIZED VIEW"

// alterMatView refuses ALTER TABLE's changes of columns and constraints
// on a materialized view (42809, as PostgreSQL), whose columns are its
// query's.
func (tr *translator) alterMatView(a *pg.AlterTableStmt) error {
	if a.Relation == nil || len(a.Cmds) == 0 {
		return nil
	}
	t, err := tr.r.Table(tr.ctx, a.Relation.Relname)
	if err != nil || t.MatView == nil {
		return nil // the statement's own translation reports what is wrong
	}
	cmd := a.Cmds[0].GetAlterTableCmd()
	action := "this"
	if cmd != nil {
		action = alterActionName(cmd.Subtype)
	}
	return errs.New(errs.WrongObjectType, "ALTER action %s cannot be performed on relation %q", action, t.Name).
		WithDetail("This operation is not supported for materialized views.")
}

// alterActionName is PostgreSQL's name of an ALTER TABLE action in its
// errors.
func alterActionName(k pg.AlterTableType) string {
	switch k {
	case pg.AlterTableType_AT_AddColumn:
		return "ADD COLUMN"
	case pg.AlterTableType_AT_DropColumn:
		return "DROP COLUMN"
	case pg.AlterTableType_AT_AlterColumnType:
		return "ALTER COLUMN ... SET DATA TYPE"
	case pg.AlterTableType_AT_ColumnDefault:
		return "ALTER COLUMN ... SET DEFAULT"
	case pg.AlterTableType_AT_SetNotNull:
		return "ALTER COLUMN ... SET NOT NULL"
	case pg.AlterTableType_AT_DropNotNull:
		return "ALTER COLUMN ... DROP NOT NULL"
	case pg.AlterTableType_AT_AddConstraint:
		return "ADD CONSTRAINT"
	case pg.AlterTableType_AT_DropConstraint:
		return "DROP CONSTRAINT"
	}
	return strings.ToUpper(splitCamel(k.String()[3:]))
}

// renameMatView checks that ALTER MATERIALIZED VIEW ... RENAME TO names
// a materialized view (42809 for a table, as PostgreSQL).
func (tr *translator) renameMatView(r *pg.RenameStmt) error {
	if r.Relation == nil {
		return nil
	}
	t, err := tr.r.Table(tr.ctx, r.Relation.Relname)
	if err != nil || t.MatView != nil {
		return nil // missing: the executor's error, or IF EXISTS
	}
	return errs.New(errs.WrongObjectType, "%q is not a materialized view", t.Name)
}

// dropKind refuses, as PostgreSQL does before looking at dependents, a
// DROP of the wrong kind of relation: DROP TABLE or DROP VIEW of a
// materialized view, DROP MATERIALIZED VIEW of a table or a view (42809).
func (tr *translator) dropKind(name, kind string) error {
	t, err := tr.r.Table(tr.ctx, name)
	if err == nil {
		switch {
		case t.MatView != nil && kind != "materialized view":
			return errs.New(errs.WrongObjectType, "%q is not a %s", name, kind).WithHint("Use DROP MATERIALIZED VIEW to remove a materialized view.")
		case t.MatView == nil && kind == "materialized view":
			return errs.New(errs.WrongObjectType, "%q is not a materialized view", name).WithHint("Use DROP TABLE to remove a table.")
		}
		return nil
	}
	if kind != "materialized view" || errs.Code(err) != errs.UndefinedTable {
		return nil // the executor reports it
	}
	if vr, ok := tr.r.(translate.ViewResolver); ok {
		if _, found, err := vr.View(tr.ctx, name); err == nil && found {
			return errs.New(errs.WrongObjectType, "%q is not a materialized view", name).WithHint("Use DROP VIEW to remove a view.")
		}
	}
	return nil
}
