package zqlfe

import (
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/lang"
)

// callStream builds a call that yields a stream: a stream stage or a write
// of many records.
func (t *translator) callStream(cs *callSite) (*stream, error) {
	kind, err := t.classify(cs)
	if err != nil {
		return nil, err
	}
	switch kind {
	case callStage:
		return t.stage(cs)
	case callWriteMany:
		return t.writeMany(cs)
	}
	return nil, errAt(errs.InternalError, t.at(cs.node), "zqlfe: call is not a stream")
}

// stage builds a stage that keeps a stream a stream (zql.md §7).
func (t *translator) stage(cs *callSite) (*stream, error) {
	name := cs.fn.(*lang.Ident).Name
	if name == "nearest" {
		return t.nearest(cs)
	}
	in, err := t.streamOrUnnest(cs.args[0])
	if err != nil {
		return nil, err
	}
	args := cs.args[1:]
	pos := t.fnPos(cs)
	switch name {
	case "order":
		desc := false
		if len(args) == 1 {
			o, ok := args[0].(*lang.Ordered)
			if !ok || o.X != nil {
				return nil, errAt(errs.SyntaxError, t.at(args[0]), "order takes asc or desc")
			}
			desc = o.Desc
		}
		key := plan.SortKey{X: t.ref(&in.el, pos), Desc: desc, NullsFirst: !desc}
		return &stream{node: &plan.Sort{Input: in.node, Keys: []plan.SortKey{key}}, el: in.el}, nil
	case "order_by":
		keys := make([]plan.SortKey, 0, len(args))
		for _, a := range args {
			desc := false
			if o, ok := a.(*lang.Ordered); ok {
				if o.X == nil {
					return nil, errAt(errs.SyntaxError, t.at(a), "order_by needs a key before %s", dirName(o.Desc))
				}
				a, desc = o.X, o.Desc
			}
			x, err := t.perElem(a, in.el)
			if err != nil {
				return nil, err
			}
			// ZQL's total order puts none first: first ascending, last
			// descending.
			keys = append(keys, plan.SortKey{X: x, Desc: desc, NullsFirst: !desc})
		}
		return &stream{node: &plan.Sort{Input: in.node, Keys: keys}, el: in.el}, nil
	case "limit", "skip":
		n, err := t.expr(args[0])
		if err != nil {
			return nil, err
		}
		if name == "skip" {
			return &stream{node: &plan.Limit{Input: in.node, Offset: n}, el: in.el}, nil
		}
		if l, ok := in.node.(*plan.Limit); ok && l.Count == nil {
			// skip n |> limit m is one Limit.
			return &stream{node: &plan.Limit{Input: l.Input, Count: n, Offset: l.Offset}, el: in.el}, nil
		}
		return &stream{node: &plan.Limit{Input: in.node, Count: n}, el: in.el}, nil
	case "distinct":
		return &stream{node: &plan.Distinct{Input: t.node(in, pos)}, el: binding{kind: bindCol, level: t.level}}, nil
	case "reverse":
		return &stream{node: &plan.Reverse{Input: in.node}, el: in.el}, nil
	case "map":
		x, err := t.perElem(args[0], in.el)
		if err != nil {
			return nil, err
		}
		return t.project(in.node, x), nil
	case "filter":
		x, err := t.perElem(args[0], in.el)
		if err != nil {
			return nil, err
		}
		return &stream{node: &plan.Filter{Input: in.node, Cond: x}, el: in.el}, nil
	case "flat_map", "flatten":
		return t.flatMap(in, args, pos)
	case "group_by":
		return t.groupBy(in, args[0], pos)
	}
	return nil, errAt(errs.InternalError, pos, "zqlfe: unknown stage %s", name)
}

func dirName(desc bool) string {
	if desc {
		return "desc"
	}
	return "asc"
}

