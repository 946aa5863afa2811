package exec

import (
	"hash/maphash"
	"math"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

func (r *run) buildJoin(n *plan.Join) (iterator, error) {
	left, err := r.build(n.Left)
	if err != nil {
		return nil, err
	}
	right, err := r.build(n.Right)
	if err != nil {
		return nil, err
	}
	nl, nr := len(n.Left.Columns()), len(n.Right.Columns())
	b := joinBase{r: r, n: n, left: left, right: right, nl: nl, nr: nr, comb: make([]value.Value, nl+nr)}
	if (n.Kind == plan.RightJoin || n.Kind == plan.FullJoin) && n.Lateral {
		return nil, errs.New(errs.FeatureNotSupported, "RIGHT and FULL joins cannot be lateral")
	}
	if n.Method == plan.HashJoin {
		if n.Lateral {
			return nil, errs.New(errs.FeatureNotSupported, "a hash join cannot be lateral")
		}
		if len(n.LeftKeys) != len(n.RightKeys) || len(n.LeftKeys) == 0 {
			return nil, internalf("hash join needs as many left keys as right keys")
		}
		return &hashJoin{joinBase: b}, nil
	}
	return &nestedLoop{joinBase: b}, nil
}

// joinBase is what both join methods share: the combined row buffer and
// the per-kind output rules.
type joinBase struct {
	r           *run
	n           *plan.Join
	left, right iterator
	nl, nr      int
	o           outer
	comb        []value.Value
	lrow        []value.Value // current left row
}

func (j *joinBase) close() {
	j.left.close()
	j.right.close()
}

// on evaluates the join condition on the combined row in j.comb.
func (j *joinBase) on() (bool, error) {
	if j.n.On == nil {
		return true, nil
	}
	sc := j.o.scope(j.comb)
	c, err := j.r.eval(j.n.On, &sc)
	if err != nil {
		return false, err
	}
	return isTrue(c), nil
}

func (j *joinBase) setLeft(row []value.Value) {
	j.lrow = row
	copy(j.comb, row)
}

func (j *joinBase) setRight(row []value.Value) {
	copy(j.comb[j.nl:], row)
}

// nullRight fills the right half with none (a left row without a match).
func (j *joinBase) nullRight() []value.Value {
	clear(j.comb[j.nl:])
	return j.comb
}

func (j *joinBase) leftOnly() []value.Value { return j.comb[:j.nl] }

// nestedLoop runs a nested-loop join. A non-lateral right side is
// materialized once per open; a lateral one is reopened for every left
// row with that row as its outer row.
type nestedLoop struct {
	joinBase
	link     rowLink
	rrows    [][]value.Value
	store    rowStore
	rmatched []bool
	ri       int
	inLeft   bool // a left row is current
	matched  bool // the current left row found a match
	tail     int  // RIGHT/FULL: position in the unmatched-right pass; -1 before it
}

func (j *nestedLoop) open(o outer) error {
	j.o, j.inLeft, j.tail = o, false, -1
	if err := j.left.open(o); err != nil {
		return err
	}
	if j.n.Lateral {
		return nil
	}
	j.rrows, j.store = j.rrows[:0], rowStore{}
	if err := j.right.open(o); err != nil {
		return err
	}
	for {
		row, err := j.right.next()
		if err != nil {
			return err
		}
		if row == nil {
			break
		}
		if err := j.r.tick(); err != nil {
			return err
		}
		j.rrows = append(j.rrows, j.store.copy(row))
	}
	if j.n.Kind == plan.RightJoin || j.n.Kind == plan.FullJoin {
		j.rmatched = make([]bool, len(j.rrows))
	}
	return nil
}

// nextRight returns the next candidate right row for the current left row.
func (j *nestedLoop) nextRight() ([]value.Value, int, error) {
	if j.n.Lateral {
		row, err := j.right.next()
		return row, -1, err
	}
	if j.ri >= len(j.rrows) {
		return nil, -1, nil
	}
	j.ri++
	return j.rrows[j.ri-1], j.ri - 1, nil
}

func (j *nestedLoop) startLeft(row []value.Value) error {
	j.setLeft(row)
	j.inLeft, j.matched, j.ri = true, false, 0
	if j.n.Lateral {
		j.link = rowLink{row: row, up: j.o.rows}
		return j.right.open(outer{rows: &j.link, frame: j.o.frame})
	}
	return nil
}

func (j *nestedLoop) next() ([]value.Value, error) {
	kind := j.n.Kind
	for {
		if j.tail >= 0 {
			return j.nextUnmatchedRight()
		}
		if !j.inLeft {
			row, err := j.left.next()
			if err != nil {
				return nil, err
			}
			if row == nil {
				if kind == plan.RightJoin || kind == plan.FullJoin {
					j.tail = 0
					continue
				}
				return nil, nil
			}
			if err := j.startLeft(row); err != nil {
				return nil, err
			}
		}
		rrow, ri, err := j.nextRight()
		if err != nil {
			return nil, err
		}
		if rrow == nil {
			j.inLeft = false
			if !j.matched {
				switch kind {
				case plan.LeftJoin, plan.FullJoin:
					return j.nullRight(), nil
				case plan.AntiJoin:
					return j.leftOnly(), nil
				}
			}
			continue
		}
		if err := j.r.tick(); err != nil {
			return nil, err
		}
		j.setRight(rrow)
		ok, err := j.on()
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		j.matched = true
		if ri >= 0 && j.rmatched != nil {
			j.rmatched[ri] = true
		}
		switch kind {
		case plan.SemiJoin:
			j.inLeft = false
			return j.leftOnly(), nil
		case plan.AntiJoin:
			j.inLeft = false // matched: drop this left row
			continue
		}
		return j.comb, nil
	}
}

func (j *nestedLoop) nextUnmatchedRight() ([]value.Value, error) {
	for j.tail < len(j.rrows) {
		i := j.tail
		j.tail++
		if !j.rmatched[i] {
			clear(j.comb[:j.nl])
			j.setRight(j.rrows[i])
			return j.comb, nil
		}
	}
	return nil, nil
}

// hashJoin builds a hash table on the right side's keys and probes it with
// each left row. With SQL semantics a none key never matches (NULL = NULL
// is not true); with NullEqual (ZQL ==) none keys match each other.
type hashJoin struct {
	joinBase
	h maphash.Hash
	// table chains the right rows of each key hash in insertion order:
	// the first and last row, then chain[row]. Keys are stored flat,
	// row i's at rkeys[i*nk:], so a probe touches one slice and the
	// build allocates per distinct hash only the map entry.
	table    map[uint64]hashChain
	chain    []int32
	rrows    [][]value.Value
	rkeys    []value.Value
	nk       int
	store    rowStore
	rmatched []bool
	lkeys    []value.Value
	cand     int32 // the right row to try next, -1 when none
	inLeft   bool
	matched  bool
	tail     int
}

func (j *hashJoin) open(o outer) error {
	j.o, j.inLeft, j.tail = o, false, -1
	j.h.SetSeed(j.r.hashSeed())
	j.table = make(map[uint64]hashChain)
	j.rrows, j.rkeys, j.chain, j.store = j.rrows[:0], j.rkeys[:0], j.chain[:0], rowStore{}
	j.nk = len(j.n.RightKeys)
	if j.lkeys == nil {
		j.lkeys = make([]value.Value, len(j.n.LeftKeys))
	}
	if err := j.left.open(o); err != nil {
		return err
	}
	if err := j.right.open(o); err != nil {
		return err
	}
	keybuf := make([]value.Value, len(j.n.RightKeys))
	for {
		row, err := j.right.next()
		if err != nil {
			return err
		}
		if row == nil {
			break
		}
		if err := j.r.tick(); err != nil {
			return err
		}
		sc := o.scope(row)
		null := false
		for i, x := range j.n.RightKeys {
			v, err := j.r.eval(x, &sc)
			if err != nil {
				return err
			}
			keybuf[i] = v
			null = null || v.IsSQLNull()
		}
		if len(j.rrows) == math.MaxInt32 {
			return errs.New(errs.ProgramLimitExceeded, "a hash join's build side cannot exceed %d rows", math.MaxInt32)
		}
		idx := int32(len(j.rrows))
		j.rrows = append(j.rrows, j.store.copy(row))
		j.rkeys = append(j.rkeys, keybuf...)
		j.chain = append(j.chain, -1)
		if null && !j.n.NullEqual {
			continue // can never match, but RIGHT/FULL still emit it
		}
		k := hashValues(&j.h, keybuf)
		if c, ok := j.table[k]; ok {
			j.chain[c.last] = idx
			j.table[k] = hashChain{first: c.first, last: idx}
		} else {
			j.table[k] = hashChain{first: idx, last: idx}
		}
	}
	if j.n.Kind == plan.RightJoin || j.n.Kind == plan.FullJoin {
		j.rmatched = make([]bool, len(j.rrows))
	}
	return nil
}

func (j *hashJoin) startLeft(row []value.Value) error {
	j.setLeft(row)
	j.inLeft, j.matched, j.cand = true, false, -1
	sc := j.o.scope(row)
	null := false
	for i, x := range j.n.LeftKeys {
		v, err := j.r.eval(x, &sc)
		if err != nil {
			return err
		}
		j.lkeys[i] = v
		null = null || v.IsSQLNull()
	}
	if null && !j.n.NullEqual {
		return nil
	}
	if c, ok := j.table[hashValues(&j.h, j.lkeys)]; ok {
		j.cand = c.first
	}
	return nil
}

func (j *hashJoin) next() ([]value.Value, error) {
	kind := j.n.Kind
	for {
		if j.tail >= 0 {
			return j.nextUnmatchedRight()
		}
		if !j.inLeft {
			row, err := j.left.next()
			if err != nil {
				return nil, err
			}
			if row == nil {
				if kind == plan.RightJoin || kind == plan.FullJoin {
					j.tail = 0
					continue
				}
				return nil, nil
			}
			if err := j.r.tick(); err != nil {
				return nil, err
			}
			if err := j.startLeft(row); err != nil {
				return nil, err
			}
		}
		if j.cand < 0 {
			j.inLeft = false
			if !j.matched {
				switch kind {
				case plan.LeftJoin, plan.FullJoin:
					return j.nullRight(), nil
				case plan.AntiJoin:
					return j.leftOnly(), nil
				}
			}
			continue
		}
		ri := j.cand
		j.cand = j.chain[ri]
		if !equalValues(j.lkeys, j.rkeys[int(ri)*j.nk:int(ri+1)*j.nk]) {
			continue
		}
		j.setRight(j.rrows[ri])
		ok, err := j.on()
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		j.matched = true
		if j.rmatched != nil {
			j.rmatched[ri] = true
		}
		switch kind {
		case plan.SemiJoin:
			j.inLeft = false
			return j.leftOnly(), nil
		case plan.AntiJoin:
			j.inLeft = false
			continue
		}
		return j.comb, nil
	}
}

type hashChain struct{ first, last int32 }

func (j *hashJoin) nextUnmatchedRight() ([]value.Value, error) {
	for j.tail < len(j.rrows) {
		i := j.tail
		j.tail++
		if !j.rmatched[i] {
			clear(j.comb[:j.nl])
			j.setRight(j.rrows[i])
			return j.comb, nil
		}
	}
	return nil, nil
}
