package builtin

import (
	"testing"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// TestRegexpStart checks the PostgreSQL 15 regexp_ functions with a
// start position against the results of PostgreSQL 15: the search sees
// the text before start (^ does not match there) and counts characters,
// not bytes.
func TestRegexpStart(t *testing.T) {
	i4 := vi4
	checkSQLCalls(t, []sqlCall{
		{"regexp_count", []value.Value{vs("abab"), vs("^a"), i4(2)}, "0"},
		{"regexp_count", []value.Value{vs("abab"), vs("^a"), i4(1)}, "1"},
		{"regexp_count", []value.Value{vs("abab"), vs("(?:^|b)a"), i4(2)}, "1"},
		{"regexp_count", []value.Value{vs("abc"), vs(""), i4(2)}, "3"},
		{"regexp_count", []value.Value{vs("abc"), vs(""), i4(4)}, "1"},
		{"regexp_count", []value.Value{vs("abc"), vs(""), i4(5)}, "0"},
		{"regexp_count", []value.Value{vs("héllo"), vs("l"), i4(3)}, "2"},
		{"regexp_instr", []value.Value{vs("aaaa"), vs("aa"), i4(2)}, "2"},
		{"regexp_instr", []value.Value{vs("héllo"), vs("l"), i4(1), i4(1), i4(1)}, "4"},
		{"regexp_instr", []value.Value{vs("abc"), vs("a|(x)"), i4(1), i4(1), i4(0), vs(""), i4(1)}, "0"},
		{"regexp_instr", []value.Value{vs("abc"), vs("b"), i4(1), i4(1 << 30)}, "0"},
		{"regexp_instr", []value.Value{vs("ab"), vs("b"), i4(1), i4(1), i4(2)}, errs.InvalidParameterValue},
		{"regexp_substr", []value.Value{vs("abcabc"), vs("b"), i4(3)}, `"b"`},
		{"regexp_substr", []value.Value{vs("héllo"), vs("l."), i4(2)}, `"ll"`},
		{"regexp_substr", []value.Value{vs("abc"), vs("(b)"), i4(1), i4(1), vs(""), i4(3)}, "null"},
		{"regexp_replace", []value.Value{vs("abab"), vs("^a"), vs("X"), i4(2)}, `"abab"`},
		{"regexp_replace", []value.Value{vs("abc"), vs("b"), vs("X"), i4(1), i4(1), vs("g")}, `"aXc"`},
		{"regexp_replace", []value.Value{vs("abcabc"), vs("(b)(c)"), vs(`\2\1`), i4(2), i4(2)}, `"abcacb"`},
		{"regexp_replace", []value.Value{vs("héllo"), vs("l"), vs("L"), i4(4)}, `"hélLo"`},
		{"regexp_replace", []value.Value{vs("abc"), vs("b"), vs("X"), i4(1), i4(-1)}, errs.InvalidParameterValue},
		{"regexp_like", []value.Value{vs("abc"), vs("b"), vs("g")}, errs.InvalidParameterValue},
	})
}

// TestSimilarToRegex checks the conversion of SQL regular expressions
// against PostgreSQL 15's similar_to_escape, and the lazy first part
// substring's conversion adds.
func TestSimilarToRegex(t *testing.T) {
	for _, c := range []struct {
		pattern, esc string
		lazy         bool
		want         string // the regex, or the SQLSTATE of the error
	}{
		{`a%_b(c|d)*[%_].\^$`, `\`, false, `^(?:a.*.b(?:c|d)*[%_]\.\^\$)$`},
		{`a#"b#"c`, "#", false, `^(?:a){1,1}?(b){1,1}(?:c)$`},
		{`a\%b`, "", false, `^(?:a\\.*b)$`},
		{`x[]a]y`, `\`, false, `^(?:x[]a]y)$`},
		{`x[^]a]y`, `\`, false, `^(?:x[^]a]y)$`},
		{`a#`, "#", false, `^(?:a)$`},
		{`%a+#"b%#"%`, "#", true, `^(?:.*?a+?){1,1}?(b.*){1,1}(?:.*)$`},
		{`ab`, "xy", false, errs.InvalidEscapeSequence},
		{`a#"b#"c#"`, "#", false, codeInvalidUseOfEscape},
	} {
		got, err := similarToRegex(c.pattern, c.esc, c.lazy)
		if err != nil {
			got = errs.Code(err)
		}
		if got != c.want {
			t.Errorf("similarToRegex(%q, %q, %v) = %s, want %s", c.pattern, c.esc, c.lazy, got, c.want)
		}
	}
}

// TestSQLRegexCache: a statement's calls compile a pattern once per
// flags (Context.sqlRegex), and the unanchored form once too; without a
// Context nothing is kept.
func TestSQLRegexCache(t *testing.T) {
	c := &Context{SQL: true}
	a, _, err := c.sqlRegex("b+", "")
	if err != nil {
		t.Fatal(err)
	}
	if b, _, _ := c.sqlRegex("b+", ""); b != a {
		t.Error("the same pattern and flags compiled twice")
	}
	if i, _, _ := c.sqlRegex("b+", "i"); i == a || !i.MatchString("B") {
		t.Error("other flags share a compiled pattern")
	}
	if _, g, _ := c.sqlRegex("b+", "g"); !g {
		t.Error("the g flag is lost in the cache")
	}
	if _, _, err := c.sqlRegex("(", ""); errs.Code(err) != errs.InvalidRegularExpression {
		t.Errorf("invalid pattern: %v", err)
	}
	u, err := c.unanchored(a)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := c.unanchored(a); v != u {
		t.Error("the unanchored form compiled twice")
	}
	var none *Context
	if x, _, err := none.sqlRegex("b+", ""); err != nil || x == nil {
		t.Errorf("without a context: %v, %v", x, err)
	}
	if x, err := none.unanchored(a); err != nil || x == nil {
		t.Errorf("unanchored without a context: %v, %v", x, err)
	}
}
