package builtin

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

func stringFuncs() []*Func {
	return []*Func{
		def("len", 1, 1, "The length of a string (in characters), bytes (in bytes), a list, tuple or vector (elements) or an object (fields).",
			func(_ *Context, args []value.Value) (value.Value, error) {
				v := args[0]
				switch v.Kind() {
				case value.KindString:
					return value.Int(int64(utf8.RuneCountInString(v.AsString()))), nil
				case value.KindBytes:
					return value.Int(int64(len(v.AsString()))), nil
				case value.KindList, value.KindTuple:
					return value.Int(int64(len(v.AsList()))), nil
				case value.KindVector:
					return value.Int(int64(len(v.AsVector()))), nil
				case value.KindObject:
					return value.Int(int64(v.AsObject().Len())), nil
				}
				return value.None, argErr("len", 0, "a string, list or object", v)
			},
			ex("5", vs("héllo")), ex("3", vl(vi(1), vi(2), vi(3))), ex("1", vobj("a", vi(1)))),
		def("uppercase", 1, 1, "The string in upper case (Unicode).",
			strFn("uppercase", strings.ToUpper), ex(`"ABC"`, vs("abc"))),
		def("lowercase", 1, 1, "The string in lower case (Unicode).",
			strFn("lowercase", strings.ToLower), ex(`"abc"`, vs("ABC"))),
		def("trim", 1, 2, "The string without leading and trailing white space, or without the characters of the second argument at both ends.",
			func(_ *Context, args []value.Value) (value.Value, error) {
				s, err := strArg("trim", args, 0)
				if err != nil {
					return value.None, err
				}
				if len(args) == 1 {
					return value.String(strings.TrimSpace(s)), nil
				}
				cut, err := strArg("trim", args, 1)
				if err != nil {
					return value.None, err
				}
				return value.String(strings.Trim(s, cut)), nil
			},
			ex(`"hi"`, vs("  hi \n")), ex(`"hi"`, vs("xxhix"), vs("x"))),
		def("split", 2, 2, "The parts of a string between the separators (a string or a regex); an empty separator splits into characters.",
			func(_ *Context, args []value.Value) (value.Value, error) {
				s, err := strArg("split", args, 0)
				if err != nil {
					return value.None, err
				}
				var parts []string
				switch sep := args[1]; sep.Kind() {
				case value.KindString:
					parts = strings.Split(s, sep.AsString())
				case value.KindRegex:
					re, err := goRegexp("split", args, 1)
					if err != nil {
						return value.None, err
					}
					parts = re.Split(s, -1)
				default:
					return value.None, argErr("split", 1, "a string or regex", sep)
				}
				out := make([]value.Value, len(parts))
				for i, p := range parts {
					out[i] = value.String(p)
				}
				return value.List(out), nil
			},
			ex(`["a", "b", "c"]`, vs("a,b,c"), vs(","))),
		def("join", 1, 2, "The strings of a list joined with a separator (default none).",
			func(_ *Context, args []value.Value) (value.Value, error) {
				xs, err := listArg("join", args, 0)
				if err != nil {
					return value.None, err
				}
				sep := ""
				if len(args) > 1 {
					if sep, err = strArg("join", args, 1); err != nil {
						return value.None, err
					}
				}
				var b strings.Builder
				for i, x := range xs {
					if x.Kind() != value.KindString {
						return value.None, errs.New(errs.DatatypeMismatch, "join: element %d must be string, found %s", i, typeName(x))
					}
					if i > 0 {
						b.WriteString(sep)
					}
					b.WriteString(x.AsString())
				}
				return value.String(b.String()), nil
			},
			ex(`"a-b"`, vl(vs("a"), vs("b")), vs("-"))),
		nonStrict(def("contains", 2, 2, "Whether the first argument contains the second: a substring of a string, an element of a list, tuple or vector (by ==, so none can be looked for), a value within a range, a field name of an object. none contains nothing: the result is none.",
			func(_ *Context, args []value.Value) (value.Value, error) {
				if args[0].IsNone() {
					return value.None, nil
				}
				ok, err := contains(args[0], args[1])
				return value.Bool(ok), err
			},
			ex("true", vs("hello"), vs("ell")), ex("true", vl(vi(1), vi(2)), vf(2)),
			ex("true", value.RangeOf(vi(18), vi(30), false), vi(29)), ex("true", vl(vi(1), value.None), value.None))),
		def("starts_with", 2, 2, "Whether the string starts with the prefix.",
			strPred("starts_with", strings.HasPrefix), ex("true", vs("hello"), vs("he"))),
		def("ends_with", 2, 2, "Whether the string ends with the suffix.",
			strPred("ends_with", strings.HasSuffix), ex("true", vs("hello"), vs("lo"))),
		def("replace", 3, 3, "The string with every occurrence of the second argument (a string, or a regex whose matches are replaced with $1-style expansion) replaced by the third.",
			func(_ *Context, args []value.Value) (value.Value, error) {
				s, err := strArg("replace", args, 0)
				if err != nil {
					return value.None, err
				}
				repl, err := strArg("replace", args, 2)
				if err != nil {
					return value.None, err
				}
				switch old := args[1]; old.Kind() {
				case value.KindString:
					if old.AsString() == "" {
						return value.String(s), nil
					}
					return value.String(strings.ReplaceAll(s, old.AsString(), repl)), nil
				case value.KindRegex:
					re, err := goRegexp("replace", args, 1)
					if err != nil {
						return value.None, err
					}
					return value.String(re.ReplaceAllString(s, repl)), nil
				}
				return value.None, argErr("replace", 1, "a string or regex", args[1])
			},
			ex(`"hexxo"`, vs("hello"), vs("l"), vs("x"))),
		def("matches", 2, 2, "Whether the string matches the regex (a regex value or a pattern string; RE2 syntax).",
			func(_ *Context, args []value.Value) (value.Value, error) {
				s, err := strArg("matches", args, 0)
				if err != nil {
					return value.None, err
				}
				switch p := args[1]; p.Kind() {
				case value.KindRegex:
					if r := p.AsRegex(); r != nil && r.Compiled != nil {
						return value.Bool(r.Compiled.MatchString(s)), nil
					}
					re, err := goRegexp("matches", args, 1)
					if err != nil {
						return value.None, err
					}
					return value.Bool(re.MatchString(s)), nil
				case value.KindString:
					r, err := value.NewRegex(p.AsString(), "")
					if err != nil {
						return value.None, err
					}
					return value.Bool(r.Compiled.MatchString(s)), nil
				}
				return value.None, argErr("matches", 1, "a regex or string", args[1])
			},
			ex("true", vs("John"), vs("^J"))),
		def("substring", 2, 3, "The characters of a string from a 0-based start (negative counts from the end), up to an optional count; out-of-range bounds are clamped.",
			func(_ *Context, args []value.Value) (value.Value, error) {
				s, err := strArg("substring", args, 0)
				if err != nil {
					return value.None, err
				}
				start, err := intArg("substring", args, 1)
				if err != nil {
					return value.None, err
				}
				runes := []rune(s)
				n := int64(len(runes))
				if start < 0 {
					start = max(n+start, 0)
				}
				start = min(start, n)
				end := n
				if len(args) > 2 {
					count, err := intArg("substring", args, 2)
					if err != nil {
						return value.None, err
					}
					if count < 0 {
						return value.None, errs.New(codeSubstringError, "substring: negative length")
					}
					if count < n-start {
						end = start + count
					}
				}
				return value.String(string(runes[start:end])), nil
			},
			ex(`"ell"`, vs("hello"), vi(1), vi(3)), ex(`"lo"`, vs("hello"), vi(-2))),
	}
}

