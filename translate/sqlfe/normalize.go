package sqlfe

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// LiteralKind is how Normalize typed a literal it took out of a
// statement: the type PostgreSQL's parser gives the constant.
type LiteralKind uint8

const (
	// LitInt4 is an integer that fits int4 (its parameter is int4).
	LitInt4 LiteralKind = iota + 1
	// LitInt8 is an integer that fits int8 but not int4 (int8).
	LitInt8
	// LitBigInt is an integer beyond int8 (numeric).
	LitBigInt
	// LitDecimal is a number with a decimal point or an exponent (numeric).
	LitDecimal
	// LitString is a quoted string: its type is "unknown" until the
	// context gives it one, as for a string constant.
	LitString
)

// Literal is one constant Normalize replaced by a parameter.
type Literal struct {
	// Text is the literal as written: "42", "-7" (a unary minus directly
	// in front belongs to the number), "1.5e3", "'it''s'" (quotes kept).
	Text string
	Kind LiteralKind
	// Pos is the 1-based character position of the literal's first
	// character in the text Normalize read; Off is its byte offset.
	Pos, Off int
}

// Normalized is a statement with its constant literals replaced by
// parameters $1..$n (Literals[i] is $i+1).
type Normalized struct {
	// Text is the statement with the placeholders, without the trailing
	// semicolon, whitespace and comments.
	Text     string
	Literals []Literal
	// Key identifies the statement's shape: Text and the literal kinds.
	// Statements with equal Keys translate to the same plan but for the
	// values of their parameters.
	Key string
}

// Normalize prepares one SQL statement for a plan cache: it replaces the
// constant literals of a SELECT, INSERT, UPDATE or DELETE by parameters
// $1..$n, so that statements differing only in their constants share one
// translation (see TranslateOptions.NormalizedLiterals and
// Literal.Value).
//
// It is a scanner following PostgreSQL's lexical rules
// (standard_conforming_strings on): single-quoted strings (a quote
// doubled inside), double-quoted identifiers, -- and nested /* */
// comments, operators (with PostgreSQL's rule that a multi-character
// operator ending in + or - gives them back), and :: casts. It replaces
// integers, decimals and plain single-quoted strings, and leaves in place
// what means more than its value or what it does not fully understand:
// E'...', U&'...', B'...', X'...' and N'...' strings, dollar-quoted
// strings, a string directly after a word that does not start an
// expression (a typed literal such as date '...', or a UESCAPE
// character), type modifiers
// (the numbers in ::numeric(10,2) and CAST(x AS varchar(20))), numbers
// with underscores or trailing letters, and the integers 2147483648 and
// 9223372036854775808 (whose negation PostgreSQL's parser folds into the
// other integer type). A minus sign directly in front of a number, after
// an operator, a keyword, '(' or ',', becomes part of the literal as the
// parser folds it into the constant: -2147483647 is an int4 literal.
//
// ok is false (and the statement must run as it is) for messages that
// hold several statements or none, statements other than SELECT, INSERT,
// UPDATE and DELETE, statements with parameters of their own ($1), and
// text it cannot scan with certainty (unterminated strings or comments,
// string constants continued on the next line, a literal glued to a
// neighbouring token, invalid UTF-8 or zero bytes).
//
// It allocates the result only: the normalized text with the key, and
// the literals.
func Normalize(text string) (Normalized, bool) {
	sc := normScanner{text: text}
	return sc.run()
}

// ParamTypes are the types the literals' parameters have before their
// context types them, as Stmt.ParamTypes: int4, int8 or numeric for
// numbers, unspecified for strings.
func (n Normalized) ParamTypes() []value.Type {
	out := make([]value.Type, len(n.Literals))
	for i, l := range n.Literals {
		out[i] = l.Kind.paramType()
	}
	return out
}

func (k LiteralKind) paramType() value.Type {
	switch k {
	case LitInt4:
		return value.TypeInt4
	case LitInt8:
		return value.TypeInt8
	case LitBigInt, LitDecimal:
		return value.TypeNumeric
	}
	return value.Type{}
}

