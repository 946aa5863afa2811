package builtin

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// PostgreSQL 15's regexp_count, regexp_instr, regexp_like and
// regexp_substr, and the search from a start position that they and
// regexp_replace(source, pattern, replacement, start [, N [, flags]])
// share. Patterns are Go's RE2 syntax, as for the other regexp_
// functions (compileSQLRegex).

// regexpSearch is a pattern's search of a text from a 1-based character
// position on: matches are found in the text from there, as
// PostgreSQL's setup_regexp_matches does with its start_search.
type regexpSearch struct {
	s   string         // the whole text
	off int            // the byte offset the search starts at; -1 past the end
	re  *regexp.Regexp // the pattern as it matches from off
}

// newRegexpSearch sets up the search of s for re from character start
// (at least 1).
func newRegexpSearch(c *Context, s string, re *regexp.Regexp, start int64) (regexpSearch, error) {
	off := 0
	for n := int64(1); n < start; n++ {
		if off >= len(s) {
			return regexpSearch{s: s, off: -1}, nil
		}
		_, size := utf8.DecodeRuneInString(s[off:])
		off += size
	}
	if off > 0 {
		var err error
		if re, err = c.unanchored(re); err != nil {
			return regexpSearch{}, err
		}
	}
	return regexpSearch{s: s, off: off, re: re}, nil
}

// matches returns up to n (all when n < 0) successive matches, each the
// byte offsets in s of the match and its groups (-1 for a group that
// took no part), as regexp's FindAllStringSubmatchIndex.
func (r regexpSearch) matches(n int) [][]int {
	if r.off < 0 {
		return nil
	}
	ms := r.re.FindAllStringSubmatchIndex(r.s[r.off:], n)
	for _, m := range ms {
		for i := range m {
			if m[i] >= 0 {
				m[i] += r.off
			}
		}
	}
	return ms
}

// nth is the nth (1-based) match, or nil when there are fewer.
func (r regexpSearch) nth(n int64) []int {
	if n > int64(len(r.s))+1 {
		// More matches than positions to start one at.
		return nil
	}
	ms := r.matches(int(n))
	if int64(len(ms)) < n {
		return nil
	}
	return ms[n-1]
}

// unanchored is re as it matches inside a text rather than at its start:
// PostgreSQL matches ^ (without the n flag) at the start of the whole
// text only, so \A and ^ never match.
func (c *Context) unanchored(re *regexp.Regexp) (*regexp.Regexp, error) {
	if c == nil {
		return unanchoredRegex(re)
	}
	key := "\x00unanchored\x00" + re.String()
	if e, ok := c.regexps[key]; ok {
		return e.re, nil
	}
	out, err := unanchoredRegex(re)
	if err == nil {
		if c.regexps == nil {
			c.regexps = make(map[string]sqlRegexEntry)
		}
		c.regexps[key] = sqlRegexEntry{re: out}
	}
	return out, err
}

func unanchoredRegex(re *regexp.Regexp) (*regexp.Regexp, error) {
	tree, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return nil, value.RegexError(err)
	}
	if !dropBeginText(tree) {
		return re, nil
	}
	out, err := regexp.Compile(tree.String())
	if err != nil {
		return nil, value.RegexError(err)
	}
	return out, nil
}

// dropBeginText turns every beginning-of-text assertion in t into one
// that never matches, reporting whether there was one.
func dropBeginText(t *syntax.Regexp) bool {
	found := t.Op == syntax.OpBeginText
	if found {
		t.Op = syntax.OpNoMatch
	}
	for _, sub := range t.Sub {
		if dropBeginText(sub) {
			found = true
		}
	}
	return found
}

// badRegexpParam is PostgreSQL's error for an out-of-range integer
// argument of the regexp_ functions.
func badRegexpParam(param string, v int64) error {
	return errs.New(errs.InvalidParameterValue, "invalid value for parameter \"%s\": %d", param, v)
}

