package exec

import (
	"slices"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

// triggerDDL runs CREATE TRIGGER, DROP TRIGGER and ALTER TABLE
// ENABLE/DISABLE TRIGGER: each rewrites the descriptor of the table or
// view, which holds its triggers (so they go with it when it is
// dropped).
func (r *run) triggerDDL(n plan.Node) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	var table string
	switch n := n.(type) {
	case *plan.CreateTrigger:
		table = n.Table
		if n.View {
			return r.viewTriggerDDL(n.Table, n)
		}
	case *plan.DropTrigger:
		table = n.Table
		if n.View {
			return r.viewTriggerDDL(n.Table, n)
		}
	case *plan.EnableTrigger:
		table = n.Table
	}
	t, err := r.x.cat.Table(r.ctx, txn, db, table)
	if d, ok := n.(*plan.DropTrigger); ok && err != nil {
		return r.skipMissing(err, d.IfExists, errs.UndefinedTable, "relation", table)
	}
	if err != nil {
		return err
	}
	if _, ok := n.(*plan.CreateTrigger); ok && t.MatView != nil {
		return errs.New(errs.WrongObjectType, "%q is a materialized view", t.Name).WithDetail("Materialized views cannot have triggers.")
	}
	if ct, ok := n.(*plan.CreateTrigger); ok && t.Partitioned != nil && !ct.Trigger.Statement {
		// The rows are written to the partitions, whose triggers fire;
		// PostgreSQL clones a partitioned table's row triggers to them.
		return errs.New(errs.FeatureNotSupported, "row triggers on partitioned table %q are not supported", t.Name).
			WithHint("Create the trigger on each partition.")
	}
	changed := *t
	var ok bool
	if changed.Triggers, ok, err = r.changeTriggers(t.Name, t.Triggers, n); err != nil || !ok {
		return err
	}
	return r.x.cat.AlterTable(r.ctx, txn, db, &changed)
}

// viewTriggerDDL runs CREATE and DROP TRIGGER of a view.
func (r *run) viewTriggerDDL(name string, n plan.Node) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	v, err := r.x.cat.View(r.ctx, txn, db, name)
	if err != nil {
		return err
	}
	triggers, ok, err := r.changeTriggers(v.Name, v.Triggers, n)
	if err != nil || !ok {
		return err
	}
	return r.x.cat.SetViewTriggers(r.ctx, txn, db, v, triggers)
}

// changeTriggers is the trigger list of the table or view rel after the
// trigger DDL n (a new slice: the descriptor's is shared); ok is false
// when there is nothing to change (DROP TRIGGER IF EXISTS of none).
func (r *run) changeTriggers(rel string, triggers []catalog.Trigger, n plan.Node) (_ []catalog.Trigger, ok bool, _ error) {
	changed := append([]catalog.Trigger(nil), triggers...)
	switch n := n.(type) {
	case *plan.CreateTrigger:
		if i := triggerIndex(changed, n.Trigger.Name); i >= 0 {
			if !n.Replace {
				return nil, false, errs.New(errs.DuplicateObject, "trigger %q for relation %q already exists", n.Trigger.Name, rel)
			}
			changed[i] = n.Trigger
		} else {
			changed = append(changed, n.Trigger)
			// PostgreSQL fires a relation's triggers in name order.
			slices.SortStableFunc(changed, func(a, b catalog.Trigger) int { return strings.Compare(a.Name, b.Name) })
		}
	case *plan.DropTrigger:
		i := triggerIndex(changed, n.Name)
		if i < 0 {
			err := errs.New(errs.UndefinedObject, "trigger %q for table %q does not exist", n.Name, rel)
			return nil, false, r.skipMissing(err, n.IfExists, errs.UndefinedObject, "trigger", n.Name+`" for relation "`+rel)
		}
		changed = append(changed[:i], changed[i+1:]...)
	case *plan.EnableTrigger:
		found := false
		for i := range changed {
			if n.Name == "" || changed[i].Name == n.Name {
				changed[i].Disabled = !n.Enable
				found = true
			}
		}
		if !found && n.Name != "" {
			return nil, false, errs.New(errs.UndefinedObject, "trigger %q for table %q does not exist", n.Name, rel)
		}
	}
	return changed, true, nil
}

func triggerIndex(triggers []catalog.Trigger, name string) int {
	for i := range triggers {
		if triggers[i].Name == name {
			return i
		}
	}
	return -1
}
