package kv

import (
	"context"
	"testing"
)

// BenchmarkExistsLarge checks the existence of 10,000 keys spread over
// openLarge's million (the endpoints of a statement adding 5,000 graph
// edges over a vertex table of that size) in a read-write transaction,
// with a Get per key and with one Exists call. One op is one key.
func BenchmarkExistsLarge(b *testing.B) {
	s := openLarge(b)
	ctx := context.Background()
	const perTxn = 10000
	keys := make([][]byte, perTxn)
	found := make([]bool, perTxn)
	batch := func(round int) {
		for i := range keys {
			keys[i] = benchKey((round*perTxn + i) * 7919 % largeKeys)
		}
	}
	for _, tc := range []struct {
		name  string
		check func(txn Txn) error
	}{
		{"get", func(txn Txn) error {
			for i, k := range keys {
				_, ok, err := txn.Get(ctx, k)
				if err != nil {
					return err
				}
				found[i] = ok
			}
			return nil
		}},
		{"exists", func(txn Txn) error { return txn.(Exister).Exists(ctx, keys, found) }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			defer reportCPU(b)()
			round := 0
			for done := 0; done < b.N; done += perTxn {
				b.StopTimer()
				batch(round)
				round++
				b.StartTimer()
				txn, err := s.Begin(ctx, TxnOptions{})
				if err != nil {
					b.Fatal(err)
				}
				if err := tc.check(txn); err != nil {
					b.Fatal(err)
				}
				txn.Rollback()
				for i, ok := range found {
					if !ok {
						b.Fatalf("key %q not found", keys[i])
					}
				}
			}
		})
	}
}
