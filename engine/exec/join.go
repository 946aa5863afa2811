package exec

import (
	"hash/maphash"
	"math"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

func (r *run) buildJoin(n *plan.Join) (iterator, error) {
	if r.par != nil {
		if b := r.par.joins[n]; b != nil {
			// A join of a parallel aggregate's spine, in a worker: it
			// probes the table built before the workers started.
			probe := n.Left
			if b.buildLeft {
				probe = n.Right
			}
			in, err := r.build(probe)
			if err != nil {
				return nil, err
			}
			return b.prober(r, in), nil
		}
	}
	left, err := r.build(n.Left)
	if err != nil {
		return nil, err
	}
	right, err := r.build(n.Right)
	if err != nil {
		return nil, err
	}
	return r.newJoin(n, left, right)
}

// newJoin makes the iterator of join n over the iterators of its sides.
func (r *run) newJoin(n *plan.Join, left, right iterator) (iterator, error) {
	nl, nr := len(n.Left.Columns()), len(n.Right.Columns())
	b := joinBase{r: r, n: n, left: left, right: right, nl: nl, nr: nr, comb: make([]value.Value, nl+nr)}
	if n.Read != nil {
		b.narrow = true
		for _, c := range n.Read {
			switch {
			case c < 0 || c >= nl+nr:
				return nil, internalf("join reads column %d of %d", c, nl+nr)
			case c < nl:
				b.readL = append(b.readL, c)
			default:
				b.readR = append(b.readR, c-nl)
			}
		}
	}
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
		// Reading the sides in lockstep changes the order in which
		// the two sides do their work (the right side used to run
		// whole first): only for sides without effects, whose order
		// cannot matter.
		lockstep := r.effectFree(n.Left) && r.effectFree(n.Right)
		j := &hashJoin{joinBase: b, lockstepOK: lockstep}
		j.sides[0].pools, j.sides[1].pools = &r.x.rowChunks, &r.x.rowChunks
		j.keyCols = [2][]int{directCols(n.LeftKeys, nl), directCols(n.RightKeys, nr)}
		if b.narrow {
			j.kept = [2][]int{b.readL, b.readR}
			for i, cols := range j.kept {
				if cols == nil {
					j.kept[i] = []int{} // none kept, not all
				}
			}
		}
		return j, nil
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
	// narrow: only the columns of each side in readL and readR are read
	// of the combined row (plan.Join.Read), so only they are copied.
	narrow       bool
	readL, readR []int
}

// close closes the sides; a side may be missing (a hash join that only
// built its table for a parallel aggregate, openBuild).
func (j *joinBase) close() {
	if j.left != nil {
		j.left.close()
	}
	if j.right != nil {
		j.right.close()
	}
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
	if !j.narrow {
		copy(j.comb, row)
		return
	}
	for _, i := range j.readL {
		j.comb[i] = row[i]
	}
}

func (j *joinBase) setRight(row []value.Value) {
	if !j.narrow {
		copy(j.comb[j.nl:], row)
		return
	}
	right := j.comb[j.nl:]
	for _, i := range j.readR {
		right[i] = row[i]
	}
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
	var err error
	if j.rrows, err = j.r.drainInto(j.rrows, j.right, &j.store); err != nil {
		return err
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

// hashJoin builds a hash table on one side's keys and probes it with each
// row of the other. With SQL semantics a none key never matches (NULL =
// NULL is not true); with NullEqual (ZQL ==) none keys match each other.
//
// A join whose sides have no effects reads both sides in lockstep until
// one ends and builds on that one, the smaller, so the table (and the
// memory it misses in) is as small as it can be; otherwise it builds on
// the right side. The rows read meanwhile from the other side are probed
// first. Built on the left side, an outer join returns its unmatched
// build rows after probing (as a right join built on the right does),
// and a semi or anti join only marks the left rows that match while
// probing, then returns the marked (semi) or unmarked (anti) ones in
// their order. A join's output order then depends on the sides' sizes,
// which no plan relies on (a Sort is only dropped above a Scan).
type hashJoin struct {
	joinBase
	h maphash.Hash
	// table maps a key hash to its first build row + 1; chain[row] is
	// the next row of the same hash (-1 after the last), in insertion
	// order. Keys are stored with their rows (bkey), so the build
	// allocates only the map entries.
	// When the keys are integers of a compact range (a primary key, a
	// dense id) the table is dense instead: first row + 1 of each key
	// at dense[key-dmin], with no hashing and, for probes in key order,
	// no cache misses. It then is only made when a probe key is not an
	// integer (a float or numeric equal to one).
	table map[uint64]int32
	dense []int32
	dmin  int64
	live  int // build rows whose keys can match
	chain []int32
	// sides holds the rows read of the left and the right side: of each
	// only its columns in kept[side] (all when nil), the ones read of
	// the combined row, then its nk keys, evaluated as it was read;
	// width[side] is the number of columns before the keys.
	sides [2]rowTable
	kept  [2][]int
	width [2]int
	// keyCols[side] are the columns of the side's rows its keys are,
	// when every key is a column of the row (the usual equi-join): read
	// directly, without the expression walk. nil otherwise.
	keyCols    [2][]int
	kbuf       []value.Value
	bt         *rowTable // the build rows: one of sides
	pre        *rowTable // probe rows read while choosing the build side, or nil
	pi         int
	bnull      []bool
	nk         int
	buildLeft  bool
	lockstepOK bool // the sides have no effects
	probe      iterator
	rmatched   []bool
	pkeys      []value.Value
	cand       int32 // the build row to try next, -1 when none
	byDense    bool  // cand's chain holds only rows whose key equals the probe's
	inProbe    bool
	matched    bool
	tail       int
	// probeOnly: a worker's copy of a parallel aggregate's join
	// (prober), which shares the build rows and the table of the join
	// that built them (openBuild) with the other workers' and only
	// probes.
	probeOnly bool
}

// close gives the rows' chunks back to the executor's pools, then closes
// the sides: nothing reads the join's rows after it. A prober closes
// only its probe side: the rows are the building join's.
func (j *hashJoin) close() {
	if j.probeOnly {
		j.probe.close()
		return
	}
	j.sides[0].release()
	j.sides[1].release()
	j.joinBase.close()
}

func (j *hashJoin) open(o outer) error {
	if j.probeOnly {
		j.o, j.inProbe, j.tail = o, false, -1
		return j.probe.open(o)
	}
	j.reset(o)
	if err := j.left.open(o); err != nil {
		return err
	}
	if err := j.right.open(o); err != nil {
		return err
	}
	j.buildLeft, j.probe = false, j.left
	if j.lockstepOK {
		if err := j.lockstep(); err != nil {
			return err
		}
	} else if err := j.drainRight(); err != nil {
		return err
	}
	return j.makeTable()
}

// reset empties the join's rows for an open.
func (j *hashJoin) reset(o outer) {
	j.o, j.inProbe, j.tail = o, false, -1
	j.h.SetSeed(j.r.hashSeed())
	j.bnull, j.chain = j.bnull[:0], j.chain[:0]
	j.nk = len(j.n.RightKeys)
	for side, w := range [2]int{j.nl, j.nr} {
		if j.kept[side] != nil {
			w = len(j.kept[side])
		}
		j.width[side] = w
		j.sides[side].reset(w + j.nk)
	}
	j.bt, j.pre, j.pi = &j.sides[1], nil, 0
	if j.pkeys == nil {
		j.pkeys, j.kbuf = make([]value.Value, j.nk), make([]value.Value, j.nk)
	}
}

// makeTable indexes the build rows in bt by their keys.
func (j *hashJoin) makeTable() error {
	if err := j.buildKeys(); err != nil {
		return err
	}
	// The table is made once the build side's size is known.
	j.table, j.dense, j.live = nil, nil, 0
	for _, null := range j.bnull {
		if !null {
			j.live++
		}
	}
	if !j.denseTable() {
		j.hashTable()
	}
	j.rmatched = nil
	if j.keepsBuild() {
		j.rmatched = make([]bool, j.bt.len())
	}
	return nil
}

// openBuild reads the build side (the left when buildLeft, else the
// right) whole and indexes its rows, for the workers of a parallel
// aggregate to probe (prober); the join has no iterator of its probe
// side. intProbes says the probe keys are integers (a single integer
// column): without it a dense table gets its hash table now, since a
// worker meeting a key that is not an integer could not make it then.
func (j *hashJoin) openBuild(o outer, buildLeft, intProbes bool) error {
	side, in := j.startBuild(o, buildLeft)
	if err := in.open(o); err != nil {
		return err
	}
	for {
		row, err := in.next()
		if err != nil {
			return err
		}
		if row == nil {
			break
		}
		if err := j.r.tick(); err != nil {
			return err
		}
		if err := j.keep(side, row); err != nil {
			return err
		}
	}
	return j.finishBuild(intProbes)
}

// startBuild readies j to build on the left side (buildLeft) or the
// right, returning that side's index and iterator (nil when the rows
// come from elsewhere: a parallel build's workers).
func (j *hashJoin) startBuild(o outer, buildLeft bool) (int, iterator) {
	j.reset(o)
	side, in := 1, j.right
	if buildLeft {
		side, in = 0, j.left
	}
	j.buildLeft, j.bt = buildLeft, &j.sides[side]
	return side, in
}

// finishBuild indexes the build rows openBuild read (see there).
func (j *hashJoin) finishBuild(intProbes bool) error {
	if err := j.makeTable(); err != nil {
		return err
	}
	if j.rmatched != nil {
		// The rows an outer join returns after probing need every
		// worker's matches; the optimizer never builds such a side.
		return internalf("a parallel %v join cannot build on that side", j.n.Kind)
	}
	if j.dense != nil && j.table == nil && !intProbes {
		j.hashTable()
	}
	return nil
}

// prober returns a copy of j, which openBuild built, that probes j's
// table with the rows of probe in run r (a parallel aggregate's
// worker). The table and the rows are only read, by all the probers at
// once; each has its own probe state and combined row.
func (j *hashJoin) prober(r *run, probe iterator) *hashJoin {
	p := *j
	p.r, p.probeOnly, p.probe, p.pre = r, true, probe, nil
	p.comb, p.lrow = make([]value.Value, len(j.comb)), nil
	p.pkeys, p.kbuf = make([]value.Value, j.nk), make([]value.Value, j.nk)
	p.left, p.right = nil, nil
	if j.buildLeft {
		p.right = probe
	} else {
		p.left = probe
	}
	// The same seed as the building join's: the table's hashes.
	p.h = maphash.Hash{}
	p.h.SetSeed(j.r.hashSeed())
	return &p
}

// keepsBuild reports whether build rows are returned after probing: the
// unmatched ones of an outer join on the build side, the left rows of a
// semi or anti join built on the left.
func (j *hashJoin) keepsBuild() bool {
	switch j.n.Kind {
	case plan.FullJoin, plan.SemiJoin, plan.AntiJoin:
		return j.n.Kind == plan.FullJoin || j.buildLeft
	case plan.LeftJoin:
		return j.buildLeft
	case plan.RightJoin:
		return !j.buildLeft
	}
	return false
}

// lockstep reads the left and right rows alternately until a side ends.
// The ended side's rows become the build rows, the other side's are kept
// in pre to be probed first.
func (j *hashJoin) lockstep() error {
	for {
		row, err := j.left.next()
		if err != nil {
			return err
		}
		if row == nil {
			j.buildLeft, j.probe, j.bt, j.pre = true, j.right, &j.sides[0], &j.sides[1]
			return nil
		}
		if err := j.keep(0, row); err != nil {
			return err
		}
		if row, err = j.right.next(); err != nil {
			return err
		}
		if row == nil {
			j.bt, j.pre = &j.sides[1], &j.sides[0]
			return nil
		}
		if err := j.keep(1, row); err != nil {
			return err
		}
		if err := j.r.tick(); err != nil {
			return err
		}
	}
}

// drainRight keeps all the right side's rows (the build rows).
func (j *hashJoin) drainRight() error {
	for {
		row, err := j.right.next()
		if err != nil || row == nil {
			return err
		}
		if err := j.r.tick(); err != nil {
			return err
		}
		if err := j.keep(1, row); err != nil {
			return err
		}
	}
}

// directCols returns the row columns keys are when each is a column of
// a row of width w, else nil.
func directCols(keys []plan.Expr, w int) []int {
	cols := make([]int, len(keys))
	for i, x := range keys {
		c, ok := x.(*plan.ColRef)
		if !ok || c.Depth != 0 || c.Idx < 0 || c.Idx >= w {
			return nil
		}
		cols[i] = c.Idx
	}
	return cols
}

// evalKeys evaluates the keys of a row of a side (0 left, 1 right) into
// dst.
func (j *hashJoin) evalKeys(side int, row, dst []value.Value) error {
	return j.evalKeysIn(j.r, side, row, dst)
}

// evalKeysIn is evalKeys in run r (a parallel build's worker).
func (j *hashJoin) evalKeysIn(r *run, side int, row, dst []value.Value) error {
	if cols := j.keyCols[side]; cols != nil {
		for i, c := range cols {
			dst[i] = row[c]
		}
		return nil
	}
	keys := j.n.LeftKeys
	if side == 1 {
		keys = j.n.RightKeys
	}
	sc := j.o.scope(row)
	for i, x := range keys {
		v, err := r.eval(x, &sc)
		if err != nil {
			return err
		}
		dst[i] = v
	}
	return nil
}

// keep adds a row of a side (0 left, 1 right) and its keys to
// sides[side].
func (j *hashJoin) keep(side int, row []value.Value) error {
	if err := j.evalKeys(side, row, j.kbuf); err != nil {
		return err
	}
	j.sides[side].addCols(row, j.kept[side], j.kbuf)
	return nil
}

// bkey returns the keys of build row i.
func (j *hashJoin) bkey(i int) []value.Value {
	return j.bt.row(i)[j.width[1-j.probeSide()]:]
}

// setKept copies a kept row of a side into the combined row.
func (j *hashJoin) setKept(side int, row []value.Value) {
	dst := j.comb
	if side == 1 {
		dst = j.comb[j.nl:]
	}
	cols := j.kept[side]
	if cols == nil {
		copy(dst, row)
		return
	}
	for k, c := range cols {
		dst[c] = row[k]
	}
}

// buildKeys takes the keys of the build rows, kept as they were read.
func (j *hashJoin) buildKeys() error {
	n := j.bt.len()
	if n > math.MaxInt32 {
		return errs.New(errs.ProgramLimitExceeded, "a hash join's build side cannot exceed %d rows", math.MaxInt32)
	}
	if cap(j.bnull) < n {
		j.bnull, j.chain = make([]bool, 0, n), make([]int32, 0, n)
	}
	for i := range n {
		null := false
		keys := j.bkey(i)
		for k := range keys {
			null = null || keys[k].IsSQLNull()
		}
		j.bnull = append(j.bnull, null && !j.n.NullEqual)
		j.chain = append(j.chain, -1)
	}
	return nil
}

// probeSide is the side probe rows come from: 0 left, 1 right.
func (j *hashJoin) probeSide() int {
	if j.buildLeft {
		return 1
	}
	return 0
}

// nextProbe returns the next probe row and, for a row kept while
// choosing the build side, its keys (nil: the row is the probe side's
// own, keys not yet evaluated).
func (j *hashJoin) nextProbe() (row, keys []value.Value, err error) {
	if j.pre != nil && j.pi < j.pre.len() {
		i := j.pi
		j.pi++
		row, w := j.pre.row(i), j.width[j.probeSide()]
		return row[:w], row[w:], nil
	}
	row, err = j.probe.next()
	return row, nil, err
}

func (j *hashJoin) startProbe(row, keys []value.Value) error {
	side := j.probeSide()
	switch {
	case keys != nil:
		j.setKept(side, row)
		copy(j.pkeys, keys)
	default:
		if side == 1 {
			j.setRight(row)
		} else {
			j.setLeft(row)
		}
		if err := j.evalKeys(side, row, j.pkeys); err != nil {
			return err
		}
	}
	j.inProbe, j.matched, j.cand = true, false, -1
	// Indexed, not ranged over by value: a copy of each 48-byte key,
	// just written by evalKeys, cost a store forwarding stall per probe.
	null := false
	for i := range j.pkeys {
		null = null || j.pkeys[i].IsSQLNull()
	}
	if null && !j.n.NullEqual {
		return nil
	}
	if j.dense != nil {
		if k, ok := denseIntAt(&j.pkeys[0]); ok {
			if off := uint64(k) - uint64(j.dmin); off < uint64(len(j.dense)) {
				j.cand = j.dense[off] - 1
			}
			j.byDense = j.table == nil
			return nil
		}
		if j.table == nil {
			if j.probeOnly {
				// openBuild made the hash table unless every probe key
				// is an integer.
				return internalf("a parallel join probes a dense table with a %s key", j.pkeys[0].Kind())
			}
			j.hashTable()
		}
	}
	j.byDense = false
	j.cand = j.table[hashValues(&j.h, j.pkeys)] - 1
	return nil
}

// denseInt returns v as an int64 when it is an integer that fits one.
func denseInt(v value.Value) (int64, bool) { return denseIntAt(&v) }

// denseIntAt is denseInt of *v, for loops over rows: the 48-byte value
// is not copied.
func denseIntAt(v *value.Value) (int64, bool) {
	if v.Kind() != value.KindInt || (v.Width() == value.U64 && v.AsUint64() > math.MaxInt64) {
		return 0, false
	}
	return v.AsInt(), true
}

// denseTable makes the dense table when there is one key, every build
// key that can match is an integer, and their range is at most a few
// times their number.
func (j *hashJoin) denseTable() bool {
	if j.nk != 1 || j.live == 0 {
		return false
	}
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for i, null := range j.bnull {
		if null {
			continue
		}
		k, ok := denseIntAt(&j.bkey(i)[0])
		if !ok {
			return false
		}
		lo, hi = min(lo, k), max(hi, k)
	}
	span := uint64(hi) - uint64(lo) // no overflow in unsigned arithmetic
	if span >= 4*uint64(j.live)+64 {
		return false
	}
	j.dense, j.dmin = make([]int32, span+1), lo
	// Backwards, so that each chain is in insertion order.
	for i := j.bt.len() - 1; i >= 0; i-- {
		if j.bnull[i] {
			continue
		}
		k, _ := denseIntAt(&j.bkey(i)[0])
		off := uint64(k) - uint64(lo)
		j.chain[i] = j.dense[off] - 1
		j.dense[off] = int32(i) + 1
	}
	return true
}

// hashTable makes the hash table of the build rows. Made after a dense
// table, it relinks the chains by hash; a dense lookup still finds its
// key's rows along them (equal keys hash alike, the probe compares keys).
func (j *hashJoin) hashTable() {
	j.table = make(map[uint64]int32, j.live)
	for i := j.bt.len() - 1; i >= 0; i-- {
		if j.bnull[i] {
			continue
		}
		k := hashValues(&j.h, j.bkey(i))
		j.chain[i] = j.table[k] - 1
		j.table[k] = int32(i) + 1
	}
}

func (j *hashJoin) next() ([]value.Value, error) {
	kind := j.n.Kind
	// A semi or anti join built on the left marks its matching left
	// rows while probing and returns rows only in the tail.
	marking := j.buildLeft && (kind == plan.SemiJoin || kind == plan.AntiJoin)
	for {
		if j.tail >= 0 {
			return j.nextTail()
		}
		if !j.inProbe {
			if j.live == 0 && (kind == plan.InnerJoin || kind == plan.SemiJoin) {
				return nil, nil // nothing can match: the probe side need not be read
			}
			row, keys, err := j.nextProbe()
			if err != nil {
				return nil, err
			}
			if row == nil {
				if j.rmatched != nil {
					j.tail = 0
					continue
				}
				return nil, nil
			}
			if err := j.r.tick(); err != nil {
				return nil, err
			}
			if err := j.startProbe(row, keys); err != nil {
				return nil, err
			}
		}
		if j.cand < 0 {
			j.inProbe = false
			if !j.matched {
				switch {
				case j.buildLeft && (kind == plan.RightJoin || kind == plan.FullJoin):
					clear(j.comb[:j.nl])
					return j.comb, nil
				case j.buildLeft:
				case kind == plan.LeftJoin || kind == plan.FullJoin:
					return j.nullRight(), nil
				case kind == plan.AntiJoin:
					return j.leftOnly(), nil
				}
			}
			continue
		}
		bi := j.cand
		j.cand = j.chain[bi]
		if marking && j.rmatched[bi] {
			continue // known to match already
		}
		// A dense table's chains link only rows of the probe's integer
		// key until a hash table relinks them: no comparison needed.
		if !j.byDense && !equalValues(j.pkeys, j.bkey(int(bi))) {
			continue
		}
		bs := 1 - j.probeSide()
		j.setKept(bs, j.bt.row(int(bi))[:j.width[bs]])
		ok, err := j.on()
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		j.matched = true
		if j.rmatched != nil {
			j.rmatched[bi] = true
		}
		if marking {
			continue
		}
		switch kind {
		case plan.SemiJoin:
			j.inProbe = false
			return j.leftOnly(), nil
		case plan.AntiJoin:
			j.inProbe = false
			continue
		}
		return j.comb, nil
	}
}

// nextTail returns the next build row kept after probing (keepsBuild):
// the left rows a semi join marked or an anti join did not, the unmatched
// rows of an outer join with the other side none.
func (j *hashJoin) nextTail() ([]value.Value, error) {
	kind := j.n.Kind
	for j.tail < j.bt.len() {
		i := j.tail
		j.tail++
		if err := j.r.tick(); err != nil {
			return nil, err
		}
		if j.rmatched[i] != (kind == plan.SemiJoin) {
			continue
		}
		bs := 1 - j.probeSide()
		row := j.bt.row(i)[:j.width[bs]]
		switch {
		case kind == plan.SemiJoin || kind == plan.AntiJoin:
			j.setKept(0, row)
			return j.leftOnly(), nil
		case j.buildLeft:
			j.setKept(0, row)
			return j.nullRight(), nil
		}
		clear(j.comb[:j.nl])
		j.setKept(1, row)
		return j.comb, nil
	}
	return nil, nil
}

// drainInto appends copies (made with store) of the rest of it's rows to
// rows: what a join reads its inner or build side into.
func (r *run) drainInto(rows [][]value.Value, it iterator, store *rowStore) ([][]value.Value, error) {
	for {
		row, err := it.next()
		if err != nil || row == nil {
			return rows, err
		}
		if err := r.tick(); err != nil {
			return rows, err
		}
		rows = append(rows, store.copy(row))
	}
}
