package value

import (
	"bytes"
	"testing"
	"time"

	"github.com/zerodb/zerodb/errs"
	"pgregory.net/rapid"
)

func TestParseTime(t *testing.T) {
	for _, c := range []struct {
		in   string
		prec int8 // TimePrec: p+1, 0 none
		want string
		code string
	}{
		{in: "12:34:56", want: "12:34:56"},
		{in: "12:34:56.5", want: "12:34:56.5"},
		{in: "12:34", want: "12:34:00"},
		{in: " 12:34 ", want: "12:34:00"},
		{in: "1:02 PM", want: "13:02:00"},
		{in: "1:02:03 am", want: "01:02:03"},
		{in: "12:00 am", want: "00:00:00"},
		{in: "12:00 pm PST", want: "12:00:00"},
		{in: "04:05 PM EST", want: "16:05:00"},
		{in: "allballs", want: "00:00:00"},
		{in: "24:00:00", want: "24:00:00"},
		{in: "T12:34:56", want: "12:34:56"},
		{in: "T1234", want: "12:34:00"},
		{in: "T 12:34", want: "12:34:00"},
		{in: "123456", want: "12:34:56"},
		{in: "1234", want: "12:34:00"},
		{in: "12:34:56+02", want: "12:34:56"},
		{in: "04:05:06.789-8", want: "04:05:06.789"},
		{in: "12:34:56z", want: "12:34:56"},
		{in: "2024-01-01 12:34:56+02", want: "12:34:56"},
		{in: "12:34:56.123456789", want: "12:34:56.123457"},
		{in: "12:34:56.9999995", want: "12:34:57"},
		{in: "23:59:59.9999995", want: "24:00:00"},
		{in: "24:00:00.0000004", want: "24:00:00"},
		{in: "12:34:60", want: "12:35:00"},
		{in: "23:59:60", want: "24:00:00"},
		{in: "12:34:56.5", prec: 1, want: "12:34:57"},
		{in: "12:34:55.5", prec: 1, want: "12:34:56"},
		{in: "12:34:56.25", prec: 2, want: "12:34:56.3"},
		{in: "12:34:56.789", prec: 3, want: "12:34:56.79"},
		{in: "23:59:59.9", prec: 1, want: "24:00:00"},
		{in: "infinity", code: errs.InvalidDatetimeFormat},
		{in: "epoch", code: errs.InvalidDatetimeFormat},
		{in: "today", code: errs.InvalidDatetimeFormat},
		{in: "2024-01-01", code: errs.InvalidDatetimeFormat},
		{in: "2024-01-01T04:05", code: errs.InvalidDatetimeFormat},
		{in: "12", code: errs.InvalidDatetimeFormat},
		{in: "12.5", code: errs.InvalidDatetimeFormat},
		{in: "", code: errs.InvalidDatetimeFormat},
		{in: "abc", code: errs.InvalidDatetimeFormat},
		{in: "-1:00", code: errs.InvalidDatetimeFormat},
		{in: "12:34:56 Europe/Oslo", code: errs.InvalidDatetimeFormat},
		{in: "allballs 1", code: errs.InvalidDatetimeFormat},
		{in: "25:00", code: codeDatetimeOverflow},
		{in: "24:00:01", code: codeDatetimeOverflow},
		{in: "24:00:00.1", code: codeDatetimeOverflow},
		{in: "12:60", code: codeDatetimeOverflow},
		{in: "13:00 PM", code: codeDatetimeOverflow},
		{in: "23:59:60.5", code: codeDatetimeOverflow},
	} {
		v, err := parseTime(c.in, c.prec, time.UTC)
		if c.code != "" {
			if errs.Code(err) != c.code {
				t.Errorf("time %q = %v, %v; want error %s", c.in, v, err, c.code)
			}
			continue
		}
		if err != nil {
			t.Errorf("time %q: %v", c.in, err)
			continue
		}
		if got, _ := AppendText(nil, v, TypeTime); string(got) != c.want {
			t.Errorf("time %q = %s, want %s", c.in, got, c.want)
		}
	}
	if _, err := parseTime("12:60", 0, time.UTC); err == nil || err.Error() != `date/time field value out of range: "12:60"` {
		t.Errorf("message: %v", err)
	}
	if _, err := parseTime("abc", 0, time.UTC); err == nil || err.Error() != `invalid input syntax for type time: "abc"` {
		t.Errorf("message: %v", err)
	}
}

