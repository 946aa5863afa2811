package builtin

import (
	"strconv"
	"strings"
	"time"
	// Zone names (AT TIME ZONE 'Europe/Paris') resolve on machines
	// without a zoneinfo database too.
	_ "time/tzdata"

	"github.com/cockroachdb/apd/v3"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// The SQL date/time functions: date arithmetic, date_trunc, extract and
// date_part, make_date, make_timestamp and to_char. A timestamptz's
// fields are those of its wall-clock time in the session time zone
// (zone.go).

const codeDatetimeOverflow = "22008"

func timeArg(name string, args []value.Value, i int) (time.Time, error) {
	if args[i].Kind() != value.KindDatetime {
		return time.Time{}, noSQLFunc(name, args)
	}
	return args[i].AsTime(), nil
}

func unitArg(name string, args []value.Value) (string, error) {
	s, err := sqlStrings(name, args, 0)
	if err != nil {
		return "", err
	}
	return strings.ToLower(strings.TrimSpace(s[0])), nil
}

func truncTime(unit string, t time.Time) (time.Time, bool) {
	y, m, d := t.Date()
	switch unit {
	case "microseconds", "microsecond":
		return t.Truncate(time.Microsecond), true
	case "milliseconds", "millisecond":
		return t.Truncate(time.Millisecond), true
	case "second", "seconds":
		return t.Truncate(time.Second), true
	case "minute", "minutes":
		return t.Truncate(time.Minute), true
	case "hour", "hours":
		return t.Truncate(time.Hour), true
	case "day", "days":
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), true
	case "week", "weeks":
		wd := (int(t.Weekday()) + 6) % 7 // Monday is 0
		return time.Date(y, m, d-wd, 0, 0, 0, 0, time.UTC), true
	case "month", "months":
		return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC), true
	case "quarter":
		return time.Date(y, time.Month((int(m)-1)/3*3+1), 1, 0, 0, 0, 0, time.UTC), true
	case "year", "years":
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), true
	case "decade":
		return time.Date(y-((y%10+10)%10), 1, 1, 0, 0, 0, 0, time.UTC), true
	case "century", "millennium":
		// y is astronomical (0 is 1 BC); centuries run 1 to 100 AD and
		// 100 BC to 1 BC, so BC ones start at their earliest year, as
		// PostgreSQL's timestamp_trunc has them.
		n := 100
		if unit == "millennium" {
			n = 1000
		}
		c := (y+n-1)/n*n - n + 1
		if y <= 0 {
			c = -((n-1-(y-1))/n)*n + 1
		}
		return time.Date(c, 1, 1, 0, 0, 0, 0, time.UTC), true
	}
	return t, false
}

