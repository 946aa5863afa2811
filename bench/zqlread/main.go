// Command zqlread compares a ZQL point read with the equivalent SQL point
// read over the wire, on one zerodb server: the same table, the same keys,
// the same clients. ZQL must not be slower than SQL for the same work.
//
//	go run ./bench/zqlread [-clients 2] [-rows 10000] [-reads 20000] [-zerodb bin/zerodb] [-zerodb-flags "--pprof-listen 127.0.0.1:6060"]
//
// Two protocols:
//
//   - simple: the key is a literal in the text, as psql or a shell script
//     sends it (SQL `SELECT v FROM kv WHERE k = 42`, ZQL
//     `[ r.v : r in kv, r.k == 42 ]`, and ZQL's record-id form `kv.@42.v`,
//     whose key the plan cache makes the parameter of a point get: all
//     three through the plan cache);
//   - prepared: the statement is parsed once and executed with the key as
//     an int8 parameter (SQL `SELECT v FROM kv WHERE k = $1`, ZQL
//     `[ r.v : r in kv, r.k == $1 ]`), as a driver's prepared statement.
//
// A ZQL row is its value rendered as JSON ("value 42" quoted), a SQL row
// its text; the work behind them is one primary-key read.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/zerodb/zerodb/internal/latency"
	"github.com/zerodb/zerodb/internal/zerodbproc"
)

// oidInt8 is PostgreSQL's int8 type OID.
const oidInt8 = 20

// workload is one way to read a key: a statement text for the simple
// protocol (with the key in it) or a prepared statement (key as $1).
type workload struct {
	name     string
	simple   func(k int) string
	prepared string
}

func main() {
	clients := flag.Int("clients", 2, "concurrent client connections")
	rows := flag.Int("rows", 10000, "rows in the table")
	reads := flag.Int("reads", 20000, "point reads per client and workload")
	bin := flag.String("zerodb", "", "zerodb binary (default: build one)")
	extra := flag.String("zerodb-flags", "", "extra flags for zerodb start, space-separated (e.g. --pprof-listen 127.0.0.1:6060)")
	flag.Parse()
	if err := run(context.Background(), *bin, strings.Fields(*extra), *clients, *rows, *reads); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, bin string, extra []string, clients, rows, reads int) error {
	z, err := zerodbproc.StartTemp(ctx, bin, extra)
	if err != nil {
		return err
	}
	defer z.Stop()
	if err := load(ctx, z.URL, rows); err != nil {
		return err
	}
	// Each group is a SQL read and its ZQL equivalents; ratios are
	// against the group's SQL read.
	groups := [][]workload{
		{
			{name: "SQL simple", simple: func(k int) string { return "SELECT v FROM kv WHERE k = " + strconv.Itoa(k) }},
			{name: "ZQL simple", simple: func(k int) string { return "[ r.v : r in kv, r.k == " + strconv.Itoa(k) + " ]" }},
			{name: "ZQL kv.@k.v", simple: func(k int) string { return "kv.@" + strconv.Itoa(k) + ".v" }},
		},
		{
			{name: "SQL prepared", prepared: "SELECT v FROM kv WHERE k = $1"},
			{name: "ZQL prepared", prepared: "[ r.v : r in kv, r.k == $1 ]"},
		},
	}
	fmt.Printf("point reads over the wire on one zerodb, %d clients, %d rows, %d reads per client\n", clients, rows, reads)
	fmt.Printf("%-14s %12s %20s   %s\n", "workload", "ops/s", "p50/p99", "ZQL/SQL")
	for _, group := range groups {
		res := make([]latency.Result, len(group))
		// Warm up (plan caches, Pebble's block cache), then measure each
		// workload in turn, twice, keeping its better round: background
		// work (a compaction after the load, other processes) then hits
		// every workload alike.
		for _, w := range group {
			if _, err := measure(ctx, z.URL, clients, min(reads, 2000), rows, w); err != nil {
				return fmt.Errorf("%s: %w", w.name, err)
			}
		}
		for range 2 {
			for i, w := range group {
				r, err := measure(ctx, z.URL, clients, reads, rows, w)
				if err != nil {
					return fmt.Errorf("%s: %w", w.name, err)
				}
				if r.OpsPerSec > res[i].OpsPerSec {
					res[i] = r
				}
			}
		}
		for i, w := range group {
			ratio := ""
			if i > 0 {
				ratio = fmt.Sprintf("%.2fx", res[i].OpsPerSec/res[0].OpsPerSec)
			}
			fmt.Printf("%-14s %12.0f %20s   %s\n", w.name, res[i].OpsPerSec, res[i], ratio)
		}
	}
	return nil
}

// load creates kv(k bigint primary key, v text) with keys 0..rows-1.
func load(ctx context.Context, url string, rows int) error {
	c, err := pgconn.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	if err := c.Exec(ctx, "CREATE TABLE kv (k bigint PRIMARY KEY, v text NOT NULL)").Close(); err != nil {
		return err
	}
	const batch = 500
	for lo := 0; lo < rows; lo += batch {
		var b strings.Builder
		b.WriteString("INSERT INTO kv VALUES ")
		for k := lo; k < min(lo+batch, rows); k++ {
			if k > lo {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "(%d, 'value %d')", k, k)
		}
		if err := c.Exec(ctx, b.String()).Close(); err != nil {
			return err
		}
	}
	return nil
}

// measure runs n reads of random keys on each of clients connections and
// reports throughput and latency percentiles. Every read must return one
// row.
func measure(ctx context.Context, url string, clients, n, rows int, w workload) (latency.Result, error) {
	conns := make([]*pgconn.PgConn, clients)
	params := make([][][]byte, clients)
	for i := range conns {
		c, err := pgconn.Connect(ctx, url)
		if err != nil {
			return latency.Result{}, err
		}
		defer c.Close(ctx)
		if w.prepared != "" {
			if _, err := c.Prepare(ctx, "read", w.prepared, []uint32{oidInt8}); err != nil {
				return latency.Result{}, err
			}
		}
		conns[i], params[i] = c, make([][]byte, 1)
	}
	return latency.Run(clients, n, func(ci, _ int) error {
		c, k := conns[ci], rand.IntN(rows)
		got := 0
		if w.prepared != "" {
			param := params[ci]
			param[0] = strconv.AppendInt(param[0][:0], int64(k), 10)
			res := c.ExecPrepared(ctx, "read", param, nil, nil).Read()
			if res.Err != nil {
				return res.Err
			}
			got = len(res.Rows)
		} else {
			rs, err := c.Exec(ctx, w.simple(k)).ReadAll()
			if err != nil {
				return err
			}
			if len(rs) == 1 {
				got = len(rs[0].Rows)
			}
		}
		if got != 1 {
			return fmt.Errorf("key %d: %d rows", k, got)
		}
		return nil
	})
}
