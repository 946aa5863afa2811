package sqlfe

import (
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/cockroachdb/apd/v3"
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// Canonical names of the builtins SQL syntax (rather than a function
// call) refers to.
const (
	fnCoalesce = "sql::coalesce"
	fnNullIf   = "sql::nullif"
	fnGreatest = "sql::greatest"
	fnLeast    = "sql::least"
	fnNow      = "sql::now"
)

// exprCtx is where an expression appears.
type exprCtx struct {
	sc *scope // the columns it may name; nil: none
	// clause names the clause in "aggregate functions are not allowed in
	// <clause>".
	clause string
	// aggs collects the aggregates of a SELECT; nil where aggregates are
	// not allowed.
	aggs  *aggState
	inAgg bool // inside an aggregate's argument
	// wins collects the window functions of a SELECT; nil where they are
	// not allowed. inWin is set inside a window function.
	wins  *winState
	inWin bool
	// noSRF is "CASE", "COALESCE", "AND", "OR" or "NOT" in one's
	// operands, where PostgreSQL refuses set-returning functions.
	noSRF string
}

// refusingSRFs is ec for the operands of what (noSRF).
func (ec *exprCtx) refusingSRFs(what string) *exprCtx {
	c := *ec
	c.noSRF = what
	return &c
}

const hintNoOperator = "No operator matches the given name and argument types. You might need to add explicit type casts."

// hintNoPrefixOperator is hintNoOperator for a prefix operator's one
// operand.
const hintNoPrefixOperator = "No operator matches the given name and argument type. You might need to add an explicit type cast."
const hintNoFunction = "No function matches the given name and argument types. You might need to add explicit type casts."

func (tr *translator) expr(n *pg.Node, ec *exprCtx) (texpr, error) {
	if n == nil || n.Node == nil {
		return texpr{}, errAt(errs.SyntaxError, tr.stmt.stmtPos(), "missing expression")
	}
	switch x := n.Node.(type) {
	case *pg.Node_ColumnRef:
		return tr.columnRef(x.ColumnRef, ec.sc)
	case *pg.Node_AConst:
		return tr.constant(x.AConst)
	case *pg.Node_ParamRef:
		return tr.param(x.ParamRef)
	case *pg.Node_AExpr:
		return tr.aExpr(x.AExpr, ec)
	case *pg.Node_BoolExpr:
		return tr.boolExpr(x.BoolExpr, ec)
	case *pg.Node_NullTest:
		arg, err := tr.expr(x.NullTest.Arg, ec)
		if err != nil {
			return texpr{}, err
		}
		op := plan.OpIsNull
		if x.NullTest.Nulltesttype == pg.NullTestType_IS_NOT_NULL {
			op = plan.OpIsNotNull
		}
		if arg.t.IsComposite() && !arg.unknown {
			return nullTest(arg, op == plan.OpIsNotNull, tr.pos(x.NullTest.Location)), nil
		}
		return texpr{e: &plan.Unary{At: at(tr.pos(x.NullTest.Location)), Op: op, X: arg.e, SQL: true}, t: value.TypeBool}, nil
	case *pg.Node_BooleanTest:
		return tr.booleanTest(x.BooleanTest, ec)
	case *pg.Node_FuncCall:
		return tr.funcCall(x.FuncCall, ec)
	case *pg.Node_TypeCast:
		return tr.typeCast(x.TypeCast, ec)
	case *pg.Node_CaseExpr:
		return tr.caseExpr(x.CaseExpr, ec)
	case *pg.Node_CoalesceExpr:
		return tr.variadic(fnCoalesce, "COALESCE", x.CoalesceExpr.Args, tr.pos(x.CoalesceExpr.Location), ec.refusingSRFs("COALESCE"))
	case *pg.Node_MinMaxExpr:
		fn, what := fnGreatest, "GREATEST"
		if x.MinMaxExpr.Op == pg.MinMaxOp_IS_LEAST {
			fn, what = fnLeast, "LEAST"
		}
		return tr.variadic(fn, what, x.MinMaxExpr.Args, tr.pos(x.MinMaxExpr.Location), ec)
	case *pg.Node_SqlvalueFunction:
		return tr.sqlValueFunction(x.SqlvalueFunction)
	case *pg.Node_SubLink:
		return tr.sublink(x.SubLink, ec)
	case *pg.Node_SetToDefault:
		return texpr{}, errAt(errs.SyntaxError, tr.pos(x.SetToDefault.Location), "DEFAULT is not allowed in this context")
	case *pg.Node_AArrayExpr:
		return tr.arrayExpr(x.AArrayExpr, ec)
	case *pg.Node_RowExpr:
		r, err := tr.rowCons(x.RowExpr, ec)
		if err != nil {
			return texpr{}, err
		}
		return rowTexpr(r, tr.pos(x.RowExpr.Location)), nil
	case *pg.Node_CollateClause:
		return tr.collate(x.CollateClause, ec)
	case *pg.Node_AIndirection:
		return tr.indirection(x.AIndirection, ec)
	case *pg.Node_XmlExpr:
		return tr.xmlExpr(x.XmlExpr, ec)
	case *pg.Node_XmlSerialize:
		return tr.xmlSerialize(x.XmlSerialize, ec)
	}
	return texpr{}, unsupported(tr.stmt.stmtPos(), "expressions of type "+nodeTypeName(n))
}

// condition translates a boolean condition (WHERE, ON, HAVING, WHEN).
func (tr *translator) condition(n *pg.Node, ec *exprCtx, what string) (plan.Expr, error) {
	x, err := tr.expr(n, ec)
	if err != nil {
		return nil, err
	}
	x, err = tr.boolOperand(x, what)
	if err != nil {
		return nil, err
	}
	return x.e, nil
}

func (tr *translator) boolOperand(x texpr, what string) (texpr, error) {
	if x.unknown {
		return tr.coerce(x, value.TypeBool)
	}
	if c := categoryOf(x.t); c != catBool && c != catJSON {
		return texpr{}, errAt(errs.DatatypeMismatch, x.e.Pos(), "argument of %s must be type boolean, not type %s", what, typeName(x))
	}
	return x, nil
}

func (tr *translator) constant(c *pg.A_Const) (texpr, error) {
	p := tr.pos(c.Location)
	if c.Isnull {
		return texpr{e: &plan.Const{At: at(p)}, unknown: true}, nil
	}
	switch v := c.Val.(type) {
	case *pg.A_Const_Ival:
		return texpr{e: &plan.Const{At: at(p), V: value.IntW(int64(v.Ival.Ival), value.I32)}, t: value.TypeInt4}, nil
	case *pg.A_Const_Fval:
		return numericLiteral(v.Fval.Fval, p)
	case *pg.A_Const_Boolval:
		return texpr{e: &plan.Const{At: at(p), V: value.Bool(v.Boolval.Boolval)}, t: value.TypeBool}, nil
	case *pg.A_Const_Sval:
		return texpr{e: &plan.Const{At: at(p), V: value.String(v.Sval.Sval)}, unknown: true}, nil
	case *pg.A_Const_Bsval:
		return bitConst(v, p)
	}
	return texpr{}, errAt(errs.SyntaxError, p, "invalid constant")
}

// numericLiteral types a number the lexer did not make an int4: int4 or
// int8 when it is an integer that fits (a negated int4 minimum comes this
// way), numeric otherwise.
func numericLiteral(s string, p int) (texpr, error) {
	digits := strings.TrimLeft(s, "+-")
	if len(digits) > 1 && digits[0] == '0' && strings.ContainsAny(digits[1:2], "xXoObB") {
		b, ok := new(big.Int).SetString(s, 0)
		if !ok {
			return texpr{}, errAt(errs.SyntaxError, p, "invalid number %q", s)
		}
		if b.IsInt64() {
			return intConst(b.Int64(), p), nil
		}
		d := apd.NewWithBigInt(new(apd.BigInt).SetMathBigInt(b), 0)
		return texpr{e: &plan.Const{At: at(p), V: value.Decimal(d)}, t: value.TypeNumeric}, nil
	}
	clean := strings.ReplaceAll(s, "_", "")
	if i, err := strconv.ParseInt(clean, 10, 64); err == nil {
		return intConst(i, p), nil
	}
	// value's numeric input does PostgreSQL's normalizations (no negative
	// zero, no negative scale: 1e3 is 1000).
	v, err := value.ParseText(clean, value.TypeNumeric)
	if err != nil {
		return texpr{}, errs.From(err).WithPos(p)
	}
	return texpr{e: &plan.Const{At: at(p), V: v}, t: value.TypeNumeric}, nil
}

func intConst(i int64, p int) texpr {
	if i >= math.MinInt32 && i <= math.MaxInt32 {
		return texpr{e: &plan.Const{At: at(p), V: value.IntW(i, value.I32)}, t: value.TypeInt4}
	}
	return texpr{e: &plan.Const{At: at(p), V: value.Int(i)}, t: value.TypeInt8}
}

// coerce converts x to type t. An unknown literal is read as t, as
// PostgreSQL reads a quoted literal as the type its context expects; an
// untyped parameter takes t's base type as its own; anything else is cast
// (folded when it is a constant).
func (tr *translator) coerce(x texpr, t value.Type) (texpr, error) {
	if t.JSONPath && (x.unknown || !x.t.JSONPath) {
		return tr.jsonPathOf(x, x.e.Pos())
	}
	if x.unknown {
		switch e := x.e.(type) {
		case *plan.Const:
			if e.V.IsNone() {
				return texpr{e: e, t: t}, nil
			}
			v, folded, err := parseLiteral(e.V.AsString(), t, nil)
			if err != nil {
				return texpr{}, withPos(err, e.P)
			}
			if folded {
				return texpr{e: &plan.Const{At: e.At, V: v}, t: t}, nil
			}
			tr.zoned = tr.zoned || zoneDependent(value.TypeText, t)
			return texpr{e: &plan.Cast{At: e.At, X: e, To: t}, t: t}, nil
		case *plan.Param:
			pi := &tr.params[e.N-1]
			if _, lit := tr.literal(e); lit {
				// A normalized string literal is read as t, modifiers
				// included, when it is bound (Literal.Value), as the
				// constant would be here. Used again for another type
				// (BETWEEN, IN and CASE reuse their operand), the
				// constant would be read twice, differently.
				if pi.set && !sameType(pi.t, t) {
					return texpr{}, tr.uncacheable()
				}
				// Read as t, the constant is converted: a cast of it
				// would convert it again (see cast).
				*pi = paramInfo{t: t, set: true, retyped: true}
				return texpr{e: e, t: t}, nil
			}
			// A parameter's first typed use decides its type; x may be a
			// copy taken before that (BETWEEN and IN reuse their operand).
			if !pi.set {
				*pi = paramInfo{t: baseType(t), set: true}
			}
			x = texpr{e: e, t: pi.t}
		}
	}
	if sameType(x.t, t) {
		return x, nil
	}
	return tr.cast(x, t, x.e.Pos())
}

// zoneDependent reports a conversion whose result depends on the session
// time zone: between timestamptz and text, timestamp or date, and to
// timetz from time, timestamptz or text.
func zoneDependent(from, to value.Type) bool {
	if from.Array || to.Array {
		return false
	}
	tz := func(t value.Type) bool { return t.Kind == value.KindDatetime && t.WithTZ }
	other := func(t value.Type) bool {
		return t.Kind == value.KindString || t.Kind == value.KindDatetime && !t.WithTZ
	}
	if to.Kind == value.KindTimeTZ && (from.Kind == value.KindTime || from.Kind == value.KindString || tz(from)) {
		return true // the session zone's offset, or its wall clock
	}
	return tz(from) && other(to) || other(from) && tz(to)
}

// cast converts typed x to t, folding constants.
func (tr *translator) cast(x texpr, t value.Type, p int) (texpr, error) {
	if t.JSONPath {
		return tr.jsonPathOf(x, p)
	}
	if y, ok, err := tr.castComposite(x, t, p); ok {
		return y, err
	}
	if y, ok, err := tr.moneyCast(x, t, p); ok {
		return y, err
	}
	if y, ok, err := tr.geoCast(x, t, p); ok {
		return y, err
	}
	if y, ok, err := tr.hstoreCast(x, t, p); ok {
		return y, err
	}
	if multirangeCastable(x.t, t) && !x.unknown {
		return tr.rangeAsMultirange(x, p)
	}
	if isOid(x) && t.Kind == value.KindInt && t.Width == value.I32 && t.RegOID == 0 {
		return tr.castFromOid(x, t, p) // its four bytes, assigned too
	}
	tr.zoned = tr.zoned || zoneDependent(x.t, t)
	if t.IsJSONText() && categoryOf(x.t) == catJSON {
		// jsonb (or a schemaless field) as json is its JSON text.
		e, err := tr.jsonFrag(x, p)
		return texpr{e: e, t: t}, err
	}
	if x.t.IsJSONB() && !t.JSON {
		x = jsonbCastable(x, t, p)
	}
	if t.Kind == value.KindString || isArray(t) && t.Elem.Kind == value.KindString {
		x = castText(x, p)
	}
	if t.Kind == value.KindString || isArray(t) && t.Elem.Kind == value.KindString {
		x = regArrayText(x, p)
	}
	if t.Kind == value.KindString {
		x = arrayText(markDate(inetText(x, p)))
	}
	if t.Kind == value.KindString {
		x = regText(x, p)
	}
	if x.t.Kind == value.KindString && !x.t.JSON && t.Kind == value.KindString && !t.JSON && t.MaxLen == 0 && !x.unknown &&
		(!t.BPChar || x.t.BPChar) && (t.Search == value.NotSearch || t.Search == x.t.Search) && t.CIText == x.t.CIText && t.Hstore == x.t.Hstore && t.Ltree == x.t.Ltree &&
		(!t.Identifier || x.t.Identifier) && (!t.XML || x.t.XML) {
		// text, varchar without a length and char(n) as text hold the
		// same values: the type changes, not the value (char(n) as
		// bpchar keeps them too, but text as bpchar loses its trailing
		// spaces).
		return texpr{e: x.e, t: t}, nil
	}
	if c, ok := x.e.(*plan.Const); ok {
		v, folded, err := convertConst(c.V, x.t, t, nil)
		if err != nil {
			return texpr{}, withPos(err, c.P)
		}
		if folded {
			return texpr{e: &plan.Const{At: c.At, V: v}, t: t}, nil
		}
	}
	if c, ok := x.e.(*plan.Cast); ok {
		if _, lit := tr.literal(c.X); lit {
			// A literal cut to varchar(n) at run time (typeCast), which
			// as a constant would be folded twice, with the second
			// conversion's errors at the constant.
			return texpr{}, tr.uncacheable()
		}
	}
	if e, lit := tr.literal(x.e); lit {
		// The constant would be folded into t here, with convertConst's
		// errors now: the parameter takes type t and its literal is
		// converted when bound, the same way. Folded twice (a cast of a
		// cast), the conversions would have to be chained.
		pi := &tr.params[e.N-1]
		if pi.retyped {
			return texpr{}, tr.uncacheable()
		}
		pi.t, pi.retyped = t, true
		return texpr{e: e, t: t}, nil
	}
	return texpr{e: &plan.Cast{At: at(p), X: x.e, To: t}, t: t}, nil
}

// resolveOutput gives an expression that reaches the client still unknown
// PostgreSQL's type for it: text.
func (tr *translator) resolveOutput(x texpr) (texpr, error) {
	if !x.unknown {
		return x, nil
	}
	return tr.coerce(x, value.TypeText)
}

// refresh types a parameter that an earlier use has typed since x was
// translated (BETWEEN and IN compare one operand several times).
func (tr *translator) refresh(x texpr) texpr {
	if p, ok := x.e.(*plan.Param); ok && x.unknown && tr.params[p.N-1].set && p.N > tr.lits {
		return texpr{e: p, t: tr.params[p.N-1].t}
	}
	return x
}

// unify gives the unknown side of a binary operator the type of the other
// side (both unknown: text), as PostgreSQL's operator resolution does.
func (tr *translator) unify(l, r texpr) (texpr, texpr, error) {
	l, r = tr.refresh(l), tr.refresh(r)
	var err error
	switch {
	case l.unknown && r.unknown:
		if l, err = tr.coerce(l, value.TypeText); err != nil {
			return l, r, err
		}
		r, err = tr.coerce(r, value.TypeText)
	case l.unknown:
		l, err = tr.coerce(l, baseType(r.t))
	case r.unknown:
		r, err = tr.coerce(r, baseType(l.t))
	}
	return l, r, err
}

func noOperator(p int, l texpr, op string, r texpr) error {
	return errAt(errs.UndefinedFunction, p, "operator does not exist: %s %s %s", typeName(l), op, typeName(r)).WithHint(hintNoOperator)
}

func opName(names []*pg.Node) string {
	if len(names) == 0 {
		return ""
	}
	return names[len(names)-1].GetString_().GetSval()
}

func (tr *translator) aExpr(a *pg.A_Expr, ec *exprCtx) (texpr, error) {
	p := tr.pos(a.Location)
	op := opName(a.Name)
	switch a.Kind {
	case pg.A_Expr_Kind_AEXPR_OP:
		if a.Lexpr == nil {
			return tr.prefixOp(op, a.Rexpr, p, ec)
		}
		if x, ok, err := tr.rowComparison(a, op, p, ec); ok {
			return x, err
		}
		if op == "#=" {
			return tr.funcCall(hstorePopulate(a.Lexpr, a.Rexpr, a.Location), ec)
		}
		l, err := tr.expr(a.Lexpr, ec)
		if err != nil {
			return texpr{}, err
		}
		r, err := tr.expr(a.Rexpr, ec)
		if err != nil {
			return texpr{}, err
		}
		return tr.binaryOp(op, l, r, p)
	case pg.A_Expr_Kind_AEXPR_DISTINCT, pg.A_Expr_Kind_AEXPR_NOT_DISTINCT:
		l, r, err := tr.operands(a, ec)
		if err != nil {
			return texpr{}, err
		}
		cmp := plan.OpNe
		if a.Kind == pg.A_Expr_Kind_AEXPR_NOT_DISTINCT {
			cmp = plan.OpEq
		}
		x, err := tr.compare(cmp, "=", l, r, p)
		if err != nil {
			return texpr{}, err
		}
		if categoryOf(l.t) == catJSON || categoryOf(r.t) == catJSON {
			// ZQL's none is both SQL NULL and jsonb's null.
			return jsonbDistinct(x, cmp, p), nil
		}
		// ZQL's total comparison is IS [NOT] DISTINCT FROM: NULL equals NULL.
		x.e.(*plan.Binary).SQL = false
		return x, nil
	case pg.A_Expr_Kind_AEXPR_NULLIF:
		l, r, err := tr.operands(a, ec)
		if err != nil {
			return texpr{}, err
		}
		if l, r, err = tr.unify(l, r); err != nil {
			return texpr{}, err
		}
		if isGeo(l) || isGeo(r) {
			// By the type's = (box's compares areas; point has none).
			eq, err := tr.compare(plan.OpEq, "=", l, r, p)
			if err != nil {
				return texpr{}, err
			}
			return texpr{e: &plan.If{At: at(p), Cond: eq.e, Then: &plan.Const{At: at(p)}, Else: l.e}, t: l.t}, nil
		}
		if !comparableTypes(l.t, r.t) {
			return texpr{}, noOperator(p, l, "=", r)
		}
		if categoryOf(l.t) == catNumber && categoryOf(r.t) == catNumber && l.t.Kind != r.t.Kind {
			// PostgreSQL has = between integer widths and between float
			// widths only: otherwise both sides take their common type,
			// which is the result's (nullif(3, 4.5) is numeric).
			if l, err = tr.coerce(l, numericCommon(l.t, r.t)); err != nil {
				return texpr{}, err
			}
		}
		return texpr{e: &plan.Call{At: at(p), Fn: fnNullIf, Args: []plan.Expr{l.e, r.e}, SQL: true}, t: l.t}, nil
	case pg.A_Expr_Kind_AEXPR_IN:
		return tr.inList(a, op, p, ec)
	case pg.A_Expr_Kind_AEXPR_LIKE, pg.A_Expr_Kind_AEXPR_ILIKE:
		l, r, err := tr.operands(a, ec)
		if err != nil {
			return texpr{}, err
		}
		return tr.binaryOp(op, l, r, p)
	case pg.A_Expr_Kind_AEXPR_BETWEEN, pg.A_Expr_Kind_AEXPR_NOT_BETWEEN, pg.A_Expr_Kind_AEXPR_BETWEEN_SYM, pg.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM:
		return tr.between(a, p, ec)
	case pg.A_Expr_Kind_AEXPR_SIMILAR:
		// The parser made the pattern similar_to_escape(pattern [,
		// escape]) and the operator ~ (!~ for NOT SIMILAR TO).
		l, r, err := tr.operands(a, ec)
		if err != nil {
			return texpr{}, err
		}
		return tr.match(op, l, r, p)
	case pg.A_Expr_Kind_AEXPR_OP_ANY, pg.A_Expr_Kind_AEXPR_OP_ALL:
		return tr.anyAll(a, op, p, ec)
	}
	return texpr{}, unsupported(p, "this operator expression")
}

func (tr *translator) operands(a *pg.A_Expr, ec *exprCtx) (texpr, texpr, error) {
	l, err := tr.expr(a.Lexpr, ec)
	if err != nil {
		return texpr{}, texpr{}, err
	}
	r, err := tr.expr(a.Rexpr, ec)
	return l, r, err
}

func (tr *translator) prefixOp(op string, operand *pg.Node, p int, ec *exprCtx) (texpr, error) {
	x, err := tr.expr(operand, ec)
	if err != nil {
		return texpr{}, err
	}
	if op == "~" {
		if y, ok, err := tr.netNot(x, p); ok {
			return y, err
		}
		if y, ok, err := tr.bitNot(x, p); ok {
			return y, err
		}
	}
	if y, ok, err := tr.geoOp(op, nil, x, p); ok {
		return y, err
	}
	if y, ok, err := tr.hstorePrefixOp(op, x, p); ok {
		return y, err
	}
	switch op {
	case "~", "|/", "||/", "@":
		return tr.mathPrefixOp(op, x, p)
	case "!!":
		return tr.searchNot(x, p)
	}
	c := categoryOf(x.t)
	if c == catTime {
		// - time is - interval, by time's implicit cast to interval.
		if x, err = tr.cast(x, value.TypeInterval, p); err != nil {
			return texpr{}, err
		}
		c = catInterval
	}
	ok := !x.unknown && (c == catNumber && !isOid(x) || c == catInterval || c == catJSON)
	if !ok || (op != "-" && op != "+") {
		return texpr{}, errAt(errs.UndefinedFunction, p, "operator does not exist: %s %s", op, typeName(x)).WithHint(hintNoPrefixOperator)
	}
	if op == "+" {
		return texpr{e: x.e, t: x.t}, nil
	}
	return texpr{e: &plan.Unary{At: at(p), Op: plan.OpNeg, X: x.e, SQL: true}, t: x.t}, nil
}

// mathPrefixOp translates the prefix operators ~ (an integer's bitwise
// complement), |/ and ||/ (the square and cube roots of a double
// precision) and @ (the absolute value) into the functions behind them.
func (tr *translator) mathPrefixOp(op string, x texpr, p int) (texpr, error) {
	x = tr.refresh(x)
	noOp := func() error {
		return errAt(errs.UndefinedFunction, p, "operator does not exist: %s %s", op, typeName(x)).WithHint(hintNoPrefixOperator)
	}
	var err error
	if x.unknown {
		if op == "~" {
			return texpr{}, notUnique(p, "~ unknown")
		}
		if x, err = tr.coerce(x, value.TypeFloat8); err != nil {
			return texpr{}, err
		}
	}
	if categoryOf(x.t) != catNumber || isOid(x) {
		return texpr{}, noOp()
	}
	switch op {
	case "~":
		if x.t.Kind != value.KindInt {
			return texpr{}, noOp()
		}
		t := rankType(numRank(x.t))
		if x, err = tr.coerce(x, t); err != nil {
			return texpr{}, err
		}
		return tr.call(bitFunc(t, op), []texpr{x}, p)
	case "@":
		return tr.call("abs", []texpr{x}, p)
	}
	if x, err = tr.coerce(x, value.TypeFloat8); err != nil {
		return texpr{}, err
	}
	if op == "|/" {
		return tr.call("sqrt", []texpr{x}, p)
	}
	return tr.call("cbrt", []texpr{x}, p)
}

func (tr *translator) binaryOp(op string, l, r texpr, p int) (texpr, error) {
	// First: pgvector's <-> and the text search operators would take
	// a geometric operand for theirs.
	if x, ok, err := tr.hstoreOp(op, l, r, p); ok {
		return x, err
	}
	if x, ok, err := tr.ltreeOp(op, l, r, p); ok {
		return x, err
	}
	if x, ok, err := tr.geoOp(op, &l, r, p); ok {
		return x, err
	}
	if x, ok, err := tr.searchOp(op, l, r, p); ok {
		return x, err
	}
	if x, ok, err := tr.trgmOp(op, l, r, p); ok {
		return x, err
	}
	if x, ok, err := tr.vectorOp(op, l, r, p); ok {
		return x, err
	}
	if x, ok, err := tr.multirangeOp(op, l, r, p); ok {
		return x, err
	}
	if x, ok, err := tr.rangeOp(op, l, r, p); ok {
		return x, err
	}
	if x, ok, err := tr.netOp(op, l, r, p); ok {
		return x, err
	}
	if x, ok, err := tr.lsnOp(op, l, r, p); ok {
		return x, err
	}
	if x, ok, err := tr.oidOp(op, l, r, p); ok {
		return x, err
	}
	if x, ok, err := tr.moneyOp(op, l, r, p); ok {
		return x, err
	}
	if x, ok, err := tr.bitStringOp(op, l, r, p); ok {
		return x, err
	}
	if x, ok, err := tr.docOp(op, l, r, p); ok {
		return x, err
	}
	if x, ok, err := tr.jsonPathOp(op, l, r, p); ok {
		return x, err
	}
	var err error
	if l, r, err = tr.timeOperands(op, l, r, p); err != nil {
		return texpr{}, err
	}
	if x, l2, r2, ok, err := tr.dateOp(op, l, r, p); ok || err != nil {
		return x, err
	} else {
		l, r = l2, r2
	}
	switch op {
	case "+":
		return tr.arith(plan.OpAdd, op, l, r, p)
	case "-":
		return tr.arith(plan.OpSub, op, l, r, p)
	case "*":
		return tr.arith(plan.OpMul, op, l, r, p)
	case "/":
		return tr.arith(plan.OpDiv, op, l, r, p)
	case "%":
		return tr.arith(plan.OpMod, op, l, r, p)
	case "^":
		return tr.arith(plan.OpPow, op, l, r, p)
	case "=":
		return tr.compare(plan.OpEq, op, l, r, p)
	case "<>":
		return tr.compare(plan.OpNe, op, l, r, p)
	case "<":
		return tr.compare(plan.OpLt, op, l, r, p)
	case "<=":
		return tr.compare(plan.OpLe, op, l, r, p)
	case ">":
		return tr.compare(plan.OpGt, op, l, r, p)
	case ">=":
		return tr.compare(plan.OpGe, op, l, r, p)
	case "||":
		return tr.concat(l, r, p)
	case "~~", "!~~", "~~*", "!~~*", "~", "!~", "~*", "!~*":
		return tr.match(op, l, r, p)
	case "->", "->>":
		return tr.jsonGet(op, l, r, p)
	case "&", "|", "#", "<<", ">>":
		return tr.bitOp(op, l, r, p)
	case "^@":
		return tr.startsWith(l, r, p)
	}
	return texpr{}, noOperator(p, l, op, r)
}

// bitOp translates the integer bit operators & | # (both sides of their
// common integer type) and the shifts << >> (the left side's type,
// shifted by an integer) into the function PostgreSQL's operator names.
func (tr *translator) bitOp(op string, l, r texpr, p int) (texpr, error) {
	l, r = tr.refresh(l), tr.refresh(r)
	if l.unknown && r.unknown {
		return texpr{}, notUnique(p, "unknown "+op+" unknown")
	}
	l0, r0 := l, r
	shift := op == "<<" || op == ">>"
	var err error
	if shift {
		// An unknown side is read as integer: int4shl is the candidate.
		for _, x := range []*texpr{&l, &r} {
			if x.unknown {
				if *x, err = tr.coerce(*x, value.TypeInt4); err != nil {
					return texpr{}, err
				}
			}
		}
	} else if l, r, err = tr.unify(l, r); err != nil {
		return texpr{}, err
	}
	if l.t.Kind != value.KindInt || r.t.Kind != value.KindInt || (shift && numRank(r.t) > 2) {
		return texpr{}, noOperator(p, l0, op, r0)
	}
	t := rankType(numRank(l.t))
	rt := value.TypeInt4
	if !shift {
		t = numericCommon(l.t, r.t)
		rt = t
	}
	if l, err = tr.coerce(l, t); err != nil {
		return texpr{}, err
	}
	if r, err = tr.coerce(r, rt); err != nil {
		return texpr{}, err
	}
	return tr.call(bitFunc(t, op), []texpr{l, r}, p)
}

// bitFunc names the function behind integer bit operator op on
// integers of type t, as PostgreSQL's operator catalog does (int4and,
// int8shl, ...).
func bitFunc(t value.Type, op string) string {
	var fn string
	switch op {
	case "&":
		fn = "and"
	case "|":
		fn = "or"
	case "#":
		fn = "xor"
	case "<<":
		fn = "shl"
	case ">>":
		fn = "shr"
	case "~":
		fn = "not"
	}
	return "int" + strconv.Itoa(2<<(numRank(t)-1)) + fn
}

func notUnique(p int, operands string) error {
	return errAt(codeAmbiguousFunction, p, "operator is not unique: %s", operands).
		WithHint("Could not choose a best candidate operator. You might need to add explicit type casts.")
}

func (tr *translator) arith(op plan.Op, name string, l, r texpr, p int) (texpr, error) {
	l, r = tr.refresh(l), tr.refresh(r)
	if l.unknown && r.unknown {
		return texpr{}, errAt(codeAmbiguousFunction, p, "operator is not unique: unknown %s unknown", name).
			WithHint("Could not choose a best candidate operator. You might need to add explicit type casts.")
	}
	l0, r0 := l, r
	l, r, err := tr.unify(l, r)
	if err != nil {
		return texpr{}, err
	}
	t, ok := arithResult(op, l.t, r.t)
	if !ok {
		return texpr{}, noOperator(p, l0, name, r0)
	}
	if t.Kind == value.KindDuration && l.t.Kind == value.KindDatetime && r.t.Kind == value.KindDatetime {
		// timestamptz - timestamp: the timestamp as a moment in the
		// session time zone, as for a comparison.
		if l, r, err = zonedPair(tr, l, r, p); err != nil {
			return texpr{}, err
		}
	}
	if t.Kind == value.KindDatetime && t.WithTZ {
		tr.zoned = true // an interval's days and months move it in the session time zone
	}
	if t.Kind == value.KindFloat && t.FloatBits != 32 {
		// real * integer is PostgreSQL's float4 * float8: computed in
		// double precision from the real's exact value, not in real.
		for _, x := range []*texpr{&l, &r} {
			if x.t.Kind == value.KindFloat && x.t.FloatBits == 32 {
				if *x, err = tr.coerce(*x, t); err != nil {
					return texpr{}, err
				}
			}
		}
	}
	return texpr{e: &plan.Binary{At: at(p), Op: op, L: l.e, R: r.e, SQL: true}, t: t}, nil
}

func (tr *translator) compare(op plan.Op, name string, l, r texpr, p int) (texpr, error) {
	if x, ok, err := tr.geoComparison(name, l, r, p); ok {
		return x, err
	}
	l0, r0 := l, r
	var err error
	if isTimeTZ(l) && isTime(r) || isTime(l) && isTimeTZ(r) {
		// time = timetz (also in IN and BETWEEN) compares as timetz.
		if l, r, err = tr.timeTZOperands("=", l, r, p); err != nil {
			return texpr{}, err
		}
	}
	if l.t.IsComposite() && r.t.IsComposite() && !l.unknown && !r.unknown {
		if err := compositeComparison(l.t, r.t, p); err != nil {
			return texpr{}, err
		}
		return texpr{e: &plan.Binary{At: at(p), Op: op, L: l.e, R: r.e, SQL: true}, t: value.TypeBool}, nil
	}
	l, r, err = tr.unify(l, r)
	if err != nil {
		return texpr{}, err
	}
	if !comparableTypes(l.t, r.t) {
		if macPair(categoryOf(l.t), categoryOf(r.t)) {
			// Each converts to the other implicitly: two candidates.
			return texpr{}, notUnique(p, typeName(l)+" "+name+" "+typeName(r))
		}
		return texpr{}, noOperator(p, l0, name, r0)
	}
	if l, r, err = tr.inetPair(l, r, p); err != nil {
		return texpr{}, err
	}
	if l, r, err = tr.citextPair(l, r, p); err != nil {
		return texpr{}, err
	}
	if l, r, err = tr.oidPair(l, r, name, p); err != nil {
		return texpr{}, err
	}
	if l, r, err = zonedPair(tr, l, r, p); err != nil {
		return texpr{}, err
	}
	if op != plan.OpEq && op != plan.OpNe && (l.t.IsJSONB() && r.t.IsJSONB() || l.t.IsEnum()) {
		l.e, r.e = sqlOrdered(l.e, l.t, p), sqlOrdered(r.e, r.t, p)
	}
	return texpr{e: &plan.Binary{At: at(p), Op: op, L: l.e, R: r.e, SQL: true}, t: value.TypeBool}, nil
}

// zonedPair converts the timestamp or date of a pair whose other side is
// a timestamptz to timestamptz, as PostgreSQL's implicit cast does: the
// moment its wall-clock time names in the session time zone. Compared
// as they are, both would be read in UTC.
func zonedPair(tr *translator, l, r texpr, p int) (texpr, texpr, error) {
	if l.t.Kind != value.KindDatetime || r.t.Kind != value.KindDatetime || l.t.Array || r.t.Array || l.t.WithTZ == r.t.WithTZ {
		return l, r, nil
	}
	var err error
	if l.t.WithTZ {
		r, err = tr.cast(r, baseType(l.t), p)
	} else {
		l, err = tr.cast(l, baseType(r.t), p)
	}
	return l, r, err
}

// concat types ||: text when either side is a string (PostgreSQL's
// anynonarray || text), jsonb between jsonb values, bytea between bytea.
func (tr *translator) concat(l, r texpr, p int) (texpr, error) {
	l, r = tr.refresh(l), tr.refresh(r)
	l0, r0 := l, r
	var err error
	for _, side := range []*texpr{&l, &r} {
		other := r
		if side == &r {
			other = l
		}
		if side.unknown {
			t := value.TypeText
			if !other.unknown && (other.t.IsJSONB() || other.t.Kind == value.KindBytes) {
				t = baseType(other.t)
			}
			if *side, err = tr.coerce(*side, t); err != nil {
				return texpr{}, err
			}
		}
	}
	cl, cr := categoryOf(l.t), categoryOf(r.t)
	var t value.Type
	switch {
	case cl == catBytes && cr == catBytes:
		t = value.TypeBytea
	case l.t.IsJSONB() && r.t.IsJSONB():
		t = value.TypeJSONB
	case cl == catString || cr == catString || cl == catJSON || cr == catJSON:
		t = value.TypeText
		// An inet or cidr beside text is text(inet), mask length and all.
		// A reg* value is its name: 'nextval(' || seq::regclass.
		l, r = jsonbText(inetText(castText(l, p), p)), jsonbText(inetText(castText(r, p), p))
		l, r = regText(l, p), regText(r, p)
	default:
		return texpr{}, noOperator(p, l0, "||", r0)
	}
	return texpr{e: &plan.Binary{At: at(p), Op: plan.OpConcat, L: l.e, R: r.e, SQL: true}, t: t}, nil
}

// match translates LIKE, ILIKE and the regular expression matches ~ and
// ~* (case-insensitive: the pattern gets Go's (?i) flag) with their
// negations.
func (tr *translator) match(op string, l, r texpr, p int) (texpr, error) {
	l, r = tr.refresh(l), tr.refresh(r)
	l0, r0 := l, r
	var err error
	if l.unknown {
		t := value.TypeText
		if r.t.CIText && !r.unknown {
			t = value.TypeCIText // unknown ~~ citext is citext's
		}
		if l, err = tr.coerce(l, t); err != nil {
			return texpr{}, err
		}
	}
	if r.unknown {
		if r, err = tr.coerce(r, value.TypeText); err != nil {
			return texpr{}, err
		}
	}
	if l.t.CIText && !l.t.Array {
		op = citextMatchOp(op) // citext ~~ citext and citext ~~ text
	}
	for _, x := range []texpr{l, r} {
		if c := categoryOf(x.t); c != catString && c != catJSON {
			return texpr{}, noOperator(p, l0, op, r0)
		}
	}
	l = bpcharPadded(l, p)
	var bop plan.Op
	switch strings.TrimPrefix(op, "!") {
	case "~~":
		bop = plan.OpLike
	case "~~*":
		bop = plan.OpILike
	case "~":
		bop = plan.OpMatches
	case "~*":
		bop = plan.OpMatches
		r.e = &plan.Binary{At: at(p), Op: plan.OpConcat, L: &plan.Const{At: at(p), V: value.String("(?i)")}, R: r.e, SQL: true}
	}
	var e plan.Expr = &plan.Binary{At: at(p), Op: bop, L: l.e, R: r.e, SQL: true}
	if strings.HasPrefix(op, "!") {
		e = &plan.Unary{At: at(p), Op: plan.OpNot, X: e, SQL: true}
	}
	return texpr{e: e, t: value.TypeBool}, nil
}

// startsWith translates text ^@ prefix, PostgreSQL's operator for
// starts_with (text operands only).
func (tr *translator) startsWith(l, r texpr, p int) (texpr, error) {
	l, r = tr.refresh(l), tr.refresh(r)
	l0, r0 := l, r
	var err error
	for _, x := range []*texpr{&l, &r} {
		if x.unknown {
			if *x, err = tr.coerce(*x, value.TypeText); err != nil {
				return texpr{}, err
			}
		}
		if categoryOf(x.t) != catString {
			return texpr{}, noOperator(p, l0, "^@", r0)
		}
	}
	return tr.call("starts_with", []texpr{l, r}, p)
}

// bpcharPadded is a char(n) operand as PostgreSQL's bpchar operators
// and functions that take its stored form see it (LIKE, regular
// expressions, octet_length, and its text in concat, format and JSON):
// padded with spaces to n, which its value is kept without. An enum
// operand there is its label as text.
func bpcharPadded(x texpr, p int) texpr {
	if x.t.IsEnum() && !x.unknown {
		// An enum is its label wherever a value is shown as text or
		// JSON (ZQL's JSON would write the symbol "@label").
		return texpr{e: &plan.Cast{At: at(p), X: x.e, To: value.TypeText}, t: value.TypeText}
	}
	if !x.t.BPChar || x.t.MaxLen <= 0 {
		return x
	}
	n := &plan.Const{At: at(p), V: value.IntW(int64(x.t.MaxLen), value.I32)}
	return texpr{e: &plan.Call{At: at(p), Fn: "sql::rpad", Args: []plan.Expr{x.e, n}, SQL: true}, t: value.TypeText}
}

// jsonGet translates -> (a field or element, jsonb) and ->> (the same as
// text).
func (tr *translator) jsonGet(op string, l, r texpr, p int) (texpr, error) {
	var err error
	if l.unknown {
		if l, err = tr.coerce(l, value.TypeJSONB); err != nil {
			return texpr{}, err
		}
	}
	if r.unknown {
		if r, err = tr.coerce(r, value.TypeText); err != nil {
			return texpr{}, err
		}
	}
	if categoryOf(l.t) == catJSONText && (categoryOf(r.t) == catString || r.t.Kind == value.KindInt) {
		fn, t := "sql::json_object_field", value.TypeJSON
		if r.t.Kind == value.KindInt {
			fn = "sql::json_array_element"
		}
		if op == "->>" {
			fn, t = fn+"_text", value.TypeText
		}
		return texpr{e: &plan.Call{At: at(p), Fn: fn, Args: []plan.Expr{l.e, r.e}, SQL: true}, t: t}, nil
	}
	if categoryOf(l.t) != catJSON || (categoryOf(r.t) != catString && r.t.Kind != value.KindInt) {
		return texpr{}, noOperator(p, l, op, r)
	}
	var e plan.Expr = &plan.Index{At: at(p), X: l.e, I: r.e, SQL: true}
	if op == "->" {
		return texpr{e: e, t: value.TypeJSONB}, nil
	}
	return texpr{e: &plan.Cast{At: at(p), X: e, To: value.TypeText, JSONText: true}, t: value.TypeText}, nil
}

// inList turns x IN (a, b) into x = a OR x = b, and NOT IN into x <> a
// AND x <> b, which have exactly SQL's NULL semantics.
func (tr *translator) inList(a *pg.A_Expr, op string, p int, ec *exprCtx) (texpr, error) {
	list := a.Rexpr.GetList()
	if list == nil {
		return texpr{}, unsupported(p, "IN (subquery)")
	}
	x, err := tr.expr(a.Lexpr, ec)
	if err != nil {
		return texpr{}, err
	}
	cmp, join := plan.OpEq, plan.OpOr
	if op == "<>" {
		cmp, join = plan.OpNe, plan.OpAnd
	}
	var out plan.Expr
	for _, it := range list.Items {
		v, err := tr.expr(it, ec)
		if err != nil {
			return texpr{}, err
		}
		c, err := tr.compare(cmp, op, x, v, p)
		if err != nil {
			return texpr{}, err
		}
		if out == nil {
			out = c.e
		} else {
			out = &plan.Binary{At: at(p), Op: join, L: out, R: c.e, SQL: true}
		}
	}
	return texpr{e: out, t: value.TypeBool}, nil
}

func (tr *translator) between(a *pg.A_Expr, p int, ec *exprCtx) (texpr, error) {
	list := a.Rexpr.GetList()
	if list == nil || len(list.Items) != 2 {
		return texpr{}, errAt(errs.SyntaxError, p, "invalid BETWEEN")
	}
	x, err := tr.expr(a.Lexpr, ec)
	if err != nil {
		return texpr{}, err
	}
	lo, err := tr.expr(list.Items[0], ec)
	if err != nil {
		return texpr{}, err
	}
	hi, err := tr.expr(list.Items[1], ec)
	if err != nil {
		return texpr{}, err
	}
	lop, hop, join, either := plan.OpGe, plan.OpLe, plan.OpAnd, plan.OpOr
	lname, hname := ">=", "<="
	not := a.Kind == pg.A_Expr_Kind_AEXPR_NOT_BETWEEN || a.Kind == pg.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM
	if not {
		lop, hop, join, either = plan.OpLt, plan.OpGt, plan.OpOr, plan.OpAnd
		lname, hname = "<", ">"
	}
	bounds := func(lo, hi texpr) (plan.Expr, error) {
		l, err := tr.compare(lop, lname, x, lo, p)
		if err != nil {
			return nil, err
		}
		h, err := tr.compare(hop, hname, x, hi, p)
		if err != nil {
			return nil, err
		}
		return &plan.Binary{At: at(p), Op: join, L: l.e, R: h.e, SQL: true}, nil
	}
	e, err := bounds(lo, hi)
	if err != nil {
		return texpr{}, err
	}
	if a.Kind == pg.A_Expr_Kind_AEXPR_BETWEEN_SYM || a.Kind == pg.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM {
		// SYMMETRIC: the bounds in either order, as PostgreSQL expands it.
		swapped, err := bounds(hi, lo)
		if err != nil {
			return texpr{}, err
		}
		e = &plan.Binary{At: at(p), Op: either, L: e, R: swapped, SQL: true}
	}
	return texpr{e: e, t: value.TypeBool}, nil
}

func (tr *translator) boolExpr(b *pg.BoolExpr, ec *exprCtx) (texpr, error) {
	p := tr.pos(b.Location)
	what, op := "AND", plan.OpAnd
	switch b.Boolop {
	case pg.BoolExprType_OR_EXPR:
		what, op = "OR", plan.OpOr
	case pg.BoolExprType_NOT_EXPR:
		what = "NOT"
	}
	var out plan.Expr
	ec = ec.refusingSRFs(what)
	for _, a := range b.Args {
		x, err := tr.expr(a, ec)
		if err != nil {
			return texpr{}, err
		}
		if x, err = tr.boolOperand(x, what); err != nil {
			return texpr{}, err
		}
		switch {
		case b.Boolop == pg.BoolExprType_NOT_EXPR:
			out = &plan.Unary{At: at(p), Op: plan.OpNot, X: x.e, SQL: true}
		case out == nil:
			out = x.e
		default:
			out = &plan.Binary{At: at(p), Op: op, L: out, R: x.e, SQL: true}
		}
	}
	if out == nil {
		return texpr{}, errAt(errs.SyntaxError, p, "empty %s", what)
	}
	return texpr{e: out, t: value.TypeBool}, nil
}

// booleanTest translates IS [NOT] TRUE/FALSE/UNKNOWN with the total
// (non-SQL) comparison, under which NULL = true is false, not NULL.
func (tr *translator) booleanTest(b *pg.BooleanTest, ec *exprCtx) (texpr, error) {
	p := tr.pos(b.Location)
	x, err := tr.expr(b.Arg, ec)
	if err != nil {
		return texpr{}, err
	}
	what := "IS TRUE"
	switch b.Booltesttype {
	case pg.BoolTestType_IS_NOT_TRUE:
		what = "IS NOT TRUE"
	case pg.BoolTestType_IS_FALSE:
		what = "IS FALSE"
	case pg.BoolTestType_IS_NOT_FALSE:
		what = "IS NOT FALSE"
	case pg.BoolTestType_IS_UNKNOWN:
		what = "IS UNKNOWN"
	case pg.BoolTestType_IS_NOT_UNKNOWN:
		what = "IS NOT UNKNOWN"
	}
	if x, err = tr.boolOperand(x, what); err != nil {
		return texpr{}, err
	}
	var e plan.Expr
	switch b.Booltesttype {
	case pg.BoolTestType_IS_TRUE, pg.BoolTestType_IS_NOT_TRUE, pg.BoolTestType_IS_FALSE, pg.BoolTestType_IS_NOT_FALSE:
		op := plan.OpEq
		if b.Booltesttype == pg.BoolTestType_IS_NOT_TRUE || b.Booltesttype == pg.BoolTestType_IS_NOT_FALSE {
			op = plan.OpNe
		}
		want := b.Booltesttype == pg.BoolTestType_IS_TRUE || b.Booltesttype == pg.BoolTestType_IS_NOT_TRUE
		e = &plan.Binary{At: at(p), Op: op, L: x.e, R: &plan.Const{At: at(p), V: value.Bool(want)}}
	case pg.BoolTestType_IS_UNKNOWN:
		e = &plan.Unary{At: at(p), Op: plan.OpIsNull, X: x.e, SQL: true}
	default:
		e = &plan.Unary{At: at(p), Op: plan.OpIsNotNull, X: x.e, SQL: true}
	}
	return texpr{e: e, t: value.TypeBool}, nil
}

func (tr *translator) typeCast(tc *pg.TypeCast, ec *exprCtx) (texpr, error) {
	x, err := tr.typeCastBase(tc, ec)
	if d := tr.typeDomain; err == nil && d != "" {
		x = domainCheck(x, d, tr.typeDomainArray, tr.pos(tc.Location))
		tr.typeDomain, tr.typeDomainArray = "", false
	}
	return x, err
}

// typeCastBase is a cast, to a domain's base type for a domain (the
// domain's name is then left in tr.typeDomain).
func (tr *translator) typeCastBase(tc *pg.TypeCast, ec *exprCtx) (texpr, error) {
	tr.typeDomain, tr.typeDomainArray = "", false
	if x, ok, err := tr.oidCast(tc, ec); ok {
		return x, err
	}
	p := tr.pos(tc.Location)
	t, err := tr.typeName(tc.TypeName)
	if err != nil {
		return texpr{}, err
	}
	dom, domArray := tr.typeDomain, tr.typeDomainArray
	defer func() { tr.typeDomain, tr.typeDomainArray = dom, domArray }() // the argument may name types too
	if a := tc.Arg.GetAArrayExpr(); a != nil && len(a.Elements) == 0 && isArray(t) {
		// ARRAY[]::integer[]: the cast is what types an empty array.
		return texpr{e: &plan.Const{At: at(tr.pos(a.Location)), V: value.List([]value.Value{})}, t: t}, nil
	}
	x, err := tr.expr(tc.Arg, ec)
	if err != nil {
		return texpr{}, err
	}
	if _, lit := tr.literal(x.e); t.Kind == value.KindString && t.MaxLen > 0 && !x.unknown && categoryOf(x.t) != catString && castable(x.t, t) {
		if _, ok := x.e.(*plan.Const); ok || lit {
			// An explicit cast to varchar(n) or char(n) cuts the value's
			// text (12::varchar(1) is 1), which the constant folded, or
			// the literal bound, straight into t would refuse as an
			// assignment does: it becomes text first, cut below.
			if x, err = tr.cast(x, value.TypeText, p); err != nil {
				return texpr{}, err
			}
		}
	}
	if c, ok := x.e.(*plan.Const); ok && explicitCut(x, t) {
		// An explicit cast to varchar(n) truncates where assignment
		// fails; to bit(n) it pads or truncates.
		v, err := value.ConvertExplicit(c.V, t)
		if err != nil {
			return texpr{}, withPos(err, c.P)
		}
		return texpr{e: &plan.Const{At: c.At, V: v}, t: t}, nil
	}
	if e, lit := tr.literal(x.e); lit && explicitCut(x, t) {
		// The same for a normalized string literal: bound as text, cut by
		// the explicit conversion of plan.Cast at run time.
		if x, err = tr.coerce(x, value.TypeText); err != nil {
			return texpr{}, err
		}
		return texpr{e: &plan.Cast{At: e.At, X: e, To: t}, t: t}, nil
	}
	if x.unknown {
		return tr.coerce(x, t)
	}
	if isOid(x) {
		return tr.castFromOid(x, t, p)
	}
	if sameType(x.t, t) {
		return x, nil
	}
	if !castable(x.t, t) {
		if t.Kind == value.KindBits {
			t = baseType(t) // PostgreSQL names bit(n) bit here
		}
		return texpr{}, errAt(errs.CannotCoerce, p, "cannot cast type %s to %s", typeName(x), sqlTypeName(t))
	}
	return tr.cast(x, t, p)
}

// commonType is the type PostgreSQL resolves the branches of CASE,
// COALESCE, GREATEST/LEAST and the rows of VALUES to (select_common_type):
// all unknown gives text; otherwise the typed items must share a category,
// numbers promote, and differing string or datetime types widen.
func commonType(items []texpr, what string) (value.Type, error) {
	var t value.Type
	first := -1
	for i, x := range items {
		if x.unknown {
			continue
		}
		if first < 0 {
			first, t = i, x.t
			continue
		}
		ct, cx := categoryOf(t), categoryOf(x.t)
		switch {
		case sameType(t, x.t):
		case isLoose(t):
		case isLoose(x.t), ct == catJSON && cx != catJSON:
			t = x.t
		case isArray(t) && isArray(x.t):
			// int[] and numeric[]: the array of the elements' common
			// type, to which both convert implicitly.
			elem, err := commonType([]texpr{{e: items[first].e, t: *t.Elem}, {e: x.e, t: *x.t.Elem}}, what)
			if err != nil {
				return value.Type{}, err
			}
			t = value.ArrayOf(elem)
		case cx == catJSON:
		case ct == catTime && cx == catTimeTZ, ct == catTimeTZ && cx == catTime:
			// time converts to timetz implicitly (in the session zone).
			t = value.TypeTimeTZ
		case ct != cx:
			return value.Type{}, errAt(errs.DatatypeMismatch, x.e.Pos(), "%s types %s and %s cannot be matched", what, sqlTypeName(t), sqlTypeName(x.t))
		case ct == catGeo:
			// One category in PostgreSQL, without implicit casts.
			return value.Type{}, errAt(errs.CannotCoerce, x.e.Pos(), "%s could not convert type %s to %s", what, sqlTypeName(x.t), sqlTypeName(t))
		case ct == catInet:
			t = value.TypeInet // cidr converts to inet implicitly
		case ct == catNumber && (isOidType(t) || isOidType(x.t)):
			// The integers convert to oid implicitly, oid to no other
			// number.
			if t.Kind != value.KindInt || x.t.Kind != value.KindInt {
				return value.Type{}, errAt(errs.CannotCoerce, x.e.Pos(), "%s could not convert type %s to %s", what, sqlTypeName(x.t), sqlTypeName(t))
			}
			t = value.TypeOid
		case ct == catNumber:
			// The type the other converts to implicitly: real with
			// numeric is real here (an operator between them is float8).
			t = rankType(max(numRank(t), numRank(x.t)))
		case ct == catString:
			// The first type stays (text, the preferred one, varchar
			// and char convert to each other implicitly), without a
			// length when the lengths differ.
			switch {
			case t.BPChar:
				t = value.Type{Kind: value.KindString, BPChar: true}
			case t.MaxLen > 0 || t.Varchar:
				t = value.Type{Kind: value.KindString, Varchar: true}
			default:
				t = value.TypeText
			}
		case ct == catDatetime:
			// date < timestamp < timestamptz, each converting implicitly
			// to the next: the highest of them.
			if dateRank(x.t) > dateRank(t) {
				t = baseType(x.t)
			}
		default:
			t = baseType(t)
		}
	}
	if first < 0 {
		return value.TypeText, nil
	}
	return t, nil
}

// dateRank orders the datetime types by PostgreSQL's implicit casts.
func dateRank(t value.Type) int {
	switch {
	case t.Date:
		return 1
	case !t.WithTZ:
		return 2
	}
	return 3
}

// variadic translates COALESCE, GREATEST and LEAST: calls of builtins
// whose arguments are first converted to their common type.
func (tr *translator) variadic(fn, what string, args []*pg.Node, p int, ec *exprCtx) (texpr, error) {
	xs := make([]texpr, len(args))
	for i, a := range args {
		x, err := tr.expr(a, ec)
		if err != nil {
			return texpr{}, err
		}
		xs[i] = x
	}
	t, err := commonType(xs, what)
	if err != nil {
		return texpr{}, err
	}
	if name, ok := unsortedType(t); ok && fn != fnCoalesce {
		return texpr{}, errAt(errs.UndefinedFunction, p, "could not identify a comparison function for type %s", name)
	}
	es := make([]plan.Expr, len(xs))
	for i, x := range xs {
		if x, err = tr.coerce(x, t); err != nil {
			return texpr{}, err
		}
		es[i] = x.e
		if fn != fnCoalesce && t.IsEnum() {
			es[i] = enumOrdered(x.e, t, p)
		}
	}
	if fn != fnCoalesce && t.IsEnum() {
		// greatest and least of the positions, and the label there.
		return texpr{e: enumAt(&plan.Call{At: at(p), Fn: fn, Args: es, SQL: true}, t, p), t: t}, nil
	}
	return texpr{e: &plan.Call{At: at(p), Fn: fn, Args: es, SQL: true}, t: t}, nil
}

// caseExpr builds a chain of Ifs. A simple CASE compares its operand with
// each WHEN value (the operand is evaluated once per comparison).
func (tr *translator) caseExpr(c *pg.CaseExpr, ec *exprCtx) (texpr, error) {
	p := tr.pos(c.Location)
	ec = ec.refusingSRFs("CASE")
	var operand texpr
	if c.Arg != nil {
		var err error
		if operand, err = tr.expr(c.Arg, ec); err != nil {
			return texpr{}, err
		}
	}
	conds := make([]plan.Expr, len(c.Args))
	results := make([]texpr, 0, len(c.Args)+1)
	for i, a := range c.Args {
		w := a.GetCaseWhen()
		if w == nil {
			return texpr{}, errAt(errs.SyntaxError, p, "invalid CASE")
		}
		wp := tr.pos(w.Location)
		x, err := tr.expr(w.Expr, ec)
		if err != nil {
			return texpr{}, err
		}
		if c.Arg != nil {
			if x, err = tr.compare(plan.OpEq, "=", operand, x, wp); err != nil {
				return texpr{}, err
			}
		} else if x, err = tr.boolOperand(x, "CASE/WHEN"); err != nil {
			return texpr{}, err
		}
		conds[i] = x.e
		r, err := tr.expr(w.Result, ec)
		if err != nil {
			return texpr{}, err
		}
		results = append(results, r)
	}
	if c.Defresult != nil {
		d, err := tr.expr(c.Defresult, ec)
		if err != nil {
			return texpr{}, err
		}
		results = append(results, d)
	}
	t, err := commonType(results, "CASE")
	if err != nil {
		return texpr{}, err
	}
	for i := range results {
		if results[i], err = tr.coerce(results[i], t); err != nil {
			return texpr{}, err
		}
	}
	var out plan.Expr
	if c.Defresult != nil {
		out = results[len(results)-1].e
	}
	for i := len(conds) - 1; i >= 0; i-- {
		out = &plan.If{At: at(p), Cond: conds[i], Then: results[i].e, Else: out}
	}
	return texpr{e: out, t: t}, nil
}

func (tr *translator) sqlValueFunction(f *pg.SQLValueFunction) (texpr, error) {
	p := tr.pos(f.Location)
	var name string
	var t value.Type
	local := false
	switch f.Op {
	case pg.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP, pg.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N:
		name, t = "now", value.TypeTimestampTZ
	case pg.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP, pg.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:
		name, t, local = "now", value.TypeTimestampTZ, true
	case pg.SQLValueFunctionOp_SVFOP_CURRENT_USER, pg.SQLValueFunctionOp_SVFOP_CURRENT_ROLE, pg.SQLValueFunctionOp_SVFOP_USER:
		name, t = "current_user", value.TypeName
	case pg.SQLValueFunctionOp_SVFOP_SESSION_USER:
		name, t = "session_user", value.TypeName
	case pg.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG:
		name, t = "current_database", value.TypeText
	case pg.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:
		name, t = "current_schema", value.TypeText
	case pg.SQLValueFunctionOp_SVFOP_CURRENT_DATE:
		x := texpr{e: &plan.Call{At: at(p), Fn: "sql::now", SQL: true}, t: value.TypeTimestampTZ}
		return tr.cast(x, value.TypeDate, p)
	case pg.SQLValueFunctionOp_SVFOP_LOCALTIME, pg.SQLValueFunctionOp_SVFOP_LOCALTIME_N:
		// now()::time, as PostgreSQL's timestamptz to time cast is the
		// time of day in the session's zone; rounded to localtime(p)'s
		// precision. One cast of a call, so DEFAULT localtime is a
		// default function.
		x := texpr{e: &plan.Call{At: at(p), Fn: "sql::now", SQL: true}, t: value.TypeTimestampTZ}
		t := value.TypeTime
		if f.Op == pg.SQLValueFunctionOp_SVFOP_LOCALTIME_N {
			t = value.TimeType(min(int(f.Typmod), value.MaxTimePrecision))
		}
		return tr.cast(x, t, p)
	case pg.SQLValueFunctionOp_SVFOP_CURRENT_TIME, pg.SQLValueFunctionOp_SVFOP_CURRENT_TIME_N:
		// now()::timetz, as localtime: the time of day and the offset of
		// the session's zone at the statement's start.
		x := texpr{e: &plan.Call{At: at(p), Fn: "sql::now", SQL: true}, t: value.TypeTimestampTZ}
		t := value.TypeTimeTZ
		if f.Op == pg.SQLValueFunctionOp_SVFOP_CURRENT_TIME_N {
			t = value.TimeTZType(min(int(f.Typmod), value.MaxTimePrecision))
		}
		return tr.cast(x, t, p)
	default:
		return texpr{}, unsupported(p, "the date and time types")
	}
	fn := "sql::" + name
	if _, ok := tr.r.Function(fn); !ok {
		return texpr{}, errAt(errs.UndefinedFunction, p, "function %s() does not exist", name).WithHint(hintNoFunction)
	}
	x := texpr{e: &plan.Call{At: at(p), Fn: fn, SQL: true}, t: t}
	if local {
		return tr.cast(x, value.TypeTimestamp, p)
	}
	return x, nil
}

// funcName is the function a FuncCall names: bare in pg_catalog and
// public, "schema.f" in a schema of the database's (stored functions
// only); ok is false for the other system schemas.
func funcName(names []*pg.Node) (string, bool) {
	switch len(names) {
	case 1:
		return names[0].GetString_().GetSval(), true
	case 2:
		s, name := names[0].GetString_().GetSval(), names[1].GetString_().GetSval()
		switch {
		case s == "pg_catalog" || s == "public":
			return name, true
		case systemSchema(s) || s == tempSchema:
			return name, false
		}
		// A function of a schema of the database's (userFunction).
		return s + "." + name, true
	}
	return "", false
}

func qualifiedName(names []*pg.Node) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = n.GetString_().GetSval()
	}
	return strings.Join(parts, ".")
}

