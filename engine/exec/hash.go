package exec

import (
	"hash/maphash"
	"math"

	"github.com/zerodb/zerodb/engine/value"
)

// hashValues hashes a tuple of values consistently with value.Equal.
func hashValues(h *maphash.Hash, vs []value.Value) uint64 {
	h.Reset()
	for _, v := range vs {
		value.Hash(h, v)
	}
	return h.Sum64()
}

func equalValues(a, b []value.Value) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !equalValue(a[i], b[i]) {
			return false
		}
	}
	return true
}

func equalValue(a, b value.Value) bool {
	// jsonb's null and SQL NULL are different keys (GROUP BY, DISTINCT);
	// they hash alike, so only equality tells.
	return value.Equal(a, b) && a.IsJSONNull() == b.IsJSONNull()
}

// rowSet is a set of rows under value.Equal (DISTINCT, aggregate DISTINCT).
// Rows with one hash are chained through next rather than kept in a
// slice per hash: almost every hash has one row, and a slice each was an
// allocation per distinct row (a distinct traversal adds thousands).
// One-column rows keep their value itself (values are immutable), with
// no copy into a rowStore and no row slice; those of a number equal to
// an int64 go into a map keyed by the integer instead.
type rowSet struct {
	h     maphash.Hash
	first map[uint64]int32 // 1 + the index in rows (vals) of the last row added with the hash
	rows  [][]value.Value  // rows wider than one column
	vals  []value.Value    // one-column rows' values
	next  []int32          // next[i]: 1 + the index of the row added before rows[i] (vals[i]) with its hash; 0: none
	ints  map[int64]struct{}
}

// intOf returns the int64 a number equals, ok=false when it equals none
// (a fraction, beyond int64, not a number).
func intOf(v value.Value) (int64, bool) {
	switch v.Kind() {
	case value.KindInt:
		if v.Width() == value.U64 && v.AsUint64() > math.MaxInt64 {
			return 0, false
		}
		return v.AsInt(), true
	case value.KindFloat:
		f := v.AsFloat()
		if f != math.Trunc(f) || f < -(1<<63) || f >= 1<<63 {
			return 0, false
		}
		return int64(f), true
	case value.KindDecimal:
		i, err := v.AsDecimal().Int64()
		return i, err == nil
	}
	return 0, false
}

// distinctHint is the room the set of a DISTINCT starts with: a distinct
// traversal typically yields tens to hundreds of vertices, and growing
// through 1, 2, 4, ... was a third of adding them.
const distinctHint = 64

// newRowSet makes an empty set with room for about hint rows (0: grow
// from nothing, for the many small sets of an aggregate DISTINCT).
func newRowSet(r *run, hint int) *rowSet {
	s := &rowSet{first: make(map[uint64]int32, hint), next: make([]int32, 0, hint)}
	s.h.SetSeed(r.hashSeed())
	return s
}

// add inserts a copy of row (made with store) and reports whether it was new.
func (s *rowSet) add(row []value.Value, store *rowStore) bool {
	if len(row) == 1 {
		return s.addValue(row[0])
	}
	k := hashValues(&s.h, row)
	head := s.first[k]
	for i := head; i != 0; i = s.next[i-1] {
		if equalValues(s.rows[i-1], row) {
			return false
		}
	}
	s.rows = append(s.rows, store.copy(row))
	s.next = append(s.next, head)
	s.first[k] = int32(len(s.rows))
	return true
}

// addValue is add of the one-column row [v].
func (s *rowSet) addValue(v value.Value) bool {
	if k, ok := intOf(v); ok {
		// Numbers Equal to each other are all such or none is.
		if _, dup := s.ints[k]; dup {
			return false
		}
		if s.ints == nil {
			s.ints = make(map[int64]struct{}, cap(s.next))
		}
		s.ints[k] = struct{}{}
		return true
	}
	s.h.Reset()
	value.Hash(&s.h, v)
	k := s.h.Sum64()
	head := s.first[k]
	for i := head; i != 0; i = s.next[i-1] {
		if equalValue(s.vals[i-1], v) {
			return false
		}
	}
	if s.vals == nil {
		s.vals = make([]value.Value, 0, cap(s.next))
	}
	s.vals = append(s.vals, v)
	s.next = append(s.next, head)
	s.first[k] = int32(len(s.vals))
	return true
}
