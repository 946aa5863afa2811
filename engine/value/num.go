package value

import (
	"math"
	"strconv"

	"github.com/cockroachdb/apd/v3"
	"github.com/zerodb/zerodb/errs"
)

// Numbers of every kind (ints of all widths, f32, f64, decimals) live on
// one number line: an int is its exact value, a decimal its exact value,
// and a float the decimal it prints as (its shortest round-trip decimal,
// 32-bit shortest for f32). That embedding is strictly monotone, so the
// order it induces is total and transitive, and it makes 0.1 == 0.1 hold
// between a ZQL float and a jsonb decimal. Compare, Hash and the key
// encoding all agree on it; canon is its common representation.

// canon classes, in numeric order.
const (
	cNegInf int8 = iota - 2
	cNeg
	cZero
	cPos
	cPosInf
	cNaN
)

// canon is a number as ±0.d1d2…dn × 10^exp with d1 and dn non-zero (for
// the finite non-zero classes; digits are ASCII).
type canon struct {
	class  int8
	digits []byte
	exp    int
}

// IsNumeric reports whether k is one of the number kinds.
func IsNumeric(k Kind) bool { return k == KindInt || k == KindFloat || k == KindDecimal }

// isBigU64 reports whether v is a u64 above MaxInt64 (its int64 view wraps).
func (v Value) isBigU64() bool { return IntWidth(v.sub) == U64 && v.n > math.MaxInt64 }

// ToFloat converts a number to float64 (rounding decimals and big ints);
// ok is false for non-numbers.
func ToFloat(v Value) (float64, bool) {
	switch v.kind {
	case KindInt:
		if IntWidth(v.sub) == U64 {
			return float64(v.n), true
		}
		return float64(int64(v.n)), true
	case KindFloat:
		return v.AsFloat(), true
	case KindDecimal:
		d := v.AsDecimal()
		if d == nil {
			return 0, false
		}
		return decimalToFloat(d), true
	}
	return 0, false
}

func decimalToFloat(d *apd.Decimal) float64 {
	switch d.Form {
	case apd.NaN, apd.NaNSignaling:
		return math.NaN()
	case apd.Infinite:
		if d.Negative {
			return math.Inf(-1)
		}
		return math.Inf(1)
	}
	var buf [64]byte
	f, err := strconv.ParseFloat(string(appendDecimalE(buf[:0], d)), 64)
	if err != nil && f == 0 {
		return 0
	}
	return f // ±Inf on overflow, which is what a float can say
}

// appendDecimalE appends d as coefficient "e" exponent, a form
// strconv.ParseFloat reads without expanding huge exponents.
func appendDecimalE(buf []byte, d *apd.Decimal) []byte {
	if d.Negative {
		buf = append(buf, '-')
	}
	buf = d.Coeff.Append(buf, 10)
	buf = append(buf, 'e')
	return strconv.AppendInt(buf, int64(d.Exponent), 10)
}

// The canon builders return the canon by value (with digits in buf) so
// that callers' scratch buffers stay on the stack.

func canonInt(buf []byte, i int64) canon {
	switch {
	case i == 0:
		return canon{class: cZero}
	case i < 0:
		return canonDigits(cNeg, strconv.AppendUint(buf[:0], uint64(-(i+1))+1, 10))
	}
	return canonDigits(cPos, strconv.AppendUint(buf[:0], uint64(i), 10))
}

func canonUint(buf []byte, u uint64) canon {
	if u == 0 {
		return canon{class: cZero}
	}
	return canonDigits(cPos, strconv.AppendUint(buf[:0], u, 10))
}

// canonDigits makes the canon of an integer's decimal text.
func canonDigits(class int8, d []byte) canon {
	exp := len(d)
	for len(d) > 1 && d[len(d)-1] == '0' {
		d = d[:len(d)-1]
	}
	return canon{class: class, digits: d, exp: exp}
}

func canonFloat(buf []byte, f float64, bits int) canon {
	switch {
	case math.IsNaN(f):
		return canon{class: cNaN}
	case math.IsInf(f, 1):
		return canon{class: cPosInf}
	case math.IsInf(f, -1):
		return canon{class: cNegInf}
	case f == 0:
		return canon{class: cZero}
	}
	class := cPos
	if f < 0 {
		class = cNeg
		f = -f
	}
	// Shortest 'e' form: d[.ddd]e±XX.
	e := strconv.AppendFloat(buf[:0], f, 'e', -1, bits)
	i := 0
	digits := e[:0]
	for ; e[i] != 'e'; i++ {
		if e[i] != '.' {
			digits = append(digits, e[i])
		}
	}
	x := atoiExp(e[i+1:])
	for len(digits) > 1 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
	}
	return canon{class: class, digits: digits, exp: x + 1}
}

// atoiExp parses the exponent of strconv's 'e' format (±dd or ±ddd).
func atoiExp(b []byte) int {
	n, neg := 0, false
	for _, c := range b {
		switch {
		case c == '-':
			neg = true
		case c >= '0' && c <= '9':
			n = n*10 + int(c-'0')
		}
	}
	if neg {
		return -n
	}
	return n
}

