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
	if len(checks) == 0 {
		return nil
	}
	row := [2]value.Value{key, value.ObjectOf(obj)}
	sc := scope{row: row[:]}
	for _, c := range checks {
		v, err := r.eval(c.Cond, &sc)
		if err != nil {
			return err
		}
		if v.Kind() == value.KindBool && !v.AsBool() {
			return errs.New(errs.CheckViolation, "new row for relation %q violates check constraint %q", t.Name, c.Name)
		}
	}
	return nil
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
		if err := r.checkConstraints(t, []plan.Check{n.Validate}, key, obj.AsObject()); err != nil {
			if errs.Code(err) == errs.CheckViolation {
				return errs.New(errs.CheckViolation, "check constraint %q of relation %q is violated by some row", n.Check.Name, t.Name)
			}
			return err
		}
	}
	if err := it.Err(); err != nil {
		return errs.From(err)
	}
	nt := *t
	nt.Checks = append(slices.Clone(t.Checks), n.Check)
	return r.x.cat.AlterTable(r.ctx, txn, db, &nt)
}
