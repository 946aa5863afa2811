package vector

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

var allMetrics = []Metric{MetricL2, MetricInnerProduct, MetricCosine}

// TestTinyExact: with n ≤ ef the search visits every node, so HNSW must
// return exactly the exact kNN, for every metric, with and without the
// shared cache.
func TestTinyExact(t *testing.T) {
	ctx := context.Background()
	for _, m := range allMetrics {
		for _, n := range []int{1, 2, 3, 10, 40} {
			for _, cached := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/n%d/cache%v", m, n, cached), func(t *testing.T) {
					st := memStore(t)
					opts := Options{}
					if cached {
						opts.Cache = NewCache(1 << 20)
					}
					ix := create(t, st, Config{Dims: 8, Metric: m, M: 16, EfConstruction: 32, Seed: 7}, opts)
					vecs := clustered(uint64(n), n, 8, 3)
					load(t, st, ix, vecs, 7)
					checkIndex(t, st, ix)
					byID := map[uint64][]float32{}
					for i, v := range vecs {
						byID[uint64(i+1)] = v
					}
					txn := readTxn(t, st)
					for qi, q := range clustered(99, 5, 8, 3) {
						for _, k := range []int{1, 5, n + 3} {
							got, err := ix.Search(ctx, txn, q, k, 64, nil)
							if err != nil {
								t.Fatal(err)
							}
							want := exactOf(t, m, byID, q, k, nil)
							if err := sameResults(t, got, want, 1e-5); err != nil {
								t.Fatalf("query %d k %d: %v", qi, k, err)
							}
							ex, err := ix.ExactSearch(ctx, txn, q, k, nil)
							if err != nil {
								t.Fatal(err)
							}
							if err := sameResults(t, ex, want, 1e-5); err != nil {
								t.Fatalf("ExactSearch: %v", err)
							}
						}
					}
				})
			}
		}
	}
}

func recallAt(t testing.TB, got, want []Result) float64 {
	in := map[uint64]bool{}
	for _, r := range want {
		in[r.ID] = true
	}
	hit := 0
	for _, r := range got {
		if in[r.ID] {
			hit++
		}
	}
	return float64(hit) / float64(len(want))
}

// TestRecall: recall@10 on clustered random data (fixed seed) must reach
// 0.95 at ef_search 40, also after a fifth of the nodes are deleted (the
// relinking keeps the graph navigable).
func TestRecall(t *testing.T) {
	n, dims, nq := 5000, 64, 100
	if raceEnabled || testing.Short() {
		n, nq = 1500, 50
	}
	ctx := context.Background()
	st := memStore(t)
	ix := create(t, st, Config{Dims: dims, Metric: MetricL2, M: 16, EfConstruction: 64, Seed: 1}, Options{Cache: NewCache(64 << 20)})
	vecs, queries := clusteredSet(1, n, nq, dims, 10)
	start := time.Now()
	load(t, st, ix, vecs, 100)
	t.Logf("built %d × %d in %v", n, dims, time.Since(start))
	byID := map[uint64][]float32{}
	for i, v := range vecs {
		byID[uint64(i+1)] = v
	}
	measure := func(ef int) float64 {
		txn := readTxn(t, st)
		var sum float64
		for _, q := range queries {
			got, err := ix.Search(ctx, txn, q, 10, ef, nil)
			if err != nil {
				t.Fatal(err)
			}
			sum += recallAt(t, got, exactOf(t, MetricL2, byID, q, 10, nil))
		}
		return sum / float64(len(queries))
	}
	for _, ef := range []int{10, 40, 100} {
		t.Logf("ef %d: recall@10 %.3f", ef, measure(ef))
	}
	if r := measure(40); r < 0.95 {
		t.Fatalf("recall@10 at ef 40 = %.3f, want ≥ 0.95", r)
	}

	// Delete a fifth, in random order, then measure again.
	r := rand.New(rand.NewPCG(3, 4))
	ids := make([]uint64, 0, n)
	for id := range byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	r.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	del := ids[:n/5]
	for i := 0; i < len(del); i += 50 {
		inTxn(t, st, func(txn kv.Txn) error {
			for _, id := range del[i:min(i+50, len(del))] {
				if found, err := ix.Delete(ctx, txn, id); err != nil || !found {
					return fmt.Errorf("delete %d: %v %v", id, found, err)
				}
			}
			return nil
		})
	}
	for _, id := range del {
		delete(byID, id)
	}
	checkIndex(t, st, ix)
	r2 := measure(40)
	t.Logf("after deleting %d: recall@10 at ef 40 %.3f", len(del), r2)
	if r2 < 0.95 {
		t.Fatalf("recall@10 after deletes = %.3f, want ≥ 0.95", r2)
	}
}

