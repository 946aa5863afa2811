package vector

import (
	"cmp"
	"math"
	"slices"
)

// Result is one neighbour found by a search: an id and its distance under
// the index's or the call's metric (pgvector's operator value).
type Result struct {
	ID       uint64
	Distance float64
}

// Filter decides whether an id may be returned. A search calls it at most
// once per id, and only for ids near enough to enter its candidate list
// (Exact: its result). An error ends the search and is returned as is.
type Filter func(id uint64) (bool, error)

// less orders results by distance (NaN after every number, as PostgreSQL
// sorts float NaN), then by id, so that every search is deterministic.
func less(a, b Result) bool {
	an, bn := math.IsNaN(a.Distance), math.IsNaN(b.Distance)
	switch {
	case an != bn:
		return bn
	case !an && a.Distance != b.Distance:
		return a.Distance < b.Distance
	}
	return a.ID < b.ID
}

func compareResults(a, b Result) int {
	if less(a, b) {
		return -1
	}
	if less(b, a) {
		return 1
	}
	return cmp.Compare(a.ID, b.ID)
}

// TopK keeps the k smallest results pushed into it, in a bounded max-heap.
// The zero value is not usable; use NewTopK.
type TopK struct {
	k int
	h []Result // max-heap under less: h[0] is the worst kept
}

// NewTopK returns an empty TopK for k ≥ 0 results.
func NewTopK(k int) *TopK {
	return &TopK{k: max(k, 0), h: make([]Result, 0, min(max(k, 0), 1024))}
}

// Len is the number of results kept (at most k).
func (t *TopK) Len() int { return len(t.h) }

// Full reports whether k results are kept.
func (t *TopK) Full() bool { return len(t.h) >= t.k }

// Worst returns the worst kept result; ok is false when none is kept.
func (t *TopK) Worst() (r Result, ok bool) {
	if len(t.h) == 0 {
		return Result{}, false
	}
	return t.h[0], true
}

// Admits reports whether a result with this distance and id would be kept.
func (t *TopK) Admits(id uint64, dist float64) bool {
	if len(t.h) < t.k {
		return true
	}
	return t.k > 0 && less(Result{id, dist}, t.h[0])
}

// Push offers a result and reports whether it was kept.
func (t *TopK) Push(id uint64, dist float64) bool {
	r := Result{id, dist}
	if len(t.h) < t.k {
		t.h = append(t.h, r)
		t.up(len(t.h) - 1)
		return true
	}
	if t.k == 0 || !less(r, t.h[0]) {
		return false
	}
	t.h[0] = r
	t.down(0)
	return true
}

// Results returns the kept results, nearest first (ties by id), and
// empties t.
func (t *TopK) Results() []Result {
	out := t.h
	t.h = nil
	slices.SortFunc(out, compareResults)
	return out
}

func (t *TopK) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !less(t.h[p], t.h[i]) {
			return
		}
		t.h[p], t.h[i] = t.h[i], t.h[p]
		i = p
	}
}

func (t *TopK) down(i int) {
	n := len(t.h)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		big := l
		if r := l + 1; r < n && less(t.h[l], t.h[r]) {
			big = r
		}
		if !less(t.h[i], t.h[big]) {
			return
		}
		t.h[i], t.h[big] = t.h[big], t.h[i]
		i = big
	}
}

// Source is a stream of (id, vector) pairs for Exact. Vector's slice needs
// to stay valid only until the next call to Next.
type Source interface {
	Next() bool
	ID() uint64
	Vector() []float32
	Err() error
}

// Exact returns the k nearest vectors of src to query under m, nearest
// first, ties broken by id; filter (nil: everything) is consulted only for
// vectors that would make the result. A vector whose length differs from
// the query's is an error (22000), as in pgvector.
func Exact(src Source, m Metric, query []float32, k int, filter Filter) ([]Result, error) {
	if !m.valid() {
		_, err := Distance(m, query, query)
		return nil, err
	}
	top := NewTopK(k)
	for src.Next() {
		v := src.Vector()
		d, err := Distance(m, query, v)
		if err != nil {
			return nil, err
		}
		id := src.ID()
		if !top.Admits(id, d) {
			continue
		}
		if filter != nil {
			ok, err := filter(id)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
		}
		top.Push(id, d)
	}
	if err := src.Err(); err != nil {
		return nil, err
	}
	return top.Results(), nil
}

// SliceSource is a Source over parallel slices of ids and vectors.
type SliceSource struct {
	IDs  []uint64
	Vecs [][]float32
	i    int
}

// Next implements Source.
func (s *SliceSource) Next() bool {
	if s.i >= len(s.IDs) {
		return false
	}
	s.i++
	return true
}

// ID implements Source.
func (s *SliceSource) ID() uint64 { return s.IDs[s.i-1] }

// Vector implements Source.
func (s *SliceSource) Vector() []float32 { return s.Vecs[s.i-1] }

// Err implements Source.
func (s *SliceSource) Err() error { return nil }
