package builtin

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// More SQL string functions: translate, the regexp_ family (Go's RE2
// syntax, which covers PostgreSQL's common patterns), ascii, chr, format,
// to_hex, quote_literal, quote_ident.

// sqlRegexEntry is a compiled pattern of Context.sqlRegex.
type sqlRegexEntry struct {
	re     *regexp.Regexp
	global bool
}

// sqlRegex is compileSQLRegex, remembered for the statement when c is not
// nil.
func (c *Context) sqlRegex(pattern, flags string) (*regexp.Regexp, bool, error) {
	if c == nil {
		return compileSQLRegex(pattern, flags)
	}
	key := flags + "\x00" + pattern
	if e, ok := c.regexps[key]; ok {
		return e.re, e.global, nil
	}
	re, global, err := compileSQLRegex(pattern, flags)
	if err != nil {
		return nil, false, err
	}
	if c.regexps == nil {
		c.regexps = make(map[string]sqlRegexEntry)
	}
	c.regexps[key] = sqlRegexEntry{re, global}
	return re, global, nil
}

func compileSQLRegex(pattern, flags string) (*regexp.Regexp, bool, error) {
	global := false
	prefix := ""
	for _, f := range flags {
		switch f {
		case 'g':
			global = true
		case 'i':
			prefix = "(?i)"
		case 'c':
			prefix = "" // the last of i and c wins, as in PostgreSQL
		default:
			return nil, false, errs.New(errs.InvalidParameterValue, "invalid regular expression option: \"%c\"", f)
		}
	}
	re, err := regexp.Compile(prefix + pattern)
	if err != nil {
		return nil, false, value.RegexError(err)
	}
	return re, global, nil
}

// regexArgs reads the text arguments of a regexp_ function whose
// optional flags come at index flagsAt, and compiles the pattern (the
// second argument).
func regexArgs(c *Context, name string, args []value.Value, flagsAt int) ([]string, *regexp.Regexp, bool, error) {
	idx := make([]int, 0, len(args))
	for i := range args {
		idx = append(idx, i)
	}
	s, err := sqlStrings(name, args, idx...)
	if err != nil {
		return nil, nil, false, err
	}
	flags := ""
	if len(s) > flagsAt {
		flags = s[flagsAt]
	}
	re, global, err := c.sqlRegex(s[1], flags)
	return s, re, global, err
}