// TestVisibility: the index is exactly as transactional as kv.
func TestVisibility(t *testing.T) {
	ctx := context.Background()
	st := memStore(t)
	cache := NewCache(1 << 20)
	ix := create(t, st, Config{Dims: 3, Metric: MetricL2}, Options{Cache: cache})
	q := []float32{0, 0, 0}
	search := func(txn kv.Txn) []uint64 {
		t.Helper()
		res, err := ix.Search(ctx, txn, q, 10, 40, nil)
		if err != nil {
			t.Fatal(err)
		}
		return idsOf(res)
	}
	begin := func(ro bool) kv.Txn {
		txn, err := st.Begin(ctx, kv.TxnOptions{ReadOnly: ro})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(txn.Rollback)
		return txn
	}

	// An uncommitted insert is visible to its own transaction only.
	w := begin(false)
	if err := ix.Insert(ctx, w, 1, []float32{1, 0, 0}); err != nil {
		t.Fatal(err)
	}
	if got := search(w); !slices.Equal(got, []uint64{1}) {
		t.Fatalf("own insert: %v", got)
	}
	if got := search(begin(true)); len(got) != 0 {
		t.Fatalf("uncommitted insert seen: %v", got)
	}
	// Rollback leaves nothing (the cache entry it made is unreachable).
	w.Rollback()
	if got := search(begin(true)); len(got) != 0 {
		t.Fatalf("rolled-back insert seen: %v", got)
	}
	if n, err := ix.Count(ctx, begin(true)); err != nil || n != 0 {
		t.Fatalf("count after rollback: %d %v", n, err)
	}
	checkIndex(t, st, ix)

	inTxn(t, st, func(txn kv.Txn) error {
		for i, v := range [][]float32{{1, 0, 0}, {2, 0, 0}, {3, 0, 0}} {
			if err := ix.Insert(ctx, txn, uint64(i+1), v); err != nil {
				return err
			}
		}
		return nil
	})
	before := begin(true) // snapshot before the delete
	if got := search(before); !slices.Equal(got, []uint64{1, 2, 3}) {
		t.Fatalf("committed: %v", got)
	}
	// A delete is reflected at once in its own transaction, in later
	// ones once committed, never in older snapshots.
	d := begin(false)
	if found, err := ix.Delete(ctx, d, 1); err != nil || !found {
		t.Fatalf("delete: %v %v", found, err)
	}
	if got := search(d); !slices.Equal(got, []uint64{2, 3}) {
		t.Fatalf("own delete: %v", got)
	}
	if got := search(begin(true)); !slices.Equal(got, []uint64{1, 2, 3}) {
		t.Fatalf("uncommitted delete seen: %v", got)
	}
	if err := d.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if got := search(begin(true)); !slices.Equal(got, []uint64{2, 3}) {
		t.Fatalf("after delete: %v", got)
	}
	if got := search(before); !slices.Equal(got, []uint64{1, 2, 3}) {
		t.Fatalf("old snapshot after delete: %v", got)
	}
	// An update (Insert of an existing id) replaces the vector; older
	// snapshots keep seeing the old one although the cache holds both.
	inTxn(t, st, func(txn kv.Txn) error { return ix.Insert(ctx, txn, 3, []float32{0.5, 0, 0}) })
	res, err := ix.Search(ctx, begin(true), q, 10, 40, nil)
	if err != nil || len(res) != 2 || res[0].ID != 3 || res[0].Distance != 0.5 {
		t.Fatalf("after update: %v %v", res, err)
	}
	res, err = ix.Search(ctx, before, q, 10, 40, nil)
	if err != nil || len(res) != 3 || res[2].ID != 3 || res[2].Distance != 3 {
		t.Fatalf("old snapshot after update: %v %v", res, err)
	}
	checkIndex(t, st, ix)
}

