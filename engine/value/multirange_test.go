package value

import (
	"testing"
	"time"

	"github.com/zerodb/zerodb/errs"
)

func TestParseMultirange(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		k        RangeKind
		code     string
	}{
		{"{}", "{}", RangeInt4, ""},
		{" { } ", "{}", RangeInt4, ""},
		{"{[1,3), [5,7)}", "{[1,3),[5,7)}", RangeInt4, ""},
		{"{[5,7), [1,3)}", "{[1,3),[5,7)}", RangeInt4, ""},
		{"{empty, [1,2], (3,5]}", "{[1,3),[4,6)}", RangeInt4, ""},
		{"{EMPTY}", "{}", RangeInt4, ""},
		{"{[1,3),[2,8)}", "{[1,8)}", RangeInt4, ""},
		{"{[1,3),[3,8)}", "{[1,8)}", RangeInt4, ""},
		{"{[1,3),(3,8)}", "{[1,3),(3,8)}", RangeNum, ""},
		{"{(,5),[1,)}", "{(,)}", RangeInt4, ""},
		{`{["a b",1)}`, "", RangeInt4, errs.InvalidTextRepresentation},
		{`{["1",")"}`, "", RangeInt4, errs.InvalidTextRepresentation},
		{`{["1","3")}`, "{[1,3)}", RangeInt4, ""},
		{"{[1,3)", "", RangeInt4, errs.InvalidTextRepresentation},
		{"[1,3)", "", RangeInt4, errs.InvalidTextRepresentation},
		{"{[1,3)} x", "", RangeInt4, errs.InvalidTextRepresentation},
		{"{[1,3) [4,5)}", "", RangeInt4, errs.InvalidTextRepresentation},
		{"{,}", "", RangeInt4, errs.InvalidTextRepresentation},
		{"{[1,3),}", "", RangeInt4, errs.InvalidTextRepresentation},
		{"{[3,1)}", "", RangeInt4, errs.DataException},
	} {
		v, err := ParseMultirange(tc.in, tc.k, time.UTC)
		if tc.code != "" {
			if errs.Code(err) != tc.code {
				t.Errorf("ParseMultirange(%q) = %v, want %s", tc.in, err, tc.code)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseMultirange(%q): %v", tc.in, err)
			continue
		}
		if got, _ := AppendMultirange(nil, v, time.UTC); string(got) != tc.want {
			t.Errorf("ParseMultirange(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestMultirangeOps(t *testing.T) {
	m := func(s string) Value {
		v, err := ParseMultirange(s, RangeInt4, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	text := func(v Value) string {
		b, _ := AppendMultirange(nil, v, time.UTC)
		return string(b)
	}
	for _, tc := range []struct {
		op, a, b, want string
	}{
		{"+", "{[1,3),[5,8)}", "{[3,5)}", "{[1,8)}"},
		{"-", "{[1,10)}", "{[2,3),[5,6)}", "{[1,2),[3,5),[6,10)}"},
		{"-", "{(,)}", "{[0,1)}", "{(,0),[1,)}"},
		{"-", "{[1,5)}", "{[1,5)}", "{}"},
		{"-", "{[1,5)}", "{}", "{[1,5)}"},
		{"*", "{[1,5),[7,9)}", "{[3,8)}", "{[3,5),[7,8)}"},
		{"*", "{[1,5)}", "{}", "{}"},
	} {
		var got Value
		var err error
		switch tc.op {
		case "+":
			got = MultirangeUnion(m(tc.a), m(tc.b))
		case "-":
			got, err = MultirangeMinus(m(tc.a), m(tc.b))
		case "*":
			got, err = MultirangeIntersect(m(tc.a), m(tc.b))
		}
		if err != nil || text(got) != tc.want {
			t.Errorf("%s %s %s = %s, %v; want %s", tc.a, tc.op, tc.b, text(got), err, tc.want)
		}
	}
	for _, tc := range []struct {
		op, a, b string
		want     bool
	}{
		{"<<", "{[1,3)}", "{[5,8)}", true},
		{"<<", "{}", "{[5,8)}", false},
		{">>", "{[1,3)}", "{[-5,0)}", true},
		{"&<", "{[1,3)}", "{[5,8)}", true},
		{"&>", "{[1,3)}", "{[0,8)}", true},
		{"-|-", "{[1,3)}", "{[3,4)}", true},
		{"-|-", "{[-1,1)}", "{[1,3),[7,9)}", true},
		{"-|-", "{[1,3),[7,9)}", "{[9,10)}", true},
		{"-|-", "{[1,3),[7,9)}", "{[4,5)}", false},
		{"@>", "{[1,3),[5,8)}", "{[1,2),[6,7)}", true},
		{"@>", "{[1,3),[5,8)}", "{[2,6)}", false},
		{"@>", "{}", "{}", true},
		{"&&", "{[1,3),[5,8)}", "{[3,5)}", false},
		{"&&", "{[1,3),[5,8)}", "{[7,9)}", true},
	} {
		var got bool
		switch tc.op {
		case "@>":
			got = MultirangeContains(m(tc.a), m(tc.b))
		case "&&":
			got = MultirangeOverlaps(m(tc.a), m(tc.b))
		default:
			got = MultirangeCompare(tc.op, m(tc.a), m(tc.b))
		}
		if got != tc.want {
			t.Errorf("%s %s %s = %v, want %v", tc.a, tc.op, tc.b, got, tc.want)
		}
	}
}

// FuzzParseMultirange: any text is read or refused with a SQLSTATE, and
// what is read is canonical: its text reads back as itself.
func FuzzParseMultirange(f *testing.F) {
	for _, s := range []string{"{}", "{[1,3), [5,7)}", "{empty, [1,2], (3,5]}", `{["1","3")}`, "{[1,3)", "{(,5),[1,)}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, k := range []RangeKind{RangeInt4, RangeNum} {
			v, err := ParseMultirange(s, k, time.UTC)
			if err != nil {
				if errs.Code(err) == "" {
					t.Fatalf("ParseMultirange(%q): %v", s, err)
				}
				continue
			}
			out, err := AppendMultirange(nil, v, time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			back, err := ParseMultirange(string(out), k, time.UTC)
			if err != nil || Compare(back, v) != 0 || len(back.AsList()) != len(v.AsList()) {
				t.Fatalf("%q -> %s -> %v, %v", s, out, back, err)
			}
		}
	})
}
