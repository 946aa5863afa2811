package exec

import (
	"slices"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// checkConstraints evaluates CHECK constraints on a record about to be
// written: one that is false (NULL passes) fails with 23514.
func (r *run) checkConstraints(t *catalog.Table, checks []plan.Check, key value.Value, obj *value.Object) error {
	c, err := r.failingCheck(checks, key, obj)
	if err != nil {
		return err
	}
	if c == nil {
		for i := range checks {
			switch ex := checks[i].Exclusion; {
			case ex == nil:
			case ex.Deferrable:
				if err := r.noteExclusion(t, &checks[i], key, obj); err != nil {
					return err
				}
			default:
				if err := r.checkExclusion(t, &checks[i], key, obj, true); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if c.Policy {
		return errs.New(errs.InsufficientPrivilege, "new row violates row-level security policy for table %q", t.Name)
	}
	err = errs.New(errs.CheckViolation, "new row for relation %q violates check constraint %q", t.Name, c.Name)
	if row, ok := r.failingRow(t, obj); ok {
		err = errs.From(err).WithDetail("Failing row contains %s.", row)
	}
	return err
}

// failingRow is PostgreSQL's text of a row in a constraint violation's
// DETAIL: the table's columns' values in order, as their types write
// them, null for NULL, in parentheses. ok=false for a schemaless table.
func (r *run) failingRow(t *catalog.Table, obj *value.Object) (string, bool) {
	if !t.Schemafull || obj == nil {
		return "", false
	}
	buf := []byte{'('}
	for i := range t.Fields {
		f := &t.Fields[i]
		if i > 0 {
			buf = append(buf, ", "...)
		}
		v, _ := obj.Get(f.Name)
		if v.IsSQLNull() {
			buf = append(buf, "null"...)
			continue
		}
		var err error
		if buf, err = value.AppendTextIn(buf, v, f.Type, r.zone(true)); err != nil {
			return "", false
		}
	}
	return string(append(buf, ')')), true
}

// failingCheck is the first of checks the record fails, or nil.
func (r *run) failingCheck(checks []plan.Check, key value.Value, obj *value.Object) (*plan.Check, error) {
	if len(checks) == 0 {
		return nil, nil
	}
	row := [2]value.Value{key, value.ObjectOf(obj)}
	sc := scope{row: row[:]}
	for i := range checks {
		if checks[i].Exclusion != nil {
			continue
		}
		v, err := r.eval(checks[i].Cond, &sc)
		if err != nil {
			return nil, err
		}
		if v.Kind() == value.KindBool && !v.AsBool() {
			return &checks[i], nil
		}
	}
	return nil, nil
}

// violatedBySomeRow is the error of a CHECK constraint a stored record
// fails when ALTER TABLE adds it or changes a column it reads.
func violatedBySomeRow(t *catalog.Table, name string) error {
	return errs.New(errs.CheckViolation, "check constraint %q of relation %q is violated by some row", name, t.Name)
}

// checkRecords requires every record of t to pass c (23514 otherwise, as
// PostgreSQL words it for existing rows).
func (r *run) checkRecords(t *catalog.Table, c plan.Check) error {
	return r.eachRecord(t, func(key, obj value.Value) error {
		if obj.Kind() != value.KindObject {
			return nil
		}
		failed, err := r.failingCheck([]plan.Check{c}, key, obj.AsObject())
		if err == nil && failed != nil {
			err = violatedBySomeRow(t, failed.Name)
		}
		return err
	})
}

// addCheck runs ALTER TABLE ... ADD CONSTRAINT ... CHECK: every record
// must pass the new constraint before it is stored with the table,
// unless it is added NOT VALID.
func (r *run) addCheck(n *plan.AddCheck) error {
	txn, db, t, err := r.txnTable(n.Table)
	if err != nil {
		return err
	}
	if n.Exclusion != nil {
		return r.addExclusion(txn, db, t, n)
	}
	for _, c := range t.Checks {
		if c.Name == n.Check.Name {
			return errs.New(errs.DuplicateObject, "constraint %q for relation %q already exists", c.Name, t.Name)
		}
	}
	if !n.Check.NotValid {
		if err := r.checkRecords(t, n.Validate); err != nil {
			return err
		}
	}
	nt := *t
	nt.Checks = append(slices.Clone(t.Checks), n.Check)
	return r.x.cat.AlterTable(r.ctx, txn, db, &nt)
}
