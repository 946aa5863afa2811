package lang

import (
	"strings"
	"unicode/utf8"
)

// SQLStateSyntaxError is the SQLSTATE of every error lang reports.
const SQLStateSyntaxError = "42601"

// Error is a syntax error tied to a place in the source text.
//
// It satisfies the small interfaces the rest of the project looks for
// (SQLState() string and Position() int) so that lang need not import them.
type Error struct {
	Offset int    // byte offset into the source
	Line   int    // 1-based line
	Column int    // 1-based column, counted in characters (runes)
	Msg    string // e.g. `syntax error at or near ")": expected expression`

	charPos int
}

func (e *Error) Error() string { return e.Msg }

// SQLState returns "42601" (syntax_error).
func (e *Error) SQLState() string { return SQLStateSyntaxError }

// Position returns the 1-based character position of the error in the
// source, as PostgreSQL's ErrorResponse P field expects.
func (e *Error) Position() int { return e.charPos }

// newError locates offset in src. Counting runes only when an error happens
// keeps the lexer free of per-character bookkeeping.
func newError(src string, offset int, msg string) *Error {
	if offset < 0 {
		offset = 0
	}
	if offset > len(src) {
		offset = len(src)
	}
	before := src[:offset]
	line := strings.Count(before, "\n") + 1
	lineStart := strings.LastIndexByte(before, '\n') + 1
	return &Error{
		Offset:  offset,
		Line:    line,
		Column:  utf8.RuneCountInString(before[lineStart:]) + 1,
		Msg:     msg,
		charPos: utf8.RuneCountInString(before) + 1,
	}
}

// quoteNear renders a token's text the way PostgreSQL does in
// `syntax error at or near "..."`, shortened so a long literal cannot flood
// the message.
func quoteNear(text string) string {
	const max = 40
	if utf8.RuneCountInString(text) > max {
		n := 0
		for i := range text {
			if n == max {
				text = text[:i] + "..."
				break
			}
			n++
		}
	}
	return `"` + text + `"`
}
