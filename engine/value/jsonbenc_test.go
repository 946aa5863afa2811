package value

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/errs"
	"pgregory.net/rapid"
)

// checkAppendJSONB fails unless tp.AppendJSONB(prefix, s) appends what
// encoding ParseText(s, TypeJSONB)'s value appends, or returns its error.
func checkAppendJSONB(t interface {
	Helper()
	Fatalf(string, ...any)
}, tp *TextParser, s string) {
	t.Helper()
	prefix := []byte("pre")
	got, gerr := tp.AppendJSONB(prefix, s)
	v, werr := ParseText(s, TypeJSONB)
	if werr != nil {
		g, w := errs.From(gerr), errs.From(werr)
		if gerr == nil || g.Code != w.Code || g.Message != w.Message || g.Detail != w.Detail {
			t.Fatalf("AppendJSONB(%.60q): error %v, want %v", s, gerr, werr)
		}
		return
	}
	if gerr != nil {
		t.Fatalf("AppendJSONB(%.60q): %v", s, gerr)
	}
	want := encodeValue([]byte("pre"), v)
	if !bytes.Equal(got, want) {
		t.Fatalf("AppendJSONB(%.60q) = %x, want %x", s, got, want)
	}
}

func TestAppendJSONB(t *testing.T) {
	var tp TextParser
	docs := []string{
		`{"k": "key0000001", "cat": "c01", "n": 1, "tags": ["t1", "u1"], "text": "document number 1 of the benchmark"}`,
		`{"b": {"y": [1, {"z": 2}], "x": 1.50}, "a": [], "c": {}}`,
		`{"d": 1, "a": 2, "d": 3, "a": {"x": 1, "x": [2]}, "dd": 4}`,
		`{"a":1,}`, `{"a" 1}`, `{1: 2}`, `{`, `[1 2]`, `[1,`, `{"a": 1`, `{"a": 1} x`, ``, ` `, `nul`, `01`, `1e400`, `1e1000000000`,
		`"\u0000"`, `"\ud800"`, `"\x"`, "\"a\x01\"", "\xff", `"\xff"`, "[\"\xc3\"]",
		`[]`, `{}`, ` [ ] `, `{ }`, `null`, `true`, `"x"`, `-0`, `1.50`, `-1.5e-3`, `12345678901234567890`, `9223372036854775807`,
		`{"n": null, "t": true, "f": false, "e": 1e3, "s": "a\"b\\c\u00e9\ud83d\ude00"}`,
		`{"\u0061": 1, "a": 2}`,
		// Integers at smallInt's edges.
		`-`, `-a`, `[-]`, `0`, `00`, `-01`, `12a`, `[12a]`, `1.0`, `[1,-2,3e1,4E+1]`, `{"a":-0}`, `[123456789012345678, -123456789012345678]`,
		`1234567890123456789`, `-9223372036854775808`, `9223372036854775808`, `[99999999999999999999]`,
		strings.Repeat("[", 7000), strings.Repeat("[", 100) + strings.Repeat("]", 100),
		// Counts and lengths past one varint byte.
		`[` + strings.Repeat(`1, `, 200) + `2]`,
		`{"long": "` + strings.Repeat("x", 300) + `", "o": {"l": [` + strings.Repeat(`"y", `, 80) + `"z"]}}`,
	}
	var keys []string
	for i := 0; i < 150; i++ {
		keys = append(keys, fmt.Sprintf(`"k%d": %d`, (i*37)%60, i))
	}
	docs = append(docs, `{`+strings.Join(keys, ", ")+`}`, `{`+strings.Join(keys[:17], ",")+`}`)
	for _, d := range docs {
		checkAppendJSONB(t, &tp, d)
	}
	checkAppendJSONB(t, nil, `{"b": 1, "a": 2}`)
}

func TestAppendJSONBProperty(t *testing.T) {
	var tp TextParser // shared, as a COPY's rows share it
	rapid.Check(t, func(rt *rapid.T) {
		var s string
		if rapid.Bool().Draw(rt, "fromValue") {
			s = string(AppendJSON(nil, genJSON(3).Draw(rt, "v")))
		} else {
			s = jsonTextGen(3).Draw(rt, "text")
		}
		// Now and then broken: cut short, or a byte put in.
		switch rapid.IntRange(0, 5).Draw(rt, "break") {
		case 0:
			s = s[:rapid.IntRange(0, len(s)).Draw(rt, "cut")]
		case 1:
			at := rapid.IntRange(0, len(s)).Draw(rt, "at")
			s = s[:at] + rapid.SampledFrom([]string{",", "}", "]", "{", ":", `"`, "x", "\\", "\xff"}).Draw(rt, "byte") + s[at:]
		}
		checkAppendJSONB(rt, &tp, s)
	})
}

func FuzzAppendJSONB(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.5,"x",null,true]}`, `"\ud83d\ude00"`, `-1.5e300`, `[[[]]]`, `{"b":1,"a":{"c":[]},"b":2}`, `1e400`, `{"a":1,}`} {
		f.Add(s)
	}
	var tp TextParser
	f.Fuzz(func(t *testing.T, s string) {
		checkAppendJSONB(t, &tp, s)
	})
}

// TestEncodeFieldsEncoded checks that a field given encoded is stored as
// the same field given as a value.
func TestEncodeFieldsEncoded(t *testing.T) {
	doc := `{"k": "key", "tags": ["a"], "n": 1.50, "long": "` + strings.Repeat("x", 200) + `"}`
	v, err := ParseText(doc, TypeJSONB)
	if err != nil {
		t.Fatal(err)
	}
	enc, err := (*TextParser)(nil).AppendJSONB(nil, doc)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"id", "body", "note"}
	want := EncodeFields(nil, names, []Value{Int(7), v, String("n")})
	got := EncodeFieldsEncoded(nil, names, []Value{Int(7), None, String("n")}, [][]byte{nil, enc, nil})
	if !bytes.Equal(got, want) {
		t.Fatalf("EncodeFieldsEncoded = %x, want %x", got, want)
	}
}
