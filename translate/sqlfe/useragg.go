package sqlfe

import (
	"errors"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// User-defined aggregates (CREATE AGGREGATE) are stored functions with
// an Aggregate declaration (engine/catalog/aggregate.go). A call is an
// aggregate like array_agg of its arguments (a tuple of them when there
// are several), so GROUP BY, HAVING, FILTER, DISTINCT, ORDER BY inside
// the call and window frames are the aggregation machinery's, wrapped
// in sql::aggregate_fold, which runs the transition function over the
// collected rows and then the final function. Both functions are
// compiled, once per statement, into plan.Functions whose body is the
// call of the function the aggregate names with the state and the
// arguments as the frame's slots: so a transition function may be any
// function SQL can call with those types — a builtin, a LANGUAGE sql or
// plpgsql function, or one of PostgreSQL's internal ones that
// aggregates are commonly built on (internalFunctions).

// TagCreateAggregate and TagDropAggregate are the command tags.
const (
	TagCreateAggregate = "CREATE AGGREGATE"
	TagDropAggregate   = "DROP AGGREGATE"
)

// aggFn is an aggregate's transition or final function compiled for one
// statement.
type aggFn struct {
	pf     *plan.Function
	t      value.Type
	strict bool
}

// createAggregate translates CREATE [OR REPLACE] AGGREGATE, in the
// current syntax and the old one (BASETYPE = t).
func (tr *translator) createAggregate(ds *pg.DefineStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	schema, name, err := tr.functionTarget(ds.Defnames, true)
	if err != nil {
		return nil, err
	}
	tr.stmtSchema = schema
	f := &catalog.Function{Name: name, Language: catalog.LangInternal,
		Routine: &catalog.Routine{Kind: catalog.ReturnValue, Volatility: 'i', Parallel: 'u', Cost: 1}}
	a := &catalog.Aggregate{FinalModify: 'r'}
	f.Aggregate = a
	if !ds.Oldstyle {
		if len(ds.Args) == 2 && ds.Args[1].GetInteger().GetIval() >= 0 {
			return nil, unsupported(p, "ordered-set and hypothetical-set aggregates of one's own (WITHIN GROUP)")
		}
		var params []*pg.Node
		if len(ds.Args) > 0 {
			params = ds.Args[0].GetList().GetItems()
		}
		for _, n := range params {
			if err := notPolymorphic(n.GetFunctionParameter().GetArgType(), p); err != nil {
				return nil, err
			}
		}
		if err := tr.functionParams(f, params); err != nil {
			return nil, err
		}
	}
	var sfunc, ffunc []*pg.Node
	var stype, basetype *pg.TypeName
	for _, o := range ds.Definition {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		dp := tr.pos(d.Location)
		switch strings.ToLower(d.Defname) {
		case "sfunc", "sfunc1":
			sfunc = defNames(d.Arg)
		case "finalfunc":
			ffunc = defNames(d.Arg)
		case "stype", "stype1":
			stype = d.Arg.GetTypeName()
		case "basetype":
			basetype = d.Arg.GetTypeName()
		case "initcond", "initcond1":
			a.InitCond, a.HasInit = defText(d.Arg), true
		case "finalfunc_extra":
			a.FinalExtra = defFlag(d.Arg)
		case "finalfunc_modify", "mfinalfunc_modify":
			m, ok := map[string]byte{"read_only": 'r', "shareable": 's', "read_write": 'w'}[strings.ToLower(defText(d.Arg))]
			if !ok {
				return nil, errAt(errs.SyntaxError, dp, "parameter %q must be READ_ONLY, SHAREABLE, or READ_WRITE", d.Defname)
			}
			if d.Defname == "finalfunc_modify" {
				a.FinalModify = m
			}
		case "combinefunc", "serialfunc", "deserialfunc", "msfunc", "minvfunc", "mfinalfunc", "mstype", "minitcond",
			"mfinalfunc_extra", "sortop", "sspace", "msspace":
			// Partial aggregation, moving-aggregate mode (zerodb
			// aggregates a moving window frame again) and the sort
			// operator for min/max-like aggregates are PostgreSQL's
			// optimizations: accepted and not kept.
		case "parallel":
			switch strings.ToLower(defText(d.Arg)) {
			case "safe":
				f.Routine.Parallel = 's'
			case "restricted":
				f.Routine.Parallel = 'r'
			case "unsafe":
				f.Routine.Parallel = 'u'
			default:
				return nil, errAt(errs.InvalidParameterValue, dp, "parameter \"parallel\" must be SAFE, RESTRICTED, or UNSAFE")
			}
		case "hypothetical":
			return nil, unsupported(dp, "hypothetical-set aggregates of one's own")
		}
		// PostgreSQL warns of an attribute it does not know and goes on.
	}
	switch {
	case ds.Oldstyle && basetype == nil:
		return nil, errs.New(errs.InvalidFunctionDefinition, "aggregate input type must be specified")
	case ds.Oldstyle && !strings.EqualFold(typeNameString(basetype), "any"):
		t, tn, err := tr.paramType(basetype)
		if err != nil {
			return nil, err
		}
		f.Params = []catalog.FuncParam{{Mode: catalog.ModeIn, Type: t, TypeName: tn}}
	case !ds.Oldstyle && basetype != nil:
		return nil, errs.New(errs.InvalidFunctionDefinition, "basetype is redundant with aggregate input type specification")
	}
	for _, q := range f.Params {
		switch {
		case q.Mode != catalog.ModeIn:
			return nil, unsupported(p, "aggregates with OUT, INOUT or VARIADIC arguments")
		case q.Type == nil:
			return nil, unsupported(p, "aggregates of arguments of type "+q.TypeName)
		}
	}
	if sfunc == nil {
		return nil, errs.New(errs.InvalidFunctionDefinition, "aggregate sfunc must be specified")
	}
	if err := notPolymorphic(stype, p); err != nil {
		return nil, err
	}
	if stype == nil {
		return nil, errs.New(errs.InvalidFunctionDefinition, "aggregate stype must be specified")
	}
	st, stName, err := tr.paramType(stype)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return nil, unsupported(p, "aggregates of state type "+stName)
	}
	a.TransType = catalog.FuncParam{Type: st, TypeName: stName}
	a.TransFn, a.FinalFn = storedFuncName(sfunc), storedFuncName(ffunc)
	if tr.builtinName(name) {
		return nil, errAt(errs.FeatureNotSupported, p, "feature not supported: an aggregate named %s: zerodb has a builtin function of that name, which calls would always reach", name).
			WithHint("Give the aggregate another name.")
	}
	// The functions are resolved and checked as a call compiles them,
	// without the call's position: PostgreSQL's errors here have none.
	step, final, err := tr.aggregateFunctions(f, 0)
	if err != nil {
		return nil, definitionError(err)
	}
	if !sameType(step.t, *st) {
		return nil, errs.New(errs.DatatypeMismatch, "return type of transition function %s is not %s", a.TransFn, stName)
	}
	in := f.InParams()
	if step.strict && !a.HasInit && (len(in) != 1 || !sameType(*in[0].Type, *st)) {
		return nil, errs.New(errs.InvalidFunctionDefinition, "must not omit initial value when transition function is strict and transition type is not compatible with input type")
	}
	if a.HasInit {
		if _, err := tr.initialState(f, 0); err != nil {
			return nil, definitionError(err)
		}
	}
	rt, rtName := *st, stName
	if final != nil {
		if final.strict && a.FinalExtra {
			return nil, errs.New(errs.InvalidFunctionDefinition, "final function with extra arguments must not be declared STRICT")
		}
		rt, rtName = final.t, sqlTypeName(final.t)
	}
	f.Result, f.Routine.Returns = &rt, rtName
	return &plan.Statement{Kind: plan.StmtDDL, Tag: TagCreateAggregate, Schema: schema,
		Root: &plan.CreateFunction{Function: f, SQL: true, Replace: ds.Replace}}, nil
}

