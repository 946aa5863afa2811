package value

import (
	"bytes"
	"testing"
	"time"

	"github.com/zerodb/zerodb/errs"
	"pgregory.net/rapid"
)

// The expectations are PostgreSQL 15's, with TimeZone as given.
func TestParseTimeTZ(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip(err)
	}
	for _, c := range []struct {
		in   string
		prec int8 // TimePrec: p+1, 0 none
		loc  *time.Location
		want string
		code string
	}{
		{in: "13:04:05.5+02", want: "13:04:05.5+02"},
		{in: "13:04:05-03:30", want: "13:04:05-03:30"},
		{in: "13:04:05 -0330", want: "13:04:05-03:30"},
		{in: "13:04:05 +02", want: "13:04:05+02"},
		{in: "13:04:05+2", want: "13:04:05+02"},
		{in: "13:04:05+02:30:15", want: "13:04:05+02:30:15"},
		{in: "13:04:05+15:59:59", want: "13:04:05+15:59:59"},
		{in: "13:04:05 PST", want: "13:04:05-08"},
		{in: "13:04:05 UTC", want: "13:04:05+00"},
		{in: "13:04:05 z", want: "13:04:05+00"},
		{in: "1:04 PM +02", want: "13:04:00+02"},
		{in: "T13:04:05+02", want: "13:04:05+02"},
		{in: "24:00:00+02", want: "24:00:00+02"},
		{in: "allballs", loc: ny, want: "00:00:00+00"},
		{in: "13:04:05", want: "13:04:05+00"},
		{in: "2020-07-01 13:04:05", loc: ny, want: "13:04:05-04"},
		{in: "2020-01-01 13:04:05", loc: ny, want: "13:04:05-05"},
		{in: "2020-07-01 13:04:05 America/New_York", want: "13:04:05-04"},
		{in: "2020-01-01 13:04:05 America/New_York", want: "13:04:05-05"},
		{in: "13:04:05.123456789+02", want: "13:04:05.123457+02"},
		{in: "13:04:05.5+02", prec: 1, want: "13:04:06+02"},
		{in: "13:04:05+16", code: errs.InvalidTimeZoneDisplacement},
		{in: "04:05 America/New_York", code: errs.InvalidDatetimeFormat},
		{in: "13:04:05 +02 PST", code: errs.InvalidDatetimeFormat},
		{in: "abc", code: errs.InvalidDatetimeFormat},
		{in: "25:00+02", code: codeDatetimeOverflow},
		{in: "13:04:05", loc: nil, code: "zone unknown"},
	} {
		loc := c.loc
		if loc == nil && c.code != "zone unknown" {
			loc = time.UTC
		}
		v, err := parseTimeTZ(c.in, c.prec, loc)
		if c.code == "zone unknown" {
			if err != ErrZoneUnknown {
				t.Errorf("timetz %q without a zone = %v, %v", c.in, v, err)
			}
			continue
		}
		if c.code != "" {
			if errs.Code(err) != c.code {
				t.Errorf("timetz %q = %v, %v; want error %s", c.in, v, err, c.code)
			}
			continue
		}
		if err != nil {
			t.Errorf("timetz %q: %v", c.in, err)
			continue
		}
		if got, _ := AppendText(nil, v, TypeTimeTZ); string(got) != c.want {
			t.Errorf("timetz %q = %s, want %s", c.in, got, c.want)
		}
	}
	if _, err := parseTimeTZ("abc", 0, time.UTC); err == nil || err.Error() != `invalid input syntax for type time with time zone: "abc"` {
		t.Errorf("message: %v", err)
	}
}

func mustTimeTZ(t *testing.T, s string) Value { return mustParse(t, s, TypeTimeTZ) }

// TestCompareTimeTZ: PostgreSQL's timetz_cmp, the UTC instant first and
// then the offset (west of UTC first).
func TestCompareTimeTZ(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"13:04:05+02", "12:04:05+01", -1}, // same instant: +02 is further east
		{"12:04:05+01", "13:04:05+02", 1},
		{"13:04:05+02", "13:04:05+02", 0},
		{"11:04:05+00", "13:04:05+02", 1},
		{"13:00+02", "12:00+00", -1}, // 11:00 UTC before 12:00 UTC
		{"00:00+15:59:59", "24:00-15:59:59", -1},
	} {
		a, b := mustTimeTZ(t, c.a), mustTimeTZ(t, c.b)
		if got := Compare(a, b); got != c.want {
			t.Errorf("Compare(%s, %s) = %d, want %d", c.a, c.b, got, c.want)
		}
		if Equal(a, b) != (c.want == 0) {
			t.Errorf("Equal(%s, %s) = %v", c.a, c.b, Equal(a, b))
		}
	}
	if Compare(mustParse(t, "12:00", TypeTime), mustTimeTZ(t, "12:00+00")) == 0 {
		t.Error("a time equals a timetz")
	}
}

