package exec

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"strings"
)

// rowLink is one level of the stack of rows that expressions see through
// ColRef.Depth: the innermost link is Depth 1 of a node's expressions.
type rowLink struct {
	row []value.Value
	up  *rowLink
}

// frame holds the local slots of a block, closure or match arm.
type frame struct {
	slots  []value.Value
	parent *frame
}

// outer is what a node runs inside: the rows of enclosing queries (Depth
// 1 and up) and the local frames of enclosing blocks and closures.
type outer struct {
	rows  *rowLink
	frame *frame
}

// scope is what an expression is evaluated against. Depth 0 is row; a
// leaf node's own expressions (Values rows, Unnest.X, key spans, limits)
// have no current row, and their Depth 1 is the node's outer row.
type scope struct {
	row   []value.Value
	outer *rowLink
	frame *frame
}

func (o outer) scope(row []value.Value) scope {
	return scope{row: row, outer: o.rows, frame: o.frame}
}

func (sc *scope) col(c *plan.ColRef) (value.Value, error) {
	row := sc.row
	if c.Depth > 0 {
		l := sc.outer
		for d := 1; d < c.Depth && l != nil; d++ {
			l = l.up
		}
		if l == nil {
			return value.None, internalf("column reference %s (depth %d) has no outer row", c.Name, c.Depth)
		}
		row = l.row
	}
	if c.Idx < 0 || c.Idx >= len(row) {
		return value.None, internalf("column reference %s (#%d, depth %d) out of range for a row of %d columns", c.Name, c.Idx, c.Depth, len(row))
	}
	return row[c.Idx], nil
}

func (sc *scope) local(l *plan.Local) (*value.Value, error) {
	f := sc.frame
	for d := 0; d < l.Depth && f != nil; d++ {
		f = f.parent
	}
	if f == nil || l.Slot < 0 || l.Slot >= len(f.slots) {
		return nil, internalf("local %s (depth %d, slot %d) out of range", l.Name, l.Depth, l.Slot)
	}
	return &f.slots[l.Slot], nil
}

// isTrue is the filter rule of both languages: only exactly true passes.
func isTrue(v value.Value) bool { return v.Kind() == value.KindBool && v.AsBool() }

