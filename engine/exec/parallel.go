package exec

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"

	"github.com/zerodb/zerodb/engine/opt"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/kv"
)

// Parallel aggregation (plan.Aggregate.Parallel, engine/opt/parallel.go):
// the aggregate's input is a spine of Filters, Projects and hash joins
// down to one Scan. Before any worker starts, the statement's goroutine
// builds the table of every join on the spine from its other side, and
// opens the scan's one kv iterator. Then workers — goroutines, each
// with a run of its own (fork) — build the spine's iterators again, with
// their joins probing the shared tables (hashJoin.prober) and their
// scans reading the shared iterator a batch of records at a time
// (sharedScan), and aggregate what reaches them into groups of their
// own. The statement's goroutine is one of the workers; once all are
// done it merges their groups (aggAcc.merge) and yields them as the
// serial aggregate would.
//
// Only the kv iterator is shared between goroutines, and only under
// sharedScan's mutex: the transaction is never used by two at once.
// The workers decode, filter, probe and aggregate in parallel, which is
// most of the work: the iteration itself is a quarter of a join's time
// (ARCHITECTURE.md), so one cursor does not hold two or four workers
// back. Batches handed out from one cursor also balance the work
// between workers however the keys are spread, which splitting the key
// range up front would not.

// maxParallelWorkers bounds the workers of one parallel aggregate, the
// statement's goroutine included (PostgreSQL's default is two workers
// besides the leader).
const maxParallelWorkers = 4

// scanBatchRows is how many records a worker takes from the shared scan
// at a time: enough that the mutex costs nothing next to the work, few
// enough that the last batches spread over the workers.
const scanBatchRows = 256

// parallelRun is a spine made ready for workers, what their runs
// share: its joins' tables built, its scan's iterator open.
type parallelRun struct {
	scan  *plan.Scan               // the spine's scan, read from src
	src   *sharedScan              // the scan's records
	joins map[*plan.Join]*hashJoin // the spine's joins, built
	// shared are the iterators that made the above, closed after the
	// workers' (which read their tables and the kv iterator).
	shared []iterator
}

func (pr *parallelRun) close() {
	for _, it := range pr.shared {
		it.close()
	}
	pr.shared = nil
}

// fork returns a run for a worker of r's statement: the statement's
// environment and hash seed (the shared tables' hashes), with state of
// its own. ctx is the workers' context.
func (r *run) fork(ctx context.Context) *run {
	return &run{ctx: ctx, x: r.x, env: r.env, now: r.now, seed: r.hashSeed(), seeded: true}
}

// parallelWorkers is how many workers a parallel aggregate runs, the
// statement's goroutine included: one per processor the Go scheduler
// uses and CPU (the server runs a processor more than it has CPUs, for
// goroutines in system calls), up to maxParallelWorkers and to one more than the session's
// max_parallel_workers_per_gather (PostgreSQL's setting: the workers
// besides the leader; 0 runs the plan serially).
func (r *run) parallelWorkers() int {
	if r.x.workers > 0 {
		return r.x.workers
	}
	n := min(runtime.GOMAXPROCS(0), runtime.NumCPU(), maxParallelWorkers)
	if r.env.Setting != nil {
		if s, ok := r.env.Setting("max_parallel_workers_per_gather"); ok {
			if w, err := strconv.Atoi(s); err == nil && w >= 0 {
				n = min(n, w+1)
			}
		}
	}
	return n
}

// parallelAgg is the iterator of a parallel Aggregate.
type parallelAgg struct {
	r *run
	n *plan.Aggregate
	// out holds the merged groups and yields them (aggIter.next); it
	// has no input of its own.
	out aggIter
	// serial runs the aggregate the ordinary way when only one worker
	// could run (GOMAXPROCS 1) or the plan is not a spine after all;
	// built on first use.
	serial   iterator
	inSerial bool
}

func (r *run) buildParallelAgg(n *plan.Aggregate) (iterator, error) {
	return &parallelAgg{r: r, n: n, out: aggIter{r: r, n: n, direct: directAggs(n)}}, nil
}

func (p *parallelAgg) close() {
	if p.serial != nil {
		p.serial.close()
	}
}

func (p *parallelAgg) next() ([]value.Value, error) {
	if p.inSerial {
		return p.serial.next()
	}
	return p.out.next()
}

// spineJoin is a join of a parallel aggregate's spine and which side it
// builds on (the other leads to the scan).
type spineJoin struct {
	n         *plan.Join
	buildLeft bool
}