// Position maps a 1-based character position in n.Text back to the
// statement Normalize read: positions inside a placeholder become the
// position of its literal. Errors of a plan translated from n.Text carry
// positions in n.Text; the client must see them in its own text.
func (n Normalized) Position(p int) int {
	if p <= 0 {
		return p
	}
	delta := 0 // characters the placeholders so far saved
	for i, l := range n.Literals {
		np := l.Pos - delta // the placeholder's position in n.Text
		if p < np {
			break
		}
		ph := placeholderLen(i + 1)
		if p < np+ph {
			return l.Pos
		}
		delta += utf8.RuneCountInString(l.Text) - ph
	}
	return p + delta
}

func placeholderLen(n int) int {
	d := 2
	for n >= 10 {
		n /= 10
		d++
	}
	return d
}

// tokClass is what a token tells about what may follow it.
type tokClass uint8

const (
	tkStart        tokClass = iota // nothing yet
	tkWord                         // an identifier or a keyword not in exprKeyword
	tkKeyword                      // a keyword after which an expression starts
	tkMinusKeyword                 // a keyword after which a minus is unary (but a string is no constant)
	tkNumber                       // a number (replaced or not)
	tkString                       // a string of any kind (replaced or not)
	tkOp                           // an operator other than a lone minus, or ':'
	tkMinus                        // the operator -
	tkOpen                         // ( or [
	tkComma                        // ,
	tkClose                        // ) or ]
	tkDot                          // .
	tkCast                         // ::
)

// Type context: after :: or AS comes a type name, whose parenthesized or
// bracketed part holds type modifiers (or array bounds), which must stay
// literals.
const (
	tyNone  = iota
	tyName  // a type name is expected
	tyAfter // after a type name word: modifiers or more words may follow
)

type normScanner struct {
	text string
	i    int

	prev, prev2 tokClass
	prevEnd     int  // byte offset just after the previous token
	negOpen     bool // prev is a '(' after a unary minus (or after such a '(')
	negMinus    bool // prev is a minus right after such a '(': -(-5)

	tctx     int // tyNone, tyName or tyAfter
	modDepth int // > 0 inside the modifiers of a type name

	copied   int // text[:copied] is in b (or replaced)
	end      int // end of the last significant token
	b        strings.Builder
	lits     []Literal
	nonASCII bool
	done     bool // a ';' ended the statement
}

func (sc *normScanner) run() (Normalized, bool) {
	t := sc.text
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c == 0 {
			return Normalized{}, false
		}
		if c >= utf8.RuneSelf {
			sc.nonASCII = true
		}
	}
	if sc.nonASCII && !utf8.ValidString(t) {
		return Normalized{}, false
	}
	for {
		ok, more := sc.token()
		if !ok {
			return Normalized{}, false
		}
		if !more {
			break
		}
	}
	if sc.prev == tkStart {
		return Normalized{}, false
	}
	return sc.finish(), true
}

// finish assembles the result: Key is Text followed by a zero byte and
// one byte per literal kind, and Text shares its memory.
func (sc *normScanner) finish() Normalized {
	if sc.b.Len() == 0 {
		sc.b.Grow(sc.end + 1 + len(sc.lits))
	}
	sc.b.WriteString(sc.text[sc.copied:sc.end])
	n := sc.b.Len()
	sc.b.WriteByte(0)
	for _, l := range sc.lits {
		sc.b.WriteByte(byte('0' + l.Kind))
	}
	key := sc.b.String()
	out := Normalized{Text: key[:n], Literals: sc.lits, Key: key}
	if sc.nonASCII {
		// Character positions: count runes up to each literal, once.
		chars, off := 0, 0
		for i := range out.Literals {
			l := &out.Literals[i]
			chars += utf8.RuneCountInString(sc.text[off:l.Off])
			off = l.Off
			l.Pos = chars + 1
		}
	}
	return out
}

