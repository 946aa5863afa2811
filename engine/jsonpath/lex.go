package jsonpath

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/zerodb/zerodb/errs"
)

type tokKind uint8

const (
	tEOF tokKind = iota
	tIdent
	tKeyword // Text is the keyword
	tString
	tVariable
	tInt
	tNumeric
	tPunct // Text is the operator or punctuation
)

type token struct {
	kind tokKind
	text string // a keyword, operator, number or the raw text of an identifier
	str  string // the unescaped value of an identifier, string or variable
}

// keywords are the jsonpath scanner's keywords (case-sensitive).
var keywords = map[string]bool{
	"is": true, "to": true, "abs": true, "lax": true, "flag": true, "last": true,
	"null": true, "size": true, "type": true, "with": true, "floor": true,
	"false": true, "true": true, "double": true, "exists": true, "starts": true,
	"strict": true, "ceiling": true, "unknown": true, "datetime": true,
	"keyvalue": true, "like_regex": true,
}

type lexer struct {
	src string
	pos int
}

func syntaxErr(format string, args ...any) *errs.Error {
	return errs.New(errs.SyntaxError, format, args...)
}

// errAt is PostgreSQL's jsonpath_yyerror: the message, then where.
func errAt(msg, near string) *errs.Error {
	if near == "" {
		return syntaxErr("%s at end of jsonpath input", msg)
	}
	return syntaxErr("%s at or near \"%s\" of jsonpath input", msg, near)
}

// special are the characters that end an unquoted identifier.
func special(c byte) bool {
	switch c {
	case '?', '%', '$', '.', '[', ']', '{', '}', '(', ')', '|', '&', '!', '=', '<', '>', '@', '#', ',', '*', ':', '-', '+', '/', '\\', '"',
		' ', '\t', '\n', '\r', '\f':
		return true
	}
	return false
}

func (l *lexer) skipBlank() error {
	for l.pos < len(l.src) {
		switch c := l.src[l.pos]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			l.pos++
		case c == '/' && l.pos+1 < len(l.src) && l.src[l.pos+1] == '*':
			end := strings.Index(l.src[l.pos+2:], "*/")
			if end < 0 {
				return errAt("unexpected end of comment", "")
			}
			l.pos += end + 4
		default:
			return nil
		}
	}
	return nil
}

