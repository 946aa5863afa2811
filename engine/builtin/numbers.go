package builtin

import (
	"math"
	"strconv"

	"github.com/cockroachdb/apd/v3"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

func numberFuncs() []*Func {
	fs := []*Func{
		def("abs", 1, 1, "The absolute value, of the argument's type (overflow is an error: abs(-128_i8)).",
			func(_ *Context, args []value.Value) (value.Value, error) {
				v, err := numArg("abs", args, 0)
				if err != nil {
					return value.None, err
				}
				return absValue(v)
			},
			ex("5", vi(-5)), ex("2.5", vf(-2.5))),
		def("floor", 1, 1, "The largest integral value not above the argument, of its type (floats stay floats).",
			roundingFn("floor", math.Floor, value.FloorDecimal), ex("2", vf(2.7)), ex("-3", vf(-2.1))),
		def("ceil", 1, 1, "The smallest integral value not below the argument, of its type (floats stay floats).",
			roundingFn("ceil", math.Ceil, value.CeilDecimal), ex("3", vf(2.1))),
		def("round", 1, 2, "The argument rounded half away from zero, to an optional number of decimal digits (negative: tens, hundreds, ...). A float is rounded as the decimal it prints as, so round(2.675, 2) is 2.68.",
			func(_ *Context, args []value.Value) (value.Value, error) {
				v, err := numArg("round", args, 0)
				if err != nil {
					return value.None, err
				}
				digits := int64(0)
				if len(args) > 1 {
					if digits, err = intArg("round", args, 1); err != nil {
						return value.None, err
					}
				}
				return roundValue(v, digits)
			},
			ex("3", vf(2.5)), ex("2.68", vf(2.675), vi(2)), ex("1200", vi(1234), vi(-2))),
		def("sqrt", 1, 1, "The square root as a float (of a decimal: a decimal with at least 16 significant digits). Negative arguments are an error.",
			func(_ *Context, args []value.Value) (value.Value, error) {
				v, err := numArg("sqrt", args, 0)
				if err != nil {
					return value.None, err
				}
				return sqrtValue(v)
			},
			ex("1.5", vf(2.25)), ex("3", vi(9)), exErr(codeInvalidPower, vi(-1))),
		def("pow", 2, 2, "The first argument raised to the second (the ^ operator: int ^ int is a checked int).",
			func(_ *Context, args []value.Value) (value.Value, error) {
				if _, err := numArg("pow", args, 0); err != nil {
					return value.None, err
				}
				if _, err := numArg("pow", args, 1); err != nil {
					return value.None, err
				}
				return value.Arith(value.Pow, args[0], args[1])
			},
			ex("1024", vi(2), vi(10)), ex("1.4142135623730951", vf(2), vf(0.5))),
		def("mod", 2, 2, "The remainder of truncating division (the % operator; its sign is the dividend's). By zero is an error.",
			func(_ *Context, args []value.Value) (value.Value, error) {
				if _, err := numArg("mod", args, 0); err != nil {
					return value.None, err
				}
				if _, err := numArg("mod", args, 1); err != nil {
					return value.None, err
				}
				return value.Arith(value.Mod, args[0], args[1])
			},
			ex("2", vi(17), vi(5)), ex("-2", vi(-17), vi(5)), exErr(errs.DivisionByZero, vi(1), vi(0))),
		{
			Name: "min", MinArgs: 1, MaxArgs: -1, Pure: true,
			Doc: "The smallest of the arguments, or of the elements of a single list argument, by the total order of values; none values are skipped and nothing left is none.",
			Fn:  extremeFn(-1),
			Examples: []Example{
				ex("1", vi(3), vi(1), vi(2)), ex("1", vl(vi(3), vi(1), value.None)), ex("null", vl()),
			},
		},
		{
			Name: "max", MinArgs: 1, MaxArgs: -1, Pure: true,
			Doc: "The largest of the arguments, or of the elements of a single list argument; none values are skipped and nothing left is none.",
			Fn:  extremeFn(1),
			Examples: []Example{
				ex("3", vi(3), vi(1), vi(2)), ex(`"b"`, vl(vs("a"), vs("b"))),
			},
		},
		def("clamp", 3, 3, "The first argument limited to the range [lo, hi] given by the other two.",
			func(_ *Context, args []value.Value) (value.Value, error) {
				x, lo, hi := args[0], args[1], args[2]
				if value.Compare(lo, hi) > 0 {
					return value.None, errs.New(errs.InvalidParameterValue, "clamp: lower bound %s is greater than upper bound %s", lo, hi)
				}
				switch {
				case value.Compare(x, lo) < 0:
					return lo, nil
				case value.Compare(x, hi) > 0:
					return hi, nil
				}
				return x, nil
			},
			ex("10", vi(12), vi(0), vi(10)), ex("0.5", vf(0.5), vi(0), vi(1))),
	}
	// The same functions under math::, plus a few float-only ones.
	for _, name := range []string{"abs", "floor", "ceil", "round", "sqrt", "pow", "mod", "min", "max", "clamp"} {
		for _, f := range fs {
			if f.Name == name {
				c := *f
				c.Name = "math::" + name
				c.Examples = append([]Example(nil), f.Examples...)
				fs = append(fs, &c)
				break
			}
		}
	}
	fs = append(fs,
		def("math::pi", 0, 0, "π as a float.", func(*Context, []value.Value) (value.Value, error) { return value.Float(math.Pi), nil },
			ex("3.141592653589793")),
		def("math::e", 0, 0, "Euler's number e as a float.", func(*Context, []value.Value) (value.Value, error) { return value.Float(math.E), nil },
			ex("2.718281828459045")),
		def("math::ln", 1, 1, "The natural logarithm as a float; zero and negative arguments are an error.",
			floatFn("math::ln", func(x float64) (float64, error) {
				if err := logDomain(x); err != nil {
					return 0, err
				}
				return math.Log(x), nil
			}), ex("1", vf(math.E))),
		def("math::log10", 1, 1, "The base-10 logarithm as a float; zero and negative arguments are an error.",
			floatFn("math::log10", func(x float64) (float64, error) {
				if err := logDomain(x); err != nil {
					return 0, err
				}
				return math.Log10(x), nil
			}), ex("3", vi(1000))),
		def("math::exp", 1, 1, "e raised to the argument, as a float.",
			floatFn("math::exp", func(x float64) (float64, error) {
				r := math.Exp(x)
				if math.IsInf(r, 0) && !math.IsInf(x, 0) {
					return 0, errs.New(errs.NumericValueOutOfRange, "value out of range: overflow")
				}
				return r, nil
			}), ex("1", vi(0))),
		def("math::trunc", 1, 1, "The argument with its fraction dropped (toward zero), of its type.",
			roundingFn("math::trunc", math.Trunc, func(d *apd.Decimal) (*apd.Decimal, error) { return value.TruncDecimal(d, 0) }),
			ex("-2", vf(-2.7))),
		def("math::sign", 1, 1, "-1, 0 or 1 as the argument is negative, zero or positive (an int).",
			func(_ *Context, args []value.Value) (value.Value, error) {
				v, err := numArg("math::sign", args, 0)
				if err != nil {
					return value.None, err
				}
				return value.Int(int64(value.Compare(v, value.Int(0)))), nil
			},
			ex("-1", vf(-2.5))),
	)
	return fs
}

func logDomain(x float64) error {
	switch {
	case x == 0:
		return errs.New("2201E", "cannot take logarithm of zero")
	case x < 0:
		return errs.New("2201E", "cannot take logarithm of a negative number")
	}
	return nil
}

func floatFn(name string, f func(float64) (float64, error)) fnBody {
	return func(_ *Context, args []value.Value) (value.Value, error) {
		x, ok := value.ToFloat(args[0])
		if !ok {
			return value.None, argErr(name, 0, "a number", args[0])
		}
		r, err := f(x)
		if err != nil {
			return value.None, err
		}
		return value.Float(r), nil
	}
}

func absValue(v value.Value) (value.Value, error) {
	switch v.Kind() {
	case value.KindInt:
		if v.Width() != value.U64 && v.AsInt() < 0 {
			return value.Negate(v)
		}
		return v, nil
	case value.KindFloat:
		if v.FloatBits() == 32 {
			return value.Float32(float32(math.Abs(v.AsFloat()))), nil
		}
		return value.Float(math.Abs(v.AsFloat())), nil
	case value.KindDecimal:
		return value.Decimal(new(apd.Decimal).Abs(v.AsDecimal())), nil
	}
	return value.None, argErr("abs", 0, "a number", v)
}

// roundingFn applies a rounding to integral values of the argument's own
// kind: ints are already integral.
func roundingFn(name string, ff func(float64) float64, df func(*apd.Decimal) (*apd.Decimal, error)) fnBody {
	return func(_ *Context, args []value.Value) (value.Value, error) {
		v := args[0]
		switch v.Kind() {
		case value.KindInt:
			return v, nil
		case value.KindFloat:
			return sameFloat(v, ff(v.AsFloat())), nil
		case value.KindDecimal:
			d, err := df(v.AsDecimal())
			if err != nil {
				return value.None, err
			}
			return value.Decimal(d), nil
		}
		return value.None, argErr(name, 0, "a number", v)
	}
}

// sameFloat makes a float of v's width.
func sameFloat(v value.Value, f float64) value.Value {
	if v.FloatBits() == 32 {
		return value.Float32(float32(f))
	}
	return value.Float(f)
}

func roundValue(v value.Value, digits int64) (value.Value, error) {
	if digits > 1000 || digits < -1000 {
		return value.None, errs.New(errs.InvalidParameterValue, "round: digits %d out of range", digits)
	}
	switch v.Kind() {
	case value.KindInt:
		if digits >= 0 {
			return v, nil
		}
		var tmp apd.Decimal
		tmp.SetInt64(v.AsInt())
		if v.Width() == value.U64 {
			tmp.Coeff.SetUint64(v.AsUint64())
		}
		d, err := value.RoundDecimal(&tmp, int(digits))
		if err != nil {
			return value.None, err
		}
		return value.Convert(value.Decimal(d), value.TypeOf(v))
	case value.KindFloat:
		f := v.AsFloat()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return v, nil
		}
		if digits == 0 {
			return sameFloat(v, math.Round(f)), nil
		}
		d, err := value.RoundDecimal(value.DecimalFromFloat(f, int(v.FloatBits())), int(digits))
		if err != nil {
			return value.None, err
		}
		r, err := strconv.ParseFloat(value.CastText(value.Decimal(d)), 64)
		if err != nil {
			return value.None, errs.New(errs.NumericValueOutOfRange, "value out of range: overflow")
		}
		return sameFloat(v, r), nil
	case value.KindDecimal:
		d, err := value.RoundDecimal(v.AsDecimal(), int(digits))
		if err != nil {
			return value.None, err
		}
		return value.Decimal(d), nil
	}
	return value.None, argErr("round", 0, "a number", v)
}

