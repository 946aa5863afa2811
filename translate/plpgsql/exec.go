package plpgsql

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// Host runs what a PL/pgSQL body needs of the database: the session
// implements it, so that this package knows nothing of translation or
// execution.
type Host interface {
	// Type is the type a declared type name stands for.
	Type(ctx context.Context, name string) (value.Type, error)
	// Prepare translates one SQL statement whose $1..$n have the given
	// types (a zero Type: inferred from its use).
	Prepare(ctx context.Context, sql string, params []value.Type) (Prepared, error)
	// Notice sends a notice to the client.
	Notice(n errs.Notice) error
	// Savepoint records the transaction's writes; rollback puts them
	// back (a block whose exception handler runs).
	Savepoint() (rollback func() error, err error)
	// Text is v as PostgreSQL's text output shows it for type t (the
	// zero Type: v's own).
	Text(v value.Value, t value.Type) string
	// EndTransaction is COMMIT (commit) or ROLLBACK of a procedure or
	// DO block: it ends the transaction and starts the next one (chain:
	// with the same characteristics), or fails with 2D000 where the
	// call cannot end it (inside a transaction block, a function, ...).
	EndTransaction(ctx context.Context, commit, chain bool) error
}

// CallOutputs is what a Prepared CALL also tells: for each of its
// result columns (the procedure's OUT and INOUT parameters), the index
// of the CALL's argument passed for it (-1: none).
type CallOutputs interface {
	CallOutputs() []int
}

// Prepared is one translated embedded statement.
type Prepared interface {
	// Columns are the statement's result columns; nil when it returns no
	// rows (a write without RETURNING, DDL).
	Columns() []Column
	// Run runs the statement with args as $1..$n. Each result row goes
	// to row (the slice is valid during the call) until row returns
	// false; a write runs to its end anyway. n is the number of rows the
	// statement returned or wrote.
	Run(ctx context.Context, args []value.Value, row func([]value.Value) bool) (n int, err error)
}

// Column is one result column.
type Column struct {
	Name string
	Type value.Type
}

// Record is the value of a record variable (NEW, OLD, a FOR loop's row):
// its fields by name, and their types in order. A nil Obj is a NULL
// record of known columns (OLD of an INSERT): its fields read as NULL.
type Record struct {
	Cols []Column
	Obj  *value.Object
	// Type names the record's composite type (a table's row type, a
	// CREATE TYPE ... AS type); "" for an anonymous record.
	Type string
}

// Value is the record as a composite value of its fields in order (NULL
// for a NULL record).
func (r *Record) Value() value.Value {
	if r.Obj == nil {
		return value.None
	}
	xs := make([]value.Value, len(r.Cols))
	for i, c := range r.Cols {
		xs[i], _ = r.Obj.Get(c.Name)
	}
	return value.Composite(xs)
}

// compositeType is the type of Value.
func (r *Record) compositeType() value.Type {
	fields := make([]value.Field, len(r.Cols))
	for i, c := range r.Cols {
		fields[i] = value.Field{Name: c.Name, Type: c.Type}
	}
	return value.CompositeType(r.Type, fields)
}

// recordOf is composite x of type t as a record: t's fields name its
// columns, or f1, f2, ... where t does not know them (a record of
// unknown shape), as ROW(...) names them in PostgreSQL.
func recordOf(x value.Value, t value.Type) *Record {
	xs := x.AsList()
	cols := make([]Column, len(xs))
	obj := value.NewObject(len(xs))
	for i, f := range xs {
		if len(t.Fields) == len(xs) {
			cols[i] = Column{Name: t.Fields[i].Name, Type: t.Fields[i].Type}
		} else {
			cols[i] = Column{Name: "f" + strconv.Itoa(i+1), Type: value.TypeOf(f)}
		}
		obj.Set(cols[i].Name, f)
	}
	return &Record{Cols: cols, Obj: obj, Type: t.Name}
}

func (r *Record) colType(name string) (value.Type, bool) {
	for _, c := range r.Cols {
		if c.Name == name {
			return c.Type, true
		}
	}
	return value.Type{}, false
}

// Call is one call of a function.
type Call struct {
	Args []value.Value
	// New and Old are a row trigger's records (nil when absent: OLD of
	// an INSERT).
	New, Old *Record
	// Trigger is the TG_ variables of a trigger call.
	Trigger *TriggerInfo
}

// TriggerInfo is what TG_OP and the other TG_ variables read.
type TriggerInfo struct {
	Name, When, Level, Op, Table, Schema string
	Args                                 []string
}

// Result is what a call returned.
type Result struct {
	// Value is a scalar function's RETURN value.
	Value value.Value
	// Record is the record a trigger function returned (nil: NULL).
	Record *Record
	// Rows are a set-returning function's rows (RETURN NEXT, RETURN
	// QUERY): one value each for a scalar result, else a record's fields
	// in order; for a function of several OUT parameters that returns
	// no set, the one row of their values.
	Rows [][]value.Value
}

// exprCache is an embedded statement's translation, kept for the types
// its parameters had.
type exprCache struct {
	bound *bound
	types []value.Type
	prep  Prepared
}

type ctl uint8

const (
	ctlNone ctl = iota
	ctlExit
	ctlContinue
	ctlReturn
)

// maxDepth bounds nested PL/pgSQL calls (triggers firing triggers,
// recursion) with PostgreSQL's error rather than a Go stack overflow.
const maxDepth = 200

type depthKey struct{}

// subxactKey marks the context of statements under an exception
// block's savepoint.
type subxactKey struct{}

type frame struct {
	ctx      context.Context
	f        *Function
	h        Host
	vals     []value.Value
	types    []value.Type
	recs     []*Record
	rowCount int
	label    string // of the EXIT or CONTINUE under way
	res      Result
	handling []*errs.Error // the errors whose handlers run (RAISE;)
}

