package session

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"testing"

	"pgregory.net/rapid"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

func intervalBinary(us int64, days, months int32) []byte {
	b := binary.BigEndian.AppendUint64(nil, uint64(us))
	b = binary.BigEndian.AppendUint32(b, uint32(days))
	return binary.BigEndian.AppendUint32(b, uint32(months))
}

// The binary interval (int64 microseconds, int32 days, int32 months) is
// PostgreSQL's three fields, which value.Interval keeps as they are.
func TestBinaryInterval(t *testing.T) {
	for _, tc := range []struct {
		raw  []byte
		want value.Interval
	}{
		{intervalBinary(0, 0, 0), value.Interval{}},
		{intervalBinary(3_723_000_004, 0, 0), value.Interval{Micros: 3_723_000_004}},
		{intervalBinary(0, 1, 0), value.Interval{Days: 1}},
		{intervalBinary(-1, -2, 0), value.Interval{Days: -2, Micros: -1}},
		{intervalBinary(0, 0, 1), value.Interval{Months: 1}},
		{intervalBinary(1<<62, 1<<30, -1<<30), value.Interval{Months: -1 << 30, Days: 1 << 30, Micros: 1 << 62}},
	} {
		v, err := decodeBinaryParam(tc.raw, value.TypeInterval, 1)
		if err != nil {
			t.Fatalf("decode %x: %v", tc.raw, err)
		}
		if v.AsInterval() != tc.want {
			t.Errorf("decode %x = %+v, want %+v", tc.raw, v.AsInterval(), tc.want)
		}
	}
	for _, raw := range [][]byte{nil, make([]byte, 15)} {
		if _, err := decodeBinaryParam(raw, value.TypeInterval, 1); err == nil {
			t.Errorf("decode %x: no error", raw)
		}
	}
}

// Property: an interval sent in binary comes back from the text form the
// server renders as the same fields.
func TestBinaryIntervalRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := value.Interval{
			Months: rapid.Int32().Draw(t, "months"),
			Days:   rapid.Int32().Draw(t, "days"),
			Micros: rapid.Int64Range(-9e18, 9e18).Draw(t, "us"),
		}
		text, err := value.AppendText(nil, value.IntervalOf(d), value.TypeInterval)
		if err != nil {
			t.Fatalf("AppendText: %v", err)
		}
		out, err := textToBinary(nil, text, value.OIDInterval)
		if err != nil {
			t.Fatalf("textToBinary: %v", err)
		}
		back, err := decodeBinaryParam(out, value.TypeInterval, 1)
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		if back.AsInterval() != d {
			t.Fatalf("%+v -> %q -> %x -> %+v", d, text, out, back.AsInterval())
		}
	})
}

// Property: dates and one-dimensional arrays sent in binary come back as
// the same values from the text the server renders.
func TestBinaryDateAndArrayRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		// PostgreSQL's days from 4714-11-24 BC to 294276-12-31, the ends too.
		days := rapid.OneOf(rapid.IntRange(-2451545, 106751982), rapid.IntRange(-80000, 80000),
			rapid.SampledFrom([]int{-2451545, 106751982, -730119, 2921939})).Draw(t, "days")
		binaryTextRoundTrip(t, binary.BigEndian.AppendUint32(nil, uint32(int32(days))), value.TypeDate)

		// Arrays of up to three dimensions, lower bounds around 1.
		nd := rapid.IntRange(1, 3).Draw(t, "ndims")
		dims, lbs := make([]int, nd), make([]int, nd)
		n := 1
		for i := range dims {
			dims[i], lbs[i] = rapid.IntRange(0, 3).Draw(t, "dim"), rapid.IntRange(-2, 2).Draw(t, "lb")
			n *= dims[i]
		}
		elems := rapid.SliceOfN(rapid.Ptr(rapid.Int32(), true), n, n).Draw(t, "elems")
		list := make([]value.Value, len(elems))
		for i, e := range elems {
			if e != nil {
				list[i] = value.IntW(int64(*e), value.I32)
			}
		}
		arr := value.Array(list, dims, lbs)
		at := value.ArrayOf(value.TypeInt4)
		text, err := value.AppendText(nil, arr, at)
		if err != nil {
			t.Fatal(err)
		}
		bin, err := textToBinary(nil, text, 1007)
		if err != nil {
			t.Fatalf("textToBinary(%s): %v", text, err)
		}
		got, err := decodeBinaryParam(bin, at, 1)
		if err != nil {
			t.Fatalf("decode %x: %v", bin, err)
		}
		if len(got.AsList()) != len(list) || value.Compare(got, arr) != 0 {
			t.Fatalf("%s -> %v", text, got)
		}
		for i, g := range got.AsList() {
			if g.IsNone() != list[i].IsNone() || !g.IsNone() && g.AsInt() != list[i].AsInt() {
				t.Fatalf("%s -> element %d = %v", text, i, g)
			}
		}
	})
}

