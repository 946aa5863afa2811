package value

import (
	"testing"

	"pgregory.net/rapid"
)

func TestJSONNull(t *testing.T) {
	if !JSONNull.IsNone() || !JSONNull.IsJSONNull() || JSONNull.IsSQLNull() {
		t.Fatal("JSONNull must be a none that is not SQL NULL")
	}
	if None.IsJSONNull() || !None.IsSQLNull() {
		t.Fatal("None must be SQL NULL")
	}
	if !Equal(JSONNull, None) || Compare(JSONNull, None) != 0 || Compare(JSONNull, Int(1)) >= 0 {
		t.Fatal("ZQL sees JSON null as none")
	}
	tests := []struct {
		in       string
		top      bool // the parsed value itself is JSON null
		wantJSON string
	}{
		{"null", true, "null"},
		{`{"a": null}`, false, `{"a": null}`},
		{"[null, [null]]", false, "[null, [null]]"},
	}
	for _, tt := range tests {
		v, err := ParseJSONB(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if v.IsJSONNull() != tt.top {
			t.Errorf("%s: IsJSONNull = %v", tt.in, v.IsJSONNull())
		}
		d, err := Decode(Encode(nil, v))
		if err != nil {
			t.Fatal(err)
		}
		if d.IsJSONNull() != tt.top || string(AppendJSON(nil, d)) != tt.wantJSON {
			t.Errorf("%s: round trip gave %s (JSON null %v)", tt.in, AppendJSON(nil, d), d.IsJSONNull())
		}
		txt, err := AppendText(nil, v, TypeJSONB)
		if err != nil || string(txt) != tt.wantJSON {
			t.Errorf("%s: text %q, %v", tt.in, txt, err)
		}
	}
	if v, _ := ParseJSON("null"); v.IsJSONNull() {
		t.Error("ZQL's ParseJSON must keep plain none")
	}
}

// Values stored before JSON null existed decode as they always did: the
// none tag is still SQL NULL, and an encoded none is unchanged.
func TestJSONNullCodecCompat(t *testing.T) {
	if got := Encode(nil, None); len(got) != 2 || got[1] != tNone {
		t.Fatalf("none encodes as %v", got)
	}
	v, err := Decode([]byte{codecVersion, tNone})
	if err != nil || !v.IsSQLNull() {
		t.Fatalf("tNone decodes as %v, %v", v, err)
	}
	if got := Encode(nil, JSONNull); len(got) != 2 || got[1] != tJSONNull {
		t.Fatalf("JSON null encodes as %v", got)
	}
}

func TestConvertJSONNull(t *testing.T) {
	if v, err := Convert(JSONNull, TypeText); err != nil || v.AsString() != "null" {
		t.Errorf("to text: %v, %v", v, err)
	}
	if v, err := Convert(JSONNull, TypeJSONB); err != nil || !v.IsJSONNull() {
		t.Errorf("to jsonb: %v, %v", v, err)
	}
	if _, err := Convert(JSONNull, TypeInt4); err == nil {
		t.Error("to int: want an error")
	}
}

// sameNulls reports whether a and b have jsonb nulls and SQL NULLs at the
// same places (Equal cannot tell them apart).
func sameNulls(a, b Value) bool {
	if a.IsJSONNull() != b.IsJSONNull() || a.kind != b.kind {
		return false
	}
	switch a.kind {
	case KindList, KindTuple:
		xs, ys := a.AsList(), b.AsList()
		if len(xs) != len(ys) {
			return false
		}
		for i := range xs {
			if !sameNulls(xs[i], ys[i]) {
				return false
			}
		}
	case KindObject:
		o, p := a.AsObject(), b.AsObject()
		if o.Len() != p.Len() {
			return false
		}
		for i := 0; i < o.Len(); i++ {
			_, x := o.At(i)
			_, y := p.At(i)
			if !sameNulls(x, y) {
				return false
			}
		}
	}
	return true
}

func TestJSONNullRoundTripProperty(t *testing.T) {
	g := rapid.OneOf(genJSON(3), rapid.Just(JSONNull), rapid.Map(genJSON(2), func(v Value) Value {
		return List([]Value{JSONNull, v, None})
	}))
	rapid.Check(t, func(t *rapid.T) {
		v := g.Draw(t, "v")
		d, err := Decode(Encode(nil, v))
		if err != nil {
			t.Fatal(err)
		}
		if !Equal(v, d) || !sameNulls(v, d) {
			t.Fatalf("%s decoded as %s", AppendJSON(nil, v), AppendJSON(nil, d))
		}
	})
}
