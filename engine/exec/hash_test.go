package exec

import (
	"math"
	"slices"
	"testing"

	"github.com/cockroachdb/apd/v3"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"pgregory.net/rapid"
)

// TestRowSetAgreesWithEqual adds one-column rows of numbers of every
// kind (the integer fast path) and others, in both orders, and checks
// each add against value.Equal with the rows added before.
func TestRowSetAgreesWithEqual(t *testing.T) {
	dec := func(s string) value.Value {
		d, _, err := apd.NewFromString(s)
		if err != nil {
			t.Fatal(err)
		}
		return value.Decimal(d)
	}
	vals := []value.Value{
		value.Int(1), value.IntW(1, value.I32), value.Float(1), dec("1.00"), dec("1.5"), value.Float(1.5),
		value.Float(math.Copysign(0, -1)), value.Int(0), value.Float(math.NaN()), value.Float(math.Inf(1)),
		value.Uint64(math.MaxInt64), value.Uint64(math.MaxUint64), value.Float(1 << 63), dec("9223372036854775808"),
		value.String("1"), value.None, value.Int(-7), dec("-7"),
	}
	for _, reverse := range []bool{false, true} {
		s := newRowSet(&run{}, 0)
		var store rowStore
		var added []value.Value
		for i := range vals {
			v := vals[i]
			if reverse {
				v = vals[len(vals)-1-i]
			}
			want := true
			for _, a := range added {
				if equalValues([]value.Value{a}, []value.Value{v}) {
					want = false
				}
			}
			if got := s.add([]value.Value{v}, &store); got != want {
				t.Fatalf("reverse=%v: add(%v) = %v, want %v", reverse, v, got, want)
			}
			if want {
				added = append(added, v)
			}
		}
	}
}

// GROUP BY one value groups numbers by value whatever their kind (the
// integer and string fast paths of aggIter agree with value.Equal).
func TestGroupByOneValue(t *testing.T) {
	f := newFixture(t)
	one, _, _ := apd.NewFromString("1.00")
	big, _, _ := apd.NewFromString("9223372036854775808") // 2^63: beyond int64
	var rs [][]plan.Expr
	for _, v := range []value.Value{value.Int(1), value.Float(1), value.Decimal(one), value.Int(2), value.String("2"),
		value.Float(1.5), value.None, value.String("2"), value.Decimal(big)} {
		rs = append(rs, row(k(v)))
	}
	q := &plan.Aggregate{Input: &plan.Values{Rows: rs, Cols: []plan.Column{{Name: "v"}}}, GroupBy: []plan.Expr{col(0)},
		Aggs: []plan.Agg{{Func: plan.AggCountStar}}, Cols: []plan.Column{{Name: "v"}, {Name: "n"}}}
	var counts []int64
	for _, r := range f.mustQuery(q) {
		counts = append(counts, r[1].AsInt())
	}
	// none, 1 (three kinds), 1.5, 2, 2^63, "2" (twice).
	if want := []int64{1, 3, 1, 1, 1, 2}; !slices.Equal(counts, want) {
		t.Fatalf("counts %v, want %v", counts, want)
	}
}

// TestRowSetModel: whatever mix of numbers, record ids (of two tables,
// with integer, fractional, big and string keys) and other values is
// added, each add reports new exactly when no value added before is
// Equal to it (the integer sets and the hashed values together are one
// set); after a reset (a reopened distinct), as if none was.
func TestRowSetModel(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		key := rapid.OneOf(
			rapid.Map(rapid.Int64Range(-3, 3), func(i int64) value.Value { return value.Int(i) }),
			rapid.Map(rapid.Int64Range(-3, 3), func(i int64) value.Value { return value.Float(float64(i)) }),
			rapid.Map(rapid.Int64(), func(i int64) value.Value { return value.Int(i) }),
			rapid.SampledFrom([]value.Value{value.Float(0.5), value.Uint64(math.MaxUint64), value.String("1"), value.None}),
		)
		val := rapid.Custom(func(t *rapid.T) value.Value {
			if rapid.Bool().Draw(t, "rid") {
				return value.RecordIDOf(rapid.SampledFrom([]string{"a", "b"}).Draw(t, "table"), key.Draw(t, "key"))
			}
			return key.Draw(t, "value")
		})
		s := newRowSet(&run{}, rapid.IntRange(0, 4).Draw(t, "hint"))
		for round := range rapid.IntRange(1, 3).Draw(t, "rounds") {
			if round > 0 {
				s.reset(&run{})
			}
			var store rowStore
			var added []value.Value
			for _, v := range rapid.SliceOfN(val, 1, 200).Draw(t, "values") {
				want := !slices.ContainsFunc(added, func(a value.Value) bool { return equalValue(a, v) })
				if got := s.add([]value.Value{v}, &store); got != want {
					t.Fatalf("round %d: add(%v) = %v, want %v (added %v)", round, v, got, want, added)
				}
				if want {
					added = append(added, v)
				}
			}
		}
	})
}

// TestIntSetModel: an intSet agrees with a map through its growth,
// with keys drawn close together (long probe runs) and from anywhere.
func TestIntSetModel(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := newIntSet(rapid.IntRange(0, 8).Draw(t, "hint"), rapid.Uint64().Draw(t, "seed"))
		model := map[int64]bool{}
		keys := rapid.OneOf(rapid.Int64Range(-20, 20), rapid.Int64())
		for _, k := range rapid.SliceOfN(keys, 1, 500).Draw(t, "keys") {
			if got, want := s.add(k), !model[k]; got != want {
				t.Fatalf("add(%d) = %v, want %v", k, got, want)
			}
			model[k] = true
			if s.len() != len(model) {
				t.Fatalf("len %d, want %d", s.len(), len(model))
			}
		}
	})
}

// TestIntSetResetRoom: reset keeps the room a set grew to while its keys
// filled a sixteenth of it, up to 16 times what newIntSet starts with;
// otherwise it keeps none (or, when the set never grew, its first room).
func TestIntSetResetRoom(t *testing.T) {
	const hint = 64 // initialSlots(hint) is 256
	for _, tc := range []struct {
		name  string
		keys  []int // keys added before each reset
		slots int   // len(slots) after the last reset
	}{
		{"never grew", []int{100}, 256},
		{"grew", []int{200}, 512},
		{"grew and stays big", []int{200, 100}, 512},
		{"grew then fewer", []int{200, 40}, 512},
		{"grew then small", []int{200, 20}, 0},
		{"grew a lot", []int{1000}, 2048},
		{"beyond the bound", []int{3000}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newIntSet(hint, 1)
			for _, n := range tc.keys {
				for k := 1; k <= n; k++ {
					s.add(int64(k))
				}
				s.reset(2, hint)
			}
			if len(s.slots) != tc.slots || s.len() != 0 {
				t.Errorf("after reset: %d slots, %d keys; want %d slots, none", len(s.slots), s.len(), tc.slots)
			}
		})
	}
}
