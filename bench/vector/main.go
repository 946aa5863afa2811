// Command vector benchmarks the HNSW index of package vector through kv on
// disk: it generates clustered random vectors with a fixed seed, builds
// the index (reporting the build rate), reopens the store (the index is
// used as persisted, never rebuilt), then reports recall@k and queries per
// second at several ef_search values against the exact-scan rate.
//
//	go run ./bench/vector [-n 100000 -dims 128 -m 16 -efc 64]
//	go run ./bench/vector -sql [...]   # the same through a zerodb server and SQL
//
// Data: -clusters centres drawn uniformly from [-1, 1]^dims; each vector
// and each query is a random centre plus Gaussian noise of standard
// deviation -spread in every dimension. Queries come from the same
// mixture as the data but are not data points. The ground truth is a
// brute-force scan in memory.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/zerodb/zerodb/kv"
	"github.com/zerodb/zerodb/vector"
)

func main() {
	var (
		n        = flag.Int("n", 100000, "vectors to index")
		dims     = flag.Int("dims", 128, "dimensions")
		clusters = flag.Int("clusters", 0, "cluster centres (0: n/100, at least 10)")
		spread   = flag.Float64("spread", 0.15, "per-dimension standard deviation around a centre")
		m        = flag.Int("m", 16, "HNSW m")
		efc      = flag.Int("efc", 64, "HNSW ef_construction")
		efs      = flag.String("ef", "10,20,40,80,120,200", "ef_search values")
		k        = flag.Int("k", 10, "neighbours per query")
		nq       = flag.Int("queries", 500, "queries per ef_search value")
		nExact   = flag.Int("exact-queries", 20, "queries for the exact-scan rate")
		batch    = flag.Int("batch", 100, "inserts per transaction while building (0: CREATE INDEX's way, a vector.Builder in one transaction)")
		cacheMB  = flag.Int("cache-mb", 512, "vector cache size in MiB (0: no cache)")
		blockMB  = flag.Int("block-cache-mb", 0, "kv (Pebble) block cache size in MiB (0: kv's default)")
		dir      = flag.String("dir", "", "store directory (default: a temporary one, removed afterwards)")
		reuse    = flag.Bool("reuse", false, "with -dir: search the index already built there (same flags) instead of building")
		seed     = flag.Uint64("seed", 1, "data seed")
		cpuProf  = flag.String("cpuprofile", "", "write a CPU profile of the search phase to this file")
		bldProf  = flag.String("buildprofile", "", "write a CPU profile of the build phase to this file")
		sqlMode  = flag.Bool("sql", false, "measure through a zerodb server over the wire (pgvector's SQL) instead of the index alone")
		bin      = flag.String("zerodb", "", "with -sql: zerodb binary (default: build ./cmd/zerodb)")
	)
	flag.Parse()
	if *clusters == 0 {
		*clusters = max(*n/100, 10)
	}
	ctx := context.Background()
	if *dir == "" {
		d, err := os.MkdirTemp("", "zerodb-vector-bench-")
		check(err)
		defer os.RemoveAll(d)
		*dir = d
	}
	fmt.Printf("vector bench: n=%d dims=%d clusters=%d spread=%g m=%d ef_construction=%d k=%d queries=%d GOMAXPROCS=%d\n",
		*n, *dims, *clusters, *spread, *m, *efc, *k, *nq, runtime.GOMAXPROCS(0))

	data, queries := generate(*seed, *n, *nq, *dims, *clusters, *spread)
	if *sqlMode {
		check(runSQL(ctx, sqlParams{bin: *bin, m: *m, efc: *efc, k: *k, efList: parseEfs(*efs), nExact: *nExact,
			batch: *batch, data: data, queries: queries, truth: groundTruth(data, queries, *k)}))
		return
	}
	cfg := vector.Config{Dims: *dims, Metric: vector.MetricL2, M: *m, EfConstruction: *efc, Seed: *seed}
	prefix := []byte("\x01bench/vector/")

	// Build through kv on disk.
	kvOpts := kv.Options{CacheSize: int64(*blockMB) << 20}
	st, err := kv.Open(*dir, kvOpts)
	check(err)
	opts := vector.Options{}
	if *cacheMB > 0 {
		opts.Cache = vector.NewCache(int64(*cacheMB) << 20)
	}
	var ix *vector.Index
	if *dir != "" && *reuse {
		txn, err := st.Begin(ctx, kv.TxnOptions{ReadOnly: true})
		check(err)
		ix, _ = vector.Open(ctx, txn, prefix, opts)
		txn.Rollback()
	}
	built := ix != nil
	reused := built
	if !built {
		check(inTxn(ctx, st, func(txn kv.Txn) (err error) {
			ix, err = vector.Create(ctx, txn, prefix, cfg, opts)
			return err
		}))
	}
	if *bldProf != "" {
		f, err := os.Create(*bldProf)
		check(err)
		check(pprof.StartCPUProfile(f))
	}
	start := time.Now()
	last := start
	if !built && *batch <= 0 {
		check(inTxn(ctx, st, func(txn kv.Txn) error {
			b, err := ix.NewBuilder(ctx, txn, len(data))
			if err != nil {
				return err
			}
			for i, v := range data {
				if err := b.Add(uint64(i+1), v); err != nil {
					return err
				}
			}
			return b.Finish(ctx, txn)
		}))
		built = true
	}
	for i := 0; i < len(data) && !built; i += *batch {
		check(inTxn(ctx, st, func(txn kv.Txn) error {
			for j := i; j < min(i+*batch, len(data)); j++ {
				if err := ix.Insert(ctx, txn, uint64(j+1), data[j]); err != nil {
					return err
				}
			}
			return nil
		}))
		if time.Since(last) > 30*time.Second {
			last = time.Now()
			fmt.Fprintf(os.Stderr, "  built %d/%d (%.0f vectors/s)\n", i+*batch, len(data), float64(i+*batch)/time.Since(start).Seconds())
		}
	}
	build := time.Since(start)
	if *bldProf != "" {
		pprof.StopCPUProfile()
	}
	if *batch <= 0 && !reused {
		fmt.Printf("build: %d vectors in %.1fs = %.0f vectors/s (a Builder, one transaction)\n",
			len(data), build.Seconds(), float64(len(data))/build.Seconds())
	} else if reused {
		fmt.Printf("build: reusing the index in %s\n", *dir)
	} else {
		fmt.Printf("build: %d vectors in %.1fs = %.0f vectors/s (batches of %d per transaction)\n",
			len(data), build.Seconds(), float64(len(data))/build.Seconds(), *batch)
	}
	check(st.Close())
	fmt.Printf("store size on disk: %.1f MiB\n", float64(dirSize(*dir))/(1<<20))

	// Reopen: the index is read as persisted.
	st, err = kv.Open(*dir, kvOpts)
	check(err)
	defer st.Close()
	if *cacheMB > 0 {
		opts.Cache = vector.NewCache(int64(*cacheMB) << 20)
	}
	txn, err := st.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	check(err)
	ix, err = vector.Open(ctx, txn, prefix, opts)
	check(err)
	count, err := ix.Count(ctx, txn)
	check(err)
	txn.Rollback()
	fmt.Printf("reopened: %d vectors indexed, no rebuild\n", count)

	// Ground truth, brute force in memory.
	start = time.Now()
	truth := groundTruth(data, queries, *k)
	mem := time.Since(start)
	fmt.Printf("exact in memory (ground truth): %.1f queries/s\n", float64(len(queries))/mem.Seconds())

	// Exact scan through kv: the rate of a query without the index. It is
	// measured before and after the HNSW runs and averaged, so that a
	// change of load on a shared machine skews the ratio less.
	exactRate := func() float64 {
		start := time.Now()
		ne := min(*nExact, len(queries))
		for i := range ne {
			res := search(ctx, st, func(txn kv.Txn) ([]vector.Result, error) {
				return ix.ExactSearch(ctx, txn, queries[i], *k, nil)
			})
			if r := recall(res, truth[i]); r != 1 {
				log.Fatalf("exact scan recall %.3f", r)
			}
		}
		return float64(ne) / time.Since(start).Seconds()
	}
	exact1 := exactRate()
	fmt.Printf("exact scan through kv: %.2f queries/s (%d queries)\n", exact1, min(*nExact, len(queries)))

	efList := parseEfs(*efs)
	// Warm the vector cache (and Pebble's block cache) once, at the
	// largest ef, so every ef_search value is measured alike.
	maxEf := 0
	for _, ef := range efList {
		maxEf = max(maxEf, ef)
	}
	start = time.Now()
	for _, q := range queries {
		search(ctx, st, func(txn kv.Txn) ([]vector.Result, error) { return ix.Search(ctx, txn, q, *k, maxEf, nil) })
	}
	fmt.Printf("warm-up pass at ef_search=%d: %.1fs\n", maxEf, time.Since(start).Seconds())

	if *cpuProf != "" {
		f, err := os.Create(*cpuProf)
		check(err)
		check(pprof.StartCPUProfile(f))
		defer pprof.StopCPUProfile()
	}
	type row struct {
		ef      int
		recall  float64
		qps     float64
		latency time.Duration
		lists   float64
		vecs    float64
		dists   float64
	}
	var rows []row
	for _, ef := range efList {
		var sum float64
		before := ix.Stats()
		start := time.Now()
		for i, q := range queries {
			res := search(ctx, st, func(txn kv.Txn) ([]vector.Result, error) { return ix.Search(ctx, txn, q, *k, ef, nil) })
			sum += recall(res, truth[i])
		}
		el := time.Since(start)
		after := ix.Stats()
		nq := float64(len(queries))
		rows = append(rows, row{ef, sum / nq, nq / el.Seconds(), el / time.Duration(len(queries)),
			float64(after.ListReads-before.ListReads) / nq, float64(after.VectorReads-before.VectorReads) / nq,
			float64(after.Distances-before.Distances) / nq})
	}
	exact2 := exactRate()
	exact := (exact1 + exact2) / 2
	fmt.Printf("exact scan through kv, again: %.2f queries/s; mean %.2f queries/s is the baseline\n", exact2, exact)
	fmt.Printf("%-10s %-10s %-12s %-10s %-9s %-18s %s\n", "ef_search", "recall@"+strconv.Itoa(*k), "queries/s", "latency", "vs exact", "kv reads/query", "distances/query")
	for _, r := range rows {
		fmt.Printf("%-10d %-10.4f %-12.1f %-10s %-9s %-18s %.0f\n", r.ef, r.recall, r.qps, r.latency.Round(time.Microsecond),
			fmt.Sprintf("%.1f×", r.qps/exact), fmt.Sprintf("%.0f lists %.1f vecs", r.lists, r.vecs), r.dists)
	}
	if opts.Cache != nil {
		cs := opts.Cache.Stats()
		fmt.Printf("vector cache: %d entries, %.1f MiB, %d hits, %d misses\n", cs.Entries, float64(cs.Bytes)/(1<<20), cs.Hits, cs.Misses)
	}
}

