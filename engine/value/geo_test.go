package value

import (
	"bytes"
	"encoding/hex"
	"math"
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// PostgreSQL 15's text output of each input, or the SQLSTATE of its
// error.
func TestParseGeoText(t *testing.T) {
	for _, tc := range []struct {
		k    GeoKind
		in   string
		want string // the output, or "ERR code"
	}{
		{GeoPoint, "(1,2)", "(1,2)"},
		{GeoPoint, "1,2", "(1,2)"},
		{GeoPoint, "  ( 1 , 2 )  ", "(1,2)"},
		{GeoPoint, "(0.1,1e20)", "(0.1,1e+20)"},
		{GeoPoint, "(.5,5.)", "(0.5,5)"},
		{GeoPoint, "(1e5,-1e-5)", "(100000,-1e-05)"},
		{GeoPoint, "(Infinity,-inf)", "(Infinity,-Infinity)"},
		{GeoPoint, "(NaN,-0)", "(NaN,-0)"},
		{GeoPoint, "x", "ERR 22P02"},
		{GeoPoint, "", "ERR 22P02"},
		{GeoPoint, "(1,2", "ERR 22P02"},
		{GeoPoint, "(1,2)x", "ERR 22P02"},
		{GeoPoint, "(1,2,3)", "ERR 22P02"},
		{GeoPoint, "1e400,1", "ERR 22003"},
		{GeoPoint, "(1e-400,1)", "ERR 22003"},
		{GeoBox, "(1,2),(3,0)", "(3,2),(1,0)"},
		{GeoBox, "1,2,3,4", "(3,4),(1,2)"},
		{GeoBox, "((1,2),(3,4))", "(3,4),(1,2)"},
		{GeoBox, "(1,2,3,4)", "(3,4),(1,2)"},
		{GeoBox, "[(1,1),(2,2)]", "ERR 22P02"},
		{GeoBox, "(1,2),(3,4", "ERR 22P02"},
		{GeoLseg, "[(1,2),(3,4)]", "[(1,2),(3,4)]"},
		{GeoLseg, "(1,2),(3,4)", "[(1,2),(3,4)]"},
		{GeoLseg, "1,2,3,4", "[(1,2),(3,4)]"},
		{GeoLseg, "[(1,1),(2,2)", "ERR 22P02"},
		{GeoLseg, "(1,2),(3,4),(5,6)", "ERR 22P02"},
		{GeoCircle, "<(1,2),3>", "<(1,2),3>"},
		{GeoCircle, "((1,2),3)", "<(1,2),3>"},
		{GeoCircle, "(1,2),3", "<(1,2),3>"},
		{GeoCircle, "1,2,3", "<(1,2),3>"},
		{GeoCircle, "<(1,2),nan>", "<(1,2),NaN>"},
		{GeoCircle, "<(1,2),-3>", "ERR 22P02"},
		{GeoCircle, "<(1,2),3", "ERR 22P02"},
		{GeoLine, "{1,2,3}", "{1,2,3}"},
		{GeoLine, "[(0,0),(1,1)]", "{1,-1,0}"},
		{GeoLine, "(0,1),(0,5)", "{-1,0,0}"},
		{GeoLine, "{0,0,1}", "ERR 22P02"},
		{GeoLine, "[(1,1),(1,1)]", "ERR 22P02"},
		{GeoLine, "{1,2}", "ERR 22P02"},
		{GeoPath, "[(1,2),(3,4)]", "[(1,2),(3,4)]"},
		{GeoPath, "((1,2),(3,4))", "((1,2),(3,4))"},
		{GeoPath, "(1,2),(3,4)", "((1,2),(3,4))"},
		{GeoPath, "1,2,3,4", "((1,2),(3,4))"},
		{GeoPath, "[1,2,3,4]", "[(1,2),(3,4)]"},
		{GeoPath, "1,2,3", "ERR 22P02"},
		{GeoPath, "[1,2,3,4)", "[(1,2),(3,4)]"}, // path_decode's quirk: one "(" closes as ")"
		{GeoPolygon, "((1,2),(3,4),(5,6))", "((1,2),(3,4),(5,6))"},
		{GeoPolygon, "1,2,3,4,5,6", "((1,2),(3,4),(5,6))"},
		{GeoPolygon, "(1,2,3,4,5,6)", "((1,2),(3,4),(5,6))"},
		{GeoPolygon, "[(1,2),(3,4)]", "ERR 22P02"},
	} {
		v, err := ParseGeo(tc.in, tc.k)
		got := ""
		if err != nil {
			got = "ERR " + errs.Code(err)
		} else {
			got = string(AppendGeo(nil, v))
		}
		if got != tc.want {
			t.Errorf("%s %q: got %s, want %s", tc.k.Name(), tc.in, got, tc.want)
		}
	}
}

// The binary frames are PostgreSQL's send formats (checked against
// point_send, box_send, ... of PostgreSQL 15), and read back.
func TestGeoBinary(t *testing.T) {
	for _, tc := range []struct {
		k    GeoKind
		text string
		hex  string
	}{
		{GeoPoint, "(1,2)", "3ff00000000000004000000000000000"},
		{GeoBox, "(0,0),(1,-1)", "3ff000000000000000000000000000000000000000000000bff0000000000000"},
		{GeoCircle, "<(0,0),1>", "000000000000000000000000000000003ff0000000000000"},
		{GeoPath, "[(1,2)]", "00" + "00000001" + "3ff00000000000004000000000000000"},
		{GeoPath, "((1,2))", "01" + "00000001" + "3ff00000000000004000000000000000"},
		{GeoPolygon, "((1,2))", "00000001" + "3ff00000000000004000000000000000"},
	} {
		v, err := ParseGeo(tc.text, tc.k)
		if err != nil {
			t.Fatal(err)
		}
		raw := AppendGeoBinary(nil, v)
		if got := hex.EncodeToString(raw); got != tc.hex {
			t.Errorf("%s %s: frame %s, want %s", tc.k.Name(), tc.text, got, tc.hex)
		}
		back, err := ParseGeoBinary(raw, tc.k)
		if err != nil || Compare(back, v) != 0 {
			t.Errorf("%s %s: read back %v, %v", tc.k.Name(), tc.text, back, err)
		}
	}
	for _, tc := range []struct {
		k    GeoKind
		hex  string
		code string
	}{
		{GeoPoint, "3ff0", errs.InvalidBinaryRepresentation},
		{GeoPoint, "3ff00000000000004000000000000000ff", errs.InvalidBinaryRepresentation},
		{GeoCircle, "00000000000000000000000000000000bff0000000000000", errs.InvalidBinaryRepresentation},
		{GeoPath, "0000000000", errs.InvalidBinaryRepresentation},
		{GeoPolygon, "ffffffff", errs.InvalidBinaryRepresentation},
		{GeoLine, "000000000000000000000000000000000000000000000000", errs.InvalidBinaryRepresentation},
	} {
		raw, _ := hex.DecodeString(tc.hex)
		if _, err := ParseGeoBinary(raw, tc.k); errs.Code(err) != tc.code {
			t.Errorf("%s %s: %v, want %s", tc.k.Name(), tc.hex, err, tc.code)
		}
	}
	// box_recv orders the corners as box_in does.
	raw, _ := hex.DecodeString("0000000000000000bff0000000000000" + "3ff00000000000000000000000000000")
	if v, err := ParseGeoBinary(raw, GeoBox); err != nil || string(AppendGeo(nil, v)) != "(1,0),(0,-1)" {
		t.Errorf("box_recv: %s, %v", AppendGeo(nil, v), err)
	}
}

// Values survive the on-disk encoding, arrays of box included (whose
// text delimiter is ';').
func TestGeoCodecAndArrays(t *testing.T) {
	for _, s := range []struct {
		k    GeoKind
		text string
	}{{GeoPoint, "(1,2)"}, {GeoBox, "(3,4),(1,2)"}, {GeoPath, "[(1,2),(3,4)]"}, {GeoPath, "((1,2),(3,4))"}, {GeoPolygon, "((0,0),(1,1),(1,0))"}, {GeoLine, "{1,-1,0}"}, {GeoCircle, "<(1,2),3>"}, {GeoLseg, "[(1,2),(3,4)]"}} {
		v, err := ParseGeo(s.text, s.k)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Decode(Encode(nil, v))
		if err != nil || back.Geo() != s.k || !bytes.Equal([]byte(back.s), []byte(v.s)) {
			t.Errorf("%s %s: decoded %v, %v", s.k.Name(), s.text, back, err)
		}
		if !HasKey(v) {
			continue
		}
		t.Errorf("%s has a key encoding", s.k.Name())
	}
	for _, tc := range []struct {
		elem Type
		text string
		want string
	}{
		{TypeBox, "{(1,2),(3,4);(5,5),(0,0)}", "{(3,4),(1,2);(5,5),(0,0)}"},
		{TypeBox, `{"(1,2),(3,4)";NULL}`, "{(3,4),(1,2);NULL}"},
		{TypePoint, `{"(1,2)","(3,4)"}`, `{"(1,2)","(3,4)"}`},
		{TypeCircle, `{"<(1,2),3>",NULL}`, `{"<(1,2),3>",NULL}`},
	} {
		v, err := ParseText(tc.text, ArrayOf(tc.elem))
		if err != nil {
			t.Errorf("%s: %v", tc.text, err)
			continue
		}
		out, err := AppendText(nil, v, ArrayOf(tc.elem))
		if err != nil || string(out) != tc.want {
			t.Errorf("%s: got %s, %v, want %s", tc.text, out, err, tc.want)
		}
	}
}

// PostgreSQL's EPSILON comparisons.
func TestGeoFuzzyComparisons(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		a, b Point
		eq   bool
	}{
		{Point{1, 2}, Point{1.0000001, 2}, true},
		{Point{1, 2}, Point{1.00001, 2}, false},
		{Point{nan, 1}, Point{nan, 1}, true},
		{Point{nan, 1}, Point{nan, 1.0000001}, false},
		{Point{math.Inf(1), 0}, Point{math.Inf(1), 0}, true},
	} {
		if got := PointEq(tc.a, tc.b); got != tc.eq {
			t.Errorf("PointEq(%v, %v) = %v", tc.a, tc.b, got)
		}
	}
	if !FPlt(1, 1.00001) || FPlt(1, 1.0000001) || !FPle(1.0000001, 1) || FPgt(1.0000001, 1) || !FPge(1, 1.0000001) || !FPzero(-1e-7) {
		t.Error("FPlt/FPle/FPgt/FPge/FPzero")
	}
}

