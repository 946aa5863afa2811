package builtin

import (
	"testing"

	"github.com/zerodb/zerodb/engine/value"
)

func TestNumberConstSQL(t *testing.T) {
	numeric := value.Type{Kind: value.KindDecimal}
	dec := func(s string) value.Value {
		v, err := value.Convert(value.String(s), numeric)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct {
		v    value.Value
		t    value.Type
		want string
	}{
		{value.Int(7), value.TypeInt4, "7"},
		{value.Int(-1), value.TypeInt4, "'-1'::integer"},
		{value.Int(1), value.TypeInt8, "'1'::bigint"},
		{dec("3"), numeric, "'3'::numeric"},
		{dec("3.50"), numeric, "3.50"},
		{dec("-1.5"), numeric, "'-1.5'::numeric"},
		{value.Float(1000), value.TypeFloat8, "'1000'::double precision"},
	} {
		got, err := NumberConstSQL(c.v, c.t)
		if err != nil || got != c.want {
			t.Errorf("NumberConstSQL(%v, %s) = %q, %v; want %q", c.v, c.t.SQLName(), got, err, c.want)
		}
	}
	if PlainNumber(value.Type{Kind: value.KindInt, Width: value.I64, Money: true}) {
		t.Error("money is no plain number")
	}
}
