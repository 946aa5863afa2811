package value

import (
	"math"
	"math/bits"
	"time"

	"github.com/cockroachdb/apd/v3"
	"github.com/zerodb/zerodb/errs"
)

// ArithOp is an arithmetic operator for Arith.
type ArithOp uint8

const (
	Add ArithOp = iota + 1 // numbers; string, list and SQL text concatenation; object merge (right wins); datetime + duration
	Sub                    // numbers; datetime - duration; datetime - datetime = duration
	Mul
	Div // int / int truncates toward zero; by zero: 22012
	Mod // by zero: 22012
	Pow
)

var opSymbols = [...]string{Add: "+", Sub: "-", Mul: "*", Div: "/", Mod: "%", Pow: "^"}

func (op ArithOp) String() string {
	if int(op) < len(opSymbols) && opSymbols[op] != "" {
		return opSymbols[op]
	}
	return "?"
}

// SQLSTATEs errs does not name.
const (
	codeInvalidPower             = "2201F" // invalid_argument_for_power_function
	codeDatetimeOverflow         = "22008" // datetime_field_overflow
	codeUntranslatableChar       = "22P05" // untranslatable_character
	codeStackDepthExceeded       = "54001" // stack_depth_limit_exceeded
	codeCharacterNotInRepertoire = "22021" // invalid byte sequence for the encoding
)

func errDivisionByZero() *errs.Error { return errs.New(errs.DivisionByZero, "division by zero") }

func errNumericOverflow() *errs.Error {
	return errs.New(errs.NumericValueOutOfRange, "value overflows numeric format")
}

func opError(op ArithOp, a, b Value) *errs.Error {
	return errs.New(errs.UndefinedFunction, "operator does not exist: %s %s %s", TypeOf(a), op, TypeOf(b))
}

// Arith applies op. Integer arithmetic is checked against the result
// width — the wider operand's; an unsigned and a signed width of the same
// size give the next wider signed width (i64 for 64 bits) — and overflow
// is 22003, never a wrap. int ^ int stays an int (a negative exponent
// truncates toward zero like int / int); SQL, where int ^ int is double
// precision, casts before calling. int op float promotes to float (of the
// float's width; f32 op f64 is f64); int op decimal gives a decimal; float
// op decimal a float (PostgreSQL's implicit numeric → float8). Floats
// follow PostgreSQL: overflow, underflow and division by zero are errors,
// arithmetic on Infinity and NaN is IEEE. Decimals follow PostgreSQL's
// numeric scales: + and - keep the larger scale, * the sum of the scales,
// / and ^ at least 16 significant digits. none operands yield none. Type
// mismatches are 42883 ("operator does not exist: ...").
func Arith(op ArithOp, a, b Value) (Value, error) { return arith(op, a, b, time.UTC) }

// ArithIn is Arith with SQL's session time zone loc: a timestamptz plus
// or minus an interval's months and days moves its wall-clock time in
// loc (across a daylight saving change a day is then 23 or 25 hours), as
// PostgreSQL's timestamptz_pl_interval does.
func ArithIn(op ArithOp, a, b Value, loc *time.Location) (Value, error) {
	return arith(op, a, b, loc)
}