// Run runs f once in h.
func (f *Function) Run(ctx context.Context, h Host, call Call) (Result, error) {
	depth, _ := ctx.Value(depthKey{}).(int)
	if depth >= maxDepth {
		return Result{}, errs.New(errs.StatementTooComplex, "stack depth limit exceeded").
			WithHint("PL/pgSQL calls nest more than %d deep: look for unbounded recursion (a trigger that fires itself)", maxDepth)
	}
	ctx = context.WithValue(ctx, depthKey{}, depth+1)
	fr := &frame{ctx: ctx, f: f, h: h, vals: make([]value.Value, len(f.Vars)), types: make([]value.Type, len(f.Vars)), recs: make([]*Record, len(f.Vars))}
	for i, v := range f.Vars {
		if v.TypeName != "" {
			t, err := fr.typeOf(v)
			if err != nil {
				return Result{}, err
			}
			fr.types[i] = t
		}
	}

	for i, a := range f.Args {
		if i < len(call.Args) {
			if err := fr.setVar(a, call.Args[i]); err != nil {
				return Result{}, err
			}
		}
	}
	if f.New != nil {
		fr.recs[f.New.slot] = call.New
	}
	if f.Old != nil {
		fr.recs[f.Old.slot] = call.Old
	}
	if tg := call.Trigger; tg != nil && len(f.tg) == len(tgVars) {
		for i, x := range [...]value.Value{value.String(tg.Name), value.String(tg.When), value.String(tg.Level),
			value.String(tg.Op), value.String(tg.Table), value.String(tg.Table), value.String(tg.Schema),
			value.IntW(int64(len(tg.Args)), value.I32), value.None} {
			fr.vals[f.tg[i].slot] = x
		}
		argv := make([]value.Value, len(tg.Args))
		for i, a := range tg.Args {
			argv[i] = value.String(a)
		}
		fr.vals[f.tg[len(tgVars)-1].slot] = value.List(argv)
	}
	if f.Found != nil {
		fr.vals[f.Found.slot] = value.Bool(false)
	}
	c, err := fr.block(f.Body)
	if err != nil {
		return Result{}, err
	}
	if c == ctlNone && f.New != nil && !f.cond {
		return Result{}, errs.New(errCodeNoReturn, "control reached end of trigger procedure without RETURN")
	}
	if c == ctlNone && f.needReturn {
		return Result{}, errs.New(errCodeNoReturn, "control reached end of function without RETURN")
	}
	if len(f.outs) == 1 && !f.Setof {
		fr.res.Value = fr.vals[f.outs[0].slot]
	}
	if len(f.outs) > 1 && !f.Setof {
		row := make([]value.Value, len(f.outs))
		for i, v := range f.outs {
			row[i] = fr.vals[v.slot]
		}
		fr.res.Rows = [][]value.Value{row}
	}
	return fr.res, nil
}

// ReturnsNothing: the function ended without RETURN.
const errCodeNoReturn = "2F005"

// typeOf resolves a variable's declared type. A table's row type makes
// it a record variable (the Host reports it as an object type naming
// the table).
// The type is resolved once per Function (a trigger runs per row).
func (fr *frame) typeOf(v *Var) (value.Type, error) {
	if v.resolved {
		return v.typ, nil
	}
	t, err := fr.h.Type(fr.ctx, v.TypeName)
	if err != nil {
		return value.Type{}, errs.From(err).WithWhere("declaration of PL/pgSQL variable %q", v.Name)
	}
	if v.Record && !t.IsComposite() && t.Kind != value.KindObject {
		// Declared a record by Parse for p.f, but of a scalar type.
		return value.Type{}, errs.New(errs.SyntaxError, "variable %q of type %s has no fields", v.Name, t.SQLName())
	}
	switch {
	case t.IsComposite() && t.Name != "":
		row := t
		v.Record, v.row = true, &row
		v.rowCols = make([]Column, len(t.Fields))
		for i, f := range t.Fields {
			v.rowCols[i] = Column{Name: f.Name, Type: f.Type}
		}
		t = value.Type{}
	case t.Kind == value.KindObject && t.Table != "":
		// A schemaless table's rows have no type to keep.
		v.Record = true
		t = value.Type{}
	}
	v.typ, v.resolved = t, true
	return t, nil
}

func typed(t value.Type) bool { return t.Kind != value.KindNone }

// setVar assigns to a variable, converting to its declared type.
func (fr *frame) setVar(v *Var, x value.Value) error {
	if v.Record {
		switch {
		case x.IsNone():
			fr.recs[v.slot] = nil
			return nil
		case x.Kind() == value.KindComposite:
			t := value.TypeOf(x)
			if v.row != nil {
				t = *v.row
			}
			return fr.setRecord(v, recordOf(x, t))
		case v.row != nil:
			// Another value is read as the row's text, as record_in.
			c, err := value.Convert(value.String(fr.h.Text(x, value.Type{})), *v.row)
			if err != nil {
				return err
			}
			return fr.setRecord(v, recordOf(c, *v.row))
		}
		return errs.New(errs.FeatureNotSupported, "input of anonymous composite types is not implemented")
	}
	t := fr.types[v.slot]
	if typed(t) && !x.IsNone() {
		c, err := value.Convert(x, t)
		if err != nil {
			return err
		}
		x = c
	}
	if x.IsNone() && v.NotNull {
		return errs.New(errs.NullValueNotAllowed, "null value cannot be assigned to variable %q declared NOT NULL", v.Name)
	}
	fr.vals[v.slot] = x
	return nil
}

func errNotComposite() error {
	return errs.New(errs.DatatypeMismatch, "cannot assign non-composite value to a record variable")
}

