package exec

import (
	"testing"

	"github.com/zerodb/zerodb/engine/value"
)

func TestJSONIndexScalar(t *testing.T) {
	arr := value.List([]value.Value{value.Int(1), value.None})
	cases := []struct {
		name string
		x, i value.Value
		want value.Value // value.None: SQL NULL
	}{
		{"string at 0", value.String("x"), value.Int(0), value.String("x")},
		{"string at -1", value.String("x"), value.Int(-1), value.String("x")},
		{"string at 1", value.String("x"), value.Int(1), value.None},
		{"string by key", value.String("x"), value.String("a"), value.None},
		{"number at 0", value.Int(7), value.Int(0), value.Int(7)},
		{"bool at 0", value.Bool(true), value.Int(0), value.Bool(true)},
		{"json null at 0", value.JSONNull, value.Int(0), value.JSONNull},
		{"SQL NULL", value.None, value.Int(0), value.None},
		{"array at 0", arr, value.Int(0), value.Int(1)},
		{"array's null", arr, value.Int(1), value.JSONNull},
		{"array at -3", arr, value.Int(-3), value.None},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := value.None
			if jsonIndexable(c.x, c.i) {
				got = jsonIndex(c.x, c.i)
			}
			if !value.Equal(got, c.want) || got.IsJSONNull() != c.want.IsJSONNull() {
				t.Errorf("%v -> %v = %v, want %v", c.x, c.i, got, c.want)
			}
		})
	}
}
