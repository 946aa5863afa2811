package zqlfe

import (
	"strconv"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/lang"
)

// expr translates an expression used as a value. Streams used as values
// become lists (Subquery SubList).
func (t *translator) expr(e lang.Expr) (plan.Expr, error) {
	if err := t.ctx.Err(); err != nil {
		return nil, errs.From(err)
	}
	switch e := e.(type) {
	case *lang.Ident, *lang.Comprehension, *lang.Range, *lang.Pipeline, *lang.Call, *lang.FieldAccess, *lang.Index:
		ok, err := t.isStream(e)
		if err != nil {
			return nil, err
		}
		if ok {
			return t.streamValue(e)
		}
	}
	pos := t.at(e)
	switch e := e.(type) {
	case *lang.IntLit:
		v, err := t.intValue(e, false)
		if err != nil {
			return nil, err
		}
		return konst(pos, v), nil
	case *lang.FloatLit:
		return konst(pos, floatValue(e.Value, e.Suffix, false)), nil
	case *lang.StringLit:
		return konst(pos, value.String(e.Value)), nil
	case *lang.BoolLit:
		return konst(pos, value.Bool(e.Value)), nil
	case *lang.NoneLit:
		return konst(pos, value.None), nil
	case *lang.RegexLit:
		v, err := t.regexValue(e)
		if err != nil {
			return nil, err
		}
		return konst(pos, v), nil
	case *lang.SymbolLit:
		return konst(pos, value.Symbol(e.Name)), nil
	case *lang.Param:
		return t.param(e), nil
	case *lang.Ident:
		return t.ident(e)
	case *lang.NamespacedName:
		return t.namespacedValue(e)
	case *lang.Dot:
		b := t.lookup(".")
		if b == nil {
			return nil, errAt(errs.UndefinedColumn, pos, `"." is not bound here: it means the element inside a comprehension or a pipeline stage`)
		}
		return t.ref(b, pos), nil
	case *lang.RecordID:
		return t.recordIDValue(e)
	case *lang.List:
		xs, err := t.exprs(e.Elems)
		if err != nil {
			return nil, err
		}
		if vs, ok := consts(xs); ok {
			return konst(pos, value.List(vs)), nil
		}
		return &plan.ListCons{At: at(pos), Elems: xs}, nil
	case *lang.Tuple:
		xs, err := t.exprs(e.Elems)
		if err != nil {
			return nil, err
		}
		if vs, ok := consts(xs); ok {
			return konst(pos, value.Tuple(vs)), nil
		}
		return &plan.TupleCons{At: at(pos), Elems: xs}, nil
	case *lang.Object:
		names, vals, err := t.objectFields(e)
		if err != nil {
			return nil, err
		}
		return objectCons(pos, names, vals, nil), nil
	case *lang.Block:
		return t.block(e)
	case *lang.Closure:
		return t.closure(e)
	case *lang.Unary:
		return t.unary(e)
	case *lang.Binary:
		return t.binary(e)
	case *lang.Range:
		return t.rangeValue(e)
	case *lang.Pipeline:
		return t.call(t.pipeCall(e))
	case *lang.Call:
		return t.call(t.callSite(e))
	case *lang.FieldAccess:
		return t.fieldAccess(e)
	case *lang.Index:
		x, err := t.expr(e.X)
		if err != nil {
			return nil, err
		}
		i, err := t.expr(e.Index)
		if err != nil {
			return nil, err
		}
		return &plan.Index{At: at(pos), X: x, I: i}, nil
	case *lang.If:
		return t.ifExpr(e)
	case *lang.Match:
		return t.match(e)
	case *lang.Ordered:
		return nil, errAt(errs.SyntaxError, pos, "asc and desc are only allowed in the keys of order and order_by")
	case *lang.Path:
		return t.streamValue(e)
	case *lang.Star, *lang.Repeat:
		return nil, errAt(errs.SyntaxError, pos, "%s only stands in a graph path", lang.Print(e))
	case *lang.ObjectType:
		return nil, errAt(errs.SyntaxError, pos, "a schema is only allowed as the second argument of table::create")
	}
	return nil, errAt(errs.InternalError, pos, "zqlfe: unknown expression %T", e)
}