func TestBinaryDateOutOfRange(t *testing.T) {
	// A day before 4714-11-24 BC, and one after 294276-12-31, where a
	// datetime's microseconds end (PostgreSQL's dates go on).
	for _, days := range []int32{-2451546, 106751983, math.MaxInt32 - 1} {
		raw := binary.BigEndian.AppendUint32(nil, uint32(days))
		if _, err := decodeBinaryParam(raw, value.TypeDate, 1); errs.Code(err) != errs.DatetimeFieldOverflow {
			t.Errorf("date %d days from 2000: got %v, want 22008", days, err)
		}
	}
}

func be64(n int64) []byte { return binary.BigEndian.AppendUint64(nil, uint64(n)) }
func be32(n int32) []byte { return binary.BigEndian.AppendUint32(nil, uint32(n)) }

// TestBinaryDatetimeRange: PostgreSQL's binary timestamps and dates
// over its whole range, infinities included, read as the values their
// text names and written back the same.
func TestBinaryDatetimeRange(t *testing.T) {
	for _, c := range []struct {
		text string
		typ  value.Type
		oid  uint32
		raw  []byte
	}{
		{"0001-01-01 00:00:00", value.TypeTimestamp, value.OIDTimestamp, be64(-63082281600000000)},
		{"9999-12-31 23:59:59.999999+00", value.TypeTimestampTZ, value.OIDTimestampTZ, binary.BigEndian.AppendUint64(nil, 252455615999999999)},
		{"4714-11-24 00:00:00 BC", value.TypeTimestamp, value.OIDTimestamp, be64(-211813488000000000)},
		{"294276-12-31 23:59:59.999999", value.TypeTimestamp, value.OIDTimestamp, binary.BigEndian.AppendUint64(nil, 9223371331199999999)},
		{"infinity", value.TypeTimestamp, value.OIDTimestamp, binary.BigEndian.AppendUint64(nil, math.MaxInt64)},
		{"-infinity", value.TypeTimestampTZ, value.OIDTimestampTZ, binary.BigEndian.AppendUint64(nil, 1<<63)},
		{"0001-01-01", value.TypeDate, value.OIDDate, be32(-730119)},
		{"0044-03-15 BC", value.TypeDate, value.OIDDate, be32(-746117)},
		{"9999-12-31", value.TypeDate, value.OIDDate, binary.BigEndian.AppendUint32(nil, 2921939)},
		{"infinity", value.TypeDate, value.OIDDate, binary.BigEndian.AppendUint32(nil, math.MaxInt32)},
		{"-infinity", value.TypeDate, value.OIDDate, binary.BigEndian.AppendUint32(nil, 1<<31)},
	} {
		want, err := value.ParseText(c.text, c.typ)
		if err != nil {
			t.Fatalf("%s: %v", c.text, err)
		}
		got, err := decodeBinaryParam(c.raw, c.typ, 1)
		if err != nil || !value.Equal(got, want) {
			t.Errorf("%s: binary %x reads as %v, %v", c.text, c.raw, got, err)
		}
		bin, err := textToBinary(nil, []byte(c.text), c.oid)
		if err != nil || !bytes.Equal(bin, c.raw) {
			t.Errorf("%s: written as %x, %v; want %x", c.text, bin, err, c.raw)
		}
	}
	// Past the end: 22008, not a wrapped value.
	raw := binary.BigEndian.AppendUint64(nil, 9223371331200000000)
	if _, err := decodeBinaryParam(raw, value.TypeTimestamp, 1); errs.Code(err) != errs.DatetimeFieldOverflow {
		t.Errorf("294277-01-01: %v, want 22008", err)
	}
}

