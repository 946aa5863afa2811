package lang

import (
	"fmt"
	"math"
)

// maxDepth bounds both recursion and the length of left-leaning operator
// chains, so that neither the parser nor a tree walker over its result can
// exhaust the stack on hostile input.
const maxDepth = 1000

// Binding powers, lowest first. The table is documented in grammar.md.
const (
	precLowest = iota
	precPipe   // |>
	precArrow  // -> <- -/>
	precOr     // or
	precAnd    // and
	precNot    // not (prefix)
	precCmp    // == != < <= > >= in
	precInfix  // a f b
	precRange  // .. ..=
	precAdd    // + -
	precMul    // * / %
	precUnary  // - + (prefix)
	precPow    // ^
	precPostfix
)

// ctxFlags are the context-dependent parts of the grammar. Every bracket
// (parens, list brackets, object braces) resets them; blocks set nlStops and
// commaArgs again.
type ctxFlags struct {
	// nlStops: a line break ends the expression unless the next line starts
	// with a continuation token (statement level, block level, match arms).
	nlStops bool
	// commaArgs: a pipeline stage written in prefix form may take more
	// arguments after commas (|> order_by .a desc, .b). Only at statement
	// level, where a comma has no other meaning.
	commaArgs bool
	// noBrace: "{" does not start a juxtaposed argument (if and match
	// headers, where it opens the body).
	noBrace bool
	// stopAssert: the identifier "assert" ends the expression (schema field
	// defaults: `string = "" assert [...]`).
	stopAssert bool
}

type parser struct {
	src    string
	toks   []token
	lexErr *Error // reported when the parser reaches the tIllegal token
	i      int
	depth  int
	ctx    ctxFlags
	err    *Error

	// hopsNext: the next operand is a path step, where an adjacent "{n..m}"
	// after it is a hop quantifier. Only that operand's own postfix chain
	// may take one.
	hopsNext bool
}

// bailout unwinds the parser after the first error has been recorded.
type bailout struct{}

// Parse parses a ZQL script. On failure it returns a nil script and an
// *Error; it never panics.
func Parse(src string) (script *Script, err error) {
	p := &parser{src: src}
	p.toks, p.lexErr = lex(src, false)
	defer func() {
		if r := recover(); r != nil {
			script = nil
			if _, ok := r.(bailout); ok {
				err = p.err
				return
			}
			// A bug, not bad input: report it as an error rather than take
			// the server down. The fuzz tests look for this message.
			err = newError(src, p.tok().start, fmt.Sprintf("internal parser error: %v", r))
		}
	}()
	return p.parseScript(), nil
}

// ParseExpr parses a single expression (the whole of src).
func ParseExpr(src string) (Expr, error) {
	s, err := Parse(src)
	if err != nil {
		return nil, err
	}
	if len(s.Stmts) != 1 {
		return nil, newError(src, 0, "syntax error: expected exactly one expression")
	}
	es, ok := s.Stmts[0].(*ExprStmt)
	if !ok {
		return nil, newError(src, s.Stmts[0].Pos(), "syntax error: expected an expression, not a statement")
	}
	return es.X, nil
}

// ---- token access ----

func (p *parser) tok() *token { return &p.toks[p.i] }

func (p *parser) peek(n int) *token {
	if j := p.i + n; j < len(p.toks) {
		return &p.toks[j]
	}
	return &p.toks[len(p.toks)-1]
}

func (p *parser) at(j int) *token {
	if j < len(p.toks) {
		return &p.toks[j]
	}
	return &p.toks[len(p.toks)-1]
}

func (p *parser) advance() token {
	t := p.toks[p.i]
	if p.i < len(p.toks)-1 {
		p.i++
	}
	return t
}

func (p *parser) lastEnd() int {
	if p.i == 0 {
		return 0
	}
	return p.toks[p.i-1].end
}

func (p *parser) span(start int) Span { return Span{start, p.lastEnd()} }

func (p *parser) text(t *token) string { return p.src[t.start:t.end] }

// ---- errors ----

func (p *parser) near(t *token) string {
	if t.kind == tEOF {
		return "syntax error at end of input"
	}
	return "syntax error at or near " + quoteNear(p.text(t))
}

