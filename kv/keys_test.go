package kv

import (
	"bytes"
	"cmp"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/errs"
	"pgregory.net/rapid"
)

func TestKeyEncodingExamples(t *testing.T) {
	tests := []struct {
		name string
		got  []byte
		want []byte
	}{
		{"uint64", AppendUint64(nil, 0x0102030405060708), []byte{1, 2, 3, 4, 5, 6, 7, 8}},
		{"int64 zero", AppendInt64(nil, 0), []byte{0x80, 0, 0, 0, 0, 0, 0, 0}},
		{"int64 -1", AppendInt64(nil, -1), []byte{0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}},
		{"float +0", AppendFloat64(nil, 0), []byte{0x80, 0, 0, 0, 0, 0, 0, 0}},
		{"float -0 is +0", AppendFloat64(nil, math.Copysign(0, -1)), []byte{0x80, 0, 0, 0, 0, 0, 0, 0}},
		{"float NaN canonical", AppendFloat64(nil, -math.NaN()), AppendFloat64(nil, math.NaN())},
		{"bytes empty", AppendBytes(nil, nil), []byte{0, 1}},
		{"bytes escape", AppendBytes(nil, []byte{'a', 0, 'b'}), []byte{'a', 0, 0xFF, 'b', 0, 1}},
		{"string escape", AppendString(nil, "a\x00"), []byte{'a', 0, 0xFF, 0, 1}},
		{"bool", AppendBool(AppendBool(nil, false), true), []byte{0, 1}},
		{"append keeps prefix", AppendBool([]byte("p"), true), []byte{'p', 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !bytes.Equal(tt.got, tt.want) {
				t.Fatalf("got %x, want %x", tt.got, tt.want)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	negZero := []byte{0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}
	otherNaN := AppendUint64(nil, 0xFFF8000000000002)
	tests := []struct {
		name string
		fn   func([]byte) error
		in   []byte
	}{
		{"uint64 short", func(b []byte) error { _, _, err := DecodeUint64(b); return err }, []byte{1, 2}},
		{"int64 short", func(b []byte) error { _, _, err := DecodeInt64(b); return err }, nil},
		{"float short", func(b []byte) error { _, _, err := DecodeFloat64(b); return err }, []byte{1}},
		{"float -0", func(b []byte) error { _, _, err := DecodeFloat64(b); return err }, negZero},
		{"float NaN payload", func(b []byte) error { _, _, err := DecodeFloat64(b); return err }, otherNaN},
		{"bytes unterminated", func(b []byte) error { _, _, err := DecodeBytes(b); return err }, []byte("abc")},
		{"bytes dangling escape", func(b []byte) error { _, _, err := DecodeBytes(b); return err }, []byte{'a', 0}},
		{"bytes bad escape", func(b []byte) error { _, _, err := DecodeBytes(b); return err }, []byte{'a', 0, 2, 0, 1}},
		{"string unterminated", func(b []byte) error { _, _, err := DecodeString(b); return err }, nil},
		{"bool empty", func(b []byte) error { _, _, err := DecodeBool(b); return err }, nil},
		{"bool bad", func(b []byte) error { _, _, err := DecodeBool(b); return err }, []byte{2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.fn(tt.in)
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("err = %v, want ErrCorrupt", err)
			}
			if code := errs.Code(err); code != errs.DataCorrupted {
				t.Fatalf("code = %s, want %s", code, errs.DataCorrupted)
			}
		})
	}
}

func TestPrefixEnd(t *testing.T) {
	tests := []struct {
		in, want []byte
	}{
		{nil, nil},
		{[]byte{}, nil},
		{[]byte{0xFF, 0xFF}, nil},
		{[]byte("a"), []byte("b")},
		{[]byte{'a', 0xFF}, []byte("b")},
		{[]byte{'a', 0xFE, 0xFF}, []byte{'a', 0xFF}},
		{[]byte{0}, []byte{1}},
	}
	for _, tt := range tests {
		in := bytes.Clone(tt.in)
		if got := PrefixEnd(tt.in); !bytes.Equal(got, tt.want) || (got == nil) != (tt.want == nil) {
			t.Errorf("PrefixEnd(%x) = %x, want %x", tt.in, got, tt.want)
		}
		if !bytes.Equal(in, tt.in) {
			t.Errorf("PrefixEnd modified its input")
		}
	}
}

// escapeHeavyBytes draws byte strings over an alphabet that exercises the
// escape sequences and prefix relations.
func escapeHeavyBytes() *rapid.Generator[[]byte] {
	return rapid.SliceOfN(rapid.SampledFrom([]byte{0x00, 0x01, 0x02, 'a', 0xFE, 0xFF}), 0, 6)
}

func floats() *rapid.Generator[float64] {
	return rapid.OneOf(
		rapid.Float64(),
		rapid.SampledFrom([]float64{
			0, math.Copysign(0, -1), 1, -1, math.Inf(1), math.Inf(-1), math.NaN(),
			math.Float64frombits(0xFFF8000000000000), // a negative NaN
			math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64,
			math.MaxFloat64, -math.MaxFloat64,
		}),
	)
}

// cmpFloat is the total order AppendFloat64 implements: -0 == +0 and NaN
// is greater than everything else and equal to itself.
func cmpFloat(a, b float64) int {
	an, bn := math.IsNaN(a), math.IsNaN(b)
	switch {
	case an && bn:
		return 0
	case an:
		return 1
	case bn:
		return -1
	}
	return cmp.Compare(a, b)
}

// sameFloat is identity up to NaN payloads (decoding canonicalises NaN).
func sameFloat(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return a == b && math.Signbit(a) == math.Signbit(b)
}

func sign(c int) int { return cmp.Compare(c, 0) }

// checkRoundTrip decodes enc+suffix and checks it yields v and suffix.
func checkRoundTrip[T any](t *rapid.T, enc []byte, dec func([]byte) (T, []byte, error), eq func(a, b T) bool, v T) {
	suffix := []byte{0x00, 0x7F}
	got, rest, err := dec(append(bytes.Clone(enc), suffix...))
	if err != nil {
		t.Fatalf("decode(%x): %v", enc, err)
	}
	if !eq(got, v) {
		t.Fatalf("decode(encode(%v)) = %v", v, got)
	}
	if !bytes.Equal(rest, suffix) {
		t.Fatalf("rest = %x, want %x", rest, suffix)
	}
}

func TestKeyRoundTripProperties(t *testing.T) {
	t.Run("uint64", rapid.MakeCheck(func(t *rapid.T) {
		v := rapid.Uint64().Draw(t, "v")
		checkRoundTrip(t, AppendUint64(nil, v), DecodeUint64, func(a, b uint64) bool { return a == b }, v)
	}))
	t.Run("int64", rapid.MakeCheck(func(t *rapid.T) {
		v := rapid.Int64().Draw(t, "v")
		checkRoundTrip(t, AppendInt64(nil, v), DecodeInt64, func(a, b int64) bool { return a == b }, v)
	}))
	t.Run("float64", rapid.MakeCheck(func(t *rapid.T) {
		v := floats().Draw(t, "v")
		want := v
		if v == 0 {
			want = 0 // -0 decodes as +0
		}
		checkRoundTrip(t, AppendFloat64(nil, v), DecodeFloat64, sameFloat, want)
	}))
	t.Run("bytes", rapid.MakeCheck(func(t *rapid.T) {
		v := escapeHeavyBytes().Draw(t, "v")
		checkRoundTrip(t, AppendBytes(nil, v), DecodeBytes, bytes.Equal, v)
	}))
	t.Run("string", rapid.MakeCheck(func(t *rapid.T) {
		v := rapid.String().Draw(t, "v") + string(escapeHeavyBytes().Draw(t, "tail"))
		checkRoundTrip(t, AppendString(nil, v), DecodeString, func(a, b string) bool { return a == b }, v)
	}))
	t.Run("bool", rapid.MakeCheck(func(t *rapid.T) {
		v := rapid.Bool().Draw(t, "v")
		checkRoundTrip(t, AppendBool(nil, v), DecodeBool, func(a, b bool) bool { return a == b }, v)
	}))
}

func TestKeyOrderProperties(t *testing.T) {
	check := func(name string, fn func(t *rapid.T) (want int, a, b []byte)) {
		t.Run(name, rapid.MakeCheck(func(t *rapid.T) {
			want, a, b := fn(t)
			if got := bytes.Compare(a, b); sign(got) != sign(want) {
				t.Fatalf("order mismatch: value cmp %d, encoded cmp %d (%x vs %x)", want, got, a, b)
			}
		}))
	}
	check("uint64", func(t *rapid.T) (int, []byte, []byte) {
		a, b := rapid.Uint64().Draw(t, "a"), rapid.Uint64().Draw(t, "b")
		return cmp.Compare(a, b), AppendUint64(nil, a), AppendUint64(nil, b)
	})
	check("int64", func(t *rapid.T) (int, []byte, []byte) {
		a, b := rapid.Int64().Draw(t, "a"), rapid.Int64().Draw(t, "b")
		return cmp.Compare(a, b), AppendInt64(nil, a), AppendInt64(nil, b)
	})
	check("float64", func(t *rapid.T) (int, []byte, []byte) {
		a, b := floats().Draw(t, "a"), floats().Draw(t, "b")
		return cmpFloat(a, b), AppendFloat64(nil, a), AppendFloat64(nil, b)
	})
	check("bytes", func(t *rapid.T) (int, []byte, []byte) {
		a, b := escapeHeavyBytes().Draw(t, "a"), escapeHeavyBytes().Draw(t, "b")
		return bytes.Compare(a, b), AppendBytes(nil, a), AppendBytes(nil, b)
	})
	check("string", func(t *rapid.T) (int, []byte, []byte) {
		a, b := string(escapeHeavyBytes().Draw(t, "a")), string(escapeHeavyBytes().Draw(t, "b"))
		return strings.Compare(a, b), AppendString(nil, a), AppendString(nil, b)
	})
	check("bool", func(t *rapid.T) (int, []byte, []byte) {
		a, b := rapid.Bool().Draw(t, "a"), rapid.Bool().Draw(t, "b")
		bi := func(v bool) int {
			if v {
				return 1
			}
			return 0
		}
		return cmp.Compare(bi(a), bi(b)), AppendBool(nil, a), AppendBool(nil, b)
	})
	// Composite keys must sort like tuples, element by element, whatever
	// the lengths of the variable-width parts.
	check("composite", func(t *rapid.T) (int, []byte, []byte) {
		a, b := drawTuple(t, "a"), drawTuple(t, "b")
		return a.compare(b), a.encode(), b.encode()
	})
}

type tuple struct {
	s   []byte
	i   int64
	str string
	f   float64
	u   uint64
	ok  bool
}

func drawTuple(t *rapid.T, label string) tuple {
	// Small domains make equal leading elements common, so later elements
	// actually decide the order.
	return tuple{
		s:   escapeHeavyBytes().Draw(t, label+".s"),
		i:   rapid.Int64Range(-2, 2).Draw(t, label+".i"),
		str: string(escapeHeavyBytes().Draw(t, label+".str")),
		f:   rapid.SampledFrom([]float64{math.Inf(-1), -1.5, 0, 2, math.NaN()}).Draw(t, label+".f"),
		u:   rapid.Uint64Range(0, 2).Draw(t, label+".u"),
		ok:  rapid.Bool().Draw(t, label+".ok"),
	}
}

func (a tuple) encode() []byte {
	k := AppendBytes(nil, a.s)
	k = AppendInt64(k, a.i)
	k = AppendString(k, a.str)
	k = AppendFloat64(k, a.f)
	k = AppendUint64(k, a.u)
	return AppendBool(k, a.ok)
}

func (a tuple) compare(b tuple) int {
	bi := func(v bool) int {
		if v {
			return 1
		}
		return 0
	}
	return cmp.Or(
		bytes.Compare(a.s, b.s),
		cmp.Compare(a.i, b.i),
		strings.Compare(a.str, b.str),
		cmpFloat(a.f, b.f),
		cmp.Compare(a.u, b.u),
		cmp.Compare(bi(a.ok), bi(b.ok)),
	)
}

func TestCompositeDecode(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		want := drawTuple(t, "v")
		k := want.encode()
		var got tuple
		var err error
		if got.s, k, err = DecodeBytes(k); err != nil {
			t.Fatal(err)
		}
		if got.i, k, err = DecodeInt64(k); err != nil {
			t.Fatal(err)
		}
		if got.str, k, err = DecodeString(k); err != nil {
			t.Fatal(err)
		}
		if got.f, k, err = DecodeFloat64(k); err != nil {
			t.Fatal(err)
		}
		if got.u, k, err = DecodeUint64(k); err != nil {
			t.Fatal(err)
		}
		if got.ok, k, err = DecodeBool(k); err != nil {
			t.Fatal(err)
		}
		if len(k) != 0 || got.compare(want) != 0 {
			t.Fatalf("decoded %+v rest %x, want %+v", got, k, want)
		}
	})
}

func TestPrefixEndProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := rapid.SliceOfN(rapid.SampledFrom([]byte{0, 1, 0xFE, 0xFF}), 0, 4).Draw(t, "prefix")
		k := rapid.SliceOfN(rapid.SampledFrom([]byte{0, 1, 0xFE, 0xFF}), 0, 6).Draw(t, "key")
		end := PrefixEnd(p)
		if bytes.HasPrefix(k, p) {
			if end != nil && bytes.Compare(k, end) >= 0 {
				t.Fatalf("key %x has prefix %x but is not below PrefixEnd %x", k, p, end)
			}
			return
		}
		if end == nil {
			// No end: nothing lacking the prefix may sort above it.
			if bytes.Compare(k, p) > 0 {
				t.Fatalf("PrefixEnd(%x) = nil but key %x sorts above the prefix", p, k)
			}
			return
		}
		// end is the smallest key above the prefix's keys: every other key
		// greater than p is at least end.
		if bytes.Compare(k, p) > 0 && bytes.Compare(k, end) < 0 {
			t.Fatalf("key %x lacks prefix %x yet sorts below PrefixEnd %x", k, p, end)
		}
	})
}

