package value

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/zerodb/zerodb/errs"
)

func TestArrayText(t *testing.T) {
	for _, c := range []struct {
		in   string
		elem Type
		out  string // "" = same as in
		err  string
	}{
		{in: "{1,2,3}", elem: TypeInt4},
		{in: "{}", elem: TypeInt4},
		{in: " { 1 , NULL ,3 } ", elem: TypeInt8, out: "{1,NULL,3}"},
		{in: `{a,"b c",NULL,"","NULL"}`, elem: TypeText},
		{in: `{"a\"b","c\\d",x y}`, elem: TypeText, out: `{"a\"b","c\\d","x y"}`},
		{in: `{"2024-01-02 03:04:05"}`, elem: TypeTimestamp},
		{in: "{1.50,2}", elem: TypeNumeric},
		{in: "{t,f}", elem: TypeBool},
		{in: "{1,x}", elem: TypeInt4, err: errs.InvalidTextRepresentation},
		{in: "1,2", elem: TypeInt4, err: errs.InvalidTextRepresentation},
		{in: "{1,2", elem: TypeInt4, err: errs.InvalidTextRepresentation},
		{in: "{1,2}x", elem: TypeInt4, err: errs.InvalidTextRepresentation},
		{in: "{{1},{2}}", elem: TypeInt4},
		{in: " { {1, 2} , { NULL,4 } } ", elem: TypeInt4, out: "{{1,2},{NULL,4}}"},
		{in: `{{{a,"b c"}},{{"",NULL}}}`, elem: TypeText},
		{in: "[0:1][1:2]={{1,2},{3,4}}", elem: TypeInt4},
		{in: "[1:2][1:2]={{1,2},{3,4}}", elem: TypeInt4, out: "{{1,2},{3,4}}"},
		{in: " [2] = {1,2}", elem: TypeInt4, out: "{1,2}"},
		{in: "[-3:-2]={x,y}", elem: TypeText},
		{in: "{{1,2},{3}}", elem: TypeInt4, err: errs.InvalidTextRepresentation},
		{in: "{1,{2}}", elem: TypeInt4, err: errs.InvalidTextRepresentation},
		{in: "{{1},2}", elem: TypeInt4, err: errs.InvalidTextRepresentation},
		{in: "{{}}", elem: TypeInt4, err: errs.InvalidTextRepresentation},
		{in: "{{1}", elem: TypeInt4, err: errs.InvalidTextRepresentation},
		{in: "{{{{{{{1}}}}}}}", elem: TypeInt4, err: errs.ProgramLimitExceeded},
		{in: "[2:3]={}", elem: TypeInt4, err: errs.InvalidTextRepresentation},
		{in: "[1:0]={}", elem: TypeInt4, err: errs.ArraySubscriptError},
		{in: "[1:1]{1}", elem: TypeInt4, err: errs.InvalidTextRepresentation},
		{in: "[1:2]={1}", elem: TypeInt4, err: errs.InvalidTextRepresentation},
		{in: "[a]={1}", elem: TypeInt4, err: errs.InvalidTextRepresentation},
		{in: "[1:]={1}", elem: TypeInt4, err: errs.InvalidTextRepresentation},
		{in: "[1={1}", elem: TypeInt4, err: errs.InvalidTextRepresentation},
		{in: "[1]=1", elem: TypeInt4, err: errs.InvalidTextRepresentation},
		{in: "{1,}", elem: TypeInt4, err: errs.InvalidTextRepresentation},
		{in: `{"a"x}`, elem: TypeText, err: errs.InvalidTextRepresentation},
	} {
		typ := ArrayOf(c.elem)
		v, err := ParseText(c.in, typ)
		if c.err != "" {
			if errs.Code(err) != c.err {
				t.Errorf("%s %q: got %v, want %s", typ.SQLName(), c.in, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s %q: %v", typ.SQLName(), c.in, err)
			continue
		}
		out, err := AppendText(nil, v, typ)
		want := c.out
		if want == "" {
			want = c.in
		}
		if err != nil || string(out) != want {
			t.Errorf("%s %q: out %q (%v), want %q", typ.SQLName(), c.in, out, err, want)
		}
	}
}

func TestArrayTypes(t *testing.T) {
	for _, c := range []struct {
		t    Type
		oid  uint32
		name string
	}{
		{ArrayOf(TypeInt4), 1007, "integer[]"},
		{ArrayOf(TypeText), 1009, "text[]"},
		{ArrayOf(TypeInt8), 1016, "bigint[]"},
		{ArrayOf(TypeNumeric), 1231, "numeric[]"},
		{ArrayOf(TypeDate), 1182, "date[]"},
		{TypeDate, OIDDate, "date"},
		{ArrayOf(ArrayOf(TypeInt4)), OIDJSONB, "integer[][]"},
	} {
		if c.t.OID() != c.oid || c.t.SQLName() != c.name {
			t.Errorf("%v: OID %d name %q, want %d %q", c.t, c.t.OID(), c.t.SQLName(), c.oid, c.name)
		}
	}
}

// TestArrayShapeRoundTrips checks that arrays of any shape survive their
// text form, the on-disk encoding and JSON's nesting, and that the
// order agrees with equality and hashing.
func TestArrayShapeRoundTrips(t *testing.T) {
	typ := ArrayOf(TypeInt4)
	elem := rapid.OneOf(rapid.Just(None), rapid.Map(rapid.Int32(), func(i int32) Value { return IntW(int64(i), I32) }))
	rapid.Check(t, func(t *rapid.T) {
		v := genArray(elem).Draw(t, "v")
		text, err := AppendText(nil, v, typ)
		if err != nil {
			t.Fatal(err)
		}
		w, err := ParseText(string(text), typ)
		if err != nil || !identical(v, w) {
			t.Fatalf("%s read back as %v (%v)", text, w, err)
		}
		d, err := Decode(Encode(nil, v))
		if err != nil || !identical(v, d) {
			t.Fatalf("%s decoded as %v (%v)", text, d, err)
		}
		u := genArray(elem).Draw(t, "u")
		if (Compare(v, u) == 0) != identical(v, u) {
			t.Fatalf("Compare(%v, %v) = %d", v, u, Compare(v, u))
		}
		if Compare(v, u) != -Compare(u, v) {
			t.Fatalf("Compare(%v, %v) is not antisymmetric", v, u)
		}
		if Equal(v, u) && hashOf(v) != hashOf(u) {
			t.Fatalf("equal %v and %v hash apart", v, u)
		}
	})
}

// FuzzParseArrayText reads arbitrary text as int4[] and text[]: errors
// carry a SQLSTATE, and what parses prints as text that parses back to
// the same array.
func FuzzParseArrayText(f *testing.F) {
	for _, s := range []string{"{}", "{1,2}", "{{1,2},{3,4}}", "[0:1][1:2]={{1,2},{3,4}}", `{{"a b",NULL},{"",c}}`,
		"[2]={1,2}", "{{{1}}}", "{{1},{2,3}}", "[1:0]={}", " [ -1 : 0 ] = { 1 , 2 } ", `{{"\\"}}`} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, text bool) {
		typ := ArrayOf(TypeInt4)
		if text {
			typ = ArrayOf(TypeText)
		}
		v, w, out, ok := readBack(t, s, typ)
		if ok && !identical(v, w) {
			t.Fatalf("%q → %q → %v, want %v", s, out, w, v)
		}
	})
}

