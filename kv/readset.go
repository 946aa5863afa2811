package kv

import (
	"bytes"
	"slices"
)

// keyRange is a half-open key range [start, end); end == nil is unbounded.
type keyRange struct {
	start, end []byte
}

// readSet is a transaction's reads in the form validation wants: sorted,
// unique point keys and sorted, disjoint ranges.
type readSet struct {
	points [][]byte
	ranges []keyRange
}

// intersects reports whether any of keys (sorted) was read.
func (rs *readSet) intersects(keys [][]byte) bool {
	if len(rs.points) > 0 {
		small, large := rs.points, keys
		if len(small) > len(large) {
			small, large = large, small
		}
		for _, k := range small {
			if _, found := slices.BinarySearchFunc(large, k, bytes.Compare); found {
				return true
			}
		}
	}
	for _, r := range rs.ranges {
		i, _ := slices.BinarySearchFunc(keys, r.start, bytes.Compare)
		if i < len(keys) && (r.end == nil || bytes.Compare(keys[i], r.end) < 0) {
			return true
		}
	}
	return false
}

// sortUnique sorts keys and drops duplicates, in place.
func sortUnique(keys [][]byte) [][]byte {
	slices.SortFunc(keys, bytes.Compare)
	return slices.CompactFunc(keys, bytes.Equal)
}

// mergeRanges sorts ranges by start and coalesces overlapping or touching
// ones, in place.
func mergeRanges(rs []keyRange) []keyRange {
	if len(rs) < 2 {
		return rs
	}
	slices.SortFunc(rs, func(a, b keyRange) int { return bytes.Compare(a.start, b.start) })
	out := rs[:1]
	for _, r := range rs[1:] {
		last := &out[len(out)-1]
		if last.end == nil || bytes.Compare(r.start, last.end) <= 0 {
			if last.end != nil && (r.end == nil || bytes.Compare(r.end, last.end) > 0) {
				last.end = r.end
			}
			continue
		}
		out = append(out, r)
	}
	return out
}
