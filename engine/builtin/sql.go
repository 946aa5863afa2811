package builtin

import (
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/cockroachdb/apd/v3"
	"github.com/google/uuid"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// The SQL scalar functions, registered as sql::<name> with PostgreSQL's
// semantics, error texts and result types. Arguments arrive already
// coerced by the SQL translator (unknown literals as text), so an
// argument of another kind is PostgreSQL's "function f(type) does not
// exist".

// maxSQLText is PostgreSQL's limit on a text value (1 GB).
const maxSQLText = 1<<30 - 1

// withParams sets f's parameter types, which an unknown literal argument
// is read as (SQL front end), and returns f.
func (f *Func) withParams(ts ...value.Type) *Func {
	f.Params = ts
	return f
}

func sqlDef(name string, minArgs, maxArgs int, doc string, result func([]value.Type) value.Type, fn func(name string, c *Context, args []value.Value) (value.Value, error), examples ...Example) *Func {
	f := def("sql::"+name, minArgs, maxArgs, doc, func(c *Context, args []value.Value) (value.Value, error) {
		return fn(name, c, args)
	}, examples...)
	f.Result = result
	return f
}

func sqlText(f func(string) string) func(string, *Context, []value.Value) (value.Value, error) {
	return func(name string, _ *Context, args []value.Value) (value.Value, error) {
		s, err := sqlStrings(name, args, 0)
		if err != nil {
			return value.None, err
		}
		return value.String(f(s[0])), nil
	}
}

// numericOrFloat8 is the result type of functions that return numeric for
// numeric input and double precision otherwise.
func numericOrFloat8(args []value.Type) value.Type {
	for _, a := range args[:min(len(args), 1)] {
		if a.Kind == value.KindDecimal {
			return value.TypeNumeric
		}
	}
	return value.TypeFloat8
}

// commonType picks the type PostgreSQL resolves a list of arguments to
// (greatest, coalesce, ...): among numbers, the highest of int2 < int4 <
// int8 < numeric < real < double precision; otherwise the first known.
func commonType(args []value.Type) value.Type {
	best := value.Any
	for _, a := range args {
		if a.Kind == value.KindNone || a.Kind == value.KindAny {
			continue
		}
		if best.Kind == value.KindAny || (numericRank(a) > numericRank(best) && numericRank(best) >= 0) {
			best = a
		}
	}
	return best
}

func numericRank(t value.Type) int {
	switch t.Kind {
	case value.KindInt:
		switch t.OID() {
		case value.OIDInt2:
			return 1
		case value.OIDInt4:
			return 2
		}
		return 3
	case value.KindDecimal:
		return 4
	case value.KindFloat:
		if t.FloatBits == 32 {
			return 5
		}
		return 6
	}
	return -1
}

func sqlFuncs() []*Func {
	text := resultOf(value.TypeText)
	int4 := resultOf(value.TypeInt4)
	float8 := resultOf(value.TypeFloat8)
	tstz := resultOf(value.TypeTimestampTZ)
	i4 := vi4

	lengthFn := func(name string, _ *Context, args []value.Value) (value.Value, error) {
		switch v := args[0]; v.Kind() {
		case value.KindString:
			if v.IsHstore() {
				break // no length(hstore)
			}
			return value.IntW(int64(utf8.RuneCountInString(v.AsString())), value.I32), nil
		case value.KindBytes:
			return value.IntW(int64(len(v.AsString())), value.I32), nil
		}
		return value.None, noSQLFunc(name, args)
	}
	substrFn := func(name string, _ *Context, args []value.Value) (value.Value, error) {
		s, err := sqlStrings(name, args, 0)
		if err != nil {
			return value.None, err
		}
		from, err := sqlInt(name, args, 1)
		if err != nil {
			return value.None, err
		}
		count, hasCount := int64(0), len(args) > 2
		if hasCount {
			if count, err = sqlInt(name, args, 2); err != nil {
				return value.None, err
			}
		}
		r, err := pgSubstr(s[0], from, count, hasCount)
		if err != nil {
			return value.None, err
		}
		return value.String(r), nil
	}
	trimFn := func(f func(s, cut string) string) func(string, *Context, []value.Value) (value.Value, error) {
		return func(name string, _ *Context, args []value.Value) (value.Value, error) {
			s, cut, err := sqlStringOr(name, args, " ")
			if err != nil {
				return value.None, err
			}
			return value.String(f(s, cut)), nil
		}
	}
	positionFn := func(name string, _ *Context, args []value.Value) (value.Value, error) {
		s, err := sqlStrings(name, args, 0, 1)
		if err != nil {
			return value.None, err
		}
		i := strings.Index(s[0], s[1])
		if i < 0 {
			return value.IntW(0, value.I32), nil
		}
		return value.IntW(int64(utf8.RuneCountInString(s[0][:i])+1), value.I32), nil
	}
	padFn := func(left bool) func(string, *Context, []value.Value) (value.Value, error) {
		return func(name string, _ *Context, args []value.Value) (value.Value, error) {
			idx := []int{0}
			if len(args) > 2 {
				idx = append(idx, 2)
			}
			s, err := sqlStrings(name, args, idx...)
			if err != nil {
				return value.None, err
			}
			n, err := sqlInt(name, args, 1)
			if err != nil {
				return value.None, err
			}
			fill := " "
			if len(s) > 1 {
				fill = s[1]
			}
			if n > maxSQLText/4 {
				return value.None, errs.New(codeProgramLimit, "requested length too large")
			}
			return value.String(pgPad(s[0], int(n), fill, left)), nil
		}
	}
	roundingSQL := func(ff func(float64) float64, df func(*apd.Decimal) (*apd.Decimal, error)) func(string, *Context, []value.Value) (value.Value, error) {
		return func(name string, _ *Context, args []value.Value) (value.Value, error) {
			switch v := args[0]; v.Kind() {
			case value.KindInt, value.KindFloat:
				f, _ := value.ToFloat(v)
				return value.Float(ff(f)), nil
			case value.KindDecimal:
				d, err := df(v.AsDecimal())
				if err != nil {
					return value.None, err
				}
				return value.Decimal(d), nil
			}
			return value.None, noSQLFunc(name, args)
		}
	}
	powerFn := func(name string, _ *Context, args []value.Value) (value.Value, error) {
		a, b := args[0], args[1]
		if !value.IsNumeric(a.Kind()) || !value.IsNumeric(b.Kind()) {
			return value.None, noSQLFunc(name, args)
		}
		if a.Kind() == value.KindDecimal || b.Kind() == value.KindDecimal {
			if a.Kind() != value.KindFloat && b.Kind() != value.KindFloat {
				return value.Arith(value.Pow, asDecimal(a), asDecimal(b))
			}
		}
		x, _ := value.ToFloat(a)
		y, _ := value.ToFloat(b)
		return value.Arith(value.Pow, value.Float(x), value.Float(y))
	}
	statementTime := func(_ string, c *Context, _ []value.Value) (value.Value, error) {
		return value.Datetime(c.now(), true), nil
	}

	fs := []*Func{
		sqlDef("lower", 1, 1, "lower(text): the text in lower case.", text, sqlText(strings.ToLower),
			ex(`"abc"`, vs("ABC")), exErr(errs.UndefinedFunction, i4(1))),
		sqlDef("upper", 1, 1, "upper(text): the text in upper case.", text, sqlText(strings.ToUpper),
			ex(`"ABC"`, vs("abc"))),
		sqlDef("length", 1, 1, "length(text): the number of characters (of bytea: bytes).", int4, lengthFn,
			ex("5", vs("héllo"))),
		sqlDef("char_length", 1, 1, "char_length(text): the number of characters.", int4, lengthFn, ex("3", vs("abc"))),
		sqlDef("character_length", 1, 1, "character_length(text): the number of characters.", int4, lengthFn, ex("3", vs("abc"))),
		sqlDef("octet_length", 1, 1, "octet_length(text): the number of bytes.", int4,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				switch v := args[0]; v.Kind() {
				case value.KindString, value.KindBytes:
					return value.IntW(int64(len(v.AsString())), value.I32), nil
				}
				return value.None, noSQLFunc(name, args)
			},
			ex("6", vs("héllo"))),
		sqlDef("pg_column_size", 1, 1, "pg_column_size(any): the bytes the value takes in a stored record: zerodb's encoding of it (a type tag and the payload, uncompressed), not PostgreSQL's byte count.", int4,
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				return value.IntW(int64(len(value.Encode(nil, args[0]))), value.I32), nil
			}, ex("6", vs("abc"))),
		sqlDef("bit_length", 1, 1, "bit_length(text or bytea): the number of bits (8 per byte).", int4,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				switch v := args[0]; v.Kind() {
				case value.KindString, value.KindBytes:
					return value.IntW(8*int64(len(v.AsString())), value.I32), nil
				}
				return value.None, noSQLFunc(name, args)
			},
			ex("48", vs("héllo"))),
		sqlDef("substr", 2, 3, "substr(text, from [, count]): the characters from 1-based position from, count of them (positions before 1 count toward count).", text, substrFn,
			ex(`"he"`, vs("hello"), i4(0), i4(3)), ex(`"ello"`, vs("hello"), i4(2)), exErr(codeSubstringError, vs("hello"), i4(1), i4(-1))),
		sqlDef("substring", 2, 3, "substring(text, from [, count]), also written substring(text FROM from FOR count): as substr; substring(text, pattern) (FROM pattern): the part the pattern's first group (or the whole pattern) matched; substring(text, pattern, escape) (SIMILAR pattern ESCAPE escape): the part of a SQL regular expression between its two escape-double-quote separators.", text, substringFn(substrFn),
			ex(`"ell"`, vs("hello"), i4(2), i4(3)), ex(`"o"`, vs("foobar"), vs("o(.)b")), ex(`"oab"`, vs("xoabxobb"), vs(`%#"o_b#"%`), vs("#"))),
		sqlDef("btrim", 1, 2, "btrim(text [, characters]): the text without the characters (default: spaces) at both ends.", text,
			trimFn(strings.Trim), ex(`"hi"`, vs("xxhixx"), vs("x"))),
		sqlDef("trim", 1, 2, "trim(text [, characters]): as btrim (TRIM(BOTH ... FROM ...)).", text,
			trimFn(strings.Trim), ex(`"hi"`, vs("  hi  "))),
		sqlDef("ltrim", 1, 2, "ltrim(text [, characters]): the text without the characters (default: spaces) at the start.", text,
			trimFn(strings.TrimLeft), ex(`"hi  "`, vs("  hi  "))),
		sqlDef("rtrim", 1, 2, "rtrim(text [, characters]): the text without the characters (default: spaces) at the end.", text,
			trimFn(strings.TrimRight), ex(`"  hi"`, vs("  hi  "))),
		sqlDef("like_escape", 2, 2, "like_escape(pattern, escape): the LIKE pattern rewritten to use backslash as its escape character (what LIKE ... ESCAPE calls); an empty escape turns escaping off.", text,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				s, err := sqlStrings(name, args, 0, 1)
				if err != nil {
					return value.None, err
				}
				out, err := likeEscape(s[0], s[1])
				if err != nil {
					return value.None, err
				}
				return value.String(out), nil
			},
			ex(`"a\\_c"`, vs("a!_c"), vs("!"))),
		sqlDef("replace", 3, 3, "replace(text, from, to): every occurrence of from replaced by to.", text,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				s, err := sqlStrings(name, args, 0, 1, 2)
				if err != nil {
					return value.None, err
				}
				if s[1] == "" {
					return value.String(s[0]), nil
				}
				return value.String(strings.ReplaceAll(s[0], s[1], s[2])), nil
			},
			ex(`"hexxo"`, vs("hello"), vs("l"), vs("x"))),
		{
			Name: "sql::concat", MinArgs: 1, MaxArgs: -1, Pure: true, Result: text,
			Doc: "concat(any, ...): the arguments' text forms concatenated; NULLs are skipped.",
			Fn: func(c *Context, args []value.Value) (value.Value, error) {
				var b []byte
				for _, a := range args {
					var err error
					if b, err = appendSQLText(c, b, a); err != nil {
						return value.None, err
					}
				}
				return value.String(string(b)), nil
			},
			Examples: []Example{ex(`"a1t"`, vs("a"), i4(1), value.None, value.Bool(true))},
		},
		{
			Name: "sql::concat_ws", MinArgs: 2, MaxArgs: -1, Pure: true, Result: text,
			Doc: "concat_ws(separator, any, ...): the non-NULL arguments' text forms joined by the separator (NULL when the separator is).",
			Fn: func(c *Context, args []value.Value) (value.Value, error) {
				if args[0].IsNone() {
					return value.None, nil
				}
				if args[0].Kind() != value.KindString {
					return value.None, noSQLFunc("concat_ws", args)
				}
				var b []byte
				first := true
				for _, a := range args[1:] {
					if a.IsNone() {
						continue
					}
					if !first {
						b = append(b, args[0].AsString()...)
					}
					first = false
					var err error
					if b, err = appendSQLText(c, b, a); err != nil {
						return value.None, err
					}
				}
				return value.String(string(b)), nil
			},
			Examples: []Example{ex(`"a,b"`, vs(","), vs("a"), value.None, vs("b"))},
		},
		sqlDef("position", 2, 2, "position(substring IN text), called as position(text, substring): the 1-based character position of substring, 0 when absent.", int4,
			positionFn, ex("4", vs("hello"), vs("lo"))),
		sqlDef("strpos", 2, 2, "strpos(text, substring): as position.", int4, positionFn, ex("3", vs("hello"), vs("l"))),
		sqlDef("left", 2, 2, "left(text, n): the first n characters (n < 0: all but the last -n).", text,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				s, n, err := textAndInt(name, args)
				if err != nil {
					return value.None, err
				}
				r := []rune(s)
				k := clampLen(n, len(r))
				return value.String(string(r[:k])), nil
			},
			ex(`"he"`, vs("hello"), i4(2)), ex(`"hel"`, vs("hello"), i4(-2))),
		sqlDef("right", 2, 2, "right(text, n): the last n characters (n < 0: all but the first -n).", text,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				s, n, err := textAndInt(name, args)
				if err != nil {
					return value.None, err
				}
				r := []rune(s)
				k := clampLen(n, len(r))
				return value.String(string(r[len(r)-k:])), nil
			},
			ex(`"lo"`, vs("hello"), i4(2)), ex(`"llo"`, vs("hello"), i4(-2))),
		sqlDef("repeat", 2, 2, "repeat(text, n): the text repeated n times (empty for n <= 0).", text,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				s, n, err := textAndInt(name, args)
				if err != nil {
					return value.None, err
				}
				if n <= 0 || s == "" {
					return value.String(""), nil
				}
				if n > maxSQLText/int64(len(s)) {
					return value.None, errs.New(codeProgramLimit, "requested length too large")
				}
				return value.String(strings.Repeat(s, int(n))), nil
			},
			ex(`"ababab"`, vs("ab"), i4(3))),
		sqlDef("reverse", 1, 1, "reverse(text): the characters in reverse order.", text, sqlText(reverseString),
			ex(`"cba"`, vs("abc"))),
		sqlDef("split_part", 3, 3, "split_part(text, delimiter, n): the n-th field (1-based; negative counts from the end), empty when there is none.", text,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				s, n, err := sqlStringsInt(name, args)
				if err != nil {
					return value.None, err
				}
				return splitPart(s[0], s[1], n)
			},
			ex(`"b"`, vs("a,b,c"), vs(","), i4(2)), ex(`"c"`, vs("a,b,c"), vs(","), i4(-1)), exErr(errs.InvalidParameterValue, vs("a"), vs(","), i4(0))),
		sqlDef("starts_with", 2, 2, "starts_with(text, prefix): whether the text starts with the prefix.", resultOf(value.TypeBool),
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				s, err := sqlStrings(name, args, 0, 1)
				if err != nil {
					return value.None, err
				}
				return value.Bool(strings.HasPrefix(s[0], s[1])), nil
			},
			ex("true", vs("hello"), vs("he"))),
		sqlDef("md5", 1, 1, "md5(text or bytea): the MD5 digest as 32 hex digits.", text,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				switch v := args[0]; v.Kind() {
				case value.KindString, value.KindBytes:
					sum := md5.Sum([]byte(v.AsString()))
					return value.String(hex.EncodeToString(sum[:])), nil
				}
				return value.None, noSQLFunc(name, args)
			},
			ex(`"900150983cd24fb0d6963f7d28e17f72"`, vs("abc"))),
		sqlDef("lpad", 2, 3, "lpad(text, length [, fill]): the text padded on the left with fill (default a space) to length characters, or truncated to it.", text,
			padFn(true), ex(`"xyxhi"`, vs("hi"), i4(5), vs("xy")), ex(`"he"`, vs("hello"), i4(2))),
		sqlDef("rpad", 2, 3, "rpad(text, length [, fill]): the text padded on the right with fill (default a space) to length characters, or truncated to it.", text,
			padFn(false), ex(`"hi   "`, vs("hi"), i4(5))),
		sqlDef("initcap", 1, 1, "initcap(text): the first letter of each word in upper case, the others in lower case.", text,
			sqlText(initcap), ex(`"Hello World"`, vs("hello wORLD"))),
		sqlDef("abs", 1, 1, "abs(x): the absolute value, of x's type.", firstArgType,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				if !value.IsNumeric(args[0].Kind()) {
					return value.None, noSQLFunc(name, args)
				}
				return absValue(args[0])
			},
			ex("5", i4(-5)), ex("2.50", vd("-2.50")), exErr(errs.NumericValueOutOfRange, i4(math.MinInt32))),
		sqlDef("round", 1, 2, "round(x): to the nearest integer — double precision rounds half to even, numeric half away from zero; round(numeric, s): to s decimal places.",
			func(args []value.Type) value.Type {
				if len(args) > 1 {
					return value.TypeNumeric
				}
				return numericOrFloat8(args)
			},
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				v := args[0]
				if len(args) == 1 {
					switch v.Kind() {
					case value.KindInt, value.KindFloat:
						f, _ := value.ToFloat(v)
						return value.Float(math.RoundToEven(f)), nil
					case value.KindDecimal:
						d, err := value.RoundDecimal(v.AsDecimal(), 0)
						if err != nil {
							return value.None, err
						}
						return value.Decimal(d), nil
					}
					return value.None, noSQLFunc(name, args)
				}
				s, err := sqlInt(name, args, 1)
				if err != nil {
					return value.None, err
				}
				if v.Kind() != value.KindInt && v.Kind() != value.KindDecimal {
					return value.None, noSQLFunc(name, args)
				}
				if s > 16383 || s < -16383 {
					s = max(min(s, 16383), -16383)
				}
				d, err := value.RoundDecimal(asDecimal(v).AsDecimal(), int(s))
				if err != nil {
					return value.None, err
				}
				return value.Decimal(d), nil
			},
			ex("2", vf(2.5)), ex("-3", vd("-2.5")), ex("2.57", vd("2.567"), i4(2)), ex("1200", vd("1234.5678"), i4(-2))),
		sqlDef("ceil", 1, 1, "ceil(x): the smallest integer not below x (double precision, or numeric for numeric).", numericOrFloat8,
			roundingSQL(math.Ceil, value.CeilDecimal), ex("3", vd("2.1")), ex("-2", vf(-2.5))),
		sqlDef("ceiling", 1, 1, "ceiling(x): as ceil.", numericOrFloat8, roundingSQL(math.Ceil, value.CeilDecimal), ex("3", vd("2.1"))),
		sqlDef("floor", 1, 1, "floor(x): the largest integer not above x (double precision, or numeric for numeric).", numericOrFloat8,
			roundingSQL(math.Floor, value.FloorDecimal), ex("-3", vd("-2.1"))),
		sqlDef("trunc", 1, 2, "trunc(x [, s]): x truncated toward zero (to s decimal places for numeric).",
			func(args []value.Type) value.Type {
				if len(args) > 1 {
					return value.TypeNumeric
				}
				return numericOrFloat8(args)
			},
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				v := args[0]
				if len(args) == 1 && v.Kind() != value.KindDecimal {
					if !value.IsNumeric(v.Kind()) {
						return value.None, noSQLFunc(name, args)
					}
					f, _ := value.ToFloat(v)
					return value.Float(math.Trunc(f)), nil
				}
				s := int64(0)
				if len(args) > 1 {
					var err error
					if s, err = sqlInt(name, args, 1); err != nil {
						return value.None, err
					}
				}
				if v.Kind() != value.KindInt && v.Kind() != value.KindDecimal {
					return value.None, noSQLFunc(name, args)
				}
				d, err := value.TruncDecimal(asDecimal(v).AsDecimal(), int(max(min(s, 16383), -16383)))
				if err != nil {
					return value.None, err
				}
				return value.Decimal(d), nil
			},
			ex("2.7", vd("2.789"), i4(1)), ex("-2", vf(-2.7))),
		sqlDef("sign", 1, 1, "sign(x): -1, 0 or 1 (double precision, or numeric for numeric).", numericOrFloat8,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				v := args[0]
				if !value.IsNumeric(v.Kind()) {
					return value.None, noSQLFunc(name, args)
				}
				s := value.Compare(v, value.Int(0))
				if f, ok := value.ToFloat(v); ok && math.IsNaN(f) {
					if v.Kind() == value.KindDecimal {
						return v, nil
					}
					return value.Float(math.NaN()), nil
				}
				if v.Kind() == value.KindDecimal {
					return value.Decimal(apd.New(int64(s), 0)), nil
				}
				return value.Float(float64(s)), nil
			},
			ex("-1", i4(-3))),
		sqlDef("sqrt", 1, 1, "sqrt(x): the square root (double precision, or numeric with at least 16 significant digits for numeric).", numericOrFloat8,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				v := args[0]
				switch v.Kind() {
				case value.KindInt, value.KindFloat:
					f, _ := value.ToFloat(v)
					return sqrtValue(value.Float(f))
				case value.KindDecimal:
					return sqrtValue(v)
				}
				return value.None, noSQLFunc(name, args)
			},
			ex("2", i4(4)), ex("1.414213562373095", vd("2")), exErr(codeInvalidPower, i4(-1))),
		sqlDef("power", 2, 2, "power(a, b): a raised to b (double precision, or numeric when an argument is numeric and none is a float).",
			powerResult, powerFn,
			ex("8", i4(2), i4(3)), ex("8.0000000000000000", vd("2"), i4(3)), exErr(codeInvalidPower, vf(0), vf(-1))),
		sqlDef("pow", 2, 2, "pow(a, b): as power.", powerResult, powerFn, ex("1024", i4(2), i4(10))),
		sqlDef("mod", 2, 2, "mod(a, b): the remainder of a / b, with a's sign (integers or numeric).",
			modResult,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				for _, a := range args {
					if a.Kind() != value.KindInt && a.Kind() != value.KindDecimal {
						return value.None, noSQLFunc(name, args)
					}
				}
				return value.Arith(value.Mod, args[0], args[1])
			},
			ex("2", i4(17), i4(5)), ex("1.5", vd("5.5"), i4(2)), exErr(errs.DivisionByZero, i4(1), i4(0))),
		sqlDef("pi", 0, 0, "pi(): π as double precision.", float8,
			func(string, *Context, []value.Value) (value.Value, error) { return value.Float(math.Pi), nil },
			ex("3.141592653589793")),
		{
			Name: "sql::coalesce", MinArgs: 1, MaxArgs: -1, Pure: true, Coalesce: true, Result: commonType,
			Doc: "coalesce(value, ...): the first argument that is not NULL (NULL when all are).",
			Fn: func(_ *Context, args []value.Value) (value.Value, error) {
				for _, a := range args {
					if !a.IsSQLNull() {
						return a, nil
					}
				}
				return value.None, nil
			},
			Examples: []Example{ex("2", value.None, i4(2), i4(3))},
		},
		{
			Name: "sql::nullif", MinArgs: 2, MaxArgs: 2, Pure: true, Result: firstArgType,
			Doc: "nullif(a, b): NULL when a = b, else a.",
			Fn: func(_ *Context, args []value.Value) (value.Value, error) {
				if !args[0].IsSQLNull() && !args[1].IsSQLNull() && value.Equal(args[0], args[1]) {
					return value.None, nil
				}
				return args[0], nil
			},
			Examples: []Example{ex("null", i4(1), i4(1)), ex("1", i4(1), i4(2))},
		},
		{
			Name: "sql::greatest", MinArgs: 1, MaxArgs: -1, Pure: true, Result: commonType,
			Doc: "greatest(value, ...): the largest argument, NULLs ignored (NULL when all are).",
			Fn:  extremeFn(1), Examples: []Example{ex("2.5", i4(1), vd("2.5"), value.None)},
		},
		{
			Name: "sql::least", MinArgs: 1, MaxArgs: -1, Pure: true, Result: commonType,
			Doc: "least(value, ...): the smallest argument, NULLs ignored (NULL when all are).",
			Fn:  extremeFn(-1), Examples: []Example{ex("1", i4(1), vd("2.5"), value.None)},
		},
		sqlDef("now", 0, 0, "now(): the start time of the current statement, timestamp with time zone.", tstz, statementTime, ex("<datetime>")),
		sqlDef("current_timestamp", 0, 0, "current_timestamp: as now().", tstz, statementTime, ex("<datetime>")),
		sqlDef("transaction_timestamp", 0, 0, "transaction_timestamp(): as now().", tstz, statementTime, ex("<datetime>")),
		sqlDef("statement_timestamp", 0, 0, "statement_timestamp(): as now().", tstz, statementTime, ex("<datetime>")),
		sqlDef("clock_timestamp", 0, 0, "clock_timestamp(): the current time, changing within a statement.", tstz,
			func(string, *Context, []value.Value) (value.Value, error) {
				return value.Datetime(time.Now(), true), nil
			},
			ex("<datetime>")),
		sqlDef("timeofday", 0, 0, "timeofday(): the current time as text in the session's time zone, changing within a statement.", text,
			func(_ string, c *Context, _ []value.Value) (value.Value, error) {
				loc, err := c.zone()
				if err != nil {
					return value.None, err
				}
				return value.String(time.Now().In(loc).Format("Mon Jan 02 15:04:05.000000 2006 MST")), nil
			},
			ex("<string>")),
		sqlDef("random", 0, 0, "random(): a random double precision value in [0, 1).", float8,
			func(_ string, c *Context, _ []value.Value) (value.Value, error) {
				if c != nil && c.Rand != nil {
					return value.Float(c.Rand.Float64()), nil
				}
				return value.Float(rand.Float64()), nil
			},
			ex("<float>")),
		nonStrict(sqlDef("tablesample", 4, 4, "tablesample(percent, seed, repeatable, key): whether TABLESAMPLE keeps the row of that key: with probability percent/100, by a hash of the seed and the key when repeatable.", resultOf(value.TypeBool),
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				if args[0].IsSQLNull() {
					return value.None, errs.New(codeInvalidTablesampleArgument, "TABLESAMPLE parameter cannot be null")
				}
				pct, _ := value.ToFloat(args[0])
				if !(pct >= 0 && pct <= 100) {
					return value.None, errs.New(codeInvalidTablesampleArgument, "sample percentage must be between 0 and 100")
				}
				if !args[2].AsBool() {
					return value.Bool(rand.Float64()*100 < pct), nil
				}
				if args[1].IsSQLNull() {
					return value.None, errs.New(codeInvalidTablesampleRepeat, "TABLESAMPLE REPEATABLE parameter cannot be null")
				}
				seed, _ := value.ToFloat(args[1])
				k, err := value.AppendKey(binary.LittleEndian.AppendUint64(nil, math.Float64bits(seed)), args[3])
				if err != nil {
					return value.None, err
				}
				h := fnv.New64a()
				h.Write(k)
				return value.Bool(float64(h.Sum64()>>11)/(1<<53)*100 < pct), nil
			}, ex("true", vf(100), value.None, value.Bool(false), vi4(1)))),
		sqlDef("gen_random_uuid", 0, 0, "gen_random_uuid(): a random (version 4) uuid.", resultOf(value.TypeUUID),
			func(string, *Context, []value.Value) (value.Value, error) {
				u, err := uuid.NewRandom()
				if err != nil {
					return value.None, errs.Wrap(errs.InternalError, err, "gen_random_uuid")
				}
				return value.UUID(u), nil
			},
			ex("<uuid>")),
	}
	for _, f := range fs {
		switch strings.TrimPrefix(f.Name, "sql::") {
		case "now", "current_timestamp", "transaction_timestamp", "statement_timestamp", "clock_timestamp", "timeofday", "random", "gen_random_uuid", "tablesample":
			f.Pure = false
		}
	}
	return fs
}

