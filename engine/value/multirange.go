package value

import (
	"slices"
	"strings"
	"time"

	"github.com/zerodb/zerodb/errs"
)

// SQL's multiranges (int4multirange, ...): a list of ranges of one range
// type held as a KindList value of range values, kept canonical as
// PostgreSQL's make_multirange keeps it (sorted, no empty ranges, those
// that overlap or touch merged). Its static type is a list flagged
// Multirange whose Elem is the range type, so a multirange compares,
// hashes, sorts and indexes as the list of its ranges does, which is
// multirange_cmp's order (range by range, the shorter list first). Text
// and binary forms are multirange_in/out and multirange_send/recv's
// (multirangetypes.c).

// The OIDs of the multirange types and of their arrays, by range kind.
var multirangeOIDs = [...][2]uint32{
	RangeInt4: {4451, 6150},
	RangeNum:  {4532, 6151},
	RangeTS:   {4533, 6152},
	RangeTSTZ: {4534, 6153},
	RangeDate: {4535, 6155},
	RangeInt8: {4536, 6157},
}

// MultirangeName is the multirange type's name, e.g. "int4multirange".
func (k RangeKind) MultirangeName() string {
	return strings.TrimSuffix(k.Name(), "range") + "multirange"
}

// MultirangeOID is the OID of the built-in range kind's multirange type.
func (k RangeKind) MultirangeOID() uint32 {
	if k > RangeTSTZ {
		return 0
	}
	return multirangeOIDs[k][0]
}

// MultirangeArrayOID is the OID of the array of its multirange type.
func (k RangeKind) MultirangeArrayOID() uint32 {
	if k > RangeTSTZ {
		return 0
	}
	return multirangeOIDs[k][1]
}

// MultirangeType is the SQL type of the range kind's multirange.
func (k RangeKind) MultirangeType() Type {
	elem := k.Type()
	return Type{Kind: KindList, Elem: &elem, Multirange: true}
}

// RangeKindOfMultirangeName returns the range kind whose multirange type
// is named name.
func RangeKindOfMultirangeName(name string) (RangeKind, bool) {
	for k := RangeInt4; k <= RangeTSTZ; k++ {
		if k.MultirangeName() == name {
			return k, true
		}
	}
	return NotRange, false
}

// RangeKindOfMultirangeOID returns the range kind of a multirange type's
// OID.
func RangeKindOfMultirangeOID(oid uint32) (RangeKind, bool) {
	for k := RangeInt4; k <= RangeTSTZ; k++ {
		if k.MultirangeOID() == oid {
			return k, true
		}
	}
	return NotRange, false
}

// IsMultirange reports a multirange type.
func (t Type) IsMultirange() bool { return t.Kind == KindList && t.Multirange && t.Elem != nil }

// Multirange is the canonical multirange of rs (multirange_canonicalize):
// sorted by range_cmp, empty ranges dropped, ranges that overlap or
// touch merged.
func Multirange(rs []SQLRange) Value {
	rs = slices.Clone(rs)
	slices.SortStableFunc(rs, CompareRanges)
	out := make([]Value, 0, len(rs))
	var last SQLRange
	for _, r := range rs {
		if r.Empty {
			continue
		}
		if len(out) > 0 && !RangeBefore(last, r) || len(out) > 0 && RangeAdjacent(last, r) {
			last, _ = RangeMerge(last, r) // sorted, so the two make one range
			out[len(out)-1] = RangeValue(last)
			continue
		}
		last = r
		out = append(out, RangeValue(r))
	}
	return List(out)
}

// MultirangeRanges is a multirange value's ranges.
func MultirangeRanges(v Value) []SQLRange {
	xs := v.AsList()
	rs := make([]SQLRange, len(xs))
	for i, x := range xs {
		rs[i] = x.AsSQLRange()
	}
	return rs
}

func malformedMultirange(s, detail string) error {
	return errs.New(errs.InvalidTextRepresentation, "malformed multirange literal: \"%s\"", s).WithDetail("%s", detail)
}