// notPolymorphic refuses a polymorphic argument or state type (0A000):
// zerodb's functions have none to resolve.
func notPolymorphic(tn *pg.TypeName, p int) error {
	if tn == nil {
		return nil
	}
	name := strings.ToLower(qualifiedName(tn.Names))
	name = strings.TrimPrefix(name, "pg_catalog.")
	if strings.HasPrefix(name, "any") && name != "any" || name == "internal" {
		return unsupported(p, "aggregates of polymorphic or internal types ("+name+")")
	}
	return nil
}

// storedFuncName is how an aggregate keeps the name of one of its
// functions: bare in pg_catalog and public, as funcName reads it.
func storedFuncName(names []*pg.Node) string {
	if name, ok := funcName(names); ok {
		return name
	}
	return qualifiedName(names)
}

// defNames are the names of a function a definition's attribute gives
// (SFUNC = schema.f), which the parser reads as a type's name.
func defNames(n *pg.Node) []*pg.Node {
	if tn := n.GetTypeName(); tn != nil {
		return tn.Names
	}
	if s := defText(n); s != "" {
		return []*pg.Node{pg.MakeStrNode(s)}
	}
	return nil
}

// defText is a definition's attribute as text, as PostgreSQL's
// defGetString reads it: a name, a string, a number or an operator.
func defText(n *pg.Node) string {
	switch {
	case n == nil:
		return ""
	case n.GetTypeName() != nil:
		tn := n.GetTypeName()
		s := qualifiedName(tn.Names)
		if len(tn.ArrayBounds) > 0 {
			s += "[]"
		}
		return s
	case n.GetString_() != nil:
		return n.GetString_().GetSval()
	case n.GetInteger() != nil:
		return strconv.Itoa(int(n.GetInteger().GetIval()))
	case n.GetFloat() != nil:
		return n.GetFloat().GetFval()
	case n.GetBoolean() != nil:
		if n.GetBoolean().GetBoolval() {
			return "true"
		}
		return "false"
	case n.GetList() != nil:
		return qualifiedName(n.GetList().GetItems())
	}
	return ""
}

