package builtin

import (
	"time"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// The functions behind SQL's range types (value/sqlrange.go holds their
// logic): the constructors, the operators (the SQL front end turns @>,
// &&, + and the others into calls of these) and the accessors.

func rangeFuncs() []*Func {
	r15 := vr(value.RangeInt4, "[1,5)")
	r38 := vr(value.RangeInt4, "[3,8)")
	fs := []*Func{}
	for k := value.RangeInt4; k <= value.RangeTSTZ; k++ {
		examples := []Example{ex(`"(,)"`, value.None, value.None, vs("()"))}
		switch k {
		case value.RangeInt4, value.RangeInt8:
			examples = append(examples, ex(`"[1,5)"`, vi(1), vi(5)), ex(`"[2,6)"`, vi(1), vi(5), vs("(]")))
		case value.RangeNum:
			examples = append(examples, ex(`"(1,5]"`, vi(1), vi(5), vs("(]")))
		}
		f := nonStrict(sqlDef(k.Name(), 2, 3, "The "+k.Name()+" from a lower and an upper bound (NULL: unbounded) and the bounds' inclusion, '[)' unless given.", resultOf(k.Type()), func(_ string, c *Context, args []value.Value) (value.Value, error) {
			return rangeConstructor(k, c, args)
		}, examples...))
		f.Params = []value.Type{k.Elem(), k.Elem(), value.TypeText}
		fs = append(fs, f)
	}
	user := nonStrict(sqlDef("range_make", 2, 3, "The constructor of a range type of one's own (CREATE TYPE ... AS RANGE): its bounds are the subtype's values already (NULL: unbounded), the third argument the bounds' inclusion, '[)' unless given.", resultOf(value.Any), func(_ string, c *Context, args []value.Value) (value.Value, error) {
		return rangeConstructor(value.RangeUser, c, args)
	}, ex(`"[1,5)"`, vi(1), vi(5))))
	fs = append(fs, user)
	pred := func(name, doc string, fn func(a, b value.SQLRange) bool, want string) *Func {
		return sqlDef(name, 2, 2, doc, resultOf(value.TypeBool), func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			return value.Bool(fn(args[0].AsSQLRange(), args[1].AsSQLRange())), nil
		}, ex(want, r15, r38))
	}
	combine := func(name, doc string, fn func(a, b value.SQLRange) (value.SQLRange, error), want string) *Func {
		return sqlDef(name, 2, 2, doc, sameAsFirst, func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			r, err := fn(args[0].AsSQLRange(), args[1].AsSQLRange())
			return value.RangeValue(r), err
		}, ex(want, r15, r38))
	}
	unary := func(name, doc string, fn func(r value.SQLRange) bool, want string) *Func {
		return sqlDef(name, 1, 1, doc, resultOf(value.TypeBool), func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			return value.Bool(fn(args[0].AsSQLRange())), nil
		}, ex(want, r15))
	}
	bound := func(name, doc string, fn func(r value.SQLRange) (value.Value, bool), want string) *Func {
		return sqlDef(name, 1, 1, doc, elemOfRange, func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			if v, ok := fn(args[0].AsSQLRange()); ok {
				return v, nil
			}
			return value.None, nil
		}, ex(want, r15))
	}
	return append(fs,
		pred("range_contains", "range @> range: the first range holds the second.", value.RangeContains, "false"),
		sqlDef("range_contains_elem", 2, 2, "range @> element: the range holds the element.", resultOf(value.TypeBool), func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			return value.Bool(value.RangeContainsElem(args[0].AsSQLRange(), args[1])), nil
		}, ex("true", r15, vi(3))),
		pred("range_overlaps", "range && range: the ranges share a point.", value.RangeOverlaps, "true"),
		pred("range_before", "range << range: the first is strictly left of the second.", value.RangeBefore, "false"),
		pred("range_after", "range >> range: the first is strictly right of the second.", value.RangeAfter, "false"),
		pred("range_overleft", "range &< range: the first does not extend right of the second.", value.RangeOverLeft, "true"),
		pred("range_overright", "range &> range: the first does not extend left of the second.", value.RangeOverRight, "false"),
		pred("range_adjacent", "range -|- range: the ranges meet with nothing between.", value.RangeAdjacent, "false"),
		combine("range_union", "range + range: the union, an error when it would have a gap.", value.RangeUnion, `"[1,8)"`),
		combine("range_intersect", "range * range: the intersection.", value.RangeIntersect, `"[3,5)"`),
		combine("range_minus", "range - range: the difference, an error when it would split the first.", value.RangeMinus, `"[1,3)"`),
		combine("range_merge", "range_merge(a, b): the smallest range holding both.", value.RangeMerge, `"[1,8)"`),
		bound("range_lower", "lower(range): the lower bound; NULL when empty or unbounded.", value.SQLRange.Lower, "1"),
		bound("range_upper", "upper(range): the upper bound; NULL when empty or unbounded.", value.SQLRange.Upper, "5"),
		unary("isempty", "isempty(range): the range is empty.", func(r value.SQLRange) bool { return r.Empty }, "false"),
		unary("lower_inc", "lower_inc(range): the lower bound is inclusive.", value.SQLRange.LowerInc, "true"),
		unary("upper_inc", "upper_inc(range): the upper bound is inclusive.", value.SQLRange.UpperInc, "false"),
		unary("lower_inf", "lower_inf(range): the range is unbounded below.", value.SQLRange.LowerInf, "false"),
		unary("upper_inf", "upper_inf(range): the range is unbounded above.", value.SQLRange.UpperInf, "false"),
		sqlDef("range_index_bound", 4, 4, "range_index_bound(q, op, kind, lower): an end of the entries of an index of ranges of kind kind for which `range op q` can hold (value.RangeIndexBound); NULL when that side is open. The optimizer's, for gist and spgist index scans.", resultOf(value.Any),
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				v, ok := value.RangeIndexBound(args[1].AsString(), args[0], value.RangeKind(args[2].AsInt()), args[3].AsBool())
				if !ok {
					return value.None, nil
				}
				return v, nil
			}, ex(`"[3,)"`, vi(3), vs("@>elem"), vi(int64(value.RangeInt4)), value.Bool(false)), ex(`"[5,5)"`, r15, vs("&&"), vi(int64(value.RangeInt4)), value.Bool(false))),
	)
}

