package value

import (
	"hash/maphash"
	"math"
	"testing"
	"time"

	"pgregory.net/rapid"
)

func TestCompareCrossKindOrder(t *testing.T) {
	re, _ := NewRegex("a", "")
	// One value of each kind, in ascending order.
	ordered := []Value{
		None,
		Bool(false), Bool(true),
		Float(math.Inf(-1)), Int(-5), mustDecimal("-4.5"), Float32(0.5), Int(1), Uint64(math.MaxUint64), Float(math.Inf(1)), Float(math.NaN()),
		String(""), String("a"), String("b"),
		Symbol("a"),
		RecordIDOf("a", Int(1)), RecordIDOf("a", Symbol("b")), RecordIDOf("b", Int(0)),
		Datetime(time.Unix(0, 0), true),
		Duration(time.Second),
		UUID([16]byte{1}),
		Bytes([]byte("a")),
		RegexOf(re),
		RangeOf(Int(1), Int(2), false), RangeOf(Int(1), Int(2), true),
		Vector([]float32{1}),
		List(nil), List([]Value{Int(1)}), List([]Value{Int(1), Int(2)}), List([]Value{Int(2)}),
		Tuple([]Value{Int(1)}),
		ObjectOf(objectOf()), ObjectOf(objectOf("a", Int(1))), ObjectOf(objectOf("a", Int(2))), ObjectOf(objectOf("b", Int(0))),
	}
	for i, a := range ordered {
		for j, b := range ordered {
			if got, want := sign(Compare(a, b)), sign(i-j); got != want {
				t.Errorf("Compare(%v, %v) = %d, want %d", a, b, got, want)
			}
		}
	}
}

func TestCompareNumbers(t *testing.T) {
	eq := [][2]Value{
		{Int(1), Float(1)}, {Int(1), mustDecimal("1.00")}, {IntW(-3, I8), Float32(-3)}, {Float(0.1), mustDecimal("0.1")},
		{Float32(0.1), mustDecimal("0.1")}, {Float32(0.1), Float(0.1)}, {Float(math.NaN()), Float(math.NaN())},
		{Float(math.NaN()), mustDecimal("NaN")}, {Float(math.Inf(1)), mustDecimal("Infinity")},
		{Float(0), Float(math.Copysign(0, -1))}, {Uint64(1 << 63), mustDecimal("9223372036854775808")},
		{Int(math.MaxInt64), mustDecimal("9223372036854775807")},
	}
	for _, p := range eq {
		if Compare(p[0], p[1]) != 0 || !Equal(p[0], p[1]) || Compare(p[1], p[0]) != 0 {
			t.Errorf("%v and %v should be equal", p[0], p[1])
		}
	}
	less := [][2]Value{
		{Int(math.MaxInt64), Uint64(1 << 63)}, {Int(-1), Uint64(0)}, {Float(0.1), mustDecimal("0.10000000000000001")},
		{Int(1<<53 + 1), Float(1<<53 + 2)}, {Float(1 << 53), Int(1<<53 + 1)}, {Float(1e300), mustDecimal("1e301")},
		{mustDecimal("Infinity"), Float(math.NaN())}, {Float(math.MaxFloat64), Float(math.Inf(1))},
		{Float32(0.1), Float(0.10000000149011612)}, // f32 0.1 is 0.1, not its widened binary value
	}
	for _, p := range less {
		if Compare(p[0], p[1]) >= 0 || Compare(p[1], p[0]) <= 0 {
			t.Errorf("%v should sort before %v", p[0], p[1])
		}
	}
}

func TestCompareRecordKeysUnifyStringsAndSymbols(t *testing.T) {
	a, b := RecordIDOf("p", String("john")), RecordIDOf("p", Symbol("john"))
	if !Equal(a, b) {
		t.Fatal("persons.@john with a string and a symbol key should be equal")
	}
	if hashOf(a) != hashOf(b) {
		t.Fatal("and hash alike")
	}
}

func TestCompareObjectsIgnoreFieldOrder(t *testing.T) {
	a := ObjectOf(objectOf("a", Int(1), "b", String("x")))
	b := ObjectOf(objectOf("b", String("x"), "a", Float(1)))
	if !Equal(a, b) || hashOf(a) != hashOf(b) {
		t.Fatal("field order must not matter")
	}
}

var hashSeed = maphash.MakeSeed()

func hashOf(v Value) uint64 {
	var h maphash.Hash
	h.SetSeed(hashSeed)
	Hash(&h, v)
	return h.Sum64()
}

// genEqualPair draws a number and another representation of it.
func genEqualPair() *rapid.Generator[[2]Value] {
	return rapid.Custom(func(t *rapid.T) [2]Value {
		a := genNumber().Draw(t, "a")
		var b Value
		switch rapid.IntRange(0, 3).Draw(t, "to") {
		case 0: // its key decoding: the canonical kind
			k, _ := AppendKey(nil, a)
			b, _, _ = DecodeKey(k)
		case 1: // the decimal of it
			var buf [40]byte
			c := canonOf(buf[:], a)
			if c.class == cPos || c.class == cNeg {
				b = numberFromCanon(&c)
				if b.kind != KindDecimal {
					d, _ := Convert(b, TypeNumeric)
					if Equal(d, b) {
						b = d
					}
				}
			} else {
				b = a
			}
		case 2: // as a float when exact
			if f, ok := ToFloat(a); ok && Equal(Float(f), a) {
				b = Float(f)
			} else {
				b = a
			}
		default:
			b = a
		}
		return [2]Value{a, b}
	})
}

func TestHashConsistentWithEqual(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := genEqualPair().Draw(t, "pair")
		if !Equal(p[0], p[1]) {
			t.Fatalf("%v and %v should be equal", p[0], p[1])
		}
		if hashOf(p[0]) != hashOf(p[1]) {
			t.Fatalf("%v and %v are equal but hash differently", p[0], p[1])
		}
	})
	rapid.Check(t, func(t *rapid.T) {
		a, b := genValue(2).Draw(t, "a"), genValue(2).Draw(t, "b")
		if Equal(a, b) && hashOf(a) != hashOf(b) {
			t.Fatalf("%v and %v are equal but hash differently", a, b)
		}
		if a2 := a; !Equal(a, a2) || hashOf(a) != hashOf(a2) {
			t.Fatalf("%v is not equal to itself", a)
		}
	})
}

func TestCompareIsATotalOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := rapid.OneOf(genValue(2), genNumber())
		a, b, c := g.Draw(t, "a"), g.Draw(t, "b"), g.Draw(t, "c")
		if sign(Compare(a, b)) != -sign(Compare(b, a)) {
			t.Fatalf("not antisymmetric: %v, %v", a, b)
		}
		if Compare(a, b) <= 0 && Compare(b, c) <= 0 && Compare(a, c) > 0 {
			t.Fatalf("not transitive: %v <= %v <= %v but %v > %v", a, b, c, a, c)
		}
		if Equal(a, b) != (Compare(a, b) == 0) {
			t.Fatalf("Equal disagrees with Compare on %v, %v", a, b)
		}
	})
}