// setRecord assigns rec (nil: NULL) to record variable v. A row
// variable keeps its type: rec's fields convert to its fields by
// position, missing ones NULL and extra ones dropped, as PostgreSQL
// assigns a row.
func (fr *frame) setRecord(v *Var, rec *Record) error {
	if rec == nil || v.row == nil || rec.Obj == nil {
		fr.recs[v.slot] = rec
		return nil
	}
	var row []value.Value
	for _, c := range rec.Cols {
		x, _ := rec.Obj.Get(c.Name)
		row = append(row, x)
	}
	return fr.setRow(v, row)
}

// setRow makes row variable v the row of the values in row (nil: the
// row of NULLs), by position.
func (fr *frame) setRow(v *Var, row []value.Value) error {
	obj := value.NewObject(len(v.rowCols))
	for i, c := range v.rowCols {
		x := value.None
		if i < len(row) && !row[i].IsNone() {
			var err error
			if x, err = value.Convert(row[i], c.Type); err != nil {
				return err
			}
		}
		obj.Set(c.Name, x)
	}
	fr.recs[v.slot] = &Record{Cols: v.rowCols, Obj: obj, Type: v.row.Name}
	return nil
}

// record is record variable v's record: nil while a record variable is
// not assigned yet; a row variable holding NULL is its type's NULL
// record, whose fields read as NULL.
func (fr *frame) record(v *Var) *Record {
	if r := fr.recs[v.slot]; r != nil || v.row == nil {
		return r
	}
	return &Record{Cols: v.rowCols, Type: v.row.Name}
}

// recordValue is record variable v as a composite value, and its type
// (NULL when it is not assigned yet, as in PostgreSQL 11 and later).
func (fr *frame) recordValue(v *Var) (value.Value, value.Type) {
	if v.row != nil {
		if r := fr.recs[v.slot]; r != nil {
			return r.Value(), *v.row
		}
		return value.None, *v.row
	}
	r := fr.recs[v.slot]
	if r == nil {
		return value.None, value.CompositeType("", nil)
	}
	return r.Value(), r.compositeType()
}

func (fr *frame) assign(t Target, x value.Value) error {
	if t.Field == "" {
		return fr.setVar(t.V, x)
	}
	rec := fr.record(t.V)
	if rec == nil {
		return notAssigned(t.V)
	}
	ct, ok := rec.colType(t.Field)
	if !ok {
		return noField(t.V, t.Field)
	}
	if typed(ct) && !x.IsNone() {
		c, err := value.Convert(x, ct)
		if err != nil {
			return err
		}
		x = c
	}
	// Records may be shared with the caller (NEW): copy before writing.
	obj := value.NewObject(len(rec.Cols))
	if rec.Obj != nil {
		obj = rec.Obj.Clone()
	}
	obj.Set(t.Field, x)
	fr.recs[t.V.slot] = &Record{Cols: rec.Cols, Obj: obj, Type: rec.Type}
	return nil
}

func notAssigned(v *Var) error {
	return errs.New(errs.ObjectNotInPrerequisite, "record %q is not assigned yet", v.Name).
		WithDetail("The tuple structure of a not-yet-assigned record is indeterminate.")
}

func noField(v *Var, field string) error {
	return errs.New(errs.UndefinedColumn, "record %q has no field %q", v.Name, field)
}

func (fr *frame) stmts(ss []Stmt) (ctl, error) {
	for _, s := range ss {
		c, err := fr.stmt(s)
		if err != nil {
			return ctlNone, err
		}
		if c != ctlNone {
			return c, nil
		}
	}
	return ctlNone, nil
}

func (fr *frame) block(b *Block) (ctl, error) {
	for _, v := range b.Decls {
		if err := fr.declare(v); err != nil {
			return ctlNone, err
		}
	}
	if len(b.Handlers) == 0 {
		c, err := fr.stmts(b.Body)
		return fr.endLabeled(c, b.Label), err
	}
	rollback, err := fr.h.Savepoint()
	if err != nil {
		return ctlNone, err
	}
	// The savepoint is a subtransaction: COMMIT and ROLLBACK may not end
	// the transaction under it (2D000), in this call or one it makes.
	outer := fr.ctx
	fr.ctx = context.WithValue(outer, subxactKey{}, true)
	c, err := fr.stmts(b.Body)
	fr.ctx = outer
	if err == nil {
		return fr.endLabeled(c, b.Label), nil
	}
	e := errs.From(err)
	for _, h := range b.Handlers {
		if !handles(h.Conds, e.Code) {
			continue
		}
		if err := rollback(); err != nil {
			return ctlNone, err
		}
		state, msg := fr.f.byName["sqlstate"], fr.f.byName["sqlerrm"]
		var saved [2]value.Value
		if state != nil && msg != nil {
			saved = [2]value.Value{fr.vals[state.slot], fr.vals[msg.slot]}
			fr.vals[state.slot], fr.vals[msg.slot] = value.String(e.Code), value.String(e.Message)
		}
		fr.handling = append(fr.handling, e)
		c, err := fr.stmts(h.Body)
		fr.handling = fr.handling[:len(fr.handling)-1]
		if state != nil && msg != nil {
			fr.vals[state.slot], fr.vals[msg.slot] = saved[0], saved[1]
		}
		return fr.endLabeled(c, b.Label), err
	}
	return ctlNone, err
}

// endLabeled consumes an EXIT of the labeled block it reaches.
func (fr *frame) endLabeled(c ctl, label string) ctl {
	if c == ctlExit && label != "" && fr.label == label {
		fr.label = ""
		return ctlNone
	}
	return c
}

func (fr *frame) declare(v *Var) error {
	if v.TypeName != "" {
		t, err := fr.typeOf(v)
		if err != nil {
			return err
		}
		fr.types[v.slot] = t
	}
	if v.Record {
		fr.recs[v.slot] = nil
		if v.Default == nil {
			return nil
		}
		return fr.assignRecord(v, v.Default)
	}
	if v.Default == nil {
		if v.NotNull {
			return errs.New(errs.NullValueNotAllowed, "variable %q must have a default value, since it's declared NOT NULL", v.Name)
		}
		fr.vals[v.slot] = value.None
		return nil
	}
	x, err := fr.eval(v.Default)
	if err != nil {
		return err
	}
	return fr.setVar(v, x)
}