func (l *lexer) next() (token, error) {
	if err := l.skipBlank(); err != nil {
		return token{}, err
	}
	if l.pos >= len(l.src) {
		return token{kind: tEOF}, nil
	}
	s, start := l.src, l.pos
	c := s[start]
	switch {
	case c == '"':
		l.pos++
		str, err := l.quoted()
		return token{kind: tString, text: s[start:l.pos], str: str}, err
	case c == '$':
		l.pos++
		if l.pos < len(s) && s[l.pos] == '"' {
			l.pos++
			str, err := l.quoted()
			return token{kind: tVariable, text: s[start:l.pos], str: str}, err
		}
		if l.pos < len(s) && (!special(s[l.pos]) || s[l.pos] == '\\') {
			str, err := l.ident()
			return token{kind: tVariable, text: s[start:l.pos], str: str}, err
		}
		return token{kind: tPunct, text: "$"}, nil
	case c >= '0' && c <= '9' || c == '.' && start+1 < len(s) && s[start+1] >= '0' && s[start+1] <= '9':
		return l.number()
	case !special(c) || c == '\\':
		str, err := l.ident()
		raw := s[start:l.pos]
		if err == nil && keywords[raw] {
			return token{kind: tKeyword, text: raw, str: raw}, nil
		}
		return token{kind: tIdent, text: raw, str: str}, err
	}
	for _, op := range [...]string{"**", "==", "!=", "<>", "<=", ">=", "&&", "||"} {
		if strings.HasPrefix(s[start:], op) {
			l.pos += 2
			if op == "<>" {
				op = "!="
			}
			return token{kind: tPunct, text: op}, nil
		}
	}
	l.pos++
	return token{kind: tPunct, text: s[start:l.pos]}, nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// number scans PostgreSQL 15's numeric literals: an integer (no leading
// zeros), a decimal (1.5, 1., .5), either with an exponent; a literal
// running into an identifier's character is trailing junk.
func (l *lexer) number() (token, error) {
	s, start := l.src, l.pos
	digits := func() {
		for l.pos < len(s) && isDigit(s[l.pos]) {
			l.pos++
		}
	}
	kind := tInt
	if s[l.pos] == '0' {
		l.pos++
	} else {
		digits()
	}
	if l.pos < len(s) && s[l.pos] == '.' {
		kind = tNumeric
		l.pos++
		digits()
	}
	if l.pos < len(s) && (s[l.pos] == 'e' || s[l.pos] == 'E') {
		l.pos++
		if l.pos < len(s) && (s[l.pos] == '+' || s[l.pos] == '-') {
			l.pos++
		}
		if l.pos >= len(s) || !isDigit(s[l.pos]) {
			return token{}, errAt("invalid numeric literal", s[start:l.pos])
		}
		kind = tNumeric
		digits()
	}
	if l.pos < len(s) && !special(s[l.pos]) {
		end := l.pos
		_, n := utf8.DecodeRuneInString(s[end:])
		return token{}, errAt("trailing junk after numeric literal", s[start:end+n])
	}
	return token{kind: kind, text: s[start:l.pos]}, nil
}

// ident scans an unquoted identifier (its escapes decoded).
func (l *lexer) ident() (string, error) {
	var b strings.Builder
	s := l.src
	for l.pos < len(s) {
		c := s[l.pos]
		if c == '\\' {
			if err := l.escape(&b); err != nil {
				return "", err
			}
			continue
		}
		if special(c) {
			break
		}
		b.WriteByte(c)
		l.pos++
	}
	return b.String(), nil
}

// quoted scans a double-quoted string's body and closing quote.
func (l *lexer) quoted() (string, error) {
	var b strings.Builder
	s := l.src
	for l.pos < len(s) {
		c := s[l.pos]
		switch c {
		case '"':
			l.pos++
			return b.String(), nil
		case '\\':
			if err := l.escape(&b); err != nil {
				return "", err
			}
		default:
			b.WriteByte(c)
			l.pos++
		}
	}
	return "", errAt("unexpected end of quoted string", "")
}

// hexDigits reads n hexadecimal digits at l.pos.
func (l *lexer) hexDigits(n int) (rune, bool) {
	if l.pos+n > len(l.src) {
		return 0, false
	}
	v, err := strconv.ParseUint(l.src[l.pos:l.pos+n], 16, 32)
	if err != nil {
		return 0, false
	}
	l.pos += n
	return rune(v), true
}

// escape decodes the escape sequence at l.pos (a backslash).
func (l *lexer) escape(b *strings.Builder) error {
	s := l.src
	l.pos++
	if l.pos >= len(s) {
		return errAt("unexpected end after backslash", "")
	}
	c := s[l.pos]
	l.pos++
	if k := strings.IndexByte("bfnrtv", c); k >= 0 {
		b.WriteByte("\b\f\n\r\t\v"[k])
		return nil
	}
	switch c {
	case 'x':
		if r, ok := l.hexDigits(2); ok {
			if r == 0 {
				return errs.New(errs.UntranslatableCharacter, "unsupported Unicode escape sequence")
			}
			b.WriteRune(r)
			return nil
		}
		return errAt("invalid hexadecimal character sequence", "")
	case 'u':
		r, err := l.unicode()
		if err != nil {
			return err
		}
		if utf16.IsSurrogate(r) {
			if r >= 0xDC00 || !strings.HasPrefix(s[l.pos:], "\\u") {
				return errAt("invalid unicode sequence", "")
			}
			l.pos += 2
			lo, err := l.unicode()
			if err != nil {
				return err
			}
			if r = utf16.DecodeRune(r, lo); r == utf8.RuneError {
				return errAt("invalid unicode sequence", "")
			}
		}
		if r == 0 {
			return errs.New(errs.UntranslatableCharacter, "unsupported Unicode escape sequence")
		}
		b.WriteRune(r)
	default:
		// Any other escaped character stands for itself.
		_, n := utf8.DecodeRuneInString(s[l.pos-1:])
		b.WriteString(s[l.pos-1 : l.pos-1+n])
		l.pos += n - 1
	}
	return nil
}

// unicode reads the XXXX or {X...} of a \u escape.
func (l *lexer) unicode() (rune, error) {
	s := l.src
	if l.pos < len(s) && s[l.pos] == '{' {
		end := strings.IndexByte(s[l.pos:], '}')
		if end < 2 || end > 7 {
			return 0, errAt("invalid unicode sequence", "")
		}
		v, err := strconv.ParseUint(s[l.pos+1:l.pos+end], 16, 32)
		if err != nil || v > utf8.MaxRune {
			return 0, errAt("invalid unicode sequence", "")
		}
		l.pos += end + 1
		return rune(v), nil
	}
	if r, ok := l.hexDigits(4); ok {
		return r, nil
	}
	return 0, errAt("invalid unicode sequence", "")
}
