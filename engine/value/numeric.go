package value

import (
	"math"

	"github.com/cockroachdb/apd/v3"
	"github.com/zerodb/zerodb/errs"
)

// Decimal helpers with PostgreSQL's numeric semantics, for the builtin
// library. Each returns a new decimal; NaN and ±Infinity pass through.

// RoundDecimal rounds d to scale digits after the point, half away from
// zero (round(numeric, int)); a negative scale rounds to tens, hundreds,
// ... and the result then has scale 0.
func RoundDecimal(d *apd.Decimal, scale int) (*apd.Decimal, error) {
	return quantizeDecimal(d, scale, apd.RoundHalfUp)
}

// TruncDecimal truncates d toward zero to scale digits (trunc(numeric, int)).
func TruncDecimal(d *apd.Decimal, scale int) (*apd.Decimal, error) {
	return quantizeDecimal(d, scale, apd.RoundDown)
}

// FloorDecimal is the largest integer not above d (scale 0).
func FloorDecimal(d *apd.Decimal) (*apd.Decimal, error) {
	return directedInt(d, false)
}

// CeilDecimal is the smallest integer not below d (scale 0).
func CeilDecimal(d *apd.Decimal) (*apd.Decimal, error) {
	return directedInt(d, true)
}

// directedInt rounds d to an integer toward +Infinity (ceil) or
// -Infinity: it truncates, then steps one away from zero when a fraction
// was cut off on the rounding's side. (apd's Quantize with RoundCeiling
// or RoundFloor drops a value whose digits all lie more than one place
// below the point: ceil(0.001) came out 0, floor(-0.001) -0.)
func directedInt(d *apd.Decimal, ceil bool) (*apd.Decimal, error) {
	t, err := quantizeDecimal(d, 0, apd.RoundDown)
	if err != nil || t.Form != apd.Finite || d.Negative == ceil || t.Cmp(d) == 0 {
		return t, err
	}
	step := apd.New(1, 0)
	step.Negative = d.Negative
	ctx := apd.BaseContext.WithPrecision(uint32(t.NumDigits()) + 1)
	if _, err := ctx.Add(t, t, step); err != nil {
		return nil, errNumericOverflow()
	}
	return t, nil
}

func quantizeDecimal(d *apd.Decimal, scale int, mode apd.Rounder) (*apd.Decimal, error) {
	r := new(apd.Decimal).Set(d)
	if r.Form != apd.Finite {
		return r, nil
	}
	if scale > maxDecimalScale {
		scale = maxDecimalScale
	}
	target := int64(scale)
	nd := r.NumDigits() + int64(r.Exponent) + target + 2
	if nd < 1 {
		nd = 1
	}
	if nd > math.MaxInt32 {
		return nil, errNumericOverflow()
	}
	ctx := apd.Context{
		Precision:   uint32(nd),
		MaxExponent: apd.MaxExponent,
		MinExponent: apd.MinExponent,
		Traps:       apd.DefaultTraps,
		Rounding:    mode,
	}
	neg := r.Negative
	if _, err := ctx.Quantize(r, r, int32(-target)); err != nil {
		return nil, errNumericOverflow()
	}
	r.Negative = neg && r.Coeff.Sign() != 0
	if scale < 0 && r.Exponent > 0 {
		// PostgreSQL shows round(1234.5, -2) as 1200, scale 0.
		var t apd.BigInt
		r.Coeff.Mul(&r.Coeff, t.Exp(apd.NewBigInt(10), apd.NewBigInt(int64(r.Exponent)), nil))
		r.Exponent = 0
	}
	return r, nil
}

