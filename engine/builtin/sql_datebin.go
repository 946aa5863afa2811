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
	return []*Func{isfinite, dateBin}
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
