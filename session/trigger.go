package session

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/exec"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
	"github.com/zerodb/zerodb/translate/plpgsql"
)

// Row triggers. The executor fires them (exec.PL) in the
// writing statement's transaction; the session runs their PL/pgSQL
// functions. A function is compiled once and kept, with its embedded
// statements' translations, for as long as its stored definition is the
// one the catalog hands out (the catalog caches decoded descriptors by
// their bytes, so an unchanged function is the same pointer): a trigger
// firing per row parses nothing.

// plCompiled is a compiled stored function and the host its statements
// were translated for.
type plCompiled struct {
	stored *catalog.Function
	fn     *plpgsql.Function
	host   *plHost
	// checked is the statement (its transaction and start) that last
	// found stored current: a trigger firing per row looks its function
	// up once per statement.
	checked stmtStamp
	// table is the descriptor of the trigger's table whose transition
	// tables the statements were translated with (nil: none).
	table *catalog.Table
}

type stmtStamp struct {
	txn kv.Txn
	at  time.Time
}

// maxPLCache bounds the compiled functions and conditions a session
// keeps; past it the cache starts over.
const maxPLCache = 256

// plFunction returns the compiled LANGUAGE plpgsql function name of db
// for the statement stamp.
func (s *Session) plFunction(ctx context.Context, stamp stmtStamp, db *catalog.Database, name string) (*plCompiled, error) {
	return s.plFunctionFor(ctx, stamp, db, name, nil, nil)
}

// plFunctionFor is plFunction for the trigger trig of table t (nil:
// none): a trigger with transition tables has the function compiled for
// it, since its statements read the tables' names (PostgreSQL too keeps
// a trigger function per table it fires for).
func (s *Session) plFunctionFor(ctx context.Context, stamp stmtStamp, db *catalog.Database, name string, t *catalog.Table, trig *catalog.Trigger) (*plCompiled, error) {
	db, name, err := s.functionHome(ctx, stamp.txn, db, name)
	if err != nil {
		return nil, err
	}
	key := plKey{db: db.ID, name: name}
	if trig != nil && trig.HasTransition() {
		key.transition = t.Name + "\x00" + trig.OldTable + "\x00" + trig.NewTable
	} else {
		t = nil
	}
	c, ok := s.plFuncs[key]
	if ok && c.checked == stamp && c.table == t {
		return c, nil
	}
	f, err := s.db.cat.Function(ctx, stamp.txn, db, name)
	if err != nil {
		return nil, err
	}
	if ok && c.stored == f && c.table == t {
		c.checked = stamp
		return c, nil
	}
	if f.Lang() != catalog.LangPLpgSQL {
		return nil, errs.New(errs.FeatureNotSupported, "function %s is in LANGUAGE %s: zerodb runs only LANGUAGE plpgsql functions here", f.Name, f.Lang())
	}
	fn, err := plpgsql.Compile(f)
	if err != nil {
		return nil, err
	}
	c = &plCompiled{stored: f, fn: fn, host: &plHost{s: s}, checked: stamp, table: t}
	if t != nil {
		for _, name := range []string{trig.OldTable, trig.NewTable} {
			if name != "" {
				c.host.transition = append(c.host.transition, t.TransitionOf(name))
			}
		}
	}
	if s.plFuncs == nil || len(s.plFuncs) >= maxPLCache {
		s.plFuncs = map[plKey]*plCompiled{}
	}
	s.plFuncs[key] = c
	return c, nil
}

type plKey struct {
	db   uint64
	name string // a function's name, or a WHEN condition's text
	when bool
	// transition names a trigger's table and transition tables, for
	// which the function is compiled.
	transition string
}

// run runs c in txn with its host set to the call's transaction and
// notices (restored after: a trigger may fire inside another call of the
// same function).
func (c *plCompiled) run(ctx context.Context, txn kv.Txn, notices exec.Noticer, call plpgsql.Call, tt *exec.Transition) (plpgsql.Result, error) {
	h := c.host
	saved := *h
	h.txn, h.notices, h.tt = txn, notices, tt
	defer func() { *h = saved }()
	return c.fn.Run(ctx, h, call)
}

