package exec

import (
	"slices"

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
}

func (t *rowTable) reset(w int) {
	if w != t.w {
		t.chunks = nil
	}
	t.w, t.n = w, 0
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
		t.chunks = append(t.chunks, make([]value.Value, t.w<<rowTableShift))
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

// row returns row i, valid until the next add or reset (the first chunk
// moves as it grows).
func (t *rowTable) row(i int) []value.Value {
	c, off := i>>rowTableShift, (i&(1<<rowTableShift-1))*t.w
	return t.chunks[c][off : off+t.w : off+t.w]
}
