// Command wire measures point inserts and point reads per second over the
// PostgreSQL wire protocol, for zerodb and for PostgreSQL started in the
// same run, and prints both and their ratio.
//
//	go run ./bench/wire [-clients 2] [-inserts 2000] [-reads 20000] [-zerodb bin/zerodb]
//
// Both servers commit durably (zerodb syncs its WAL per commit;
// PostgreSQL runs with its defaults, fsync and synchronous_commit on).
// Both are driven identically through pgx with the simple query protocol.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/zerodb/zerodb/internal/latency"
	"github.com/zerodb/zerodb/internal/pgserver"
	"github.com/zerodb/zerodb/internal/zerodbproc"
)

type result = latency.Result

func main() {
	clients := flag.Int("clients", 2, "concurrent client connections")
	inserts := flag.Int("inserts", 2000, "point inserts per client")
	reads := flag.Int("reads", 20000, "point reads per client")
	bin := flag.String("zerodb", "", "zerodb binary (default: build one)")
	extra := flag.String("zerodb-flags", "", "extra flags for zerodb start, space-separated (e.g. --pprof-listen 127.0.0.1:6060)")
	flag.Parse()
	ctx, stop := pgserver.Interruptible()
	defer stop()
	if err := run(ctx, *bin, strings.Fields(*extra), *clients, *inserts, *reads); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, bin string, extra []string, clients, inserts, reads int) error {
	z, err := zerodbproc.StartTemp(ctx, bin, extra)
	if err != nil {
		return err
	}
	defer z.Stop()
	zurl := z.URL
	pg, err := pgserver.Start(ctx)
	if err != nil {
		return err
	}
	defer pg.Stop()

	targets := []struct{ name, url string }{{"zerodb", zurl}, {"postgres", pg.URL("postgres")}}
	res := map[string]map[string]result{}
	for _, tg := range targets {
		res[tg.name] = map[string]result{}
		if err := exec1(ctx, tg.url, "CREATE TABLE kv (k bigint PRIMARY KEY, v text NOT NULL)"); err != nil {
			return fmt.Errorf("%s: %w", tg.name, err)
		}
		r, err := measure(ctx, tg.url, clients, inserts, func(c, i int) string {
			k := c*inserts + i
			return fmt.Sprintf("INSERT INTO kv VALUES (%d, 'value %d')", k, k)
		})
		if err != nil {
			return fmt.Errorf("%s inserts: %w", tg.name, err)
		}
		res[tg.name]["point insert"] = r
		total := clients * inserts
		r, err = measure(ctx, tg.url, clients, reads, func(c, i int) string {
			return fmt.Sprintf("SELECT v FROM kv WHERE k = %d", rand.IntN(total))
		})
		if err != nil {
			return fmt.Errorf("%s reads: %w", tg.name, err)
		}
		res[tg.name]["point read"] = r
	}
	fmt.Printf("point operations over the wire, %d clients, simple query protocol\n", clients)
	fmt.Printf("%-14s %14s %14s %8s %22s %22s\n", "workload", "zerodb ops/s", "postgres ops/s", "ratio", "zerodb p50/p99", "postgres p50/p99")
	for _, w := range []string{"point insert", "point read"} {
		z, p := res["zerodb"][w], res["postgres"][w]
		fmt.Printf("%-14s %14.0f %14.0f %7.2fx %22s %22s\n", w, z.OpsPerSec, p.OpsPerSec, z.OpsPerSec/p.OpsPerSec, z, p)
	}
	return nil
}

func connect(ctx context.Context, url string) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	cfg.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol
	return pgx.ConnectConfig(ctx, cfg)
}

func exec1(ctx context.Context, url, sql string) error {
	c, err := connect(ctx, url)
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	_, err = c.Exec(ctx, sql)
	return err
}

// measure runs n statements on each of clients connections and reports
// throughput and latency percentiles.
func measure(ctx context.Context, url string, clients, n int, stmt func(client, i int) string) (result, error) {
	conns := make([]*pgx.Conn, clients)
	for i := range conns {
		c, err := connect(ctx, url)
		if err != nil {
			return result{}, err
		}
		defer c.Close(ctx)
		conns[i] = c
	}
	return latency.Run(clients, n, func(c, i int) error {
		rows, err := conns[c].Query(ctx, stmt(c, i))
		if err != nil {
			return err
		}
		for rows.Next() {
		}
		rows.Close()
		return rows.Err()
	})
}