func canonDecimal(buf []byte, d *apd.Decimal) canon {
	switch d.Form {
	case apd.NaN, apd.NaNSignaling:
		return canon{class: cNaN}
	case apd.Infinite:
		if d.Negative {
			return canon{class: cNegInf}
		}
		return canon{class: cPosInf}
	}
	if d.Coeff.Sign() == 0 {
		return canon{class: cZero}
	}
	class := cPos
	if d.Negative {
		class = cNeg
	}
	digits := d.Coeff.Append(buf[:0], 10)
	exp := len(digits) + int(d.Exponent)
	for len(digits) > 1 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
	}
	return canon{class: class, digits: digits, exp: exp}
}

// canonOf is the canon of any number value; buf is scratch space for
// its digits.
func canonOf(buf []byte, v Value) canon {
	switch v.kind {
	case KindInt:
		if IntWidth(v.sub) == U64 {
			return canonUint(buf, v.n)
		}
		return canonInt(buf, int64(v.n))
	case KindFloat:
		return canonFloat(buf, v.AsFloat(), int(v.floatBits()))
	case KindDecimal:
		if d := v.AsDecimal(); d != nil {
			return canonDecimal(buf, d)
		}
	}
	return canon{class: cZero}
}

func (v Value) floatBits() uint8 {
	if v.sub == 32 {
		return 32
	}
	return 64
}

func cmpCanon(a, b *canon) int {
	if a.class != b.class {
		if a.class < b.class {
			return -1
		}
		return 1
	}
	if a.class != cPos && a.class != cNeg {
		return 0
	}
	r := 0
	switch {
	case a.exp < b.exp:
		r = -1
	case a.exp > b.exp:
		r = 1
	default:
		r = compareBytes(a.digits, b.digits)
	}
	if a.class == cNeg {
		r = -r
	}
	return r
}

func compareBytes(a, b []byte) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	}
	return 0
}

// canonInt64 returns the canon's value when it is an integer that fits
// an int64.
func canonInt64(c *canon) (int64, bool) {
	switch c.class {
	case cZero:
		return 0, true
	case cPos, cNeg:
	default:
		return 0, false
	}
	if c.exp < len(c.digits) || c.exp > 19 {
		return 0, false
	}
	var u uint64
	for i := 0; i < c.exp; i++ {
		d := uint64(0)
		if i < len(c.digits) {
			d = uint64(c.digits[i] - '0')
		}
		if u > (math.MaxUint64-d)/10 {
			return 0, false
		}
		u = u*10 + d
	}
	if c.class == cNeg {
		if u > 1<<63 {
			return 0, false
		}
		return int64(-u), true
	}
	if u > math.MaxInt64 {
		return 0, false
	}
	return int64(u), true
}

// --- integer widths ---

// widthBits is the number of bits of a width.
func widthBits(w IntWidth) int {
	switch w {
	case I8, U8:
		return 8
	case I16, U16:
		return 16
	case I32, U32:
		return 32
	}
	return 64
}

func widthSigned(w IntWidth) bool { return w <= I32 }

// widthRange is the range of a signed width as int64 (for U64 the upper
// bound is MaxInt64; callers handle u64 separately).
func widthRange(w IntWidth) (lo, hi int64) {
	switch w {
	case I8:
		return math.MinInt8, math.MaxInt8
	case I16:
		return math.MinInt16, math.MaxInt16
	case I32:
		return math.MinInt32, math.MaxInt32
	case U8:
		return 0, math.MaxUint8
	case U16:
		return 0, math.MaxUint16
	case U32:
		return 0, math.MaxUint32
	case U64:
		return 0, math.MaxInt64
	}
	return math.MinInt64, math.MaxInt64
}

var widthNames = [...]string{I64: "i64", I8: "i8", I16: "i16", I32: "i32", U8: "u8", U16: "u16", U32: "u32", U64: "u64"}

func (w IntWidth) String() string {
	if int(w) < len(widthNames) {
		return widthNames[w]
	}
	return "int?"
}

// outOfRangeName is how range errors name a width: PostgreSQL's names
// for the widths SQL uses, ZQL's for the others.
func outOfRangeName(w IntWidth) string {
	switch w {
	case I16:
		return "smallint"
	case I32:
		return "integer"
	case I64:
		return "bigint"
	}
	return w.String()
}

func intOutOfRange(w IntWidth) *errs.Error {
	return errs.New(errs.NumericValueOutOfRange, "%s out of range", outOfRangeName(w))
}

// fitsWidth reports whether the integer (neg, mag) fits width w.
func fitsWidth(neg bool, mag uint64, w IntWidth) bool {
	bits := widthBits(w)
	if widthSigned(w) {
		if neg {
			return mag <= uint64(1)<<(bits-1)
		}
		return mag <= uint64(1)<<(bits-1)-1
	}
	if neg {
		return mag == 0
	}
	return bits == 64 || mag <= uint64(1)<<bits-1
}

// makeInt builds an integer of width w from sign and magnitude; the caller
// has checked fitsWidth.
func makeInt(neg bool, mag uint64, w IntWidth) Value {
	if neg {
		return Value{kind: KindInt, sub: uint8(w), n: -mag}
	}
	return Value{kind: KindInt, sub: uint8(w), n: mag}
}

// intParts splits an integer into sign and magnitude.
func (v Value) intParts() (neg bool, mag uint64) {
	if IntWidth(v.sub) == U64 {
		return false, v.n
	}
	i := int64(v.n)
	if i < 0 {
		return true, uint64(-(i + 1)) + 1
	}
	return false, uint64(i)
}

// IntFits reports whether the integer v fits width w.
func IntFits(v Value, w IntWidth) bool {
	neg, mag := v.intParts()
	return fitsWidth(neg, mag, w)
}
