package value

import (
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// Outputs, messages and matches are PostgreSQL 15's (ltree 1.2).
func TestLtreeInput(t *testing.T) {
	for _, c := range []struct {
		in   string
		kind LtreeKind
		out  string
		err  string // message, then the detail after " / "
	}{
		{"Top.Science.Astro_1", LtreePath, "Top.Science.Astro_1", ""},
		{"", LtreePath, "", ""},
		{"é.ü", LtreePath, "é.ü", ""},
		{"a-b", LtreePath, "", "ltree syntax error at character 2"},
		{"a..b", LtreePath, "", "ltree syntax error at character 3"},
		{".a", LtreePath, "", "ltree syntax error at character 1"},
		{"a.", LtreePath, "", "ltree syntax error / Unexpected end of input."},
		{"a.*{1,2}.b", LtreeLquery, "a.*{1,2}.b", ""},
		{"*{0,}", LtreeLquery, "*", ""},
		{"*{1}.a|b@*%.!c.d{2,3}", LtreeLquery, "*{1}.a|b%@*.!c.d{2,3}", ""},
		{"a{1,1}", LtreeLquery, "a{1}", ""},
		{"a{0,}", LtreeLquery, "a{,}", ""},
		{"*{1,1}", LtreeLquery, "*{1}", ""},
		{"a*@", LtreeLquery, "a@*", ""},
		{"a.*{2,1}", LtreeLquery, "", "lquery syntax error / Low limit (2) is greater than high limit (1), at character 7."},
		{"!", LtreeLquery, "", "lquery syntax error at character 2 / Empty labels are not allowed."},
		{"a@b", LtreeLquery, "", "lquery syntax error at character 3"},
		{"a{1}x", LtreeLquery, "", "lquery syntax error at character 5"},
		{"", LtreeLquery, "", "lquery syntax error / Unexpected end of input."},
		{"x & (y | !z*) & w@", LtreeLtxtquery, "x & ( y | !z* ) & w@", ""},
		{"a | b & c", LtreeLtxtquery, "a | b & c", ""},
		{"!(a & b)", LtreeLtxtquery, "!( a & b )", ""},
		{"x &", LtreeLtxtquery, "", "operand syntax error"},
		{"a*b", LtreeLtxtquery, "", "modifiers syntax error"},
	} {
		v, err := ltreeInput(c.in, c.kind)
		if c.err != "" {
			e, ok := err.(*errs.Error)
			got := ""
			if ok {
				got = e.Message
				if e.Detail != "" {
					got += " / " + e.Detail
				}
			}
			if got != c.err {
				t.Errorf("%q: error %q, want %q", c.in, got, c.err)
			}
			continue
		}
		if err != nil || v.AsString() != c.out {
			t.Errorf("%q: %q %v, want %q", c.in, v.AsString(), err, c.out)
		}
	}
}

func TestMatchLquery(t *testing.T) {
	for _, c := range []struct {
		path, q string
		want    bool
	}{
		{"a.b.c", "a.*", true},
		{"a.b.c", "*.c", true},
		{"a.b.c", "A@.b.c", true},
		{"a.b.c", "a.!x.c", true},
		{"a.b.c", "a.!b.c", false},
		{"a.b", "a.b{0}.b", true},
		{"a.b.b", "a.b{2}", true},
		{"a.b.c", "!a{2}.c", false},
		{"x.y", "!a{2}", true},
		{"foo_bar", "bar_foo%", true},
		{"foo_bar", "ba%*", true},
		{"foo_bar.baz", "bar%", false},
		{"Top.Collections.Pictures.Astronomy.Stars", "*.!pictures@.Astronomy.*", false},
		{"Top.Science.Astronomy.Cosmology", "*.!pictures@.Astronomy.*", true},
	} {
		q, err := ParseLquery(c.q)
		if err != nil {
			t.Fatalf("%s: %v", c.q, err)
		}
		if got := MatchLquery(LtreeLabels(c.path), q); got != c.want {
			t.Errorf("%s ~ %s = %v, want %v", c.path, c.q, got, c.want)
		}
	}
}

// FuzzLtreeText checks that the three parsers never panic and that
// what they accept prints as text they accept again as itself.
func FuzzLtreeText(f *testing.F) {
	for _, s := range []string{"a.b", "*{1,2}.a|b@*%.!c", "x & (y | !z*)", "a{,}", "!", "a.", "((a)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, k := range []LtreeKind{LtreePath, LtreeLquery, LtreeLtxtquery} {
			v, err := ltreeInput(s, k)
			if err != nil {
				continue
			}
			w, err := ltreeInput(v.AsString(), k)
			if err != nil || w.AsString() != v.AsString() {
				t.Fatalf("kind %d %q: output %q reads back as %q %v", k, s, v.AsString(), w.AsString(), err)
			}
		}
	})
}
