package builtin

import (
	"math"
	"time"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// isfinite and date_bin. The SQL translator gives date_bin's timestamps
// one type (timestamp, or timestamptz when either is one or is a date or
// unknown, as PostgreSQL's resolution picks), which is the result's.

func dateBinFuncs() []*Func {
	isfinite := sqlDef("isfinite", 1, 1, "isfinite(date, timestamp, timestamptz or interval): whether the value is neither infinity nor -infinity (an interval always is).", resultOf(value.TypeBool),
		func(name string, _ *Context, args []value.Value) (value.Value, error) {
			switch v := args[0]; v.Kind() {
			case value.KindDatetime:
				return value.Bool(!v.IsInfiniteTime()), nil
			case value.KindDuration:
				return value.Bool(true), nil
			}
			return value.None, noSQLFunc(name, args)
		}, ex("true", value.Duration(0)))
	dateBin := sqlDef("date_bin", 3, 3, "date_bin(stride, source, origin): the start of the stride-long bin, counted from origin, that source falls in (strides of days and time only).",
		func(args []value.Type) value.Type {
			if len(args) == 3 && args[1].Kind == value.KindDatetime && !args[1].WithTZ && !args[1].Date {
				return value.TypeTimestamp
			}
			return value.TypeTimestampTZ
		}, dateBin, ex(`"2020-02-11T15:30:00Z"`, value.Duration(15*time.Minute), ts(2020, 2, 11, 15, 44), ts(2001, 1, 1, 0, 0)),
		exErr(errs.FeatureNotSupported, value.IntervalOf(value.Interval{Months: 1}), ts(2020, 1, 1, 0, 0), ts(2000, 1, 1, 0, 0)))
	// Not strict: a NULL end leaves the answer known where it cannot
	// change it.
	overlapsFn := nonStrict(sqlDef("overlaps", 4, 4, "(start1, end1) OVERLAPS (start2, end2): whether two periods of time (timestamps, dates or times; an end may be an interval, the length) overlap.", resultOf(value.TypeBool), overlaps,
		ex("true", ts(2024, 1, 1, 0, 0), ts(2024, 2, 1, 0, 0), ts(2024, 1, 15, 0, 0), ts(2024, 3, 1, 0, 0)),
		ex("false", ts(2024, 1, 1, 0, 0), value.Duration(time.Hour), ts(2024, 1, 1, 1, 0), value.Duration(time.Hour)),
		ex("true", ts(2024, 1, 1, 0, 0), ts(2024, 2, 1, 0, 0), ts(2024, 1, 15, 0, 0), value.None)))
	return []*Func{isfinite, dateBin, overlapsFn}
}

// ts is a timestamp for the examples.
func ts(y int, m time.Month, d, h, mi int) value.Value {
	return value.Datetime(time.Date(y, m, d, h, mi, 0, 0, time.UTC), false)
}

// dateBin is PostgreSQL's timestamp_bin (and timestamptz_bin) in
// microseconds: origin plus the whole strides up to source, a stride
// less when origin is after source, so that the result starts the bin.
func dateBin(name string, _ *Context, args []value.Value) (value.Value, error) {
	stride, source, origin := args[0], args[1], args[2]
	if stride.Kind() != value.KindDuration || source.Kind() != value.KindDatetime || origin.Kind() != value.KindDatetime {
		return value.None, noSQLFunc(name, args)
	}
	if source.IsInfiniteTime() {
		return source, nil
	}
	if origin.IsInfiniteTime() {
		return value.None, errs.New(codeDatetimeOverflow, "origin out of range")
	}
	iv := stride.AsInterval()
	if iv.Months != 0 {
		return value.None, errs.New(errs.FeatureNotSupported, "timestamps cannot be binned into intervals containing months or years")
	}
	const usPerDay = 86_400_000_000
	if iv.Days > 0 && int64(iv.Days) > (math.MaxInt64-iv.Micros)/usPerDay ||
		iv.Days < 0 && int64(iv.Days) < (math.MinInt64-iv.Micros)/usPerDay {
		return value.None, errs.New(codeDatetimeOverflow, "interval out of range")
	}
	step := int64(iv.Days)*usPerDay + iv.Micros
	if step <= 0 {
		return value.None, errs.New(codeDatetimeOverflow, "stride must be greater than zero")
	}
	// Datetimes are microseconds since 2000 over some 299000 years,
	// more than an int64 spans: the difference may overflow, as it may
	// in PostgreSQL's timestamp_bin (22008 there too).
	src, org := source.DatetimeMicros(), origin.DatetimeMicros()
	diff := src - org
	if (src >= 0) != (org >= 0) && (diff >= 0) != (src >= 0) {
		return value.None, errs.New(codeDatetimeOverflow, "interval out of range")
	}
	delta := diff - diff%step
	if org > src && step > 1 {
		delta -= step
	}
	return value.DatetimeFromMicros(org+delta, source.HasTZ())
}

// overlaps is SQL's (start1, end1) OVERLAPS (start2, end2), PostgreSQL's
// overlaps_timestamp (and its time and interval forms): an end may be an
// interval, the period's length; a period's ends are taken in order; a
// NULL end leaves the answer unknown only where it could change it.
func overlaps(name string, c *Context, args []value.Value) (value.Value, error) {
	for i, v := range args {
		switch v.Kind() {
		case value.KindNone, value.KindDatetime, value.KindTime, value.KindTimeTZ:
		case value.KindDuration:
			if i%2 == 0 {
				return value.None, noSQLFunc(name, args)
			}
		default:
			return value.None, noSQLFunc(name, args)
		}
	}
	loc, err := c.zone()
	if err != nil {
		return value.None, err
	}
	// period is one period's ordered ends; ok is false when both are NULL.
	period := func(s, e value.Value) (start, end value.Value, endNull, ok bool, err error) {
		if e.Kind() == value.KindDuration {
			if s.IsSQLNull() {
				e = value.None
			} else if e, err = value.ArithIn(value.Add, s, e, loc); err != nil {
				return s, e, false, false, err
			}
		}
		switch {
		case s.IsSQLNull() && e.IsSQLNull():
			return s, e, true, false, nil
		case s.IsSQLNull():
			return e, value.None, true, true, nil
		case e.IsSQLNull():
			return s, e, true, true, nil
		case value.Compare(s, e) > 0:
			return e, s, false, true, nil
		}
		return s, e, false, true, nil
	}
	ts1, te1, te1Null, ok1, err := period(args[0], args[1])
	if err != nil {
		return value.None, err
	}
	ts2, te2, te2Null, ok2, err := period(args[2], args[3])
	if err != nil || !ok1 || !ok2 {
		return value.None, err
	}
	// after reports whether the later-starting period (start ts) begins
	// before the other's end (te, teNull); null when unknown.
	after := func(ts, te value.Value, teNull, otherEndNull bool) value.Value {
		if teNull {
			return value.None
		}
		if value.Compare(ts, te) < 0 {
			return value.Bool(true)
		}
		if otherEndNull {
			return value.None
		}
		return value.Bool(false)
	}
	switch cmp := value.Compare(ts1, ts2); {
	case cmp > 0:
		return after(ts1, te2, te2Null, te1Null), nil
	case cmp < 0:
		return after(ts2, te1, te1Null, te2Null), nil
	}
	if te1Null || te2Null {
		return value.None, nil
	}
	return value.Bool(true), nil
}
