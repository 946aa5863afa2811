package value

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/cockroachdb/apd/v3"
	"github.com/zerodb/zerodb/errs"
)

// Convert casts v to type t with SQL semantics, as PostgreSQL applies a
// cast in an assignment (INSERT/UPDATE values, parameters): int ↔ float
// ↔ numeric (float → int rounds half to even, numeric → int half away
// from zero, numeric(p,s) rounds and range checks), anything → text via
// its output form (bool → 'true'), text → anything via ParseText, text →
// jsonb parses the text, timestamp ↔ timestamptz ↔ date (in UTC: see
// ConvertIn), varchar(n) length check (22001; excess spaces are cut).
// none stays none. Errors carry PostgreSQL's SQLSTATEs (42846 cannot
// cast, 22P02, 22003, 22001).
func Convert(v Value, t Type) (Value, error) { return convert(v, t, false, time.UTC) }

// ConvertExplicit is Convert for an explicit CAST, which differs in one
// place: a value too long for varchar(n) is truncated, not an error.
func ConvertExplicit(v Value, t Type) (Value, error) { return convert(v, t, true, time.UTC) }

// ConvertIn is Convert in the session time zone loc (zone.go): a
// timestamptz becomes text, a timestamp and a date as the wall-clock
// time in loc, and a timestamp, a date or text without an offset become
// a timestamptz as the moment that wall-clock time names in loc.
func ConvertIn(v Value, t Type, loc *time.Location) (Value, error) {
	return convert(v, t, false, loc)
}

// ConvertExplicitIn is ConvertExplicit in the session time zone loc.
func ConvertExplicitIn(v Value, t Type, loc *time.Location) (Value, error) {
	return convert(v, t, true, loc)
}

func errCannotCast(v Value, t Type) *errs.Error {
	return errs.New(errs.CannotCoerce, "cannot cast type %s to %s", TypeOf(v).SQLName(), t.SQLName())
}