// parallelSpine returns the scan that n's spine leads to and the joins
// on the way, ok=false when n is not a spine.
func parallelSpine(n plan.Node) (*plan.Scan, []spineJoin, bool) {
	switch n := n.(type) {
	case *plan.Scan:
		return n, nil, n.Parallel
	case *plan.Filter:
		return parallelSpine(n.Input)
	case *plan.Project:
		return parallelSpine(n.Input)
	case *plan.Join:
		if n.Method != plan.HashJoin || n.Lateral {
			return nil, nil, false
		}
		switch n.Spine {
		case plan.LeftSide:
			if s, js, ok := parallelSpine(n.Left); ok {
				return s, append(js, spineJoin{n: n}), true
			}
		case plan.RightSide:
			if s, js, ok := parallelSpine(n.Right); ok {
				return s, append(js, spineJoin{n: n, buildLeft: true}), true
			}
		}
	}
	return nil, nil, false
}

func (p *parallelAgg) open(o outer) error {
	p.inSerial = false
	workers := p.r.parallelWorkers()
	if _, _, ok := parallelSpine(p.n.Input); workers < 2 || !ok {
		p.inSerial = true
		if p.serial == nil {
			in, err := p.r.build(p.n.Input)
			if err != nil {
				return err
			}
			p.serial = &aggIter{r: p.r, n: p.n, in: in, direct: p.out.direct}
		}
		return p.serial.open(o)
	}
	if st := p.r.analyze[p.n]; st != nil {
		st.workers = workers
	}
	p.out.groups, p.out.i = nil, 0
	par, err := p.prepare(o, p.n.Input, workers)
	if err != nil {
		return err
	}
	defer par.close()
	ws := make([]*aggIter, workers)
	gts := make([]*groupTable, workers)
	err = p.runWorkers(o, par, p.n.Input, workers, func(i int, wr *run, in iterator) error {
		ws[i] = &aggIter{r: wr, n: p.n, in: in, direct: p.out.direct}
		gts[i] = ws[i].newGroupTable()
		return ws[i].consume(o, gts[i])
	})
	if err != nil {
		return err
	}
	gt := p.out.newGroupTable()
	for i, w := range ws {
		part := w.groups
		if len(p.n.GroupBy) == 0 && gts[i].only != nil {
			part = []*group{gts[i].only}
		}
		for _, g := range part {
			m := p.out.group(gt, g.key)
			for i := range m.accs {
				if err := m.accs[i].merge(&g.accs[i]); err != nil {
					return err
				}
			}
		}
	}
	p.out.finish(gt)
	return nil
}

// prepare makes the spine rooted at n ready for workers: it builds the
// tables of its joins (from their other sides, in parallel where those
// are spines themselves) and opens its scan's iterator. On an error it
// closes what it made.
func (p *parallelAgg) prepare(o outer, n plan.Node, workers int) (_ *parallelRun, err error) {
	scan, joins, ok := parallelSpine(n)
	if !ok {
		return nil, internalf("a parallel aggregate's input is not a spine")
	}
	par := &parallelRun{scan: scan, joins: make(map[*plan.Join]*hashJoin, len(joins))}
	defer func() {
		if err != nil {
			par.close()
		}
	}()
	for _, sj := range joins {
		j, err := p.buildShared(o, sj, workers)
		if j != nil {
			par.shared = append(par.shared, j)
		}
		if err != nil {
			return nil, err
		}
		par.joins[sj.n] = j
	}
	it, err := p.r.buildScan(scan)
	if err != nil {
		return nil, err
	}
	par.shared = append(par.shared, it)
	rs, ok := it.(*rangeScan)
	if !ok {
		return nil, internalf("a parallel scan of %s is not a range scan", scan.Table.Name)
	}
	if err := rs.open(o); err != nil {
		return nil, err
	}
	par.src = &sharedScan{it: rs.it, owner: rs}
	if rs.empty {
		par.src.it = nil
	}
	return par, nil
}

