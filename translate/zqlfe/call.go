package zqlfe

import (
	"fmt"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/lang"
)

// callSite is a call in any written form (f(a), a.f(b), f a, a f b,
// a |> f b): all mean f(args...).
type callSite struct {
	node lang.Node // the whole call, for its position
	fn   lang.Expr // *lang.Ident, *lang.NamespacedName or any expression
	args []lang.Expr
	// method: written a.f(b); its receiver, args[0], is read when it is a
	// record id (package doc).
	method bool
	// pipe: written as a pipeline stage; args[0] is the input and the
	// other arguments that start with `.` are per-element closures.
	pipe bool
}

func (t *translator) callSite(c *lang.Call) *callSite {
	return &callSite{node: c, fn: c.Fn, args: c.Args, method: c.Form == lang.CallMethod}
}

// pipeCall turns `input |> stage` into the call it means (zql.md §7):
// s |> f is f(s), s |> f(a) and s |> f a are f(s, a).
func (t *translator) pipeCall(p *lang.Pipeline) *callSite {
	cs := &callSite{node: p, fn: p.Stage, args: []lang.Expr{p.Input}, pipe: true}
	if c, ok := p.Stage.(*lang.Call); ok && c.Form != lang.CallMethod && c.Form != lang.CallInfix {
		switch c.Fn.(type) {
		case *lang.Ident, *lang.NamespacedName:
			cs.fn = c.Fn
			cs.args = append(cs.args, c.Args...)
		}
	}
	return cs
}

// fnPos is the position of the called function's name.
func (t *translator) fnPos(cs *callSite) int { return t.at(cs.fn) }

// callKind classifies a call; the classification looks things up but
// builds nothing, so that isStream can ask before anything is built.
type callKind uint8

const (
	callBuiltin    callKind = iota // a builtin or host function
	callApply                      // a function value (closure, variable)
	callOp                         // contains / matches: plan operators
	callStage                      // a stream stage that yields a stream
	callValueStage                 // a stream stage that yields one value
	callWriteOne                   // a write of one record: yields it (or none)
	callWriteMany                  // a write of many records: a stream
	callDDL                        // a catalog change (statement level only)
	callStored                     // a stored function (function.go)
	callDescribe                   // describe kind.@name (objects.go)
	callGraph                      // shortest_path, neighbors (graph.go)
)

// stage describes a pipeline stage (zql.md §7): how many arguments it takes
// besides its input, and whether it yields one value.
type stage struct {
	minArgs, maxArgs int // -1: any number
	value            bool
}

func stageOf(name string) (stage, bool) {
	switch name {
	case "order":
		return stage{0, 1, false}, true
	case "order_by":
		return stage{1, -1, false}, true
	case "limit", "skip", "map", "filter", "flat_map", "group_by":
		return stage{1, 1, false}, true
	case "distinct", "reverse", "flatten":
		return stage{0, 0, false}, true
	case "count", "sum", "avg", "min", "max", "first", "last":
		return stage{0, 0, true}, true
	case "nearest":
		return stage{3, 3, false}, true
	}
	return stage{}, false
}

// catalogKinds are the namespaces of ns::create (zql.md §4).
func isCatalogKind(ns string) bool {
	switch ns {
	case "table", "db", "namespace", "enum", "type", "edge", "index":
		return true
	}
	return false
}

