package exec

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

func (r *run) evalBinary(b *plan.Binary, sc *scope) (value.Value, error) {
	if b.Op == plan.OpAnd || b.Op == plan.OpOr {
		return r.evalLogic(b, sc)
	}
	l, err := r.eval(b.L, sc)
	if err != nil {
		return value.None, err
	}
	rv, err := r.eval(b.R, sc)
	if err != nil {
		return value.None, err
	}
	return r.binop(b.Op, b.SQL, l, rv, b.P)
}

// binop applies a non-logical binary operator to evaluated operands.
func (r *run) binop(op plan.Op, sql bool, l, rv value.Value, pos int) (value.Value, error) {
	switch op {
	case plan.OpEq, plan.OpNe, plan.OpLt, plan.OpLe, plan.OpGt, plan.OpGe:
		if sql && (l.IsSQLNull() || rv.IsSQLNull()) {
			return value.None, nil
		}
		return value.Bool(compareOp(op, l, rv)), nil
	case plan.OpAdd, plan.OpSub, plan.OpMul, plan.OpDiv, plan.OpMod, plan.OpPow:
		v, err := value.ArithIn(arithOp(op), l, rv, r.zone(sql))
		if err != nil {
			return value.None, atPos(zqlTypeError(err, sql), pos)
		}
		return v, nil
	case plan.OpConcat:
		return concat(l, rv, pos, r.zone(sql))
	case plan.OpLike, plan.OpILike:
		if l.IsNone() || rv.IsNone() {
			return value.None, nil
		}
		s, err := textOf(l, pos, r.zone(sql))
		if err != nil {
			return value.None, err
		}
		p, err := textOf(rv, pos, r.zone(sql))
		if err != nil {
			return value.None, err
		}
		if op == plan.OpILike {
			s, p = strings.ToLower(s), strings.ToLower(p)
		}
		ok, err := likeMatch(s, p)
		if err != nil {
			return value.None, atPos(err, pos)
		}
		return value.Bool(ok), nil
	case plan.OpContains:
		return containsOp(l, rv, sql, pos)
	case plan.OpIn:
		return containsOp(rv, l, sql, pos)
	case plan.OpMatches:
		return r.matches(l, rv, sql, pos)
	}
	return value.None, internalf("binary operator %d not supported", op)
}

func compareOp(op plan.Op, l, r value.Value) bool {
	switch op {
	case plan.OpEq:
		return value.Equal(l, r)
	case plan.OpNe:
		return !value.Equal(l, r)
	}
	c := value.Compare(l, r)
	switch op {
	case plan.OpLt:
		return c < 0
	case plan.OpLe:
		return c <= 0
	case plan.OpGt:
		return c > 0
	}
	return c >= 0
}

func arithOp(op plan.Op) value.ArithOp {
	switch op {
	case plan.OpAdd:
		return value.Add
	case plan.OpSub:
		return value.Sub
	case plan.OpMul:
		return value.Mul
	case plan.OpDiv:
		return value.Div
	case plan.OpMod:
		return value.Mod
	}
	return value.Pow
}

// evalLogic implements and/or: three-valued logic in SQL, booleans only
// (42804 otherwise) in ZQL; both short-circuit on the left operand.
func (r *run) evalLogic(b *plan.Binary, sc *scope) (value.Value, error) {
	and := b.Op == plan.OpAnd
	name := "AND"
	if !and {
		name = "OR"
	}
	l, err := r.eval(b.L, sc)
	if err != nil {
		return value.None, err
	}
	if err := checkLogic(l, b.SQL, name, b.L, b.P); err != nil {
		return value.None, err
	}
	if l.Kind() == value.KindBool && l.AsBool() != and {
		return l, nil // false AND x, true OR x
	}
	rv, err := r.eval(b.R, sc)
	if err != nil {
		return value.None, err
	}
	if err := checkLogic(rv, b.SQL, name, b.R, b.P); err != nil {
		return value.None, err
	}
	if rv.Kind() == value.KindBool && rv.AsBool() != and {
		return rv, nil
	}
	if l.IsNone() || rv.IsNone() {
		return value.None, nil
	}
	return value.Bool(and), nil
}

func checkLogic(v value.Value, sql bool, name string, x plan.Expr, pos int) error {
	if v.Kind() == value.KindBool || (sql && v.IsNone()) {
		return nil
	}
	if p := x.Pos(); p > 0 {
		pos = p
	}
	return typeMismatch(pos, "argument of %s must be type bool, not type %s", name, kindName(v))
}

