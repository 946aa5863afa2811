package sqlfe

import (
	"slices"
	"testing"
)

func TestExprColumns(t *testing.T) {
	for _, c := range []struct {
		expr string
		want []string
	}{
		{"a > 0", []string{"a"}},
		{"lo < hi AND lo >= 0", []string{"lo", "hi"}},
		{`"Mixed" IS NOT NULL`, []string{"Mixed"}},
		{"length(name) > 2 AND t.n <> 1", []string{"name", "n"}},
		{"1 = 1", nil},
		{"(", nil},
	} {
		if got := ExprColumns(c.expr); !slices.Equal(got, c.want) {
			t.Errorf("ExprColumns(%q) = %q, want %q", c.expr, got, c.want)
		}
	}
}
