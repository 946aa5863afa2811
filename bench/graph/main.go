// Command graph compares graph traversals in zerodb (ZQL arrow chains and
// shortest_path over adjacency entries) with the same data in PostgreSQL
// 15 queried with joins and WITH RECURSIVE, started in the same run.
//
//	go run ./bench/graph [-vertices 100000] [-edges 1000000] [-queries 200] [-block 20] [-only 2-hop] [-unix] [-zerodb bin/zerodb] [-zerodb-flags "--pprof-listen 127.0.0.1:6060"]
//
// The social graph is generated from a fixed seed: every vertex a person
// with an age, every edge `knows` from a uniformly random person to
// another. Both servers get the same data (zerodb by batched ZQL inserts
// of 10000 records per statement, PostgreSQL by COPY with indexes on both
// edge ends) and the same random start vertices. Workloads:
//
//   - 1-hop: the people a person knows;
//   - 2-hop and 3-hop: the distinct people reached in exactly 2 / 3 steps
//     (paths, as joins compute them);
//   - filtered 2-hop: 2-hop restricted to people older than 60;
//   - shortest path between random pairs: zerodb's shortest_path (a
//     bidirectional BFS yielding the path) against a breadth-first WITH
//     RECURSIVE that stops (LIMIT 1) at the first depth reaching the
//     target, yielding its distance;
//   - round trip: an empty statement (";") on both, always run. Its
//     zerodb mean bounds every ratio: the report ends with each
//     workload's best possible latency ratio on this machine,
//     PostgreSQL's mean over zerodb's round trip.
//
// Each query runs on one connection with the simple query protocol (over
// TCP on loopback, or with -unix over each server's Unix socket); the
// row counts of both servers are compared for every query. The servers
// take turns in blocks of -block queries (each block's start vertices
// go to zerodb, then the same to PostgreSQL): outside load still lands on
// both, while each runs a stretch of queries with its CPU caches holding
// its own working set, as a server on its own machine does. Alternating
// every query (-block 1) makes each evict the other's data from the
// caches the two share on a small machine between any two queries, which
// costs the one with the shorter queries most. It prints
// p50/p99 latencies, the ratio of PostgreSQL's mean latency to zerodb's
// (above 1: zerodb is faster), and each server's CPU time per query (the
// zerodb process's threads, PostgreSQL's backend; from schedstat, so the
// figure holds on a busy machine where latencies are mostly waiting)
// with its ratio.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zerodb/zerodb/internal/pgserver"
	"github.com/zerodb/zerodb/internal/zerodbproc"
)

type graphData struct {
	ages  []int
	edges [][2]int
}

func generate(vertices, edges int, seed uint64) *graphData {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	g := &graphData{ages: make([]int, vertices), edges: make([][2]int, 0, edges)}
	for i := range g.ages {
		g.ages[i] = 18 + rng.IntN(63)
	}
	for len(g.edges) < edges {
		a, b := rng.IntN(vertices), rng.IntN(vertices)
		if a != b {
			g.edges = append(g.edges, [2]int{a, b})
		}
	}
	return g
}

type workload struct {
	name   string
	n      int
	zerodb func(a, b int) string
	pg     func(a, b int) string
}

