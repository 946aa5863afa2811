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
