package value

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zerodb/zerodb/errs"
	"pgregory.net/rapid"
)

// The expectations below are PostgreSQL 15's outputs (checked against a
// live server with TimeZone UTC, bytea_output hex, IntervalStyle postgres).

func TestParseTextAppendTextLikePostgres(t *testing.T) {
	for _, c := range []struct {
		typ  Type
		in   string
		want string
	}{
		{TypeBool, "t", "t"}, {TypeBool, " TRUE ", "t"}, {TypeBool, "tr", "t"}, {TypeBool, "yes", "t"}, {TypeBool, "on", "t"},
		{TypeBool, "1", "t"}, {TypeBool, "f", "f"}, {TypeBool, "off", "f"}, {TypeBool, "No", "f"}, {TypeBool, "0", "f"},
		{TypeInt2, "-32768", "-32768"}, {TypeInt4, " 12 ", "12"}, {TypeInt4, "+7", "7"}, {TypeInt8, "-9223372036854775808", "-9223372036854775808"},
		{TypeFloat8, "1e15", "1e+15"}, {TypeFloat8, "1e14", "100000000000000"}, {TypeFloat8, "123456789012345678", "1.2345678901234568e+17"},
		{TypeFloat8, "0.0001", "0.0001"}, {TypeFloat8, "0.00001", "1e-05"}, {TypeFloat8, "1e100", "1e+100"}, {TypeFloat8, "-0", "-0"},
		{TypeFloat8, "0.1", "0.1"}, {TypeFloat8, "inf", "Infinity"}, {TypeFloat8, "-Infinity", "-Infinity"}, {TypeFloat8, "nan", "NaN"},
		{TypeFloat8, "1e16", "1e+16"}, {TypeFloat8, "123456789012345.6", "123456789012345.6"}, {TypeFloat8, "5e-324", "5e-324"},
		{TypeFloat4, "1e6", "1e+06"}, {TypeFloat4, "1e5", "100000"}, {TypeFloat4, "0.1", "0.1"}, {TypeFloat4, "1234567", "1.234567e+06"},
		{TypeFloat4, "123456", "123456"}, {TypeFloat4, "3.4e38", "3.4e+38"}, {TypeFloat4, "1.5e-5", "1.5e-05"}, {TypeFloat4, "0.0001", "0.0001"},
		{TypeNumeric, "1.50", "1.50"}, {TypeNumeric, "1e3", "1000"}, {TypeNumeric, "1.5e-3", "0.0015"}, {TypeNumeric, "1.50e1", "15.0"},
		{TypeNumeric, "Infinity", "Infinity"}, {TypeNumeric, "-inf", "-Infinity"}, {TypeNumeric, "-0.00", "0.00"}, {TypeNumeric, "NaN", "NaN"},
		{TypeNumeric, " .5 ", "0.5"}, {TypeNumeric, "007", "7"},
		// Zero with a huge exponent is zero (this used to compute 10^666610000).
		{TypeNumeric, "0e0666610000", "0"}, {TypeNumeric, "0e-16383", "0." + strings.Repeat("0", 16383)},
		{Type{Kind: KindDecimal, Precision: 5, Scale: 2}, "123.456", "123.46"},
		{Type{Kind: KindDecimal, Precision: 2, Scale: 2}, "0.5", "0.50"},
		{TypeText, "héllo", "héllo"}, {Type{Kind: KindString, MaxLen: 3}, "abc   ", "abc"},
		{TypeTimestamp, "2024-05-01 10:00:00.500", "2024-05-01 10:00:00.5"},
		{TypeTimestamp, "2024-05-01T10:00:00+02", "2024-05-01 10:00:00"},
		{TypeTimestampTZ, "2024-05-01T10:00:00+02", "2024-05-01 08:00:00+00"},
		{TypeTimestamp, "2024-05-01", "2024-05-01 00:00:00"}, {TypeTimestamp, "infinity", "infinity"}, {TypeTimestampTZ, "-infinity", "-infinity"},
		{TypeTimestamp, "2024-05-01 10:00:00.1234565", "2024-05-01 10:00:00.123456"},
		{TypeTimestamp, "2024-05-01 10:00:00.1234575", "2024-05-01 10:00:00.123458"},
		{TypeTimestamp, "2024-05-01 24:00:00", "2024-05-02 00:00:00"},
		{TypeTimestampTZ, "2024-05-01T10:00:00.123Z", "2024-05-01 10:00:00.123+00"},
		{TypeTimestampTZ, "2024-05-01 10:00:00 UTC", "2024-05-01 10:00:00+00"},
		{TypeTimestampTZ, "2024-05-01 10:00:00-0530", "2024-05-01 15:30:00+00"},
		{TypeTimestamp, "2024-5-1 1:2:3", "2024-05-01 01:02:03"}, {TypeTimestamp, "20240501", "2024-05-01 00:00:00"},
		{TypeTimestamp, "2024-05-01 10:00:60", "2024-05-01 10:01:00"}, {TypeTimestampTZ, "epoch", "1970-01-01 00:00:00+00"},
		{TypeInterval, "1 day 2 hours 3 min 4 sec", "1 day 02:03:04"}, {TypeInterval, "-1 day", "-1 days"},
		{TypeInterval, "1.5 seconds", "00:00:01.5"}, {TypeInterval, "-1 hour", "-01:00:00"}, {TypeInterval, "0", "00:00:00"},
		{TypeInterval, "1 day", "1 day"}, {TypeInterval, "2 days", "2 days"}, {TypeInterval, "-1 day -1 hour", "-1 days -01:00:00"},
		{TypeInterval, "1h30m", "01:30:00"}, {TypeInterval, "1 h 30 m", "01:30:00"}, {TypeInterval, "5", "00:00:05"},
		{TypeInterval, "P1DT2H", "1 day 02:00:00"}, {TypeInterval, "@ 1 day ago", "-1 days"}, {TypeInterval, "1.5 days", "1 day 12:00:00"},
		{TypeInterval, "1 week", "7 days"}, {TypeInterval, "-1:30", "-01:30:00"}, {TypeInterval, "1 day 1:30:05.25", "1 day 01:30:05.25"},
		{TypeInterval, "90 min", "01:30:00"}, {TypeInterval, "1:2", "01:02:00"}, {TypeInterval, "0.5 min", "00:00:30"},
		{TypeInterval, "+1 hour -5 min", "00:55:00"},
		// Months, days and time are kept apart.
		{TypeInterval, "26 hours", "26:00:00"}, {TypeInterval, "1 mon", "1 mon"},
		{TypeInterval, "1 year 2 mons 3 days 04:05:06", "1 year 2 mons 3 days 04:05:06"},
		{TypeInterval, "P1Y2M3DT4H5M6S", "1 year 2 mons 3 days 04:05:06"},
		{TypeInterval, "-1 days +02:00:00", "-1 days +02:00:00"}, {TypeInterval, "1 day -02:00:00", "1 day -02:00:00"},
		{TypeInterval, "-1 year -2 mons +3 days", "-1 years -2 mons +3 days"}, {TypeInterval, "@ 1 mon 2 hours ago", "-1 mons -02:00:00"},
		{TypeInterval, "1.5 years", "1 year 6 mons"}, {TypeInterval, "1.5 months", "1 mon 15 days"},
		{TypeInterval, "0.7 months", "21 days"}, {TypeInterval, "1.25 weeks", "8 days 18:00:00"},
		{TypeInterval, "2 decades 1 century", "120 years"}, {TypeInterval, "14 months", "1 year 2 mons"},
		{TypeInterval, "1 millisecond", "00:00:00.001"}, {TypeInterval, "100 hours", "100:00:00"},
		{TypeInterval, "- 1 hour", "-01:00:00"}, {TypeInterval, "+ 1 day - 02:00", "1 day -02:00:00"},
		{TypeUUID, "{A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11}", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
		{TypeUUID, "a0eebc999c0b4ef8bb6d6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
		{TypeUUID, "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
		{TypeBytea, `abc\001`, `\x61626301`}, {TypeBytea, `\x 01 02`, `\x0102`}, {TypeBytea, `a\\b`, `\x615c62`},
		{TypeJSONB, `{"b":1, "a" : [true, null]}`, `{"a": [true, null], "b": 1}`},
		{Any, `{"b":1, "a":2}`, `{"b": 1, "a": 2}`},
	} {
		v, err := ParseText(c.in, c.typ)
		if err != nil {
			t.Errorf("ParseText(%q, %s): %v", c.in, c.typ.SQLName(), err)
			continue
		}
		out, err := AppendText(nil, v, c.typ)
		if err != nil || string(out) != c.want {
			t.Errorf("%s %q: got %q, %v; want %q", c.typ.SQLName(), c.in, out, err, c.want)
		}
	}
}

func TestParseTextErrorsLikePostgres(t *testing.T) {
	for _, c := range []struct {
		typ  Type
		in   string
		code string
		msg  string
	}{
		{TypeInt4, "abc", errs.InvalidTextRepresentation, `invalid input syntax for type integer: "abc"`},
		{TypeInt4, "99999999999", errs.NumericValueOutOfRange, `value "99999999999" is out of range for type integer`},
		{TypeInt2, "40000", errs.NumericValueOutOfRange, `value "40000" is out of range for type smallint`},
		{TypeInt4, "1.5", errs.InvalidTextRepresentation, `invalid input syntax for type integer: "1.5"`},
		{TypeInt4, "0x10", errs.InvalidTextRepresentation, `invalid input syntax for type integer: "0x10"`},
		{TypeInt8, "", errs.InvalidTextRepresentation, `invalid input syntax for type bigint: ""`},
		{TypeFloat8, "1e400", errs.NumericValueOutOfRange, `"1e400" is out of range for type double precision`},
		{TypeFloat8, "1e-400", errs.NumericValueOutOfRange, `"1e-400" is out of range for type double precision`},
		{TypeFloat4, "abc", errs.InvalidTextRepresentation, `invalid input syntax for type real: "abc"`},
		{TypeFloat4, "1e39", errs.NumericValueOutOfRange, `"1e39" is out of range for type real`},
		{TypeBool, "o", errs.InvalidTextRepresentation, `invalid input syntax for type boolean: "o"`},
		{TypeNumeric, "abc", errs.InvalidTextRepresentation, `invalid input syntax for type numeric: "abc"`},
		{TypeNumeric, "1e400000", errs.NumericValueOutOfRange, `value overflows numeric format`},
		{TypeNumeric, "0e2147483647", errs.NumericValueOutOfRange, `value overflows numeric format`},
		{TypeNumeric, "0e-16384", errs.NumericValueOutOfRange, `value overflows numeric format`},
		{Type{Kind: KindDecimal, Precision: 4, Scale: 2}, "123.456", errs.NumericValueOutOfRange, "numeric field overflow"},
		{Type{Kind: KindString, MaxLen: 3}, "abcd", errs.StringDataRightTruncation, "value too long for type character varying(3)"},
		{TypeUUID, "x", errs.InvalidTextRepresentation, `invalid input syntax for type uuid: "x"`},
		{TypeBytea, `\x0z`, errs.InvalidParameterValue, `invalid hexadecimal digit: "z"`},
		{TypeBytea, `\x012`, errs.InvalidParameterValue, "invalid hexadecimal data: odd number of digits"},
		{TypeTimestamp, "2024-13-01", "22008", `date/time field value out of range: "2024-13-01"`},
		{TypeTimestamp, "2024-05-01 25:00", "22008", `date/time field value out of range: "2024-05-01 25:00"`},
		{TypeTimestamp, "2024-02-30", "22008", `date/time field value out of range: "2024-02-30"`},
		{TypeTimestampTZ, "garbage", errs.InvalidDatetimeFormat, `invalid input syntax for type timestamp with time zone: "garbage"`},
		{TypeInterval, "garbage", errs.InvalidDatetimeFormat, `invalid input syntax for type interval: "garbage"`},
		{TypeInterval, "1 2", errs.InvalidDatetimeFormat, `invalid input syntax for type interval: "1 2"`},
		{TypeJSONB, `{"a" 1}`, errs.InvalidTextRepresentation, "invalid input syntax for type json"},
	} {
		_, err := ParseText(c.in, c.typ)
		e := errs.From(err)
		if err == nil || e.Code != c.code || e.Message != c.msg {
			t.Errorf("ParseText(%q, %s) = %v (%s), want %s %q", c.in, c.typ.SQLName(), err, errs.Code(err), c.code, c.msg)
		}
	}
	_, err := ParseText("123.456", Type{Kind: KindDecimal, Precision: 4, Scale: 2})
	if d := errs.From(err).Detail; d != "A field with precision 4, scale 2 must round to an absolute value less than 10^2." {
		t.Errorf("detail %q", d)
	}
	_, err = ParseText("1", Type{Kind: KindDecimal, Precision: 2, Scale: 2})
	if d := errs.From(err).Detail; d != "A field with precision 2, scale 2 must round to an absolute value less than 1." {
		t.Errorf("detail %q", d)
	}
}

func TestAppendTextConverts(t *testing.T) {
	for _, c := range []struct {
		v    Value
		typ  Type
		want string
	}{
		{Int(3), TypeFloat8, "3"}, {Int(3), TypeNumeric, "3"}, {Float(0.1), TypeFloat4, "0.1"}, {IntW(7, I32), TypeInt8, "7"},
		{Symbol("red"), TypeText, "red"}, {Bool(true), TypeText, "true"}, {Symbol("red"), Any, `"@red"`},
		{List([]Value{Int(1), String("a")}), TypeJSONB, `[1, "a"]`}, {Float32(0.1), TypeFloat8, "0.10000000149011612"}, // a cast widens the binary value
		{Datetime(time.Date(2024, 5, 1, 10, 0, 0, 999999999, time.UTC), true), TypeTimestampTZ, "2024-05-01 10:00:01+00"},
		{Duration(1500 * time.Millisecond), TypeInterval, "00:00:01.5"}, {Duration(-(25 * time.Hour)), TypeInterval, "-25:00:00"},
		{IntervalOf(Interval{Months: -13, Days: 1, Micros: -1}), TypeInterval, "-1 years -1 mons +1 day -00:00:00.000001"},
		{Bytes([]byte{0, 0xff}), TypeBytea, `\x00ff`}, {UUID([16]byte{0xa0, 15: 1}), TypeUUID, "a0000000-0000-0000-0000-000000000001"},
	} {
		out, err := AppendText(nil, c.v, c.typ)
		if err != nil || string(out) != c.want {
			t.Errorf("AppendText(%v, %s) = %q, %v; want %q", c.v, c.typ.SQLName(), out, err, c.want)
		}
	}
	if out, err := AppendText([]byte("x"), None, TypeInt4); err != nil || string(out) != "x" {
		t.Errorf("none: %q %v", out, err)
	}
	if _, err := AppendText(nil, Uint64(math.MaxUint64), TypeInt8); errs.Code(err) != errs.NumericValueOutOfRange {
		t.Errorf("big u64 as int8: %v", err)
	}
}

func TestParseDatetimeAndDuration(t *testing.T) {
	for in, want := range map[string]string{
		"2024-05-01T10:00:00Z":                "2024-05-01T10:00:00Z",
		"2024-05-01T10:00:00.123456789+02:00": "2024-05-01T08:00:00.123457Z", // microseconds, rounded
		"2024-05-01T10:00:00.0000005Z":        "2024-05-01T10:00:00Z",        // half to even
		"2024-05-01T10:00:00.0000015Z":        "2024-05-01T10:00:00.000002Z",
		"1500-01-01":                          "1500-01-01T00:00:00Z",
		"0044-03-15 BC":                       "0044-03-15T00:00:00Z BC",
		"9999-12-31 23:59:59.999999":          "9999-12-31T23:59:59.999999Z",
		"2024-05-01 10:00:00":                 "2024-05-01T10:00:00Z",
		"2024-05-01":                          "2024-05-01T00:00:00Z",
	} {
		v, err := ParseDatetime(in)
		if err != nil || string(appendRFC3339(nil, v)) != want || !v.HasTZ() {
			t.Errorf("ParseDatetime(%q) = %v, %v; want %s", in, v, err, want)
		}
	}
	for _, bad := range []string{"", "2024", "2024-05-01T", "2024-05-01T10", "2024-05-01T10:00:00+2500", "0000-01-01", "4714-11-23 BC", "294277-01-01"} {
		if _, err := ParseDatetime(bad); err == nil {
			t.Errorf("ParseDatetime(%q) should fail", bad)
		}
	}
	for in, want := range map[string]time.Duration{
		"1h30m": 90 * time.Minute, "1.5s": 1500 * time.Millisecond, "-2m": -2 * time.Minute, "300ms": 300 * time.Millisecond,
		"1us": time.Microsecond, "1µs": time.Microsecond, "1d": 24 * time.Hour, "1w2d3h": (9*24 + 3) * time.Hour, "0": 0, "7ns": 0, "1500ns": 2 * time.Microsecond,
		"1h 30m": 90 * time.Minute, "1 day 01:00:00": 25 * time.Hour, "1 mon": 30 * 24 * time.Hour,
	} {
		v, err := ParseDuration(in)
		if err != nil || v.AsDuration() != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, v, err, want)
		}
	}
	for _, bad := range []string{"", "1", "h", "1x", "1 x", "99999999999999h"} {
		if _, err := ParseDuration(bad); err == nil {
			t.Errorf("ParseDuration(%q) should fail", bad)
		}
	}
}

// readBack parses s as typ, prints it and parses the print: ok is false
// when s does not parse (with an *errs.Error) or does not print; the
// print must parse.
func readBack(t *testing.T, s string, typ Type) (v, w Value, out []byte, ok bool) {
	v, err := ParseText(s, typ)
	if err != nil {
		if _, ok := err.(*errs.Error); !ok {
			t.Fatalf("error %T %v is not an *errs.Error", err, err)
		}
		return v, w, nil, false
	}
	if out, err = AppendText(nil, v, typ); err != nil {
		return v, w, nil, false
	}
	// PostgreSQL's output reads back as the same value.
	if w, err = ParseText(string(out), typ); err != nil {
		t.Fatalf("%s %q → %q does not parse: %v", typ.SQLName(), s, out, err)
	}
	return v, w, out, true
}

func FuzzParseText(f *testing.F) {
	types := []Type{TypeBool, TypeInt2, TypeInt4, TypeInt8, TypeFloat4, TypeFloat8, TypeNumeric, {Kind: KindDecimal, Precision: 6, Scale: 2},
		TypeText, {Kind: KindString, MaxLen: 3}, TypeTimestamp, TypeTimestampTZ, TypeInterval, TypeUUID, TypeBytea, TypeJSONB, Any,
		{Kind: KindSymbol}, {Kind: KindRecordID}, {Kind: KindList, Elem: &TypeInt8}, {Kind: KindVector, Dims: 2},
		ArrayOf(TypeInt4), ArrayOf(TypeText), ArrayOf(TypeDate), TypeDate}
	for _, s := range []string{"1", "-1.5e3", "t", "2024-05-01 10:00:00+02", "1 day 02:00:00", `\x0102`, `{"a":[1]}`, "NaN", "P1D", "persons.@x",
		"{1,2}", `{a,"b c",NULL,""}`, `{"\\"}`, "2024-02-29", "05/17/24 10:30:00 PM", "Fri, 17 May 2024 10:30 EST",
		"2024-May-17 Europe/Oslo", "20240517T103000", "tomorrow 12:00 AM"} {
		for i := range types {
			f.Add(s, uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, s string, ti uint8) {
		typ := types[int(ti)%len(types)]
		v, w, out, ok := readBack(t, s, typ)
		if !ok {
			return
		}
		if !Equal(v, w) && !(typ.Kind == KindDuration) {
			t.Fatalf("%s %q → %q → %v, want %v", typ.SQLName(), s, out, w, v)
		}
	})
}

func TestAppendFloatPGMatchesStrconv(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := genFloat().Draw(t, "f")
		bits := int(f.floatBits())
		x := f.AsFloat()
		got := string(appendFloatPG(nil, x, bits))
		if math.IsNaN(x) || math.IsInf(x, 0) || x == 0 {
			return
		}
		e := strconv.FormatFloat(x, 'e', -1, bits)
		want := strconv.FormatFloat(x, 'f', -1, bits)
		exp, _ := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
		limit := 15
		if bits == 32 {
			limit = 6
		}
		if exp < -4 || exp >= limit {
			want = e
		}
		if got != want {
			t.Fatalf("appendFloatPG(%v) = %s, want %s", x, got, want)
		}
		back, err := strconv.ParseFloat(got, bits)
		if err != nil || back != x {
			t.Fatalf("%s does not read back as %v", got, x)
		}
	})
}