// TestRestart: an index built on disk is searchable after the store is
// closed and reopened, with no rebuild.
func TestRestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := kv.Open(dir, kv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ix := create(t, st, Config{Dims: 16, Metric: MetricCosine, M: 8, EfConstruction: 32}, Options{})
	vecs, queries := clusteredSet(5, 600, 10, 16, 5)
	load(t, st, ix, vecs, 100)
	var before [][]Result
	txn := readTxn(t, st)
	for _, q := range queries {
		res, err := ix.Search(ctx, txn, q, 10, 40, nil)
		if err != nil {
			t.Fatal(err)
		}
		before = append(before, res)
	}
	txn.Rollback()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	st, err = kv.Open(dir, kv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	txn = readTxn(t, st)
	ix2, err := Open(ctx, txn, testPrefix, Options{Cache: NewCache(1 << 20)})
	if err != nil {
		t.Fatal(err)
	}
	if ix2.Config() != ix.Config() {
		t.Fatalf("config %+v, was %+v", ix2.Config(), ix.Config())
	}
	for i, q := range queries {
		res, err := ix2.Search(ctx, txn, q, 10, 40, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := sameResults(t, res, before[i], 0); err != nil {
			t.Fatalf("query %d after restart: %v", i, err)
		}
	}
	if n, err := ix2.Count(ctx, txn); err != nil || n != 600 {
		t.Fatalf("count %d %v", n, err)
	}
	// And it keeps growing incrementally.
	inTxn(t, st, func(txn kv.Txn) error { return ix2.Insert(ctx, txn, 1000, queries[0]) })
	res, err := ix2.Search(ctx, readTxn(t, st), queries[0], 1, 40, nil)
	if err != nil || len(res) != 1 || res[0].ID != 1000 {
		t.Fatalf("insert after restart: %v %v", res, err)
	}
	checkIndex(t, st, ix2)
}

// TestFilteredSearch: whenever at least k ids pass the filter, k come
// back — whether the filter is loose (graph search), selective (the
// graph search keeps expanding) or very selective (exact fallback) — and
// they are the right ones.
func TestFilteredSearch(t *testing.T) {
	ctx := context.Background()
	st := memStore(t)
	n := 3000
	if raceEnabled {
		n = 1200
	}
	ix := create(t, st, Config{Dims: 16, Metric: MetricL2, M: 8, EfConstruction: 32, Seed: 3}, Options{Cache: NewCache(16 << 20)})
	vecs, queries := clusteredSet(7, n, 10, 16, 10)
	load(t, st, ix, vecs, 200)
	byID := map[uint64][]float32{}
	for i, v := range vecs {
		byID[uint64(i+1)] = v
	}
	txn := readTxn(t, st)
	for _, mod := range []uint64{1, 2, 10, 100, 500, 1000, 5000} {
		for _, k := range []int{1, 10, 50} {
			calls := 0
			filter := func(id uint64) (bool, error) { calls++; return id%mod == 0, nil }
			matching := n / int(mod)
			var recall float64
			for _, q := range queries {
				calls = 0
				got, err := ix.Search(ctx, txn, q, k, max(40, 2*k), filter)
				if err != nil {
					t.Fatal(err)
				}
				if want := min(k, matching); len(got) != want {
					t.Fatalf("mod %d k %d: %d results, want %d", mod, k, len(got), want)
				}
				for _, r := range got {
					if r.ID%mod != 0 {
						t.Fatalf("filter ignored: %d", r.ID)
					}
				}
				if calls > n {
					t.Fatalf("filter called %d times for %d ids", calls, n)
				}
				want := exactOf(t, MetricL2, byID, q, k, filter)
				recall += recallAt(t, got, want)
			}
			recall /= float64(len(queries))
			if recall < 0.9 {
				t.Errorf("mod %d k %d: filtered recall %.3f", mod, k, recall)
			}
		}
	}
	// A filter error ends the search.
	boom := errs.New(errs.QueryCanceled, "boom")
	if _, err := ix.Search(ctx, txn, queries[0], 5, 40, func(uint64) (bool, error) { return false, boom }); err != boom {
		t.Fatalf("filter error: %v", err)
	}
}

func TestErrors(t *testing.T) {
	ctx := context.Background()
	st := memStore(t)
	ix := create(t, st, Config{Dims: 3, Metric: MetricL2}, Options{})
	txn, _ := st.Begin(ctx, kv.TxnOptions{})
	defer txn.Rollback()
	check := func(err error, code, msg string) {
		t.Helper()
		if !isCode(err, code) || (msg != "" && err.Error() != msg) {
			t.Fatalf("err = %v (%s), want %s %q", err, errs.Code(err), code, msg)
		}
	}
	check(ix.Insert(ctx, txn, 1, []float32{1, 2}), errs.DataException, "expected 3 dimensions, not 2")
	check(ix.Insert(ctx, txn, 1, []float32{1, float32(math.NaN()), 2}), errs.DataException, "NaN not allowed in vector")
	check(ix.Insert(ctx, txn, 1, []float32{1, float32(math.Inf(1)), 2}), errs.DataException, "infinite value not allowed in vector")
	_, err := ix.Search(ctx, txn, []float32{1}, 1, 10, nil)
	check(err, errs.DataException, "different vector dimensions 1 and 3")
	_, err = ix.ExactSearch(ctx, txn, []float32{1, 2, 3, 4}, 1, nil)
	check(err, errs.DataException, "different vector dimensions 4 and 3")
	_, err = Create(ctx, txn, testPrefix, Config{Dims: 3, Metric: MetricL2}, Options{})
	check(err, errs.DuplicateObject, "")
	_, err = Open(ctx, txn, []byte("nope"), Options{})
	check(err, errs.UndefinedObject, "")
	for _, cfg := range []Config{{Dims: 0, Metric: MetricL2}, {Dims: 3}, {Dims: 3, Metric: MetricL2, M: 1}, {Dims: 3, Metric: MetricL2, M: 16, EfConstruction: 20}} {
		_, err = Create(ctx, txn, []byte("other"), cfg, Options{})
		check(err, errs.InvalidParameterValue, "")
	}
	if res, err := ix.Search(ctx, txn, []float32{1, 2, 3}, 5, 10, nil); err != nil || len(res) != 0 {
		t.Fatalf("empty index: %v %v", res, err)
	}
	if found, err := ix.Delete(ctx, txn, 42); err != nil || found {
		t.Fatalf("delete of a missing id: %v %v", found, err)
	}
	ro := readTxn(t, st)
	check(ix.Insert(ctx, ro, 1, []float32{1, 2, 3}), errs.ReadOnlySQLTransaction, "")
}

// TestCosineZero: zero vectors are not indexed under cosine, and a zero
// query still returns k rows (all at distance NaN).
func TestCosineZero(t *testing.T) {
	ctx := context.Background()
	st := memStore(t)
	ix := create(t, st, Config{Dims: 2, Metric: MetricCosine}, Options{})
	inTxn(t, st, func(txn kv.Txn) error {
		for i, v := range [][]float32{{1, 0}, {0, 0}, {0, 1}, {1, 1}} {
			if err := ix.Insert(ctx, txn, uint64(i+1), v); err != nil {
				return err
			}
		}
		return nil
	})
	txn := readTxn(t, st)
	if n, _ := ix.Count(ctx, txn); n != 3 {
		t.Fatalf("count %d, want 3 (zero vector not indexed)", n)
	}
	res, err := ix.Search(ctx, txn, []float32{0, 0}, 2, 10, nil)
	if err != nil || len(res) != 2 || res[0].ID != 1 || res[1].ID != 3 || !math.IsNaN(res[0].Distance) {
		t.Fatalf("zero query: %v %v", res, err)
	}
	res, err = ix.Search(ctx, txn, []float32{2, 2}, 1, 10, nil)
	if err != nil || len(res) != 1 || res[0].ID != 4 || math.Abs(res[0].Distance) > 1e-6 {
		t.Fatalf("cosine query: %v %v", res, err)
	}
}

// TestDeleteAll: deleting every node, in random order and in several
// transactions, leaves only the config; the index then works again.
func TestDeleteAll(t *testing.T) {
	ctx := context.Background()
	for _, m := range allMetrics {
		t.Run(m.String(), func(t *testing.T) {
			st := memStore(t)
			ix := create(t, st, Config{Dims: 4, Metric: m, M: 8, EfConstruction: 16, Seed: 11}, Options{Cache: NewCache(1 << 20)})
			vecs := clustered(9, 300, 4, 4)
			load(t, st, ix, vecs, 50)
			checkIndex(t, st, ix)
			t.Logf("after load: %d unreachable", lastUnreachable)
			r := rand.New(rand.NewPCG(1, 1))
			order := r.Perm(len(vecs))
			left := map[uint64][]float32{}
			for i, v := range vecs {
				left[uint64(i+1)] = v
			}
			for i := 0; i < len(order); i += 37 {
				inTxn(t, st, func(txn kv.Txn) error {
					for _, j := range order[i:min(i+37, len(order))] {
						if found, err := ix.Delete(ctx, txn, uint64(j+1)); err != nil || !found {
							return fmt.Errorf("delete %d: %v %v", j+1, found, err)
						}
					}
					return nil
				})
				for _, j := range order[i:min(i+37, len(order))] {
					delete(left, uint64(j+1))
				}
				checkIndex(t, st, ix)
				t.Logf("after %d deletes: %d unreachable", i+37, lastUnreachable)
				// With ef ≥ what is left, search is still exact: the graph
				// stays connected through the relinking.
				txn := readTxn(t, st)
				q := vecs[order[0]]
				got, err := ix.Search(ctx, txn, q, 5, len(vecs), nil)
				if err != nil {
					t.Fatal(err)
				}
				if err := sameResults(t, got, exactOf(t, m, left, q, 5, nil), 1e-5); err != nil {
					t.Fatalf("after %d deletes: %v", i+37, err)
				}
			}
			txn := readTxn(t, st)
			it := txn.Scan(ctx, testPrefix, kv.PrefixEnd(testPrefix), false)
			keys := 0
			for it.Next() {
				keys++
			}
			it.Close()
			if keys != 1 {
				t.Fatalf("%d keys left, want only the config", keys)
			}
			load(t, st, ix, vecs[:10], 10)
			checkIndex(t, st, ix)
			inTxn(t, st, func(txn kv.Txn) error { return ix.Drop(ctx, txn) })
			txn = readTxn(t, st)
			if _, err := Open(ctx, txn, testPrefix, Options{}); !isCode(err, errs.UndefinedObject) {
				t.Fatalf("open after drop: %v", err)
			}
		})
	}
}
