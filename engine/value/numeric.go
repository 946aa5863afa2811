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
	return quantizeDecimal(d, 0, apd.RoundFloor)
}

// CeilDecimal is the smallest integer not below d (scale 0).
func CeilDecimal(d *apd.Decimal) (*apd.Decimal, error) {
	return quantizeDecimal(d, 0, apd.RoundCeiling)
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
	p := adjExp(d)/2 + rscale + 8
	if p < 8 {
		p = 8
	}
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
