package lang

// Expression parsing: a Pratt loop over binding powers (parseInfix), with
// prefix forms, postfix chains and the juxtaposition rules in parseOperand.
// grammar.md states the rules this file implements.

func (p *parser) parseExpr(minPrec int) Expr {
	return p.parseInfix(p.parseOperand(), minPrec)
}

func isArrow(k tkind) bool { return k == tArrow || k == tBackArr || k == tUnlink }

func isCmp(k tkind) bool {
	switch k {
	case tEq, tNe, tLt, tLe, tGt, tGe, tIn:
		return true
	}
	return false
}

// continues reports whether the current token, first on its line, carries
// on the expression before the line break rather than starting a statement.
// Only tokens that cannot begin an expression qualify; + and - can (unary),
// so a line starting with them is a new statement.
func (p *parser) continues() bool {
	switch t := p.tok(); t.kind {
	case tPipe, tArrow, tBackArr, tUnlink, tDot, tAnd, tOr, tSlash, tPercent, tCaret,
		tEq, tNe, tLt, tLe, tGt, tGe, tDot2, tDot2Eq, tIn, tElse:
		return true
	case tStar:
		// "* -> knows -> x" on a new line is a statement of its own.
		return !isArrow(p.peek(1).kind)
	}
	return false
}

// stopsHere reports whether a line break before the current token ends the
// expression being parsed.
func (p *parser) stopsHere() bool {
	return p.ctx.nlStops && p.tok().nl && !p.continues()
}

// argStart reports whether token j can begin a juxtaposed argument: the
// right operand of a named infix call, or the argument of a prefix call.
// It must be on the same line. "(" and "[" count only after whitespace (when
// adjacent they are a call or an index), "." only after whitespace (when
// adjacent it is a member access). "-" and "+" never count, so "a -1" stays
// a subtraction.
func (p *parser) argStart(j int) bool {
	t := p.at(j)
	if t.nl {
		return false
	}
	switch t.kind {
	case tInt, tFloat, tString, tRegex, tSymbol, tParam, tTrue, tFalse, tNone,
		tNot, tIf, tMatch, tBar:
		return true
	case tIdent:
		return !(p.ctx.stopAssert && t.val == "assert")
	case tFunction:
		return p.functionRefAt(j)
	case tLParen, tLBrack, tDot:
		return t.ws
	case tLBrace:
		return !p.ctx.noBrace
	}
	return false
}

// infixAt reports whether token j is a named infix operator: an identifier
// on the same line followed by an argument start.
func (p *parser) infixAt(j int) bool {
	t := p.at(j)
	return t.kind == tIdent && !t.nl && !(p.ctx.stopAssert && t.val == "assert") && p.argStart(j+1)
}

// prefixFollows decides, for a name just parsed in operand position,
// whether it is a prefix call "f a": the next token starts an argument,
// unless that token is itself a named infix operator ("a f b").
func (p *parser) prefixFollows() bool {
	if !p.argStart(p.i) {
		return false
	}
	return !p.infixAt(p.i)
}

func (p *parser) infixPrec() int {
	switch t := p.tok(); t.kind {
	case tPipe:
		return precPipe
	case tArrow, tBackArr, tUnlink:
		return precArrow
	case tOr:
		return precOr
	case tAnd:
		return precAnd
	case tEq, tNe, tLt, tLe, tGt, tGe, tIn:
		return precCmp
	case tIdent:
		if p.infixAt(p.i) {
			return precInfix
		}
	case tDot2, tDot2Eq:
		return precRange
	case tPlus, tMinus:
		return precAdd
	case tStar, tSlash, tPercent:
		return precMul
	case tCaret:
		return precPow
	}
	return 0
}

func binOp(k tkind) Op {
	switch k {
	case tPlus:
		return OpAdd
	case tMinus:
		return OpSub
	case tStar:
		return OpMul
	case tSlash:
		return OpDiv
	case tPercent:
		return OpMod
	case tCaret:
		return OpPow
	case tEq:
		return OpEq
	case tNe:
		return OpNe
	case tLt:
		return OpLt
	case tLe:
		return OpLe
	case tGt:
		return OpGt
	case tGe:
		return OpGe
	case tIn:
		return OpIn
	case tAnd:
		return OpAnd
	case tOr:
		return OpOr
	}
	return OpInvalid
}