func (t *translator) exprs(es []lang.Expr) ([]plan.Expr, error) {
	out := make([]plan.Expr, len(es))
	for i, e := range es {
		x, err := t.expr(e)
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	return out, nil
}

// streamValue translates a stream used as a value: a list of its elements.
func (t *translator) streamValue(e lang.Expr) (plan.Expr, error) {
	t.level++
	s, err := t.stream(e)
	var n plan.Node
	if err == nil {
		n = t.node(s, t.at(e))
	}
	t.level--
	if err != nil {
		return nil, err
	}
	return &plan.Subquery{At: at(t.at(e)), Node: n, Mode: plan.SubList}, nil
}

func konst(pos int, v value.Value) *plan.Const { return &plan.Const{At: at(pos), V: v} }

// constOf returns the value of a constant expression.
func constOf(x plan.Expr) (value.Value, bool) {
	if c, ok := x.(*plan.Const); ok {
		return c.V, true
	}
	return value.None, false
}

// consts returns the values of expressions that are all constants, so that
// literals of constants are folded into one constant (cheaper to run, and
// visible to the optimizer).
func consts(xs []plan.Expr) ([]value.Value, bool) {
	vs := make([]value.Value, len(xs))
	for i, x := range xs {
		v, ok := constOf(x)
		if !ok {
			return nil, false
		}
		vs[i] = v
	}
	return vs, true
}

// objectCons builds an object, folding it when every field is constant.
func objectCons(pos int, names []string, vals []plan.Expr, spread plan.Expr) plan.Expr {
	if spread == nil {
		if vs, ok := consts(vals); ok {
			o := value.NewObject(len(names))
			for i, n := range names {
				o.Set(n, vs[i])
			}
			return konst(pos, value.ObjectOf(o))
		}
	}
	return &plan.ObjectCons{At: at(pos), Names: names, Vals: vals, Spread: spread}
}

// objectFields translates the fields of an object literal. The shorthand
// `{ name }` reads whichever is bound closer: a name `name`, or the
// element `.` (then it means `.name`, zql.md §3).
func (t *translator) objectFields(o *lang.Object) ([]string, []plan.Expr, error) {
	if hasPaths(o) {
		return t.pathFields(o, nil)
	}
	names := make([]string, len(o.Fields))
	vals := make([]plan.Expr, len(o.Fields))
	for i, f := range o.Fields {
		names[i] = f.Key
		var err error
		if f.Value != nil {
			vals[i], err = t.expr(f.Value)
		} else {
			vals[i], err = t.shorthand(f)
		}
		if err != nil {
			return nil, nil, err
		}
	}
	return names, vals, nil
}

func (t *translator) shorthand(f *lang.ObjectField) (plan.Expr, error) {
	pos := t.at(f)
	for s := t.scope; s != nil; s = s.parent {
		for i := len(s.binds) - 1; i >= 0; i-- {
			b := &s.binds[i]
			switch b.name {
			case f.Key:
				return t.ref(b, pos), nil
			case ".":
				return t.field(t.ref(b, pos), f.Key, pos), nil
			}
		}
	}
	return t.ident(&lang.Ident{Span: f.Span, Name: f.Key})
}

// ident resolves a name used as a value: a local or element binding, a
// session variable, a table (a stream, handled by expr), a function (a
// function value); anything else is 42703.
func (t *translator) ident(id *lang.Ident) (plan.Expr, error) {
	pos := t.at(id)
	if b := t.lookup(id.Name); b != nil {
		return t.ref(b, pos), nil
	}
	if t.hasSessionVar(id.Name) {
		return &plan.SessionVar{At: at(pos), Name: id.Name}, nil
	}
	cf, ok, err := t.storedFunction(id.Name, pos)
	if err != nil {
		return nil, err
	}
	if ok {
		return storedValue(pos, cf), nil
	}
	if f, ok := t.function(id.Name); ok {
		return funcValue(pos, f.Name, f.MinArgs, f.MaxArgs), nil
	}
	return nil, errAt(errs.UndefinedColumn, pos, "unknown name %q", id.Name)
}

// namespacedValue is ns::name used as a value: a namespace constant such as
// math::pi (a function of no arguments) is called, any other function is a
// function value.
func (t *translator) namespacedValue(n *lang.NamespacedName) (plan.Expr, error) {
	pos := t.at(n)
	name := n.Namespace + "::" + n.Name
	f, ok := t.function(name)
	if !ok {
		return nil, t.noFunction(pos, name)
	}
	if f.MaxArgs == 0 {
		return &plan.Call{At: at(pos), Fn: f.Name}, nil
	}
	return funcValue(pos, f.Name, f.MinArgs, f.MaxArgs), nil
}

// funcValue wraps a builtin into a closure so it can be passed around
// (`xs |> map uppercase`, `assert [is_capitalized]`). It takes the
// builtin's required arguments (one when all are optional).
func funcValue(pos int, name string, minArgs, maxArgs int) plan.Expr {
	n := minArgs
	if n == 0 && maxArgs != 0 {
		n = 1
	}
	params := make([]string, n)
	args := make([]plan.Expr, n)
	for i := range params {
		params[i] = "arg" + strconv.Itoa(i+1)
		args[i] = &plan.Local{At: at(pos), Slot: i, Name: params[i]}
	}
	return &plan.Closure{At: at(pos), Params: params, NumSlots: n, Body: &plan.Call{At: at(pos), Fn: name, Args: args}}
}

func (t *translator) param(p *lang.Param) plan.Expr {
	if t.args > 0 {
		return t.argRef(p)
	}
	if !t.usedParam {
		t.usedParam, t.paramPos = true, t.at(p)
	}
	if p.Index > t.maxParam {
		t.maxParam = p.Index
	}
	return &plan.Param{At: at(t.at(p)), N: p.Index, Name: p.Name}
}

// argRef reads the caller's argument $n (TranslateArgs): column n-1 of
// the row outside the statement's root, one level above it.
func (t *translator) argRef(p *lang.Param) plan.Expr {
	if p.Name != "" || p.Index < 1 || p.Index > t.args {
		if t.argErr == nil {
			name := "$" + p.Name
			if p.Name == "" {
				name = "$" + strconv.Itoa(p.Index)
			}
			t.argErr = errAt(codeUndefinedParameter, t.at(p), "there is no argument %s: the query was given %d", name, t.args)
		}
		return konst(t.at(p), value.None)
	}
	return t.colRef(&binding{name: "$" + strconv.Itoa(p.Index), kind: bindCol, level: -1, col: p.Index - 1}, p.Index-1, t.at(p))
}

// field reads a field. A field of a record view other than id reads the
// stored object directly: the same value, in the form the optimizer
// recognises (filters on fields of a scanned object, key columns).
func (t *translator) field(x plan.Expr, name string, pos int) plan.Expr {
	if rv, ok := x.(*plan.RecordView); ok && name != "id" {
		return &plan.Field{At: at(pos), X: rv.Obj, Name: name}
	}
	return &plan.Field{At: at(pos), X: x, Name: name}
}

func (t *translator) fieldAccess(e *lang.FieldAccess) (plan.Expr, error) {
	pos := t.at(e)
	var x plan.Expr
	var err error
	if rid, ok := e.X.(*lang.RecordID); ok {
		if kp, ok := t.keyParam(rid.Key); ok {
			return t.fieldOfKeyParam(e, rid, kp)
		}
		// Field access follows a record id at run time; the table must
		// exist all the same.
		x, err = t.recordIDOf(rid, true)
	} else {
		x, err = t.expr(e.X)
	}
	if err != nil {
		return nil, err
	}
	if n, ok := tupleIndex(e.Name); ok {
		return &plan.Index{At: at(pos), X: x, I: konst(pos, value.Int(n))}, nil
	}
	tb := t.staticTable(e.X)
	if err := t.checkFieldRead(tb, e); err != nil {
		return nil, err
	}
	if rid, ok := e.X.(*lang.RecordID); ok && tb != nil && e.Name != "id" {
		if v, ok := constOf(x); ok && v.Kind() == value.KindRecordID {
			return t.recordField(tb, rid, konst(t.at(rid.Key), v.AsRecordID().Key), e)
		}
	}
	return t.field(x, e.Name, pos), nil
}

// checkFieldRead fails (42703, at the field's name) when e reads a field
// that the schemafull table tb of its record does not declare: such a
// field can never hold a value, so the name is a mistake.
func (t *translator) checkFieldRead(tb *catalog.Table, e *lang.FieldAccess) error {
	if tb == nil || !tb.Schemafull || len(tb.Fields) == 0 || e.Name == "id" {
		return nil
	}
	if _, _, ok := tb.FieldByName(e.Name); ok {
		return nil
	}
	names := make([]string, len(tb.Fields))
	for i, f := range tb.Fields {
		names[i] = f.Name
	}
	return errAt(errs.UndefinedColumn, t.pos(e.End-len(e.Name)), "field %q of table %q does not exist", e.Name, tb.Name).
		WithHint("The fields of %s are id, %s.", tb.Name, strings.Join(names, ", "))
}

// tupleIndex reads the member name of t.0, t.1, ...
func tupleIndex(name string) (int64, bool) {
	if name == "" || name[0] < '0' || name[0] > '9' {
		return 0, false
	}
	n, err := strconv.ParseInt(name, 10, 64)
	return n, err == nil
}

func (t *translator) unary(e *lang.Unary) (plan.Expr, error) {
	pos := t.at(e)
	switch e.Op {
	case lang.OpNeg:
		switch x := e.X.(type) {
		case *lang.IntLit:
			v, err := t.intValue(x, true)
			if err != nil {
				return nil, err
			}
			return konst(pos, v), nil
		case *lang.FloatLit:
			return konst(pos, floatValue(x.Value, x.Suffix, true)), nil
		}
		x, err := t.expr(e.X)
		if err != nil {
			return nil, err
		}
		if v, ok := constOf(x); ok {
			n, err := value.Negate(v)
			if err == nil {
				return konst(pos, n), nil
			}
			if isTypeError(err) {
				return nil, withPos(asTypeMismatch(err), pos)
			}
		}
		return &plan.Unary{At: at(pos), Op: plan.OpNeg, X: x}, nil
	case lang.OpPos:
		x, err := t.expr(e.X)
		if err != nil {
			return nil, err
		}
		if v, ok := constOf(x); ok && !value.IsNumeric(v.Kind()) {
			return nil, errAt(errs.DatatypeMismatch, pos, "unary + needs a number, not %s", v.Kind())
		}
		return x, nil
	case lang.OpNot:
		x, err := t.expr(e.X)
		if err != nil {
			return nil, err
		}
		if v, ok := constOf(x); ok {
			if v.Kind() != value.KindBool {
				return nil, errAt(errs.DatatypeMismatch, pos, "not needs a bool, not %s", v.Kind())
			}
			return konst(pos, value.Bool(!v.AsBool())), nil
		}
		return &plan.Unary{At: at(pos), Op: plan.OpNot, X: x}, nil
	}
	return nil, errAt(errs.InternalError, pos, "zqlfe: unknown unary operator %s", e.Op)
}

// isTypeError reports whether err says that an operator does not apply to
// its operands: such errors are found at translate time when the operands
// are constants. Others (division by zero, overflow) are left to run time,
// where they only happen if the expression is evaluated.
func isTypeError(err error) bool {
	return hasCode(err, errs.DatatypeMismatch) || hasCode(err, errs.UndefinedFunction)
}

// asTypeMismatch gives an operator's type error ZQL's SQLSTATE: value
// reports operands of the wrong types as PostgreSQL's 42883 "operator
// does not exist"; ZQL calls it a type mismatch, 42804 (zql.md §13), as
// the executor does for ZQL operators.
func asTypeMismatch(err error) error {
	e := errs.From(err)
	if e.Code != errs.UndefinedFunction {
		return err
	}
	c := *e
	c.Code = errs.DatatypeMismatch
	return &c
}

// planOp maps a ZQL binary operator to the plan's.
func planOp(op lang.Op) (plan.Op, bool) {
	switch op {
	case lang.OpAdd:
		return plan.OpAdd, true
	case lang.OpSub:
		return plan.OpSub, true
	case lang.OpMul:
		return plan.OpMul, true
	case lang.OpDiv:
		return plan.OpDiv, true
	case lang.OpMod:
		return plan.OpMod, true
	case lang.OpPow:
		return plan.OpPow, true
	case lang.OpEq:
		return plan.OpEq, true
	case lang.OpNe:
		return plan.OpNe, true
	case lang.OpLt:
		return plan.OpLt, true
	case lang.OpLe:
		return plan.OpLe, true
	case lang.OpGt:
		return plan.OpGt, true
	case lang.OpGe:
		return plan.OpGe, true
	case lang.OpIn:
		return plan.OpIn, true
	case lang.OpAnd:
		return plan.OpAnd, true
	case lang.OpOr:
		return plan.OpOr, true
	}
	return 0, false
}

// arithOp maps an arithmetic operator to value.Arith's, for folding.
func arithOp(op lang.Op) (value.ArithOp, bool) {
	switch op {
	case lang.OpAdd:
		return value.Add, true
	case lang.OpSub:
		return value.Sub, true
	case lang.OpMul:
		return value.Mul, true
	case lang.OpDiv:
		return value.Div, true
	case lang.OpMod:
		return value.Mod, true
	case lang.OpPow:
		return value.Pow, true
	}
	return 0, false
}

func (t *translator) binary(e *lang.Binary) (plan.Expr, error) {
	pos := t.pos(e.OpPos)
	op, ok := planOp(e.Op)
	if !ok {
		return nil, errAt(errs.InternalError, pos, "zqlfe: unknown binary operator %s", e.Op)
	}
	l, err := t.expr(e.X)
	if err != nil {
		return nil, err
	}
	r, err := t.expr(e.Y)
	if err != nil {
		return nil, err
	}
	lv, lok := constOf(l)
	rv, rok := constOf(r)
	if lok && rok {
		if aop, ok := arithOp(e.Op); ok {
			v, err := value.Arith(aop, lv, rv)
			if err == nil {
				return konst(t.at(e), v), nil
			}
			if isTypeError(err) {
				return nil, withPos(asTypeMismatch(err), pos)
			}
		}
	}
	if e.Op == lang.OpAnd || e.Op == lang.OpOr {
		for _, c := range []struct {
			v  value.Value
			ok bool
		}{{lv, lok}, {rv, rok}} {
			if c.ok && c.v.Kind() != value.KindBool {
				return nil, errAt(errs.DatatypeMismatch, pos, "%s needs bool operands, not %s", e.Op, c.v.Kind())
			}
		}
	}
	return &plan.Binary{At: at(pos), Op: op, L: l, R: r}, nil
}

// rangeValue is lo..hi / lo..=hi as a value (a key range of records is a
// stream, see isStream).
func (t *translator) rangeValue(e *lang.Range) (plan.Expr, error) {
	pos := t.at(e)
	var lo, hi plan.Expr
	var err error
	if e.Lo != nil {
		if lo, err = t.expr(e.Lo); err != nil {
			return nil, err
		}
	}
	if e.Hi != nil {
		if hi, err = t.expr(e.Hi); err != nil {
			return nil, err
		}
	}
	lv, lok := constOrNone(lo)
	hv, hok := constOrNone(hi)
	if lok && hok {
		return konst(pos, value.RangeOf(lv, hv, e.Inclusive)), nil
	}
	return &plan.RangeCons{At: at(pos), Lo: lo, Hi: hi, Inclusive: e.Inclusive}, nil
}

func constOrNone(x plan.Expr) (value.Value, bool) {
	if x == nil {
		return value.None, true
	}
	return constOf(x)
}

func (t *translator) ifExpr(e *lang.If) (plan.Expr, error) {
	c, err := t.expr(e.Cond)
	if err != nil {
		return nil, err
	}
	th, err := t.block(e.Then)
	if err != nil {
		return nil, err
	}
	out := &plan.If{At: at(t.at(e)), Cond: c, Then: th}
	if e.Else != nil {
		if out.Else, err = t.expr(e.Else); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// block translates { stmt; ...; expr }. A block of one expression is that
// expression; otherwise it opens a local frame for its lets.
func (t *translator) block(b *lang.Block) (plan.Expr, error) {
	pos := t.at(b)
	if len(b.Stmts) == 0 {
		return konst(pos, value.None), nil
	}
	if len(b.Stmts) == 1 {
		if es, ok := b.Stmts[0].(*lang.ExprStmt); ok {
			return t.expr(es.X)
		}
	}
	t.pushFrame()
	t.pushScope()
	stmts := make([]plan.Expr, 0, len(b.Stmts))
	var result plan.Expr
	var err error
	for i, s := range b.Stmts {
		var x plan.Expr
		x, err = t.blockStmt(s)
		if err != nil {
			break
		}
		if _, isExpr := s.(*lang.ExprStmt); isExpr && i == len(b.Stmts)-1 {
			result = x
			break
		}
		if _, isTx := s.(*lang.Transaction); isTx && i == len(b.Stmts)-1 {
			result = x
			break
		}
		stmts = append(stmts, x)
	}
	t.popScope()
	n := t.popFrame()
	if err != nil {
		return nil, err
	}
	return &plan.Block{At: at(pos), NumSlots: n, Stmts: stmts, Result: result}, nil
}

func (t *translator) blockStmt(s lang.Stmt) (plan.Expr, error) {
	switch s := s.(type) {
	case *lang.ExprStmt:
		return t.expr(s.X)
	case *lang.Transaction:
		return t.block(s.Body)
	case *lang.Let:
		x, err := t.expr(s.Value)
		if err != nil {
			return nil, err
		}
		let := &plan.Let{At: at(t.at(s)), X: x}
		if s.Type != nil {
			ty, err := t.typeOf(s.Type)
			if err != nil {
				return nil, err
			}
			if let.X, err = t.checked(x, ty, t.at(s.Value)); err != nil {
				return nil, err
			}
			let.Type = &ty
		}
		// Bound after its value: `let a = a + 1` reads the outer a.
		let.Slot = t.bindLocalName(s.Name.Name, t.staticTable(s.Value))
		return let, nil
	case *lang.FuncDecl:
		return nil, errAt(errs.FeatureNotSupported, t.at(s), "a function declaration must be a statement of its own, not part of a block").
			WithHint("Declare the function before the block, or bind a closure: let %s = |x| ...", s.Name.Name)
	case *lang.Import:
		return nil, errAt(errs.FeatureNotSupported, t.at(s), "import must be a statement of its own, not part of a block")
	case *lang.Use:
		return nil, errAt(errs.FeatureNotSupported, t.at(s), "use cannot appear inside a block")
	case *lang.Destroy:
		return nil, errAt(errs.FeatureNotSupported, t.at(s), "destroy cannot appear inside a block")
	}
	return nil, errAt(errs.InternalError, t.at(s), "zqlfe: unknown statement %T", s)
}

// closure translates |params| body. Parameters are the first slots of the
// closure's frame; typed parameters are checked (and coerced) into slots of
// a block around the body.
func (t *translator) closure(c *lang.Closure) (plan.Expr, error) {
	pos := t.at(c)
	params := make([]string, len(c.Params))
	t.pushFrame()
	t.pushScope()
	typed := false
	for i, p := range c.Params {
		params[i] = p.Name.Name
		t.bindLocalName(p.Name.Name, nil)
		typed = typed || p.Type != nil
	}
	body, err := t.closureBody(c, typed)
	t.popScope()
	n := t.popFrame()
	if err != nil {
		return nil, err
	}
	return &plan.Closure{At: at(pos), Params: params, NumSlots: n, Body: body}, nil
}

func (t *translator) closureBody(c *lang.Closure, typed bool) (plan.Expr, error) {
	if !typed {
		return t.expr(c.Body)
	}
	t.pushFrame()
	t.pushScope()
	defer t.popScope()
	var lets []plan.Expr
	for _, p := range c.Params {
		if p.Type == nil {
			continue
		}
		ty, err := t.typeOf(p.Type)
		if err != nil {
			t.popFrame()
			return nil, err
		}
		pos := t.at(p)
		arg := t.ref(t.lookup(p.Name.Name), pos)
		slot := t.bindLocalName(p.Name.Name, nil)
		lets = append(lets, &plan.Let{At: at(pos), Slot: slot, X: arg, Type: &ty})
	}
	body, err := t.expr(c.Body)
	n := t.popFrame()
	if err != nil {
		return nil, err
	}
	return &plan.Block{At: at(t.at(c.Body)), NumSlots: n, Stmts: lets, Result: body}, nil
}

// implicitClosure makes |e| arg with `.` bound to e: a pipeline stage
// argument that starts with `.` (zql.md §7) handed to a function.
func (t *translator) implicitClosure(arg lang.Expr) (plan.Expr, error) {
	t.pushFrame()
	t.pushScope()
	t.bindLocalName(".", nil)
	body, err := t.expr(arg)
	t.popScope()
	n := t.popFrame()
	if err != nil {
		return nil, err
	}
	return &plan.Closure{At: at(t.at(arg)), Params: []string{"it"}, NumSlots: n, Body: body}, nil
}
