package builtin

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/zerodb/zerodb/engine/value"
)

// genShapedArray draws an int4 array of one to three dimensions with
// lower bounds from -2 to 2, and its dimensions.
func genShapedArray(t *rapid.T) (value.Value, []int, []int) {
	dims := rapid.SliceOfN(rapid.IntRange(1, 3), 1, 3).Draw(t, "dims")
	lbs := rapid.SliceOfN(rapid.IntRange(-2, 2), len(dims), len(dims)).Draw(t, "lbs")
	n := 1
	for _, d := range dims {
		n *= d
	}
	xs := make([]value.Value, n)
	for i := range xs {
		xs[i] = value.IntW(int64(i), value.I32)
	}
	return value.Array(xs, dims, lbs), dims, lbs
}

// TestArraySetAndSliceAgree: what arraySet writes at a subscript within
// the bounds arraySubscript reads there, and what arraySetSlice writes
// into a slice arraySlice reads back, the rest unchanged.
func TestArraySetAndSliceAgree(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, dims, lbs := genShapedArray(t)
		subs := make([]value.Value, len(dims))
		bounds := make([]value.Value, 0, 2*len(dims))
		for d := range dims {
			i := rapid.IntRange(lbs[d], lbs[d]+dims[d]-1).Draw(t, "i")
			j := rapid.IntRange(i, lbs[d]+dims[d]-1).Draw(t, "j")
			subs[d] = value.IntW(int64(i), value.I32)
			bounds = append(bounds, subs[d], value.IntW(int64(j), value.I32))
		}
		x := value.IntW(-1, value.I32)
		b, err := arraySet(a, x, subs)
		if err != nil {
			t.Fatal(err)
		}
		if got := arraySubscript(b, subs); value.Compare(got, x) != 0 || value.ArrayNDims(b) != len(dims) {
			t.Fatalf("set %v at %v: %v reads %v", x, subs, b, got)
		}
		n := len(arraySlice(a, bounds).AsList())
		src := make([]value.Value, n+1)
		for i := range src {
			src[i] = value.IntW(int64(100+i), value.I32)
		}
		c, err := arraySetSlice(a, value.List(src), bounds)
		if err != nil {
			t.Fatal(err)
		}
		if got := arraySlice(c, bounds); value.Compare(got, value.Array(src[:n], sliceDims(got), nil)) != 0 {
			t.Fatalf("slice %v of %v set from %v reads %v", bounds, c, src, got)
		}
		changed := 0
		for i, y := range c.AsList() {
			if value.Compare(y, a.AsList()[i]) != 0 {
				changed++
			}
		}
		if changed != n {
			t.Fatalf("setting a slice of %d changed %d elements", n, changed)
		}
	})
}

func sliceDims(v value.Value) []int {
	dims, _ := value.ArrayDims(v)
	return dims
}
