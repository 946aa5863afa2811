package builtin

import (
	"testing"
	"time"

	"github.com/zerodb/zerodb/engine/value"
)

// TestTimestamptzFunctionsInZone: the SQL functions that take a
// timestamptz apart do it in the session time zone (results as
// PostgreSQL 15 gives them with TimeZone America/New_York); epoch stays
// absolute. While the optimizer folds (Folding), they leave the call for
// run time.
func TestTimestamptzFunctionsInZone(t *testing.T) {
	ny, _, err := value.LoadZone("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	tz := func(s string) value.Value {
		v, err := value.ParseText(s, value.TypeTimestampTZ)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	ts := func(s string) value.Value {
		v, err := value.ParseText(s, value.TypeTimestamp)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	r := NewRegistry()
	c := &Context{SQL: true, Zone: ny, Now: time.Date(2024, 3, 11, 2, 0, 0, 0, time.UTC)}
	for _, tc := range []struct {
		fn   string
		args []value.Value
		want string // the result's text in the zone
	}{
		{"sql::date_trunc", []value.Value{vs("day"), tz("2024-01-01 03:00+00")}, "2023-12-31 00:00:00-05"},
		{"sql::date_trunc", []value.Value{vs("day"), tz("2024-03-10 12:00+00")}, "2024-03-10 00:00:00-05"},
		{"sql::date_trunc", []value.Value{vs("hour"), tz("2024-11-03 01:30-04")}, "2024-11-03 01:00:00-04"},
		{"sql::date_trunc", []value.Value{vs("month"), tz("2024-07-01 02:00+00")}, "2024-06-01 00:00:00-04"},
		{"sql::date_trunc", []value.Value{vs("day"), tz("2024-01-01 03:00+00"), vs("Asia/Tokyo")}, "2023-12-31 10:00:00-05"},
		{"sql::date_trunc", []value.Value{vs("day"), ts("2024-01-01 03:00")}, "2024-01-01 00:00:00"},
		{"sql::extract", []value.Value{vs("hour"), tz("2024-01-01 10:00+00")}, "5"},
		{"sql::extract", []value.Value{vs("day"), tz("2024-01-01 03:00+00")}, "31"},
		{"sql::extract", []value.Value{vs("timezone"), tz("2024-01-01 10:00+00")}, "-18000"},
		{"sql::extract", []value.Value{vs("timezone_hour"), tz("2024-07-01 10:00+00")}, "-4"},
		{"sql::extract", []value.Value{vs("epoch"), tz("2024-01-01 10:00+00")}, "1704103200.000000"},
		{"sql::to_char", []value.Value{tz("2024-07-04 20:00+00"), vs("Day DD Mon YYYY HH12:MI AM")}, "Thursday  04 Jul 2024 04:00 PM"},
		{"sql::to_char", []value.Value{tz("2024-01-01 10:00+00"), vs("TZ tz OF TZH TZM")}, "EST est -05 -05 00"},
		{"sql::to_char", []value.Value{ts("2024-01-01 10:00"), vs("TZ|OF|TZH")}, "|+00|+00"},
		{"sql::timezone", []value.Value{vs("Asia/Kolkata"), tz("2024-01-01 10:00+00")}, "2024-01-01 15:30:00"},
		{"sql::timezone", []value.Value{vs("UTC"), ts("2024-01-01 10:00")}, "2024-01-01 05:00:00-05"},
		{"sql::age", []value.Value{tz("2024-03-11 00:00-04"), tz("2024-03-09 00:00-05")}, "2 days"},
		{"sql::age", []value.Value{tz("2024-03-09 00:00-05")}, "1 day"}, // from midnight of 2024-03-10 in New York
		{"sql::to_timestamp", []value.Value{vs("2024-01-01 10:00"), vs("YYYY-MM-DD HH24:MI")}, "2024-01-01 10:00:00-05"},
		{"sql::concat", []value.Value{vs("at "), tz("2024-01-01 10:00+00")}, "at 2024-01-01 05:00:00-05"},
		{"sql::format", []value.Value{vs("%s|%L"), tz("2024-01-01 10:00+00"), tz("2024-01-01 10:00+00")}, "2024-01-01 05:00:00-05|'2024-01-01 05:00:00-05'"},
		{"sql::to_jsonb", []value.Value{tz("2024-01-01 10:00+00")}, "2024-01-01T05:00:00-05:00"},
	} {
		f, ok := r.Lookup(tc.fn)
		if !ok {
			t.Fatalf("no %s", tc.fn)
		}
		v, err := f.Call(c, tc.args)
		if err != nil {
			t.Errorf("%s%v: %v", tc.fn, tc.args, err)
			continue
		}
		got, err := value.AppendTextIn(nil, v, value.TypeOf(v), ny)
		if err != nil || string(got) != tc.want {
			t.Errorf("%s%v = %q, %v; want %q", tc.fn, tc.args, got, err, tc.want)
		}
		// A timestamptz taken apart or made from fields needs the
		// session's zone; given a zone (AT TIME ZONE, date_trunc's third argument), it does not.
		needs := tc.fn == "sql::to_timestamp"
		for _, a := range tc.args {
			needs = needs || a.HasTZ()
		}
		if tc.fn == "sql::timezone" || len(tc.args) == 3 && tc.fn == "sql::date_trunc" {
			needs = false
		}
		if _, err := f.Call(&Context{SQL: true, Folding: true}, tc.args); (err == value.ErrZoneUnknown) != needs {
			t.Errorf("%s%v while folding: %v", tc.fn, tc.args, err)
		}
	}
}