func (tr *translator) funcCall(fc *pg.FuncCall, ec *exprCtx) (texpr, error) {
	if x, ok, err := tr.mergeTwiceExpr(fc, ec); ok {
		return x, err
	}
	p := tr.pos(fc.Location)
	name, ok := funcName(fc.Funcname)
	if ok && name == "populate_record" && len(fc.Args) == 2 && fc.Over == nil {
		fc = hstorePopulate(fc.Args[0], fc.Args[1], fc.Location)
		name = "jsonb_populate_record"
	}
	if ok && fc.Over == nil && (liftable(name) || tr.setFunction(name)) {
		if err := srfPlacement(ec, p); err != nil {
			return texpr{}, err
		}
	}
	if ok && fc.Over == nil && tr.isUserAggregate(name) {
		return tr.aggregate(fc, name, p, ec)
	}
	if ok && !fc.AggStar && !fc.AggDistinct && len(fc.AggOrder) == 0 && fc.AggFilter == nil {
		if x, found, err := tr.sqlFunctionCall(fc, name, p, ec); found {
			return x, err
		}
	}
	if set, populate := populateFunction(name); ok && populate && !set && fc.Over == nil && !fc.AggStar && !fc.AggDistinct && len(fc.AggOrder) == 0 && fc.AggFilter == nil {
		return tr.populateExpr(name, fc, ec)
	}
	if ok && unsupportedRangeFunction(name) {
		return texpr{}, unsupportedRange(p, "function "+name)
	}
	if ok && fc.AggWithinGroup && isHypothetical(name) {
		if fc.Over != nil {
			return texpr{}, errAt(errs.FeatureNotSupported, p, "OVER is not supported for ordered-set aggregate %s", name)
		}
		return tr.hypotheticalAggregate(fc, name, p, ec)
	}
	if ok && isOrderedSet(name) && fc.Over == nil {
		return tr.orderedSetAggregate(fc, name, p, ec)
	}
	if ok && isAggregate(name) && fc.Over == nil {
		return tr.aggregate(fc, name, p, ec)
	}
	switch {
	case fc.Over != nil && ok:
		return tr.windowCall(fc, name, p, ec)
	case ok && windowOnly(name, len(fc.Args)):
		return texpr{}, errAt(errs.WrongObjectType, p, "window function %s requires an OVER clause", name)
	case fc.Over != nil:
		return texpr{}, noFunction(p, qualifiedName(fc.Funcname), nil)
	case fc.AggStar && !tr.takesNoArguments(name):
		// f(*) is f() to PostgreSQL's lookup.
		return texpr{}, noFunction(p, qualifiedName(fc.Funcname), nil)
	case fc.AggStar:
		return texpr{}, errAt(errs.WrongObjectType, p, "%s(*) specified, but %s is not an aggregate function", name, name)
	case fc.AggDistinct:
		return texpr{}, errAt(errs.WrongObjectType, p, "DISTINCT specified, but %s is not an aggregate function", name)
	case len(fc.AggOrder) > 0:
		return texpr{}, errAt(errs.WrongObjectType, p, "ORDER BY specified, but %s is not an aggregate function", name)
	case fc.AggFilter != nil:
		return texpr{}, errAt(errs.WrongObjectType, p, "FILTER specified, but %s is not an aggregate function", name)
	case fc.FuncVariadic:
		return tr.variadicCall(fc, name, ok, p, ec)
	}
	callArgs := fc.Args
	if name == "pg_typeof" && ok && len(callArgs) == 1 {
		return tr.pgTypeof(callArgs[0], p, ec)
	}
	if name == "make_interval" {
		var err error
		if callArgs, err = namedIntervalArgs(callArgs, p); err != nil {
			return texpr{}, err
		}
	}
	if jsonPathFunc(name) {
		var err error
		if callArgs, err = namedJSONPathArgs(name, callArgs, p); err != nil {
			return texpr{}, err
		}
	}
	args, err := tr.callArgs(name, callArgs, ec)
	if err != nil {
		return texpr{}, err
	}
	return tr.builtinCall(name, qualifiedName(fc.Funcname), ok, args, p)
}