// failAt reports that something else was expected at t.
func (p *parser) failAt(t *token, expected string) {
	if t.kind == tIllegal {
		p.err = p.lexErr
		panic(bailout{})
	}
	p.err = newError(p.src, t.start, p.near(t)+": expected "+expected)
	panic(bailout{})
}

// failMsg reports a problem at t with a free-form explanation.
func (p *parser) failMsg(t *token, msg string) {
	if t.kind == tIllegal {
		p.err = p.lexErr
		panic(bailout{})
	}
	p.err = newError(p.src, t.start, p.near(t)+": "+msg)
	panic(bailout{})
}

func (p *parser) expect(k tkind) token {
	if p.tok().kind != k {
		p.failAt(p.tok(), k.String())
	}
	return p.advance()
}

func (p *parser) enter() {
	p.depth++
	if p.depth > maxDepth {
		p.failMsg(p.tok(), "expression nested too deeply")
	}
}

func (p *parser) leave() { p.depth-- }

// ---- statements ----

func (p *parser) parseScript() *Script {
	s := &Script{Span: Span{0, len(p.src)}}
	p.ctx = ctxFlags{nlStops: true, commaArgs: true}
	for {
		for p.tok().kind == tSemi {
			p.advance()
		}
		if p.tok().kind == tEOF {
			return s
		}
		s.Stmts = append(s.Stmts, p.parseStmt())
		p.endStmt(tEOF)
	}
}

// endStmt checks that a statement ends here: at ";", a line break or closer.
func (p *parser) endStmt(closer tkind) {
	t := p.tok()
	if t.kind == tSemi || t.kind == closer || t.nl {
		return
	}
	p.failAt(t, "end of statement")
}

func (p *parser) parseStmt() Stmt {
	t := p.tok()
	start := t.start
	switch t.kind {
	case tLet:
		p.advance()
		name := p.ident("name")
		var ty TypeExpr
		if p.tok().kind == tColon {
			p.advance()
			ty = p.parseType()
		}
		p.expect(tAssign)
		v := p.parseExpr(precLowest)
		return &Let{Span: p.span(start), Name: name, Type: ty, Value: v}
	case tFunction:
		if !p.functionRefAt(p.i) {
			return p.parseFunc()
		}
	case tImport:
		p.advance()
		im := &Import{Names: []*Ident{p.ident("name")}}
		for p.tok().kind == tComma {
			p.advance()
			im.Names = append(im.Names, p.ident("name"))
		}
		im.Span = p.span(start)
		return im
	case tUse:
		p.advance()
		kind, name := p.catalogRef(false)
		return &Use{Span: p.span(start), Kind: kind, Name: name}
	case tDestroy:
		p.advance()
		kind, name := p.catalogRef(true)
		return &Destroy{Span: p.span(start), Kind: kind, Name: name}
	case tTransaction:
		p.advance()
		body := p.parseBlock()
		return &Transaction{Span: p.span(start), Body: body}
	}
	x := p.parseExpr(precLowest)
	return &ExprStmt{Span: p.span(start), X: x}
}

func (p *parser) ident(what string) *Ident {
	t := p.tok()
	if t.kind != tIdent {
		p.failAt(t, what)
	}
	p.advance()
	return &Ident{Span: Span{t.start, t.end}, Name: t.val}
}

// catalogRef parses kind.@name after use / destroy.
func (p *parser) catalogRef(allowFunction bool) (*Ident, *SymbolLit) {
	t := p.tok()
	if t.kind != tIdent && !(allowFunction && t.kind == tFunction) {
		p.failAt(t, "object kind (table, db, namespace, ...)")
	}
	p.advance()
	kind := &Ident{Span: Span{t.start, t.end}, Name: p.text(t)}
	p.expect(tDot)
	if p.tok().kind != tSymbol {
		p.failAt(p.tok(), "symbol (@name)")
	}
	return kind, p.symbol()
}

// functionRefAt reports whether token j starts function.@name, the
// catalog reference to a stored function (describe function.@f), rather
// than a declaration.
func (p *parser) functionRefAt(j int) bool {
	if p.at(j).kind != tFunction {
		return false
	}
	d, s := p.at(j+1), p.at(j+2)
	return d.kind == tDot && !d.ws && s.kind == tSymbol && !s.ws
}

