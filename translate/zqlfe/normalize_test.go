package zqlfe

import (
	"context"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/lang"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		src, norm, values string
		ok                bool
	}{
		{`[ r.v : r in kv, r.k == 42 ]`, `[ r.v : r in kv, r.k == $1 ]`, `42`, true},
		{`persons |> filter .name == "Ann" and .age > 1.5e1 |> limit 10`, `persons |> filter .name == $1 and .age > $2 |> limit $3`, `"Ann" 15.0 10`, true},
		{`[7_u8, 'it\'s', 0xff]`, `[$1, $2, $3]`, `7_u8 "it's" 255`, true},
		{`persons |> count`, `persons |> count`, ``, true},
		{`[@red, 1]`, `[@red, $1]`, `1`, true},
		{`kv.@42.v`, "kv.@`$1:int`.v", `42`, true},
		{`persons.@ann.name == "Ann"`, "persons.@`$1`.name == $2", `@ann "Ann"`, true},
		{`kv.@18446744073709551615.v`, "kv.@`$1`.v", "@`18446744073709551615`", true},
		{"kv.@`a b`.v", ``, ``, false},
		{`kv.@42`, ``, ``, false},
		{`kv.@42..kv.@50`, ``, ``, false},
		{`kv.@42.0`, ``, ``, false},
		{`kv.@42.v.w`, "kv.@`$1:int`.v.w", `42`, true},
		{`color.@red`, ``, ``, false},
		{`persons.@42 -> knows -> *`, "persons.@`$1:int` -> knows -> *", `42`, true},
		{"persons.@ann\n  <- knows <- persons[.age > 60]", "persons.@`$1`\n  <- knows <- persons[.age > $2]", `@ann 60`, true},
		{`persons.@42 -/> knows -/> persons.@7`, ``, ``, false},
		{`persons.@42 - 1`, ``, ``, false},
		{`(1, 2).0`, ``, ``, false},
		{`""A`, ``, ``, false},
		{`[$1, 2]`, ``, ``, false},
		{`300_u8 + 1`, ``, ``, false},
		{`"unterminated`, ``, ``, false},
	}
	// One Normalized renormalized through all the messages must give what
	// Normalize gives each, whatever the message before left in it.
	var re Normalized
	for _, tt := range tests {
		n, ok := Normalize(tt.src)
		reOK := re.Renormalize(tt.src)
		if ok != tt.ok || reOK != tt.ok {
			t.Errorf("%s: ok = %v, renormalized %v", tt.src, ok, reOK)
			continue
		}
		if !ok {
			continue
		}
		for _, got := range []*Normalized{&n, &re} {
			var vals []string
			for _, v := range got.Values {
				vals = append(vals, v.String())
			}
			if got.Text != tt.norm || strings.Join(vals, " ") != tt.values {
				t.Errorf("%s: got %q %v, want %q %s", tt.src, got.Text, vals, tt.norm, tt.values)
			}
		}
	}
}

// TestRenormalizeDetach: a detached text is the caller's; the next
// Renormalize leaves it as it was.
func TestRenormalizeDetach(t *testing.T) {
	var n Normalized
	if !n.Renormalize(`persons.@42 -> knows -> *`) {
		t.Fatal("not normalized")
	}
	n.Detach()
	kept := n.Text
	if !n.Renormalize(`kv.@7.v`) || n.Text != "kv.@`$1:int`.v" {
		t.Fatalf("renormalized: %q", n.Text)
	}
	if want := "persons.@`$1:int` -> knows -> *"; kept != want {
		t.Errorf("detached text became %q, want %q", kept, want)
	}
}

func TestNormalizedPosition(t *testing.T) {
	src := `"héllo" + 12345 + x`
	n, ok := Normalize(src)
	if !ok || n.Text != `$1 + $2 + x` {
		t.Fatalf("%q %v", n.Text, ok)
	}
	// Character positions: $1 at 1, $2 at 6, x at 11 in the normalized
	// text; "héllo" at 1, 12345 at 11, x at 19 in the original.
	for _, c := range []struct{ norm, orig int }{{1, 1}, {2, 1}, {6, 11}, {7, 11}, {11, 19}, {0, 0}} {
		if got := n.Position(c.norm); got != c.orig {
			t.Errorf("Position(%d) = %d, want %d", c.norm, got, c.orig)
		}
	}
}

// TestLiteralValueFastPath: the forms literalValue reads without the
// parser give what the parser and translator give.
func TestLiteralValueFastPath(t *testing.T) {
	for _, src := range []string{`0`, `7`, `42`, `123456789012345678`, `007`, `"abc"`, `'x y'`, `""`, `"é"`, `"a\"b"`, `'it\'s'`, `1_000`, `0xff`, `9_u8`} {
		got, ok := literalValue(src)
		e, err := lang.ParseExpr(src)
		if err != nil {
			if ok {
				t.Errorf("%s: fast path accepted what the parser rejects", src)
			}
			continue
		}
		x, err := newTranslator(context.Background(), newFakeResolver(), newSource(src)).expr(e)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		want := x.(*plan.Const).V
		if !ok || !value.Equal(got, want) || got.String() != want.String() {
			t.Errorf("%s: got %v (%v), want %v", src, got, ok, want)
		}
	}
}

// FuzzNormalize: Normalize never panics; what it accepts has one
// parameter per value, lexes, and maps every position of the normalized
// text into the original.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{`[ r.v : r in kv, r.k == 42 ]`, `"héllo" + 12345 + x`, `persons |> limit 10`, `kv.@42.v`, `[$1]`, `'a\'b' // 7`, `1_000 + 0x1f + 2.5e3_f32`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4096 {
			return // the position check below is quadratic
		}
		n, ok := Normalize(src)
		if !ok {
			return
		}
		if strings.Count(n.Text, "$") < len(n.Values) {
			t.Fatalf("%q → %q: %d values", src, n.Text, len(n.Values))
		}
		if _, err := lang.Tokenize(n.Text); err != nil {
			t.Fatalf("%q → %q does not lex: %v", src, n.Text, err)
		}
		chars := len([]rune(src))
		for p := 1; p <= len([]rune(n.Text))+1; p++ {
			if got := n.Position(p); got < 1 || got > chars+1 {
				t.Fatalf("%q → %q: Position(%d) = %d, outside 1..%d", src, n.Text, p, got, chars+1)
			}
		}
	})
}