// pgReplacement turns PostgreSQL's replacement text (\1..\9, \& for the
// match, \\ for a backslash) into Go's Expand template.
func pgReplacement(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '$':
			b.WriteString("$$")
		case c == '\\' && i+1 < len(s):
			n := s[i+1]
			switch {
			case n >= '1' && n <= '9':
				b.WriteString("${" + string(n) + "}")
				i++
			case n == '&':
				b.WriteString("${0}")
				i++
			case n == '\\':
				b.WriteByte('\\')
				i++
			default:
				b.WriteByte(c)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func stringMoreFuncs() []*Func {
	text := resultOf(value.TypeText)
	textArr := resultOf(value.ArrayOf(value.TypeText))
	return []*Func{
		sqlDef("overlay", 3, 4, "overlay(text PLACING new FROM start [FOR count]): the text with count characters (default: new's length) from position start replaced by new.", text,
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				s, start, err := sqlStringsInt(name, args)
				if err != nil {
					return value.None, err
				}
				count := int64(utf8.RuneCountInString(s[1]))
				if len(args) > 3 {
					if count, err = sqlInt(name, args, 3); err != nil {
						return value.None, err
					}
				}
				return overlay(s[0], s[1], start, count)
			},
			ex(`"axc"`, vs("abc"), vs("x"), vi4(2), vi4(1)), ex(`"aXYd"`, vs("abcd"), vs("XY"), vi4(2)),
			ex(`"abxbcd"`, vs("abcd"), vs("x"), vi4(3), vi4(-1)), ex(`"abcdx"`, vs("abcd"), vs("x"), vi4(9)),
			exErr(codeSubstringError, vs("abc"), vs("x"), vi4(0))),
		sqlDef("translate", 3, 3, "translate(text, from, to): each character of from replaced by the one at its position in to (removed when to is shorter).", text,
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				s, err := sqlStrings(name, args, 0, 1, 2)
				if err != nil {
					return value.None, err
				}
				from, to := []rune(s[1]), []rune(s[2])
				var b strings.Builder
				for _, r := range s[0] {
					i := -1
					for k, f := range from {
						if f == r {
							i = k
							break
						}
					}
					switch {
					case i < 0:
						b.WriteRune(r)
					case i < len(to):
						b.WriteRune(to[i])
					}
				}
				return value.String(b.String()), nil
			}, ex(`"hippo"`, vs("hello"), vs("el"), vs("ip"))),
		sqlDef("regexp_replace", 3, 6, "regexp_replace(text, pattern, replacement [, start [, N]] [, flags]): the first match (every match with flag g; the Nth from character start on, every one when N is 0) replaced.", text,
			regexpReplace, ex(`"f0 bar"`, vs("foo bar"), vs("o+"), vs("0")), ex(`"bbb"`, vs("aaa"), vs("a"), vs("b"), vs("g")),
			ex(`"abcaXc"`, vs("abcabc"), vs("b"), vs("X"), vi4(1), vi4(2)), ex(`"aXcaXc"`, vs("aBcabc"), vs("b"), vs("X"), vi4(1), vi4(0), vs("i")),
			exErr(errs.InvalidParameterValue, vs("abc"), vs("b"), vs("X"), vi4(0))),
		sqlDef("regexp_match", 2, 3, "regexp_match(text, pattern [, flags]): the captured substrings of the first match (the whole match without groups), NULL without a match.", textArr,
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				s, re, global, err := regexArgs(c, name, args, 2)
				if err != nil {
					return value.None, err
				}
				if global {
					return value.None, errs.New(errs.InvalidParameterValue, "regexp_match() does not support the \"global\" option").
						WithHint("Use the regexp_matches function instead.")
				}
				m := re.FindStringSubmatchIndex(s[0])
				if m == nil {
					return value.None, nil
				}
				return regexpGroups(s[0], m), nil
			}, ex(`["123"]`, vs("abc123"), vs("[0-9]+")), ex(`["b", "2"]`, vs("ab12"), vs("(b)1(2)"))),
		sqlDef("regexp_split_to_array", 2, 3, "regexp_split_to_array(text, pattern [, flags]): the text split at each match.", textArr,
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				s, re, _, err := regexArgs(c, name, args, 2)
				if err != nil {
					return value.None, err
				}
				return value.List(regexpSplit(s[0], re)), nil
			}, ex(`["a", "b", "c"]`, vs("a1b22c"), vs("[0-9]+"))),
		sqlDef("ascii", 1, 1, "ascii(text): the code point of the first character (0 for empty text).", resultOf(value.TypeInt4),
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				s, err := sqlStrings(name, args, 0)
				if err != nil {
					return value.None, err
				}
				r, _ := utf8.DecodeRuneInString(s[0])
				if s[0] == "" {
					r = 0
				}
				return value.IntW(int64(r), value.I32), nil
			}, ex("65", vs("A"))),
		sqlDef("chr", 1, 1, "chr(n): the character with code point n.", text,
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				n, err := sqlInt(name, args, 0)
				if err != nil {
					return value.None, err
				}
				switch {
				case n == 0:
					return value.None, errs.New(errs.ProgramLimitExceeded, "null character not permitted")
				case n < 0 || n > utf8.MaxRune || (n >= 0xD800 && n <= 0xDFFF):
					return value.None, errs.New(errs.ProgramLimitExceeded, "requested character too large for encoding: %d", n)
				}
				return value.String(string(rune(n))), nil
			}, ex(`"B"`, vi4(66))),
		sqlDef("to_hex", 1, 1, "to_hex(n): n in hexadecimal (two's complement for negatives).", text,
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				n, err := sqlInt(name, args, 0)
				if err != nil {
					return value.None, err
				}
				if args[0].Width() == value.I32 || args[0].Width() == value.I16 {
					return value.String(strconv.FormatUint(uint64(uint32(n)), 16)), nil
				}
				return value.String(strconv.FormatUint(uint64(n), 16)), nil
			}, ex(`"ff"`, vi4(255))),
		sqlDef("quote_literal", 1, 1, "quote_literal(text): the text as a SQL string literal.", text,
			func(_ string, c *Context, args []value.Value) (value.Value, error) {
				return quoteLiteralOf(c, args[0])
			}, ex(`"'it''s'"`, vs("it's"))),
		nonStrict(sqlDef("quote_nullable", 1, 1, "quote_nullable(x): quote_literal of x, or NULL unquoted for NULL.", text,
			func(_ string, c *Context, args []value.Value) (value.Value, error) {
				if args[0].IsNone() {
					return value.String("NULL"), nil
				}
				return quoteLiteralOf(c, args[0])
			}, ex(`"NULL"`, value.None), ex(`"'x'"`, vs("x")))),
		sqlDef("quote_ident", 1, 1, "quote_ident(text): the text as a SQL identifier, quoted when it must be.", text,
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				s, err := sqlStrings(name, args, 0)
				if err != nil {
					return value.None, err
				}
				return value.String(QuoteIdent(s[0])), nil
			}, ex(`"\"A b\""`, vs("A b")), ex(`"a_1"`, vs("a_1")), ex(`"\"select\""`, vs("select")),
			ex(`"\"user\""`, vs("user")), ex(`"\"int\""`, vs("int")), ex(`"\"between\""`, vs("between")),
			ex(`"abort"`, vs("abort")), ex(`"json_object"`, vs("json_object")), ex(`"\"a$b\""`, vs("a$b"))),
		nonStrict(sqlDef("format", 1, -1, "format(fmt, args...): %s (text), %I (identifier), %L (literal) and %% filled from the arguments; a specifier may name its argument (%2$s), align left (%-5s) and take a width, given or from an argument (%*s, %*3$s).", text,
			func(_ string, c *Context, args []value.Value) (value.Value, error) {
				if args[0].IsNone() {
					return value.None, nil
				}
				return sqlFormat(c, args[0].AsString(), args)
			}, ex(`"a-1"`, vs("%s-%s"), vs("a"), vi4(1)), ex(`"b a"`, vs("%2$s %1$s"), vs("a"), vs("b")),
			ex(`"   x|y  |"`, vs("%4s|%-3s|"), vs("x"), vs("y")), ex(`"  ab|"`, vs("%*s|"), vi4(4), vs("ab")),
			ex(`"foo \"Foo\""`, vs("%I %I"), vs("foo"), vs("Foo")), ex(`"\"select\" \"table\" id"`, vs("%I %I %I"), vs("select"), vs("table"), vs("id")), exErr("22023", vs("%s %s"), vs("a")),
			exErr("22023", vs("%0$s"), vs("a")), exErr("22004", vs("%I"), value.None))),
	}
}