func main() {
	vertices := flag.Int("vertices", 100000, "people")
	edges := flag.Int("edges", 1000000, "knows edges")
	queries := flag.Int("queries", 200, "queries per workload (shortest paths: a tenth)")
	seed := flag.Uint64("seed", 1, "generator seed")
	bin := flag.String("zerodb", "", "zerodb binary (default: build one)")
	extra := flag.String("zerodb-flags", "", "extra flags for zerodb start, space-separated (e.g. --pprof-listen 127.0.0.1:6060)")
	only := flag.String("only", "", "run only the workloads whose names contain this")
	unix := flag.Bool("unix", false, "connect to both servers over their Unix sockets (psql's and pgbench's default on the server's machine) instead of TCP on loopback")
	block := flag.Int("block", 20, "queries each server runs in a row before the other runs the same ones (1: alternate every query)")
	flag.Parse()
	ctx, stop := pgserver.Interruptible()
	defer stop()
	if err := run(ctx, *bin, strings.Fields(*extra), *only, *vertices, *edges, *queries, max(1, *block), *seed, *unix); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, bin string, extra []string, only string, vertices, edges, queries, block int, seed uint64, unix bool) error {
	g := generate(vertices, edges, seed)
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

	zurl, purl := z.URL, pg.URL("postgres")
	if unix {
		zurl, purl = z.SocketURL, pg.SocketURL("postgres")
	}
	zc, err := connect(ctx, zurl)
	if err != nil {
		return err
	}
	defer zc.Close(ctx)
	pc, err := connect(ctx, purl)
	if err != nil {
		return err
	}
	defer pc.Close(ctx)

	t0 := time.Now()
	if err := loadZerodb(ctx, zc, g); err != nil {
		return fmt.Errorf("zerodb load: %w", err)
	}
	zload := time.Since(t0)
	t0 = time.Now()
	if err := loadPostgres(ctx, pc, g); err != nil {
		return fmt.Errorf("postgres load: %w", err)
	}
	pload := time.Since(t0)
	fmt.Printf("graph: %d vertices, %d edges (seed %d)\n", vertices, edges, seed)
	fmt.Printf("load: zerodb %v (%.0f edges/s), postgres %v (COPY + indexes)\n\n",
		zload.Round(time.Millisecond), float64(edges)/zload.Seconds(), pload.Round(time.Millisecond))

	paths := max(queries/10, 1)
	works := []workload{
		{"1-hop", queries,
			func(a, _ int) string { return fmt.Sprintf("persons.@%d -> knows -> *", a) },
			func(a, _ int) string { return fmt.Sprintf("SELECT dst FROM knows WHERE src = %d", a) }},
		{"2-hop", queries,
			func(a, _ int) string { return fmt.Sprintf("persons.@%d -> knows -> * -> knows -> * |> distinct", a) },
			func(a, _ int) string {
				return fmt.Sprintf("SELECT DISTINCT k2.dst FROM knows k1 JOIN knows k2 ON k2.src = k1.dst WHERE k1.src = %d", a)
			}},
		{"3-hop", queries,
			func(a, _ int) string {
				return fmt.Sprintf("persons.@%d -> knows -> * -> knows -> * -> knows -> * |> distinct", a)
			},
			func(a, _ int) string {
				return fmt.Sprintf("SELECT DISTINCT k3.dst FROM knows k1 JOIN knows k2 ON k2.src = k1.dst JOIN knows k3 ON k3.src = k2.dst WHERE k1.src = %d", a)
			}},
		{"filtered 2-hop", queries,
			func(a, _ int) string {
				return fmt.Sprintf("persons.@%d -> knows -> * -> knows -> persons[.age > 60] |> distinct", a)
			},
			func(a, _ int) string {
				return fmt.Sprintf("SELECT DISTINCT k2.dst FROM knows k1 JOIN knows k2 ON k2.src = k1.dst JOIN persons p ON p.id = k2.dst WHERE k1.src = %d AND p.age > 60", a)
			}},
		{"shortest path", paths,
			func(a, b int) string {
				return fmt.Sprintf("shortest_path(persons.@%d, persons.@%d, knows) |> count", a, b)
			},
			func(a, b int) string {
				return fmt.Sprintf("WITH RECURSIVE bfs(v, d) AS (SELECT %d, 0 UNION SELECT k.dst, b.d + 1 FROM bfs b JOIN knows k ON k.src = b.v WHERE b.d < 12) SELECT d + 1 FROM bfs WHERE v = %d LIMIT 1", a, b)
			}},
		// The round trip of an empty statement bounds every ratio: no
		// query, however fast, answers sooner than ";" (the bound
		// printed at the end); it runs last, on warm servers.
		{"round trip", queries,
			func(_, _ int) string { return ";" },
			func(_, _ int) string { return ";" }},
	}
	var backend int
	if err := pc.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&backend); err != nil {
		return err
	}
	// zerodb compacts in the background after the bulk load: measure the
	// queries only.
	if err := pgserver.Settle(ctx, func() (time.Duration, error) { return cpuTime(z.Pid), nil }); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(seed+1, seed+2))
	fmt.Printf("%-15s %7s %22s %22s %9s %20s %9s\n", "workload", "queries", "zerodb p50/p99", "postgres p50/p99", "pg/zerodb",
		"CPU/query zdb | pg", "pg/zerodb")
	zmeans := map[string]time.Duration{}
	pmeans := map[string]time.Duration{}
	for _, w := range works {
		if !strings.Contains(w.name, only) && w.name != "round trip" {
			continue
		}
		zl := make([]time.Duration, 0, w.n)
		pl := make([]time.Duration, 0, w.n)
		mismatches := 0
		var zcpu, pcpu time.Duration
		pairs := make([][2]int, w.n)
		for i := range pairs {
			pairs[i] = [2]int{rng.IntN(vertices), rng.IntN(vertices)}
		}
		for lo := 0; lo < len(pairs); lo += block {
			blk := pairs[lo:min(lo+block, len(pairs))]
			counts := make([]int, len(blk))
			c0 := cpuTime(z.Pid)
			for i, ab := range blk {
				n, d, err := timeQuery(ctx, zc, w.zerodb(ab[0], ab[1]), w.name == "shortest path")
				if err != nil {
					return fmt.Errorf("zerodb %s: %w", w.name, err)
				}
				counts[i] = n
				zl = append(zl, d)
			}
			zcpu += cpuTime(z.Pid) - c0
			c0 = cpuTime(backend)
			for i, ab := range blk {
				n, d, err := timeQuery(ctx, pc, w.pg(ab[0], ab[1]), w.name == "shortest path")
				if err != nil {
					return fmt.Errorf("postgres %s: %w", w.name, err)
				}
				if n != counts[i] {
					mismatches++
				}
				pl = append(pl, d)
			}
			pcpu += cpuTime(backend) - c0
		}
		zmeans[w.name], pmeans[w.name] = mean(zl), mean(pl)
		ratio := mean(pl).Seconds() / mean(zl).Seconds()
		note := ""
		if mismatches > 0 {
			note = fmt.Sprintf("  (%d results differ!)", mismatches)
		}
		per := func(d time.Duration) time.Duration { return (d / time.Duration(w.n)).Round(time.Microsecond) }
		fmt.Printf("%-15s %7d %22s %22s %8.2fx %20s %8.2fx%s\n", w.name, w.n, pct(zl), pct(pl), ratio,
			fmt.Sprintf("%v | %v", per(zcpu), per(pcpu)), pcpu.Seconds()/zcpu.Seconds(), note)
	}
	if rt, ok := zmeans["round trip"]; ok && rt > 0 {
		fmt.Printf("\nbound: no zerodb query answers sooner than its round trip (%v mean), so the best latency ratio this machine allows is\n", rt.Round(time.Microsecond))
		for _, w := range works {
			if pm, ok := pmeans[w.name]; ok && w.name != "round trip" {
				fmt.Printf("  %-15s %6.2fx  (PostgreSQL's mean %v / zerodb's round trip)\n", w.name, pm.Seconds()/rt.Seconds(), pm.Round(time.Microsecond))
			}
		}
	}
	return nil
}

