package zqlfe

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/internal/golden"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// TestGolden translates every case of testdata/*.zql and compares the
// printed plans with testdata/*.golden. Cases are separated by blank
// lines; a case is one message and may hold several statements (a `let`
// makes its name a session variable for the statements after it).
func TestGolden(t *testing.T) {
	golden.Run(t, ".zql", *update, func(t *testing.T, src string) string {
		var out strings.Builder
		for _, c := range golden.Cases(src, "") {
			out.WriteString(runCase(c))
		}
		return out.String()
	})
}

func runCase(text string) string {
	var b strings.Builder
	for _, l := range strings.Split(text, "\n") {
		b.WriteString("> " + l + "\n")
	}
	r := newFakeResolver()
	stmts, err := Split(text)
	if err != nil {
		b.WriteString(errorLine(text, err) + "\n\n")
		return b.String()
	}
	for _, s := range stmts {
		st, err := Translate(context.Background(), r, s)
		if err != nil {
			b.WriteString(errorLine(text, err) + "\n")
			continue
		}
		b.WriteString(printStatement(st))
		if st.Kind == plan.StmtSet && st.Set != nil {
			r.vars[st.Set.Name] = true
		}
	}
	b.WriteString("\n")
	return b.String()
}

// errorLine prints an error with its SQLSTATE and the text at its position.
func errorLine(text string, err error) string {
	var e *errs.Error
	if !errors.As(err, &e) {
		return "ERROR (not an *errs.Error): " + err.Error()
	}
	s := fmt.Sprintf("ERROR %s: %s", e.Code, e.Message)
	if e.Position > 0 {
		rs := []rune(text)
		at := e.Position - 1
		end := min(at+12, len(rs))
		near := ""
		if at <= len(rs) {
			near = string(rs[at:end])
		}
		s += fmt.Sprintf(" (position %d: %q)", e.Position, near)
	}
	return s
}

func printStatement(st *plan.Statement) string {
	var b strings.Builder
	fmt.Fprintf(&b, "-- %s tag=%s", st.Kind, st.Tag)
	if st.ZQL {
		b.WriteString(" zql")
	}
	if st.ReturnsRows {
		b.WriteString(" rows")
	}
	if len(st.ParamTypes) > 0 {
		fmt.Fprintf(&b, " params=%d", len(st.ParamTypes))
	}
	b.WriteString("\n")
	switch {
	case st.Kind == plan.StmtSet && st.Set != nil:
		s := "let " + st.Set.Name
		if st.Set.Type != nil {
			s += ": " + st.Set.Type.String()
		}
		b.WriteString(s + " = ")
		b.WriteString(plan.Explain(&plan.Eval{X: st.Set.X})[len("Eval "):])
	case st.Kind == plan.StmtUse:
		b.WriteString("use " + st.UseDatabase + "\n")
	case st.Root != nil:
		b.WriteString(plan.Explain(st.Root))
		if ct, ok := st.Root.(*plan.CreateTable); ok {
			b.WriteString(printTable(ct.Table))
		}
	}
	return b.String()
}

func printTable(t *catalog.Table) string {
	var b strings.Builder
	fmt.Fprintf(&b, "  schemafull=%v created_by=%s\n", t.Schemafull, t.CreatedBy)
	for _, f := range t.Fields {
		fmt.Fprintf(&b, "  field %s: %s", f.Name, f.Type)
		if f.Optional {
			b.WriteString(" optional")
		}
		if f.HasDefault {
			if f.DefaultFunc != "" {
				fmt.Fprintf(&b, " default %s()", f.DefaultFunc)
			} else {
				fmt.Fprintf(&b, " default %s", f.DefaultValue)
			}
		}
		for _, a := range f.Asserts {
			fmt.Fprintf(&b, " assert %q", a)
		}
		b.WriteString("\n")
	}
	return b.String()
}