// callArgs translates the arguments of a call of a builtin, typing their
// unknown literals and parameters by the function.
func (tr *translator) callArgs(name string, callArgs []*pg.Node, ec *exprCtx) ([]texpr, error) {
	args := make([]texpr, len(callArgs))
	for i, a := range callArgs {
		x, err := tr.argExpr(name, a, ec)
		if err != nil {
			return nil, err
		}
		if x.unknown && polyArrayRole(name, i, len(callArgs)) != 0 {
			args[i] = x // typed by the array argument, once all are read
			continue
		}
		if x.unknown && !typedByTimeArgs(name) && !enumFunc(name) && !geoOverloaded(name) && !searchFunctions[name] && !hstoreFunctions[name] && !ltreeFunctions[name] && !tr.userRangeConstructorName(name) {
			_, lit := x.e.(*plan.Const)
			_, param := tr.literal(x.e)
			t, ok := bitArgType(name, args, i)
			if !ok {
				t, ok = citextArgType(name, args, i)
			}
			if !ok {
				t, ok = paramType(name, i, len(callArgs))
			}
			if !ok {
				// The signature's type, for a literal or a parameter
				// ($1 of pg_cancel_backend($1) is an integer).
				if f, found := tr.r.Function("sql::" + name); found && i < len(f.Params) {
					t, ok = f.Params[i], true
				}
			}
			if !ok && (lit || param) {
				t, ok = unknownArgType(name), true
			}
			if ok {
				if x, err = tr.coerce(x, t); err != nil {
					return nil, err
				}
			}
		}
		args[i] = x
	}
	return args, nil
}

