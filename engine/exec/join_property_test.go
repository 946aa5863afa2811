package exec

import (
	"slices"
	"testing"

	"github.com/cockroachdb/apd/v3"
	"pgregory.net/rapid"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// drawJoinKey draws a join key: mostly integers of a small range (the
// dense table), sometimes far apart (the hash table), and values equal to
// integers without being ones, none and strings.
func drawJoinKey(t *rapid.T, label string, mixed bool) value.Value {
	kind := rapid.IntRange(0, 9).Draw(t, label+" kind")
	if !mixed && kind > 0 {
		kind = 9
	}
	switch kind {
	case 0:
		return value.None
	case 1:
		return value.Float(float64(rapid.IntRange(-3, 6).Draw(t, label+" float")))
	case 2:
		return value.Float(0.5)
	case 3:
		return value.Decimal(apd.New(int64(rapid.IntRange(-3, 6).Draw(t, label+" dec")), 0))
	case 4:
		return value.String("3")
	case 5:
		return value.Int(int64(rapid.SampledFrom([]int{-1 << 40, 1 << 40, 7}).Draw(t, label+" far")))
	}
	return value.IntW(int64(rapid.IntRange(-3, 6).Draw(t, label+" int")), value.I32)
}

// TestHashJoinAgreesWithNestedLoop runs the same join by hashing and by
// a nested loop, for every join kind, SQL (a none key never matches) and
// ZQL == (none matches none) semantics, with either side the smaller.
func TestHashJoinAgreesWithNestedLoop(t *testing.T) {
	f := newFixture(t)
	rapid.Check(t, func(t *rapid.T) {
		side := func(label string) *plan.Values {
			var rs [][]plan.Expr
			mixed := rapid.Bool().Draw(t, label+" mixed")
			for i := rapid.IntRange(0, 12).Draw(t, label+" rows"); i > 0; i-- {
				rs = append(rs, row(k(drawJoinKey(t, label, mixed)), ki(int64(i))))
			}
			return &plan.Values{Rows: rs, Cols: []plan.Column{{Name: "k"}, {Name: "n"}}}
		}
		left, right := side("left"), side("right")
		kind := rapid.SampledFrom([]plan.JoinKind{plan.InnerJoin, plan.LeftJoin, plan.RightJoin, plan.FullJoin, plan.SemiJoin, plan.AntiJoin}).Draw(t, "kind")
		sql := rapid.Bool().Draw(t, "sql")
		eq := &plan.Binary{Op: plan.OpEq, L: col(0), R: col(2), SQL: sql}
		var extra plan.Expr
		if rapid.Bool().Draw(t, "extra") {
			extra = &plan.Binary{Op: plan.OpNe, L: col(1), R: col(3), SQL: true}
		}
		on := plan.Expr(eq)
		if extra != nil {
			on = &plan.Binary{Op: plan.OpAnd, L: eq, R: extra, SQL: true}
		}
		if !sql {
			eq.Op = plan.OpEq // ZQL ==: none equals none
		}
		nested := &plan.Join{Kind: kind, Left: left, Right: right, On: on}
		hash := &plan.Join{Kind: kind, Method: plan.HashJoin, Left: left, Right: right, On: extra,
			LeftKeys: []plan.Expr{col(0)}, RightKeys: []plan.Expr{col(0)}, NullEqual: !sql}
		// With Read (column pruning's), only the listed columns of the
		// combined row are filled, the others are none.
		var read []int
		if rapid.Bool().Draw(t, "narrow") {
			read = []int{}
			for c := range 4 {
				if (extra != nil && c%2 == 1) || rapid.Bool().Draw(t, "read") {
					read = append(read, c)
				}
			}
			hash.Read = read
		}
		want, err1 := f.query(nested)
		got, err2 := f.query(hash)
		if err1 != nil || err2 != nil {
			t.Fatalf("errors: %v, %v", err1, err2)
		}
		if read != nil {
			for _, r := range want {
				for c := range r {
					if !slices.Contains(read, c) {
						r[c] = value.None
					}
				}
			}
		}
		if w, g := sortedLines(render(want)), sortedLines(render(got)); w != g {
			t.Fatalf("nested loop:\n%s\nhash:\n%s", w, g)
		}
	})
}
