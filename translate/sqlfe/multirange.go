package sqlfe

import (
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// SQL's multiranges (value/multirange.go; the functions in
// engine/builtin/sql_multirange.go): a multirange value is a list of
// ranges, typed here by value.RangeKind.MultirangeType (catMultirange),
// so the front end picks every function and result type.

func isMultirange(x texpr) bool { return !x.unknown && x.t.IsMultirange() }

func isRange(x texpr) bool { return !x.unknown && categoryOf(x.t) == catRange }

// rangeTypeOf is the range type of a range or multirange expression.
func rangeTypeOf(x texpr) value.Type {
	if isMultirange(x) {
		return *x.t.Elem
	}
	return x.t
}

// multirangeOp translates an operator with a multirange operand; ok is
// false when neither operand is a multirange. An unknown operand is read
// as the other's multirange type (a range's beside a range of PostgreSQL's
// range-and-multirange operators would be ambiguous there too, so it is
// not tried).
func (tr *translator) multirangeOp(op string, l, r texpr, p int) (texpr, bool, error) {
	// The builtins are the range operators' of the same names
	// (multirange_contains beside range_contains, ...), the boolean ones
	// also between a range and a multirange.
	fn, ok := rangeOps[op]
	if !ok {
		return texpr{}, false, nil
	}
	fn = "multi" + fn
	l, r = tr.refresh(l), tr.refresh(r)
	if !isMultirange(l) && !isMultirange(r) {
		return texpr{}, false, nil
	}
	l0, r0 := l, r
	mr := l
	if !isMultirange(l) {
		mr = r
	}
	rt := rangeTypeOf(mr)
	var err error
	if op == "@>" && isMultirange(l) && !r.unknown && !isMultirange(r) && !isRange(r) || op == "<@" && isMultirange(r) && !l.unknown && !isMultirange(l) && !isRange(l) {
		// multirange @> element, element <@ multirange.
		elem := r
		if op == "<@" {
			elem = l
		}
		if !sameType(baseType(elem.t), baseType(rt.RangeElem())) {
			return texpr{}, true, noOperator(p, l0, op, r0)
		}
		return texpr{e: &plan.Call{At: at(p), Fn: "sql::multirange_contains_elem", Args: []plan.Expr{mr.e, elem.e}, SQL: true}, t: value.TypeBool}, true, nil
	}
	for _, x := range []*texpr{&l, &r} {
		if x.unknown {
			if *x, err = tr.coerce(*x, mr.t); err != nil {
				return texpr{}, true, err
			}
		}
	}
	boolean := op != "+" && op != "-" && op != "*"
	fits := func(x texpr) bool {
		return isMultirange(x) && sameType(*x.t.Elem, rt) || boolean && isRange(x) && sameType(x.t, rt)
	}
	if !fits(l) || !fits(r) {
		return texpr{}, true, noOperator(p, l0, op, r0)
	}
	if op == "<@" {
		l, r = r, l
	}
	t := value.TypeBool
	if !boolean {
		t = mr.t
	}
	return texpr{e: &plan.Call{At: at(p), Fn: "sql::" + fn, Args: []plan.Expr{l.e, r.e}, SQL: true}, t: t}, true, nil
}

// multirangeCall translates the functions of multiranges: the
// constructors (int4multirange(range, ...), multirange(range)),
// range_merge, isempty, and lower, upper and their kin (of the
// multirange's span). ok is false for other calls.
func (tr *translator) multirangeCall(name string, args []texpr, p int) (texpr, bool, error) {
	if k, ok := value.RangeKindOfMultirangeName(name); ok {
		// int4multirange(VARIADIC int4range[]): ranges of the type only.
		es := make([]plan.Expr, len(args))
		for i, a := range args {
			if a.unknown {
				var err error
				if a, err = tr.coerce(a, k.Type()); err != nil {
					return texpr{}, true, err
				}
			}
			if !isRange(a) || a.t.Range != k {
				return texpr{}, true, noFunction(p, name, args)
			}
			es[i] = a.e
		}
		return texpr{e: &plan.Call{At: at(p), Fn: "sql::multirange_make", Args: es, SQL: true}, t: k.MultirangeType()}, true, nil
	}
	if x, ok, err := tr.userMultirangeConstructor(name, args, p); ok {
		return x, true, err
	}
	if len(args) != 1 {
		return texpr{}, false, nil
	}
	x := args[0]
	switch {
	case name == "multirange" && isRange(x):
		y, err := tr.rangeAsMultirange(x, p)
		return y, true, err
	case name == "multirange" && x.unknown:
		return texpr{}, true, errAt(errs.DatatypeMismatch, p, "could not determine polymorphic type because input has type unknown")
	case !isMultirange(x):
		return texpr{}, false, nil
	}
	rt := rangeTypeOf(x)
	span := texpr{e: &plan.Call{At: at(p), Fn: "sql::multirange_span", Args: []plan.Expr{x.e, &plan.Const{At: at(p), V: value.String(rt.SQLName())}}, SQL: true}, t: rt}
	switch name {
	case "range_merge":
		return span, true, nil
	case "isempty":
		return texpr{e: &plan.Call{At: at(p), Fn: "sql::multirange_isempty", Args: []plan.Expr{x.e}, SQL: true}, t: value.TypeBool}, true, nil
	case "lower", "upper", "lower_inc", "upper_inc", "lower_inf", "upper_inf":
		y, err := tr.call(rangeArgFuncs[name], []texpr{span}, p)
		return y, true, err
	}
	return texpr{}, false, nil
}

// rangeAsMultirange is the multirange of one range (multirange(r), and
// the cast of a range to its multirange type).
func (tr *translator) rangeAsMultirange(x texpr, p int) (texpr, error) {
	t, err := tr.multirangeTypeOf(x.t, p)
	return texpr{e: &plan.Call{At: at(p), Fn: "sql::multirange_make", Args: []plan.Expr{x.e}, SQL: true}, t: t}, err
}

// multirangeCastable reports the cast of a range type to its multirange
// type (explicit only, as in PostgreSQL).
func multirangeCastable(from, to value.Type) bool {
	return categoryOf(from) == catRange && to.IsMultirange() && sameType(*to.Elem, from)
}

// rangeAggregate translates range_agg (of ranges or multiranges: their
// union) and range_intersect_agg (of ranges: a range; of multiranges: a
// multirange) as the list of the values, which wrap reduces. ok is false
// for other aggregates.
func (tr *translator) rangeAggregate(agg plan.Agg, name string, args []texpr, p int) (plan.Agg, value.Type, aggWrap, bool, error) {
	if name != "range_agg" && name != "range_intersect_agg" || len(args) != 1 || !isRange(args[0]) && !isMultirange(args[0]) {
		return agg, value.Type{}, nil, false, nil
	}
	x := args[0]
	agg.Func, agg.Arg = plan.AggList, x.e
	t, fn := x.t, "sql::range_intersect_list"
	if name == "range_agg" {
		fn = "sql::multirange_of_list"
		var err error
		if t, err = tr.multirangeTypeOf(rangeTypeOf(x), p); err != nil {
			return agg, value.Type{}, nil, false, err
		}
	}
	wrap := func(y texpr) texpr {
		return texpr{e: &plan.Call{At: at(p), Fn: fn, Args: []plan.Expr{y.e}, SQL: true}, t: t}
	}
	return agg, value.ArrayOf(baseType(x.t)), wrap, true, nil
}