// groundTruth is the exact k nearest data vectors (ids i+1) of each query,
// by brute force in memory.
func groundTruth(data, queries [][]float32, k int) [][]vector.Result {
	ids := make([]uint64, len(data))
	for i := range ids {
		ids[i] = uint64(i + 1)
	}
	truth := make([][]vector.Result, len(queries))
	for i, q := range queries {
		var err error
		truth[i], err = vector.Exact(&vector.SliceSource{IDs: ids, Vecs: data}, vector.MetricL2, q, k, nil)
		check(err)
	}
	return truth
}

func parseEfs(s string) []int {
	var out []int
	for _, f := range strings.Split(s, ",") {
		ef, err := strconv.Atoi(strings.TrimSpace(f))
		check(err)
		out = append(out, ef)
	}
	return out
}

// search runs one query in its own read-only transaction, as a session's
// autocommit SELECT would.
func search(ctx context.Context, st kv.Store, f func(kv.Txn) ([]vector.Result, error)) []vector.Result {
	txn, err := st.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	check(err)
	defer txn.Rollback()
	res, err := f(txn)
	check(err)
	return res
}

func recall(got, want []vector.Result) float64 {
	in := make(map[uint64]bool, len(want))
	for _, r := range want {
		in[r.ID] = true
	}
	hit := 0
	for _, r := range got {
		if in[r.ID] {
			hit++
		}
	}
	return float64(hit) / float64(len(want))
}

func generate(seed uint64, n, nq, dims, clusters int, spread float64) (data, queries [][]float32) {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	centres := make([][]float32, clusters)
	for i := range centres {
		centres[i] = make([]float32, dims)
		for j := range centres[i] {
			centres[i][j] = float32(r.Float64()*2 - 1)
		}
	}
	draw := func(n int) [][]float32 {
		out := make([][]float32, n)
		for i := range out {
			c := centres[r.IntN(clusters)]
			v := make([]float32, dims)
			for j := range v {
				v[j] = c[j] + float32(r.NormFloat64()*spread)
			}
			out[i] = v
		}
		return out
	}
	return draw(n), draw(nq)
}

func inTxn(ctx context.Context, st kv.Store, f func(kv.Txn) error) error {
	txn, err := st.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		return err
	}
	defer txn.Rollback()
	if err := f(txn); err != nil {
		return err
	}
	return txn.Commit(ctx)
}

func dirSize(dir string) int64 {
	var total int64
	_ = filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			total += info.Size()
		}
		return nil
	})
	return total
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
