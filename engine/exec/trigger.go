package exec

import (
	"context"
	"slices"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// PL runs PL/pgSQL, which the executor cannot: calls of LANGUAGE
// plpgsql functions (plan.PLCallPrefix) and SQL triggers
// (catalog.Trigger). The session sets Env.PL. Every write of a record — SQL's INSERT (ON CONFLICT DO
// UPDATE's update fires UPDATE triggers), UPDATE, DELETE and COPY FROM,
// and ZQL's writes, which share these iterators — fires the table's
// triggers: BEFORE row triggers as the row is written (fireTriggers),
// AFTER row triggers from the statement's queue once all its rows are
// written (afterQueue), and statement triggers before the first row and
// after the last AFTER row trigger (statementTriggers).
type PL interface {
	// FireRow runs trig of table t. event is one of
	// catalog.TriggerInsert, TriggerUpdate, TriggerDelete and
	// TriggerTruncate; old and new are the row's objects (value.None
	// when the event has none, and for a statement trigger). It returns
	// the row to write: for a BEFORE row trigger new, or the record the
	// function returned instead, or value.None to skip the row (what
	// other triggers return is ignored). The caller has checked the
	// trigger's WHEN condition (TriggerWhen).
	// tt, for a trigger with transition tables, holds them: the
	// statements of its function read them through Env.Transition.
	FireRow(ctx context.Context, env *Env, t *catalog.Table, trig *catalog.Trigger, event uint8, old, new value.Value, tt *Transition) (value.Value, error)
	// TriggerWhen evaluates trig's WHEN condition (trig.When is not
	// empty) over old and new, as FireRow would see them.
	TriggerWhen(ctx context.Context, env *Env, t *catalog.Table, trig *catalog.Trigger, event uint8, old, new value.Value) (bool, error)
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

// firesFor reports whether trig, enabled and of that level and timing,
// is one event fires.
func firesFor(trig *catalog.Trigger, statement, before bool, event uint8) bool {
	return !trig.Disabled && trig.Statement == statement && trig.Before == before && trig.Events&event != 0
}

// rowFires reports whether the row trigger trig fires for a row of
// event: UPDATE OF's columns and the WHEN condition hold. setCols are
// the columns the statement's SET names (plan.Update.SetCols).
func (r *run) rowFires(t *catalog.Table, trig *catalog.Trigger, event uint8, setCols []string, old, nv value.Value) (bool, error) {
	if event == catalog.TriggerUpdate && len(trig.Columns) > 0 && !updateOf(trig.Columns, setCols, old, nv) {
		return false, nil
	}
	if r.env.PL == nil {
		return false, errs.New(errs.FeatureNotSupported, "table %q has triggers, which cannot run here", t.Name)
	}
	if trig.When == "" {
		return true, nil
	}
	return r.env.PL.TriggerWhen(r.ctx, r.env, t, trig, event, old, nv)
}

// fireTriggers runs t's enabled BEFORE row triggers for event (a
// view's INSTEAD OF ones when instead), in name order (the catalog
// keeps them so), each given the row the one before returned, and
// returns the row to write (value.None: a trigger skipped it; for a
// DELETE, nv unchanged).
func (r *run) fireTriggers(t *catalog.Table, instead bool, event uint8, setCols []string, old, nv value.Value) (value.Value, error) {
	for i := range t.Triggers {
		trig := &t.Triggers[i]
		if instead != trig.Instead || !firesFor(trig, false, !instead, event) {
			continue
		}
		row := nv
		if event == catalog.TriggerDelete {
			row = value.None
		}
		if ok, err := r.rowFires(t, trig, event, setCols, old, row); err != nil || !ok {
			if err != nil {
				return value.None, err
			}
			continue
		}
		out, err := r.env.PL.FireRow(r.ctx, r.env, t, trig, event, old, row, nil)
		if err != nil {
			return value.None, err
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

// hasTriggers reports whether t has an enabled row trigger of that
// timing for event.
func hasTriggers(t *catalog.Table, before bool, event uint8) bool {
	for i := range t.Triggers {
		if firesFor(&t.Triggers[i], false, before, event) {
			return true
		}
	}
	return false
}

// updateOf reports whether an UPDATE OF trigger on cols fires: as in
// PostgreSQL, when the statement's SET names one of them; where the
// statement does not say (setCols nil: ZQL), when one's value changed.
func updateOf(cols, setCols []string, old, nv value.Value) bool {
	if setCols != nil {
		for _, c := range cols {
			if slices.Contains(setCols, c) {
				return true
			}
		}
		return false
	}
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
func (r *run) beforeWrite(t *catalog.Table, event uint8, setCols []string, old value.Value, obj *value.Object, pos int) (*value.Object, error) {
	if !hasTriggers(t, true, event) {
		return obj, nil
	}
	out, err := triggerRow(r.fireTriggers(t, false, event, setCols, old, value.ObjectOf(obj)))
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
		case f.Domain != "" && !f.DomainArray:
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
	return triggerRow(r.fireTriggers(t, false, catalog.TriggerInsert, nil, value.None, value.ObjectOf(filled)))
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

// afterWrite queues the AFTER row triggers of a written row whose
// UPDATE OF columns and WHEN condition hold (PostgreSQL decides then
// too); they run when the statement has written all its rows
// (fireAfter).
func (r *run) afterWrite(t *catalog.Table, event uint8, setCols []string, old, nv value.Value) error {
	var oldAt, newAt rowSpan
	stored, captured := false, false
	// The rows are stored once for all the row's triggers and its
	// transition tables.
	store := func() *afterQueue {
		q := r.afterQueue()
		if !stored {
			oldAt, newAt, stored = q.rows.add(old), q.rows.add(nv), true
		}
		return q
	}
	for i := range t.Triggers {
		trig := &t.Triggers[i]
		if trig.Disabled || trig.Before || trig.Events&event == 0 {
			continue
		}
		if trig.HasTransition() && !captured {
			// Whether or not the trigger fires for this row, the row is
			// in the statement's transition tables.
			q := store()
			q.capture(t, event).add(oldAt, newAt)
			captured = true
		}
		if trig.Statement {
			continue
		}
		if ok, err := r.rowFires(t, trig, event, setCols, old, nv); err != nil || !ok {
			if err != nil {
				return err
			}
			continue
		}
		q := store()
		q.events = append(q.events, afterEvent{trig: q.trigger(t, trig), event: event, old: oldAt, new: newAt})
	}
	return nil
}

// statementTriggers runs t's BEFORE STATEMENT triggers of events, in
// that order, and queues its AFTER STATEMENT triggers of them in the
// reverse order (ON CONFLICT DO UPDATE: INSERT's and UPDATE's, as
// PostgreSQL fires them): they run after the statement's AFTER row
// triggers. A write calls it once, as it opens, whether or not it
// writes a row.
func (r *run) statementTriggers(t *catalog.Table, setCols []string, events ...uint8) error {
	if b := r.env.Batch; b != nil {
		if b.opened {
			return nil
		}
		b.opened = true
	}
	if len(t.Triggers) == 0 {
		return nil
	}
	for _, event := range events {
		if err := r.fireStatement(t, true, event, setCols); err != nil {
			return err
		}
	}
	for _, event := range slices.Backward(events) {
		for i := range t.Triggers {
			if trig := &t.Triggers[i]; firesFor(trig, true, false, event) {
				q := r.afterQueue()
				q.stmts = append(q.stmts, stmtEvent{trig: q.trigger(t, trig), event: event, setCols: setCols})
			}
		}
	}
	return nil
}

// fireStatement runs t's statement triggers of one timing for event.
func (r *run) fireStatement(t *catalog.Table, before bool, event uint8, setCols []string) error {
	for i := range t.Triggers {
		if trig := &t.Triggers[i]; firesFor(trig, true, before, event) {
			if err := r.fireStatementTrigger(t, trig, event, setCols, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// fireStatementTrigger runs one statement trigger whose UPDATE OF
// columns and WHEN condition hold; tt are its transition tables.
func (r *run) fireStatementTrigger(t *catalog.Table, trig *catalog.Trigger, event uint8, setCols []string, tt *Transition) error {
	if event == catalog.TriggerUpdate && len(trig.Columns) > 0 && setCols != nil && !updateOf(trig.Columns, setCols, value.None, value.None) {
		return nil
	}
	if ok, err := r.rowFires(t, trig, event, nil, value.None, value.None); err != nil || !ok {
		return err
	}
	_, err := r.env.PL.FireRow(r.ctx, r.env, t, trig, event, value.None, value.None, tt)
	return err
}

// afterQueue is the statement's queue of AFTER triggers to run at its
// end, as PostgreSQL's after-trigger queue: the row events in the order
// the rows were written, then the statement events. A million-row
// UPDATE queues a million events, so an event is small (its trigger an
// index, its rows spans of an arena of their encoded bytes) and the rows
// are decoded only as their triggers run.
type afterQueue struct {
	trigs    []queuedTrigger
	events   []afterEvent
	stmts    []stmtEvent
	rows     rowArena
	captures []*capture
}

type queuedTrigger struct {
	t    *catalog.Table
	trig *catalog.Trigger
}

// afterEvent is a queued AFTER row trigger: 32 bytes.
type afterEvent struct {
	old, new rowSpan
	trig     uint32 // index in afterQueue.trigs
	event    uint8
}

// stmtEvent is a queued AFTER STATEMENT trigger.
type stmtEvent struct {
	trig    uint32
	event   uint8
	setCols []string // an UPDATE's SET columns
}

func (r *run) afterQueue() *afterQueue {
	if b := r.env.Batch; b != nil {
		return &b.after
	}
	if r.after == nil {
		r.after = &afterQueue{}
	}
	return r.after
}

// trigger is the index of (t, trig) in q.trigs.
func (q *afterQueue) trigger(t *catalog.Table, trig *catalog.Trigger) uint32 {
	for i := len(q.trigs) - 1; i >= 0; i-- {
		if q.trigs[i].trig == trig {
			return uint32(i)
		}
	}
	q.trigs = append(q.trigs, queuedTrigger{t: t, trig: trig})
	return uint32(len(q.trigs) - 1)
}

// fireAfter runs the statement's queued AFTER triggers: each row event
// sees every row the statement wrote. A trigger's own statements queue
// and fire theirs in their own runs.
func (r *run) fireAfter() error {
	q := r.after
	if q == nil {
		return nil
	}
	r.after = nil
	var last afterEvent
	var old, nv value.Value
	for i := range q.events {
		ev := &q.events[i]
		if err := r.tick(); err != nil {
			return err
		}
		if i == 0 || ev.old != last.old || ev.new != last.new {
			var err error
			if old, err = q.rows.get(ev.old); err != nil {
				return err
			}
			if nv, err = q.rows.get(ev.new); err != nil {
				return err
			}
			last = *ev
		}
		qt := q.trigs[ev.trig]
		var tt *Transition
		if qt.trig.HasTransition() {
			tt = q.transition(qt.t, qt.trig, ev.event)
		}
		if _, err := r.env.PL.FireRow(r.ctx, r.env, qt.t, qt.trig, ev.event, old, nv, tt); err != nil {
			return err
		}
	}
	for _, ev := range q.stmts {
		qt := q.trigs[ev.trig]
		var tt *Transition
		if qt.trig.HasTransition() {
			tt = q.transition(qt.t, qt.trig, ev.event)
		}
		if err := r.fireStatementTrigger(qt.t, qt.trig, ev.event, ev.setCols, tt); err != nil {
			return err
		}
	}
	return nil
}

// capture is one table's and event's transition tables: the spans of
// the rows the statement wrote, decoded when a trigger's statement
// first reads them and then shared by every trigger of the table and
// event (a row trigger reading its transition table decodes it once per
// statement, not once per row).
type capture struct {
	t        *catalog.Table
	event    uint8
	old, new []rowSpan
	decoded  [2][][2]value.Value // OLD's and NEW's, once decoded
	done     [2]bool
}

func (c *capture) add(old, nv rowSpan) {
	if old.end != 0 {
		c.old = append(c.old, old)
	}
	if nv.end != 0 {
		c.new = append(c.new, nv)
	}
}

// capture is the capture of t's event, made on first use.
func (q *afterQueue) capture(t *catalog.Table, event uint8) *capture {
	for _, c := range q.captures {
		if c.t == t && c.event == event {
			return c
		}
	}
	c := &capture{t: t, event: event}
	q.captures = append(q.captures, c)
	return c
}

// transition is the transition tables of trig for event, empty when
// the statement wrote no row of it.
func (q *afterQueue) transition(t *catalog.Table, trig *catalog.Trigger, event uint8) *Transition {
	return &Transition{OldName: trig.OldTable, NewName: trig.NewTable, c: q.capture(t, event), rows: &q.rows}
}

// Transition is a trigger call's transition tables (REFERENCING OLD
// TABLE AS OldName NEW TABLE AS NewName): the rows its firing statement
// wrote for the trigger's table and event. The session hands it to the
// statements of the trigger's function (Env.Transition), whose scans of
// the names' descriptors (catalog.Table.Transition) read it.
type Transition struct {
	OldName, NewName string
	c                *capture
	rows             *rowArena
}

// tableRows are the rows of transition table name, as a scan yields
// them: [row number, object].
func (tt *Transition) tableRows(name string) ([][2]value.Value, error) {
	i := 0
	switch name {
	case tt.OldName:
	case tt.NewName:
		i = 1
	default:
		return nil, internalf("no transition table %q", name)
	}
	c := tt.c
	if c.done[i] {
		return c.decoded[i], nil
	}
	spans := c.old
	if i == 1 {
		spans = c.new
	}
	rows := make([][2]value.Value, len(spans))
	for k, sp := range spans {
		v, err := tt.rows.get(sp)
		if err != nil {
			return nil, err
		}
		rows[k] = [2]value.Value{value.Int(int64(k + 1)), v}
	}
	c.decoded[i], c.done[i] = rows, true
	return rows, nil
}

// rowArena holds encoded rows in chunks that are never moved once full:
// a row is a span of one chunk.
type rowArena struct {
	chunks [][]byte
}

// rowSpan is where a row is in a rowArena; the zero span is no row.
type rowSpan struct {
	chunk, off, end uint32
}

// arenaChunk is the size past which a chunk takes no more rows: chunks
// start small (a one-row statement) and double up to it.
const arenaChunk = 1 << 20

func (a *rowArena) add(v value.Value) rowSpan {
	if v.IsNone() {
		return rowSpan{}
	}
	n := len(a.chunks)
	if n == 0 || len(a.chunks[n-1]) >= arenaChunk {
		a.chunks = append(a.chunks, make([]byte, 0, 256))
		n++
	}
	c := a.chunks[n-1]
	off := len(c)
	c = value.Encode(c, v)
	a.chunks[n-1] = c
	return rowSpan{chunk: uint32(n - 1), off: uint32(off), end: uint32(len(c))}
}

func (a *rowArena) get(s rowSpan) (value.Value, error) {
	if s.end == 0 {
		return value.None, nil
	}
	v, err := value.Decode(a.chunks[s.chunk][s.off:s.end])
	if err != nil {
		return value.None, errs.From(err)
	}
	return v, nil
}

// Batch is one statement whose rows several runs write (COPY FROM runs
// its Insert plan per batch of rows), for its triggers: its statement
// triggers fire once, as the first run opens its write, and its AFTER
// triggers are queued across the runs until FinishBatch.
type Batch struct {
	after  afterQueue
	opened bool
}

// FinishBatch runs the AFTER triggers the runs of env's Batch queued,
// and forgets them.
func (e *Executor) FinishBatch(ctx context.Context, env *Env) error {
	b := env.Batch
	if b == nil {
		return nil
	}
	r := e.newRun(ctx, env)
	q := b.after
	b.after = afterQueue{}
	r.after = &q
	err := r.fireAfter()
	r.flushCounts()
	if err != nil {
		return errs.From(err)
	}
	return nil
}

// Opened reports whether a run of the batch has opened its write (and
// fired its statement triggers).
func (b *Batch) Opened() bool { return b.opened }