// perElem translates a per-element stage argument applied to the element:
// a closure literal is inlined (its parameter bound to the element), an
// argument using `.` is evaluated with `.` bound to the element, a
// function name is called on it, any other function value applied to it.
// Inlining keeps conditions and keys visible to the optimizer.
func (t *translator) perElem(a lang.Expr, el binding) (plan.Expr, error) {
	pos := t.at(a)
	switch f := a.(type) {
	case *lang.Closure:
		if len(f.Params) == 1 && f.Params[0].Type == nil {
			return t.withElem(el, f.Params[0].Name.Name, func() (plan.Expr, error) { return t.expr(f.Body) })
		}
	case *lang.Ident:
		if t.lookup(f.Name) == nil && !t.hasSessionVar(f.Name) {
			cf, ok, err := t.storedFunction(f.Name, pos)
			if err != nil {
				return nil, err
			}
			if ok {
				return &plan.Apply{At: at(pos), Fn: storedValue(pos, cf), Args: []plan.Expr{t.ref(&el, pos)}}, nil
			}
			if fn, ok := t.function(f.Name); ok {
				return &plan.Call{At: at(pos), Fn: fn.Name, Args: []plan.Expr{t.ref(&el, pos)}}, nil
			}
		}
	case *lang.NamespacedName:
		if fn, ok := t.function(f.Namespace + "::" + f.Name); ok {
			return &plan.Call{At: at(pos), Fn: fn.Name, Args: []plan.Expr{t.ref(&el, pos)}}, nil
		}
	}
	if hasFreeDot(a) {
		return t.withElem(el, ".", func() (plan.Expr, error) { return t.expr(a) })
	}
	fn, err := t.expr(a)
	if err != nil {
		return nil, err
	}
	if v, ok := constOf(fn); ok {
		return nil, errAt(errs.DatatypeMismatch, pos, "expected a function or a per-element expression starting with \".\", found a constant %s", v.Kind())
	}
	return &plan.Apply{At: at(pos), Fn: fn, Args: []plan.Expr{t.ref(&el, pos)}}, nil
}

// flatMap is flat_map f (f's lists concatenated) and flatten: a lateral
// join of each element with the unnested value.
func (t *translator) flatMap(in *stream, args []lang.Expr, pos int) (*stream, error) {
	level := t.level
	t.level++
	var x plan.Expr
	var err error
	if len(args) == 1 {
		x, err = t.perElem(args[0], in.el)
	} else {
		x = t.ref(&in.el, pos)
	}
	t.level--
	if err != nil {
		return nil, err
	}
	nl := len(in.node.Columns())
	right := &plan.Unnest{X: x, Col: plan.Column{Name: "elem", Type: value.Any}}
	return &stream{
		node: &plan.Join{Kind: plan.InnerJoin, Left: in.node, Right: right, Lateral: true},
		el:   binding{kind: bindCol, level: level, col: nl},
	}, nil
}

// groupBy is group_by key: one { key, items } per group, in key order.
func (t *translator) groupBy(in *stream, keyArg lang.Expr, pos int) (*stream, error) {
	key, err := t.perElem(keyArg, in.el)
	if err != nil {
		return nil, err
	}
	agg := &plan.Aggregate{
		Input:   in.node,
		GroupBy: []plan.Expr{key},
		Aggs:    []plan.Agg{{Func: plan.AggList, Arg: t.ref(&in.el, pos)}},
		Cols:    []plan.Column{{Name: "key", Type: value.Any}, {Name: "items", Type: value.Any}},
	}
	obj := &plan.ObjectCons{
		At:    at(pos),
		Names: []string{"key", "items"},
		Vals: []plan.Expr{
			&plan.ColRef{At: at(pos), Idx: 0, Name: "key"},
			&plan.ColRef{At: at(pos), Idx: 1, Name: "items"},
		},
	}
	return t.project(agg, obj), nil
}

// valueStage builds a stage that turns a stream into one value: an
// aggregate (count, sum, avg, min, max) or an element (first, last). The
// stream is a Subquery, so it is built one row level deeper.
func (t *translator) valueStage(cs *callSite) (plan.Expr, error) {
	name := cs.fn.(*lang.Ident).Name
	pos := t.fnPos(cs)
	t.level++
	n, err := t.valueStageNode(name, cs.args[0], pos)
	t.level--
	if err != nil {
		return nil, err
	}
	return &plan.Subquery{At: at(t.at(cs.node)), Node: n, Mode: plan.SubFirst}, nil
}

func (t *translator) valueStageNode(name string, input lang.Expr, pos int) (plan.Node, error) {
	in, err := t.streamOrUnnest(input)
	if err != nil {
		return nil, err
	}
	one := konst(pos, value.Int(1))
	switch name {
	case "first":
		return t.node(&stream{node: &plan.Limit{Input: in.node, Count: one}, el: in.el}, pos), nil
	case "last":
		return t.node(&stream{node: &plan.Limit{Input: &plan.Reverse{Input: in.node}, Count: one}, el: in.el}, pos), nil
	}
	agg := plan.Agg{Arg: t.ref(&in.el, pos)}
	switch name {
	case "count":
		agg = plan.Agg{Func: plan.AggCountStar}
	case "sum":
		agg.Func = plan.AggSum
	case "avg":
		agg.Func = plan.AggAvg
	case "min":
		agg.Func = plan.AggMin
	case "max":
		agg.Func = plan.AggMax
	default:
		return nil, errAt(errs.InternalError, pos, "zqlfe: unknown value stage %s", name)
	}
	return &plan.Aggregate{Input: in.node, Aggs: []plan.Agg{agg}, Cols: []plan.Column{{Name: name, Type: value.Any}}}, nil
}
