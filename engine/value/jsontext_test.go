package value

import (
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/zerodb/zerodb/errs"
)

func TestValidateJSONText(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{`{"b":1, "a":2, "a" : [1,  2]}`, true},
		{"  [ 1 ,2 ]  ", true},
		{`"\u00e9\n\/"`, true},
		{`"\u0000"`, true}, // json, unlike jsonb, takes it
		{"-1.5e3", true},
		{"null", true},
		{"{}", true},
		{"[]", true},
		{`{"a" 1}`, false},
		{"[1,]", false},
		{"", false},
		{"   ", false},
		{"nul", false},
		{"01", false},
		{"1 2", false},
		{`"a`, false},
		{`"\x"`, false},
		{`"\u12"`, false},
		{"[1", false},
		{`{"a":1,}`, false},
		{"{1:2}", false},
		{"\"a\tb\"", false},
	} {
		err := ValidateJSONText(tc.in)
		if tc.ok != (err == nil) {
			t.Errorf("ValidateJSONText(%q) = %v, want ok %v", tc.in, err, tc.ok)
		}
		if err != nil && errs.From(err).Code != errs.InvalidTextRepresentation {
			t.Errorf("ValidateJSONText(%q): SQLSTATE %s, want 22P02", tc.in, errs.From(err).Code)
		}
	}
}

func TestJSONTextReaders(t *testing.T) {
	doc := ` {"b":1, "a" : [1,  2], "s": "x\"y", "a": null} `
	ms, ok := JSONTextMembers(doc)
	want := []JSONTextMember{{"b", "1"}, {"a", "[1,  2]"}, {"s", `"x\"y"`}, {"a", "null"}}
	if !ok || len(ms) != len(want) {
		t.Fatalf("JSONTextMembers = %v, %v", ms, ok)
	}
	for i := range want {
		if ms[i] != want[i] {
			t.Errorf("member %d = %v, want %v", i, ms[i], want[i])
		}
	}
	xs, ok := JSONTextElements(`[1, "a" , null, [ 2 ], {"k" : true}]`)
	if !ok || strings.Join(xs, "|") != `1|"a"|null|[ 2 ]|{"k" : true}` {
		t.Errorf("JSONTextElements = %q, %v", xs, ok)
	}
	if _, ok := JSONTextElements(doc); ok {
		t.Error("an object has no elements")
	}
	if _, ok := JSONTextMembers("[1]"); ok {
		t.Error("an array has no members")
	}
	for in, want := range map[string]string{" [1]": "array", "null": "null", "1.5": "number", `"s"`: "string", "true": "boolean", "false": "boolean", "{}": "object", "-1": "number"} {
		if got := JSONTextTypeof(in); got != want {
			t.Errorf("JSONTextTypeof(%q) = %s, want %s", in, got, want)
		}
	}
	for in, want := range map[string]Value{`"x\"y"`: String(`x"y`), "null": None, " [1, 2] ": String("[1, 2]"), "1.50": String("1.50")} {
		if got, err := JSONTextScalar(in); err != nil || !Equal(got, want) || got.IsNone() != want.IsNone() {
			t.Errorf("JSONTextScalar(%q) = %v, want %v", in, got, want)
		}
	}
	if _, err := JSONTextScalar(`"a\u0000"`); errs.From(err).Code != "22P05" {
		t.Errorf(`->> of "\u0000": %v, want 22P05`, err)
	}
	for in, bad := range map[string]bool{`["\u0000"]`: true, `{"a\u0000": 1}`: true, `["\\u0000"]`: false, `["\\\u0000"]`: true, `[1]`: false} {
		if err := CheckJSONTextEscapes(in); (err != nil) != bad {
			t.Errorf("CheckJSONTextEscapes(%s) = %v, want error %v", in, err, bad)
		}
	}
	if got := JSONTextStripNulls(`{"a": 1, "b":null, "c" :  [1,  null, {"d":null}]}`); got != `{"a":1,"c":[1,null,{}]}` {
		t.Errorf("JSONTextStripNulls = %s", got)
	}
}

