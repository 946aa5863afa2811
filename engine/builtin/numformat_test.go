package builtin

import (
	"testing"

	"github.com/cockroachdb/apd/v3"

	"github.com/zerodb/zerodb/engine/value"
)

// TestToCharNumber holds outputs of PostgreSQL 15's to_char for the
// layout rules that are easy to get wrong (the differential corpus
// compares hundreds more against a running server).
func TestToCharNumber(t *testing.T) {
	dec := func(s string) value.Value {
		d, _, err := apd.NewFromString(s)
		if err != nil {
			t.Fatal(err)
		}
		return value.Decimal(d)
	}
	for _, c := range []struct {
		v    value.Value
		f    string
		want string
	}{
		{value.Int(5), "999", "   5"},
		{value.Int(-5), "999", "  -5"},
		{dec("0.5"), "999.99", "    .50"},
		{dec("-0.5"), "999.99", "   -.50"},
		{dec("1234.5"), "999", " ###"},
		{dec("-1234.567"), "999,999.00", "  -1,234.57"},
		{dec("5"), "FM999.99", "5."},
		{dec("0"), "FM999.99", "0."},
		{dec("0.5"), "FM990.99", "0.5"},
		{value.Int(5), "9099", "  005"},
		{value.Int(-5), "FM00000", "-00005"},
		{value.Int(5), "999S", "  5+"},
		{value.Int(-5), "999PR", "  <5>"},
		{value.Int(5), "PL999", "+   5"},
		{value.Int(-5), "MI999", "-  5"},
		{value.Int(5), "99V99", "  500"},
		{dec("999.995"), "9.99EEEE", " 10.00e+02"},
		{value.Int(21), "FM999th", "21st"},
		{value.Int(12), "FM999TH", "12TH"},
		{value.Int(1999), "RN", "        MCMXCIX"},
		{value.Int(4000), "FMrn", "###############"},
		{value.Float(2.5), "9", " 2"},
		{value.Float32(123456.7), "9999.9999", " ####."},
		{value.Int(5), `"No. "999`, "No.    5"},
		{value.Int(5), "L999", "    5"},
	} {
		got, err := toCharNumber(c.v, c.f)
		if err != nil || got != c.want {
			t.Errorf("to_char(%v, %q) = %q, %v; want %q", c.v, c.f, got, err, c.want)
		}
	}
	for _, f := range []string{"9.9.9", "S9S", "9EEEE9", "MIS9", "9PR9", "99V9.9", "FM9EEEE"} {
		if _, err := toCharNumber(value.Int(5), f); err == nil {
			t.Errorf("to_char(5, %q): no error", f)
		}
	}
}

// FuzzToCharNumber feeds arbitrary templates and numbers to the
// template parser and layout: errors are fine, panics are not.
func FuzzToCharNumber(f *testing.F) {
	for _, s := range []string{"999", "FM990.99", "S9,999.99", "9.99EEEE", "RN", "99V99", `"x"9th`, "PR"} {
		f.Add(s, int64(-1234), 2.5, "12.345")
	}
	f.Fuzz(func(t *testing.T, tmpl string, i int64, x float64, d string) {
		toCharNumber(value.Int(i), tmpl)
		toCharNumber(value.Float(x), tmpl)
		if n, _, err := apd.NewFromString(d); err == nil {
			toCharNumber(value.Decimal(n), tmpl)
		}
	})
}