// defFlag is a boolean attribute: set when written without a value.
func defFlag(n *pg.Node) bool {
	switch strings.ToLower(defText(n)) {
	case "false", "off", "0", "no":
		return false
	}
	return true
}

// definitionError is err as CREATE AGGREGATE reports it: without the
// position and hint of the call it was found compiling, as PostgreSQL's
// lookup of the aggregate's functions has none.
func definitionError(err error) error {
	var e *errs.Error
	if !errors.As(err, &e) {
		return err
	}
	c := *e
	c.Position, c.Hint = 0, ""
	return &c
}

// userAggregate finds the user-defined aggregate a call names.
func (tr *translator) userAggregate(name string) (*catalog.Function, bool, error) {
	f, ok, err := tr.userFunction(name)
	if err != nil || !ok || !f.IsAggregate() {
		return nil, false, err
	}
	return f, true, nil
}

// isUserAggregate reports whether name is a user-defined aggregate.
func (tr *translator) isUserAggregate(name string) bool {
	_, ok, _ := tr.userAggregate(name)
	return ok
}

// userAggCall translates a call of user-defined aggregate f: its
// arguments collected as array_agg's (aggCall adds FILTER and ORDER BY)
// and the fold over them that gives the result (wrap).
func (tr *translator) userAggCall(fc *pg.FuncCall, f *catalog.Function, p int, ec *exprCtx) (plan.Agg, value.Type, aggWrap, error) {
	tr.noteCall(f)
	agg := plan.Agg{Func: plan.AggList, Distinct: fc.AggDistinct, SQL: true}
	in := f.InParams()
	switch {
	case fc.AggStar && len(in) > 0:
		return agg, value.Type{}, nil, errAt(errs.UndefinedFunction, p, "function %s(*) does not exist", f.Name).WithHint(hintNoFunction)
	case !fc.AggStar && len(in) == 0:
		return agg, value.Type{}, nil, errAt(errs.WrongObjectType, p, "%s(*) must be used to call a parameterless aggregate function", f.Name)
	}
	args, err := tr.functionArgs(fc, f, p, ec)
	if err != nil {
		return agg, value.Type{}, nil, err
	}
	switch len(args) {
	case 0:
		agg.Arg = &plan.Const{At: at(p), V: value.Bool(true)}
	case 1:
		agg.Arg = args[0]
	default:
		agg.Arg = &plan.TupleCons{At: at(p), Elems: args}
	}
	step, final, err := tr.aggregateFunctions(f, p)
	if err != nil {
		return agg, value.Type{}, nil, err
	}
	init, err := tr.initialState(f, p)
	if err != nil {
		return agg, value.Type{}, nil, err
	}
	flags := 0
	if step.strict {
		flags |= builtin.FoldStrictStep
	}
	var finalFn plan.Expr = &plan.Const{At: at(p), V: value.None}
	t := *f.Aggregate.TransType.Type
	if final != nil {
		finalFn, t = &plan.FuncRef{At: at(p), Fn: final.pf}, final.t
		if final.strict {
			flags |= builtin.FoldStrictFinal
		}
		if f.Aggregate.FinalExtra {
			flags |= builtin.FoldFinalExtra
		}
	}
	wrap := func(x texpr) texpr {
		return texpr{e: &plan.Call{At: at(p), Fn: "sql::aggregate_fold", SQL: true, Args: []plan.Expr{
			x.e, init, &plan.FuncRef{At: at(p), Fn: step.pf}, finalFn,
			&plan.Const{At: at(p), V: value.Int(int64(flags))}, &plan.Const{At: at(p), V: value.Int(int64(len(in)))},
		}}, t: t}
	}
	return agg, value.ArrayOf(value.Any), wrap, nil
}