func convert(v Value, t Type, explicit bool, loc *time.Location) (Value, error) {
	if v.kind == KindNone {
		if v.sub == jsonNullSub {
			return convertJSONNull(t)
		}
		return None, nil
	}
	if t.IsJSONText() {
		// Text becomes json when it is JSON; any other value (a
		// schemaless field) is written as its JSON text.
		if v.kind == KindString {
			if err := ValidateJSONText(v.s); err != nil {
				return None, err
			}
			return v, nil
		}
		return String(string(AppendJSON(nil, v))), nil
	}
	if t.JSON {
		if v.kind == KindString {
			return ParseJSONB(v.s)
		}
		return v, nil
	}
	switch t.Kind {
	case KindAny:
		return v, nil
	case KindBool:
		switch v.kind {
		case KindBool:
			return v, nil
		case KindInt:
			if IntWidth(v.sub) == I32 || IntWidth(v.sub) == I64 {
				return Bool(v.n != 0), nil
			}
		case KindString:
			return parseBool(v.s)
		}
	case KindInt:
		return convertToInt(v, t)
	case KindFloat:
		bitsz := 64
		if t.FloatBits == 32 {
			bitsz = 32
		}
		return convertToFloat(v, bitsz)
	case KindDecimal:
		var d *apd.Decimal
		switch v.kind {
		case KindInt:
			var tmp apd.Decimal
			d = new(apd.Decimal).Set(toDecimal(&tmp, v))
		case KindFloat:
			d = floatToNumeric(v.AsFloat(), int(v.floatBits()))
		case KindDecimal:
			d = new(apd.Decimal).Set(v.AsDecimal())
		case KindString:
			var err error
			if d, err = parseNumeric(v.s); err != nil {
				return None, err
			}
		default:
			return None, errCannotCast(v, t)
		}
		if err := applyNumericTypmod(d, t); err != nil {
			return None, err
		}
		return Decimal(d), nil
	case KindString:
		if v.kind == KindString {
			return checkString(v.s, t, explicit)
		}
		if v.kind == KindDatetime && v.sub == 1 && loc == nil {
			return None, ErrZoneUnknown
		}
		return checkString(string(appendCastText(nil, v, loc)), t, explicit)
	case KindSymbol:
		switch v.kind {
		case KindSymbol:
			if t.IsEnum() {
				return enumInput(v.s, t) // a symbol that is not a label
			}
			return v, nil
		case KindString:
			if t.IsEnum() {
				return enumInput(v.s, t)
			}
			return Symbol(v.s), nil
		}
	case KindDatetime:
		switch {
		case v.kind == KindDatetime:
			d, err := convertDatetime(v, t, loc)
			return roundTimestamp(d, t), err
		case t.Date && v.kind == KindString:
			return parseDate(v.s, loc)
		case v.kind == KindString:
			d, err := parseTimestamp(v.s, t.WithTZ, true, loc)
			return roundTimestamp(d, t), err
		}
	case KindTime:
		switch v.kind {
		case KindTime:
			return TimeOfDay(roundTime(v.AsTimeOfDay(), t.TimePrec)), nil
		case KindTimeTZ:
			// timetz_time: the zone is dropped.
			us, _ := v.AsTimeTZ()
			return TimeOfDay(roundTime(us, t.TimePrec)), nil
		case KindString:
			return parseTime(v.s, t.TimePrec, loc)
		case KindDatetime:
			if !v.IsInfiniteTime() {
				if v.HasTZ() {
					// A timestamptz's time of day is its wall clock's in
					// the session time zone.
					w, err := convertDatetime(v, TypeTimestamp, loc)
					if err != nil {
						return None, err
					}
					v = w
				}
				return TimeOfDay(roundTime(timeOfDatetime(v), t.TimePrec)), nil
			}
		case KindDuration:
			return TimeOfDay(roundTime(TimeOfInterval(v.AsInterval()).AsTimeOfDay(), t.TimePrec)), nil
		}
	case KindSQLRange:
		switch {
		case v.kind == KindSQLRange && RangeKind(v.sub) == t.Range:
			return v, nil
		case v.kind == KindString && loc == nil:
			return None, ErrZoneUnknown // 'today', and tstzrange's bounds
		case v.kind == KindString:
			r, err := ParseRangeOf(v.s, t, loc)
			return RangeValue(r), err
		}
	case KindBits:
		switch v.kind {
		case KindString:
			b, err := ParseBits(v.s, Type{Kind: KindBits})
			if err != nil {
				return None, err
			}
			return convertBits(b, t, explicit)
		case KindBits:
			return convertBits(v, t, explicit)
		case KindInt:
			return BitsOfInt(v.AsInt(), t.MaxLen), nil
		}
	case KindGeo:
		if v.kind == KindString {
			return ParseGeo(v.s, t.Geo)
		}
		if v.Geo() == t.Geo {
			return v, nil
		}
	case KindNet:
		if v.kind == KindString {
			return ParseNet(v.s, t.Net)
		}
		if v.kind == KindNet {
			return convertNet(v, t.Net)
		}
	case KindTimeTZ:
		switch v.kind {
		case KindTimeTZ:
			us, east := v.AsTimeTZ()
			return TimeTZ(roundTime(us, t.TimePrec), east), nil
		case KindString:
			return parseTimeTZ(v.s, t.TimePrec, loc)
		case KindTime:
			// time_timetz: the session zone's offset today.
			if loc == nil {
				return None, ErrZoneUnknown
			}
			us, east := TimeTZOfTime(v, loc).AsTimeTZ()
			return TimeTZ(roundTime(us, t.TimePrec), east), nil
		case KindDatetime:
			// timestamptz_timetz; PostgreSQL has no cast from timestamp
			// or date.
			if v.HasTZ() && !v.IsInfiniteTime() {
				if loc == nil {
					return None, ErrZoneUnknown
				}
				w := TimeTZOfDatetime(v, loc)
				us, east := w.AsTimeTZ()
				return TimeTZ(roundTime(us, t.TimePrec), east), nil
			}
		}
	case KindDuration:
		switch v.kind {
		case KindTime:
			return IntervalOf(adjustInterval(Interval{Micros: v.AsTimeOfDay()}, t.IntervalTypmod)), nil
		case KindDuration:
			if t.IntervalTypmod != 0 {
				return IntervalOf(adjustInterval(v.AsInterval(), t.IntervalTypmod)), nil
			}
			return v, nil
		case KindString:
			return parseIntervalTypmod(v.s, t.IntervalTypmod)
		}
	case KindUUID, KindBytes, KindRecordID:
		if v.kind == t.Kind {
			if t.Kind == KindRecordID && t.Table != "" && v.AsRecordID().Table != t.Table {
				break
			}
			return v, nil
		}
		if v.kind == KindString {
			return parseText(v.s, t, loc)
		}
	case KindVector:
		return Check(v, Type{Kind: KindVector, Dims: t.Dims})
	case KindList:
		if t.IsMultirange() {
			if v.kind == KindString && loc == nil {
				return None, ErrZoneUnknown // as for a range's text
			}
			return multirangeFromValue(v, t, loc)
		}
		switch v.kind {
		case KindList, KindTuple:
			xs := v.AsList()
			if t.Elem == nil {
				return SameShape(v, xs), nil
			}
			out := make([]Value, len(xs))
			for i, x := range xs {
				c, err := convert(x, *t.Elem, explicit, loc)
				if err != nil {
					return None, err
				}
				out[i] = c
			}
			return SameShape(v, out), nil
		case KindVector:
			xs := v.AsVector()
			out := make([]Value, len(xs))
			for i, x := range xs {
				out[i] = Float32(x)
			}
			return List(out), nil
		case KindString:
			if explicit && t.Elem != nil && t.Elem.MaxLen > 0 {
				// The elements are cut (or padded) to the length as
				// an explicit cast of each would: read them without it.
				base := *t.Elem
				base.MaxLen = 0
				l, err := parseText(v.s, ArrayOf(base), loc)
				if err != nil {
					return None, err
				}
				return convert(l, t, true, loc)
			}
			return parseText(v.s, t, loc)
		}
	case KindTuple:
		if v.kind == KindList || v.kind == KindTuple {
			return Tuple(v.AsList()), nil
		}
	case KindComposite:
		return convertComposite(v, t, explicit, loc)
	default:
		if v.kind == t.Kind {
			return Check(v, t)
		}
		if v.kind == KindString {
			return parseText(v.s, t, loc)
		}
	}
	return None, errCannotCast(v, t)
}

