package sqlfe

import "testing"

func TestImpliesPredicate(t *testing.T) {
	for _, c := range []struct {
		cond, pred string
		want       bool
	}{
		{"(deleted_at IS NULL)", "(deleted_at IS NULL)", true},
		{"(a > 1 AND deleted_at IS NULL)", "(deleted_at IS NULL)", true},
		{"(deleted_at IS NULL AND a > 1)", "(a > 1 AND deleted_at IS NULL)", true},
		{"(deleted_at IS NULL)", "(a > 1 AND deleted_at IS NULL)", false},
		{"active", "active", true},
		{"(NOT active)", "active", false},
		{"(kind = 'a')", "(kind = 'b')", false},
		{"(deleted_at IS NOT NULL)", "(deleted_at IS NULL)", false},
	} {
		if got := impliesPredicate(c.cond, c.pred); got != c.want {
			t.Errorf("impliesPredicate(%q, %q) = %v, want %v", c.cond, c.pred, got, c.want)
		}
	}
}
