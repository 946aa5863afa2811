package sqlfe

import (
	"math"
	"slices"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

// changeOwner translates ALTER TABLE | SEQUENCE | VIEW | MATERIALIZED VIEW
// | INDEX ... OWNER TO role (what pg_dump writes after every object); ok
// is false for other ALTER commands.
func (tr *translator) changeOwner(a *pg.AlterTableStmt) (*plan.Statement, bool, error) {
	if len(a.Cmds) != 1 || a.Cmds[0].GetAlterTableCmd().GetSubtype() != pg.AlterTableType_AT_ChangeOwner {
		return nil, false, nil
	}
	kind, tag := "table", "ALTER TABLE"
	switch a.Objtype {
	case pg.ObjectType_OBJECT_SEQUENCE:
		kind, tag = "sequence", "ALTER SEQUENCE"
	case pg.ObjectType_OBJECT_VIEW:
		kind, tag = "view", "ALTER VIEW"
	case pg.ObjectType_OBJECT_MATVIEW:
		tag = "ALTER MATERIALIZED VIEW"
	case pg.ObjectType_OBJECT_INDEX:
		kind, tag = "index", "ALTER INDEX"
	}
	name, err := tr.alterName(a.Relation)
	if err != nil {
		return nil, true, err
	}
	role := ""
	switch spec := a.Cmds[0].GetAlterTableCmd().GetNewowner(); spec.GetRoletype() {
	case pg.RoleSpecType_ROLESPEC_CSTRING:
		role = spec.Rolename
	case pg.RoleSpecType_ROLESPEC_PUBLIC:
		return nil, true, errs.New(errs.ReservedName, "role name \"public\" is reserved")
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: tag, Root: &plan.ChangeOwner{Kind: kind, Name: name, Role: role, IfExists: a.MissingOk}}, true, nil
}

// alterTableCmds translates ALTER TABLE's changes of columns and
// constraints: ADD PRIMARY KEY re-keys the records (utility.go), the
// column changes are alterTable's.
func (tr *translator) alterTableCmds(a *pg.AlterTableStmt) (*plan.Statement, error) {
	if err := tr.alterMatView(a); err != nil {
		return nil, err
	}
	if st, ok, err := tr.alterConstraint(a); ok || err != nil {
		return st, err
	}
	if st, ok, err := tr.addPrimaryKey(a); ok || err != nil {
		return st, err
	}
	return tr.alterTable(a)
}

// alterTable translates ALTER TABLE ... ADD [COLUMN], DROP [COLUMN] and
// ALTER [COLUMN] c { SET DEFAULT e | DROP DEFAULT | SET NOT NULL | DROP
// NOT NULL }.
func (tr *translator) alterTable(a *pg.AlterTableStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	if a.Objtype != pg.ObjectType_OBJECT_TABLE {
		return nil, unsupported(p, "ALTER "+a.Objtype.String())
	}
	name, err := tr.alterName(a.Relation)
	if err != nil {
		return nil, err
	}
	n := &plan.AlterTable{Name: name, IfExists: a.MissingOk}
	// DROP COLUMN ... CASCADE drops the views that read the column first.
	var cascade []plan.Node
	var cascadeNames []string
	// SET | RESET (...) and CLUSTER ON | SET WITHOUT CLUSTER among other
	// commands.
	var rel *plan.SetRelOptions
	var cl *plan.Cluster
	var cur *catalog.Table // the table, once a command needs its columns
	retyped := false       // a column's type changes
	for _, c := range a.Cmds {
		cmd := c.GetAlterTableCmd()
		if cmd == nil {
			return nil, unsupported(p, "this ALTER TABLE command")
		}
		if cur == nil && alterNeedsTable(cmd) {
			if cur, err = tr.r.Table(tr.ctx, name); err != nil {
				if errs.Code(err) == errs.UndefinedTable && a.MissingOk {
					continue // IF EXISTS: the executor skips the statement
				}
				return nil, errs.From(err)
			}
		}
		switch cmd.Subtype {
		case pg.AlterTableType_AT_AddColumn:
			cd := cmd.Def.GetColumnDef()
			if cd == nil {
				return nil, unsupported(p, "this ADD COLUMN")
			}
			cd = ownColumnDef(cd)
			for _, cn := range cd.Constraints {
				if c := cn.GetConstraint(); c != nil && c.Contype == pg.ConstrType_CONSTR_CHECK {
					return nil, unsupported(tr.pos(c.Location), "CHECK constraints in ALTER TABLE")
				}
				if c := cn.GetConstraint(); c != nil && c.Contype == pg.ConstrType_CONSTR_FOREIGN {
					return nil, unsupported(tr.pos(c.Location), "REFERENCES in ALTER TABLE ... ADD COLUMN")
				}
			}
			f, isPK, seq, err := tr.columnDefSeq(cd, name)
			if err != nil {
				return nil, err
			}
			if isPK {
				return nil, unsupported(tr.pos(cd.Location), "adding a PRIMARY KEY column")
			}
			if f.Generated != "" {
				// Checked over the table with the column added; the
				// rewrite of ADD COLUMN computes it for every record.
				nt := *cur
				nt.Fields = slices.Clone(cur.Fields)
				for _, act := range n.Actions {
					if act.Kind == plan.AlterAddColumn { // added by this statement before it
						nt.Fields = append(nt.Fields, act.Field)
					}
				}
				nt.Fields = append(nt.Fields, f)
				if err := tr.checkGenerated(&nt, []*pg.ColumnDef{cd}); err != nil {
					return nil, err
				}
			}
			n.Actions = append(n.Actions, plan.AlterAction{Kind: plan.AlterAddColumn, Field: f, Missing: cmd.MissingOk, Sequence: seq})
		case pg.AlterTableType_AT_DropColumn:
			// The generated columns computed from the column go with
			// it, under CASCADE (PostgreSQL's dependency of the
			// expression on the column). A table that cannot be read
			// here fails (or is skipped) in the executor.
			if cur == nil {
				cur, _ = tr.r.Table(tr.ctx, name)
			}
			if cur != nil {
				if err := tr.dropGenerated(n, cur, cmd); err != nil {
					return nil, err
				}
				if cmd.Behavior != pg.DropBehavior_DROP_CASCADE {
					con, err := exclusionReading(cur, cmd.Name)
					if err != nil {
						return nil, err
					}
					if con != "" {
						return nil, errAt(errs.DependentObjectsStillExist, p, "cannot drop column %s of table %s because other objects depend on it", cmd.Name, name).
							WithDetail("constraint %s on table %s depends on column %s of table %s", con, name, cmd.Name, name).
							WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
					}
				}
			}
			d := dropping{table: name, column: cmd.Name}
			views, viewNames, _, err := tr.cascadeViews(d, "column "+cmd.Name+" of table "+name, cmd.Behavior == pg.DropBehavior_DROP_CASCADE)
			if err != nil {
				return nil, err
			}
			cascade, cascadeNames = append(cascade, views...), append(cascadeNames, viewNames...)
			n.Actions = append(n.Actions, plan.AlterAction{Kind: plan.AlterDropColumn, Column: cmd.Name, Missing: cmd.MissingOk})
		case pg.AlterTableType_AT_AlterColumnType:
			if gens := generatedReading(cur, cmd.Name); len(gens) > 0 {
				return nil, errs.New(errs.FeatureNotSupported, "cannot alter type of a column used by a generated column").
					WithDetail("Column %q is used by generated column %q.", cmd.Name, gens[0])
			}
			act, err := tr.alterColumnType(cur, cmd)
			if err != nil {
				return nil, err
			}
			n.Actions = append(n.Actions, act)
			retyped = true
		case pg.AlterTableType_AT_ColumnDefault:
			f, _, ok := cur.FieldByName(cmd.Name)
			if !ok {
				// PostgreSQL gives this error no position.
				return nil, errs.New(errs.UndefinedColumn, "column %q of relation %q does not exist", cmd.Name, name)
			}
			if f.Generated != "" {
				e := errs.New(errs.SyntaxError, "column %q of relation %q is a generated column", cmd.Name, name)
				if cmd.Def == nil {
					e = e.WithHint("Use ALTER TABLE ... ALTER COLUMN ... DROP EXPRESSION instead.")
				}
				return nil, e
			}
			d := catalog.Field{Name: f.Name, Type: f.Type}
			if cmd.Def != nil {
				if err := tr.columnDefault(&d, cmd.Def); err != nil {
					return nil, err
				}
			}
			n.Actions = append(n.Actions, plan.AlterAction{Kind: plan.AlterColumnDefault, Column: cmd.Name, Field: d})
		case pg.AlterTableType_AT_AddIdentity:
			if cur == nil {
				if cur, err = tr.r.Table(tr.ctx, name); err != nil {
					return nil, errs.From(err)
				}
			}
			act, err := tr.addIdentity(cur, cmd)
			if err != nil {
				return nil, err
			}
			n.Actions = append(n.Actions, act)
		case pg.AlterTableType_AT_DropExpression:
			f, _, ok := cur.FieldByName(cmd.Name)
			if !ok {
				return nil, errs.New(errs.UndefinedColumn, "column %q of relation %q does not exist", cmd.Name, name)
			}
			if f.Generated == "" {
				if cmd.MissingOk {
					continue // IF EXISTS: PostgreSQL notes it and goes on
				}
				return nil, errs.New(errs.ObjectNotInPrerequisite, "column %q of relation %q is not a stored generated column", cmd.Name, name)
			}
			n.Actions = append(n.Actions, plan.AlterAction{Kind: plan.AlterDropExpression, Column: cmd.Name})
		case pg.AlterTableType_AT_SetNotNull:
			n.Actions = append(n.Actions, plan.AlterAction{Kind: plan.AlterSetNotNull, Column: cmd.Name})
		case pg.AlterTableType_AT_DropNotNull:
			n.Actions = append(n.Actions, plan.AlterAction{Kind: plan.AlterDropNotNull, Column: cmd.Name})
		case pg.AlterTableType_AT_SetStatistics, pg.AlterTableType_AT_SetStorage, pg.AlterTableType_AT_SetCompression,
			pg.AlterTableType_AT_SetOptions, pg.AlterTableType_AT_ResetOptions:
			act, err := columnSettings(cur, cmd, n.Actions)
			if err != nil {
				return nil, err
			}
			n.Actions = append(n.Actions, act)
		case pg.AlterTableType_AT_ReplicaIdentity:
			act := plan.AlterAction{Kind: plan.AlterReplicaIdentity}
			switch ri := cmd.Def.GetReplicaIdentityStmt(); ri.GetIdentityType() {
			case "d":
			case "f", "n":
				act.ReplicaIdentity = ri.GetIdentityType()[0]
			case "i":
				act.ReplicaIdentity, act.ReplicaIndex = 'i', ri.GetName()
			default:
				return nil, unsupported(p, "REPLICA IDENTITY "+ri.GetIdentityType())
			}
			n.Actions = append(n.Actions, act)
		case pg.AlterTableType_AT_SetLogged, pg.AlterTableType_AT_SetUnLogged:
			// zerodb logs every table's writes (an UNLOGGED table is a
			// logged one too): nothing changes, as for SET LOGGED of a
			// logged table in PostgreSQL. The table must exist
			// (alterNeedsTable).
		case pg.AlterTableType_AT_SetRelOptions, pg.AlterTableType_AT_ResetRelOptions, pg.AlterTableType_AT_SetTableSpace:
			// Alone they are alterRelOptions'; with other commands they
			// run after them, as PostgreSQL's later pass does.
			if rel == nil {
				rel = &plan.SetRelOptions{Kind: "table", Name: name, IfExists: a.MissingOk}
			}
			if _, err := addRelOptions(rel, cmd); err != nil {
				return nil, err
			}
		case pg.AlterTableType_AT_ClusterOn, pg.AlterTableType_AT_DropCluster:
			// Alone it is alterCluster's; the last one counts.
			cl, _ = clusterCmd(cmd)
			cl.Table = name
		default:
			return nil, unsupported(p, "ALTER TABLE "+splitCamel(cmd.Subtype.String()[3:]))
		}
	}
	if n.Checks, n.SetChecks, err = tr.alterChecks(name, n.Actions); err != nil {
		return nil, err
	}
	if n.Exclusions, n.SetExclusions, err = tr.alterExclusions(name, n.Actions); err != nil {
		return nil, err
	}
	if n.Statistics, n.SetStatistics, err = tr.alterStatisticsColumns(name, n.Actions); err != nil {
		return nil, err
	}
	if retyped && len(cur.Checks) > 0 {
		// The records are checked again against the constraints, over
		// the new types.
		nt := *cur
		nt.Fields = slices.Clone(cur.Fields)
		for _, act := range n.Actions {
			if act.Kind == plan.AlterColumnType {
				if f, _, ok := nt.FieldByName(act.Column); ok {
					f.Type = act.Field.Type
				}
			}
		}
		if n.Validate, err = tr.tableChecks(&nt, rangeEntry{name: nt.Name, table: &nt, pos: p}); err != nil {
			return nil, err
		}
	}
	if cl != nil && a.MissingOk {
		if _, err := tr.r.Table(tr.ctx, name); errs.Code(err) == errs.UndefinedTable {
			cl = nil // IF EXISTS: the AlterTable skips the statement
		}
	}
	steps, names := cascade, cascadeNames
	if len(n.Actions) > 0 || rel == nil && cl == nil {
		steps, names = append(steps, n), append(names, name)
	}
	if rel != nil {
		steps, names = append(steps, rel), append(names, name)
	}
	if cl != nil {
		steps, names = append(steps, cl), append(names, name)
	}
	return allOf(TagAlterTable, steps, names), nil
}

// alterMissingTable translates ALTER TABLE IF EXISTS of a table that
// does not exist, whatever its commands: a statement that only notices
// the skip, as PostgreSQL does before it looks at them (pg_dump --clean
// --if-exists writes ALTER TABLE IF EXISTS ONLY t DROP CONSTRAINT ...).
func (tr *translator) alterMissingTable(a *pg.AlterTableStmt) (*plan.Statement, bool, error) {
	if !a.MissingOk || a.Objtype != pg.ObjectType_OBJECT_TABLE || a.Relation == nil {
		return nil, false, nil
	}
	name, err := tr.alterName(a.Relation)
	if err != nil {
		return nil, true, err
	}
	if _, err := tr.r.Table(tr.ctx, qualified(a.Relation.Schemaname, name)); errs.Code(err) != errs.UndefinedTable {
		return nil, false, nil
	}
	if vr, ok := tr.r.(translate.ViewResolver); ok {
		if _, found, err := vr.View(tr.ctx, qualified(a.Relation.Schemaname, name)); found || err != nil {
			return nil, false, nil
		}
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: TagAlterTable, Root: &plan.AlterTable{Name: qualified(a.Relation.Schemaname, name), IfExists: true}}, true, nil
}

// alterNeedsTable reports whether translating cmd reads the table's
// columns: ALTER COLUMN TYPE, SET/DROP DEFAULT, DROP EXPRESSION, and ADD
// COLUMN of a generated column (its expression is checked over them);
// or needs it to exist, as SET [UN]LOGGED, which makes no action.
func alterNeedsTable(cmd *pg.AlterTableCmd) bool {
	switch cmd.Subtype {
	case pg.AlterTableType_AT_AlterColumnType, pg.AlterTableType_AT_ColumnDefault, pg.AlterTableType_AT_DropExpression,
		pg.AlterTableType_AT_SetLogged, pg.AlterTableType_AT_SetUnLogged,
		pg.AlterTableType_AT_SetStatistics, pg.AlterTableType_AT_SetStorage, pg.AlterTableType_AT_SetCompression,
		pg.AlterTableType_AT_SetOptions, pg.AlterTableType_AT_ResetOptions:
		return true
	case pg.AlterTableType_AT_AddColumn:
		cd := cmd.Def.GetColumnDef()
		return cd != nil && generationConstraint(cd) != nil
	}
	return false
}

// dropGenerated handles DROP COLUMN of a column that generated columns
// of t are computed from: 2BP01 without CASCADE, as PostgreSQL refuses;
// with it they are dropped first.
func (tr *translator) dropGenerated(n *plan.AlterTable, t *catalog.Table, cmd *pg.AlterTableCmd) error {
	gens := generatedReading(t, cmd.Name)
	if len(gens) == 0 {
		return nil
	}
	if cmd.Behavior != pg.DropBehavior_DROP_CASCADE {
		detail := make([]string, len(gens))
		for i, g := range gens {
			detail[i] = "column " + g + " of table " + t.Name + " depends on column " + cmd.Name + " of table " + t.Name
		}
		return errs.New(errs.DependentObjectsStillExist, "cannot drop column %s of table %s because other objects depend on it", cmd.Name, t.Name).
			WithDetail("%s", strings.Join(detail, "\n")).
			WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
	}
	for _, g := range gens {
		n.Actions = append(n.Actions, plan.AlterAction{Kind: plan.AlterDropColumn, Column: g, Missing: true})
	}
	return nil
}

// renameStmt translates ALTER TABLE ... RENAME [COLUMN] a TO b and
// ALTER TABLE ... RENAME TO t.
func (tr *translator) renameStmt(r *pg.RenameStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	var act plan.AlterAction
	switch r.RenameType {
	case pg.ObjectType_OBJECT_TYPE:
		return tr.renameEnum(r)
	case pg.ObjectType_OBJECT_ATTRIBUTE:
		return tr.renameAttribute(r)
	case pg.ObjectType_OBJECT_AGGREGATE, pg.ObjectType_OBJECT_FUNCTION, pg.ObjectType_OBJECT_PROCEDURE, pg.ObjectType_OBJECT_ROUTINE:
		return tr.renameFunction(r)
	case pg.ObjectType_OBJECT_ROLE:
		return roleDDL(TagAlterRole, &plan.RenameRole{Name: r.Subname, NewName: r.Newname}), nil
	case pg.ObjectType_OBJECT_SCHEMA:
		if r.Subname == "public" || systemSchema(r.Subname) {
			return nil, unsupported(p, "renaming schema "+r.Subname)
		}
		return tr.renameSchema(r.Subname, r.Newname)
	case pg.ObjectType_OBJECT_VIEW:
		return tr.renameView(r, "")
	case pg.ObjectType_OBJECT_TABLE:
		if tr.isView(r.Relation) {
			// ALTER TABLE v RENAME TO w renames a view, as in PostgreSQL.
			return tr.renameView(r, "")
		}
		act = plan.AlterAction{Kind: plan.AlterRenameTable, NewName: r.Newname}
	case pg.ObjectType_OBJECT_MATVIEW:
		// ALTER MATERIALIZED VIEW mv RENAME TO: a materialized view is a
		// table; its query names what it reads, not itself.
		if err := tr.renameMatView(r); err != nil {
			return nil, err
		}
		act = plan.AlterAction{Kind: plan.AlterRenameTable, NewName: r.Newname}
	case pg.ObjectType_OBJECT_COLUMN:
		if r.RelationType == pg.ObjectType_OBJECT_VIEW || (r.RelationType == pg.ObjectType_OBJECT_TABLE && tr.isView(r.Relation)) {
			return tr.renameView(r, r.Subname)
		}
		if r.RelationType != pg.ObjectType_OBJECT_TABLE && r.RelationType != pg.ObjectType_OBJECT_MATVIEW {
			return nil, unsupported(p, "renaming columns of this relation")
		}
		act = plan.AlterAction{Kind: plan.AlterRenameColumn, Column: r.Subname, NewName: r.Newname}
		if t, err := tr.r.Table(tr.ctx, r.Relation.Relname); err == nil {
			if act.IndexExprs, err = renamedIndexExprs(t, r.Subname, r.Newname); err != nil {
				return nil, err
			}
		}
	case pg.ObjectType_OBJECT_INDEX, pg.ObjectType_OBJECT_SEQUENCE:
		kind, tag := "index", "ALTER INDEX"
		if r.RenameType == pg.ObjectType_OBJECT_SEQUENCE {
			kind, tag = "sequence", "ALTER SEQUENCE"
		}
		name, err := tr.alterName(r.Relation)
		if err != nil {
			return nil, err
		}
		return &plan.Statement{Kind: plan.StmtDDL, Tag: tag, Root: &plan.RenameObject{Kind: kind, Name: name, NewName: r.Newname, IfExists: r.MissingOk}}, nil
	default:
		return nil, unsupported(p, "ALTER "+r.RenameType.String()+" ... RENAME")
	}
	name, err := tr.alterName(r.Relation)
	if err != nil {
		return nil, err
	}
	n := &plan.AlterTable{Name: name, IfExists: r.MissingOk, Actions: []plan.AlterAction{act}}
	if n.Checks, n.SetChecks, err = tr.alterChecks(name, n.Actions); err != nil {
		return nil, err
	}
	if n.Exclusions, n.SetExclusions, err = tr.alterExclusions(name, n.Actions); err != nil {
		return nil, err
	}
	if n.Statistics, n.SetStatistics, err = tr.alterStatisticsColumns(name, n.Actions); err != nil {
		return nil, err
	}
	// Views are stored as text naming the table and its columns: one that
	// reads what is renamed would stop working (PostgreSQL's views follow
	// the rename; zerodb's do not yet), so the rename is refused.
	d, what := dropping{relations: []string{name}}, "table "+name
	if act.Kind == plan.AlterRenameColumn {
		d, what = dropping{table: name, column: act.Column}, "column "+act.Column+" of table "+name
	}
	views, err := tr.dependentViews(d)
	if err != nil {
		return nil, err
	}
	if len(views) > 0 {
		return nil, errs.New(errs.FeatureNotSupported, "cannot rename %s because %s depends on it", what, views[0]).
			WithHint("Drop the view and create it again after the rename.")
	}
	tag := TagAlterTable
	if r.RenameType == pg.ObjectType_OBJECT_MATVIEW || r.RelationType == pg.ObjectType_OBJECT_MATVIEW {
		tag = TagAlterMatView
	}
	return &plan.Statement{Kind: plan.StmtDDL, Root: n, Tag: tag}, nil
}

// isView reports whether rv names a view (and no table).
func (tr *translator) isView(rv *pg.RangeVar) bool {
	vr, ok := tr.r.(translate.ViewResolver)
	if !ok || rv == nil {
		return false
	}
	name := qualified(rv.Schemaname, rv.Relname)
	if _, err := tr.r.Table(tr.ctx, name); err == nil {
		return false
	}
	_, found, err := vr.View(tr.ctx, name)
	return found && err == nil
}

// renameView translates ALTER VIEW v RENAME TO w (column "") and ALTER
// VIEW v RENAME COLUMN c TO d. Views are stored as the text of their
// queries, which name what they read: one that reads v would stop
// working, so the rename is refused then, as a table's is.
func (tr *translator) renameView(r *pg.RenameStmt, column string) (*plan.Statement, error) {
	name, err := tr.alterName(r.Relation)
	if err != nil {
		return nil, err
	}
	views, err := tr.dependentViews(dropping{relations: []string{name}})
	if err != nil {
		return nil, err
	}
	if len(views) > 0 {
		what := "view " + name
		if column != "" {
			what = "column " + column + " of view " + name
		}
		return nil, errs.New(errs.FeatureNotSupported, "cannot rename %s because %s depends on it", what, views[0]).
			WithHint("Drop the view and create it again after the rename.")
	}
	tag := "ALTER VIEW"
	if r.RelationType == pg.ObjectType_OBJECT_TABLE || r.RenameType == pg.ObjectType_OBJECT_TABLE {
		tag = TagAlterTable
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: tag, Root: &plan.RenameObject{Kind: "view", Name: name, NewName: r.Newname, Column: column, IfExists: r.MissingOk}}, nil
}

func (tr *translator) alterName(rv *pg.RangeVar) (string, error) {
	if rv == nil {
		return "", errAt(errs.SyntaxError, tr.stmt.stmtPos(), "missing table name")
	}
	if rv.Catalogname != "" {
		return "", unsupported(tr.pos(rv.Location), "cross-database references")
	}
	if err := tr.inStatementSchema(rv.Schemaname, tr.pos(rv.Location)); err != nil {
		return "", err
	}
	return rv.Relname, nil
}

// alterColumnType translates ALTER [COLUMN] c [SET DATA] TYPE t [USING e]
// of table t: the new value of each record is e, or the column itself,
// converted to t by an assignment cast (42804 when there is none, as in
// PostgreSQL). A column a view reads keeps its type (0A000).
func (tr *translator) alterColumnType(t *catalog.Table, cmd *pg.AlterTableCmd) (plan.AlterAction, error) {
	p := tr.stmt.stmtPos()
	cd := cmd.GetDef().GetColumnDef()
	if cd == nil {
		return plan.AlterAction{}, unsupported(p, "this ALTER COLUMN TYPE")
	}
	f, _, ok := t.FieldByName(cmd.Name)
	if !ok {
		return plan.AlterAction{}, errs.New(errs.UndefinedColumn, "column %q of relation %q does not exist", cmd.Name, t.Name)
	}
	if cd.CollClause != nil {
		return plan.AlterAction{}, unsupported(tr.pos(cd.CollClause.Location), "COLLATE")
	}
	ty, err := tr.typeName(cd.TypeName)
	if err == nil {
		err = noJSONPathColumn(ty, tr.pos(cd.TypeName.Location))
	}
	if err != nil {
		return plan.AlterAction{}, err
	}
	domain, domainArray := tr.typeDomain, tr.typeDomainArray // before USING, whose casts name types too
	views, err := tr.dependentViews(dropping{table: t.Name, column: cmd.Name})
	if err != nil {
		return plan.AlterAction{}, err
	}
	if len(views) > 0 {
		return plan.AlterAction{}, errs.New(errs.FeatureNotSupported, "cannot alter type of a column used by a view or rule").
			WithDetail("rule _RETURN on %s depends on column %q", views[0], cmd.Name)
	}
	sc := &scope{entries: []rangeEntry{{name: t.Name, table: t, pos: p}}}
	src := cd.RawDefault // USING
	if src == nil {
		src = &pg.Node{Node: &pg.Node_ColumnRef{ColumnRef: &pg.ColumnRef{Fields: []*pg.Node{pg.MakeStrNode(cmd.Name)}, Location: -1}}}
	}
	x, err := tr.expr(src, &exprCtx{sc: sc, clause: "transform expressions"})
	if err != nil {
		return plan.AlterAction{}, err
	}
	if !assignable(x, ty) {
		if cd.RawDefault != nil {
			return plan.AlterAction{}, errs.New(errs.DatatypeMismatch, "result of USING clause for column %q cannot be cast automatically to type %s", cmd.Name, sqlTypeName(ty)).
				WithHint("You might need to add an explicit cast.")
		}
		return plan.AlterAction{}, errs.New(errs.DatatypeMismatch, "column %q cannot be cast automatically to type %s", cmd.Name, sqlTypeName(ty)).
			WithHint("You might need to specify \"USING %s::%s\".", cmd.Name, sqlTypeName(ty))
	}
	using, err := tr.assign(x, target{name: cmd.Name, t: ty, p: p})
	if err != nil {
		return plan.AlterAction{}, err
	}
	nf := *f
	nf.Type, nf.Domain, nf.DomainArray = ty, domain, domainArray
	return plan.AlterAction{Kind: plan.AlterColumnType, Column: cmd.Name, Field: nf, Using: using}, nil
}

// addIdentity translates ALTER [COLUMN] c ADD GENERATED { ALWAYS | BY
// DEFAULT } AS IDENTITY [(options)], with PostgreSQL's errors: the column
// must be NOT NULL and have neither a default nor an identity already.
// pg_dump's SEQUENCE NAME option names the sequence the usual way
// (t_c_seq), which zerodb picks anyway.
func (tr *translator) addIdentity(t *catalog.Table, cmd *pg.AlterTableCmd) (plan.AlterAction, error) {
	p := tr.stmt.stmtPos()
	con := cmd.GetDef().GetConstraint()
	if con == nil {
		return plan.AlterAction{}, unsupported(p, "this ADD IDENTITY")
	}
	f, _, ok := t.FieldByName(cmd.Name)
	switch {
	case !ok:
		return plan.AlterAction{}, errs.New(errs.UndefinedColumn, "column %q of relation %q does not exist", cmd.Name, t.Name)
	case intBits(f.Type) == 0:
		return plan.AlterAction{}, errs.New(errs.InvalidParameterValue, "identity column type must be smallint, integer, or bigint")
	case f.Optional:
		return plan.AlterAction{}, errs.New(errs.ObjectNotInPrerequisite, "column %q of relation %q must be declared NOT NULL before identity can be added", f.Name, t.Name)
	case f.Identity != catalog.IdentityNone:
		return plan.AlterAction{}, errs.New(errs.ObjectNotInPrerequisite, "column %q of relation %q is already an identity column", f.Name, t.Name)
	case f.HasDefault:
		return plan.AlterAction{}, errs.New(errs.ObjectNotInPrerequisite, "column %q of relation %q already has a default value", f.Name, t.Name)
	}
	var opts []*pg.Node
	for _, o := range con.Options {
		if d := o.GetDefElem(); d != nil && d.Defname == "sequence_name" {
			continue
		}
		opts = append(opts, o)
	}
	nf := *f
	seq, err := tr.columnSequence(&nf, t.Name, opts, true, tr.pos(con.Location))
	if err != nil {
		return plan.AlterAction{}, err
	}
	nf.Identity = catalog.IdentityByDefault
	if con.GeneratedWhen == "a" {
		nf.Identity = catalog.IdentityAlways
	}
	return plan.AlterAction{Kind: plan.AlterAddIdentity, Column: f.Name, Field: nf, Sequence: seq}, nil
}

// columnSettings translates ALTER COLUMN c SET STATISTICS n | SET
// STORAGE s | SET COMPRESSION m | SET (options) | RESET (options): the
// column's settings after the change, over those the statement's earlier
// actions gave it. Which storage and compression the column's type takes
// the executor checks (exec.checkColumnSettings).
func columnSettings(t *catalog.Table, cmd *pg.AlterTableCmd, earlier []plan.AlterAction) (plan.AlterAction, error) {
	f, _, ok := t.FieldByName(cmd.Name)
	if !ok || cmd.Name == "" {
		return plan.AlterAction{}, errs.New(errs.UndefinedColumn, "column %q of relation %q does not exist", cmd.Name, t.Name)
	}
	s := catalog.ColumnSettings{StatTarget: -1}
	if f.Settings != nil {
		s = *f.Settings
	}
	for _, a := range slices.Backward(earlier) {
		if a.Kind == plan.AlterColumnSettings && a.Column == cmd.Name {
			s = *a.Field.Settings
			break
		}
	}
	s.Options = slices.Clone(s.Options)
	switch cmd.Subtype {
	case pg.AlterTableType_AT_SetStatistics:
		n := int(cmd.Def.GetInteger().GetIval())
		if n < -1 {
			return plan.AlterAction{}, errs.New(errs.InvalidParameterValue, "statistics target %d is too low", n)
		}
		// PostgreSQL lowers a larger one to its limit, with a warning.
		s.StatTarget = min(n, 10000)
	case pg.AlterTableType_AT_SetStorage:
		name := cmd.Def.GetString_().GetSval()
		codes := map[string]byte{"plain": 'p', "external": 'e', "extended": 'x', "main": 'm'}
		c, ok := codes[strings.ToLower(name)]
		if !ok {
			return plan.AlterAction{}, errs.New(errs.InvalidParameterValue, "invalid storage type \"%s\"", name)
		}
		s.Storage = c
	case pg.AlterTableType_AT_SetCompression:
		name := cmd.Def.GetString_().GetSval()
		codes := map[string]byte{"pglz": 'p', "lz4": 'l', "default": 0}
		c, ok := codes[name]
		if !ok {
			return plan.AlterAction{}, errs.New(errs.InvalidParameterValue, "invalid compression method \"%s\"", name)
		}
		s.Compression = c
	case pg.AlterTableType_AT_SetOptions, pg.AlterTableType_AT_ResetOptions:
		for _, n := range cmd.Def.GetList().GetItems() {
			d := n.GetDefElem()
			if d == nil {
				continue
			}
			if d.Defname != "n_distinct" && d.Defname != "n_distinct_inherited" {
				return plan.AlterAction{}, errs.New(errs.InvalidParameterValue, "unrecognized parameter \"%s\"", d.Defname)
			}
			s.Options = slices.DeleteFunc(s.Options, func(o string) bool { return strings.HasPrefix(o, d.Defname+"=") })
			if cmd.Subtype == pg.AlterTableType_AT_ResetOptions {
				continue
			}
			v := defElemText(d)
			x, err := strconv.ParseFloat(v, 64)
			switch {
			case d.Arg == nil:
				return plan.AlterAction{}, errs.New(errs.InvalidParameterValue, "value for option \"%s\" is missing", d.Defname)
			case err != nil:
				return plan.AlterAction{}, errs.New(errs.InvalidParameterValue, "invalid value for floating point option \"%s\": %s", d.Defname, v)
			case x < -1:
				return plan.AlterAction{}, errs.New(errs.InvalidParameterValue, "value %s out of bounds for option \"%s\"", v, d.Defname).
					WithDetail("Valid values are between \"-1.000000\" and \"%f\".", math.MaxFloat64)
			}
			s.Options = append(s.Options, d.Defname+"="+v)
		}
		if len(s.Options) == 0 {
			s.Options = nil
		}
	}
	return plan.AlterAction{Kind: plan.AlterColumnSettings, Column: cmd.Name, Field: catalog.Field{Settings: &s}}, nil
}