// convertDatetime converts between timestamp, timestamptz and date (a
// timestamp at midnight) in the session time zone loc (nil: not known,
// ErrZoneUnknown when the conversion depends on it). The infinities stay.
func convertDatetime(v Value, t Type, loc *time.Location) (Value, error) {
	fromTZ := v.sub == 1
	if fromTZ == t.WithTZ && !t.Date || int64(v.n) == math.MaxInt64 || int64(v.n) == math.MinInt64 {
		if t.Date {
			return Value{kind: KindDatetime, sub: subDate, n: v.n}, nil
		}
		return Value{kind: KindDatetime, sub: tzSub(t.WithTZ), n: v.n}, nil
	}
	if fromTZ == t.WithTZ || loc == time.UTC {
		// timestamp or date to date, or anything in UTC: the same
		// instant, truncated to its day for a date.
		if t.Date {
			return DateOf(v), nil
		}
		return Value{kind: KindDatetime, sub: tzSub(t.WithTZ), n: v.n}, nil
	}
	if loc == nil {
		return None, ErrZoneUnknown
	}
	if fromTZ {
		// The wall-clock time in loc, read as a timestamp.
		w := v.AsTime().In(loc)
		_, east := w.Zone()
		out, err := DatetimeFromMicros(int64(v.n)+int64(east)*1_000_000, false)
		if err != nil {
			return None, err
		}
		if t.Date {
			return DateOf(out), nil
		}
		return out, nil
	}
	// A timestamp's (or date's) wall-clock time in loc.
	return DatetimeIn(WallTimeIn(v.AsTime(), loc), true)
}

