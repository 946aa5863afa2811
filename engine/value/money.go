package value

import (
	"math"
	"math/bits"
	"strconv"
	"strings"

	"github.com/cockroachdb/apd/v3"

	"github.com/zerodb/zerodb/errs"
)

// PostgreSQL's money is a signed 64-bit count of the currency's smallest
// unit: a KindInt value of width I64 whose static type has Money set, so
// it compares, sorts, hashes and indexes as its number does. zerodb's
// lc_monetary is C, as a PostgreSQL initialized with the C locale has
// it: two fractional digits, "$" as the symbol, "," between groups of
// three digits and "." before the cents ($1,234.56, -$12.30). Its binary
// form is int8's.

// OID of money and of its array type.
const (
	OIDMoney      uint32 = 790
	OIDMoneyArray uint32 = 791
)

// TypeMoney is money.
var TypeMoney = Type{Kind: KindInt, Width: I64, Money: true}

// MoneyScale is how many cents a unit of money is (10^frac_digits).
const MoneyScale = 100

// Money is the money value of n cents.
func Money(cents int64) Value { return Int(cents) }

// ErrMoneyOutOfRange is the error of money arithmetic that overflows.
func ErrMoneyOutOfRange() error {
	return errs.New(errs.NumericValueOutOfRange, "money out of range")
}

// AppendMoney writes cents as cash_out does in the C locale: "$1,234.56",
// and "-$12.30" below zero.
func AppendMoney(buf []byte, cents int64) []byte {
	u := uint64(cents)
	if cents < 0 {
		buf = append(buf, '-')
		u = -u // MinInt64's magnitude too, as uint64
	}
	buf = append(buf, '$')
	var digits [24]byte
	whole := strconv.AppendUint(digits[:0], u/MoneyScale, 10)
	for i, d := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, d)
	}
	frac := u % MoneyScale
	return append(buf, '.', byte('0'+frac/10), byte('0'+frac%10))
}

// ParseMoney reads money's text as cash_in does in the C locale:
// whitespace, "$", a sign ("-", "+" or an opening parenthesis), digits
// with "," between groups anywhere, at most two decimals after "." (the
// next digit rounds half up, the rest are ignored), then whitespace,
// ")", a sign or "$" in any order. 22P02 for anything else, 22003 past
// the range of a 64-bit count of cents.
func ParseMoney(str string) (int64, error) {
	s := str
	skipSpace := func() {
		s = strings.TrimLeft(s, " \t\n\r\v\f")
	}
	skipSpace()
	s = strings.TrimPrefix(s, "$")
	skipSpace()
	neg := false
	switch {
	case strings.HasPrefix(s, "-"), strings.HasPrefix(s, "("):
		neg, s = true, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	skipSpace()
	s = strings.TrimPrefix(s, "$")
	skipSpace()
	outOfRange := func() (int64, error) {
		return 0, errs.New(errs.NumericValueOutOfRange, "value \"%s\" is out of range for type money", str)
	}
	// Built in the negative, as cash_in does, so that the most negative
	// amount is in range.
	var v int64
	dec, seenDot := 0, false
	i := 0
loop:
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case isDigit(c) && (!seenDot || dec < 2):
			if v < math.MinInt64/10 || v*10 < math.MinInt64+int64(c-'0') {
				return outOfRange()
			}
			v = v*10 - int64(c-'0')
			if seenDot {
				dec++
			}
		case c == '.' && !seenDot:
			seenDot = true
		case c == ',':
		default:
			break loop
		}
	}
	if i < len(s) && s[i] >= '5' && s[i] <= '9' {
		if v == math.MinInt64 {
			return outOfRange()
		}
		v--
	}
	for ; dec < 2; dec++ {
		if v < math.MinInt64/10 {
			return outOfRange()
		}
		v *= 10
	}
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	for ; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r', '\v', '\f', ')', '+', '$':
		case '-':
			neg = true
		default:
			return 0, errs.New(errs.InvalidTextRepresentation, "invalid input syntax for type money: \"%s\"", str)
		}
	}
	if !neg {
		if v == math.MinInt64 {
			return outOfRange()
		}
		v = -v
	}
	return v, nil
}

// MoneyAdd is money + money (and - with sub), 22003 on overflow.
func MoneyAdd(a, b int64, sub bool) (int64, error) {
	var r int64
	if sub {
		r = a - b
		if (a >= 0) != (b >= 0) && (r >= 0) != (a >= 0) {
			return 0, ErrMoneyOutOfRange()
		}
		return r, nil
	}
	r = a + b
	if (a >= 0) == (b >= 0) && (r >= 0) != (a >= 0) {
		return 0, ErrMoneyOutOfRange()
	}
	return r, nil
}