// token scans one token (or a run of space and comments). ok=false
// refuses the statement; more=false is the end of the text.
func (sc *normScanner) token() (ok, more bool) {
	t := sc.text
	if sc.i >= len(t) {
		return true, false
	}
	start := sc.i
	c := t[start]
	switch {
	case isSpace(c):
		sc.i++
		for sc.i < len(t) && isSpace(t[sc.i]) {
			sc.i++
		}
		return true, true
	case c == '-' && start+1 < len(t) && t[start+1] == '-':
		for sc.i < len(t) && t[sc.i] != '\n' && t[sc.i] != '\r' {
			sc.i++
		}
		return true, true
	case c == '/' && start+1 < len(t) && t[start+1] == '*':
		return sc.blockComment(), true
	}
	if sc.done {
		if c == ';' {
			sc.i++
			return true, true
		}
		return false, false // a second statement
	}
	if sc.prev == tkStart && !isIdentStart(c) {
		return false, false // not a statement keyword
	}
	switch {
	case c == ';':
		sc.i++
		sc.done = true
		return true, true
	case isIdentStart(c):
		return sc.word(), true
	case isDigit(c) || (c == '.' && start+1 < len(t) && isDigit(t[start+1])):
		return sc.number(), true
	case c == '\'':
		return sc.quoted(), true
	case c == '"':
		e, ok := scanQuotedIdent(t, start)
		if !ok {
			return false, false
		}
		sc.i = e
		sc.typeWord()
		sc.push(tkWord)
		return true, true
	case c == '$':
		return sc.dollar(), true
	case c == ':' && start+1 < len(t) && t[start+1] == ':':
		sc.i += 2
		sc.push(tkCast)
		sc.tctx = tyName
		return true, true
	case isOpChar(c):
		sc.operator()
		return true, true
	}
	sc.i++
	switch c {
	case '(', '[':
		if sc.modDepth > 0 {
			sc.modDepth++
		} else if sc.tctx == tyAfter {
			sc.modDepth = 1
		}
		sc.push(tkOpen)
	case ')', ']':
		if sc.modDepth > 0 {
			sc.modDepth--
			sc.push(tkClose)
			if sc.modDepth == 0 {
				sc.tctx = tyAfter
			}
			return true, true
		}
		sc.push(tkClose)
	case ',':
		sc.push(tkComma)
	case '.':
		qualified := sc.tctx == tyAfter && sc.modDepth == 0
		sc.push(tkDot)
		if qualified {
			sc.tctx = tyName // a qualified type name
		}
	case ':':
		sc.push(tkOp)
	default:
		return false, false // a character outside SQL's lexicon
	}
	return true, true
}

// push records a token of class k that ends at sc.i. Any token but
// those handled by the type context ends it.
func (sc *normScanner) push(k tokClass) {
	sc.negMinus = k == tkMinus && sc.prev == tkOpen && sc.negOpen
	sc.negOpen = k == tkOpen && ((sc.prev == tkMinus && unaryBefore(sc.prev2)) || (sc.prev == tkOpen && sc.negOpen))
	sc.prev2, sc.prev = sc.prev, k
	sc.prevEnd = sc.i
	sc.end = sc.i
	if sc.modDepth == 0 && k != tkWord && k != tkCast {
		sc.tctx = tyNone
	}
}

func (sc *normScanner) blockComment() bool {
	var ok bool
	sc.i, ok = BlockCommentEnd(sc.text, sc.i)
	return ok
}

// BlockCommentEnd returns the index after the block comment that starts
// at s[i] ("/*"), which may nest as in PostgreSQL, and whether it ends;
// an unterminated one runs to the end of s.
func BlockCommentEnd(s string, i int) (int, bool) {
	depth := 0
	for i < len(s) {
		switch {
		case s[i] == '/' && i+1 < len(s) && s[i+1] == '*':
			depth++
			i += 2
		case s[i] == '*' && i+1 < len(s) && s[i+1] == '/':
			depth--
			i += 2
			if depth == 0 {
				return i, true
			}
		default:
			i++
		}
	}
	return i, false
}

