package stats

import (
	"cmp"
	"math"
	"slices"
	"sync"
	"time"
)

// Queries are pg_stat_statements' counters: per role, database and
// statement (its text with the constants of a plan-cached statement
// replaced by $n, as the plan cache keys it), how often it ran to
// completion, for how long and for how many rows. Failed statements
// are not counted, as in PostgreSQL. A statement costs one lookup under
// the registry's lock and one under its entry's: no allocation but for a
// statement seen for the first time.
type Queries struct {
	mu      sync.Mutex
	m       map[QueryKey]*Query
	max     int
	dealloc int64
	resetAt time.Time
}

// QueryKey identifies a statement's counters.
type QueryKey struct {
	User     string
	Database uint64
	ID       int64 // the query id: a hash of the text (QueryID)
}

// Query is one statement's counters.
type Query struct {
	Key  QueryKey
	Text string

	mu                 sync.Mutex
	calls, rows        int64
	total, least, most float64 // milliseconds
	mean, sumSquares   float64 // Welford's running mean and sum of squared deviations
}

// QueryStats is a copy of a Query's counters (times in milliseconds).
type QueryStats struct {
	Key                        QueryKey
	Text                       string
	Calls, Rows                int64
	Total, Min, Max, Mean, Std float64
}

// maxQueries is pg_stat_statements.max's default: past it the least
// called statements make room, 5% at a time, as PostgreSQL's do.
const maxQueries = 5000

func newQueries() *Queries {
	return &Queries{m: make(map[QueryKey]*Query), max: maxQueries}
}

// QueryID is the query id of a statement's text: FNV-1a, 64 bits, as a
// signed integer as PostgreSQL's queryid is.
func QueryID(text string) int64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(text); i++ {
		h ^= uint64(text[i])
		h *= 1099511628211
	}
	return int64(h)
}

// Record counts one completed run of the statement text (whose id is
// k.ID) that took d and returned or changed rows rows.
func (q *Queries) Record(k QueryKey, text string, d time.Duration, rows int64) {
	q.mu.Lock()
	e := q.m[k]
	if e == nil {
		if len(q.m) >= q.max {
			q.evictLocked()
		}
		e = &Query{Key: k, Text: text}
		q.m[k] = e
	}
	q.mu.Unlock()
	ms := float64(d) / float64(time.Millisecond)
	e.mu.Lock()
	e.calls++
	e.rows += rows
	e.total += ms
	if e.calls == 1 || ms < e.least {
		e.least = ms
	}
	if ms > e.most {
		e.most = ms
	}
	delta := ms - e.mean
	e.mean += delta / float64(e.calls)
	e.sumSquares += delta * (ms - e.mean)
	e.mu.Unlock()
}

// evictLocked drops the 5% least called statements.
func (q *Queries) evictLocked() {
	type counted struct {
		k     QueryKey
		calls int64
	}
	all := make([]counted, 0, len(q.m))
	for k, e := range q.m {
		e.mu.Lock()
		all = append(all, counted{k, e.calls})
		e.mu.Unlock()
	}
	slices.SortFunc(all, func(a, b counted) int { return cmp.Compare(a.calls, b.calls) })
	for _, c := range all[:max(1, len(all)/20)] {
		delete(q.m, c.k)
	}
	q.dealloc++
}

// All returns a copy of every statement's counters.
func (q *Queries) All() []QueryStats {
	q.mu.Lock()
	all := make([]*Query, 0, len(q.m))
	for _, e := range q.m {
		all = append(all, e)
	}
	q.mu.Unlock()
	out := make([]QueryStats, 0, len(all))
	for _, e := range all {
		e.mu.Lock()
		s := QueryStats{Key: e.Key, Text: e.Text, Calls: e.calls, Rows: e.rows, Total: e.total, Min: e.least, Max: e.most, Mean: e.mean}
		if e.calls > 0 {
			// PostgreSQL's stddev_exec_time is the population's.
			s.Std = math.Sqrt(e.sumSquares / float64(e.calls))
		}
		e.mu.Unlock()
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b QueryStats) int { return cmp.Compare(a.Key.ID, b.Key.ID) })
	return out
}

// Reset drops the counters of the statements drop selects (all when
// drop is nil, which also restarts Info's count), as
// pg_stat_statements_reset does.
func (q *Queries) Reset(drop func(QueryKey) bool, now time.Time) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if drop == nil {
		clear(q.m)
		q.dealloc = 0
		q.resetAt = now
		return
	}
	for k := range q.m {
		if drop(k) {
			delete(q.m, k)
		}
	}
}

// Info is pg_stat_statements_info: how many times entries were evicted,
// and when every counter was last reset (zero: never).
func (q *Queries) Info() (dealloc int64, resetAt time.Time) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.dealloc, q.resetAt
}