// builtinCall translates a call of the builtin name (written qualified;
// known: by a name zerodb has) of the translated arguments args.
func (tr *translator) builtinCall(name, qualified string, known bool, args []texpr, p int) (texpr, error) {
	if err := tr.polyArrayArgs(name, args); err != nil {
		return texpr{}, err
	}
	if name == "width_bucket" && len(args) == 2 && (!isArray(args[1].t) || isArray(args[0].t) || !comparableTypes(args[0].t, *args[1].t.Elem)) {
		// anyelement and anyarray of it, whose elements it compares with
		known = false
	}
	if !known {
		return texpr{}, noFunction(p, qualified, args)
	}
	if x, ok, err := tr.citextCall(name, args, p); ok {
		return x, err
	}
	if x, ok, err := tr.hstoreCall(name, args, p); ok {
		return x, err
	}
	if x, ok, err := tr.ltreeCall(name, args, p); ok {
		return x, err
	}
	if _, ok := trgmMatchSetting(name); ok {
		return tr.trgmCall(name, args, p)
	}
	if x, ok, err := tr.trgmLimitCall(name, args, p); ok {
		return x, err
	}
	if x, ok, err := tr.enumCall(name, args, p); ok {
		return x, err
	}
	if x, ok, err := tr.multirangeCall(name, args, p); ok {
		return x, err
	}
	if x, ok, err := tr.rangeCall(name, args, p); ok {
		return x, err
	}
	if x, ok, err := tr.netCall(name, args, p); ok {
		return x, err
	}
	if x, ok, err := tr.geoCall(name, args, p); ok {
		return x, err
	}
	if err := xmlCallArgs(name, args, p); err != nil {
		return texpr{}, err
	}
	if x, ok, err := tr.bitCall(name, args, p); ok {
		return x, err
	}
	if err := tr.timeArgs(name, args, p); err != nil {
		return texpr{}, err
	}
	if err := checkJSONPathArgs(name, args, p); err != nil {
		return texpr{}, err
	}
	tr.zoned = tr.zoned || zonedCall(name, args)
	args, err := tr.enumsAsLabels(name, args, p)
	if err != nil {
		return texpr{}, err
	}
	if x, ok, err := tr.jsonCall(name, args, p); ok {
		return x, err
	}
	if x, ok, err := tr.searchCall(name, args, p); ok {
		return x, err
	}
	for i, a := range args {
		if a.row == nil {
			continue
		}
		switch name {
		case "concat", "concat_ws", "format", "quote_literal", "quote_nullable":
			// A whole row shows as its text, (1,x), as in PostgreSQL.
			x, err := tr.cast(texpr{e: a.e, t: a.t}, value.TypeText, p)
			if err != nil {
				return texpr{}, err
			}
			args[i] = x
		case "num_nulls", "num_nonnulls", "pg_column_size":
			// Functions of any value take it as its composite value.
			args[i].row = nil
		}
	}
	if err := noRow(args, p); err != nil {
		return texpr{}, err
	}
	if err := argsFit(name, args, p); err != nil {
		return texpr{}, err
	}
	switch name {
	case "concat", "concat_ws", "format":
		// They show any argument as its text (a char(n) padded, an OID
		// alias type's name: psql's \dX formats a regclass, a date as
		// a date).
		for i := range args {
			// A date's value is a midnight: its text is the cast's.
			if t := args[i].t; (t.RegOID != 0 || categoryOf(t) == catDatetime) && !t.Array && !args[i].unknown {
				x, err := tr.cast(args[i], value.TypeText, p)
				if err != nil {
					return texpr{}, err
				}
				args[i] = x
			}
			args[i] = arrayText(jsonbText(bpcharPadded(ownText(args[i], p), p)))
		}
	case "array_to_string":
		if len(args) > 0 {
			args[0] = ownText(args[0], p)
		}
	case "quote_literal", "quote_nullable":
		// Of anything but text, the text of its cast (char(n) as text
		// is unpadded).
		for i := range args {
			args[i] = arrayText(jsonbText(castText(args[i], p)))
		}
	case "octet_length":
		// PostgreSQL counts char(n)'s padding (length() does not).
		if len(args) == 1 {
			args[0] = bpcharPadded(args[0], p)
		}
	}
	if strings.HasPrefix(name, "jsonb_") {
		// json has no implicit cast to jsonb: the jsonb functions that
		// take jsonb refuse it (the builders, taking any, are above).
		for _, a := range args {
			if categoryOf(a.t) == catJSONText && !a.unknown {
				return texpr{}, noFunction(p, name, args)
			}
		}
	}
	return tr.call(name, args, p)
}

