package exec

import "math/bits"

// intSet is a set of int64s by open addressing (linear probing over a
// power-of-two table, at most half full): what DISTINCT over integers or
// integer-keyed record ids needs, without a Go map's several allocations
// to make one and its generic hashing. Keys are mixed with a seed drawn
// per run, so no input can be chosen to make them all collide. The zero
// value is an empty set with no room yet.
type intSet struct {
	slots []int64 // 0: empty (key 0 is hasZero)
	n     int     // keys in slots
	shift uint8   // 64 - log2(len(slots))
	seed  uint64
	zero  bool
}

// newIntSet returns a set with room for about twice hint keys before it
// grows (a distinct traversal's hint is a typical size, not a bound).
func newIntSet(hint int, seed uint64) intSet {
	s := intSet{seed: seed}
	s.resize(initialSlots(hint))
	return s
}

// reset empties s with a new seed, keeping the room newIntSet(hint, ...)
// starts with. Room it grew beyond that (up to 16 times as much) is kept
// while its keys filled a sixteenth of it: a set reopened with a varying
// number of keys, as a distinct traversal's (bench/graph's 2-hop: 100 on
// average, several hundred at times), does not grow anew from hint at
// every open, while one that grew once does not make every later reopen
// of a small one (a distinct in a nested loop) clear its room. Otherwise
// none is kept, as in the zero value.
func (s *intSet) reset(seed uint64, hint int) {
	if n := len(s.slots); n > initialSlots(hint) && (n > 16*initialSlots(hint) || 16*s.n < n) {
		s.slots = nil
	} else {
		clear(s.slots)
	}
	s.n, s.zero, s.seed = 0, false, seed
}

// initialSlots is the room of newIntSet(hint, ...).
func initialSlots(hint int) int {
	return 1 << bits.Len(uint(max(4*hint, 8)-1))
}

func (s *intSet) resize(size int) {
	size = 1 << bits.Len(uint(size-1))
	old := s.slots
	s.slots, s.n, s.shift = make([]int64, size), 0, uint8(64-bits.TrailingZeros(uint(size)))
	for _, k := range old {
		if k != 0 {
			s.add(k)
		}
	}
}

// slot is k's first slot: a multiplicative hash of k mixed with the seed
// (the xor-shift spreads the seed's and the key's high bits down).
func (s *intSet) slot(k int64) uint64 {
	h := (uint64(k) ^ s.seed) * 0x9e3779b97f4a7c15
	h ^= h >> 32
	return (h * 0xbf58476d1ce4e5b9) >> s.shift
}

// add inserts k and reports whether it was new.
func (s *intSet) add(k int64) bool {
	if k == 0 {
		added := !s.zero
		s.zero = true
		return added
	}
	if 2*(s.n+1) > len(s.slots) {
		s.resize(max(2*len(s.slots), 8))
	}
	mask := uint64(len(s.slots) - 1)
	for i := s.slot(k); ; i = (i + 1) & mask {
		switch s.slots[i] {
		case 0:
			s.slots[i] = k
			s.n++
			return true
		case k:
			return false
		}
	}
}

// len is the number of keys in the set.
func (s *intSet) len() int {
	if s.zero {
		return s.n + 1
	}
	return s.n
}
