package tsearch

import (
	"strings"
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// The expected values below are PostgreSQL 15's answers.

func TestParseVector(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{"b:3 a:1,2 b:1A c 'x y':4B a:2", "'a':1,2 'b':1A,3 'c' 'x y':4B", ""},
		{"a:3,1,1D,2C b", "'a':1,2C,3 'b'", ""},
		{`\\x it's`, `'\\x' 'it''s'`, ""},
		{"a:20000", "'a':16383", ""},
		{"a:1*", "'a':1A", ""},
		{"'a'b", "'a' 'b'", ""},
		{"a:1 ,2", "',2' 'a':1", ""},
		{"café:1A,1B", "'café':1A", ""},
		{"", "", ""},
		{"a:0", "", "42601"},
		{"a:1:2", "", "42601"},
		{"a: 1", "", "42601"},
		{"x:", "", "42601"},
		{"'", "", "42601"},
		{"a:1,", "", "42601"},
		{"a:1AB", "", "42601"},
	} {
		v, err := ParseVector(tc.in)
		if tc.err != "" {
			if errs.Code(err) != tc.err {
				t.Errorf("ParseVector(%q): error %v, want %s", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || v.String() != tc.want {
			t.Errorf("ParseVector(%q) = %q, %v; want %q", tc.in, v.String(), err, tc.want)
		}
	}
}

func TestParseQuery(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{"a & b | c", "'a' & 'b' | 'c'", ""},
		{"a | b & c", "'a' | 'b' & 'c'", ""},
		{"(a | b) & c", "( 'a' | 'b' ) & 'c'", ""},
		{"!a & !(b|c)", "!'a' & !( 'b' | 'c' )", ""},
		{"a <-> b <-> c", "'a' <-> 'b' <-> 'c'", ""},
		{"a <-> (b <-> c)", "'a' <-> ( 'b' <-> 'c' )", ""},
		{"(a & b) <-> c", "( 'a' & 'b' ) <-> 'c'", ""},
		{"a <3> b", "'a' <3> 'b'", ""},
		{"a:* & b:AB & c:*a", "'a':* & 'b':AB & 'c':*A", ""},
		{"!!a", "!!'a'", ""},
		{"a & (b & c)", "'a' & 'b' & 'c'", ""},
		{"(a|b) <-> (c&d)", "( 'a' | 'b' ) <-> ( 'c' & 'd' )", ""},
		{"a <-> !b", "'a' <-> !'b'", ""},
		{`'x' & "y"`, `'x' & '"y"'`, ""},
		{"", "", ""},
		{"a &", "", "42601"},
		{"a b", "", "42601"},
		{"(a", "", "42601"},
		{"a)", "", "42601"},
		{":a", "", "42601"},
		{"a <16385> b", "", "22023"},
	} {
		q, err := ParseQuery(tc.in, SyntaxStandard, nil)
		if tc.err != "" {
			if errs.Code(err) != tc.err {
				t.Errorf("ParseQuery(%q): error %v, want %s", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || q.String() != tc.want {
			t.Errorf("ParseQuery(%q) = %q, %v; want %q", tc.in, q.String(), err, tc.want)
		}
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://www.postgresql.org/docs/15/textsearch.html", "protocol:https:// url:www.postgresql.org/docs/15/textsearch.html host:www.postgresql.org url_path:/docs/15/textsearch.html"},
		{"http://example.com", "protocol:http:// host:example.com"},
		{"foo.txt x.y.z a.b", "host:foo.txt file:x.y.z file:a.b"},
		{"user.name+tag@mail.example.org", "host:user.name email:tag@mail.example.org"},
		{"foo@bar", "asciiword:foo asciiword:bar"},
		{"1.2 1.2.3.4 -1.5 +3 1e-5 2.5e3", "float:1.2 version:1.2.3.4 float:-1.5 int:+3 sfloat:1e-5 sfloat:2.5e3"},
		{"12abc abc12def", "numword:12abc numword:abc12def"},
		{"state-of-the-art", "asciihword:state-of-the-art hword_asciipart:state hword_asciipart:of hword_asciipart:the hword_asciipart:art"},
		{"co-op2 2-way x-1", "numhword:co-op2 hword_asciipart:co hword_numpart:op2 uint:2 asciiword:way asciiword:x int:-1"},
		{"über-cool naïve", "hword:über-cool hword_part:über hword_asciipart:cool word:naïve"},
		{"don't U.S.A. end.", "asciiword:don asciiword:t file:U.S.A asciiword:end"},
		{"a--b 3-4 10:30 C++ foo_bar", "asciiword:a asciiword:b uint:3 int:-4 uint:10 uint:30 asciiword:C asciiword:foo asciiword:bar"},
		{"./rel/x /path/to ./rel/x a ~/x", "file:./rel/x file:/path/to file:/rel/x asciiword:a file:/x"},
		{"10/20 12.5/x", "file:10/20 float:12.5 file:/x"},
		{"www.foo.org:8080 localhost:5432 192.168.0.1", "host:www.foo.org:8080 asciiword:localhost uint:5432 version:192.168.0.1"},
		{`<a href="x">link</a> &amp;x &#123;`, `tag:<a href="x"> asciiword:link tag:</a> entity:&amp; asciiword:x entity:&#123;`},
		{"http://x.com:80/a?b=c#d", "protocol:http:// url:x.com:80/a?b=c#d host:x.com:80 url_path:/a?b=c#d"},
		{"<script>var x</script>y", "tag:<script> tag:</script> asciiword:y"},
		{"-2.0.1 12.foo 2.0.1.mail cat~www", "version:2.0.1 host:12.foo host:2.0.1.mail asciiword:cat file:~www"},
		{"abc.def-7 abc.def/---:bar", "host:abc.def int:-7 url:abc.def/---:bar host:abc.def url_path:/---:bar"},
		{"com/-7 lt//.com// ab/.. ..", "asciiword:com int:-7 asciiword:lt file:/.com file:ab/.."},
		{"x/a-b/c- io./@", "file:x/a-b/c- asciiword:io"},
	} {
		var got []string
		for _, tok := range Parse(tc.in) {
			if tok.Type != TokBlank {
				got = append(got, tok.Type.Alias()+":"+tok.Text)
			}
		}
		if g := strings.Join(got, " "); g != tc.want {
			t.Errorf("Parse(%q)\n got %s\nwant %s", tc.in, g, tc.want)
		}
	}
}

func TestToVector(t *testing.T) {
	for _, tc := range []struct {
		c        *Config
		in, want string
	}{
		{English, "The quick brown fox jumps over the lazy dog.", "'brown':3 'dog':9 'fox':4 'jump':5 'lazi':8 'quick':2"},
		{Simple, "The quick brown fox", "'brown':3 'fox':4 'quick':2 'the':1"},
		{English, "Running runners ran quickly; generously generalized organizations.", "'general':6 'generous':5 'organ':7 'quick':4 'ran':3 'run':1 'runner':2"},
		{English, "Caring, cared, cares; happiness, happier, happiest", "'care':1,2,3 'happi':4 'happier':5 'happiest':6"},
		{English, "Version 1.2.3 was released with 42 bug fixes and 3.5% speedup.", "'1.2.3':2 '3.5':10 '42':6 'bug':7 'fix':8 'releas':4 'speedup':11 'version':1"},
		{English, "the and of to", ""},
	} {
		if got := tc.c.ToVector(tc.in).String(); got != tc.want {
			t.Errorf("to_tsvector(%s, %q) = %q, want %q", tc.c.Name, tc.in, got, tc.want)
		}
	}
}

func TestQueryMorph(t *testing.T) {
	for _, tc := range []struct {
		syn      Syntax
		op       Op
		in, want string
	}{
		{SyntaxStandard, OpPhrase, "The & Fat & Rats", "'fat' & 'rat'"},
		{SyntaxStandard, OpPhrase, "supernovae & !stars | (running <-> dogs)", "'supernova' & !'star' | 'run' <-> 'dog'"},
		{SyntaxStandard, OpPhrase, "quick-brown <-> fox", "'quick-brown' <-> 'quick' <-> 'brown' <-> 'fox'"},
		{SyntaxStandard, OpPhrase, "cat <2> the <-> the <-> rat", "'cat' <4> 'rat'"},
		{SyntaxStandard, OpPhrase, "the", ""},
		{SyntaxPlain, OpAnd, "The Fat Rats ate quickly", "'fat' & 'rat' & 'ate' & 'quick'"},
		{SyntaxPlain, OpPhrase, "the cats ate the rats", "'cat' <-> 'ate' <2> 'rat'"},
		{SyntaxWeb, OpPhrase, `"supernovae stars" -crab`, "'supernova' <-> 'star' & !'crab'"},
		{SyntaxWeb, OpPhrase, `"sad cat" or "fat rat"`, "'sad' <-> 'cat' | 'fat' <-> 'rat'"},
		{SyntaxWeb, OpPhrase, "or cat or", "'cat'"},
		{SyntaxWeb, OpPhrase, "cat -", "'cat'"},
	} {
		q, err := ParseQuery(tc.in, tc.syn, English.QueryMorph(tc.op))
		if err != nil || q.String() != tc.want {
			t.Errorf("query %q = %q, %v; want %q", tc.in, q.String(), err, tc.want)
		}
	}
}

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		v, q string
		want bool
	}{
		{"a:1 b:2", "a <-> b", true},
		{"a:1 b:2", "b <-> a", false},
		{"a:1 b:2 c:3", "a <2> c", true},
		{"a:1 b:2", "!c <-> b", true},
		{"a:1 b:2", "!a <-> b", false},
		{"a:1 b:2", "!b <-> b", true},
		{"a b", "a <-> b", false},
		{"a b", "a:A", true},
		{"a:1A b:2", "a:B", false},
		{"a:1A b:2", "a:AB", true},
		{"supernova:1 star:2", "super:*", true},
		{"a:1 b:2 c:3", "(a | x) <-> b", true},
		{"a:1 b:3", "a <-> (b | x)", false},
		{"", "!a", true},
		{"a", "a <-> !b", false},
		{"a:1", "", false},
	} {
		v, _ := ParseVector(tc.v)
		q, _ := ParseQuery(tc.q, SyntaxStandard, nil)
		if got := Match(v, q); got != tc.want {
			t.Errorf("%q @@ %q = %v, want %v", tc.v, tc.q, got, tc.want)
		}
	}
}

func TestRank(t *testing.T) {
	for _, tc := range []struct {
		cd     bool
		v, q   string
		method int
		want   float32
	}{
		{false, "'ate':4 'cat':3 'fat':2,6 'quick':8 'rat':7", "'fat' & 'rat'", 0, 0.18152626},
		{false, "a:1 b:2 c:3", "a", 0, 0.06079271},
		{false, "a:1 b:2 c:3", "a", 1, 0.030396355},
		{false, "a:1 b:2 c:3", "a", 2, 0.020264236},
		{true, "'ate':4 'cat':3 'fat':2,6 'quick':8 'rat':7", "'fat' & 'rat'", 0, 0.1},
		{true, "a:1 b:2 c:3", "a <-> b", 0, 0.1},
		{true, "a:1 b:2 c:3", "x", 0, 0},
	} {
		v, _ := ParseVector(tc.v)
		q, _ := ParseQuery(tc.q, SyntaxStandard, nil)
		f := Rank
		if tc.cd {
			f = RankCD
		}
		if got := f(DefaultWeights, v, q, tc.method); got != tc.want {
			t.Errorf("rank(cd=%v, %q, %q, %d) = %v, want %v", tc.cd, tc.v, tc.q, tc.method, got, tc.want)
		}
	}
}

func TestHeadline(t *testing.T) {
	for _, tc := range []struct{ doc, q, opts, want string }{
		{"The fat cat ate the rat.", "rat", "StartSel=<<, StopSel=>>", "The fat cat ate the <<rat>>."},
		{"The fat cat ate the rat.", "cat", "HighlightAll=true", "The fat <b>cat</b> ate the rat."},
		{"<p>The <b>fat</b> cat</p>", "cat", "", " The  fat  <b>cat</b> "},
	} {
		q, _ := ParseQuery(tc.q, SyntaxStandard, nil)
		o, err := ParseHeadlineOptions(tc.opts)
		if err != nil {
			t.Fatal(err)
		}
		if got := English.Headline(tc.doc, q, o); got != tc.want {
			t.Errorf("headline(%q, %q) = %q, want %q", tc.doc, tc.q, got, tc.want)
		}
	}
	if _, err := ParseHeadlineOptions("Foo=1"); errs.Code(err) != errs.InvalidParameterValue {
		t.Errorf("unknown option: %v", err)
	}
}

func FuzzParseVector(f *testing.F) {
	for _, s := range []string{"a:1 b:2A", `'it''s':3,1 \x`, "a:1*", "", "'a'b:1,2,3D"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseVector(s)
		if err != nil {
			return
		}
		out := v.String()
		v2, err := ParseVector(out)
		if err != nil || v2.String() != out {
			t.Fatalf("%q printed %q, read back as %q, %v", s, out, v2.String(), err)
		}
	})
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"a & b | !c", "(a <-> b) <3> c:*AB", "'x''y' & z", "!!a", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuery(s, SyntaxStandard, nil)
		if err != nil {
			return
		}
		out := q.String()
		q2, err := ParseQuery(out, SyntaxStandard, nil)
		if err != nil || q2.String() != out {
			t.Fatalf("%q printed %q, read back as %q, %v", s, out, q2.String(), err)
		}
		for _, syn := range []Syntax{SyntaxPlain, SyntaxWeb} {
			if _, err := ParseQuery(s, syn, English.QueryMorph(OpPhrase)); err != nil && errs.Code(err) == "" {
				t.Fatalf("%q: error without SQLSTATE: %v", s, err)
			}
		}
		Match(English.ToVector(s), q)
		_ = English.Headline(s, q, HeadlineOptions{StartSel: "<b>", StopSel: "</b>", MaxWords: 35, MinWords: 15, ShortWord: 3})
	})
}

