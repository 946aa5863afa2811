package builtin

import (
	"testing"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// TestAggregateFoldArgCount: aggregate_fold is callable from SQL by
// name, so its argument count is a client's: one no aggregate can have
// is an error (a negative one panicked in make).
func TestAggregateFoldArgCount(t *testing.T) {
	fn, _ := NewRegistry().Lookup("sql::aggregate_fold")
	for _, n := range []int64{-1, -2, 101, 1 << 40} {
		args := []value.Value{value.None, value.IntW(7, value.I32), value.None, value.None, value.IntW(0, value.I32), value.Int(n)}
		if _, err := fn.Call(&Context{SQL: true}, args); errs.Code(err) != errs.InvalidParameterValue {
			t.Errorf("nargs %d: %v, want %s", n, err, errs.InvalidParameterValue)
		}
	}
}