func convertToInt(v Value, t Type) (Value, error) {
	w := t.Width
	if t.RegOID == OIDOid {
		return convertToOid(v)
	}
	if t.LSN || t.Money {
		// pg_lsn and money are read from their text, and an integer of
		// their own width is taken as it is (a stored or bound value):
		// the SQL front end allows no other cast into pg_lsn, and turns
		// numbers into money by its own functions (numeric_cash, ...).
		switch v.kind {
		case KindString:
			return parseText(v.s, t, nil)
		case KindInt:
			if (IntWidth(v.sub) == U64) == t.LSN {
				return v, nil
			}
		}
		return None, errCannotCast(v, t)
	}
	switch v.kind {
	case KindBits:
		return BitsToInt(v, w)
	case KindInt:
		if !IntFits(v, w) {
			return None, intOutOfRange(w)
		}
		neg, mag := v.intParts()
		return makeInt(neg, mag, w), nil
	case KindFloat:
		// float → int rounds half to even (rint), as PostgreSQL does.
		r := math.RoundToEven(v.AsFloat())
		if math.IsNaN(r) || r < -(1<<63) || r >= 1<<64 {
			return None, intOutOfRange(w)
		}
		neg, mag := r < 0, uint64(math.Abs(r))
		if r >= 1<<63 {
			neg, mag = false, uint64(r)
		}
		if !fitsWidth(neg, mag, w) {
			return None, intOutOfRange(w)
		}
		return makeInt(neg, mag, w), nil
	case KindDecimal:
		d := v.AsDecimal()
		switch d.Form {
		case apd.NaN, apd.NaNSignaling:
			return None, errs.New(errs.FeatureNotSupported, "cannot convert NaN to %s", outOfRangeName(w))
		case apd.Infinite:
			return None, errs.New(errs.FeatureNotSupported, "cannot convert infinity to %s", outOfRangeName(w))
		}
		if adjExp(d) > 20 {
			return None, intOutOfRange(w)
		}
		r := new(apd.Decimal).Set(d)
		if err := roundToScale(r, 0); err != nil {
			return None, intOutOfRange(w)
		}
		var c apd.BigInt
		c.Set(&r.Coeff)
		for e := r.Exponent; e > 0; e-- {
			c.Mul(&c, apd.NewBigInt(10))
		}
		if !c.IsUint64() {
			return None, intOutOfRange(w)
		}
		neg, mag := r.Negative, c.Uint64()
		if mag == 0 {
			neg = false
		}
		if !fitsWidth(neg, mag, w) {
			return None, intOutOfRange(w)
		}
		return makeInt(neg, mag, w), nil
	case KindBool:
		if w == I32 {
			return IntW(int64(v.n), I32), nil
		}
	case KindString:
		return parseInt(v.s, w)
	}
	return None, errCannotCast(v, t)
}

func convertToFloat(v Value, bitsz int) (Value, error) {
	switch v.kind {
	case KindInt:
		f, _ := ToFloat(v)
		return makeFloat(f, bitsz), nil
	case KindFloat:
		f := v.AsFloat()
		if bitsz == 32 && v.sub != 32 {
			g := float32(f)
			if math.IsInf(float64(g), 0) && !math.IsInf(f, 0) {
				return None, errFloatOverflow()
			}
			if g == 0 && f != 0 {
				return None, errFloatUnderflow()
			}
			return Float32(g), nil
		}
		return makeFloat(f, bitsz), nil
	case KindDecimal:
		d := v.AsDecimal()
		var f float64
		if bitsz == 32 {
			f = float64(float32(decimalToFloat(d)))
		} else {
			f = decimalToFloat(d)
		}
		if (math.IsInf(f, 0) && d.Form == apd.Finite) || (f == 0 && d.Form == apd.Finite && d.Coeff.Sign() != 0) {
			return None, errs.New(errs.NumericValueOutOfRange, "\"%s\" is out of range for type %s",
				string(appendDecimalText(nil, d)), floatTypeName(bitsz))
		}
		return makeFloat(f, bitsz), nil
	case KindString:
		return parseFloat(v.s, bitsz)
	}
	return None, errCannotCast(v, Type{Kind: KindFloat, FloatBits: uint8(bitsz)})
}

