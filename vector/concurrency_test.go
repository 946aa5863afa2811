package vector

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// retryCounting is retry that counts the serialization failures it
// retried.
func retryCounting(st kv.Store, conflicts *atomic.Int64, f func(kv.Txn) error) error {
	ctx := context.Background()
	for attempt := 0; ; attempt++ {
		txn, err := st.Begin(ctx, kv.TxnOptions{})
		if err != nil {
			return err
		}
		if err = f(txn); err == nil {
			err = txn.Commit(ctx)
		}
		txn.Rollback()
		if errs.Code(err) == errs.SerializationFailure && attempt < 1000 {
			conflicts.Add(1)
			continue
		}
		return err
	}
}

// TestConcurrentInsertDeleteSearch runs inserters, a deleter and
// searchers at once and checks that a search never returns an id whose
// delete had committed before the search's transaction began (ids are
// never reused), nor an id that was never inserted; afterwards the graph
// must be intact and hold exactly the live ids.
func TestConcurrentInsertDeleteSearch(t *testing.T) {
	ctx := context.Background()
	const dims = 8
	ops := 150
	if raceEnabled || testing.Short() {
		ops = 40
	}
	st := memStore(t)
	ix := create(t, st, Config{Dims: dims, Metric: MetricL2, M: 8, EfConstruction: 32, Seed: 5}, Options{Cache: NewCache(1 << 20)})
	base := clustered(21, 200, dims, 4)
	load(t, st, ix, base, 50)

	var (
		mu      sync.Mutex
		live    = map[uint64]bool{}
		deleted = map[uint64]bool{}
		nextID  atomic.Uint64
		insConf atomic.Int64
		delConf atomic.Int64
		srcConf atomic.Int64
		checked atomic.Int64
	)
	for i := range base {
		live[uint64(i+1)] = true
	}
	nextID.Store(1000)
	var wg sync.WaitGroup
	errc := make(chan error, 16)
	fail := func(err error) {
		select {
		case errc <- err:
		default:
		}
	}
	for g := range 2 { // inserters
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(g), 1))
			for range ops {
				id := nextID.Add(1)
				v := clustered(r.Uint64(), 1, dims, 1)[0]
				if err := retryCounting(st, &insConf, func(txn kv.Txn) error { return ix.Insert(ctx, txn, id, v) }); err != nil {
					fail(fmt.Errorf("insert %d: %w", id, err))
					return
				}
				mu.Lock()
				live[id] = true
				mu.Unlock()
			}
		})
	}
	wg.Go(func() { // deleter
		r := rand.New(rand.NewPCG(7, 7))
		for range ops {
			mu.Lock()
			var victim uint64
			n := 0
			for id := range live { // reservoir-pick a live id
				if n++; r.IntN(n) == 0 {
					victim = id
				}
			}
			mu.Unlock()
			if victim == 0 {
				continue
			}
			var found bool
			err := retryCounting(st, &delConf, func(txn kv.Txn) (err error) {
				found, err = ix.Delete(ctx, txn, victim)
				return err
			})
			if err != nil || !found {
				fail(fmt.Errorf("delete %d: %v %v", victim, found, err))
				return
			}
			mu.Lock()
			delete(live, victim)
			deleted[victim] = true
			mu.Unlock()
		}
	})
	for g := range 2 { // searchers: one read-only, one read-write
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(g), 9))
			for i := range 2 * ops {
				mu.Lock()
				gone := make(map[uint64]bool, len(deleted))
				for id := range deleted {
					gone[id] = true
				}
				mu.Unlock()
				q := clustered(r.Uint64(), 1, dims, 1)[0]
				var filter Filter
				if i%3 == 0 {
					filter = func(id uint64) (bool, error) { return id%2 == 0, nil }
				}
				var res []Result
				err := retryCounting(st, &srcConf, func(txn kv.Txn) (err error) {
					res, err = ix.Search(ctx, txn, q, 10, 20, filter)
					return err
				})
				if g == 0 {
					txn, _ := st.Begin(ctx, kv.TxnOptions{ReadOnly: true})
					res, err = ix.Search(ctx, txn, q, 10, 20, filter)
					txn.Rollback()
				}
				if err != nil {
					fail(err)
					return
				}
				if len(res) != 10 {
					fail(fmt.Errorf("search returned %d results", len(res)))
					return
				}
				for _, r := range res {
					if gone[r.ID] {
						fail(fmt.Errorf("search returned %d, deleted before it began", r.ID))
						return
					}
					if r.ID > nextID.Load() || (r.ID > 200 && r.ID <= 1000) {
						fail(fmt.Errorf("search returned %d, never inserted", r.ID))
						return
					}
					if filter != nil && r.ID%2 != 0 {
						fail(fmt.Errorf("filter ignored: %d", r.ID))
						return
					}
				}
				checked.Add(int64(len(res)))
			}
		})
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Fatal(err)
	}
	t.Logf("%d results checked; retried conflicts: inserts %d, deletes %d, read-write searches %d",
		checked.Load(), insConf.Load(), delConf.Load(), srcConf.Load())
	checkIndex(t, st, ix)
	if n, err := ix.Count(ctx, readTxn(t, st)); err != nil || n != len(live) {
		t.Fatalf("count %d %v, want %d", n, err, len(live))
	}
}

// TestParallelInsertConflicts measures how often two transactions that
// insert into the same index at once conflict (40001), for one insert per
// transaction and for batches. It asserts only that every insert lands.
func TestParallelInsertConflicts(t *testing.T) {
	ctx := context.Background()
	const dims = 16
	pre, per := 2000, 200
	if raceEnabled || testing.Short() {
		pre, per = 300, 30
	}
	for _, batch := range []int{1, 10} {
		t.Run(fmt.Sprintf("batch%d", batch), func(t *testing.T) {
			st := memStore(t)
			ix := create(t, st, Config{Dims: dims, Metric: MetricL2, Seed: 2}, Options{Cache: NewCache(8 << 20)})
			data := clustered(31, pre+2*per, dims, 10)
			load(t, st, ix, data[:pre], 200)
			var conflicts, commits atomic.Int64
			var wg sync.WaitGroup
			for g := range 2 {
				wg.Go(func() {
					mine := data[pre+g*per : pre+(g+1)*per]
					for i := 0; i < len(mine); i += batch {
						err := retryCounting(st, &conflicts, func(txn kv.Txn) error {
							for j := i; j < min(i+batch, len(mine)); j++ {
								if err := ix.Insert(ctx, txn, uint64(pre+g*per+j+1), mine[j]); err != nil {
									return err
								}
							}
							return nil
						})
						if err != nil {
							t.Error(err)
							return
						}
						commits.Add(1)
					}
				})
			}
			wg.Wait()
			c, n := conflicts.Load(), commits.Load()
			t.Logf("2 writers, %d inserts per txn into %d nodes: %d commits, %d conflicts (%.1f%% of attempts)",
				batch, pre, n, c, 100*float64(c)/float64(c+n))
			if cnt, err := ix.Count(ctx, readTxn(t, st)); err != nil || cnt != pre+2*per {
				t.Fatalf("count %d %v", cnt, err)
			}
			checkIndex(t, st, ix)
		})
	}
}
