package tsearch

import (
	"strconv"
	"strings"

	"github.com/zerodb/zerodb/errs"
)

// Op is a tsquery node's kind.
type Op uint8

// The node kinds. opStop is a stop word's placeholder, which only lives
// while a query is built (cleanStops removes it).
const (
	OpValue Op = iota
	OpNot
	OpAnd
	OpOr
	OpPhrase
	opStop
)

// priority is PostgreSQL's operator priority, which parsing and printing
// share.
func (o Op) priority() int {
	switch o {
	case OpNot:
		return 4
	case OpPhrase:
		return 3
	case OpAnd:
		return 2
	case OpOr:
		return 1
	}
	return 0
}

// Weight masks of an operand (':AB'): bit 3 is A, bit 0 is D; zero
// admits every weight.
const (
	MaskA uint8 = 1 << 3
	MaskB uint8 = 1 << 2
	MaskC uint8 = 1 << 1
	MaskD uint8 = 1
)

// Node is a node of a tsquery tree. An operand (OpValue) has Word, Prefix
// and Weights; NOT has L only; the binary operators have L and R, and a
// phrase its Dist (<N>; <-> is 1).
type Node struct {
	Op      Op
	Word    string
	Prefix  bool
	Weights uint8
	Dist    uint16
	L, R    *Node
}

// Query is a tsquery; a nil Root is the empty query, which matches
// nothing.
type Query struct{ Root *Node }

// String is the query's canonical text, as PostgreSQL's tsqueryout.
func (q Query) String() string {
	if q.Root == nil {
		return ""
	}
	var b strings.Builder
	q.Root.infix(&b, -1, false)
	return b.String()
}

// infix prints n with the parentheses PostgreSQL prints: around an
// operator of lower priority than its parent's, and around a phrase
// that is the right operand of a phrase (phrases are not associative).
func (n *Node) infix(b *strings.Builder, parent int, rightPhrase bool) {
	switch n.Op {
	case OpValue:
		quoteLexeme(b, n.Word)
		if n.Prefix || n.Weights != 0 {
			b.WriteByte(':')
			if n.Prefix {
				b.WriteByte('*')
			}
			for i, c := range "ABCD" {
				if n.Weights&(MaskA>>i) != 0 {
					b.WriteRune(c)
				}
			}
		}
	case OpNot:
		paren := n.Op.priority() < parent
		if paren {
			b.WriteString("( ")
		}
		b.WriteByte('!')
		n.L.infix(b, n.Op.priority(), false)
		if paren {
			b.WriteString(" )")
		}
	default:
		pr := n.Op.priority()
		paren := pr < parent || n.Op == OpPhrase && rightPhrase
		if paren {
			b.WriteString("( ")
		}
		n.L.infix(b, pr, false)
		switch n.Op {
		case OpAnd:
			b.WriteString(" & ")
		case OpOr:
			b.WriteString(" | ")
		case OpPhrase:
			if n.Dist == 1 {
				b.WriteString(" <-> ")
			} else {
				b.WriteString(" <" + strconv.Itoa(int(n.Dist)) + "> ")
			}
		}
		n.R.infix(b, pr, n.Op == OpPhrase)
		if paren {
			b.WriteString(" )")
		}
	}
}

// Operands are the query's operands in tree order, left before right.
func (q Query) Operands() []*Node {
	var ops []*Node
	var walk func(n *Node)
	walk = func(n *Node) {
		if n == nil {
			return
		}
		if n.Op == OpValue {
			ops = append(ops, n)
		}
		walk(n.L)
		walk(n.R)
	}
	walk(q.Root)
	return ops
}

// Syntax is the tsquery syntax a text is read in.
type Syntax uint8

// The syntaxes: tsquery's own (and to_tsquery's), plainto_tsquery's and
// phraseto_tsquery's (the whole text is one operand) and
// websearch_to_tsquery's.
const (
	SyntaxStandard Syntax = iota
	SyntaxPlain
	SyntaxWeb
)

