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
// an int64, and record ids of one table with such keys (a distinct
// traversal's vertices), go into integer sets instead, never hashed as
// values. Every part is made on first use: the set of a distinct
// traversal needs only one.
type rowSet struct {
	h     maphash.Hash
	hint  int
	first map[uint64]int32 // 1 + the index in rows (vals) of the last row added with the hash
	rows  [][]value.Value  // rows wider than one column
	vals  []value.Value    // one-column rows' values
	next  []int32          // next[i]: 1 + the index of the row added before rows[i] (vals[i]) with its hash; 0: none
	ints  intSet
	// rids holds the keys of the record ids of table ridTable (the first
	// table of a record id with an integer key added; ridOn: there is one).
	rids     intSet
	ridTable string
	ridOn    bool
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
	s := &rowSet{hint: hint}
	s.h.SetSeed(r.hashSeed())
	return s
}

// reset empties s for another open of its iterator in run r (maybe a
// rerun, so seeded anew), keeping the memory its hint asks for: more
// would be cleared at every reopen of a distinct inside a nested loop,
// however few rows the next one adds, and kept for the session's life
// by a reused tree (Executor.Rerun).
func (s *rowSet) reset(r *run) {
	s.h.SetSeed(r.hashSeed())
	if len(s.next) > 4*s.hint {
		s.first, s.rows, s.vals, s.next = nil, nil, nil, nil
	} else {
		clear(s.first)
		clear(s.rows)
		clear(s.vals)
		s.rows, s.vals, s.next = s.rows[:0], s.vals[:0], s.next[:0]
	}
	s.ints.reset(s.intSetSeed(), s.hint)
	s.rids.reset(s.intSetSeed(), s.hint)
	s.ridTable, s.ridOn = "", false
}

// chain returns the 1-based index of the last row added with hash k
// (0: none), making the hash table on first use.
func (s *rowSet) chain(k uint64) int32 {
	if s.first == nil {
		s.first = make(map[uint64]int32, s.hint)
		s.next = make([]int32, 0, s.hint)
	}
	return s.first[k]
}

// intSetSeed seeds the integer sets from the set's hash seed, so that
// they differ from run to run as value hashes do.
func (s *rowSet) intSetSeed() uint64 {
	s.h.Reset()
	return s.h.Sum64()
}

// add inserts a copy of row (made with store) and reports whether it was new.
func (s *rowSet) add(row []value.Value, store *rowStore) bool {
	if len(row) == 1 {
		return s.addValue(row[0])
	}
	k := hashValues(&s.h, row)
	head := s.chain(k)
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
	if table, k, ok := v.IntRecordID(); ok && s.ridOn && table == s.ridTable {
		// The commonest case first: a distinct traversal's vertices.
		return s.rids.add(k)
	}
	if k, ok := intOf(v); ok {
		// Numbers Equal to each other are all such or none is.
		if s.ints.slots == nil {
			s.ints = newIntSet(s.hint, s.intSetSeed())
		}
		return s.ints.add(k)
	}
	if v.Kind() == value.KindRecordID {
		// Record ids are Equal when their tables are and their keys
		// are: keys Equal to an int64 are all such or none is.
		rid := v.AsRecordID()
		if k, ok := intOf(rid.Key); ok {
			if !s.ridOn {
				if s.rids.slots == nil {
					s.rids = newIntSet(s.hint, s.intSetSeed())
				}
				s.ridTable, s.ridOn = rid.Table, true
			}
			if rid.Table == s.ridTable {
				return s.rids.add(k)
			}
		}
	}
	s.h.Reset()
	value.Hash(&s.h, v)
	k := s.h.Sum64()
	head := s.chain(k)
	for i := head; i != 0; i = s.next[i-1] {
		if equalValue(s.vals[i-1], v) {
			return false
		}
	}
	if s.vals == nil {
		s.vals = make([]value.Value, 0, s.hint)
	}
	s.vals = append(s.vals, v)
	s.next = append(s.next, head)
	s.first[k] = int32(len(s.vals))
	return true
}
