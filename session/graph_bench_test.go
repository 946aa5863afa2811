package session

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// graphSetup makes persons 0..n-1 and n*degree random knows edges, in
// statements of at most 5000 records (bench/graph's shape, smaller).
func graphSetup(n, degree int) []string {
	out := []string{"table::create(@persons)", "edge::create(@knows, { from: persons, to: persons })"}
	var sb strings.Builder
	add := func(table string, count int, rec func(i int) string) {
		for lo := 0; lo < count; lo += 5000 {
			sb.Reset()
			sb.WriteString(table + "::add([")
			for i := lo; i < min(lo+5000, count); i++ {
				if i > lo {
					sb.WriteByte(',')
				}
				sb.WriteString(rec(i))
			}
			sb.WriteString("]) |> count")
			out = append(out, sb.String())
		}
	}
	add("persons", n, func(i int) string { return fmt.Sprintf("{id:persons.@%d,age:%d}", i, 18+(i*7)%63) })
	add("knows", n*degree, func(i int) string {
		return fmt.Sprintf("{in:persons.@%d,out:persons.@%d}", i/degree, (i*7919+104729)%n)
	})
	return out
}

// BenchmarkSessionGraph is the server's side of bench/graph's traversals
// (simple protocol, no socket) on 5000 vertices and 50000 edges, with the
// adjacency cache and without: after the first round every vertex's
// expansion is cached, which is what a hot graph looks like.
func BenchmarkSessionGraph(b *testing.B) {
	ctx := context.Background()
	const n, degree = 5000, 10
	setup := graphSetup(n, degree)
	for _, cache := range []struct {
		name  string
		bytes int64
	}{{"cached", 0}, {"uncached", -1}} {
		db, err := Open(ctx, Options{Memory: true, GraphCacheBytes: cache.bytes})
		if err != nil {
			b.Fatal(err)
		}
		s, err := db.EmbeddedSession(ctx, "")
		if err != nil {
			b.Fatal(err)
		}
		for _, q := range setup {
			if err := s.Query(ctx, q, discardWriter{}); err != nil {
				b.Fatal(err)
			}
		}
		for _, w := range []struct{ name, text string }{
			{"1-hop", "persons.@%d -> knows -> *"},
			{"2-hop", "persons.@%d -> knows -> * -> knows -> * |> distinct"},
			{"filtered-2-hop", "persons.@%d -> knows -> * -> knows -> persons[.age > 60] |> distinct"},
		} {
			b.Run(cache.name+"/"+w.name, func(b *testing.B) {
				b.ReportAllocs()
				k := 0
				cpu0 := processCPU()
				for b.Loop() {
					if err := s.Query(ctx, fmt.Sprintf(w.text, (k*31)%n), discardWriter{}); err != nil {
						b.Fatal(err)
					}
					k++
				}
				b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
			})
		}
		db.Close()
	}
}

// BenchmarkSessionGraphLarge is BenchmarkSessionGraph on bench/graph's
// size (100000 persons, a million edges), warmed as the server warms
// after a bulk load: its adjacency cache is over 100 MiB, so lookups
// miss the CPU's caches as they do in the server. It reports the
// adjacency cache's misses per query, which a warmed graph should not
// have.
func BenchmarkSessionGraphLarge(b *testing.B) {
	ctx := context.Background()
	const n, degree = 100000, 10
	db, err := Open(ctx, Options{Memory: true, GraphCacheBytes: 256 << 20})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	s, err := db.EmbeddedSession(ctx, "")
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range graphSetup(n, degree) {
		if err := s.Query(ctx, q, discardWriter{}); err != nil {
			b.Fatal(err)
		}
	}
	// The warm-up pass the server's warmer makes after a load, made
	// here and now: the background one would make it at some point
	// during the measurements.
	db.stopBackground()
	<-db.background
	c := db.exec.GraphCache
	if err := db.warmGraphOnce(ctx, c); err != nil {
		b.Fatal(err)
	}
	for _, w := range []struct{ name, text string }{
		{"1-hop", "persons.@%d -> knows -> *"},
		{"2-hop", "persons.@%d -> knows -> * -> knows -> * |> distinct"},
		{"filtered-2-hop", "persons.@%d -> knows -> * -> knows -> persons[.age > 60] |> distinct"},
	} {
		b.Run("cached/"+w.name, func(b *testing.B) {
			b.ReportAllocs()
			k := 0
			before := c.Stats().Misses
			ev := newCacheEvictor()
			cpu0 := processCPU()
			for b.Loop() {
				ev.evict()
				// A stride through all vertices, so that queries do not
				// find each other's data in the CPU's caches.
				if err := s.Query(ctx, fmt.Sprintf(w.text, (k*7919)%n), discardWriter{}); err != nil {
					b.Fatal(err)
				}
				k++
			}
			b.ReportMetric(ev.cpuPerOp(cpu0, b.N), "cpu-ns/op")
			b.ReportMetric(float64(c.Stats().Misses-before)/float64(b.N), "misses/op")
		})
	}
}

// evictMiB makes the benchmarks that use a cacheEvictor walk that many
// MiB between operations. A server's query runs after the client and the
// kernel's network stack have had the core, its caches full of their
// data: with 1 MiB walked between them, bench/sql's AND cost 11.8–17.4
// µs of CPU in process against 8.1–9.8 µs in a loop that finds in the
// caches all the last query left, closer to what a server pays (the
// 2-hop, whose stride through the graph already misses, hardly moved).
var evictMiB = flag.Int("evict-mib", 0, "walk this many MiB between benchmark operations, to run them with cold CPU caches as a server's queries do")

// cacheEvictor walks its buffer between a benchmark's operations
// (evictMiB) and keeps the time that took, to leave out of cpu-ns/op. A
// nil one does nothing.
type cacheEvictor struct {
	buf   []byte
	spent time.Duration
}

func newCacheEvictor() *cacheEvictor {
	if *evictMiB <= 0 {
		return nil
	}
	return &cacheEvictor{buf: make([]byte, *evictMiB<<20)}
}

func (e *cacheEvictor) evict() {
	if e == nil {
		return
	}
	// The walk's own CPU time, not its wall time: on a loaded machine the
	// walk waits for a core too, and subtracting that wait made cpu-ns/op
	// too small (even negative).
	runtime.LockOSThread()
	t0 := threadCPU()
	for i := 0; i < len(e.buf); i += 64 {
		e.buf[i]++
	}
	e.spent += threadCPU() - t0
	runtime.UnlockOSThread()
}

// threadCPU is the CPU time the calling thread has used.
func threadCPU() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}

// cpuPerOp is the process's CPU time since cpu0 per operation, less the
// evictor's walks.
func (e *cacheEvictor) cpuPerOp(cpu0 time.Duration, n int) float64 {
	spent := time.Duration(0)
	if e != nil {
		spent = e.spent
	}
	return float64(processCPU()-cpu0-spent) / float64(n)
}

// processCPU is the CPU time the process has used: per operation it
// holds on a loaded machine, where ns/op is mostly waiting for a core.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
