// Command copy measures bulk loading on zerodb and on a PostgreSQL started
// in the same run, and prints each server's wall time, its CPU time and
// the ratio (PostgreSQL's time over zerodb's: above 1 zerodb is faster).
//
//	go run ./bench/copy [-zerodb bin/zerodb] [-scale 10] [-docs 1000000] [-only zerodb|postgres] [-zerodb-flags "..."]
//
// Two loads, each on a fresh database of each server:
//
//   - pgbench -i -s <scale>: CREATE TABLE, TRUNCATE, COPY of scale×100000
//     pgbench_accounts rows, VACUUM, ALTER TABLE ADD PRIMARY KEY;
//   - COPY FROM STDIN (text format) of -docs JSON documents into
//     docs (doc jsonb), in one statement.
//
// -scale 0 or -docs 0 skips a load. session's BenchmarkCopyLoad is the
// in-process counterpart to profile with go test -cpuprofile.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/zerodb/zerodb/internal/pgserver"
	"github.com/zerodb/zerodb/internal/zerodbproc"
)

type config struct {
	bin, extra, only string
	scale, docs      int
}

func main() {
	var c config
	flag.StringVar(&c.bin, "zerodb", "", "zerodb binary (default: build one)")
	flag.StringVar(&c.extra, "zerodb-flags", "", "extra flags for zerodb start, space-separated (e.g. --pprof-listen 127.0.0.1:6060)")
	flag.StringVar(&c.only, "only", "", "run against one server only: zerodb or postgres")
	flag.IntVar(&c.scale, "scale", 10, "pgbench -i scale factor (0: skip)")
	flag.IntVar(&c.docs, "docs", 1000000, "JSON documents to COPY (0: skip)")
	flag.Parse()
	ctx, stop := pgserver.Interruptible()
	defer stop()
	if err := run(ctx, c); err != nil {
		fmt.Fprintln(os.Stderr, "copy:", err)
		os.Exit(1)
	}
}

type target struct {
	name, url string
	cpu       func() (time.Duration, error)
}

type measure struct{ wall, cpu time.Duration }

func run(ctx context.Context, c config) error {
	tmp, err := os.MkdirTemp("", "zerodb-copy-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var targets []target
	if c.only != "postgres" {
		z, err := zerodbproc.StartIn(ctx, tmp, c.bin, strings.Fields(c.extra))
		if err != nil {
			return err
		}
		defer z.Stop()
		targets = append(targets, target{"zerodb", z.URL, func() (time.Duration, error) { return pgserver.ProcessCPU(z.Pid, false) }})
	}
	if c.only != "zerodb" {
		pg, err := pgserver.Start(ctx)
		if err != nil {
			return err
		}
		defer pg.Stop()
		targets = append(targets, target{"postgres", pg.URL("postgres"), pg.CPU})
	}
	type load struct {
		name string
		fn   func(ctx context.Context, url string) error
	}
	var loads []load
	if c.scale > 0 {
		loads = append(loads, load{fmt.Sprintf("pgbench -i -s %d", c.scale), func(ctx context.Context, url string) error {
			out, err := exec.CommandContext(ctx, "pgbench", "-i", "-q", "-s", strconv.Itoa(c.scale), url).CombinedOutput()
			if err != nil {
				return fmt.Errorf("%v\n%s", err, out)
			}
			return nil
		}})
	}
	if c.docs > 0 {
		loads = append(loads, load{fmt.Sprintf("COPY of %d JSON documents", c.docs), func(ctx context.Context, url string) error {
			return copyDocs(ctx, url, c.docs)
		}})
	}
	results := map[string]map[string]measure{}
	for _, tg := range targets {
		results[tg.name] = map[string]measure{}
		for _, l := range loads {
			before, err := tg.cpu()
			if err != nil {
				return err
			}
			start := time.Now()
			if err := l.fn(ctx, tg.url); err != nil {
				return fmt.Errorf("%s: %s: %w", tg.name, l.name, err)
			}
			wall := time.Since(start)
			time.Sleep(200 * time.Millisecond) // let the postmaster reap its backends
			after, err := tg.cpu()
			if err != nil {
				return err
			}
			results[tg.name][l.name] = measure{wall, after - before}
		}
	}
	for _, l := range loads {
		fmt.Println(l.name)
		for _, tg := range targets {
			m := results[tg.name][l.name]
			fmt.Printf("%-10s %8.2f s wall %8.2f s server CPU\n", tg.name, m.wall.Seconds(), m.cpu.Seconds())
		}
		z, p := results["zerodb"][l.name], results["postgres"][l.name]
		if z.wall > 0 && p.wall > 0 {
			fmt.Printf("%-10s %8.2fx wall (PostgreSQL time / zerodb time) %8.2fx CPU\n", "ratio",
				p.wall.Seconds()/z.wall.Seconds(), p.cpu.Seconds()/max(z.cpu.Seconds(), 0.01))
		}
	}
	return nil
}

// copyDocs creates docs (doc jsonb) and copies n generated documents into
// it, streaming them so the client's memory stays small.
func copyDocs(ctx context.Context, url string, n int) error {
	conn, err := pgconn.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	if err := conn.Exec(ctx, "DROP TABLE IF EXISTS docs; CREATE TABLE docs (doc jsonb)").Close(); err != nil {
		return err
	}
	pr, pw := io.Pipe()
	go func() {
		var b []byte
		for i := 0; i < n; i++ {
			b = append(b, `{"id": `...)
			b = strconv.AppendInt(b, int64(i), 10)
			b = append(b, `, "name": "user `...)
			b = strconv.AppendInt(b, int64(i), 10)
			b = append(b, `", "tags": ["a", "b"], "score": `...)
			b = strconv.AppendInt(b, int64(i%1000), 10)
			b = append(b, ".5, \"active\": true}\n"...)
			if len(b) > 64<<10 {
				if _, err := pw.Write(b); err != nil {
					return
				}
				b = b[:0]
			}
		}
		_, _ = pw.Write(b)
		_ = pw.Close()
	}()
	tag, err := conn.CopyFrom(ctx, pr, "COPY docs FROM STDIN")
	_ = pr.Close()
	if err != nil {
		return err
	}
	if tag.RowsAffected() != int64(n) {
		return fmt.Errorf("copied %d rows, want %d", tag.RowsAffected(), n)
	}
	return nil
}
