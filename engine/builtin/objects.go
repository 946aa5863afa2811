package builtin

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/zerodb/zerodb/engine/value"
)

func objectFuncs() []*Func {
	return []*Func{
		def("keys", 1, 1, "The field names of an object, in order, as strings.",
			func(_ *Context, args []value.Value) (value.Value, error) {
				o, err := objectArg("keys", args, 0)
				if err != nil {
					return value.None, err
				}
				out := make([]value.Value, o.Len())
				for i := range out {
					name, _ := o.At(i)
					out[i] = value.String(name)
				}
				return value.List(out), nil
			},
			ex(`["a", "b"]`, vobj("a", vi(1), "b", vi(2)))),
		def("values", 1, 1, "The field values of an object, in order.",
			func(_ *Context, args []value.Value) (value.Value, error) {
				o, err := objectArg("values", args, 0)
				if err != nil {
					return value.None, err
				}
				out := make([]value.Value, o.Len())
				for i := range out {
					_, out[i] = o.At(i)
				}
				return value.List(out), nil
			},
			ex("[1, 2]", vobj("a", vi(1), "b", vi(2)))),
		def("entries", 1, 1, "The fields of an object as (name, value) tuples, in order.",
			func(_ *Context, args []value.Value) (value.Value, error) {
				o, err := objectArg("entries", args, 0)
				if err != nil {
					return value.None, err
				}
				out := make([]value.Value, o.Len())
				for i := range out {
					name, v := o.At(i)
					out[i] = value.Tuple([]value.Value{value.String(name), v})
				}
				return value.List(out), nil
			},
			ex(`[["a", 1]]`, vobj("a", vi(1)))),
		{
			Name: "merge", MinArgs: 1, MaxArgs: -1, Strict: true, Pure: true,
			Doc: "The objects merged left to right: later fields replace earlier ones (the + operator on objects).",
			Fn: func(_ *Context, args []value.Value) (value.Value, error) {
				acc, err := objectArg("merge", args, 0)
				if err != nil {
					return value.None, err
				}
				for i := 1; i < len(args); i++ {
					o, err := objectArg("merge", args, i)
					if err != nil {
						return value.None, err
					}
					acc = value.Merge(acc, o)
				}
				return value.ObjectOf(acc), nil
			},
			Examples: []Example{ex(`{"a": 1, "b": 3, "c": 4}`, vobj("a", vi(1), "b", vi(2)), vobj("b", vi(3), "c", vi(4)))},
		},
		def("has", 2, 2, "Whether the object has the field (named by a string or symbol), even when it holds none.",
			func(_ *Context, args []value.Value) (value.Value, error) {
				o, err := objectArg("has", args, 0)
				if err != nil {
					return value.None, err
				}
				switch n := args[1]; n.Kind() {
				case value.KindString, value.KindSymbol:
					_, ok := o.Get(n.AsString())
					return value.Bool(ok), nil
				}
				return value.None, argErr("has", 1, "a field name", args[1])
			},
			ex("true", vobj("a", value.None), vs("a")), ex("false", vobj("a", vi(1)), vsym("b"))),
	}
}

// predicate makes a non-strict boolean test (is_none(none) is true; the
// string tests are false for non-strings).
func predicate(name, doc string, f func(value.Value) bool, examples ...Example) *Func {
	fn := def(name, 1, 1, doc, func(_ *Context, args []value.Value) (value.Value, error) {
		return value.Bool(f(args[0])), nil
	}, examples...)
	fn.Strict = false
	return fn
}

func kindIs(k value.Kind) func(value.Value) bool {
	return func(v value.Value) bool { return v.Kind() == k }
}

func stringTest(f func(string) bool) func(value.Value) bool {
	return func(v value.Value) bool { return v.Kind() == value.KindString && f(v.AsString()) }
}

func predicateFuncs() []*Func {
	return []*Func{
		predicate("is_none", "Whether the value is none.", kindIs(value.KindNone), ex("true", value.None), ex("false", vi(0))),
		predicate("is_bool", "Whether the value is a bool.", kindIs(value.KindBool), ex("true", value.Bool(false))),
		predicate("is_int", "Whether the value is an integer (any width).", kindIs(value.KindInt), ex("true", vi(1)), ex("false", vf(1))),
		predicate("is_float", "Whether the value is a float (f32 or f64).", kindIs(value.KindFloat), ex("true", vf(1.5))),
		predicate("is_decimal", "Whether the value is a decimal (SQL numeric).", kindIs(value.KindDecimal), ex("true", vd("1.50"))),
		predicate("is_number", "Whether the value is a number: an int, float or decimal.",
			func(v value.Value) bool { return value.IsNumeric(v.Kind()) }, ex("true", vd("2")), ex("false", vs("2"))),
		predicate("is_string", "Whether the value is a string.", kindIs(value.KindString), ex("true", vs("a")), ex("false", vsym("a"))),
		predicate("is_symbol", "Whether the value is a symbol.", kindIs(value.KindSymbol), ex("true", vsym("red"))),
		predicate("is_list", "Whether the value is a list.", kindIs(value.KindList), ex("true", vl())),
		predicate("is_object", "Whether the value is an object.", kindIs(value.KindObject), ex("true", vobj())),
		predicate("is_capitalized", "Whether the value is a string whose first character is an upper-case letter.",
			stringTest(func(s string) bool {
				r, _ := utf8.DecodeRuneInString(s)
				return s != "" && unicode.IsUpper(r)
			}), ex("true", vs("Ann")), ex("false", vs("ann"))),
		predicate("is_uppercase", "Whether the value is a string with at least one cased letter and no lower-case ones.",
			stringTest(func(s string) bool { return hasCased(s) && s == strings.ToUpper(s) }),
			ex("true", vs("ABC-1")), ex("false", vs("123"))),
		predicate("is_lowercase", "Whether the value is a string with at least one cased letter and no upper-case ones.",
			stringTest(func(s string) bool { return hasCased(s) && s == strings.ToLower(s) }),
			ex("true", vs("abc")), ex("false", vs("Abc"))),
		predicate("is_email", "Whether the value is a string shaped like an e-mail address: local@domain.tld, without spaces, quotes or comments.",
			stringTest(isEmail), ex("true", vs("ann@example.org")), ex("false", vs("ann@localhost")), ex("false", vs("a b@x.org"))),
	}
}

func hasCased(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) || unicode.IsLower(r) || unicode.IsTitle(r) {
			return true
		}
	}
	return false
}

// isEmail accepts the dot-atom form of RFC 5322 addresses with a domain
// of at least two labels and an alphabetic top-level label.
func isEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at > 64 || len(s)-at-1 > 253 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	if local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return false
	}
	for i := 0; i < len(local); i++ {
		c := local[i]
		if isAlnum(c) || strings.IndexByte("!#$%&'*+/=?^_`{|}~.-", c) >= 0 {
			continue
		}
		return false
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			if !isAlnum(l[i]) && l[i] != '-' {
				return false
			}
		}
	}
	tld := labels[len(labels)-1]
	if len(tld) < 2 {
		return false
	}
	for i := 0; i < len(tld); i++ {
		if !(tld[i] >= 'a' && tld[i] <= 'z' || tld[i] >= 'A' && tld[i] <= 'Z') {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