func TestTimeTZArith(t *testing.T) {
	iv := func(s string) Value { return mustInterval(t, s) }
	for _, c := range []struct {
		op   ArithOp
		a, b Value
		want string
	}{
		{Add, mustTimeTZ(t, "13:04:05-03:30"), iv("12 hours"), "01:04:05-03:30"},
		{Add, iv("12 hours"), mustTimeTZ(t, "13:04:05-03:30"), "01:04:05-03:30"},
		{Sub, mustTimeTZ(t, "13:04:05-03:30"), iv("14 hours"), "23:04:05-03:30"},
		{Add, DateOf(mustTimestamp(t, "2020-01-01")), mustTimeTZ(t, "13:04:05-03:30"), "2020-01-01 16:34:05+00"},
		{Add, mustTimeTZ(t, "13:04:05-03:30"), DateOf(mustTimestamp(t, "2020-01-01")), "2020-01-01 16:34:05+00"},
	} {
		got, err := Arith(c.op, c.a, c.b)
		if err != nil {
			t.Errorf("%v %v %v: %v", c.a, c.op, c.b, err)
			continue
		}
		if s := string(appendCastText(nil, got, time.UTC)); s != c.want {
			t.Errorf("%v %v %v = %s, want %s", c.a, c.op, c.b, s, c.want)
		}
	}
	for _, c := range []struct {
		in   string
		east int
		want string
	}{
		{"13:04:05-03:30", 0, "16:34:05+00"},
		{"13:04:05-03:30", 7200, "18:34:05+02"},
		{"13:04:05-03:30", -5 * 3600, "11:34:05-05"},
		{"23:00+00", 7200, "01:00:00+02"},
		{"24:00+00", 0, "00:00:00+00"},
	} {
		got, err := TimeTZAt(mustTimeTZ(t, c.in), c.east)
		if err != nil || string(appendTimeTZ(nil, got)) != c.want {
			t.Errorf("%s at %d = %s, %v; want %s", c.in, c.east, appendTimeTZ(nil, got), err, c.want)
		}
	}
}

func TestTimeTZConvert(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip(err)
	}
	ts, err := ParseText("2020-07-01 13:04:05.25+00", TypeTimestampTZ)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		v    Value
		to   Type
		loc  *time.Location
		want string
	}{
		{ts, TypeTimeTZ, time.UTC, "13:04:05.25+00"},
		{ts, TypeTimeTZ, ny, "09:04:05.25-04"},
		{ts, TimeTZType(1), ny, "09:04:05.3-04"},
		{mustTimeTZ(t, "13:04:05.5-03:30"), TypeTime, ny, "13:04:05.5"},
		{mustTimeTZ(t, "13:04:05.5-03:30"), TypeText, ny, "13:04:05.5-03:30"},
		{mustTimeTZ(t, "13:04:05.5-03:30"), TimeTZType(0), ny, "13:04:06-03:30"},
		{mustParse(t, "13:04:05", TypeTime), TypeTimeTZ, time.UTC, "13:04:05+00"},
		{String("13:04:05+02"), TypeTimeTZ, ny, "13:04:05+02"},
	} {
		got, err := ConvertIn(c.v, c.to, c.loc)
		if err != nil {
			t.Errorf("%v::%s: %v", c.v, c.to.SQLName(), err)
			continue
		}
		if s := string(appendCastText(nil, got, c.loc)); s != c.want {
			t.Errorf("%v::%s = %s, want %s", c.v, c.to.SQLName(), s, c.want)
		}
	}
	if _, err := ConvertIn(mustParse(t, "13:04:05", TypeTime), TypeTimeTZ, nil); err != ErrZoneUnknown {
		t.Errorf("time::timetz with the zone unknown: %v", err)
	}
	if got := TimeTZType(3).SQLName(); got != "time(3) with time zone" {
		t.Errorf("SQLName = %q", got)
	}
	if TypeTimeTZ.OID() != 1266 || ArrayOf(TypeTimeTZ).OID() != 1270 || TypeOfOID(1266).Kind != KindTimeTZ {
		t.Error("timetz OIDs")
	}
	if j := string(AppendJSON(nil, mustTimeTZ(t, "13:04:05.5+02"))); j != `"13:04:05.5+02"` {
		t.Errorf("JSON = %s", j)
	}
}

// genTimeTZ draws timetz values: any time of the day at any offset, and
// the edges.
func genTimeTZ() *rapid.Generator[Value] {
	return rapid.Custom(func(t *rapid.T) Value {
		us := rapid.OneOf(rapid.Int64Range(0, usPerDay), rapid.SampledFrom([]int64{0, usPerDay})).Draw(t, "us")
		east := rapid.OneOf(rapid.IntRange(-maxTZOffset, maxTZOffset), rapid.SampledFrom([]int{0, -maxTZOffset, maxTZOffset, 3600})).Draw(t, "east")
		return TimeTZ(us, east)
	})
}

