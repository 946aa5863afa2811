package value

import (
	"bytes"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/zerodb/zerodb/errs"
	"pgregory.net/rapid"
)

func sign(x int) int {
	switch {
	case x < 0:
		return -1
	case x > 0:
		return 1
	}
	return 0
}

// keyEqual is Equal as keys see it: strings and symbols are one.
func keyEqual(a, b Value) bool { return compareKeys(a, b) == 0 }

func mustKey(t interface{ Fatalf(string, ...any) }, v Value) []byte {
	k, err := AppendKey(nil, v)
	if err != nil {
		t.Fatalf("AppendKey(%v): %v", v, err)
	}
	return k
}

func checkKeyPair(t *rapid.T, a, b Value) {
	ka, kb := mustKey(t, a), mustKey(t, b)
	if want, got := sign(compareKeys(a, b)), sign(bytes.Compare(ka, kb)); want != got {
		t.Fatalf("order of %v and %v: Compare %d, keys %d (%x vs %x)", a, b, want, got, ka, kb)
	}
}

func TestKeyOrderNumbers(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		checkKeyPair(t, genNumber().Draw(t, "a"), genNumber().Draw(t, "b"))
	})
}

func TestKeyOrderOneKind(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := rapid.SampledFrom([]*rapid.Generator[Value]{
			rapid.Map(genString(), String),
			rapid.Map(genDatetimeMicros(), func(n int64) Value { return Value{kind: KindDatetime, sub: 1, n: uint64(n)} }),
			rapid.Map(genTime(), func(n int64) Value { return Duration(time.Duration(n)) }),
			genInterval(),
			genUUID(),
			rapid.Map(rapid.SliceOfN(rapid.Byte(), 0, 6), Bytes),
			rapid.Map(rapid.Bool(), Bool),
		}).Draw(t, "kind")
		checkKeyPair(t, g.Draw(t, "a"), g.Draw(t, "b"))
	})
}

func TestKeyOrderAny(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		checkKeyPair(t, genKey(3).Draw(t, "a"), genKey(3).Draw(t, "b"))
	})
}

func TestKeyTuplePrefixFirst(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		elems := rapid.SliceOfN(genKeyScalar(), 1, 4).Draw(t, "elems")
		n := rapid.IntRange(0, len(elems)-1).Draw(t, "prefix")
		checkKeyPair(t, Tuple(elems[:n]), Tuple(elems))
		if bytes.Compare(mustKey(t, Tuple(elems[:n])), mustKey(t, Tuple(elems))) >= 0 {
			t.Fatalf("prefix tuple does not sort first")
		}
	})
}

func TestKeyRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := genKey(3).Draw(t, "v")
		k := mustKey(t, v)
		suffix := []byte{0xff, 0x00, 0x17}
		got, rest, err := DecodeKey(append(k, suffix...))
		if err != nil {
			t.Fatalf("DecodeKey(%v): %v", v, err)
		}
		if !bytes.Equal(rest, suffix) {
			t.Fatalf("rest %x", rest)
		}
		if !keyEqual(v, got) {
			t.Fatalf("%v decoded as %v", v, got)
		}
		if again := mustKey(t, got); !bytes.Equal(again, k) {
			t.Fatalf("re-encoding %v differs", got)
		}
	})
}

func TestKeyEncodings(t *testing.T) {
	// Equal numbers are one key; strings and symbols are one key.
	same := [][2]Value{
		{Int(1), Float(1)}, {IntW(7, U8), Int(7)}, {Float(0.1), mustDecimal("0.1")}, {Int(100), mustDecimal("100.00")},
		{Float(0), Float(math.Copysign(0, -1))}, {String("john"), Symbol("john")}, {Float32(0.1), Float(0.1)},
		{Tuple([]Value{Int(1), String("a")}), Tuple([]Value{Float(1), Symbol("a")})},
	}
	for _, p := range same {
		if !bytes.Equal(mustKey(t, p[0]), mustKey(t, p[1])) {
			t.Errorf("%v and %v encode differently", p[0], p[1])
		}
	}
	// Decoding picks the canonical kind.
	for _, c := range []struct {
		in   Value
		want Value
	}{
		{IntW(5, I32), Int(5)}, {Float(2), Int(2)}, {Float(0.5), Float(0.5)}, {mustDecimal("0.10"), Float(0.1)},
		{mustDecimal("3.14159265358979323846"), mustDecimal("3.14159265358979323846")},
		{Uint64(math.MaxUint64), mustDecimal("18446744073709551615")}, {String("a"), Symbol("a")},
		{Datetime(time.Unix(5, 0), false), Datetime(time.Unix(5, 0), true)},
	} {
		got, rest, err := DecodeKey(mustKey(t, c.in))
		if err != nil || len(rest) != 0 || !identical(got, c.want) {
			t.Errorf("DecodeKey(key(%v)) = %v, %x, %v; want %v", c.in, got, rest, err, c.want)
		}
	}
	// Small ints are small.
	if k := mustKey(t, Int(42)); len(k) != 3 {
		t.Errorf("key(42) = %x", k)
	}
	for _, bad := range []Value{List(nil), ObjectOf(NewObject(0)), Vector(nil)} {
		if _, err := AppendKey(nil, bad); errs.Code(err) != errs.DatatypeMismatch {
			t.Errorf("AppendKey(%v) = %v", bad, err)
		}
	}
}

