package lang

import (
	"strings"
	"testing"
)

func TestStatementSpans(t *testing.T) {
	src := "let a = 1; a + 1\n  // comment\npersons\n  |> count\n"
	s, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, st := range s.Stmts {
		b := st.Bounds()
		got = append(got, src[b.Start:b.End])
	}
	want := []string{"let a = 1", "a + 1", "persons\n  |> count"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("statement texts = %q, want %q", got, want)
	}
}

func TestNodePositions(t *testing.T) {
	src := "x = (a + b) * 2"
	x, err := ParseExpr(src[4:])
	if err != nil {
		t.Fatal(err)
	}
	bin := x.(*Binary)
	if bin.Pos() != 0 || bin.Bounds().End != 11 || bin.OpPos != 8 {
		t.Errorf("outer binary at %v, op at %d", bin.Bounds(), bin.OpPos)
	}
	// Parentheses widen the span of the node they enclose.
	if in := bin.X.Bounds(); in != (Span{0, 7}) {
		t.Errorf("parenthesized operand span = %v, want {0 7}", in)
	}
	if y := bin.Y.Bounds(); y != (Span{10, 11}) {
		t.Errorf("right operand span = %v", y)
	}
}

func TestErrorPositionCountsCharacters(t *testing.T) {
	src := "let s = \"héllo wörld\"\nlet t = s +"
	_, err := Parse(src)
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("got %v", err)
	}
	if e.Offset != len(src) || e.Position() != len([]rune(src))+1 || e.Line != 2 || e.Column != 12 {
		t.Errorf("error %+v position %d", e, e.Position())
	}
	if e.SQLState() != "42601" {
		t.Errorf("SQLState %s", e.SQLState())
	}
	if !strings.Contains(e.Error(), "syntax error at end of input: expected expression") {
		t.Errorf("message %q", e.Error())
	}
}

func TestDeepNestingIsAnError(t *testing.T) {
	inputs := []string{
		strings.Repeat("(", 100000),
		strings.Repeat("[", 100000),
		strings.Repeat("{", 100000),
		strings.Repeat("-", 100000) + "x",
		strings.Repeat("not ", 50000) + "x",
		strings.Repeat("|x| ", 50000) + "x",
		strings.Repeat("f ", 50000) + "x",
		"1" + strings.Repeat(" + 1", 50000),
		"x" + strings.Repeat(" |> f", 50000),
		"match x { " + strings.Repeat("[", 50000),
		"let x: " + strings.Repeat("[", 50000),
		strings.Repeat("if x { ", 50000),
	}
	for _, in := range inputs {
		_, err := Parse(in)
		if err == nil {
			t.Errorf("%.20q...: no error", in)
			continue
		}
		if !strings.Contains(err.Error(), "nested too deeply") {
			t.Errorf("%.20q...: %v", in, err)
		}
	}
	// Wide is fine: only depth is limited.
	wide := "[" + strings.Repeat("1, ", 50000) + "1]"
	if _, err := Parse(wide); err != nil {
		t.Errorf("wide list: %v", err)
	}
}

func TestTokenize(t *testing.T) {
	src := "let x = persons.@ann // hi\n|> f(1.5, \"s\", !/r/i, $1)"
	toks, err := Tokenize(src)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, tk := range toks {
		b.WriteString(tk.Class.String())
		b.WriteString(":")
		b.WriteString(src[tk.Start:tk.End])
		b.WriteString(" ")
	}
	want := `keyword:let ident:x operator:= ident:persons punct:. symbol:@ann comment:// hi ` +
		`operator:|> ident:f punct:( number:1.5 punct:, string:"s" punct:, regex:!/r/i punct:, param:$1 punct:) `
	if b.String() != want {
		t.Errorf("tokens:\n got %s\nwant %s", b.String(), want)
	}
	toks, err = Tokenize("a + \"open")
	if err == nil || len(toks) != 2 {
		t.Errorf("got %v tokens, err %v", len(toks), err)
	}
	// A scanner costs no allocation: Normalize lexes every message (a
	// string with escapes or a regex costs its value).
	if n := testing.AllocsPerRun(10, func() {
		sc := NewTokenScanner("[ r.v : r in kv, r.k == 42, 'x' ] // c\n kv.@42.v")
		for _, ok := sc.Next(); ok; _, ok = sc.Next() {
		}
	}); n != 0 {
		t.Errorf("TokenScanner: %v allocations", n)
	}
}

func TestParseExpr(t *testing.T) {
	if _, err := ParseExpr("let x = 1"); err == nil {
		t.Error("ParseExpr accepted a let statement")
	}
	if _, err := ParseExpr("1; 2"); err == nil {
		t.Error("ParseExpr accepted two statements")
	}
	x, err := ParseExpr("persons |> count")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := x.(*Pipeline); !ok {
		t.Errorf("got %T", x)
	}
}

// TestJuxtaposition pins the rules of grammar.md §4 on small cases.
func TestJuxtaposition(t *testing.T) {
	cases := map[string]string{
		"f a":             "(call prefix (ident f) (ident a))",
		"a f b":           "(call infix (ident f) (ident a) (ident b))",
		"a f b c":         "(call infix (ident f) (ident a) (call prefix (ident b) (ident c)))",
		"f(a)":            "(call plain (ident f) (ident a))",
		"f (a, b)":        "(call prefix (ident f) (tuple (ident a) (ident b)))",
		"f -1":            "(binary - (ident f) (int 1))",
		"xs[0]":           "(index (ident xs) (int 0))",
		"xs [0]":          "(call prefix (ident xs) (list (int 0)))",
		"a.b":             "(field-access (ident a) b)",
		"f .b":            "(call prefix (ident f) (field-access (dot) b))",
		"count xs + 1":    "(call prefix (ident count) (binary + (ident xs) (int 1)))",
		"x mod 2 == 0":    "(binary == (call infix (ident mod) (ident x) (int 2)) (int 0))",
		"x mod n + 1":     "(call infix (ident mod) (ident x) (binary + (ident n) (int 1)))",
		"a + b mod c * d": "(call infix (ident mod) (binary + (ident a) (ident b)) (binary * (ident c) (ident d)))",
		"update { a: 1 }": "(call prefix (ident update) (object (field \"a\" (int 1))))",
		"math::sqrt x":    "(call prefix (ns math sqrt) (ident x))",
		"f |x| x |> g":    "(pipe (call prefix (ident f) (closure (params (param x)) (ident x))) (ident g))",
	}
	for src, want := range cases {
		x, err := ParseExpr(src)
		if err != nil {
			t.Errorf("%s: %v", src, err)
			continue
		}
		if got := Dump(x); got != want {
			t.Errorf("%s:\n got %s\nwant %s", src, got, want)
		}
	}
	for _, bad := range []string{"f x desc + 1", "a -> * + 1", "xs |> order desc + 1", "f a, b"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}