// parseInfix extends left with operators binding at least as tightly as
// minPrec.
func (p *parser) parseInfix(left Expr, minPrec int) Expr {
	base := p.depth
	for {
		if p.stopsHere() {
			p.depth = base
			return left
		}
		prec := p.infixPrec()
		if prec == 0 || prec < minPrec || prec > p.openEnd() {
			p.depth = base
			return left
		}
		// Each wrap deepens the tree by one: count it like recursion.
		p.enter()
		t := p.tok()
		start := left.Pos()
		switch {
		case t.kind == tPipe:
			p.advance()
			stage := p.parseStage()
			left = &Pipeline{Span: p.span(start), Input: left, Stage: stage}
		case isArrow(t.kind):
			left = p.parsePath(left)
		case t.kind == tIdent:
			fn := p.advance()
			right := p.parseExpr(precInfix + 1)
			left = &Call{
				Span: p.span(start),
				Fn:   &Ident{Span: Span{fn.start, fn.end}, Name: fn.val},
				Args: []Expr{left, right},
				Form: CallInfix,
			}
		case t.kind == tDot2 || t.kind == tDot2Eq:
			p.advance()
			hi := p.parseExpr(precRange + 1)
			left = &Range{Span: p.span(start), Lo: left, Hi: hi, Inclusive: t.kind == tDot2Eq}
			if k := p.tok().kind; (k == tDot2 || k == tDot2Eq) && !p.stopsHere() {
				p.failMsg(p.tok(), "range operators cannot be chained; use parentheses")
			}
		default:
			opTok := p.advance()
			var right Expr
			switch prec {
			case precPow:
				// Right-associative, and the exponent may be negative: 2^-1.
				right = p.parseExpr(precUnary)
			default:
				right = p.parseExpr(prec + 1)
			}
			left = &Binary{Span: p.span(start), Op: binOp(opTok.kind), OpPos: opTok.start, X: left, Y: right}
			if prec == precCmp && isCmp(p.tok().kind) && !p.stopsHere() {
				p.failMsg(p.tok(), "comparison operators cannot be chained; use parentheses or and")
			}
		}
	}
}

// openEnd is the loosest operator allowed after the token just consumed.
// Prefix calls, closures, paths and pipelines extend as far right as their
// level allows; they stop early only at "asc"/"desc" ending an argument or
// at "*" ending a path. A tighter operator there must not wrap them:
// "f x desc + 1" and "a -> * + 1" are errors, not "(f x desc) + 1".
func (p *parser) openEnd() int {
	if p.i > 0 {
		switch p.toks[p.i-1].kind {
		case tAsc, tDesc:
			if p.i > 1 && (p.toks[p.i-2].kind == tDot || p.toks[p.i-2].kind == tColon2) {
				break // a member named desc: x.desc
			}
			return precPipe
		case tStar:
			return precArrow
		}
	}
	return precPostfix
}

// parseStage parses what follows "|>": an expression below the pipe, plus
// the pipeline-only forms "order desc" (a bare direction argument) and, at
// statement level, more comma-separated prefix arguments.
func (p *parser) parseStage() Expr {
	var x Expr
	if t := p.tok(); t.kind == tIdent {
		mark := p.i
		fn := p.parseName()
		if d := p.tok(); (d.kind == tAsc || d.kind == tDesc) && !d.nl {
			p.advance()
			arg := &Ordered{Span: Span{d.start, d.end}, Desc: d.kind == tDesc}
			x = &Call{Span: p.span(t.start), Fn: fn, Args: []Expr{arg}, Form: CallPrefix}
		} else {
			p.i = mark // not that form: reparse the name as an expression
		}
	}
	if x == nil {
		x = p.parseExpr(precArrow)
	}
	if c, ok := x.(*Call); ok && c.Form == CallPrefix && p.ctx.commaArgs {
		for p.tok().kind == tComma {
			p.advance()
			c.Args = append(c.Args, p.parseArg(precArrow))
		}
		c.Span = p.span(c.Pos())
	}
	return x
}

