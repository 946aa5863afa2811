package session

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkSessionPreparedIndexAnd is the server's side of bench/sql's
// "AND of two indexed predicates": Bind, Execute and Sync of
//
//	SELECT id FROM docs WHERE body->>'k' = $1 AND body->>'cat' = $2
//
// over documents made as bench/sql makes them (ten per k, twenty
// categories, so one document matches), with expression indexes on both
// paths. The store is on disk and reopened after the load, so the
// indexes are read from Pebble's tables as a server's are, not from a
// memtable.
var andDocs = flag.Int("and-docs", 100_000, "documents BenchmarkSessionPreparedIndexAnd loads (bench/sql loads 1,000,000)")

func BenchmarkSessionPreparedIndexAnd(b *testing.B) {
	ctx := context.Background()
	docs := *andDocs
	setup := []string{"CREATE TABLE docs (id bigint PRIMARY KEY, body jsonb NOT NULL)"}
	var ins strings.Builder
	for lo := 0; lo < docs; lo += 1000 {
		ins.Reset()
		ins.WriteString("INSERT INTO docs VALUES ")
		for i := lo; i < lo+1000; i++ {
			if i > lo {
				ins.WriteString(", ")
			}
			fmt.Fprintf(&ins, `(%d, '{"k": "key%07d", "cat": "c%02d", "n": %d, "tags": ["t%d", "u%d"], "text": "document number %d of the benchmark"}')`,
				i, i/10, i%20, i%1000, i%7, i%11, i)
		}
		setup = append(setup, ins.String())
	}
	setup = append(setup,
		"CREATE INDEX docs_k ON docs ((body->>'k'))",
		"CREATE INDEX docs_cat ON docs ((body->>'cat'))",
		"ANALYZE")
	dir := b.TempDir()
	db, _ := benchSessionOpts(b, Options{Dir: dir}, setup...)
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	_, s := benchSessionOpts(b, Options{Dir: dir})
	if _, err := s.Prepare(ctx, "p", "SELECT id FROM docs WHERE body->>'k' = $1 AND body->>'cat' = $2", []uint32{25, 25}); err != nil {
		b.Fatal(err)
	}
	if err := s.Sync(ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	params := [][]byte{nil, nil}
	var rows countWriter
	ev := newCacheEvictor()
	cpu0 := processCPU()
	for b.Loop() {
		ev.evict()
		d := i * 7919 % docs
		params[0] = fmt.Appendf(params[0][:0], "key%07d", d/10)
		params[1] = fmt.Appendf(params[1][:0], "c%02d", d%20)
		if err := s.Bind(ctx, "", "p", nil, params, nil); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Execute(ctx, "", 0, &rows); err != nil {
			b.Fatal(err)
		}
		if err := s.Sync(ctx); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(ev.cpuPerOp(cpu0, b.N), "cpu-ns/op")
	if rows.rows != b.N {
		b.Fatalf("%d rows for %d queries", rows.rows, b.N)
	}
}

// BenchmarkSessionPreparedPointWrite is the server's side of bench/sql's
// "kv point write (prepared)": Bind, Execute and Sync of an autocommit
// UPDATE kv SET v = $2 WHERE k = $1, on disk (each commit synced) and in
// memory (the statement and commit without the sync).
func BenchmarkSessionPreparedPointWrite(b *testing.B) {
	ctx := context.Background()
	const rows = 10_000
	for _, disk := range []bool{false, true} {
		name := "memory"
		if disk {
			name = "disk"
		}
		b.Run(name, func(b *testing.B) {
			opts := Options{Memory: !disk}
			if disk {
				opts.Dir = b.TempDir()
			}
			_, s := benchSessionOpts(b, opts, kvSetup(rows)...)
			if _, err := s.Prepare(ctx, "p", "UPDATE kv SET v = $2 WHERE k = $1", []uint32{20, 25}); err != nil {
				b.Fatal(err)
			}
			if err := s.Sync(ctx); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			k := 0
			params := [][]byte{nil, nil}
			cpu0 := processCPU()
			for b.Loop() {
				params[0] = strconv.AppendInt(params[0][:0], int64(k*7919%rows), 10)
				params[1] = strconv.AppendInt(append(params[1][:0], 'v'), int64(k), 10)
				if err := s.Bind(ctx, "", "p", nil, params, nil); err != nil {
					b.Fatal(err)
				}
				if _, err := s.Execute(ctx, "", 0, discardWriter{}); err != nil {
					b.Fatal(err)
				}
				if err := s.Sync(ctx); err != nil {
					b.Fatal(err)
				}
				k++
			}
			b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkSessionBlockUpdates is a TPC-B-like transaction block in
// memory (BEGIN, three UPDATEs by key, a SELECT, an INSERT, COMMIT over
// the simple protocol), at READ COMMITTED (a snapshot per statement, a
// statement savepoint and a row lock per UPDATE) and at SERIALIZABLE:
// what the default level costs one client.
func BenchmarkSessionBlockUpdates(b *testing.B) {
	ctx := context.Background()
	const rows = 10_000
	for _, level := range []string{"READ COMMITTED", "SERIALIZABLE"} {
		b.Run(strings.ToLower(strings.ReplaceAll(level, " ", "_")), func(b *testing.B) {
			_, s := benchSessionOpts(b, Options{Memory: true}, append(kvSetup(rows), "CREATE TABLE hist (k int, v text)")...)
			b.ReportAllocs()
			k := 0
			cpu0 := processCPU()
			for b.Loop() {
				a, t, br := k*7919%rows, (k*31+1)%rows, k%10
				for _, q := range []string{
					"BEGIN ISOLATION LEVEL " + level,
					fmt.Sprintf("UPDATE kv SET v = v || 'a' WHERE k = %d", a),
					fmt.Sprintf("SELECT v FROM kv WHERE k = %d", a),
					fmt.Sprintf("UPDATE kv SET v = 't' WHERE k = %d", t),
					fmt.Sprintf("UPDATE kv SET v = 'b' WHERE k = %d", br),
					fmt.Sprintf("INSERT INTO hist VALUES (%d, 'h')", a),
					"COMMIT",
				} {
					if err := s.Query(ctx, q, discardWriter{}); err != nil {
						b.Fatal(err)
					}
				}
				k++
			}
			b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}
