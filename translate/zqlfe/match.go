package zqlfe

import (
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/lang"
)

// match translates match v { pattern [if guard] => body, ... }. All arms
// share one frame (the executor clears it before each arm): each arm
// numbers its bindings from slot 0, and the frame is as large as the
// largest arm needs.
func (t *translator) match(m *lang.Match) (plan.Expr, error) {
	x, err := t.expr(m.Subject)
	if err != nil {
		return nil, err
	}
	t.pushFrame()
	arms, slots, err := t.arms(m.Arms)
	t.popFrame()
	if err != nil {
		return nil, err
	}
	return &plan.Match{At: at(t.at(m)), X: x, Arms: arms, NumSlots: slots}, nil
}

func (t *translator) arms(as []*lang.MatchArm) ([]plan.MatchArm, int, error) {
	out := make([]plan.MatchArm, 0, len(as))
	maxSlots := 0
	for _, a := range as {
		t.frames[len(t.frames)-1].slots = 0
		t.pushScope()
		arm, err := t.arm(a)
		t.popScope()
		if err != nil {
			return nil, 0, err
		}
		maxSlots = max(maxSlots, t.frames[len(t.frames)-1].slots)
		out = append(out, arm)
	}
	return out, maxSlots, nil
}

func (t *translator) arm(a *lang.MatchArm) (plan.MatchArm, error) {
	var guards []plan.Expr
	pat, err := t.pattern(a.Pattern, &guards)
	if err != nil {
		return plan.MatchArm{}, err
	}
	if a.Guard != nil {
		g, err := t.expr(a.Guard)
		if err != nil {
			return plan.MatchArm{}, err
		}
		guards = append(guards, g)
	}
	body, err := t.expr(a.Body)
	if err != nil {
		return plan.MatchArm{}, err
	}
	var guard plan.Expr
	for _, g := range guards {
		if guard == nil {
			guard = g
			continue
		}
		guard = &plan.Binary{At: at(g.Pos()), Op: plan.OpAnd, L: guard, R: g}
	}
	return plan.MatchArm{Pattern: pat, Guard: guard, Body: body}, nil
}

// pattern translates a pattern. Patterns the IR cannot state (a regex to
// match, a parameter to compare with) bind the value to a hidden slot and
// add a condition to the arm's guard.
func (t *translator) pattern(p lang.Pattern, guards *[]plan.Expr) (plan.Pattern, error) {
	pos := t.at(p)
	switch p := p.(type) {
	case *lang.WildcardPat:
		return plan.PatWildcard{}, nil
	case *lang.BindPat:
		return plan.PatBind{Slot: t.bindLocalName(p.Name, nil)}, nil
	case *lang.LitPat:
		switch v := p.Value.(type) {
		case *lang.RegexLit:
			re, err := t.regexValue(v)
			if err != nil {
				return nil, err
			}
			slot := t.newSlot()
			*guards = append(*guards, &plan.Binary{At: at(pos), Op: plan.OpMatches,
				L: &plan.Local{At: at(pos), Slot: slot, Name: "match"}, R: konst(pos, re)})
			return plan.PatBind{Slot: slot}, nil
		case *lang.Param:
			slot := t.newSlot()
			*guards = append(*guards, &plan.Binary{At: at(pos), Op: plan.OpEq,
				L: &plan.Local{At: at(pos), Slot: slot, Name: "match"}, R: t.param(v)})
			return plan.PatBind{Slot: slot}, nil
		}
		v, err := t.patValue(p.Value)
		if err != nil {
			return nil, err
		}
		return plan.PatLiteral{V: v}, nil
	case *lang.RangePat:
		lo, err := t.patValue(p.Lo)
		if err != nil {
			return nil, err
		}
		var hi value.Value
		if p.Hi != nil {
			if hi, err = t.patValue(p.Hi); err != nil {
				return nil, err
			}
		}
		return plan.PatRange{Lo: lo, Hi: hi, Inclusive: p.Inclusive}, nil
	case *lang.ListPat:
		return t.listPattern(p.Elems, guards)
	case *lang.TuplePat:
		return t.listPattern(p.Elems, guards)
	case *lang.ObjectPat:
		out := plan.PatObject{Names: make([]string, len(p.Fields)), Pats: make([]plan.Pattern, len(p.Fields)), Exact: !p.Rest}
		seen := make(map[string]bool, len(p.Fields))
		for i, f := range p.Fields {
			if seen[f.Key] {
				return nil, errAt(errs.SyntaxError, t.at(f), "field %q appears twice in the pattern", f.Key)
			}
			seen[f.Key] = true
			out.Names[i] = f.Key
			if f.Pattern == nil {
				out.Pats[i] = plan.PatBind{Slot: t.bindLocalName(f.Key, nil)}
				continue
			}
			sp, err := t.pattern(f.Pattern, guards)
			if err != nil {
				return nil, err
			}
			out.Pats[i] = sp
		}
		return out, nil
	case *lang.RestPat:
		return nil, errAt(errs.SyntaxError, pos, `".." is only allowed inside a list pattern`)
	}
	return nil, errAt(errs.InternalError, pos, "zqlfe: unknown pattern %T", p)
}

func (t *translator) listPattern(elems []lang.Pattern, guards *[]plan.Expr) (plan.Pattern, error) {
	out := plan.PatList{RestSlot: -1}
	for _, e := range elems {
		if r, ok := e.(*lang.RestPat); ok {
			if out.HasRest {
				return nil, errAt(errs.SyntaxError, t.at(r), `a list pattern may hold ".." only once`)
			}
			out.HasRest = true
			if r.Name != "" {
				out.RestSlot = t.bindLocalName(r.Name, nil)
			}
			continue
		}
		sp, err := t.pattern(e, guards)
		if err != nil {
			return nil, err
		}
		if out.HasRest {
			out.After = append(out.After, sp)
		} else {
			out.Elems = append(out.Elems, sp)
		}
	}
	return out, nil
}

// patValue is the value of a literal in a pattern.
func (t *translator) patValue(e lang.Expr) (value.Value, error) {
	x, err := t.expr(e)
	if err != nil {
		return value.None, err
	}
	v, ok := constOf(x)
	if !ok {
		return value.None, errAt(errs.SyntaxError, t.at(e), "a pattern needs a constant here")
	}
	return v, nil
}