// overlay is PostgreSQL's text_overlay: the characters before start, new,
// then those from start+count on (all of them when that is before 1).
func overlay(s, repl string, start, count int64) (value.Value, error) {
	r := []rune(s)
	head, tail, err := overlayRange(int64(len(r)), start, count)
	if err != nil {
		return value.None, err
	}
	return value.String(string(r[:head]) + repl + string(r[tail:])), nil
}

// overlayRange is what overlay keeps of n elements (textoverlay,
// bitoverlay): the first head of them and those from tail on, around
// count replaced from 1-based start.
func overlayRange(n, start, count int64) (head, tail int64, err error) {
	if start <= 0 {
		return 0, 0, errs.New(codeSubstringError, "negative substring length not allowed")
	}
	end := start + count // both int4: no int64 overflow
	if end > math.MaxInt32 || end < math.MinInt32 {
		return 0, 0, errs.New(errs.NumericValueOutOfRange, "integer out of range")
	}
	_, head, _ = substrRange(n, 1, start-1, true)
	lo, hi, _ := substrRange(n, end, 0, false)
	if lo == hi {
		lo = n
	}
	return head, lo, nil
}

//go:generate go run gen_keywords.go

// QuoteLiteral is s as a SQL string literal, as quote_literal writes
// it.
func QuoteLiteral(s string) string { return quoteLiteral(s) }

