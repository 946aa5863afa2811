// Command pgbench runs the same pgbench script against zerodb and against
// a PostgreSQL started in the same run, and prints both throughputs,
// their ratio, and each server's CPU time per transaction (zerodb's
// process; PostgreSQL's postmaster and the backends of the run).
//
//	go run ./bench/pgbench [-zerodb bin/zerodb] [-mode simple] [-c 2] [-j 2] [-T 10s] [-rounds 2] [-rows 10000] [-script file] [-only zerodb|postgres] [-unix]
//
// Each workload runs -T per server, in -rounds turns with the servers
// alternating (zerodb, PostgreSQL, zerodb, ...), so that the machine's
// drift over the run lands on both.
//
// Both servers get a table kv (k bigint PRIMARY KEY, v text NOT NULL)
// holding rows 1..rows. The default script is a point read,
//
//	\set k random(1, :rows)
//	SELECT v FROM kv WHERE k = :k;
//
// -script names another pgbench script file (its :rows variable is set).
//
// -builtin runs pgbench's own workloads instead: each server is loaded
// by `pgbench -i -s <scale>` (its CREATE TABLE, TRUNCATE, COPY, VACUUM
// and ALTER TABLE ADD PRIMARY KEY), then each listed built-in script
// runs, with --max-tries so that serialization failures are retried as
// PostgreSQL's own serializable isolation needs (zerodb's optimistic
// transactions report conflicts as 40001 at COMMIT). The issue's
// benchmark is
//
//	go run ./bench/pgbench -builtin select-only,tpcb-like -scale 10 -c 2 -j 2 -mode prepared
//
// -zerodb-flags passes extra flags to `zerodb start`, for example
// "--pprof-listen 127.0.0.1:6060" to profile the server during the run.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zerodb/zerodb/internal/pgserver"
	"github.com/zerodb/zerodb/internal/zerodbproc"
)

type config struct {
	bin, extra, mode, script, only string
	builtin                        string
	clients, threads, rows         int
	scale, maxTries, rounds        int
	duration                       time.Duration
	unix                           bool // connect over the Unix sockets
}

func main() {
	var c config
	flag.StringVar(&c.bin, "zerodb", "", "zerodb binary (default: build one)")
	flag.StringVar(&c.extra, "zerodb-flags", "", "extra flags for zerodb start, space-separated (e.g. --pprof-listen 127.0.0.1:6060)")
	flag.StringVar(&c.mode, "mode", "simple", "pgbench query mode: simple, extended or prepared")
	flag.StringVar(&c.script, "script", "", "pgbench script file (default: a point read on kv)")
	flag.StringVar(&c.only, "only", "", "run against one server only: zerodb or postgres")
	flag.IntVar(&c.clients, "c", 2, "pgbench clients")
	flag.IntVar(&c.threads, "j", 2, "pgbench threads")
	flag.IntVar(&c.rows, "rows", 10000, "rows in kv")
	flag.StringVar(&c.builtin, "builtin", "", "comma-separated pgbench built-in scripts (select-only, tpcb-like, simple-update) on a pgbench -i database instead of -script")
	flag.IntVar(&c.scale, "scale", 10, "pgbench -i scale factor for -builtin")
	flag.IntVar(&c.maxTries, "max-tries", 100, "pgbench --max-tries for -builtin (serialization failures are retried)")
	flag.DurationVar(&c.duration, "T", 10*time.Second, "duration of each workload per server")
	flag.IntVar(&c.rounds, "rounds", 2, "turns per server and workload, the servers alternating, each -T/rounds (whole seconds)")
	flag.BoolVar(&c.unix, "unix", false, "connect to both servers over their Unix sockets (pgbench's default on the server's machine) instead of TCP on loopback")
	flag.Parse()
	if c.rounds < 1 || c.duration/time.Duration(max(c.rounds, 1)) < time.Second {
		fmt.Fprintln(os.Stderr, "pgbench: -rounds must be at least 1, and -T/rounds at least a second")
		os.Exit(2)
	}
	ctx, stop := pgserver.Interruptible()
	defer stop()
	if err := run(ctx, c); err != nil {
		fmt.Fprintln(os.Stderr, "pgbench:", err)
		os.Exit(1)
	}
}