// takesNoArguments reports whether a function name may be called
// without arguments.
func (tr *translator) takesNoArguments(name string) bool {
	if f, ok := tr.r.Function("sql::" + name); ok {
		return f.MinArgs == 0
	}
	f, ok, err := tr.userFunction(name)
	return err == nil && ok && f.Required() == 0
}

// zonedCall reports a call whose result depends on the session time zone:
// one that takes a timestamptz apart or shows it as text, or makes one
// from text (to_timestamp(text, format)). AT TIME ZONE, date_bin and
// isfinite work on the moment alone.
func zonedCall(name string, args []texpr) bool {
	switch name {
	case "timezone":
		// A timetz at a zone named by text takes that zone's offset of
		// today: not the same for every statement either.
		return len(args) == 2 && args[1].t.Kind == value.KindTimeTZ && args[0].t.Kind != value.KindDuration
	case "date_bin", "isfinite":
		return false
	case "to_timestamp":
		return len(args) == 2
	}
	for _, a := range args {
		if a.t.Kind == value.KindDatetime && a.t.WithTZ || a.t.Array && a.t.Elem != nil && a.t.Elem.WithTZ {
			return true
		}
	}
	return false
}

// arrayText is an array as text in PostgreSQL's array format ({1,2},
// {t,f}, {2024-01-02}), which its static type decides: for a cast to a
// string type and the functions that show any value as text. Other
// values are returned as they are.
func arrayText(x texpr) texpr {
	if x.unknown || !x.t.Array || x.t.Elem == nil {
		return x
	}
	p := x.e.Pos()
	if x.t.IntVector {
		// Its elements separated by spaces, which its type writes.
		from := x.t
		return texpr{e: &plan.Cast{At: at(p), X: x.e, To: value.TypeText, From: &from}, t: value.TypeText}
	}
	return texpr{e: &plan.Call{At: at(p), Fn: "sql::array_text", SQL: true,
		Args: []plan.Expr{x.e, &plan.Const{At: at(p), V: value.Int(int64(x.t.Elem.OID()))}}}, t: value.TypeText}
}