// eval evaluates e. It is a plain tree walk: plans are small and most
// time goes to storage and value decoding, so compiling expressions to
// closures would not pay for its complexity.
func (r *run) eval(e plan.Expr, sc *scope) (value.Value, error) {
	// A column of the row is most of what joins, aggregates and filters
	// evaluate: one type check, before the switch's search of many.
	if c, ok := e.(*plan.ColRef); ok && c.Depth == 0 && uint(c.Idx) < uint(len(sc.row)) {
		return sc.row[c.Idx], nil
	}
	switch e := e.(type) {
	case *plan.Const:
		return e.V, nil
	case *plan.ColRef:
		return sc.col(e)
	case *plan.Field:
		// The usual column read, a field of a row's object, without
		// the general walk.
		if c, ok := e.X.(*plan.ColRef); ok && c.Depth == 0 && c.Idx >= 0 && c.Idx < len(sc.row) {
			if x := sc.row[c.Idx]; x.Kind() == value.KindObject {
				v, _ := x.AsObject().Get(e.Name)
				return v, nil
			}
		}
		return r.evalField(e, sc)
	case *plan.Binary:
		return r.evalBinary(e, sc)
	case *plan.Param:
		return r.param(e)
	case *plan.Local:
		p, err := sc.local(e)
		if err != nil {
			return value.None, err
		}
		return *p, nil
	case *plan.Unary:
		return r.evalUnary(e, sc)
	case *plan.Call:
		return r.evalCall(e, sc)
	case *plan.If:
		c, err := r.eval(e.Cond, sc)
		if err != nil {
			return value.None, err
		}
		if isTrue(c) {
			return r.eval(e.Then, sc)
		}
		if e.Else == nil {
			return value.None, nil
		}
		return r.eval(e.Else, sc)
	case *plan.Index:
		// An element of a row's tuple by a constant position (the
		// columns of SQL's functions in FROM), without the general walk.
		if c, ok := e.X.(*plan.ColRef); ok && !e.SQL && c.Depth == 0 && c.Idx >= 0 && c.Idx < len(sc.row) {
			if k, ok := e.I.(*plan.Const); ok && k.V.Kind() == value.KindInt && sc.row[c.Idx].Kind() == value.KindTuple {
				if l, n := sc.row[c.Idx].AsList(), k.V.AsInt(); n >= 0 && n < int64(len(l)) {
					return l[n], nil
				}
			}
		}
		return r.evalIndex(e, sc)
	case *plan.ObjectCons:
		return r.evalObject(e, sc)
	case *plan.ListCons:
		vs, err := r.evalList(e.Elems, sc)
		if err != nil {
			return value.None, err
		}
		return value.List(vs), nil
	case *plan.TupleCons:
		vs, err := r.evalList(e.Elems, sc)
		if err != nil {
			return value.None, err
		}
		if e.Composite {
			return value.Composite(vs), nil
		}
		return value.Tuple(vs), nil
	case *plan.RecordView:
		return r.evalRecordView(e, sc)
	case *plan.RecordIDCons:
		k, err := r.eval(e.Key, sc)
		if err != nil {
			return value.None, err
		}
		if k.IsNone() {
			return value.None, nil
		}
		if !keyable(k) {
			return value.None, typeMismatch(e.P, "a record key must be a symbol, string, number, uuid or tuple, not %s", kindName(k))
		}
		return value.RecordIDOf(e.Table, k), nil
	case *plan.RangeCons:
		var lo, hi value.Value
		var err error
		if e.Lo != nil {
			if lo, err = r.eval(e.Lo, sc); err != nil {
				return value.None, err
			}
		}
		if e.Hi != nil {
			if hi, err = r.eval(e.Hi, sc); err != nil {
				return value.None, err
			}
		}
		return value.RangeOf(lo, hi, e.Inclusive), nil
	case *plan.Cast:
		v, err := r.eval(e.X, sc)
		if err != nil {
			return value.None, err
		}
		if e.JSONText && v.IsJSONNull() {
			return value.None, nil
		}
		if e.From != nil && !v.IsNone() {
			loc := r.zone(true)
			if loc == nil {
				return value.None, value.ErrZoneUnknown // folding: a field may be a timestamptz
			}
			b, err := value.AppendTextIn(nil, v, *e.From, loc)
			if err != nil {
				return value.None, atPos(err, e.P)
			}
			v = value.String(string(b))
		}
		if e.Check {
			v, err = catalog.CheckValue(v, e.To)
		} else if e.Assign {
			v, err = value.ConvertIn(v, e.To, r.zone(true))
		} else {
			// An explicit CAST: like an assignment, except that a string
			// too long for varchar(n) is cut, as in PostgreSQL.
			v, err = value.ConvertExplicitIn(v, e.To, r.zone(true))
		}
		if err != nil {
			return value.None, atPos(err, e.P)
		}
		return v, nil
	case *plan.Subquery:
		return r.evalSubquery(e, sc)
	case *plan.Block:
		return r.evalBlock(e, sc)
	case *plan.Let:
		v, err := r.eval(e.X, sc)
		if err != nil {
			return value.None, err
		}
		if e.Type != nil {
			if v, err = catalog.CheckValue(v, *e.Type); err != nil {
				return value.None, atPos(err, e.P)
			}
		}
		if sc.frame == nil || e.Slot < 0 || e.Slot >= len(sc.frame.slots) {
			return value.None, internalf("let slot %d out of range", e.Slot)
		}
		sc.frame.slots[e.Slot] = v
		return value.None, nil
	case *plan.SetSessionVar:
		v, err := r.eval(e.X, sc)
		if err != nil {
			return value.None, err
		}
		if e.Type != nil {
			if v, err = catalog.CheckValue(v, *e.Type); err != nil {
				return value.None, atPos(err, e.P)
			}
		}
		if r.env.SessionVars == nil {
			r.env.SessionVars = make(map[string]value.Value)
		}
		r.env.SessionVars[e.Name] = v
		return value.None, nil
	case *plan.SessionVar:
		v, ok := r.env.SessionVars[e.Name]
		if !ok {
			return value.None, errAt(e.P, errs.UndefinedColumn, "variable %q does not exist", e.Name)
		}
		return v, nil
	case *plan.Closure:
		return value.FuncOf(r.newClosure(e, sc)), nil
	case *plan.FuncRef:
		if e.Fn == nil {
			return value.None, internalf("function reference without a function")
		}
		return value.FuncOf(&storedFunc{r: r, fn: e.Fn}), nil
	case *plan.Apply:
		return r.evalApply(e, sc)
	case *plan.Match:
		return r.evalMatch(e, sc)
	case nil:
		return value.None, internalf("nil expression")
	}
	// Expression kinds built as values instead of pointers.
	if p := exprPtr(e); p != nil {
		return r.eval(p, sc)
	}
	return value.None, internalf("unknown expression %T", e)
}

