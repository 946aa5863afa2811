package value

import (
	"bytes"
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// The outputs and messages are PostgreSQL 15's (hstore 1.8).
func TestParseHstore(t *testing.T) {
	for _, c := range []struct{ in, out, err string }{
		{``, ``, ``},
		{`  `, ``, ``},
		{`a=>1`, `"a"=>"1"`, ``},
		{`a=>1,`, `"a"=>"1"`, ``},
		{`a=>,`, `"a"=>","`, ``},
		{`b=>1,a=>NULL,aa=>"x y",a=>2`, `"a"=>NULL, "b"=>"1", "aa"=>"x y"`, ``},
		{`a,b=>c=d>e`, `"a,b"=>"c=d>e"`, ``},
		{`a=>null, b=>NULL, c=>"NULL", d=>nulL`, `"a"=>NULL, "b"=>NULL, "c"=>"NULL", "d"=>NULL`, ``},
		{`""=>""`, `""=>""`, ``},
		{`a\\=>1`, `"a\\"=>"1"`, ``},
		{`"a\"b" => "c\\d"`, `"a\"b"=>"c\\d"`, ``},
		{` a => b , c => d `, `"a"=>"b", "c"=>"d"`, ``},
		{`a b=>1`, ``, `Syntax error near "b" at position 2`},
		{`=>1`, ``, `Syntax error near "=" at position 0`},
		{`a=>`, ``, `Unexpected end of string`},
		{`a`, ``, `Unexpected end of string`},
		{`a=1`, ``, `Syntax error near "1" at position 2`},
		{`a=>1 b=>2`, ``, `Syntax error near "b" at position 5`},
		{`"a`, ``, `Unexpected end of string`},
		{`\`, ``, `Unexpected end of string`},
		{`a=>1 é`, ``, `Syntax error near "é" at position 5`},
	} {
		v, err := ParseHstore(c.in)
		if c.err != "" {
			e, ok := err.(*errs.Error)
			if !ok || e.Message != c.err || e.Code != errs.InternalError {
				t.Errorf("%q: error %v, want XX000 %s", c.in, err, c.err)
			}
			continue
		}
		if err != nil || v.AsString() != c.out || !v.IsHstore() {
			t.Errorf("%q: %q %v, want %q", c.in, v.AsString(), err, c.out)
		}
		// The output reads back as itself.
		if w, err := ParseHstore(v.AsString()); err != nil || w.AsString() != v.AsString() {
			t.Errorf("%q: output %q reads back as %q %v", c.in, v.AsString(), w.AsString(), err)
		}
	}
}

// hstore_cmp's order, as PostgreSQL sorts these (ORDER BY h).
func TestCompareHstore(t *testing.T) {
	sorted := []string{``, `a=>""`, `a=>NULL`, `a=>1`, `a=>12`, `a=>1,b=>2`, `a=>2`, `ab=>NULL`, `ab=>1`, `a=>b,c=>d`, `b=>1`, `aa=>NULL,b=>1`}
	for i, a := range sorted {
		for j, b := range sorted {
			va, _ := ParseHstore(a)
			vb, _ := ParseHstore(b)
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got := Compare(va, vb); got != want {
				t.Errorf("Compare(%q, %q) = %d, want %d", a, b, got, want)
			}
		}
	}
}

func TestHstoreBinary(t *testing.T) {
	v, _ := ParseHstore(`b=>NULL, a=>xy`)
	b := AppendHstoreBinary(nil, v)
	want := []byte{0, 0, 0, 2, 0, 0, 0, 1, 'a', 0, 0, 0, 2, 'x', 'y', 0, 0, 0, 1, 'b', 0xff, 0xff, 0xff, 0xff}
	if !bytes.Equal(b, want) {
		t.Fatalf("send: % x, want % x", b, want)
	}
	w, err := ParseHstoreBinary(b)
	if err != nil || w.AsString() != v.AsString() {
		t.Fatalf("recv: %q %v", w.AsString(), err)
	}
	for _, bad := range [][]byte{{0, 0, 0}, {0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff}, {0, 0, 0, 1, 0, 0, 0, 1}, append(b, 0)} {
		if _, err := ParseHstoreBinary(bad); err == nil {
			t.Errorf("recv % x: no error", bad)
		}
	}
}

func FuzzParseHstore(f *testing.F) {
	for _, s := range []string{`a=>1`, `"a\"b" => "c\\d", x=>NULL`, `a,b=>c=d>e`, `\`, `a=>`, ``} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseHstore(s)
		if err != nil {
			return
		}
		// Canonical: the output reads back as the same pairs, and its
		// binary form as the same value.
		w, err := ParseHstore(v.AsString())
		if err != nil || w.AsString() != v.AsString() {
			t.Fatalf("%q: output %q reads back as %q %v", s, v.AsString(), w.AsString(), err)
		}
		if u, err := ParseHstoreBinary(AppendHstoreBinary(nil, v)); err != nil || u.AsString() != v.AsString() {
			t.Fatalf("%q: binary round trip %q %v", s, u.AsString(), err)
		}
		if Compare(v, w) != 0 {
			t.Fatalf("%q: not equal to itself", s)
		}
	})
}
