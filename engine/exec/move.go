package exec

import (
	"slices"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// moveObject runs ALTER TABLE / VIEW / MATERIALIZED VIEW / SEQUENCE /
// FUNCTION ... SET SCHEMA: the catalog moves the object's keys (its
// descriptor, a table's records, indexes and owned sequences, a
// sequence's state: catalog/move.go) into the other schema. The views
// naming it are rewritten by the front end in the same statement; the
// foreign keys of and onto a moved table and the triggers naming a
// moved function are rewritten here.
func (r *run) moveObject(n *plan.MoveObject) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	spaces, to, err := r.moveTarget(txn, n.Schema)
	if err != nil {
		return err
	}
	cat := r.x.cat
	if n.Kind == "function" {
		if _, err := cat.Function(r.ctx, txn, db, n.Name); err != nil || to.ID == db.ID {
			return err
		}
		if err := cat.MoveFunction(r.ctx, txn, db, to, n.Name); err != nil {
			return err
		}
		return r.moveTriggerFunctions(txn, spaces, catalog.QualifiedType(db, n.Name), catalog.QualifiedType(to, n.Name))
	}
	kind, t, s, err := r.relationOf(txn, db, n.Name)
	switch {
	case err != nil:
		return err
	case kind == "":
		return r.skipMissing(errs.New(errs.UndefinedTable, "relation %q does not exist", n.Name), n.IfExists, errs.UndefinedTable, "relation", n.Name)
	case n.Kind != "table" && n.Kind != kind:
		return errs.New(errs.WrongObjectType, "%q is not a %s", n.Name, n.Kind)
	case to.ID == db.ID:
		return nil // already there, as PostgreSQL leaves it
	}
	switch kind {
	case "view":
		return cat.MoveView(r.ctx, txn, db, to, n.Name)
	case "sequence":
		if s.OwnedTable == "" { // else MoveSequence's refusal
			if err := r.checkSequenceUnused(txn, db, n.Name); err != nil {
				return err
			}
		}
		return cat.MoveSequence(r.ctx, txn, db, to, n.Name)
	}
	if err := movableTable(t); err != nil {
		return err
	}
	if err := r.checkWaitingOf(t); err != nil {
		return err
	}
	moved, err := cat.MoveTable(r.ctx, txn, db, to, n.Name)
	if err != nil || !hasFKs(t) {
		return err
	}
	return r.fkFollowTable(t, moved)
}

// relationOf finds relation name of db: its kind ("table", "materialized
// view", "view", "sequence"; "" when there is none) and its table or
// sequence descriptor.
func (r *run) relationOf(txn kv.Txn, db *catalog.Database, name string) (string, *catalog.Table, *catalog.Sequence, error) {
	cat := r.x.cat
	t, err := cat.Table(r.ctx, txn, db, name)
	if err == nil {
		return relKind(t), t, nil, nil
	}
	if errs.Code(err) != errs.UndefinedTable {
		return "", nil, nil, err
	}
	if v, err := cat.LookupView(r.ctx, txn, db, name); err != nil || v != nil {
		return "view", nil, nil, err
	}
	s, err := cat.Sequence(r.ctx, txn, db, name)
	if err == nil {
		return "sequence", nil, s, nil
	}
	if errs.Code(err) != errs.UndefinedTable {
		return "", nil, nil, err
	}
	return "", nil, nil, nil
}

// movableTable refuses (0A000) a table whose move would leave something
// it needs behind: partitions live in their table's schema, and an
// edge table's adjacency is keyed by its schema.
func movableTable(t *catalog.Table) error {
	switch {
	case t.Partitioned != nil || t.PartitionOf != "":
		return errs.New(errs.FeatureNotSupported, "ALTER TABLE ... SET SCHEMA of a partitioned table or partition is not supported")
	case t.Edge != nil:
		return errs.New(errs.FeatureNotSupported, "ALTER TABLE ... SET SCHEMA of an edge table is not supported")
	case len(t.Inherits) > 0 || len(t.Children) > 0:
		return errs.New(errs.FeatureNotSupported, "ALTER TABLE ... SET SCHEMA of a table with inheritance parents or children is not supported")
	}
	return nil
}

// checkSequenceUnused refuses to move a sequence a column default of
// its schema names (nextval('s')): the default names it in the table's
// own schema.
func (r *run) checkSequenceUnused(txn kv.Txn, db *catalog.Database, name string) error {
	tables, err := r.x.cat.Tables(r.ctx, txn, db)
	if err != nil {
		return err
	}
	for _, t := range tables {
		for _, f := range t.Fields {
			if f.DefaultSeq == name {
				return errs.New(errs.FeatureNotSupported, "ALTER SEQUENCE ... SET SCHEMA of a sequence a column default uses is not supported").
					WithDetail("Column %q of table %q defaults to nextval('%s').", f.Name, t.Name, name)
			}
		}
	}
	return nil
}

// moveTriggerFunctions points the triggers of every table and view of
// the database (spaces: it and its schemas) that call function from
// (its catalog.QualifiedType name) at to, where it moved.
func (r *run) moveTriggerFunctions(txn kv.Txn, spaces []*catalog.Database, from, to string) error {
	cat := r.x.cat
	moved := func(trs []catalog.Trigger) ([]catalog.Trigger, bool) {
		i := slices.IndexFunc(trs, func(tr catalog.Trigger) bool { return tr.Function == from })
		if i < 0 {
			return trs, false
		}
		out := slices.Clone(trs)
		for j := i; j < len(out); j++ {
			if out[j].Function == from {
				out[j].Function = to
			}
		}
		return out, true
	}
	for _, db := range spaces {
		tables, err := cat.Tables(r.ctx, txn, db)
		if err != nil {
			return err
		}
		for _, t := range tables {
			if trs, ok := moved(t.Triggers); ok {
				nt := *t
				nt.Triggers = trs
				if err := cat.AlterTable(r.ctx, txn, db, &nt); err != nil {
					return err
				}
			}
		}
		views, err := cat.Views(r.ctx, txn, db)
		if err != nil {
			return err
		}
		for _, v := range views {
			if trs, ok := moved(v.Triggers); ok {
				if err := cat.SetViewTriggers(r.ctx, txn, db, v, trs); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