// parseArg parses a call argument: an expression at the given level,
// optionally followed by asc or desc; or a bare asc / desc before "," or ")".
func (p *parser) parseArg(prec int) Expr {
	t := p.tok()
	if (t.kind == tAsc || t.kind == tDesc) && p.argEndsAt(p.i+1) {
		p.advance()
		return &Ordered{Span: Span{t.start, t.end}, Desc: t.kind == tDesc}
	}
	x := p.parseExpr(prec)
	if d := p.tok(); (d.kind == tAsc || d.kind == tDesc) && !(d.nl && p.ctx.nlStops) {
		p.advance()
		return &Ordered{Span: p.span(x.Pos()), X: x, Desc: d.kind == tDesc}
	}
	return x
}

// argEndsAt reports whether token j ends an argument, so that a direction
// keyword before it stands alone (order_by .a, desc).
func (p *parser) argEndsAt(j int) bool {
	t := p.at(j)
	switch t.kind {
	case tComma, tRParen, tRBrack, tRBrace, tSemi, tPipe, tEOF:
		return true
	}
	return t.nl && p.ctx.nlStops
}

func (p *parser) parsePath(head Expr) Expr {
	path := &Path{Head: head}
	for isArrow(p.tok().kind) {
		at := p.advance()
		step := &PathStep{Dir: ArrowOut}
		switch at.kind {
		case tBackArr:
			step.Dir = ArrowIn
		case tUnlink:
			step.Dir = ArrowUnlink
		}
		if s := p.tok(); s.kind == tStar {
			p.advance()
			step.Target = &Star{Span: Span{s.start, s.end}}
		} else {
			p.hopsNext = true
			step.Target = p.parseExpr(precArrow + 1)
		}
		step.Span = p.span(at.start)
		path.Steps = append(path.Steps, step)
	}
	path.Span = p.span(head.Pos())
	return path
}

// parseOperand parses prefix operators, closures and the prefix-call form,
// then a primary with its postfix chain.
func (p *parser) parseOperand() Expr {
	p.enter()
	defer p.leave()
	hops := p.hopsNext
	p.hopsNext = false
	t := p.tok()
	start := t.start
	switch t.kind {
	case tMinus, tPlus:
		p.advance()
		x := p.parseExpr(precUnary)
		op := OpNeg
		if t.kind == tPlus {
			op = OpPos
		}
		return &Unary{Span: p.span(start), Op: op, X: x}
	case tNot:
		p.advance()
		x := p.parseExpr(precNot)
		return &Unary{Span: p.span(start), Op: OpNot, X: x}
	case tBar:
		return p.parseClosure()
	case tStar:
		if isArrow(p.peek(1).kind) {
			p.advance()
			return &Star{Span: Span{t.start, t.end}}
		}
	case tIdent:
		name := p.parseName()
		if !(hops && p.hopsAhead()) && p.prefixFollows() {
			arg := p.parseArg(precArrow)
			return &Call{Span: p.span(start), Fn: name, Args: []Expr{arg}, Form: CallPrefix}
		}
		return p.parsePostfix(name, hops)
	}
	return p.parsePostfix(p.parsePrimary(), hops)
}

// parseName parses an identifier or a namespaced name ns::name.
func (p *parser) parseName() Expr {
	t := p.advance()
	if p.tok().kind == tColon2 {
		p.advance()
		n := p.tok()
		if n.kind != tIdent && !isKeyword(n.kind) {
			p.failAt(n, `name after "::"`)
		}
		p.advance()
		return &NamespacedName{Span: p.span(t.start), Namespace: t.val, Name: n.val}
	}
	return &Ident{Span: Span{t.start, t.end}, Name: t.val}
}

func (p *parser) parseClosure() Expr {
	open := p.advance()
	c := &Closure{}
	if p.tok().kind != tBar {
		saved := p.ctx
		p.ctx = ctxFlags{}
		for {
			pstart := p.tok().start
			prm := &FuncParam{Name: p.ident("closure parameter")}
			if p.tok().kind == tColon {
				p.advance()
				prm.Type = p.parseType()
			}
			prm.Span = p.span(pstart)
			c.Params = append(c.Params, prm)
			if p.tok().kind == tComma {
				p.advance()
				continue
			}
			if p.tok().kind != tBar {
				p.failAt(p.tok(), `"," or "|"`)
			}
			break
		}
		p.ctx = saved
	}
	p.advance()
	c.Body = p.parseExpr(precArrow)
	c.Span = p.span(open.start)
	return c
}

