package zqlfe

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/lang"
)

// Stmt is one statement of a ZQL message, parsed. A Stmt may be copied
// freely; its syntax tree is shared and never modified.
type Stmt struct {
	// Text is the whole message; Start and End delimit the statement (byte
	// offsets). Error positions are character positions in Text.
	Text       string
	Start, End int

	stmt lang.Stmt
	src  *source
}

// Source is the statement's own text.
func (s Stmt) Source() string {
	if s.Start < 0 || s.End > len(s.Text) || s.Start > s.End {
		return ""
	}
	return s.Text[s.Start:s.End]
}

// Syntax is the statement's syntax tree (nil for a Stmt not made by
// Split). Callers must not modify it.
func (s Stmt) Syntax() lang.Stmt { return s.stmt }

// Split parses a ZQL message into statements. A syntax error anywhere in
// the message fails the whole message (as PostgreSQL does for a simple
// query) with SQLSTATE 42601 and the 1-based character position of the
// error in the message.
func Split(text string) ([]Stmt, error) {
	script, err := lang.Parse(text)
	if err != nil {
		return nil, errs.From(err)
	}
	src := newSource(text)
	out := make([]Stmt, len(script.Stmts))
	for i, st := range script.Stmts {
		b := st.Bounds()
		out[i] = Stmt{Text: text, Start: b.Start, End: b.End, stmt: st, src: src}
	}
	return out, nil
}

// source is a message shared by the Stmts split from it; it converts the
// byte offsets of syntax nodes into PostgreSQL's 1-based character
// positions.
type source struct {
	text  string
	ascii bool
	// noPos makes every position 0: the source of a stored function
	// compiled for a call, whose errors take the call's position.
	noPos bool
	// keyParams are the record key placeholders of a normalized message
	// (Normalized.Split).
	keyParams []keyParam

	// marks[i] is the number of characters in text[:i*markStride], built
	// on the first position asked of a non-ASCII message so that a
	// position costs at most markStride byte checks.
	marksOnce sync.Once
	marks     []int32
}

const markStride = 128

func newSource(text string) *source {
	ascii := true
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	return &source{text: text, ascii: ascii}
}

// charPos converts a byte offset into a 1-based character position.
func (s *source) charPos(off int) int {
	if off < 0 || s.noPos {
		return 0
	}
	if off > len(s.text) {
		off = len(s.text)
	}
	if s.ascii {
		return off + 1
	}
	s.marksOnce.Do(s.buildMarks)
	i := off / markStride
	n := int(s.marks[i])
	for j := i * markStride; j < off; j++ {
		if !isContinuation(s.text[j]) {
			n++
		}
	}
	return n + 1
}

// buildMarks counts characters as bytes that do not continue a UTF-8
// sequence: unlike decoding runes, that count adds up over arbitrary
// byte boundaries.
func (s *source) buildMarks() {
	s.marks = make([]int32, len(s.text)/markStride+1)
	var n int32
	for i := 0; i <= len(s.text); i++ {
		if i%markStride == 0 {
			s.marks[i/markStride] = n
		}
		if i < len(s.text) && !isContinuation(s.text[i]) {
			n++
		}
	}
}

func isContinuation(c byte) bool { return c&0xC0 == 0x80 }

// DefinedFunction is the name of the stored function s defines (a
// `function name(...) { ... }` statement); ok is false for any other
// statement.
func (s Stmt) DefinedFunction() (name string, ok bool) {
	fd, ok := s.stmt.(*lang.FuncDecl)
	if !ok || fd.Name == nil {
		return "", false
	}
	return fd.Name.Name, true
}

// Identifiers lists the distinct identifiers a ZQL source names (tables,
// functions, variables alike), in order of first use: what pg_depend says
// a stored function depends on, as the relations and functions among
// them, so that pg_dump writes those first (a function's body is checked
// against the catalog when it is defined). A source that does not lex
// names what it names up to the error.
func Identifiers(source string) []string {
	var out []string
	sc := lang.NewTokenScanner(source)
	for t, ok := sc.Next(); ok; t, ok = sc.Next() {
		if t.Class != lang.ClassIdent {
			continue
		}
		name := strings.Trim(source[t.Start:t.End], "`")
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}