func arith(op ArithOp, a, b Value, loc *time.Location) (Value, error) {
	if a.kind == KindNone || b.kind == KindNone {
		return None, nil
	}
	if a.kind == KindInt && b.kind == KindInt {
		return intArith(op, a, b)
	}
	if IsNumeric(a.kind) && IsNumeric(b.kind) {
		if a.kind == KindFloat || b.kind == KindFloat {
			x, _ := ToFloat(a)
			y, _ := ToFloat(b)
			bitsz := 64
			switch {
			case a.kind == KindFloat && b.kind == KindFloat:
				if a.sub == 32 && b.sub == 32 {
					bitsz = 32
				}
			case a.kind == KindFloat:
				bitsz = int(a.floatBits())
			default:
				bitsz = int(b.floatBits())
			}
			return floatArith(op, x, y, bitsz)
		}
		var da, db apd.Decimal
		return decimalArith(op, toDecimal(&da, a), toDecimal(&db, b))
	}
	switch op {
	case Add:
		switch {
		case a.kind == KindString && b.kind == KindString:
			return String(a.s + b.s), nil
		case (a.kind == KindList || a.kind == KindTuple) && a.kind == b.kind:
			x, y := a.AsList(), b.AsList()
			out := make([]Value, 0, len(x)+len(y))
			out = append(append(out, x...), y...)
			return Value{kind: a.kind, ref: out}, nil
		case a.kind == KindObject && b.kind == KindObject:
			return ObjectOf(Merge(a.AsObject(), b.AsObject())), nil
		case a.kind == KindDatetime && b.kind == KindDuration:
			return addInterval(a, b.AsInterval(), loc)
		case a.kind == KindDuration && b.kind == KindDatetime:
			return addInterval(b, a.AsInterval(), loc)
		case a.kind == KindTime && b.kind == KindDuration:
			return TimeAddInterval(a, b.AsInterval()), nil
		case a.kind == KindDuration && b.kind == KindTime:
			return TimeAddInterval(b, a.AsInterval()), nil
		case a.kind == KindDatetime && b.kind == KindTime:
			// date + time: a timestamp
			return addInterval(a, Interval{Micros: b.AsTimeOfDay()}, loc)
		case a.kind == KindTime && b.kind == KindDatetime:
			return addInterval(b, Interval{Micros: a.AsTimeOfDay()}, loc)
		case a.kind == KindTimeTZ && b.kind == KindDuration:
			return TimeTZAddInterval(a, b.AsInterval()), nil
		case a.kind == KindDuration && b.kind == KindTimeTZ:
			return TimeTZAddInterval(b, a.AsInterval()), nil
		case a.kind == KindDatetime && b.kind == KindTimeTZ:
			// date + timetz: a timestamptz
			return DateAddTimeTZ(a, b)
		case a.kind == KindTimeTZ && b.kind == KindDatetime:
			return DateAddTimeTZ(b, a)
		case a.kind == KindDuration && b.kind == KindDuration:
			iv, err := a.AsInterval().Add(b.AsInterval())
			if err != nil {
				return None, err
			}
			return IntervalOf(iv), nil
		}
	case Sub:
		switch {
		case a.kind == KindDatetime && b.kind == KindDuration:
			neg, err := b.AsInterval().Neg()
			if err != nil {
				return None, err
			}
			return addInterval(a, neg, loc)
		case a.kind == KindDatetime && b.kind == KindDatetime:
			return datetimeDiff(a, b)
		case a.kind == KindTime && b.kind == KindDuration:
			return TimeAddInterval(a, Interval{Micros: -(b.AsInterval().Micros % usPerDay)}), nil
		case a.kind == KindTimeTZ && b.kind == KindDuration:
			return TimeTZAddInterval(a, Interval{Micros: -(b.AsInterval().Micros % usPerDay)}), nil
		case a.kind == KindTime && b.kind == KindTime:
			return IntervalOf(Interval{Micros: a.AsTimeOfDay() - b.AsTimeOfDay()}), nil
		case a.kind == KindDuration && b.kind == KindDuration:
			neg, err := b.AsInterval().Neg()
			if err != nil {
				return None, err
			}
			iv, err := a.AsInterval().Add(neg)
			if err != nil {
				return None, err
			}
			return IntervalOf(iv), nil
		}
	case Mul:
		switch {
		case a.kind == KindDuration && IsNumeric(b.kind):
			return intervalScale(a, b, false)
		case IsNumeric(a.kind) && b.kind == KindDuration:
			return intervalScale(b, a, false)
		}
	case Div:
		switch {
		case a.kind == KindDuration && IsNumeric(b.kind):
			return intervalScale(a, b, true)
		case a.kind == KindDuration && b.kind == KindDuration:
			// ZQL's ratio of two durations (SQL has no interval / interval).
			x, y := a.AsDuration(), b.AsDuration()
			if y == 0 {
				return None, errDivisionByZero()
			}
			return Float(float64(x) / float64(y)), nil
		}
	}
	return None, opError(op, a, b)
}