const defaultScript = "\\set k random(1, :rows)\nSELECT v FROM kv WHERE k = :k;\n"

func run(ctx context.Context, c config) error {
	if _, err := exec.LookPath("pgbench"); err != nil {
		return fmt.Errorf("pgbench is not installed (Debian package postgresql-client): %w", err)
	}
	tmp, err := os.MkdirTemp("", "zerodb-pgbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	script := c.script
	if script == "" {
		script = filepath.Join(tmp, "point-read.sql")
		if err := os.WriteFile(script, []byte(defaultScript), 0o644); err != nil {
			return err
		}
	}

	type target struct {
		name, url string
		cpu       func() (time.Duration, error) // the server's CPU time so far
	}
	var targets []target
	if c.only != "postgres" {
		bin := c.bin
		z, err := zerodbproc.StartIn(ctx, tmp, bin, strings.Fields(c.extra))
		if err != nil {
			return err
		}
		defer z.Stop()
		url := z.URL
		if c.unix {
			url = z.SocketURL
		}
		targets = append(targets, target{"zerodb", url, func() (time.Duration, error) { return pgserver.ProcessCPU(z.Pid, false) }})
	}
	if c.only != "zerodb" {
		pg, err := pgserver.Start(ctx)
		if err != nil {
			return err
		}
		defer pg.Stop()
		url := pg.URL("postgres")
		if c.unix {
			url = pg.SocketURL("postgres")
		}
		targets = append(targets, target{"postgres", url, pg.CPU})
	}

	// A workload is a custom script (-script, or the point read) or a
	// built-in one: its pgbench arguments besides the common ones.
	type workload struct{ name, title string }
	workloads := []workload{{"", scriptName(c.script)}}
	if c.builtin != "" {
		workloads = workloads[:0]
		for _, b := range strings.Split(c.builtin, ",") {
			workloads = append(workloads, workload{b, fmt.Sprintf("-b %s, scale %d, --max-tries=%d", b, c.scale, c.maxTries)})
		}
	}
	type result struct {
		tps, failed float64
		cpu         time.Duration
	}
	results := map[string]map[string]result{}
	for _, tg := range targets {
		start := time.Now()
		if c.builtin != "" {
			if err := initPgbench(ctx, tg.url, c.scale); err != nil {
				return fmt.Errorf("%s: pgbench -i: %w", tg.name, err)
			}
			fmt.Printf("%-10s pgbench -i -s %d took %.1f s\n", tg.name, c.scale, time.Since(start).Seconds())
			// A bulk load leaves work behind (zerodb: Pebble's compactions
			// of the new data; PostgreSQL: its checkpoint): measure each
			// server once it has settled, as a long-running one would be.
			if err := pgserver.Settle(ctx, tg.cpu); err != nil {
				return err
			}
		} else if err := load(ctx, tg.url, c.rows); err != nil {
			return fmt.Errorf("%s: load: %w", tg.name, err)
		}
		results[tg.name] = map[string]result{}
	}
	// Each workload runs in -rounds turns per server, the servers
	// alternating, each turn a share of -T: this machine's speed drifts
	// by tens of percent over a minute, and a drift then lands on both
	// servers instead of on whichever ran during it.
	turn := c.duration / time.Duration(c.rounds)
	for _, w := range workloads {
		var args []string
		if w.name == "" {
			args = []string{"-n", "-D", "rows=" + strconv.Itoa(c.rows), "-f", script}
		} else {
			// pgbench's own start (VACUUM of branches and tellers,
			// TRUNCATE of history), as its users run it.
			args = []string{"-b", w.name, "--max-tries=" + strconv.Itoa(c.maxTries)}
		}
		for range c.rounds {
			for _, tg := range targets {
				before, err := tg.cpu()
				if err != nil {
					return err
				}
				t, failed, err := pgbench(ctx, tg.url, args, c, turn)
				if err != nil {
					return fmt.Errorf("%s: %w", tg.name, err)
				}
				time.Sleep(200 * time.Millisecond) // let the postmaster reap its backends
				after, err := tg.cpu()
				if err != nil {
					return err
				}
				r := results[tg.name][w.name]
				share := 1 / float64(c.rounds)
				r.tps += t * share
				r.failed += failed * share
				r.cpu += after - before
				results[tg.name][w.name] = r
			}
		}
	}
	for _, w := range workloads {
		fmt.Printf("pgbench -M %s -c %d -j %d -T %s in %d turns per server, %s\n", c.mode, c.clients, c.threads, c.duration, c.rounds, w.title)
		for _, tg := range targets {
			r := results[tg.name][w.name]
			perTxn := float64(r.cpu.Microseconds()) / (r.tps * turn.Seconds() * float64(c.rounds))
			fmt.Printf("%-10s %10.0f tps %8.1f µs server CPU per transaction %6.2f%% failed\n", tg.name, r.tps, perTxn, r.failed)
		}
		if z, p := results["zerodb"][w.name].tps, results["postgres"][w.name].tps; z > 0 && p > 0 {
			fmt.Printf("%-10s %10.2fx\n", "ratio", z/p)
		}
	}
	return nil
}

// initPgbench loads pgbench's tables with pgbench -i.
func initPgbench(ctx context.Context, url string, scale int) error {
	out, err := exec.CommandContext(ctx, "pgbench", "-i", "-q", "-s", strconv.Itoa(scale), url).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%v\n%s", err, out)
	}
	return nil
}

