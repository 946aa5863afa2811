package value

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/zerodb/zerodb/errs"
)

// SQL time (time without time zone): a time of day, KindTime, held as
// microseconds since midnight, 0 to 24:00:00 inclusive, as PostgreSQL's
// TimeADT. It is a kind of its own rather than a datetime: it orders,
// keys and adds intervals (wrapping at midnight) on its own.

// TypeTime is SQL's time without a precision.
var TypeTime = Type{Kind: KindTime}

// MaxTimePrecision is the largest p of time(p).
const MaxTimePrecision = 6

// TimeType is SQL's time(p), p from 0 to MaxTimePrecision.
func TimeType(p int) Type { return Type{Kind: KindTime, TimePrec: int8(p + 1)} }

// TimeOfDay makes a time of day from microseconds since midnight, which
// the caller has checked are 0 to 24:00:00 (a value outside them serves
// only as a bound to compare times with, as a RANGE frame's edge).
func TimeOfDay(us int64) Value { return Value{kind: KindTime, n: uint64(us)} }

// AsTimeOfDay returns a time's microseconds since midnight.
func (v Value) AsTimeOfDay() int64 { return int64(v.n) }

// timeScales are PostgreSQL's TimeScales: microseconds per unit of the
// last digit kept by time(p).
var timeScales = [MaxTimePrecision + 1]int64{1_000_000, 100_000, 10_000, 1000, 100, 10, 1}

// roundTime rounds microseconds to time(p)'s precision as PostgreSQL's
// AdjustTimeForTypmod: half up (times are not negative).
func roundTime(us int64, prec int8) int64 {
	if prec <= 0 || prec > MaxTimePrecision {
		return us
	}
	sc := timeScales[prec-1]
	return (us + sc/2) / sc * sc
}

// parseTime reads time input as PostgreSQL's time_in: a time of day
// (12:34, 12:34:56.789, 123456, 1:02 PM, with an optional leading T),
// optionally after a date, which is dropped, and before a zone offset or
// abbreviation, which is ignored; also allballs (midnight) and now.
// Errors are 22007 (syntax) and 22008 (a field out of range).
func parseTime(s string, prec int8, loc *time.Location) (Value, error) {
	const typ = "time"
	var f datetimeFields
	t := trimPGSpace(s)
	switch strings.ToLower(t) {
	case "allballs":
		return TimeOfDay(0), nil
	case "now":
		// The session's wall clock (loc nil: not known, ErrZoneUnknown).
		if loc == nil {
			return None, ErrZoneUnknown
		}
		f.now(true, loc)
		return TimeOfDay(roundTime(clockMicros(&f), prec)), nil
	}
	p := scanner{s: t}
	// A date first, separated by spaces, is read and dropped.
	if d := (scanner{s: t}); d.date(&datetimeFields{}) && !d.eof() && d.peek() == ' ' {
		d.spaces()
		p = d
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
	if f.loc != nil {
		// A zone name's offset depends on the date, which a time lacks.
		return None, errDatetimeSyntax(typ, s)
	}
	us := clockMicros(&f)
	if !f.clockInRange() || us > usPerDay {
		return None, errFieldRange(s)
	}
	return TimeOfDay(roundTime(us, prec)), nil
}

// timeOfDatetime is the time of day of a finite datetime (UTC), to the
// microsecond.
func timeOfDatetime(v Value) int64 {
	t := v.AsTime()
	h, m, s := t.Clock()
	return (int64(h)*3600+int64(m)*60+int64(s))*1_000_000 + int64(t.Nanosecond()/1000)
}

// clockMicros is f's time of day in microseconds (its fraction rounded).
func clockMicros(f *datetimeFields) int64 {
	us := ((int64(f.hour)*60+int64(f.minute))*60+int64(f.sec))*1_000_000 + int64(f.nanos/1000)
	if f.roundUp {
		us++
	}
	return us
}

// appendTimeOfDay writes PostgreSQL's output of a time: HH:MM:SS with
// the fraction's trailing zeros trimmed (24:00:00 for the end of day).
func appendTimeOfDay(b []byte, us int64) []byte {
	sec := us / 1_000_000
	return appendClock(b, int(sec/3600), int(sec/60%60), int(sec%60), int(us%1_000_000))
}

// TimeAddInterval is time + interval as PostgreSQL's time_pl_interval:
// the interval's time part (its months and days are dropped) added,
// wrapping around midnight.
func TimeAddInterval(t Value, iv Interval) Value {
	r := (t.AsTimeOfDay() + iv.Micros%usPerDay) % usPerDay
	if r < 0 {
		r += usPerDay
	}
	return TimeOfDay(r)
}

// TimeOfInterval is interval::time: the interval's time part modulo a
// day (interval_time).
func TimeOfInterval(iv Interval) Value { return TimeAddInterval(TimeOfDay(0), iv) }

// MakeTime is make_time(hour, min, sec): 22008 for fields out of range
// (hour 24 and second 60 are taken while the total is at most 24:00:00),
// as PostgreSQL's float_time_overflows.
func MakeTime(hour, minute int64, sec float64) (Value, error) {
	us := math.RoundToEven(sec * 1_000_000)
	if hour < 0 || hour > 24 || minute < 0 || minute >= 60 || math.IsNaN(sec) || us < 0 || us > 60_000_000 ||
		(hour*60+minute)*60_000_000+int64(us) > usPerDay {
		s := strconv.FormatFloat(sec, 'g', 6, 64)
		if len(s) < 2 {
			s = "0" + s
		}
		return None, errs.New(codeDatetimeOverflow, "time field value out of range: %d:%02d:%s", hour, minute, s)
	}
	return TimeOfDay((hour*60+minute)*60_000_000 + int64(us)), nil
}