func TestBinaryArrayRejects(t *testing.T) {
	at := value.ArrayOf(value.TypeInt4)
	head := func(ndim, n uint32) []byte {
		b := binary.BigEndian.AppendUint32(nil, ndim)
		b = binary.BigEndian.AppendUint32(b, 0)
		b = binary.BigEndian.AppendUint32(b, value.OIDInt4)
		if ndim > 0 {
			b = binary.BigEndian.AppendUint32(b, n)
			b = binary.BigEndian.AppendUint32(b, 1)
		}
		return b
	}
	for _, raw := range [][]byte{nil, {1, 2, 3}, head(2, 1), head(1, 1), head(1, 1<<30), append(head(1, 1), 0, 0, 0, 9, 1)} {
		if _, err := decodeBinaryParam(raw, at, 1); err == nil {
			t.Errorf("decode %x: no error", raw)
		}
	}
}

// TestBinaryIntsAgreeWithText decodes binary integers of every length
// into every integer type: each value or error is what the integer's
// text gives ParseText.
func TestBinaryIntsAgreeWithText(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.OneOf(rapid.Int64Range(-40000, 40000), rapid.Int64(),
			rapid.SampledFrom([]int64{-1 << 63, 1<<63 - 1, -1 << 31, 1<<31 - 1, 1 << 31, -1 << 15, 1<<15 - 1, 1 << 15})).Draw(rt, "n")
		size := rapid.SampledFrom([]int{2, 4, 8}).Draw(rt, "size")
		typ := rapid.SampledFrom([]value.Type{value.TypeInt2, value.TypeInt4, value.TypeInt8}).Draw(rt, "type")
		var raw []byte
		switch size {
		case 2:
			n = int64(int16(n))
			raw = binary.BigEndian.AppendUint16(nil, uint16(n))
		case 4:
			n = int64(int32(n))
			raw = binary.BigEndian.AppendUint32(nil, uint32(n))
		default:
			raw = binary.BigEndian.AppendUint64(nil, uint64(n))
		}
		got, gerr := decodeBinaryParam(raw, typ, 1)
		want, werr := value.ParseText(fmt.Sprint(n), typ)
		if (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
			rt.Fatalf("%d as %v: error %v, want %v", n, typ, gerr, werr)
		}
		if werr == nil && (got != want) {
			rt.Fatalf("%d as %v: %#v, want %#v", n, typ, got, want)
		}
	})
}

// Property: a time sent in binary (int64 microseconds since midnight)
// comes back from the text the server renders as the same microseconds;
// out of range or of another length it is refused, and time(p) rounds.
func TestBinaryTimeRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		us := rapid.Int64Range(0, 86400e6).Draw(t, "us")
		binaryTextRoundTrip(t, binary.BigEndian.AppendUint64(nil, uint64(us)), value.TypeTime)
	})
	for _, raw := range [][]byte{nil, make([]byte, 4), binary.BigEndian.AppendUint64(nil, 86400e6+1), binary.BigEndian.AppendUint64(nil, 1<<63)} {
		if _, err := decodeBinaryParam(raw, value.TypeTime, 1); err == nil {
			t.Errorf("decode %x: no error", raw)
		}
	}
	v, err := decodeBinaryParam(binary.BigEndian.AppendUint64(nil, 1_555_000), value.TimeType(1), 1)
	if err != nil || v.AsTimeOfDay() != 1_600_000 {
		t.Errorf("time(1) of 1.555 s: %v, %v", v, err)
	}
	if !binaryResultSupported(value.OIDTime) || !binaryResultSupported(1183) {
		t.Errorf("time and time[] results are not sent in binary")
	}
}