// word scans an identifier or keyword, and the prefixed strings E'...',
// B'...', X'...', N'...' and U&'...' (and U&"..." identifiers) that
// start like one.
func (sc *normScanner) word() bool {
	t := sc.text
	start := sc.i
	for sc.i < len(t) && isIdentCont(t[sc.i]) {
		sc.i++
	}
	w := t[start:sc.i]
	if sc.prev == tkStart && !isStatementKeyword(w) {
		return false
	}
	if len(w) == 1 && sc.i < len(t) {
		switch {
		case t[sc.i] == '\'':
			switch w[0] | 0x20 {
			case 'e':
				return sc.leaveString(scanEString)
			case 'b', 'x', 'n':
				return sc.leaveString(scanString)
			}
		case (w[0]|0x20) == 'u' && t[sc.i] == '&' && sc.i+1 < len(t):
			switch t[sc.i+1] {
			case '\'':
				sc.i++
				return sc.leaveString(scanString)
			case '"':
				e, ok := scanQuotedIdent(t, sc.i+1)
				if !ok {
					return false
				}
				sc.i = e
				sc.typeWord()
				sc.push(tkWord)
				return true
			}
		}
	}
	if sc.modDepth == 0 {
		switch {
		case sc.tctx == tyName:
			sc.tctx = tyAfter
		case sc.tctx == tyAfter && typeNameWord(w):
		case eqFold(w, "as"):
			sc.prev2, sc.prev, sc.negOpen, sc.negMinus = sc.prev, tkWord, false, false
			sc.prevEnd, sc.end = sc.i, sc.i
			sc.tctx = tyName
			return true
		default:
			sc.tctx = tyNone
		}
	}
	k := tkWord
	switch {
	case exprKeyword(w):
		k = tkKeyword
	case minusKeyword(w):
		k = tkMinusKeyword
	}
	sc.prev2, sc.prev, sc.negOpen, sc.negMinus = sc.prev, k, false, false
	sc.prevEnd, sc.end = sc.i, sc.i
	return true
}

// typeWord updates the type context for a quoted identifier, which may
// name a type.
func (sc *normScanner) typeWord() {
	if sc.modDepth == 0 && sc.tctx == tyName {
		sc.tctx = tyAfter
		return
	}
	if sc.modDepth == 0 {
		sc.tctx = tyNone
	}
}

// leaveString scans a string that is left as it is (prefixed strings).
func (sc *normScanner) leaveString(scan func(string, int) (int, bool)) bool {
	e, ok := scan(sc.text, sc.i)
	if !ok || sc.prev == tkString {
		return false
	}
	sc.i = e
	sc.push(tkString)
	return true
}

// quoted scans a standard string constant and replaces it when an
// expression may start here; after another word it is a typed literal
// (date '...') and stays.
func (sc *normScanner) quoted() bool {
	start := sc.i
	e, ok := scanString(sc.text, start)
	if !ok || sc.prev == tkString {
		// Unterminated, or a continuation ('a'<newline>'b' is 'ab').
		return false
	}
	sc.i = e
	replace := sc.modDepth == 0
	switch sc.prev {
	case tkOp, tkMinus, tkOpen, tkComma, tkKeyword:
	default:
		replace = false
	}
	if replace {
		if !sc.replace(start, e, LitString) {
			return false
		}
	} else if value.ReadsClock(unquote(sc.text[start:e])) {
		// A typed literal stays in the plan as the constant it reads as:
		// timestamptz 'now' read once would be kept for every later
		// statement of the shape.
		return false
	}
	sc.push(tkString)
	return true
}