// asDecimal views an int as a decimal (numeric arguments of SQL functions).
func asDecimal(v value.Value) value.Value {
	if v.Kind() != value.KindInt {
		return v
	}
	d, err := value.Convert(v, value.TypeNumeric)
	if err != nil {
		return v
	}
	return d
}

// appendSQLText appends a value's text output (concat's rule: bool is
// t), a timestamptz's in the session time zone.
func appendSQLText(c *Context, b []byte, v value.Value) ([]byte, error) {
	switch v.Kind() {
	case value.KindNone:
		return b, nil
	case value.KindString:
		return append(b, v.AsString()...), nil
	}
	loc, err := c.textZone(v)
	if err != nil {
		return b, err
	}
	return value.AppendTextIn(b, v, value.TypeOf(v), loc)
}

func textAndInt(name string, args []value.Value) (string, int64, error) {
	s, err := sqlStrings(name, args, 0)
	if err != nil {
		return "", 0, err
	}
	n, err := sqlInt(name, args, 1)
	if err != nil {
		return "", 0, err
	}
	return s[0], n, nil
}

// clampLen is left/right's character count: n, or all but -n.
func clampLen(n int64, length int) int {
	if n < 0 {
		n = max(int64(length)+n, 0)
	}
	return int(min(n, int64(length)))
}

