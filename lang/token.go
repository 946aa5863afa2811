package lang

import "math"

// tkind is the parser's fine-grained token kind. It stays unexported: the
// grammar may grow new punctuation without breaking callers, who see the
// coarse TokenClass through Tokenize instead.
type tkind uint8

const (
	tEOF tkind = iota
	tIllegal
	tComment

	tIdent
	tInt
	tFloat
	tString
	tRegex
	tSymbol
	tParam

	// keywords
	tLet
	tIn
	tFunction
	tImport
	tTransaction
	tMatch
	tIf
	tElse
	tTrue
	tFalse
	tNone
	tAnd
	tOr
	tNot
	tAsc
	tDesc
	tUse
	tDestroy

	// punctuation and operators
	tLParen   // (
	tRParen   // )
	tLBrack   // [
	tRBrack   // ]
	tLBrace   // {
	tRBrace   // }
	tComma    // ,
	tSemi     // ;
	tColon    // :
	tColon2   // ::
	tDot      // .
	tDot2     // ..
	tDot2Eq   // ..=
	tQuestion // ?
	tPlus     // +
	tMinus    // -
	tStar     // *
	tSlash    // /
	tPercent  // %
	tCaret    // ^
	tEq       // ==
	tNe       // !=
	tLt       // <
	tLe       // <=
	tGt       // >
	tGe       // >=
	tAssign   // =
	tFatArrow // =>
	tArrow    // ->
	tBackArr  // <-
	tUnlink   // -/>
	tPipe     // |>
	tBar      // |
)

// String names a token kind the way "expected ..." messages do.
func (k tkind) String() string {
	switch k {
	case tEOF:
		return "end of input"
	case tIllegal:
		return "invalid token"
	case tComment:
		return "comment"
	case tIdent:
		return "identifier"
	case tInt:
		return "integer"
	case tFloat:
		return "float"
	case tString:
		return "string"
	case tRegex:
		return "regex"
	case tSymbol:
		return "symbol"
	case tParam:
		return "parameter"
	}
	if s := fixedText(k); s != "" {
		return `"` + s + `"`
	}
	return "token"
}

// fixedText is the source spelling of keywords and punctuation.
func fixedText(k tkind) string {
	switch k {
	case tLet:
		return "let"
	case tIn:
		return "in"
	case tFunction:
		return "function"
	case tImport:
		return "import"
	case tTransaction:
		return "transaction"
	case tMatch:
		return "match"
	case tIf:
		return "if"
	case tElse:
		return "else"
	case tTrue:
		return "true"
	case tFalse:
		return "false"
	case tNone:
		return "none"
	case tAnd:
		return "and"
	case tOr:
		return "or"
	case tNot:
		return "not"
	case tAsc:
		return "asc"
	case tDesc:
		return "desc"
	case tUse:
		return "use"
	case tDestroy:
		return "destroy"
	case tLParen:
		return "("
	case tRParen:
		return ")"
	case tLBrack:
		return "["
	case tRBrack:
		return "]"
	case tLBrace:
		return "{"
	case tRBrace:
		return "}"
	case tComma:
		return ","
	case tSemi:
		return ";"
	case tColon:
		return ":"
	case tColon2:
		return "::"
	case tDot:
		return "."
	case tDot2:
		return ".."
	case tDot2Eq:
		return "..="
	case tQuestion:
		return "?"
	case tPlus:
		return "+"
	case tMinus:
		return "-"
	case tStar:
		return "*"
	case tSlash:
		return "/"
	case tPercent:
		return "%"
	case tCaret:
		return "^"
	case tEq:
		return "=="
	case tNe:
		return "!="
	case tLt:
		return "<"
	case tLe:
		return "<="
	case tGt:
		return ">"
	case tGe:
		return ">="
	case tAssign:
		return "="
	case tFatArrow:
		return "=>"
	case tArrow:
		return "->"
	case tBackArr:
		return "<-"
	case tUnlink:
		return "-/>"
	case tPipe:
		return "|>"
	case tBar:
		return "|"
	}
	return ""
}