// Merge returns a new object with b's fields laid over a's (right wins;
// a's field order first, then b's new fields).
func Merge(a, b *Object) *Object {
	out := NewObject(a.Len() + b.Len())
	for i := 0; i < a.Len(); i++ {
		out.names = append(out.names, a.names[i])
		out.vals = append(out.vals, a.vals[i])
	}
	for i := 0; i < b.Len(); i++ {
		out.Set(b.names[i], b.vals[i])
	}
	return out
}

// Negate is unary minus (checked).
func Negate(a Value) (Value, error) {
	switch a.kind {
	case KindNone:
		return None, nil
	case KindInt:
		neg, mag := a.intParts()
		w := IntWidth(a.sub)
		if !fitsWidth(!neg && mag != 0, mag, w) {
			return None, intOutOfRange(w)
		}
		return makeInt(!neg && mag != 0, mag, w), nil
	case KindFloat:
		return Value{kind: KindFloat, sub: a.sub, n: a.n ^ (1 << 63)}, nil
	case KindDecimal:
		d := new(apd.Decimal).Neg(a.AsDecimal())
		if d.Form == apd.Finite && d.Coeff.Sign() == 0 {
			d.Negative = false
		}
		return Decimal(d), nil
	case KindDuration:
		iv, err := a.AsInterval().Neg()
		if err != nil {
			return None, err
		}
		return IntervalOf(iv), nil
	}
	return None, errs.New(errs.UndefinedFunction, "operator does not exist: - %s", TypeOf(a))
}

// --- integers ---

// resultWidth is the width of int op int.
func resultWidth(a, b IntWidth) IntWidth {
	if a == b {
		return a
	}
	ba, bb := widthBits(a), widthBits(b)
	switch {
	case ba > bb:
		return a
	case bb > ba:
		return b
	}
	switch ba {
	case 8:
		return I16
	case 16:
		return I32
	}
	return I64
}

func addInt64(x, y int64) (int64, bool) {
	s := x + y
	return s, (x^s)&(y^s) >= 0
}

func subInt64(x, y int64) (int64, bool) {
	s := x - y
	return s, (x^y)&(x^s) >= 0
}

func mulInt64(x, y int64) (int64, bool) {
	if x == 0 || y == 0 {
		return 0, true
	}
	p := x * y
	if (x == -1 && y == math.MinInt64) || (y == -1 && x == math.MinInt64) || p/y != x {
		return 0, false
	}
	return p, true
}

func intArith(op ArithOp, a, b Value) (Value, error) {
	w := resultWidth(IntWidth(a.sub), IntWidth(b.sub))
	if w != U64 && IntWidth(a.sub) != U64 && IntWidth(b.sub) != U64 && op != Pow {
		// Fast path: both operands are exact int64s.
		x, y := int64(a.n), int64(b.n)
		var r int64
		ok := true
		switch op {
		case Add:
			r, ok = addInt64(x, y)
		case Sub:
			r, ok = subInt64(x, y)
		case Mul:
			r, ok = mulInt64(x, y)
		case Div:
			if y == 0 {
				return None, errDivisionByZero()
			}
			if x == math.MinInt64 && y == -1 {
				ok = false
			} else {
				r = x / y
			}
		case Mod:
			if y == 0 {
				return None, errDivisionByZero()
			}
			if y != -1 {
				r = x % y
			}
		default:
			return None, opError(op, a, b)
		}
		lo, hi := widthRange(w)
		if !ok || r < lo || r > hi {
			return None, intOutOfRange(w)
		}
		return Value{kind: KindInt, sub: uint8(w), n: uint64(r)}, nil
	}
	// General path on sign and 64-bit magnitude, which covers both the
	// int64 and the uint64 ranges.
	an, am := a.intParts()
	bn, bm := b.intParts()
	var neg bool
	var mag uint64
	overflow := false
	switch op {
	case Add:
		neg, mag, overflow = addMag(an, am, bn, bm)
	case Sub:
		neg, mag, overflow = addMag(an, am, !bn, bm)
	case Mul:
		hi, lo := bits.Mul64(am, bm)
		neg, mag, overflow = an != bn, lo, hi != 0
	case Div:
		if bm == 0 {
			return None, errDivisionByZero()
		}
		neg, mag = an != bn, am/bm
	case Mod:
		if bm == 0 {
			return None, errDivisionByZero()
		}
		neg, mag = an, am%bm
	case Pow:
		if bn && bm != 0 {
			// base ^ -n = 1 / base^n, truncated toward zero.
			switch {
			case am == 0:
				return None, errDivisionByZero()
			case am == 1:
				neg, mag = an && bm%2 == 1, 1
			default:
				neg, mag = false, 0
			}
			break
		}
		neg, mag, overflow = powMag(an, am, bm)
	default:
		return None, opError(op, a, b)
	}
	if mag == 0 {
		neg = false
	}
	if overflow || !fitsWidth(neg, mag, w) {
		return None, intOutOfRange(w)
	}
	return makeInt(neg, mag, w), nil
}