// pgSubstr is PostgreSQL's text_substring.
func pgSubstr(s string, from, count int64, hasCount bool) (string, error) {
	r := []rune(s)
	lo, hi, err := substrRange(int64(len(r)), from, count, hasCount)
	if err != nil {
		return "", err
	}
	return string(r[lo:hi]), nil
}

// substrRange is the part of n elements PostgreSQL's substring takes
// (text_substring, bitsubstring): 0-based [lo, hi) of count elements
// from 1-based from (positions before 1 count toward count), to the end
// without a count.
func substrRange(n, from, count int64, hasCount bool) (lo, hi int64, err error) {
	if hasCount && count < 0 {
		return 0, 0, errs.New(codeSubstringError, "negative substring length not allowed")
	}
	s1 := max(from, 1)
	end := n + 1
	if hasCount {
		e := from + count
		if count > 0 && e < from { // overflow
			e = n + 1
		}
		if e < s1 {
			return 0, 0, nil
		}
		end = min(e, n+1)
	}
	if s1 > n {
		return 0, 0, nil
	}
	return s1 - 1, end - 1, nil
}

func splitPart(s, delim string, n int64) (value.Value, error) {
	if n == 0 {
		return value.None, errs.New(errs.InvalidParameterValue, "field position must not be zero")
	}
	if delim == "" {
		if n == 1 || n == -1 {
			return value.String(s), nil
		}
		return value.String(""), nil
	}
	parts := strings.Split(s, delim)
	k := n - 1
	if n < 0 {
		k = int64(len(parts)) + n
	}
	if k < 0 || k >= int64(len(parts)) {
		return value.String(""), nil
	}
	return value.String(parts[k]), nil
}