// number scans a numeric constant: digits, an optional fraction and an
// optional exponent.
func (sc *normScanner) number() bool {
	t := sc.text
	start := sc.i
	i := start
	for i < len(t) && isDigit(t[i]) {
		i++
	}
	decimal := false
	if i < len(t) && t[i] == '.' {
		if i+1 < len(t) && t[i+1] == '.' {
			return false // 1..2
		}
		decimal = true
		i++
		for i < len(t) && isDigit(t[i]) {
			i++
		}
	}
	if i < len(t) && (t[i] == 'e' || t[i] == 'E') {
		j := i + 1
		if j < len(t) && (t[j] == '+' || t[j] == '-') {
			j++
		}
		if j >= len(t) || !isDigit(t[j]) {
			return false // 1e, 1e+: junk
		}
		for j < len(t) && isDigit(t[j]) {
			j++
		}
		i, decimal = j, true
	}
	if i < len(t) && (isIdentCont(t[i]) || t[i] == '.') {
		return false // 1_000, 0x1F, 12abc, 1.2.3: not ours to judge
	}
	sc.i = i
	if sc.modDepth > 0 {
		sc.push(tkNumber)
		return true
	}
	kind := LitDecimal
	if !decimal {
		var ok bool
		if kind, ok = integerKind(t[start:i]); !ok {
			sc.push(tkNumber) // folds differently when negated: stays
			return true
		}
	}
	// The parser folds a unary minus into the constant it negates, also
	// across space, parentheses and a second minus: -5, - 5, -(5), - -5,
	// -(-5) are constants, not negations. A directly attached minus becomes part
	// of the literal (the magnitude decides the kind, the int4 and int8
	// minimums being left in place); in the other folded forms the number
	// stays, as the negation of a parameter would not be folded (and a
	// cast of it would fail at run time rather than at translation).
	from := start
	switch {
	case sc.prev == tkOpen && sc.negOpen:
		sc.push(tkNumber)
		return true
	case sc.prev == tkMinus:
		switch {
		case sc.prev2 == tkMinus || sc.negMinus:
			sc.push(tkNumber)
			return true
		default:
			if !unaryBefore(sc.prev2) {
				break // a binary minus (or after a word that may be a column)
			}
			if sc.prevEnd != start {
				sc.push(tkNumber)
				return true
			}
			if sc.postfixFollows(i) {
				// -1::int is -(1::int), -1[1] is -(1[1]): the minus is
				// an operator like any other.
				break
			}
			from = start - 1
		}
	}
	if !sc.replace(from, i, kind) {
		return false
	}
	sc.push(tkNumber)
	return true
}

// unaryBefore reports whether a minus after a token of class k is a
// unary minus.
func unaryBefore(k tokClass) bool {
	switch k {
	case tkStart, tkOp, tkMinus, tkOpen, tkComma, tkKeyword, tkMinusKeyword:
		return true
	}
	return false
}

// postfixFollows reports whether the next token after offset i is one
// that binds tighter than a unary minus: :: or [.
func (sc *normScanner) postfixFollows(i int) bool {
	t := sc.text
	for i < len(t) {
		switch {
		case isSpace(t[i]):
			i++
		case t[i] == '-' && i+1 < len(t) && t[i+1] == '-':
			for i < len(t) && t[i] != '\n' && t[i] != '\r' {
				i++
			}
		case t[i] == '/' && i+1 < len(t) && t[i+1] == '*':
			i, _ = BlockCommentEnd(t, i)
		default:
			return t[i] == '[' || (t[i] == ':' && i+1 < len(t) && t[i+1] == ':')
		}
	}
	return false
}

// integerKind types the digits of an integer literal; ok is false for
// the magnitudes 2147483648 and 9223372036854775808, which a minus in
// front (even one the parser folds in twice, as in - -2147483648) turns
// into the next smaller type.
func integerKind(s string) (LiteralKind, bool) {
	digits := strings.TrimLeft(s, "0")
	switch digits {
	case "2147483648", "9223372036854775808":
		return 0, false
	}
	if len(digits) > 19 {
		return LitBigInt, true
	}
	u, err := strconv.ParseUint(digits, 10, 64)
	switch {
	case digits == "":
		return LitInt4, true
	case err != nil:
		return LitBigInt, true
	case u <= 1<<31-1:
		return LitInt4, true
	case u <= 1<<63-1:
		return LitInt8, true
	}
	return LitBigInt, true
}

