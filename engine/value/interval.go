package value

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/zerodb/zerodb/errs"
)

// Interval is PostgreSQL's interval, which is also ZQL's duration: months,
// days and microseconds kept apart, because a month is not a fixed number
// of days nor a day (across a DST change) a fixed number of hours. A
// datetime plus an interval adds the months first (clamped to the end of
// the month), then the days, then the time. ZQL's duration("1h30m") is an
// Interval of Micros alone.
//
// Intervals compare, hash and key-encode as PostgreSQL's interval_cmp
// does: as one span where a month is 30 days and a day 24 hours, so
// '1 mon' = '30 days' (they remain different values in text).
type Interval struct {
	Months int32
	Days   int32
	Micros int64
}

const (
	usPerSec     = 1_000_000
	usPerMin     = 60 * usPerSec
	usPerHour    = 60 * usPerMin
	usPerDay     = 24 * usPerHour
	daysPerMonth = 30
)

// monthsDays holds an interval's months (high half) and days (low half)
// in Value.ref; a time-only interval (every ZQL duration) has no ref, so
// making one allocates nothing.
type monthsDays uint64

// IntervalOf makes an interval value.
func IntervalOf(iv Interval) Value {
	v := Value{kind: KindDuration, n: uint64(iv.Micros)}
	if iv.Months != 0 || iv.Days != 0 {
		v.ref = monthsDays(uint64(uint32(iv.Months))<<32 | uint64(uint32(iv.Days)))
	}
	return v
}

// Duration makes a time-only interval of d, truncated to microseconds
// (PostgreSQL's resolution).
func Duration(d time.Duration) Value {
	return Value{kind: KindDuration, n: uint64(int64(d / time.Microsecond))}
}

// AsInterval returns an interval's fields.
func (v Value) AsInterval() Interval {
	iv := Interval{Micros: int64(v.n)}
	if md, ok := v.ref.(monthsDays); ok {
		iv.Months, iv.Days = int32(uint32(md>>32)), int32(uint32(md))
	}
	return iv
}

// AsDuration returns an interval's span (a month as 30 days, a day as 24
// hours) as a time.Duration, saturating at its range.
func (v Value) AsDuration() time.Duration {
	days, rem := v.AsInterval().spanParts()
	if days > math.MaxInt64/(usPerDay*1000) || days < math.MinInt64/(usPerDay*1000)+1 {
		if days < 0 {
			return math.MinInt64
		}
		return math.MaxInt64
	}
	return time.Duration(days*usPerDay*1000 + rem*1000)
}

// spanParts splits the interval's span (interval_cmp's) into whole days
// and the microseconds of the last day, 0 <= rem < usPerDay. Ordering
// (days, rem) pairs is ordering spans, without 128-bit arithmetic.
func (iv Interval) spanParts() (days, rem int64) {
	q, r := iv.Micros/usPerDay, iv.Micros%usPerDay
	if r < 0 {
		q, r = q-1, r+usPerDay
	}
	return int64(iv.Months)*daysPerMonth + int64(iv.Days) + q, r
}

// intervalFromSpan makes an interval of the span (days, rem) for key
// decoding, which cannot know how the span was split: days with the
// time's sign, months only where the days do not fit in days, and what
// fits in neither in the time.
func intervalFromSpan(days, rem int64) Interval {
	if days < 0 && rem > 0 {
		days, rem = days+1, rem-usPerDay
	}
	clamp := func(x int64) int64 { return max(math.MinInt32, min(math.MaxInt32, x)) }
	var months int64
	if !fitsInt32(days) {
		months = clamp(days / daysPerMonth)
		days -= months * daysPerMonth
	}
	d := clamp(days)
	return Interval{Months: int32(months), Days: int32(d), Micros: (days-d)*usPerDay + rem}
}

func compareInterval(a, b Value) int {
	if a.ref == b.ref {
		// The same months and days (ZQL durations have none): the time decides.
		return cmpInt64(int64(a.n), int64(b.n))
	}
	ad, ar := a.AsInterval().spanParts()
	bd, br := b.AsInterval().spanParts()
	if c := cmpInt64(ad, bd); c != 0 {
		return c
	}
	return cmpInt64(ar, br)
}