// exprPtr returns the pointer form of an expression built as a plain
// struct, or nil when e has no other form.
func exprPtr(e plan.Expr) plan.Expr {
	if p, ok := plan.PointerForm(e); ok {
		return p
	}
	return nil
}

func (r *run) evalList(es []plan.Expr, sc *scope) ([]value.Value, error) {
	vs := make([]value.Value, len(es))
	for i, x := range es {
		v, err := r.eval(x, sc)
		if err != nil {
			return nil, err
		}
		vs[i] = v
	}
	return vs, nil
}

func (r *run) param(p *plan.Param) (value.Value, error) {
	if p.N > 0 {
		if p.N > len(r.env.Params) {
			return value.None, errAt(p.P, codeUndefinedParameter, "there is no parameter $%d", p.N)
		}
		return r.env.Params[p.N-1], nil
	}
	v, ok := r.env.NamedParams[p.Name]
	if !ok {
		return value.None, errAt(p.P, codeUndefinedParameter, "there is no parameter $%s", p.Name)
	}
	return v, nil
}

func (r *run) evalField(f *plan.Field, sc *scope) (value.Value, error) {
	x, err := r.eval(f.X, sc)
	if err != nil {
		return value.None, err
	}
	return r.field(x, f.Name, f.P)
}

// field reads a field of an object, following a record link (zql.md §5).
func (r *run) field(x value.Value, name string, pos int) (value.Value, error) {
	switch x.Kind() {
	case value.KindObject:
		v, _ := x.AsObject().Get(name)
		return v, nil
	case value.KindRecordID:
		if name == "id" {
			return x, nil
		}
		// One field of the record, without decoding the others
		// (a step filter on a vertex reads one per vertex reached).
		b, found, err := r.recordBytes(x.AsRecordID(), pos)
		if err != nil || !found {
			return value.None, err
		}
		v, _, err := value.DecodeField(b, name)
		if err != nil {
			return value.None, errs.From(err)
		}
		return v, nil
	}
	return value.None, nil
}

func (r *run) evalIndex(ix *plan.Index, sc *scope) (value.Value, error) {
	x, err := r.eval(ix.X, sc)
	if err != nil {
		return value.None, err
	}
	i, err := r.eval(ix.I, sc)
	if err != nil {
		return value.None, err
	}
	if ix.SQL {
		if !jsonIndexable(x, i) {
			return value.None, nil
		}
		return jsonIndex(x, i), nil
	}
	switch x.Kind() {
	case value.KindNone:
		return value.None, nil
	case value.KindList, value.KindTuple, value.KindComposite:
		n, ok := indexInt(i)
		if !ok {
			return value.None, typeMismatch(ix.P, "cannot index a %s with a %s", kindName(x), kindName(i))
		}
		l := x.AsList()
		if n < 0 {
			n += int64(len(l))
		}
		if n < 0 || n >= int64(len(l)) {
			return value.None, nil
		}
		return l[n], nil
	case value.KindVector:
		n, ok := indexInt(i)
		if !ok {
			return value.None, typeMismatch(ix.P, "cannot index a vector with a %s", kindName(i))
		}
		l := x.AsVector()
		if n < 0 {
			n += int64(len(l))
		}
		if n < 0 || n >= int64(len(l)) {
			return value.None, nil
		}
		return value.Float32(l[n]), nil
	case value.KindObject, value.KindRecordID:
		switch i.Kind() {
		case value.KindString, value.KindSymbol:
			return r.field(x, i.AsString(), ix.P)
		case value.KindNone:
			return value.None, nil
		}
		return value.None, typeMismatch(ix.P, "cannot index an object with a %s", kindName(i))
	case value.KindString:
		n, ok := indexInt(i)
		if !ok {
			return value.None, typeMismatch(ix.P, "cannot index a string with a %s", kindName(i))
		}
		rs := []rune(x.AsString())
		if n < 0 {
			n += int64(len(rs))
		}
		if n < 0 || n >= int64(len(rs)) {
			return value.None, nil
		}
		return value.String(string(rs[n])), nil
	}
	return value.None, typeMismatch(ix.P, "cannot index a value of type %s", kindName(x))
}

