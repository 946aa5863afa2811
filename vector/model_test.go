package vector

import (
	"context"
	"maps"
	"math"
	"slices"
	"testing"

	"github.com/zerodb/zerodb/kv"
	"pgregory.net/rapid"
)

// TestModel drives an index with random inserts, updates and deletes in
// transactions that commit or roll back, and after each step compares it
// with a plain map: the graph invariants hold (checkIndex), the exact
// scan equals the model's answer, and a search returns min(k, accepted)
// ids, all live, each at its true distance, in order.
func TestModel(t *testing.T) {
	ctx := context.Background()
	checks := 30
	if raceEnabled || testing.Short() {
		checks = 8
	}
	rapid.Check(t, func(rt *rapid.T) {
		metric := rapid.SampledFrom(allMetrics).Draw(rt, "metric")
		m := rapid.IntRange(2, 8).Draw(rt, "m")
		const dims = 4
		st, err := kv.OpenMemory()
		if err != nil {
			rt.Fatal(err)
		}
		defer st.Close()
		var cache *Cache
		if rapid.Bool().Draw(rt, "cache") {
			cache = NewCache(1 << 16)
		}
		ix := create(t, st, Config{Dims: dims, Metric: metric, M: m, EfConstruction: 2 * m, Seed: 9}, Options{Cache: cache})
		model := map[uint64][]float32{}
		vec := rapid.Custom(func(rt *rapid.T) []float32 {
			v := make([]float32, dims)
			for i := range v {
				v[i] = float32(rapid.IntRange(-4, 4).Draw(rt, "x"))
			}
			return v
		})
		id := rapid.Uint64Range(1, 40)
		for step := range checks {
			ops := rapid.IntRange(1, 6).Draw(rt, "ops")
			commit := rapid.IntRange(0, 3).Draw(rt, "commit") > 0
			txn, _ := st.Begin(ctx, kv.TxnOptions{})
			next := maps.Clone(model)
			for range ops {
				k := id.Draw(rt, "id")
				if rapid.IntRange(0, 2).Draw(rt, "op") < 2 {
					v := vec.Draw(rt, "vec")
					if err := ix.Insert(ctx, txn, k, v); err != nil {
						rt.Fatal(err)
					}
					if metric == MetricCosine && Norm(v) == 0 {
						delete(next, k)
					} else {
						next[k] = v
					}
				} else {
					found, err := ix.Delete(ctx, txn, k)
					if err != nil {
						rt.Fatal(err)
					}
					if _, had := next[k]; found != had {
						rt.Fatalf("step %d: delete %d found=%v, model has it %v", step, k, found, had)
					}
					delete(next, k)
				}
			}
			if commit {
				if err := txn.Commit(ctx); err != nil {
					rt.Fatal(err)
				}
				model = next
			} else {
				txn.Rollback()
			}
			checkIndex(t, st, ix)
			q := vec.Draw(rt, "query")
			k := rapid.IntRange(1, 12).Draw(rt, "k")
			var filter Filter
			accepted := len(model)
			if rapid.Bool().Draw(rt, "filtered") {
				mod := rapid.Uint64Range(2, 4).Draw(rt, "mod")
				filter = func(id uint64) (bool, error) { return id%mod == 0, nil }
				accepted = 0
				for id := range model {
					if id%mod == 0 {
						accepted++
					}
				}
			}
			rtxn, _ := st.Begin(ctx, kv.TxnOptions{ReadOnly: true})
			ex, err := ix.ExactSearch(ctx, rtxn, q, k, filter)
			if err != nil {
				rt.Fatal(err)
			}
			if err := sameResults(t, ex, exactOf(t, metric, model, q, k, filter), 1e-5); err != nil {
				rt.Fatalf("step %d: exact: %v", step, err)
			}
			res, err := ix.Search(ctx, rtxn, q, k, rapid.IntRange(1, 50).Draw(rt, "ef"), filter)
			rtxn.Rollback()
			if err != nil {
				rt.Fatal(err)
			}
			if len(res) != min(k, accepted) {
				rt.Fatalf("step %d: %d results, want min(%d, %d)", step, len(res), k, accepted)
			}
			for i, r := range res {
				v, ok := model[r.ID]
				if !ok {
					rt.Fatalf("step %d: result %d is not live", step, r.ID)
				}
				if filter != nil {
					if ok, _ := filter(r.ID); !ok {
						rt.Fatalf("step %d: result %d rejected by the filter", step, r.ID)
					}
				}
				want, _ := Distance(metric, q, v)
				if !sameFloat(r.Distance, want, 1e-5*max(1, math.Abs(want))) {
					rt.Fatalf("step %d: result %d at %v, true distance %v", step, r.ID, r.Distance, want)
				}
				if i > 0 && less(r, res[i-1]) {
					rt.Fatalf("step %d: results out of order: %v", step, res)
				}
			}
			if ids := idsOf(res); len(slices.Compact(slices.Sorted(slices.Values(ids)))) != len(ids) {
				rt.Fatalf("step %d: duplicate results %v", step, ids)
			}
		}
	})
}
