package jsonpath

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// maxDepth bounds the nesting of a path, so that deep input cannot
// exhaust the stack.
const maxDepth = 1000

// Parse parses jsonpath text as PostgreSQL's jsonpath_in does. Errors
// are 42601 (syntax, misplaced @ or last, like_regex flags), 0A000 (the
// x flag), 2201B (a bad regular expression) and 22P02 (empty input).
func Parse(src string) (*Path, error) {
	if !utf8.ValidString(src) || strings.IndexByte(src, 0) >= 0 {
		// Text never holds invalid UTF-8 in PostgreSQL.
		return nil, errs.New(errs.CharacterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\"")
	}
	p := &parser{lex: lexer{src: src}}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind == tEOF {
		return nil, errs.New(errs.InvalidTextRepresentation, "invalid input syntax for type jsonpath: \"%s\"", src)
	}
	path := &Path{}
	if p.isKeyword("strict") || p.isKeyword("lax") {
		path.Strict = p.tok.text == "strict"
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
	root, err := p.exprOrPredicate()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tEOF {
		return nil, p.unexpected()
	}
	if err := check(root, 0, false); err != nil {
		return nil, err
	}
	path.Root = root
	return path, nil
}

type parser struct {
	lex   lexer
	tok   token
	depth int
}

func (p *parser) advance() error {
	t, err := p.lex.next()
	p.tok = t
	return err
}

func (p *parser) isPunct(s string) bool   { return p.tok.kind == tPunct && p.tok.text == s }
func (p *parser) isKeyword(s string) bool { return p.tok.kind == tKeyword && p.tok.text == s }

func (p *parser) unexpected() error {
	if p.tok.kind == tEOF {
		return errAt("syntax error", "")
	}
	return errAt("syntax error", p.tok.text)
}

func (p *parser) expect(s string) error {
	if !p.isPunct(s) {
		return p.unexpected()
	}
	return p.advance()
}

func (p *parser) enter() error {
	p.depth++
	if p.depth > maxDepth {
		return errs.New(errs.StatementTooComplex, "jsonpath is nested too deeply")
	}
	return nil
}

// An operand parsed is an item and whether the grammar takes it as a
// predicate (pred) or an expression; a parenthesized predicate (paren)
// may still be followed by "is unknown".
type operand struct {
	it    *Item
	pred  bool
	paren bool
}

func (p *parser) exprOrPredicate() (*Item, error) {
	o, err := p.or()
	return o.it, err
}

func (p *parser) predicate() (*Item, error) {
	o, err := p.or()
	if err == nil && !o.pred {
		err = p.unexpected()
	}
	return o.it, err
}

func (p *parser) expr() (*Item, error) {
	o, err := p.or()
	if err == nil && o.pred {
		err = p.unexpected()
	}
	return o.it, err
}

func (p *parser) or() (operand, error) {
	l, err := p.and()
	for err == nil && p.isPunct("||") {
		l, err = p.binary(OpOr, l, p.and, true)
	}
	return l, err
}

func (p *parser) and() (operand, error) {
	l, err := p.not()
	for err == nil && p.isPunct("&&") {
		l, err = p.binary(OpAnd, l, p.not, true)
	}
	return l, err
}

// binary reads the right operand of op after l: both must be
// predicates (&&, ||) or both expressions (arithmetic).
func (p *parser) binary(op Op, l operand, right func() (operand, error), pred bool) (operand, error) {
	if l.pred != pred {
		return operand{}, p.unexpected()
	}
	if err := p.advance(); err != nil {
		return operand{}, err
	}
	r, err := right()
	if err != nil {
		return operand{}, err
	}
	if r.pred != pred {
		return operand{}, p.unexpected()
	}
	return operand{it: &Item{Op: op, Left: l.it, Right: r.it}, pred: pred}, nil
}

func (p *parser) not() (operand, error) {
	if !p.isPunct("!") {
		return p.comparison()
	}
	if err := p.advance(); err != nil {
		return operand{}, err
	}
	// ! takes a delimited predicate only: (predicate) or exists (expr).
	var arg *Item
	switch {
	case p.isKeyword("exists"):
		x, err := p.exists()
		if err != nil {
			return operand{}, err
		}
		arg = x
	case p.isPunct("("):
		if err := p.advance(); err != nil {
			return operand{}, err
		}
		x, err := p.predicate()
		if err == nil {
			err = p.expect(")")
		}
		if err != nil {
			return operand{}, err
		}
		arg = x
	default:
		return operand{}, p.unexpected()
	}
	return operand{it: &Item{Op: OpNot, Left: arg}, pred: true}, nil
}

func (p *parser) exists() (*Item, error) {
	if err := p.advance(); err != nil {
		return nil, err
	}
	if err := p.expect("("); err != nil {
		return nil, err
	}
	x, err := p.expr()
	if err == nil {
		err = p.expect(")")
	}
	return &Item{Op: OpExists, Left: x}, err
}

var compOps = map[string]Op{"==": OpEqual, "!=": OpNotEqual, "<": OpLess, ">": OpGreater, "<=": OpLessOrEqual, ">=": OpGreaterOrEqual}

func (p *parser) comparison() (operand, error) {
	l, err := p.additive()
	if err != nil {
		return l, err
	}
	if l.pred {
		if l.paren && p.isKeyword("is") {
			if err := p.advance(); err != nil {
				return l, err
			}
			if !p.isKeyword("unknown") {
				return l, p.unexpected()
			}
			if err := p.advance(); err != nil {
				return l, err
			}
			return operand{it: &Item{Op: OpIsUnknown, Left: l.it}, pred: true}, nil
		}
		return l, nil
	}
	switch {
	case p.tok.kind == tPunct && compOps[p.tok.text] != 0:
		op := compOps[p.tok.text]
		if err := p.advance(); err != nil {
			return l, err
		}
		r, err := p.additive()
		if err != nil {
			return l, err
		}
		if r.pred {
			return l, p.unexpected()
		}
		return operand{it: &Item{Op: op, Left: l.it, Right: r.it}, pred: true}, nil
	case p.isKeyword("starts"):
		if err := p.advance(); err != nil {
			return l, err
		}
		if !p.isKeyword("with") {
			return l, p.unexpected()
		}
		if err := p.advance(); err != nil {
			return l, err
		}
		var r *Item
		switch p.tok.kind {
		case tString:
			r = &Item{Op: OpString, Str: p.tok.str}
		case tVariable:
			r = &Item{Op: OpVariable, Str: p.tok.str}
		default:
			return l, p.unexpected()
		}
		if err := p.advance(); err != nil {
			return l, err
		}
		return operand{it: &Item{Op: OpStartsWith, Left: l.it, Right: r}, pred: true}, nil
	case p.isKeyword("like_regex"):
		return p.likeRegex(l.it)
	}
	return l, nil
}

func (p *parser) likeRegex(arg *Item) (operand, error) {
	if err := p.advance(); err != nil {
		return operand{}, err
	}
	if p.tok.kind != tString {
		return operand{}, p.unexpected()
	}
	it := &Item{Op: OpLikeRegex, Left: arg, Str: p.tok.str}
	if err := p.advance(); err != nil {
		return operand{}, err
	}
	flags := ""
	if p.isKeyword("flag") {
		if err := p.advance(); err != nil {
			return operand{}, err
		}
		if p.tok.kind != tString {
			return operand{}, p.unexpected()
		}
		flags = p.tok.str
		if err := p.advance(); err != nil {
			return operand{}, err
		}
	}
	if err := it.compileRegex(flags); err != nil {
		return operand{}, err
	}
	return operand{it: it, pred: true}, nil
}

// compileRegex checks a like_regex's flags (PostgreSQL's
// jspConvertRegexFlags), keeps them in PostgreSQL's printing order and
// compiles the pattern: i ignores case, s lets . match a newline, m
// anchors ^ and $ at lines, q quotes the whole pattern; x is not
// implemented (0A000), as in PostgreSQL.
func (it *Item) compileRegex(flags string) error {
	var seen [5]bool
	const order = "ismxq"
	for _, f := range flags {
		k := strings.IndexRune(order, f)
		if k < 0 {
			return errs.New(errs.SyntaxError, "invalid input syntax for type jsonpath").
				WithDetail("Unrecognized flag character \"%c\" in LIKE_REGEX predicate.", f)
		}
		seen[k] = true
	}
	var b strings.Builder
	for k := range order {
		if seen[k] {
			b.WriteByte(order[k])
		}
	}
	it.Flags = b.String()
	pattern, mode := it.Str, ""
	switch {
	case seen[4]: // q: the pattern is a literal string; i still applies
		pattern = regexp.QuoteMeta(pattern)
	case seen[3]:
		return errs.New(errs.FeatureNotSupported, "XQuery \"x\" flag (expanded regular expressions) is not implemented")
	default:
		if seen[1] {
			mode += "s"
		}
		if seen[2] {
			mode += "m"
		}
	}
	if seen[0] {
		mode += "i"
	}
	if mode != "" {
		pattern = "(?" + mode + ")" + pattern
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return errs.New(errs.InvalidRegularExpression, "invalid regular expression: %s", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	}
	it.re = re
	return nil
}

func (p *parser) additive() (operand, error) {
	l, err := p.multiplicative()
	for err == nil && (p.isPunct("+") || p.isPunct("-")) {
		op := OpAdd
		if p.tok.text == "-" {
			op = OpSub
		}
		l, err = p.binary(op, l, p.multiplicative, false)
	}
	return l, err
}

func (p *parser) multiplicative() (operand, error) {
	l, err := p.unary()
	for err == nil && (p.isPunct("*") || p.isPunct("/") || p.isPunct("%")) {
		op := map[string]Op{"*": OpMul, "/": OpDiv, "%": OpMod}[p.tok.text]
		l, err = p.binary(op, l, p.unary, false)
	}
	return l, err
}

func (p *parser) unary() (operand, error) {
	if !p.isPunct("+") && !p.isPunct("-") {
		return p.accessorExpr()
	}
	op := OpPlus
	if p.tok.text == "-" {
		op = OpMinus
	}
	if err := p.enter(); err != nil {
		return operand{}, err
	}
	defer func() { p.depth-- }()
	if err := p.advance(); err != nil {
		return operand{}, err
	}
	x, err := p.unary()
	if err != nil {
		return x, err
	}
	if x.pred {
		return x, p.unexpected()
	}
	return operand{it: makeUnary(op, x.it)}, nil
}

// makeUnary folds a sign into a numeric literal, as PostgreSQL's
// makeItemUnary does.
func makeUnary(op Op, x *Item) *Item {
	if x.Op == OpNumeric && x.Next == nil {
		if op == OpPlus {
			return x
		}
		n, err := value.Negate(x.Num)
		if err == nil {
			return &Item{Op: OpNumeric, Num: n}
		}
	}
	return &Item{Op: op, Left: x}
}

func (p *parser) accessorExpr() (operand, error) {
	if err := p.enter(); err != nil {
		return operand{}, err
	}
	defer func() { p.depth-- }()
	var o operand
	t := p.tok
	switch {
	case p.isPunct("("):
		if err := p.advance(); err != nil {
			return o, err
		}
		inner, err := p.or()
		if err == nil {
			err = p.expect(")")
		}
		if err != nil {
			return o, err
		}
		// (expr) is the expression itself; (predicate) may be followed
		// by "is unknown".
		o = operand{it: inner.it, pred: inner.pred, paren: inner.pred}
	case p.isKeyword("exists"):
		x, err := p.exists()
		return operand{it: x, pred: true}, err
	case t.kind == tString:
		o.it = &Item{Op: OpString, Str: t.str}
	case t.kind == tVariable:
		o.it = &Item{Op: OpVariable, Str: t.str}
	case t.kind == tInt || t.kind == tNumeric:
		n, err := numericLiteral(t.text)
		if err != nil {
			return o, err
		}
		o.it = &Item{Op: OpNumeric, Num: n}
	case p.isKeyword("null"):
		o.it = &Item{Op: OpNull}
	case p.isKeyword("true"), p.isKeyword("false"):
		o.it = &Item{Op: OpBool, Bool: t.text == "true"}
	case p.isPunct("$"):
		o.it = &Item{Op: OpRoot}
	case p.isPunct("@"):
		o.it = &Item{Op: OpCurrent}
	case p.isKeyword("last"):
		o.it = &Item{Op: OpLast}
	default:
		return o, p.unexpected()
	}
	if t.kind != tPunct || t.text != "(" {
		// A primary token; a parenthesized item has had its ")" read.
		if err := p.advance(); err != nil {
			return o, err
		}
	}
	tail := o.it
	for tail.Next != nil {
		tail = tail.Next
	}
	for {
		acc, ok, err := p.accessor()
		if err != nil {
			return o, err
		}
		if !ok {
			return o, nil
		}
		if o.pred && !o.paren {
			return o, p.unexpected()
		}
		// (predicate).accessor is an expression.
		o.pred, o.paren = false, false
		tail.Next = acc
		tail = acc
	}
}

// numericLiteral reads a numeric literal as numeric_in does (1. is 1,
// .5 is 0.5, 1e3 is 1000).
func numericLiteral(text string) (value.Value, error) {
	t := text
	if strings.HasPrefix(t, ".") {
		t = "0" + t
	}
	mant, exp, hasExp := strings.Cut(strings.ToLower(t), "e")
	mant = strings.TrimSuffix(mant, ".")
	if hasExp {
		mant += "e" + exp
	}
	n, err := value.ParseJSONB(mant)
	if err != nil {
		return value.None, err
	}
	return n, nil
}

func (p *parser) accessor() (*Item, bool, error) {
	switch {
	case p.isPunct("["):
		it, err := p.subscripts()
		return it, true, err
	case p.isPunct("?"):
		if err := p.advance(); err != nil {
			return nil, false, err
		}
		if err := p.expect("("); err != nil {
			return nil, false, err
		}
		x, err := p.predicate()
		if err == nil {
			err = p.expect(")")
		}
		return &Item{Op: OpFilter, Left: x}, true, err
	case p.isPunct("."):
	default:
		return nil, false, nil
	}
	if err := p.advance(); err != nil {
		return nil, false, err
	}
	t := p.tok
	switch {
	case p.isPunct("*"):
		return &Item{Op: OpAnyKey}, true, p.advance()
	case p.isPunct("**"):
		it, err := p.anyPath()
		return it, true, err
	case t.kind == tIdent || t.kind == tString:
		return &Item{Op: OpKey, Str: t.str}, true, p.advance()
	case t.kind != tKeyword:
		return nil, false, p.unexpected()
	}
	if err := p.advance(); err != nil {
		return nil, false, err
	}
	method := map[string]Op{"abs": OpAbs, "size": OpSize, "type": OpType, "floor": OpFloor,
		"double": OpDouble, "ceiling": OpCeiling, "keyvalue": OpKeyValue, "datetime": OpDatetime}[t.text]
	if method == 0 || !p.isPunct("(") {
		// A keyword after a dot is a key.
		return &Item{Op: OpKey, Str: t.text}, true, nil
	}
	if err := p.advance(); err != nil {
		return nil, false, err
	}
	it := &Item{Op: method}
	if method == OpDatetime && p.tok.kind == tString {
		it.Str, it.Bool = p.tok.str, true
		if err := p.advance(); err != nil {
			return nil, false, err
		}
	}
	return it, true, p.expect(")")
}

func (p *parser) subscripts() (*Item, error) {
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.isPunct("*") {
		if err := p.advance(); err != nil {
			return nil, err
		}
		return &Item{Op: OpAnyArray}, p.expect("]")
	}
	it := &Item{Op: OpIndexes}
	for {
		from, err := p.expr()
		if err != nil {
			return nil, err
		}
		s := Subscript{From: from}
		if p.isKeyword("to") {
			if err := p.advance(); err != nil {
				return nil, err
			}
			if s.To, err = p.expr(); err != nil {
				return nil, err
			}
		}
		it.Subs = append(it.Subs, s)
		if !p.isPunct(",") {
			break
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
	return it, p.expect("]")
}

// anyPath reads ** and its optional {level} or {level to level}.
func (p *parser) anyPath() (*Item, error) {
	if err := p.advance(); err != nil {
		return nil, err
	}
	it := &Item{Op: OpAny, First: 0, Last: Unbounded}
	if !p.isPunct("{") {
		return it, nil
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	level := func() (uint32, error) {
		var n uint32
		switch {
		case p.isKeyword("last"):
			n = Unbounded
		case p.tok.kind == tInt:
			// PostgreSQL reads a level as an int4.
			v, err := strconv.ParseInt(p.tok.text, 10, 32)
			if err != nil {
				return 0, errs.New(errs.NumericValueOutOfRange, "value \"%s\" is out of range for type integer", p.tok.text)
			}
			n = uint32(v)
		default:
			return 0, p.unexpected()
		}
		return n, p.advance()
	}
	var err error
	if it.First, err = level(); err != nil {
		return nil, err
	}
	it.Last = it.First
	if p.isKeyword("to") {
		if err := p.advance(); err != nil {
			return nil, err
		}
		if it.Last, err = level(); err != nil {
			return nil, err
		}
	}
	return it, p.expect("}")
}

// check rejects @ outside filters and last outside array subscripts, as
// PostgreSQL's flattenJsonPathParseItem does.
func check(it *Item, nesting int, inSubscript bool) error {
	for ; it != nil; it = it.Next {
		switch it.Op {
		case OpCurrent:
			if nesting <= 0 {
				return syntaxErr("@ is not allowed in root expressions")
			}
		case OpLast:
			if !inSubscript {
				return syntaxErr("LAST is allowed only in array subscripts")
			}
		case OpIndexes:
			for _, s := range it.Subs {
				if err := check(s.From, nesting, true); err != nil {
					return err
				}
				if s.To != nil {
					if err := check(s.To, nesting, true); err != nil {
						return err
					}
				}
			}
		}
		inner := nesting
		if it.Op == OpFilter {
			inner++
		}
		for _, x := range [...]*Item{it.Left, it.Right} {
			if x != nil {
				if err := check(x, inner, inSubscript); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