// Morph turns an operand's text into the query it stands for (to_tsquery
// normalizes it through a configuration): nil means a stop word. The
// tsquery input function takes operands as they are (Morph nil).
type Morph func(word string, weights uint8, prefix bool) *Node

// builder is the shunting-yard state of one parse: operands and operator
// results on a stack, pending operators on another.
type builder struct {
	src   string
	i     int
	syn   Syntax
	morph Morph
	depth int
}

func (p *builder) syntaxErr() error {
	return errs.New(errs.SyntaxError, "syntax error in tsquery: %q", p.src)
}

// ParseQuery reads a tsquery's text. Operands are quoted or bare words
// with :* and weight letters; operators are ! & | <-> <N> and
// parentheses. Stop words that morph drops are removed afterwards, and a
// phrase's distance grows by the words removed inside it, as in
// PostgreSQL.
func ParseQuery(s string, syn Syntax, morph Morph) (Query, error) {
	if morph == nil {
		morph = func(w string, weights uint8, prefix bool) *Node {
			return &Node{Op: OpValue, Word: w, Weights: weights, Prefix: prefix}
		}
	}
	p := &builder{src: s, syn: syn, morph: morph}
	var root *Node
	var err error
	switch syn {
	case SyntaxPlain:
		if s != "" {
			root = stopOr(morph(s, 0, false))
		}
	default:
		root, err = p.expr(true)
		if err != nil {
			return Query{}, err
		}
	}
	root, _, _ = cleanStops(root)
	return Query{Root: root}, nil
}

func stopOr(n *Node) *Node {
	if n == nil {
		return &Node{Op: opStop}
	}
	return n
}

type pendingOp struct {
	op   Op
	dist uint16
}

// expr parses up to the end of the text or a closing parenthesis (not
// top). PostgreSQL's makepol: operators wait on a stack until one of
// lower priority (NOT: lower or equal) arrives.
func (p *builder) expr(top bool) (*Node, error) {
	p.depth++
	if p.depth > 1000 {
		return nil, errs.New(errs.ProgramLimitExceeded, "tsquery is too deeply nested")
	}
	defer func() { p.depth-- }()
	var vals []*Node
	var ops []pendingOp
	reduce := func(limit Op) error {
		for len(ops) > 0 {
			top := ops[len(ops)-1]
			if limit == OpNot && limit.priority() >= top.op.priority() ||
				limit != OpNot && limit.priority() > top.op.priority() {
				break
			}
			ops = ops[:len(ops)-1]
			if err := apply(&vals, top); err != nil {
				return p.syntaxErr()
			}
		}
		return nil
	}
	wantOperand := true
	first := top
	for {
		var tok token
		var err error
		if wantOperand {
			tok, err = p.operandToken(first)
		} else {
			tok, err = p.operatorToken()
		}
		if err != nil {
			return nil, err
		}
		first = false
		switch tok.kind {
		case tokEnd:
			if !top {
				return nil, p.syntaxErr()
			}
			if err := reduce(OpOr); err != nil {
				return nil, err
			}
			return finish(vals, p)
		case tokClose:
			if top {
				return nil, p.syntaxErr()
			}
			if err := reduce(OpOr); err != nil {
				return nil, err
			}
			return finish(vals, p)
		case tokOpen:
			n, err := p.expr(false)
			if err != nil {
				return nil, err
			}
			vals = append(vals, n)
			wantOperand = false
		case tokValue:
			vals = append(vals, tok.node)
			wantOperand = false
		case tokOp:
			if err := reduce(tok.op); err != nil {
				return nil, err
			}
			ops = append(ops, pendingOp{tok.op, tok.dist})
			wantOperand = true
		}
	}
}

// finish is the one tree the values reduced to; none is the empty
// query.
func finish(vals []*Node, p *builder) (*Node, error) {
	switch len(vals) {
	case 0:
		return nil, nil
	case 1:
		return vals[0], nil
	}
	return nil, p.syntaxErr()
}

