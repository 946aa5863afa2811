package value

import (
	"math"
	"testing"

	"github.com/zerodb/zerodb/errs"
)

func TestParseMoney(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		code string
	}{
		{"$1,234.56", 123456, ""},
		{"-12.3", -1230, ""},
		{"", 0, ""},
		{"-", 0, ""},
		{"(1.5)", -150, ""},
		{"1.5-", -150, ""},
		{" $ 1,2,3.456 ", 12346, ""},
		{"1.004", 100, ""},
		{"1.005", 101, ""},
		{"1.0049", 100, ""},
		{"-$0.005", -1, ""},
		{"+7", 700, ""},
		{"$-7$", -700, ""},
		{"92233720368547758.07", math.MaxInt64, ""},
		{"-92233720368547758.08", math.MinInt64, ""},
		{"92233720368547758.08", 0, errs.NumericValueOutOfRange},
		{"-92233720368547758.09", 0, errs.NumericValueOutOfRange},
		{"92233720368547758.075", 0, errs.NumericValueOutOfRange},
		{"1e5", 0, errs.InvalidTextRepresentation},
		{"abc", 0, errs.InvalidTextRepresentation},
		{"1.2.3", 0, errs.InvalidTextRepresentation},
	} {
		got, err := ParseMoney(tc.in)
		checkMoney(t, "ParseMoney("+tc.in+")", got, err, tc.want, tc.code)
	}
}

// checkMoney fails t unless got and err are want, or an error of code.
func checkMoney(t *testing.T, what string, got int64, err error, want int64, code string) {
	t.Helper()
	if code == "" && (err != nil || got != want) || code != "" && errs.Code(err) != code {
		t.Errorf("%s = %d, %v; want %d, %q", what, got, err, want, code)
	}
}

func TestAppendMoney(t *testing.T) {
	for _, tc := range []struct {
		cents int64
		want  string
	}{
		{0, "$0.00"},
		{5, "$0.05"},
		{-1230, "-$12.30"},
		{123456, "$1,234.56"},
		{100000, "$1,000.00"},
		{99999, "$999.99"},
		{math.MaxInt64, "$92,233,720,368,547,758.07"},
		{math.MinInt64, "-$92,233,720,368,547,758.08"},
	} {
		if got := string(AppendMoney(nil, tc.cents)); got != tc.want {
			t.Errorf("AppendMoney(%d) = %q, want %q", tc.cents, got, tc.want)
		}
	}
}

func TestMoneyArith(t *testing.T) {
	for _, tc := range []struct {
		name string
		got  func() (int64, error)
		want int64
		code string
	}{
		{"add", func() (int64, error) { return MoneyAdd(1, 2, false) }, 3, ""},
		{"add overflow", func() (int64, error) { return MoneyAdd(math.MaxInt64, 1, false) }, 0, errs.NumericValueOutOfRange},
		{"sub overflow", func() (int64, error) { return MoneyAdd(math.MinInt64, 1, true) }, 0, errs.NumericValueOutOfRange},
		{"sub", func() (int64, error) { return MoneyAdd(-5, -7, true) }, 2, ""},
		{"mul", func() (int64, error) { return MoneyMulInt(-3, 4) }, -12, ""},
		{"mul to min", func() (int64, error) { return MoneyMulInt(math.MinInt64/2, 2) }, math.MinInt64, ""},
		{"mul overflow", func() (int64, error) { return MoneyMulInt(math.MaxInt64/2+1, 2) }, 0, errs.NumericValueOutOfRange},
		{"mul min by -1", func() (int64, error) { return MoneyMulInt(math.MinInt64, -1) }, 0, errs.NumericValueOutOfRange},
		{"div", func() (int64, error) { return MoneyDivInt(-7, 2) }, -3, ""},
		{"div zero", func() (int64, error) { return MoneyDivInt(1, 0) }, 0, errs.DivisionByZero},
		{"div min by -1", func() (int64, error) { return MoneyDivInt(math.MinInt64, -1) }, 0, errs.NumericValueOutOfRange},
		{"float", func() (int64, error) { return MoneyOfFloat(2.5) }, 2, ""},
		{"float NaN", func() (int64, error) { return MoneyOfFloat(math.NaN()) }, 0, errs.NumericValueOutOfRange},
		{"float big", func() (int64, error) { return MoneyOfFloat(1e19) }, 0, errs.NumericValueOutOfRange},
		{"int", func() (int64, error) { return MoneyOfInt(12) }, 1200, ""},
		{"int overflow", func() (int64, error) { return MoneyOfInt(math.MaxInt64 / 10) }, 0, errs.NumericValueOutOfRange},
	} {
		got, err := tc.got()
		checkMoney(t, tc.name, got, err, tc.want, tc.code)
	}
}

func TestMoneyWords(t *testing.T) {
	for _, tc := range []struct {
		cents int64
		want  string
	}{
		{0, "Zero dollars and zero cents"},
		{100, "One dollar and zero cents"},
		{100000, "One thousand  dollars and zero cents"},
		{123456, "One thousand two hundred thirty four dollars and fifty six cents"},
		{-501, "Minus five dollars and one cent"},
		{11000, "One hundred and ten dollars and zero cents"},
		{12000, "One hundred twenty dollars and zero cents"},
		{100000010, "One million  dollars and ten cents"},
		{2100, "Twenty one dollars and zero cents"},
		{math.MinInt64, "Minus ninety two quadrillion two hundred thirty three trillion seven hundred twenty billion three hundred sixty eight million five hundred forty seven thousand seven hundred fifty eight dollars and eight cents"},
	} {
		if got := MoneyWords(tc.cents); got != tc.want {
			t.Errorf("MoneyWords(%d) = %q, want %q", tc.cents, got, tc.want)
		}
	}
}

// FuzzParseMoney: any text is read or refused with a SQLSTATE, and what
// is read reads back the same from its output.
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"$1,234.56", "-12.3", "(1.5)", "1.5-", "92233720368547758.07", "-92233720368547758.08", "1e5", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseMoney(s)
		if err != nil {
			if code := errs.Code(err); code != errs.NumericValueOutOfRange && code != errs.InvalidTextRepresentation {
				t.Fatalf("ParseMoney(%q): %v", s, err)
			}
			return
		}
		out := string(AppendMoney(nil, c))
		if back, err := ParseMoney(out); err != nil || back != c {
			t.Fatalf("ParseMoney(%q) = %d -> %q -> %d, %v", s, c, out, back, err)
		}
	})
}