func (p *parser) symbol() *SymbolLit {
	t := p.advance()
	return &SymbolLit{Span: Span{t.start, t.end}, Name: t.val, Form: SymbolForm(t.u)}
}

func (p *parser) parseFunc() Stmt {
	start := p.advance().start
	fd := &FuncDecl{Name: p.ident("function name")}
	p.expect(tLParen)
	saved := p.ctx
	p.ctx = ctxFlags{}
	for p.tok().kind != tRParen {
		pstart := p.tok().start
		prm := &FuncParam{Name: p.ident("parameter name")}
		if p.tok().kind == tColon {
			p.advance()
			prm.Type = p.parseType()
		}
		if p.tok().kind == tAssign {
			p.advance()
			prm.Default = p.parseExpr(precLowest)
		}
		prm.Span = p.span(pstart)
		fd.Params = append(fd.Params, prm)
		p.listNext(tRParen, `"," or ")"`)
	}
	p.advance()
	p.ctx = saved
	if p.tok().kind == tArrow {
		p.advance()
		fd.Result = p.parseType()
	}
	fd.Body = p.parseBlock()
	fd.Span = p.span(start)
	return fd
}

// parseBlock parses { stmt; stmt } where the braces are always a block
// (bodies of if, function, transaction).
func (p *parser) parseBlock() *Block {
	open := p.expect(tLBrace)
	saved := p.ctx
	p.ctx = ctxFlags{nlStops: true, commaArgs: true}
	b := &Block{}
	for {
		for p.tok().kind == tSemi {
			p.advance()
		}
		switch p.tok().kind {
		case tRBrace:
			close := p.advance()
			p.ctx = saved
			b.Span = Span{open.start, close.end}
			return b
		case tEOF:
			p.failAt(p.tok(), `"}"`)
		}
		b.Stmts = append(b.Stmts, p.parseStmt())
		p.endStmt(tRBrace)
	}
}

// ---- types ----

func (p *parser) parseType() TypeExpr {
	p.enter()
	defer p.leave()
	t := p.tok()
	start := t.start
	var ty TypeExpr
	switch t.kind {
	case tIdent, tNone:
		p.advance()
		nt := &NamedType{Name: p.text(t)}
		if p.tok().kind == tLParen {
			p.advance()
			saved := p.ctx
			p.ctx = ctxFlags{}
			for p.tok().kind != tRParen {
				if a := p.tok(); a.kind == tInt {
					if a.aux != "" {
						p.failMsg(a, "a type argument takes no suffix")
					}
					p.advance()
					nt.Args = append(nt.Args, &IntLit{Span: Span{a.start, a.end}, Value: a.u})
				} else {
					nt.Args = append(nt.Args, p.parseType())
				}
				p.listNext(tRParen, `"," or ")"`)
			}
			p.advance()
			p.ctx = saved
		}
		nt.Span = p.span(start)
		ty = nt
	case tLBrack:
		p.advance()
		saved := p.ctx
		p.ctx = ctxFlags{}
		elem := p.parseType()
		p.expect(tRBrack)
		p.ctx = saved
		ty = &ListType{Span: p.span(start), Elem: elem}
	case tLBrace:
		ty = p.parseObjectType()
	case tLParen:
		p.advance()
		tt := &TupleType{}
		var single bool
		tt.Elems, single = parenList(p, p.parseType)
		if single && len(tt.Elems) == 1 {
			ty = tt.Elems[0]
			setSpan(ty, p.span(start))
		} else {
			tt.Span = p.span(start)
			ty = tt
		}
	default:
		p.failAt(t, "type")
	}
	if p.tok().kind == tQuestion {
		p.advance()
		ty = &OptionalType{Span: p.span(start), Elem: ty}
	}
	return ty
}

