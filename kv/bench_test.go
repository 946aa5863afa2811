package kv

import (
	"bytes"
	"context"
	"encoding/binary"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
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

// largeKeys is the size of openLarge's store: pgbench's accounts at scale
// 10, more tables and index blocks than the block cache's hot set of a
// small store.
const largeKeys = 1_000_000

// openLarge opens an on-disk store holding largeKeys records of 100
// compressible bytes (like pgbench's filler), written in batches as a bulk
// load does and left as Pebble's flushes and compactions lay it out.
func openLarge(b *testing.B) Store {
	b.Helper()
	s, err := Open(b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	value := make([]byte, 100)
	for i := range value {
		value[i] = ' '
	}
	for i := 0; i < largeKeys; {
		var batch Batch
		for end := i + 10000; i < end; i++ {
			batch.Put(benchKey(i), AppendUint64(value[:92:92], uint64(i)))
		}
		if err := s.Apply(context.Background(), &batch); err != nil {
			b.Fatal(err)
		}
	}
	db := s.(*store).db
	if err := db.Flush(); err != nil {
		b.Fatal(err)
	}
	for db.Metrics().Compact.NumInProgress > 0 {
		time.Sleep(10 * time.Millisecond)
	}
	// Warm the block cache, as a server that has been reading has.
	txn := begin(b, s, true)
	defer txn.Rollback()
	it := txn.Scan(context.Background(), nil, nil, false)
	for it.Next() {
	}
	if err := it.Close(); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkPointGetLarge is a read-only statement's point read (Begin,
// Get, Commit) of random keys in a store of a million keys, one after
// another as one session reads them.
func BenchmarkPointGetLarge(b *testing.B) {
	s := openLarge(b)
	ctx := context.Background()
	b.ReportAllocs()
	defer reportCPU(b)()
	db := s.(*store).db
	before := db.Metrics().BlockCache
	defer func() {
		after := db.Metrics().BlockCache
		lookups := after.Hits + after.Misses - before.Hits - before.Misses
		b.ReportMetric(float64(lookups)/float64(b.N), "blocks/op")
	}()
	i := 0
	for b.Loop() {
		txn, err := s.Begin(ctx, TxnOptions{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		if _, ok, err := txn.Get(ctx, benchKey(i*7919%largeKeys)); err != nil || !ok {
			b.Fatal(ok, err)
		}
		if err := txn.Commit(ctx); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// reportCPU reports the process's CPU time per operation ("cpu-ns/op")
// from the call to the call of the function it returns: on a machine
// shared with other work it moves much less than the wall time per
// operation does.
func reportCPU(b *testing.B) func() {
	start := processCPU(b)
	return func() { b.ReportMetric(float64(processCPU(b)-start)/float64(b.N), "cpu-ns/op") }
}

func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkRWGetsLarge is a read-write transaction reading n random keys
// of openLarge's store (then rolled back): the reads of an UPDATE-heavy
// transaction such as pgbench's TPC-B, which also reads a descriptor per
// statement.
func BenchmarkRWGetsLarge(b *testing.B) {
	s := openLarge(b)
	ctx := context.Background()
	for _, n := range []int{1, 3, 8} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			defer reportCPU(b)()
			i := 0
			for b.Loop() {
				txn, err := s.Begin(ctx, TxnOptions{})
				if err != nil {
					b.Fatal(err)
				}
				for range n {
					if _, ok, err := txn.Get(ctx, benchKey(i*7919%largeKeys)); err != nil || !ok {
						b.Fatal(ok, err)
					}
					i++
				}
				txn.Rollback()
			}
		})
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

// BenchmarkDeleteProbeEmptyRange is a DELETE of many rows as the executor
// makes it: each deleted key, then a scan of a range nothing is in (the
// removed record's adjacency, as a graph vertex). One op is one row.
func BenchmarkDeleteProbeEmptyRange(b *testing.B) {
	s := openBench(b)
	ctx := context.Background()
	txn, err := s.Begin(ctx, TxnOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer txn.Rollback()
	probe := make([]byte, 0, 32)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := txn.Delete(benchKey(i % benchKeys)); err != nil {
			b.Fatal(err)
		}
		probe = binary.BigEndian.AppendUint64(append(probe[:0], "adj/"...), uint64(i))
		it := txn.Scan(ctx, probe, append(probe, 0xff), false)
		if it.Next() {
			b.Fatal("found a key in an empty range")
		}
		if err := it.Close(); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