func addMag(an bool, am uint64, bn bool, bm uint64) (bool, uint64, bool) {
	if an == bn {
		s, carry := bits.Add64(am, bm, 0)
		return an, s, carry != 0
	}
	if am >= bm {
		return an, am - bm, false
	}
	return bn, bm - am, false
}

func powMag(neg bool, base, exp uint64) (bool, uint64, bool) {
	rneg := neg && exp%2 == 1
	result := uint64(1)
	for exp > 0 {
		if exp&1 == 1 {
			hi, lo := bits.Mul64(result, base)
			if hi != 0 {
				return rneg, 0, true
			}
			result = lo
		}
		exp >>= 1
		if exp > 0 {
			// The squared base is multiplied in later (the highest bit
			// of exp is still ahead), so its overflow is the result's.
			hi, lo := bits.Mul64(base, base)
			if hi != 0 {
				return rneg, 0, true
			}
			base = lo
		}
	}
	return rneg, result, false
}

// --- floats ---

func errFloatOverflow() *errs.Error {
	return errs.New(errs.NumericValueOutOfRange, "value out of range: overflow")
}

func errFloatUnderflow() *errs.Error {
	return errs.New(errs.NumericValueOutOfRange, "value out of range: underflow")
}

func makeFloat(f float64, bitsz int) Value {
	if bitsz == 32 {
		return Float32(float32(f))
	}
	return Float(f)
}

func floatArith(op ArithOp, x, y float64, bitsz int) (Value, error) {
	var r float64
	switch op {
	case Add:
		r = x + y
	case Sub:
		r = x - y
	case Mul:
		r = x * y
	case Div:
		if y == 0 && !math.IsNaN(x) {
			return None, errDivisionByZero()
		}
		r = x / y
	case Mod:
		if y == 0 && !math.IsNaN(x) {
			return None, errDivisionByZero()
		}
		r = math.Mod(x, y)
	case Pow:
		if x == 0 && y < 0 {
			return None, errs.New(codeInvalidPower, "zero raised to a negative power is undefined")
		}
		if x < 0 && !math.IsInf(y, 0) && y != math.Trunc(y) {
			return None, errs.New(codeInvalidPower, "a negative number raised to a non-integer power yields a complex result")
		}
		r = math.Pow(x, y)
	}
	if bitsz == 32 {
		r = float64(float32(r))
	}
	inf := math.IsInf(x, 0) || math.IsInf(y, 0)
	if math.IsInf(r, 0) && !inf {
		return None, errFloatOverflow()
	}
	if r == 0 && !inf {
		switch op {
		case Mul:
			if x != 0 && y != 0 {
				return None, errFloatUnderflow()
			}
		case Div, Pow:
			if x != 0 {
				return None, errFloatUnderflow()
			}
		}
	}
	return makeFloat(r, bitsz), nil
}

// --- decimals ---

// Decimal limits, PostgreSQL's: 131072 digits before the point, 16383
// after; apd's own exponent limit is tighter still (1e100000).
const (
	maxDecimalWeight = apd.MaxExponent
	maxDecimalScale  = 16383
	maxDisplayScale  = 1000 // NUMERIC_MAX_DISPLAY_SCALE
	minSigDigits     = 16   // NUMERIC_MIN_SIG_DIGITS
)

// exactContext does exact +, - and * (precision 0 disables rounding).
func exactContext() *apd.Context {
	return &apd.Context{
		MaxExponent: apd.MaxExponent,
		MinExponent: apd.MinExponent,
		Traps:       apd.DefaultTraps,
	}
}

