package exec

import (
	"slices"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// evalMatch tries the arms in order. Every arm runs in one new frame of
// NumSlots slots (also when NumSlots is 0, so Local depths inside arms are
// the same whatever the patterns bind); the slots are cleared before each
// arm so a failed arm leaves no bindings behind.
func (r *run) evalMatch(m *plan.Match, sc *scope) (value.Value, error) {
	x, err := r.eval(m.X, sc)
	if err != nil {
		return value.None, err
	}
	f := &frame{slots: make([]value.Value, m.NumSlots), parent: sc.frame}
	inner := scope{row: sc.row, outer: sc.outer, frame: f}
	for i := range m.Arms {
		arm := &m.Arms[i]
		clear(f.slots)
		ok, err := matchPattern(arm.Pattern, x, f, m.P)
		if err != nil {
			return value.None, err
		}
		if !ok {
			continue
		}
		if arm.Guard != nil {
			g, err := r.eval(arm.Guard, &inner)
			if err != nil {
				return value.None, err
			}
			if !isTrue(g) {
				continue
			}
		}
		return r.eval(arm.Body, &inner)
	}
	return value.None, errAt(m.P, errs.CaseNotFound, "no match arm matches %s", x.String())
}

func matchPattern(p plan.Pattern, v value.Value, f *frame, pos int) (bool, error) {
	switch p := p.(type) {
	case nil, plan.PatWildcard, *plan.PatWildcard:
		return true, nil
	case plan.PatLiteral:
		return value.Equal(p.V, v), nil
	case *plan.PatLiteral:
		return value.Equal(p.V, v), nil
	case plan.PatRange:
		return matchRange(&p, v), nil
	case *plan.PatRange:
		return matchRange(p, v), nil
	case plan.PatBind:
		return matchBind(&p, v, f, pos)
	case *plan.PatBind:
		return matchBind(p, v, f, pos)
	case plan.PatList:
		return matchList(&p, v, f, pos)
	case *plan.PatList:
		return matchList(p, v, f, pos)
	case plan.PatObject:
		return matchObject(&p, v, f, pos)
	case *plan.PatObject:
		return matchObject(p, v, f, pos)
	}
	return false, internalf("unknown pattern %T", p)
}

func matchRange(p *plan.PatRange, v value.Value) bool {
	if v.IsNone() {
		return false
	}
	return inRange(&value.Range{Lo: p.Lo, Hi: p.Hi, Inclusive: p.Inclusive}, v)
}

func setSlot(f *frame, slot int, v value.Value) error {
	if slot < 0 || slot >= len(f.slots) {
		return internalf("match binding slot %d out of range (%d slots)", slot, len(f.slots))
	}
	f.slots[slot] = v
	return nil
}

func matchBind(p *plan.PatBind, v value.Value, f *frame, pos int) (bool, error) {
	if p.Inner != nil {
		ok, err := matchPattern(p.Inner, v, f, pos)
		if err != nil || !ok {
			return false, err
		}
	}
	return true, setSlot(f, p.Slot, v)
}

func matchList(p *plan.PatList, v value.Value, f *frame, pos int) (bool, error) {
	if v.Kind() != value.KindList && v.Kind() != value.KindTuple {
		return false, nil
	}
	elems := v.AsList()
	after := 0
	if p.HasRest {
		after = len(p.After)
	}
	if len(elems) < len(p.Elems)+after || (!p.HasRest && len(elems) != len(p.Elems)) {
		return false, nil
	}
	for i, ep := range p.Elems {
		ok, err := matchPattern(ep, elems[i], f, pos)
		if err != nil || !ok {
			return false, err
		}
	}
	tail := len(elems) - after
	for i := 0; i < after; i++ {
		ok, err := matchPattern(p.After[i], elems[tail+i], f, pos)
		if err != nil || !ok {
			return false, err
		}
	}
	if p.HasRest && p.RestSlot >= 0 {
		rest := elems[len(p.Elems):tail]
		if v.Kind() == value.KindTuple {
			return true, setSlot(f, p.RestSlot, value.Tuple(rest))
		}
		return true, setSlot(f, p.RestSlot, value.List(rest))
	}
	return true, nil
}

func matchObject(p *plan.PatObject, v value.Value, f *frame, pos int) (bool, error) {
	if v.Kind() != value.KindObject {
		return false, nil
	}
	o := v.AsObject()
	if p.Exact {
		// Every field the object holds (none counts as absent) must be
		// named by the pattern.
		for i := 0; i < o.Len(); i++ {
			name, fv := o.At(i)
			if !fv.IsNone() && !slices.Contains(p.Names, name) {
				return false, nil
			}
		}
	}
	for i, name := range p.Names {
		fv, ok := o.Get(name)
		if !ok {
			return false, nil
		}
		if i < len(p.Pats) {
			ok, err := matchPattern(p.Pats[i], fv, f, pos)
			if err != nil || !ok {
				return false, err
			}
		}
	}
	return true, nil
}