// regexpIntArg reads the optional integer argument i (def when absent),
// which must be at least lo.
// regexpStartN reads the leading arguments of regexp_instr and
// regexp_substr: the text and the pattern (s), then start and N (each 1
// when left out).
func regexpStartN(name string, args []value.Value) (s []string, start, n int64, err error) {
	if s, err = sqlStrings(name, args, 0, 1); err != nil {
		return nil, 0, 0, err
	}
	if start, err = regexpIntArg(name, args, 2, "start", 1, 1); err != nil {
		return nil, 0, 0, err
	}
	n, err = regexpIntArg(name, args, 3, "n", 1, 1)
	return s, start, n, err
}

// regexpNthGroup finds, in s[0] from start, the Nth match of the pattern
// s[1] (with the flags argument at flagsAt) and returns the byte span of
// its group subexpr (the argument at subAt; 0, the default, is the whole
// match); ok is false when there is no such match or group.
func regexpNthGroup(c *Context, name string, args []value.Value, s []string, start, n int64, flagsAt, subAt int) (span []int, ok bool, err error) {
	re, err := regexpNoGlobal(c, name, args, s[1], flagsAt)
	if err != nil {
		return nil, false, err
	}
	sub, err := regexpIntArg(name, args, subAt, "subexpr", 0, 0)
	if err != nil {
		return nil, false, err
	}
	search, err := newRegexpSearch(c, s[0], re, start)
	if err != nil {
		return nil, false, err
	}
	m := search.nth(n)
	if m == nil || sub > int64(re.NumSubexp()) || m[2*sub] < 0 {
		return nil, false, nil
	}
	return m[2*sub : 2*sub+2], true, nil
}

func regexpIntArg(name string, args []value.Value, i int, param string, def, lo int64) (int64, error) {
	if i >= len(args) {
		return def, nil
	}
	n, err := sqlInt(name, args, i)
	if err != nil {
		return 0, err
	}
	if n < lo {
		return 0, badRegexpParam(param, n)
	}
	return n, nil
}

// regexpNoGlobal compiles pattern with the optional flags argument i,
// refusing the g flag as the functions that find one match do.
func regexpNoGlobal(c *Context, name string, args []value.Value, pattern string, i int) (*regexp.Regexp, error) {
	flags := ""
	if i < len(args) {
		s, err := sqlStrings(name, args, i)
		if err != nil {
			return nil, err
		}
		flags = s[0]
	}
	re, global, err := c.sqlRegex(pattern, flags)
	if err != nil {
		return nil, err
	}
	if global {
		return nil, errs.New(errs.InvalidParameterValue, "%s() does not support the \"global\" option", name)
	}
	return re, nil
}

// charPos is the 1-based character position of byte offset b of s.
func charPos(s string, b int) int64 {
	return int64(utf8.RuneCountInString(s[:b])) + 1
}