// --- arithmetic ---

func fitsInt32(x int64) bool { return x >= math.MinInt32 && x <= math.MaxInt32 }

// Add is interval + interval, field by field (22008 on overflow).
func (iv Interval) Add(o Interval) (Interval, error) {
	m, d := int64(iv.Months)+int64(o.Months), int64(iv.Days)+int64(o.Days)
	us, ok := addInt64(iv.Micros, o.Micros)
	if !ok || !fitsInt32(m) || !fitsInt32(d) {
		return Interval{}, errIntervalRange()
	}
	return Interval{Months: int32(m), Days: int32(d), Micros: us}, nil
}

// Neg is -interval, field by field.
func (iv Interval) Neg() (Interval, error) {
	if iv.Months == math.MinInt32 || iv.Days == math.MinInt32 || iv.Micros == math.MinInt64 {
		return Interval{}, errIntervalRange()
	}
	return Interval{Months: -iv.Months, Days: -iv.Days, Micros: -iv.Micros}, nil
}

// tsRound is PostgreSQL's TSROUND: rounding to microsecond precision to
// hide float noise in whole numbers.
func tsRound(x float64) float64 { return math.RoundToEven(x*1e6) / 1e6 }

// Scale is interval * f (or / f when div), as PostgreSQL's interval_mul
// and interval_div: the fields scale apart and the fractions of months
// and days cascade down into days and time (never up).
func (iv Interval) Scale(f float64, div bool) (Interval, error) {
	if div && f == 0 {
		return Interval{}, errDivisionByZero()
	}
	scale := func(x float64) float64 {
		if div {
			return x / f
		}
		return x * f
	}
	mo := scale(float64(iv.Months))
	if math.IsNaN(mo) || mo < math.MinInt32 || mo > math.MaxInt32 {
		return Interval{}, errIntervalRange()
	}
	dd := scale(float64(iv.Days))
	if math.IsNaN(dd) || dd < math.MinInt32 || dd > math.MaxInt32 {
		return Interval{}, errIntervalRange()
	}
	months, days := int64(mo), int64(dd)
	monthRemDays := tsRound((mo - float64(months)) * daysPerMonth)
	secRem := tsRound((dd - float64(days) + monthRemDays - math.Trunc(monthRemDays)) * 86400)
	if math.Abs(secRem) >= 86400 {
		days += int64(secRem / 86400)
		secRem -= math.Trunc(secRem/86400) * 86400
	}
	days += int64(monthRemDays)
	t := math.RoundToEven(scale(float64(iv.Micros)) + secRem*usPerSec)
	if math.IsNaN(t) || t < math.MinInt64 || t >= math.MaxInt64 || !fitsInt32(days) {
		return Interval{}, errIntervalRange()
	}
	return Interval{Months: int32(months), Days: int32(days), Micros: int64(t)}, nil
}

// JustifyHours moves whole 24-hour periods of the time into days, with
// the time's sign made the days' (PostgreSQL's justify_hours).
func (iv Interval) JustifyHours() (Interval, error) {
	d := int64(iv.Days) + iv.Micros/usPerDay
	us := iv.Micros % usPerDay
	switch {
	case d > 0 && us < 0:
		us += usPerDay
		d--
	case d < 0 && us > 0:
		us -= usPerDay
		d++
	}
	if !fitsInt32(d) {
		return Interval{}, errIntervalRange()
	}
	return Interval{Months: iv.Months, Days: int32(d), Micros: us}, nil
}

// JustifyDays moves whole 30-day periods into months, with the days'
// sign made the months' (PostgreSQL's justify_days).
func (iv Interval) JustifyDays() (Interval, error) {
	m := int64(iv.Months) + int64(iv.Days)/daysPerMonth
	d := int64(iv.Days) % daysPerMonth
	switch {
	case m > 0 && d < 0:
		d += daysPerMonth
		m--
	case m < 0 && d > 0:
		d -= daysPerMonth
		m++
	}
	if !fitsInt32(m) {
		return Interval{}, errIntervalRange()
	}
	return Interval{Months: int32(m), Days: int32(d), Micros: iv.Micros}, nil
}

