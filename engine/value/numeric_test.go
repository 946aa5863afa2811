package value

import (
	"testing"

	"github.com/cockroachdb/apd/v3"
)

// TestFloorCeilDecimal checks floor and ceil of numerics, those whose
// digits all lie well below the point included.
func TestFloorCeilDecimal(t *testing.T) {
	for _, c := range []struct{ in, floor, ceil string }{
		{"0.001", "0", "1"},
		{"-0.001", "-1", "0"},
		{"0.5", "0", "1"},
		{"-0.5", "-1", "0"},
		{"1.001", "1", "2"},
		{"-2.5", "-3", "-2"},
		{"12.50", "12", "13"},
		{"7", "7", "7"},
		{"-7.000", "-7", "-7"},
		{"0", "0", "0"},
		{"1E+3", "1000", "1000"},
		{"9.9E-20", "0", "1"},
		{"99.99", "99", "100"},
		{"-99.99", "-100", "-99"},
	} {
		d, _, err := apd.NewFromString(c.in)
		if err != nil {
			t.Fatal(err)
		}
		f, err := FloorDecimal(d)
		if err != nil || f.String() != c.floor {
			t.Errorf("floor(%s) = %v, %v; want %s", c.in, f, err, c.floor)
		}
		g, err := CeilDecimal(d)
		if err != nil || g.String() != c.ceil {
			t.Errorf("ceil(%s) = %v, %v; want %s", c.in, g, err, c.ceil)
		}
	}
}

// TestDecimalStddevRoundsOnce checks that a standard deviation is rounded
// to its scale once: the square root of 24999999995000000000 is
// 4999999999.49999999997..., so 4999999999 at scale 0.
func TestDecimalStddevRoundsOnce(t *testing.T) {
	sumX, sumX2 := apd.New(10000000001, 0), apd.New(0, 0)
	sumX2.SetString("100000000000000000001")
	d, null, err := DecimalVariance(2, sumX, sumX2, false, true)
	if err != nil || null || d.String() != "4999999999" {
		t.Errorf("stddev_pop(1, 10000000000) = %v, %v, %v; want 4999999999", d, null, err)
	}
}
