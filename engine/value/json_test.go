package value

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/zerodb/zerodb/errs"
	"pgregory.net/rapid"
)

func TestAppendJSONEveryKind(t *testing.T) {
	re, _ := NewRegex("^J", "i")
	for _, c := range []struct {
		v    Value
		want string
	}{
		{None, "null"}, {Bool(true), "true"}, {Int(-42), "-42"}, {Uint64(math.MaxUint64), "18446744073709551615"},
		{IntW(7, U8), "7"}, {Float(1.5), "1.5"}, {Float(1), "1"}, {Float(1e100), "1e+100"}, {Float(0.1), "0.1"},
		{Float(math.Copysign(0, -1)), "-0"}, {Float32(0.1), "0.1"},
		{Float(math.NaN()), `"NaN"`}, {Float(math.Inf(1)), `"Infinity"`}, {Float(math.Inf(-1)), `"-Infinity"`},
		{mustDecimal("1.50"), "1.50"}, {mustDecimal("-0.001"), "-0.001"}, {mustDecimal("NaN"), `"NaN"`},
		{String("a\"b\\c\n\t\x01/é"), `"a\"b\\c\n\t\u0001/é"`}, {String("bad\xffutf8"), `"bad\ufffdutf8"`},
		{Symbol("red"), `"@red"`}, {RecordIDOf("persons", Symbol("john")), `"persons.@john"`},
		{RecordIDOf("persons", Int(42)), `"persons.@42"`}, {RecordIDOf("persons", String("ann@x.org")), "\"persons.@`ann@x.org`\""},
		{Tuple([]Value{Int(1), String("a")}), `[1, "a"]`}, {RangeOf(Int(1), Int(10), false), `"1..10"`},
		{RangeOf(Int(1), Int(10), true), `"1..=10"`}, {RangeOf(None, Int(3), false), `"..3"`},
		{Datetime(time.Date(2024, 5, 1, 10, 0, 0, 500000000, time.FixedZone("x", 7200)), true), `"2024-05-01T08:00:00.5Z"`},
		{Duration(90 * time.Minute), `"1h30m0s"`}, {Bytes([]byte("hello")), `"aGVsbG8="`}, {RegexOf(re), `"!/^J/i"`},
		{Vector([]float32{0.1, 2}), "[0.1, 2]"}, {List(nil), "[]"}, {ObjectOf(NewObject(0)), "{}"},
		{UUID([16]byte{0xa0, 15: 1}), `"a0000000-0000-0000-0000-000000000001"`},
		{ObjectOf(objectOf("b", Int(1), "a", List([]Value{Int(1), Int(2)}))), `{"b": 1, "a": [1, 2]}`},
	} {
		got := string(AppendJSON(nil, c.v))
		if got != c.want {
			t.Errorf("AppendJSON(%v) = %s, want %s", c.v, got, c.want)
		}
		if !json.Valid([]byte(got)) {
			t.Errorf("AppendJSON(%v) = %s is not valid JSON", c.v, got)
		}
	}
}