func TestTimeArith(t *testing.T) {
	tm := func(s string) Value { return mustParse(t, s, TypeTime) }
	iv := func(s string) Value { return mustInterval(t, s) }
	for _, c := range []struct {
		op   ArithOp
		a, b Value
		want string
	}{
		{Add, tm("12:00"), iv("13 hours"), "01:00:00"},
		{Add, iv("13 hours"), tm("12:00"), "01:00:00"},
		{Sub, tm("01:00"), iv("2 hours"), "23:00:00"},
		{Add, tm("12:00"), iv("1 mon 1 day"), "12:00:00"},
		{Add, tm("24:00"), iv("0"), "00:00:00"},
		{Sub, tm("12:00"), iv("-49 hours"), "13:00:00"},
		{Sub, tm("12:00"), tm("13:30"), "-01:30:00"},
		{Add, DateOf(mustTimestamp(t, "2024-01-01")), tm("12:00"), "2024-01-01 12:00:00"},
		{Add, tm("12:00"), DateOf(mustTimestamp(t, "2024-01-01")), "2024-01-01 12:00:00"},
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
}

func mustTimestamp(t *testing.T, s string) Value { return mustParse(t, s, TypeTimestamp) }
func mustInterval(t *testing.T, s string) Value  { return mustParse(t, s, TypeInterval) }

func mustParse(t *testing.T, s string, typ Type) Value {
	t.Helper()
	v, err := ParseText(s, typ)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestTimeConvert(t *testing.T) {
	for _, c := range []struct {
		v    Value
		to   Type
		want string
	}{
		{mustTimestamp(t, "2024-01-01 12:34:56.7"), TypeTime, "12:34:56.7"},
		{TimeOfDay(45296_000_000), TypeInterval, "12:34:56"},
		{mustInterval(t, "-1 days -1 hours"), TypeTime, "23:00:00"},
		{mustInterval(t, "27:00"), TypeTime, "03:00:00"},
		{TimeOfDay(45296_500_000), TimeType(0), "12:34:57"},
		{TimeOfDay(45296_500_000), TypeText, "12:34:56.5"},
		{String("1:02 pm"), TypeTime, "13:02:00"},
	} {
		got, err := Convert(c.v, c.to)
		if err != nil {
			t.Errorf("%v::%s: %v", c.v, c.to.SQLName(), err)
			continue
		}
		if s, _ := AppendText(nil, got, c.to); string(s) != c.want {
			t.Errorf("%v::%s = %s, want %s", c.v, c.to.SQLName(), s, c.want)
		}
	}
}

func TestMakeTime(t *testing.T) {
	for _, c := range []struct {
		h, m int64
		s    float64
		want string // or the error message
	}{
		{1, 2, 3.5, "01:02:03.5"},
		{24, 0, 0, "24:00:00"},
		{1, 2, 60, "01:03:00"},
		{25, 0, 0, "time field value out of range: 25:00:00"},
		{24, 0, 0.1, "time field value out of range: 24:00:0.1"},
		{1, 60, 0, "time field value out of range: 1:60:00"},
		{1, 2, -1, "time field value out of range: 1:02:-1"},
	} {
		v, err := MakeTime(c.h, c.m, c.s)
		got := ""
		if err != nil {
			got = err.Error()
			if errs.Code(err) != codeDatetimeOverflow {
				t.Errorf("make_time(%d, %d, %g): code %s", c.h, c.m, c.s, errs.Code(err))
			}
		} else {
			got = string(appendTimeOfDay(nil, v.AsTimeOfDay()))
		}
		if got != c.want {
			t.Errorf("make_time(%d, %d, %g) = %s, want %s", c.h, c.m, c.s, got, c.want)
		}
	}
}

func TestTimeJSON(t *testing.T) {
	v := TimeOfDay(45296_500_000)
	if got := string(AppendJSON(nil, v)); got != `"12:34:56.5"` {
		t.Errorf("JSON %s", got)
	}
	if got := v.String(); got != `time("12:34:56.5")` {
		t.Errorf("literal %s", got)
	}
	if got := SQLJSON(v, time.UTC); got.AsString() != "12:34:56.5" {
		t.Errorf("SQLJSON %v", got)
	}
}

// TestKeyOrderTime: the key encoding of times orders as the times do,
// and decodes to the same time.
func TestKeyOrderTime(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genTimeOfDay().Draw(t, "a"), genTimeOfDay().Draw(t, "b")
		ka, kb := mustKey(t, a), mustKey(t, b)
		if want, got := sign(Compare(a, b)), sign(bytes.Compare(ka, kb)); want != got {
			t.Fatalf("order of %v and %v: Compare %d, keys %d", a, b, want, got)
		}
		if got, rest, err := DecodeKey(ka); err != nil || len(rest) != 0 || !identical(got, a) {
			t.Fatalf("DecodeKey(key(%v)) = %v, %x, %v", a, got, rest, err)
		}
		if got, err := Decode(Encode(nil, a)); err != nil || !identical(got, a) {
			t.Fatalf("Decode(Encode(%v)) = %v, %v", a, got, err)
		}
	})
}

// FuzzParseTime: what time input accepts is a time of day whose output
// reads back as the same time; what it refuses is a 22007 or 22008 (or
// 22009, 22023 for a zone, as PostgreSQL's).
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"12:34:56", "12:34:56.5", "1:02 PM", "allballs", "24:00:00", "T12:34:56", "123456",
		"2024-01-01 12:34:56+02", "04:05 PM EST", "23:59:59.9999995", "12:34:60", "now", "25:00", "12:34:56 Europe/Oslo"} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(3))
	}
	f.Fuzz(func(t *testing.T, s string, p uint8) {
		prec := int8(p % (MaxTimePrecision + 2))
		v, err := parseTime(s, prec, time.UTC)
		if err != nil {
			switch errs.Code(err) {
			case errs.InvalidDatetimeFormat, codeDatetimeOverflow, errs.InvalidTimeZoneDisplacement, errs.InvalidParameterValue:
			default:
				t.Fatalf("time %q: error %v (%s)", s, err, errs.Code(err))
			}
			return
		}
		if us := v.AsTimeOfDay(); us < 0 || us > usPerDay || prec > 0 && us != roundTime(us, prec) {
			t.Fatalf("time %q = %d µs", s, us)
		}
		out := appendTimeOfDay(nil, v.AsTimeOfDay())
		w, err := parseTime(string(out), 0, time.UTC)
		if err != nil || !identical(w, v) {
			t.Fatalf("time %q → %q → %v, %v", s, out, w, err)
		}
	})
}
