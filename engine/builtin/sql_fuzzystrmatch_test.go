package builtin

import (
	"testing"
	"unicode/utf8"
)

// FuzzFuzzystrmatch checks what holds of any texts: unit-cost
// Levenshtein distances are symmetric, the bounded distance agrees
// with the exact one up to its bound and exceeds the bound beyond it,
// and the phonetic codes keep their lengths.
func FuzzFuzzystrmatch(f *testing.F) {
	for _, s := range []string{"", "kitten", "Schmidt", "McClellan", "Ça va", "\xc7\xd1", "ghislane mac gregor"} {
		f.Add(s, "sitting", int64(2))
	}
	f.Fuzz(func(t *testing.T, a, b string, k int64) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) || utf8.RuneCountInString(a) > maxLevenshteinLen || utf8.RuneCountInString(b) > maxLevenshteinLen {
			return
		}
		k = k % 300
		d, err := levenshtein(a, b, 1, 1, 1, -1)
		if err != nil {
			t.Fatal(err)
		}
		if r, _ := levenshtein(b, a, 1, 1, 1, -1); r != d {
			t.Fatalf("levenshtein(%q, %q) = %d, the other way %d", a, b, d, r)
		}
		if k >= 0 {
			le, _ := levenshtein(a, b, 1, 1, 1, k)
			if d <= k && le != d || d > k && le <= k {
				t.Fatalf("levenshtein_less_equal(%q, %q, %d) = %d, levenshtein %d", a, b, k, le, d)
			}
		}
		if s := soundex(a); len(s) != 0 && len(s) != 4 {
			t.Fatalf("soundex(%q) = %q", a, s)
		}
		if p, s := doubleMetaphone(a); len(p) > 4 || len(s) > 4 {
			t.Fatalf("dmetaphone(%q) = %q, %q", a, p, s)
		}
		if a != "" && len(a) <= maxLevenshteinLen {
			if m := metaphone(a, 4); len(m) > 4 {
				t.Fatalf("metaphone(%q, 4) = %q", a, m)
			}
		}
	})
}
