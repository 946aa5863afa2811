package sqlfe

import (
	"strings"

	"github.com/zerodb/zerodb/errs"
)

// pg_query's parser builds a left-deep tree for a chain of binary
// operators (1+1+1..., a || b || ..., x::t::t..., UNION after UNION, JOIN
// after JOIN) without growing the grammar's own bounded stack, and then
// walks that tree recursively in C to hand it over: a chain some 25,000
// links long overflows the C stack, and a SIGSEGV in C takes the whole
// server down. PostgreSQL itself answers such a statement with 54001
// (check_stack_depth); pg_query's copy of that check is never armed.
//
// checkNesting therefore bounds, before the parser runs, how deep a
// message's expressions can nest: from its tokens, without parsing. The
// estimate never undercounts a chain: every link of one is an operator,
// a cast, a set operation, a JOIN, a COLLATE or an AT (TIME ZONE) token.
// Tokens that PostgreSQL's grammar folds into flat lists (commas, AND
// and OR) end a chain. Parentheses and brackets nest: what runs inside
// adds to the chain around them.
//
// Below the limit the parser's own checks answer: its grammar stack
// stops 10,000 open parentheses or CASEs ("memory exhausted", 42601),
// and the protobuf decoding of its result stops trees deeper than about
// 5,000 levels (syntaxError maps that to 54001 as well).
const (
	// maxNesting is the deepest estimate accepted: four times below
	// where the C stack overflows, and above what the decoding of the
	// parse tree takes anyway.
	maxNesting = 6000
	// nestingScanFrom is the message length below which no estimate can
	// reach maxNesting (a chain link takes at least two bytes: "1+"),
	// so shorter messages are not scanned.
	nestingScanFrom = 2 * maxNesting
)

// errTooDeep is PostgreSQL's answer to a statement nested too deeply.
func errTooDeep() error {
	return errs.New(errs.StatementTooComplex, "stack depth limit exceeded").
		WithHint("The statement nests expressions more than %d levels deep (a chain of operators counts a level per operator); nest them less deeply.", maxNesting)
}

// checkNesting refuses, with 54001, a message whose expressions may nest
// more than maxNesting levels deep. It leaves malformed text (an
// unterminated string or comment) to the parser.
func checkNesting(text string) error {
	if len(text) < nestingScanFrom {
		return nil
	}
	var outer []int // the chain length of each enclosing level
	enclosing := 0  // the sum of outer
	chain := 0      // links in the current level's chain
	link := func() bool {
		chain++
		return len(outer)+enclosing+chain > maxNesting
	}
	t := text
	for i := 0; i < len(t); {
		c := t[i]
		switch {
		case isSpace(c):
			i++
		case c == '-' && i+1 < len(t) && t[i+1] == '-':
			for i < len(t) && t[i] != '\n' && t[i] != '\r' {
				i++
			}
		case c == '/' && i+1 < len(t) && t[i+1] == '*':
			i, _ = BlockCommentEnd(t, i)
		case c == '\'':
			e, ok := scanString(t, i)
			if !ok {
				return nil
			}
			i = e
		case c == '"':
			e, ok := scanQuotedIdent(t, i)
			if !ok {
				return nil
			}
			i = e
		case c == '$':
			delim := dollarTag(t, i)
			if delim == "" {
				i++
				continue
			}
			k := strings.Index(t[i+len(delim):], delim)
			if k < 0 {
				return nil
			}
			i += 2*len(delim) + k
		case isIdentStart(c):
			start := i
			for i < len(t) && isIdentCont(t[i]) {
				i++
			}
			w := t[start:i]
			if i < len(t) && t[i] == '\'' && len(w) == 1 {
				// E'...', B'...', X'...', N'...': a string.
				scan := scanString
				if w[0]|0x20 == 'e' {
					scan = scanEString
				}
				e, ok := scan(t, i)
				if !ok {
					return nil
				}
				i = e
				continue
			}
			if len(w) < 2 || len(w) > len("intersect") {
				continue // no keyword below counts
			}
			switch strings.ToLower(w) {
			case "and", "or":
				chain = 0
			case "union", "intersect", "except", "join", "collate", "at":
				if link() {
					return errTooDeep()
				}
			}
		case c == ':' && i+1 < len(t) && t[i+1] == ':':
			i += 2
			if link() {
				return errTooDeep()
			}
		case isOpChar(c):
			start := i
			for i < len(t) && isOpChar(t[i]) {
				if i+1 < len(t) && ((t[i] == '-' && t[i+1] == '-') || (t[i] == '/' && t[i+1] == '*')) {
					break // a comment starts
				}
				i++
			}
			// PostgreSQL's lexer cuts the + and - off the end of an
			// operator without one of ~ ! @ # % ^ & | ` ?, one at a
			// time: "+++" is three prefix operators (and lexing a long
			// run takes time quadratic in its length). Count each
			// character of such a run as a link.
			links := 1
			if !strings.ContainsAny(t[start:i], "~!@#%^&|`?") {
				links = i - start
			}
			for range links {
				if link() {
					return errTooDeep()
				}
			}
		case c == '(' || c == '[':
			i++
			outer = append(outer, chain)
			enclosing += chain
			chain = 0
			if len(outer)+enclosing > maxNesting {
				return errTooDeep()
			}
		case c == ')' || c == ']':
			i++
			if n := len(outer); n > 0 {
				chain = outer[n-1]
				enclosing -= chain
				outer = outer[:n-1]
			}
		case c == ',':
			i++
			chain = 0
		case c == ';':
			i++
			outer, enclosing, chain = outer[:0], 0, 0
		default:
			i++
		}
	}
	return nil
}

// dollarTag returns the delimiter ("$$", "$tag$") of the dollar-quoted
// string starting at t[i] ('$'), or "" when the $ starts none (a
// parameter $1, or a lone $).
func dollarTag(t string, i int) string {
	j := i + 1
	if j < len(t) && (t[j] == '_' || isLetter(t[j])) {
		j++
		for j < len(t) && (t[j] == '_' || isLetter(t[j]) || isDigit(t[j])) {
			j++
		}
	}
	if j >= len(t) || t[j] != '$' {
		return ""
	}
	return t[i : j+1]
}
