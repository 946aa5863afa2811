package value

import (
	"math"
	"strings"
	"time"

	"github.com/zerodb/zerodb/errs"
)

// SQL time with time zone (timetz): a time of day with a fixed offset
// from UTC, as PostgreSQL's TimeTzADT. It is KindTimeTZ rather than
// KindTime with a flag, so that nothing written for time (time - time,
// RANGE frames, date + time) takes a timetz by accident.
//
// The value's n packs both parts so that comparing n as an unsigned
// integer is PostgreSQL's timetz_cmp (the UTC instant first, then the
// offset, east before west as its seconds west ascend) and its 8
// big-endian bytes are an order-preserving key: the instant in UTC
// microseconds, biased to be positive, shifted over 17 bits of
// maxTZOffset - east.

// TypeTimeTZ is SQL's time with time zone without a precision.
var TypeTimeTZ = Type{Kind: KindTimeTZ}

// TimeTZType is SQL's timetz(p), p from 0 to MaxTimePrecision.
func TimeTZType(p int) Type { return Type{Kind: KindTimeTZ, TimePrec: int8(p + 1)} }

// MaxTimeTZOffset is the largest offset a timetz holds, in seconds
// either way: PostgreSQL's TZDISP_LIMIT, which its binary input takes
// (text input stops at 15:59:59).
const MaxTimeTZOffset = 16 * 3600

const maxTZOffset = MaxTimeTZOffset

const tzOffsetBits = 17 // 2*maxTZOffset+1 values fit

// TimeTZ makes a time of day (microseconds since midnight, 0 to
// 24:00:00) at an offset east seconds east of UTC (|east| at most
// MaxTimeTZOffset), which the caller has checked.
func TimeTZ(us int64, east int) Value {
	utc := us - int64(east)*1_000_000 + maxTZOffset*1_000_000
	return Value{kind: KindTimeTZ, n: uint64(utc)<<tzOffsetBits | uint64(maxTZOffset-east)}
}

// AsTimeTZ returns a timetz's time of day in microseconds since
// midnight and its offset in seconds east of UTC.
func (v Value) AsTimeTZ() (us int64, east int) {
	east = maxTZOffset - int(v.n&(1<<tzOffsetBits-1))
	us = int64(v.n>>tzOffsetBits) - maxTZOffset*1_000_000 + int64(east)*1_000_000
	return us, east
}

// validTimeTZ reports whether n, read from storage, is a timetz TimeTZ
// could have made.
func validTimeTZ(n uint64) bool {
	off := int(n & (1<<tzOffsetBits - 1))
	if off > 2*maxTZOffset {
		return false
	}
	us, _ := Value{kind: KindTimeTZ, n: n}.AsTimeTZ()
	return us >= 0 && us <= usPerDay
}

// parseTimeTZ reads timetz input as PostgreSQL's timetz_in: time input
// (parseTime's forms, a date before it kept) and a zone: an offset
// (+02, -03:30, -0330), an abbreviation (PST, UTC, Z) or, only after a
// date, a zone name, whose offset is the one at that date and time.
// Without a zone it takes the session zone loc's offset at the date
// given, or today (nil loc: not known, ErrZoneUnknown). 22007 for
// syntax (a zone name without a date among it), 22008 for a field out
// of range, 22009 for an offset of 16 hours or more.
func parseTimeTZ(s string, prec int8, loc *time.Location) (Value, error) {
	const typ = "time with time zone"
	var f datetimeFields
	t := trimPGSpace(s)
	switch strings.ToLower(t) {
	case "allballs":
		return TimeTZ(0, 0), nil
	case "now":
		if loc == nil {
			return None, ErrZoneUnknown
		}
		now := time.Now().In(loc)
		_, east := now.Zone()
		f.hour, f.minute, f.sec, f.nanos = now.Hour(), now.Minute(), now.Second(), now.Nanosecond()
		return TimeTZ(roundTime(clockMicros(&f), prec), east), nil
	}
	p := scanner{s: t}
	hasDate := false
	if d := (scanner{s: t}); d.date(&f) && !d.eof() && d.peek() == ' ' {
		d.spaces()
		p, hasDate = d, true
	} else {
		f = datetimeFields{}
	}
	if !p.eof() && (p.peek() == 'T' || p.peek() == 't') {
		p.i++
		p.spaces()
	}
	if p.eof() || p.peek() < '0' || p.peek() > '9' || !p.clock(&f, true) {
		return None, errDatetimeSyntax(typ, s)
	}
	if err := p.clockSuffix(&f, s, typ); err != nil {
		return None, err
	}
	us := clockMicros(&f)
	if !f.clockInRange() || us > usPerDay {
		return None, errFieldRange(s)
	}
	if hasDate && (f.month < 1 || f.month > 12 || f.day < 1 || f.day > 31) {
		return None, errFieldRange(s)
	}
	us = roundTime(us, prec)
	if f.zoned && f.loc == nil {
		return TimeTZ(us, f.offset), nil
	}
	zl := f.loc
	if zl == nil {
		if loc == nil {
			return None, ErrZoneUnknown
		}
		zl = loc
	} else if !hasDate {
		// A zone name's offset depends on a date, which PostgreSQL does
		// not take to be today.
		return None, errDatetimeSyntax(typ, s)
	}
	if !hasDate {
		y, m, d := time.Now().In(zl).Date()
		f.year, f.month, f.day = y, int(m), d
	}
	w := time.Date(f.year, time.Month(f.month), f.day, 0, 0, 0, 0, time.UTC).Add(time.Duration(us) * time.Microsecond)
	_, east := WallTimeIn(w, zl).In(zl).Zone()
	return TimeTZ(us, east), nil
}

