package builtin

import (
	"strings"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

func identFuncs() []*Func {
	return []*Func{
		sqlDef("parse_ident", 1, 2, "parse_ident(qualified_identifier [, strict]): the names of a dotted SQL identifier, unquoted ones folded to lower case; strict (the default) refuses anything after the last name.",
			resultOf(value.ArrayOf(value.TypeText)), func(name string, _ *Context, args []value.Value) (value.Value, error) {
				if args[0].Kind() != value.KindString || len(args) > 1 && args[1].Kind() != value.KindBool {
					return value.None, noSQLFunc(name, args)
				}
				strict := len(args) < 2 || args[1].AsBool()
				parts, err := parseIdent(args[0].AsString(), strict)
				if err != nil {
					return value.None, err
				}
				return stringList(parts), nil
			},
			ex(`["SomeSchema", "sometable"]`, vs(`"SomeSchema".someTable`)),
			ex(`["a"]`, vs("a b"), value.Bool(false)),
			exErr(errs.InvalidParameterValue, vs("a b")),
			exErr(errs.InvalidParameterValue, vs(`a.""`))).withParams(value.TypeText, value.TypeBool),
	}
}

// parseIdent splits a qualified identifier as PostgreSQL's parse_ident
// does (misc.c): names in double quotes (a doubled quote stands for one)
// kept as written, bare ones folded to lower case (ASCII letters only,
// as for UTF-8), dots between them with spaces around allowed. Every
// error is 22023 with PostgreSQL's message and detail.
func parseIdent(s string, strict bool) ([]string, error) {
	invalid := func() *errs.Error {
		return errs.New(errs.InvalidParameterValue, "string is not a valid identifier: \"%s\"", s)
	}
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
	isStart := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80 }
	isCont := func(c byte) bool { return isStart(c) || c >= '0' && c <= '9' || c == '$' }
	at := func(i int) byte {
		if i < len(s) {
			return s[i]
		}
		return 0
	}
	var parts []string
	i := 0
	for isSpace(at(i)) {
		i++
	}
	afterDot := false
	for {
		switch c := at(i); {
		case c == '"':
			var b strings.Builder
			j := i + 1
			for {
				k := strings.IndexByte(s[j:], '"')
				if k < 0 {
					return nil, invalid().WithDetail("String has unclosed double quotes.")
				}
				b.WriteString(s[j : j+k])
				j += k + 1
				if at(j) != '"' {
					break
				}
				b.WriteByte('"')
				j++
			}
			if b.Len() == 0 {
				return nil, invalid().WithDetail("Quoted identifier must not be empty.")
			}
			parts, i = append(parts, b.String()), j
		case isStart(c):
			j := i + 1
			for isCont(at(j)) {
				j++
			}
			parts, i = append(parts, asciiLower(s[i:j])), j
		case c == '.':
			return nil, invalid().WithDetail(`No valid identifier before ".".`)
		case afterDot:
			return nil, invalid().WithDetail(`No valid identifier after ".".`)
		default:
			return nil, invalid()
		}
		for isSpace(at(i)) {
			i++
		}
		switch {
		case at(i) == '.' && i < len(s):
			afterDot = true
			for i++; isSpace(at(i)); i++ {
			}
		case i >= len(s):
			return parts, nil
		default:
			if strict {
				return nil, invalid()
			}
			return parts, nil
		}
	}
}

// stringList is ss as a text array.
func stringList(ss []string) value.Value {
	vs := make([]value.Value, len(ss))
	for i, s := range ss {
		vs[i] = value.String(s)
	}
	return value.List(vs)
}

// asciiLower folds ASCII letters to lower case and leaves the rest.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