func sqrtValue(v value.Value) (value.Value, error) {
	if v.Kind() == value.KindDecimal {
		d, err := value.SqrtDecimal(v.AsDecimal())
		if err != nil {
			return value.None, err
		}
		return value.Decimal(d), nil
	}
	f, _ := value.ToFloat(v)
	if f < 0 {
		return value.None, errs.New(codeInvalidPower, "cannot take square root of a negative number")
	}
	if v.Kind() == value.KindFloat {
		return sameFloat(v, math.Sqrt(f)), nil
	}
	return value.Float(math.Sqrt(f)), nil
}

// extremeFn is min (sign -1) or max (sign 1) over the arguments or the
// elements of one list argument, skipping none.
func extremeFn(sign int) fnBody {
	return func(c *Context, args []value.Value) (value.Value, error) {
		xs := args
		if len(args) == 1 {
			switch args[0].Kind() {
			case value.KindList, value.KindTuple:
				xs = args[0].AsList()
			}
		}
		best, found := value.None, false
		for _, x := range xs {
			// SQL's greatest and least ignore NULLs but not jsonb's null.
			if x.IsSQLNull() || x.IsNone() && !c.SQL {
				continue
			}
			if !found || value.Compare(x, best)*sign > 0 {
				best, found = x, true
			}
		}
		return best, nil
	}
}
