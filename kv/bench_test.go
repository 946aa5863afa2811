package kv

import (
	"bytes"
	"context"
	"encoding/binary"
	"sync/atomic"
	"testing"
)

const benchKeys = 10000

func benchKey(i int) []byte { return AppendUint64([]byte("bench/"), uint64(i)) }

// openBench opens an on-disk store holding benchKeys 100-byte values,
// flushed to sstables so reads go through the block cache as in steady
// state.
func openBench(b *testing.B) Store {
	b.Helper()
	s, err := Open(b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	value := make([]byte, 100)
	var batch Batch
	for i := range benchKeys {
		batch.Put(benchKey(i), value)
	}
	if err := s.Apply(context.Background(), &batch); err != nil {
		b.Fatal(err)
	}
	if err := s.(*store).db.Flush(); err != nil {
		b.Fatal(err)
	}
	return s
}

func benchKeySet() [][]byte {
	keys := make([][]byte, benchKeys)
	for i := range keys {
		// A fixed stride visits keys out of order without a RNG in the loop.
		keys[i] = benchKey(i * 7919 % benchKeys)
	}
	return keys
}

// BenchmarkPointGet is a point read inside an open read-only transaction.
func BenchmarkPointGet(b *testing.B) {
	s := openBench(b)
	ctx := context.Background()
	keys := benchKeySet()
	txn := begin(b, s, true)
	defer txn.Rollback()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, ok, err := txn.Get(ctx, keys[i%benchKeys]); err != nil || !ok {
			b.Fatal(ok, err)
		}
		i++
	}
}

// BenchmarkPointGetTxn is a whole read-only statement: Begin, Get, Commit.
func BenchmarkPointGetTxn(b *testing.B) {
	s := openBench(b)
	ctx := context.Background()
	keys := benchKeySet()
	b.ReportAllocs()
	var n atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		i := int(n.Add(1)) * 1000
		for pb.Next() {
			txn, err := s.Begin(ctx, TxnOptions{ReadOnly: true})
			if err != nil {
				b.Fatal(err)
			}
			if _, ok, err := txn.Get(ctx, keys[i%benchKeys]); err != nil || !ok {
				b.Fatal(ok, err)
			}
			if err := txn.Commit(ctx); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

// BenchmarkPointPutCommit is one durable single-key write transaction at a
// time: its cost is dominated by the fsync.
func BenchmarkPointPutCommit(b *testing.B) {
	s := openBench(b)
	ctx := context.Background()
	keys := benchKeySet()
	value := make([]byte, 100)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		txn := begin(b, s, false)
		if err := txn.Put(keys[i%benchKeys], value); err != nil {
			b.Fatal(err)
		}
		if err := txn.Commit(ctx); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkPointPutCommitParallel shows concurrent commits sharing fsyncs.
func BenchmarkPointPutCommitParallel(b *testing.B) {
	s := openBench(b)
	ctx := context.Background()
	value := make([]byte, 100)
	b.ReportAllocs()
	b.SetParallelism(8)
	var n atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		// Disjoint keys per goroutine: blind writes, no conflicts.
		base := int(n.Add(1)) * 1_000_000
		i := 0
		for pb.Next() {
			txn, err := s.Begin(ctx, TxnOptions{})
			if err != nil {
				b.Fatal(err)
			}
			if err := txn.Put(benchKey(base+i), value); err != nil {
				b.Fatal(err)
			}
			if err := txn.Commit(ctx); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

// BenchmarkScan100 reads 100 consecutive keys in a read-only transaction.
func BenchmarkScan100(b *testing.B) {
	s := openBench(b)
	ctx := context.Background()
	txn := begin(b, s, true)
	defer txn.Rollback()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		start := (i * 7919) % (benchKeys - 100)
		it := txn.Scan(ctx, benchKey(start), nil, false)
		n := 0
		for n < 100 && it.Next() {
			n++
		}
		if err := it.Close(); err != nil || n != 100 {
			b.Fatal(n, err, it.Err())
		}
		i++
	}
}

// BenchmarkScan100ReadWrite is BenchmarkScan100 in a read-write
// transaction with buffered writes: merge and read-set tracking included.
func BenchmarkScan100ReadWrite(b *testing.B) {
	s := openBench(b)
	ctx := context.Background()
	txn := begin(b, s, false)
	defer txn.Rollback()
	for i := 0; i < benchKeys; i += 10 {
		if err := txn.Put(benchKey(i), []byte("v")); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		start := (i * 7919) % (benchKeys - 100)
		it := txn.Scan(ctx, benchKey(start), nil, false)
		n := 0
		for n < 100 && it.Next() {
			n++
		}
		if err := it.Close(); err != nil || n != 100 {
			b.Fatal(n, err, it.Err())
		}
		i++
	}
}

// BenchmarkBulkCommit commits one transaction of 100,000 ascending puts
// of pgbench_accounts-sized records, as a COPY does; one op is one put
// (the puts, building the commit and applying it). On disk: the memory
// file system's growing WAL file would dominate.
func BenchmarkBulkCommit(b *testing.B) {
	s, err := Open(b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	const perTxn = 100000
	val := bytes.Repeat([]byte("v"), 120)
	key := make([]byte, 0, 16)
	b.ReportAllocs()
	b.ResetTimer()
	for done := 0; done < b.N; {
		txn, err := s.Begin(ctx, TxnOptions{})
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; i < perTxn && done < b.N; i++ {
			key = binary.BigEndian.AppendUint64(append(key[:0], 'r'), uint64(done))
			if err := txn.Put(key, val); err != nil {
				b.Fatal(err)
			}
			done++
		}
		if err := txn.Commit(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