// ParseMultirange is multirange_in: '{' ranges (or empty) separated by
// commas '}', whitespace around any of them; each range is read by
// ParseRange once its end is found (quotes and backslashes kept for it).
func ParseMultirange(s string, k RangeKind, loc *time.Location) (Value, error) {
	return ParseMultirangeOf(s, k.Type(), loc)
}

// ParseMultirangeOf is multirange_in of the multirange of range type rt.
func ParseMultirangeOf(s string, rt Type, loc *time.Location) (Value, error) {
	i := 0
	for i < len(s) && rangeSpace(s[i]) {
		i++
	}
	if i >= len(s) || s[i] != '{' {
		return None, malformedMultirange(s, "Missing left brace.")
	}
	i++
	const (
		before = iota
		inRange
		inRangeEscaped
		inQuoted
		inQuotedEscaped
		after
		finished
	)
	state, start, seen := before, 0, 0
	var rs []SQLRange
	for ; state != finished; i++ {
		if i >= len(s) {
			return None, malformedMultirange(s, "Unexpected end of input.")
		}
		c := s[i]
		if rangeSpace(c) {
			continue
		}
		switch state {
		case before:
			switch {
			case c == '[' || c == '(':
				start, state = i, inRange
			case c == '}' && seen == 0:
				state = finished
			case len(s)-i >= 5 && strings.EqualFold(s[i:i+5], "empty"):
				seen++
				i += 4
				state = after
			default:
				return None, malformedMultirange(s, "Expected range start.")
			}
		case inRange:
			switch c {
			case ']', ')':
				r, err := ParseRangeOf(s[start:i+1], rt, loc)
				if err != nil {
					return None, err
				}
				rs = append(rs, r)
				seen++
				state = after
			case '"':
				state = inQuoted
			case '\\':
				state = inRangeEscaped
			}
		case inRangeEscaped:
			state = inRange
		case inQuoted:
			switch {
			case c == '"' && i+1 < len(s) && s[i+1] == '"':
				i++
			case c == '"':
				state = inRange
			case c == '\\':
				state = inQuotedEscaped
			}
		case inQuotedEscaped:
			state = inQuoted
		case after:
			switch c {
			case ',':
				state = before
			case '}':
				state = finished
			default:
				return None, malformedMultirange(s, "Expected comma or end of multirange.")
			}
		}
	}
	for i < len(s) && rangeSpace(s[i]) {
		i++
	}
	if i != len(s) {
		return None, malformedMultirange(s, "Junk after closing right brace.")
	}
	return Multirange(rs), nil
}

// AppendMultirange is multirange_out: {[1,3),[5,7)}.
func AppendMultirange(buf []byte, v Value, loc *time.Location) ([]byte, error) {
	buf = append(buf, '{')
	for i, r := range v.AsList() {
		if i > 0 {
			buf = append(buf, ',')
		}
		var err error
		if buf, err = AppendRange(buf, r.AsSQLRange(), loc); err != nil {
			return buf, err
		}
	}
	return append(buf, '}'), nil
}

// MultirangeUnion is multirange + multirange.
func MultirangeUnion(a, b Value) Value {
	return Multirange(append(MultirangeRanges(a), MultirangeRanges(b)...))
}

// MultirangeIntersect is multirange * multirange: the parts both cover.
func MultirangeIntersect(a, b Value) (Value, error) {
	var out []SQLRange
	for _, x := range MultirangeRanges(a) {
		for _, y := range MultirangeRanges(b) {
			r, err := RangeIntersect(x, y)
			if err != nil {
				return None, err
			}
			out = append(out, r)
		}
	}
	return Multirange(out), nil
}

// MultirangeMinus is multirange - multirange: the parts of a that b does
// not cover (a range may split in two, unlike range - range).
func MultirangeMinus(a, b Value) (Value, error) {
	pieces := MultirangeRanges(a)
	for _, y := range MultirangeRanges(b) {
		var next []SQLRange
		for _, x := range pieces {
			if !RangeOverlaps(x, y) {
				next = append(next, x)
				continue
			}
			// What of x lies left of y, and right of it.
			if !y.Lo.Inf {
				left, err := halfRange(x, RangeBound{Inf: true}, RangeBound{Val: y.Lo.Val, Inc: !y.Lo.Inc})
				if err != nil {
					return None, err
				}
				next = append(next, left)
			}
			if !y.Hi.Inf {
				right, err := halfRange(x, RangeBound{Val: y.Hi.Val, Inc: !y.Hi.Inc}, RangeBound{Inf: true})
				if err != nil {
					return None, err
				}
				next = append(next, right)
			}
		}
		pieces = next
	}
	return Multirange(pieces), nil
}