// FireRow runs one trigger (exec.PL).
func (s *Session) FireRow(ctx context.Context, env *exec.Env, t *catalog.Table, trig *catalog.Trigger, event uint8, old, nv value.Value, tt *exec.Transition) (value.Value, error) {
	c, err := s.plFunctionFor(ctx, stmtStamp{env.Txn, env.Now}, env.Database, trig.Function, t, trig)
	if err != nil {
		return value.None, err
	}
	if r := c.stored.Routine; r == nil || r.Kind != catalog.ReturnTrigger {
		return value.None, errs.New(errs.InvalidObjectDefinition, "function %s must return type trigger", c.stored.Name)
	}
	var res plpgsql.Result
	err = s.withRoutine(ctx, c.stored, func(ctx context.Context) (err error) {
		res, err = c.run(ctx, env.Txn, env.Notices, s.triggerCall(t, trig, event, old, nv), tt)
		return err
	})
	if err != nil {
		return value.None, err
	}
	if res.Record == nil || res.Record.Obj == nil {
		return value.None, nil
	}
	return value.ObjectOf(res.Record.Obj), nil
}

// triggerCall is the call of trig's function, or WHEN condition, for
// event on the rows old and nv.
func (s *Session) triggerCall(t *catalog.Table, trig *catalog.Trigger, event uint8, old, nv value.Value) plpgsql.Call {
	call := plpgsql.Call{Trigger: &plpgsql.TriggerInfo{Name: trig.Name, When: "AFTER", Level: "ROW", Table: t.Name, Schema: "public", Args: trig.Args}}
	if trig.Before {
		call.Trigger.When = "BEFORE"
	} else if trig.Instead {
		call.Trigger.When = "INSTEAD OF"
	}
	switch event {
	case catalog.TriggerInsert:
		call.Trigger.Op = "INSERT"
	case catalog.TriggerUpdate:
		call.Trigger.Op = "UPDATE"
	case catalog.TriggerDelete:
		call.Trigger.Op = "DELETE"
	case catalog.TriggerTruncate:
		call.Trigger.Op = "TRUNCATE"
	}
	if trig.Statement {
		call.Trigger.Level = "STATEMENT"
	}
	// NEW of a DELETE, OLD of an INSERT and both of a statement trigger
	// are NULL records of the table's columns, as in PostgreSQL 11 and
	// later.
	cols := s.triggerColumns(t)
	call.New, call.Old = &plpgsql.Record{Cols: cols, Type: t.Name}, &plpgsql.Record{Cols: cols, Type: t.Name}
	if nv.Kind() == value.KindObject {
		call.New.Obj = nv.AsObject()
	}
	if old.Kind() == value.KindObject {
		call.Old.Obj = old.AsObject()
	}
	return call
}

// TriggerWhen evaluates a trigger's WHEN condition over NEW and OLD
// (exec.PL).
func (s *Session) TriggerWhen(ctx context.Context, env *exec.Env, t *catalog.Table, trig *catalog.Trigger, event uint8, old, nv value.Value) (bool, error) {
	key := plKey{db: env.Database.ID, name: trig.When, when: true}
	c, ok := s.plFuncs[key]
	if !ok {
		fn, err := plpgsql.Condition(trig.When)
		if err != nil {
			return false, err
		}
		c = &plCompiled{fn: fn, host: &plHost{s: s}}
		if s.plFuncs == nil || len(s.plFuncs) >= maxPLCache {
			s.plFuncs = map[plKey]*plCompiled{}
		}
		s.plFuncs[key] = c
	}
	res, err := c.run(ctx, env.Txn, env.Notices, s.triggerCall(t, trig, event, old, nv), nil)
	if err != nil {
		return false, err
	}
	return res.Value.Kind() == value.KindBool && res.Value.AsBool(), nil
}

// triggerColumns are the columns of t's records as NEW and OLD see them.
func (s *Session) triggerColumns(t *catalog.Table) []plpgsql.Column {
	if cols, ok := s.plCols[t]; ok {
		return cols
	}
	cols := make([]plpgsql.Column, 0, len(t.Fields))
	for _, f := range t.Fields {
		cols = append(cols, plpgsql.Column{Name: f.Name, Type: f.Type})
	}
	if s.plCols == nil || len(s.plCols) >= maxPLCache {
		s.plCols = map[*catalog.Table][]plpgsql.Column{}
	}
	s.plCols[t] = cols
	return cols
}

// TriggerFunction checks CREATE TRIGGER's function (translate.TriggerResolver).
func (r *resolver) TriggerFunction(ctx context.Context, name string) error {
	f, ok, err := r.StoredFunction(ctx, name)
	if err != nil {
		return err
	}
	if !ok {
		return errs.New(errs.UndefinedFunction, "function %s() does not exist", name)
	}
	if f.Routine == nil || f.Routine.Kind != catalog.ReturnTrigger {
		return errs.New(errs.InvalidObjectDefinition, "function %s must return type trigger", name)
	}
	if f.Lang() != catalog.LangPLpgSQL {
		return errs.New(errs.FeatureNotSupported, "trigger functions in LANGUAGE %s are not supported", strings.ToLower(f.Lang()))
	}
	return nil
}