func isMemberName(k tkind) bool { return k == tIdent || k == tInt || isKeyword(k) }

// parsePostfix applies member access, calls, indexing and, when hops is
// set, hop quantifiers.
func (p *parser) parsePostfix(x Expr, hops bool) Expr {
	for {
		t := p.tok()
		switch t.kind {
		case tDot:
			if t.ws && !t.nl {
				// " .name" on the same line begins an argument, not a member.
				return x
			}
			n := p.peek(1)
			switch {
			case n.kind == tSymbol && !n.ws:
				table, ok := x.(*Ident)
				if !ok {
					p.failMsg(n, "a record id needs a table name before \".@\"")
				}
				p.advance()
				key := p.symbol()
				x = &RecordID{Span: p.span(x.Pos()), Table: table, Key: key}
			case isMemberName(n.kind) && !n.ws:
				p.advance()
				x = p.member(x)
			default:
				p.failAt(n, `field name after "."`)
			}
		case tLParen:
			if t.ws {
				return x
			}
			args := p.callArgs(schemaCreate(x))
			x = &Call{Span: p.span(x.Pos()), Fn: x, Args: args, Form: CallPlain}
		case tLBrack:
			if t.ws {
				return x
			}
			p.advance()
			saved := p.ctx
			p.ctx = ctxFlags{}
			idx := p.parseExpr(precLowest)
			p.expect(tRBrack)
			p.ctx = saved
			x = &Index{Span: p.span(x.Pos()), X: x, Index: idx}
		case tLBrace:
			if !hops || !p.hopsAhead() {
				return x
			}
			x = p.parseRepeat(x)
		default:
			return x
		}
	}
}

// member parses the name after "." (current token) and, when "(" follows
// directly, the method call x.name(args).
func (p *parser) member(x Expr) Expr {
	n := p.advance()
	name := p.text(&n)
	if l := p.tok(); l.kind == tLParen && !l.ws {
		args := p.callArgs(false)
		return &Call{
			Span: p.span(x.Pos()),
			Fn:   &Ident{Span: Span{n.start, n.end}, Name: name},
			Args: append([]Expr{x}, args...),
			Form: CallMethod,
		}
	}
	return &FieldAccess{Span: p.span(x.Pos()), X: x, Name: name}
}

// schemaCreate reports whether fn is table::create, type::create or
// edge::create, whose second argument, when written as a brace literal, is
// a schema parsed with the type grammar.
func schemaCreate(fn Expr) bool {
	n, ok := fn.(*NamespacedName)
	return ok && n.Name == "create" && (n.Namespace == "table" || n.Namespace == "type" || n.Namespace == "edge")
}

func (p *parser) callArgs(schema bool) []Expr {
	p.advance() // (
	saved := p.ctx
	p.ctx = ctxFlags{}
	var args []Expr
	for p.tok().kind != tRParen {
		if schema && len(args) == 1 && p.tok().kind == tLBrace {
			args = append(args, p.parseObjectType())
		} else {
			args = append(args, p.parseArg(precLowest))
		}
		p.listNext(tRParen, `"," or ")"`)
	}
	p.advance()
	p.ctx = saved
	return args
}

// hopsAhead reports whether a hop quantifier "{n", "{n..", "{n}" starts
// here, directly after the step.
func (p *parser) hopsAhead() bool {
	if t := p.tok(); t.kind != tLBrace || t.ws || p.peek(1).kind != tInt {
		return false
	}
	k := p.peek(2).kind
	return k == tRBrace || k == tDot2
}

// parseRepeat parses {n}, {m..n} or {m..} after an edge step.
func (p *parser) parseRepeat(x Expr) Expr {
	p.advance() // {
	lo := p.advance()
	if lo.aux != "" {
		p.failMsg(&lo, "a hop count takes no suffix")
	}
	r := &Repeat{X: x, Min: p.int64Of(&lo)}
	r.Max = r.Min
	if p.tok().kind == tDot2 {
		p.advance()
		r.Max = -1
		if hi := p.tok(); hi.kind == tInt {
			if hi.aux != "" {
				p.failMsg(hi, "a hop count takes no suffix")
			}
			r.Max = p.int64Of(hi)
			if r.Max < r.Min {
				p.failMsg(hi, "hop range upper bound is below its lower bound")
			}
			p.advance()
		}
	}
	p.expect(tRBrace)
	r.Span = p.span(x.Pos())
	return r
}

