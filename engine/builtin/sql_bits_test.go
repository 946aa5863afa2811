package builtin

import (
	"testing"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// TestBitFuncs checks the functions behind the integer bit operators
// against what PostgreSQL 15 (x86-64) returns.
func TestBitFuncs(t *testing.T) {
	i2 := func(n int64) value.Value { return value.IntW(n, value.I16) }
	i4 := func(n int64) value.Value { return value.IntW(n, value.I32) }
	checkSQLCalls(t, []sqlCall{
		{"int4and", []value.Value{i4(12), i4(10)}, "8"},
		{"int8or", []value.Value{vi(1 << 40), vi(1)}, "1099511627777"},
		{"int2xor", []value.Value{i2(-1), i2(1)}, "-2"},
		{"int4not", []value.Value{i4(0)}, "-1"},
		{"int4shl", []value.Value{i4(1), i4(33)}, "2"},
		{"int4shl", []value.Value{i4(1), i4(-1)}, "-2147483648"},
		{"int4shl", []value.Value{i4(1), i4(31)}, "-2147483648"},
		{"int2shl", []value.Value{i2(1), i4(17)}, "0"},
		{"int2shl", []value.Value{i2(1), i4(33)}, "2"},
		{"int2shl", []value.Value{i2(1), i4(15)}, "-32768"},
		{"int8shl", []value.Value{vi(1), i4(65)}, "2"},
		{"int8shl", []value.Value{i4(1), i4(40)}, "1099511627776"}, // int4 widens to int8
		{"int8shr", []value.Value{vi(-1), i4(70)}, "-1"},
		{"int4shr", []value.Value{i4(7), i4(40)}, "0"},
		{"int2shr", []value.Value{i2(-32768), i4(1)}, "-16384"},
		{"int2and", []value.Value{i4(1), i4(1)}, errs.UndefinedFunction}, // no narrowing
		{"int4and", []value.Value{vs("1"), i4(1)}, errs.UndefinedFunction},
		{"int4shl", []value.Value{i4(1), vi(1)}, errs.UndefinedFunction},
	})
}
