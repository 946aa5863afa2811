package sqlfe

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	pg "github.com/pganalyze/pg_query_go/v6"
	pgparser "github.com/pganalyze/pg_query_go/v6/parser"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// Stmt is one statement of a query message: its raw parse tree and where
// it sits in the message. The parse tree is shared and never modified, so
// a Stmt may be copied freely and the same Stmt handed to many sessions
// (see Cache).
type Stmt struct {
	tree *pg.Node
	src  *source
	// start and end are the statement's byte span in the message, without
	// the surrounding whitespace and the terminating semicolon.
	start, end int

	// ParamTypes are the parameter types the client declared in a Parse
	// message ($1 is ParamTypes[0]); a zero Type or value.Any (OID 0)
	// leaves that parameter's type to be inferred from its use. Set it on
	// your own copy of the Stmt before Translate.
	ParamTypes []value.Type
}

// Text is the statement's source text.
func (s Stmt) Text() string {
	if s.src == nil {
		return ""
	}
	return s.src.text[s.start:s.end]
}

// Span is the statement's byte span [start, end) in the message it was
// split from.
func (s Stmt) Span() (start, end int) { return s.start, s.end }

// Message is the whole message the statement was split from; error
// positions are character positions in it.
func (s Stmt) Message() string {
	if s.src == nil {
		return ""
	}
	return s.src.text
}

// Tree is the statement's raw parse tree. Callers must not modify it.
func (s Stmt) Tree() *pg.Node { return s.tree }

// source is a message shared by the Stmts split from it.
type source struct {
	text  string
	ascii bool
	// marks[i] is the number of characters in text[:i*markStride]; it is
	// built on the first position asked of a non-ASCII message.
	marksOnce sync.Once
	marks     []int32
}

const markStride = 256

// charPos converts a 0-based byte offset into the message (as pg_query's
// node locations are) into PostgreSQL's 1-based character position; -1
// (no location) yields 0.
func (s *source) charPos(off int32) int {
	if off < 0 {
		return 0
	}
	b := int(off)
	if b > len(s.text) {
		b = len(s.text)
	}
	if s.ascii {
		return b + 1
	}
	s.marksOnce.Do(s.buildMarks)
	i := b / markStride
	n := int(s.marks[i])
	for _, c := range []byte(s.text[i*markStride : b]) {
		if !isContinuation(c) {
			n++
		}
	}
	return n + 1
}

// buildMarks counts characters as non-continuation bytes: unlike rune
// decoding, that count is additive over arbitrary byte boundaries.
func (s *source) buildMarks() {
	s.marks = make([]int32, len(s.text)/markStride+1)
	var n int32
	for i := 0; i < len(s.text); i++ {
		if i%markStride == 0 {
			s.marks[i/markStride] = n
		}
		if !isContinuation(s.text[i]) {
			n++
		}
	}
	if len(s.text)%markStride == 0 {
		s.marks[len(s.text)/markStride] = n
	}
}

func isContinuation(c byte) bool { return c&0xC0 == 0x80 }

// CodeCharacterNotInRepertoire is PostgreSQL's SQLSTATE for text that is
// not valid UTF-8 (or contains a zero byte).
const CodeCharacterNotInRepertoire = "22021"

// Split parses a query message (one or more statements separated by
// semicolons) with PostgreSQL's parser, once. An empty message, or one of
// only comments and semicolons, yields no statements (the session answers
// EmptyQueryResponse).
//
// Syntax errors are *errs.Error with SQLSTATE 42601, PostgreSQL's message
// and the 1-based character position in the message.
func Split(text string) ([]Stmt, error) {
	src, err := newSource(text)
	if err != nil {
		return nil, err
	}
	if err := checkNesting(text); err != nil {
		return nil, err
	}
	res, err := pg.Parse(text)
	if err != nil {
		return nil, syntaxError(err)
	}
	out := make([]Stmt, 0, len(res.Stmts))
	for _, raw := range res.Stmts {
		start := int(raw.StmtLocation)
		end := len(text)
		if raw.StmtLen > 0 {
			end = start + int(raw.StmtLen)
		}
		if start < 0 || start > end || end > len(text) {
			return nil, errs.New(errs.InternalError, "sqlfe: statement span [%d, %d) outside the message", start, end)
		}
		start, end = trimSpan(text, start, end)
		out = append(out, Stmt{tree: raw.Stmt, src: src, start: start, end: end})
	}
	return out, nil
}

func newSource(text string) (*source, error) {
	ascii := true
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == 0 {
			// pg_query reads a C string: everything after a zero byte would
			// be silently ignored.
			return nil, &errs.Error{Code: CodeCharacterNotInRepertoire,
				Message:  `invalid byte sequence for encoding "UTF8": 0x00`,
				Position: utf8.RuneCountInString(text[:i]) + 1}
		}
		if c >= utf8.RuneSelf {
			ascii = false
		}
	}
	if !ascii && !utf8.ValidString(text) {
		i := firstInvalid(text)
		return nil, &errs.Error{Code: CodeCharacterNotInRepertoire,
			Message:  fmt.Sprintf(`invalid byte sequence for encoding "UTF8": 0x%02x`, text[i]),
			Position: utf8.RuneCountInString(text[:i]) + 1}
	}
	return &source{text: text, ascii: ascii}, nil
}

func firstInvalid(s string) int {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return 0
}

// trimSpan drops whitespace around a statement and its semicolon; pg_query
// starts a statement right after the previous semicolon.
func trimSpan(text string, start, end int) (int, int) {
	for start < end && isSpace(text[start]) {
		start++
	}
	for end > start && (isSpace(text[end-1]) || text[end-1] == ';') {
		end--
	}
	return start, end
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// syntaxError converts a pg_query error. Its cursor is already a 1-based
// character position (the parser counts multibyte characters), not a byte
// offset.
func syntaxError(err error) error {
	var pe *pgparser.Error
	if errors.As(err, &pe) {
		return &errs.Error{Code: parserErrorCode(pe.Message), Message: pe.Message, Position: pe.Cursorpos}
	}
	if strings.Contains(err.Error(), "exceeded maximum recursion depth") {
		// The protobuf decoding of the parse tree stops at a depth
		// (checkNesting keeps deeper trees from the parser).
		return errTooDeep()
	}
	return fmt.Errorf("sqlfe: parse: %w", err)
}

// parserErrorCode is the SQLSTATE of a parser error, which pg_query does
// not report: the grammar's refusals of what PostgreSQL does not
// implement ("MATCH PARTIAL not yet implemented"), of reserved role names
// (CREATE ROLE public, ALTER USER none) and of float(p) out of range are
// told by their wording; the rest are syntax errors.
func parserErrorCode(msg string) string {
	switch {
	case strings.HasSuffix(msg, "not yet implemented"), strings.HasSuffix(msg, "is no longer supported"):
		return errs.FeatureNotSupported
	case strings.HasPrefix(msg, "role name ") && strings.HasSuffix(msg, " is reserved"),
		strings.HasSuffix(msg, " cannot be used as a role name here"):
		return errs.ReservedName
	case strings.HasPrefix(msg, "precision for type float must be "):
		return errs.InvalidParameterValue
	}
	return errs.SyntaxError
}

// stmtPos is the 1-based character position of the statement's first
// character, for errors about the statement as a whole.
func (s Stmt) stmtPos() int {
	if s.src == nil {
		return 0
	}
	return s.src.charPos(int32(s.start))
}
