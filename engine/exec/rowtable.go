package exec

import "github.com/zerodb/zerodb/engine/value"

// rowTableShift sets a rowTable's chunk size: 256 rows.
const rowTableShift = 8

// rowTable keeps copies of rows of one width, addressed by their index:
// what a hash join holds of its sides. Unlike rows carved from a rowStore
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

// add appends a copy of row (of t.w values).
func (t *rowTable) add(row []value.Value) {
	c, off := t.n>>rowTableShift, (t.n&(1<<rowTableShift-1))*t.w
	switch {
	case c == 0:
		if len(t.chunks) == 0 {
			t.chunks = append(t.chunks, make([]value.Value, 0, 4*t.w))
		}
		t.chunks[0] = append(t.chunks[0][:off], row...)
	case c < len(t.chunks):
		copy(t.chunks[c][off:off+t.w], row)
	default:
		ch := make([]value.Value, t.w<<rowTableShift)
		copy(ch, row)
		t.chunks = append(t.chunks, ch)
	}
	t.n++
}

// row returns row i, valid until the next add or reset (the first chunk
// moves as it grows).
func (t *rowTable) row(i int) []value.Value {
	c, off := i>>rowTableShift, (i&(1<<rowTableShift-1))*t.w
	return t.chunks[c][off : off+t.w : off+t.w]
}

// drain adds the rest of it's rows.
func (t *rowTable) drain(r *run, it iterator) error {
	for {
		row, err := it.next()
		if err != nil || row == nil {
			return err
		}
		if err := r.tick(); err != nil {
			return err
		}
		t.add(row)
	}
}
