package builtin

import (
	"slices"
	"testing"
)

// The list and the kinds agree: every listed name has a kind, in order.
func TestSQLFunctionNames(t *testing.T) {
	names := SQLFunctionNames()
	if !slices.IsSorted(names) {
		t.Error("SQLFunctionNames is not in name order")
	}
	if len(slices.Compact(slices.Clone(names))) != len(names) {
		t.Error("SQLFunctionNames repeats a name")
	}
	for _, n := range names {
		if k, _ := SQLFunctionKind(n); k == 0 {
			t.Errorf("%s is listed but has no kind", n)
		}
	}
	if k, _ := SQLFunctionKind("lower"); k != 0 {
		t.Error("lower has a kind")
	}
}