func (p *parser) parsePrimary() Expr {
	t := p.tok()
	start := t.start
	switch t.kind {
	case tInt, tFloat, tString, tRegex, tSymbol, tParam, tTrue, tFalse, tNone:
		return p.literal()
	case tIdent:
		return p.parseName()
	case tFunction:
		if p.functionRefAt(p.i) {
			// function.@name: the keyword names the kind of a catalog
			// object, as in destroy function.@name.
			p.advance()
			return &Ident{Span: Span{t.start, t.end}, Name: "function"}
		}
	case tDot:
		p.advance()
		d := &Dot{Span: Span{t.start, t.end}}
		if n := p.tok(); isMemberName(n.kind) && !n.ws {
			return p.member(d)
		}
		return d
	case tLParen:
		p.advance()
		saved := p.ctx
		p.ctx = ctxFlags{}
		var elems []Expr
		tuple := false
		for p.tok().kind != tRParen {
			elems = append(elems, p.parseExpr(precLowest))
			if p.tok().kind == tComma {
				tuple = true
				p.advance()
				continue
			}
			if p.tok().kind != tRParen {
				p.failAt(p.tok(), `"," or ")"`)
			}
		}
		p.advance()
		p.ctx = saved
		if len(elems) == 1 && !tuple {
			setSpan(elems[0], p.span(start))
			return elems[0]
		}
		return &Tuple{Span: p.span(start), Elems: elems}
	case tLBrack:
		return p.parseBracket()
	case tLBrace:
		if p.objectAhead() {
			return p.parseObject()
		}
		return p.parseBlock()
	case tIf:
		return p.parseIf()
	case tMatch:
		return p.parseMatch()
	}
	p.failAt(t, "expression")
	return nil
}

// objectAhead applies the rule of zql.md §3 at "{": an object when the
// first entry is "name:", "\"name\":", or a bare name followed by "," or
// "}"; "{}" is an empty object; anything else is a block.
func (p *parser) objectAhead() bool {
	t1, t2 := p.peek(1), p.peek(2)
	switch {
	case t1.kind == tRBrace:
		return true
	case (t1.kind == tIdent || t1.kind == tString || isKeyword(t1.kind)) && t2.kind == tColon:
		return true
	case t1.kind == tIdent && (t2.kind == tComma || t2.kind == tRBrace):
		return true
	case t1.kind == tIdent || t1.kind == tString || isKeyword(t1.kind):
		return p.pathKeyAhead()
	}
	return false
}

func (p *parser) parseObject() Expr {
	open := p.advance()
	saved := p.ctx
	p.ctx = ctxFlags{}
	o := &Object{}
	for p.tok().kind != tRBrace {
		kt := p.tok()
		key, ok := p.fieldKey()
		if !ok {
			p.failAt(kt, "field name")
		}
		f := &ObjectField{Key: key}
		for p.tok().kind == tDot {
			p.advance()
			st := p.tok()
			seg, ok := p.fieldKey()
			if !ok {
				p.failAt(st, "field name")
			}
			f.Path = append(f.Path, seg)
		}
		if len(f.Path) > 0 && p.tok().kind != tColon {
			p.failAt(p.tok(), `":"`)
		}
		if p.tok().kind == tColon {
			p.advance()
			f.Value = p.parseExpr(precLowest)
		} else if kt.kind != tIdent {
			p.failAt(p.tok(), `":"`)
		}
		f.Span = p.span(kt.start)
		o.Fields = append(o.Fields, f)
		p.listNext(tRBrace, `"," or "}"`)
	}
	close := p.advance()
	p.ctx = saved
	o.Span = Span{open.start, close.end}
	return o
}

