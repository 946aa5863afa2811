package lang

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Symbol forms carried in token.u for tSymbol.
const (
	symFormName = iota
	symFormNumber
	symFormQuoted
)

// lexer turns the whole source into a token slice up front. The parser
// needs up to three tokens of lookahead for the juxtaposition rules, and a
// slice makes that free. Lexing stops at the first error: the error becomes
// a tIllegal token so that the parser reports it only if it gets that far,
// and an earlier syntax error wins.
type lexer struct {
	src          string
	pos          int
	toks         []token
	keepComments bool

	// stream puts the tokens in q instead of toks (TokenScanner), for
	// the reader to take after every call of next, which then emits at
	// most three. The kinds of the last two tokens are kept either way:
	// all prevEndsOperand needs.
	stream       bool
	q            [3]token
	qn           int
	emitted      int
	last, before tkind

	// state of the gap before the next token
	nl, ws bool

	err *Error // the error behind the tIllegal token, if any
}

// lex returns the tokens of src, ending with tEOF. After a lexical error
// the tokens end with tIllegal and tEOF, and the error is returned too.
func lex(src string, keepComments bool) ([]token, *Error) {
	// Short messages have short tokens (`[ r.v : r in kv, r.k == 42 ]` is
	// one token for every two bytes): the constant spares them a regrowth.
	lx := lexer{src: src, keepComments: keepComments, toks: make([]token, 0, len(src)/3+8)}
	if lx.validUTF8() {
		for lx.next() {
		}
	}
	return lx.toks, lx.err
}

