package exec

import (
	"slices"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// checkConstraints evaluates CHECK constraints on a record about to be
// written: one that is false (NULL passes) fails with 23514.
func (r *run) checkConstraints(t *catalog.Table, checks []plan.Check, key value.Value, obj *value.Object) error {
	c, err := r.failingCheck(checks, key, obj)
	if err != nil || c == nil {
		return err
	}
	return errs.New(errs.CheckViolation, "new row for relation %q violates check constraint %q", t.Name, c.Name)
}

// failingCheck is the first of checks the record fails, or nil.
func (r *run) failingCheck(checks []plan.Check, key value.Value, obj *value.Object) (*plan.Check, error) {
	if len(checks) == 0 {
		return nil, nil
	}
	row := [2]value.Value{key, value.ObjectOf(obj)}
	sc := scope{row: row[:]}
	for i := range checks {
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

// addCheck runs ALTER TABLE ... ADD CONSTRAINT ... CHECK: every record
// must pass the new constraint (23514 otherwise, as PostgreSQL words it
// for existing rows) before it is stored with the table.
func (r *run) addCheck(n *plan.AddCheck) error {
	txn, db, t, err := r.txnTable(n.Table)
	if err != nil {
		return err
	}
	for _, c := range t.Checks {
		if c.Name == n.Check.Name {
			return errs.New(errs.DuplicateObject, "constraint %q for relation %q already exists", c.Name, t.Name)
		}
	}
	prefix, err := r.tablePrefix(nil, t)
	if err != nil {
		return err
	}
	kt := keyType(t)
	it := txn.Scan(r.ctx, prefix, prefixEnd(prefix), false)
	defer it.Close()
	for it.Next() {
		if err := r.tick(); err != nil {
			return err
		}
		obj, err := decodeRecord(it.Value())
		if err != nil {
			return err
		}
		if obj.Kind() != value.KindObject {
			continue
		}
		key, err := keys.DecodeRecordKeyIn(prefix, it.Key())
		if err != nil {
			return err
		}
		if kt != nil {
			key, _ = normalizeKey(key, kt)
		}
		if c, err := r.failingCheck([]plan.Check{n.Validate}, key, obj.AsObject()); err != nil {
			return err
		} else if c != nil {
			return violatedBySomeRow(t, c.Name)
		}
	}
	if err := it.Err(); err != nil {
		return errs.From(err)
	}
	nt := *t
	nt.Checks = append(slices.Clone(t.Checks), n.Check)
	return r.x.cat.AlterTable(r.ctx, txn, db, &nt)
}
