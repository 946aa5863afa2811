package builtin

import (
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

func unistrFuncs() []*Func {
	return []*Func{
		sqlDef("unistr", 1, 1, `unistr(text): the text with its Unicode escapes (\XXXX, \+XXXXXX, \uXXXX, \UXXXXXXXX; UTF-16 surrogate pairs of two escapes) made the characters, and \\ a backslash.`,
			resultOf(value.TypeText), func(name string, _ *Context, args []value.Value) (value.Value, error) {
				if args[0].Kind() != value.KindString {
					return value.None, noSQLFunc(name, args)
				}
				s, err := unistr(args[0].AsString())
				if err != nil {
					return value.None, err
				}
				return value.String(s), nil
			},
			ex(`"data"`, vs(`d\0061t\+000061`)),
			ex(`"😀\\"`, vs(`\D83D\uDE00\\`)),
			exErr(errs.SyntaxError, vs(`\006`)),
			exErr(errs.SyntaxError, vs(`\D83Dx`)),
			exErr(errs.InvalidParameterValue, vs(`\U00110000`))).withParams(value.TypeText),
	}
}

// unistr decodes the escapes of unistr as PostgreSQL's does (varlena.c),
// with its errors: 42601 for a malformed escape or a surrogate without
// its other half, 22023 for a code point out of Unicode's range.
func unistr(s string) (string, error) {
	var b strings.Builder
	var high rune // the first half of a surrogate pair, waiting for the second
	badPair := func() error { return errs.New(errs.SyntaxError, "invalid Unicode surrogate pair") }
	hexAt := func(i, n int) (rune, bool) {
		if i+n > len(s) {
			return 0, false
		}
		for _, c := range []byte(s[i : i+n]) {
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return 0, false
			}
		}
		v, err := strconv.ParseUint(s[i:i+n], 16, 32)
		return rune(v), err == nil
	}
	for i := 0; i < len(s); {
		if s[i] != '\\' {
			if high != 0 {
				return "", badPair()
			}
			b.WriteByte(s[i])
			i++
			continue
		}
		if i+1 < len(s) && s[i+1] == '\\' {
			if high != 0 {
				return "", badPair()
			}
			b.WriteByte('\\')
			i += 2
			continue
		}
		var r rune
		ok := false
		for _, f := range []struct {
			prefix string
			digits int
		}{{"", 4}, {"u", 4}, {"+", 6}, {"U", 8}} {
			if strings.HasPrefix(s[i+1:], f.prefix) {
				if r, ok = hexAt(i+1+len(f.prefix), f.digits); ok {
					i += 1 + len(f.prefix) + f.digits
					break
				}
			}
		}
		if !ok {
			return "", errs.New(errs.SyntaxError, "invalid Unicode escape").
				WithHint(`Unicode escapes must be \XXXX, \+XXXXXX, \uXXXX, or \UXXXXXXXX.`)
		}
		if r <= 0 || r > 0x10FFFF {
			return "", errs.New(errs.InvalidParameterValue, "invalid Unicode code point: %04X", uint32(r))
		}
		isHigh, isLow := r >= 0xD800 && r <= 0xDBFF, r >= 0xDC00 && r <= 0xDFFF
		switch {
		case high != 0 && !isLow, high == 0 && isLow:
			return "", badPair()
		case high != 0:
			r, high = utf16.DecodeRune(high, r), 0
		case isHigh:
			high = r
			continue
		}
		b.WriteRune(r)
	}
	if high != 0 {
		return "", badPair()
	}
	return b.String(), nil
}
