package builtin

import (
	"time"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// The functions behind SQL's multiranges (value/multirange.go holds their
// logic). The SQL front end types them (a multirange value is a list of
// ranges, whatever its range type, the empty one included), and passes a
// range where PostgreSQL's operators take one beside a multirange: it is
// read as the multirange of that range, which answers every such
// operator as PostgreSQL's range-and-multirange functions do.

// liftMultirange is v as a multirange: a range as the multirange of it.
func liftMultirange(v value.Value) value.Value {
	if v.Kind() == value.KindSQLRange {
		return value.Multirange([]value.SQLRange{v.AsSQLRange()})
	}
	return v
}

// multirangeOfValues is the multirange of the ranges and multiranges in
// xs, NULLs skipped (range_agg, and the constructors).
func multirangeOfValues(xs []value.Value) (value.Value, error) {
	var rs []value.SQLRange
	for _, x := range xs {
		switch x.Kind() {
		case value.KindNone:
		case value.KindSQLRange:
			rs = append(rs, x.AsSQLRange())
		case value.KindList:
			rs = append(rs, value.MultirangeRanges(x)...)
		default:
			return value.None, errs.New(errs.DatatypeMismatch, "a multirange is made of ranges, not %s", x.Kind())
		}
	}
	return value.Multirange(rs), nil
}

func multirangeFuncs() []*Func {
	m := func(s string) value.Value {
		v, err := value.ParseMultirange(s, value.RangeInt4, time.UTC)
		if err != nil {
			panic(err)
		}
		return v
	}
	a, b := m("{[1,3),[5,8)}"), m("{[2,6)}")
	pred := func(name, doc string, fn func(a, b value.Value) bool, want string) *Func {
		return sqlDef(name, 2, 2, doc, resultOf(value.TypeBool), func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			return value.Bool(fn(liftMultirange(args[0]), liftMultirange(args[1]))), nil
		}, ex(want, a, b))
	}
	position := func(op, name, doc, want string) *Func {
		return pred(name, doc, func(a, b value.Value) bool { return value.MultirangeCompare(op, a, b) }, want)
	}
	combine := func(name, doc string, fn func(a, b value.Value) (value.Value, error), want string) *Func {
		return sqlDef(name, 2, 2, doc, sameAsFirst, func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			return fn(args[0], args[1])
		}, ex(want, a, b))
	}
	fs := []*Func{
		nonStrict(sqlDef("multirange_make", 0, -1, "The multirange of the ranges (and multiranges) given, NULLs skipped.", resultOf(value.Any),
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				return multirangeOfValues(args)
			}, ex(`["[1,8)"]`, vr(value.RangeInt4, "[1,3)"), value.None, vr(value.RangeInt4, "[2,8)")))),
		sqlDef("multirange_of_list", 1, 1, "The multirange of a list of ranges or multiranges, NULLs skipped: range_agg's result.", resultOf(value.Any),
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				return multirangeOfValues(args[0].AsList())
			}, ex(`["[1,8)"]`, value.List([]value.Value{vr(value.RangeInt4, "[1,3)"), vr(value.RangeInt4, "[3,8)")}))),
		sqlDef("range_intersect_list", 1, 1, "The intersection of a list of ranges, or of multiranges, NULLs skipped (NULL when all are): range_intersect_agg's result.", resultOf(value.Any),
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				acc := value.None
				for _, x := range args[0].AsList() {
					var err error
					switch {
					case x.IsNone():
					case acc.IsNone():
						acc = x
					case x.Kind() == value.KindSQLRange:
						var r value.SQLRange
						r, err = value.RangeIntersect(acc.AsSQLRange(), x.AsSQLRange())
						acc = value.RangeValue(r)
					default:
						acc, err = value.MultirangeIntersect(acc, x)
					}
					if err != nil {
						return value.None, err
					}
				}
				return acc, nil
			}, ex(`"[3,5)"`, value.List([]value.Value{vr(value.RangeInt4, "[1,5)"), vr(value.RangeInt4, "[3,8)")}))),
		pred("multirange_contains", "@> between multiranges (or a range and a multirange): each range of the second lies in the first.", value.MultirangeContains, "false"),
		sqlDef("multirange_contains_elem", 2, 2, "multirange @> element.", resultOf(value.TypeBool), func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			return value.Bool(value.MultirangeContainsElem(args[0], args[1])), nil
		}, ex("true", a, vi(5))),
		pred("multirange_overlaps", "&& between multiranges (or a range and a multirange).", value.MultirangeOverlaps, "true"),
		position("<<", "multirange_before", "<< between multiranges (or a range and a multirange): strictly left of.", "false"),
		position(">>", "multirange_after", ">> between multiranges (or a range and a multirange): strictly right of.", "false"),
		position("&<", "multirange_overleft", "&< between multiranges (or a range and a multirange): not extending right of.", "false"),
		position("&>", "multirange_overright", "&> between multiranges (or a range and a multirange): not extending left of.", "false"),
		position("-|-", "multirange_adjacent", "-|- between multiranges (or a range and a multirange): meeting with nothing between.", "false"),
		combine("multirange_union", "multirange + multirange.", func(a, b value.Value) (value.Value, error) { return value.MultirangeUnion(a, b), nil }, `["[1,8)"]`),
		combine("multirange_intersect", "multirange * multirange.", value.MultirangeIntersect, `["[2,3)", "[5,6)"]`),
		combine("multirange_minus", "multirange - multirange.", value.MultirangeMinus, `["[1,2)", "[6,8)"]`),
		sqlDef("multirange_isempty", 1, 1, "isempty(multirange): it holds no range.", resultOf(value.TypeBool), func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			return value.Bool(len(args[0].AsList()) == 0), nil
		}, ex("false", a)),
	}
	text := sqlDef("multirange_text", 1, 1, "A multirange as text: {[1,3),[5,8)}, timestamps with time zone in the session's.", resultOf(value.TypeText),
		func(_ string, c *Context, args []value.Value) (value.Value, error) {
			loc := time.UTC
			if c != nil && c.Zone != nil {
				loc = c.Zone
			}
			b, err := value.AppendMultirange(nil, args[0], loc)
			return value.String(string(b)), err
		}, ex(`"{[1,3),[5,8)}"`, a))
	fs = append(fs, text)
	span := sqlDef("multirange_span", 2, 2, "range_merge(multirange): the smallest range holding it, of the range type the second argument names (empty for the empty multirange).", resultOf(value.Any),
		func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			k, ok := value.RangeKindOfName(args[1].AsString())
			if !ok {
				k = value.RangeUser // a range type of one's own
			}
			return value.RangeValue(value.MultirangeSpan(args[0], k)), nil
		}, ex(`"[1,8)"`, a, vs("int4range")))
	for _, f := range append(fs, span) {
		f.Pure = true
		f.Strict = f.Strict || f.Name != "sql::multirange_make"
	}
	return append(fs, span)
}
