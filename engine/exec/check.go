package exec

import (
	"github.com/zerodb/zerodb/engine/catalog"
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