// replace puts a placeholder for text[from:to] into the output.
func (sc *normScanner) replace(from, to int, kind LiteralKind) bool {
	t := sc.text
	// A placeholder glued to an identifier character would merge with it
	// ($ continues identifiers), and one followed by ., [, a quote or an
	// identifier character would read differently from the literal.
	if from > 0 && isIdentCont(t[from-1]) {
		return false
	}
	if to < len(t) {
		switch c := t[to]; {
		case isIdentCont(c), c == '.', c == '[', c == '\'', c == '"':
			return false
		}
	}
	if len(sc.lits) >= maxParams {
		return false
	}
	if sc.b.Len() == 0 {
		sc.b.Grow(len(t) + 8)
	}
	sc.b.WriteString(t[sc.copied:from])
	sc.b.WriteByte('$')
	var nb [8]byte
	sc.b.Write(strconv.AppendInt(nb[:0], int64(len(sc.lits)+1), 10))
	sc.copied = to
	if sc.lits == nil {
		sc.lits = make([]Literal, 0, 4)
	}
	sc.lits = append(sc.lits, Literal{Text: t[from:to], Kind: kind, Pos: from + 1, Off: from})
	return true
}

// dollar handles a token starting with $: a parameter (refused: the
// statement has parameters of its own) or a dollar-quoted string, which
// stays.
func (sc *normScanner) dollar() bool {
	t := sc.text
	start := sc.i
	delim := dollarTag(t, start)
	if delim == "" {
		return false // $1, or a lone $
	}
	k := strings.Index(t[start+len(delim):], delim)
	if k < 0 || sc.prev == tkString {
		return false
	}
	sc.i = start + 2*len(delim) + k
	sc.push(tkString)
	return true
}

// operator scans an operator with PostgreSQL's rules: the longest run of
// operator characters, cut before a comment start; a multi-character
// operator ends in + or - only if it contains one of ~ ! @ # % ^ & | ` ?.
func (sc *normScanner) operator() {
	t := sc.text
	start := sc.i
	e := start
	for e < len(t) && isOpChar(t[e]) {
		if e > start && ((t[e] == '-' && t[e-1] == '-') || (t[e] == '*' && t[e-1] == '/')) {
			e-- // the run ends before a comment
			break
		}
		e++
	}
	if e-start > 1 && (t[e-1] == '+' || t[e-1] == '-') && !strings.ContainsAny(t[start:e-1], "~!@#^&|`?%") {
		for e-start > 1 && (t[e-1] == '+' || t[e-1] == '-') {
			e--
		}
	}
	sc.i = e
	k := tkOp
	if e-start == 1 && t[start] == '-' {
		k = tkMinus
	}
	sc.push(k)
}

// scanString returns the end of the standard string starting at the quote
// at i.
func scanString(t string, i int) (int, bool) {
	for j := i + 1; j < len(t); j++ {
		if t[j] == '\'' {
			if j+1 < len(t) && t[j+1] == '\'' {
				j++
				continue
			}
			return j + 1, true
		}
	}
	return 0, false
}

// scanEString returns the end of an E'...' string (backslash escapes).
func scanEString(t string, i int) (int, bool) {
	for j := i + 1; j < len(t); j++ {
		switch t[j] {
		case '\\':
			j++
		case '\'':
			if j+1 < len(t) && t[j+1] == '\'' {
				j++
				continue
			}
			return j + 1, true
		}
	}
	return 0, false
}

func scanQuotedIdent(t string, i int) (int, bool) {
	for j := i + 1; j < len(t); j++ {
		if t[j] == '"' {
			if j+1 < len(t) && t[j+1] == '"' {
				j++
				continue
			}
			return j + 1, true
		}
	}
	return 0, false
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' || c >= utf8.RuneSelf }

func isIdentStart(c byte) bool { return isLetter(c) || c == '_' }

func isIdentCont(c byte) bool { return isIdentStart(c) || isDigit(c) || c == '$' }

func isOpChar(c byte) bool {
	switch c {
	case '~', '!', '@', '#', '^', '&', '|', '`', '?', '+', '-', '*', '/', '%', '<', '>', '=':
		return true
	}
	return false
}

// eqFold compares an ASCII word with a lower-case keyword.
func eqFold(w, kw string) bool {
	if len(w) != len(kw) {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i]|0x20 != kw[i] {
			return false
		}
	}
	return true
}

func isStatementKeyword(w string) bool {
	return eqFold(w, "select") || eqFold(w, "insert") || eqFold(w, "update") || eqFold(w, "delete")
}