const (
	codeSubstringError = "22011"
	codeInvalidPower   = "2201F"
	codeProgramLimit   = "54000"
)

func strFn(name string, f func(string) string) fnBody {
	return func(_ *Context, args []value.Value) (value.Value, error) {
		s, err := strArg(name, args, 0)
		if err != nil {
			return value.None, err
		}
		return value.String(f(s)), nil
	}
}

func strPred(name string, f func(s, x string) bool) fnBody {
	return func(_ *Context, args []value.Value) (value.Value, error) {
		s, err := strArg(name, args, 0)
		if err != nil {
			return value.None, err
		}
		x, err := strArg(name, args, 1)
		if err != nil {
			return value.None, err
		}
		return value.Bool(f(s, x)), nil
	}
}

// goRegexp returns the Go regexp behind a regex argument.
func goRegexp(fn string, args []value.Value, i int) (*regexp.Regexp, error) {
	r := args[i].AsRegex()
	if r == nil {
		return nil, argErr(fn, i, "a regex", args[i])
	}
	if re, ok := r.Compiled.(*regexp.Regexp); ok {
		return re, nil
	}
	c, err := value.NewRegex(r.Pattern, r.Flags)
	if err != nil {
		return nil, err
	}
	return c.Compiled.(*regexp.Regexp), nil
}

func contains(h, x value.Value) (bool, error) {
	switch h.Kind() {
	case value.KindString:
		if x.Kind() != value.KindString {
			return false, argErr("contains", 1, "string", x)
		}
		return strings.Contains(h.AsString(), x.AsString()), nil
	case value.KindBytes:
		if x.Kind() != value.KindBytes {
			return false, argErr("contains", 1, "bytes", x)
		}
		return bytes.Contains([]byte(h.AsString()), []byte(x.AsString())), nil
	case value.KindList, value.KindTuple:
		for _, e := range h.AsList() {
			if value.Equal(e, x) {
				return true, nil
			}
		}
		return false, nil
	case value.KindVector:
		f, ok := value.ToFloat(x)
		if !ok {
			return false, nil
		}
		for _, e := range h.AsVector() {
			if float64(e) == f {
				return true, nil
			}
		}
		return false, nil
	case value.KindRange:
		r := h.AsRange()
		if !r.Lo.IsNone() && value.Compare(x, r.Lo) < 0 {
			return false, nil
		}
		if !r.Hi.IsNone() {
			c := value.Compare(x, r.Hi)
			if c > 0 || (c == 0 && !r.Inclusive) {
				return false, nil
			}
		}
		return true, nil
	case value.KindObject:
		switch x.Kind() {
		case value.KindString, value.KindSymbol:
			_, ok := h.AsObject().Get(x.AsString())
			return ok, nil
		}
		return false, argErr("contains", 1, "a field name", x)
	}
	return false, argErr("contains", 0, "a string, list, range or object", h)
}