// parseObjectType parses { name: T [= default] [assert preds], ... }: the
// schema sub-grammar. Field values are types, not expressions.
func (p *parser) parseObjectType() *ObjectType {
	open := p.expect(tLBrace)
	saved := p.ctx
	p.ctx = ctxFlags{}
	ot := &ObjectType{}
	for p.tok().kind != tRBrace {
		kt := p.tok()
		name, ok := p.fieldKey()
		if !ok {
			p.failAt(kt, "field name")
		}
		p.expect(tColon)
		f := &TypeField{Name: name, Type: p.parseType()}
		for {
			if p.tok().kind == tAssign && f.Default == nil {
				p.advance()
				p.ctx.stopAssert = true
				f.Default = p.parseExpr(precLowest)
				p.ctx.stopAssert = false
				continue
			}
			if t := p.tok(); t.kind == tIdent && t.val == "assert" && f.Assert == nil {
				p.advance()
				p.ctx.stopAssert = true
				f.Assert = p.parseExpr(precLowest)
				p.ctx.stopAssert = false
				continue
			}
			break
		}
		f.Span = p.span(kt.start)
		ot.Fields = append(ot.Fields, f)
		p.listNext(tRBrace, `"," or "}"`)
	}
	close := p.advance()
	p.ctx = saved
	ot.Span = Span{open.start, close.end}
	return ot
}

// fieldKey consumes an object key: a name, a keyword or a string.
func (p *parser) fieldKey() (string, bool) {
	t := p.tok()
	switch {
	case t.kind == tIdent || t.kind == tString || isKeyword(t.kind):
		p.advance()
		return t.val, true
	}
	return "", false
}

// ---- patterns ----

func (p *parser) parsePattern() Pattern {
	p.enter()
	defer p.leave()
	t := p.tok()
	start := t.start
	switch t.kind {
	case tIdent:
		if d, s := p.peek(1), p.peek(2); d.kind == tDot && !d.ws && s.kind == tSymbol && !s.ws {
			return p.litOrRangePat()
		}
		if t.val == "_" {
			p.advance()
			return &WildcardPat{Span: Span{t.start, t.end}}
		}
		p.advance()
		return &BindPat{Span: Span{t.start, t.end}, Name: t.val}
	case tInt, tFloat, tString, tSymbol, tTrue, tFalse, tNone, tRegex, tParam, tMinus:
		return p.litOrRangePat()
	case tFunction:
		if p.functionRefAt(p.i) {
			return p.litOrRangePat()
		}
	case tLBrack:
		p.advance()
		saved := p.ctx
		p.ctx = ctxFlags{}
		lp := &ListPat{}
		rest := false
		for p.tok().kind != tRBrack {
			if r := p.tok(); r.kind == tDot2 {
				if rest {
					p.failMsg(r, `only one ".." is allowed in a list pattern`)
				}
				rest = true
				p.advance()
				rp := &RestPat{}
				if n := p.tok(); n.kind == tIdent {
					p.advance()
					rp.Name = n.val
				}
				rp.Span = p.span(r.start)
				lp.Elems = append(lp.Elems, rp)
			} else {
				lp.Elems = append(lp.Elems, p.parsePattern())
			}
			p.listNext(tRBrack, `"," or "]"`)
		}
		p.advance()
		p.ctx = saved
		lp.Span = p.span(start)
		return lp
	case tLBrace:
		p.advance()
		saved := p.ctx
		p.ctx = ctxFlags{}
		op := &ObjectPat{}
		for p.tok().kind != tRBrace {
			if r := p.tok(); r.kind == tDot2 {
				p.advance()
				op.Rest = true
				if p.tok().kind == tComma {
					p.advance()
				}
				if p.tok().kind != tRBrace {
					p.failAt(p.tok(), `"}" after ".."`)
				}
				break
			}
			kt := p.tok()
			key, ok := p.fieldKey()
			if !ok {
				p.failAt(kt, "field name")
			}
			fp := &FieldPat{Key: key}
			if p.tok().kind == tColon {
				p.advance()
				fp.Pattern = p.parsePattern()
			} else if kt.kind != tIdent {
				p.failAt(p.tok(), `":"`)
			}
			fp.Span = p.span(kt.start)
			op.Fields = append(op.Fields, fp)
			p.listNext(tRBrace, `"," or "}"`)
		}
		p.advance()
		p.ctx = saved
		op.Span = p.span(start)
		return op
	case tLParen:
		p.advance()
		tp := &TuplePat{}
		var single bool
		tp.Elems, single = parenList(p, p.parsePattern)
		if single && len(tp.Elems) == 1 {
			setSpan(tp.Elems[0], p.span(start))
			return tp.Elems[0]
		}
		tp.Span = p.span(start)
		return tp
	}
	p.failAt(t, "pattern")
	return nil
}

