package vector

import (
	"context"
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
