package sqlfe

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

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
	var cur *catalog.Table // the table, once a command needs its columns
	for _, c := range a.Cmds {
		cmd := c.GetAlterTableCmd()
		if cmd == nil {
			return nil, unsupported(p, "this ALTER TABLE command")
		}
		switch cmd.Subtype {
		case pg.AlterTableType_AT_AddColumn:
			cd := cmd.Def.GetColumnDef()
			if cd == nil {
				return nil, unsupported(p, "this ADD COLUMN")
			}
			for _, cn := range cd.Constraints {
				if c := cn.GetConstraint(); c != nil && c.Contype == pg.ConstrType_CONSTR_CHECK {
					return nil, unsupported(tr.pos(c.Location), "CHECK constraints in ALTER TABLE")
				}
				if c := cn.GetConstraint(); c != nil && c.Contype == pg.ConstrType_CONSTR_FOREIGN {
					return nil, unsupported(tr.pos(c.Location), "REFERENCES in ALTER TABLE ... ADD COLUMN")
				}
			}
			f, isPK, err := tr.columnDef(cd, name)
			if err != nil {
				return nil, err
			}
			if isPK {
				return nil, unsupported(tr.pos(cd.Location), "adding a PRIMARY KEY column")
			}
			n.Actions = append(n.Actions, plan.AlterAction{Kind: plan.AlterAddColumn, Field: f, Missing: cmd.MissingOk})
		case pg.AlterTableType_AT_DropColumn:
			d := dropping{table: name, column: cmd.Name}
			views, viewNames, err := tr.cascadeViews(d, "column "+cmd.Name+" of table "+name, cmd.Behavior == pg.DropBehavior_DROP_CASCADE)
			if err != nil {
				return nil, err
			}
			cascade, cascadeNames = append(cascade, views...), append(cascadeNames, viewNames...)
			n.Actions = append(n.Actions, plan.AlterAction{Kind: plan.AlterDropColumn, Column: cmd.Name, Missing: cmd.MissingOk})
		case pg.AlterTableType_AT_ColumnDefault:
			if cur == nil {
				if cur, err = tr.r.Table(tr.ctx, name); err != nil {
					if errs.Code(err) == errs.UndefinedTable && a.MissingOk {
						continue // IF EXISTS: the executor skips the statement
					}
					return nil, errs.From(err)
				}
			}
			f, _, ok := cur.FieldByName(cmd.Name)
			if !ok {
				// PostgreSQL gives this error no position.
				return nil, errs.New(errs.UndefinedColumn, "column %q of relation %q does not exist", cmd.Name, name)
			}
			d := catalog.Field{Name: f.Name, Type: f.Type}
			if cmd.Def != nil {
				if err := tr.columnDefault(&d, cmd.Def); err != nil {
					return nil, err
				}
			}
			n.Actions = append(n.Actions, plan.AlterAction{Kind: plan.AlterColumnDefault, Column: cmd.Name, Field: d})
		case pg.AlterTableType_AT_SetNotNull:
			n.Actions = append(n.Actions, plan.AlterAction{Kind: plan.AlterSetNotNull, Column: cmd.Name})
		case pg.AlterTableType_AT_DropNotNull:
			n.Actions = append(n.Actions, plan.AlterAction{Kind: plan.AlterDropNotNull, Column: cmd.Name})
		default:
			return nil, unsupported(p, "ALTER TABLE "+splitCamel(cmd.Subtype.String()[3:]))
		}
	}
	if n.Checks, n.SetChecks, err = tr.alterChecks(name, n.Actions); err != nil {
		return nil, err
	}
	if len(cascade) > 0 {
		st := dropAll(TagAlterTable, append(cascade, n), append(cascadeNames, name))
		return st, nil
	}
	return &plan.Statement{Kind: plan.StmtDDL, Root: n, Tag: TagAlterTable}, nil
}

// renameStmt translates ALTER TABLE ... RENAME [COLUMN] a TO b and
// ALTER TABLE ... RENAME TO t.
func (tr *translator) renameStmt(r *pg.RenameStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	var act plan.AlterAction
	switch r.RenameType {
	case pg.ObjectType_OBJECT_TABLE:
		act = plan.AlterAction{Kind: plan.AlterRenameTable, NewName: r.Newname}
	case pg.ObjectType_OBJECT_COLUMN:
		if r.RelationType != pg.ObjectType_OBJECT_TABLE {
			return nil, unsupported(p, "renaming columns of this relation")
		}
		act = plan.AlterAction{Kind: plan.AlterRenameColumn, Column: r.Subname, NewName: r.Newname}
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
		return nil, errs.New(errs.FeatureNotSupported, "cannot rename %s because view %s depends on it", what, views[0]).
			WithHint("Drop the view and create it again after the rename.")
	}
	return &plan.Statement{Kind: plan.StmtDDL, Root: n, Tag: TagAlterTable}, nil
}

func (tr *translator) alterName(rv *pg.RangeVar) (string, error) {
	if rv == nil {
		return "", errAt(errs.SyntaxError, tr.stmt.stmtPos(), "missing table name")
	}
	if rv.Catalogname != "" || (rv.Schemaname != "" && rv.Schemaname != "public") {
		return "", errAt(errs.InvalidSchemaName, tr.pos(rv.Location), "schema %q does not exist", rv.Schemaname)
	}
	return rv.Relname, nil
}
