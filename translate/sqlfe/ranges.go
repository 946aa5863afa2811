package sqlfe

import (
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// SQL's built-in range types (value/sqlrange.go; the functions in
// engine/builtin/sql_range.go), whose functions and operators also take
// the range types of one's own (rangetype.go). GiST and SP-GiST indexes
// of ranges are ordered indexes (index.go, engine/opt/rangeindex.go).

// unsupportedRangeFunction reports the functions over multiranges and
// the range aggregates.
func unsupportedRangeFunction(name string) bool {
	return false
}

func unsupportedRange(p int, what string) error {
	return unsupported(p, "range types ("+what+")")
}

// rangeArgFuncs are the functions whose first argument is any range
// (anyrange), and the builtin each calls.
var rangeArgFuncs = map[string]string{
	"lower": "range_lower", "upper": "range_upper", "isempty": "isempty",
	"lower_inc": "lower_inc", "upper_inc": "upper_inc", "lower_inf": "lower_inf",
	"upper_inf": "upper_inf", "range_merge": "range_merge",
}

// rangeCall translates the functions of a range argument (lower and
// upper of text are not among them); ok is false for other calls.
func (tr *translator) rangeCall(name string, args []texpr, p int) (texpr, bool, error) {
	if k, ok := value.RangeKindOfName(name); ok {
		// A constructor: its bounds take the implicit casts to the
		// subtype (int4range(1.5, 3) has no function).
		for i, a := range args {
			if i < 2 && !implicitly(a, k.Elem()) || i == 2 && !implicitly(a, value.TypeText) {
				return texpr{}, true, noFunction(p, name, args)
			}
		}
		return texpr{}, false, nil
	}
	if x, ok, err := tr.userRangeConstructor(name, args, p); ok {
		return x, true, err
	}
	fn, ok := rangeArgFuncs[name]
	if !ok || len(args) == 0 {
		return texpr{}, false, nil
	}
	first := args[0]
	if name == "lower" || name == "upper" {
		if len(args) != 1 || first.unknown || categoryOf(first.t) != catRange {
			return texpr{}, false, nil
		}
	}
	if first.unknown && len(args) == 2 && !args[1].unknown {
		first = args[1]
	}
	if first.unknown {
		return texpr{}, true, errAt(errs.DatatypeMismatch, p, "could not determine polymorphic type because input has type unknown")
	}
	want := 1
	if name == "range_merge" {
		want = 2
	}
	if len(args) != want || categoryOf(first.t) != catRange {
		return texpr{}, true, noFunction(p, name, args)
	}
	for i, a := range args {
		if a.unknown {
			x, err := tr.coerce(a, first.t)
			if err != nil {
				return texpr{}, true, err
			}
			args[i] = x
		} else if !sameType(a.t, first.t) {
			return texpr{}, true, noFunction(p, name, args)
		}
	}
	x, err := tr.call(fn, args, p)
	return x, true, err
}

// rangeOps are the range operators and the builtins they call.
var rangeOps = map[string]string{
	"@>": "range_contains", "<@": "range_contains", "&&": "range_overlaps",
	"<<": "range_before", ">>": "range_after", "&<": "range_overleft",
	"&>": "range_overright", "-|-": "range_adjacent", "+": "range_union",
	"*": "range_intersect", "-": "range_minus",
}

// rangeOp translates an operator with a range operand; ok is false when
// neither operand is a range.
func (tr *translator) rangeOp(op string, l, r texpr, p int) (texpr, bool, error) {
	fn, ok := rangeOps[op]
	if !ok {
		return texpr{}, false, nil
	}
	l, r = tr.refresh(l), tr.refresh(r)
	lr, rr := !l.unknown && categoryOf(l.t) == catRange, !r.unknown && categoryOf(r.t) == catRange
	if !lr && !rr {
		return texpr{}, false, nil
	}
	var err error
	switch {
	case op == "@>" && lr && !rr && !r.unknown, op == "<@" && rr && !lr && !l.unknown:
		// range @> element, element <@ range.
		rng, elem := l, r
		if op == "<@" {
			rng, elem = r, l
		}
		// anyelement is the range's subtype itself, without casts.
		if !elem.unknown && !sameType(baseType(elem.t), baseType(rng.t.RangeElem())) {
			return texpr{}, true, noOperator(p, l, op, r)
		}
		if elem, err = tr.coerce(elem, rng.t.RangeElem()); err != nil {
			return texpr{}, true, err
		}
		x, err := tr.call("range_contains_elem", []texpr{rng, elem}, p)
		return x, true, err
	case l.unknown:
		l, err = tr.coerce(l, r.t)
	case r.unknown:
		r, err = tr.coerce(r, l.t)
	}
	if err != nil {
		return texpr{}, true, err
	}
	if !sameType(l.t, r.t) {
		return texpr{}, true, noOperator(p, l, op, r)
	}
	if op == "<@" {
		l, r = r, l
	}
	x, err := tr.call(fn, []texpr{l, r}, p)
	return x, true, err
}
