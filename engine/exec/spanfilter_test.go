package exec

import (
	"testing"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

func TestSpanFilterImplied(t *testing.T) {
	ints := &catalog.Table{Name: "r", Schemafull: true, PrimaryKey: []string{"k"},
		Fields: []catalog.Field{{Name: "k", Type: value.TypeInt4}, {Name: "v", Type: value.TypeText}}}
	texts := &catalog.Table{Name: "s", Schemafull: true, PrimaryKey: []string{"k"},
		Fields: []catalog.Field{{Name: "k", Type: value.TypeText}}}
	key := &plan.ColRef{Idx: 0}
	field := &plan.Field{X: &plan.ColRef{Idx: 1}, Name: "k"}
	other := &plan.Field{X: &plan.ColRef{Idx: 1}, Name: "v"}
	p1, p2 := &plan.Param{N: 1}, &plan.Param{N: 2}
	c5 := &plan.Const{V: value.Int(5)}
	cmp := func(op plan.Op, l, r plan.Expr) plan.Expr { return &plan.Binary{Op: op, L: l, R: r, SQL: true} }
	five := value.Int(5)
	cases := []struct {
		name   string
		t      *catalog.Table
		fields []string
		filter plan.Expr
		lower  bool
		bound  plan.Expr
		v      value.Value
		incl   bool
		want   bool
	}{
		{"key < $1", ints, nil, cmp(plan.OpLt, key, p1), false, p1, five, false, true},
		{"key <= $1", ints, nil, cmp(plan.OpLe, key, p1), false, p1, five, true, true},
		{"field > $1", ints, nil, cmp(plan.OpGt, field, p1), true, p1, five, false, true},
		{"$1 <= field", ints, nil, cmp(plan.OpLe, p1, field), true, p1, five, true, true},
		{"key < 5", ints, nil, cmp(plan.OpLt, key, c5), false, c5, five, false, true},
		{"pruned key field", ints, []string{"k"}, cmp(plan.OpLt, &plan.ColRef{Idx: 1}, p1), false, p1, five, false, true},
		{"pruned other field", ints, []string{"v", "k"}, cmp(plan.OpLt, &plan.ColRef{Idx: 1}, p1), false, p1, five, false, false},
		{"rounded bound (2.5 made inclusive)", ints, nil, cmp(plan.OpLt, key, p1), false, p1, five, true, false},
		{"other parameter", ints, nil, cmp(plan.OpLt, key, p2), false, p1, five, false, false},
		{"other side", ints, nil, cmp(plan.OpLt, key, p1), true, p1, five, false, false},
		{"not the key", ints, nil, cmp(plan.OpLt, other, p1), false, p1, five, false, false},
		{"more than the comparison", ints, nil, cmp(plan.OpAnd, cmp(plan.OpLt, key, p1), cmp(plan.OpGt, other, p2)), false, p1, five, false, false},
		{"the other side's comparison too", ints, nil, cmp(plan.OpAnd, cmp(plan.OpLt, key, p1), cmp(plan.OpGt, key, p2)), false, p1, five, false, false},
		{"text key", texts, nil, cmp(plan.OpLt, key, p1), false, p1, value.String("x"), false, false},
		{"float bound", ints, nil, cmp(plan.OpLt, key, p1), false, p1, value.Float(5), false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := &plan.Scan{Table: c.t, Filter: c.filter, Fields: c.fields}
			var lo, hi appliedBound
			if c.lower {
				lo = appliedBound{true, c.bound, c.v, c.incl}
			} else {
				hi = appliedBound{true, c.bound, c.v, c.incl}
			}
			if got := spanFilterImplied(n, keyType(c.t), lo, hi); got != c.want {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

// Both sides of a range imply a filter of both comparisons.
func TestSpanFilterImpliedBothSides(t *testing.T) {
	ints := &catalog.Table{Name: "r", Schemafull: true, PrimaryKey: []string{"k"},
		Fields: []catalog.Field{{Name: "k", Type: value.TypeInt8}}}
	key := &plan.ColRef{Idx: 0}
	p1, p2 := &plan.Param{N: 1}, &plan.Param{N: 2}
	filter := &plan.Binary{Op: plan.OpAnd, SQL: true,
		L: &plan.Binary{Op: plan.OpGt, L: key, R: p1, SQL: true}, R: &plan.Binary{Op: plan.OpLt, L: key, R: p2, SQL: true}}
	n := &plan.Scan{Table: ints, Filter: filter}
	lo := appliedBound{true, p1, value.Int(1), false}
	hi := appliedBound{true, p2, value.Int(9), false}
	if !spanFilterImplied(n, keyType(ints), lo, hi) {
		t.Error("both bounds applied: want implied")
	}
	if spanFilterImplied(n, keyType(ints), lo, appliedBound{}) {
		t.Error("upper side open: want not implied")
	}
}
