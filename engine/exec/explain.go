package exec

import (
	"fmt"
	"strings"
	"time"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// nodeStats is what EXPLAIN ANALYZE reports for one plan node.
type nodeStats struct {
	rows  int64
	loops int64
	time  time.Duration
	// workers is the number of goroutines a parallel aggregate ran (0:
	// not parallel).
	workers int
}

// statsIter counts the rows and time of one node's iterator (inclusive of
// its inputs, which are counted by their own statsIters).
type statsIter struct {
	in iterator
	st *nodeStats
}

func (r *run) analyzed(n plan.Node, it iterator) iterator {
	st := r.analyze[n]
	if st == nil {
		st = &nodeStats{}
		r.analyze[n] = st
	}
	return &statsIter{in: it, st: st}
}

func (s *statsIter) open(o outer) error {
	t := time.Now()
	err := s.in.open(o)
	s.st.loops++
	s.st.time += time.Since(t)
	return err
}

func (s *statsIter) next() ([]value.Value, error) {
	t := time.Now()
	row, err := s.in.next()
	s.st.time += time.Since(t)
	if row != nil {
		s.st.rows++
	}
	return row, err
}

func (s *statsIter) close() { s.in.close() }

// explainIter yields the lines of an EXPLAIN; with ANALYZE it runs the
// plan first.
type explainIter struct {
	r     *run
	n     *plan.ExplainStmt
	lines []string
	pos   int
	row   [1]value.Value
}

func (it *explainIter) close() {}

func (it *explainIter) open(o outer) error {
	it.pos = 0
	if !it.n.Analyze {
		if it.n.JSON {
			it.lines = []string{plan.ExplainJSON(it.n.Input, nil, 0)}
			return nil
		}
		it.lines = splitLines(plan.Explain(it.n.Input))
		return nil
	}
	r := it.r
	saved := r.analyze
	r.analyze = make(map[plan.Node]*nodeStats)
	defer func() { r.analyze = saved }()
	start := time.Now()
	in, err := r.build(it.n.Input)
	if err != nil {
		return err
	}
	defer in.close()
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
	}
	total := time.Since(start)
	stats := r.analyze
	if it.n.JSON {
		actual := func(n plan.Node) (plan.Actual, bool) {
			st := stats[n]
			if st == nil {
				return plan.Actual{}, false
			}
			return plan.Actual{Rows: st.rows, Loops: st.loops, TimeMS: float64(st.time.Microseconds()) / 1000, Workers: st.workers}, true
		}
		it.lines = []string{plan.ExplainJSON(it.n.Input, actual, float64(total.Microseconds())/1000)}
		return nil
	}
	text := plan.ExplainAnnotated(it.n.Input, func(n plan.Node) string {
		st := stats[n]
		if st == nil {
			return " (never executed)"
		}
		w := ""
		if st.workers > 0 {
			w = fmt.Sprintf(" workers=%d", st.workers)
		}
		return fmt.Sprintf(" (actual time=%.3f ms rows=%d loops=%d%s)", float64(st.time.Microseconds())/1000, st.rows, st.loops, w)
	})
	it.lines = append(splitLines(text), fmt.Sprintf("Execution Time: %.3f ms", float64(total.Microseconds())/1000))
	return nil
}

func splitLines(s string) []string { return strings.Split(strings.TrimRight(s, "\n"), "\n") }

func (it *explainIter) next() ([]value.Value, error) {
	if it.pos >= len(it.lines) {
		return nil, nil
	}
	it.row[0] = value.String(it.lines[it.pos])
	it.pos++
	return it.row[:], nil
}
