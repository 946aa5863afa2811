package exec

import (
	"github.com/zerodb/zerodb/engine/opt"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// subState is a Subquery's state within one statement: its iterator tree
// (built once, reopened per evaluation) and, for a subquery that depends
// on nothing that changes during the statement, its value.
type subState struct {
	s        *plan.Subquery
	it       iterator
	busy     bool
	constant bool
	cached   bool
	val      value.Value
	writes   uint64 // r.writes when val was computed
	// A correlated subquery that reads only columns of the row it is
	// evaluated on (memoCols) and otherwise depends on nothing that
	// changes during the statement has one value per value of those
	// columns: memo keeps them by their exact encoding (PostgreSQL's
	// Memoize, for a subquery), so that rows repeating a key (orders of
	// one customer) run it once. It is emptied when the statement
	// writes.
	memoCols   []int
	memo       map[string]value.Value
	memoWrites uint64 // r.writes when memo was filled
	keyBuf     []byte
}

// maxMemo bounds a subquery's memo: past it, new keys are not kept.
const maxMemo = 1 << 15

func (r *run) subState(s *plan.Subquery) *subState {
	if r.sub0 != nil && r.sub0.s == s {
		return r.sub0
	}
	if st, ok := r.subs[s]; ok {
		return st
	}
	// A subquery that reads no local or session variable, writes
	// nothing and calls only pure builtins has the same value every time
	// it is evaluated within one statement, as long as the statement
	// writes nothing in between (constant), or every time for the same
	// values of the outer columns it reads (memoCols).
	st := &subState{s: s}
	d := opt.Analyze(s.Node)
	pure := !d.Vars && r.noEffects(d)
	st.constant = pure && !d.Outer
	if pure && d.Outer {
		if cols, further := opt.OuterCols(s.Node); !further {
			st.memoCols = cols
		}
	}
	if r.sub0 == nil {
		// Most statements have one subquery at most (a point read of a
		// field, t.@k.f): it needs no map.
		r.sub0 = st
		return st
	}
	if r.subs == nil {
		r.subs = make(map[*plan.Subquery]*subState)
	}
	r.subs[s] = st
	return st
}

// effectFree reports whether running n writes nothing, sets no
// variable and calls only pure builtins: when its rows are produced
// relative to other work does not matter.
func (r *run) effectFree(n plan.Node) bool { return r.noEffects(opt.Analyze(n)) }

func (r *run) noEffects(d opt.Deps) bool {
	if d.Locals || d.Writes || d.Applies || d.SetsVars {
		return false
	}
	for _, name := range d.Calls {
		f, ok := r.x.reg.Lookup(name)
		if !ok || !f.Pure {
			return false
		}
	}
	return true
}

func (r *run) evalSubquery(s *plan.Subquery, sc *scope) (value.Value, error) {
	st := r.subState(s)
	if st.cached && st.writes == r.writes {
		return st.val, nil
	}
	memo := false
	if st.memoCols != nil && st.memoKey(sc.row) {
		if st.memoWrites != r.writes {
			clear(st.memo)
			st.memoWrites = r.writes
		}
		if v, ok := st.memo[string(st.keyBuf)]; ok {
			return v, nil
		}
		memo = len(st.memo) < maxMemo
	}
	var key string
	if memo {
		// Evaluating the subquery may evaluate it again (a recursive
		// function), which reuses keyBuf.
		key = string(st.keyBuf)
	}
	it := st.it
	if it == nil || st.busy {
		// A recursive function may evaluate the same subquery while it is
		// running: that evaluation gets its own iterator.
		var err error
		if it, err = r.build(s.Node); err != nil {
			return value.None, err
		}
		if st.it == nil {
			st.it = it
		}
	}
	mine := it == st.it
	if mine {
		st.busy = true
	}
	v, err := r.runSubquery(s, it, sc)
	if mine {
		st.busy = false
	}
	if err != nil {
		return value.None, err
	}
	if st.constant {
		st.cached, st.val, st.writes = true, v, r.writes
	}
	if memo && st.memoWrites == r.writes {
		if st.memo == nil {
			st.memo = make(map[string]value.Value)
		}
		st.memo[key] = v
	}
	return v, nil
}

// memoKey encodes the memo columns of row into keyBuf, reporting false
// when a column is missing or of a kind whose encoding is not exact (the
// evaluation is then not memoized). The kind and its sub-kind byte come
// first: a date and a timestamp, or an int4 and an int8, differ.
func (st *subState) memoKey(row []value.Value) bool {
	b := st.keyBuf[:0]
	for _, c := range st.memoCols {
		if c < 0 || c >= len(row) {
			return false
		}
		v := row[c]
		switch v.Kind() {
		case value.KindNone, value.KindBool, value.KindInt, value.KindFloat, value.KindDecimal,
			value.KindString, value.KindSymbol, value.KindBytes, value.KindDatetime, value.KindTime, value.KindTimeTZ,
			value.KindDuration, value.KindUUID:
		default:
			return false
		}
		b = value.AppendExactKey(b, v)
	}
	st.keyBuf = b
	return true
}

func (r *run) runSubquery(s *plan.Subquery, it iterator, sc *scope) (value.Value, error) {
	link := &rowLink{row: sc.row, up: sc.outer}
	defer it.close()
	if err := it.open(outer{rows: link, frame: sc.frame}); err != nil {
		return value.None, err
	}
	switch s.Mode {
	case plan.SubExists:
		row, err := it.next()
		if err != nil {
			return value.None, err
		}
		return value.Bool(row != nil), nil
	case plan.SubFirst:
		row, err := it.next()
		if err != nil || row == nil {
			return value.None, err
		}
		if len(row) == 0 {
			return value.None, nil
		}
		return row[0], nil
	case plan.SubScalar:
		row, err := it.next()
		if err != nil || row == nil {
			return value.None, err
		}
		v := rowValue(row)
		more, err := it.next()
		if err != nil {
			return value.None, err
		}
		if more != nil {
			return value.None, errAt(s.P, errs.CardinalityViolation, "more than one row returned by a subquery used as an expression")
		}
		return v, nil
	}
	var out []value.Value
	for {
		row, err := it.next()
		if err != nil {
			return value.None, err
		}
		if row == nil {
			break
		}
		if err := r.tick(); err != nil {
			return value.None, err
		}
		out = append(out, rowValue(row))
	}
	if out == nil {
		out = []value.Value{}
	}
	return value.List(out), nil
}

// rowValue is a row as one value: its only column, or a tuple of them.
func rowValue(row []value.Value) value.Value {
	switch len(row) {
	case 0:
		return value.None
	case 1:
		return row[0]
	}
	return value.Tuple(append([]value.Value(nil), row...))
}
