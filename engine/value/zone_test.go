package value

import (
	"testing"
	"time"

	"github.com/zerodb/zerodb/errs"
)

// TestLoadZone: TimeZone's values as PostgreSQL 15 reads them (checked
// against it): the name SHOW gives and the offsets east in January and
// July 2024.
func TestLoadZone(t *testing.T) {
	for _, c := range []struct {
		in, name       string
		winter, summer int // seconds east of UTC
	}{
		{"UTC", "UTC", 0, 0},
		{"utc", "UTC", 0, 0},
		{"america/new_york", "America/New_York", -5 * 3600, -4 * 3600},
		{"Asia/Kolkata", "Asia/Kolkata", 19800, 19800},
		{"EST5EDT", "EST5EDT", -5 * 3600, -4 * 3600},
		{"2", "<+02>-02", 7200, 7200},
		{" 2", "<+02>-02", 7200, 7200},
		{"+02", "<+02>-02", 7200, 7200},
		{"-5", "<-05>+05", -5 * 3600, -5 * 3600},
		{"-5.5", "<-05:30>+05:30", -19800, -19800},
		{"1.5e1", "<+15>-15", 15 * 3600, 15 * 3600},
		{"UTC+3", "UTC+3", -3 * 3600, -3 * 3600}, // POSIX: west
		{"GMT-2", "GMT-2", 7200, 7200},
		{"-05:30", "-05:30", 19800, 19800},
		{"+02:30", "+02:30", -9000, -9000},
		{"XYZ5", "XYZ5", -5 * 3600, -5 * 3600},
		{"AB5", "AB5", -5 * 3600, -5 * 3600},
		{"<+03>-3", "<+03>-3", 3 * 3600, 3 * 3600},
		{"<+02>-02", "<+02>-02", 7200, 7200},
		{"<-05:30>+05:30", "<-05:30>+05:30", -19800, -19800},
		{"ABC5DEF", "ABC5DEF", -5 * 3600, -4 * 3600}, // US rules by default
		{"EST5EDT4,M3.2.0,M11.1.0", "EST5EDT4,M3.2.0,M11.1.0", -5 * 3600, -4 * 3600},
		{"EST5EDT,M3.2.0/2,M11.1.0/2:00", "EST5EDT,M3.2.0/2,M11.1.0/2:00", -5 * 3600, -4 * 3600},
		{"AAA3BBB,J60,300", "AAA3BBB,J60,300", -3 * 3600, -2 * 3600},
		{"INTERVAL '02:00:00'", "<+02>-02", 7200, 7200},
		{"interval '-05:30:00'", "<-05:30>+05:30", -19800, -19800},
	} {
		loc, name, err := LoadZone(c.in)
		if err != nil {
			t.Errorf("LoadZone(%q): %v", c.in, err)
			continue
		}
		_, w := time.Date(2024, 1, 15, 12, 0, 0, 0, time.UTC).In(loc).Zone()
		_, s := time.Date(2024, 7, 15, 12, 0, 0, 0, time.UTC).In(loc).Zone()
		if name != c.name || w != c.winter || s != c.summer {
			t.Errorf("LoadZone(%q) = %q %d %d, want %q %d %d", c.in, name, w, s, c.name, c.winter, c.summer)
		}
		// What SHOW gives reads back as the same zone.
		if _, again, err := LoadZone(name); err != nil || again != name {
			t.Errorf("LoadZone(%q) = %q, %v", name, again, err)
		}
	}
	for _, in := range []string{"", "Z", "foo", "Foo/Bar", "200", "INTERVAL '1 day'", "INTERVAL '1 month'", "<+03", "nan", "inf",
		"ABC5DEF,garbage", "ABC5DEF,M3.2.0", "ABC5DEF,M13.2.0,M11.1.0", "ABC5DEF,J0,J100"} {
		if _, _, err := LoadZone(in); errs.Code(err) != errs.InvalidParameterValue {
			t.Errorf("LoadZone(%q): %v, want 22023", in, err)
		}
	}
}

