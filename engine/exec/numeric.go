package exec

import (
	"math/big"
	"strings"

	"github.com/cockroachdb/apd/v3"
)

// PostgreSQL's numeric division picks the result scale itself
// (select_div_scale in numeric.c): at least 16 significant digits, and no
// less than either input's display scale. avg() over integers and
// numerics is such a division, and clients compare its text, so the same
// scale is computed here: avg(1, 2) is 1.5000000000000000.
const (
	numericMinSigDigits = 16
	numericMaxScale     = 1000
	decDigits           = 4 // decimal digits per base-10000 digit of PostgreSQL's numeric
)

// numericWeight returns PostgreSQL's weight (the base-10000 exponent of the
// first non-zero digit) and that first base-10000 digit of |d|; (0, 0) for
// zero.
func numericWeight(d *apd.Decimal) (weight int64, first int64) {
	if d.IsZero() {
		return 0, 0
	}
	digits := d.Coeff.String()
	digits = strings.TrimLeft(digits, "-")
	e := int64(len(digits)) - 1 + int64(d.Exponent) // 10^e is the leading digit's place
	weight = floorDiv(e, decDigits)
	n := e - weight*decDigits + 1 // decimal digits in the first base-10000 digit (1..4)
	for i := int64(0); i < n; i++ {
		first *= 10
		if i < int64(len(digits)) {
			first += int64(digits[i] - '0')
		}
	}
	return weight, first
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// displayScale is the number of digits after the decimal point.
func displayScale(d *apd.Decimal) int64 {
	if d.Exponent >= 0 {
		return 0
	}
	return int64(-d.Exponent)
}

// pgNumericDiv divides like PostgreSQL's numeric_div: the scale comes
// from select_div_scale and the result is rounded half away from zero.
func pgNumericDiv(x *apd.Decimal, y int64) *apd.Decimal {
	yd := apd.New(y, 0)
	w1, f1 := numericWeight(x)
	w2, f2 := numericWeight(yd)
	qweight := w1 - w2
	if f1 <= f2 {
		qweight--
	}
	rscale := numericMinSigDigits - qweight*decDigits
	rscale = max(rscale, displayScale(x), 0)
	rscale = min(rscale, numericMaxScale)

	// x = coeff * 10^exp; result = round(coeff * 10^(exp+rscale) / y).
	num := new(big.Int).Set(x.Coeff.MathBigInt())
	shift := int64(x.Exponent) + rscale
	ten := big.NewInt(10)
	if shift >= 0 {
		num.Mul(num, new(big.Int).Exp(ten, big.NewInt(shift), nil))
	} else {
		// Cannot happen (rscale >= display scale), kept for safety.
		num.Quo(num, new(big.Int).Exp(ten, big.NewInt(-shift), nil))
	}
	den := big.NewInt(y)
	neg := x.Negative != (y < 0)
	if y < 0 {
		den.Neg(den)
	}
	q, rem := new(big.Int).QuoRem(num, den, new(big.Int))
	if rem.Sign() != 0 {
		rem.Mul(rem, big.NewInt(2))
		if rem.CmpAbs(den) >= 0 {
			q.Add(q, big.NewInt(1))
		}
	}
	out := apd.NewWithBigInt(new(apd.BigInt).SetMathBigInt(q), int32(-rscale))
	out.Negative = neg && q.Sign() != 0
	return out
}