// pgTypeof is pg_typeof(x): the regtype of x's SQL type, which is known
// here ("unknown" for an untyped literal or NULL, as in PostgreSQL).
func (tr *translator) pgTypeof(arg *pg.Node, p int, ec *exprCtx) (texpr, error) {
	x, err := tr.argExpr("pg_typeof", arg, ec)
	if err != nil {
		return texpr{}, err
	}
	oid := x.t.OID()
	if x.unknown {
		if _, param := tr.literal(x.e); param {
			// A literal the statement's normalization made a parameter:
			// its type is not known until it is bound.
			return texpr{}, tr.uncacheable()
		}
		oid = oidUnknown
	}
	return texpr{e: &plan.Const{At: at(p), V: value.Int(int64(oid))}, t: regType("regtype")}, nil
}

// oidUnknown is the type OID of an untyped literal.
const oidUnknown = 705

func noFunction(p int, name string, args []texpr) error {
	types := make([]string, len(args))
	for i, a := range args {
		types[i] = typeName(a)
	}
	return errAt(errs.UndefinedFunction, p, "function %s(%s) does not exist", name, strings.Join(types, ", ")).WithHint(hintNoFunction)
}

// call resolves sql::name through the Resolver; its Result gives the type.
// srfPlacement is PostgreSQL's error (check_srf_call_placement) for a
// set-returning function where it refuses one: in an aggregate's or a
// window function's arguments, in WHERE, JOIN conditions and the other
// clauses below. Elsewhere it is nil, and srfHere, the 0A000 of what
// zerodb does not run (nested calls), may follow.
func srfPlacement(ec *exprCtx, p int) error {
	// The clause first: PostgreSQL checks it as it reads the call, the
	// aggregate's arguments once it has read them.
	const hint = "You might be able to move the set-returning function into a LATERAL FROM item."
	switch {
	case slices.Contains([]string{"WHERE", "JOIN conditions", "HAVING", "FILTER", "DEFAULT expressions", "check constraints",
		"index expressions", "index predicates", "column generation expressions"}, ec.clause):
		return errAt(errs.FeatureNotSupported, p, "set-returning functions are not allowed in %s", ec.clause)
	case ec.noSRF == "CASE" || ec.noSRF == "COALESCE":
		return errAt(errs.FeatureNotSupported, p, "set-returning functions are not allowed in %s", ec.noSRF).WithHint(hint)
	case ec.noSRF != "":
		return errAt(errs.DatatypeMismatch, p, "argument of %s must not return a set", ec.noSRF)
	case ec.inAgg:
		return errAt(errs.FeatureNotSupported, p, "aggregate function calls cannot contain set-returning function calls").WithHint(hint)
	case ec.inWin:
		return errAt(errs.FeatureNotSupported, p, "window function calls cannot contain set-returning function calls").WithHint(hint)
	}
	return nil
}

