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

func TestEncodeDecodeRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := genValue(3).Draw(t, "v")
		enc := Encode([]byte("prefix"), v)[len("prefix"):]
		if enc[0] != codecVersion {
			t.Fatalf("no version byte")
		}
		got, err := Decode(enc)
		if err != nil {
			t.Fatalf("Decode(%v): %v", v, err)
		}
		if !identical(v, got) {
			t.Fatalf("round trip: %v became %v", v, got)
		}
		// The encoding is deterministic.
		if again := Encode(nil, got); !bytes.Equal(again, enc) {
			t.Fatalf("re-encoding differs")
		}
	})
}

// TestEncodeFieldsIsEncodeOfObject checks EncodeFields against Encode of
// the object with the same fields.
func TestEncodeFieldsIsEncodeOfObject(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 12).Draw(t, "fields")
		names := rapid.SliceOfNDistinct(rapid.StringMatching(`[a-z]{1,4}`), n, n, rapid.ID[string]).Draw(t, "names")
		o := NewObject(n)
		vals := make([]Value, n)
		for i, name := range names {
			vals[i] = genValue(2).Draw(t, "v")
			o.Set(name, vals[i])
		}
		if got, want := EncodeFields([]byte("p"), names, vals), Encode([]byte("p"), ObjectOf(o)); !bytes.Equal(got, want) {
			t.Fatalf("EncodeFields = %x, Encode = %x", got, want)
		}
	})
}

func TestDecodeFieldAgreesWithDecode(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 12).Draw(t, "fields")
		o := NewObject(n)
		for i := 0; i < n; i++ {
			// Long values exercise multi-byte field lengths.
			v := genValue(2).Draw(t, "val")
			if rapid.Bool().Draw(t, "long") {
				v = String(rapid.StringN(100, 300, -1).Draw(t, "long string"))
			}
			o.Set(rapid.StringMatching(`[a-e]{1,3}`).Draw(t, "name"), v)
		}
		enc := Encode(nil, ObjectOf(o))
		names := []string{"a", "b", "abc", "zz", "e"}
		var decoded []Value
		for _, name := range names {
			got, ok, err := DecodeField(enc, name)
			if err != nil {
				t.Fatalf("DecodeField(%q): %v", name, err)
			}
			want, wantOK := o.Get(name)
			if ok != wantOK || !identical(got, want) {
				t.Fatalf("DecodeField(%q) = %v, %v; want %v, %v", name, got, ok, want, wantOK)
			}
			decoded = append(decoded, got)
		}
		// The values keep none of the caller's bytes (scalars are
		// decoded in place): clobbering them changes nothing.
		for i := range enc {
			enc[i] = 0xff
		}
		for i, name := range names {
			if want, _ := o.Get(name); !identical(decoded[i], want) {
				t.Fatalf("DecodeField(%q) = %v after its input changed, want %v", name, decoded[i], want)
			}
		}
	})
}

// project reads names from v as Object.Get does (none when absent).
func project(v Value, names []string) []Value {
	out := make([]Value, len(names))
	for i, n := range names {
		out[i], _ = v.AsObject().Get(n)
	}
	return out
}

func identicalAll(a, b []Value) bool {
	for i := range a {
		if !identical(a[i], b[i]) {
			return false
		}
	}
	return len(a) == len(b)
}

func TestDecodeFieldsIntoIsProjectedDecode(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 12).Draw(t, "fields")
		o := NewObject(n)
		for i := 0; i < n; i++ {
			v := genValue(2).Draw(t, "val")
			switch rapid.IntRange(0, 3).Draw(t, "shape") {
			case 0: // multi-byte field lengths
				v = String(rapid.StringN(100, 300, -1).Draw(t, "long string"))
			case 1: // the integer fast path at every width
				v = genInt().Draw(t, "int")
			}
			o.Set(rapid.StringMatching(`[a-e]{1,2}`).Draw(t, "name"), v)
		}
		enc := Encode(nil, ObjectOf(o))
		names := rapid.SliceOfNDistinct(rapid.StringMatching(`[a-e]{1,2}|zz`), 0, 10, rapid.ID[string]).Draw(t, "names")
		got := make([]Value, len(names))
		for i := range got {
			got[i] = Int(99) // stale values must not survive
		}
		if err := DecodeFieldsInto(enc, names, got); err != nil {
			t.Fatalf("DecodeFieldsInto(%q): %v", names, err)
		}
		whole, err := Decode(enc)
		if err != nil {
			t.Fatal(err)
		}
		if want := project(whole, names); !identicalAll(got, want) {
			t.Fatalf("DecodeFieldsInto(%q) = %v; want %v", names, got, want)
		}
	})
}

