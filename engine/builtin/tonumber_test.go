package builtin

import (
	"testing"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// Cases checked against PostgreSQL 15 (more in compat-tests'
// differential.sql).
func TestToNumber(t *testing.T) {
	for _, tc := range []struct{ in, format, want, err string }{
		{"12,454.8-", "99G999D9S", "-12454.8", ""},
		{"<564646.654564>", "999999.999999PR", "-564646.654564", ""},
		{"5.01-", "FM9.999999MI", "-5.01", ""},
		{"1234", "9MI99", "123", ""},
		{"12-", "9999S", "-12", ""},
		{"1x2", "999", "12", ""},
		{"x12", "99", "1", ""},
		{"$12", "L9", "1", ""},
		{"12", "L99", "12", ""},
		{"1,234", "FM9,999", "123", ""},
		{"1.5th", "9.9TH", "1.5", ""},
		{"12", "9V99", "0.1200000000000000", ""},
		{"1", "9V99999999999999999999", "0.0000000000000000", ""},
		{"0.000", "9.999", "0.000", ""},
		{"12", "", "", ""},
		{"", "999", "", errs.InvalidTextRepresentation},
		{"12", "9.9", "", errs.NumericValueOutOfRange},
		{"5", ".9", "", errs.NumericValueOutOfRange},
		{"1", "9EEEE", "", errs.FeatureNotSupported},
		{"1", "RN", "", errs.FeatureNotSupported},
	} {
		v, err := toNumber(tc.in, tc.format)
		if tc.err != "" {
			if errs.Code(err) != tc.err {
				t.Errorf("to_number(%q, %q): %v, want %s", tc.in, tc.format, err, tc.err)
			}
			continue
		}
		got := ""
		if !v.IsNone() {
			got = v.AsDecimal().String()
		}
		if err != nil || got != tc.want {
			t.Errorf("to_number(%q, %q) = %q, %v; want %q", tc.in, tc.format, got, err, tc.want)
		}
	}
}

func FuzzToNumber(f *testing.F) {
	for _, c := range [][2]string{{"12,454.8-", "99G999D9S"}, {"<1>", "9PR"}, {"1st", "9th"}, {"12", "9V99"}, {"a12", `"x"99`}, {"é", "L9"}} {
		f.Add(c[0], c[1])
	}
	f.Fuzz(func(t *testing.T, s, format string) {
		v, err := toNumber(s, format)
		if err != nil {
			if errs.Code(err) == "" {
				t.Fatalf("to_number(%q, %q): error without SQLSTATE: %v", s, format, err)
			}
			return
		}
		if !v.IsNone() && v.Kind() != value.KindDecimal {
			t.Fatalf("to_number(%q, %q) = %v", s, format, v)
		}
	})
}
