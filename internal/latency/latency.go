package latency

import (
	"fmt"
	"slices"
	"sync"
	"time"
)

// Result is the throughput and latency percentiles of a run.
type Result struct {
	OpsPerSec float64
	P50, P99  time.Duration
}

// String is "<p50>/<p99>".
func (r Result) String() string { return fmt.Sprintf("%v/%v", r.P50, r.P99) }

// Run calls op n times on each of clients goroutines (op gets the client's
// index and the call's) and measures each call. The first error stops
// the run and is returned.
func Run(clients, n int, op func(client, i int) error) (Result, error) {
	if clients <= 0 || n <= 0 {
		return Result{}, fmt.Errorf("latency: %d clients × %d operations", clients, n)
	}
	lat := make([][]time.Duration, clients)
	errc := make(chan error, clients)
	var wg sync.WaitGroup
	start := time.Now()
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l := make([]time.Duration, 0, n)
			for i := range n {
				t0 := time.Now()
				if err := op(c, i); err != nil {
					errc <- err
					return
				}
				l = append(l, time.Since(t0))
			}
			lat[c] = l
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(errc)
	if err := <-errc; err != nil {
		return Result{}, err
	}
	all := slices.Concat(lat...)
	slices.Sort(all)
	return Result{
		OpsPerSec: float64(len(all)) / elapsed.Seconds(),
		P50:       all[len(all)/2].Round(time.Microsecond),
		P99:       all[len(all)*99/100].Round(time.Microsecond),
	}, nil
}