// loopCtl reads what a statement of a loop's body asked of the loop
// labeled label: brk ends it, cont goes on with its next round, out
// passes c on to the enclosing statements.
func (fr *frame) loopCtl(c ctl, label string) (brk, out bool) {
	switch c {
	case ctlNone:
		return false, false
	case ctlExit, ctlContinue:
		if fr.label == "" || fr.label == label {
			fr.label = ""
			return c == ctlExit, false
		}
	}
	return true, true
}

func (fr *frame) stmt(s Stmt) (ctl, error) {
	if err := fr.ctx.Err(); err != nil {
		return ctlNone, errs.From(err)
	}
	c, err := fr.stmt1(s)
	if err != nil {
		// A position would point into the embedded statement's text, not
		// the client's: PostgreSQL reports the line instead.
		e := errs.From(err).WithoutPos()
		if e.Where == "" {
			e.Where = fmt.Sprintf("PL/pgSQL function line %d", s.line())
		}
		return ctlNone, e
	}
	return c, nil
}

func (fr *frame) stmt1(s Stmt) (ctl, error) {
	switch s := s.(type) {
	case *Block:
		return fr.block(s)
	case *Assign:
		if s.Target.Field == "" && s.Target.V.Record {
			return ctlNone, fr.assignRecord(s.Target.V, s.Value)
		}
		x, err := fr.eval(s.Value)
		if err != nil {
			return ctlNone, err
		}
		return ctlNone, fr.assign(s.Target, x)
	case *If:
		if taken, c, err := fr.branch(s.Conds, s.Bodies); taken || err != nil {
			return c, err
		}
		return fr.stmts(s.Else)
	case *Case:
		if s.Subject != nil {
			x, err := fr.eval(s.Subject)
			if err != nil {
				return ctlNone, err
			}
			fr.vals[s.Var.slot] = x
			fr.types[s.Var.slot] = value.Type{}
		}
		if taken, c, err := fr.branch(s.Conds, s.Bodies); taken || err != nil {
			return c, err
		}
		if !s.HasElse {
			return ctlNone, errs.New(errs.CaseNotFound, "case not found").WithHint("CASE statement is missing ELSE part.")
		}
		return fr.stmts(s.Else)
	case *Loop:
		for {
			if s.Cond != nil {
				ok, err := fr.cond(s.Cond)
				if err != nil || !ok {
					return ctlNone, err
				}
			}
			next, c, err := fr.iterate(s.Body, s.Label)
			if err != nil || !next {
				return c, err
			}
			if err := fr.ctx.Err(); err != nil {
				return ctlNone, errs.From(err)
			}
		}
	case *ForInt:
		return fr.forInt(s)
	case *ForQuery:
		return fr.forQuery(s)
	case *ForEach:
		return fr.forEach(s)
	case *Exit:
		if s.Cond != nil {
			ok, err := fr.cond(s.Cond)
			if err != nil || !ok {
				return ctlNone, err
			}
		}
		fr.label = s.Label
		if s.Continue {
			return ctlContinue, nil
		}
		return ctlExit, nil
	case *Return:
		return fr.ret(s)
	case *ReturnNext:
		return ctlNone, fr.returnNext(s)
	case *ReturnQuery:
		return ctlNone, fr.returnQuery(s)
	case *Raise:
		return ctlNone, fr.raise(s)
	case *Assert:
		ok, err := fr.cond(s.Cond)
		if err != nil || ok {
			return ctlNone, err
		}
		msg := "assertion failed"
		if s.Message != nil {
			m, err := fr.eval(s.Message)
			if err != nil {
				return ctlNone, err
			}
			if !m.IsNone() {
				msg = fr.h.Text(m, value.Type{})
			}
		}
		return ctlNone, errs.New(codeAssertFailure, "%s", msg)
	case *ExecSQL:
		return ctlNone, fr.execSQL(s.SQL, s.Into, s.Strict, s.Targets)
	case *CallProc:
		return ctlNone, fr.callProc(s)
	case *EndTxn:
		if fr.ctx.Value(subxactKey{}) != nil {
			what := "commit"
			if !s.Commit {
				what = "roll back"
			}
			return ctlNone, errs.New(errs.InvalidTransactionTermination, "cannot %s while a subtransaction is active", what)
		}
		return ctlNone, fr.h.EndTransaction(fr.ctx, s.Commit, s.Chain)
	case *Perform:
		p, args, err := fr.prepare(s.SQL)
		if err != nil {
			return ctlNone, err
		}
		n, err := p.Run(fr.ctx, args, func([]value.Value) bool { return true })
		if err != nil {
			return ctlNone, err
		}
		fr.setFound(n > 0)
		fr.rowCount = n
		return ctlNone, nil
	case *DynExecute:
		return ctlNone, fr.dynExecute(s)
	case *GetDiag:
		for _, it := range s.Items {
			if err := fr.assign(it.Target, value.Int(int64(fr.rowCount))); err != nil {
				return ctlNone, err
			}
		}
		return ctlNone, nil
	}
	return ctlNone, errs.New(errs.InternalError, "plpgsql: unknown statement %T", s)
}

// branch runs the body of the first condition that holds (IF's and
// ELSIF's, CASE's WHENs); taken is false when none does.
func (fr *frame) branch(conds []*Expr, bodies [][]Stmt) (taken bool, c ctl, err error) {
	for i, e := range conds {
		ok, err := fr.cond(e)
		if err != nil {
			return true, ctlNone, err
		}
		if ok {
			c, err := fr.stmts(bodies[i])
			return true, c, err
		}
	}
	return false, ctlNone, nil
}