// validUTF8 reports whether the source is valid UTF-8, and emits the
// error if not.
func (lx *lexer) validUTF8() bool {
	src := lx.src
	if !utf8.ValidString(src) {
		bad := 0
		for bad < len(src) {
			r, size := utf8.DecodeRuneInString(src[bad:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			bad += size
		}
		lx.illegal(bad, bad+1, "invalid UTF-8 encoding")
		return false
	}
	return true
}

func (lx *lexer) emit(t token) {
	t.nl, t.ws = lx.nl, lx.ws || lx.nl
	lx.nl, lx.ws = false, false
	lx.before, lx.last = lx.last, t.kind
	lx.emitted++
	if lx.stream {
		lx.q[lx.qn] = t
		lx.qn++
		return
	}
	lx.toks = append(lx.toks, t)
}

func (lx *lexer) illegal(start, at int, msg string) {
	lx.err = newError(lx.src, at, msg)
	lx.emit(token{kind: tIllegal, start: start, end: at})
	lx.emit(token{kind: tEOF, start: len(lx.src), end: len(lx.src)})
}

func isIdentStart(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isIdentChar(c byte) bool { return isIdentStart(c) || isDigit(c) }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func (lx *lexer) peekByte(i int) byte {
	if i < len(lx.src) {
		return lx.src[i]
	}
	return 0
}

// operandEnd reports whether the previous token, if adjacent, could end an
// operand. It decides whether ".5" after it is a member access (t.0, the
// tuple field) or a float literal.
func (lx *lexer) prevEndsOperand() bool {
	if lx.ws || lx.nl || lx.emitted == 0 {
		return false
	}
	switch lx.last {
	case tIdent, tInt, tFloat, tString, tSymbol, tParam, tRegex,
		tTrue, tFalse, tNone, tRParen, tRBrack, tRBrace:
		return true
	}
	// A keyword used as a name (e.in.0, ns::in.0) ends an operand too.
	return isKeyword(lx.last) && lx.emitted >= 2 && (lx.before == tDot || lx.before == tColon2)
}

// next lexes one token; it returns false after emitting EOF or an error.
func (lx *lexer) next() bool {
	src := lx.src
	// whitespace and comments
	for lx.pos < len(src) {
		c := src[lx.pos]
		switch {
		case c == '\n':
			lx.nl = true
			lx.pos++
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			lx.ws = true
			lx.pos++
		case c == '/' && lx.peekByte(lx.pos+1) == '/':
			start := lx.pos
			end := strings.IndexByte(src[start:], '\n')
			if end < 0 {
				end = len(src)
			} else {
				end += start
			}
			lx.pos = end
			if lx.comment(start, end) && lx.stream {
				return true
			}
		case c == '/' && lx.peekByte(lx.pos+1) == '*':
			start := lx.pos
			depth := 0
			i := start
			for {
				if i+1 >= len(src) {
					lx.illegal(start, start, "unterminated block comment")
					return false
				}
				switch {
				case src[i] == '/' && src[i+1] == '*':
					depth++
					i += 2
				case src[i] == '*' && src[i+1] == '/':
					depth--
					i += 2
				default:
					if src[i] == '\n' {
						lx.nl = true
					}
					i++
				}
				if depth == 0 {
					break
				}
			}
			lx.pos = i
			if lx.comment(start, i) && lx.stream {
				return true
			}
		default:
			goto token
		}
	}
	lx.emit(token{kind: tEOF, start: len(src), end: len(src)})
	return false

token:
	start := lx.pos
	c := src[start]
	switch {
	case isIdentStart(c):
		end := start + 1
		for end < len(src) && isIdentChar(src[end]) {
			end++
		}
		word := src[start:end]
		lx.pos = end
		lx.emit(token{kind: keyword(word), start: start, end: end, val: word})
		return true
	case isDigit(c):
		return lx.number(start)
	case c == '"' || c == '\'':
		return lx.str(start, c)
	case c == '@':
		return lx.symbol(start)
	case c == '$':
		return lx.param(start)
	case c == '!':
		switch lx.peekByte(start + 1) {
		case '=':
			return lx.op(tNe, 2)
		case '/':
			return lx.regex(start)
		}
	case c == '.':
		n := lx.peekByte(start + 1)
		switch {
		case n == '.':
			if lx.peekByte(start+2) == '=' {
				return lx.op(tDot2Eq, 3)
			}
			return lx.op(tDot2, 2)
		case isDigit(n) && !lx.prevEndsOperand():
			return lx.number(start)
		case isDigit(n):
			// A member name after an adjacent dot: t.0.1 is two field steps.
			lx.op(tDot, 1)
			end := lx.pos
			for end < len(src) && isDigit(src[end]) {
				end++
			}
			v, err := strconv.ParseUint(src[lx.pos:end], 10, 64)
			if err != nil {
				lx.illegal(lx.pos, lx.pos, "field index out of range")
				return false
			}
			lx.emit(token{kind: tInt, start: lx.pos, end: end, u: v, val: src[lx.pos:end]})
			lx.pos = end
			return true
		}
		return lx.op(tDot, 1)
	case c == ':':
		if lx.peekByte(start+1) == ':' {
			return lx.op(tColon2, 2)
		}
		return lx.op(tColon, 1)
	case c == '=':
		switch lx.peekByte(start + 1) {
		case '=':
			return lx.op(tEq, 2)
		case '>':
			return lx.op(tFatArrow, 2)
		}
		return lx.op(tAssign, 1)
	case c == '<':
		switch lx.peekByte(start + 1) {
		case '=':
			return lx.op(tLe, 2)
		case '-':
			return lx.op(tBackArr, 2)
		}
		return lx.op(tLt, 1)
	case c == '>':
		if lx.peekByte(start+1) == '=' {
			return lx.op(tGe, 2)
		}
		return lx.op(tGt, 1)
	case c == '-':
		switch {
		case lx.peekByte(start+1) == '>':
			return lx.op(tArrow, 2)
		case lx.peekByte(start+1) == '/' && lx.peekByte(start+2) == '>':
			return lx.op(tUnlink, 3)
		}
		return lx.op(tMinus, 1)
	case c == '|':
		if lx.peekByte(start+1) == '>' {
			return lx.op(tPipe, 2)
		}
		return lx.op(tBar, 1)
	default:
		if k := singleCharOp(c); k != tEOF {
			return lx.op(k, 1)
		}
	}
	_, size := utf8.DecodeRuneInString(src[start:])
	lx.illegal(start, start, fmt.Sprintf("syntax error at or near %s: unexpected character", quoteNear(src[start:start+size])))
	return false
}

func singleCharOp(c byte) tkind {
	switch c {
	case '(':
		return tLParen
	case ')':
		return tRParen
	case '[':
		return tLBrack
	case ']':
		return tRBrack
	case '{':
		return tLBrace
	case '}':
		return tRBrace
	case ',':
		return tComma
	case ';':
		return tSemi
	case '?':
		return tQuestion
	case '+':
		return tPlus
	case '*':
		return tStar
	case '/':
		return tSlash
	case '%':
		return tPercent
	case '^':
		return tCaret
	}
	return tEOF
}

func (lx *lexer) op(k tkind, n int) bool {
	lx.emit(token{kind: k, start: lx.pos, end: lx.pos + n})
	lx.pos += n
	return true
}

// comment notes a comment, and reports whether it emitted a token.
func (lx *lexer) comment(start, end int) bool {
	// A comment separates tokens like whitespace does.
	lx.ws = true
	if lx.keepComments {
		nl, ws := lx.nl, lx.ws
		lx.emit(token{kind: tComment, start: start, end: end})
		lx.nl, lx.ws = nl, ws
	}
	return lx.keepComments
}

// suffixAt returns the type suffix starting at i ("_u32" yields "u32"), if
// one is there and is not merely the start of a longer identifier-like run.
func (lx *lexer) suffixAt(i int) string {
	j := i + 1
	if c := lx.peekByte(j); c != 'i' && c != 'u' && c != 'f' {
		return ""
	}
	j++
	for isDigit(lx.peekByte(j)) {
		j++
	}
	if isIdentChar(lx.peekByte(j)) {
		return ""
	}
	switch s := lx.src[i+1 : j]; s {
	case "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f32", "f64":
		return s
	}
	return ""
}

func baseName(base int) string {
	switch base {
	case 2:
		return "binary literal"
	case 8:
		return "octal literal"
	case 16:
		return "hexadecimal literal"
	}
	return "numeric literal"
}

func digitVal(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'z':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'Z':
		return int(c-'A') + 10
	}
	return 99
}

// digits scans a run of base-b digits with single '_' separators between
// them, starting at i. It stops before a '_' that begins a type suffix.
func (lx *lexer) digits(i, base int) (end int, clean string, errAt int, errMsg string) {
	// Most literals have no separator: their digits are a substring.
	start := i
	for i < len(lx.src) && digitVal(lx.src[i]) < base {
		i++
	}
	if i == len(lx.src) || lx.src[i] != '_' {
		return i, lx.src[start:i], -1, ""
	}
	i = start
	var b strings.Builder
	src := lx.src
	for i < len(src) {
		c := src[i]
		if c == '_' {
			if lx.suffixAt(i) != "" {
				break
			}
			if b.Len() == 0 || i+1 >= len(src) || digitVal(src[i+1]) >= base {
				return i, "", i, "invalid digit separator \"_\" in numeric literal: it must stand between digits"
			}
			i++
			continue
		}
		if digitVal(c) >= base {
			break
		}
		b.WriteByte(c)
		i++
	}
	return i, b.String(), -1, ""
}

func (lx *lexer) number(start int) bool {
	src := lx.src
	i := start
	base := 10
	isFloat := false
	// The mantissa's digits without separators: intPart alone for an
	// integer (no copy), built in mant once a fraction or exponent
	// follows.
	var intPart string
	var mant strings.Builder

	if src[i] == '0' && i+1 < len(src) {
		switch src[i+1] {
		case 'x', 'X':
			base = 16
		case 'o', 'O':
			base = 8
		case 'b', 'B':
			base = 2
		}
	}
	if base != 10 {
		i += 2
		end, clean, errAt, msg := lx.digits(i, base)
		if errAt >= 0 {
			lx.illegal(start, errAt, msg)
			return false
		}
		if clean == "" {
			if c := lx.peekByte(i); isIdentChar(c) {
				lx.illegal(start, i, fmt.Sprintf("invalid digit %q in %s", string(c), baseName(base)))
				return false
			}
			lx.illegal(start, i, "numeric literal has no digits after its base prefix")
			return false
		}
		i = end
		intPart = clean
	} else {
		if src[i] != '.' {
			end, clean, errAt, msg := lx.digits(i, 10)
			if errAt >= 0 {
				lx.illegal(start, errAt, msg)
				return false
			}
			i = end
			intPart = clean
		}
		// A fraction needs the dot not to begin ".." (a range) or a member
		// name (2.abs()).
		if i < len(src) && src[i] == '.' && lx.peekByte(i+1) != '.' && !isIdentStart(lx.peekByte(i+1)) {
			isFloat = true
			mant.WriteString(intPart)
			mant.WriteByte('.')
			i++
			if isDigit(lx.peekByte(i)) {
				end, clean, errAt, msg := lx.digits(i, 10)
				if errAt >= 0 {
					lx.illegal(start, errAt, msg)
					return false
				}
				i = end
				mant.WriteString(clean)
			}
		}
		if c := lx.peekByte(i); c == 'e' || c == 'E' {
			j := i + 1
			if s := lx.peekByte(j); s == '+' || s == '-' {
				j++
			}
			if isDigit(lx.peekByte(j)) {
				if !isFloat {
					mant.WriteString(intPart)
				}
				mant.WriteString(src[i:j])
				end, clean, errAt, msg := lx.digits(j, 10)
				if errAt >= 0 {
					lx.illegal(start, errAt, msg)
					return false
				}
				i = end
				mant.WriteString(clean)
				isFloat = true
			} else {
				lx.illegal(start, i, "float literal has no digits in its exponent")
				return false
			}
		}
	}
	suffix := ""
	if lx.peekByte(i) == '_' {
		suffix = lx.suffixAt(i)
		if suffix != "" {
			i += 1 + len(suffix)
		}
	}
	if i < len(src) && isIdentChar(src[i]) {
		lx.illegal(start, i, fmt.Sprintf("invalid character %q in %s", src[i:i+1], baseName(base)))
		return false
	}
	tok := token{kind: tInt, start: start, end: i, aux: suffix}
	if isFloat {
		if suffix != "" && suffix[0] != 'f' {
			lx.illegal(start, i-len(suffix)-1, fmt.Sprintf("invalid suffix %q on float literal", "_"+suffix))
			return false
		}
		f, err := strconv.ParseFloat(mant.String(), 64)
		if err != nil || math.IsInf(f, 0) {
			lx.illegal(start, start, "float literal out of range")
			return false
		}
		tok.kind, tok.u = tFloat, math.Float64bits(f)
	} else {
		u, err := strconv.ParseUint(intPart, base, 64)
		if err != nil {
			lx.illegal(start, start, "integer literal out of range")
			return false
		}
		tok.u = u
	}
	lx.pos = i
	lx.emit(tok)
	return true
}

// escape decodes the escape sequence at src[i] == '\\' inside a literal
// closed by quote. It returns the decoded text and the index after it.
func (lx *lexer) escape(i int, what string, extra byte) (string, int, bool) {
	src := lx.src
	if i+1 >= len(src) {
		lx.illegal(i, i, "unterminated "+what)
		return "", 0, false
	}
	switch c := src[i+1]; c {
	case 'n':
		return "\n", i + 2, true
	case 't':
		return "\t", i + 2, true
	case 'r':
		return "\r", i + 2, true
	case '0':
		return "\x00", i + 2, true
	case '\\', '"', '\'':
		return string(c), i + 2, true
	case 'u':
		j := i + 2
		if lx.peekByte(j) != '{' {
			lx.illegal(i, i, `invalid unicode escape: expected \u{XXXX}`)
			return "", 0, false
		}
		j++
		v, n := 0, 0
		for j < len(src) && src[j] != '}' {
			d := digitVal(src[j])
			if d >= 16 || n == 6 {
				lx.illegal(i, i, `invalid unicode escape: expected 1 to 6 hex digits in \u{...}`)
				return "", 0, false
			}
			v = v*16 + d
			n++
			j++
		}
		if j >= len(src) || n == 0 {
			lx.illegal(i, i, `invalid unicode escape: expected 1 to 6 hex digits in \u{...}`)
			return "", 0, false
		}
		if v > utf8.MaxRune || 0xD800 <= v && v <= 0xDFFF {
			lx.illegal(i, i, fmt.Sprintf(`invalid unicode escape: U+%X is not a Unicode scalar value`, v))
			return "", 0, false
		}
		return string(rune(v)), j + 1, true
	default:
		if c == extra {
			return string(c), i + 2, true
		}
		_, size := utf8.DecodeRuneInString(src[i+1:])
		lx.illegal(i, i, fmt.Sprintf("invalid escape sequence %s in %s", quoteNear(src[i:i+1+size]), what))
		return "", 0, false
	}
}

// quoted scans a literal from start (the opening quote) to the matching
// close, decoding escapes. It returns the value and the index after the close.
func (lx *lexer) quoted(start int, quote byte, what string, extra byte) (string, int, bool) {
	src := lx.src
	i := start + 1
	// Fast path: no escapes means the value is a substring of the source.
	for j := i; j < len(src); j++ {
		if src[j] == quote {
			return src[i:j], j + 1, true
		}
		if src[j] == '\\' {
			break
		}
	}
	var b strings.Builder
	for i < len(src) {
		c := src[i]
		switch c {
		case quote:
			return b.String(), i + 1, true
		case '\\':
			s, next, ok := lx.escape(i, what, extra)
			if !ok {
				return "", 0, false
			}
			b.WriteString(s)
			i = next
		default:
			b.WriteByte(c)
			i++
		}
	}
	lx.illegal(start, start, "unterminated "+what)
	return "", 0, false
}

func (lx *lexer) str(start int, quote byte) bool {
	v, end, ok := lx.quoted(start, quote, "string literal", 0)
	if !ok {
		return false
	}
	lx.pos = end
	lx.emit(token{kind: tString, start: start, end: end, val: v})
	return true
}

func (lx *lexer) symbol(start int) bool {
	src := lx.src
	i := start + 1
	c := lx.peekByte(i)
	switch {
	case isIdentStart(c):
		end := i + 1
		for end < len(src) && isIdentChar(src[end]) {
			end++
		}
		lx.pos = end
		lx.emit(token{kind: tSymbol, start: start, end: end, val: src[i:end], u: symFormName})
		return true
	case isDigit(c):
		end := i + 1
		for end < len(src) && isIdentChar(src[end]) {
			end++
		}
		text := src[i:end]
		if _, err := strconv.ParseUint(text, 0, 64); err != nil {
			lx.illegal(start, start, fmt.Sprintf("invalid numeric symbol %q: expected an integer such as @42 or @0x1f", "@"+text))
			return false
		}
		lx.pos = end
		lx.emit(token{kind: tSymbol, start: start, end: end, val: text, u: symFormNumber})
		return true
	case c == '`':
		v, end, ok := lx.quoted(i, '`', "quoted symbol", '`')
		if !ok {
			return false
		}
		if v == "" {
			lx.illegal(start, start, "empty quoted symbol")
			return false
		}
		lx.pos = end
		lx.emit(token{kind: tSymbol, start: start, end: end, val: v, u: symFormQuoted})
		return true
	}
	lx.illegal(start, start, "invalid symbol: expected a name, an integer or a `quoted name` after \"@\"")
	return false
}

func (lx *lexer) param(start int) bool {
	src := lx.src
	i := start + 1
	end := i
	for end < len(src) && isIdentChar(src[end]) {
		end++
	}
	text := src[i:end]
	switch {
	case text == "":
		lx.illegal(start, start, "invalid parameter: expected a name or a number after \"$\"")
		return false
	case isDigit(text[0]):
		n, err := strconv.ParseUint(text, 10, 16)
		if err != nil || n == 0 {
			lx.illegal(start, start, fmt.Sprintf("invalid parameter %q: positional parameters are $1 to $65535", "$"+text))
			return false
		}
		lx.pos = end
		lx.emit(token{kind: tParam, start: start, end: end, u: n})
		return true
	}
	lx.pos = end
	lx.emit(token{kind: tParam, start: start, end: end, val: text})
	return true
}

// regex scans !/pattern/flags. "\/" stands for a slash in the pattern and
// is stored unescaped; every other backslash pair is kept verbatim for the
// regex engine.
func (lx *lexer) regex(start int) bool {
	src := lx.src
	i := start + 2
	var b strings.Builder
	for {
		if i >= len(src) || src[i] == '\n' {
			lx.illegal(start, start, "unterminated regex literal")
			return false
		}
		c := src[i]
		if c == '/' {
			break
		}
		if c == '\\' && i+1 < len(src) && src[i+1] != '\n' {
			if src[i+1] == '/' {
				b.WriteByte('/')
			} else {
				b.WriteString(src[i : i+2])
			}
			i += 2
			continue
		}
		b.WriteByte(c)
		i++
	}
	i++ // closing slash
	fstart := i
	for i < len(src) && isIdentChar(src[i]) {
		switch c := src[i]; c {
		case 'i', 'm', 's', 'x':
			if strings.IndexByte(src[fstart:i], c) >= 0 {
				lx.illegal(start, i, fmt.Sprintf("duplicate regex flag %q", string(c)))
				return false
			}
		default:
			lx.illegal(start, i, fmt.Sprintf("invalid regex flag %q: expected i, m, s or x", string(c)))
			return false
		}
		i++
	}
	lx.pos = i
	lx.emit(token{kind: tRegex, start: start, end: i, val: b.String(), aux: src[fstart:i]})
	return true
}