// timeQuery runs q and returns its row count (or, for single-value
// queries, the value) and latency.
func timeQuery(ctx context.Context, c *pgx.Conn, q string, value bool) (int, time.Duration, error) {
	t0 := time.Now()
	rows, err := c.Query(ctx, q)
	if err != nil {
		return 0, 0, err
	}
	n := 0
	var v string
	for rows.Next() {
		n++
		if value {
			vals := rows.RawValues()
			if len(vals) > 0 && vals[0] != nil {
				v = string(vals[0])
			}
		}
	}
	rows.Close()
	d := time.Since(t0)
	if err := rows.Err(); err != nil {
		return 0, 0, fmt.Errorf("%s: %w", q, err)
	}
	if value {
		// A path of k vertices is k-1 edges away: both queries yield k
		// (zerodb counts the path's vertices, PostgreSQL's distance + 1);
		// no path is an empty or NULL result on both.
		n = 0
		if v != "" && v != "0" {
			fmt.Sscan(v, &n)
		}
	}
	return n, d, nil
}

func loadZerodb(ctx context.Context, c *pgx.Conn, g *graphData) error {
	for _, q := range []string{"table::create(@persons)", "edge::create(@knows, { from: persons, to: persons })"} {
		if _, err := c.Exec(ctx, q); err != nil {
			return err
		}
	}
	const batch = 10000
	var b strings.Builder
	for lo := 0; lo < len(g.ages); lo += batch {
		b.Reset()
		b.WriteString("persons::add([")
		for i := lo; i < min(lo+batch, len(g.ages)); i++ {
			if i > lo {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "{id:persons.@%d,age:%d}", i, g.ages[i])
		}
		b.WriteString("]) |> count")
		if _, err := c.Exec(ctx, b.String()); err != nil {
			return err
		}
	}
	for lo := 0; lo < len(g.edges); lo += batch {
		b.Reset()
		b.WriteString("knows::add([")
		for i := lo; i < min(lo+batch, len(g.edges)); i++ {
			if i > lo {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "{in:persons.@%d,out:persons.@%d}", g.edges[i][0], g.edges[i][1])
		}
		b.WriteString("]) |> count")
		if _, err := c.Exec(ctx, b.String()); err != nil {
			return err
		}
	}
	return nil
}