// extractField gives a datetime field as a decimal (extract's numeric):
// of t's fields, which are a timestamptz's wall-clock time in the zone
// east seconds east of UTC (0 for a timestamp, whose zone fields fail).
func extractField(unit string, t time.Time, date bool, east int) (*apd.Decimal, bool) {
	y, m, d := t.Date()
	iso, isoWeek := t.ISOWeek()
	usec := int64(t.Second())*1_000_000 + int64(t.Nanosecond()/1000)
	// y is astronomical; the years, ISO years, centuries and millennia
	// extract gives are of the text's era, which has no year 0: 1 BC is
	// -1, as in PostgreSQL.
	bcYear := func(y int) int64 {
		if y <= 0 {
			return int64(y) - 1
		}
		return int64(y)
	}
	switch unit {
	case "year", "years":
		return apd.New(bcYear(y), 0), true
	case "month", "months":
		return apd.New(int64(m), 0), true
	case "day", "days":
		return apd.New(int64(d), 0), true
	case "quarter":
		return apd.New(int64((int(m)-1)/3+1), 0), true
	case "dow":
		return apd.New(int64(t.Weekday()), 0), true
	case "isodow":
		return apd.New(int64((int(t.Weekday())+6)%7+1), 0), true
	case "doy":
		return apd.New(int64(t.YearDay()), 0), true
	case "week":
		return apd.New(int64(isoWeek), 0), true
	case "isoyear":
		return apd.New(bcYear(iso), 0), true
	case "decade":
		return apd.New(int64(floorDiv(y, 10)), 0), true
	case "century":
		if y > 0 {
			return apd.New(int64((y+99)/100), 0), true
		}
		return apd.New(int64(-((99 - (y - 1)) / 100)), 0), true
	case "millennium":
		if y > 0 {
			return apd.New(int64((y+999)/1000), 0), true
		}
		return apd.New(int64(-((999 - (y - 1)) / 1000)), 0), true
	case "julian":
		// The Julian day, and for a timestamp the fraction of it the
		// time of day is, divided as PostgreSQL's numeric division does
		// (the scale it picks).
		j := value.Decimal(apd.New(int64(date2j(y, int(m), d)), 0))
		if date {
			return j.AsDecimal(), true
		}
		dayUs := int64(t.Hour())*3_600_000_000 + int64(t.Minute())*60_000_000 + usec
		frac, err := value.Arith(value.Div, value.Decimal(apd.New(dayUs, 0)), value.Decimal(apd.New(86_400_000_000, 0)))
		if err != nil {
			return nil, false
		}
		sum, err := value.Arith(value.Add, j, frac)
		if err != nil {
			return nil, false
		}
		return sum.AsDecimal(), true
	case "epoch":
		if date {
			return apd.New(t.Unix(), 0), true
		}
		// In two parts: the microseconds since 1970 of the last
		// centuries of the range overflow an int64.
		sec := t.Unix() - int64(east)
		us := int64(t.Nanosecond() / 1000)
		if sec < 0 && us > 0 {
			sec, us = sec+1, us-1_000_000
		}
		d := new(apd.Decimal)
		if _, err := apd.BaseContext.WithPrecision(40).Add(d, apd.New(sec, 0), apd.New(us, -6)); err != nil {
			return nil, false
		}
		return d, true
	}
	if date {
		return nil, false // time fields of a date: "unit ... not supported for type date"
	}
	switch unit {
	case "hour", "hours":
		return apd.New(int64(t.Hour()), 0), true
	case "minute", "minutes":
		return apd.New(int64(t.Minute()), 0), true
	case "second", "seconds":
		return apd.New(usec, -6), true
	case "milliseconds", "millisecond":
		return apd.New(usec, -3), true
	case "microseconds", "microsecond":
		return apd.New(usec, 0), true
	case "timezone":
		return apd.New(int64(east), 0), true
	case "timezone_hour":
		return apd.New(int64(east/3600), 0), true
	case "timezone_minute":
		return apd.New(int64(east/60%60), 0), true
	}
	return nil, false
}

