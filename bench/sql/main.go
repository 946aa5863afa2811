// Command sql compares zerodb with PostgreSQL 15, started in the same run,
// on document, relational and key-value work through the wire protocol,
// and prints each line's throughput and the ratio zerodb/PostgreSQL
// (above 1.0 zerodb is faster):
//
//   - bulk load of JSON documents (multi-row INSERTs of -batch rows);
//   - indexed point reads on a document path (body->>'k' = $1);
//   - indexed range reads on a document path (count of a key range);
//   - an AND of two indexed document-path predicates;
//   - LIMIT/OFFSET deep paging in key order;
//   - a 3-table join with aggregation;
//   - key-value point reads and writes by primary key.
//
// Reads and writes use prepared statements (pgx's extended protocol);
// both servers get the same indexes and an ANALYZE before the reads, and
// the reads start once both are idle (the background work of the load
// and the index builds done).
// Each read/write workload alternates between the servers for -rounds
// rounds and reports the best rate of each (the machine may be shared).
//
//	go run ./bench/sql [-docs 1000000] [-ops 2000] [-rounds 3] [-only AND,paging] [-unix] [-zerodb bin/zerodb] [-zerodb-flags "--pprof-listen 127.0.0.1:6060"]
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zerodb/zerodb/internal/pgserver"
	"github.com/zerodb/zerodb/internal/zerodbproc"
)

type config struct {
	docs, batch, ops, rounds int
	// copy loads the documents with COPY (pgx CopyFrom) instead of
	// multi-row INSERTs; decided once for both servers.
	copy bool
	// only, when set, runs just the reported workloads whose names
	// contain one of its comma-separated parts (loads and setup always
	// run: the others need them).
	only string
	// verbose prints the servers' process ids and each round's start to
	// stderr, for a profiler to attach to the right process at the
	// right time.
	verbose bool
	// unix connects over the servers' Unix sockets instead of TCP.
	unix bool
}

// workload is one line of the report: n operations, each timed as a
// whole.
type workload struct {
	name string
	unit string // "" = not reported (setup)
	once bool   // loads and setup run once
	run  func(ctx context.Context, c *pgx.Conn, cfg config) (ops int, err error)
}