func regexpFuncs() []*Func {
	text, int4 := value.TypeText, value.TypeInt4
	withParams := func(f *Func, params ...value.Type) *Func {
		f.Params = params
		return f
	}
	return []*Func{
		withParams(sqlDef("regexp_count", 2, 4, "regexp_count(text, pattern [, start [, flags]]): the number of matches from character start (1) on.", resultOf(int4),
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				s, err := sqlStrings(name, args, 0, 1)
				if err != nil {
					return value.None, err
				}
				start, err := regexpIntArg(name, args, 2, "start", 1, 1)
				if err != nil {
					return value.None, err
				}
				re, err := regexpNoGlobal(c, name, args, s[1], 3)
				if err != nil {
					return value.None, err
				}
				search, err := newRegexpSearch(c, s[0], re, start)
				if err != nil {
					return value.None, err
				}
				return value.IntW(int64(len(search.matches(-1))), value.I32), nil
			}, ex("2", vs("abcabc"), vs("b")), ex("1", vs("abcabc"), vs("B"), vi4(3), vs("i")), exErr(errs.InvalidParameterValue, vs("a"), vs("a"), vi4(0))),
			text, text, int4, text),
		withParams(sqlDef("regexp_instr", 2, 7, "regexp_instr(text, pattern [, start [, N [, endoption [, flags [, subexpr]]]]]): the character position of the Nth match from start on (of its group subexpr when that is not 0), or of the character after it when endoption is 1; 0 without one.", resultOf(int4),
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				s, start, n, err := regexpStartN(name, args)
				if err != nil {
					return value.None, err
				}
				end, err := regexpIntArg(name, args, 4, "endoption", 0, 0)
				if err != nil {
					return value.None, err
				}
				if end > 1 {
					return value.None, badRegexpParam("endoption", end)
				}
				span, ok, err := regexpNthGroup(c, name, args, s, start, n, 5, 6)
				if err != nil || !ok {
					return value.IntW(0, value.I32), err
				}
				return value.IntW(charPos(s[0], span[end]), value.I32), nil
			}, ex("5", vs("abcabc"), vs("b"), vi4(1), vi4(2)), ex("3", vs("abc"), vs("(b)(c)"), vi4(1), vi4(1), vi4(0), vs(""), vi4(2)),
			ex("0", vs("abc"), vs("x")), exErr(errs.InvalidParameterValue, vs("a"), vs("a"), vi4(1), vi4(0))),
			text, text, int4, int4, int4, text, int4),
		withParams(sqlDef("regexp_like", 2, 3, "regexp_like(text, pattern [, flags]): whether the pattern matches.", resultOf(value.TypeBool),
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				s, err := sqlStrings(name, args, 0, 1)
				if err != nil {
					return value.None, err
				}
				re, err := regexpNoGlobal(c, name, args, s[1], 2)
				if err != nil {
					return value.None, err
				}
				return value.Bool(re.MatchString(s[0])), nil
			}, ex("true", vs("ABC"), vs("b"), vs("i")), exErr(errs.InvalidParameterValue, vs("a"), vs("a"), vs("g"))),
			text, text, text),
		withParams(sqlDef("regexp_substr", 2, 6, "regexp_substr(text, pattern [, start [, N [, flags [, subexpr]]]]): the Nth match from start on (its group subexpr when that is not 0), NULL without one.", resultOf(text),
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				s, start, n, err := regexpStartN(name, args)
				if err != nil {
					return value.None, err
				}
				span, ok, err := regexpNthGroup(c, name, args, s, start, n, 4, 5)
				if err != nil || !ok {
					return value.None, err
				}
				return value.String(s[0][span[0]:span[1]]), nil
			}, ex(`"bc"`, vs("abcabc"), vs("b."), vi4(1), vi4(2)), ex(`"c"`, vs("abc"), vs("(b)(c)"), vi4(1), vi4(1), vs(""), vi4(2)), ex("null", vs("abc"), vs("x"))),
			text, text, int4, int4, text, int4),
	}
}

// regexpReplace is regexp_replace(source, pattern, replacement [, start
// [, N]] [, flags]): args[3] is the flags when it is text, else start.
// Without N, the g flag replaces every match (N 0) and its absence the
// first (N 1); an explicit N ignores g.
func regexpReplace(name string, c *Context, args []value.Value) (value.Value, error) {
	s, err := sqlStrings(name, args, 0, 1, 2)
	if err != nil {
		return value.None, err
	}
	start, n, flagsAt := int64(1), int64(-1), 3
	if len(args) > 3 && args[3].Kind() == value.KindInt {
		if start, err = regexpIntArg(name, args, 3, "start", 1, 1); err != nil {
			return value.None, err
		}
		if n, err = regexpIntArg(name, args, 4, "n", -1, 0); err != nil {
			return value.None, err
		}
		flagsAt = 5
	}
	flags := ""
	if len(args) > flagsAt {
		f, err := sqlStrings(name, args, flagsAt)
		if err != nil {
			return value.None, err
		}
		flags = f[0]
	}
	re, global, err := c.sqlRegex(s[1], flags)
	if err != nil {
		return value.None, err
	}
	if n < 0 {
		n = 1
		if global {
			n = 0
		}
	}
	search, err := newRegexpSearch(c, s[0], re, start)
	if err != nil {
		return value.None, err
	}
	tmpl := pgReplacement(s[2])
	var ms [][]int
	if n == 0 {
		ms = search.matches(-1)
	} else if m := search.nth(n); m != nil {
		ms = [][]int{m}
	}
	var b strings.Builder
	last := 0
	for _, m := range ms {
		b.WriteString(s[0][last:m[0]])
		b.Write(re.ExpandString(nil, tmpl, s[0], m))
		last = m[1]
	}
	b.WriteString(s[0][last:])
	return value.String(b.String()), nil
}