func (r *run) evalUnary(u *plan.Unary, sc *scope) (value.Value, error) {
	x, err := r.eval(u.X, sc)
	if err != nil {
		return value.None, err
	}
	switch u.Op {
	case plan.OpNeg:
		v, err := value.Negate(x)
		if err != nil {
			return value.None, atPos(zqlTypeError(err, u.SQL), u.P)
		}
		return v, nil
	case plan.OpNot:
		if x.Kind() == value.KindBool {
			return value.Bool(!x.AsBool()), nil
		}
		if u.SQL && x.IsNone() {
			return value.None, nil
		}
		return value.None, typeMismatch(u.P, "argument of NOT must be type bool, not type %s", kindName(x))
	case plan.OpIsNull:
		if u.SQL {
			return value.Bool(x.IsSQLNull()), nil
		}
		return value.Bool(x.IsNone()), nil
	case plan.OpIsNotNull:
		if u.SQL {
			return value.Bool(!x.IsSQLNull()), nil
		}
		return value.Bool(!x.IsNone()), nil
	}
	return value.None, internalf("unary operator %d not supported", u.Op)
}

// concat is SQL ||: text concatenation (a non-text operand is converted to
// text, as PostgreSQL's anynonarray || text does), otherwise list
// concatenation or jsonb merge through value.Arith. A timestamptz
// becomes text in the time zone loc.
func concat(l, r value.Value, pos int, loc *time.Location) (value.Value, error) {
	if l.IsNone() || r.IsNone() {
		return value.None, nil
	}
	if l.Kind() == value.KindString || r.Kind() == value.KindString {
		a, err := textOf(l, pos, loc)
		if err != nil {
			return value.None, err
		}
		b, err := textOf(r, pos, loc)
		if err != nil {
			return value.None, err
		}
		return value.String(a + b), nil
	}
	v, err := value.Arith(value.Add, l, r)
	if err != nil {
		return value.None, atPos(err, pos)
	}
	return v, nil
}

func textOf(v value.Value, pos int, loc *time.Location) (string, error) {
	if v.Kind() == value.KindString {
		return v.AsString(), nil
	}
	t, err := value.ConvertIn(v, value.TypeText, loc)
	if err != nil {
		return "", atPos(err, pos)
	}
	return t.AsString(), nil
}

// likeMatch implements PostgreSQL LIKE: % matches any sequence, _ one
// character, and a backslash makes the next character literal. It is the
// usual greedy matcher with one backtrack point, linear for most patterns.
func likeMatch(s, p string) (bool, error) {
	if ok, known := likeSimple(s, p); known {
		return ok, nil
	}
	si, pi := 0, 0
	starP, starS := -1, 0
	for si < len(s) {
		if pi < len(p) {
			pc, pw := utf8.DecodeRuneInString(p[pi:])
			switch pc {
			case '%':
				starP, starS = pi+pw, si
				pi += pw
				continue
			case '_':
				_, sw := utf8.DecodeRuneInString(s[si:])
				si += sw
				pi += pw
				continue
			case '\\':
				if pi+pw >= len(p) {
					return false, errs.New(errs.InvalidEscapeSequence, "LIKE pattern must not end with escape character")
				}
				ec, ew := utf8.DecodeRuneInString(p[pi+pw:])
				sc, sw := utf8.DecodeRuneInString(s[si:])
				if ec == sc {
					si += sw
					pi += pw + ew
					continue
				}
			default:
				sc, sw := utf8.DecodeRuneInString(s[si:])
				if pc == sc {
					si += sw
					pi += pw
					continue
				}
			}
		}
		if starP < 0 {
			return false, nil
		}
		// Backtrack: let the last % swallow one more character.
		_, sw := utf8.DecodeRuneInString(s[starS:])
		starS += sw
		si, pi = starS, starP
	}
	for pi < len(p) {
		if p[pi] == '%' {
			pi++
			continue
		}
		if p[pi] == '\\' && pi+1 >= len(p) {
			return false, errs.New(errs.InvalidEscapeSequence, "LIKE pattern must not end with escape character")
		}
		return false, nil
	}
	return true, nil
}

// likeSimple matches the patterns most LIKEs are: text without _ or
// escapes, with a % at neither end, one or both ('%ab%' is
// strings.Contains); known is false for any other pattern. Without _ a
// pattern compares bytes, and UTF-8 keeps those comparisons on
// character boundaries.
func likeSimple(s, p string) (ok, known bool) {
	if strings.ContainsAny(p, "_\\") {
		return false, false
	}
	lead := strings.HasPrefix(p, "%")
	lit := strings.TrimPrefix(p, "%")
	trail := strings.HasSuffix(lit, "%")
	lit = strings.TrimSuffix(lit, "%")
	if strings.Contains(lit, "%") {
		return false, false
	}
	switch {
	case lead && trail:
		return strings.Contains(s, lit), true
	case lead:
		return strings.HasSuffix(s, lit), true
	case trail:
		return strings.HasPrefix(s, lit), true
	}
	return s == lit, true
}