// litOrRangePat parses a literal pattern, or lo..hi / lo..=hi.
func (p *parser) litOrRangePat() Pattern {
	start := p.tok().start
	lo := p.patLiteral()
	if k := p.tok().kind; k == tDot2 || k == tDot2Eq {
		p.advance()
		rp := &RangePat{Lo: lo, Inclusive: k == tDot2Eq}
		switch p.tok().kind {
		case tComma, tRBrace, tRBrack, tRParen, tFatArrow, tIf:
			if rp.Inclusive {
				p.failAt(p.tok(), "upper bound after \"..=\"")
			}
		default:
			rp.Hi = p.patLiteral()
		}
		rp.Span = p.span(start)
		return rp
	}
	return &LitPat{Span: p.span(start), Value: lo}
}

func (p *parser) patLiteral() Expr {
	t := p.tok()
	switch t.kind {
	case tMinus:
		p.advance()
		n := p.tok()
		if n.kind != tInt && n.kind != tFloat {
			p.failAt(n, "number after \"-\" in a pattern")
		}
		x := p.literal()
		return &Unary{Span: p.span(t.start), Op: OpNeg, X: x}
	case tInt, tFloat, tString, tSymbol, tTrue, tFalse, tNone, tRegex, tParam:
		return p.literal()
	case tIdent, tFunction:
		if d, s := p.peek(1), p.peek(2); d.kind == tDot && !d.ws && s.kind == tSymbol && !s.ws {
			p.advance()
			p.advance()
			table := &Ident{Span: Span{t.start, t.end}, Name: p.text(t)}
			key := p.symbol()
			return &RecordID{Span: p.span(t.start), Table: table, Key: key}
		}
	}
	p.failAt(t, "literal")
	return nil
}

// literal consumes one literal token.
func (p *parser) literal() Expr {
	t := p.tok()
	sp := Span{t.start, t.end}
	var x Expr
	switch t.kind {
	case tInt:
		x = &IntLit{Span: sp, Value: t.u, Suffix: t.aux}
	case tFloat:
		x = &FloatLit{Span: sp, Value: t.float(), Suffix: t.aux}
	case tString:
		x = &StringLit{Span: sp, Value: t.val}
	case tRegex:
		x = &RegexLit{Span: sp, Pattern: t.val, Flags: t.aux}
	case tSymbol:
		x = &SymbolLit{Span: sp, Name: t.val, Form: SymbolForm(t.u)}
	case tParam:
		x = &Param{Span: sp, Name: t.val, Index: int(t.u)}
	case tTrue, tFalse:
		x = &BoolLit{Span: sp, Value: t.kind == tTrue}
	case tNone:
		x = &NoneLit{Span: sp}
	default:
		p.failAt(t, "literal")
	}
	p.advance()
	return x
}

// setSpan widens a node's span to cover the parentheses around it: without
// a node for parentheses, this keeps parent spans covering their children.
func setSpan(n Node, s Span) {
	if sp, ok := n.(interface{ setSpan(Span) }); ok {
		sp.setSpan(s)
	}
}

func (s *Span) setSpan(v Span) { *s = v }

func (p *parser) int64Of(t *token) int64 {
	if t.u > math.MaxInt64 {
		p.failMsg(t, "number out of range")
	}
	return int64(t.u)
}

// parenList parses a comma-separated list after its "(" was consumed,
// through the closing ")", with the context flags reset inside (newlines
// are white space there). single reports a list without a comma: one
// element in parentheses rather than a one-element tuple.
func parenList[T any](p *parser, elem func() T) (elems []T, single bool) {
	saved := p.ctx
	p.ctx = ctxFlags{}
	single = true
	for p.tok().kind != tRParen {
		elems = append(elems, elem())
		if p.tok().kind == tComma {
			single = false
			p.advance()
			continue
		}
		if p.tok().kind != tRParen {
			p.failAt(p.tok(), `"," or ")"`)
		}
	}
	p.advance()
	p.ctx = saved
	return elems, single
}

// listNext ends an element of a comma-separated list closed by end, as
// the last statement of the list's loop: it consumes the comma, or
// requires end (which the loop condition then sees), so a trailing comma
// is allowed.
func (p *parser) listNext(end tkind, expected string) {
	if p.tok().kind == tComma {
		p.advance()
		return
	}
	if p.tok().kind != end {
		p.failAt(p.tok(), expected)
	}
}
