package builtin

import (
	"math"
	"time"

	"github.com/google/uuid"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

func timeFuncs() []*Func {
	now := def("now", 0, 0, "The time the statement started (stable within a statement), a datetime in UTC.",
		func(c *Context, _ []value.Value) (value.Value, error) {
			return value.Datetime(c.now(), true), nil
		}, ex("<datetime>"))
	now.Pure = false
	return []*Func{
		now,
		def("datetime", 1, 1, `A datetime from RFC 3339 text ("2024-05-01T10:00:00Z"; a space may stand for the T, the zone defaults to UTC, a date alone is midnight) or from unix seconds (an int or float).`,
			func(_ *Context, args []value.Value) (value.Value, error) {
				switch v := args[0]; v.Kind() {
				case value.KindDatetime:
					return value.Datetime(v.AsTime(), true), nil
				case value.KindString:
					return value.ParseDatetime(v.AsString())
				case value.KindInt, value.KindFloat, value.KindDecimal:
					f, _ := value.ToFloat(v)
					us := math.Round(f * 1e6)
					if math.IsNaN(us) || us >= math.MaxInt64 || us <= math.MinInt64 {
						return value.None, errs.New("22008", "timestamp out of range")
					}
					return value.DatetimeIn(time.UnixMicro(int64(us)), true)
				}
				return value.None, argErr("datetime", 0, "a string or number", args[0])
			},
			ex(`"2024-05-01T08:00:00Z"`, vs("2024-05-01T10:00:00+02:00")), ex(`"1970-01-02T00:00:00Z"`, vi(86400))),
		def("duration", 1, 1, `A duration from Go duration text ("1h30m", "1.5s", "300ms") with the extra units d (24h) and w (7d), kept to the microsecond, or from SQL interval text ("1 mon 2 days"), whose months and days stay calendar months and days.`,
			func(_ *Context, args []value.Value) (value.Value, error) {
				switch v := args[0]; v.Kind() {
				case value.KindDuration:
					return v, nil
				case value.KindString:
					return value.ParseDuration(v.AsString())
				}
				return value.None, argErr("duration", 0, "a string", args[0])
			},
			ex(`"25h30m0s"`, vs("1d1h30m"))),
		def("time", 1, 1, `A time of day (SQL's time without time zone) from text in PostgreSQL's forms ("12:34:56.5", "1:02 PM", "allballs") or the time of day of a datetime (UTC).`,
			func(_ *Context, args []value.Value) (value.Value, error) {
				switch v := args[0]; v.Kind() {
				case value.KindTime, value.KindString, value.KindDatetime:
					return value.Convert(v, value.TypeTime)
				}
				return value.None, argErr("time", 0, "a string or datetime", args[0])
			},
			ex(`"13:02:00"`, vs("1:02 PM")), ex(`"10:30:00"`, value.Datetime(time.Date(2024, 5, 1, 10, 30, 0, 0, time.UTC), true))),
	}
}

// recordID finds the record id of a record id or of a record (its id
// field).
func recordID(fn string, v value.Value) (value.RecordID, error) {
	switch v.Kind() {
	case value.KindRecordID:
		return v.AsRecordID(), nil
	case value.KindObject:
		if id, ok := v.AsObject().Get("id"); ok && id.Kind() == value.KindRecordID {
			return id.AsRecordID(), nil
		}
	}
	return value.RecordID{}, argErr(fn, 0, "a record or record id", v)
}

func idFuncs() []*Func {
	persons := value.RecordIDOf("persons", value.Symbol("john"))
	rec := vobj("id", persons, "name", vs("John"))
	u := def("uuid", 0, 1, "A new random (version 4) uuid, or the uuid written in the string argument.",
		func(_ *Context, args []value.Value) (value.Value, error) {
			if len(args) == 0 {
				u, err := uuid.NewRandom()
				if err != nil {
					return value.None, errs.Wrap(errs.InternalError, err, "uuid")
				}
				return value.UUID(u), nil
			}
			if args[0].Kind() == value.KindUUID {
				return args[0], nil
			}
			if args[0].Kind() != value.KindString {
				return value.None, argErr("uuid", 0, "a string", args[0])
			}
			return value.ParseText(args[0].AsString(), value.TypeUUID)
		},
		ex("<uuid>"), ex(`"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"`, vs("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11")))
	u.Pure = false
	return []*Func{
		def("id", 1, 1, "The record id of a record (its id field); a record id is returned as is.",
			func(_ *Context, args []value.Value) (value.Value, error) {
				r, err := recordID("id", args[0])
				if err != nil {
					return value.None, err
				}
				return value.RecordIDOf(r.Table, r.Key), nil
			},
			ex(`"persons.@john"`, rec)),
		def("table", 1, 1, "The table of a record id (or of a record) as a symbol.",
			func(_ *Context, args []value.Value) (value.Value, error) {
				r, err := recordID("table", args[0])
				if err != nil {
					return value.None, err
				}
				return value.Symbol(r.Table), nil
			},
			ex(`"@persons"`, persons)),
		def("key", 1, 1, "The key of a record id (or of a record): a symbol, int, string, uuid or tuple.",
			func(_ *Context, args []value.Value) (value.Value, error) {
				r, err := recordID("key", args[0])
				if err != nil {
					return value.None, err
				}
				return r.Key, nil
			},
			ex(`"@john"`, persons), ex("42", value.RecordIDOf("persons", vi(42)))),
		u,
	}
}