// TestTimeTZRoundTrips: the parts come back; the key encoding orders as
// Compare and as the UTC instant; storage and text give the same value.
func TestTimeTZRoundTrips(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genTimeTZ().Draw(t, "a"), genTimeTZ().Draw(t, "b")
		ua, ea := a.AsTimeTZ()
		ub, eb := b.AsTimeTZ()
		ia, ib := ua-int64(ea)*1_000_000, ub-int64(eb)*1_000_000
		want := cmpInt64(ia, ib)
		if want == 0 {
			want = -cmpInt64(int64(ea), int64(eb))
		}
		if got := Compare(a, b); got != want {
			t.Fatalf("Compare(%v, %v) = %d, want %d", a, b, got, want)
		}
		ka, kb := mustKey(t, a), mustKey(t, b)
		if got := sign(bytes.Compare(ka, kb)); got != want {
			t.Fatalf("key order of %v and %v: %d, want %d", a, b, got, want)
		}
		if got, rest, err := DecodeKey(ka); err != nil || len(rest) != 0 || !identical(got, a) {
			t.Fatalf("DecodeKey(key(%v)) = %v, %x, %v", a, got, rest, err)
		}
		if got, err := Decode(Encode(nil, a)); err != nil || !identical(got, a) {
			t.Fatalf("Decode(Encode(%v)) = %v, %v", a, got, err)
		}
		if ea == MaxTimeTZOffset || ea == -MaxTimeTZOffset {
			return // text input stops at 15:59:59, as PostgreSQL's
		}
		txt, _ := AppendText(nil, a, TypeTimeTZ)
		if got, err := parseTimeTZ(string(txt), 0, time.UTC); err != nil || !identical(got, a) {
			t.Fatalf("text %s of %v reads back as %v, %v", txt, a, got, err)
		}
	})
}

// FuzzParseTimeTZ: what timetz input accepts is a time of day at an
// offset whose output reads back as the same value; what it refuses is
// one of PostgreSQL's datetime errors.
func FuzzParseTimeTZ(f *testing.F) {
	for _, s := range []string{"13:04:05.5+02", "13:04:05-03:30", "13:04:05 PST", "allballs", "24:00:00+02", "13:04:05",
		"2020-07-01 13:04:05 America/New_York", "04:05 America/New_York", "13:04:05+16", "now", "1:04 PM +02"} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(3))
	}
	f.Fuzz(func(t *testing.T, s string, p uint8) {
		prec := int8(p % (MaxTimePrecision + 2))
		v, err := parseTimeTZ(s, prec, time.UTC)
		if err != nil {
			switch errs.Code(err) {
			case errs.InvalidDatetimeFormat, codeDatetimeOverflow, errs.InvalidTimeZoneDisplacement, errs.InvalidParameterValue:
			default:
				t.Fatalf("timetz %q: error %v (%s)", s, err, errs.Code(err))
			}
			return
		}
		us, east := v.AsTimeTZ()
		if us < 0 || us > usPerDay || east < -maxTZOffset || east > maxTZOffset || prec > 0 && us != roundTime(us, prec) {
			t.Fatalf("timetz %q = %d µs at %d", s, us, east)
		}
		out := appendTimeTZ(nil, v)
		w, err := parseTimeTZ(string(out), 0, time.UTC)
		if err != nil || !identical(w, v) {
			t.Fatalf("timetz %q → %q → %v, %v", s, out, w, err)
		}
	})
}

// TestTimeTZRangeEdge: a frame's edge moves the time without wrapping,
// and past what a timetz holds is below or above every timetz.
func TestTimeTZRangeEdge(t *testing.T) {
	k := mustTimeTZ(t, "23:30+02")
	if e := TimeTZRangeEdge(k, 3600e6); Compare(e, mustTimeTZ(t, "00:30+02")) <= 0 ||
		Compare(e, mustTimeTZ(t, "22:30+00")) >= 0 || Compare(e, mustTimeTZ(t, "22:29:59+00")) <= 0 { // 22:30 UTC, east of +00 so before it
		t.Errorf("23:30+02 + 1 hour = %v", e)
	}
	lo, hi := TimeTZRangeEdge(TimeTZ(0, MaxTimeTZOffset), -1), TimeTZRangeEdge(TimeTZ(usPerDay, -MaxTimeTZOffset), 1)
	for _, v := range []Value{TimeTZ(0, MaxTimeTZOffset-1), TimeTZ(usPerDay, -MaxTimeTZOffset), mustTimeTZ(t, "12:00+00")} {
		if Compare(lo, v) >= 0 || Compare(hi, v) <= 0 {
			t.Errorf("edges %v, %v do not bound %v", lo, hi, v)
		}
	}
}
