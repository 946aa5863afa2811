package keys

import (
	"bytes"
	"testing"

	"pgregory.net/rapid"

	"github.com/zerodb/zerodb/engine/value"
)

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// TestIndexPartOrder checks that index parts sort like their values
// (numbers of every kind together, strings), that a descending part sorts
// the other way, and that a part's encoding is never a prefix of
// another's: whatever follows a part (the next part, the record key)
// cannot change the order of two different parts.
func TestIndexPartOrder(t *testing.T) {
	num := rapid.OneOf(
		rapid.Map(rapid.Int64(), value.Int),
		rapid.Map(rapid.Float64Range(-1e6, 1e6), value.Float),
		rapid.Map(rapid.Int64Range(-3, 3), value.Int),
	)
	str := rapid.Map(rapid.StringOfN(rapid.RuneFrom([]rune{0, 'a', 'b', 0xff, 'é'}), 0, 6, -1), value.String)
	rapid.Check(t, func(rt *rapid.T) {
		gen := num
		if rapid.Bool().Draw(rt, "strings") {
			gen = str
		}
		a, b := gen.Draw(rt, "a"), gen.Draw(rt, "b")
		want := sign(value.Compare(a, b))
		for _, desc := range []bool{false, true} {
			ea, eb := AppendIndexPart(nil, a, desc), AppendIndexPart(nil, b, desc)
			got := sign(bytes.Compare(ea, eb))
			if desc {
				got = -got
			}
			if got != want {
				rt.Fatalf("desc=%v: %v vs %v: encodings compare %d, values %d", desc, a, b, got, want)
			}
			if want != 0 {
				sa := append(ea, rapid.SliceOf(rapid.Byte()).Draw(rt, "suffix a")...)
				sb := append(eb, rapid.SliceOf(rapid.Byte()).Draw(rt, "suffix b")...)
				if g := sign(bytes.Compare(sa, sb)); (desc && -g != want) || (!desc && g != want) {
					rt.Fatalf("desc=%v: a suffix changed the order of %v and %v", desc, a, b)
				}
			}
		}
	})
}

// TestIndexPartUnordered checks that values without a key encoding still
// index (equal values meet) and sort after every key kind.
func TestIndexPartUnordered(t *testing.T) {
	o := value.NewObject(1)
	o.Set("a", value.Int(1))
	obj := value.ObjectOf(o)
	e1, e2 := AppendIndexPart(nil, obj, false), AppendIndexPart(nil, obj, false)
	if !bytes.Equal(e1, e2) {
		t.Fatal("equal objects index differently")
	}
	for _, v := range []value.Value{value.None, value.Int(5), value.String("zzz"), value.Bytes([]byte{0xff})} {
		if bytes.Compare(AppendIndexPart(nil, v, false), e1) >= 0 {
			t.Errorf("%v does not sort before an object", v)
		}
	}
	l := AppendIndexPart(nil, value.List([]value.Value{value.Int(1)}), false)
	if bytes.Equal(l, e1) {
		t.Error("a list and an object index alike")
	}
}