// iterate runs one round of a loop's body: next reports whether the loop
// goes on; when it does not, c is what passes on to the enclosing
// statements (an EXIT or CONTINUE of an outer label, a RETURN).
func (fr *frame) iterate(body []Stmt, label string) (next bool, c ctl, err error) {
	c, err = fr.stmts(body)
	if err != nil {
		return false, ctlNone, err
	}
	if brk, out := fr.loopCtl(c, label); brk {
		if !out {
			c = ctlNone
		}
		return false, c, nil
	}
	return true, ctlNone, nil
}

const (
	codeNoDataFound   = "P0002"
	codeTooManyRows   = "P0003"
	codeRaise         = "P0001"
	codeAssertFailure = "P0004"
)

func (fr *frame) setFound(b bool) {
	if fr.f.Found != nil {
		fr.vals[fr.f.Found.slot] = value.Bool(b)
	}
}

func (fr *frame) forInt(s *ForInt) (ctl, error) {
	bound := func(e *Expr, what string) (int64, error) {
		x, err := fr.eval(e)
		if err != nil {
			return 0, err
		}
		if x.IsNone() {
			return 0, errs.New(errs.NullValueNotAllowed, "%s bound of FOR loop cannot be null", what)
		}
		c, err := value.Convert(x, value.TypeInt8)
		if err != nil {
			return 0, err
		}
		return c.AsInt(), nil
	}
	lo, err := bound(s.Lower, "lower")
	if err != nil {
		return ctlNone, err
	}
	hi, err := bound(s.Upper, "upper")
	if err != nil {
		return ctlNone, err
	}
	step := int64(1)
	if s.Step != nil {
		if step, err = bound(s.Step, "BY value of"); err != nil {
			return ctlNone, err
		}
		if step <= 0 {
			return ctlNone, errs.New(errs.InvalidParameterValue, "BY value of FOR loop must be greater than zero")
		}
	}
	found := false
	for i := lo; s.Reverse && i >= hi || !s.Reverse && i <= hi; {
		found = true
		if err := fr.setVar(s.Var, value.Int(i)); err != nil {
			return ctlNone, err
		}
		next, c, err := fr.iterate(s.Body, s.Label)
		if err != nil || !next {
			fr.setFound(found)
			return c, err
		}
		if s.Reverse {
			i -= step
		} else {
			i += step
		}
	}
	fr.setFound(found)
	return ctlNone, nil
}

func (fr *frame) forQuery(s *ForQuery) (ctl, error) {
	var p Prepared
	var args []value.Value
	var err error
	if s.Dynamic {
		p, args, err = fr.dynamic(s.Query, s.Params)
	} else {
		p, args, err = fr.prepare(s.Query)
	}
	if err != nil {
		return ctlNone, err
	}
	cols := p.Columns()
	if cols == nil {
		return ctlNone, errs.New(errs.SyntaxError, "cannot open a query that returns no rows as a FOR loop's query")
	}
	// The rows are read before the body runs: the body may write what
	// the query reads.
	var rows [][]value.Value
	if _, err := p.Run(fr.ctx, args, func(r []value.Value) bool {
		rows = append(rows, append([]value.Value(nil), r...))
		return true
	}); err != nil {
		return ctlNone, err
	}
	for _, r := range rows {
		if err := fr.into(s.Targets, cols, r); err != nil {
			return ctlNone, err
		}
		next, c, err := fr.iterate(s.Body, s.Label)
		if err != nil || !next {
			fr.setFound(true)
			return c, err
		}
	}
	fr.setFound(len(rows) > 0)
	return ctlNone, nil
}

func (fr *frame) forEach(s *ForEach) (ctl, error) {
	a, err := fr.eval(s.Array)
	if err != nil {
		return ctlNone, err
	}
	if a.IsNone() {
		return ctlNone, errs.New(errs.NullValueNotAllowed, "FOREACH expression must not be null")
	}
	if a.Kind() != value.KindList {
		return ctlNone, errs.New(errs.DatatypeMismatch, "FOREACH expression must yield an array, not type %s", value.TypeOf(a).String())
	}
	xs := a.AsList()
	step := 1
	var dims, lbs []int
	if s.Slice != 0 {
		// SLICE n: the arrays of the last n dimensions, in order.
		dims, lbs = value.ArrayDims(a)
		if s.Slice < 0 || s.Slice > len(dims) {
			return ctlNone, errs.New(errs.ArraySubscriptError, "slice dimension (%d) is out of the valid range 0..%d", s.Slice, len(dims))
		}
		dims, lbs = dims[len(dims)-s.Slice:], lbs[len(lbs)-s.Slice:]
		for _, n := range dims {
			step *= n
		}
	}
	for off := 0; off < len(xs); off += step {
		x := xs[off]
		if s.Slice != 0 {
			x = value.Array(xs[off:off+step], dims, lbs)
		}
		if err := fr.assign(s.Target, x); err != nil {
			return ctlNone, err
		}
		next, c, err := fr.iterate(s.Body, s.Label)
		if err != nil || !next {
			return c, err
		}
	}
	return ctlNone, nil
}

func (fr *frame) ret(s *Return) (ctl, error) {
	if s.Value == nil {
		return ctlReturn, nil
	}
	if !fr.f.cond && fr.f.New != nil {
		rec, err := fr.evalRecord(s.Value)
		if err != nil {
			return ctlNone, err
		}
		fr.res.Record = rec
		return ctlReturn, nil
	}
	var x value.Value
	var t value.Type
	var err error
	if v := recordName(fr.f, s.Value); v != nil {
		x, t = fr.recordValue(v)
	} else if x, t, err = fr.evalTyped(s.Value); err != nil {
		return ctlNone, err
	}
	if x.Kind() == value.KindComposite {
		if fr.f.scalarResult {
			// A record becomes another type through its text, as an
			// I/O conversion cast.
			x = value.String(fr.h.Text(x, value.Type{}))
		} else if err := fr.checkRow(t, "returned record type does not match expected record type"); err != nil {
			return ctlNone, err
		}
	}
	fr.res.Value = x
	return ctlReturn, nil
}

