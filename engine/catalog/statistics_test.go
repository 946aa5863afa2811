package catalog

import (
	"slices"
	"strings"
	"testing"
)

func TestChooseStatisticName(t *testing.T) {
	long := strings.Repeat("x", 70)
	for _, c := range []struct {
		table, addition string
		taken           []string
		want            string
	}{
		{"t", "a_b", nil, "t_a_b_stat"},
		{"t", "a_b", []string{"t_a_b_stat"}, "t_a_b_stat1"},
		{"t", "a_b", []string{"t_a_b_stat", "t_a_b_stat1"}, "t_a_b_stat2"},
		{"t", "expr_c", nil, "t_expr_c_stat"},
		// The longer part is cut first, to 63 bytes in all.
		{long, "a_b", nil, strings.Repeat("x", 54) + "_a_b_stat"},
		{"t", long, nil, "t_" + strings.Repeat("x", 56) + "_stat"},
		// Never inside a character.
		{strings.Repeat("é", 40), "a", nil, strings.Repeat("é", 28) + "_a_stat"},
	} {
		taken := func(name string) bool { return slices.Contains(c.taken, name) }
		if got := ChooseStatisticName(c.table, c.addition, taken); got != c.want {
			t.Errorf("ChooseStatisticName(%q, %q) = %q, want %q", c.table, c.addition, got, c.want)
		}
		if got := ChooseStatisticName(c.table, c.addition, taken); len(got) > 63 {
			t.Errorf("%q is longer than 63 bytes", got)
		}
	}
}

func TestStatisticUses(t *testing.T) {
	s := Statistic{Columns: []string{"a"}, Exprs: []StatExpr{{Expr: "(b + 1)", Cols: []string{"b"}}}}
	for col, want := range map[string]bool{"a": true, "b": true, "c": false} {
		if got := s.Uses(col); got != want {
			t.Errorf("Uses(%q) = %v, want %v", col, got, want)
		}
	}
}