// Bytes that are not a valid encoding give an error or what Decode and a
// projection give, never a panic.
func TestDecodeFieldsIntoCorrupt(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		o := NewObject(0)
		for i := rapid.IntRange(0, 5).Draw(t, "fields"); i > 0; i-- {
			o.Set(rapid.StringMatching(`[a-c]`).Draw(t, "name"), genValue(1).Draw(t, "val"))
		}
		enc := Encode(nil, ObjectOf(o))
		if len(enc) > 2 {
			at := rapid.IntRange(2, len(enc)-1).Draw(t, "at")
			enc[at] = rapid.Byte().Draw(t, "byte")
			enc = enc[:rapid.IntRange(2, len(enc)).Draw(t, "len")]
		}
		names := []string{"a", "b"}
		got := make([]Value, 2)
		if err := DecodeFieldsInto(enc, names, got); err != nil {
			if errs.Code(err) != errs.DataCorrupted {
				t.Fatalf("error %v is not XX001", err)
			}
			return
		}
		if whole, err := Decode(enc); err == nil && whole.Kind() == KindObject {
			if want := project(whole, names); !identicalAll(got, want) {
				t.Fatalf("DecodeFieldsInto = %v; Decode projected = %v", got, want)
			}
		}
	})
}

func TestDecodeFieldOfNonObject(t *testing.T) {
	v, ok, err := DecodeField(Encode(nil, Int(3)), "a")
	if err != nil || ok || !v.IsNone() {
		t.Fatalf("got %v %v %v", v, ok, err)
	}
	if _, _, err := DecodeField([]byte{codecVersion, 0xee}, "a"); errs.Code(err) != errs.DataCorrupted {
		t.Fatalf("corrupt non-object: %v", err)
	}
}

func TestDecodeCorrupt(t *testing.T) {
	good := Encode(nil, ObjectOf(objectOf("a", Int(1), "b", String("hello"), "c", List([]Value{Float(1.5), None}))))
	cases := map[string][]byte{
		"empty":            {},
		"bad version":      {9, tNone},
		"no value":         {codecVersion},
		"unknown tag":      {codecVersion, 0xfe},
		"trailing":         append(Encode(nil, Int(1)), 0),
		"huge list":        {codecVersion, tList, 0xff, 0xff, 0xff, 0xff, 0x0f},
		"huge string":      {codecVersion, tString, 0xff, 0xff, 0xff, 0xff, 0x0f, 'a'},
		"huge object":      {codecVersion, tObject, 0xff, 0xff, 0xff, 0xff, 0x0f},
		"huge vector":      {codecVersion, tVector, 0xff, 0xff, 0xff, 0xff, 0x0f},
		"varint overflow":  {codecVersion, tIntI64, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
		"width overflow":   {codecVersion, tIntI8, 0x80, 0x02},
		"bad decimal form": {codecVersion, tDecimal, 0x0e, 0, 0},
		"decimal exponent": {codecVersion, tDecimal, 0, 0xff, 0xff, 0xff, 0xff, 0x0f, 0},
		"truncated f64":    {codecVersion, tF64, 1, 2},
		"bad regex":        {codecVersion, tRegex, 1, '(', 0},
	}
	for i := 1; i < len(good); i++ {
		cases["truncated at "+string(rune('0'+i%10))+"/"+string(rune('a'+i/10))] = good[:i]
	}
	for name, b := range cases {
		if _, err := Decode(b); errs.Code(err) != errs.DataCorrupted {
			t.Errorf("%s: Decode = %v, want XX001", name, err)
		}
	}
	// Deep nesting is refused, not a stack overflow.
	deep := []byte{codecVersion}
	for i := 0; i < 100000; i++ {
		deep = append(deep, tList, 1)
	}
	deep = append(deep, tNone)
	if _, err := Decode(deep); errs.Code(err) != errs.DataCorrupted {
		t.Errorf("deep: %v", err)
	}
}

func TestEncodeCompact(t *testing.T) {
	for _, c := range []struct {
		v    Value
		size int
	}{
		{None, 2}, {Bool(true), 2}, {Int(5), 3}, {Int(-64), 3}, {IntW(200, U8), 4},
		{Float(1.5), 10}, {Float32(1.5), 6}, {String("abc"), 6},
		{ObjectOf(objectOf("a", Int(1))), 1 + 1 + 1 + 2 + 1 + 2},
	} {
		if got := len(Encode(nil, c.v)); got != c.size {
			t.Errorf("len(Encode(%v)) = %d, want %d", c.v, got, c.size)
		}
	}
}

func objectOf(kv ...any) *Object {
	o := NewObject(len(kv) / 2)
	for i := 0; i+1 < len(kv); i += 2 {
		o.Set(kv[i].(string), kv[i+1].(Value))
	}
	return o
}

func FuzzDecode(f *testing.F) {
	for _, v := range []Value{None, Int(1), String("x"), ObjectOf(objectOf("a", Int(1), "b", List([]Value{Float(2), Symbol("s")}))),
		RecordIDOf("t", Symbol("k")), RangeOf(Int(1), Int(2), true), Vector([]float32{1, 2})} {
		f.Add(Encode(nil, v))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := Decode(b)
		if err != nil {
			if errs.Code(err) != errs.DataCorrupted {
				t.Fatalf("error %v is not XX001", err)
			}
			return
		}
		// Whatever decodes re-encodes to a value that decodes the same.
		w, err := Decode(Encode(nil, v))
		if err != nil || !identical(v, w) {
			t.Fatalf("re-decode: %v %v %v", v, w, err)
		}
		_, _, _ = DecodeField(b, "a")
		// The decoders that read part of a record agree with Decode on
		// whatever it accepts: each named field as the object holds it
		// (none when absent), and the string form as the bytes.
		names := []string{"a", "b", "zz"}
		got := make([]Value, len(names))
		if err := DecodeFieldsInto(b, names, got); err == nil && v.Kind() == KindObject {
			for i, n := range names {
				want, _ := v.AsObject().Get(n)
				if !identical(got[i], want) {
					t.Fatalf("DecodeFieldsInto %q = %v, Decode has %v", n, got[i], want)
				}
			}
		}
		if s, err := DecodeString(string(b)); err != nil || !identical(s, v) {
			t.Fatalf("DecodeString = %v %v, Decode = %v", s, err, v)
		}
	})
}