// pgPad is lpad/rpad: pad with repetitions of fill, or truncate.
func pgPad(s string, n int, fill string, left bool) string {
	if n <= 0 {
		return ""
	}
	r := []rune(s)
	if len(r) >= n || fill == "" {
		if len(r) > n {
			r = r[:n]
		}
		return string(r)
	}
	f := []rune(fill)
	pad := make([]rune, 0, n-len(r))
	for i := 0; len(pad) < n-len(r); i++ {
		pad = append(pad, f[i%len(f)])
	}
	if left {
		return string(pad) + string(r)
	}
	return string(r) + string(pad)
}

// initcap upper-cases the first letter of each alphanumeric word and
// lower-cases the rest.
func initcap(s string) string {
	var b strings.Builder
	inWord := false
	for _, c := range s {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			if inWord {
				b.WriteRune(unicode.ToLower(c))
			} else {
				b.WriteRune(unicode.ToUpper(c))
			}
			inWord = true
			continue
		}
		inWord = false
		b.WriteRune(c)
	}
	return b.String()
}

// likeEscape rewrites a LIKE pattern whose escape character is esc into
// one that escapes with a backslash, as PostgreSQL's like_escape does: esc
// followed by a character becomes a backslash and that character, and a
// literal backslash (when esc is not one) is doubled. An empty esc means
// no escape character at all.
func likeEscape(pattern, esc string) (string, error) {
	if esc == "\\" {
		return pattern, nil
	}
	if utf8.RuneCountInString(esc) > 1 {
		return "", errs.New(errs.InvalidEscapeSequence, "invalid escape string").
			WithHint("Escape string must be empty or one character.")
	}
	e, _ := utf8.DecodeRuneInString(esc)
	var b strings.Builder
	b.Grow(len(pattern) + 2)
	afterEscape := false
	for _, r := range pattern {
		switch {
		case afterEscape:
			if r == '\\' {
				b.WriteString("\\\\")
			} else {
				b.WriteRune('\\')
				b.WriteRune(r)
			}
			afterEscape = false
		case esc != "" && r == e:
			afterEscape = true
		case r == '\\':
			b.WriteString("\\\\")
		default:
			b.WriteRune(r)
		}
	}
	if afterEscape {
		// A trailing escape character: LIKE reports it when it matches.
		b.WriteRune('\\')
	}
	return b.String(), nil
}

// SQLSTATEs of TABLESAMPLE's arguments.
const (
	codeInvalidTablesampleArgument = "2202H"
	codeInvalidTablesampleRepeat   = "2202G"
)