// exprKeyword reports the reserved words after which an expression (and
// so a constant) may start. After other words a string is a typed
// literal's text and stays, and a minus is not folded into the number.
func exprKeyword(w string) bool {
	switch len(w) {
	case 2:
		return eqFold(w, "or") || eqFold(w, "on") || eqFold(w, "by")
	case 3:
		return eqFold(w, "and") || eqFold(w, "not") || eqFold(w, "all") || eqFold(w, "for")
	case 4:
		return eqFold(w, "when") || eqFold(w, "then") || eqFold(w, "else") || eqFold(w, "case") ||
			eqFold(w, "from") || eqFold(w, "like") || eqFold(w, "next")
	case 5:
		return eqFold(w, "where") || eqFold(w, "limit") || eqFold(w, "ilike") || eqFold(w, "first")
	case 6:
		return eqFold(w, "select") || eqFold(w, "having") || eqFold(w, "offset")
	case 7:
		return eqFold(w, "between")
	case 8:
		return eqFold(w, "distinct")
	case 9:
		return eqFold(w, "returning")
	}
	return false
}

// minusKeyword reports the other keywords after which a minus sign is a
// unary minus (AT TIME ZONE -5, BETWEEN SYMMETRIC -1 AND 1, ...), but
// after which a string stays: it may be a typed literal's (time zone '...').
func minusKeyword(w string) bool {
	return eqFold(w, "zone") || eqFold(w, "to") || eqFold(w, "escape") || eqFold(w, "symmetric") ||
		eqFold(w, "asymmetric") || eqFold(w, "is") || eqFold(w, "in") || eqFold(w, "any") || eqFold(w, "some")
}

// typeNameWord reports the words that continue a type name of several
// words (double precision, character varying, timestamp with time zone,
// interval day to second).
func typeNameWord(w string) bool {
	for _, kw := range [...]string{"precision", "varying", "with", "without", "time", "zone", "character",
		"char", "national", "day", "hour", "minute", "second", "month", "year", "to"} {
		if eqFold(w, kw) {
			return true
		}
	}
	return false
}

// errLeftToRunTime is Literal.Value's error for a conversion that the
// translation of the literal in place would have left to run time.
var errLeftToRunTime = errors.New("sqlfe: the literal's conversion is left to run time")

// Value is the literal's value for its parameter of type t, the type
// TranslateWith gave the parameter (Statement.ParamTypes): the constant
// the literal is, read as t (a string) or folded into t (a number) the
// way the translation of the statement with the literal in place does
// it. Errors are that translation's, at the literal's position (22P02
// for 'abc' read as an integer, 22003 for a number out of range, 22001
// for a string too long for varchar(n), ...). An error without a
// SQLSTATE means that the translation would have left the conversion to
// run time: the statement must then run with its literals. loc is the
// session time zone a timestamptz literal without an offset is read in.
func (l Literal) Value(t value.Type, loc *time.Location) (value.Value, error) {
	if l.Kind == LitString {
		if t.Kind == value.KindNone {
			t = value.TypeText
		}
		v, folded, err := parseLiteral(unquote(l.Text), t, loc)
		if err != nil {
			return value.None, withPos(err, l.Pos)
		}
		if !folded {
			return value.None, errLeftToRunTime
		}
		return v, nil
	}
	var v value.Value
	kt := l.Kind.paramType()
	if i, err := strconv.ParseInt(l.Text, 10, 32); l.Kind == LitInt4 && err == nil {
		v = value.IntW(i, value.I32) // the common case, without allocations
	} else {
		x, err := numericLiteral(l.Text, l.Pos)
		if err != nil {
			return value.None, err
		}
		v, kt = x.e.(*plan.Const).V, x.t
	}
	if t.Kind == value.KindNone || sameType(kt, t) {
		return v, nil
	}
	out, folded, err := convertConst(v, kt, t, loc)
	if err != nil {
		return value.None, withPos(err, l.Pos)
	}
	if !folded {
		return value.None, errLeftToRunTime
	}
	return out, nil
}

// unquote is the value of a standard string constant.
func unquote(s string) string {
	s = s[1 : len(s)-1]
	if !strings.Contains(s, "''") {
		return s
	}
	return strings.ReplaceAll(s, "''", "'")
}