func loadPostgres(ctx context.Context, c *pgx.Conn, g *graphData) error {
	for _, q := range []string{
		"CREATE TABLE persons (id int PRIMARY KEY, age int NOT NULL)",
		"CREATE TABLE knows (src int NOT NULL, dst int NOT NULL)",
	} {
		if _, err := c.Exec(ctx, q); err != nil {
			return err
		}
	}
	_, err := c.CopyFrom(ctx, pgx.Identifier{"persons"}, []string{"id", "age"},
		pgx.CopyFromSlice(len(g.ages), func(i int) ([]any, error) { return []any{int32(i), int32(g.ages[i])}, nil }))
	if err != nil {
		return err
	}
	_, err = c.CopyFrom(ctx, pgx.Identifier{"knows"}, []string{"src", "dst"},
		pgx.CopyFromSlice(len(g.edges), func(i int) ([]any, error) {
			return []any{int32(g.edges[i][0]), int32(g.edges[i][1])}, nil
		}))
	if err != nil {
		return err
	}
	for _, q := range []string{
		"CREATE INDEX knows_src ON knows (src, dst)",
		"CREATE INDEX knows_dst ON knows (dst, src)",
		"ANALYZE",
	} {
		if _, err := c.Exec(ctx, q); err != nil {
			return err
		}
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

func mean(ds []time.Duration) time.Duration {
	var s time.Duration
	for _, d := range ds {
		s += d
	}
	return s / time.Duration(len(ds))
}

func pct(ds []time.Duration) string {
	s := slices.Clone(ds)
	slices.Sort(s)
	return fmt.Sprintf("%v/%v", s[len(s)/2].Round(time.Microsecond), s[len(s)*99/100].Round(time.Microsecond))
}

// cpuTime is the CPU time a process's threads have run so far, from
// /proc/<pid>/task/*/schedstat (nanoseconds on CPU); 0 when unreadable.
// Threads that exited are not counted, which the measured intervals
// (one query each) make negligible.
func cpuTime(pid int) time.Duration {
	dirs, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	if err != nil {
		return 0
	}
	var total time.Duration
	for _, d := range dirs {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/schedstat", pid, d.Name()))
		if err != nil {
			continue
		}
		f := strings.Fields(string(b))
		if len(f) == 0 {
			continue
		}
		ns, err := strconv.ParseInt(f[0], 10, 64)
		if err == nil {
			total += time.Duration(ns)
		}
	}
	return total
}