// JustifyInterval is justify_days of justify_hours with one sign for all
// fields (PostgreSQL's justify_interval).
func (iv Interval) JustifyInterval() (Interval, error) {
	m := int64(iv.Months) + int64(iv.Days)/daysPerMonth
	d := int64(iv.Days) % daysPerMonth
	d += iv.Micros / usPerDay
	us := iv.Micros % usPerDay
	m += d / daysPerMonth
	d %= daysPerMonth
	if m > 0 && (d < 0 || (d == 0 && us < 0)) {
		d += daysPerMonth
		m--
	} else if m < 0 && (d > 0 || (d == 0 && us > 0)) {
		d -= daysPerMonth
		m++
	}
	if d > 0 && us < 0 {
		us += usPerDay
		d--
	} else if d < 0 && us > 0 {
		us -= usPerDay
		d++
	}
	if !fitsInt32(m) {
		return Interval{}, errIntervalRange()
	}
	return Interval{Months: int32(m), Days: int32(d), Micros: us}, nil
}

// addInterval is datetime + interval as PostgreSQL's timestamp_pl_interval:
// months first, with the day clamped to the last of the resulting month
// (Jan 31 + 1 month = Feb 29 in a leap year), then days, then the time.
// A timestamptz's months and days move its wall-clock time in loc, the
// session time zone (nil: not known, ErrZoneUnknown), each step read
// back as PostgreSQL reads a time there; a timestamp's are its own. The
// result keeps t's flavour, except that a date becomes a timestamp.
func addInterval(t Value, iv Interval, loc *time.Location) (Value, error) {
	sub := t.sub
	if sub == subDate {
		sub = 0
	}
	if isInfiniteTime(t) {
		return Value{kind: KindDatetime, sub: sub, n: t.n}, nil
	}
	n := int64(t.n)
	if iv.Months != 0 || iv.Days != 0 {
		zone := time.UTC
		if sub == 1 {
			if zone = loc; zone == nil {
				return None, ErrZoneUnknown
			}
		}
		tm := microsTime(n).In(zone)
		if iv.Months != 0 {
			y, m, d := tm.Date()
			total := int64(y)*12 + int64(m) - 1 + int64(iv.Months)
			y, m = int(floorDiv64(total, 12)), time.Month(total-floorDiv64(total, 12)*12+1)
			if dim := daysIn(y, m); d > dim {
				d = dim
			}
			tm = wallIn(y, m, d, tm, zone)
		}
		if iv.Days != 0 {
			y, m, d := tm.Date()
			tm = wallIn(y, m, d+int(iv.Days), tm, zone)
		}
		var ok bool
		if n, ok = microsOf(tm); !ok {
			return None, errTimestampRange()
		}
	}
	if iv.Micros != 0 {
		var ok bool
		if n, ok = addInt64(n, iv.Micros); !ok || !inDatetimeRange(n) {
			return None, errTimestampRange()
		}
	}
	return Value{kind: KindDatetime, sub: sub, n: uint64(n)}, nil
}

// wallIn is the moment of the date y-m-d at tm's time of day in zone.
func wallIn(y int, m time.Month, d int, tm time.Time, zone *time.Location) time.Time {
	hh, mm, ss := tm.Clock()
	w := time.Date(y, m, d, hh, mm, ss, tm.Nanosecond(), time.UTC)
	if zone == time.UTC {
		return w
	}
	return WallTimeIn(w, zone).In(zone)
}

// datetimeDiff is datetime - datetime as PostgreSQL's timestamp_mi: the
// time between them, whole 24 hours as days, no months.
func datetimeDiff(a, b Value) (Value, error) {
	if isInfiniteTime(a) || isInfiniteTime(b) {
		return None, errIntervalRange()
	}
	s, ok := subInt64(int64(a.n), int64(b.n))
	if !ok {
		return None, errIntervalRange()
	}
	iv, err := Interval{Micros: s}.JustifyHours()
	if err != nil {
		return None, err
	}
	return IntervalOf(iv), nil
}