// floatToNumeric is PostgreSQL's float → numeric cast: the float printed
// with DBL_DIG (15) or FLT_DIG (6) significant digits, then read as
// numeric (so 0.1::float8::numeric is 0.1).
func floatToNumeric(f float64, bitsz int) *apd.Decimal {
	switch {
	case math.IsNaN(f):
		return &apd.Decimal{Form: apd.NaN}
	case math.IsInf(f, 0):
		return &apd.Decimal{Form: apd.Infinite, Negative: f < 0}
	}
	digits := 15
	if bitsz == 32 {
		digits = 6
	}
	var buf [40]byte
	d, ok, err := scanDecimal(string(strconv.AppendFloat(buf[:0], f, 'g', digits, 64)), false)
	if !ok || err != nil {
		return new(apd.Decimal)
	}
	return d
}

// floatToDecimalExact is the decimal a float is equal to under Compare:
// its shortest round-trip digits.
func floatToDecimalExact(f float64, bitsz int) *apd.Decimal {
	switch {
	case math.IsNaN(f):
		return &apd.Decimal{Form: apd.NaN}
	case math.IsInf(f, 0):
		return &apd.Decimal{Form: apd.Infinite, Negative: f < 0}
	}
	var buf [40]byte
	d, ok, err := scanDecimal(string(strconv.AppendFloat(buf[:0], f, 'e', -1, bitsz)), false)
	if !ok || err != nil {
		return new(apd.Decimal)
	}
	return d
}

// appendCastText is the text a value becomes under a cast to text: its
// output form, except bool ('true') and symbols (their name).
func appendCastText(b []byte, v Value, loc *time.Location) []byte {
	switch v.kind {
	case KindBool:
		return strconv.AppendBool(b, v.AsBool())
	case KindString, KindSymbol:
		return append(b, v.s...)
	case KindInt:
		if IntWidth(v.sub) == U64 {
			return strconv.AppendUint(b, v.n, 10)
		}
		return strconv.AppendInt(b, int64(v.n), 10)
	case KindFloat:
		return appendFloatPG(b, v.AsFloat(), int(v.floatBits()))
	case KindDecimal:
		return appendDecimalText(b, v.AsDecimal())
	case KindDatetime:
		if v.sub == subDate {
			return appendDate(b, v)
		}
		return appendTimestamp(b, v, v.HasTZ(), loc)
	case KindTime:
		return appendTimeOfDay(b, v.AsTimeOfDay())
	case KindTimeTZ:
		return appendTimeTZ(b, v)
	case KindSQLRange:
		out, _ := AppendRange(b, v.AsSQLRange(), loc)
		return out
	case KindBits:
		return AppendBits(b, v)
	case KindGeo:
		return AppendGeo(b, v)
	case KindNet:
		// The output function's text (inet_out): concat, format and
		// array_to_string show it. A cast to text is text(inet), with
		// the mask length always, which the SQL front end calls.
		return appendNetText(b, v, NotNet)
	case KindDuration:
		return appendInterval(b, v.AsInterval())
	case KindUUID:
		return appendUUID(b, v.AsUUID())
	case KindBytes:
		out, _ := AppendText(b, v, TypeBytea)
		return out
	case KindVector:
		return appendVectorText(b, v.AsVector())
	case KindRecordID, KindRange, KindRegex:
		return v.appendLiteral(b)
	}
	return AppendJSON(b, v)
}

