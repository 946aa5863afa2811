package builtin

import (
	"slices"
	"strings"
	"testing"
)

// The table is in name order without repeats (SQLFunctionKind searches
// it), and the kinds answer from it.
func TestSQLFunctions(t *testing.T) {
	fs := SQLFunctions()
	if !slices.IsSortedFunc(fs, func(a, b SQLFunction) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("SQLFunctions is not in name order")
	}
	for i, f := range fs {
		if i > 0 && fs[i-1].Name == f.Name {
			t.Errorf("%s is listed twice", f.Name)
		}
		if k, o := SQLFunctionKind(f.Name); k != f.Kind || o != f.Ordered || (k != 'a' && k != 'w') {
			t.Errorf("%s: kind %c ordered %v", f.Name, k, o)
		}
	}
	for name, want := range map[string]byte{"sum": 'a', "mode": 'a', "lag": 'w', "lower": 0, "": 0, "zzz": 0} {
		if k, _ := SQLFunctionKind(name); k != want {
			t.Errorf("%q: kind %d, want %d", name, k, want)
		}
	}
	if _, o := SQLFunctionKind("percentile_cont"); !o {
		t.Error("percentile_cont is not ordered-set")
	}
}