func floorDiv64(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// --- text ---

// appendInterval writes PostgreSQL's interval output in IntervalStyle
// postgres: "1 year 2 mons 3 days 04:05:06", "-1 days +02:00:00",
// "00:00:00.5", "00:00:00". A field's sign is written when it differs
// from the one before (EncodeInterval's is_before).
func appendInterval(b []byte, iv Interval) []byte {
	zero, before := true, false
	part := func(n int64, unit string) {
		if n == 0 {
			return
		}
		if !zero {
			b = append(b, ' ')
		}
		if before && n > 0 {
			b = append(b, '+')
		}
		b = strconv.AppendInt(b, n, 10)
		b = append(b, ' ')
		b = append(b, unit...)
		if n != 1 {
			b = append(b, 's')
		}
		before, zero = n < 0, false
	}
	part(int64(iv.Months/12), "year")
	part(int64(iv.Months%12), "mon")
	part(int64(iv.Days), "day")
	us := iv.Micros
	if zero || us != 0 {
		if !zero {
			b = append(b, ' ')
		}
		mag := uint64(us)
		if us < 0 {
			b = append(b, '-')
			mag = -mag
		} else if before {
			b = append(b, '+')
		}
		hours := mag / usPerHour
		if hours < 10 {
			b = append(b, '0')
		}
		b = strconv.AppendUint(b, hours, 10)
		b = append(b, ':')
		b = appendPad(b, int(mag/usPerMin%60), 2)
		b = append(b, ':')
		b = appendPad(b, int(mag/usPerSec%60), 2)
		if frac := mag % usPerSec; frac != 0 {
			b = append(b, '.')
			for div := uint64(100000); frac > 0; div /= 10 {
				b = append(b, byte('0'+frac/div))
				frac %= div
			}
		}
	}
	return b
}

// AppendIntervalISO writes an interval in IntervalStyle iso_8601, as
// PostgreSQL's EncodeInterval does: "P1Y2M3DT4H5M6.5S", each field with
// its own sign ("P-1Y-2M3DT-4H-5M-6S"), the zero fields left out, and
// "PT0S" for zero.
func AppendIntervalISO(b []byte, iv Interval) []byte {
	if iv.Months == 0 && iv.Days == 0 && iv.Micros == 0 {
		return append(b, "PT0S"...)
	}
	part := func(n int64, unit byte) {
		if n != 0 {
			b = strconv.AppendInt(b, n, 10)
			b = append(b, unit)
		}
	}
	b = append(b, 'P')
	part(int64(iv.Months/12), 'Y')
	part(int64(iv.Months%12), 'M')
	part(int64(iv.Days), 'D')
	us := iv.Micros
	if us == 0 {
		return b
	}
	b = append(b, 'T')
	part(us/usPerHour, 'H')
	part(us/usPerMin%60, 'M')
	if sec := us % usPerMin; sec != 0 {
		mag := uint64(sec)
		if sec < 0 {
			b = append(b, '-')
			mag = -mag
		}
		b = strconv.AppendUint(b, mag/usPerSec, 10)
		if frac := mag % usPerSec; frac != 0 {
			b = append(b, '.')
			for div := uint64(100000); frac > 0; div /= 10 {
				b = append(b, byte('0'+frac/div))
				frac %= div
			}
		}
		b = append(b, 'S')
	}
	return b
}

// appendDurationText writes ZQL's spelling of a duration: Go's duration
// text ("1h30m0s") when the interval has no months (its days counted as
// 24 hours, which is what ZQL's "d" means) and fits a time.Duration,
// PostgreSQL's text otherwise; ParseDuration reads both.
func appendDurationText(b []byte, iv Interval) []byte {
	if iv.Months == 0 {
		d, ok := addInt64(int64(iv.Days)*usPerDay, iv.Micros)
		if ok && d <= math.MaxInt64/1000 && d >= math.MinInt64/1000 {
			return append(b, time.Duration(d*1000).String()...)
		}
	}
	return appendInterval(b, iv)
}

// Interval input units.
type ivUnit uint8

const (
	uNano ivUnit = iota
	uMicro
	uMilli
	uSec
	uMin
	uHour
	uDayTime  // ZQL's d: 24 hours of time
	uWeekTime // ZQL's w: 7 × 24 hours of time
	uDay
	uWeek
	uMonth
	uYear
	uDecade
	uCentury
	uMillennium
)

var ivUnitMicros = [...]int64{uMicro: 1, uMilli: 1000, uSec: usPerSec, uMin: usPerMin, uHour: usPerHour,
	uDayTime: usPerDay, uWeekTime: 7 * usPerDay}
var ivUnitYears = [...]int64{uYear: 1, uDecade: 10, uCentury: 100, uMillennium: 1000}

var intervalUnits = map[string]ivUnit{
	"microsecond": uMicro, "microseconds": uMicro, "usec": uMicro, "usecs": uMicro, "us": uMicro,
	"millisecond": uMilli, "milliseconds": uMilli, "msec": uMilli, "msecs": uMilli, "ms": uMilli,
	"second": uSec, "seconds": uSec, "sec": uSec, "secs": uSec, "s": uSec,
	"minute": uMin, "minutes": uMin, "min": uMin, "mins": uMin, "m": uMin,
	"hour": uHour, "hours": uHour, "hr": uHour, "hrs": uHour, "h": uHour,
	"day": uDay, "days": uDay, "d": uDay,
	"week": uWeek, "weeks": uWeek, "w": uWeek,
	"month": uMonth, "months": uMonth, "mon": uMonth, "mons": uMonth,
	"year": uYear, "years": uYear, "yr": uYear, "yrs": uYear, "y": uYear,
	"decade": uDecade, "decades": uDecade,
	"century": uCentury, "centuries": uCentury,
	"millennium": uMillennium, "millennia": uMillennium, "millenniums": uMillennium,
}

// intervalSum accumulates number × unit terms into the three fields,
// wide, as PostgreSQL's DecodeInterval does: years and months into
// months (a fraction of a year is rounded to whole months), a fraction of
// a month into days (30 to the month) and on into time, a fraction of a
// day into time. A field's overflow is remembered (22015); years and
// months are kept apart until the end, as PostgreSQL's struct pg_itm_in,
// whose sum out of range is 22008.
type intervalSum struct {
	years, months, days, micros int64
	overflow                    bool
}

func (a *intervalSum) addTo(p *int64, x int64) {
	s, ok := addInt64(*p, x)
	if !ok {
		a.overflow = true
	}
	*p = s
}

// addMicros adds f microseconds, rounded half to even.
func (a *intervalSum) addMicros(f float64) {
	f = math.RoundToEven(f)
	if math.IsNaN(f) || f >= math.MaxInt64 || f < math.MinInt64 {
		a.overflow = true
		return
	}
	a.addTo(&a.micros, int64(f))
}

// addFracDays adds f days: the whole days to days, the rest as time.
func (a *intervalSum) addFracDays(f float64) {
	whole := math.Trunc(f)
	a.addTo(&a.days, int64(whole))
	a.addMicros((f - whole) * usPerDay)
}

// add adds num × unit. It reports false for a malformed number.
func (a *intervalSum) add(num string, unit ivUnit) bool {
	neg := false
	if num != "" && (num[0] == '+' || num[0] == '-') {
		neg = num[0] == '-'
		num = num[1:]
	}
	intPart, frac, _ := strings.Cut(num, ".")
	if intPart == "" && frac == "" {
		return false
	}
	var v int64
	for i := 0; i < len(intPart); i++ {
		c := intPart[i]
		if c < '0' || c > '9' {
			return false
		}
		var ok bool
		if v, ok = mulInt64(v, 10); !ok {
			a.overflow = true
		}
		if v, ok = addInt64(v, int64(c-'0')); !ok {
			a.overflow = true
		}
	}
	var fv float64
	if frac != "" {
		for i := 0; i < len(frac); i++ {
			if frac[i] < '0' || frac[i] > '9' {
				return false
			}
		}
		fv, _ = strconv.ParseFloat("0."+frac, 64)
	}
	if neg {
		v, fv = -v, -fv
	}
	mul := func(x, k int64) int64 {
		p, ok := mulInt64(x, k)
		if !ok {
			a.overflow = true
		}
		return p
	}
	switch unit {
	case uNano:
		a.addMicros((float64(v) + fv) / 1000)
	case uMicro, uMilli, uSec, uMin, uHour, uDayTime, uWeekTime:
		k := ivUnitMicros[unit]
		a.addTo(&a.micros, mul(v, k))
		a.addMicros(fv * float64(k))
	case uDay:
		a.addTo(&a.days, v)
		a.addMicros(fv * usPerDay)
	case uWeek:
		a.addTo(&a.days, mul(v, 7))
		a.addFracDays(fv * 7)
	case uMonth:
		a.addTo(&a.months, v)
		a.addFracDays(fv * daysPerMonth)
	default:
		k := ivUnitYears[unit]
		a.addTo(&a.years, mul(v, k))
		a.addTo(&a.months, int64(math.RoundToEven(fv*float64(k*12))))
	}
	return true
}

func (a *intervalSum) negate() {
	a.years, a.months, a.days, a.micros = -a.years, -a.months, -a.days, -a.micros
}

// result is the interval, or the error's SQLSTATE.
func (a *intervalSum) result() (Interval, string) {
	if a.overflow || !fitsInt32(a.years) || !fitsInt32(a.months) || !fitsInt32(a.days) {
		return Interval{}, codeIntervalFieldOverflow
	}
	m := a.years*12 + a.months
	if !fitsInt32(m) {
		return Interval{}, codeDatetimeOverflow
	}
	return Interval{Months: int32(m), Days: int32(a.days), Micros: a.micros}, ""
}

// The field range masks of interval typmods (PostgreSQL's
// INTERVAL_MASK of its datetime.h field numbers).
const (
	IntervalMonth  = 1 << 1
	IntervalYear   = 1 << 2
	IntervalDay    = 1 << 3
	IntervalHour   = 1 << 10
	IntervalMinute = 1 << 11
	IntervalSecond = 1 << 12

	IntervalFullRange     = 0x7FFF
	IntervalFullPrecision = 0xFFFF
	maxIntervalPrecision  = 6
)

// IntervalTypmod is the typmod of an interval type of a field range
// (IntervalFullRange for all) and a seconds' precision
// (IntervalFullPrecision for none); 0 when it constrains nothing.
func IntervalTypmod(rng, prec int) int32 {
	if rng == IntervalFullRange && prec == IntervalFullPrecision {
		return 0
	}
	return int32(rng<<16 | prec)
}

func typmodParts(typmod int32) (rng, prec int) {
	if typmod == 0 {
		return IntervalFullRange, IntervalFullPrecision
	}
	return int(typmod>>16) & 0x7FFF, int(typmod & 0xFFFF)
}

// adjustInterval applies a typmod as PostgreSQL's AdjustIntervalForTypmod:
// the fields below the range's last are dropped (the time truncated to
// the hour or minute), and the time rounded to the precision, half away
// from zero.
func adjustInterval(iv Interval, typmod int32) Interval {
	rng, prec := typmodParts(typmod)
	switch rng {
	case IntervalYear:
		iv = Interval{Months: iv.Months / 12 * 12}
	case IntervalMonth, IntervalYear | IntervalMonth:
		iv = Interval{Months: iv.Months}
	case IntervalDay:
		iv.Micros = 0
	case IntervalHour, IntervalDay | IntervalHour:
		iv.Micros = iv.Micros / usPerHour * usPerHour
	case IntervalMinute, IntervalDay | IntervalHour | IntervalMinute, IntervalHour | IntervalMinute:
		iv.Micros = iv.Micros / usPerMin * usPerMin
	}
	if prec != IntervalFullPrecision && prec < maxIntervalPrecision {
		scale := int64(math.Pow10(maxIntervalPrecision - prec))
		if iv.Micros >= 0 {
			iv.Micros = (iv.Micros + scale/2) / scale * scale
		} else {
			iv.Micros = -((-iv.Micros + scale/2) / scale * scale)
		}
	}
	return iv
}

// lastFieldUnit is the unit of a number without one under a field
// range: its rightmost field ("interval '1' day" is a day).
func lastFieldUnit(rng int) ivUnit {
	switch {
	case rng == IntervalYear:
		return uYear
	case rng == IntervalMonth || rng == IntervalYear|IntervalMonth:
		return uMonth
	case rng == IntervalDay:
		return uDay
	case rng&IntervalSecond != 0 || rng == IntervalFullRange:
		return uSec
	case rng&IntervalMinute != 0:
		return uMin
	case rng&IntervalHour != 0:
		return uHour
	}
	return uSec
}

// parseInterval reads PostgreSQL interval input: "1 year 2 mons",
// "1 day 02:03:04", "2 hours 30 min", "1h30m", "-1:30", "@ 1 day ago",
// "1.5 days", a bare number of seconds, or ISO 8601 "P1Y2M3DT4H".
func parseInterval(s string) (Value, error) { return parseIntervalTypmod(s, 0) }

// parseIntervalTypmod is parseInterval for a type with a typmod, whose
// field range also says what a bare number and "a:b" are ("interval '1'
// day", "interval '1:30' minute to second").
func parseIntervalTypmod(s string, typmod int32) (Value, error) {
	rng, _ := typmodParts(typmod)
	t := strings.ToLower(trimPGSpace(s))
	var sum intervalSum
	ok := t != ""
	if ok && t[0] == 'p' {
		ok = parseISOInterval(&sum, t[1:])
	} else if ok {
		ok = parseIntervalWords(&sum, t, rng)
	}
	if !ok {
		return None, errs.New(errs.InvalidDatetimeFormat, "invalid input syntax for type interval: \"%s\"", s)
	}
	iv, code := sum.result()
	switch code {
	case codeIntervalFieldOverflow:
		return None, errs.New(code, "interval field value out of range: \"%s\"", s)
	case codeDatetimeOverflow:
		return None, errIntervalRange()
	}
	if typmod != 0 {
		iv = adjustInterval(iv, typmod)
	}
	return IntervalOf(iv), nil
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' }
func isNumChar(c byte) bool {
	return c >= '0' && c <= '9' || c == '.'
}

func parseIntervalWords(sum *intervalSum, t string, rng int) bool {
	ago := false
	pending := "" // a number waiting for its unit
	i := 0
	for i < len(t) {
		c := t[i]
		switch {
		case c == ' ' || c == '\t' || c == ',':
			i++
		case c == '@' && i == 0:
			i++
		case isLetter(c):
			j := i
			for j < len(t) && isLetter(t[j]) {
				j++
			}
			word := t[i:j]
			i = j
			if word == "ago" {
				if pending != "" {
					return false
				}
				ago = true
				continue
			}
			unit, ok := intervalUnits[word]
			if !ok || pending == "" {
				return false
			}
			if !sum.add(pending, unit) {
				return false
			}
			pending = ""
		case isNumChar(c) || c == '+' || c == '-':
			if pending != "" {
				return false // two numbers in a row: "1 2"
			}
			j := i + 1
			for j < len(t) && (isNumChar(t[j]) || t[j] == ':') {
				j++
			}
			tok := t[i:j]
			if tok == "-" || tok == "+" {
				// A sign apart from its number: "- 1 hour".
				for j < len(t) && t[j] == ' ' {
					j++
				}
				k := j
				for k < len(t) && (isNumChar(t[k]) || t[k] == ':') {
					k++
				}
				if k == j {
					return false
				}
				tok += t[j:k]
				j = k
			}
			i = j
			if strings.Contains(tok, ":") {
				if !parseClock(sum, tok, rng == IntervalMinute|IntervalSecond) {
					return false
				}
				continue
			}
			pending = tok
		default:
			return false
		}
	}
	if pending != "" {
		// A trailing bare number is seconds, or the field range's last.
		if !sum.add(pending, lastFieldUnit(rng)) {
			return false
		}
	}
	if ago {
		sum.negate()
	}
	return true
}

// parseClock reads [±]H:MM[:SS[.f]] (also H:M) into the time; M:S.f, and
// M:S when minSec (a minute to second range), as PostgreSQL.
func parseClock(sum *intervalSum, tok string, minSec bool) bool {
	sign := ""
	if tok[0] == '+' || tok[0] == '-' {
		sign = tok[:1]
		tok = tok[1:]
	}
	parts := strings.Split(tok, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return false
	}
	units := []ivUnit{uHour, uMin, uSec}
	if len(parts) == 2 && (minSec || strings.Contains(parts[1], ".")) {
		units = units[1:]
	}
	for k, p := range parts {
		if p == "" || (k < len(parts)-1 && strings.Contains(p, ".")) || p[0] == '+' || p[0] == '-' {
			return false
		}
		if !sum.add(sign+p, units[k]) {
			return false
		}
	}
	return true
}

// parseISOInterval reads the part after "P" of ISO 8601 durations:
// nY nM nW nD, then after T: nH nM nS.
func parseISOInterval(sum *intervalSum, t string) bool {
	inTime := false
	for t != "" {
		if t[0] == 't' {
			if inTime {
				return false
			}
			inTime = true
			t = t[1:]
			continue
		}
		j := 0
		for j < len(t) && (isNumChar(t[j]) || (j == 0 && (t[j] == '-' || t[j] == '+'))) {
			j++
		}
		if j == 0 || j == len(t) {
			return false
		}
		var unit ivUnit
		switch t[j] {
		case 'y':
			unit = uYear
		case 'm':
			unit = uMonth
			if inTime {
				unit = uMin
			}
		case 'w':
			unit = uWeek
		case 'd':
			unit = uDay
		case 'h':
			unit = uHour
		case 's':
			unit = uSec
		default:
			return false
		}
		if inTime != (t[j] == 'h' || t[j] == 's' || (t[j] == 'm' && inTime)) {
			return false
		}
		if !sum.add(t[:j], unit) {
			return false
		}
		t = t[j+1:]
	}
	return true
}

// ParseDuration parses the text of ZQL's duration("..."): Go duration
// syntax ("1h30m", "1.5s", "-2m", "300ms", "1us") plus the units d (24h)
// and w (7d), as in "1w2d3h", kept as time alone, at microsecond
// resolution; or PostgreSQL's interval text ("1 mon 2 days"), which is
// how durations with months or days are written. Errors are 22007
// (syntax) and 22008 (out of range).
func ParseDuration(s string) (Value, error) {
	syntax := func() (Value, error) {
		return None, errs.New(errs.InvalidDatetimeFormat, "invalid input syntax for type duration: \"%s\"", s)
	}
	t := s
	neg := false
	if t != "" && (t[0] == '+' || t[0] == '-') {
		neg = t[0] == '-'
		t = t[1:]
	}
	if t == "0" {
		return Duration(0), nil
	}
	if t == "" {
		return syntax()
	}
	var sum intervalSum
	for t != "" {
		j := 0
		for j < len(t) && isNumChar(t[j]) {
			j++
		}
		k := j
		for k < len(t) && !isNumChar(t[k]) {
			k++
		}
		if j == 0 || k == j {
			return pgDuration(s, syntax)
		}
		var unit ivUnit
		switch t[j:k] {
		case "ns":
			unit = uNano
		case "us", "µs", "μs":
			unit = uMicro
		case "ms":
			unit = uMilli
		case "s":
			unit = uSec
		case "m":
			unit = uMin
		case "h":
			unit = uHour
		case "d":
			unit = uDayTime
		case "w":
			unit = uWeekTime
		default:
			return pgDuration(s, syntax)
		}
		if !sum.add(t[:j], unit) {
			return syntax()
		}
		t = t[k:]
	}
	if sum.overflow {
		return None, errIntervalRange()
	}
	if neg {
		sum.micros = -sum.micros
	}
	return Value{kind: KindDuration, n: uint64(sum.micros)}, nil
}

// pgDuration reads a duration written as PostgreSQL interval text
// (which has a space or a colon), with ParseDuration's syntax error when
// that fails too.
func pgDuration(s string, syntax func() (Value, error)) (Value, error) {
	if !strings.ContainsAny(s, " :") {
		return syntax()
	}
	v, err := parseInterval(s)
	if err != nil {
		if e, ok := err.(*errs.Error); ok && e.Code != errs.InvalidDatetimeFormat {
			return None, errIntervalRange()
		}
		return syntax()
	}
	return v, nil
}