// The fuzz targets check that decoders never panic on arbitrary input and
// that whatever they accept re-encodes to exactly the bytes consumed.

func FuzzDecodeBytes(f *testing.F) {
	f.Add([]byte{0, 1})
	f.Add([]byte{'a', 0, 0xFF, 'b', 0, 1, 'x'})
	f.Add([]byte{0, 0xFF})
	f.Add([]byte{0, 2})
	f.Fuzz(func(t *testing.T, in []byte) {
		v, rest, err := DecodeBytes(in)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error does not wrap ErrCorrupt: %v", err)
			}
			return
		}
		if enc := AppendBytes(nil, v); !bytes.Equal(append(enc, rest...), in) {
			t.Fatalf("re-encoding %x gives %x+%x, input %x", v, enc, rest, in)
		}
		s, srest, err := DecodeString(in)
		if err != nil || s != string(v) || !bytes.Equal(srest, rest) {
			t.Fatalf("DecodeString disagrees with DecodeBytes")
		}
	})
}

func FuzzDecodeFloat64(f *testing.F) {
	f.Add(AppendFloat64(nil, 1.5))
	f.Add(AppendFloat64(nil, math.NaN()))
	f.Add([]byte{0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF})
	f.Fuzz(func(t *testing.T, in []byte) {
		v, rest, err := DecodeFloat64(in)
		if err != nil {
			return
		}
		if enc := AppendFloat64(nil, v); !bytes.Equal(append(enc, rest...), in) {
			t.Fatalf("re-encoding %v gives %x, input %x", v, enc, in)
		}
	})
}

func FuzzDecodeFixed(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte{2})
	f.Fuzz(func(t *testing.T, in []byte) {
		if u, rest, err := DecodeUint64(in); err == nil {
			if enc := AppendUint64(nil, u); !bytes.Equal(append(enc, rest...), in) {
				t.Fatalf("uint64 re-encoding mismatch")
			}
		}
		if i, rest, err := DecodeInt64(in); err == nil {
			if enc := AppendInt64(nil, i); !bytes.Equal(append(enc, rest...), in) {
				t.Fatalf("int64 re-encoding mismatch")
			}
		}
		if b, rest, err := DecodeBool(in); err == nil {
			if enc := AppendBool(nil, b); !bytes.Equal(append(enc, rest...), in) {
				t.Fatalf("bool re-encoding mismatch")
			}
		}
	})
}
