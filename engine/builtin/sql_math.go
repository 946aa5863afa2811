package builtin

import (
	"math"
	"math/big"
	"strings"

	"github.com/cockroachdb/apd/v3"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

const codeInvalidLog = "2201E" // invalid_argument_for_logarithm

// powerResult is power's type: numeric when an argument is numeric and
// none is a float (power(float8, numeric) takes float8 in PostgreSQL:
// numeric casts to float8 implicitly, not back).
func powerResult(args []value.Type) value.Type {
	dec := false
	for _, a := range args {
		switch a.Kind {
		case value.KindFloat:
			return value.TypeFloat8
		case value.KindDecimal:
			dec = true
		}
	}
	if dec {
		return value.TypeNumeric
	}
	return value.TypeFloat8
}

// modResult is mod's type: the common integer type of its integer
// arguments (an unknown NULL, seen as text, takes the other's type),
// numeric otherwise.
func modResult(args []value.Type) value.Type {
	var ints []value.Type
	for _, a := range args {
		switch a.Kind {
		case value.KindInt:
			ints = append(ints, a)
		case value.KindString:
		default:
			return value.TypeNumeric
		}
	}
	if len(ints) == 0 {
		return value.TypeInt4
	}
	return commonType(ints)
}

// lnDweight is PostgreSQL's estimate_ln_dweight: the decimal weight of
// ln(d), which fixes the scale of numeric ln, log and exp results.
func lnDweight(d *apd.Decimal) int {
	one := apd.New(1, 0)
	if d.Cmp(apd.New(9, -1)) >= 0 && d.Cmp(apd.New(11, -1)) <= 0 {
		var x apd.Decimal
		if _, err := apd.BaseContext.Sub(&x, d, one); err != nil || x.IsZero() {
			return 0
		}
		return int(x.NumDigits()) + int(x.Exponent) - 1
	}
	f, _ := d.Float64()
	if f <= 0 {
		return 0
	}
	return int(math.Log10(math.Abs(math.Log(f))))
}

// roundScale rounds d to scale digits after the point, clamped to
// PostgreSQL's display scales.
func roundScale(d *apd.Decimal, scale int) (*apd.Decimal, error) {
	scale = min(max(scale, 0), 1000)
	out := new(apd.Decimal)
	ctx := apd.BaseContext.WithPrecision(2000)
	ctx.Rounding = apd.RoundHalfUp
	if _, err := ctx.Quantize(out, d, int32(-scale)); err != nil {
		return nil, err
	}
	return out, nil
}

func dscale(d *apd.Decimal) int { return max(0, -int(d.Exponent)) }

// workPrecision is the precision (significant digits) ln, log and exp
// compute a result with whose integer part has intDigits digits and
// which is then rounded to scale digits after the point: guard digits
// enough for the rounding to come out right, without the cost of
// computing the 1000 digits of PostgreSQL's largest scale every time.
func workPrecision(intDigits, scale int) uint32 {
	return uint32(max(intDigits, 0) + min(max(scale, 0), 1000) + 24)
}

// numericLn is ln(d) to prec significant digits.
func numericLn(d *apd.Decimal, prec uint32) (*apd.Decimal, error) {
	switch d.Sign() {
	case 0:
		return nil, errs.New(codeInvalidLog, "cannot take logarithm of zero")
	case -1:
		return nil, errs.New(codeInvalidLog, "cannot take logarithm of a negative number")
	}
	ctx := apd.BaseContext.WithPrecision(prec)
	out := new(apd.Decimal)
	if _, err := ctx.Ln(out, d); err != nil {
		return nil, err
	}
	return out, nil
}

// logFn computes ln, log10 and log(b, x) in double precision or, for
// numeric, with PostgreSQL's result scale.
func logFn(base float64) func(string, *Context, []value.Value) (value.Value, error) {
	return func(name string, _ *Context, args []value.Value) (value.Value, error) {
		if len(args) == 2 {
			return numericLog(name, args[0], args[1])
		}
		v := args[0]
		switch v.Kind() {
		case value.KindDecimal:
			b := apd.New(int64(base), 0)
			if base == math.E {
				w := lnDweight(v.AsDecimal())
				scale := max(16-w, dscale(v.AsDecimal()))
				ln, err := numericLn(v.AsDecimal(), workPrecision(w+1, scale))
				if err != nil {
					return value.None, err
				}
				d, err := roundScale(ln, scale)
				return value.Decimal(d), err
			}
			return numericLog(name, value.Decimal(b), v)
		case value.KindInt, value.KindFloat:
			f, _ := value.ToFloat(v)
			switch {
			case f == 0:
				return value.None, errs.New(codeInvalidLog, "cannot take logarithm of zero")
			case f < 0:
				return value.None, errs.New(codeInvalidLog, "cannot take logarithm of a negative number")
			}
			if base == math.E {
				return value.Float(math.Log(f)), nil
			}
			return value.Float(math.Log10(f)), nil
		}
		return value.None, noSQLFunc(name, args)
	}
}

func numericLog(name string, bv, xv value.Value) (value.Value, error) {
	bv, xv = asDecimal(bv), asDecimal(xv)
	if bv.Kind() != value.KindDecimal || xv.Kind() != value.KindDecimal {
		return value.None, noSQLFunc(name, []value.Value{bv, xv})
	}
	b, x := bv.AsDecimal(), xv.AsDecimal()
	w := lnDweight(x) - lnDweight(b) // the quotient's decimal weight
	scale := max(16-w, dscale(b), dscale(x))
	prec := workPrecision(w+1, scale)
	lb, err := numericLn(b, prec)
	if err != nil {
		return value.None, err
	}
	lx, err := numericLn(x, prec)
	if err != nil {
		return value.None, err
	}
	if lb.IsZero() {
		return value.None, errs.New(errs.DivisionByZero, "division by zero")
	}
	q := new(apd.Decimal)
	if _, err := apd.BaseContext.WithPrecision(prec).Quo(q, lx, lb); err != nil {
		return value.None, err
	}
	d, err := roundScale(q, scale)
	return value.Decimal(d), err
}

func floatMath(f func(float64) float64) func(string, *Context, []value.Value) (value.Value, error) {
	return func(name string, _ *Context, args []value.Value) (value.Value, error) {
		x, ok := value.ToFloat(args[0])
		if !ok {
			return value.None, noSQLFunc(name, args)
		}
		r := f(x)
		if math.IsNaN(r) && !math.IsNaN(x) {
			return value.None, errs.New(errs.NumericValueOutOfRange, "input is out of range")
		}
		return value.Float(r), nil
	}
}

// floatMath2 is floatMath for a function of two float8 arguments.
func floatMath2(f func(float64, float64) float64) func(string, *Context, []value.Value) (value.Value, error) {
	return func(name string, _ *Context, args []value.Value) (value.Value, error) {
		y, ok1 := value.ToFloat(args[0])
		x, ok2 := value.ToFloat(args[1])
		if !ok1 || !ok2 {
			return value.None, noSQLFunc(name, args)
		}
		r := f(y, x)
		if math.IsNaN(r) && !math.IsNaN(x) && !math.IsNaN(y) {
			return value.None, errs.New(errs.NumericValueOutOfRange, "input is out of range")
		}
		return value.Float(r), nil
	}
}

func twoInts(name string, args []value.Value) (int64, int64, error) {
	a, err := sqlInt(name, args, 0)
	if err != nil {
		return 0, 0, err
	}
	b, err := sqlInt(name, args, 1)
	return a, b, err
}

// scaleFn is one of scale, min_scale and trim_scale: of a numeric (or an
// integer, as numeric); NaN and infinities have no scale (trim_scale
// gives them back).
func scaleFn(f func(*apd.Decimal) value.Value) func(string, *Context, []value.Value) (value.Value, error) {
	return func(name string, _ *Context, args []value.Value) (value.Value, error) {
		v := asDecimal(args[0])
		if v.Kind() != value.KindDecimal {
			return value.None, noSQLFunc(name, args)
		}
		d := v.AsDecimal()
		if d.Form != apd.Finite {
			if name == "trim_scale" {
				return v, nil
			}
			return value.None, nil
		}
		return f(d), nil
	}
}

// trimScale is d without the zeros at the end of its fraction.
func trimScale(d *apd.Decimal) *apd.Decimal {
	r := new(apd.Decimal).Set(d)
	if r.Coeff.Sign() == 0 {
		r.Exponent = 0
		r.Negative = false
		return r
	}
	var q, m apd.BigInt
	ten := apd.NewBigInt(10)
	for r.Exponent < 0 {
		q.QuoRem(&r.Coeff, ten, &m)
		if m.Sign() != 0 {
			break
		}
		r.Coeff.Set(&q)
		r.Exponent++
	}
	return r
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	if a < 0 {
		return -a
	}
	return a
}

func mathFuncs() []*Func {
	float8 := resultOf(value.TypeFloat8)
	// sin('NaN') reads its literal as float8.
	f1 := func(name, doc string, f func(float64) float64, e ...Example) *Func {
		return sqlDef(name, 1, 1, doc, float8, floatMath(f), e...).withParams(value.TypeFloat8)
	}
	f2 := func(name, doc string, f func(float64, float64) float64, e ...Example) *Func {
		return sqlDef(name, 2, 2, doc, float8, floatMath2(f), e...).withParams(value.TypeFloat8, value.TypeFloat8)
	}
	ints := func(args []value.Type) value.Type { return modResult(args) }
	return []*Func{
		sqlDef("exp", 1, 1, "exp(x): e raised to x (numeric with PostgreSQL's scale for numeric).", numericOrFloat8,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				v := args[0]
				if v.Kind() != value.KindDecimal {
					x, ok := value.ToFloat(v)
					if !ok {
						return value.None, noSQLFunc(name, args)
					}
					r := math.Exp(x)
					if math.IsInf(r, 0) {
						return value.None, errs.New(errs.NumericValueOutOfRange, "value out of range: overflow")
					}
					return value.Float(r), nil
				}
				d := v.AsDecimal()
				f, _ := d.Float64()
				w := int(f * 0.434294481903252) // the result's decimal weight
				scale := max(16-w, dscale(d))
				if math.Abs(f) >= 6000 {
					// PostgreSQL's limit (exp_var): above it an
					// overflow, below its negative a zero.
					if f > 0 {
						return value.None, errs.New(errs.NumericValueOutOfRange, "value overflows numeric format")
					}
					r, err := roundScale(new(apd.Decimal), scale)
					return value.Decimal(r), err
				}
				out := new(apd.Decimal)
				if _, err := apd.BaseContext.WithPrecision(workPrecision(w+1, scale)).Exp(out, d); err != nil {
					return value.None, errs.New(errs.NumericValueOutOfRange, "value overflows numeric format")
				}
				r, err := roundScale(out, scale)
				return value.Decimal(r), err
			}, ex("2.7182818284590452", vd("1.0")), ex("0."+strings.Repeat("0", 1000), vd("-1000000")), exErr(errs.NumericValueOutOfRange, vd("6000"))),
		sqlDef("ln", 1, 1, "ln(x): the natural logarithm.", numericOrFloat8, logFn(math.E), ex("2.302585092994046", vi4(10))),
		sqlDef("log", 1, 2, "log(x): the base-10 logarithm; log(b, x): the logarithm to base b (numeric).",
			func(args []value.Type) value.Type {
				if len(args) == 2 {
					return value.TypeNumeric
				}
				return numericOrFloat8(args)
			}, logFn(10), ex("2", vi4(100)), ex("3.0000000000000000", vi4(2), vi4(8))),
		sqlDef("log10", 1, 1, "log10(x): the base-10 logarithm.", numericOrFloat8, logFn(10), ex("3", vi4(1000))),
		f1("cbrt", "cbrt(x): the cube root.", math.Cbrt, ex("2", vi4(8))),
		f1("degrees", "degrees(x): radians to degrees.", func(x float64) float64 { return x / radiansPerDegree }, ex("180", vf(math.Pi)), ex("179.9998479605043", vf(3.14159))),
		f1("radians", "radians(x): degrees to radians.", func(x float64) float64 { return x * radiansPerDegree }, ex("3.141592653589793", vi4(180))),
		f1("sin", "sin(x): the sine.", math.Sin, ex("0", vi4(0))),
		f1("cos", "cos(x): the cosine.", math.Cos, ex("1", vi4(0))),
		f1("tan", "tan(x): the tangent.", math.Tan, ex("0", vi4(0))),
		f1("asin", "asin(x): the arc sine.", math.Asin, ex("0", vi4(0))),
		f1("acos", "acos(x): the arc cosine.", math.Acos, ex("0", vi4(1))),
		f1("atan", "atan(x): the arc tangent.", math.Atan, ex("0", vi4(0))),
		f2("atan2", "atan2(y, x): the arc tangent of y/x.", math.Atan2, ex("0.7853981633974483", vi4(1), vi4(1))),
		f1("cot", "cot(x): the cotangent.", cot, ex("0.6420926159343308", vi4(1))),
		f1("sind", "sind(x): the sine of x degrees.", sind, ex("0.5", vi4(30)), exErr(errs.NumericValueOutOfRange, vf(math.Inf(1)))),
		f1("cosd", "cosd(x): the cosine of x degrees.", cosd, ex("0.5", vi4(60))),
		f1("tand", "tand(x): the tangent of x degrees.", tand, ex("1", vi4(45)), ex("-1", vi4(135))),
		f1("cotd", "cotd(x): the cotangent of x degrees.", cotd, ex("1", vi4(45))),
		f1("asind", "asind(x): the arc sine, in degrees.", asind, ex("30", vf(0.5)), exErr(errs.NumericValueOutOfRange, vi4(2))),
		f1("acosd", "acosd(x): the arc cosine, in degrees.", acosd, ex("60", vf(0.5)), ex("120", vf(-0.5))),
		f1("atand", "atand(x): the arc tangent, in degrees.", atand, ex("45", vi4(1))),
		f2("atan2d", "atan2d(y, x): the arc tangent of y/x, in degrees.", atan2d, ex("45", vi4(1), vi4(1))),
		f1("sinh", "sinh(x): the hyperbolic sine.", math.Sinh, ex("0", vi4(0))),
		f1("cosh", "cosh(x): the hyperbolic cosine.", math.Cosh, ex("1", vi4(0))),
		f1("tanh", "tanh(x): the hyperbolic tangent.", math.Tanh, ex("0", vi4(0))),
		f1("asinh", "asinh(x): the inverse hyperbolic sine.", math.Asinh, ex("0", vi4(0))),
		f1("acosh", "acosh(x): the inverse hyperbolic cosine.", math.Acosh, ex("0", vi4(1)), exErr(errs.NumericValueOutOfRange, vi4(0))),
		f1("atanh", "atanh(x): the inverse hyperbolic tangent.", math.Atanh, ex("0", vi4(0)), exErr(errs.NumericValueOutOfRange, vi4(2))),
		sqlDef("div", 2, 2, "div(a, b): the integer quotient of a / b, truncated toward zero (numeric).", resultOf(value.TypeNumeric),
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				a, b := asDecimal(args[0]), asDecimal(args[1])
				if a.Kind() != value.KindDecimal || b.Kind() != value.KindDecimal {
					return value.None, noSQLFunc(name, args)
				}
				if b.AsDecimal().IsZero() {
					return value.None, errs.New(errs.DivisionByZero, "division by zero")
				}
				q := new(apd.Decimal)
				if _, err := apd.BaseContext.WithPrecision(1100).QuoInteger(q, a.AsDecimal(), b.AsDecimal()); err != nil {
					return value.None, err
				}
				return value.Decimal(q), nil
			}, ex("3", vi4(7), vi4(2))),
		sqlDef("scale", 1, 1, "scale(numeric): the digits after the point (NULL for NaN and infinities).", resultOf(value.TypeInt4),
			scaleFn(func(d *apd.Decimal) value.Value { return value.IntW(int64(dscale(d)), value.I32) }),
			ex("2", vd("1.50")), ex("0", vd("1E+3")), ex("0", vi4(5))),
		sqlDef("min_scale", 1, 1, "min_scale(numeric): the fewest digits after the point that show the value exactly.", resultOf(value.TypeInt4),
			scaleFn(func(d *apd.Decimal) value.Value { return value.IntW(int64(dscale(trimScale(d))), value.I32) }),
			ex("1", vd("1.50")), ex("0", vd("2.000"))),
		sqlDef("trim_scale", 1, 1, "trim_scale(numeric): the value without trailing zeros after the point.", resultOf(value.TypeNumeric),
			scaleFn(func(d *apd.Decimal) value.Value { return value.Decimal(trimScale(d)) }),
			ex("1.5", vd("1.500")), ex("100", vd("100.00")), ex("0", vd("0.000"))),
		sqlDef("gcd", 2, 2, "gcd(a, b): the greatest common divisor.", ints, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			a, b, err := twoInts(name, args)
			if err != nil {
				return value.None, err
			}
			return value.IntW(gcd(a, b), args[0].Width()), nil
		}, ex("6", vi4(12), vi4(18))),
		sqlDef("factorial", 1, 1, "factorial(n): n! as numeric (22003 for a negative n).", resultOf(value.TypeNumeric), func(name string, _ *Context, args []value.Value) (value.Value, error) {
			n, err := sqlInt(name, args, 0)
			if err != nil {
				return value.None, err
			}
			if n < 0 {
				return value.None, errs.New(errs.NumericValueOutOfRange, "factorial of a negative number is undefined")
			}
			if n > 32177 {
				return value.None, errs.New(errs.NumericValueOutOfRange, "value overflows numeric format")
			}
			f := big.NewInt(1)
			for i := int64(2); i <= n; i++ {
				f.Mul(f, big.NewInt(i))
			}
			d := new(apd.Decimal)
			d.Coeff.SetMathBigInt(f)
			return value.Decimal(d), nil
		}, ex("120", vi4(5))),
		sqlDef("lcm", 2, 2, "lcm(a, b): the least common multiple.", ints, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			a, b, err := twoInts(name, args)
			if err != nil {
				return value.None, err
			}
			if a == 0 || b == 0 {
				return value.IntW(0, args[0].Width()), nil
			}
			l := a / gcd(a, b) * b
			if l < 0 {
				l = -l
			}
			return value.IntW(l, args[0].Width()), nil
		}, ex("12", vi4(4), vi4(6))),
		sqlDef("width_bucket", 2, 4, "width_bucket(x, lo, hi, n): the bucket of x among n equal buckets from lo to hi (0 below, n+1 above); width_bucket(x, thresholds): the number of the sorted array's thresholds at or below x.", resultOf(value.TypeInt4),
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				switch len(args) {
				case 2:
					return widthBucketArray(name, args)
				case 3:
					return value.None, noSQLFunc(name, args)
				}
				var fs [3]float64
				for i := range fs {
					f, ok := value.ToFloat(args[i])
					if !ok {
						return value.None, noSQLFunc(name, args)
					}
					fs[i] = f
				}
				n, err := sqlInt(name, args, 3)
				if err != nil {
					return value.None, err
				}
				x, lo, hi := fs[0], fs[1], fs[2]
				switch {
				case n <= 0:
					return value.None, errs.New("2201G", "count must be greater than zero")
				case lo == hi:
					return value.None, errs.New("2201G", "lower bound cannot equal upper bound")
				}
				var b int64
				if lo < hi {
					switch {
					case x < lo:
						b = 0
					case x >= hi:
						b = n + 1
					default:
						b = int64(float64(n)*(x-lo)/(hi-lo)) + 1
					}
				} else {
					switch {
					case x > lo:
						b = 0
					case x <= hi:
						b = n + 1
					default:
						b = int64(float64(n)*(lo-x)/(lo-hi)) + 1
					}
				}
				return value.IntW(b, value.I32), nil
			}, ex("3", vi4(5), vi4(0), vi4(10), vi4(5)),
			ex("2", vi4(4), value.List([]value.Value{vi4(1), vi4(3), vi4(5)})),
			ex("0", vi4(0), value.List(nil)),
			exErr(errs.NullValueNotAllowed, vi4(1), value.List([]value.Value{vi4(1), value.None}))),
	}
}

// widthBucketArray is width_bucket(operand, thresholds) as PostgreSQL's
// width_bucket_array: a binary search for the first threshold above the
// operand, so the answer for an unsorted array is what that search
// meets. NULL thresholds are 22004, a multidimensional array 2202E.
func widthBucketArray(name string, args []value.Value) (value.Value, error) {
	xs, err := arrayArg(name, args, 1)
	if err != nil {
		return value.None, err
	}
	if value.ArrayNDims(args[1]) > 1 {
		return value.None, errs.New(errs.ArraySubscriptError, "thresholds must be one-dimensional array")
	}
	for _, x := range xs {
		if x.IsSQLNull() {
			return value.None, errs.New(errs.NullValueNotAllowed, "thresholds array must not contain NULLs")
		}
	}
	lo, hi := 0, len(xs)
	for lo < hi {
		mid := (lo + hi) / 2
		if value.Compare(args[0], xs[mid]) < 0 {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return value.IntW(int64(lo), value.I32), nil
}