// srfHere is the error of a set-returning function (builtin or stored)
// that liftSRF did not move into FROM where srfPlacement did not refuse
// it as PostgreSQL does: in a select list's expression liftSRF does not
// look into, in a grouped select's expression around the function, ...
func srfHere(name string, p int) error {
	return unsupported(p, "set-returning function "+name+" here (zerodb runs them in FROM and in a select list, within operators, casts, array constructors and other functions' arguments)")
}

func (tr *translator) call(name string, args []texpr, p int) (texpr, error) {
	if x, ok, err := tr.moneyFunc(name, args, p); ok {
		return x, err
	}
	if !ownIntTaken(name, args) || oidRefused(name, args) {
		return texpr{}, noFunction(p, name, args)
	}
	f, ok := tr.r.Function("sql::" + name)
	if !ok && name == "unnest" && len(args) > 1 {
		// unnest of several arrays exists in FROM only.
		return texpr{}, noFunction(p, name, args)
	}
	if !ok && liftable(name) {
		// A set-returning function where liftSRF did not move it into
		// FROM: inside another one's arguments, in WHERE, ...
		return texpr{}, srfHere(name, p)
	}
	if !ok || len(args) < f.MinArgs || (f.MaxArgs >= 0 && len(args) > f.MaxArgs) {
		return texpr{}, noFunction(p, name, args)
	}
	es := make([]plan.Expr, len(args))
	types := make([]value.Type, len(args))
	for i, a := range args {
		es[i] = a.e
		types[i] = a.t
		if a.unknown {
			types[i] = value.TypeText
		}
	}
	t := value.Any
	if f.Result != nil {
		t = f.Result(types)
	}
	return texpr{e: &plan.Call{At: at(p), Fn: "sql::" + name, Args: es, SQL: true}, t: t}, nil
}
