package exec

import (
	"slices"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// aggMore is the state of SQL's string_agg, jsonb_agg and
// jsonb_object_agg, and of any aggregate with ORDER BY, whose inputs wait
// in pending until the result is asked for.
type aggMore struct {
	has     bool
	bytes   bool // string_agg of bytea
	sb      []byte
	names   []string
	pending []pendingAgg
}

type pendingAgg struct {
	keys  []value.Value
	v, v2 value.Value
}

// feed evaluates the aggregate's inputs on one row and adds them, unless
// its FILTER rejects the row; with ORDER BY they are kept for final.
func (acc *aggAcc) feed(r *run, sc *scope) error {
	a := acc.a
	if a.Filter != nil {
		ok, err := r.eval(a.Filter, sc)
		if err != nil {
			return err
		}
		if ok.Kind() != value.KindBool || !ok.AsBool() {
			return nil
		}
	}
	var v, v2 value.Value
	var err error
	if a.Func != plan.AggCountStar {
		if a.Arg == nil {
			return internalf("aggregate %d has no argument", a.Func)
		}
		if v, err = r.eval(a.Arg, sc); err != nil {
			return err
		}
	}
	if a.Arg2 != nil {
		if v2, err = r.eval(a.Arg2, sc); err != nil {
			return err
		}
	}
	if len(a.Order) > 0 {
		keys := make([]value.Value, len(a.Order))
		for i, k := range a.Order {
			if keys[i], err = r.eval(k.X, sc); err != nil {
				return err
			}
		}
		acc.more.pending = append(acc.more.pending, pendingAgg{keys: keys, v: v, v2: v2})
		return nil
	}
	return acc.addAt(r, v, v2)
}

// addAt adds one input, with the argument's position on its errors.
func (acc *aggAcc) addAt(r *run, v, v2 value.Value) error {
	if err := acc.add(r, v, v2); err != nil {
		pos := 0
		if acc.a.Arg != nil {
			pos = acc.a.Arg.Pos()
		}
		return atPos(err, pos)
	}
	return nil
}

// final adds the inputs ORDER BY held back, in order, and gives the result.
func (acc *aggAcc) final(r *run) (value.Value, error) {
	if p := acc.more.pending; p != nil {
		acc.more.pending = nil
		slices.SortStableFunc(p, func(x, y pendingAgg) int { return compareSortKeys(acc.a.Order, x.keys, y.keys) })
		for _, in := range p {
			if err := acc.addAt(r, in.v, in.v2); err != nil {
				return value.None, err
			}
		}
	}
	return acc.result()
}

func (acc *aggAcc) addMore(r *run, v, v2 value.Value) error {
	a, m := acc.a, &acc.more
	switch a.Func {
	case plan.AggStringAgg:
		if v.IsNone() {
			return nil
		}
		if a.Distinct && !acc.distinct(r, v) {
			return nil
		}
		if m.has && !v2.IsNone() {
			m.sb = append(m.sb, v2.AsString()...)
		}
		m.has, m.bytes = true, v.Kind() == value.KindBytes
		m.sb = append(m.sb, v.AsString()...)
	case plan.AggJSONAgg:
		if a.Distinct && !acc.distinct(r, v) {
			return nil
		}
		m.has = true
		acc.list = append(acc.list, v)
	case plan.AggJSONObjectAgg:
		if v.IsNone() {
			return errs.New(errs.InvalidParameterValue, "field name must not be null")
		}
		m.has = true
		name := v.AsString()
		if v.Kind() != value.KindString {
			name = value.CastText(v)
		}
		m.names = append(m.names, name)
		acc.list = append(acc.list, v2)
	}
	return nil
}

func (acc *aggAcc) resultMore() (value.Value, error) {
	m := &acc.more
	if !m.has {
		return value.None, nil
	}
	switch acc.a.Func {
	case plan.AggStringAgg:
		if m.bytes {
			return value.Bytes(m.sb), nil
		}
		return value.String(string(m.sb)), nil
	case plan.AggJSONAgg:
		return value.List(acc.list), nil
	case plan.AggJSONObjectAgg:
		return value.JSONBObject(m.names, acc.list), nil
	}
	return value.None, internalf("aggregate %d not supported", acc.a.Func)
}
