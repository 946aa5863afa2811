package value

import (
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// TestBPChar: char(n) keeps its values without trailing spaces and pads
// them on output; too long input is 22001 unless only spaces are cut, and
// an explicit cast truncates (PostgreSQL 15's bpchar).
func TestBPChar(t *testing.T) {
	char3 := Type{Kind: KindString, MaxLen: 3, BPChar: true}
	bpchar := Type{Kind: KindString, BPChar: true}
	for _, c := range []struct {
		name     string
		in       string
		typ      Type
		explicit bool
		want     string // the value kept
		out      string // its text output
		code     string // SQLSTATE of the error, if any
	}{
		{name: "padded on output", in: "ab", typ: char3, want: "ab", out: "ab "},
		{name: "trailing spaces dropped", in: "a  ", typ: char3, want: "a", out: "a  "},
		{name: "empty", in: "", typ: char3, want: "", out: "   "},
		{name: "excess spaces cut", in: "abc   ", typ: char3, want: "abc", out: "abc"},
		{name: "too long", in: "abcd", typ: char3, code: errs.StringDataRightTruncation},
		{name: "explicit truncates", in: "abcd", typ: char3, explicit: true, want: "abc", out: "abc"},
		{name: "explicit cut at a space", in: "a bcd", typ: Type{Kind: KindString, MaxLen: 2, BPChar: true}, explicit: true, want: "a", out: "a "},
		{name: "characters, not bytes", in: "héé", typ: char3, want: "héé", out: "héé"},
		{name: "multibyte padded", in: "é", typ: char3, want: "é", out: "é  "},
		{name: "inner and leading spaces kept", in: " a b ", typ: Type{Kind: KindString, MaxLen: 6, BPChar: true}, want: " a b", out: " a b  "},
		{name: "bpchar without length", in: "ab  ", typ: bpchar, want: "ab", out: "ab"},
	} {
		t.Run(c.name, func(t *testing.T) {
			conv := Convert
			if c.explicit {
				conv = ConvertExplicit
			}
			got, err := conv(String(c.in), c.typ)
			if c.code != "" {
				if e, ok := err.(*errs.Error); !ok || e.Code != c.code {
					t.Fatalf("Convert(%q, %v) = %v, %v; want error %s", c.in, c.typ, got, err, c.code)
				}
				if _, err := ParseText(c.in, c.typ); err == nil {
					t.Errorf("ParseText(%q, %v) takes what Convert refuses", c.in, c.typ)
				}
				return
			}
			if err != nil || got.AsString() != c.want {
				t.Fatalf("Convert(%q, %v) = %q, %v; want %q", c.in, c.typ, got.AsString(), err, c.want)
			}
			if !c.explicit {
				if p, err := ParseText(c.in, c.typ); err != nil || p != got {
					t.Errorf("ParseText(%q, %v) = %v, %v; want %v", c.in, c.typ, p, err, got)
				}
			}
			out, err := AppendText(nil, got, c.typ)
			if err != nil || string(out) != c.out {
				t.Errorf("AppendText(%q, %v) = %q, %v; want %q", c.want, c.typ, out, err, c.out)
			}
		})
	}
}

func TestBPCharType(t *testing.T) {
	char3 := Type{Kind: KindString, MaxLen: 3, BPChar: true}
	if got := char3.OID(); got != OIDBPChar {
		t.Errorf("OID = %d, want %d", got, OIDBPChar)
	}
	if got := char3.TypeModifier(); got != 7 {
		t.Errorf("TypeModifier = %d, want 7", got)
	}
	if got := char3.SQLName(); got != "character(3)" {
		t.Errorf("SQLName = %q", got)
	}
	if got := (Type{Kind: KindString, BPChar: true}).SQLName(); got != "bpchar" {
		t.Errorf("SQLName of bpchar = %q", got)
	}
	if got := ArrayOf(char3).OID(); got != 1014 {
		t.Errorf("array OID = %d, want 1014", got)
	}
	if got := TypeOfOID(OIDBPChar); !got.BPChar || got.OID() != OIDBPChar {
		t.Errorf("TypeOfOID(bpchar) = %v", got)
	}
	_, err := Convert(String("abcd"), char3)
	if err == nil || err.Error() != "value too long for type character(3)" {
		t.Errorf("error = %v", err)
	}
}