// AppendExactKey tells apart values that compare equal but differ (a
// numeric's scale, a float's zero sign or width, an int's width, a date
// and its timestamp), and concatenates unambiguously.
func TestAppendExactKey(t *testing.T) {
	ts := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	distinct := []Value{
		Int(1), IntW(1, I32), IntW(1, I16), mustDecimal("1"), mustDecimal("1.0"), mustDecimal("1.00"),
		Float(1), Float32(1), Float(0), Float(math.Copysign(0, -1)), String("1"), Symbol("1"), Bytes([]byte("1")),
		Datetime(ts, false), Datetime(ts, true), DateOf(Datetime(ts, false)), None, String(""), Bool(true), Bool(false),
	}
	seen := map[string]int{}
	for i, v := range distinct {
		k := string(AppendExactKey(nil, v))
		if j, ok := seen[k]; ok {
			t.Errorf("%v and %v have the same key %q", distinct[j], v, k)
		}
		seen[k] = i
	}
	if x, y := AppendExactKey(nil, mustDecimal("1.50")), AppendExactKey(nil, mustDecimal("1.50")); string(x) != string(y) {
		t.Error("equal values have different keys")
	}
	// Pairs of strings that concatenate to the same bytes stay apart.
	a := AppendExactKey(AppendExactKey(nil, String("ab")), String("c"))
	b := AppendExactKey(AppendExactKey(nil, String("a")), String("bc"))
	if string(a) == string(b) {
		t.Error("concatenated keys are ambiguous")
	}
}

// decodeSmallInt agrees with decodeFieldValue on every input of up to
// three bytes and on random longer ones, and takes the usual integers.
func TestDecodeSmallInt(t *testing.T) {
	check := func(b []byte) {
		var got Value
		if !decodeSmallInt(b, &got) {
			return
		}
		want, err := decodeFieldValue(b, nil)
		if err != nil || got != want {
			t.Fatalf("% x: decodeSmallInt %v, decodeFieldValue %v, %v", b, got, want, err)
		}
	}
	for tag := 0; tag < 256; tag++ {
		for x := 0; x < 256; x++ {
			check([]byte{byte(tag), byte(x)})
			for y := 0; y < 256; y++ {
				check([]byte{byte(tag), byte(x), byte(y)})
			}
		}
	}
	rapid.Check(t, func(rt *rapid.T) {
		tag := tIntI64 + rapid.ByteRange(0, 7).Draw(rt, "width")
		check(append([]byte{tag}, rapid.SliceOfN(rapid.Byte(), 3, 5).Draw(rt, "b")...))
		check(Encode(nil, IntW(rapid.Int64Range(-1<<28, 1<<28).Draw(rt, "x"), I64))[1:])
	})
	for _, v := range []Value{Int(0), IntW(-1, I32), IntW(8191, I32), IntW(-8192, I64), IntW(127, I8), IntW(-300, I16),
		IntW(100000, I32), IntW(-(1 << 27), I64), IntW(1<<27-1, I32)} {
		var got Value
		if enc := Encode(nil, v)[1:]; !decodeSmallInt(enc, &got) || got != v {
			t.Errorf("%v: not decoded in place (%v)", v, got)
		}
	}
}

// Decimals decoded through one Decimals are each their own: those kept
// from earlier records keep their values across chunks.
func TestDecimalsKeepValues(t *testing.T) {
	var ds Decimals
	names := []string{"a", "b"}
	var kept [][]Value
	for i := range 3*decimalsChunk + 5 {
		enc := Encode(nil, ObjectOf(objectOf("a", mustDecimal(fmt.Sprintf("%d.25", i)), "b", mustDecimal(fmt.Sprintf("-%d", i)))))
		dst := make([]Value, 2)
		if err := ds.DecodeFieldsInto(enc, names, dst); err != nil {
			t.Fatal(err)
		}
		kept = append(kept, dst)
	}
	for i, dst := range kept {
		if want := mustDecimal(fmt.Sprintf("%d.25", i)); !identical(dst[0], want) {
			t.Fatalf("record %d: a = %v, want %v", i, dst[0], want)
		}
		if want := mustDecimal(fmt.Sprintf("-%d", i)); !identical(dst[1], want) {
			t.Fatalf("record %d: b = %v, want %v", i, dst[1], want)
		}
	}
}
