package builtin

import (
	"time"

	"github.com/zerodb/zerodb/engine/value"
)

// SQL's timestamp with time zone is an absolute moment that is written,
// read and taken apart in the session time zone (Context.Zone): its
// fields (extract, date_trunc, to_char) are those of its wall-clock time
// there, as PostgreSQL's STABLE timestamptz functions have them. ZQL's
// datetimes are UTC.

// SessionZone is the time zone SQL's timestamptz values are read,
// written and taken apart in: the session's zone (UTC when it has none),
// UTC for ZQL (sql unset), and nil while the optimizer folds a constant
// (folding), for which the caller reports value.ErrZoneUnknown and the
// conversion is left for run time. The executor's conversions and the
// builtins both ask it.
func SessionZone(sql, folding bool, zone *time.Location) *time.Location {
	switch {
	case !sql:
		return time.UTC
	case folding:
		return nil
	case zone == nil:
		return time.UTC
	}
	return zone
}

// zone is SessionZone for a builtin's call, value.ErrZoneUnknown while
// folding.
func (c *Context) zone() (*time.Location, error) {
	if c == nil {
		return time.UTC, nil
	}
	if loc := SessionZone(c.SQL, c.Folding, c.Zone); loc != nil {
		return loc, nil
	}
	return nil, value.ErrZoneUnknown
}

// wallTime is a datetime argument's fields as a UTC time: a
// timestamptz's wall-clock time in the session time zone, which loc
// returns (nil for a timestamp or a date, whose fields are its own).
func (c *Context) wallTime(v value.Value) (w time.Time, loc *time.Location, err error) {
	t := v.AsTime()
	if !v.HasTZ() {
		return t, nil, nil
	}
	if loc, err = c.zone(); err != nil {
		return time.Time{}, nil, err
	}
	if loc == time.UTC {
		return t, loc, nil
	}
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), time.UTC), loc, nil
}

// fromWall is the datetime of v's flavour whose fields are w's: for a
// timestamptz (loc set) the moment w's wall-clock time names in loc.
func fromWall(v value.Value, w time.Time, loc *time.Location) (value.Value, error) {
	if loc != nil && loc != time.UTC {
		w = value.WallTimeIn(w, loc)
	}
	return value.DatetimeIn(w, v.HasTZ())
}

// textZone is the zone v's text is written in: the session's for a
// datetime or a list (which may hold one), else UTC, which every other
// value's text ignores (so that a constant call on them still folds).
func (c *Context) textZone(v value.Value) (*time.Location, error) {
	switch v.Kind() {
	case value.KindDatetime, value.KindList, value.KindTuple:
		return c.zone()
	}
	return time.UTC, nil
}