const errNextRow = "wrong record type supplied in RETURN NEXT"

// checkRow checks a returned record of type t against the row type of a
// function returning a table's or composite type's rows as PostgreSQL
// does (convert_tuples_by_position): as many fields, of the same types.
func (fr *frame) checkRow(t value.Type, msg string) error {
	f := fr.f
	if f.returns == "" || t.Fields == nil {
		return nil
	}
	if f.resultRow == nil {
		rt, err := fr.h.Type(fr.ctx, f.returns)
		if err != nil {
			return err
		}
		f.resultRow = &rt
	}
	want := f.resultRow.Fields
	if want == nil || t.Name != "" && t.Name == f.resultRow.Name {
		return nil
	}
	mismatch := func(format string, args ...any) error {
		return errs.New(errs.DatatypeMismatch, "%s", msg).WithDetail(format, args...)
	}
	if len(t.Fields) != len(want) {
		return mismatch("Number of returned columns (%d) does not match expected column count (%d).", len(t.Fields), len(want))
	}
	for i, fd := range t.Fields {
		if fd.Type.OID() != want[i].Type.OID() {
			return mismatch("Returned type %s does not match expected type %s in column %d.", fd.Type.SQLName(), want[i].Type.SQLName(), i+1)
		}
	}
	return nil
}

func (fr *frame) returnNext(s *ReturnNext) error {
	if s.Value == nil {
		// A function with OUT parameters returns their values.
		if len(fr.f.outs) == 0 {
			return errs.New(errs.SyntaxError, "RETURN NEXT must have a parameter")
		}
		row := make([]value.Value, len(fr.f.outs))
		for i, v := range fr.f.outs {
			row[i] = fr.vals[v.slot]
		}
		fr.res.Rows = append(fr.res.Rows, row)
		return nil
	}
	if v := recordName(fr.f, s.Value); v != nil {
		rec := fr.record(v)
		if rec == nil {
			return notAssigned(v)
		}
		if err := fr.checkRow(rec.compositeType(), errNextRow); err != nil {
			return err
		}
		row := make([]value.Value, len(rec.Cols))
		for i, c := range rec.Cols {
			row[i], _ = rec.Obj.Get(c.Name)
		}
		fr.res.Rows = append(fr.res.Rows, row)
		return nil
	}
	x, t, err := fr.evalTyped(s.Value)
	if err != nil {
		return err
	}
	if fr.f.rowResult && x.Kind() == value.KindComposite {
		if err := fr.checkRow(t, errNextRow); err != nil {
			return err
		}
		// A row of a function returning rows is their fields.
		fr.res.Rows = append(fr.res.Rows, append([]value.Value(nil), x.AsList()...))
		return nil
	}
	fr.res.Rows = append(fr.res.Rows, []value.Value{x})
	return nil
}

func (fr *frame) returnQuery(s *ReturnQuery) error {
	var p Prepared
	var args []value.Value
	var err error
	if s.Dynamic != nil {
		p, args, err = fr.dynamic(s.Dynamic, s.Params)
	} else {
		p, args, err = fr.prepare(s.Query)
	}
	if err != nil {
		return err
	}
	n, err := p.Run(fr.ctx, args, func(r []value.Value) bool {
		fr.res.Rows = append(fr.res.Rows, append([]value.Value(nil), r...))
		return true
	})
	if err != nil {
		return err
	}
	fr.rowCount = n
	fr.setFound(n > 0)
	return nil
}

// recordName is the record variable e names by itself ("NEW", "(r)").
func recordName(f *Function, e *Expr) *Var {
	q := strings.TrimSpace(e.Query)
	for len(q) > 2 && q[0] == '(' && q[len(q)-1] == ')' {
		q = strings.TrimSpace(q[1 : len(q)-1])
	}
	if q == "" {
		return nil
	}
	name := q
	if q[0] == '"' && len(q) > 1 && q[len(q)-1] == '"' {
		name = strings.ReplaceAll(q[1:len(q)-1], `""`, `"`)
	} else {
		for i := 0; i < len(q); i++ {
			if !isIdentByte(q[i]) {
				return nil
			}
		}
		name = strings.ToLower(q)
	}
	if v, ok := f.byName[name]; ok && v.Record {
		return v
	}
	return nil
}

// assignRecord assigns the value of e to record variable v.
func (fr *frame) assignRecord(v *Var, e *Expr) error {
	if r := recordName(fr.f, e); r != nil {
		rec := fr.recs[r.slot]
		if rec != nil && rec.Obj == nil {
			rec = nil
		}
		return fr.setRecord(v, rec)
	}
	x, t, err := fr.evalTyped(e)
	if err != nil {
		return err
	}
	if x.Kind() == value.KindComposite {
		return fr.setRecord(v, recordOf(x, t))
	}
	return fr.setVar(v, x)
}

// evalRecord is the value of an expression that must be a record: a
// record variable, a composite value, or NULL (nil).
func (fr *frame) evalRecord(e *Expr) (*Record, error) {
	if v := recordName(fr.f, e); v != nil {
		if r := fr.recs[v.slot]; r != nil && r.Obj != nil {
			return r, nil
		}
		return nil, nil
	}
	x, t, err := fr.evalTyped(e)
	if err != nil {
		return nil, err
	}
	switch {
	case x.IsNone():
		return nil, nil
	case x.Kind() != value.KindComposite:
		return nil, errNotComposite()
	}
	return recordOf(x, t), nil
}

