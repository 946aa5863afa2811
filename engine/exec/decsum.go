package exec

import (
	"math"

	"github.com/cockroachdb/apd/v3"
)

// decSum is a numeric sum's fast path: while every addend is finite with
// a coefficient and running total that fit in an int64 at a common
// exponent, the sum is coeff×10^exp without touching apd (whose general
// addition at precision 1000 dominated sum(numeric)). The total is exact,
// so adding it to the apd accumulator at the end (flush) gives the same
// value and exponent (the least one seen) as adding each value there.
type decSum struct {
	has   bool
	coeff int64
	exp   int32
}

// add adds x, reporting false (and leaving d unchanged) when x does not
// fit the fast path; the caller then adds x the general way.
func (d *decSum) add(x *apd.Decimal) bool {
	if x.Form != apd.Finite || !x.Coeff.IsInt64() {
		return false
	}
	c := x.Coeff.Int64()
	if x.Negative {
		c = -c
	}
	if !d.has {
		d.has, d.coeff, d.exp = true, c, x.Exponent
		return true
	}
	acc, exp := d.coeff, d.exp
	switch {
	case x.Exponent > exp:
		var ok bool
		if c, ok = scaleInt64(c, x.Exponent-exp); !ok {
			return false
		}
	case x.Exponent < exp:
		var ok bool
		if acc, ok = scaleInt64(acc, exp-x.Exponent); !ok {
			return false
		}
		exp = x.Exponent
	}
	s := acc + c
	if (c > 0 && s < acc) || (c < 0 && s > acc) {
		return false // overflow
	}
	d.coeff, d.exp = s, exp
	return true
}

// flush adds the fast-path total to sum and empties d.
func (d *decSum) flush(sum *apd.Decimal) error {
	if !d.has {
		return nil
	}
	x := apd.New(d.coeff, d.exp)
	*d = decSum{}
	_, err := decCtx.Add(sum, sum, x)
	return err
}

// scaleInt64 is x×10^k, ok=false when it overflows.
func scaleInt64(x int64, k int32) (int64, bool) {
	if x == 0 {
		return 0, true
	}
	for ; k > 0; k-- {
		if x > math.MaxInt64/10 || x < math.MinInt64/10 {
			return 0, false
		}
		x *= 10
	}
	return x, true
}