// FuzzHeadline: ts_headline with any option string a client writes (word
// counts of any size, fragments, selectors) either refuses the options
// with a SQLSTATE or makes a headline, never a panic.
func FuzzHeadline(f *testing.F) {
	for _, s := range [][3]string{
		{"The quick brown fox jumps over the lazy dog", "fox & dog", ""},
		{"a b c d e f g h i j k l m n o p", "c <-> d | o", "MaxWords=4, MinWords=2, MaxFragments=3"},
		{"one two three two one", "two", `StartSel="[", StopSel="]", FragmentDelimiter=" | ", HighlightAll=true`},
		{"x y z", "!y", "MaxWords=9223372036854775807, MinWords=1, MaxFragments=9223372036854775807, ShortWord=0"},
	} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, doc, query, opts string) {
		o, err := ParseHeadlineOptions(opts)
		if err != nil {
			if errs.Code(err) == "" {
				t.Fatalf("%q: error without SQLSTATE: %v", opts, err)
			}
			return
		}
		q, err := ParseQuery(query, SyntaxStandard, nil)
		if err != nil {
			if q, err = ParseQuery(query, SyntaxPlain, English.QueryMorph(OpAnd)); err != nil {
				return
			}
		}
		_ = English.Headline(doc, q, o)
	})
}
