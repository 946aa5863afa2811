package exec

import (
	"hash/maphash"

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
		// jsonb's null and SQL NULL are different keys (GROUP BY,
		// DISTINCT); they hash alike, so only equality tells.
		if !value.Equal(a[i], b[i]) || a[i].IsJSONNull() != b[i].IsJSONNull() {
			return false
		}
	}
	return true
}

// rowSet is a set of rows under value.Equal (DISTINCT, aggregate DISTINCT).
type rowSet struct {
	h     maphash.Hash
	byKey map[uint64][][]value.Value
}

func newRowSet(r *run) *rowSet {
	s := &rowSet{byKey: make(map[uint64][][]value.Value)}
	s.h.SetSeed(r.hashSeed())
	return s
}

// add inserts a copy of row (made with store) and reports whether it was new.
func (s *rowSet) add(row []value.Value, store *rowStore) bool {
	k := hashValues(&s.h, row)
	for _, e := range s.byKey[k] {
		if equalValues(e, row) {
			return false
		}
	}
	s.byKey[k] = append(s.byKey[k], store.copy(row))
	return true
}
