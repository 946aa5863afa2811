package value

import (
	"bytes"
	"hash/maphash"
	"strings"
	"testing"
)

func TestCIString(t *testing.T) {
	seed := maphash.MakeSeed()
	hash := func(v Value) uint64 {
		var h maphash.Hash
		h.SetSeed(seed)
		Hash(&h, v)
		return h.Sum64()
	}
	key := func(v Value) []byte {
		b, err := AppendKey(nil, v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, tc := range []struct {
		a, b Value
		cmp  int
	}{
		{CIString("Alice@X.com"), CIString("alice@x.COM"), 0},
		{CIString("a"), CIString("B"), -1},
		{CIString("Zed"), CIString("amy"), 1},
		{CIString("A"), String("a"), 0}, // either side citext: case-insensitive
		{String("A"), String("a"), -1},
		{CIString("ÄB"), CIString("äb"), 0},
	} {
		if got := Compare(tc.a, tc.b); got != tc.cmp {
			t.Errorf("Compare(%v, %v) = %d, want %d", tc.a, tc.b, got, tc.cmp)
		}
		if got := Equal(tc.a, tc.b); got != (tc.cmp == 0) {
			t.Errorf("Equal(%v, %v) = %v", tc.a, tc.b, got)
		}
		if !tc.a.IsCIString() || !tc.b.IsCIString() {
			continue
		}
		if tc.cmp == 0 && hash(tc.a) != hash(tc.b) {
			t.Errorf("Hash(%v) != Hash(%v)", tc.a, tc.b)
		}
		if got := bytes.Compare(key(tc.a), key(tc.b)); got != tc.cmp {
			t.Errorf("key order of %v, %v = %d, want %d", tc.a, tc.b, got, tc.cmp)
		}
	}
}

// FuzzCompareFolded checks that the rune-by-rune comparison agrees
// with comparing the lower-cased strings, invalid UTF-8 included.
func FuzzCompareFolded(f *testing.F) {
	for _, s := range []string{"", "a", "A", "ÄB", "äb", "İx", "\xff", "Σς", "ǅ"} {
		f.Add(s, "a")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if got, want := compareFolded(a, b), strings.Compare(FoldCase(a), FoldCase(b)); got != want {
			t.Fatalf("compareFolded(%q, %q) = %d, want %d", a, b, got, want)
		}
	})
}

func TestCIStringRoundTrip(t *testing.T) {
	v := CIString("Alice@Example.com")
	got, err := Decode(Encode(nil, v))
	if err != nil {
		t.Fatal(err)
	}
	if !got.IsCIString() || got.AsString() != "Alice@Example.com" {
		t.Errorf("decoded %#v", got)
	}
	if exact := AppendExactKey(nil, v); bytes.Equal(exact, AppendExactKey(nil, CIString("alice@example.com"))) {
		t.Error("exact keys of citexts differing in case are equal")
	}
	for _, tc := range []struct {
		to   Type
		want bool
	}{{TypeCIText, true}, {TypeText, false}, {Type{Kind: KindString, Varchar: true}, false}} {
		c, err := Convert(String("X"), tc.to)
		if err != nil {
			t.Fatal(err)
		}
		if c.IsCIString() != tc.want {
			t.Errorf("Convert to %s: citext %v", tc.to.SQLName(), c.IsCIString())
		}
		if Holds(v, &tc.to) != tc.want {
			t.Errorf("Holds(citext, %s) = %v", tc.to.SQLName(), !tc.want)
		}
	}
	if got, _ := ParseText("Ab", TypeCIText); !got.IsCIString() {
		t.Error("ParseText of citext is not a citext")
	}
	if TypeCIText.OID() != OIDCIText || ArrayOf(TypeCIText).OID() != OIDCITextArray || TypeOfOID(OIDCIText).CIText != true {
		t.Error("citext OIDs")
	}
}