// keyword maps an identifier spelling to its keyword kind, or tIdent. A
// switch keeps the table constant (no package-level map to mutate).
func keyword(s string) tkind {
	switch s {
	case "let":
		return tLet
	case "in":
		return tIn
	case "function":
		return tFunction
	case "import":
		return tImport
	case "transaction":
		return tTransaction
	case "match":
		return tMatch
	case "if":
		return tIf
	case "else":
		return tElse
	case "true":
		return tTrue
	case "false":
		return tFalse
	case "none":
		return tNone
	case "and":
		return tAnd
	case "or":
		return tOr
	case "not":
		return tNot
	case "asc":
		return tAsc
	case "desc":
		return tDesc
	case "use":
		return tUse
	case "destroy":
		return tDestroy
	}
	return tIdent
}

func isKeyword(k tkind) bool { return k >= tLet && k <= tDestroy }

// IsKeyword reports whether s is a reserved word of ZQL. Printers and
// highlighters use it to decide whether a name needs quoting.
func IsKeyword(s string) bool { return keyword(s) != tIdent }

// token is one lexed token. Offsets are bytes into the source.
type token struct {
	kind       tkind
	nl         bool // a line break separates it from the previous token
	ws         bool // whitespace or a comment separates it from the previous token
	start, end int
	val        string
	aux        string // regex flags; numeric literal suffix
	u          uint64 // integer value, float bits, symbol form, parameter index
}

// float returns a tFloat token's value.
func (t *token) float() float64 { return math.Float64frombits(t.u) }

// TokenClass is the coarse category of a token, meant for syntax
// highlighting and editor tooling.
type TokenClass uint8

// Token classes reported by Tokenize.
const (
	ClassKeyword TokenClass = iota + 1
	ClassIdent
	ClassNumber
	ClassString
	ClassRegex
	ClassSymbol
	ClassParam
	ClassOperator
	ClassPunct
	ClassComment
)

func (c TokenClass) String() string {
	switch c {
	case ClassKeyword:
		return "keyword"
	case ClassIdent:
		return "ident"
	case ClassNumber:
		return "number"
	case ClassString:
		return "string"
	case ClassRegex:
		return "regex"
	case ClassSymbol:
		return "symbol"
	case ClassParam:
		return "param"
	case ClassOperator:
		return "operator"
	case ClassPunct:
		return "punct"
	case ClassComment:
		return "comment"
	}
	return "invalid"
}

// Token is one lexical token of a script: its class and byte span [Start, End).
type Token struct {
	Class      TokenClass
	Start, End int
}

// Tokenize splits src into tokens, comments included. On a lexical error it
// returns the tokens before the error and the *Error.
func Tokenize(src string) ([]Token, error) {
	out := make([]Token, 0, len(src)/3+8)
	sc := NewTokenScanner(src)
	for t, ok := sc.Next(); ok; t, ok = sc.Next() {
		out = append(out, t)
	}
	return out, sc.Err()
}

// TokenScanner reads the tokens of a source (comments included) one at a
// time, as Tokenize does but without a slice of them: a local variable
// costs no allocation.
type TokenScanner struct {
	lx   lexer
	i    int
	done bool
}

// NewTokenScanner returns a scanner of src's tokens.
func NewTokenScanner(src string) TokenScanner {
	s := TokenScanner{lx: lexer{src: src, keepComments: true, stream: true}}
	s.done = !s.lx.validUTF8()
	return s
}

// Next returns the next token; false at the end of the source or at a
// lexical error (Err).
func (s *TokenScanner) Next() (Token, bool) {
	for {
		if s.i < s.lx.qn {
			t := s.lx.q[s.i]
			s.i++
			if t.kind == tEOF || t.kind == tIllegal {
				s.i, s.lx.qn, s.done = 0, 0, true
				return Token{}, false
			}
			return Token{Class: classOf(t.kind), Start: t.start, End: t.end}, true
		}
		if s.done {
			return Token{}, false
		}
		s.i, s.lx.qn = 0, 0
		s.done = !s.lx.next()
	}
}

// Err is the lexical error that ended the tokens, if any.
func (s *TokenScanner) Err() error {
	if s.lx.err != nil {
		return s.lx.err
	}
	return nil
}

func classOf(k tkind) TokenClass {
	switch {
	case isKeyword(k):
		return ClassKeyword
	case k == tComment:
		return ClassComment
	case k == tIdent:
		return ClassIdent
	case k == tInt || k == tFloat:
		return ClassNumber
	case k == tString:
		return ClassString
	case k == tRegex:
		return ClassRegex
	case k == tSymbol:
		return ClassSymbol
	case k == tParam:
		return ClassParam
	case k >= tLParen && k <= tDot:
		return ClassPunct
	}
	return ClassOperator
}