func apply(vals *[]*Node, op pendingOp) error {
	v := *vals
	if op.op == OpNot {
		if len(v) < 1 {
			return errMalformed
		}
		v[len(v)-1] = &Node{Op: OpNot, L: v[len(v)-1]}
		return nil
	}
	if len(v) < 2 {
		return errMalformed
	}
	l, r := v[len(v)-2], v[len(v)-1]
	*vals = append(v[:len(v)-2], &Node{Op: op.op, Dist: op.dist, L: l, R: r})
	return nil
}

var errMalformed = errs.New(errs.SyntaxError, "malformed tsquery")

type tokKind uint8

const (
	tokEnd tokKind = iota
	tokValue
	tokOp
	tokOpen
	tokClose
)

type token struct {
	kind tokKind
	op   Op
	dist uint16
	node *Node
}

// isQueryOperator reports the characters that end a bare operand.
func isQueryOperator(c byte) bool {
	return c == '!' || c == '&' || c == '|' || c == '(' || c == ')' || c == '<'
}

func (p *builder) operandToken(first bool) (token, error) {
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch {
		case isSpace(c):
			p.i++
			continue
		case p.syn == SyntaxWeb:
			return p.webOperand(c)
		case c == '!':
			p.i++
			return token{kind: tokOp, op: OpNot}, nil
		case c == '(':
			p.i++
			return token{kind: tokOpen}, nil
		case c == ':':
			return token{}, p.syntaxErr()
		}
		w, next, ok := p.readOperand()
		if !ok {
			break
		}
		p.i = next
		weights, prefix := p.modifiers()
		return token{kind: tokValue, node: stopOr(p.morph(w, weights, prefix))}, nil
	}
	if p.syn == SyntaxWeb {
		if first {
			return token{kind: tokEnd}, nil
		}
		// A trailing operator: websearch_to_tsquery takes a stop word
		// as its operand.
		p.i = len(p.src)
		return token{kind: tokValue, node: &Node{Op: opStop}}, nil
	}
	if first {
		return token{kind: tokEnd}, nil
	}
	return token{}, errs.New(errs.SyntaxError, "no operand in tsquery: %q", p.src)
}

// readOperand reads a quoted or bare operand at p.i; a bare one ends at
// white space, an operator character or a colon.
func (p *builder) readOperand() (string, int, bool) {
	return readWord(p.src, p.i, func(c byte) bool { return c == ':' || isQueryOperator(c) })
}

// modifiers reads :*AB after an operand.
func (p *builder) modifiers() (weights uint8, prefix bool) {
	if p.i >= len(p.src) || p.src[p.i] != ':' {
		return 0, false
	}
	p.i++
	for ; p.i < len(p.src); p.i++ {
		switch c := p.src[p.i]; c {
		case '*':
			prefix = true
		default:
			w, ok := ParseWeight(c)
			if !ok {
				return weights, prefix
			}
			weights |= MaskD << w
		}
	}
	return weights, prefix
}

func (p *builder) operatorToken() (token, error) {
	if p.syn == SyntaxWeb {
		return p.webOperator()
	}
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch {
		case c == '&':
			p.i++
			return token{kind: tokOp, op: OpAnd}, nil
		case c == '|':
			p.i++
			return token{kind: tokOp, op: OpOr}, nil
		case c == '<':
			d, ok, err := p.phraseOperator()
			if err != nil {
				return token{}, err
			}
			if !ok {
				return token{}, p.syntaxErr()
			}
			return token{kind: tokOp, op: OpPhrase, dist: d}, nil
		case c == ')':
			p.i++
			return token{kind: tokClose}, nil
		case isSpace(c):
			p.i++
		default:
			return token{}, p.syntaxErr()
		}
	}
	return token{kind: tokEnd}, nil
}

