package value

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"
)

func iv(m, d int32, us int64) Value { return IntervalOf(Interval{Months: m, Days: d, Micros: us}) }

func ts(y int, mo time.Month, d, h, mi int) Value {
	return Datetime(time.Date(y, mo, d, h, mi, 0, 0, time.UTC), false)
}

func TestIntervalArith(t *testing.T) {
	for _, c := range []struct {
		op   ArithOp
		a, b Value
		want Value
	}{
		// Months first with the day clamped to the month's end, then days, then time.
		{Add, ts(2024, 1, 31, 0, 0), iv(1, 0, 0), ts(2024, 2, 29, 0, 0)},
		{Add, ts(2023, 1, 31, 0, 0), iv(1, 0, 0), ts(2023, 2, 28, 0, 0)},
		{Add, ts(2024, 1, 31, 0, 0), iv(1, 1, usPerHour), ts(2024, 3, 1, 1, 0)},
		{Add, ts(2024, 2, 29, 10, 0), iv(12, 0, 0), ts(2025, 2, 28, 10, 0)},
		{Sub, ts(2024, 3, 31, 12, 0), iv(1, 0, 0), ts(2024, 2, 29, 12, 0)},
		{Add, ts(2024, 1, 15, 0, 0), iv(-13, 0, 0), ts(2022, 12, 15, 0, 0)},
		{Add, DateOf(ts(2024, 1, 31, 0, 0)), iv(1, 0, 0), ts(2024, 2, 29, 0, 0)}, // a date becomes a timestamp
		{Add, iv(1, 0, 0), ts(2024, 1, 31, 0, 0), ts(2024, 2, 29, 0, 0)},
		// timestamp - timestamp: days and time, no months.
		{Sub, ts(2024, 3, 1, 0, 0), ts(2024, 1, 31, 12, 0), iv(0, 29, 12*usPerHour)},
		{Sub, ts(2024, 1, 1, 0, 0), ts(2024, 1, 2, 1, 0), iv(0, -1, -usPerHour)},
		// Field-wise.
		{Add, iv(1, 2, 3), iv(4, 5, 6), iv(5, 7, 9)},
		{Sub, iv(1, 0, 0), iv(0, 1, usPerHour), iv(1, -1, -usPerHour)},
		// interval_mul and interval_div cascade fractions down.
		{Mul, iv(1, 0, 0), Float(1.5), iv(1, 15, 0)},
		{Mul, iv(0, 1, 0), Float(0.3), iv(0, 0, 7*usPerHour+12*usPerMin)},
		{Div, iv(1, 0, 0), Int(4), iv(0, 7, 12*usPerHour)},
		{Div, iv(13, 0, 0), Int(7), iv(1, 25, 17*usPerHour+8*usPerMin+34*usPerSec+310400)}, // TSROUND's 6 digits, as PostgreSQL,
		{Mul, iv(1, 1, usPerHour), Int(2), iv(2, 2, 2*usPerHour)},
		{Mul, Duration(time.Hour), Int(3), Duration(3 * time.Hour)},
	} {
		got, err := Arith(c.op, c.a, c.b)
		if err != nil || !identical(got, c.want) {
			t.Errorf("%v %s %v = %v (%+v), %v; want %v (%+v)", c.a, c.op, c.b, got, got.AsInterval(), err, c.want, c.want.AsInterval())
		}
	}
	for _, c := range []struct {
		op   ArithOp
		a, b Value
		code string
	}{
		{Add, iv(math.MaxInt32, 0, 0), iv(1, 0, 0), codeDatetimeOverflow},
		{Div, iv(1, 0, 0), Int(0), "22012"},
		{Mul, iv(0, math.MaxInt32, 0), Float(2), codeDatetimeOverflow},
		{Add, ts(294276, 1, 1, 0, 0), iv(12, 0, 0), codeDatetimeOverflow},
	} {
		if _, err := Arith(c.op, c.a, c.b); err == nil || err.(interface{ SQLState() string }).SQLState() != c.code {
			t.Errorf("%v %s %v: err %v; want %s", c.a, c.op, c.b, err, c.code)
		}
	}
	if _, err := Negate(iv(math.MinInt32, 0, 0)); err == nil {
		t.Errorf("-interval of MinInt32 months should overflow")
	}
}

