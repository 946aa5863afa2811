package sqlfe

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/internal/golden"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// TestGolden translates the cases of testdata/*.sql and compares the
// printed plans, result columns and errors with testdata/*.golden. Cases
// are separated by blank lines; a case is one query message (it may hold
// several statements); lines starting with # are comments.
func TestGolden(t *testing.T) {
	golden.Run(t, ".sql", *update, func(t *testing.T, src string) string {
		r := newFakeResolver()
		var out strings.Builder
		for _, c := range golden.Cases(src, "#") {
			out.WriteString(runCase(r, c))
			out.WriteString("\n")
		}
		return out.String()
	})
}

func runCase(r *fakeResolver, text string) string {
	var b strings.Builder
	for _, line := range strings.Split(text, "\n") {
		b.WriteString("> " + line + "\n")
	}
	stmts, err := Split(text)
	if err != nil {
		b.WriteString(formatError(text, err))
		return b.String()
	}
	for _, s := range stmts {
		if len(stmts) > 1 {
			fmt.Fprintf(&b, "-- %s\n", s.Text())
		}
		st, err := Translate(context.Background(), r, s)
		if err != nil {
			b.WriteString(formatError(text, err))
			continue
		}
		if st.Text != s.Text() {
			fmt.Fprintf(&b, "BAD TEXT %q\n", st.Text)
		}
		b.WriteString(printStatement(st))
	}
	return b.String()
}

// formatError prints an error with its SQLSTATE and a caret under its
// position, as psql would.
func formatError(text string, err error) string {
	var e *errs.Error
	if !errors.As(err, &e) {
		return fmt.Sprintf("ERROR (not *errs.Error) %v\n", err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "ERROR %s: %s\n", e.Code, e.Message)
	if e.Detail != "" {
		fmt.Fprintf(&b, "DETAIL: %s\n", e.Detail)
	}
	if e.Hint != "" {
		fmt.Fprintf(&b, "HINT: %s\n", e.Hint)
	}
	if e.Position > 0 {
		fmt.Fprintf(&b, "POSITION: %d\n", e.Position)
		b.WriteString(caret(text, e.Position))
	}
	return b.String()
}

// caret shows the line holding character position pos with a ^ under it.
func caret(text string, pos int) string {
	chars := []rune(text)
	if pos > len(chars)+1 {
		return fmt.Sprintf("(position %d beyond the text)\n", pos)
	}
	start := pos - 1
	for start > 0 && chars[start-1] != '\n' {
		start--
	}
	end := start
	for end < len(chars) && chars[end] != '\n' {
		end++
	}
	line := string(chars[start:end])
	return fmt.Sprintf("  %s\n  %s^\n", line, strings.Repeat(" ", utf8.RuneCountInString(string(chars[start:pos-1]))))
}