// runWorkers runs work in workers goroutines (the statement's own among
// them), each with a run of its own sharing par and the iterator of n
// built and opened in it, and returns the first error. A worker's error
// or panic stops the others at their next batch or tick; a panic is
// raised again here, in the statement's goroutine.
func (p *parallelAgg) runWorkers(o outer, par *parallelRun, n plan.Node, workers int, work func(i int, wr *run, in iterator) error) error {
	r := p.r
	ctx, cancel := context.WithCancel(r.ctx)
	defer cancel()
	runs := make([]*run, workers)
	ins := make([]iterator, workers)
	defer func() {
		for _, in := range ins {
			if in != nil {
				in.close()
			}
		}
	}()
	for i := range runs {
		wr := r.fork(ctx)
		wr.par = par
		if r.analyze != nil {
			wr.analyze = make(map[plan.Node]*nodeStats)
		}
		in, err := wr.build(n)
		if err != nil {
			return err
		}
		runs[i], ins[i] = wr, in
	}
	var (
		mu       sync.Mutex
		first    error
		panicked any
		wg       sync.WaitGroup
	)
	fail := func(err error, v any) {
		mu.Lock()
		if first == nil && err != nil {
			first = err
		}
		if panicked == nil && v != nil {
			panicked = v
		}
		mu.Unlock()
		par.src.stop()
		cancel()
	}
	run := func(i int) {
		defer func() {
			if v := recover(); v != nil {
				// No connection recovers a panic of this goroutine.
				fail(nil, fmt.Sprintf("%v\n[parallel worker]\n%s", v, debug.Stack()))
			}
		}()
		err := ins[i].open(o)
		if err == nil {
			err = work(i, runs[i], ins[i])
		}
		if err != nil {
			fail(err, nil)
		}
	}
	for i := 1; i < workers; i++ {
		wg.Go(func() { run(i) })
	}
	run(0)
	wg.Wait()
	if panicked != nil {
		panic(panicked)
	}
	if first != nil {
		return first
	}
	if r.analyze != nil {
		for _, wr := range runs {
			mergeStats(r.analyze, wr.analyze)
		}
	}
	return nil
}

// buildShared makes the join of the spine sj and builds its table: from
// its other side's rows, read by workers when that side is a spine too
// (the optimizer marked a scan of it parallel), else here.
func (p *parallelAgg) buildShared(o outer, sj spineJoin, workers int) (*hashJoin, error) {
	r, n := p.r, sj.n
	side, probeSide := n.Right, n.Left
	if sj.buildLeft {
		side, probeSide = n.Left, n.Right
	}
	intProbes := intKeys(keyColsOf(n, sj.buildLeft), probeSide)
	if _, _, ok := parallelSpine(side); ok {
		it, err := r.newJoin(n, nil, nil)
		if err != nil {
			return nil, err
		}
		j, ok := it.(*hashJoin)
		if !ok {
			return nil, internalf("a parallel aggregate's join is not a hash join")
		}
		return j, p.buildParallel(o, j, side, sj.buildLeft, intProbes, workers)
	}
	in, err := r.build(side)
	if err != nil {
		return nil, err
	}
	var it iterator
	if sj.buildLeft {
		it, err = r.newJoin(n, in, nil)
	} else {
		it, err = r.newJoin(n, nil, in)
	}
	if err != nil {
		in.close()
		return nil, err
	}
	j, ok := it.(*hashJoin)
	if !ok {
		it.close()
		return nil, internalf("a parallel aggregate's join is not a hash join")
	}
	return j, j.openBuild(o, sj.buildLeft, intProbes)
}

// buildParallel builds j's table from the rows of its build side n, a
// spine, read by workers into tables of their own, which then become
// j's (rowTable.appendTables).
func (p *parallelAgg) buildParallel(o outer, j *hashJoin, n plan.Node, buildLeft, intProbes bool, workers int) error {
	side, _ := j.startBuild(o, buildLeft)
	par, err := p.prepare(o, n, workers)
	if err != nil {
		return err
	}
	defer par.close()
	tables := make([]*rowTable, workers)
	for i := range tables {
		tables[i] = &rowTable{pools: &p.r.x.rowChunks}
		tables[i].reset(j.width[side] + j.nk)
	}
	err = p.runWorkers(o, par, n, workers, func(i int, wr *run, in iterator) error {
		t, keys := tables[i], make([]value.Value, j.nk)
		for {
			row, err := in.next()
			if err != nil || row == nil {
				return err
			}
			if err := wr.tick(); err != nil {
				return err
			}
			if err := j.evalKeysIn(wr, side, row, keys); err != nil {
				return err
			}
			t.addCols(row, j.kept[side], keys)
		}
	})
	if err != nil {
		for _, t := range tables {
			t.release()
		}
		return err
	}
	j.bt.appendTables(tables)
	return j.finishBuild(intProbes)
}