// containsOp is ZQL `a contains b`: list membership, substring, range
// membership, object key. In SQL a NULL container yields NULL.
func containsOp(a, b value.Value, sql bool, pos int) (value.Value, error) {
	switch a.Kind() {
	case value.KindNone:
		if sql {
			return value.None, nil
		}
		return value.Bool(false), nil
	case value.KindList, value.KindTuple:
		for _, e := range a.AsList() {
			if value.Equal(e, b) {
				return value.Bool(true), nil
			}
		}
		return value.Bool(false), nil
	case value.KindVector:
		if !isNumber(b) {
			return value.Bool(false), nil
		}
		for _, e := range a.AsVector() {
			if value.Equal(value.Float32(e), b) {
				return value.Bool(true), nil
			}
		}
		return value.Bool(false), nil
	case value.KindString:
		if b.Kind() != value.KindString {
			return value.Bool(false), nil
		}
		return value.Bool(strings.Contains(a.AsString(), b.AsString())), nil
	case value.KindRange:
		return value.Bool(inRange(a.AsRange(), b)), nil
	case value.KindObject:
		if b.Kind() != value.KindString && b.Kind() != value.KindSymbol {
			return value.Bool(false), nil
		}
		_, ok := a.AsObject().Get(b.AsString())
		return value.Bool(ok), nil
	}
	return value.None, typeMismatch(pos, "contains does not apply to a value of type %s", kindName(a))
}

func isNumber(v value.Value) bool {
	k := v.Kind()
	return k == value.KindInt || k == value.KindFloat || k == value.KindDecimal
}

func inRange(rg *value.Range, v value.Value) bool {
	if !rg.Lo.IsNone() && value.Compare(v, rg.Lo) < 0 {
		return false
	}
	if !rg.Hi.IsNone() {
		c := value.Compare(v, rg.Hi)
		if c > 0 || (c == 0 && !rg.Inclusive) {
			return false
		}
	}
	return true
}

func (r *run) matches(s, re value.Value, sql bool, pos int) (value.Value, error) {
	if s.IsNone() || re.IsNone() {
		if sql {
			return value.None, nil
		}
		return value.Bool(false), nil
	}
	if s.Kind() != value.KindString {
		return value.None, typeMismatch(pos, "matches needs a string, not %s", kindName(s))
	}
	switch re.Kind() {
	case value.KindRegex:
		if rx := re.AsRegex(); rx != nil && rx.Compiled != nil {
			return value.Bool(rx.Compiled.MatchString(s.AsString())), nil
		}
		c, err := r.regexp(re.AsString(), regexFlags(re.AsRegex()), pos)
		if err != nil {
			return value.None, err
		}
		return value.Bool(c.MatchString(s.AsString())), nil
	case value.KindString:
		c, err := r.regexp(re.AsString(), "", pos)
		if err != nil {
			return value.None, err
		}
		return value.Bool(c.MatchString(s.AsString())), nil
	}
	return value.None, typeMismatch(pos, "matches needs a regex, not %s", kindName(re))
}

func regexFlags(rx *value.Regex) string {
	if rx == nil {
		return ""
	}
	return rx.Flags
}

// regexp compiles a pattern once per statement.
func (r *run) regexp(pattern, flags string, pos int) (*regexp.Regexp, error) {
	key := flags + "/" + pattern
	if c, ok := r.regexps[key]; ok {
		return c, nil
	}
	src := pattern
	var goFlags strings.Builder
	for _, f := range flags {
		switch f {
		case 'i', 'm', 's':
			goFlags.WriteRune(f)
		}
	}
	if goFlags.Len() > 0 {
		src = "(?" + goFlags.String() + ")" + pattern
	}
	c, err := regexp.Compile(src)
	if err != nil {
		return nil, value.RegexError(err).WithPos(pos)
	}
	if r.regexps == nil {
		r.regexps = make(map[string]*regexp.Regexp)
	}
	r.regexps[key] = c
	return c, nil
}

// zqlTypeError gives an operator applied to operands of the wrong types
// ZQL's SQLSTATE, 42804 (zql.md §13: a type mismatch); SQL keeps
// PostgreSQL's 42883 "operator does not exist".
func zqlTypeError(err error, sql bool) error {
	if sql || errs.Code(err) != errs.UndefinedFunction {
		return err
	}
	e := errs.From(err)
	c := *e
	c.Code = errs.DatatypeMismatch
	return &c
}