// CastText is the text a value becomes under a SQL cast to text (and in
// concat()): its PostgreSQL output form, except that bool is 'true' or
// 'false'; composite and ZQL-only values render as JSON or ZQL literals.
func CastText(v Value) string { return string(appendCastText(nil, v, time.UTC)) }

// CastTextIn is CastText with a timestamptz written in the session time
// zone loc.
func CastTextIn(v Value, loc *time.Location) string { return string(appendCastText(nil, v, loc)) }

func mismatch(v Value, t Type) *errs.Error {
	found := "none"
	if v.kind != KindNone {
		found = TypeOf(v).String()
	}
	return errs.New(errs.DatatypeMismatch, "expected %s, found %s", t, found)
}

// Holds reports, in O(1) and without copying t, whether Check(v, *t)
// returns v itself with no error: v is an integer of t's width, or a
// string no longer in bytes than t's length (text, varchar(n), char(n)).
// false means only that Check must decide. A bulk write (COPY) whose
// parsed values mostly have their column's own type checks them with it
// first.
func Holds(v Value, t *Type) bool {
	if t.Array || t.JSON {
		return false
	}
	switch t.Kind {
	case KindInt:
		return v.kind == KindInt && IntWidth(v.sub) == t.Width
	case KindString:
		return v.kind == KindString && (v.sub == ciSub) == t.CIText && (v.sub == hstoreSub) == t.Hstore && t.Ltree == NotLtree && (t.MaxLen <= 0 || len(v.s) <= t.MaxLen) &&
			(!t.Identifier || len(v.s) <= MaxIdentifierBytes) &&
			(!t.BPChar || !strings.HasSuffix(v.s, " "))
	}
	return false
}

