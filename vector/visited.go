package vector

// visitedSet is an open-addressing set of ids that empties in O(1): a
// slot belongs to the set only if its stamp is the current epoch.
type visitedSet struct {
	keys   []uint64
	stamps []uint32
	epoch  uint32
	n      int
}

func (v *visitedSet) reset() {
	v.n = 0
	v.epoch++
	if v.epoch == 0 || len(v.keys) > 1<<16 {
		// Wrapped (or grown huge by an exhaustive search): start afresh.
		v.keys, v.stamps, v.epoch = nil, nil, 1
	}
}

// add inserts id and reports whether it was new.
func (v *visitedSet) add(id uint64) bool {
	if 2*(v.n+1) > len(v.keys) {
		v.grow()
	}
	mask := uint64(len(v.keys) - 1)
	for i := splitmix64(id) & mask; ; i = (i + 1) & mask {
		if v.stamps[i] != v.epoch {
			v.keys[i], v.stamps[i] = id, v.epoch
			v.n++
			return true
		}
		if v.keys[i] == id {
			return false
		}
	}
}

func (v *visitedSet) grow() {
	oldKeys, oldStamps, epoch := v.keys, v.stamps, v.epoch
	size := max(2*len(oldKeys), 1024)
	v.keys, v.stamps, v.n = make([]uint64, size), make([]uint32, size), 0
	if v.epoch == 0 {
		v.epoch = 1
	}
	for i, s := range oldStamps {
		if s == epoch && epoch != 0 {
			v.add(oldKeys[i])
		}
	}
}
