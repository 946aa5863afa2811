package kv

import (
	"bytes"
	"slices"
	"sort"
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

// intersects reports whether any of keys (sorted) or any key in one of
// ranges (sorted, disjoint: a commit's range deletions) was read.
func (rs *readSet) intersects(keys [][]byte, ranges []keyRange) bool {
	if len(ranges) > 0 && rs.intersectsRanges(ranges) {
		return true
	}
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

// intersectsRanges reports whether a point read falls in one of written
// (sorted, disjoint) or a read range overlaps one of them.
func (rs *readSet) intersectsRanges(written []keyRange) bool {
	for _, k := range rs.points {
		if _, ok := coveringRange(written, k); ok {
			return true
		}
	}
	for _, r := range rs.ranges {
		// The first written range ending after r.start is the only
		// candidate that can begin before r's end.
		i := sort.Search(len(written), func(i int) bool {
			return written[i].end == nil || bytes.Compare(written[i].end, r.start) > 0
		})
		if i < len(written) && (r.end == nil || bytes.Compare(written[i].start, r.end) < 0) {
			return true
		}
	}
	return false
}

// coveringRange returns the range of rs (sorted, disjoint) holding key.
func coveringRange(rs []keyRange, key []byte) (keyRange, bool) {
	i := sort.Search(len(rs), func(i int) bool {
		return rs[i].end == nil || bytes.Compare(rs[i].end, key) > 0
	})
	if i < len(rs) && bytes.Compare(rs[i].start, key) <= 0 {
		return rs[i], true
	}
	return keyRange{}, false
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

// pointReads are a transaction's point reads: keys packed into chunks
// with their end offsets, one append per Get and no per-key allocation.
// The chunks grow from small (most transactions read a few keys) to
// maxPointChunk and then stay that size: a bulk load's duplicate checks
// read a million keys, which one growing slice would copy over and over
// as it doubles.
type pointReads struct {
	full []pointChunk
	cur  pointChunk
	n    int
}

// firstChunk is a transaction's first chunk of point reads, keys and
// ends in one allocation: most transactions read a few keys, and the two
// allocations of a separate keys and ends were a tenth of a point
// UPDATE's. It is not kept inside the transaction, which read-only
// transactions (with no read set) would then carry and clear for nothing.
type firstChunk struct {
	keys [128]byte
	ends [4]int
}

type pointChunk struct {
	keys []byte
	ends []int
}

const (
	minPointChunk = 64
	maxPointChunk = 64 << 10
)

func (p *pointReads) add(key []byte) {
	if p.n == 0 && len(p.full) == 0 && cap(p.cur.keys) == 0 && len(key) <= len(firstChunk{}.keys) {
		f := new(firstChunk)
		p.cur = pointChunk{keys: f.keys[:0], ends: f.ends[:0]}
	}
	if len(p.cur.keys)+len(key) > cap(p.cur.keys) {
		size := min(max(2*cap(p.cur.keys), minPointChunk), maxPointChunk)
		if len(p.cur.ends) > 0 {
			p.full = append(p.full, p.cur)
		}
		p.cur = pointChunk{keys: make([]byte, 0, max(size, len(key)))}
	}
	p.cur.keys = append(p.cur.keys, key...)
	p.cur.ends = append(p.cur.ends, len(p.cur.keys))
	p.n++
}

// appendTo appends the keys read (sharing the chunks' bytes) to dst.
func (p *pointReads) appendTo(dst [][]byte) [][]byte {
	for i := 0; i <= len(p.full); i++ {
		c := &p.cur
		if i < len(p.full) {
			c = &p.full[i]
		}
		prev := 0
		for _, e := range c.ends {
			dst = append(dst, c.keys[prev:e:e])
			prev = e
		}
	}
	return dst
}
