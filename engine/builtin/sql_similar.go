package builtin

import (
	"strings"
	"unicode/utf8"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// SQL regular expressions: SIMILAR TO, which the SQL translator turns
// into a match (~) of similar_to_escape(pattern [, escape]) as
// PostgreSQL's parser does, and substring(text SIMILAR pattern ESCAPE
// escape), whose pattern may mark the part to return between two
// escape-double-quote separators.

// codeInvalidUseOfEscape is SQLSTATE invalid_use_of_escape_character.
const codeInvalidUseOfEscape = "2200C"

// similarToRegex converts a SQL regular expression into the regular
// expression PostgreSQL's similar_to_escape gives (which is also Go's
// syntax): anchored at both ends, % as .*, _ as ., ( non-capturing, the
// characters special to POSIX but not to SQL escaped, and the escape
// character's escape-double-quote separators as the group that
// substring returns. esc is the escape character, "" for none.
//
// lazyFirst makes the part before the first separator match as little
// as it can: PostgreSQL's regex engine derives that from the {1,1}?
// around it, Go's from lazy quantifiers inside it only.
func similarToRegex(pattern, esc string, lazyFirst bool) (string, error) {
	var e rune = -1
	switch utf8.RuneCountInString(esc) {
	case 0:
	case 1:
		e, _ = utf8.DecodeRuneInString(esc)
	default:
		return "", errs.New(errs.InvalidEscapeSequence, "invalid escape string").
			WithHint("Escape string must be empty or one character.")
	}
	var b strings.Builder
	b.WriteString("^(?:")
	afterEscape := false
	quotes := 0
	classDepth, classStart := 0, 0
	for _, c := range pattern {
		lazy := lazyFirst && quotes == 0 && classDepth == 0
		switch {
		case afterEscape:
			afterEscape = false
			if c == '"' && classDepth == 0 {
				switch quotes {
				case 0:
					b.WriteString("){1,1}?(")
				case 1:
					b.WriteString("){1,1}(?:")
				default:
					return "", errs.New(codeInvalidUseOfEscape, "SQL regular expression may not contain more than two escape-double-quote separators")
				}
				quotes++
				continue
			}
			// Any character may be escaped (\d and the like too).
			b.WriteByte('\\')
			b.WriteRune(c)
		case c == e:
			afterEscape = true
		case classDepth > 0:
			if c == '\\' {
				b.WriteByte('\\')
			}
			b.WriteRune(c)
			// A ] right after [ or [^ is a member, not the class's end.
			switch {
			case c == ']' && classStart > 2:
				classDepth--
			case c == '[':
				classDepth++
			}
			if c == '^' {
				classStart++
			} else {
				classStart = 3
			}
		case c == '[':
			b.WriteRune(c)
			classDepth, classStart = 1, 1
		case c == '%':
			b.WriteString(".*")
			if lazy {
				b.WriteByte('?')
			}
		case c == '_':
			b.WriteByte('.')
		case c == '(':
			b.WriteString("(?:")
		case c == '\\' || c == '.' || c == '^' || c == '$':
			b.WriteByte('\\')
			b.WriteRune(c)
		case lazy && (c == '*' || c == '+' || c == '?' || c == '}'):
			b.WriteRune(c)
			b.WriteByte('?')
		default:
			b.WriteRune(c)
		}
	}
	b.WriteString(")$")
	return b.String(), nil
}

// regexSubstring is substring(text, pattern): the part of the text the
// first group of the pattern's first match took (NULL when it took no
// part), or the whole match when the pattern has no group; NULL without
// a match.
func regexSubstring(c *Context, s, pattern string) (value.Value, error) {
	re, _, err := c.sqlRegex(pattern, "")
	if err != nil {
		return value.None, err
	}
	m := re.FindStringSubmatchIndex(s)
	if m == nil {
		return value.None, nil
	}
	if len(m) > 2 {
		m = m[2:4]
	}
	if m[0] < 0 {
		return value.None, nil
	}
	return value.String(s[m[0]:m[1]]), nil
}

// substringFn is substring(text, from [, count]), substring(text,
// pattern) (SUBSTRING(text FROM pattern)) and substring(text, pattern,
// escape) (SUBSTRING(text SIMILAR pattern ESCAPE escape)): a text second
// argument makes it a pattern.
func substringFn(substr func(string, *Context, []value.Value) (value.Value, error)) func(string, *Context, []value.Value) (value.Value, error) {
	return func(name string, c *Context, args []value.Value) (value.Value, error) {
		if args[1].Kind() != value.KindString {
			return substr(name, c, args)
		}
		idx := []int{0, 1}
		if len(args) > 2 {
			idx = append(idx, 2)
		}
		s, err := sqlStrings(name, args, idx...)
		if err != nil {
			return value.None, err
		}
		pattern := s[1]
		if len(s) > 2 {
			if pattern, err = similarToRegex(s[1], s[2], true); err != nil {
				return value.None, err
			}
		}
		return regexSubstring(c, s[0], pattern)
	}
}

func similarFuncs() []*Func {
	return []*Func{
		sqlDef("similar_to_escape", 1, 2, "similar_to_escape(pattern [, escape]): the regular expression a SQL regular expression (SIMILAR TO) stands for; the escape character is \\ unless given (empty for none).", resultOf(value.TypeText),
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				s, esc, err := sqlStringOr(name, args, `\`)
				if err != nil {
					return value.None, err
				}
				re, err := similarToRegex(s, esc, false)
				if err != nil {
					return value.None, err
				}
				return value.String(re), nil
			}, ex(`"^(?:a.*b.)$"`, vs("a%b_")), ex(`"^(?:a){1,1}?(b){1,1}(?:c)$"`, vs(`a#"b#"c`), vs("#")),
			exErr(errs.InvalidEscapeSequence, vs("a"), vs("xy"))),
	}
}