// initialState is the state aggregate f starts from: INITCOND read as
// the state's type, or NULL.
func (tr *translator) initialState(f *catalog.Function, p int) (plan.Expr, error) {
	a := f.Aggregate
	if !a.HasInit {
		return &plan.Const{At: at(p), V: value.None}, nil
	}
	x, err := tr.coerce(texpr{e: &plan.Const{At: at(p), V: value.String(a.InitCond)}, t: value.TypeText, unknown: true}, *a.TransType.Type)
	return x.e, err
}

// aggregateFunctions compiles aggregate f's transition function and its
// final function (nil when it has none) for this statement.
func (tr *translator) aggregateFunctions(f *catalog.Function, p int) (step *aggFn, final *aggFn, err error) {
	a := f.Aggregate
	if a.TransType.Type == nil {
		return nil, nil, unsupported(p, "aggregates of state type "+a.TransType.TypeName)
	}
	st := *a.TransType.Type
	in := f.InParams()
	params := []value.Type{st}
	for _, q := range in {
		params = append(params, *q.Type)
	}
	if step, err = tr.aggregateFunction(a.TransFn, params, p); err != nil {
		return nil, nil, err
	}
	if a.FinalFn == "" {
		return step, nil, nil
	}
	params = params[:1]
	if a.FinalExtra {
		for _, q := range in {
			params = append(params, *q.Type)
		}
	}
	final, err = tr.aggregateFunction(a.FinalFn, params, p)
	return step, final, err
}

// aggregateFunction compiles a call of function name (as written, maybe
// schema-qualified) with arguments of types params into a
// plan.Function of those parameters.
func (tr *translator) aggregateFunction(name string, params []value.Type, p int) (*aggFn, error) {
	tr.aggSupport++
	defer func() { tr.aggSupport-- }()
	var names []*pg.Node
	for _, s := range strings.Split(name, ".") {
		names = append(names, pg.MakeStrNode(s))
	}
	in := make([]catalog.FuncParam, len(params))
	args := make([]*pg.Node, len(params))
	pf := &plan.Function{Name: name, Params: make([]string, len(params)), NumSlots: len(params)}
	for i, t := range params {
		t := t
		in[i] = catalog.FuncParam{Mode: catalog.ModeIn, Type: &t}
		args[i] = pg.MakeParamRefNode(int32(i+1), -1)
		pf.Params[i] = "$" + strconv.Itoa(i+1)
	}
	given := make([]texpr, len(params))
	for i, t := range params {
		given[i] = texpr{t: t}
	}
	if bare, ok := funcName(names); ok {
		// PostgreSQL looks for a plain function: an aggregate is none,
		// and one returning a set cannot be a transition.
		if f, ok, err := tr.userFunction(bare); err != nil {
			return nil, err
		} else if ok && f.IsAggregate() {
			return nil, noFunction(p, name, given)
		} else if ok && f.Routine != nil && f.Routine.SetOf {
			return nil, errAt(errs.DatatypeMismatch, p, "function %s returns a set", f.Signature())
		}
	}
	call := pg.MakeFuncCallNode(names, args, -1)
	if n, ok, err := tr.internalCall(name, given, args, p); err != nil {
		return nil, err
	} else if ok {
		call = n
	}
	fs := &fnScope{desc: &catalog.Function{Name: name, Params: in}, in: in, types: params}
	var x texpr
	err := tr.inBody(fs, func() error {
		var err error
		x, err = tr.expr(call, &exprCtx{clause: "aggregate function definitions"})
		return err
	})
	if err != nil {
		return nil, withPos(err, p)
	}
	pf.Body = x.e
	return &aggFn{pf: pf, t: x.t, strict: tr.strictFunction(names)}, nil
}