func FuzzParseGeo(f *testing.F) {
	for _, s := range []string{"(1,2)", "1,2", "(1,2),(3,4)", "[(1,2),(3,4)]", "((1,2),(3,4),(5,6))", "<(1,2),3>", "((1,2),3)", "{1,2,3}", " ( 1e5 , -inf ) ", "(nan,1)", "[1,2,3,4)", "((((", "1,2,3,4,5,6,7"} {
		for k := GeoPoint; k <= GeoCircle; k++ {
			f.Add(s, uint8(k))
		}
	}
	f.Fuzz(func(t *testing.T, s string, k uint8) {
		gk := GeoKind(k%7 + 1)
		v, err := ParseGeo(s, gk)
		if err != nil {
			return
		}
		if !validGeo(gk, v.s) || v.Geo() != gk {
			t.Fatalf("%q as %s: invalid value %x", s, gk.Name(), v.s)
		}
		// The output reads back as the same value.
		out := AppendGeo(nil, v)
		back, err := ParseGeo(string(out), gk)
		if err != nil || compareGeo(back, v) != 0 {
			t.Fatalf("%q as %s -> %q -> %v, %v", s, gk.Name(), out, back, err)
		}
		bin, err := ParseGeoBinary(AppendGeoBinary(nil, v), gk)
		if err != nil || compareGeo(bin, v) != 0 {
			t.Fatalf("%q as %s: binary frame reads back as %v, %v", s, gk.Name(), bin, err)
		}
	})
}

func FuzzParseGeoBinary(f *testing.F) {
	f.Add([]byte{0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0}, uint8(GeoPoint))
	f.Add([]byte{1, 0, 0, 0, 1, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0}, uint8(GeoPath))
	f.Fuzz(func(t *testing.T, raw []byte, k uint8) {
		gk := GeoKind(k%7 + 1)
		v, err := ParseGeoBinary(raw, gk)
		if err != nil {
			return
		}
		if !validGeo(gk, v.s) {
			t.Fatalf("%x as %s: invalid value %x", raw, gk.Name(), v.s)
		}
		_ = AppendGeo(nil, v)
	})
}
