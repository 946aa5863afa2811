package exec

import (
	"slices"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

// triggerDDL runs CREATE TRIGGER, DROP TRIGGER and ALTER TABLE
// ENABLE/DISABLE TRIGGER: each rewrites the table's descriptor, which
// holds its triggers (so they go with the table when it is dropped).
func (r *run) triggerDDL(n plan.Node) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	var table string
	switch n := n.(type) {
	case *plan.CreateTrigger:
		table = n.Table
	case *plan.DropTrigger:
		table = n.Table
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
	changed := *t
	changed.Triggers = append([]catalog.Trigger(nil), t.Triggers...)
	switch n := n.(type) {
	case *plan.CreateTrigger:
		if t.MatView != nil {
			return errs.New(errs.WrongObjectType, "%q is a materialized view", t.Name).WithDetail("Materialized views cannot have triggers.")
		}
		if old, ok := changed.TriggerByName(n.Trigger.Name); ok {
			if !n.Replace {
				return errs.New(errs.DuplicateObject, "trigger %q for relation %q already exists", n.Trigger.Name, t.Name)
			}
			*old = n.Trigger
		} else {
			changed.Triggers = append(changed.Triggers, n.Trigger)
			// PostgreSQL fires a table's triggers in name order.
			slices.SortStableFunc(changed.Triggers, func(a, b catalog.Trigger) int { return strings.Compare(a.Name, b.Name) })
		}
	case *plan.DropTrigger:
		i := triggerIndex(&changed, n.Name)
		if i < 0 {
			err := errs.New(errs.UndefinedObject, "trigger %q for table %q does not exist", n.Name, t.Name)
			return r.skipMissing(err, n.IfExists, errs.UndefinedObject, "trigger", n.Name+`" for relation "`+t.Name)
		}
		changed.Triggers = append(changed.Triggers[:i], changed.Triggers[i+1:]...)
	case *plan.EnableTrigger:
		found := false
		for i := range changed.Triggers {
			if n.Name == "" || changed.Triggers[i].Name == n.Name {
				changed.Triggers[i].Disabled = !n.Enable
				found = true
			}
		}
		if !found && n.Name != "" {
			return errs.New(errs.UndefinedObject, "trigger %q for table %q does not exist", n.Name, t.Name)
		}
	}
	return r.x.cat.AlterTable(r.ctx, txn, db, &changed)
}

func triggerIndex(t *catalog.Table, name string) int {
	for i := range t.Triggers {
		if t.Triggers[i].Name == name {
			return i
		}
	}
	return -1
}
