package exec

import (
	"time"

	"math"
	"slices"
	"sort"

	"github.com/cockroachdb/apd/v3"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// windowIter computes window functions: it reads its whole input, then
// for each function sorts the rows by partition and order keys and walks
// each partition. Rows come out in the order of the first function's
// window (PostgreSQL's order when the query has no ORDER BY of its own).
type windowIter struct {
	r    *run
	n    *plan.Window
	in   iterator
	rows [][]value.Value // input row followed by one slot per function
	perm []int           // output order
	i    int
}

func (it *windowIter) close() { it.in.close() }

func (it *windowIter) open(o outer) error {
	it.rows, it.perm, it.i = nil, nil, 0
	if err := it.in.open(o); err != nil {
		return err
	}
	width := len(it.n.Cols) - len(it.n.Funcs)
	for {
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
		out := make([]value.Value, len(it.n.Cols))
		copy(out, row[:width])
		it.rows = append(it.rows, out)
	}
	for fi := range it.n.Funcs {
		perm, err := it.compute(o, fi, width+fi)
		if err != nil {
			return err
		}
		if fi == 0 {
			it.perm = perm
		}
	}
	if it.perm == nil {
		it.perm = make([]int, len(it.rows))
		for i := range it.perm {
			it.perm[i] = i
		}
	}
	return nil
}

func (it *windowIter) next() ([]value.Value, error) {
	if it.i >= len(it.perm) {
		return nil, nil
	}
	row := it.rows[it.perm[it.i]]
	it.i++
	return row, nil
}

// winRow is one input row in window order with its keys.
type winRow struct {
	idx         int
	part, order []value.Value
}

// compute evaluates function fi into column col of every row and returns
// the window order of the rows.
func (it *windowIter) compute(o outer, fi, col int) ([]int, error) {
	f := &it.n.Funcs[fi]
	ws := make([]winRow, len(it.rows))
	for i, row := range it.rows {
		sc := o.scope(row)
		w := winRow{idx: i, part: make([]value.Value, len(f.Partition)), order: make([]value.Value, len(f.Order))}
		for k, x := range f.Partition {
			v, err := it.r.eval(x, &sc)
			if err != nil {
				return nil, err
			}
			w.part[k] = v
		}
		for k := range f.Order {
			v, err := it.r.eval(f.Order[k].X, &sc)
			if err != nil {
				return nil, err
			}
			w.order[k] = v
		}
		ws[i] = w
	}
	slices.SortStableFunc(ws, func(a, b winRow) int {
		if c := compareValues(a.part, b.part); c != 0 {
			return c
		}
		return compareSortKeys(f.Order, a.order, b.order)
	})
	perm := make([]int, len(ws))
	for i := range ws {
		perm[i] = ws[i].idx
	}
	for start := 0; start < len(ws); {
		end := start + 1
		for end < len(ws) && compareValues(ws[start].part, ws[end].part) == 0 {
			end++
		}
		p := &winPart{it: it, o: o, f: f, col: col, rows: ws[start:end]}
		if err := p.run(); err != nil {
			return nil, err
		}
		start = end
	}
	return perm, nil
}

// winPart is one partition of one window function.
type winPart struct {
	it   *windowIter
	o    outer
	f    *plan.WindowFunc
	col  int
	rows []winRow
	// peerStart[i] and peerEnd[i] bound the peers of row i (end exclusive).
	peerStart, peerEnd []int
	// group[i] numbers row i's peer group; groupStart[g] is the first row
	// of group g (GROUPS frames only).
	group      []int64
	groupStart []int
}

func (p *winPart) row(i int) []value.Value { return p.it.rows[p.rows[i].idx] }

func (p *winPart) set(i int, v value.Value) { p.row(i)[p.col] = v }

func (p *winPart) eval(x plan.Expr, i int) (value.Value, error) {
	sc := p.o.scope(p.row(i))
	return p.it.r.eval(x, &sc)
}

func (p *winPart) peers() {
	n := len(p.rows)
	p.peerStart, p.peerEnd = make([]int, n), make([]int, n)
	for s := 0; s < n; {
		e := s + 1
		for e < n && compareSortKeys(p.f.Order, p.rows[s].order, p.rows[e].order) == 0 {
			e++
		}
		for i := s; i < e; i++ {
			p.peerStart[i], p.peerEnd[i] = s, e
		}
		s = e
	}
}

func (p *winPart) run() error {
	p.peers()
	n := len(p.rows)
	f := p.f
	switch f.Name {
	case "row_number":
		for i := range n {
			p.set(i, value.Int(int64(i+1)))
		}
	case "rank":
		for i := range n {
			p.set(i, value.Int(int64(p.peerStart[i]+1)))
		}
	case "dense_rank":
		rank := int64(0)
		for i := range n {
			if p.peerStart[i] == i {
				rank++
			}
			p.set(i, value.Int(rank))
		}
	case "percent_rank":
		for i := range n {
			r := 0.0
			if n > 1 {
				r = float64(p.peerStart[i]) / float64(n-1)
			}
			p.set(i, value.Float(r))
		}
	case "cume_dist":
		for i := range n {
			p.set(i, value.Float(float64(p.peerEnd[i])/float64(n)))
		}
	case "ntile":
		return p.ntile()
	case "lag", "lead":
		return p.shift()
	default:
		return p.framed()
	}
	return nil
}

func (p *winPart) ntile() error {
	v, err := p.eval(p.f.Args[0], 0)
	if err != nil {
		return err
	}
	if v.IsNone() {
		for i := range p.rows {
			p.set(i, value.None)
		}
		return nil
	}
	k := v.AsInt()
	if k <= 0 {
		return errs.New(errs.InvalidArgumentForNtile, "argument of ntile must be greater than zero")
	}
	n := int64(len(p.rows))
	per, extra := n/k, n%k
	bucket, left := int64(1), per
	if extra > 0 {
		left++
	}
	for i := range p.rows {
		if left == 0 {
			bucket++
			left = per
			if bucket <= extra {
				left++
			}
		}
		p.set(i, value.IntW(bucket, value.I32))
		left--
	}
	return nil
}

// shift computes lag and lead: the argument on the row offset rows before
// (after), or the default.
func (p *winPart) shift() error {
	f := p.f
	for i := range p.rows {
		off := int64(1)
		if len(f.Args) > 1 {
			v, err := p.eval(f.Args[1], i)
			if err != nil {
				return err
			}
			if v.IsNone() {
				p.set(i, value.None)
				continue
			}
			off = v.AsInt()
		}
		if f.Name == "lag" {
			off = -off
		}
		j := int64(i) + off
		var v value.Value
		var err error
		if j >= 0 && j < int64(len(p.rows)) {
			v, err = p.eval(f.Args[0], int(j))
		} else if len(f.Args) > 2 {
			v, err = p.eval(f.Args[2], i)
		}
		if err != nil {
			return err
		}
		p.set(i, v)
	}
	return nil
}

// frameOffset evaluates a frame bound's offset: a count for ROWS and
// GROUPS (in n), a distance for RANGE (in v).
func (p *winPart) frameOffset(b plan.FrameBound, what string) (n int64, v value.Value, err error) {
	if b.Offset == nil {
		return 0, value.None, nil
	}
	if v, err = p.eval(b.Offset, 0); err != nil {
		return 0, value.None, err
	}
	if v.IsNone() {
		return 0, value.None, errs.New(errs.NullValueNotAllowed, "frame %s offset must not be null", what)
	}
	if p.rangeOffsets() {
		neg := false
		switch v.Kind() {
		case value.KindInt:
			neg = v.Width() != value.U64 && v.AsInt() < 0
		case value.KindFloat:
			neg = v.AsFloat() < 0 || v.AsFloat() != v.AsFloat()
		case value.KindDecimal:
			neg = v.AsDecimal().Negative || v.AsDecimal().Form != apd.Finite
		case value.KindDuration:
			neg = v.AsDuration() < 0
		}
		if neg {
			return 0, value.None, errs.New(errs.InvalidPrecedingOrFollowingSize, "invalid preceding or following size in window function")
		}
		return 0, v, nil
	}
	if v.Kind() != value.KindInt {
		c, err := value.Convert(v, value.TypeInt8)
		if err != nil {
			return 0, value.None, err
		}
		v = c
	}
	if v.AsInt() < 0 {
		return 0, value.None, errs.New(errs.InvalidPrecedingOrFollowingSize, "frame %s offset must not be negative", what)
	}
	return v.AsInt(), value.None, nil
}

// rangeOffsets reports a RANGE frame with an offset bound.
func (p *winPart) rangeOffsets() bool {
	fr := p.f.Frame
	return !fr.Rows && !fr.Groups && (fr.Start.Offset != nil || fr.End.Offset != nil)
}

// bound gives one end of row i's frame, as an index into the partition
// (start: the first row in; end: one past the last), before clamping.
func (p *winPart) bound(b plan.FrameBound, off int64, offv value.Value, i int, start bool) (int64, error) {
	n := int64(len(p.rows))
	fr := p.f.Frame
	switch b.Kind {
	case plan.UnboundedPreceding:
		return 0, nil
	case plan.UnboundedFollowing:
		return n, nil
	case plan.CurrentRow:
		if fr.Rows {
			if start {
				return int64(i), nil
			}
			return int64(i) + 1, nil
		}
		if start {
			return int64(p.peerStart[i]), nil
		}
		return int64(p.peerEnd[i]), nil
	}
	preceding := b.Kind == plan.OffsetPreceding
	switch {
	case fr.Groups:
		g := p.group[i]
		if preceding {
			g -= off
		} else {
			g = satAdd(g, off)
		}
		switch {
		case g < 0:
			return 0, nil
		case g >= int64(len(p.groupStart)):
			return n, nil
		case start:
			return int64(p.groupStart[g]), nil
		}
		return int64(p.peerEnd[p.groupStart[g]]), nil
	case !fr.Rows:
		return p.rangeBound(offv, preceding, i, start)
	}
	at := int64(i)
	if preceding {
		at -= off
	} else {
		at = satAdd(at, off)
	}
	if start {
		return at, nil
	}
	return satAdd(at, 1), nil
}

func satAdd(a, b int64) int64 {
	if b > 0 && a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// rangeBound is a RANGE frame's offset bound for row i: the rows whose
// key lies within off of row i's key. A row whose key is NULL has its
// peers (the other NULLs) as the bound, and NULLs are never in range of
// a value.
func (p *winPart) rangeBound(off value.Value, preceding bool, i int, start bool) (int64, error) {
	key := p.rows[i].order[0]
	if key.IsNone() {
		if start {
			return int64(p.peerStart[i]), nil
		}
		return int64(p.peerEnd[i]), nil
	}
	sign := 1
	if p.f.Order[0].Desc {
		sign = -1
	}
	op := value.Add
	if preceding == (sign == 1) {
		op = value.Sub
	}
	lo, hi := p.nonNull()
	// A timestamptz key moves by the interval in the session time zone,
	// as timestamptz ± interval does (window functions are SQL's).
	target, err := rangeTarget(op, key, off, p.it.r.zone(true))
	if err != nil {
		if errs.Code(err) != errs.NumericValueOutOfRange && errs.Code(err) != errs.DatetimeFieldOverflow {
			return 0, err
		}
		// Past the type's range: beyond every key on that side.
		if preceding {
			return int64(lo), nil
		}
		return int64(hi), nil
	}
	j := lo + sort.Search(hi-lo, func(k int) bool {
		c := sign * value.Compare(p.rows[lo+k].order[0], target)
		if start {
			return c >= 0
		}
		return c > 0
	})
	return int64(j), nil
}

// rangeTarget is key ± off, the edge of a RANGE frame. A time's edge
// does not wrap around midnight, as PostgreSQL's in_range_time_interval
// (it is only compared with), which also disregards the offset's months
// and days, and refuses a negative time part.
func rangeTarget(op value.ArithOp, key, off value.Value, loc *time.Location) (value.Value, error) {
	if key.Kind() == value.KindTimeTZ && off.Kind() == value.KindDuration {
		// The same for a timetz (in_range_timetz_interval), its
		// offset kept.
		iv := off.AsInterval()
		if iv.Micros < 0 {
			return value.None, errs.New(errs.InvalidPrecedingOrFollowingSize, "invalid preceding or following size in window function")
		}
		if op == value.Sub {
			return value.TimeTZRangeEdge(key, -iv.Micros), nil
		}
		return value.TimeTZRangeEdge(key, iv.Micros), nil
	}
	if key.Kind() != value.KindTime || off.Kind() != value.KindDuration {
		return value.ArithIn(op, key, off, loc)
	}
	iv := off.AsInterval()
	if iv.Micros < 0 {
		return value.None, errs.New(errs.InvalidPrecedingOrFollowingSize, "invalid preceding or following size in window function")
	}
	if op == value.Sub {
		return value.TimeOfDay(key.AsTimeOfDay() - iv.Micros), nil
	}
	return value.TimeOfDay(key.AsTimeOfDay() + iv.Micros), nil
}

// nonNull bounds the rows whose (first) ORDER BY key is not NULL: NULLs
// sort together at one end.
func (p *winPart) nonNull() (lo, hi int) {
	lo, hi = 0, len(p.rows)
	for lo < hi && p.rows[lo].order[0].IsNone() {
		lo++
	}
	for hi > lo && p.rows[hi-1].order[0].IsNone() {
		hi--
	}
	return lo, hi
}

// groups numbers the peer groups of the partition (GROUPS frames).
func (p *winPart) groups() {
	p.group = make([]int64, len(p.rows))
	p.groupStart = p.groupStart[:0]
	for i := range p.rows {
		if p.peerStart[i] == i {
			p.groupStart = append(p.groupStart, i)
		}
		p.group[i] = int64(len(p.groupStart) - 1)
	}
}

// excluded bounds the rows [lo, hi) the frame exclusion removes from row
// i's frame; keep is a row of them that stays (EXCLUDE TIES keeps the
// current row), or -1.
func (p *winPart) excluded(i int) (lo, hi, keep int) {
	switch p.f.Frame.Exclude {
	case plan.ExcludeCurrentRow:
		return i, i + 1, -1
	case plan.ExcludeGroup:
		return p.peerStart[i], p.peerEnd[i], -1
	case plan.ExcludeTies:
		return p.peerStart[i], p.peerEnd[i], i
	}
	return 0, 0, -1
}

// framed computes the functions that see a frame: the aggregates and
// first_value, last_value, nth_value.
func (p *winPart) framed() error {
	f := p.f
	so, sv, err := p.frameOffset(f.Frame.Start, "starting")
	if err != nil {
		return err
	}
	eo, ev, err := p.frameOffset(f.Frame.End, "ending")
	if err != nil {
		return err
	}
	if f.Frame.Groups {
		p.groups()
	}
	n := int64(len(p.rows))
	// With a fixed start, frames only grow: one accumulator serves all.
	var acc *aggAcc
	added := int64(0)
	exclude := f.Frame.Exclude != plan.ExcludeNoOthers
	incremental := f.Agg != nil && f.Frame.Start.Kind == plan.UnboundedPreceding && !exclude
	var in []int64 // the frame's rows, with an exclusion
	for i := range p.rows {
		lo, err := p.bound(f.Frame.Start, so, sv, i, true)
		if err != nil {
			return err
		}
		hi, err := p.bound(f.Frame.End, eo, ev, i, false)
		if err != nil {
			return err
		}
		lo, hi = max(lo, 0), min(hi, n)
		if exclude {
			in = in[:0]
			xlo, xhi, keep := p.excluded(i)
			for j := lo; j < hi; j++ {
				if j < int64(xlo) || j >= int64(xhi) || j == int64(keep) {
					in = append(in, j)
				}
			}
		}
		if f.Agg == nil {
			v, err := p.valueAt(i, lo, hi, in, exclude)
			if err != nil {
				return err
			}
			p.set(i, v)
			continue
		}
		if exclude {
			acc = &aggAcc{a: f.Agg}
			for _, j := range in {
				sc := p.o.scope(p.row(int(j)))
				if err := acc.feed(p.it.r, &sc); err != nil {
					return err
				}
			}
		} else {
			if !incremental || acc == nil || hi < added {
				acc, added = &aggAcc{a: f.Agg}, lo
			}
			for ; added < hi; added++ {
				sc := p.o.scope(p.row(int(added)))
				if err := acc.feed(p.it.r, &sc); err != nil {
					return err
				}
			}
		}
		v, err := acc.result()
		if err != nil {
			return err
		}
		if d := v.AsDecimal(); v.Kind() == value.KindDecimal && d != nil {
			// The accumulator keeps adding into its decimal.
			v = value.Decimal(new(apd.Decimal).Set(d))
		}
		p.set(i, v)
	}
	return nil
}

// valueAt computes first_value, last_value or nth_value over the frame
// [lo, hi) of row i, or over the rows in when exclude is set.
func (p *winPart) valueAt(i int, lo, hi int64, in []int64, exclude bool) (value.Value, error) {
	f := p.f
	if exclude {
		// Positions in the list of the frame's rows.
		lo, hi = 0, int64(len(in))
	}
	var j int64
	switch f.Name {
	case "first_value":
		j = lo
	case "last_value":
		j = hi - 1
	case "nth_value":
		v, err := p.eval(f.Args[1], i)
		if err != nil {
			return value.None, err
		}
		if v.IsNone() {
			return value.None, nil
		}
		if v.AsInt() <= 0 {
			return value.None, errs.New(errs.InvalidArgumentForNthValue, "argument of nth_value must be greater than zero")
		}
		j = lo + v.AsInt() - 1
	default:
		return value.None, internalf("window function %s not supported", f.Name)
	}
	if j < lo || j >= hi {
		return value.None, nil
	}
	if exclude {
		j = in[j]
	}
	return p.eval(f.Args[0], int(j))
}