// TestArrayEncodingOfOneDimension: a one-dimensional array from 1 is
// encoded as lists always were, so what is on disk reads the same.
func TestArrayEncodingOfOneDimension(t *testing.T) {
	v := Array([]Value{IntW(1, I32), None}, []int{2}, []int{1})
	want := []byte{codecVersion, tList, 2, tIntI32}
	if got := Encode(nil, v); len(got) < len(want) || string(got[:len(want)]) != string(want) || IsShapedArray(v) {
		t.Fatalf("Encode = %x, want a plain list %x...", got, want)
	}
	shaped := Array([]Value{IntW(1, I32)}, []int{1}, []int{0})
	if got := Encode(nil, shaped); got[1] != tArray {
		t.Fatalf("a lower bound of 0 encodes as %x", got)
	}
}

// TestTypeOfOIDRoundTrip: every type with an array type (so every type a
// binary array's elements name) is the type of its own OID, and so is
// its array: a binary "char"[] result was refused while "char" mapped to
// Any. record names no type of its own.
func TestTypeOfOIDRoundTrip(t *testing.T) {
	for elem, arr := range arrayOIDs {
		if elem == OIDRecord {
			continue
		}
		for _, oid := range []uint32{elem, arr} {
			if got := TypeOfOID(oid); got.OID() != oid {
				t.Errorf("TypeOfOID(%d) = %v, of OID %d", oid, got, got.OID())
			}
		}
	}
}
