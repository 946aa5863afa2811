package builtin

import (
	"hash/maphash"
	"sort"
	"time"
	"unicode/utf8"

	"github.com/cockroachdb/apd/v3"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// maxRangeLen bounds range() so a typo cannot allocate gigabytes.
const maxRangeLen = 10_000_000

func listFuncs() []*Func {
	return []*Func{
		def("count", 1, 1, "The number of elements of a list, tuple or vector (fields of an object).",
			func(_ *Context, args []value.Value) (value.Value, error) {
				switch v := args[0]; v.Kind() {
				case value.KindList, value.KindTuple:
					return value.Int(int64(len(v.AsList()))), nil
				case value.KindVector:
					return value.Int(int64(len(v.AsVector()))), nil
				case value.KindObject:
					return value.Int(int64(v.AsObject().Len())), nil
				}
				return value.None, argErr("count", 0, "a list", args[0])
			},
			ex("3", vl(vi(1), value.None, vi(3)))),
		def("first", 1, 1, "The first element of a list or tuple (first character of a string), none when empty.",
			endFn("first", true), ex("1", vl(vi(1), vi(2))), ex("null", vl())),
		def("last", 1, 1, "The last element of a list or tuple (last character of a string), none when empty.",
			endFn("last", false), ex("2", vl(vi(1), vi(2)))),
		def("sum", 1, 1, "The sum of the numbers (or durations) of a list, none elements skipped; 0 for an empty list. Integer overflow is an error.",
			func(_ *Context, args []value.Value) (value.Value, error) {
				xs, err := listArg("sum", args, 0)
				if err != nil {
					return value.None, err
				}
				// Start from the first element, not 0, so that durations
				// and f32s keep their type.
				sum := value.None
				for i, x := range xs {
					if x.IsNone() {
						continue
					}
					if !value.IsNumeric(x.Kind()) && x.Kind() != value.KindDuration {
						return value.None, errs.New(errs.DatatypeMismatch, "sum: element %d must be a number, found %s", i, typeName(x))
					}
					if sum.IsNone() {
						sum = x
						continue
					}
					if sum, err = value.Arith(value.Add, sum, x); err != nil {
						return value.None, err
					}
				}
				if sum.IsNone() {
					return value.Int(0), nil
				}
				return sum, nil
			},
			ex("6", vl(vi(1), vi(2), vi(3))), ex("4", vl(vf(1.5), vf(2.5), value.None)), ex("0", vl())),
		def("avg", 1, 1, "The mean of the numbers of a list as a float (a decimal when any element is a decimal, a duration for durations), none elements skipped; none for an empty list.",
			func(_ *Context, args []value.Value) (value.Value, error) {
				xs, err := listArg("avg", args, 0)
				if err != nil {
					return value.None, err
				}
				return average(xs)
			},
			ex("2", vl(vi(1), vi(2), vi(3))), ex("1.5", vl(vi(1), vi(2))), ex("null", vl()),
			ex(`"45m0s"`, vl(value.Duration(time.Hour), value.Duration(30*time.Minute))),
			ex(`"384h0m0s"`, vl(value.IntervalOf(value.Interval{Months: 1, Days: 1}), value.IntervalOf(value.Interval{Micros: 24 * 3600e6})))),
		def("distinct", 1, 1, "The list without repeated elements (by ==, so 1 and 1.0 are one), first occurrences kept in order.",
			func(_ *Context, args []value.Value) (value.Value, error) {
				xs, err := listArg("distinct", args, 0)
				if err != nil {
					return value.None, err
				}
				return value.List(distinct(xs)), nil
			},
			ex("[1, 2, 3]", vl(vi(1), vi(2), vi(1), vi(3), vf(2)))),
		def("sort", 1, 2, "The list sorted by the total order of values (stable); a second argument @desc sorts descending.",
			func(_ *Context, args []value.Value) (value.Value, error) {
				xs, err := listArg("sort", args, 0)
				if err != nil {
					return value.None, err
				}
				desc := false
				if len(args) > 1 {
					switch d := args[1]; {
					case d.Kind() == value.KindSymbol && d.AsString() == "desc":
						desc = true
					case d.Kind() == value.KindSymbol && d.AsString() == "asc":
					default:
						return value.None, argErr("sort", 1, "@asc or @desc", d)
					}
				}
				out := append([]value.Value(nil), xs...)
				sort.SliceStable(out, func(i, j int) bool {
					c := value.Compare(out[i], out[j])
					if desc {
						return c > 0
					}
					return c < 0
				})
				if out == nil {
					out = []value.Value{}
				}
				return value.List(out), nil
			},
			ex(`[null, 1, 2.5, "a"]`, vl(vs("a"), vf(2.5), value.None, vi(1))), ex("[3, 2, 1]", vl(vi(1), vi(3), vi(2)), vsym("desc"))),
		def("reverse", 1, 1, "A list or tuple in reverse order, or a string with its characters reversed.",
			func(_ *Context, args []value.Value) (value.Value, error) {
				switch v := args[0]; v.Kind() {
				case value.KindString:
					return value.String(reverseString(v.AsString())), nil
				case value.KindList, value.KindTuple:
					xs := v.AsList()
					out := make([]value.Value, len(xs))
					for i, x := range xs {
						out[len(xs)-1-i] = x
					}
					if v.Kind() == value.KindTuple {
						return value.Tuple(out), nil
					}
					return value.List(out), nil
				}
				return value.None, argErr("reverse", 0, "a list or string", args[0])
			},
			ex("[3, 2, 1]", vl(vi(1), vi(2), vi(3))), ex(`"cba"`, vs("abc"))),
		def("flatten", 1, 1, "The list with elements that are lists (or tuples) spliced in, one level deep.",
			func(_ *Context, args []value.Value) (value.Value, error) {
				xs, err := listArg("flatten", args, 0)
				if err != nil {
					return value.None, err
				}
				out := make([]value.Value, 0, len(xs))
				for _, x := range xs {
					if x.Kind() == value.KindList || x.Kind() == value.KindTuple {
						out = append(out, x.AsList()...)
					} else {
						out = append(out, x)
					}
				}
				return value.List(out), nil
			},
			ex("[1, 2, 3, [4]]", vl(vl(vi(1), vi(2)), vi(3), vl(vl(vi(4)))))),
		{
			Name: "zip", MinArgs: 1, MaxArgs: -1, Strict: true, Pure: true,
			Doc: "A list of tuples pairing the elements of the lists at the same position, as long as the shortest list.",
			Fn: func(_ *Context, args []value.Value) (value.Value, error) {
				n := -1
				for i := range args {
					xs, err := listArg("zip", args, i)
					if err != nil {
						return value.None, err
					}
					if n < 0 || len(xs) < n {
						n = len(xs)
					}
				}
				out := make([]value.Value, n)
				for k := range out {
					t := make([]value.Value, len(args))
					for i, a := range args {
						t[i] = a.AsList()[k]
					}
					out[k] = value.Tuple(t)
				}
				return value.List(out), nil
			},
			Examples: []Example{ex(`[[1, "a"], [2, "b"]]`, vl(vi(1), vi(2), vi(3)), vl(vs("a"), vs("b")))},
		},
		def("range", 1, 3, "A list of ints: range(n) is 0..n, range(a, b) is a..b (b excluded), range(a, b, step) steps by step (negative counts down); a range value with int bounds (1..=3) becomes its list.",
			rangeFn, ex("[0, 1, 2]", vi(3)), ex("[1, 3]", vi(1), vi(5), vi(2)), ex("[1, 2, 3]", value.RangeOf(vi(1), vi(3), true))),
		{
			Name: "append", MinArgs: 2, MaxArgs: -1, Pure: true,
			Doc: "A new list with the further arguments added at the end.",
			Fn: func(_ *Context, args []value.Value) (value.Value, error) {
				if args[0].IsNone() {
					return value.None, nil
				}
				xs, err := listArg("append", args, 0)
				if err != nil {
					return value.None, err
				}
				out := make([]value.Value, 0, len(xs)+len(args)-1)
				out = append(append(out, xs...), args[1:]...)
				return value.List(out), nil
			},
			Examples: []Example{ex("[1, 2, 3]", vl(vi(1), vi(2)), vi(3))},
		},
	}
}

func endFn(name string, first bool) fnBody {
	return func(_ *Context, args []value.Value) (value.Value, error) {
		switch v := args[0]; v.Kind() {
		case value.KindList, value.KindTuple:
			xs := v.AsList()
			if len(xs) == 0 {
				return value.None, nil
			}
			if first {
				return xs[0], nil
			}
			return xs[len(xs)-1], nil
		case value.KindString:
			s := v.AsString()
			if s == "" {
				return value.None, nil
			}
			if first {
				_, size := utf8.DecodeRuneInString(s)
				return value.String(s[:size]), nil
			}
			_, size := utf8.DecodeLastRuneInString(s)
			return value.String(s[len(s)-size:]), nil
		}
		return value.None, argErr(name, 0, "a list", args[0])
	}
}

func reverseString(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

func average(xs []value.Value) (value.Value, error) {
	n := 0
	anyDecimal, anyDuration, anyOther := false, false, false
	for i, x := range xs {
		switch x.Kind() {
		case value.KindNone:
			continue
		case value.KindDecimal:
			anyDecimal = true
		case value.KindDuration:
			anyDuration = true
		case value.KindInt, value.KindFloat:
			anyOther = true
		default:
			return value.None, errs.New(errs.DatatypeMismatch, "avg: element %d must be a number, found %s", i, typeName(x))
		}
		n++
	}
	switch {
	case n == 0:
		return value.None, nil
	case anyDuration && (anyDecimal || anyOther):
		return value.None, errs.New(errs.DatatypeMismatch, "avg: cannot average durations with numbers")
	case anyDuration:
		// Field by field, as SQL's avg(interval): the sum's months and
		// days divide apart (their fractions cascade down).
		sum := value.Duration(0)
		for _, x := range xs {
			if x.IsNone() {
				continue
			}
			var err error
			if sum, err = value.Arith(value.Add, sum, x); err != nil {
				return value.None, err
			}
		}
		return value.Arith(value.Div, sum, value.Int(int64(n)))
	case anyDecimal:
		var sum value.Value = value.Decimal(new(apd.Decimal))
		for _, x := range xs {
			if x.IsNone() {
				continue
			}
			if x.Kind() == value.KindFloat {
				x = value.Decimal(value.DecimalFromFloat(x.AsFloat(), int(x.FloatBits())))
			}
			var err error
			if sum, err = value.Arith(value.Add, sum, x); err != nil {
				return value.None, err
			}
		}
		return value.Arith(value.Div, sum, value.Int(int64(n)))
	}
	// Floats: Kahan-compensated sum so long lists stay accurate.
	var sum, comp float64
	for _, x := range xs {
		if x.IsNone() {
			continue
		}
		f, _ := value.ToFloat(x)
		y := f - comp
		t := sum + y
		comp = (t - sum) - y
		sum = t
	}
	return value.Float(sum / float64(n)), nil
}

// distinct keeps the first of each group of equal values, using hashes
// consistent with value.Equal.
func distinct(xs []value.Value) []value.Value {
	seed := maphash.MakeSeed()
	seen := make(map[uint64][]int, len(xs))
	out := make([]value.Value, 0, len(xs))
	for _, x := range xs {
		var h maphash.Hash
		h.SetSeed(seed)
		value.Hash(&h, x)
		k := h.Sum64()
		dup := false
		for _, j := range seen[k] {
			if value.Equal(out[j], x) {
				dup = true
				break
			}
		}
		if !dup {
			seen[k] = append(seen[k], len(out))
			out = append(out, x)
		}
	}
	return out
}

func rangeFn(_ *Context, args []value.Value) (value.Value, error) {
	var start, end, step int64 = 0, 0, 1
	if len(args) == 1 && args[0].Kind() == value.KindRange {
		r := args[0].AsRange()
		if r.Lo.Kind() != value.KindInt || r.Hi.Kind() != value.KindInt {
			return value.None, argErr("range", 0, "a range with int bounds", args[0])
		}
		start, end = r.Lo.AsInt(), r.Hi.AsInt()
		if r.Inclusive {
			if end == 1<<63-1 {
				return value.None, errs.New(codeProgramLimit, "range: too many elements")
			}
			end++
		}
	} else {
		ints := make([]int64, len(args))
		for i := range args {
			v, err := intArg("range", args, i)
			if err != nil {
				return value.None, err
			}
			ints[i] = v
		}
		switch len(ints) {
		case 1:
			end = ints[0]
		case 2:
			start, end = ints[0], ints[1]
		case 3:
			start, end, step = ints[0], ints[1], ints[2]
		}
	}
	if step == 0 {
		return value.None, errs.New(errs.InvalidParameterValue, "range: step must not be zero")
	}
	// Count the elements without overflowing.
	var n uint64
	switch {
	case step > 0 && end > start:
		n = (uint64(end-start) + uint64(step) - 1) / uint64(step)
	case step < 0 && end < start:
		n = (uint64(start-end) + uint64(-step) - 1) / uint64(-step)
	}
	if n > maxRangeLen {
		return value.None, errs.New(codeProgramLimit, "range: %d elements exceed the limit of %d", n, maxRangeLen)
	}
	out := make([]value.Value, n)
	x := start
	for i := range out {
		out[i] = value.Int(x)
		x += step
	}
	return value.List(out), nil
}
