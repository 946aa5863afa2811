package builtin

import (
	"math"
	"time"

	"github.com/cockroachdb/apd/v3"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// The SQL interval functions: extract and date_trunc of an interval,
// justify_*, age and make_interval, with PostgreSQL's field rules
// (value.Interval keeps months, days and time apart).

const (
	usPerSec  = 1_000_000
	usPerMin  = 60 * usPerSec
	usPerHour = 60 * usPerMin
)

// intervalTM is an interval split as PostgreSQL's interval2itm: years and
// months from the months, the days, and hours ... microseconds from the
// time, each truncated toward zero (so with the field's sign).
type intervalTM struct {
	year, mon, day, hour, min, sec, usec int64
}

func splitInterval(iv value.Interval) intervalTM {
	t := iv.Micros
	return intervalTM{
		year: int64(iv.Months / 12), mon: int64(iv.Months % 12), day: int64(iv.Days),
		hour: t / usPerHour, min: t / usPerMin % 60, sec: t / usPerSec % 60, usec: t % usPerSec,
	}
}

func (tm intervalTM) interval() (value.Interval, error) {
	months := tm.year*12 + tm.mon
	t := ((tm.hour*60+tm.min)*60+tm.sec)*usPerSec + tm.usec
	if months > math.MaxInt32 || months < math.MinInt32 || tm.day > math.MaxInt32 || tm.day < math.MinInt32 {
		return value.Interval{}, errs.New(codeDatetimeOverflow, "interval out of range")
	}
	return value.Interval{Months: int32(months), Days: int32(tm.day), Micros: t}, nil
}

// extractInterval gives a field of an interval as a decimal (extract's
// numeric), as PostgreSQL's interval_part. known reports a unit of
// timestamps that intervals do not have (0A000 rather than 22023).
func extractInterval(unit string, iv value.Interval) (d *apd.Decimal, ok, known bool) {
	tm := splitInterval(iv)
	switch unit {
	case "microseconds", "microsecond", "usec", "usecs", "us":
		return apd.New(tm.sec*usPerSec+tm.usec, 0), true, true
	case "milliseconds", "millisecond", "msec", "msecs", "ms":
		return apd.New(tm.sec*usPerSec+tm.usec, -3), true, true
	case "second", "seconds", "sec", "secs", "s":
		return apd.New(tm.sec*usPerSec+tm.usec, -6), true, true
	case "minute", "minutes", "min", "mins", "m":
		return apd.New(tm.min, 0), true, true
	case "hour", "hours", "hr", "hrs", "h":
		return apd.New(tm.hour, 0), true, true
	case "day", "days", "d":
		return apd.New(tm.day, 0), true, true
	case "week", "weeks", "w":
		return apd.New(tm.day/7, 0), true, true
	case "month", "months", "mon", "mons":
		return apd.New(tm.mon, 0), true, true
	case "quarter", "qtr":
		return apd.New(tm.mon/3+1, 0), true, true
	case "year", "years", "yr", "yrs", "y":
		return apd.New(tm.year, 0), true, true
	case "decade", "decades":
		return apd.New(tm.year/10, 0), true, true
	case "century", "centuries":
		return apd.New(tm.year/100, 0), true, true
	case "millennium", "millennia":
		return apd.New(tm.year/1000, 0), true, true
	case "epoch":
		// A year is 365.25 days and a month 30 (interval_part's
		// DAYS_PER_YEAR and DAYS_PER_MONTH), computed ×4 in integers.
		m := int64(iv.Months)
		secs := (1461*(m/12) + 120*(m%12) + 4*int64(iv.Days)) * (86400 / 4)
		r := new(apd.Decimal)
		ctx := apd.BaseContext.WithPrecision(40)
		_, _ = ctx.Add(r, apd.New(secs, 0), apd.New(iv.Micros, -6))
		_, _ = ctx.Quantize(r, r, -6)
		return r, true, true
	case "dow", "isodow", "doy", "isoyear", "timezone", "timezone_hour", "timezone_minute", "julian":
		return nil, false, true
	}
	return nil, false, false
}

// truncInterval is date_trunc of an interval (PostgreSQL's
// interval_trunc): the fields below the unit set to zero.
func truncInterval(unit string, iv value.Interval) (value.Interval, error) {
	tm := splitInterval(iv)
	switch unit {
	case "millennium", "millennia":
		tm = intervalTM{year: tm.year / 1000 * 1000}
	case "century", "centuries":
		tm = intervalTM{year: tm.year / 100 * 100}
	case "decade", "decades":
		tm = intervalTM{year: tm.year / 10 * 10}
	case "year", "years":
		tm = intervalTM{year: tm.year}
	case "quarter":
		tm = intervalTM{year: tm.year, mon: 3 * (tm.mon / 3)}
	case "month", "months":
		tm = intervalTM{year: tm.year, mon: tm.mon}
	case "day", "days":
		tm = intervalTM{year: tm.year, mon: tm.mon, day: tm.day}
	case "hour", "hours":
		tm.min, tm.sec, tm.usec = 0, 0, 0
	case "minute", "minutes":
		tm.sec, tm.usec = 0, 0
	case "second", "seconds":
		tm.usec = 0
	case "milliseconds", "millisecond":
		tm.usec = tm.usec / 1000 * 1000
	case "microseconds", "microsecond":
	case "week", "weeks":
		return value.Interval{}, errs.New(errs.FeatureNotSupported, "unit \"%s\" not supported for type interval", unit).
			WithDetail("Months usually have fractional weeks.")
	default:
		return value.Interval{}, unitError(unit, "interval")
	}
	return tm.interval()
}

func intervalArg(name string, args []value.Value, i int) (value.Interval, error) {
	if args[i].Kind() != value.KindDuration {
		return value.Interval{}, noSQLFunc(name, args)
	}
	return args[i].AsInterval(), nil
}

func justifyFn(f func(value.Interval) (value.Interval, error)) func(string, *Context, []value.Value) (value.Value, error) {
	return func(name string, _ *Context, args []value.Value) (value.Value, error) {
		iv, err := intervalArg(name, args, 0)
		if err != nil {
			return value.None, err
		}
		r, err := f(iv)
		if err != nil {
			return value.None, err
		}
		return value.IntervalOf(r), nil
	}
}

// age is PostgreSQL's timestamp_age: the symbolic difference a - b in
// years, months and days (borrowing the length of the month of the
// earlier argument... as PostgreSQL does), then the time.
func age(a, b time.Time) (value.Interval, error) {
	neg := a.Before(b)
	y1, m1, d1 := a.Date()
	y2, m2, d2 := b.Date()
	tm := intervalTM{
		year: int64(y1 - y2), mon: int64(m1 - m2), day: int64(d1 - d2),
		hour: int64(a.Hour() - b.Hour()), min: int64(a.Minute() - b.Minute()), sec: int64(a.Second() - b.Second()),
		usec: int64(a.Nanosecond()/1000 - b.Nanosecond()/1000),
	}
	flip := func() {
		tm = intervalTM{-tm.year, -tm.mon, -tm.day, -tm.hour, -tm.min, -tm.sec, -tm.usec}
	}
	if neg {
		flip()
	}
	for tm.usec < 0 {
		tm.usec += usPerSec
		tm.sec--
	}
	for tm.sec < 0 {
		tm.sec += 60
		tm.min--
	}
	for tm.min < 0 {
		tm.min += 60
		tm.hour--
	}
	for tm.hour < 0 {
		tm.hour += 24
		tm.day--
	}
	for tm.day < 0 {
		y, m := y2, m2
		if neg {
			y, m = y1, m1
		}
		tm.day += int64(time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day())
		tm.mon--
	}
	for tm.mon < 0 {
		tm.mon += 12
		tm.year--
	}
	if neg {
		flip()
	}
	return tm.interval()
}

func sqlIntervalFuncs() []*Func {
	iv := resultOf(value.TypeInterval)
	in := func(m, d int32, us int64) value.Value {
		return value.IntervalOf(value.Interval{Months: m, Days: d, Micros: us})
	}
	ts := func(y int, m time.Month, d int) value.Value {
		return value.Datetime(time.Date(y, m, d, 0, 0, 0, 0, time.UTC), false)
	}
	return []*Func{
		sqlDef("justify_days", 1, 1, "justify_days(interval): whole 30-day periods as months.", iv, justifyFn(value.Interval.JustifyDays),
			ex(`"1 mon 5 days"`, in(0, 35, 0))),
		sqlDef("justify_hours", 1, 1, "justify_hours(interval): whole 24-hour periods as days.", iv, justifyFn(value.Interval.JustifyHours),
			ex(`"27h0m0s"`, in(0, 0, 27*usPerHour))),
		sqlDef("justify_interval", 1, 1, "justify_interval(interval): justify_days and justify_hours, with one sign for all fields.", iv, justifyFn(value.Interval.JustifyInterval),
			ex(`"719h0m0s"`, in(1, 0, -usPerHour))),
		sqlDef("age", 1, 2, "age(timestamp, timestamp): the difference in years, months and days (and time); age(timestamp) is from today's midnight.", iv,
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				for i := range args {
					if _, err := timeArg(name, args, i); err != nil {
						return value.None, err
					}
				}
				for _, x := range args {
					if x.IsInfiniteTime() {
						return value.None, errs.New(codeDatetimeOverflow, "interval out of range")
					}
				}
				// The fields compared are a timestamptz's in the session
				// time zone; age(t) is from midnight of today there.
				a, _, err := c.wallTime(args[0])
				if err != nil {
					return value.None, err
				}
				b := a
				if len(args) == 2 {
					if b, _, err = c.wallTime(args[1]); err != nil {
						return value.None, err
					}
				} else {
					loc, err := c.zone()
					if err != nil {
						return value.None, err
					}
					y, m, d := c.now().In(loc).Date()
					a = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
				}
				r, err := age(a, b)
				if err != nil {
					return value.None, err
				}
				return value.IntervalOf(r), nil
			}, ex(`"1 year 1 mon 1 day"`, ts(2024, 3, 1), ts(2023, 1, 31))),
		sqlDef("make_interval", 0, 7, "make_interval(years, months, weeks, days, hours, mins, secs): an interval of those fields.", iv,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				var f [6]int64
				for i := 0; i < len(args) && i < 6; i++ {
					v, err := sqlInt(name, args, i)
					if err != nil {
						return value.None, err
					}
					f[i] = v
				}
				var secs float64
				if len(args) == 7 {
					s, ok := value.ToFloat(args[6])
					if !ok {
						return value.None, noSQLFunc(name, args)
					}
					secs = s
				}
				months := f[0]*12 + f[1]
				days := f[2]*7 + f[3]
				us := math.RoundToEven(float64(f[4]*usPerHour+f[5]*usPerMin) + secs*usPerSec)
				if months > math.MaxInt32 || months < math.MinInt32 || days > math.MaxInt32 || days < math.MinInt32 ||
					math.IsNaN(us) || us >= math.MaxInt64 || us < math.MinInt64 {
					return value.None, errs.New(codeDatetimeOverflow, "interval out of range")
				}
				return value.IntervalOf(value.Interval{Months: int32(months), Days: int32(days), Micros: int64(us)}), nil
			}, ex(`"1 year 2 mons 10 days"`, vi4(1), vi4(2), vi4(1), vi4(3))),
	}
}
