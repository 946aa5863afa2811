package exec

import (
	"fmt"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// TestWindowFramesMatchReference runs random ROWS, RANGE and GROUPS
// frames (offsets, exclusions, NULL keys, both directions) over random
// rows and compares sum, count, first_value and last_value with a
// reference that finds each frame by scanning the sorted partition.
func TestWindowFramesMatchReference(t *testing.T) {
	f := newFixture(t)
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(1, 12).Draw(rt, "rows")
		type inRow struct {
			id, part int64
			key      *int64
		}
		rows := make([]inRow, n)
		var vals [][]plan.Expr
		for i := range rows {
			r := inRow{id: int64(i + 1), part: rapid.Int64Range(0, 1).Draw(rt, "part")}
			keyExpr := plan.Expr(k(value.None))
			if !rapid.Bool().Draw(rt, "null") || i == 0 {
				key := rapid.Int64Range(-3, 3).Draw(rt, "key")
				r.key = &key
				keyExpr = ki(key)
			}
			rows[i] = r
			vals = append(vals, row(ki(r.id), ki(r.part), keyExpr))
		}
		mode := rapid.IntRange(0, 2).Draw(rt, "mode") // ROWS, RANGE, GROUPS
		bound := func(label string, start bool) plan.FrameBound {
			kinds := []plan.FrameBoundKind{plan.OffsetPreceding, plan.CurrentRow, plan.OffsetFollowing}
			if start {
				kinds = append(kinds, plan.UnboundedPreceding)
			} else {
				kinds = append(kinds, plan.UnboundedFollowing)
			}
			b := plan.FrameBound{Kind: rapid.SampledFrom(kinds).Draw(rt, label)}
			if b.Kind == plan.OffsetPreceding || b.Kind == plan.OffsetFollowing {
				b.Offset = ki(rapid.Int64Range(0, 3).Draw(rt, label+" offset"))
			}
			return b
		}
		fr := plan.Frame{Rows: mode == 0, Groups: mode == 2, Start: bound("start", true), End: bound("end", false),
			Exclude: plan.FrameExclusion(rapid.IntRange(0, 3).Draw(rt, "exclude"))}
		order := plan.SortKey{X: col(2), Desc: rapid.Bool().Draw(rt, "desc")}
		order.NullsFirst = rapid.Bool().Draw(rt, "nulls first")
		partitioned := rapid.Bool().Draw(rt, "partitioned")
		var part []plan.Expr
		if partitioned {
			part = []plan.Expr{col(1)}
		}
		sum := &plan.Agg{Func: plan.AggSum, Arg: col(0), SQL: true}
		count := &plan.Agg{Func: plan.AggCountStar, SQL: true}
		funcs := []plan.WindowFunc{
			{Agg: sum, Partition: part, Order: []plan.SortKey{order}, Frame: fr},
			{Agg: count, Partition: part, Order: []plan.SortKey{order}, Frame: fr},
			{Name: "first_value", Args: []plan.Expr{col(0)}, Partition: part, Order: []plan.SortKey{order}, Frame: fr},
			{Name: "last_value", Args: []plan.Expr{col(0)}, Partition: part, Order: []plan.SortKey{order}, Frame: fr},
		}
		in := values(vals...)
		cols := append(slices.Clone(in.Cols), plan.Column{Name: "sum"}, plan.Column{Name: "count"}, plan.Column{Name: "first"}, plan.Column{Name: "last"})
		got := f.mustQuery(&plan.Window{Input: in, Funcs: funcs, Cols: cols})

		// The reference: each partition sorted stably by the key (NULLs
		// where asked), each frame found by scanning.
		want := map[int64]string{}
		for p := int64(0); p <= 1; p++ {
			var idx []int
			for i, r := range rows {
				if !partitioned || r.part == p {
					idx = append(idx, i)
				}
			}
			if !partitioned && p == 1 {
				break
			}
			cmp := func(a, b *int64) int {
				switch {
				case a == nil && b == nil:
					return 0
				case a == nil:
					if order.NullsFirst {
						return -1
					}
					return 1
				case b == nil:
					if order.NullsFirst {
						return 1
					}
					return -1
				}
				c := 0
				if *a < *b {
					c = -1
				} else if *a > *b {
					c = 1
				}
				if order.Desc {
					c = -c
				}
				return c
			}
			slices.SortStableFunc(idx, func(a, b int) int { return cmp(rows[a].key, rows[b].key) })
			m := len(idx)
			peer := func(a, b int) bool { return cmp(rows[idx[a]].key, rows[idx[b]].key) == 0 }
			group := make([]int, m)
			for i := 1; i < m; i++ {
				group[i] = group[i-1]
				if !peer(i-1, i) {
					group[i]++
				}
			}
			// dist is key_j - key_i in the ORDER BY direction (RANGE).
			dist := func(i, j int) (int64, bool) { // key_j - key_i in ORDER BY direction
				ki, kj := rows[idx[i]].key, rows[idx[j]].key
				if ki == nil || kj == nil {
					return 0, false
				}
				d := *kj - *ki
				if order.Desc {
					d = -d
				}
				return d, true
			}
			offOf := func(b plan.FrameBound) int64 {
				if b.Offset == nil {
					return 0
				}
				return b.Offset.(*plan.Const).V.AsInt()
			}
			// within reports whether row j is at or after row i's bound b
			// (start) or at or before it (end).
			within := func(b plan.FrameBound, i, j int, start bool) bool {
				off := offOf(b)
				switch b.Kind {
				case plan.UnboundedPreceding, plan.UnboundedFollowing:
					return true
				}
				if fr.Rows {
					at := int64(i)
					switch b.Kind {
					case plan.OffsetPreceding:
						at -= off
					case plan.OffsetFollowing:
						at += off
					}
					if start {
						return int64(j) >= at
					}
					return int64(j) <= at
				}
				if fr.Groups || b.Kind == plan.CurrentRow || rows[idx[i]].key == nil {
					g := int64(group[i])
					if fr.Groups {
						switch b.Kind {
						case plan.OffsetPreceding:
							g -= off
						case plan.OffsetFollowing:
							g += off
						}
					}
					if start {
						return int64(group[j]) >= g
					}
					return int64(group[j]) <= g
				}
				target := off
				if b.Kind == plan.OffsetPreceding {
					target = -off
				}
				d, ok := dist(i, j)
				if !ok {
					// A NULL row beside non-NULL ones: within a start bound
					// when NULLs come last, an end bound when they come first.
					return start != order.NullsFirst
				}
				if start {
					return d >= target
				}
				return d <= target
			}
			for i := 0; i < m; i++ {
				var frame []int64
				for j := 0; j < m; j++ {
					if !within(fr.Start, i, j, true) || !within(fr.End, i, j, false) {
						continue
					}
					switch fr.Exclude {
					case plan.ExcludeCurrentRow:
						if j == i {
							continue
						}
					case plan.ExcludeGroup:
						if peer(i, j) {
							continue
						}
					case plan.ExcludeTies:
						if j != i && peer(i, j) {
							continue
						}
					}
					frame = append(frame, rows[idx[j]].id)
				}
				s := "NULL"
				first, last := "NULL", "NULL"
				if len(frame) > 0 {
					total := int64(0)
					for _, id := range frame {
						total += id
					}
					s = fmt.Sprint(total)
					first, last = fmt.Sprint(frame[0]), fmt.Sprint(frame[len(frame)-1])
				}
				want[rows[idx[i]].id] = fmt.Sprintf("%s %d %s %s", s, len(frame), first, last)
			}
		}
		show := func(v value.Value) string {
			if v.IsNone() {
				return "NULL"
			}
			return value.CastText(v) // sum of bigint is numeric
		}
		for _, r := range got {
			id := r[0].AsInt()
			if g := fmt.Sprintf("%s %s %s %s", show(r[3]), show(r[4]), show(r[5]), show(r[6])); g != want[id] {
				rt.Fatalf("row %d: got %s, want %s (frame %+v, order %+v)", id, g, want[id], fr, order)
			}
		}
	})
}