// appendTimeTZ writes PostgreSQL's output of a timetz: the time as
// time's, then the offset (+02, -03:30, +02:30:15).
func appendTimeTZ(b []byte, v Value) []byte {
	us, east := v.AsTimeTZ()
	return AppendOffset(appendTimeOfDay(b, us), east)
}

// TimeTZAddInterval is timetz + interval as PostgreSQL's
// timetz_pl_interval: the interval's time part added, wrapping around
// midnight, the offset kept.
func TimeTZAddInterval(t Value, iv Interval) Value {
	us, east := t.AsTimeTZ()
	return TimeTZ(TimeAddInterval(TimeOfDay(us), iv).AsTimeOfDay(), east)
}

// TimeTZAt is timetz AT TIME ZONE as PostgreSQL's timetz_zone and
// timetz_izone: the same instant's time of day at the offset east
// (which a zone name takes as it is now), wrapped into one day.
func TimeTZAt(t Value, east int) (Value, error) {
	if east > maxTZOffset || east < -maxTZOffset {
		return None, errs.New(errs.InvalidParameterValue, "time zone displacement out of range")
	}
	us, from := t.AsTimeTZ()
	r := (us+int64(east-from)*1_000_000)%usPerDay + usPerDay
	return TimeTZ(r%usPerDay, east), nil
}

// TimeTZOfTime is time::timetz: the time at the offset loc has now, as
// PostgreSQL's time_timetz (the current date's offset).
func TimeTZOfTime(t Value, loc *time.Location) Value {
	us := t.AsTimeOfDay()
	y, m, d := time.Now().In(loc).Date()
	w := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Add(time.Duration(us) * time.Microsecond)
	_, east := WallTimeIn(w, loc).In(loc).Zone()
	return TimeTZ(us, east)
}

// TimeTZOfDatetime is timestamptz::timetz: its wall-clock time in loc
// and loc's offset at that moment.
func TimeTZOfDatetime(v Value, loc *time.Location) Value {
	l := v.AsTime().In(loc)
	_, east := l.Zone()
	us := (int64(l.Hour())*3600+int64(l.Minute())*60+int64(l.Second()))*1_000_000 + int64(l.Nanosecond()/1000)
	return TimeTZ(us, east)
}

// DateAddTimeTZ is date + timetz as PostgreSQL's datetimetz_timestamptz:
// the moment the time names at its offset on that date.
func DateAddTimeTZ(d, t Value) (Value, error) {
	us, east := t.AsTimeTZ()
	return addInterval(Value{kind: KindDatetime, sub: 1, n: d.n}, Interval{Micros: us - int64(east)*1_000_000}, nil)
}

// TimeTZRangeEdge is the edge of a RANGE frame over timetz keys, key
// moved by micros, as PostgreSQL's in_range_timetz_interval: the time
// moved without wrapping around midnight, the offset kept. It is only
// compared with; one past what a timetz can hold is below or above all
// of them.
func TimeTZRangeEdge(key Value, micros int64) Value {
	us, east := key.AsTimeTZ()
	utc := us + micros - int64(east)*1_000_000 + maxTZOffset*1_000_000
	switch {
	case utc < 0:
		return Value{kind: KindTimeTZ}
	case utc >= 1<<(64-tzOffsetBits):
		return Value{kind: KindTimeTZ, n: math.MaxUint64}
	}
	return Value{kind: KindTimeTZ, n: uint64(utc)<<tzOffsetBits | uint64(maxTZOffset-east)}
}
