package sqlfe

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

// Temporary tables. The Resolver finds a session's temporary table before
// a table of the database by the bare name (PostgreSQL's pg_temp first in
// the search path), "pg_temp.t" only among the temporary tables and
// "public.t" only among the database's. The translator marks a DDL
// statement whose table is temporary (plan.Statement.Temp): the session
// runs it with its temporary schema as the current database, so the
// executor's DDL needs to know nothing of temporary tables.

// tempSchema is the schema name that names the session's temporary
// schema, whatever its number.
const tempSchema = "pg_temp"

// createPersistence reads whether a CREATE makes a temporary table
// (TEMP, TEMPORARY, or the schema pg_temp) and its ON COMMIT action, with
// PostgreSQL's errors for the combinations it refuses.
func (tr *translator) createPersistence(rv *pg.RangeVar, onCommit pg.OnCommitAction) (temp bool, action string, err error) {
	p := tr.pos(rv.Location)
	temp = rv.Relpersistence == "t" || rv.Schemaname == tempSchema
	if temp && rv.Schemaname != "" && rv.Schemaname != tempSchema {
		return false, "", errAt(errs.InvalidTableDefinition, p, "cannot create temporary relation in non-temporary schema")
	}
	switch onCommit {
	case pg.OnCommitAction_ONCOMMIT_DELETE_ROWS:
		action = catalog.OnCommitDeleteRows
	case pg.OnCommitAction_ONCOMMIT_DROP:
		action = catalog.OnCommitDrop
	}
	if !temp && onCommit != pg.OnCommitAction_ONCOMMIT_NOOP && onCommit != pg.OnCommitAction_ON_COMMIT_ACTION_UNDEFINED {
		return false, "", errs.New(errs.InvalidTableDefinition, "ON COMMIT can only be used on temporary tables")
	}
	return temp, action, nil
}

// qualified is the name the Resolver is asked for a table named with an
// optional schema.
func qualified(schema, name string) string {
	if schema != "" {
		return schema + "." + name
	}
	return name
}

// isTemp reports whether a table name the Resolver is asked for resolves
// to a temporary table (false when it names none).
func (tr *translator) isTemp(name string) bool {
	t, err := tr.r.Table(tr.ctx, name)
	return err == nil && t.Temporary()
}

// markTemp marks a DDL statement on an existing table (ALTER TABLE,
// CREATE INDEX, TRUNCATE, a rename) as one on the temporary schema when
// its table is a temporary table. A TRUNCATE of temporary and permanent
// tables together is refused: it would need two current databases.
func (tr *translator) markTemp(st *plan.Statement, n *pg.Node) error {
	if st == nil || st.Kind != plan.StmtDDL {
		return nil
	}
	var rvs []*pg.RangeVar
	switch x := n.Node.(type) {
	case *pg.Node_AlterTableStmt:
		rvs = append(rvs, x.AlterTableStmt.Relation)
	case *pg.Node_IndexStmt:
		rvs = append(rvs, x.IndexStmt.Relation)
	case *pg.Node_CreateStatsStmt:
		if rels := x.CreateStatsStmt.Relations; len(rels) == 1 {
			rvs = append(rvs, rels[0].GetRangeVar())
		}
	case *pg.Node_RenameStmt:
		switch x.RenameStmt.RenameType {
		case pg.ObjectType_OBJECT_TABLE, pg.ObjectType_OBJECT_COLUMN, pg.ObjectType_OBJECT_SEQUENCE:
			rvs = append(rvs, x.RenameStmt.Relation)
		}
	case *pg.Node_TruncateStmt:
		for _, r := range x.TruncateStmt.Relations {
			rvs = append(rvs, r.GetRangeVar())
		}
	case *pg.Node_VacuumStmt:
		for _, r := range x.VacuumStmt.Rels {
			rvs = append(rvs, r.GetVacuumRelation().GetRelation())
		}
	case *pg.Node_ClusterStmt:
		if x.ClusterStmt.Relation != nil {
			rvs = append(rvs, x.ClusterStmt.Relation)
		}
	case *pg.Node_ReindexStmt:
		if x.ReindexStmt.Relation != nil {
			rvs = append(rvs, x.ReindexStmt.Relation)
		}
	}
	temps := 0
	for _, rv := range rvs {
		if rv != nil && tr.isTemp(qualified(rv.Schemaname, rv.Relname)) {
			temps++
		}
	}
	if temps > 0 && temps < len(rvs) {
		return unsupported(tr.stmt.stmtPos(), "a statement on both temporary and permanent tables")
	}
	st.Temp = temps > 0
	return nil
}

// dropTableName is the table a DROP TABLE names and whether it is a
// temporary table: pg_temp.t always is, public.t never, and a bare name
// is when the session has a temporary table of that name (which shadows
// the database's).
func (tr *translator) dropTableName(o *pg.Node) (name string, temp bool, err error) {
	return tr.dropTempName(o, tr.isTemp)
}

// dropTempName is dropTableName for any kind of relation, isTemp telling
// whether a bare name finds a temporary one.
func (tr *translator) dropTempName(o *pg.Node, isTemp func(string) bool) (name string, temp bool, err error) {
	items := o.GetList().GetItems()
	if len(items) == 2 && items[0].GetString_().GetSval() == tempSchema {
		return items[1].GetString_().GetSval(), true, nil
	}
	if name, err = tr.dropName(o); err != nil {
		return "", false, err
	}
	if len(items) == 2 {
		return name, false, nil // public.t
	}
	return name, isTemp(name), nil
}
