package value

import (
	"math"
	"time"

	"github.com/zerodb/zerodb/errs"
)

// SQL date: a datetime at midnight UTC (Type.Date), shown as YYYY-MM-DD.

// TypeDate is SQL's date.
var TypeDate = Type{Kind: KindDatetime, Date: true}

// DateOf truncates a datetime to its day (UTC).
func DateOf(v Value) Value {
	n := int64(v.n)
	if n == math.MaxInt64 || n == math.MinInt64 {
		return Value{kind: KindDatetime, sub: subDate, n: v.n}
	}
	return Value{kind: KindDatetime, sub: subDate, n: uint64(floorDiv64(n, usPerDay) * usPerDay)}
}

// subDate marks a datetime value made as a date (for its text form); the
// column type decides elsewhere, as the mark is not stored.
const subDate = 2

// IsDate reports a datetime value made as a date.
func (v Value) IsDate() bool { return v.kind == KindDatetime && v.sub == subDate }

func appendDate(b []byte, v Value) []byte {
	switch int64(v.n) {
	case math.MaxInt64:
		return append(b, "infinity"...)
	case math.MinInt64:
		return append(b, "-infinity"...)
	}
	y, mo, d := microsTime(int64(v.n)).Date()
	return appendEra(appendYMD(b, y, mo, d), y)
}

// parseDate reads date input (scanDatetime): the time part, if any, is
// checked and dropped, and so is a zone. today is the date in loc.
func parseDate(s string, loc *time.Location) (Value, error) {
	f, err := scanDatetime(s, "date", true, loc)
	if err != nil {
		return None, err
	}
	switch f.inf {
	case 1:
		return Value{kind: KindDatetime, sub: subDate, n: math.MaxInt64}, nil
	case -1:
		return Value{kind: KindDatetime, sub: subDate, n: 1 << 63}, nil
	}
	// PostgreSQL's dates go on to 5874897 AD (days in an int32); these
	// are microseconds, so they end where timestamps do, 294276 AD.
	n, ok := microsOf(time.Date(f.year, time.Month(f.month), f.day, 0, 0, 0, 0, time.UTC))
	if !ok {
		return None, errs.New(codeDatetimeOverflow, "date out of range: \"%s\"", s)
	}
	return Value{kind: KindDatetime, sub: subDate, n: uint64(n)}, nil
}
