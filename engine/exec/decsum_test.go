package exec

import (
	"math"
	"testing"

	"github.com/cockroachdb/apd/v3"
	"pgregory.net/rapid"
)

// decSum's total, flushed into an apd sum, equals adding every value to
// the apd sum directly: same value and same exponent, overflowing
// coefficients and special values included.
func TestDecSumMatchesApd(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 30).Draw(t, "n")
		want := apd.New(0, 0)
		got := apd.New(0, 0)
		var fast decSum
		for i := 0; i < n; i++ {
			var x *apd.Decimal
			switch rapid.IntRange(0, 9).Draw(t, "form") {
			case 0:
				x = apd.New(rapid.Int64Range(math.MinInt64+1, math.MaxInt64).Draw(t, "big"), int32(rapid.IntRange(-20, 20).Draw(t, "exp")))
			case 1:
				x = &apd.Decimal{Form: apd.Infinite}
			default:
				x = apd.New(rapid.Int64Range(-100000, 100000).Draw(t, "c"), int32(rapid.IntRange(-4, 2).Draw(t, "exp")))
			}
			if _, err := decCtx.Add(want, want, x); err != nil {
				t.Fatal(err)
			}
			if !fast.add(x) {
				if _, err := decCtx.Add(got, got, x); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := fast.flush(got); err != nil {
			t.Fatal(err)
		}
		if got.Form != want.Form || got.Cmp(want) != 0 || (got.Form == apd.Finite && got.Exponent != want.Exponent) {
			t.Fatalf("fast path sum %s (exponent %d), want %s (exponent %d)", got, got.Exponent, want, want.Exponent)
		}
	})
}