// SqrtDecimal is sqrt(numeric) with PostgreSQL's result scale (at least
// 16 significant digits, no fewer than the input's scale). A negative
// input is 2201F.
func SqrtDecimal(d *apd.Decimal) (*apd.Decimal, error) {
	switch {
	case d.Form == apd.NaN || d.Form == apd.NaNSignaling:
		return &apd.Decimal{Form: apd.NaN}, nil
	case d.Negative && !(d.Form == apd.Finite && d.Coeff.Sign() == 0):
		return nil, errs.New(codeInvalidPower, "cannot take square root of a negative number")
	case d.Form == apd.Infinite:
		return &apd.Decimal{Form: apd.Infinite}, nil
	}
	weight, _ := nbaseLead(d)
	sweight := (weight+1)*4/2 - 1
	rscale := minSigDigits - sweight
	rscale = max(rscale, int64(DecimalScale(d)), 0)
	rscale = min(rscale, maxDisplayScale)
	r := new(apd.Decimal)
	if d.Coeff.Sign() == 0 {
		if err := roundToScale(r, rscale); err != nil {
			return nil, err
		}
		return r, nil
	}
	p := adjExp(d)/2 + 1 + rscale + 24 // guard digits: see DecimalVariance
	ctx := apd.Context{
		Precision:   uint32(p),
		MaxExponent: apd.MaxExponent,
		MinExponent: apd.MinExponent,
		Traps:       apd.DefaultTraps &^ apd.Underflow &^ apd.Subnormal,
		Rounding:    apd.RoundHalfEven,
	}
	if _, err := ctx.Sqrt(r, d); err != nil {
		return nil, errNumericOverflow()
	}
	if err := roundToScale(r, rscale); err != nil {
		return nil, err
	}
	return r, nil
}

// DecimalFromFloat is the decimal a float equals under Compare: its
// shortest round-trip digits (bits 32 for f32).
func DecimalFromFloat(f float64, bits int) *apd.Decimal { return floatToDecimalExact(f, bits) }

// DecimalVariance is PostgreSQL's numeric_stddev_internal: the sample
// (sample) or population variance, or its square root (stddev), of n
// values whose sum is sumX and sum of squares sumX2, at the scale of
// numeric division of n*sumX2 - sumX*sumX by n*(n-1) or n*n. null is
// true where PostgreSQL gives NULL (no values; one for a sample);
// infinite or NaN sums give NaN.
func DecimalVariance(n int64, sumX, sumX2 *apd.Decimal, sample, stddev bool) (d *apd.Decimal, null bool, err error) {
	if n == 0 || (sample && n == 1) {
		return nil, true, nil
	}
	if sumX.Form != apd.Finite || sumX2.Form != apd.Finite {
		return &apd.Decimal{Form: apd.NaN}, false, nil
	}
	// Both products and the difference are exact: enough precision for
	// every digit of the operands.
	prec := uint32(sumX.NumDigits()*2 + sumX2.NumDigits() + 40)
	ctx := apd.Context{Precision: prec, MaxExponent: apd.MaxExponent, MinExponent: apd.MinExponent, Traps: apd.DefaultTraps}
	N := apd.New(n, 0)
	var sq, nx2, num apd.Decimal
	if _, err := ctx.Mul(&sq, sumX, sumX); err != nil {
		return nil, false, errNumericOverflow()
	}
	if _, err := ctx.Mul(&nx2, N, sumX2); err != nil {
		return nil, false, errNumericOverflow()
	}
	if _, err := ctx.Sub(&num, &nx2, &sq); err != nil {
		return nil, false, errNumericOverflow()
	}
	if num.Sign() <= 0 {
		// Round-off can make the numerator negative; PostgreSQL answers 0.
		return apd.New(0, 0), false, nil
	}
	den := apd.New(n*n, 0)
	if sample {
		den = apd.New(n*(n-1), 0)
	}
	rscale := divScale(&num, den)
	r := new(apd.Decimal)
	if err := decimalDiv(r, &num, den); err != nil {
		return nil, false, err
	}
	if !stddev {
		return r, false, nil
	}
	// Guard digits well past rscale, rounded to rscale once at the end
	// (apd's Sqrt rounds half-even whatever the context says): with 8,
	// sqrt(24999999995000000000), 4999999999.49999999997..., came out
	// 4999999999.5000000 and then 5000000000.
	p := adjExp(r)/2 + 1 + rscale + 24
	sctx := apd.Context{
		Precision:   uint32(max(p, 8)),
		MaxExponent: apd.MaxExponent,
		MinExponent: apd.MinExponent,
		Traps:       apd.DefaultTraps &^ apd.Underflow &^ apd.Subnormal,
		Rounding:    apd.RoundHalfEven,
	}
	s := new(apd.Decimal)
	if _, err := sctx.Sqrt(s, r); err != nil {
		return nil, false, errNumericOverflow()
	}
	if err := roundToScale(s, rscale); err != nil {
		return nil, false, err
	}
	return s, false, nil
}
