package exec

import (
	"context"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// PL runs PL/pgSQL, which the executor cannot: calls of LANGUAGE
// plpgsql functions (plan.PLCallPrefix) and SQL row triggers
// (catalog.Trigger). The session sets Env.PL. Every write of a record — SQL's INSERT (ON CONFLICT DO
// UPDATE's update fires UPDATE triggers), UPDATE, DELETE and COPY FROM,
// and ZQL's writes, which share these iterators — fires the table's
// triggers through fireTriggers.
type PL interface {
	// FireRow runs trig of table t for one row. event is one of
	// catalog.TriggerInsert, TriggerUpdate, TriggerDelete; old and new
	// are the row's objects (value.None when the event has none). It
	// returns the row to write: for a BEFORE trigger new, or the record
	// the function returned instead, or value.None to skip the row
	// (what an AFTER trigger returns is ignored). A WHEN condition that
	// does not hold returns new unchanged.
	FireRow(ctx context.Context, env *Env, t *catalog.Table, trig *catalog.Trigger, event uint8, old, new value.Value) (value.Value, error)
	// CallFunction calls the plpgsql function name of env's database;
	// with rows, its value is the list of the rows it returns (a
	// function in FROM), each a tuple of its columns.
	CallFunction(ctx context.Context, env *Env, name string, args []value.Value, rows bool) (value.Value, error)
}

// evalPLCall evaluates a call of a LANGUAGE plpgsql function.
func (r *run) evalPLCall(c *plan.Call, name string, rows bool, sc *scope) (value.Value, error) {
	if r.env.PL == nil {
		return value.None, errAt(c.P, errs.FeatureNotSupported, "PL/pgSQL function %s cannot run here", name)
	}
	args, err := r.evalList(c.Args, sc)
	if err != nil {
		return value.None, err
	}
	return r.env.PL.CallFunction(r.ctx, r.env, name, args, rows)
}

// fireTriggers runs t's enabled row triggers of one timing for event, in
// name order (the catalog keeps them so), and returns the row to write
// (value.None: a BEFORE trigger skipped it).
func (r *run) fireTriggers(t *catalog.Table, before bool, event uint8, old, nv value.Value) (value.Value, error) {
	for i := range t.Triggers {
		trig := &t.Triggers[i]
		if trig.Disabled || trig.Before != before || trig.Events&event == 0 {
			continue
		}
		if event == catalog.TriggerUpdate && len(trig.Columns) > 0 && !anyChanged(trig.Columns, old, nv) {
			continue
		}
		if r.env.PL == nil {
			return value.None, errs.New(errs.FeatureNotSupported, "table %q has triggers, which cannot run here", t.Name)
		}
		row := nv
		if event == catalog.TriggerDelete {
			row = value.None
		}
		out, err := r.env.PL.FireRow(r.ctx, r.env, t, trig, event, old, row)
		if err != nil {
			return value.None, err
		}
		if !before {
			continue
		}
		if out.IsNone() {
			return value.None, nil
		}
		if event != catalog.TriggerDelete {
			nv = out
		}
	}
	return nv, nil
}

// hasTriggers reports whether t has an enabled trigger of that timing
// for event.
func hasTriggers(t *catalog.Table, before bool, event uint8) bool {
	for i := range t.Triggers {
		trig := &t.Triggers[i]
		if !trig.Disabled && trig.Before == before && trig.Events&event != 0 {
			return true
		}
	}
	return false
}

// anyChanged reports whether an UPDATE changed one of cols (UPDATE OF's
// columns: PostgreSQL fires when the statement's SET names one; here,
// when its value changes).
func anyChanged(cols []string, old, nv value.Value) bool {
	if old.Kind() != value.KindObject || nv.Kind() != value.KindObject {
		return true
	}
	for _, c := range cols {
		a, _ := old.AsObject().Get(c)
		b, _ := nv.AsObject().Get(c)
		if !value.Equal(a, b) || a.IsNone() != b.IsNone() {
			return true
		}
	}
	return false
}

// beforeWrite runs the BEFORE triggers of an insert or update of obj and
// returns the object to write: the triggers' row validated again when
// they changed it, nil when one skipped the row.
func (r *run) beforeWrite(t *catalog.Table, event uint8, old value.Value, obj *value.Object, pos int) (*value.Object, error) {
	if !hasTriggers(t, true, event) {
		return obj, nil
	}
	out, err := triggerRow(r.fireTriggers(t, true, event, old, value.ObjectOf(obj)))
	if err != nil || out == nil {
		return nil, err
	}
	if out != obj {
		obj = out
		if len(t.Fields) > 0 {
			if obj, err = r.validateRewritten(t, obj); err != nil {
				return nil, atPos(err, pos)
			}
		}
	}
	return obj, nil
}

// beforeInsert runs the BEFORE INSERT triggers of a schemafull table's
// new record as PostgreSQL does: on the row with its columns' defaults
// filled in, before NOT NULL, types and CHECK are checked (a trigger may
// fill a NOT NULL column) and before generated columns are computed
// (they read as NULL). It returns the row for validate, nil when a
// trigger skipped it.
func (r *run) beforeInsert(t *catalog.Table, obj *value.Object) (*value.Object, error) {
	filled := obj
	for i := range t.Fields {
		f := &t.Fields[i]
		if f.Generated != "" {
			continue
		}
		if _, ok := obj.Get(f.Name); ok {
			continue
		}
		var v value.Value
		var err error
		switch {
		case f.HasDefault:
			v, err = r.fieldDefault(t, f)
		case f.Domain != "":
			v, err = r.domainDefault(f)
		default:
			continue
		}
		if err != nil {
			return nil, err
		}
		if filled == obj {
			filled = obj.Clone()
		}
		filled.Set(f.Name, v)
	}
	return triggerRow(r.fireTriggers(t, true, catalog.TriggerInsert, value.None, value.ObjectOf(filled)))
}

// triggerRow is the record BEFORE triggers returned (fireTriggers): nil
// when one skipped the row, 42804 when it is no record.
func triggerRow(nv value.Value, err error) (*value.Object, error) {
	if err != nil || nv.IsNone() {
		return nil, err
	}
	if nv.Kind() != value.KindObject {
		return nil, errs.New(errs.DatatypeMismatch, "returned row structure does not match the structure of the triggering table")
	}
	return nv.AsObject(), nil
}

// afterWrite runs the AFTER triggers of a written row. They run as soon
// as the row is written (PostgreSQL queues them to the statement's end).
func (r *run) afterWrite(t *catalog.Table, event uint8, old, nv value.Value) error {
	if !hasTriggers(t, false, event) {
		return nil
	}
	_, err := r.fireTriggers(t, false, event, old, nv)
	return err
}
