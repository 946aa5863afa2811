package exec

import (
	"slices"
	"sync"

	"github.com/zerodb/zerodb/engine/value"
)

// rowTableShift sets a rowTable's chunk size: 256 rows.
const rowTableShift = 8

// rowTable keeps copies of rows of one width, addressed by their index:
// what a hash join holds of its sides (the columns read of each row and
// its keys, addCols). Unlike rows carved from a rowStore
// and listed in a [][]value.Value, a row costs no slice header (24 bytes
// per row, and a growing list of them was a third of a large join's
// allocations) and rows stay in insertion order in memory. The first
// chunk grows with its rows, so a join of a few rows allocates little;
// later chunks are allocated whole. reset keeps the chunks for the next
// open.
type rowTable struct {
	w      int
	n      int
	chunks [][]value.Value
	// pools, when set, recycle the whole chunks (all but the first)
	// between runs: see release.
	pools *rowChunkPools
}

// maxPooledWidth is the widest row whose chunks are pooled.
const maxPooledWidth = 16

// rowChunkPools recycle the whole chunks of rowTables between runs, one
// pool per row width: a join holding thousands of rows otherwise
// allocates its chunks anew every run, and collecting that garbage was a
// sixth of a repeated join's CPU (bench/relational's 3-table join). The
// Executor holds them; they are safe for concurrent use.
type rowChunkPools [maxPooledWidth + 1]sync.Pool

// rowChunk is a pooled chunk (a pointer, so that pooling it allocates
// nothing).
type rowChunk struct{ v []value.Value }

func (t *rowTable) reset(w int) {
	if w != t.w {
		t.release()
		t.chunks = nil
	}
	t.w, t.n = w, 0
}

// release empties t, giving its whole chunks back to the pools: no row
// read from t may be used after it. The first chunk, which grows with
// its rows, stays.
func (t *rowTable) release() {
	t.n = 0
	if t.pools == nil || t.w > maxPooledWidth || len(t.chunks) < 2 {
		return
	}
	for _, c := range t.chunks[1:] {
		clear(c) // the pool must not keep the rows' values alive
		t.pools[t.w].Put(&rowChunk{v: c})
	}
	t.chunks = t.chunks[:1]
}

// newChunk returns a whole chunk, pooled when it can be.
func (t *rowTable) newChunk() []value.Value {
	if t.pools != nil && t.w <= maxPooledWidth {
		if c, ok := t.pools[t.w].Get().(*rowChunk); ok {
			return c.v
		}
	}
	return make([]value.Value, t.w<<rowTableShift)
}

func (t *rowTable) len() int { return t.n }

// addCols appends a row of the columns cols of row (all of row when
// cols is nil) followed by extra; t.w must be their number.
func (t *rowTable) addCols(row []value.Value, cols []int, extra []value.Value) {
	c, off := t.n>>rowTableShift, (t.n&(1<<rowTableShift-1))*t.w
	if c == 0 {
		if len(t.chunks) == 0 {
			t.chunks = append(t.chunks, make([]value.Value, 0, 4*t.w))
		}
		t.chunks[0] = slices.Grow(t.chunks[0][:off], t.w)[:off+t.w]
	} else if c == len(t.chunks) {
		t.chunks = append(t.chunks, t.newChunk())
	}
	dst := t.chunks[c][off : off+t.w]
	if cols == nil {
		dst = dst[copy(dst, row):]
	} else {
		for k, i := range cols {
			dst[k] = row[i]
		}
		dst = dst[len(cols):]
	}
	copy(dst, extra)
	t.n++
}

// add appends a copy of row (of t.w values).
func (t *rowTable) add(row []value.Value) { t.addCols(row, nil, nil) }

// row returns row i, valid until the next add, reset or release (the first chunk
// moves as it grows).
func (t *rowTable) row(i int) []value.Value {
	c, off := i>>rowTableShift, (i&(1<<rowTableShift-1))*t.w
	return t.chunks[c][off : off+t.w : off+t.w]
}

// appendTables moves the rows of us (tables of t's width, filled by a
// parallel build's workers) to the end of t, which must be empty: their
// whole chunks by pointer, the rest of their rows by copy. The tables of
// us are left empty, without chunks (t owns them now).
func (t *rowTable) appendTables(us []*rowTable) {
	const chunkRows = 1 << rowTableShift
	t.release()
	t.n, t.chunks = 0, t.chunks[:0]
	for _, u := range us {
		for c := 0; c < u.n/chunkRows; c++ {
			t.chunks = append(t.chunks, u.chunks[c][:t.w<<rowTableShift])
			t.n += chunkRows
		}
	}
	for _, u := range us {
		for i := u.n &^ (chunkRows - 1); i < u.n; i++ {
			t.add(u.row(i))
		}
		u.n, u.chunks = 0, nil
	}
}
