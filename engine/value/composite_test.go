package value

import (
	"bytes"
	"testing"
	"time"

	"github.com/zerodb/zerodb/errs"
	"pgregory.net/rapid"
)

var pairType = CompositeType("pair", []Field{{Name: "x", Type: TypeInt4}, {Name: "y", Type: TypeText}})

func TestAppendRecordField(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"abc", "abc"},
		{"", `""`},
		{"a b", `"a b"`},
		{`a"b`, `"a""b"`},
		{`a\b`, `"a\\b"`},
		{"(x),y", `"(x),y"`},
		{"tab\there", "\"tab\there\""},
	} {
		if got := string(AppendRecordField(nil, tc.in)); got != tc.want {
			t.Errorf("AppendRecordField(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestCompositeText(t *testing.T) {
	nested := CompositeType("", []Field{
		{Name: "f1", Type: pairType}, {Name: "f2", Type: TypeBool}, {Name: "f3", Type: ArrayOf(TypeText)}, {Name: "f4", Type: TypeDate}})
	for _, tc := range []struct {
		v    Value
		t    Type
		want string
	}{
		{Composite([]Value{Int(1), String("a")}), pairType, "(1,a)"},
		{Composite([]Value{None, String("")}), pairType, `(,"")`},
		{Composite([]Value{None, None}), pairType, "(,)"},
		{Composite([]Value{Int(-2), String(`say "hi", \o/`)}), pairType, `(-2,"say ""hi"", \\o/")`},
		{Composite([]Value{Composite([]Value{Int(1), String("a b")}), Bool(true), List([]Value{String("x"), None}), Datetime(mustDate(t, "2024-02-29"), false)}), nested,
			`("(1,""a b"")",t,"{x,NULL}",2024-02-29)`},
		{Composite(nil), CompositeType("", nil), "()"},
	} {
		got, err := AppendText(nil, tc.v, tc.t)
		if err != nil || string(got) != tc.want {
			t.Errorf("AppendText(%v) = %s, %v; want %s", tc.v, got, err, tc.want)
			continue
		}
		if len(tc.t.Fields) == 0 {
			continue // record_in cannot read an anonymous record
		}
		back, err := ParseText(tc.want, tc.t)
		if err != nil || Compare(back, tc.v) != 0 {
			t.Errorf("ParseText(%s) = %v, %v; want %v", tc.want, back, err, tc.v)
		}
	}
}

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := ParseText(s, TypeDate)
	if err != nil {
		t.Fatal(err)
	}
	return v.AsTime()
}

func TestParseCompositeText(t *testing.T) {
	for _, tc := range []struct {
		in     string
		want   Value
		detail string
	}{
		{" ( 7 ,a b) ", Composite([]Value{Int(7), String("a b")}), ""},
		{`(1,"x""y\z")`, Composite([]Value{Int(1), String(`x"yz`)}), ""},
		{`(,)`, Composite([]Value{None, None}), ""},
		{`(1,"")`, Composite([]Value{Int(1), String("")}), ""},
		{`1,a)`, None, "Missing left parenthesis."},
		{`(1)`, None, "Too few columns."},
		{`(1,a,b)`, None, "Too many columns."},
		{`(1,"a)`, None, "Unexpected end of input."},
		{`(1,a) x`, None, "Junk after right parenthesis."},
		{`(1,a\`, None, "Unexpected end of input."},
	} {
		got, err := ParseText(tc.in, pairType)
		if tc.detail != "" {
			e, ok := err.(*errs.Error)
			if !ok || e.Code != errs.InvalidTextRepresentation || e.Detail != tc.detail {
				t.Errorf("ParseText(%q) = %v, %v; want error detail %q", tc.in, got, err, tc.detail)
			}
			continue
		}
		if err != nil || Compare(got, tc.want) != 0 {
			t.Errorf("ParseText(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	if _, err := ParseText("(x,a)", pairType); errs.Code(err) != errs.InvalidTextRepresentation {
		t.Errorf("a field of the wrong type: %v", err)
	}
}

func TestCompositeOrder(t *testing.T) {
	c := func(xs ...Value) Value { return Composite(xs) }
	// record_cmp: NULL fields equal each other and sort last.
	ordered := []Value{c(Int(1), String("a")), c(Int(1), String("b")), c(Int(1), None), c(Int(2), String("a")), c(None, String("a")), c(None, None)}
	for i := range ordered {
		for j := range ordered {
			want := cmpInt64(int64(i), int64(j))
			if got := Compare(ordered[i], ordered[j]); got != want {
				t.Errorf("Compare(%v, %v) = %d, want %d", ordered[i], ordered[j], got, want)
			}
		}
	}
	if !Equal(c(Int(1), None), c(Int(1), None)) {
		t.Error("composites with NULL fields in the same places are equal")
	}
}

// TestCompositeCodecRoundTrip: the stored encoding of composite values
// (nested ones, NULL fields, arrays of them) decodes to an equal value,
// and so does the field of an object holding one.
func TestCompositeCodecRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := compositeGen(3).Draw(t, "v")
		got, err := Decode(Encode(nil, v))
		if err != nil || got.Kind() != v.Kind() || Compare(got, v) != 0 {
			t.Fatalf("Decode(Encode(%v)) = %v, %v", v, got, err)
		}
		rec := EncodeFields(nil, []string{"a", "c"}, []Value{Int(1), v})
		f, ok, err := DecodeField(rec, "c")
		if err != nil || !ok || Compare(f, v) != 0 {
			t.Fatalf("DecodeField = %v, %v, %v; want %v", f, ok, err, v)
		}
	})
}

func compositeGen(depth int) *rapid.Generator[Value] {
	return rapid.Custom(func(t *rapid.T) Value {
		n := rapid.IntRange(0, 4).Draw(t, "n")
		xs := make([]Value, n)
		for i := range xs {
			switch k := rapid.IntRange(0, 5).Draw(t, "kind"); {
			case k == 0:
				xs[i] = None
			case k == 1:
				xs[i] = IntW(rapid.Int64Range(-1<<31, 1<<31-1).Draw(t, "i"), I32)
			case k == 2:
				xs[i] = String(rapid.String().Draw(t, "s"))
			case k == 3:
				xs[i] = Bool(rapid.Bool().Draw(t, "b"))
			case k == 4 && depth > 0:
				xs[i] = compositeGen(depth-1).Draw(t, "nested")
			case k == 5 && depth > 0:
				xs[i] = List([]Value{compositeGen(depth-1).Draw(t, "elem"), None})
			default:
				xs[i] = Float(rapid.Float64().Draw(t, "f"))
			}
		}
		return Composite(xs)
	})
}

// TestCompositeKeyOrder: the key encoding of composites orders as
// Compare (record_cmp: field by field, NULL fields last) and decodes to
// a value with the same key.
func TestCompositeKeyOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := compositeKeyGen(2).Draw(t, "a"), compositeKeyGen(2).Draw(t, "b")
		ka, err := AppendKey(nil, a)
		if err != nil {
			t.Fatalf("AppendKey(%v): %v", a, err)
		}
		kb, err := AppendKey(nil, b)
		if err != nil {
			t.Fatalf("AppendKey(%v): %v", b, err)
		}
		if got, want := bytes.Compare(ka, kb), Compare(a, b); got != want {
			t.Fatalf("keys of %v and %v compare %d, values %d", a, b, got, want)
		}
		d, rest, err := DecodeKey(ka)
		if err != nil || len(rest) != 0 {
			t.Fatalf("DecodeKey(%x) = %v, %x, %v", ka, d, rest, err)
		}
		if again, err := AppendKey(nil, d); err != nil || !bytes.Equal(again, ka) {
			t.Fatalf("%v decoded as %v, whose key is %x, not %x (%v)", a, d, again, ka, err)
		}
	})
}

// compositeKeyGen makes composites of key kinds: small ints (so that
// equal fields are common), strings, NULLs and nested composites.
func compositeKeyGen(depth int) *rapid.Generator[Value] {
	return rapid.Custom(func(t *rapid.T) Value {
		xs := make([]Value, rapid.IntRange(0, 3).Draw(t, "n"))
		for i := range xs {
			switch k := rapid.IntRange(0, 3).Draw(t, "kind"); {
			case k == 0:
				xs[i] = None
			case k == 1:
				xs[i] = Int(rapid.Int64Range(-3, 3).Draw(t, "i"))
			case k == 3 && depth > 0:
				xs[i] = compositeKeyGen(depth-1).Draw(t, "nested")
			default:
				xs[i] = String(rapid.SampledFrom([]string{"", "a", "a\x00b", "b"}).Draw(t, "s"))
			}
		}
		return Composite(xs)
	})
}

// FuzzCompositeText: record_in never panics, and what it accepts is
// written by record_out as text that reads back as the same value.
func FuzzCompositeText(f *testing.F) {
	for _, s := range []string{"(1,a)", `(,"")`, `( 1 , "x""\y" )`, "(1)", "(1,a,b)", `(1,"`, "()", "(1,a) x"} {
		f.Add(s)
	}
	nested := CompositeType("", []Field{{Name: "p", Type: pairType}, {Name: "a", Type: ArrayOf(TypeText)}})
	f.Fuzz(func(t *testing.T, s string) {
		for _, typ := range []Type{pairType, nested} {
			v, err := ParseText(s, typ)
			if err != nil {
				if errs.Code(err) == "" {
					t.Fatalf("ParseText(%q): error without SQLSTATE: %v", s, err)
				}
				continue
			}
			out, err := AppendText(nil, v, typ)
			if err != nil {
				t.Fatalf("AppendText(%v): %v", v, err)
			}
			back, err := ParseText(string(out), typ)
			if err != nil || Compare(back, v) != 0 {
				t.Fatalf("%q -> %v -> %s -> %v, %v", s, v, out, back, err)
			}
		}
	})
}