// phraseOperator reads <-> or <N> at p.i.
func (p *builder) phraseOperator() (uint16, bool, error) {
	s, i := p.src, p.i+1
	if i < len(s) && s[i] == '-' {
		if i+1 < len(s) && s[i+1] == '>' {
			p.i = i + 2
			return 1, true, nil
		}
		return 0, false, nil
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j == i || j == len(s) || s[j] != '>' {
		return 0, false, nil
	}
	n, err := strconv.Atoi(s[i:j])
	if err != nil || n > MaxPos+1 {
		return 0, false, errs.New(errs.InvalidParameterValue,
			"distance in phrase operator must be an integer value between zero and %d inclusive", MaxPos+1)
	}
	p.i = j + 1
	return uint16(n), true, nil
}

// webOperand reads websearch_to_tsquery's operands: -word is NOT, a
// "quoted phrase" is one operand, other operator characters are
// skipped.
func (p *builder) webOperand(c byte) (token, error) {
	switch {
	case c == '-':
		p.i++
		return token{kind: tokOp, op: OpNot}, nil
	case c == '"':
		p.i++
		start := p.i
		for p.i < len(p.src) && p.src[p.i] != '"' {
			p.i++
		}
		w := p.src[start:p.i]
		if p.i < len(p.src) {
			p.i++
		}
		return token{kind: tokValue, node: stopOr(p.morph(w, 0, false))}, nil
	case isQueryOperator(c):
		p.i++
		return p.operandToken(false)
	}
	w, next, ok := readWebWord(p.src, p.i)
	p.i = next
	if !ok {
		return p.operandToken(false)
	}
	return token{kind: tokValue, node: stopOr(p.morph(w, 0, false))}, nil
}

// readWebWord reads a websearch operand: up to white space or an
// operator character, quotes and backslashes included as they are
// written (a quoted tsvector word when it starts with a quote).
func readWebWord(s string, i int) (string, int, bool) {
	if s[i] == '\'' {
		if w, next, ok := readWord(s, i, nil); ok {
			return w, next, true
		}
	}
	start := i
	for i < len(s) && !isSpace(s[i]) && !isQueryOperator(s[i]) && s[i] != '"' {
		i++
	}
	if i == start {
		return "", i + 1, false
	}
	return s[start:i], i, true
}

func (p *builder) webOperator() (token, error) {
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch {
		case isSpace(c):
			p.i++
		case p.orOperator():
			return token{kind: tokOp, op: OpOr}, nil
		case isQueryOperator(c):
			p.i++
		default:
			return token{kind: tokOp, op: OpAnd}, nil
		}
	}
	return token{kind: tokEnd}, nil
}

// orOperator reports (and skips) an "or" that is websearch's OR: not
// part of a word, and followed by something.
func (p *builder) orOperator() bool {
	s := p.src[p.i:]
	if len(s) < 3 || !strings.EqualFold(s[:2], "or") {
		return false
	}
	c := s[2]
	if c == '-' || c == '_' || isAlnumByte(c) || c >= 0x80 && startsAlnum(s[2:]) {
		return false
	}
	rest := strings.TrimLeft(s[3:], " \t\n\r\v\f")
	if rest == "" {
		return false
	}
	p.i += 2
	return true
}

func isAlnumByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// cleanStops removes stop word placeholders from a tree, as PostgreSQL's
// clean_stopword_intree: an operator left with one operand is replaced
// by it, and the distances of phrases grow by the words removed at
// their inner edges. ladd and radd are the words removed at n's left and
// right edges.
func cleanStops(n *Node) (out *Node, ladd, radd int) {
	if n == nil {
		return nil, 0, 0
	}
	switch n.Op {
	case OpValue:
		return n, 0, 0
	case opStop:
		return nil, 0, 0
	case OpNot:
		l, _, _ := cleanStops(n.L)
		if l == nil {
			return nil, 0, 0
		}
		n.L = l
		return n, 0, 0
	}
	l, lladd, lradd := cleanStops(n.L)
	r, rladd, rradd := cleanStops(n.R)
	dist := 0
	if n.Op == OpPhrase {
		dist = int(n.Dist)
	}
	switch {
	case l == nil && r == nil:
		d := lladd + dist + rradd
		return nil, d, d
	case l == nil:
		return r, lladd + dist + rladd, rradd
	case r == nil:
		return l, lladd, lradd + dist + rradd
	}
	n.L, n.R = l, r
	if n.Op == OpPhrase {
		n.Dist = uint16(min(int(n.Dist)+lradd+rladd, MaxPos))
	}
	return n, lladd, rradd
}