// CallFunction runs a call of a LANGUAGE plpgsql function (exec.PL).
func (s *Session) CallFunction(ctx context.Context, env *exec.Env, name string, args []value.Value, rows bool) (value.Value, error) {
	c, err := s.plFunction(ctx, stmtStamp{env.Txn, env.Now}, env.Database, name)
	if err != nil {
		return value.None, err
	}
	f := c.stored
	r := f.Routine
	if r != nil && r.Strict {
		for _, a := range args {
			if a.IsSQLNull() {
				if rows {
					return value.List(nil), nil
				}
				return value.None, nil
			}
		}
	}
	var res plpgsql.Result
	err = s.withRoutine(ctx, f, func(ctx context.Context) (err error) {
		res, err = c.run(ctx, env.Txn, env.Notices, plpgsql.Call{Args: args}, nil)
		return err
	})
	if err != nil {
		return value.None, err
	}
	if r == nil || r.Kind == catalog.ReturnVoid {
		if rows {
			return value.List([]value.Value{value.Tuple([]value.Value{value.String("")})}), nil
		}
		return value.String(""), nil
	}
	oneRow := !r.SetOf && (r.Kind == catalog.ReturnRow || r.Kind == catalog.ReturnRecord)
	switch {
	case !rows && oneRow:
		// A row in an expression: the composite of its fields, NULL for
		// RETURN NULL.
		row, ok := plOneRow(res)
		if !ok {
			return value.None, nil
		}
		if row, err = convertRow(f, row); err != nil {
			return value.None, err
		}
		return value.Composite(row), nil
	case !rows:
		return convertTo(res.Value, f.Result)
	case oneRow:
		row, ok := plOneRow(res)
		if !ok {
			// RETURN NULL in FROM: one row of NULLs, as in PostgreSQL.
			row = make([]value.Value, max(len(plRowTypes(f)), 1))
		}
		res.Rows = [][]value.Value{row}
	case !r.SetOf:
		v, err := convertTo(res.Value, f.Result)
		return value.List([]value.Value{value.Tuple([]value.Value{v})}), err
	}
	out := make([]value.Value, len(res.Rows))
	for i, row := range res.Rows {
		if row, err = convertRow(f, row); err != nil {
			return value.None, err
		}
		out[i] = value.Tuple(row)
	}
	return value.List(out), nil
}

// plOneRow is the one row a PL/pgSQL function returning a row (not a
// set) returned: a row variable's fields, its OUT parameters' values or
// a composite's fields (ok false: RETURN NULL).
func plOneRow(res plpgsql.Result) ([]value.Value, bool) {
	switch {
	case res.Record != nil:
		row := make([]value.Value, len(res.Record.Cols))
		for i, c := range res.Record.Cols {
			row[i], _ = res.Record.Obj.Get(c.Name)
		}
		return row, true
	case len(res.Rows) > 0:
		return res.Rows[0], true
	case res.Value.Kind() == value.KindComposite:
		return slices.Clone(res.Value.AsList()), true
	}
	return nil, false
}

// convertRow converts a row f returned to f's row types (42804 for a
// row of another width).
func convertRow(f *catalog.Function, row []value.Value) ([]value.Value, error) {
	types := plRowTypes(f)
	if len(types) > 0 && len(row) != len(types) {
		return nil, errs.New(errs.DatatypeMismatch, "structure of query does not match function result type").
			WithDetail("Returned %d columns, function %s returns %d.", len(row), f.Name, len(types))
	}
	for k := range row {
		if k < len(types) {
			var err error
			if row[k], err = convertTo(row[k], types[k]); err != nil {
				return nil, err
			}
		}
	}
	return row, nil
}

// plRowTypes are the column types of a set-returning function's rows:
// its OUT (TABLE) columns, or its one result (nil entries: any).
func plRowTypes(f *catalog.Function) []*value.Type {
	if outs := f.OutParams(); len(outs) > 0 {
		ts := make([]*value.Type, len(outs))
		for i, p := range outs {
			ts[i] = p.Type
		}
		return ts
	}
	if f.Result != nil {
		return []*value.Type{f.Result}
	}
	return nil
}

func convertTo(v value.Value, t *value.Type) (value.Value, error) {
	if t == nil || v.IsNone() {
		return v, nil
	}
	return value.Convert(v, *t)
}