func TestDecodeKeyCorrupt(t *testing.T) {
	for _, b := range [][]byte{
		{}, {0xee}, {kString, 'a'}, {kString, 'a', 0, 7}, {kNumPos}, {kNumPos, 128}, {kNumPos, 128, 201},
		{kNumPos, 128, 0}, {kNumPos, 0xfc, 1}, {kTuple, kTrue}, {kDatetime, 1, 2}, {kUUID, 1}, {kRecord, 'a', 0, 1},
	} {
		if _, _, err := DecodeKey(b); errs.Code(err) != errs.DataCorrupted {
			t.Errorf("DecodeKey(%x) = %v", b, err)
		}
	}
}

func mustDecimal(s string) Value {
	v, err := ParseText(s, TypeNumeric)
	if err != nil {
		panic(err)
	}
	return v
}

func FuzzDecodeKey(f *testing.F) {
	for _, v := range []Value{Int(1), Float(-2.5), String("a\x00b"), Tuple([]Value{Int(1), Symbol("x")}), mustDecimal("-123.456e-200"),
		RecordIDOf("t", Int(3)), UUID([16]byte{1})} {
		k, _ := AppendKey(nil, v)
		f.Add(k)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, rest, err := DecodeKey(b)
		if err != nil {
			if errs.Code(err) != errs.DataCorrupted {
				t.Fatalf("error %v is not XX001", err)
			}
			return
		}
		k, err := AppendKey(nil, v)
		if err != nil {
			t.Fatalf("decoded %v is not a key: %v", v, err)
		}
		// Canonical input re-encodes to itself.
		w, _, err := DecodeKey(k)
		if err != nil || !keyEqual(v, w) {
			t.Fatalf("re-decode of %v: %v %v", v, w, err)
		}
		_ = rest
	})
}

// The integer fast path of number keys decodes exactly what the general
// path does, and consumes the same bytes, for any number.
func TestKeyIntFastPath(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := rapid.OneOf(genNumber(), rapid.Map(rapid.Int64(), Int),
			rapid.Map(rapid.Int64Range(-1000, 1000), func(n int64) Value { return Int(n * 1000) })).Draw(t, "v")
		k := append(mustKey(t, v), 0x17)
		if k[0] != kNumPos && k[0] != kNumNeg {
			return
		}
		fast, n, ok := decodeKeyInt(k, k[0] == kNumNeg)
		if !ok {
			return
		}
		slow, m, err := decodeKeyNumberCanon(k, k[0] == kNumNeg)
		if err != nil {
			t.Fatalf("%v: general path: %v", v, err)
		}
		if n != m || fast.Kind() != slow.Kind() || !keyEqual(fast, slow) {
			t.Fatalf("%v: fast path %v (%d bytes), general %v (%d bytes)", v, fast, n, slow, m)
		}
	})
	// The fast path takes the ints it is for.
	for _, i := range []int64{1, 9, 10, 99, 100, 12345, -7, -100, 999999999999999999, -999999999999999999} {
		k := mustKey(t, Int(i))
		if v, _, ok := decodeKeyInt(k, k[0] == kNumNeg); !ok || v.Kind() != KindInt || v.AsInt() != i {
			t.Errorf("decodeKeyInt(%d) = %v, %v", i, v, ok)
		}
	}
}

// TestIntKeyMatchesCanon: an integer's key is the bytes the general
// number encoding makes of its canon (the stored format), for every
// int64 and uint64.
func TestIntKeyMatchesCanon(t *testing.T) {
	mismatch := func(v Value) string {
		var scratch [40]byte
		c := canonOf(scratch[:], v)
		want := appendKeyNumber([]byte{0xaa}, &c)
		got, err := AppendKey([]byte{0xaa}, v)
		if err != nil || !bytes.Equal(got, want) {
			return fmt.Sprintf("key of %s = %x (%v), want %x", v.String(), got, err, want)
		}
		return ""
	}
	for _, v := range []Value{Int(0), Int(1), Int(-1), Int(9), Int(10), Int(-10), Int(99), Int(100), Int(101),
		Int(1 << 62), Int(math.MaxInt64), Int(math.MinInt64), Int(math.MinInt64 + 1), Int(1000000), Int(-1000000),
		Uint64(0), Uint64(10), Uint64(math.MaxUint64), Uint64(1 << 63), Uint64(10000000000000000000)} {
		if m := mismatch(v); m != "" {
			t.Error(m)
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		for _, v := range []Value{Int(rapid.Int64().Draw(t, "i")), IntW(int64(rapid.Int32().Draw(t, "i32")), I32), Uint64(rapid.Uint64().Draw(t, "u"))} {
			if m := mismatch(v); m != "" {
				t.Fatal(m)
			}
		}
	})
}

// TestHasKey checks that HasKey answers what AppendKey does, for every
// kind: the scalar ones without encoding, the ones made of values by
// trying.
func TestHasKey(t *testing.T) {
	deep := Int(1)
	for range maxKeyDepth + 1 {
		deep = Tuple([]Value{deep})
	}
	for _, v := range []Value{
		None, Int(-3), String("k"), Bool(true), Float(1.5), Bytes([]byte{0}),
		Duration(time.Second), Tuple([]Value{Int(1), String("a")}),
		Composite([]Value{Int(1), None}), RecordIDOf("t", Int(7)),
		RecordIDOf("t", List([]Value{Int(1)})), Tuple([]Value{List(nil)}),
		List([]Value{Int(1)}), deep,
	} {
		_, err := AppendKey(nil, v)
		if got := HasKey(v); got != (err == nil) {
			t.Errorf("HasKey(%v) = %v, AppendKey's error: %v", v, got, err)
		}
	}
}