// parseBracket parses a list or a comprehension. The first element is
// parsed at the named-infix level so that "X in S" can be recognised: if
// "in" follows, it is the [X in S, ...] form; otherwise the element is
// completed, and ":" makes it the [H : ...] form.
func (p *parser) parseBracket() Expr {
	open := p.advance()
	saved := p.ctx
	p.ctx = ctxFlags{}
	defer func() { p.ctx = saved }()
	if p.tok().kind == tRBrack {
		p.advance()
		return &List{Span: p.span(open.start)}
	}
	first := p.parseExpr(precInfix)
	if p.tok().kind == tIn {
		p.advance()
		src := p.parseExpr(precLowest)
		c := &Comprehension{Head: first}
		c.Clauses = append(c.Clauses, &Generator{Span: p.span(first.Pos()), Source: src})
		c.Clauses = p.moreClauses(c.Clauses)
		c.Span = p.span(open.start)
		return c
	}
	first = p.parseInfix(first, precLowest)
	if p.tok().kind == tColon {
		p.advance()
		c := &Comprehension{Head: first, Colon: true}
		c.Clauses = append(c.Clauses, p.parseClause())
		c.Clauses = p.moreClauses(c.Clauses)
		c.Span = p.span(open.start)
		return c
	}
	l := &List{Elems: []Expr{first}}
	for {
		switch p.tok().kind {
		case tRBrack:
			p.advance()
			l.Span = p.span(open.start)
			return l
		case tComma:
			p.advance()
			if p.tok().kind == tRBrack {
				continue
			}
			l.Elems = append(l.Elems, p.parseExpr(precLowest))
		default:
			p.failAt(p.tok(), `"," or "]"`)
		}
	}
}

func (p *parser) moreClauses(cs []Clause) []Clause {
	for {
		switch p.tok().kind {
		case tRBrack:
			p.advance()
			return cs
		case tComma:
			p.advance()
			if p.tok().kind == tRBrack {
				continue
			}
			cs = append(cs, p.parseClause())
		default:
			p.failAt(p.tok(), `"," or "]"`)
		}
	}
}

// parseClause parses a generator "name in source" (always a generator,
// zql.md §6) or a condition.
func (p *parser) parseClause() Clause {
	t := p.tok()
	if t.kind == tIdent && p.peek(1).kind == tIn {
		v := p.ident("name")
		p.advance()
		src := p.parseExpr(precLowest)
		return &Generator{Span: p.span(t.start), Var: v, Source: src}
	}
	x := p.parseExpr(precLowest)
	return &Cond{Span: p.span(t.start), X: x}
}

func (p *parser) parseIf() Expr {
	start := p.advance().start
	saved := p.ctx
	p.ctx = ctxFlags{noBrace: true}
	cond := p.parseExpr(precLowest)
	p.ctx = saved
	n := &If{Cond: cond, Then: p.parseBlock()}
	if p.tok().kind == tElse {
		p.advance()
		if p.tok().kind == tIf {
			n.Else = p.parseIf()
		} else {
			n.Else = p.parseBlock()
		}
	}
	n.Span = p.span(start)
	return n
}

func (p *parser) parseMatch() Expr {
	start := p.advance().start
	saved := p.ctx
	p.ctx = ctxFlags{noBrace: true}
	subj := p.parseExpr(precLowest)
	p.ctx = ctxFlags{nlStops: true}
	p.expect(tLBrace)
	m := &Match{Subject: subj}
	for p.tok().kind != tRBrace {
		astart := p.tok().start
		arm := &MatchArm{Pattern: p.parsePattern()}
		if p.tok().kind == tIf {
			p.advance()
			arm.Guard = p.parseExpr(precLowest)
		}
		p.expect(tFatArrow)
		arm.Body = p.parseExpr(precLowest)
		arm.Span = p.span(astart)
		m.Arms = append(m.Arms, arm)
		switch t := p.tok(); {
		case t.kind == tComma:
			p.advance()
		case t.kind == tRBrace:
		case t.nl:
		default:
			p.failAt(t, `"," or "}"`)
		}
	}
	p.advance()
	p.ctx = saved
	m.Span = p.span(start)
	return m
}

// pathKeyAhead reports whether "{" starts an object whose first key is a
// nested path, { a.b.c: v }: names joined by "." and then ":". Anything
// else ({ a.b }, { a.f(x) }) is a block.
func (p *parser) pathKeyAhead() bool {
	for i := 2; ; i += 2 {
		if p.peek(i).kind != tDot {
			return false
		}
		switch n := p.peek(i + 1); {
		case n.kind == tIdent || n.kind == tString || isKeyword(n.kind):
		default:
			return false
		}
		if p.peek(i+2).kind == tColon {
			return true
		}
	}
}