func main() {
	var cfg config
	flag.IntVar(&cfg.docs, "docs", 1_000_000, "JSON documents to load")
	flag.IntVar(&cfg.batch, "batch", 1000, "rows per INSERT while loading")
	flag.IntVar(&cfg.ops, "ops", 2000, "operations per read/write workload")
	flag.IntVar(&cfg.rounds, "rounds", 3, "rounds of each read/write workload (the best counts)")
	load := flag.String("load", "auto", "how documents are loaded: copy, insert, or auto (COPY when zerodb takes it)")
	bin := flag.String("zerodb", "", "zerodb binary (default: build one)")
	extra := flag.String("zerodb-flags", "", "extra flags for zerodb start, space-separated (e.g. --pprof-listen 127.0.0.1:6060)")
	flag.BoolVar(&cfg.unix, "unix", false, "connect to both servers over their Unix sockets (psql's and pgbench's default on the server's machine) instead of TCP on loopback")
	flag.BoolVar(&cfg.verbose, "v", false, "print the zerodb and PostgreSQL backend process ids and the start of each round to stderr (to attach a profiler)")
	flag.StringVar(&cfg.only, "only", "", "run only the workloads whose names contain one of these comma-separated parts (loads and setup always run)")
	flag.Parse()
	switch *load {
	case "copy", "insert", "auto":
	default:
		fmt.Fprintln(os.Stderr, "bench: -load is copy, insert or auto")
		os.Exit(2)
	}
	ctx, stop := pgserver.Interruptible()
	defer stop()
	if err := run(ctx, *bin, strings.Fields(*extra), *load, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, bin string, extra []string, load string, cfg config) error {
	z, err := zerodbproc.StartTemp(ctx, bin, extra)
	if err != nil {
		return err
	}
	defer z.Stop()
	pg, err := pgserver.Start(ctx)
	if err != nil {
		return err
	}
	defer pg.Stop()

	targets := []struct {
		name, url string
		cpu       func() (time.Duration, error)
	}{
		{"zerodb", z.URL, func() (time.Duration, error) { return pgserver.ProcessCPU(z.Pid, false) }},
		{"postgres", pg.URL("postgres"), pg.CPU},
	}
	if cfg.unix {
		targets[0].url, targets[1].url = z.SocketURL, pg.SocketURL("postgres")
	}
	conns := make([]*pgx.Conn, len(targets))
	for i, tg := range targets {
		c, err := pgx.Connect(ctx, tg.url)
		if err != nil {
			return fmt.Errorf("%s: %w", tg.name, err)
		}
		defer c.Close(ctx)
		conns[i] = c
	}
	// PostgreSQL's CPU is its backend's (alive, so not among the
	// postmaster's reaped children) and the postmaster's with its reaped
	// children: parallel workers exit after each query.
	var backend int
	if err := conns[1].QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&backend); err != nil {
		return err
	}
	if cfg.verbose {
		fmt.Fprintf(os.Stderr, "zerodb pid %d, PostgreSQL backend pid %d\n", z.Pid, backend)
	}
	targets[1].cpu = func() (time.Duration, error) {
		b, err := pgserver.ProcessCPU(backend, false)
		if err != nil {
			return 0, err
		}
		rest, err := pg.CPU()
		return b + rest, err
	}
	cfg.copy = load == "copy"
	if load == "auto" {
		cfg.copy = copyWorks(ctx, conns[0])
	}
	// Each workload runs on both servers in turn, rounds times, and the
	// best rate of each counts: the machine is shared, and alternating
	// keeps a burst of outside load from landing on one side only.
	rates := map[string]map[string]float64{}
	// cpu and ops add up each server's CPU time and operations over all
	// rounds: CPU per operation holds up better than rates on a shared
	// machine, and shows what a parallel plan spends beside its wall time.
	cpu := map[string]map[string]time.Duration{}
	ops := map[string]map[string]int{}
	for _, tg := range targets {
		rates[tg.name] = map[string]float64{}
		cpu[tg.name] = map[string]time.Duration{}
		ops[tg.name] = map[string]int{}
	}
	for _, w := range workloads() {
		if !selected(w, cfg) {
			continue
		}
		rounds := cfg.rounds
		if w.once {
			rounds = 1
		}
		for r := 0; r < rounds; r++ {
			for i, tg := range targets {
				if cfg.verbose {
					fmt.Fprintf(os.Stderr, "%s %s: %s round %d\n", time.Now().Format("15:04:05.000"), tg.name, w.name, r+1)
				}
				cpu0, err := tg.cpu()
				if err != nil {
					return fmt.Errorf("%s: %w", tg.name, err)
				}
				start := time.Now()
				n, err := w.run(ctx, conns[i], cfg)
				if err != nil {
					return fmt.Errorf("%s, %s: %w", tg.name, w.name, err)
				}
				rates[tg.name][w.name] = max(rates[tg.name][w.name], float64(n)/time.Since(start).Seconds())
				cpu1, err := tg.cpu()
				if err != nil {
					return fmt.Errorf("%s: %w", tg.name, err)
				}
				cpu[tg.name][w.name] += cpu1 - cpu0
				ops[tg.name][w.name] += n
			}
		}
		if w.once {
			// The reads measure queries, not the compactions (zerodb) or
			// autovacuum (PostgreSQL) a bulk load and index builds leave
			// running for a while.
			for _, tg := range targets {
				if err := pgserver.Settle(ctx, tg.cpu); err != nil {
					return fmt.Errorf("%s: %w", tg.name, err)
				}
			}
		}
	}
	how := "multi-row INSERT"
	if cfg.copy {
		how = "COPY"
	}
	fmt.Printf("zerodb vs PostgreSQL 15: %d documents loaded by %s, %d operations per workload, best of %d rounds, one connection\n",
		cfg.docs, how, cfg.ops, cfg.rounds)
	fmt.Printf("%-32s %14s %14s %8s %22s\n", "workload", "zerodb", "postgres", "ratio", "server CPU/op z | pg")
	for _, w := range workloads() {
		if w.unit == "" || !selected(w, cfg) {
			continue
		}
		zr, pr := rates["zerodb"][w.name], rates["postgres"][w.name]
		fmt.Printf("%-32s %14s %14s %7.2fx %22s\n", w.name, rate(zr, w.unit), rate(pr, w.unit), zr/pr,
			perOp(cpu["zerodb"][w.name], ops["zerodb"][w.name])+" | "+perOp(cpu["postgres"][w.name], ops["postgres"][w.name]))
	}
	return nil
}

// rate formats a rate, with a decimal where whole numbers are too coarse
// (the join runs at a few queries a second).
func rate(r float64, unit string) string {
	if r < 100 {
		return fmt.Sprintf("%.1f %s", r, unit)
	}
	return fmt.Sprintf("%.0f %s", r, unit)
}

