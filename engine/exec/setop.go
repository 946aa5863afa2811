package exec

import (
	"hash/maphash"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// rowCounts counts rows under value.Equal (INTERSECT and EXCEPT).
type rowCounts struct {
	h     maphash.Hash
	byKey map[uint64][]*countedRow
	store rowStore
}

type countedRow struct {
	row []value.Value
	n   int
}

func newRowCounts(r *run) *rowCounts {
	c := &rowCounts{byKey: make(map[uint64][]*countedRow)}
	c.h.SetSeed(r.hashSeed())
	return c
}

// find returns the entry of row, adding one with count 0 when add is set.
func (c *rowCounts) find(row []value.Value, add bool) *countedRow {
	k := hashValues(&c.h, row)
	for _, e := range c.byKey[k] {
		if equalValues(e.row, row) {
			return e
		}
	}
	if !add {
		return nil
	}
	e := &countedRow{row: c.store.copy(row)}
	c.byKey[k] = append(c.byKey[k], e)
	return e
}

// setOpIter runs UNION, INTERSECT and EXCEPT. UNION streams both inputs
// (through a row set unless ALL); INTERSECT and EXCEPT count the right
// input's rows first and then stream the left one against the counts.
type setOpIter struct {
	r           *run
	n           *plan.SetOp
	left, right iterator
	onRight     bool
	seen        *rowSet
	store       rowStore
	counts      *rowCounts
	emitted     *rowSet
}

func (r *run) buildSetOp(n *plan.SetOp) (iterator, error) {
	l, err := r.build(n.Left)
	if err != nil {
		return nil, err
	}
	rt, err := r.build(n.Right)
	if err != nil {
		return nil, err
	}
	return &setOpIter{r: r, n: n, left: l, right: rt}, nil
}

func (it *setOpIter) open(o outer) error {
	it.onRight, it.store = false, rowStore{}
	it.seen, it.counts, it.emitted = nil, nil, nil
	if err := it.left.open(o); err != nil {
		return err
	}
	if err := it.right.open(o); err != nil {
		return err
	}
	if it.n.Op == plan.Union {
		if !it.n.All {
			it.seen = newRowSet(it.r, 0)
		}
		return nil
	}
	it.counts = newRowCounts(it.r)
	if !it.n.All {
		it.emitted = newRowSet(it.r, 0)
	}
	for {
		row, err := it.right.next()
		if err != nil {
			return err
		}
		if row == nil {
			return nil
		}
		if err := it.r.tick(); err != nil {
			return err
		}
		it.counts.find(row, true).n++
	}
}

func (it *setOpIter) close() {
	it.left.close()
	it.right.close()
}

func (it *setOpIter) next() ([]value.Value, error) {
	for {
		var row []value.Value
		var err error
		if it.onRight {
			row, err = it.right.next()
		} else {
			row, err = it.left.next()
		}
		if err != nil {
			return nil, err
		}
		if row == nil {
			if it.n.Op == plan.Union && !it.onRight {
				it.onRight = true
				continue
			}
			return nil, nil
		}
		if err := it.r.tick(); err != nil {
			return nil, err
		}
		switch it.n.Op {
		case plan.Union:
			if it.seen == nil || it.seen.add(row, &it.store) {
				return row, nil
			}
		case plan.Intersect:
			e := it.counts.find(row, false)
			if e == nil || e.n == 0 {
				continue
			}
			if it.n.All {
				e.n--
				return row, nil
			}
			if it.emitted.add(row, &it.store) {
				return row, nil
			}
		case plan.Except:
			e := it.counts.find(row, false)
			if it.n.All {
				if e != nil && e.n > 0 {
					e.n--
					continue
				}
				return row, nil
			}
			if e == nil && it.emitted.add(row, &it.store) {
				return row, nil
			}
		}
	}
}

// recursiveIter runs WITH RECURSIVE: the working table's rows are kept in
// the run (workRows), where the WorkTable iterators of Step read them.
type recursiveIter struct {
	r          *run
	n          *plan.RecursiveUnion
	init, step iterator
	o          outer
	slot       *workSlot
	seen       *rowSet
	store      rowStore
	inStep     bool
	done       bool
	next_      [][]value.Value // rows of the round being produced
}

// workSlot holds the current round of one running RecursiveUnion; the
// WorkTable iterators built under it share it (two runs of one plan node
// have their own).
type workSlot struct{ rows [][]value.Value }

func (r *run) buildRecursive(n *plan.RecursiveUnion) (iterator, error) {
	in, err := r.build(n.Init)
	if err != nil {
		return nil, err
	}
	slot := &workSlot{}
	if r.work == nil {
		r.work = make(map[*plan.WorkTable]*workSlot)
	}
	prev := r.work[n.Work]
	r.work[n.Work] = slot
	st, err := r.build(n.Step)
	r.work[n.Work] = prev
	if err != nil {
		return nil, err
	}
	return &recursiveIter{r: r, n: n, init: in, step: st, slot: slot}, nil
}

func (r *run) buildWork(n *plan.WorkTable) (iterator, error) {
	slot := r.work[n]
	if slot == nil {
		return nil, internalf("work table %s outside its recursive union", n.Name)
	}
	return &workIter{slot: slot}, nil
}

func (it *recursiveIter) open(o outer) error {
	it.o, it.inStep, it.done, it.next_, it.store = o, false, false, nil, rowStore{}
	it.seen = nil
	if !it.n.All {
		it.seen = newRowSet(it.r, 0)
	}
	it.slot.rows = nil
	return it.init.open(o)
}

func (it *recursiveIter) close() {
	if it.done {
		return
	}
	if it.inStep {
		it.step.close()
	} else {
		it.init.close()
	}
}

func (it *recursiveIter) next() ([]value.Value, error) {
	for {
		if it.done {
			return nil, nil
		}
		var row []value.Value
		var err error
		if it.inStep {
			row, err = it.step.next()
		} else {
			row, err = it.init.next()
		}
		if err != nil {
			return nil, err
		}
		if row == nil {
			// The round is over: its rows are the next working table.
			if it.inStep {
				it.step.close()
			} else {
				it.init.close()
			}
			if len(it.next_) == 0 {
				it.done = true
				return nil, nil
			}
			it.slot.rows = it.next_
			it.next_ = nil
			it.inStep = true
			if err := it.step.open(it.o); err != nil {
				return nil, err
			}
			continue
		}
		if err := it.r.tick(); err != nil {
			return nil, err
		}
		if it.seen != nil && !it.seen.add(row, &it.store) {
			continue
		}
		it.next_ = append(it.next_, it.store.copy(row))
		return row, nil
	}
}

// workIter reads the current round of a working table.
type workIter struct {
	slot *workSlot
	rows [][]value.Value
	i    int
}

func (it *workIter) open(outer) error {
	it.rows, it.i = it.slot.rows, 0
	return nil
}
func (it *workIter) close() {}
func (it *workIter) next() ([]value.Value, error) {
	if it.i >= len(it.rows) {
		return nil, nil
	}
	it.i++
	return it.rows[it.i-1], nil
}

// distinctOnIter keeps the first row of each run of equal keys.
type distinctOnIter struct {
	r     *run
	n     *plan.DistinctOn
	in    iterator
	o     outer
	prev  []value.Value
	keys  []value.Value
	first bool
}

func (it *distinctOnIter) open(o outer) error {
	it.o, it.first = o, true
	if it.keys == nil {
		it.keys = make([]value.Value, len(it.n.Keys))
		it.prev = make([]value.Value, len(it.n.Keys))
	}
	return it.in.open(o)
}
func (it *distinctOnIter) close() { it.in.close() }

func (it *distinctOnIter) next() ([]value.Value, error) {
	for {
		row, err := it.in.next()
		if row == nil || err != nil {
			return nil, err
		}
		sc := it.o.scope(row)
		for i, k := range it.n.Keys {
			v, err := it.r.eval(k, &sc)
			if err != nil {
				return nil, err
			}
			it.keys[i] = v
		}
		if !it.first && equalValues(it.keys, it.prev) {
			continue
		}
		it.first = false
		it.prev, it.keys = it.keys, it.prev
		return row, nil
	}
}