// strictFunction reports whether the function names is strict: a
// builtin that is, PostgreSQL's internal functions, a stored function
// declared STRICT.
func (tr *translator) strictFunction(names []*pg.Node) bool {
	name, ok := funcName(names)
	if !ok {
		return false
	}
	if _, internal := internalFunctions[name]; internal {
		return true
	}
	if f, builtin := tr.r.Function("sql::" + name); builtin {
		return f.Strict
	}
	f, ok, err := tr.userFunction(name)
	return err == nil && ok && f.Routine != nil && f.Routine.Strict
}

// internalFunction is one of PostgreSQL's functions behind operators
// and builtin aggregates (int4pl, int8inc, ...), which user-defined
// aggregates name as their transition functions: the types it takes
// and the expression it is.
type internalFunction struct {
	args []string
	expr func(args []*pg.Node) *pg.Node
}

// internalFunctions are the internal functions zerodb has, all strict.
var internalFunctions = func() map[string]internalFunction {
	op := func(o string) func([]*pg.Node) *pg.Node {
		return func(a []*pg.Node) *pg.Node {
			return pg.MakeAExprNode(pg.A_Expr_Kind_AEXPR_OP, []*pg.Node{pg.MakeStrNode(o)}, a[0], a[1], -1)
		}
	}
	minMax := func(o pg.MinMaxOp) func([]*pg.Node) *pg.Node {
		return func(a []*pg.Node) *pg.Node {
			return &pg.Node{Node: &pg.Node_MinMaxExpr{MinMaxExpr: &pg.MinMaxExpr{Op: o, Args: a, Location: -1}}}
		}
	}
	inc := func(a []*pg.Node) *pg.Node { return op("+")([]*pg.Node{a[0], pg.MakeAConstIntNode(1, -1)}) }
	m := map[string]internalFunction{
		"int8inc":           {[]string{"int8"}, inc},
		"int8inc_any":       {[]string{"int8", ""}, inc},
		"textcat":           {[]string{"text", "text"}, op("||")},
		"booland_statefunc": {[]string{"bool", "bool"}, func(a []*pg.Node) *pg.Node { return pg.MakeBoolExprNode(pg.BoolExprType_AND_EXPR, a, -1) }},
		"boolor_statefunc":  {[]string{"bool", "bool"}, func(a []*pg.Node) *pg.Node { return pg.MakeBoolExprNode(pg.BoolExprType_OR_EXPR, a, -1) }},
		"text_larger":       {[]string{"text", "text"}, minMax(pg.MinMaxOp_IS_GREATEST)},
		"text_smaller":      {[]string{"text", "text"}, minMax(pg.MinMaxOp_IS_LEAST)},
	}
	for _, t := range []string{"int2", "int4", "int8", "float4", "float8", "numeric"} {
		two := []string{t, t}
		ops := map[string]string{"pl": "+", "mi": "-", "mul": "*", "div": "/"}
		if t == "numeric" {
			ops = map[string]string{"_add": "+", "_sub": "-", "_mul": "*", "_div": "/"}
		}
		for suffix, o := range ops {
			m[t+suffix] = internalFunction{two, op(o)}
		}
		larger, smaller := "larger", "smaller"
		if t == "numeric" {
			larger, smaller = "_larger", "_smaller"
		}
		m[t+larger] = internalFunction{two, minMax(pg.MinMaxOp_IS_GREATEST)}
		m[t+smaller] = internalFunction{two, minMax(pg.MinMaxOp_IS_LEAST)}
	}
	return m
}()

// internalCall is the call of internal function name with arguments
// args of the types given, as the expression it is, the arguments cast to
// the types it takes; ok is false when name is no internal function.
func (tr *translator) internalCall(name string, given []texpr, args []*pg.Node, p int) (*pg.Node, bool, error) {
	f, ok := internalFunctions[name]
	if !ok {
		return nil, false, nil
	}
	if len(args) != len(f.args) {
		return nil, true, noFunction(p, name, given)
	}
	cast := make([]*pg.Node, len(args))
	for i, a := range args {
		cast[i] = a
		if f.args[i] == "" {
			continue
		}
		tn := &pg.TypeName{Names: []*pg.Node{pg.MakeStrNode("pg_catalog"), pg.MakeStrNode(f.args[i])}, Typemod: -1, Location: -1}
		t, err := tr.typeName(tn)
		if err != nil {
			return nil, true, err
		}
		if !implicitly(given[i], t) {
			return nil, true, noFunction(p, name, given)
		}
		cast[i] = &pg.Node{Node: &pg.Node_TypeCast{TypeCast: &pg.TypeCast{Arg: a, TypeName: tn, Location: -1}}}
	}
	return f.expr(cast), true, nil
}