// jsonTextGen makes JSON text with random white space between tokens,
// and the text of each of its top-level members or elements as written.
func jsonTextGen(depth int) *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		return genJSONText(t, depth)
	})
}

func genSpace(t *rapid.T) string {
	return rapid.SampledFrom([]string{"", "", " ", "  ", "\n", "\t ", "\r\n"}).Draw(t, "ws")
}

func genJSONText(t *rapid.T, depth int) string {
	kinds := 6
	if depth <= 0 {
		kinds = 4
	}
	switch rapid.IntRange(0, kinds-1).Draw(t, "kind") {
	case 0:
		return rapid.SampledFrom([]string{"true", "false", "null"}).Draw(t, "lit")
	case 1:
		return strconv.Itoa(rapid.IntRange(-1000, 1000).Draw(t, "int")) + rapid.SampledFrom([]string{"", ".5", "e3", ".25E-2"}).Draw(t, "frac")
	case 2, 3:
		return string(AppendJSON(nil, String(rapid.String().Draw(t, "str"))))
	case 4:
		n := rapid.IntRange(0, 4).Draw(t, "n")
		parts := make([]string, n)
		for i := range parts {
			parts[i] = genSpace(t) + genJSONText(t, depth-1) + genSpace(t)
		}
		return "[" + genSpace(t) + strings.Join(parts, ",") + "]"
	}
	n := rapid.IntRange(0, 4).Draw(t, "n")
	parts := make([]string, n)
	for i := range parts {
		key := string(AppendJSON(nil, String(rapid.SampledFrom([]string{"a", "b", "é", `q"`}).Draw(t, "key"))))
		parts[i] = genSpace(t) + key + genSpace(t) + ":" + genSpace(t) + genJSONText(t, depth-1) + genSpace(t)
	}
	return "{" + genSpace(t) + strings.Join(parts, ",") + "}"
}

// TestJSONTextProperties checks the json readers against the JSON parser:
// valid text is accepted, members and elements parse to the parsed
// document's parts, and cutting a document short is always an error.
func TestJSONTextProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		doc := genSpace(t) + jsonTextGen(3).Draw(t, "doc") + genSpace(t)
		if err := ValidateJSONText(doc); err != nil {
			t.Fatalf("ValidateJSONText(%q): %v", doc, err)
		}
		parsed, err := ParseJSON(doc)
		if err != nil {
			t.Fatalf("ParseJSON(%q): %v", doc, err)
		}
		if xs, ok := JSONTextElements(doc); ok {
			list := parsed.AsList()
			if len(xs) != len(list) {
				t.Fatalf("%q: %d elements, parser %d", doc, len(xs), len(list))
			}
			for i, x := range xs {
				if x != strings.TrimSpace(x) {
					t.Fatalf("element %q keeps white space around it", x)
				}
				v, err := ParseJSON(x)
				if err != nil || Compare(v, list[i]) != 0 {
					t.Fatalf("element %d of %q: %q (%v), want %v", i, doc, x, err, list[i])
				}
			}
		}
		if ms, ok := JSONTextMembers(doc); ok {
			o := parsed.AsObject()
			for _, m := range ms {
				if _, found := o.Get(m.Key); !found {
					t.Fatalf("member %q of %q is not in the parsed object", m.Key, doc)
				}
				if err := ValidateJSONText(m.Value); err != nil {
					t.Fatalf("member %q of %q: %v", m.Value, doc, err)
				}
			}
		}
		trimmed := strings.TrimRight(doc, " \t\r\n")
		if cut := rapid.IntRange(0, len(trimmed)-1).Draw(t, "cut"); cut < len(trimmed) {
			short := trimmed[:cut]
			if _, perr := ParseJSON(short); (perr == nil) != (ValidateJSONText(short) == nil) {
				t.Fatalf("%q: ValidateJSONText and ParseJSON disagree", short)
			}
		}
	})
}
