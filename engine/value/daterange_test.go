package value

import (
	"bytes"
	"math"
	"testing"
	"time"

	"github.com/zerodb/zerodb/errs"
	"pgregory.net/rapid"
)

// Datetimes over PostgreSQL's whole range: its ends, BC text, the key
// order across it and the microseconds drivers see in binary.

func TestDatetimeRangeText(t *testing.T) {
	for _, c := range []struct {
		in   string
		typ  Type
		want string // text out, or the error message
		code string
	}{
		{"9999-12-31", TypeDate, "9999-12-31", ""},
		{"0001-01-01", TypeDate, "0001-01-01", ""},
		{"0001-01-01 00:00:00", TypeTimestamp, "0001-01-01 00:00:00", ""},
		{"0044-03-15 BC", TypeDate, "0044-03-15 BC", ""},
		{"0044-03-15 bc", TypeDate, "0044-03-15 BC", ""},
		{"March 15, 44 BC", TypeDate, "0044-03-15 BC", ""}, // not 2044
		{"0001-12-31 BC", TypeDate, "0001-12-31 BC", ""},
		{"0001-02-29 BC", TypeDate, "0001-02-29 BC", ""}, // 1 BC is year 0, a leap year
		{"0002-02-29 BC", TypeDate, `date/time field value out of range: "0002-02-29 BC"`, "22008"},
		{"2024-01-01 AD", TypeDate, "2024-01-01", ""},
		{"4713-11-24 00:00:00 BC", TypeTimestamp, "4713-11-24 00:00:00 BC", ""},
		{"4714-11-24 BC", TypeDate, "4714-11-24 BC", ""},
		{"4714-11-23 BC", TypeDate, `date out of range: "4714-11-23 BC"`, "22008"},
		{"4714-11-24 00:00:00 BC", TypeTimestamp, "4714-11-24 00:00:00 BC", ""},
		{"4714-11-23 23:59:59.999999 BC", TypeTimestamp, `timestamp out of range: "4714-11-23 23:59:59.999999 BC"`, "22008"},
		{"294276-12-31 23:59:59.999999", TypeTimestamp, "294276-12-31 23:59:59.999999", ""},
		{"294277-01-01 00:00:00", TypeTimestamp, `timestamp out of range: "294277-01-01 00:00:00"`, "22008"},
		{"294276-12-31", TypeDate, "294276-12-31", ""},
		{"294277-01-01", TypeDate, `date out of range: "294277-01-01"`, "22008"}, // PostgreSQL: to 5874897 AD
		{"0000-01-01", TypeDate, `date/time field value out of range: "0000-01-01"`, "22008"},
		{"0000-01-01 BC", TypeDate, `date/time field value out of range: "0000-01-01 BC"`, "22008"},
		{"0044-03-15 12:00:00+02 BC", TypeTimestampTZ, "0044-03-15 10:00:00+00 BC", ""},
		{"1677-09-21 00:12:43.145224", TypeTimestamp, "1677-09-21 00:12:43.145224", ""},
		{"2262-04-11 23:47:16.854776", TypeTimestamp, "2262-04-11 23:47:16.854776", ""},
		{"infinity", TypeDate, "infinity", ""},
		{"-infinity", TypeTimestampTZ, "-infinity", ""},
	} {
		v, err := ParseText(c.in, c.typ)
		if c.code != "" {
			if e := errs.From(err); err == nil || e.Code != c.code || e.Message != c.want {
				t.Errorf("%s::%s: %v (%s), want %s %q", c.in, c.typ.SQLName(), err, errs.Code(err), c.code, c.want)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s::%s: %v", c.in, c.typ.SQLName(), err)
			continue
		}
		out, err := AppendText(nil, v, c.typ)
		if err != nil || string(out) != c.want {
			t.Errorf("%s::%s = %q, %v; want %q", c.in, c.typ.SQLName(), out, err, c.want)
			continue
		}
		// What is written reads back as the same value.
		back, err := ParseText(string(out), c.typ)
		if err != nil || !Equal(back, v) {
			t.Errorf("%s::%s: %q reads back as %v, %v", c.in, c.typ.SQLName(), out, back, err)
		}
	}
}

// TestDatetimeBinaryMicros checks the stored microseconds against
// PostgreSQL's binary timestamps (microseconds since 2000-01-01) and
// dates (days since then), taken from PostgreSQL 15.
func TestDatetimeBinaryMicros(t *testing.T) {
	for _, c := range []struct {
		in   string
		us   int64
		days int64
	}{
		{"2000-01-01 00:00:00", 0, 0},
		{"9999-12-31 23:59:59.999999", 252455615999999999, 2921939},
		{"0001-01-01 00:00:00", -63082281600000000, -730119},
		{"4714-11-24 00:00:00 BC", -211813488000000000, -2451545},
		{"0044-03-15 12:00:00 BC", -64464465600000000, -746117},
		{"294276-12-31 23:59:59.999999", 9223371331199999999, 106751982},
		{"infinity", math.MaxInt64, math.MaxInt64 / usPerDay},
	} {
		v, err := ParseText(c.in, TypeTimestamp)
		if err != nil || v.DatetimeMicros() != c.us {
			t.Errorf("%s: %d, %v; want %d", c.in, v.DatetimeMicros(), err, c.us)
		}
		if c.us == math.MaxInt64 {
			continue
		}
		if d := DateOf(v).DatetimeMicros(); d != c.days*usPerDay {
			t.Errorf("%s: date %d µs, want %d days", c.in, d, c.days)
		}
		back, err := DatetimeFromMicros(c.us, false)
		if err != nil || !Equal(back, v) {
			t.Errorf("%s: DatetimeFromMicros(%d) = %v, %v", c.in, c.us, back, err)
		}
	}
	for _, us := range []int64{minDatetime - 1, endDatetime} {
		if _, err := DatetimeFromMicros(us, true); errs.Code(err) != "22008" {
			t.Errorf("DatetimeFromMicros(%d): %v, want 22008", us, err)
		}
	}
}

// TestDatetimeGoTimes: Go's zero time.Time (year 1) and the last
// microsecond of 9999 are datetimes now; sub-microseconds round half to
// even.
func TestDatetimeGoTimes(t *testing.T) {
	for _, c := range []struct {
		in   time.Time
		want time.Time
	}{
		{time.Time{}, time.Time{}},
		{time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC)},
		{time.Date(-43, 3, 15, 0, 0, 0, 0, time.UTC), time.Date(-43, 3, 15, 0, 0, 0, 0, time.UTC)},
		{time.Date(2024, 1, 1, 0, 0, 0, 500, time.UTC), time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)},
		{time.Date(2024, 1, 1, 0, 0, 0, 1500, time.UTC), time.Date(2024, 1, 1, 0, 0, 0, 2000, time.UTC)},
		{time.Date(2024, 1, 1, 0, 0, 0, 1499, time.UTC), time.Date(2024, 1, 1, 0, 0, 0, 1000, time.UTC)},
		{time.Date(1969, 12, 31, 23, 59, 59, 999999501, time.UTC), time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		v, err := DatetimeIn(c.in, true)
		if err != nil || !v.AsTime().Equal(c.want) {
			t.Errorf("DatetimeIn(%v) = %v, %v; want %v", c.in, v.AsTime(), err, c.want)
		}
	}
	for _, y := range []int{300000, 1 << 20, 1 << 40, -5000, -(1 << 40)} {
		if _, err := DatetimeIn(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), true); errs.Code(err) != "22008" {
			t.Errorf("year %d: %v, want 22008", y, err)
		}
	}
}

