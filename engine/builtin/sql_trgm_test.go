package builtin

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestTrigrams compares with PostgreSQL 15's pg_trgm in a database
// whose LC_CTYPE is C.UTF-8 (Unicode letters; the CRC of trigrams of
// other than three bytes, sorted as signed chars).
func TestTrigrams(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"Cat", `  c| ca|at |cat`},
		{"", ``},
		{"!!!", ``},
		{"a", `  a| a `},
		{"Café naïve ÄÖ", `0x9d7012|0xb96f40|0xd8acd7|0xef5960|0xfa238e|  c|  n| ca| na|0x544980|0x59a8da|0x5be7e5|caf|ve `},
	} {
		var got []string
		for _, x := range trigrams(tc.in) {
			got = append(got, showTrgm(x))
		}
		if s := strings.Join(got, "|"); s != tc.want {
			t.Errorf("show_trgm(%q) = %s, want %s", tc.in, s, tc.want)
		}
	}
	for _, tc := range []struct {
		fn   string
		a, b string
		want float32
	}{
		{"similarity", "café", "cafe", 0.42857143},
		{"similarity", "Straße", "strasse", 0.36363637},
		{"word_similarity", "naïve", "a naïve café", 1},
		{"word_similarity", "word", "two words", 0.8},
		{"strict_word_similarity", "word", "two words", 0.5714286},
	} {
		var got float32
		switch tc.fn {
		case "similarity":
			got = trgmSimilarity(tc.a, tc.b)
		case "word_similarity":
			got = wordSimilarity(tc.a, tc.b, false)
		default:
			got = wordSimilarity(tc.a, tc.b, true)
		}
		if got != tc.want {
			t.Errorf("%s(%q, %q) = %v, want %v", tc.fn, tc.a, tc.b, got, tc.want)
		}
	}
}

// FuzzTrigrams checks what holds of any texts: trigram sets are sorted
// and distinct, a text with trigrams is as similar to itself as can
// be, and every similarity lies in [0, 1] with the strict word
// similarity at most the plain one.
func FuzzTrigrams(f *testing.F) {
	for _, s := range []string{"", "a", "two words", "Café naïve", "x-y_z 42", "\xff\xfe", "İstanbul ǅ"} {
		f.Add(s, "word")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) {
			return // SQL text is valid UTF-8
		}
		ta := trigrams(a)
		if !slices.IsSortedFunc(ta, compareTrgm) || len(slices.CompactFunc(slices.Clone(ta), func(x, y trgm) bool { return x == y })) != len(ta) {
			t.Fatalf("trigrams(%q) not a sorted set: %v", a, ta)
		}
		if len(ta) > 0 && trgmSimilarity(a, a) != 1 {
			t.Fatalf("similarity(%q, itself) = %v", a, trgmSimilarity(a, a))
		}
		s, w, st := trgmSimilarity(a, b), wordSimilarity(a, b, false), wordSimilarity(a, b, true)
		for _, v := range []float32{s, w, st} {
			if !(v >= 0 && v <= 1) {
				t.Fatalf("similarities of %q, %q: %v %v %v", a, b, s, w, st)
			}
		}
		if st > w {
			t.Fatalf("strict_word_similarity(%q, %q) = %v > word_similarity %v", a, b, st, w)
		}
		// Any substring of a, escaped, as %sub% and as a's own pattern:
		// a pg_trgm index finds a under the trigram the pattern asks for.
		keys := TrigramKeys(a)
		escape := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace
		i := len(b) % (len(a) + 1)
		for !utf8.ValidString(a[i:]) {
			i--
		}
		for _, pattern := range []string{escape(a), "%" + escape(a[i:]) + "%", escape(a[:i]) + "%"} {
			if k := LikeTrigram(pattern); k != "" && !slices.Contains(keys, k) {
				t.Fatalf("LikeTrigram(%q) = %q, not a trigram of %q (%q)", pattern, k, a, keys)
			}
		}
	})
}
