package zqlfe

import (
	"context"
	"slices"
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

// TestRenormalizeLike: messages that follow the one before with other
// digits take renormalizeLike's path, and everything else the full one;
// either way the result is Normalize's.
func TestRenormalizeLike(t *testing.T) {
	msgs := []string{
		`persons.@42 -> knows -> * -> knows -> * |> distinct`,
		`persons.@7 -> knows -> * -> knows -> * |> distinct`,
		`persons.@123456 -> knows -> * -> knows -> * |> distinct`,
		`persons.@0 -> knows -> * -> knows -> * |> distinct`,
		`persons.@007 -> knows -> * -> knows -> * |> distinct`,
		`persons.@8 -> knows -> * -> knows -> * |> count`,
		`persons.@8 -> knows -> persons[.age > 60] |> limit 10`,
		`persons.@9 -> knows -> persons[.age > 7] |> limit 100000`,
		`persons.@9 -> knows -> persons[.age > 7.5] |> limit 1`,
		`persons.@9 -> knows -> persons[.age > 7_000] |> limit 1`,
		`persons.@9 -> knows -> persons[.age > 7] |> limit 1`,
		`persons.@ann -> knows -> persons[.age > 7] |> limit 1`,
		`persons.@9 -> knows -> persons[.age > 7] |> limit 1`,
		`persons.@9 -> knows -> persons[.age > 1234567890123456789] |> limit 1`,
		`persons.@9 -> knows -> persons[.age > 7] |> limit 1 // 5`,
		`persons.@9 -> knows -> persons[.age > 7] |> limit 1 // 6`,
		`persons.@9 -> knows -> persons[.age > 7] |> limit 1`,
		`persons.@9 -> knows -> persons[.age > 7] |> limit 1x`,
		`persons.@9 -> knows -> persons[.age > 7] |> limit $1`,
		`persons.@9 -> knows -> persons[.age > 7] |> limit 2`,
		`kv.@42.v`,
		`kv.@43.v`,
		`kv.@43.0`,
		`kv.@44.v`,
		``,
		`3`,
		`4`,
	}
	var n Normalized
	for _, src := range msgs {
		want, wantOK := Normalize(src)
		if ok := n.Renormalize(src); ok != wantOK {
			t.Errorf("%s: ok = %v, want %v", src, ok, wantOK)
			continue
		}
		if !wantOK {
			continue
		}
		if n.Text != want.Text || !slices.EqualFunc(n.Values, want.Values, sameValue) {
			t.Errorf("%s: got %q %v, want %q %v", src, n.Text, n.Values, want.Text, want.Values)
		}
		for p := 0; p <= len(n.Text)+1; p++ {
			if got, want := n.Position(p), want.Position(p); got != want {
				t.Errorf("%s: Position(%d) = %d, want %d", src, p, got, want)
			}
		}
	}
}

// TestRenormalizeLikeTaken: the same query for other vertices takes the
// template's path; another query does not.
func TestRenormalizeLikeTaken(t *testing.T) {
	var n Normalized
	if !n.Renormalize(`persons.@42 -> knows -> * |> limit 10`) || !n.prevOK {
		t.Fatal("no template")
	}
	for _, tt := range []struct {
		src  string
		like bool
	}{
		{`persons.@7 -> knows -> * |> limit 100`, true},
		{`persons.@123 -> knows -> * |> limit 1`, true},
		{`persons.@123 -> knows -> * |> limit 01`, false},
		{`persons.@ann -> knows -> * |> limit 1`, false},
		{`persons.@1 -> knows -> * |> limit 1 `, false},
	} {
		if got := n.renormalizeLike(tt.src); got != tt.like {
			t.Errorf("%s: renormalizeLike = %v", tt.src, got)
		}
	}
}

// FuzzRenormalizeLike: a message renormalized after another (by
// renormalizeLike when it follows that one's template) normalizes as
// Normalize has it.
func FuzzRenormalizeLike(f *testing.F) {
	f.Add(`persons.@42 -> knows -> * |> distinct`, `persons.@7 -> knows -> * |> distinct`)
	f.Add(`kv.@42.v + 5`, `kv.@1.v + 55`)
	f.Add(`[1, 2, 3]`, `[1, 2, 3.5]`)
	f.Add(`t.@1 -> e -> *`, `t.@1_0 -> e -> *`)
	f.Fuzz(func(t *testing.T, first, second string) {
		checkRenormalized(t, first, second)
		// The message most likely to follow first's template: first with
		// other digits (one more in each run of them, and each one
		// moved on).
		var more, moved []byte
		for i := 0; i < len(first); i++ {
			c := first[i]
			more = append(more, c)
			if c >= '0' && c <= '9' {
				if i+1 == len(first) || first[i+1] < '0' || first[i+1] > '9' {
					more = append(more, '1')
				}
				c = '0' + (c-'0'+1)%10
			}
			moved = append(moved, c)
		}
		checkRenormalized(t, first, string(more))
		checkRenormalized(t, first, string(moved))
	})
}

// checkRenormalized: second renormalized after first normalizes as
// Normalize has it.
func checkRenormalized(t *testing.T, first, second string) {
	var n Normalized
	n.Renormalize(first)
	want, wantOK := Normalize(second)
	if ok := n.Renormalize(second); ok != wantOK {
		t.Fatalf("%q after %q: ok = %v, want %v", second, first, ok, wantOK)
	}
	if !wantOK {
		return
	}
	if n.Text != want.Text || !slices.EqualFunc(n.Values, want.Values, sameValue) {
		t.Fatalf("%q after %q: got %q %v, want %q %v", second, first, n.Text, n.Values, want.Text, want.Values)
	}
	if len(second) <= 512 {
		for p := 0; p <= len(n.Text)+1; p++ {
			if got, want := n.Position(p), want.Position(p); got != want {
				t.Fatalf("%q after %q: Position(%d) = %d, want %d", second, first, p, got, want)
			}
		}
	}
}

// sameValue: a and b are one value, of one kind, written alike.
func sameValue(a, b value.Value) bool {
	return a.Kind() == b.Kind() && value.Equal(a, b) && a.String() == b.String()
}

// BenchmarkRenormalize normalizes bench/graph's 2-hop for one vertex
// after another, as a session's plan cache lookups do.
func BenchmarkRenormalize(b *testing.B) {
	msgs := []string{
		`persons.@4242 -> knows -> * -> knows -> * |> distinct`,
		`persons.@77 -> knows -> * -> knows -> * |> distinct`,
	}
	b.ReportAllocs()
	var n Normalized
	i := 0
	for b.Loop() {
		if !n.Renormalize(msgs[i%2]) {
			b.Fatal("not normalized")
		}
		i++
	}
}