// keyColsOf is the columns the probe side's keys of join n are, nil
// when they are not all columns.
func keyColsOf(n *plan.Join, buildLeft bool) []int {
	if buildLeft {
		return directCols(n.RightKeys, len(n.Right.Columns()))
	}
	return directCols(n.LeftKeys, len(n.Left.Columns()))
}

// intKeys reports whether a join's keys on the rows of n are its
// columns cols and declared integers (so values are integers or none).
func intKeys(cols []int, n plan.Node) bool {
	if len(cols) != 1 {
		return false
	}
	return opt.ColumnType(n, cols[0]).Kind == value.KindInt
}

// mergeStats adds a worker's EXPLAIN ANALYZE counts to the statement's:
// rows and loops add up, the time is the slowest worker's.
func mergeStats(into, from map[plan.Node]*nodeStats) {
	for n, st := range from {
		t := into[n]
		if t == nil {
			t = &nodeStats{}
			into[n] = t
		}
		t.rows += st.rows
		t.loops += st.loops
		t.time = max(t.time, st.time)
	}
}

// sharedScan hands out the records of one kv iterator to the workers of
// a parallel aggregate, a batch at a time, under its mutex: the
// iterator and its transaction are only ever used by one goroutine at a
// time.
type sharedScan struct {
	mu   sync.Mutex
	it   kv.Iterator // nil: nothing to read
	done bool
	err  error
	// owner is the statement's scan the iterator is of, which counts
	// the records read (it closes after the workers are done).
	owner *rangeScan
}

// fill appends the next records to b, reporting false when there are
// no more.
func (s *sharedScan) fill(b *scanBatch) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done || s.it == nil {
		return false, s.err
	}
	if bt, ok := s.it.(kv.Batcher); ok {
		// One entry check of the transaction per batch, not per record:
		// this loop is the part of a parallel scan no two workers run
		// at once.
		if b.addFn == nil {
			b.addFn = b.add
		}
		n := bt.NextBatch(scanBatchRows, b.addFn)
		s.owner.read += int64(n)
		if n < scanBatchRows {
			s.done, s.err = true, s.it.Err()
			return b.len() > 0, s.err
		}
		return true, nil
	}
	for range scanBatchRows {
		if !s.it.Next() {
			s.done, s.err = true, s.it.Err()
			return b.len() > 0, s.err
		}
		b.add(s.it.Key(), s.it.Value())
		s.owner.read++
	}
	return true, nil
}

// stop ends the scan for every worker (one failed).
func (s *sharedScan) stop() {
	s.mu.Lock()
	s.done = true
	s.mu.Unlock()
}

// scanBatch holds copies of records taken from a sharedScan: their keys
// and values back to back in buf, ends[2i] the end of key i and
// ends[2i+1] of its value.
type scanBatch struct {
	buf  []byte
	ends []int
	// addFn is add, bound once: what kv.Batcher hands the records to.
	addFn func(k, v []byte)
}

func (b *scanBatch) len() int { return len(b.ends) / 2 }

func (b *scanBatch) add(k, v []byte) {
	b.buf = append(b.buf, k...)
	b.ends = append(b.ends, len(b.buf))
	b.buf = append(b.buf, v...)
	b.ends = append(b.ends, len(b.buf))
}

func (b *scanBatch) reset() { b.buf, b.ends = b.buf[:0], b.ends[:0] }

// batchReader is a worker's kv.Iterator over a sharedScan: it walks a
// batch, then takes the next. A record stays valid until the next call
// to Next, as an iterator's do.
type batchReader struct {
	src      *sharedScan
	b        scanBatch
	i        int
	key, val []byte
	done     bool
	err      error
}

func (b *batchReader) Next() bool {
	for b.i >= b.b.len() {
		if b.done {
			b.key, b.val = nil, nil
			return false
		}
		b.b.reset()
		b.i = 0
		more, err := b.src.fill(&b.b)
		if err != nil {
			b.err, b.done = err, true
			return false
		}
		if !more {
			b.done = true
		}
	}
	start := 0
	if b.i > 0 {
		start = b.b.ends[2*b.i-1]
	}
	kend, vend := b.b.ends[2*b.i], b.b.ends[2*b.i+1]
	b.key, b.val = b.b.buf[start:kend:kend], b.b.buf[kend:vend:vend]
	b.i++
	return true
}

func (b *batchReader) Key() []byte   { return b.key }
func (b *batchReader) Value() []byte { return b.val }
func (b *batchReader) Err() error    { return b.err }

// Close does nothing: the shared iterator is the statement goroutine's
// to close, after the workers are done.
func (b *batchReader) Close() error { return nil }