// toDecimal views an int or decimal as a decimal, using d as storage.
func toDecimal(d *apd.Decimal, v Value) *apd.Decimal {
	switch v.kind {
	case KindInt:
		neg, mag := v.intParts()
		d.Form = apd.Finite
		d.Exponent = 0
		d.Negative = neg
		d.Coeff.SetUint64(mag)
		return d
	case KindDecimal:
		if x := v.AsDecimal(); x != nil {
			return x
		}
	}
	d.SetInt64(0)
	return d
}

// DecimalScale is a decimal's display scale (digits after the point).
func DecimalScale(d *apd.Decimal) int {
	if d.Form != apd.Finite || d.Exponent >= 0 {
		return 0
	}
	return int(-d.Exponent)
}

func isFiniteDec(d *apd.Decimal) bool { return d.Form == apd.Finite }

func decimalArith(op ArithOp, x, y *apd.Decimal) (Value, error) {
	if (op == Div || op == Mod) && isFiniteDec(y) && y.Coeff.Sign() == 0 && x.Form != apd.NaN && x.Form != apd.NaNSignaling {
		return None, errDivisionByZero()
	}
	if !isFiniteDec(x) || !isFiniteDec(y) {
		// NaN and ±Infinity: IEEE semantics, which PostgreSQL's numeric
		// Infinity follows.
		if op == Pow {
			if r, err := decimalPowSpecial(x, y); err != nil || r.kind != KindNone {
				return r, err
			}
		}
		fx, fy := decimalToFloat(x), decimalToFloat(y)
		var r float64
		switch op {
		case Add:
			r = fx + fy
		case Sub:
			r = fx - fy
		case Mul:
			r = fx * fy
		case Div:
			r = fx / fy
		case Mod:
			// x % ±Infinity is x; Infinity % y and NaN operands are NaN.
			if !math.IsNaN(fy) && isFiniteDec(x) {
				return Decimal(new(apd.Decimal).Set(x)), nil
			}
			r = math.NaN()
		case Pow:
			r = math.Pow(fx, fy)
		}
		return Decimal(floatToSpecialDecimal(r)), nil
	}
	d := new(apd.Decimal)
	var err error
	switch op {
	case Add:
		if _, e := exactContext().Add(d, x, y); e != nil {
			err = errNumericOverflow()
		}
	case Sub:
		if _, e := exactContext().Sub(d, x, y); e != nil {
			err = errNumericOverflow()
		}
	case Mul:
		if _, e := exactContext().Mul(d, x, y); e != nil {
			err = errNumericOverflow()
		}
	case Div:
		err = decimalDiv(d, x, y)
	case Mod:
		decimalRem(d, x, y)
	case Pow:
		err = decimalPow(d, x, y)
	}
	if err != nil {
		return None, err
	}
	if d.Form == apd.Finite && d.Coeff.Sign() == 0 {
		d.Negative = false // numeric has no negative zero
	}
	if err := checkDecimalLimits(d); err != nil {
		return None, err
	}
	return Decimal(d), nil
}

// checkDecimalLimits rejects what PostgreSQL's numeric cannot hold (and
// what would make text output explode).
func checkDecimalLimits(d *apd.Decimal) error {
	if d.Form != apd.Finite {
		return nil
	}
	if -int64(d.Exponent) > maxDecimalScale {
		// PostgreSQL rounds results to the largest scale it can store.
		if err := roundToScale(d, maxDecimalScale); err != nil {
			return err
		}
	}
	if d.Coeff.Sign() != 0 && int64(d.Exponent)+d.NumDigits() > maxDecimalWeight {
		return errNumericOverflow()
	}
	return nil
}

// floatToSpecialDecimal maps a float result of special-value arithmetic
// back to a decimal (NaN, ±Infinity or an exact finite value).
func floatToSpecialDecimal(r float64) *apd.Decimal {
	d := new(apd.Decimal)
	switch {
	case math.IsNaN(r):
		d.Form = apd.NaN
	case math.IsInf(r, 0):
		d.Form = apd.Infinite
		d.Negative = r < 0
	default:
		if _, err := d.SetFloat64(r); err != nil {
			d.Form = apd.NaN
		}
		if d.Coeff.Sign() == 0 {
			d.Negative = false
		}
	}
	return d
}