// QuoteIdent is s as a SQL identifier, as quote_ident and format's %I
// write it (PostgreSQL's quote_identifier): as it is when it is made of
// lower-case letters, digits and underscores (not starting with a digit)
// and is not a keyword other than an unreserved one, otherwise
// double-quoted.
func QuoteIdent(s string) string {
	plain := s != ""
	for i, r := range s {
		if !(r == '_' || (r >= 'a' && r <= 'z') || (i > 0 && r >= '0' && r <= '9')) {
			plain = false
		}
	}
	if plain && !quotedKeyword(s) {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// sqlFormat is PostgreSQL's format(f, args[1:]...): each specifier
// %[position$][-][width]type, where the width is digits, * (the next
// argument) or *position$, and type is s, I or L, takes the argument at
// its position or the one after the last taken.
// quoteLiteralOf is quote_literal of v's text (a timestamptz's in the
// session time zone).
func quoteLiteralOf(c *Context, v value.Value) (value.Value, error) {
	loc, err := c.textZone(v)
	if err != nil {
		return value.None, err
	}
	return value.String(quoteLiteral(value.CastTextIn(v, loc))), nil
}

func sqlFormat(c *Context, f string, args []value.Value) (value.Value, error) {
	unterminated := func() error {
		return errs.New(errs.InvalidParameterValue, "unterminated format() type specifier").
			WithHint("For a single \"%%\" use \"%%%%\".")
	}
	tooFew := errs.New(errs.InvalidParameterValue, "too few arguments for format()")
	// digits reads a number at f[i:], if there is one.
	digits := func(i int) (n, next int, ok bool, err error) {
		for next = i; next < len(f) && f[next] >= '0' && f[next] <= '9'; next++ {
			if n > (math.MaxInt32-int(f[next]-'0'))/10 {
				return 0, 0, false, errs.New(errs.NumericValueOutOfRange, "number is out of range")
			}
			n = n*10 + int(f[next]-'0')
		}
		return n, next, next > i, nil
	}
	position := func(n int) error {
		if n == 0 {
			return errs.New(errs.InvalidParameterValue, "format specifies argument 0, but arguments are numbered from 1")
		}
		return nil
	}
	var b strings.Builder
	next := 1
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			b.WriteByte(f[i])
			continue
		}
		if i++; i >= len(f) {
			return value.None, unterminated()
		}
		if f[i] == '%' {
			b.WriteByte('%')
			continue
		}
		argpos, widthpos, width, left := -1, -1, 0, false
		n, j, ok, err := digits(i)
		if err != nil {
			return value.None, err
		}
		switch {
		case ok && (j >= len(f) || f[j] != '$'):
			width, i = n, j // a width alone, then the type
		default:
			if ok {
				if err := position(n); err != nil {
					return value.None, err
				}
				argpos, i = n, j+1
			}
			for ; i < len(f) && f[i] == '-'; i++ {
				left = true
			}
			if i < len(f) && f[i] == '*' {
				widthpos = 0 // the next argument
				n, j, ok, err := digits(i + 1)
				if err != nil {
					return value.None, err
				}
				i = j
				if ok {
					if j >= len(f) || f[j] != '$' {
						return value.None, errs.New(errs.InvalidParameterValue, "width argument position must be ended by \"$\"")
					}
					if err := position(n); err != nil {
						return value.None, err
					}
					widthpos, i = n, j+1
				}
			} else {
				n, j, _, err := digits(i)
				if err != nil {
					return value.None, err
				}
				width, i = n, j
			}
		}
		if i >= len(f) {
			return value.None, unterminated()
		}
		if widthpos >= 0 {
			if widthpos > 0 {
				next = widthpos
			}
			if next >= len(args) {
				return value.None, tooFew
			}
			w := args[next]
			next++
			switch {
			case w.IsNone():
				width = 0
			case w.Kind() == value.KindInt:
				width = int(w.AsInt())
			default:
				v, err := value.Convert(w, value.TypeInt4)
				if err != nil {
					return value.None, err
				}
				width = int(v.AsInt())
			}
			if width < 0 {
				left, width = true, -width
			}
		}
		if argpos > 0 {
			next = argpos
		}
		if next >= len(args) {
			return value.None, tooFew
		}
		a := args[next]
		next++
		var s string
		loc, err := c.textZone(a)
		if err != nil {
			return value.None, err
		}
		switch f[i] {
		case 's':
			if !a.IsNone() {
				s = value.CastTextIn(a, loc)
			}
		case 'L':
			s = "NULL"
			if !a.IsNone() {
				s = quoteLiteral(value.CastTextIn(a, loc))
			}
		case 'I':
			if a.IsNone() {
				return value.None, errs.New(errs.NullValueNotAllowed, "null values cannot be formatted as an SQL identifier")
			}
			s = QuoteIdent(value.CastTextIn(a, loc))
		default:
			return value.None, errs.New(errs.InvalidParameterValue, "unrecognized format() type specifier \"%c\"", f[i]).
				WithHint("For a single \"%%\" use \"%%%%\".")
		}
		pad := strings.Repeat(" ", max(0, width-utf8.RuneCountInString(s)))
		if left {
			b.WriteString(s + pad)
		} else {
			b.WriteString(pad + s)
		}
	}
	return value.String(b.String()), nil
}

// quoteLiteral is s as a SQL string literal (E'...' when it holds a
// backslash), as quote_literal writes it.
func quoteLiteral(s string) string {
	q := "'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", "''") + "'"
	if strings.Contains(s, `\`) {
		q = "E" + q
	}
	return q
}

// regexpGroups is what regexp_match and regexp_matches give for one match
// m of s: the captured substrings (NULL for a group that took no part),
// or the whole match when the pattern has no groups.
func regexpGroups(s string, m []int) value.Value {
	if len(m) == 2 {
		return value.List([]value.Value{value.String(s[m[0]:m[1]])})
	}
	out := make([]value.Value, 0, len(m)/2-1)
	for i := 2; i < len(m); i += 2 {
		if m[i] < 0 {
			out = append(out, value.None)
		} else {
			out = append(out, value.String(s[m[i]:m[i+1]]))
		}
	}
	return value.List(out)
}

// regexpSplit is s split at each match of re, as text values.
func regexpSplit(s string, re *regexp.Regexp) []value.Value {
	parts := re.Split(s, -1)
	out := make([]value.Value, len(parts))
	for i, p := range parts {
		out[i] = value.String(p)
	}
	return out
}