func TestIntervalJustify(t *testing.T) {
	for _, c := range []struct {
		in                    Interval
		days, hours, interval Interval
	}{
		{Interval{Days: 35}, Interval{Months: 1, Days: 5}, Interval{Days: 35}, Interval{Months: 1, Days: 5}},
		{Interval{Days: -35}, Interval{Months: -1, Days: -5}, Interval{Days: -35}, Interval{Months: -1, Days: -5}},
		{Interval{Months: 1, Days: -35}, Interval{Days: -5}, Interval{Months: 1, Days: -35}, Interval{Days: -5}},
		{Interval{Micros: 27 * usPerHour}, Interval{Micros: 27 * usPerHour}, Interval{Days: 1, Micros: 3 * usPerHour}, Interval{Days: 1, Micros: 3 * usPerHour}},
		{Interval{Days: 1, Micros: -27 * usPerHour}, Interval{Days: 1, Micros: -27 * usPerHour}, Interval{Micros: -3 * usPerHour}, Interval{Micros: -3 * usPerHour}},
		{Interval{Months: 1, Micros: -usPerHour}, Interval{Months: 1, Micros: -usPerHour}, Interval{Months: 1, Micros: -usPerHour}, Interval{Days: 29, Micros: 23 * usPerHour}},
		{Interval{Months: -1, Days: 40, Micros: 25 * usPerHour}, Interval{Days: 10, Micros: 25 * usPerHour}, Interval{Months: -1, Days: 41, Micros: usPerHour}, Interval{Days: 11, Micros: usPerHour}},
	} {
		d, _ := c.in.JustifyDays()
		h, _ := c.in.JustifyHours()
		i, _ := c.in.JustifyInterval()
		if d != c.days || h != c.hours || i != c.interval {
			t.Errorf("%+v: justify_days %+v, justify_hours %+v, justify_interval %+v; want %+v %+v %+v", c.in, d, h, i, c.days, c.hours, c.interval)
		}
	}
}

func TestIntervalEncodings(t *testing.T) {
	// Old nanosecond durations keep decoding, as microseconds.
	old := []byte{codecVersion, tDuration}
	old = append(old, 0xd0, 0x0f) // varint 1000 (zigzag 2000)
	v, err := Decode(old)
	if err != nil || !identical(v, Duration(time.Microsecond)) {
		t.Errorf("old duration: %v, %v", v, err)
	}
	oldKey := []byte{kDuration, 0x80, 0, 0, 0, 0, 0, 0x0b, 0xb8} // 3000ns
	v, _, err = DecodeKey(oldKey)
	if err != nil || !identical(v, Duration(3*time.Microsecond)) {
		t.Errorf("old duration key: %v, %v", v, err)
	}
	// '1 mon' and '30 days' are one key, and decode as the days.
	k1, _ := AppendKey(nil, iv(1, 0, 0))
	k2, _ := AppendKey(nil, iv(0, 30, 0))
	if !bytes.Equal(k1, k2) {
		t.Errorf("keys of 1 mon and 30 days differ")
	}
	if v, _, _ := DecodeKey(k1); !identical(v, iv(0, 30, 0)) {
		t.Errorf("key decodes as %+v", v.AsInterval())
	}
	if v, _, _ := DecodeKey(mustKey(t, iv(0, 0, -usPerHour))); !identical(v, iv(0, 0, -usPerHour)) {
		t.Errorf("-1 hour key decodes as %+v", v.AsInterval())
	}
}

// Equal intervals (interval_cmp: 30-day months, 24-hour days) hash
// alike, and the key encoding orders as Compare; the codec round-trips
// the fields exactly.
func TestIntervalCompareHashKey(t *testing.T) {
	hash := seededHash()
	rapid.Check(t, func(t *rapid.T) {
		a, b := genInterval().Draw(t, "a"), genInterval().Draw(t, "b")
		if rapid.Bool().Draw(t, "tie") {
			// Move a month of a into days (or a day into hours) in b: equal spans.
			x := a.AsInterval()
			if x.Months > math.MinInt32 && x.Days <= math.MaxInt32-30 {
				x.Months--
				x.Days += 30
			} else if x.Days > math.MinInt32 && x.Micros <= math.MaxInt64-usPerDay {
				x.Days--
				x.Micros += usPerDay
			}
			b = IntervalOf(x)
		}
		c := Compare(a, b)
		checkKeyPair(t, a, b)
		if c == 0 != Equal(a, b) {
			t.Fatalf("Equal(%v, %v) disagrees with Compare %d", a, b, c)
		}
		if c == 0 && hash(a) != hash(b) {
			t.Fatalf("%+v and %+v are equal but hash differently", a.AsInterval(), b.AsInterval())
		}
		if got, err := Decode(Encode(nil, a)); err != nil || !identical(got, a) {
			t.Fatalf("codec: %+v decoded as %+v, %v", a.AsInterval(), got.AsInterval(), err)
		}
		if got, _, err := DecodeKey(mustKey(t, a)); err != nil || Compare(got, a) != 0 {
			t.Fatalf("key of %+v decoded as %+v, %v", a.AsInterval(), got.AsInterval(), err)
		}
	})
}