// TestDatetimeKeyOrderFullRange: keys of datetimes sort as the values
// do and decode to them, over the whole range (negative microseconds,
// BC years and the infinities included), and the record encoding keeps
// them.
func TestDatetimeKeyOrderFullRange(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := DatetimeOfMicros(genDatetimeMicros().Draw(t, "a"), true)
		b := DatetimeOfMicros(genDatetimeMicros().Draw(t, "b"), true)
		ka, kb := mustKey(t, a), mustKey(t, b)
		if want, got := sign(cmpInt64(a.DatetimeMicros(), b.DatetimeMicros())), sign(bytes.Compare(ka, kb)); want != got {
			t.Fatalf("order of %d and %d: keys %d", a.DatetimeMicros(), b.DatetimeMicros(), got)
		}
		if !a.IsInfiniteTime() && !b.IsInfiniteTime() {
			if want := a.AsTime().Compare(b.AsTime()); want != sign(bytes.Compare(ka, kb)) {
				t.Fatalf("time order of %v and %v: %d, keys %d", a.AsTime(), b.AsTime(), want, bytes.Compare(ka, kb))
			}
		}
		back, rest, err := DecodeKey(ka)
		if err != nil || len(rest) != 0 || !Equal(back, a) {
			t.Fatalf("DecodeKey(%x) = %v, %v", ka, back, err)
		}
		dec, err := Decode(Encode(nil, a))
		if err != nil || !Equal(dec, a) || dec.HasTZ() != a.HasTZ() {
			t.Fatalf("Decode(Encode(%v)) = %v, %v", a, dec, err)
		}
	})
}

// TestDatetimeTextRoundTrip: any datetime of the range is written and
// read back unchanged, as timestamp, timestamptz, date and ZQL text.
func TestDatetimeTextRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		us := genDatetimeMicros().Draw(t, "us")
		for _, typ := range []Type{TypeTimestamp, TypeTimestampTZ} {
			v := DatetimeOfMicros(us, typ.WithTZ)
			out, err := AppendText(nil, v, typ)
			if err != nil {
				t.Fatal(err)
			}
			back, err := ParseText(string(out), typ)
			if err != nil || !Equal(back, v) {
				t.Fatalf("%d as %s: %q reads back as %v, %v", us, typ.SQLName(), out, back, err)
			}
		}
		d := DateOf(DatetimeOfMicros(us, false))
		out, err := AppendText(nil, d, TypeDate)
		if err != nil {
			t.Fatal(err)
		}
		if back, err := ParseText(string(out), TypeDate); err != nil || !Equal(back, d) {
			t.Fatalf("date %d: %q reads back as %v, %v", us, out, back, err)
		}
		if v := DatetimeOfMicros(us, true); !v.IsInfiniteTime() {
			z := string(appendRFC3339(nil, v))
			if back, err := ParseDatetime(z); err != nil || !Equal(back, v) {
				t.Fatalf("ZQL %d: %q reads back as %v, %v", us, z, back, err)
			}
		}
	})
}