func scriptName(s string) string {
	if s == "" {
		return "point read (SELECT v FROM kv WHERE k = :k)"
	}
	return s
}

// load creates kv and fills it with rows 1..n.
func load(ctx context.Context, url string, n int) error {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return err
	}
	cfg.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE TABLE kv (k bigint PRIMARY KEY, v text NOT NULL)"); err != nil {
		return err
	}
	const batch = 500
	for lo := 1; lo <= n; lo += batch {
		var b strings.Builder
		b.WriteString("INSERT INTO kv VALUES ")
		for k := lo; k < lo+batch && k <= n; k++ {
			if k > lo {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "(%d, 'value %d')", k, k)
		}
		if _, err := conn.Exec(ctx, b.String()); err != nil {
			return err
		}
	}
	return nil
}

var (
	tpsLine    = regexp.MustCompile(`tps = ([0-9.]+) \(without initial connection time\)`)
	failedLine = regexp.MustCompile(`number of failed transactions: [0-9]+ \(([0-9.]+)%\)`)
)

// pgbench runs a workload (script arguments) and returns its tps and the
// percentage of transactions that failed (after their retries).
func pgbench(ctx context.Context, url string, script []string, c config, d time.Duration) (tps, failed float64, err error) {
	args := append([]string{"-M", c.mode, "-c", strconv.Itoa(c.clients), "-j", strconv.Itoa(c.threads),
		"-T", strconv.Itoa(int(d.Seconds()))}, script...)
	out, err := exec.CommandContext(ctx, "pgbench", append(args, url)...).CombinedOutput()
	if err != nil {
		return 0, 0, fmt.Errorf("pgbench: %v\n%s", err, out)
	}
	m := tpsLine.FindSubmatch(out)
	if m == nil {
		return 0, 0, fmt.Errorf("pgbench printed no tps:\n%s", out)
	}
	if tps, err = strconv.ParseFloat(string(m[1]), 64); err != nil {
		return 0, 0, err
	}
	if m := failedLine.FindSubmatch(out); m != nil {
		failed, _ = strconv.ParseFloat(string(m[1]), 64)
	}
	return tps, failed, nil
}
