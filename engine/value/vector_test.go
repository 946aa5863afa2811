package value

import (
	"testing"

	"github.com/zerodb/zerodb/errs"
)

func TestVectorText(t *testing.T) {
	tests := []struct {
		in, out string
		dims    int
		code    string
	}{
		{in: "[1,2,3]", out: "[1,2,3]"},
		{in: " [ 1.5 , -2e3,0.1 ] ", out: "[1.5,-2000,0.1]"},
		{in: "[1,2]", dims: 2, out: "[1,2]"},
		{in: "[1,2]", dims: 3, code: errs.DataException},
		{in: "[]", code: errs.DataException},
		{in: "1,2", code: errs.InvalidTextRepresentation},
		{in: "[1,,2]", code: errs.InvalidTextRepresentation},
		{in: "[1,2", code: errs.InvalidTextRepresentation},
		{in: "[1,2]x", code: errs.InvalidTextRepresentation},
		{in: "[nan]", code: errs.DataException},
		{in: "[inf]", code: errs.DataException},
		{in: "[1e39]", code: errs.NumericValueOutOfRange},
		{in: "[1 2]", code: errs.InvalidTextRepresentation},
	}
	for _, tt := range tests {
		v, err := ParseText(tt.in, Type{Kind: KindVector, Dims: tt.dims})
		if tt.code != "" {
			if e, ok := err.(*errs.Error); !ok || e.Code != tt.code {
				t.Errorf("%q: error %v, want %s", tt.in, err, tt.code)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		b, err := AppendText(nil, v, Type{Kind: KindVector})
		if err != nil || string(b) != tt.out {
			t.Errorf("%q: text %q, %v; want %q", tt.in, b, err, tt.out)
		}
	}
}

func FuzzVectorText(f *testing.F) {
	f.Add("[1,2,3]")
	f.Add("[1e-3, -0]")
	f.Fuzz(func(t *testing.T, s string) {
		v, err := parseVectorText(s, 0)
		if err != nil {
			return
		}
		back, err := parseVectorText(string(appendVectorText(nil, v.AsVector())), 0)
		if err != nil || Compare(back, v) != 0 {
			t.Fatalf("%q does not round-trip: %v", s, err)
		}
	})
}
