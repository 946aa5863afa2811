package exec

import (
	"container/heap"
	"slices"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// sortIter sorts its input stably. With a Limit it keeps only the best k
// rows in a bounded heap (top-k), so `ORDER BY x LIMIT 10` over a million
// rows holds ten.
type sortIter struct {
	r     *run
	n     *plan.Sort
	in    iterator
	rows  []sortRow
	store rowStore
	i     int
}

type sortRow struct {
	keys []value.Value
	row  []value.Value
	seq  int // input position: ties keep input order (stability)
	// kb and vb hold an undecoded record in the top-k path over a scan
	// (see openRaw); row is nil then until the end.
	kb, vb []byte
}

func (it *sortIter) close() { it.in.close() }

func (it *sortIter) open(o outer) error {
	it.rows, it.store, it.i = it.rows[:0], rowStore{}, 0
	limit, err := it.r.rowCount(it.n.Limit, o, false)
	if err != nil {
		return err
	}
	if err := it.in.open(o); err != nil {
		return err
	}
	if limit > 0 {
		if scan, ok := it.in.(*rangeScan); ok && scan.rawOK() {
			if lf, keys := rawSortKeys(it.n.Keys, scan.rawColumns()); lf != nil {
				return it.openRaw(o, scan, lf, keys, limit)
			}
		}
	}
	keys := it.n.Keys
	cmp := func(a, b *sortRow) int {
		if c := compareSortKeys(keys, a.keys, b.keys); c != 0 {
			return c
		}
		return a.seq - b.seq
	}
	top := &topK{cmp: cmp}
	keybuf := make([]value.Value, len(keys))
	for seq := 0; ; seq++ {
		row, err := it.in.next()
		if err != nil {
			return err
		}
		if row == nil {
			break
		}
		if err := it.r.tick(); err != nil {
			return err
		}
		sc := o.scope(row)
		for i := range keys {
			v, err := it.r.eval(keys[i].X, &sc)
			if err != nil {
				return err
			}
			keybuf[i] = v
		}
		if limit < 0 {
			it.rows = append(it.rows, sortRow{keys: it.store.copy(keybuf), row: it.store.copy(row), seq: seq})
			continue
		}
		if limit == 0 {
			continue
		}
		cand := sortRow{keys: keybuf, row: row, seq: seq}
		if int64(len(top.rows)) < limit {
			cand.keys, cand.row = it.store.copy(keybuf), it.store.copy(row)
			heap.Push(top, cand)
			continue
		}
		if cmp(&cand, &top.rows[0]) < 0 {
			// Replace the worst kept row in place, reusing its buffers.
			w := &top.rows[0]
			copy(w.keys, keybuf)
			copy(w.row, row)
			w.seq = seq
			heap.Fix(top, 0)
		}
	}
	if limit >= 0 {
		it.rows = top.rows
	}
	slices.SortFunc(it.rows, func(a, b sortRow) int { return cmp(&a, &b) })
	return nil
}

func (it *sortIter) next() ([]value.Value, error) {
	if it.i >= len(it.rows) {
		return nil, nil
	}
	it.i++
	return it.rows[it.i-1].row, nil
}

// rawSortKeys rewrites sort keys that read only the key and fields of a
// scanned record so they can be computed from the stored bytes; colField
// maps a pruned scan's columns to their fields (nil: the rows are key
// and object).
func rawSortKeys(keys []plan.SortKey, colField func(int) (string, bool)) (*lazyFilter, []plan.SortKey) {
	lf := &lazyFilter{colField: colField}
	out := make([]plan.SortKey, len(keys))
	for i, k := range keys {
		x, ok := lf.rewrite(k.X)
		if !ok {
			return nil, nil
		}
		k.X = x
		out[i] = k
	}
	return lf, out
}

// openRaw is top-k directly over a table scan: sort keys come from
// individually decoded fields, the heap keeps undecoded records, and only
// the k winners are decoded — most records of a big table never are.
func (it *sortIter) openRaw(o outer, scan *rangeScan, lf *lazyFilter, keys []plan.SortKey, limit int64) error {
	cmp := func(a, b *sortRow) int {
		if c := compareSortKeys(keys, a.keys, b.keys); c != 0 {
			return c
		}
		return a.seq - b.seq
	}
	top := &topK{cmp: cmp}
	lrow := make([]value.Value, 2+len(lf.fields))
	keybuf := make([]value.Value, len(keys))
	for seq := 0; ; seq++ {
		kb, vb, err := scan.nextRaw()
		if err != nil {
			return err
		}
		if kb == nil {
			break
		}
		k, _, err := value.DecodeKey(kb)
		if err != nil {
			return errs.From(err)
		}
		if scan.kt != nil {
			k, _ = normalizeKey(k, scan.kt)
		}
		lrow[0] = k
		if err := lf.fill(lrow, vb); err != nil {
			return errs.From(err)
		}
		sc := o.scope(lrow)
		for i := range keys {
			v, err := it.r.eval(keys[i].X, &sc)
			if err != nil {
				return err
			}
			keybuf[i] = v
		}
		cand := sortRow{keys: keybuf, seq: seq}
		if int64(len(top.rows)) < limit {
			cand.keys = it.store.copy(keybuf)
			cand.kb, cand.vb = append([]byte(nil), kb...), append([]byte(nil), vb...)
			heap.Push(top, cand)
			continue
		}
		if cmp(&cand, &top.rows[0]) < 0 {
			w := &top.rows[0]
			copy(w.keys, keybuf)
			w.kb, w.vb = append(w.kb[:0], kb...), append(w.vb[:0], vb...)
			w.seq = seq
			heap.Fix(top, 0)
		}
	}
	it.rows = top.rows
	slices.SortFunc(it.rows, func(a, b sortRow) int { return cmp(&a, &b) })
	for i := range it.rows {
		row := make([]value.Value, scan.sh.width)
		if err := scan.decodeRow(row, it.rows[i].kb, it.rows[i].vb); err != nil {
			return err
		}
		it.rows[i].row = row
	}
	return nil
}

// compareSortKeys orders by the sort keys, each with its direction and
// null placement.
func compareSortKeys(keys []plan.SortKey, a, b []value.Value) int {
	for i := range keys {
		if c := compareSortKey(&keys[i], a[i], b[i]); c != 0 {
			return c
		}
	}
	return 0
}

func compareSortKey(k *plan.SortKey, a, b value.Value) int {
	an, bn := a.IsSQLNull(), b.IsSQLNull()
	if an || bn {
		switch {
		case an && bn:
			return 0
		case an == k.NullsFirst:
			return -1
		default:
			return 1
		}
	}
	c := value.Compare(a, b)
	if k.Desc {
		return -c
	}
	return c
}

// topK is a max-heap under cmp: the root is the worst row kept.
type topK struct {
	rows []sortRow
	cmp  func(a, b *sortRow) int
}

func (h *topK) Len() int           { return len(h.rows) }
func (h *topK) Less(i, j int) bool { return h.cmp(&h.rows[i], &h.rows[j]) > 0 }
func (h *topK) Swap(i, j int)      { h.rows[i], h.rows[j] = h.rows[j], h.rows[i] }
func (h *topK) Push(x any)         { h.rows = append(h.rows, x.(sortRow)) }
func (h *topK) Pop() any {
	n := len(h.rows) - 1
	x := h.rows[n]
	h.rows = h.rows[:n]
	return x
}