// TestTimestamptzInZone: text output and input of timestamptz, and the
// conversions between timestamptz, timestamp, date and text, in a
// session time zone (results as PostgreSQL 15 gives them).
func TestTimestamptzInZone(t *testing.T) {
	zone := func(name string) *time.Location {
		loc, _, err := LoadZone(name)
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	ny, kolkata, ams := zone("America/New_York"), zone("Asia/Kolkata"), zone("Europe/Amsterdam")
	for _, c := range []struct {
		loc      *time.Location
		in       string
		from, to Type
		want     string
	}{
		{ny, "2024-01-01 10:00:00+00", TypeText, TypeTimestampTZ, "2024-01-01 05:00:00-05"},
		{ny, "2024-07-01 10:00", TypeText, TypeTimestampTZ, "2024-07-01 10:00:00-04"},
		{ny, "2024-03-10 02:30", TypeText, TypeTimestampTZ, "2024-03-10 03:30:00-04"}, // a gap: the offset before it
		{ny, "2024-11-03 01:30", TypeText, TypeTimestampTZ, "2024-11-03 01:30:00-05"}, // repeated: the later
		{ny, "2024-01-01 12:00 Europe/Paris", TypeText, TypeTimestampTZ, "2024-01-01 06:00:00-05"},
		{ny, "epoch", TypeText, TypeTimestampTZ, "1969-12-31 19:00:00-05"},
		{ny, "infinity", TypeText, TypeTimestampTZ, "infinity"},
		{kolkata, "2024-01-01 10:00:00.5+00", TypeText, TypeTimestampTZ, "2024-01-01 15:30:00.5+05:30"},
		{ams, "1900-01-01 00:00", TypeText, TypeTimestampTZ, "1900-01-01 00:00:00+00:19:32"},
		{ny, "2024-01-01 10:00:00+00", TypeTimestampTZ, TypeTimestamp, "2024-01-01 05:00:00"},
		{ny, "2024-01-01 10:00", TypeTimestamp, TypeTimestampTZ, "2024-01-01 10:00:00-05"},
		{ny, "2024-01-01 03:00+00", TypeTimestampTZ, TypeDate, "2023-12-31"},
		{ny, "2024-01-01", TypeDate, TypeTimestampTZ, "2024-01-01 00:00:00-05"},
		{ny, "2024-01-01 10:00", TypeTimestamp, TypeDate, "2024-01-01"},
		{ny, "2024-01-01 10:00+00", TypeTimestampTZ, TypeText, "2024-01-01 05:00:00-05"},
		{time.UTC, "2024-01-01 10:00+02", TypeText, TypeTimestampTZ, "2024-01-01 08:00:00+00"},
	} {
		v, err := ParseTextIn(c.in, c.from, c.loc)
		if err == nil {
			v, err = ConvertIn(v, c.to, c.loc)
		}
		if err != nil {
			t.Errorf("%s %q as %s: %v", c.loc, c.in, c.to.SQLName(), err)
			continue
		}
		b, err := AppendTextIn(nil, v, c.to, c.loc)
		if got := string(b); err != nil || got != c.want {
			t.Errorf("%s %q as %s = %q, %v; want %q", c.loc, c.in, c.to.SQLName(), got, err, c.want)
		}
	}
}

// TestZoneUnknown: without a zone (plan time), what depends on it fails
// with ErrZoneUnknown, which has no SQLSTATE, and what does not is done.
func TestZoneUnknown(t *testing.T) {
	for _, c := range []struct {
		in       string
		from, to Type
		unknown  bool
	}{
		{"2024-01-01 10:00", TypeText, TypeTimestampTZ, true},
		{"now", TypeText, TypeTimestampTZ, true},
		{"today", TypeText, TypeDate, true},
		{"2024-01-01 10:00+02", TypeText, TypeTimestampTZ, false},
		{"2024-01-01 10:00 UTC", TypeText, TypeTimestampTZ, false},
		{"epoch", TypeText, TypeTimestampTZ, false},
		{"2024-01-01 10:00", TypeText, TypeTimestamp, false},
		{"2024-01-01", TypeText, TypeDate, false},
		{"2024-01-01 10:00+02", TypeTimestampTZ, TypeText, true},
		{"2024-01-01 10:00+02", TypeTimestampTZ, TypeTimestamp, true},
		{"2024-01-01 10:00+02", TypeTimestampTZ, TypeDate, true},
		{"2024-01-01", TypeDate, TypeTimestampTZ, true},
		{"2024-01-01 10:00", TypeTimestamp, TypeDate, false},
		{"infinity", TypeTimestamp, TypeTimestampTZ, false},
	} {
		v, err := String(c.in), error(nil)
		if c.from.Kind != KindString {
			v, err = ParseTextIn(c.in, c.from, time.UTC)
		}
		if err == nil {
			_, err = ConvertIn(v, c.to, nil)
		}
		if got := err == ErrZoneUnknown; got != c.unknown {
			t.Errorf("%q %s → %s without a zone: %v", c.in, c.from.SQLName(), c.to.SQLName(), err)
		}
	}
}

// TestArithInZone: timestamptz ± interval moves months and days in the
// session time zone, the time absolutely, as PostgreSQL does.
func TestArithInZone(t *testing.T) {
	ny, _, _ := LoadZone("America/New_York")
	for _, c := range []struct {
		t, iv, want string
	}{
		{"2024-03-09 12:00", "1 day", "2024-03-10 12:00:00-04"},
		{"2024-03-09 12:00", "24 hours", "2024-03-10 13:00:00-04"},
		{"2024-11-03 00:30", "1 day", "2024-11-04 00:30:00-05"},
		{"2024-11-03 00:30", "1 hour", "2024-11-03 01:30:00-04"},
		{"2024-01-31 12:00", "1 month", "2024-02-29 12:00:00-05"},
		{"2024-02-10 12:00", "1 month 1 day 1 hour", "2024-03-11 13:00:00-04"},
	} {
		tv, err := ParseTextIn(c.t, TypeTimestampTZ, ny)
		if err != nil {
			t.Fatal(err)
		}
		iv, err := ParseText(c.iv, TypeInterval)
		if err != nil {
			t.Fatal(err)
		}
		v, err := ArithIn(Add, tv, iv, ny)
		if err != nil {
			t.Fatal(err)
		}
		_, err = ArithIn(Add, tv, iv, nil)
		if got, _ := AppendTextIn(nil, v, TypeTimestampTZ, ny); string(got) != c.want {
			t.Errorf("%s + %s = %s, want %s", c.t, c.iv, got, c.want)
		}
		if iv := iv.AsInterval(); (iv.Months != 0 || iv.Days != 0) != (err == ErrZoneUnknown) {
			t.Errorf("%s + %s without a zone: %v", c.t, c.iv, err)
		}
	}
}

// TestSQLJSONInZone: to_jsonb's form of a timestamptz has the session
// zone's offset with minutes, as PostgreSQL's JSON does.
func TestSQLJSONInZone(t *testing.T) {
	kolkata, _, _ := LoadZone("Asia/Kolkata")
	ny, _, _ := LoadZone("America/New_York")
	v, err := ParseText("2024-01-01 10:00:00+00", TypeTimestampTZ)
	if err != nil {
		t.Fatal(err)
	}
	for loc, want := range map[*time.Location]string{
		nil:     `"2024-01-01T10:00:00+00:00"`,
		ny:      `"2024-01-01T05:00:00-05:00"`,
		kolkata: `"2024-01-01T15:30:00+05:30"`,
	} {
		if got := string(AppendJSON(nil, SQLJSON(v, loc))); got != want {
			t.Errorf("SQLJSON in %v = %s, want %s", loc, got, want)
		}
	}
}

// TestZoneNamed: AT TIME ZONE's zones, as PostgreSQL 15 reads them.
func TestZoneNamed(t *testing.T) {
	at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for name, east := range map[string]int{
		"america/new_york": -5 * 3600, "est": -5 * 3600, "UTC+3": -3 * 3600, "+02": -2 * 3600,
		"-05:30": 19800, "EST5EDT": -5 * 3600, "z": 0, "UTC": 0, "Etc/UTC": 0,
	} {
		loc := ZoneNamed(name)
		if loc == nil {
			t.Errorf("ZoneNamed(%q) = nil", name)
			continue
		}
		if _, got := at.In(loc).Zone(); got != east {
			t.Errorf("ZoneNamed(%q) is %d east, want %d", name, got, east)
		}
	}
	for _, name := range []string{"Foo", "", "Foo/Bar"} {
		if ZoneNamed(name) != nil {
			t.Errorf("ZoneNamed(%q) is a zone", name)
		}
	}
}
