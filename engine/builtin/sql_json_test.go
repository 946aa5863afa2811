package builtin

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/zerodb/zerodb/engine/value"
)

// sqlValueGen makes SQL values of the kinds json's builders meet: numbers
// (NaN and infinities too), strings with escapes and non-ASCII, booleans,
// times, intervals, bytes, NULLs, and arrays of them.
func sqlValueGen(depth int) *rapid.Generator[value.Value] {
	return rapid.Custom(func(t *rapid.T) value.Value {
		kinds := 9
		if depth <= 0 {
			kinds = 8
		}
		switch rapid.IntRange(0, kinds-1).Draw(t, "kind") {
		case 0:
			return value.Int(rapid.Int64().Draw(t, "int"))
		case 1:
			return value.Float(rapid.SampledFrom([]float64{0, -0.5, 1e20, 1.5e-7, math.NaN(), math.Inf(1), math.Inf(-1)}).Draw(t, "float"))
		case 2:
			return vd(rapid.SampledFrom([]string{"1.50", "-0.001", "1e3", "12345678901234567890"}).Draw(t, "decimal"))
		case 3:
			return value.String(rapid.String().Draw(t, "str") + rapid.SampledFrom([]string{"", "\"", "\\", "\n", "\x01", "é", "\u2028"}).Draw(t, "tail"))
		case 4:
			return value.Bool(rapid.Bool().Draw(t, "bool"))
		case 5:
			at := time.Unix(rapid.Int64Range(-1e10, 1e10).Draw(t, "unix"), 0)
			return value.Datetime(at, rapid.Bool().Draw(t, "tz"))
		case 6:
			return value.Bytes([]byte(rapid.String().Draw(t, "bytes")))
		case 7:
			return value.None
		}
		n := rapid.IntRange(0, 3).Draw(t, "n")
		xs := make([]value.Value, n)
		for i := range xs {
			xs[i] = sqlValueGen(depth-1).Draw(t, "elem")
		}
		return value.List(xs)
	})
}

// TestJSONFragValid checks that whatever SQL value json's builders write
// is valid JSON, alone, in an array, in a row and in json_build_object.
func TestJSONFragValid(t *testing.T) {
	r := NewRegistry()
	call := func(t *rapid.T, name string, args ...value.Value) string {
		f, ok := r.Lookup("sql::" + name)
		if !ok {
			t.Fatalf("no %s", name)
		}
		v, err := f.Call(testContext(), args)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return v.AsString()
	}
	rapid.Check(t, func(t *rapid.T) {
		v := sqlValueGen(2).Draw(t, "v")
		mode := FragValue
		if v.Kind() == value.KindList {
			mode = FragArray + FragValue
		}
		frag := string(appendJSONFrag(nil, v, mode, rapid.Bool().Draw(t, "pretty"), nil))
		row := call(t, "json_row", vl(vs("a"), vs("b")), vl(vs(mode), vs(FragValue)), value.Bool(false), v, value.String("x"))
		key := v
		if key.IsNone() || key.Kind() == value.KindList {
			key = vs("k2") // keys are scalars, never NULL
		}
		obj := call(t, "json_build_object", vs("k"), vs(frag), key, vs(frag))
		for _, doc := range []string{frag, row, obj} {
			if err := value.ValidateJSONText(doc); err != nil || !json.Valid([]byte(doc)) {
				t.Fatalf("%v in mode %s: %q is not JSON (%v)", v, mode, doc, err)
			}
		}
		// Strings keep their text: decoding the fragment gives it back.
		if v.Kind() == value.KindString {
			var s string
			if err := json.Unmarshal([]byte(frag), &s); err != nil || s != strings.ToValidUTF8(v.AsString(), "\uFFFD") {
				t.Fatalf("%q: decoded %q (%v)", v.AsString(), s, err)
			}
		}
	})
}