// binaryTextRoundTrip requires raw, a binary parameter of type typ, to
// come back as the same bytes from the text the server renders of it.
func binaryTextRoundTrip(t *rapid.T, raw []byte, typ value.Type) {
	v, err := decodeBinaryParam(raw, typ, 1)
	if err != nil {
		t.Fatalf("decode %s %x: %v", typ.SQLName(), raw, err)
	}
	text, err := value.AppendText(nil, v, typ)
	if err != nil {
		t.Fatal(err)
	}
	back, err := textToBinary(nil, text, typ.OID())
	if err != nil || string(back) != string(raw) {
		t.Fatalf("%s %x -> %s -> %x (%v)", typ.SQLName(), raw, text, back, err)
	}
}

// TestBinaryTimeTZRoundTrip: a timetz parameter in PostgreSQL's binary
// format (microseconds, then seconds west of UTC) comes back from the
// server's text as the same bytes; out of range, or of another length,
// it is refused.
func TestBinaryTimeTZRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		us := rapid.Int64Range(0, 86400e6).Draw(t, "us")
		// Text input takes offsets up to 15:59:59.
		west := rapid.Int32Range(-(16*3600-1), 16*3600-1).Draw(t, "west")
		raw := binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint64(nil, uint64(us)), uint32(west))
		binaryTextRoundTrip(t, raw, value.TypeTimeTZ)
	})
	// 13:04:05.5-03:30 is 12600 seconds west.
	raw := binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint64(nil, 47_045_500_000), 12600)
	v, err := decodeBinaryParam(raw, value.TypeTimeTZ, 1)
	if got, _ := value.AppendText(nil, v, value.TypeTimeTZ); err != nil || string(got) != "13:04:05.5-03:30" {
		t.Errorf("decode %x: %s, %v", raw, got, err)
	}
	if bin, err := textToBinary(nil, []byte("13:04:05.5-03:30"), value.OIDTimeTZ); err != nil || !bytes.Equal(bin, raw) {
		t.Errorf("13:04:05.5-03:30 written as %x, %v; want %x", bin, err, raw)
	}
	tz := func(us int64, west int32) []byte {
		return binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint64(nil, uint64(us)), uint32(west))
	}
	for _, c := range []struct {
		raw  []byte
		code string
	}{
		{make([]byte, 8), errs.InvalidBinaryRepresentation},
		{tz(86400e6+1, 0), errs.DatetimeFieldOverflow},
		{tz(-1, 0), errs.DatetimeFieldOverflow},
		{tz(0, 16*3600+1), errs.InvalidTimeZoneDisplacement},
	} {
		if _, err := decodeBinaryParam(c.raw, value.TypeTimeTZ, 1); errs.Code(err) != c.code {
			t.Errorf("decode %x: %v, want %s", c.raw, err, c.code)
		}
	}
	if !binaryResultSupported(value.OIDTimeTZ) || !binaryResultSupported(1270) {
		t.Errorf("timetz and timetz[] results are not sent in binary")
	}
}

