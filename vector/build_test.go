package vector

import (
	"context"
	"errors"
	"maps"
	"slices"
	"testing"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// buildIn creates an index under testPrefix and fills it with a Builder,
// in one transaction (what CREATE INDEX on a filled table does); vector i
// gets id i+1. It returns the handle and the committed transaction's
// vectors by id (zero cosine vectors left out).
func buildIn(t testing.TB, st kv.Store, cfg Config, vecs [][]float32) *Index {
	return buildWith(t, st, cfg, vecs, 0)
}

// buildWith is buildIn with a number of linking goroutines (0: the
// default; 1: Insert's order, exactly).
func buildWith(t testing.TB, st kv.Store, cfg Config, vecs [][]float32, workers int) *Index {
	t.Helper()
	ctx := context.Background()
	var ix *Index
	inTxn(t, st, func(txn kv.Txn) (err error) {
		if ix, err = Create(ctx, txn, testPrefix, cfg, Options{Cache: NewCache(64 << 20)}); err != nil {
			return err
		}
		b, err := ix.NewBuilder(ctx, txn, len(vecs))
		if err != nil {
			return err
		}
		if workers > 0 {
			// A short serial prefix, so that small tests (and -race)
			// link most nodes in parallel.
			b.workers, b.serial = workers, 64
		}
		for i, v := range vecs {
			if err := b.Add(uint64(i+1), v); err != nil {
				return err
			}
		}
		return b.Finish(ctx, txn)
	})
	return ix
}

// TestBuilder: an index filled by a Builder is a valid index (the
// invariants checkIndex checks), as good as one built by Insert (recall),
// and later Inserts and Deletes work on it.
func TestBuilder(t *testing.T) {
	n, nq := 3000, 50
	if raceEnabled || testing.Short() {
		n, nq = 800, 20
	}
	ctx := context.Background()
	for _, m := range []Metric{MetricL2, MetricCosine, MetricInnerProduct} {
		t.Run(m.String(), func(t *testing.T) {
			st := memStore(t)
			vecs, queries := clusteredSet(5, n, nq, 32, 10)
			vecs[17] = make([]float32, 32) // a zero vector: not indexed under cosine
			cfg := Config{Dims: 32, Metric: m, M: 8, EfConstruction: 64, Seed: 3}
			ix := buildWith(t, st, cfg, vecs, 1)
			checkIndex(t, st, ix)
			// One goroutine runs Insert's algorithm in Insert's order:
			// with ids added in ascending order (so ties break alike),
			// the graph is the one Insert builds.
			st2 := memStore(t)
			ix2 := create(t, st2, cfg, Options{})
			load(t, st2, ix2, vecs, 100)
			if got, want := listsOf(t, st, ix), listsOf(t, st2, ix2); !maps.EqualFunc(got, want, slices.Equal) {
				t.Errorf("built graph differs from the inserted one (%d vs %d lists)", len(got), len(want))
			}
			byID := map[uint64][]float32{}
			for i, v := range vecs {
				if m != MetricCosine || i != 17 {
					byID[uint64(i+1)] = v
				}
			}
			txn := readTxn(t, st)
			if c, err := ix.Count(ctx, txn); err != nil || c != len(byID) {
				t.Fatalf("count %d %v, want %d", c, err, len(byID))
			}
			recall := func(ix *Index, txn kv.Txn) float64 {
				var sum float64
				for _, q := range queries {
					got, err := ix.Search(ctx, txn, q, 10, 40, nil)
					if err != nil {
						t.Fatal(err)
					}
					sum += recallAt(t, got, exactOf(t, m, byID, q, 10, nil))
				}
				return sum / float64(len(queries))
			}
			if r := recall(ix, txn); r < 0.95 {
				t.Errorf("recall@10 at ef 40 = %.3f, want ≥ 0.95", r)
			}
			// Several goroutines link in parallel past the serial prefix.
			st3 := memStore(t)
			par := buildWith(t, st3, cfg, vecs, 3)
			checkIndex(t, st3, par)
			if r := recall(par, readTxn(t, st3)); r < 0.95 {
				t.Errorf("parallel build: recall@10 at ef 40 = %.3f, want ≥ 0.95", r)
			}

			// Reopened without a cache (a restart): the stored graph serves.
			re, err := Open(ctx, txn, testPrefix, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if r := recall(re, txn); r < 0.95 {
				t.Errorf("reopened: recall@10 = %.3f", r)
			}

			// Incremental changes on top of the built graph.
			inTxn(t, st, func(txn kv.Txn) error {
				for id := uint64(1); id <= 100; id++ {
					if _, err := ix.Delete(ctx, txn, id); err != nil {
						return err
					}
				}
				for i := range 50 {
					if err := ix.Insert(ctx, txn, uint64(n+1+i), queries[i%len(queries)]); err != nil {
						return err
					}
				}
				return nil
			})
			checkIndex(t, st, ix)
		})
	}
}

// listsOf returns every neighbour list of an index, as ids.
func listsOf(t testing.TB, st kv.Store, ix *Index) map[listID][]uint64 {
	t.Helper()
	out := map[listID][]uint64{}
	pfx := ix.key(nil, tagList)
	it := readTxn(t, st).Scan(context.Background(), pfx, kv.PrefixEnd(pfx), false)
	defer it.Close()
	for it.Next() {
		id, rest, err := kv.DecodeUint64(it.Key()[len(pfx):])
		if err != nil {
			t.Fatal(err)
		}
		ls, err := decodeLinks(nil, it.Value())
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range ls {
			out[listID{id, int(rest[0])}] = append(out[listID{id, int(rest[0])}], l.id)
		}
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBuilderInvisible: the built graph is part of the building
// transaction, invisible to others until it commits and gone if it rolls
// back.
func TestBuilderInvisible(t *testing.T) {
	ctx := context.Background()
	st := memStore(t)
	ix := create(t, st, Config{Dims: 4, Metric: MetricL2, Seed: 1}, Options{})
	txn, err := st.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := ix.NewBuilder(ctx, txn, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range clustered(1, 50, 4, 3) {
		if err := b.Add(uint64(i+1), v); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Finish(ctx, txn); err != nil {
		t.Fatal(err)
	}
	if got, err := ix.Search(ctx, txn, []float32{0, 0, 0, 0}, 5, 40, nil); err != nil || len(got) != 5 {
		t.Fatalf("own search: %v %v", got, err)
	}
	other := readTxn(t, st)
	if got, err := ix.Search(ctx, other, []float32{0, 0, 0, 0}, 5, 40, nil); err != nil || len(got) != 0 {
		t.Fatalf("other transaction sees %v %v", got, err)
	}
	txn.Rollback()
	if c, err := ix.Count(ctx, readTxn(t, st)); err != nil || c != 0 {
		t.Fatalf("after rollback: %d %v", c, err)
	}
}

func TestBuilderErrors(t *testing.T) {
	ctx := context.Background()
	st := memStore(t)
	ix := create(t, st, Config{Dims: 3, Metric: MetricL2, Seed: 1}, Options{})
	inTxn(t, st, func(txn kv.Txn) error {
		b, err := ix.NewBuilder(ctx, txn, 2)
		if err != nil {
			return err
		}
		for _, tc := range []struct {
			vec  []float32
			code string
		}{
			{[]float32{1, 2}, errs.DataException},
			{[]float32{1, 2, 3}, ""},
			{[]float32{1, 2, 3}, errs.InternalError}, // the same id again
		} {
			if err := b.Add(1, tc.vec); errs.Code(err) != tc.code {
				t.Errorf("Add(%v) = %v, want %q", tc.vec, err, tc.code)
			}
		}
		return b.Finish(ctx, txn)
	})
	inTxn(t, st, func(txn kv.Txn) error {
		if _, err := ix.NewBuilder(ctx, txn, 0); errs.Code(err) != errs.InternalError {
			t.Errorf("NewBuilder on a filled index: %v", err)
		}
		return nil
	})
}

// TestBuilderCanceled: Finish stops when its context ends, writing
// nothing a commit could publish.
func TestBuilderCanceled(t *testing.T) {
	st := memStore(t)
	ix := create(t, st, Config{Dims: 8, Metric: MetricL2, Seed: 1}, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	txn, err := st.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer txn.Rollback()
	b, err := ix.NewBuilder(ctx, txn, 0)
	if err != nil {
		t.Fatal(err)
	}
	b.workers, b.serial = 2, 64
	for i, v := range clustered(2, 3000, 8, 4) {
		if err := b.Add(uint64(i+1), v); err != nil {
			t.Fatal(err)
		}
	}
	cancel()
	if err := b.Finish(ctx, txn); !errors.Is(err, context.Canceled) {
		t.Fatalf("Finish after cancel: %v", err)
	}
}
