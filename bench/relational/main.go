// Command relational times joins, subqueries, set operations and
// recursive queries on zerodb and on PostgreSQL started in the same run,
// over the same generated data, and prints each query's best time and the
// ratio (PostgreSQL time / zerodb time: above 1 means zerodb is faster).
//
//	go run ./bench/relational [-rows 20000] [-runs 3] [-zerodb bin/zerodb] [-only join] [-zerodb-flags "--pprof-listen 127.0.0.1:6060"]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zerodb/zerodb/internal/pgserver"
	"github.com/zerodb/zerodb/internal/zerodbproc"
)

// queries are timed in this order; each must give the same row count on
// both servers.
var queries = []query{
	{"3-table join + aggregate", "SELECT c.region, count(*), sum(o.amount) FROM orders o JOIN customers c ON c.id = o.customer_id JOIN items i ON i.id = o.item_id WHERE i.price > 10 GROUP BY c.region ORDER BY c.region"},
	{"left join count", "SELECT count(*), count(o.id) FROM customers c LEFT JOIN orders o ON o.customer_id = c.id"},
	{"full join count", "SELECT count(*) FROM items i FULL JOIN orders o ON o.item_id = i.id"},
	{"EXISTS semi-join", "SELECT count(*) FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.amount > 90)"},
	{"NOT EXISTS anti-join", "SELECT count(*) FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)"},
	{"IN subquery", "SELECT count(*) FROM items WHERE id IN (SELECT item_id FROM orders WHERE amount < 5)"},
	{"NOT IN subquery", "SELECT count(*) FROM items WHERE id NOT IN (SELECT item_id FROM orders)"},
	{"correlated scalar (pk)", "SELECT sum((SELECT c.region FROM customers c WHERE c.id = o.customer_id)) FROM orders o"},
	{"UNION", "SELECT count(*) FROM (SELECT customer_id FROM orders UNION SELECT id FROM customers) u"},
	{"WITH RECURSIVE 10000", "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 10000) SELECT sum(n) FROM s"},
}

func main() {
	rows := flag.Int("rows", 20000, "orders (customers and items are a quarter each)")
	runs := flag.Int("runs", 3, "runs per query (the best counts)")
	bin := flag.String("zerodb", "", "zerodb binary (default: build one)")
	extra := flag.String("zerodb-flags", "", "extra flags for zerodb start, space-separated (e.g. --pprof-listen 127.0.0.1:6060)")
	only := flag.String("only", "", "run only the queries whose names contain this")
	flag.Parse()
	var qs []query
	for _, q := range queries {
		if strings.Contains(q.name, *only) {
			qs = append(qs, q)
		}
	}
	ctx, stop := pgserver.Interruptible()
	defer stop()
	if err := run(ctx, qs, *bin, strings.Fields(*extra), *rows, *runs); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func setup(rows int) []string {
	gen := func(n int) string {
		return fmt.Sprintf("(WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < %d) SELECT n FROM s) g", n)
	}
	return []string{
		"CREATE TABLE customers (id int PRIMARY KEY, region int NOT NULL)",
		"CREATE TABLE items (id int PRIMARY KEY, price int NOT NULL)",
		"CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, item_id int NOT NULL, amount int NOT NULL)",
		"INSERT INTO customers SELECT n, n % 10 FROM " + gen(rows/4),
		"INSERT INTO items SELECT n, n % 50 FROM " + gen(rows/4),
		fmt.Sprintf("INSERT INTO orders SELECT n, (n * 7) %% %d + 1, (n * 13) %% %d + 1, n %% 100 FROM %s", rows/5, rows/3, gen(rows)),
	}
}

type query struct{ name, sql string }

func run(ctx context.Context, queries []query, bin string, extra []string, rows, runs int) error {
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
	times := map[string][]time.Duration{}
	counts := map[string][]int{}
	servers := []struct {
		url string
		cpu func() (time.Duration, error)
	}{
		{z.URL, func() (time.Duration, error) { return pgserver.ProcessCPU(z.Pid, false) }},
		{pg.URL("postgres"), pg.CPU},
	}
	for _, srv := range servers {
		url := srv.url
		cfg, err := pgx.ParseConfig(url)
		if err != nil {
			return err
		}
		cfg.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol
		c, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			return err
		}
		defer c.Close(ctx)
		for _, s := range setup(rows) {
			if _, err := c.Exec(ctx, s); err != nil {
				return fmt.Errorf("%s: %w", s, err)
			}
		}
		if url != z.URL {
			if _, err := c.Exec(ctx, "ANALYZE"); err != nil {
				return err
			}
		}
		// Measure the queries, not the compactions the load leaves behind.
		if err := pgserver.Settle(ctx, srv.cpu); err != nil {
			return err
		}
		for _, q := range queries {
			best := time.Duration(0)
			n := 0
			for r := 0; r < runs; r++ {
				t0 := time.Now()
				res, err := c.Query(ctx, q.sql)
				if err != nil {
					return fmt.Errorf("%s: %w", q.name, err)
				}
				n = 0
				for res.Next() {
					n++
				}
				res.Close()
				if err := res.Err(); err != nil {
					return fmt.Errorf("%s: %w", q.name, err)
				}
				if d := time.Since(t0); best == 0 || d < best {
					best = d
				}
			}
			times[q.name] = append(times[q.name], best)
			counts[q.name] = append(counts[q.name], n)
		}
	}
	fmt.Printf("relational queries, %d orders, best of %d runs\n", rows, runs)
	fmt.Printf("%-26s %12s %12s %8s\n", "query", "zerodb", "postgres", "ratio")
	for _, q := range queries {
		t := times[q.name]
		note := ""
		if c := counts[q.name]; c[0] != c[1] {
			note = fmt.Sprintf("  (rows differ: %d vs %d)", c[0], c[1])
		}
		fmt.Printf("%-26s %12v %12v %7.2fx%s\n", q.name, t[0].Round(time.Microsecond), t[1].Round(time.Microsecond), float64(t[1])/float64(t[0]), note)
	}
	return nil
}
