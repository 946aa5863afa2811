package exec

import (
	"slices"

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

// frameOffset evaluates a frame bound's offset.
func (p *winPart) frameOffset(b plan.FrameBound, what string) (int64, error) {
	if b.Offset == nil {
		return 0, nil
	}
	v, err := p.eval(b.Offset, 0)
	if err != nil {
		return 0, err
	}
	if v.IsNone() {
		return 0, errs.New(errs.NullValueNotAllowed, "frame %s offset must not be null", what)
	}
	if v.Kind() != value.KindInt {
		c, err := value.Convert(v, value.TypeInt8)
		if err != nil {
			return 0, err
		}
		v = c
	}
	if v.AsInt() < 0 {
		return 0, errs.New(errs.InvalidPrecedingOrFollowingSize, "frame %s offset must not be negative", what)
	}
	return v.AsInt(), nil
}

// bounds gives the frame of row i as [lo, hi) in the partition.
func (p *winPart) bound(b plan.FrameBound, off int64, i int, start bool) int64 {
	n := int64(len(p.rows))
	switch b.Kind {
	case plan.UnboundedPreceding:
		return 0
	case plan.UnboundedFollowing:
		return n
	case plan.CurrentRow:
		if p.f.Frame.Rows {
			if start {
				return int64(i)
			}
			return int64(i) + 1
		}
		if start {
			return int64(p.peerStart[i])
		}
		return int64(p.peerEnd[i])
	case plan.OffsetPreceding:
		if start {
			return int64(i) - off
		}
		return int64(i) - off + 1
	}
	if start {
		return int64(i) + off
	}
	return int64(i) + off + 1
}

// framed computes the functions that see a frame: the aggregates and
// first_value, last_value, nth_value.
func (p *winPart) framed() error {
	f := p.f
	so, err := p.frameOffset(f.Frame.Start, "starting")
	if err != nil {
		return err
	}
	eo, err := p.frameOffset(f.Frame.End, "ending")
	if err != nil {
		return err
	}
	n := int64(len(p.rows))
	// With a fixed start, frames only grow: one accumulator serves all.
	var acc *aggAcc
	added := int64(0)
	incremental := f.Agg != nil && f.Frame.Start.Kind == plan.UnboundedPreceding
	for i := range p.rows {
		lo := max(p.bound(f.Frame.Start, so, i, true), 0)
		hi := min(p.bound(f.Frame.End, eo, i, false), n)
		if f.Agg == nil {
			v, err := p.valueAt(i, lo, hi)
			if err != nil {
				return err
			}
			p.set(i, v)
			continue
		}
		if !incremental || acc == nil || hi < added {
			acc, added = &aggAcc{a: f.Agg}, lo
		}
		for ; added < hi; added++ {
			sc := p.o.scope(p.row(int(added)))
			if err := acc.feed(p.it.r, &sc); err != nil {
				return err
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

func (p *winPart) valueAt(i int, lo, hi int64) (value.Value, error) {
	f := p.f
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
	return p.eval(f.Args[0], int(j))
}