// classify decides what a call is. Name resolution in call position:
// a lexical binding (local, parameter, element) is applied; then the
// record writes, operators and describe ZQL defines; then stored
// functions (which may shadow stages and builtins); then the stream
// stages; then builtin and host functions; then session variables
// (applied). Stage names win over session variables so `let limit = 10`
// does not break `|> limit 3`.
func (t *translator) classify(cs *callSite) (callKind, error) {
	switch fn := cs.fn.(type) {
	case *lang.NamespacedName:
		full := fn.Namespace + "::" + fn.Name
		if _, ok := t.function(full); ok {
			return callBuiltin, nil
		}
		if fn.Name == "create" && isCatalogKind(fn.Namespace) {
			return callDDL, nil
		}
		if _, _, ok := describeTarget(cs); ok || (full == "db::describe" && len(cs.args) == 0) {
			return callDescribe, nil
		}
		if fn.Name == "add" || fn.Name == "put" {
			if len(cs.args) == 1 {
				if _, ok := cs.args[0].(*lang.Object); !ok {
					return callWriteMany, nil
				}
			}
			return callWriteOne, nil
		}
		return 0, t.noFunction(t.fnPos(cs), full)
	case *lang.Ident:
		name := fn.Name
		if t.lookup(name) != nil {
			return callApply, nil
		}
		switch name {
		case "remove":
			if len(cs.args) == 1 {
				if t.isRecordTarget(cs.args[0]) {
					return callWriteOne, nil
				}
				return callWriteMany, nil
			}
		case "update", "replace":
			if len(cs.args) == 2 {
				if t.isRecordTarget(cs.args[0]) {
					return callWriteOne, nil
				}
				return callWriteMany, nil
			}
		case "contains", "matches":
			if len(cs.args) == 2 {
				return callOp, nil
			}
		case "describe":
			if _, _, ok := describeTarget(cs); ok {
				return callDescribe, nil
			}
		}
		// A stored function may shadow a stage or a builtin of its name.
		if _, ok, err := t.storedFunction(name, t.fnPos(cs)); err != nil || ok {
			return callStored, err
		}
		if st, ok := stageOf(name); ok && len(cs.args) >= 1 {
			n := len(cs.args) - 1
			if n >= st.minArgs && (st.maxArgs < 0 || n <= st.maxArgs) {
				// A name that is a builtin too (count, reverse, first, ...)
				// means the builtin when its input is a value rather than a
				// stream: reverse("abc") is "cba".
				if f, ok := t.function(name); ok && len(cs.args) >= f.MinArgs && (f.MaxArgs < 0 || len(cs.args) <= f.MaxArgs) {
					stream, err := t.isStream(cs.args[0])
					if err != nil {
						return 0, err
					}
					if !stream {
						return callBuiltin, nil
					}
				}
				if st.value {
					return callValueStage, nil
				}
				return callStage, nil
			}
		}
		if isGraphFunction(name) {
			return callGraph, nil
		}
		if _, ok := t.function(name); ok {
			return callBuiltin, nil
		}
		if t.hasSessionVar(name) {
			return callApply, nil
		}
		if st, ok := stageOf(name); ok {
			return 0, errAt(errs.UndefinedFunction, t.fnPos(cs), "stage %s takes %s besides its input, not %d",
				name, argCount(st.minArgs, st.maxArgs), len(cs.args)-1)
		}
		return 0, t.noFunction(t.fnPos(cs), name)
	}
	return callApply, nil
}

func argCount(lo, hi int) string {
	switch {
	case lo == hi && lo == 1:
		return "1 argument"
	case lo == hi:
		return fmt.Sprintf("%d arguments", lo)
	case hi < 0:
		return fmt.Sprintf("at least %d arguments", lo)
	}
	return fmt.Sprintf("%d to %d arguments", lo, hi)
}

// isRecordTarget reports whether e is one record of a known table: a
// record id literal, a name bound to a record (a generator variable over a
// table, a let of a record id), or the write of one record.
func (t *translator) isRecordTarget(e lang.Expr) bool {
	switch e.(type) {
	case *lang.RecordID:
		return true
	case *lang.Dot:
		b := t.lookup(".")
		return b != nil && b.table != nil
	}
	return t.staticTable(e) != nil
}

// call translates a call used as a value.
func (t *translator) call(cs *callSite) (plan.Expr, error) {
	kind, err := t.classify(cs)
	if err != nil {
		return nil, err
	}
	pos := t.at(cs.node)
	switch kind {
	case callBuiltin:
		return t.builtinCall(cs)
	case callApply:
		return t.apply(cs)
	case callOp:
		l, err := t.expr(cs.args[0])
		if err != nil {
			return nil, err
		}
		r, err := t.argExpr(cs, 1)
		if err != nil {
			return nil, err
		}
		op := plan.OpContains
		if cs.fn.(*lang.Ident).Name == "matches" {
			op = plan.OpMatches
		}
		return &plan.Binary{At: at(t.fnPos(cs)), Op: op, L: l, R: r}, nil
	case callValueStage:
		return t.valueStage(cs)
	case callWriteOne:
		t.level++
		n, err := t.writeOne(cs)
		t.level--
		if err != nil {
			return nil, err
		}
		return &plan.Subquery{At: at(pos), Node: n, Mode: plan.SubFirst}, nil
	case callDDL:
		return nil, errAt(errs.FeatureNotSupported, t.fnPos(cs), "%s must be a statement of its own", lang.Print(cs.fn))
	case callStored:
		cf, ok, err := t.storedFunction(t.fnName(cs), t.fnPos(cs))
		if err != nil || !ok {
			return nil, err
		}
		return t.storedCall(cs, cf)
	case callGraph:
		return t.graphCall(cs)
	case callDescribe:
		if t.fnName(cs) == "db::describe" {
			return t.describeDatabase(pos)
		}
		return t.describe(cs)
	}
	// Stream kinds are values through streamValue (expr asks isStream
	// first); reaching here is a classification mismatch.
	return nil, errAt(errs.InternalError, pos, "zqlfe: stream call translated as a value")
}