func indexInt(v value.Value) (int64, bool) {
	switch v.Kind() {
	case value.KindInt:
		if v.Width() == value.U64 && v.AsUint64() > 1<<63-1 {
			return 0, false
		}
		return v.AsInt(), true
	case value.KindFloat:
		f := v.AsFloat()
		if f == float64(int64(f)) {
			return int64(f), true
		}
	}
	return 0, false
}

func (r *run) evalObject(oc *plan.ObjectCons, sc *scope) (value.Value, error) {
	var base *value.Object
	if oc.Spread != nil {
		s, err := r.eval(oc.Spread, sc)
		if err != nil {
			return value.None, err
		}
		switch s.Kind() {
		case value.KindObject:
			base = s.AsObject()
		case value.KindNone:
		default:
			return value.None, typeMismatch(oc.P, "cannot spread a value of type %s into an object", kindName(s))
		}
	}
	o := value.NewObject(base.Len() + len(oc.Names))
	for i := 0; i < base.Len(); i++ {
		n, v := base.At(i)
		o.Set(n, v)
	}
	for i, x := range oc.Vals {
		v, err := r.eval(x, sc)
		if err != nil {
			return value.None, err
		}
		o.Set(oc.Names[i], v)
	}
	return value.ObjectOf(o), nil
}

func (r *run) evalRecordView(rv *plan.RecordView, sc *scope) (value.Value, error) {
	k, err := r.eval(rv.Key, sc)
	if err != nil {
		return value.None, err
	}
	ov, err := r.eval(rv.Obj, sc)
	if err != nil {
		return value.None, err
	}
	if k.IsNone() || ov.IsNone() {
		return value.None, nil
	}
	return recordView(rv.Table, k, ov), nil
}

// recordView builds { id: table.@key, ...stored fields } (a stored field
// named id, such as a SQL primary key column, is shadowed by the record id).
func recordView(table string, k, ov value.Value) value.Value {
	obj := ov.AsObject()
	o := value.NewObject(obj.Len() + 1)
	o.Set("id", value.RecordIDOf(table, k))
	for i := 0; i < obj.Len(); i++ {
		n, v := obj.At(i)
		if n != "id" {
			o.Set(n, v)
		}
	}
	return value.ObjectOf(o)
}

func (r *run) evalBlock(b *plan.Block, sc *scope) (value.Value, error) {
	inner := scope{row: sc.row, outer: sc.outer, frame: &frame{slots: make([]value.Value, b.NumSlots), parent: sc.frame}}
	for _, s := range b.Stmts {
		if _, err := r.eval(s, &inner); err != nil {
			return value.None, err
		}
	}
	if b.Result == nil {
		return value.None, nil
	}
	return r.eval(b.Result, &inner)
}