// MoneyMulInt is money * integer, 22003 on overflow.
func MoneyMulInt(c, n int64) (int64, error) {
	hi, lo := bits.Mul64(uint64(abs64(c)), uint64(abs64(n)))
	neg := (c < 0) != (n < 0)
	if hi != 0 || lo > math.MaxInt64 && !(neg && lo == 1<<63) {
		return 0, ErrMoneyOutOfRange()
	}
	if neg {
		return -int64(lo), nil
	}
	return int64(lo), nil
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n // MinInt64 stays, and reads as 2^63 as uint64
	}
	return n
}

// MoneyDivInt is money / integer, truncated toward zero as int8
// division is (22012 for zero).
func MoneyDivInt(c, n int64) (int64, error) {
	if n == 0 {
		return 0, errs.New(errs.DivisionByZero, "division by zero")
	}
	if n == -1 {
		if c == math.MinInt64 {
			return 0, ErrMoneyOutOfRange()
		}
		return -c, nil
	}
	return c / n, nil
}

// MoneyOfFloat rounds a float count of cents to money, as rint and the
// cast to int64 in cash_mul_flt8 and cash_div_flt8 do (22003 where the
// cast would be undefined).
func MoneyOfFloat(f float64) (int64, error) {
	f = math.RoundToEven(f)
	if math.IsNaN(f) || f < -9.223372036854775808e18 || f >= 9.223372036854775808e18 {
		return 0, ErrMoneyOutOfRange()
	}
	return int64(f), nil
}

// MoneyNumeric is money as numeric (cash_numeric): the amount with two
// decimals.
func MoneyNumeric(cents int64) *apd.Decimal {
	return apd.New(cents, -2)
}

// MoneyOfNumeric is numeric as money (numeric_cash): the amount rounded
// to cents, half away from zero; 22003 "bigint out of range" past
// money's range, as numeric_int8 says it there.
func MoneyOfNumeric(d *apd.Decimal) (int64, error) {
	if d.Form != apd.Finite {
		return 0, errs.New(errs.FeatureNotSupported, "cannot convert %s to bigint", map[apd.Form]string{apd.NaN: "NaN", apd.NaNSignaling: "NaN", apd.Infinite: "infinity"}[d.Form])
	}
	var scaled, rounded apd.Decimal
	ctx := apd.BaseContext.WithPrecision(1000)
	ctx.Rounding = apd.RoundHalfUp
	if _, err := ctx.Mul(&scaled, d, apd.New(MoneyScale, 0)); err != nil {
		return 0, err
	}
	if _, err := ctx.RoundToIntegralValue(&rounded, &scaled); err != nil {
		return 0, err
	}
	n, err := rounded.Int64()
	if err != nil {
		return 0, errs.New(errs.NumericValueOutOfRange, "bigint out of range")
	}
	return n, nil
}

// MoneyOfInt is an integer amount as money (int4_cash, int8_cash): 22003
// "bigint out of range" when its cents do not fit, as int8mul says it.
func MoneyOfInt(n int64) (int64, error) {
	c, err := MoneyMulInt(n, MoneyScale)
	if err != nil {
		return 0, errs.New(errs.NumericValueOutOfRange, "bigint out of range")
	}
	return c, nil
}

// MoneyWords spells an amount out as cash_words does: "One thousand two
// hundred thirty four dollars and fifty six cents".
func MoneyWords(cents int64) string {
	var b strings.Builder
	u := uint64(cents)
	if cents < 0 {
		b.WriteString("minus ")
		u = -u
	}
	whole, frac := u/MoneyScale, u%MoneyScale
	groups := []struct {
		div  uint64
		name string
	}{
		{1_000_000_000_000_000, " quadrillion "},
		{1_000_000_000_000, " trillion "},
		{1_000_000_000, " billion "},
		{1_000_000, " million "},
		{1_000, " thousand "},
	}
	for _, g := range groups {
		if n := whole / g.div % 1000; n > 0 {
			b.WriteString(numWord(n))
			b.WriteString(g.name)
		}
	}
	switch {
	case whole%1000 != 0:
		b.WriteString(numWord(whole % 1000))
	case whole == 0:
		b.WriteString("zero")
	}
	if u/MoneyScale == 1 {
		b.WriteString(" dollar and ")
	} else {
		b.WriteString(" dollars and ")
	}
	b.WriteString(numWord(frac))
	if frac == 1 {
		b.WriteString(" cent")
	} else {
		b.WriteString(" cents")
	}
	out := []byte(b.String())
	out[0] -= 'a' - 'A'
	return string(out)
}

// numWord is cash.c's num_word: a number below 1000 in words.
func numWord(n uint64) string {
	small := [...]string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
		"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
	big := small[18:]
	tu := n % 100
	var tail string
	switch {
	case n <= 20:
		return small[n]
	case tu == 0:
		return small[n/100] + " hundred"
	case n%10 == 0 && tu > 10:
		tail = big[tu/10]
	case tu < 20:
		tail = small[tu]
	default:
		tail = big[tu/10] + " " + small[n%10]
	}
	switch {
	case n < 100:
		return tail
	case tu < 20:
		return small[n/100] + " hundred and " + tail
	}
	return small[n/100] + " hundred " + tail
}