// perOp formats CPU time per operation (the clock ticks of /proc are
// 10 ms: short operations need many).
func perOp(d time.Duration, n int) string {
	if n == 0 {
		return "-"
	}
	per := d / time.Duration(n)
	switch {
	case per >= time.Millisecond:
		return fmt.Sprintf("%.1fms", float64(per)/float64(time.Millisecond))
	case per < 10*time.Microsecond:
		// A bulk load's few µs per document: whole µs hide a third.
		return fmt.Sprintf("%.2fµs", float64(per)/float64(time.Microsecond))
	default:
		return fmt.Sprintf("%.0fµs", float64(per)/float64(time.Microsecond))
	}
}

// selected reports whether w runs under -only (comma-separated parts of
// names): setup always does.
func selected(w workload, cfg config) bool {
	if w.once {
		return true
	}
	for _, part := range strings.Split(cfg.only, ",") {
		if strings.Contains(w.name, part) {
			return true
		}
	}
	return false
}

// Document i has the key k = "key<i/10>" (ten documents per key, zero
// padded so text order is numeric order), one of 20 categories, and a
// few other fields.
func docJSON(i int) string {
	return fmt.Sprintf(`{"k": "key%07d", "cat": "c%02d", "n": %d, "tags": ["t%d", "u%d"], "text": "document number %d of the benchmark"}`,
		i/10, i%20, i%1000, i%7, i%11, i)
}

func workloads() []workload {
	return []workload{
		{name: "bulk load (JSON documents)", unit: "docs/s", once: true, run: load},
		{name: "setup: indexes and ANALYZE", once: true, run: setup},
		{name: "doc path point read", unit: "q/s", run: prepared(
			"SELECT id FROM docs WHERE body->>'k' = $1",
			func(cfg config) []any { return []any{fmt.Sprintf("key%07d", rand.IntN(cfg.docs/10))} })},
		{name: "doc path range read (100 docs)", unit: "q/s", run: prepared(
			"SELECT count(*) FROM docs WHERE body->>'k' >= $1 AND body->>'k' < $2",
			func(cfg config) []any {
				k := rand.IntN(max(1, cfg.docs/10-10))
				return []any{fmt.Sprintf("key%07d", k), fmt.Sprintf("key%07d", k+10)}
			})},
		{name: "AND of two indexed predicates", unit: "q/s", run: prepared(
			"SELECT id FROM docs WHERE body->>'k' = $1 AND body->>'cat' = $2",
			func(cfg config) []any {
				i := rand.IntN(cfg.docs)
				return []any{fmt.Sprintf("key%07d", i/10), fmt.Sprintf("c%02d", i%20)}
			})},
		{name: "LIMIT/OFFSET deep paging", unit: "q/s", run: paging},
		{name: "3-table join with aggregation", unit: "q/s", run: join},
		{name: "kv point read (prepared)", unit: "q/s", run: prepared(
			"SELECT v FROM kv WHERE k = $1",
			func(cfg config) []any { return []any{int64(rand.IntN(kvRows(cfg)))} })},
		{name: "kv point write (prepared)", unit: "q/s", run: prepared(
			"UPDATE kv SET v = $2 WHERE k = $1",
			func(cfg config) []any { return []any{int64(rand.IntN(kvRows(cfg))), fmt.Sprintf("v%d", rand.Int())} })},
	}
}

func kvRows(cfg config) int { return max(100, min(cfg.docs, 100_000)) }

// load creates the tables and loads the documents, then the smaller
// relational and key-value tables (not timed as documents).
func load(ctx context.Context, c *pgx.Conn, cfg config) (int, error) {
	if _, err := c.Exec(ctx, "CREATE TABLE docs (id bigint PRIMARY KEY, body jsonb NOT NULL)"); err != nil {
		return 0, err
	}
	if cfg.copy {
		_, err := c.CopyFrom(ctx, pgx.Identifier{"docs"}, []string{"id", "body"},
			pgx.CopyFromFunc(docSource(cfg.docs)))
		return cfg.docs, err
	}
	if err := insertRows(ctx, c, "docs", cfg.docs, cfg.batch, func(i int) string {
		return fmt.Sprintf("(%d, '%s')", i, docJSON(i))
	}); err != nil {
		return 0, err
	}
	return cfg.docs, nil
}

// docSource yields the rows of the documents for CopyFrom.
func docSource(n int) func() ([]any, error) {
	i := 0
	return func() ([]any, error) {
		if i >= n {
			return nil, nil
		}
		i++
		return []any{int64(i - 1), docJSON(i - 1)}, nil
	}
}

// copyWorks reports whether the server takes COPY FROM STDIN through pgx
// (zerodb before COPY answers 0A000).
func copyWorks(ctx context.Context, c *pgx.Conn) bool {
	if _, err := c.Exec(ctx, "CREATE TABLE copy_probe (id bigint PRIMARY KEY, body jsonb NOT NULL)"); err != nil {
		return false
	}
	defer c.Exec(ctx, "DROP TABLE copy_probe") //nolint:errcheck // best effort
	_, err := c.CopyFrom(ctx, pgx.Identifier{"copy_probe"}, []string{"id", "body"}, pgx.CopyFromFunc(docSource(1)))
	return err == nil
}

