package vector

import (
	"context"
	"fmt"
	"testing"

	"github.com/zerodb/zerodb/kv"
)

// BenchmarkSearch measures one search (in its own read-only transaction)
// on a small in-memory index; bench/vector is the full benchmark.
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	st := memStore(b)
	ix := create(b, st, Config{Dims: 64, Metric: MetricL2, Seed: 1}, Options{Cache: NewCache(64 << 20)})
	data, queries := clusteredSet(1, 2000, 100, 64, 20)
	load(b, st, ix, data, 200)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		txn, _ := st.Begin(ctx, kv.TxnOptions{ReadOnly: true})
		if _, err := ix.Search(ctx, txn, queries[i%len(queries)], 10, 40, nil); err != nil {
			b.Fatal(err)
		}
		txn.Rollback()
	}
}

// BenchmarkInsert measures inserts, 100 per transaction.
func BenchmarkInsert(b *testing.B) {
	ctx := context.Background()
	st := memStore(b)
	ix := create(b, st, Config{Dims: 64, Metric: MetricL2, Seed: 1}, Options{Cache: NewCache(64 << 20)})
	data := clustered(2, 1000, 64, 20)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		inTxn(b, st, func(txn kv.Txn) error {
			for j := range 100 {
				id := uint64(i*100 + j + 1)
				if err := ix.Insert(ctx, txn, id, data[int(id)%len(data)]); err != nil {
					return err
				}
			}
			return nil
		})
	}
}

// BenchmarkBuild measures building an index of 128-dimensional clustered
// vectors (m 16, ef_construction 64): "builder" with a Builder in one
// transaction (CREATE INDEX on a filled table), "backfill" by Insert in
// one transaction (what CREATE INDEX did before), "txn10" by Insert, ten
// per transaction (INSERTs into an indexed table). It reports the build rate
// and recall@10 at ef_search 40.
func BenchmarkBuild(b *testing.B) {
	const dims = 128
	for _, n := range []int{2000, 10000} {
		data, queries := clusteredSet(7, n, 50, dims, 20)
		for _, mode := range []struct {
			name  string
			batch int
		}{{"builder", 0}, {"backfill", n}, {"txn10", 10}} {
			b.Run(fmt.Sprintf("%s/n=%d", mode.name, n), func(b *testing.B) {
				var ix *Index
				var st kv.Store
				cfg := Config{Dims: dims, Metric: MetricL2, M: 16, EfConstruction: 64, Seed: 1}
				for b.Loop() {
					st = memStore(b)
					if mode.batch == 0 {
						ix = buildIn(b, st, cfg, data)
						continue
					}
					ix = create(b, st, cfg, Options{Cache: NewCache(256 << 20)})
					load(b, st, ix, data, mode.batch)
				}
				b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "vectors/s")
				b.ReportMetric(benchRecall(b, st, ix, data, queries, 40), "recall@10")
			})
		}
	}
}

func benchRecall(b *testing.B, st kv.Store, ix *Index, data, queries [][]float32, ef int) float64 {
	byID := make(map[uint64][]float32, len(data))
	for i, v := range data {
		byID[uint64(i+1)] = v
	}
	txn := readTxn(b, st)
	var sum float64
	for _, q := range queries {
		got, err := ix.Search(context.Background(), txn, q, 10, ef, nil)
		if err != nil {
			b.Fatal(err)
		}
		sum += recallAt(b, got, exactOf(b, MetricL2, byID, q, 10, nil))
	}
	return sum / float64(len(queries))
}