// astroYear is the astronomical year of make_date's year: a negative
// one is BC, as in PostgreSQL (-1 is 1 BC, year 0).
func astroYear(y int64) int {
	if y < 0 {
		return int(y + 1)
	}
	return int(y)
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// fieldsAndSeconds reads make_timestamp's and make_time's arguments:
// integer fields, then the seconds (double precision) last.
func fieldsAndSeconds(name string, args []value.Value) ([]int64, float64, error) {
	f, err := sqlInts(name, args, len(args)-1)
	if err != nil {
		return nil, 0, err
	}
	sec, ok := value.ToFloat(args[len(args)-1])
	if !ok {
		return nil, 0, noSQLFunc(name, args)
	}
	return f, sec, nil
}

// clockUnit reports the units of extract that a time of day has
// (besides the interval's units, which name these too).
func clockUnit(unit string) bool {
	switch unit {
	case "microseconds", "microsecond", "usec", "usecs", "us",
		"milliseconds", "millisecond", "msec", "msecs", "ms",
		"second", "seconds", "sec", "secs", "s",
		"minute", "minutes", "min", "mins", "m",
		"hour", "hours", "hr", "hrs", "h", "epoch":
		return true
	}
	return false
}

func unitError(unit string, t string) error {
	return errs.New(errs.InvalidParameterValue, "unit \"%s\" not recognized for type %s", unit, t)
}

func extractFn(asFloat bool) func(string, *Context, []value.Value) (value.Value, error) {
	return func(name string, c *Context, args []value.Value) (value.Value, error) {
		unit, err := unitArg(name, args)
		if err != nil {
			return value.None, err
		}
		v := args[1]
		var d *apd.Decimal
		var ok bool
		tname := "timestamp without time zone"
		switch v.Kind() {
		case value.KindDatetime:
			if v.IsDate() {
				tname = "date"
			} else if v.HasTZ() {
				tname = "timestamp with time zone"
			} else if isZoneField(unit) {
				return value.None, errs.New(errs.FeatureNotSupported, "unit \"%s\" not supported for type %s", unit, tname)
			}
			w, loc, err := c.wallTime(v)
			if err != nil {
				return value.None, err
			}
			east := 0
			if loc != nil {
				_, east = v.AsTime().In(loc).Zone()
			}
			d, ok = extractField(unit, w, v.IsDate(), east)
		case value.KindDuration:
			var known bool
			if d, ok, known = extractInterval(unit, v.AsInterval()); !ok && known {
				return value.None, errs.New(errs.FeatureNotSupported, "unit \"%s\" not supported for type interval", unit)
			}
			tname = "interval"
		case value.KindTime:
			// time_part: the clock's fields and epoch, read as those
			// of an interval of the time.
			tname = "time without time zone"
			var known bool
			d, ok, known = extractInterval(unit, value.Interval{Micros: v.AsTimeOfDay()})
			if known && !(ok && clockUnit(unit)) {
				return value.None, errs.New(errs.FeatureNotSupported, "unit \"%s\" not supported for type %s", unit, tname)
			}
		case value.KindTimeTZ:
			// timetz_part: the zone's fields, or time's of the time of
			// day, except epoch, which counts from midnight UTC.
			tname = "time with time zone"
			us, east := v.AsTimeTZ()
			switch unit {
			case "timezone":
				d, ok = apd.New(int64(east), 0), true
			case "timezone_hour":
				d, ok = apd.New(int64(east/3600), 0), true
			case "timezone_minute":
				d, ok = apd.New(int64(east/60%60), 0), true
			default:
				if unit == "epoch" {
					us -= int64(east) * 1_000_000
				}
				var known bool
				d, ok, known = extractInterval(unit, value.Interval{Micros: us})
				if known && !(ok && clockUnit(unit)) {
					return value.None, errs.New(errs.FeatureNotSupported, "unit \"%s\" not supported for type %s", unit, tname)
				}
			}
		default:
			return value.None, noSQLFunc(name, args)
		}
		if ok && v.IsInfiniteTime() {
			// PostgreSQL's NonFiniteTimestampTzPart: the fields that grow
			// with time are infinite as the value is, the others NULL.
			switch unit {
			case "year", "years", "decade", "decades", "century", "centuries", "millennium", "millennia", "isoyear", "epoch", "julian":
				d = &apd.Decimal{Form: apd.Infinite, Negative: v.DatetimeMicros() < 0}
			default:
				return value.None, nil
			}
		}
		if !ok {
			if tname == "date" {
				if _, known := extractField(unit, v.AsTime(), false, 0); known {
					return value.None, errs.New(errs.FeatureNotSupported, "unit \"%s\" not supported for type date", unit)
				}
			}
			return value.None, unitError(unit, tname)
		}
		if asFloat {
			f, _ := d.Float64()
			return value.Float(f), nil
		}
		return value.Decimal(d), nil
	}
}

// unitBelowDay reports the units date_trunc truncates a time of day to.
func unitBelowDay(unit string) bool {
	switch unit {
	case "microseconds", "microsecond", "milliseconds", "millisecond", "second", "seconds", "minute", "minutes", "hour", "hours":
		return true
	}
	return false
}

// isZoneField reports the fields of a timestamptz's zone, which a
// timestamp has not.
func isZoneField(unit string) bool {
	return unit == "timezone" || unit == "timezone_hour" || unit == "timezone_minute"
}

var monthNames = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

func sqlTimeFuncs() []*Func {
	date := resultOf(value.TypeDate)
	tstz := resultOf(value.TypeTimestampTZ)
	ts := resultOf(value.TypeTimestamp)
	day := func(y int, m time.Month, d int) value.Value {
		return value.DateOf(value.Datetime(time.Date(y, m, d, 0, 0, 0, 0, time.UTC), false))
	}
	t0 := value.Datetime(time.Date(2024, 5, 17, 13, 4, 5, 0, time.UTC), false)
	return []*Func{
		sqlDef("date_add_days", 2, 2, "date + integer: the date that many days later.", date, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			t, err := timeArg(name, args, 0)
			if err != nil {
				return value.None, err
			}
			n, err := sqlInt(name, args, 1)
			if err != nil {
				return value.None, err
			}
			if args[0].IsInfiniteTime() {
				return args[0], nil
			}
			d, err := value.DatetimeIn(t.AddDate(0, 0, int(n)), false)
			if err != nil {
				return value.None, errs.New(codeDatetimeOverflow, "date out of range")
			}
			return value.DateOf(d), nil
		}, ex(`"2024-02-01T00:00:00Z"`, day(2024, 1, 31), vi4(1))),
		sqlDef("date_diff_days", 2, 2, "date - date: the days between them.", resultOf(value.TypeInt4), func(name string, _ *Context, args []value.Value) (value.Value, error) {
			for i := range args {
				if _, err := timeArg(name, args, i); err != nil {
					return value.None, err
				}
			}
			if args[0].IsInfiniteTime() || args[1].IsInfiniteTime() {
				return value.None, errs.New(codeDatetimeOverflow, "cannot subtract infinite dates")
			}
			// Days apart from the microseconds (time.Time's Sub stops at
			// 292 years): both are midnights, whole days since 2000.
			const usPerDay = 86_400_000_000
			return value.IntW(args[0].DatetimeMicros()/usPerDay-args[1].DatetimeMicros()/usPerDay, value.I32), nil
		}, ex("30", day(2024, 1, 31), day(2024, 1, 1))),
		sqlDef("date_trunc", 2, 3, "date_trunc(unit, timestamp [, zone]): the timestamp truncated to the unit (microseconds ... millennium); a timestamptz's wall-clock time is truncated in the session time zone, or in zone when given.", func(args []value.Type) value.Type {
			if len(args) > 1 {
				return args[1]
			}
			return value.TypeTimestamp
		}, func(name string, c *Context, args []value.Value) (value.Value, error) {
			if args[1].IsInfiniteTime() {
				// Infinite whatever the unit, as PostgreSQL's
				// timestamp_trunc answers before it reads the unit.
				return args[1], nil
			}
			unit, err := unitArg(name, args)
			if err != nil {
				return value.None, err
			}
			if args[1].Kind() == value.KindDuration {
				r, err := truncInterval(unit, args[1].AsInterval())
				if err != nil {
					return value.None, err
				}
				return value.IntervalOf(r), nil
			}
			if _, err := timeArg(name, args, 1); err != nil {
				return value.None, err
			}
			if len(args) == 3 {
				if !args[1].HasTZ() {
					return value.None, noSQLFunc(name, args)
				}
				loc, err := zoneOf(args[2])
				if err != nil {
					return value.None, err
				}
				c = &Context{SQL: true, Zone: loc}
			}
			t, loc, err := c.wallTime(args[1])
			if err != nil {
				return value.None, err
			}
			r, ok := truncTime(unit, t)
			if !ok {
				if args[1].HasTZ() {
					return value.None, unitError(unit, "timestamp with time zone")
				}
				return value.None, unitError(unit, "timestamp without time zone")
			}
			if loc != nil && unitBelowDay(unit) {
				// Within the day the offset stays, as in PostgreSQL:
				// 01:30-04 in a repeated hour truncates to 01:00-04.
				return value.DatetimeIn(args[1].AsTime().Add(r.Sub(t)), true)
			}
			return fromWall(args[1], r, loc)
		}, ex(`"2024-05-01T00:00:00Z"`, vs("month"), t0)),
		sqlDef("extract", 2, 2, "extract(field FROM source): a field of a timestamp, date, time or interval, as numeric.", resultOf(value.TypeNumeric), extractFn(false),
			ex("2024", vs("year"), t0), ex("5.000000", vs("second"), t0)),
		sqlDef("date_part", 2, 2, "date_part(field, source): a field of a timestamp, date, time or interval, as double precision.", resultOf(value.TypeFloat8), extractFn(true),
			ex("5", vs("month"), t0)),
		sqlDef("timezone", 2, 2, "timezone(zone, t), t AT TIME ZONE zone: a timestamp with time zone as the wall-clock time in zone (a timestamp), or a timestamp's wall-clock time in zone as the moment it names (a timestamp with time zone). zone is a name (Europe/Paris, UTC), a POSIX offset ('+02' is two hours west of Greenwich) or an interval (two hours east).",
			func(args []value.Type) value.Type {
				if len(args) == 2 && args[1].Kind == value.KindDatetime && !args[1].WithTZ && !args[1].Date {
					return value.TypeTimestampTZ
				}
				if len(args) == 2 && args[1].Kind == value.KindTimeTZ {
					return value.TypeTimeTZ
				}
				return value.TypeTimestamp
			},
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				if args[1].Kind() == value.KindTimeTZ {
					return timeTZAtZone(c, args[0], args[1])
				}
				if args[1].Kind() != value.KindDatetime {
					return value.None, noSQLFunc(name, args)
				}
				loc, err := zoneOf(args[0])
				if err != nil {
					return value.None, err
				}
				t := args[1].AsTime()
				if args[1].IsDate() {
					// A date is the midnight of the session's zone it
					// converts to implicitly.
					session, err := c.zone()
					if err != nil {
						return value.None, err
					}
					t = value.WallTimeIn(t, session)
				}
				if args[1].HasTZ() || args[1].IsDate() {
					w := t.In(loc)
					return value.DatetimeIn(time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), w.Nanosecond(), time.UTC), false)
				}
				return value.DatetimeIn(value.WallTimeIn(t, loc), true)
			}, ex(`"2024-05-17T09:04:05Z"`, vs("America/New_York"), value.Datetime(time.Date(2024, 5, 17, 13, 4, 5, 0, time.UTC), true))),
		sqlDef("to_timestamp", 1, 2, "to_timestamp(seconds): the moment that many seconds after 1970-01-01 UTC; to_timestamp(text, format): the text read by a to_char template (YYYY, MM, DD, HH24, MI, SS, MS, US, Mon, AM, ...) as a time in the session time zone.", tstz,
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				if len(args) == 1 {
					switch v := args[0]; v.Kind() {
					case value.KindInt:
						return toTimestampEpoch(float64(v.AsInt()))
					case value.KindFloat:
						return toTimestampEpoch(v.AsFloat())
					case value.KindDecimal:
						f, _ := v.AsDecimal().Float64()
						return toTimestampEpoch(f)
					}
					return value.None, noSQLFunc(name, args)
				}
				t, tz, err := templateTime(name, args, false)
				if err != nil {
					return value.None, err
				}
				if tz != nil {
					// The template named its zone (TZH, TZM).
					return value.DatetimeIn(value.WallTimeIn(t, tz), true)
				}
				loc, err := c.zone()
				if err != nil {
					return value.None, err
				}
				// The template's fields are a wall-clock time in the
				// session time zone.
				return value.DatetimeIn(value.WallTimeIn(t, loc), true)
			}, ex(`"2023-11-14T22:13:20Z"`, vi4(1700000000))),
		sqlDef("to_date", 2, 2, "to_date(text, format): the date the text names by a to_char template (YYYY, MM, DD, Mon, ...).", date,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				t, _, err := templateTime(name, args, true)
				if err != nil {
					return value.None, err
				}
				d, err := value.DatetimeIn(t, false)
				if err != nil {
					return value.None, err
				}
				return value.DateOf(d), nil
			}, ex(`"2024-05-17T00:00:00Z"`, vs("17 May 2024"), vs("DD Mon YYYY"))),
		sqlDef("make_date", 3, 3, "make_date(year, month, day): a date.", date, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			f, err := sqlInts(name, args, 3)
			if err != nil {
				return value.None, err
			}
			t := time.Date(astroYear(f[0]), time.Month(f[1]), int(f[2]), 0, 0, 0, 0, time.UTC)
			if f[1] < 1 || f[1] > 12 || f[2] < 1 || t.Day() != int(f[2]) || f[0] == 0 {
				return value.None, errs.New(codeDatetimeOverflow, "date field value out of range: %d-%02d-%02d", f[0], f[1], f[2])
			}
			d, err := value.DatetimeIn(t, false)
			if err != nil {
				return value.None, errs.New(codeDatetimeOverflow, "date out of range: %d-%02d-%02d", f[0], f[1], f[2])
			}
			return value.DateOf(d), nil
		}, ex(`"2024-02-29T00:00:00Z"`, vi4(2024), vi4(2), vi4(29)), exErr(codeDatetimeOverflow, vi4(2023), vi4(2), vi4(29))),
		sqlDef("make_timestamp", 6, 6, "make_timestamp(year, month, day, hour, min, sec): a timestamp.", ts, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			f, sec, err := fieldsAndSeconds(name, args)
			if err != nil {
				return value.None, err
			}
			t, err := timestampOfFields(f, sec)
			if err != nil {
				return value.None, err
			}
			return value.DatetimeIn(t, false)
		}, ex(`"2024-05-17T13:04:05Z"`, vi4(2024), vi4(5), vi4(17), vi4(13), vi4(4), vf(5))),
		sqlDef("make_timestamptz", 6, 7, "make_timestamptz(year, month, day, hour, min, sec [, zone]): the moment that wall-clock time is in the zone (the session time zone when not given).", tstz, func(name string, c *Context, args []value.Value) (value.Value, error) {
			f, sec, err := fieldsAndSeconds(name, args[:6])
			if err != nil {
				return value.None, err
			}
			t, err := timestampOfFields(f, sec)
			if err != nil {
				return value.None, err
			}
			var loc *time.Location
			if len(args) == 7 {
				loc, err = zoneOf(args[6])
			} else {
				loc, err = c.zone()
			}
			if err != nil {
				return value.None, err
			}
			return value.DatetimeIn(value.WallTimeIn(t, loc), true)
		}, ex(`"2024-05-17T11:04:05Z"`, vi4(2024), vi4(5), vi4(17), vi4(13), vi4(4), vf(5), vs("Europe/Paris"))),
		sqlDef("make_time", 3, 3, "make_time(hour, min, sec): a time of day (time without time zone).", resultOf(value.TypeTime), func(name string, _ *Context, args []value.Value) (value.Value, error) {
			hm, sec, err := fieldsAndSeconds(name, args)
			if err != nil {
				return value.None, err
			}
			return value.MakeTime(hm[0], hm[1], sec)
		}, ex(`"01:02:03.5"`, vi4(1), vi4(2), vf(3.5)), exErr(codeDatetimeOverflow, vi4(25), vi4(0), vf(0))),
		sqlDef("to_char", 2, 2, "to_char(timestamp or number, format): the timestamp formatted by a template (YYYY, MM, DD, HH24, MI, SS, Month, Day, ...), or the number (9, 0, ., ,, D, G, S, MI, PL, SG, PR, FM, L, V, EEEE, TH, RN).", resultOf(value.TypeText),
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				f, err := sqlStrings(name, args, 1)
				if err != nil {
					return value.None, err
				}
				switch args[0].Kind() {
				case value.KindInt, value.KindFloat, value.KindDecimal:
					s, err := toCharNumber(args[0], f[0])
					if err != nil {
						return value.None, err
					}
					return value.String(s), nil
				case value.KindDuration, value.KindTime:
					// PostgreSQL's to_char of a time is that of the interval
					// it casts to.
					iv := value.Interval{Micros: args[0].AsTimeOfDay()}
					if args[0].Kind() == value.KindDuration {
						iv = args[0].AsInterval()
					}
					s, err := toChar(intervalFields(iv), f[0])
					if err != nil {
						return value.None, err
					}
					return value.String(s), nil
				}
				if _, err := timeArg(name, args, 0); err != nil {
					return value.None, err
				}
				t, loc, err := c.wallTime(args[0])
				if err != nil {
					return value.None, err
				}
				var z toCharZone
				if loc != nil {
					z.abbrev, z.east = args[0].AsTime().In(loc).Zone()
				}
				s, err := toChar(timestampFields(t, z), f[0])
				if err != nil {
					return value.None, err
				}
				return value.String(s), nil
			}, ex(`"2024-05-17 13:04:05"`, t0, vs("YYYY-MM-DD HH24:MI:SS")), ex(`"May 17, Friday"`, t0, vs("FMMonth DD, FMDay")),
			ex(`"37:05:00"`, value.IntervalOf(value.Interval{Micros: 37*3_600_000_000 + 5*60_000_000}), vs("HH24:MI:SS")),
			ex(`"01 PM"`, value.TimeOfDay(13*3_600_000_000), vs("HH AM")),
			exErr(errs.InvalidDatetimeFormat, value.TimeOfDay(0), vs("Day"))),
		sqlDef("to_number", 2, 2, "to_number(text, format): the numeric the text spells by a to_char number template (9, 0, ., ,, D, G, S, MI, PL, SG, PR, L, FM, V, TH); characters the template does not expect are passed over.", resultOf(value.TypeNumeric),
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				s, err := sqlStrings(name, args, 0, 1)
				if err != nil {
					return value.None, err
				}
				return toNumber(s[0], s[1])
			}, ex("-12454.8", vs("12,454.8-"), vs("99G999D9S")), ex("12", vs("$12"), vs("L99")), ex("0.1200000000000000", vs("12"), vs("9V99")),
			exErr(errs.FeatureNotSupported, vs("XII"), vs("RN")), exErr(errs.NumericValueOutOfRange, vs("12"), vs("9.9"))),
	}
}

