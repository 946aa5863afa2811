package kv

// itemRun is a sequence of write buffer items kept in fixed-size chunks:
// appending never copies what is already there, where a slice doubling
// its backing array would copy a million-item bulk load about twice over
// (and hold the old arrays until the GC frees them).
type itemRun struct {
	chunks [][]wbItem
	n      int
}

// runChunkBits sets the chunk size, 1024 items: small enough that the
// last chunk's slack does not matter, large enough that the chunk list
// stays short. The first chunk starts at firstChunkCap items and grows
// by append up to runChunk: most transactions write a few keys, and a
// full chunk (56 KiB) per transaction was nearly all of a single-row
// UPDATE's allocation, so the GC ran every few hundred commits.
const (
	runChunkBits  = 10
	runChunk      = 1 << runChunkBits
	firstChunkCap = 4
)

func (r *itemRun) len() int { return r.n }

func (r *itemRun) at(i int) wbItem { return r.chunks[i>>runChunkBits][i&(runChunk-1)] }

func (r *itemRun) first() wbItem { return r.chunks[0][0] }

func (r *itemRun) last() wbItem { return r.at(r.n - 1) }

func (r *itemRun) append(it wbItem) {
	if r.n&(runChunk-1) == 0 {
		c := r.n >> runChunkBits
		if c < len(r.chunks) {
			// A chunk kept by reset.
			r.chunks[c] = r.chunks[c][:0]
		} else if c == 0 {
			r.chunks = append(r.chunks, make([]wbItem, 0, firstChunkCap))
		} else {
			r.chunks = append(r.chunks, make([]wbItem, 0, runChunk))
		}
	}
	c := &r.chunks[r.n>>runChunkBits]
	*c = append(*c, it)
	r.n++
}

// each calls fn on every item in order.
func (r *itemRun) each(fn func(wbItem)) {
	for _, c := range r.chunks[:(r.n+runChunk-1)>>runChunkBits] {
		for _, it := range c {
			fn(it)
		}
	}
}

// reset empties the run, keeping its first chunk for reuse and dropping
// the items' references.
func (r *itemRun) reset() {
	for _, c := range r.chunks {
		clear(c)
	}
	if len(r.chunks) > 1 {
		clear(r.chunks[1:])
		r.chunks = r.chunks[:1]
	}
	r.n = 0
}
