package value

import (
	"testing"
	"time"
)

// userRangeSubtypes are subtypes a range type of one's own may have.
var userRangeSubtypes = []Type{TypeFloat8, TypeText, TypeTime, TypeDate, TypeTimestampTZ, TypeNumeric, TypeInterval}

func TestUserRangeText(t *testing.T) {
	cases := []struct {
		elem    Type
		in, out string
		code    string
	}{
		{TypeFloat8, "[1.5,2.5)", "[1.5,2.5)", ""},
		{TypeFloat8, "(1,1)", "empty", ""},
		{TypeFloat8, "[1,1]", "[1,1]", ""},
		{TypeFloat8, "(,3]", "(,3]", ""},
		{TypeFloat8, "[2,1)", "", "22000"},
		{TypeFloat8, "[a,1)", "", "22P02"},
		{TypeText, `["a b",c)`, `["a b",c)`, ""},
		{TypeText, `[,"")`, `(,"")`, ""},
		{TypeTime, "[10:00,11:00)", "[10:00:00,11:00:00)", ""},
		{TypeDate, "[2020-01-01,2020-01-05]", "[2020-01-01,2020-01-05]", ""},
		{TypeTimestampTZ, "[2020-01-01 10:00+02,)", `["2020-01-01 08:00:00+00",)`, ""},
	}
	for _, c := range cases {
		rt := UserRangeType("r", c.elem)
		v, err := ParseText(c.in, rt)
		if c.code != "" {
			if err == nil || rangeErrCode(err) != c.code {
				t.Errorf("%s %q: %v, want %s", c.elem.SQLName(), c.in, err, c.code)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s %q: %v", c.elem.SQLName(), c.in, err)
			continue
		}
		out, err := AppendText(nil, v, rt)
		if err != nil || string(out) != c.out {
			t.Errorf("%s %q = %q, %v; want %q", c.elem.SQLName(), c.in, out, err, c.out)
		}
		back, err := Decode(Encode(nil, v))
		if err != nil || !Equal(back, v) {
			t.Errorf("%s %q: decoded %v, %v", c.elem.SQLName(), c.in, back, err)
		}
		key, err := AppendKey(nil, v)
		if err != nil {
			t.Fatal(err)
		}
		// Keys do not tell strings from symbols (nor dates from
		// timestamps): the decoded key encodes to the same key.
		kv, _, err := decodeKey(key, 0)
		if err != nil {
			t.Fatalf("%s %q: key: %v", c.elem.SQLName(), c.in, err)
		}
		if again, err := AppendKey(nil, kv); err != nil || string(again) != string(key) {
			t.Errorf("%s %q: key decoded %v, %v", c.elem.SQLName(), c.in, kv, err)
		}
	}
}

func TestUserRangeTypes(t *testing.T) {
	rt := UserRangeType("floatrange", TypeFloat8)
	mt := UserMultirangeType("floatmultirange", rt)
	oids := map[uint32]string{
		rt.OID(): "range", ArrayOf(rt).OID(): "range[]", mt.OID(): "multirange", ArrayOf(mt).OID(): "multirange[]",
	}
	if len(oids) != 4 {
		t.Fatalf("OIDs collide: %v", oids)
	}
	for oid, what := range oids {
		if !IsUserRangeOID(oid) || IsEnumOID(oid) || IsCompositeOID(oid) {
			t.Errorf("%s OID %d is not in the range types' space", what, oid)
		}
	}
	if rt.SQLName() != "floatrange" || mt.SQLName() != "floatmultirange" || ArrayOf(rt).SQLName() != "floatrange[]" {
		t.Errorf("names %q %q", rt.SQLName(), mt.SQLName())
	}
	if rt.RangeElem().OID() != OIDFloat8 {
		t.Errorf("subtype %v", rt.RangeElem())
	}
	m, err := ParseText("{[3,4), [1,2), [2,2.5)}", mt)
	if err != nil {
		t.Fatal(err)
	}
	if out, err := AppendText(nil, m, mt); err != nil || string(out) != "{[1,2.5),[3,4)}" {
		t.Errorf("multirange %q, %v", out, err)
	}
}

// FuzzParseUserRange checks that parsing a range of one's own never
// panics and that accepted input prints to a form that parses back to
// itself.
func FuzzParseUserRange(f *testing.F) {
	for i, s := range []string{"[1.5,2.5)", `["a b",c)`, "[10:00,11:00)", "[2020-01-01,2020-01-05]", "(,)", "empty"} {
		f.Add(uint8(i), s)
	}
	f.Fuzz(func(t *testing.T, k uint8, s string) {
		rt := UserRangeType("r", userRangeSubtypes[int(k)%len(userRangeSubtypes)])
		r, err := ParseRangeOf(s, rt, time.UTC)
		if err != nil {
			return
		}
		out := r.String()
		r2, err := ParseRangeOf(out, rt, time.UTC)
		if err != nil {
			t.Fatalf("%q -> %q does not parse: %v", s, out, err)
		}
		if CompareRanges(r, r2) != 0 || r2.String() != out {
			t.Fatalf("%q -> %q -> %q", s, out, r2.String())
		}
	})
}
