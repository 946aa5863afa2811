package vector

import (
	"math"
	"slices"
	"testing"

	"github.com/zerodb/zerodb/errs"
	"pgregory.net/rapid"
)

// TestTopKProperty: TopK keeps exactly the k first results of a full
// sort by (distance with NaN last, id).
func TestTopKProperty(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		k := rapid.IntRange(0, 20).Draw(rt, "k")
		n := rapid.IntRange(0, 100).Draw(rt, "n")
		dist := rapid.SampledFrom([]float64{0, 1, 1, 2, 3, -1, math.NaN(), math.Inf(1)})
		all := make([]Result, n)
		top := NewTopK(k)
		for i := range all {
			all[i] = Result{uint64(rapid.IntRange(0, 30).Draw(rt, "id")), dist.Draw(rt, "d")}
			top.Push(all[i].ID, all[i].Distance)
		}
		slices.SortFunc(all, compareResults)
		want := all[:min(k, n)]
		got := top.Results()
		if len(got) != len(want) {
			rt.Fatalf("got %d results, want %d", len(got), len(want))
		}
		for i := range got {
			if got[i].ID != want[i].ID || !sameFloat(got[i].Distance, want[i].Distance, 0) {
				rt.Fatalf("result %d: got %v, want %v", i, got, want)
			}
		}
	})
}

func TestExact(t *testing.T) {
	src := func() *SliceSource {
		return &SliceSource{
			IDs:  []uint64{5, 3, 9, 1, 7},
			Vecs: [][]float32{{1, 0}, {0, 1}, {-1, 0}, {1, 0}, {2, 0}},
		}
	}
	q := []float32{1, 0}
	res, err := Exact(src(), MetricL2, q, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	// 1 and 5 tie at distance 0: the smaller id first.
	if got := idsOf(res); !slices.Equal(got, []uint64{1, 5, 7}) {
		t.Fatalf("L2: %v", res)
	}
	res, _ = Exact(src(), MetricInnerProduct, q, 2, nil)
	if got := idsOf(res); !slices.Equal(got, []uint64{7, 1}) || res[0].Distance != -2 {
		t.Fatalf("inner product: %v", res)
	}
	res, _ = Exact(src(), MetricCosine, q, 5, func(id uint64) (bool, error) { return id != 1, nil })
	if got := idsOf(res); !slices.Equal(got, []uint64{5, 7, 3, 9}) || res[3].Distance != 2 {
		t.Fatalf("cosine with filter: %v", res)
	}
	bad := &SliceSource{IDs: []uint64{1}, Vecs: [][]float32{{1, 2, 3}}}
	if _, err := Exact(bad, MetricL2, q, 1, nil); errs.Code(err) != errs.DataException {
		t.Fatalf("dimension mismatch: %v", err)
	}
	if _, err := Exact(src(), Metric(0), q, 1, nil); errs.Code(err) != errs.InvalidParameterValue {
		t.Fatalf("bad metric: %v", err)
	}
}
