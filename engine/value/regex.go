package value

import (
	"errors"
	"regexp"
	"regexp/syntax"
	"strings"

	"github.com/zerodb/zerodb/errs"
)

// NewRegex compiles a regex literal !/pattern/flags with Go's RE2 syntax.
// Flags: i (case-insensitive), m (multi-line), s (. matches \n) and x
// (extended: unescaped white space outside classes and #-comments are
// dropped, since RE2 has no x flag). A bad pattern or flag is 2201B.
func NewRegex(pattern, flags string) (*Regex, error) {
	var mode strings.Builder
	expr := pattern
	for _, f := range flags {
		switch f {
		case 'i', 'm', 's':
			mode.WriteRune(f)
		case 'x':
			expr = stripExtended(expr)
		default:
			return nil, errs.New(errs.InvalidRegularExpression, "invalid regular expression flag \"%s\"", string(f))
		}
	}
	if mode.Len() > 0 {
		expr = "(?" + mode.String() + ")" + expr
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, RegexError(err)
	}
	return &Regex{Pattern: pattern, Flags: flags, Compiled: re}, nil
}

// RegexError is the 2201B error of a pattern Go's regexp refused, in
// PostgreSQL's words where its regex library has them ("parentheses ()
// not balanced").
func RegexError(err error) *errs.Error {
	msg := strings.TrimPrefix(err.Error(), "error parsing regexp: ")
	var se *syntax.Error
	if errors.As(err, &se) {
		switch se.Code {
		case syntax.ErrMissingParen, syntax.ErrUnexpectedParen:
			msg = "parentheses () not balanced"
		case syntax.ErrMissingBracket:
			msg = "brackets [] not balanced"
		case syntax.ErrMissingRepeatArgument, syntax.ErrInvalidRepeatOp:
			msg = "quantifier operand invalid"
		case syntax.ErrInvalidRepeatSize:
			msg = "invalid repetition count(s)"
		case syntax.ErrInvalidEscape, syntax.ErrTrailingBackslash:
			msg = "invalid escape \\ sequence"
		case syntax.ErrInvalidCharRange:
			msg = "invalid character range"
		}
	}
	return errs.New(errs.InvalidRegularExpression, "invalid regular expression: %s", msg)
}

// stripExtended removes what extended mode ignores.
func stripExtended(p string) string {
	var b strings.Builder
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\' && i+1 < len(p):
			b.WriteByte(c)
			b.WriteByte(p[i+1])
			i++
			continue
		case c == '[':
			inClass = true
		case c == ']':
			inClass = false
		case !inClass && (c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			continue
		case !inClass && c == '#':
			for i < len(p) && p[i] != '\n' {
				i++
			}
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