func TestParseJSONBNormalizes(t *testing.T) {
	// PostgreSQL 15: select '...'::jsonb
	for in, want := range map[string]string{
		`{"b":1,"aa":[1,2,{"x":null}],"a":"x\ny\u0001\"/","b":2.50, "c": 1e3, "d": -0, "e": 1E-2}`: `{"a": "x\ny\u0001\"/", "b": 2.50, "c": 1000, "d": 0, "e": 0.01, "aa": [1, 2, {"x": null}]}`,
		`{"bb": 1, "a": 2, "ab": 3, "b": 4}`: `{"a": 2, "b": 4, "ab": 3, "bb": 1}`,
		`{"a": 1, "a": 2, "a": 3}`:           `{"a": 3}`,
		` [ ] `:                              `[]`,
		`"\ud83d\ude00"`:                     `"😀"`,
		`-1.0e-2`:                            `-0.010`,
		`12345678901234567890`:               `12345678901234567890`,
	} {
		v, err := ParseJSONB(in)
		if err != nil {
			t.Errorf("ParseJSONB(%s): %v", in, err)
			continue
		}
		if got := string(AppendJSON(nil, v)); got != want {
			t.Errorf("ParseJSONB(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestParseJSONNumbers(t *testing.T) {
	for in, want := range map[string]Value{
		"1": Int(1), "-0": Int(0), "1.5": Float(1.5), "1.50": Float(1.5), "1e3": Float(1000), "0.1": Float(0.1),
		"0.30000000000000004":    Float(0.30000000000000004),
		"3.14159265358979323846": mustDecimal("3.14159265358979323846"),
		"12345678901234567890":   mustDecimal("12345678901234567890"),
		"1e400":                  mustDecimal("1e400"),
		"1e-400":                 mustDecimal("1e-400"),
	} {
		v, err := ParseJSON(in)
		if err != nil || !identical(v, want) {
			t.Errorf("ParseJSON(%s) = %v, %v; want %v", in, v, err, want)
		}
	}
	v, _ := ParseJSON(`{"b": 1, "a": 2, "b": 3}`)
	if got := string(AppendJSON(nil, v)); got != `{"b": 3, "a": 2}` {
		t.Errorf("json key order: %s", got)
	}
}

func TestParseJSONErrorsLikePostgres(t *testing.T) {
	for in, detail := range map[string]string{
		`{"a":`:      "The input string ended unexpectedly.",
		`abc`:        `Token "abc" is invalid.`,
		`[1,2`:       "The input string ended unexpectedly.",
		`{"a" 1}`:    `Expected ":", but found "1".`,
		`1 2`:        `Expected end of input, but found "2".`,
		`{1:2}`:      `Expected string or "}", but found "1".`,
		`{"a":1,}`:   `Expected string, but found "}".`,
		`[1,]`:       `Expected JSON value, but found "]".`,
		`[1 2]`:      `Expected "," or "]", but found "2".`,
		`{"a":1 "b"`: `Expected "," or "}", but found ""b"".`,
		`"a\qb"`:     `Escape sequence "\q" is invalid.`,
		"\"a\nb\"":   "Character with value 0x0a must be escaped.",
		`"\ud800"`:   "Unicode low surrogate must follow a high surrogate.",
		`01`:         `Token "01" is invalid.`,
		``:           "The input string ended unexpectedly.",
	} {
		_, err := ParseJSONB(in)
		e := errs.From(err)
		if err == nil || e.Code != errs.InvalidTextRepresentation || e.Message != "invalid input syntax for type json" || e.Detail != detail {
			t.Errorf("ParseJSONB(%q): %v / %q, want detail %q", in, err, e.Detail, detail)
		}
	}
	if _, err := ParseJSONB(`"\u0000"`); errs.Code(err) != "22P05" {
		t.Errorf(`\u0000: %v`, err)
	}
	if v, err := ParseJSON(`"\u0000"`); err != nil || v.AsString() != "\x00" {
		t.Errorf(`json \u0000: %v %v`, v, err)
	}
	if _, err := ParseJSONB(`1e400000`); errs.Code(err) != errs.NumericValueOutOfRange {
		t.Errorf("huge number: %v", err)
	}
	deep := strings.Repeat("[", 100000)
	if _, err := ParseJSON(deep); errs.Code(err) != "54001" {
		t.Errorf("deep: %v", err)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := genJSON(3).Draw(t, "v")
		text := AppendJSON(nil, v)
		parsers := []func(string) (Value, error){ParseJSON, ParseJSONB}
		if strings.Contains(string(text), `\u0000`) {
			parsers = parsers[:1] // jsonb, like PostgreSQL's, refuses NUL
		}
		for _, parse := range parsers {
			w, err := parse(string(text))
			if err != nil {
				t.Fatalf("parse %s: %v", text, err)
			}
			if !Equal(v, w) {
				t.Fatalf("%v → %s → %v", v, text, w)
			}
		}
	})
}

func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.5,"x",null,true]}`, `"\ud83d\ude00"`, `-1.5e300`, `[[[]]]`, `{"b":1,"a":{"c":[]}}`, `1e400`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseJSON(s)
		vb, errb := ParseJSONB(s)
		// jsonb refuses what json keeps as text: \u0000 (22P05), and
		// numbers beyond numeric's range (22003: 0E0100000000000000),
		// as PostgreSQL does.
		if (err == nil) != (errb == nil) && errs.Code(errb) != "22P05" && errs.Code(errb) != errs.NumericValueOutOfRange {
			t.Fatalf("json and jsonb disagree on %q: %v / %v", s, err, errb)
		}
		if err != nil {
			if _, ok := err.(*errs.Error); !ok {
				t.Fatalf("error %T is not *errs.Error", err)
			}
			return
		}
		out := AppendJSON(nil, v)
		if !json.Valid(out) {
			t.Fatalf("%q rendered invalid JSON %s", s, out)
		}
		w, err := ParseJSON(string(out))
		if err != nil || !Equal(v, w) {
			t.Fatalf("%q → %s → %v, %v", s, out, w, err)
		}
		if errb == nil && !Equal(v, vb) {
			t.Fatalf("json %v and jsonb %v differ", v, vb)
		}
	})
}

// TestTextParserAgreesWithParseText parses documents one after the other
// with one TextParser, as a COPY does: each result (value or error) is
// ParseText's, whatever the documents before it left in the scratch.
func TestTextParserAgreesWithParseText(t *testing.T) {
	docs := []string{
		`{"k": "key0000001", "cat": "c01", "n": 1, "tags": ["t1", "u1"], "text": "doc"}`,
		`{"b": {"y": [1, {"z": 2}], "x": 1.50}, "a": [], "c": {}}`,
		`{"a":1,}`,
		`[1, [2, [3, {"d": 4, "d": 5}]], "x"]`,
		`{"a": 1`,
		`"\u0000"`,
		`{"one": 1}`,
		"\xff",
		`[]`,
		`{"n": null, "t": true, "f": false, "e": 1e3}`,
		strings.Repeat("[", 7000),
		`{"k": "key0000002", "cat": "c02", "n": 2, "tags": ["t2", "u2"], "text": "doc"}`,
	}
	// Enough documents that the arena hands out several blocks; every
	// value is checked after all are parsed, so that one overwriting
	// another's piece would show.
	for i := 0; i < 300; i++ {
		docs = append(docs, fmt.Sprintf(`{"i": %d, "o": {"a": [%d, {"b": "x"}], "c": null}, "l": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}`, i, i))
	}
	docs = append(docs, `[`+strings.Repeat(`1, `, 100)+`{"big": [`+strings.Repeat(`"y", `, 80)+`"z"]}]`)
	var tp TextParser
	type result struct {
		doc string
		typ Type
		v   Value
	}
	var kept []result
	for _, typ := range []Type{TypeJSONB, TypeText} {
		for _, d := range docs {
			got, gerr := tp.Parse(d, typ)
			_, werr := ParseText(d, typ)
			if (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
				t.Errorf("Parse(%.40q, %v): error %v, want %v", d, typ, gerr, werr)
				continue
			}
			if werr == nil {
				kept = append(kept, result{d, typ, got})
			}
		}
	}
	for _, r := range kept {
		if want, _ := ParseText(r.doc, r.typ); !Equal(r.v, want) || r.v.String() != want.String() {
			t.Errorf("Parse(%.40q, %v) = %v, want %v", r.doc, r.typ, r.v, want)
		}
	}
	var nilParser *TextParser
	if v, err := nilParser.Parse(`{"b": 1, "a": 2}`, TypeJSONB); err != nil || v.String() != `{ a: 2, b: 1 }` {
		t.Errorf("nil TextParser: %v, %v", v, err)
	}
}

// TestSQLJSONFloat checks that a float in jsonb is the numeric its
// shortest text reads as, as PostgreSQL's to_jsonb makes it.
func TestSQLJSONFloat(t *testing.T) {
	for _, c := range []struct {
		in   Value
		want string
	}{
		{Float(math.Copysign(0, -1)), "0"},
		{Float(1e20), "100000000000000000000"},
		{Float(1.5e-7), "0.00000015"},
		{Float(1.1234567890123457), "1.1234567890123457"},
		{Float32(0.1), "0.1"},
		{List([]Value{Float(2.5), Float(math.Copysign(0, -1))}), "[2.5, 0]"},
		{Float(math.NaN()), `"NaN"`},
	} {
		if got := string(AppendJSON(nil, SQLJSON(c.in, nil))); got != c.want {
			t.Errorf("SQLJSON(%v) = %s, want %s", c.in, got, c.want)
		}
	}
}

// TestJSONErrorContext checks the CONTEXT of JSON syntax errors against
// PostgreSQL 15's (report_json_context), taken from its answers.
func TestJSONErrorContext(t *testing.T) {
	for in, want := range map[string]string{
		`{"a":}`:                `JSON data, line 1: {"a":}`,
		`{"a" 1}`:               `JSON data, line 1: {"a" 1...`,
		`[1,2`:                  `JSON data, line 1: [1,2`,
		`nul`:                   `JSON data, line 1: nul`,
		`{"a":"\x"}`:            `JSON data, line 1: {"a":"\x...`,
		"{\"a\":1}\n{\"b\":2}":  `JSON data, line 2: {...`,
		`"\ud83d"`:              `JSON data, line 1: "\ud83d"`,
		`"\u12x4"`:              `JSON data, line 1: "\u12x...`,
		"\"a\tb\"":              `JSON data, line 1: "a...`,
		``:                      `JSON data, line 1: `,
		strings.Repeat("a", 52): `JSON data, line 1: ` + strings.Repeat("a", 52),
		strings.Repeat("a", 60): `JSON data, line 1: ...` + strings.Repeat("a", 49),
		"[1,\n2,\n oops]":       `JSON data, line 3:  oops...`,
	} {
		_, err := ParseJSON(in)
		if got := errs.From(err).Where; got != want {
			t.Errorf("%q: context %q, want %q", in, got, want)
		}
	}
}