// Check verifies that v has type t under ZQL's strict rules and returns v
// coerced. Coercions are only those that keep the value Equal, plus int →
// float widening: an int to a narrower or other int width when it fits
// (else 22003), int → float, f32 ↔ f64 and float ↔ decimal through the
// float's shortest digits (a decimal → float only when exact), int →
// decimal (numeric(p,s) rounding applies), a list of numbers → vector,
// a datetime's time zone flag. none passes only when t.Optional. Lists,
// tuples and object shapes are checked element- and field-wise: an
// unknown field is 42703, a missing required one 23502. Anything else is
// 42804 naming the expected and the actual type.
func Check(v Value, t Type) (Value, error) {
	if t.Kind == KindAny {
		return v, nil
	}
	if v.kind == KindNone {
		if t.Optional || t.Kind == KindNone {
			return None, nil
		}
		return None, mismatch(v, t)
	}
	switch t.Kind {
	case KindBits:
		if v.kind == KindBits {
			return v, checkBitLen(v, t)
		}
	case KindInt:
		if v.kind != KindInt {
			break
		}
		if t.RegOID == OIDOid {
			return convertToOid(v)
		}
		if IntWidth(v.sub) == t.Width {
			return v, nil
		}
		if !IntFits(v, t.Width) {
			return None, errs.New(errs.NumericValueOutOfRange, "value %s out of range for type %s", v, t.Width)
		}
		neg, mag := v.intParts()
		return makeInt(neg, mag, t.Width), nil
	case KindFloat:
		bitsz := 64
		if t.FloatBits == 32 {
			bitsz = 32
		}
		switch v.kind {
		case KindInt:
			f, _ := ToFloat(v)
			return makeFloat(f, bitsz), nil
		case KindFloat:
			if int(v.floatBits()) == bitsz {
				return v, nil
			}
			if bitsz == 64 {
				// f32 → f64 through its digits, so 0.1_f32 stays 0.1.
				var buf [32]byte
				f, _ := strconv.ParseFloat(string(strconv.AppendFloat(buf[:0], v.AsFloat(), 'e', -1, 32)), 64)
				return Float(f), nil
			}
			return convertToFloat(v, 32)
		case KindDecimal:
			f := decimalToFloat(v.AsDecimal())
			if bitsz == 32 {
				f = float64(float32(f))
			}
			if c := makeFloat(f, bitsz); Equal(c, v) {
				return c, nil
			}
			return None, errs.New(errs.DatatypeMismatch, "expected %s, found decimal %s that a float cannot hold exactly", t, v)
		}
	case KindDecimal:
		var d *apd.Decimal
		switch v.kind {
		case KindInt:
			var tmp apd.Decimal
			d = new(apd.Decimal).Set(toDecimal(&tmp, v))
		case KindFloat:
			d = floatToDecimalExact(v.AsFloat(), int(v.floatBits()))
		case KindDecimal:
			if t.Precision <= 0 {
				return v, nil
			}
			d = new(apd.Decimal).Set(v.AsDecimal())
		}
		if d == nil {
			break
		}
		if err := applyNumericTypmod(d, t); err != nil {
			return None, err
		}
		return Decimal(d), nil
	case KindString:
		if t.JSON {
			// A json column takes JSON text, and ZQL's documents as
			// their JSON text.
			return convert(v, t, false, time.UTC)
		}
		if v.kind == KindString {
			return checkString(v.s, t, false)
		}
	case KindRecordID:
		if v.kind == KindRecordID && (t.Table == "" || v.AsRecordID().Table == t.Table) {
			return v, nil
		}
	case KindDatetime:
		if v.kind == KindDatetime {
			return Value{kind: KindDatetime, sub: tzSub(t.WithTZ), n: v.n}, nil
		}
	case KindVector:
		var xs []float32
		switch v.kind {
		case KindVector:
			xs = v.AsVector()
		case KindList, KindTuple:
			elems := v.AsList()
			xs = make([]float32, len(elems))
			for i, e := range elems {
				f, ok := ToFloat(e)
				if !ok {
					return None, errs.New(errs.DatatypeMismatch, "expected %s, found a list holding %s", t, TypeOf(e))
				}
				xs[i] = float32(f)
			}
		default:
			return None, mismatch(v, t)
		}
		if t.Dims > 0 && len(xs) != t.Dims {
			return None, errs.New(errs.DataException, "expected %d dimensions, not %d", t.Dims, len(xs))
		}
		return Vector(xs), nil
	case KindList:
		if v.kind != KindList {
			break
		}
		if t.Elem == nil {
			return v, nil
		}
		out, err := checkElems(v.AsList(), func(int) Type { return *t.Elem })
		if err != nil {
			return None, err
		}
		return SameShape(v, out), nil
	case KindTuple, KindComposite:
		if v.kind != t.Kind {
			break
		}
		if t.Fields == nil {
			return v, nil
		}
		xs := v.AsList()
		if len(xs) != len(t.Fields) {
			return None, mismatch(v, t)
		}
		out, err := checkElems(xs, func(i int) Type {
			ft := t.Fields[i].Type
			ft.Optional = ft.Optional || t.Kind == KindComposite // a SQL composite's field may be NULL whatever its type
			return ft
		})
		if err != nil {
			return None, err
		}
		if t.Kind == KindComposite {
			return Composite(out), nil
		}
		return Tuple(out), nil
	case KindObject:
		if v.kind != KindObject {
			break
		}
		if t.Fields == nil {
			return v, nil
		}
		return checkObject(v.AsObject(), t)
	case KindGeo:
		if v.Geo() == t.Geo {
			return v, nil
		}
	case KindNone:
		// Only none has type none.
	default:
		if v.kind == t.Kind {
			return v, nil
		}
	}
	return None, mismatch(v, t)
}

// checkElems checks each element, copying only when one was coerced.
func checkElems(xs []Value, typ func(int) Type) ([]Value, error) {
	return mapElems(xs, func(i int, x Value) (Value, error) { return Check(x, typ(i)) })
}