// adjExp is the power of ten of a finite non-zero decimal's leading digit.
func adjExp(d *apd.Decimal) int64 { return d.NumDigits() + int64(d.Exponent) - 1 }

// nbaseLead returns PostgreSQL's view of a decimal for scale selection:
// the weight of its first non-zero base-10000 digit and that digit.
func nbaseLead(d *apd.Decimal) (weight int64, first int64) {
	if d.Form != apd.Finite || d.Coeff.Sign() == 0 {
		return 0, 0
	}
	p := adjExp(d)
	weight = floorDiv(p, 4)
	k := int(p - 4*weight + 1) // 1..4 leading decimal digits
	var buf [40]byte
	digits := d.Coeff.Append(buf[:0], 10)
	for i := 0; i < k; i++ {
		first *= 10
		if i < len(digits) {
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

// divScale is PostgreSQL's select_div_scale: enough digits for 16
// significant ones, and no fewer than either input's scale.
func divScale(x, y *apd.Decimal) int64 {
	w1, f1 := nbaseLead(x)
	w2, f2 := nbaseLead(y)
	qweight := w1 - w2
	if f1 <= f2 {
		qweight--
	}
	rscale := minSigDigits - qweight*4
	rscale = max(rscale, int64(DecimalScale(x)), int64(DecimalScale(y)), 0)
	return min(rscale, maxDisplayScale)
}

// roundToScale rounds d in place to scale digits after the point, half
// away from zero, PostgreSQL's numeric rounding.
func roundToScale(d *apd.Decimal, scale int64) error {
	if d.Form != apd.Finite {
		return nil
	}
	nd := d.NumDigits() + int64(d.Exponent) + scale + 2
	if nd < 1 {
		nd = 1
	}
	if nd > math.MaxInt32 {
		return errNumericOverflow()
	}
	ctx := apd.Context{
		Precision:   uint32(nd),
		MaxExponent: apd.MaxExponent,
		MinExponent: apd.MinExponent,
		Traps:       apd.DefaultTraps,
		Rounding:    apd.RoundHalfUp,
	}
	neg := d.Negative
	if _, err := ctx.Quantize(d, d, int32(-scale)); err != nil {
		return errNumericOverflow()
	}
	d.Negative = neg && d.Coeff.Sign() != 0
	return nil
}

func decimalDiv(d, x, y *apd.Decimal) error {
	rscale := divScale(x, y)
	if x.Coeff.Sign() == 0 {
		d.SetInt64(0)
		return roundToScale(d, rscale)
	}
	// Truncate with a few guard digits, then round half away from zero:
	// truncation keeps enough information for a correct final rounding.
	p := adjExp(x) - adjExp(y) + 1 + rscale + 3
	if p < 1 {
		d.SetInt64(0)
		return roundToScale(d, rscale)
	}
	if p > math.MaxInt32 {
		return errNumericOverflow()
	}
	ctx := apd.Context{
		Precision:   uint32(p),
		MaxExponent: apd.MaxExponent,
		MinExponent: apd.MinExponent,
		Traps:       apd.DefaultTraps &^ apd.Underflow &^ apd.Subnormal,
		Rounding:    apd.RoundDown,
	}
	if _, err := ctx.Quo(d, x, y); err != nil {
		return errNumericOverflow()
	}
	return roundToScale(d, rscale)
}

// decimalRem is x - trunc(x/y)*y at the larger scale (sign of x).
func decimalRem(d, x, y *apd.Decimal) {
	e := min(x.Exponent, y.Exponent)
	var cx, cy, t apd.BigInt
	cx.Set(&x.Coeff)
	cy.Set(&y.Coeff)
	if x.Exponent > e {
		cx.Mul(&cx, t.Exp(apd.NewBigInt(10), apd.NewBigInt(int64(x.Exponent-e)), nil))
	}
	if y.Exponent > e {
		cy.Mul(&cy, t.Exp(apd.NewBigInt(10), apd.NewBigInt(int64(y.Exponent-e)), nil))
	}
	d.Form = apd.Finite
	d.Coeff.Rem(&cx, &cy)
	d.Exponent = e
	d.Negative = x.Negative && d.Coeff.Sign() != 0
}

// decimalPowSpecial handles the error cases of ^ that hold for special
// values too; it returns None when the caller should compute.
func decimalPowSpecial(x, y *apd.Decimal) (Value, error) {
	if x.Form == apd.Finite && x.Coeff.Sign() == 0 && y.Negative && y.Form != apd.NaN {
		return None, errs.New(codeInvalidPower, "zero raised to a negative power is undefined")
	}
	return None, nil
}

func isIntegral(d *apd.Decimal) bool {
	if d.Form != apd.Finite || d.Exponent >= 0 {
		return d.Form == apd.Finite
	}
	var r apd.Decimal
	var frac apd.Decimal
	d.Modf(&r, &frac)
	return frac.Coeff.Sign() == 0
}

func decimalPow(d, x, y *apd.Decimal) error {
	if _, err := decimalPowSpecial(x, y); err != nil {
		return err
	}
	xneg := x.Negative && x.Coeff.Sign() != 0
	if xneg && !isIntegral(y) {
		return errs.New(codeInvalidPower, "a negative number raised to a non-integer power yields a complex result")
	}
	if x.Coeff.Sign() == 0 {
		// 0 ^ 0 = 1, 0 ^ positive = 0.
		if y.Coeff.Sign() == 0 {
			d.SetInt64(1)
		} else {
			d.SetInt64(0)
		}
		return roundToScale(d, max(minSigDigits, int64(DecimalScale(x))))
	}
	fy := decimalToFloat(y)
	var absx apd.Decimal
	absx.Abs(x)
	log10x := math.Log10(decimalToFloat(&absx))
	if math.IsInf(log10x, 0) {
		// |x| beyond float range: estimate from the exponent.
		log10x = float64(adjExp(x))
	}
	val := fy * log10x // approximate decimal weight of the result
	var rscale int64
	integral := isIntegral(y) && math.Abs(fy) <= math.MaxInt32
	if integral {
		rscale = max(minSigDigits, int64(DecimalScale(x)))
	} else {
		rscale = minSigDigits - int64(val)
		rscale = max(rscale, int64(DecimalScale(x)), int64(DecimalScale(y)), 0)
		rscale = min(rscale, maxDisplayScale)
	}
	if val > maxDecimalWeight {
		return errNumericOverflow()
	}
	if val < -float64(rscale)-2 {
		d.SetInt64(0)
		return roundToScale(d, rscale)
	}
	p := int64(val) + rscale + 8
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
	if _, err := ctx.Pow(d, x, y); err != nil {
		return errNumericOverflow()
	}
	return roundToScale(d, rscale)
}

// --- time ---

func errTimestampRange() *errs.Error {
	return errs.New(codeDatetimeOverflow, "timestamp out of range")
}

func errIntervalRange() *errs.Error {
	return errs.New(codeDatetimeOverflow, "interval out of range")
}

// Datetimes are unix nanoseconds; MinInt64 and MaxInt64 stand for
// PostgreSQL's -infinity and infinity.
func isInfiniteTime(v Value) bool {
	n := int64(v.n)
	return n == math.MinInt64 || n == math.MaxInt64
}

// IsInfiniteTime reports a datetime (timestamp, timestamptz or date)
// that is PostgreSQL's infinity or -infinity.
func (v Value) IsInfiniteTime() bool { return v.kind == KindDatetime && isInfiniteTime(v) }

// intervalScale multiplies or divides an interval by a number. A time-only
// interval (a ZQL duration) times an integer is exact; otherwise the
// number is a float8, as PostgreSQL's interval_mul and interval_div.
func intervalScale(iv Value, by Value, div bool) (Value, error) {
	if iv.ref == nil && by.kind == KindInt && !by.isBigU64() && !div {
		r, ok := mulInt64(int64(iv.n), int64(by.n))
		if !ok {
			return None, errIntervalRange()
		}
		return Value{kind: KindDuration, n: uint64(r)}, nil
	}
	f, _ := ToFloat(by)
	r, err := iv.AsInterval().Scale(f, div)
	if err != nil {
		return None, err
	}
	return IntervalOf(r), nil
}
