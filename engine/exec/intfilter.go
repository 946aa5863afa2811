package exec

import (
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// intFilter runs the commonest pushed filter, comparisons of columns
// with constants or parameters AND-ed together (`amount < 5`,
// `o.amount > 90`), without the expression walk: while a row's compared
// columns and the constants are integers, each comparison is one of
// int64s, which is what compareOp decides for them in either language.
// A row with another value in a compared column (none, a float, a
// string) is left to the filter's ordinary evaluation. The tree walk
// with its 48-byte values was a third of a filtered scan.
type intFilter struct {
	terms []intTerm
}

type intTerm struct {
	col int
	op  plan.Op
	x   plan.Expr // *plan.Const or *plan.Param
	c   int64     // x's value, set by open
}

// newIntFilter returns the filter's intFilter, nil when it has another
// shape.
func newIntFilter(cond plan.Expr) *intFilter {
	f := &intFilter{}
	if cond == nil || !f.add(cond) {
		return nil
	}
	return f
}

func (f *intFilter) add(e plan.Expr) bool {
	b, ok := plan.Pointer(e).(*plan.Binary)
	if !ok {
		return false
	}
	if b.Op == plan.OpAnd {
		return f.add(b.L) && f.add(b.R)
	}
	flipped, ok := b.Op.Swapped()
	if !ok {
		return false
	}
	l, r, op := b.L, b.R, b.Op
	if _, ok := colOf(l); !ok {
		l, r, op = r, l, flipped
	}
	c, ok := colOf(l)
	if !ok || !isConstant(r) {
		return false
	}
	f.terms = append(f.terms, intTerm{col: c, op: op, x: plan.Pointer(r)})
	return true
}

func colOf(e plan.Expr) (int, bool) {
	if c, ok := plan.Pointer(e).(*plan.ColRef); ok && c.Depth == 0 {
		return c.Idx, true
	}
	return 0, false
}

func isConstant(e plan.Expr) bool {
	switch plan.Pointer(e).(type) {
	case *plan.Const, *plan.Param:
		return true
	}
	return false
}

// open takes the constants' values for this run, reporting false when
// one is not an integer (the filter is then evaluated the ordinary way).
func (f *intFilter) open(r *run) bool {
	for i := range f.terms {
		t := &f.terms[i]
		var v value.Value
		switch x := t.x.(type) {
		case *plan.Const:
			v = x.V
		case *plan.Param:
			var err error
			if v, err = r.param(x); err != nil {
				return false // the ordinary evaluation reports it
			}
		}
		c, ok := denseInt(v)
		if !ok {
			return false
		}
		t.c = c
	}
	return true
}

// test reports whether row passes, ok=false when a compared column is
// not an integer.
func (f *intFilter) test(row []value.Value) (pass, ok bool) {
	for i := range f.terms {
		t := &f.terms[i] // not copied: the loop runs per row
		if t.col < 0 || t.col >= len(row) {
			return false, false
		}
		v, ok := denseIntAt(&row[t.col])
		if !ok {
			return false, false
		}
		var holds bool
		switch t.op {
		case plan.OpEq:
			holds = v == t.c
		case plan.OpNe:
			holds = v != t.c
		case plan.OpLt:
			holds = v < t.c
		case plan.OpLe:
			holds = v <= t.c
		case plan.OpGt:
			holds = v > t.c
		default:
			holds = v >= t.c
		}
		if !holds {
			return false, true
		}
	}
	return true, true
}

// filter reports whether a decoded row passes the scan's pushed filter.
func (s *rangeScan) filter(row []value.Value) (bool, error) {
	if s.intsOn {
		if pass, ok := s.ints.test(row); ok {
			return pass, nil
		}
	}
	return s.r.scanFilter(s.n, s.o, row)
}