// timeTZAtZone is timetz AT TIME ZONE zone, PostgreSQL's timetz_zone
// and timetz_izone: the offset of an interval, or of a zone as it is at
// the statement's start (so a constant one is not folded into a plan).
func timeTZAtZone(c *Context, zone, t value.Value) (value.Value, error) {
	loc, err := zoneOf(zone)
	if err != nil {
		return value.None, err
	}
	if zone.Kind() != value.KindDuration && c != nil && c.Folding {
		return value.None, value.ErrZoneUnknown
	}
	_, east := c.now().In(loc).Zone()
	return value.TimeTZAt(t, east)
}

// zoneOf is AT TIME ZONE's zone: an interval is an offset east of UTC; a
// text a zone abbreviation, a zone name or a POSIX specification ('+02'
// is two hours west of Greenwich), as PostgreSQL reads it
// (value.ZoneNamed).
func zoneOf(z value.Value) (*time.Location, error) {
	switch z.Kind() {
	case value.KindDuration:
		iv := z.AsInterval()
		if iv.Months != 0 || iv.Days != 0 {
			return nil, errs.New(errs.InvalidParameterValue, "interval time zone \"%s\" must not include months or days", value.CastText(z))
		}
		return time.FixedZone("", int(iv.Micros/1_000_000)), nil
	case value.KindString:
	default:
		return nil, errs.New(errs.InvalidParameterValue, "time zone must be text or an interval")
	}
	name := strings.TrimSpace(z.AsString())
	loc := value.ZoneNamed(name)
	if loc == nil {
		return nil, errs.New(errs.InvalidParameterValue, "time zone \"%s\" not recognized", name)
	}
	return loc, nil
}