// halfRange is x within the unbounded-on-one-side range lo..hi.
func halfRange(x SQLRange, lo, hi RangeBound) (SQLRange, error) {
	h, err := MakeRange(x.Kind, lo, hi)
	if err != nil {
		return SQLRange{}, err
	}
	return RangeIntersect(x, h)
}

// MultirangeContainsElem is multirange @> element.
func MultirangeContainsElem(a Value, v Value) bool {
	return slices.ContainsFunc(MultirangeRanges(a), func(r SQLRange) bool { return RangeContainsElem(r, v) })
}

// MultirangeContains is multirange @> multirange: each range of b lies
// in one of a's.
func MultirangeContains(a, b Value) bool {
	ra := MultirangeRanges(a)
	for _, y := range MultirangeRanges(b) {
		if !slices.ContainsFunc(ra, func(x SQLRange) bool { return RangeContains(x, y) }) {
			return false
		}
	}
	return true
}

// MultirangeOverlaps is multirange && multirange.
func MultirangeOverlaps(a, b Value) bool {
	rb := MultirangeRanges(b)
	for _, x := range MultirangeRanges(a) {
		if slices.ContainsFunc(rb, func(y SQLRange) bool { return RangeOverlaps(x, y) }) {
			return true
		}
	}
	return false
}

// ends is a multirange's first and last ranges; ok is false when it is
// empty.
func ends(v Value) (first, last SQLRange, ok bool) {
	xs := v.AsList()
	if len(xs) == 0 {
		return SQLRange{}, SQLRange{}, false
	}
	return xs[0].AsSQLRange(), xs[len(xs)-1].AsSQLRange(), true
}

// MultirangeCompare is the positional operators between multiranges
// (<<, >>, &<, &>, -|-), which PostgreSQL decides by their outermost
// ranges; false when either is empty.
func MultirangeCompare(op string, a, b Value) bool {
	fa, la, oka := ends(a)
	fb, lb, okb := ends(b)
	if !oka || !okb {
		return false
	}
	switch op {
	case "<<":
		return RangeBefore(la, fb)
	case ">>":
		return RangeAfter(fa, lb)
	case "&<":
		return RangeOverLeft(la, lb)
	case "&>":
		return RangeOverRight(fa, fb)
	case "-|-":
		return rangeBoundsAdjacent(fa.Kind, la.Hi, fb.Lo) || rangeBoundsAdjacent(fa.Kind, lb.Hi, fa.Lo)
	}
	return false
}

// MultirangeSpan is range_merge(multirange): the smallest range holding
// it (empty for the empty multirange). lower, upper and their kin are
// the span's.
func MultirangeSpan(v Value, k RangeKind) SQLRange {
	first, last, ok := ends(v)
	if !ok {
		return EmptyRange(k)
	}
	return SQLRange{Kind: k, Lo: first.Lo, Hi: last.Hi}
}

// multirangeFromValue converts v to the multirange type t: its text, or
// a multirange of its range kind.
func multirangeFromValue(v Value, t Type, loc *time.Location) (Value, error) {
	k := t.Elem.Range
	switch v.kind {
	case KindString:
		return ParseMultirangeOf(v.s, *t.Elem, loc)
	case KindList:
		rs := make([]SQLRange, 0, len(v.AsList()))
		for _, x := range v.AsList() {
			if x.kind != KindSQLRange || RangeKind(x.sub) != k {
				return None, errCannotCast(v, t)
			}
			rs = append(rs, x.AsSQLRange())
		}
		return Multirange(rs), nil
	}
	return None, errCannotCast(v, t)
}