func (r *run) evalCall(c *plan.Call, sc *scope) (value.Value, error) {
	f, ok := r.x.reg.Lookup(c.Fn)
	if !ok {
		if c.Fn == domainCheckFn {
			return r.evalDomainCheck(c, sc)
		}
		if c.Fn == plan.PartitionTableOID {
			return r.evalPartitionTableOID(c, sc)
		}
		if sf, ok := sysFunc(c.Fn); ok {
			return r.evalSysCall(c, sf, sc)
		}
		if name, ok := strings.CutPrefix(c.Fn, plan.PLCallPrefix); ok {
			return r.evalPLCall(c, name, false, sc)
		}
		if name, ok := strings.CutPrefix(c.Fn, plan.PLRowsPrefix); ok {
			return r.evalPLCall(c, name, true, sc)
		}
		return value.None, errAt(c.P, errs.UndefinedFunction, "function %s does not exist", c.Fn)
	}
	if len(c.Args) < f.MinArgs || (f.MaxArgs >= 0 && len(c.Args) > f.MaxArgs) {
		return value.None, errAt(c.P, errs.UndefinedFunction, "function %s does not take %d arguments", c.Fn, len(c.Args))
	}
	if f.Coalesce {
		for _, a := range c.Args {
			v, err := r.eval(a, sc)
			if err != nil || !v.IsSQLNull() {
				return v, err
			}
		}
		return value.None, nil
	}
	var buf [4]value.Value
	args := buf[:0]
	if len(c.Args) > len(buf) {
		args = make([]value.Value, 0, len(c.Args))
	}
	for _, a := range c.Args {
		v, err := r.eval(a, sc)
		if err != nil {
			return value.None, err
		}
		if c.SQL && f.Strict && v.IsSQLNull() {
			return value.None, nil
		}
		args = append(args, v)
	}
	if c.Spread != nil {
		var err error
		if args, err = r.spread(c, args, sc); err != nil || args == nil {
			return value.None, err
		}
	}
	v, err := f.Fn(r.builtinCtx(c.SQL), args)
	if err != nil {
		return value.None, atPos(err, c.P)
	}
	return v, nil
}

// spread replaces a call's last argument, its VARIADIC array, by the
// elements, each passed through its Spread closure; nil for a NULL array.
func (r *run) spread(c *plan.Call, args []value.Value, sc *scope) ([]value.Value, error) {
	last := args[len(args)-1]
	if last.IsSQLNull() {
		return nil, nil
	}
	fns := make([]*closure, len(c.Spread))
	for i, e := range c.Spread {
		fv, err := r.eval(e, sc)
		if err != nil {
			return nil, err
		}
		if fv.Kind() == value.KindFunc {
			fns[i], _ = fv.AsFunc().(*closure)
		}
		if fns[i] == nil {
			return nil, errAt(c.P, errs.InternalError, "VARIADIC conversion of %s is not a closure", c.Fn)
		}
	}
	elems := last.AsList()
	out := append(make([]value.Value, 0, len(args)-1+len(elems)), args[:len(args)-1]...)
	for i, el := range elems {
		v, err := fns[i%len(fns)].callIn(r, []value.Value{el})
		if err != nil {
			return nil, atPos(err, c.P)
		}
		out = append(out, v)
	}
	return out, nil
}

func (r *run) evalApply(a *plan.Apply, sc *scope) (value.Value, error) {
	fv, err := r.eval(a.Fn, sc)
	if err != nil {
		return value.None, err
	}
	if fv.Kind() != value.KindFunc {
		return value.None, typeMismatch(a.P, "cannot call a value of type %s", kindName(fv))
	}
	args, err := r.evalList(a.Args, sc)
	if err != nil {
		return value.None, err
	}
	f := fv.AsFunc()
	if n := f.Arity(); n >= 0 && n != len(args) {
		return value.None, errAt(a.P, errs.UndefinedFunction, "%s takes %d arguments, not %d", f.String(), n, len(args))
	}
	var v value.Value
	if c, ok := f.(*closure); ok {
		v, err = c.callIn(r, args)
	} else if s, ok := f.(*storedFunc); ok {
		v, err = r.callFunction(s.fn, args)
	} else {
		v, err = f.Call(r.builtinCtx(false).Ctx, args)
	}
	if err != nil {
		return value.None, atPos(err, a.P)
	}
	return v, nil
}

// keyable reports whether v may be a record key (value.AppendKey has the
// final word; this only keeps obviously wrong kinds out of record ids).
func keyable(v value.Value) bool {
	if v.Kind() == value.KindTuple {
		for _, e := range v.AsList() {
			if !keyable(e) {
				return false
			}
		}
		return true
	}
	return v.Kind().RecordKey()
}

// jsonIndexable reports whether jsonb's -> finds anything: a string key
// of an object, or an integer index of an array or of a scalar (jsonb's
// null included; SQL NULL is not).
func jsonIndexable(x, i value.Value) bool {
	switch x.Kind() {
	case value.KindObject:
		return i.Kind() == value.KindString
	case value.KindList, value.KindTuple:
		return i.Kind() == value.KindInt
	case value.KindString, value.KindInt, value.KindFloat, value.KindDecimal, value.KindBool:
		return i.Kind() == value.KindInt
	}
	return x.IsJSONNull() && i.Kind() == value.KindInt
}