// timestampOfFields is the UTC time of make_timestamp's year, month, day,
// hour and minute (f) and seconds, refusing as PostgreSQL does a date
// no calendar has (date field value out of range) and a time of day
// outside 00:00:00 to 24:00:00 (time field value out of range).
func timestampOfFields(f []int64, sec float64) (time.Time, error) {
	day := time.Date(astroYear(f[0]), time.Month(f[1]), int(f[2]), 0, 0, 0, 0, time.UTC)
	if f[0] == 0 || f[1] < 1 || f[1] > 12 || f[2] < 1 || day.Day() != int(f[2]) {
		return time.Time{}, errs.New(codeDatetimeOverflow, "date field value out of range: %d-%02d-%02d", f[0], f[1], f[2])
	}
	if f[3] < 0 || f[4] < 0 || f[4] > 59 || sec < 0 || sec > 60 || f[3] > 24 || f[3] == 24 && (f[4] > 0 || sec > 0) {
		return time.Time{}, errs.New(codeDatetimeOverflow, "time field value out of range: %d:%02d:%s", f[3], f[4], secondsText(sec))
	}
	return day.Add(time.Duration(f[3])*time.Hour + time.Duration(f[4])*time.Minute + time.Duration(sec*1e9)), nil
}

// secondsText writes seconds as C's %02g does.
func secondsText(sec float64) string {
	t := strconv.FormatFloat(sec, 'g', 6, 64)
	if len(t) < 2 {
		t = "0" + t
	}
	return t
}
