package value

import (
	"strings"

	"github.com/zerodb/zerodb/errs"
)

// SQL's json type keeps its input as text, verbatim (PostgreSQL's json
// stores what was written: key order, duplicate keys, whitespace), so a
// json value is a String that holds valid JSON. The functions here read
// such text without building values: they find the spans of members and
// elements, which json's operators return as written.

// ValidateJSONText checks that s is one JSON value, as PostgreSQL's json
// input does: 22P02 "invalid input syntax for type json" otherwise.
func ValidateJSONText(s string) error {
	end, ok := scanJSON(s, 0, 0)
	if ok {
		end = skipJSONSpace(s, end)
		if end == len(s) {
			return nil
		}
	}
	// The scanner only says no; the parser says why, in PostgreSQL's words.
	if _, err := ParseJSON(s); err != nil {
		return err
	}
	return jsonSyntax("The input string ended unexpectedly.").WithWhere("%s", jsonContext(s, len(s)))
}

func skipJSONSpace(s string, i int) int {
	for i < len(s) {
		switch s[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// scanJSON returns the end of the JSON value that starts at or after i
// (after white space), and false when there is none there.
func scanJSON(s string, i, depth int) (int, bool) {
	i = skipJSONSpace(s, i)
	if i >= len(s) || depth > maxJSONDepth {
		return i, false
	}
	switch c := s[i]; c {
	case '"':
		return scanJSONString(s, i)
	case '[', '{':
		close := byte(']')
		if c == '{' {
			close = '}'
		}
		i = skipJSONSpace(s, i+1)
		if i < len(s) && s[i] == close {
			return i + 1, true
		}
		for {
			var ok bool
			if c == '{' {
				i = skipJSONSpace(s, i)
				if i >= len(s) || s[i] != '"' {
					return i, false
				}
				if i, ok = scanJSONString(s, i); !ok {
					return i, false
				}
				i = skipJSONSpace(s, i)
				if i >= len(s) || s[i] != ':' {
					return i, false
				}
				i++
			}
			if i, ok = scanJSON(s, i, depth+1); !ok {
				return i, false
			}
			i = skipJSONSpace(s, i)
			if i >= len(s) {
				return i, false
			}
			switch s[i] {
			case ',':
				i++
				continue
			case close:
				return i + 1, true
			}
			return i, false
		}
	}
	j := i
	for j < len(s) && !isJSONDelim(s[j]) {
		j++
	}
	switch tok := s[i:j]; tok {
	case "true", "false", "null":
		return j, true
	default:
		return j, validJSONNumber(tok)
	}
}

// scanJSONString returns the end of the string token at i.
func scanJSONString(s string, i int) (int, bool) {
	for i++; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			return i + 1, true
		case c < 0x20:
			return i, false
		case c == '\\':
			if i+1 >= len(s) {
				return i, false
			}
			i++
			switch s[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(s) {
					return i, false
				}
				for k := 1; k <= 4; k++ {
					if _, ok := unhex(s[i+k]); !ok {
						return i, false
					}
				}
				i += 4
			default:
				return i, false
			}
		}
	}
	return i, false
}

// CheckJSONTextEscapes fails with 22P05 when valid json text s holds the
// escape \u0000, which has no text: PostgreSQL's json functions that
// read a document's strings de-escape all of them, and refuse it.
func CheckJSONTextEscapes(s string) error {
	if !strings.Contains(s, `\u0000`) {
		return nil
	}
	for i := 0; i+1 < len(s); i++ {
		if s[i] != '\\' {
			continue
		}
		if strings.HasPrefix(s[i+1:], "u0000") {
			return errs.New(codeUntranslatableChar, "unsupported Unicode escape sequence").
				WithDetail(`\u0000 cannot be converted to text.`)
		}
		i++ // the escaped character
	}
	return nil
}

// JSONTextMember is a member of a json object: its key (unescaped) and its
// value's text as written.
type JSONTextMember struct {
	Key, Value string
}

// JSONTextKind is the first byte of the JSON value in s (valid json
// text): '{', '[', '"', 't', 'f', 'n', or a number's first character.
func JSONTextKind(s string) byte {
	i := skipJSONSpace(s, 0)
	if i >= len(s) {
		return 0
	}
	return s[i]
}

// JSONTextTypeof is json_typeof of valid json text.
func JSONTextTypeof(s string) string {
	switch JSONTextKind(s) {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// JSONTextMembers lists the members of the object s (valid json text) in
// the order written, duplicates included; ok is false when s is not an
// object.
func JSONTextMembers(s string) (ms []JSONTextMember, ok bool) {
	i := skipJSONSpace(s, 0)
	if i >= len(s) || s[i] != '{' {
		return nil, false
	}
	i = skipJSONSpace(s, i+1)
	if i < len(s) && s[i] == '}' {
		return nil, true
	}
	for i < len(s) {
		i = skipJSONSpace(s, i)
		kend, _ := scanJSONString(s, i)
		key, _ := JSONTextUnquote(s[i:kend]) // a key keeps a \u0000 it cannot show
		i = skipJSONSpace(s, kend) + 1       // the colon
		start := skipJSONSpace(s, i)
		end, _ := scanJSON(s, start, 0)
		ms = append(ms, JSONTextMember{Key: key, Value: s[start:end]})
		i = skipJSONSpace(s, end)
		if i >= len(s) || s[i] != ',' {
			break
		}
		i++
	}
	return ms, true
}

// JSONTextElements lists the elements of the array s (valid json text)
// as written; ok is false when s is not an array.
func JSONTextElements(s string) (xs []string, ok bool) {
	i := skipJSONSpace(s, 0)
	if i >= len(s) || s[i] != '[' {
		return nil, false
	}
	i = skipJSONSpace(s, i+1)
	if i < len(s) && s[i] == ']' {
		return nil, true
	}
	for i < len(s) {
		start := skipJSONSpace(s, i)
		end, _ := scanJSON(s, start, 0)
		xs = append(xs, s[start:end])
		i = skipJSONSpace(s, end)
		if i >= len(s) || s[i] != ',' {
			break
		}
		i++
	}
	return xs, true
}

// JSONTextUnquote is the text of a JSON string token (valid, quotes
// included). \u0000 has no text: 22P05, as PostgreSQL's json says when
// it de-escapes one.
func JSONTextUnquote(tok string) (string, error) {
	if !strings.ContainsRune(tok, '\\') {
		return tok[1 : len(tok)-1], nil
	}
	p := jsonParser{s: tok, utf8: true, jsonb: true}
	return p.str()
}

// JSONTextScalar is json's ->> of a value's text: a string's contents, SQL
// NULL for null, anything else as written.
func JSONTextScalar(s string) (Value, error) {
	s = strings.TrimRight(s[skipJSONSpace(s, 0):], " \t\n\r")
	switch JSONTextKind(s) {
	case '"':
		u, err := JSONTextUnquote(s)
		return String(u), err
	case 'n':
		return None, nil
	}
	return String(s), nil
}

// JSONTextStripNulls is json_strip_nulls of valid json text: the object
// members whose value is null are dropped, at every depth, and the rest
// is written without white space, as PostgreSQL writes it.
func JSONTextStripNulls(s string) string {
	var b strings.Builder
	stripNulls(&b, s)
	return b.String()
}

func stripNulls(b *strings.Builder, s string) {
	s = strings.TrimRight(s[skipJSONSpace(s, 0):], " \t\n\r")
	switch JSONTextKind(s) {
	case '{':
		ms, _ := JSONTextMembers(s)
		b.WriteByte('{')
		n := 0
		for _, m := range ms {
			if JSONTextKind(m.Value) == 'n' {
				continue
			}
			if n > 0 {
				b.WriteByte(',')
			}
			n++
			b.Write(AppendJSON(nil, String(m.Key)))
			b.WriteByte(':')
			stripNulls(b, m.Value)
		}
		b.WriteByte('}')
	case '[':
		xs, _ := JSONTextElements(s)
		b.WriteByte('[')
		for i, x := range xs {
			if i > 0 {
				b.WriteByte(',')
			}
			stripNulls(b, x)
		}
		b.WriteByte(']')
	default:
		b.WriteString(s)
	}
}