// argExpr translates argument i of a call. In a pipeline stage an
// argument that starts with `.` is a per-element closure; a record id
// receiver of a method call is read.
func (t *translator) argExpr(cs *callSite, i int) (plan.Expr, error) {
	a := cs.args[i]
	if cs.pipe && i > 0 && hasFreeDot(a) {
		return t.implicitClosure(a)
	}
	if cs.method && i == 0 {
		if rid, ok := a.(*lang.RecordID); ok && !idFunction(t.fnName(cs)) {
			return t.readRecord(rid)
		}
	}
	return t.expr(a)
}

// idFunction reports whether a builtin works on record ids, so that a
// record id receiver (persons.@ann.key()) stays an id.
func idFunction(name string) bool {
	switch name {
	case "id", "table", "key":
		return true
	}
	return false
}

func (t *translator) argExprs(cs *callSite) ([]plan.Expr, error) {
	out := make([]plan.Expr, len(cs.args))
	for i := range cs.args {
		x, err := t.argExpr(cs, i)
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	return out, nil
}

func (t *translator) fnName(cs *callSite) string {
	switch fn := cs.fn.(type) {
	case *lang.Ident:
		return fn.Name
	case *lang.NamespacedName:
		return fn.Namespace + "::" + fn.Name
	}
	return ""
}

func (t *translator) builtinCall(cs *callSite) (plan.Expr, error) {
	name := t.fnName(cs)
	f, ok := t.function(name)
	if !ok {
		return nil, t.noFunction(t.fnPos(cs), name)
	}
	n := len(cs.args)
	if n < f.MinArgs || (f.MaxArgs >= 0 && n > f.MaxArgs) {
		return nil, errAt(errs.UndefinedFunction, t.fnPos(cs), "function %s takes %s, not %d", name, argCount(f.MinArgs, f.MaxArgs), n)
	}
	args, err := t.argExprs(cs)
	if err != nil {
		return nil, err
	}
	pos := t.at(cs.node)
	if v, ok := foldTimeLiteral(f.Name, args); ok {
		return konst(pos, v), nil
	}
	return &plan.Call{At: at(pos), Fn: f.Name, Args: args}, nil
}

// foldTimeLiteral folds datetime("...") and duration("...") of a constant
// string into a constant, so the optimizer can compare it (key ranges).
// A string that does not parse is left to the builtin, which reports the
// error at run time.
func foldTimeLiteral(fn string, args []plan.Expr) (value.Value, bool) {
	if len(args) != 1 {
		return value.None, false
	}
	s, ok := constOf(args[0])
	if !ok || s.Kind() != value.KindString {
		return value.None, false
	}
	var v value.Value
	var err error
	switch fn {
	case "datetime":
		v, err = value.ParseDatetime(s.AsString())
	case "duration":
		v, err = value.ParseDuration(s.AsString())
	case "time":
		if value.ReadsClock(s.AsString()) {
			return value.None, false // time("now") is read when it runs
		}
		v, err = value.ParseText(s.AsString(), value.TypeTime)
	default:
		return value.None, false
	}
	return v, err == nil
}

func (t *translator) apply(cs *callSite) (plan.Expr, error) {
	var fn plan.Expr
	var err error
	switch f := cs.fn.(type) {
	case *lang.Ident:
		fn, err = t.ident(f)
	default:
		if cs.pipe && hasFreeDot(f) {
			// s |> .name is (|e| e.name)(s).
			fn, err = t.implicitClosure(f)
		} else {
			fn, err = t.expr(f)
		}
	}
	if err != nil {
		return nil, err
	}
	if v, ok := constOf(fn); ok {
		return nil, errAt(errs.DatatypeMismatch, t.fnPos(cs), "cannot call a value of type %s", v.Kind())
	}
	args, err := t.argExprs(cs)
	if err != nil {
		return nil, err
	}
	return &plan.Apply{At: at(t.at(cs.node)), Fn: fn, Args: args}, nil
}
