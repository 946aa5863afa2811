package lang

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// errorCaseSep separates the inputs of testdata/errors.zql.
const errorCaseSep = "\n----\n"

// TestGolden parses every testdata/*.zql (except errors.zql) and compares,
// per statement, its source span, tree and canonical print with the
// .golden file. It also checks span nesting and the print round trip.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.zql")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		if filepath.Base(file) == "errors.zql" {
			continue
		}
		t.Run(filepath.Base(file), func(t *testing.T) {
			src := readFile(t, file)
			script, err := Parse(src)
			if err != nil {
				e := err.(*Error)
				t.Fatalf("%s:%d:%d: %v", file, e.Line, e.Column, err)
			}
			checkSpans(t, src, script)
			checkRoundTrip(t, script)
			var b strings.Builder
			for _, st := range script.Stmts {
				sp := st.Bounds()
				b.WriteString("== ")
				b.WriteString(strings.ReplaceAll(src[sp.Start:sp.End], "\n", "\n   "))
				b.WriteString("\n")
				b.WriteString(Dump(st))
				b.WriteString("\n=> ")
				b.WriteString(Print(st))
				b.WriteString("\n\n")
			}
			compareGolden(t, strings.TrimSuffix(file, ".zql")+".golden", b.String())
		})
	}
}

// TestGoldenErrors checks the message and position of each bad input in
// testdata/errors.zql.
func TestGoldenErrors(t *testing.T) {
	src := readFile(t, "testdata/errors.zql")
	var b strings.Builder
	for _, c := range strings.Split(strings.TrimSuffix(src, "\n"), errorCaseSep) {
		b.WriteString("== ")
		b.WriteString(strings.ReplaceAll(c, "\n", "\n   "))
		b.WriteString("\n")
		_, err := Parse(c)
		if err == nil {
			t.Errorf("no error for %q", c)
			b.WriteString("no error\n\n")
			continue
		}
		e, ok := err.(*Error)
		if !ok {
			t.Fatalf("error is %T, not *Error", err)
		}
		if e.SQLState() != "42601" {
			t.Errorf("SQLState = %s", e.SQLState())
		}
		if strings.Contains(e.Msg, "internal parser error") {
			t.Errorf("internal error for %q: %v", c, e)
		}
		fmt.Fprintf(&b, "error at %d:%d (position %d, offset %d): %s\n\n", e.Line, e.Column, e.Position(), e.Offset, e.Msg)
	}
	compareGolden(t, "testdata/errors.golden", b.String())
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func compareGolden(t *testing.T, name, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(name, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) && i < len(wl); i++ {
			if gl[i] != wl[i] {
				t.Fatalf("%s differs at line %d:\nwant: %s\ngot:  %s\n(run go test -update to accept)", name, i+1, wl[i], gl[i])
			}
		}
		t.Fatalf("%s differs in length (run go test -update to accept)", name)
	}
}

// checkSpans verifies that every node's span is well formed, lies inside
// its parent's, and that statements do not overlap.
func checkSpans(t *testing.T, src string, s *Script) {
	t.Helper()
	prev := 0
	for _, st := range s.Stmts {
		sp := st.Bounds()
		if sp.Start < prev {
			t.Errorf("statement at %d overlaps the previous one ending at %d", sp.Start, prev)
		}
		prev = sp.End
		walkSpans(t, src, reflect.ValueOf(st), Span{0, len(src)})
	}
}

func walkSpans(t *testing.T, src string, v reflect.Value, parent Span) {
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if !v.IsNil() {
			walkSpans(t, src, v.Elem(), parent)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walkSpans(t, src, v.Index(i), parent)
		}
	case reflect.Struct:
		if v.Type() == spanType {
			return
		}
		own := parent
		if f := v.FieldByName("Span"); f.IsValid() && f.Type() == spanType {
			own = f.Interface().(Span)
			if own.Start > own.End || own.Start < parent.Start || own.End > parent.End {
				t.Errorf("%s span [%d,%d) %q is not inside its parent [%d,%d) %q",
					v.Type().Name(), own.Start, own.End, clip(src, own), parent.Start, parent.End, clip(src, parent))
			}
		}
		for i := 0; i < v.NumField(); i++ {
			walkSpans(t, src, v.Field(i), own)
		}
	}
}

func clip(src string, s Span) string {
	if s.Start < 0 || s.End > len(src) || s.Start > s.End {
		return "<out of range>"
	}
	return src[s.Start:s.End]
}