// prepare returns e's translation for the current types of the variables
// it reads, and their values.
func (fr *frame) prepare(e *Expr) (Prepared, []value.Value, error) {
	c := &e.cache
	if c.bound == nil {
		b, err := fr.f.bind(e)
		if err != nil {
			return nil, nil, err
		}
		c.bound = &b
	}
	refs := c.bound.refs
	args := make([]value.Value, len(refs))
	types := make([]value.Type, len(refs))
	for i, r := range refs {
		if r.field == "" && !r.v.Record {
			args[i], types[i] = fr.vals[r.v.slot], fr.types[r.v.slot]
			if !typed(types[i]) && !args[i].IsNone() {
				types[i] = value.TypeOf(args[i])
			}
			continue
		}
		if r.field == "" {
			// A whole record is a composite.
			args[i], types[i] = fr.recordValue(r.v)
			continue
		}
		rec := fr.record(r.v)
		if rec == nil {
			return nil, nil, notAssigned(r.v)
		}
		t, ok := rec.colType(r.field)
		if !ok {
			return nil, nil, noField(r.v, r.field)
		}
		args[i], _ = rec.Obj.Get(r.field)
		types[i] = t
	}
	if c.prep == nil || !sameTypes(c.types, types) {
		p, err := fr.h.Prepare(fr.ctx, c.bound.sql, types)
		if err != nil {
			return nil, nil, err
		}
		c.prep, c.types = p, types
	}
	return c.prep, args, nil
}

func sameTypes(a, b []value.Type) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameType(a[i], b[i]) {
			return false
		}
	}
	return true
}

// sameType: a statement translated for a parameter of type a serves one
// of type b. A record's fields count, as its fields may be selected.
func sameType(a, b value.Type) bool {
	if a.Kind != b.Kind || a.OID() != b.OID() || a.TypeModifier() != b.TypeModifier() || len(a.Fields) != len(b.Fields) {
		return false
	}
	for i := range a.Fields {
		if a.Fields[i].Name != b.Fields[i].Name || !sameType(a.Fields[i].Type, b.Fields[i].Type) {
			return false
		}
	}
	return true
}

// eval is the value of an expression: the one column of its one row.
func (fr *frame) eval(e *Expr) (value.Value, error) {
	x, _, err := fr.evalTyped(e)
	return x, err
}

// evalTyped is eval with the expression's type.
func (fr *frame) evalTyped(e *Expr) (value.Value, value.Type, error) {
	p, args, err := fr.prepare(e)
	if err != nil {
		return value.None, value.Type{}, err
	}
	cols := p.Columns()
	if n := len(cols); n != 1 {
		return value.None, value.Type{}, errs.New(errs.SyntaxError, "query %q returned %d columns", e.Query, n)
	}
	out, rows := value.None, 0
	if _, err := p.Run(fr.ctx, args, func(r []value.Value) bool {
		rows++
		out = r[0]
		return rows < 2
	}); err != nil {
		return value.None, value.Type{}, err
	}
	if rows > 1 {
		return value.None, value.Type{}, errs.New(errs.CardinalityViolation, "query %q returned more than one row", e.Query)
	}
	return out, cols[0].Type, nil
}

func (fr *frame) cond(e *Expr) (bool, error) {
	x, err := fr.eval(e)
	if err != nil {
		return false, err
	}
	if x.IsNone() {
		return false, nil
	}
	if x.Kind() != value.KindBool {
		c, err := value.Convert(x, value.TypeBool)
		if err != nil {
			return false, err
		}
		x = c
	}
	return x.AsBool(), nil
}

// execSQL runs an embedded SQL statement, with INTO or without.
func (fr *frame) execSQL(e *Expr, into, strict bool, targets []Target) error {
	p, args, err := fr.prepare(e)
	if err != nil {
		return err
	}
	return fr.runInto(p, args, into, strict, targets)
}

func (fr *frame) runInto(p Prepared, args []value.Value, into, strict bool, targets []Target) error {
	cols := p.Columns()
	if !into && cols != nil {
		return errs.New(errs.SyntaxError, "query has no destination for result data").
			WithHint("If you want to discard the results of a SELECT, use PERFORM instead.")
	}
	if into && cols == nil {
		return errs.New(errs.SyntaxError, "INTO used with a command that cannot return data")
	}
	var first []value.Value
	rows := 0
	n, err := p.Run(fr.ctx, args, func(r []value.Value) bool {
		rows++
		if rows == 1 {
			first = append([]value.Value(nil), r...)
		}
		return strict && rows < 2
	})
	if err != nil {
		return err
	}
	fr.rowCount = n
	if !into {
		fr.setFound(n > 0)
		return nil
	}
	if strict && rows == 0 {
		return errs.New(codeNoDataFound, "query returned no rows")
	}
	if strict && rows > 1 {
		return errs.New(codeTooManyRows, "query returned more than one row").
			WithHint("Make sure the query returns a single row, or use LIMIT 1.")
	}
	fr.setFound(rows > 0)
	return fr.into(targets, cols, first)
}

// into assigns a row (nil: no row, all NULL) to INTO targets.
func (fr *frame) into(targets []Target, cols []Column, row []value.Value) error {
	if len(targets) == 1 && targets[0].Field == "" && targets[0].V.row != nil {
		return fr.setRow(targets[0].V, row)
	}
	if len(targets) == 1 && targets[0].Field == "" && targets[0].V.Record {
		// No row makes the record the query's row of NULLs, as in
		// PostgreSQL (RETURN r then returns (,), not NULL).
		obj := value.NewObject(len(cols))
		for i, c := range cols {
			x := value.None
			if row != nil {
				x = row[i]
			}
			obj.Set(c.Name, x)
		}
		fr.recs[targets[0].V.slot] = &Record{Cols: cols, Obj: obj}
		return nil
	}
	for i, t := range targets {
		x := value.None
		if i < len(row) {
			x = row[i]
		}
		if err := fr.assign(t, x); err != nil {
			return err
		}
	}
	return nil
}