// mapElems is xs with each element replaced by f's result: xs itself
// when f changed none.
func mapElems(xs []Value, f func(int, Value) (Value, error)) ([]Value, error) {
	var out []Value
	for i, x := range xs {
		c, err := f(i, x)
		if err != nil {
			return nil, err
		}
		if out == nil && !sameValue(c, x) {
			out = make([]Value, len(xs))
			copy(out, xs[:i])
		}
		if out != nil {
			out[i] = c
		}
	}
	if out == nil {
		return xs, nil
	}
	return out, nil
}

// sameValue reports whether Check returned its input unchanged (for
// values whose representation Check may change).
func sameValue(a, b Value) bool {
	return a.kind == b.kind && a.sub == b.sub && a.n == b.n && a.s == b.s && refSame(a, b)
}

func refSame(a, b Value) bool {
	switch a.kind {
	case KindList, KindTuple:
		x, y := a.AsList(), b.AsList()
		return len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0])
	case KindObject:
		return a.AsObject() == b.AsObject()
	case KindDecimal:
		return a.AsDecimal() == b.AsDecimal()
	case KindVector:
		x, y := a.AsVector(), b.AsVector()
		return len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0])
	}
	return true
}

func checkObject(o *Object, t Type) (Value, error) {
	out := NewObject(o.Len())
	for i := 0; i < o.Len(); i++ {
		name := o.names[i]
		var ft *Type
		for k := range t.Fields {
			if t.Fields[k].Name == name {
				ft = &t.Fields[k].Type
				break
			}
		}
		if ft == nil {
			return None, errs.New(errs.UndefinedColumn, "unknown field %s", name)
		}
		c, err := Check(o.vals[i], *ft)
		if err != nil {
			return None, fieldError(name, err)
		}
		out.names = append(out.names, name)
		out.vals = append(out.vals, c)
	}
	for _, f := range t.Fields {
		if _, ok := o.Get(f.Name); !ok && !f.Type.Optional && f.Type.Kind != KindAny {
			return None, errs.New(errs.NotNullViolation, "missing required field %s of type %s", f.Name, f.Type)
		}
	}
	return ObjectOf(out), nil
}

// fieldError prefixes an error with the field it was found in.
func fieldError(name string, err error) error {
	e := errs.From(err)
	c := *e
	c.Message = "field " + name + ": " + e.Message
	return &c
}

// convertToOid is v as a value of SQL type oid (TypeOid): an integer of
// 0 to 4294967295, or text of one. As PostgreSQL's oidin and its cast
// from integer (the same four bytes), a negative number down to
// -2147483648 stands for the oid of its two's complement: -1 is
// 4294967295. A bigint is taken as the number it is (int8's cast to oid
// refuses a negative one).
func convertToOid(v Value) (Value, error) {
	n, err := convertToInt(v, TypeInt8)
	if err != nil {
		if v.kind != KindString {
			return None, err
		}
		switch errs.Code(err) {
		case errs.InvalidTextRepresentation:
			return None, errs.New(errs.InvalidTextRepresentation, "invalid input syntax for type oid: \"%s\"", v.s)
		case errs.NumericValueOutOfRange:
			return None, errs.New(errs.NumericValueOutOfRange, "value \"%s\" is out of range for type oid", v.s)
		}
		return None, err
	}
	i := n.AsInt()
	switch {
	case i >= 0 && i <= math.MaxUint32:
		return IntW(i, I64), nil
	case i < 0 && i >= math.MinInt32 && (v.kind == KindString || IntWidth(v.sub) != I64):
		return IntW(i+1<<32, I64), nil
	}
	if v.kind == KindString {
		return None, errs.New(errs.NumericValueOutOfRange, "value \"%s\" is out of range for type oid", v.s)
	}
	return None, errs.New(errs.NumericValueOutOfRange, "OID out of range")
}