func sameAsFirst(args []value.Type) value.Type {
	if len(args) > 0 {
		return args[0]
	}
	return value.Any
}

func elemOfRange(args []value.Type) value.Type {
	if len(args) > 0 && args[0].Kind == value.KindSQLRange {
		return args[0].RangeElem()
	}
	return value.Any
}

// vr is an example range.
func vr(k value.RangeKind, s string) value.Value {
	r, err := value.ParseRange(s, k, time.UTC)
	if err != nil {
		panic(err)
	}
	return value.RangeValue(r)
}

// rangeConstructor is range_constructor2 and 3.
func rangeConstructor(k value.RangeKind, c *Context, args []value.Value) (value.Value, error) {
	flags := "[)"
	if len(args) == 3 {
		if args[2].IsNone() {
			return value.None, errs.New(errs.DataException, "range constructor flags argument must not be null")
		}
		flags = args[2].AsString()
	}
	loc := time.UTC
	if c != nil && c.Zone != nil {
		loc = c.Zone
	}
	var bounds [2]value.Value
	for i := range bounds {
		if args[i].IsNone() {
			continue
		}
		if k == value.RangeUser {
			bounds[i] = args[i] // the front end converted it
			continue
		}
		v, err := value.ConvertIn(args[i], k.Elem(), loc)
		if err != nil {
			return value.None, err
		}
		bounds[i] = v
	}
	r, err := value.NewRange(k, bounds[0], args[0].IsNone(), bounds[1], args[1].IsNone(), flags)
	return value.RangeValue(r), err
}