// The text output reads back as the same fields.
func TestIntervalTextRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := genInterval().Draw(t, "a")
		x := a.AsInterval()
		if x.Micros == math.MinInt64 {
			return // its magnitude has no int64 to parse into (PostgreSQL's too)
		}
		text, err := AppendText(nil, a, TypeInterval)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ParseText(string(text), TypeInterval)
		if err != nil || !identical(got, a) {
			t.Fatalf("%+v as %q reads back as %+v, %v", x, text, got.AsInterval(), err)
		}
	})
}

func TestIntervalTypmod(t *testing.T) {
	full := IntervalFullRange
	for _, c := range []struct {
		in        string
		rng, prec int
		want      string
	}{
		{"1", IntervalDay, IntervalFullPrecision, "1 day"},
		{"1", IntervalYear, IntervalFullPrecision, "1 year"},
		{"14", IntervalYear | IntervalMonth, IntervalFullPrecision, "1 year 2 mons"},
		{"90", IntervalMinute, IntervalFullPrecision, "01:30:00"},
		{"3", IntervalDay | IntervalHour, IntervalFullPrecision, "03:00:00"},
		{"1.5", full, IntervalFullPrecision, "00:00:01.5"},
		{"1:30", IntervalMinute | IntervalSecond, IntervalFullPrecision, "00:01:30"},
		{"1:30", IntervalHour | IntervalMinute, IntervalFullPrecision, "01:30:00"},
		{"1 day 02:03:04.5678", IntervalHour | IntervalMinute, IntervalFullPrecision, "1 day 02:03:00"},
		{"1 year 11 mons 3 days", IntervalYear, IntervalFullPrecision, "1 year"},
		{"1 mon 3 days 04:00", IntervalMonth, IntervalFullPrecision, "1 mon"},
		{"3 days 04:05", IntervalDay, IntervalFullPrecision, "3 days"},
		{"-1 day -02:03:04.5678", IntervalDay | IntervalHour, IntervalFullPrecision, "-1 days -02:00:00"},
		{"1.5678", full, 2, "00:00:01.57"},
		{"1.5", full, 0, "00:00:02"},
		{"-2.5", full, 0, "-00:00:03"},
		{"-1.555", IntervalSecond, 2, "-00:00:01.56"},
		{"1.5", full, 6, "00:00:01.5"},
	} {
		ty := TypeInterval
		ty.IntervalTypmod = IntervalTypmod(c.rng, c.prec)
		v, err := ParseText(c.in, ty)
		if err != nil {
			t.Errorf("ParseText(%q, %x): %v", c.in, ty.IntervalTypmod, err)
			continue
		}
		if out, _ := AppendText(nil, v, TypeInterval); string(out) != c.want {
			t.Errorf("ParseText(%q, range %#x, precision %d) = %q; want %q", c.in, c.rng, c.prec, out, c.want)
		}
		// Converting an interval applies the typmod too (where the text
		// means the same without the field range).
		plain, _ := ParseText(c.in, TypeInterval)
		if c.rng == full || c.rng == IntervalSecond || strings.ContainsAny(c.in, "dmy") {
			conv, err := Convert(plain, ty)
			if err != nil || !identical(conv, v) {
				t.Errorf("Convert(%q, typmod %#x) = %v, %v; want %v", c.in, ty.IntervalTypmod, conv, err, v)
			}
		}
	}
	if IntervalTypmod(IntervalFullRange, IntervalFullPrecision) != 0 {
		t.Errorf("a typmod that constrains nothing should be 0")
	}
}