// TestBinaryJSONPath: jsonpath goes out as PostgreSQL's jsonpath_send
// writes it, a version byte and the canonical text.
func TestBinaryJSONPath(t *testing.T) {
	if !binaryResultSupported(value.OIDJSONPath) {
		t.Fatal("jsonpath results cannot be binary")
	}
	got, err := textToBinary(nil, []byte(`$."a"[*]?(@ > 2)`), value.OIDJSONPath)
	if err != nil {
		t.Fatal(err)
	}
	if want := "\x01$.\"a\"[*]?(@ > 2)"; string(got) != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestRangeBinary(t *testing.T) {
	for _, c := range []struct {
		oid  uint32
		text string
		want string // range_send's bytes from PostgreSQL 15, hex
	}{
		{3904, "[1,5)", "0200000004000000010000000400000005"},
		{3904, "(,6)", "080000000400000006"},
		{3904, "empty", "01"},
		{3926, "[3,)", "12000000080000000000000003"},
	} {
		bin, err := textToBinary(nil, []byte(c.text), c.oid)
		if err != nil || hex.EncodeToString(bin) != c.want {
			t.Errorf("%s: %x, %v; want %s", c.text, bin, err, c.want)
		}
		typ := value.TypeOfOID(c.oid)
		got, err := decodeBinaryParam(bin, typ, 1)
		if err != nil {
			t.Fatalf("decode %x: %v", bin, err)
		}
		if txt, _ := value.AppendText(nil, got, typ); string(txt) != c.text {
			t.Errorf("%x decodes to %s", bin, txt)
		}
	}
}

// TestBinaryMoneyRoundTrip: money in binary (cash_send's 8-byte count of
// cents) comes back from the server's text, $1,234.56, as the same bytes,
// the most negative amount too.
func TestBinaryMoneyRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := rapid.OneOf(rapid.Int64(), rapid.Int64Range(-1e6, 1e6), rapid.SampledFrom([]int64{math.MinInt64, math.MaxInt64, 0})).Draw(t, "cents")
		binaryTextRoundTrip(t, binary.BigEndian.AppendUint64(nil, uint64(c)), value.TypeMoney)
	})
}

// TestBinaryMultirangeRoundTrip: a multirange in binary (multirange_send:
// the count, then each range's length and range_send form) comes back
// from the server's text as the same bytes; short or long frames are
// refused.
func TestBinaryMultirangeRoundTrip(t *testing.T) {
	mt := value.RangeInt4.MultirangeType()
	rapid.Check(t, func(t *rapid.T) {
		bounds := rapid.SliceOfN(rapid.Int32Range(-1000, 1000), 0, 8).Draw(t, "bounds")
		var rs []value.SQLRange
		for i := 0; i+1 < len(bounds); i += 2 {
			lo, hi := min(bounds[i], bounds[i+1]), max(bounds[i], bounds[i+1])
			r, err := value.MakeRange(value.RangeInt4, value.RangeBound{Val: value.IntW(int64(lo), value.I32), Inc: true}, value.RangeBound{Val: value.IntW(int64(hi), value.I32)})
			if err != nil {
				t.Fatal(err)
			}
			rs = append(rs, r)
		}
		text, err := value.AppendText(nil, value.Multirange(rs), mt)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := textToBinary(nil, text, mt.OID())
		if err != nil {
			t.Fatalf("textToBinary(%s): %v", text, err)
		}
		binaryTextRoundTrip(t, raw, mt)
	})
	for _, raw := range [][]byte{nil, {0, 0, 0, 1}, {0, 0, 0, 0, 9}, {0, 0, 0, 1, 0, 0, 0, 1, 1, 7}} {
		if _, err := decodeBinaryParam(raw, mt, 1); errs.Code(err) != errs.InvalidBinaryRepresentation {
			t.Errorf("decode %x: %v", raw, err)
		}
	}
}

// TestBinaryNumericRejects: numeric_recv's refusals of a malformed
// numeric, each an error (a fraction digit past 9999 once panicked in
// its zero padding).
func TestBinaryNumericRejects(t *testing.T) {
	for _, tc := range []struct{ name, hex string }{
		{"short header", "000100000000"},
		{"length disagrees with ndigits", "0002000000000000" + "0001"},
		{"bad sign", "0001000012340000" + "0001"},
		{"integer digit past 9999", "0001000000000000" + "2710"},
		{"fraction digit past 9999", "0001ffff00000004" + "2710"},
		{"scale past NUMERIC_DSCALE_MAX", "0001000000004000" + "0001"},
	} {
		raw, _ := hex.DecodeString(tc.hex)
		if v, err := decodeBinaryParam(raw, value.TypeNumeric, 1); err == nil {
			t.Errorf("%s: %x read as %v", tc.name, raw, v)
		}
	}
	raw, _ := hex.DecodeString("0001ffff00000004" + "0d80") // 0.3456
	if v, err := decodeBinaryParam(raw, value.TypeNumeric, 1); err != nil || v.AsDecimal().String() != "0.3456" {
		t.Errorf("0.3456 read as %v, %v", v, err)
	}
}
