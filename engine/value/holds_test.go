package value

import (
	"testing"

	"pgregory.net/rapid"
)

// TestHoldsAgreesWithCheck: whenever Holds says a value has a type, Check
// returns that very value (same kind, width and contents) and no error.
func TestHoldsAgreesWithCheck(t *testing.T) {
	types := []Type{
		TypeInt2, TypeInt4, TypeInt8, TypeText, TypeJSON, TypeJSONB, TypeFloat8, TypeNumeric,
		{Kind: KindString, MaxLen: 3}, {Kind: KindString, MaxLen: 84}, {Kind: KindString, Varchar: true},
		{Kind: KindString, MaxLen: 3, BPChar: true}, {Kind: KindString, BPChar: true},
		{Kind: KindInt, Width: I32, Optional: true}, {Kind: KindList, Array: true, Elem: &TypeInt4},
	}
	vals := rapid.OneOf(
		genInt(),
		rapid.Map(genString(), String),
		rapid.Map(rapid.StringN(0, 6, -1), String),
		genScalar(),
	)
	rapid.Check(t, func(rt *rapid.T) {
		v := vals.Draw(rt, "v")
		typ := rapid.SampledFrom(types).Draw(rt, "type")
		if !Holds(v, &typ) {
			return
		}
		c, err := Check(v, typ)
		if err != nil {
			rt.Fatalf("Holds(%v, %v) but Check fails: %v", v, typ, err)
		}
		if c != v {
			rt.Fatalf("Holds(%v, %v) but Check gives %#v, not %#v", v, typ, c, v)
		}
	})
}

func TestHolds(t *testing.T) {
	varchar3 := Type{Kind: KindString, MaxLen: 3}
	char3 := Type{Kind: KindString, MaxLen: 3, BPChar: true}
	for _, c := range []struct {
		v    Value
		typ  Type
		want bool
	}{
		{IntW(5, I32), TypeInt4, true}, {Int(5), TypeInt4, false}, {IntW(5, I16), TypeInt8, false},
		{String("abc"), varchar3, true}, {String("abcd"), varchar3, false}, {String("héé"), varchar3, false},
		{String("x"), TypeText, true}, {String("{}"), TypeJSON, false}, {Int(1), TypeJSONB, false},
		{Float(1), TypeFloat8, false}, {None, TypeInt4, false}, {Int(1), TypeText, false},
		{String("ab"), char3, true}, {String("ab "), char3, false}, {String("abcd"), char3, false},
	} {
		if got := Holds(c.v, &c.typ); got != c.want {
			t.Errorf("Holds(%v, %v) = %v, want %v", c.v, c.typ, got, c.want)
		}
	}
}