func insertRows(ctx context.Context, c *pgx.Conn, table string, n, batch int, row func(i int) string) error {
	var b strings.Builder
	for i := 0; i < n; i += batch {
		b.Reset()
		b.WriteString("INSERT INTO " + table + " VALUES ")
		for j := i; j < min(n, i+batch); j++ {
			if j > i {
				b.WriteString(", ")
			}
			b.WriteString(row(j))
		}
		if _, err := c.Exec(ctx, b.String()); err != nil {
			return err
		}
	}
	return nil
}

// Sizes of the join's tables: customers, orders (10 per customer), items
// (3 per order).
func joinSizes(cfg config) (customers, orders, items int) {
	customers = max(10, min(cfg.docs/100, 10_000))
	return customers, customers * 10, customers * 30
}

func setup(ctx context.Context, c *pgx.Conn, cfg config) (int, error) {
	customers, orders, items := joinSizes(cfg)
	stmts := []string{
		"CREATE INDEX docs_k ON docs ((body->>'k'))",
		"CREATE INDEX docs_cat ON docs ((body->>'cat'))",
		"CREATE TABLE customers (id int PRIMARY KEY, region text NOT NULL)",
		"CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, amount numeric(10,2) NOT NULL)",
		"CREATE TABLE items (id int PRIMARY KEY, order_id int NOT NULL, qty int NOT NULL)",
		"CREATE TABLE kv (k bigint PRIMARY KEY, v text NOT NULL)",
	}
	for _, s := range stmts {
		if _, err := c.Exec(ctx, s); err != nil {
			return 0, fmt.Errorf("%s: %w", s, err)
		}
	}
	if err := insertRows(ctx, c, "customers", customers, 1000, func(i int) string {
		return fmt.Sprintf("(%d, 'r%d')", i, i%8)
	}); err != nil {
		return 0, err
	}
	if err := insertRows(ctx, c, "orders", orders, 1000, func(i int) string {
		return fmt.Sprintf("(%d, %d, %d.%02d)", i, i%customers, i%500, i%100)
	}); err != nil {
		return 0, err
	}
	if err := insertRows(ctx, c, "items", items, 1000, func(i int) string {
		return fmt.Sprintf("(%d, %d, %d)", i, i%orders, 1+i%5)
	}); err != nil {
		return 0, err
	}
	if err := insertRows(ctx, c, "kv", kvRows(cfg), 1000, func(i int) string {
		return fmt.Sprintf("(%d, 'value %d')", i, i)
	}); err != nil {
		return 0, err
	}
	if _, err := c.Exec(ctx, "ANALYZE"); err != nil {
		return 0, err
	}
	return 1, nil
}

// prepared runs one prepared statement cfg.ops times with fresh
// arguments, reading every row.
func prepared(sql string, args func(cfg config) []any) func(ctx context.Context, c *pgx.Conn, cfg config) (int, error) {
	return func(ctx context.Context, c *pgx.Conn, cfg config) (int, error) {
		for i := 0; i < cfg.ops; i++ {
			if err := drain(c.Query(ctx, sql, args(cfg)...)); err != nil {
				return 0, err
			}
		}
		return cfg.ops, nil
	}
}

func drain(rows pgx.Rows, err error) error {
	if err != nil {
		return err
	}
	for rows.Next() {
	}
	rows.Close()
	return rows.Err()
}

// paging reads pages of 20 documents at offsets spread over the first
// half of the table (deep pages read and skip many rows).
func paging(ctx context.Context, c *pgx.Conn, cfg config) (int, error) {
	n := max(1, cfg.ops/10)
	for i := 0; i < n; i++ {
		off := rand.IntN(max(1, cfg.docs/2))
		if err := drain(c.Query(ctx, "SELECT id, body FROM docs ORDER BY id LIMIT 20 OFFSET $1", off)); err != nil {
			return 0, err
		}
	}
	return n, nil
}

func join(ctx context.Context, c *pgx.Conn, cfg config) (int, error) {
	n := max(1, cfg.ops/100)
	for i := 0; i < n; i++ {
		if err := drain(c.Query(ctx, `SELECT c.region, count(*), sum(i.qty), sum(o.amount)
			FROM customers c JOIN orders o ON o.customer_id = c.id JOIN items i ON i.order_id = o.id
			GROUP BY c.region ORDER BY c.region`)); err != nil {
			return 0, err
		}
	}
	return n, nil
}