// dynamic prepares the text EXECUTE's expression yields, with USING's
// values as its parameters.
func (fr *frame) dynamic(q *Expr, params []*Expr) (Prepared, []value.Value, error) {
	text, err := fr.eval(q)
	if err != nil {
		return nil, nil, err
	}
	if text.IsNone() {
		return nil, nil, errs.New(errs.NullValueNotAllowed, "query string argument of EXECUTE is null")
	}
	args := make([]value.Value, len(params))
	types := make([]value.Type, len(params))
	for i, e := range params {
		p, a, err := fr.prepare(e)
		if err != nil {
			return nil, nil, err
		}
		if cols := p.Columns(); len(cols) == 1 {
			types[i] = cols[0].Type
		}
		if args[i], err = fr.eval(e); err != nil {
			return nil, nil, err
		}
		_ = a
	}
	p, err := fr.h.Prepare(fr.ctx, fr.h.Text(text, value.Type{}), types)
	if err != nil {
		return nil, nil, err
	}
	return p, args, nil
}

func (fr *frame) dynExecute(s *DynExecute) error {
	p, args, err := fr.dynamic(s.Query, s.Params)
	if err != nil {
		return err
	}
	if !s.Into && p.Columns() != nil {
		// EXECUTE of a query without INTO discards its rows.
		n, err := p.Run(fr.ctx, args, func([]value.Value) bool { return true })
		fr.rowCount = n
		return err
	}
	return fr.runInto(p, args, s.Into, s.Strict, s.Targets)
}

// raise runs RAISE: a notice, or an error.
func (fr *frame) raise(s *Raise) error {
	if s.Message == "" && s.Cond == "" && len(s.Options) == 0 {
		// RAISE; re-throws the error being handled.
		if len(fr.handling) == 0 {
			return errs.New(codeRaiseWithoutHandler, "RAISE without parameters cannot be used outside an exception handler")
		}
		return fr.handling[len(fr.handling)-1]
	}
	code := ""
	msg := ""
	if s.Cond != "" {
		c, ok := conditionCode(s.Cond)
		if !ok {
			return errs.New(errs.UndefinedObject, "unrecognized exception condition %q", s.Cond)
		}
		code, msg = c, s.Cond
	}
	if s.Message != "" {
		m, err := fr.format(s.Message, s.Params)
		if err != nil {
			return err
		}
		msg = m
	}
	var detail, hint string
	for _, o := range s.Options {
		x, err := fr.eval(o.Value)
		if err != nil {
			return err
		}
		if x.IsNone() {
			return errs.New(errs.NullValueNotAllowed, "RAISE statement option cannot be null")
		}
		t := fr.h.Text(x, value.Type{})
		switch o.Kind {
		case 0: // ERRCODE
			c, ok := conditionCode(strings.ToLower(t))
			if !ok {
				if len(t) != 5 {
					return errs.New(errs.UndefinedObject, "unrecognized exception condition %q", t)
				}
				c = strings.ToUpper(t)
			}
			code = c
		case 1: // MESSAGE
			msg = t
		case 2:
			detail = t
		case 3:
			hint = t
		}
	}
	if s.Level >= levelException {
		if code == "" {
			code = codeRaise
		}
		if msg == "" {
			msg = code
		}
		e := errs.New(code, "%s", msg)
		if detail != "" {
			e = e.WithDetail("%s", detail)
		}
		if hint != "" {
			e = e.WithHint("%s", hint)
		}
		return e
	}
	severity := "NOTICE"
	switch s.Level {
	case levelInfo:
		severity = "INFO"
	case levelWarning:
		severity = "WARNING"
	case levelDebug, levelLog:
		// Below client_min_messages' default: not sent.
		return nil
	}
	if code == "" {
		code = errs.SuccessfulCompletion
		if s.Level == levelWarning {
			code = "01000"
		}
	}
	return fr.h.Notice(errs.Notice{Severity: severity, Code: code, Message: msg, Detail: detail, Hint: hint})
}

const codeRaiseWithoutHandler = "0Z002"

// format replaces each % of RAISE's format with the next argument's text
// (NULL shows as <NULL>); %% is a %.
func (fr *frame) format(f string, params []*Expr) (string, error) {
	var b strings.Builder
	next := 0
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			b.WriteByte(f[i])
			continue
		}
		if i+1 < len(f) && f[i+1] == '%' {
			b.WriteByte('%')
			i++
			continue
		}
		if next >= len(params) {
			return "", errs.New(errs.SyntaxError, "too few parameters specified for RAISE")
		}
		x, t, err := fr.evalTyped(params[next])
		if err != nil {
			return "", err
		}
		next++
		if x.IsNone() {
			b.WriteString("<NULL>")
		} else {
			b.WriteString(fr.h.Text(x, t))
		}
	}
	if next < len(params) {
		return "", errs.New(errs.SyntaxError, "too many parameters specified for RAISE")
	}
	return b.String(), nil
}

// callProc runs CALL of a procedure and assigns its OUT and INOUT
// results to the variables passed for them, as PostgreSQL does (42601
// when such an argument is not a variable).
func (fr *frame) callProc(s *CallProc) error {
	p, args, err := fr.prepare(s.SQL)
	if err != nil {
		return err
	}
	var row []value.Value
	if _, err := p.Run(fr.ctx, args, func(r []value.Value) bool {
		row = append([]value.Value(nil), r...)
		return false
	}); err != nil {
		return err
	}
	cols := p.Columns()
	if len(cols) == 0 || row == nil {
		return nil
	}
	var outs []int
	if co, ok := p.(CallOutputs); ok {
		outs = co.CallOutputs()
	}
	targets, err := fr.f.callTargets(s.SQL.Query)
	if err != nil {
		return err
	}
	for i, c := range cols {
		k := -1
		if i < len(outs) {
			k = outs[i]
		}
		if k < 0 || k >= len(targets) || targets[k] == nil {
			return errs.New(errs.SyntaxError, "procedure parameter %q is an output parameter but corresponding argument is not writable", c.Name)
		}
		if err := fr.assign(*targets[k], row[i]); err != nil {
			return err
		}
	}
	return nil
}
