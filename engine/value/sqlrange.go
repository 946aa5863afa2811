package value

// SQL's built-in range types (int4range, int8range, numrange, daterange,
// tsrange, tstzrange): a SQLRange over bound values, held by a
// KindSQLRange value. PostgreSQL's rangetypes.c: range_in and range_out
// (quoting, empty, unbounded ends), make_range's checks and the
// canonical forms of the discrete types, range_cmp's order, the
// operators and functions, and range_send/range_recv's binary frame.

import (
	"encoding/binary"
	"hash/fnv"
	"math"
	"strings"
	"time"

	"github.com/zerodb/zerodb/errs"
)

// RangeKind is one of PostgreSQL's built-in range types, or RangeUser.
type RangeKind uint8

// The built-in range types; NotRange is the zero RangeKind. RangeUser is
// every range type of CREATE TYPE ... AS RANGE: as a composite's, its
// value does not know its type, its static Type does (Name the range
// type's name, Elem its subtype), so one kind serves them all. Such
// types have no canonical function (PostgreSQL's needs C), so their
// ranges are continuous.
const (
	NotRange RangeKind = iota
	RangeInt4
	RangeInt8
	RangeNum
	RangeDate
	RangeTS
	RangeTSTZ
	RangeUser
)

var rangeKinds = [...]struct {
	name      string
	oid, aoid uint32
	elem      Type
}{
	RangeInt4: {"int4range", 3904, 3905, TypeInt4},
	RangeInt8: {"int8range", 3926, 3927, TypeInt8},
	RangeNum:  {"numrange", 3906, 3907, TypeNumeric},
	RangeDate: {"daterange", 3912, 3913, TypeDate},
	RangeTS:   {"tsrange", 3908, 3909, TypeTimestamp},
	RangeTSTZ: {"tstzrange", 3910, 3911, TypeTimestampTZ},
}

// RangeKindOfName returns the range type named name (as pg_type spells it).
func RangeKindOfName(name string) (RangeKind, bool) {
	for k := RangeInt4; k <= RangeTSTZ; k++ {
		if rangeKinds[k].name == name {
			return k, true
		}
	}
	return NotRange, false
}

// RangeKindOfOID returns the range type of a pg_type OID.
func RangeKindOfOID(oid uint32) (RangeKind, bool) {
	for k := RangeInt4; k <= RangeTSTZ; k++ {
		if rangeKinds[k].oid == oid {
			return k, true
		}
	}
	return NotRange, false
}

// Name is the type's name, e.g. "int4range" ("range" for RangeUser,
// whose types' names their Types hold).
func (k RangeKind) Name() string {
	if k > RangeTSTZ {
		return "range"
	}
	return rangeKinds[k].name
}

// OID is the built-in type's pg_type OID.
func (k RangeKind) OID() uint32 {
	if k > RangeTSTZ {
		return 0
	}
	return rangeKinds[k].oid
}

// ArrayOID is the OID of the built-in type's array type.
func (k RangeKind) ArrayOID() uint32 {
	if k > RangeTSTZ {
		return 0
	}
	return rangeKinds[k].aoid
}

// Elem is the subtype: the type of the bounds (of a built-in kind).
func (k RangeKind) Elem() Type {
	if k > RangeTSTZ {
		return Type{}
	}
	return rangeKinds[k].elem
}

// RangeElem is range type t's subtype.
func (t Type) RangeElem() Type {
	if t.Range == RangeUser && t.Elem != nil {
		return *t.Elem
	}
	return t.Range.Elem()
}

// UserRangeType is the type of the range type name (CREATE TYPE name AS
// RANGE) over subtype elem.
func UserRangeType(name string, elem Type) Type {
	return Type{Kind: KindSQLRange, Range: RangeUser, Name: name, Elem: &elem}
}

// UserMultirangeType is the type of the multirange type name of range
// type rt.
func UserMultirangeType(name string, rt Type) Type {
	return Type{Kind: KindList, Elem: &rt, Multirange: true, Name: name}
}

// The OIDs of the range types of one's own and of their multiranges: like
// an enum's, a hash of the type's name (they have no catalog id), the
// top bits 001 — clear of enums' 1x, composites' 01x and the OIDs
// derived from catalog ids, which stay far below 2^29 — then two bits
// for which of the four types of a range it is.
const (
	userRangeSelRange uint32 = iota
	userRangeSelRangeArray
	userRangeSelMulti
	userRangeSelMultiArray
)

func userRangeOID(name string, sel uint32) uint32 {
	h := fnv.New32a()
	h.Write([]byte("range\x00"))
	h.Write([]byte(name))
	return h.Sum32()&(1<<27-1) | sel<<27 | 1<<29
}

// UserRangeOID is the OID of the range type of one's own named name.
func UserRangeOID(name string) uint32 { return userRangeOID(name, userRangeSelRange) }

// UserRangeArrayOID is the OID of its array type.
func UserRangeArrayOID(name string) uint32 { return userRangeOID(name, userRangeSelRangeArray) }

// UserMultirangeOID is the OID of the multirange type named name of a
// range type of one's own.
func UserMultirangeOID(name string) uint32 { return userRangeOID(name, userRangeSelMulti) }

// UserMultirangeArrayOID is the OID of its array type.
func UserMultirangeArrayOID(name string) uint32 { return userRangeOID(name, userRangeSelMultiArray) }

// IsUserRangeOID reports whether oid may be one of the four OIDs of a
// range type of one's own.
func IsUserRangeOID(oid uint32) bool { return oid>>29 == 1 }

// discrete reports a range type with a canonical function: its ranges
// are kept as [lower, upper).
func (k RangeKind) discrete() bool { return k == RangeInt4 || k == RangeInt8 || k == RangeDate }

// RangeBound is one end of a range. Val is meaningless when Inf is set.
type RangeBound struct {
	Val Value
	Inc bool // inclusive
	Inf bool // unbounded
}

// SQLRange is a range value. The zero SQLRange is not valid; build ranges
// with MakeRange, ParseRange or EmptyRange.
type SQLRange struct {
	Kind   RangeKind
	Empty  bool
	Lo, Hi RangeBound
}

// EmptyRange is the empty range of kind k.
func EmptyRange(k RangeKind) SQLRange { return SQLRange{Kind: k, Empty: true} }

// cmpRangeBounds is range_cmp_bounds: a and b are lower bounds if the
// corresponding flag says so; inclusivity orders equal values.
func cmpRangeBounds(a RangeBound, aLower bool, b RangeBound, bLower bool) int {
	switch {
	case a.Inf && b.Inf:
		if aLower == bLower {
			return 0
		}
		return rangeLowerSign(aLower, -1)
	case a.Inf:
		return rangeLowerSign(aLower, -1)
	case b.Inf:
		return rangeLowerSign(bLower, 1)
	}
	c := Compare(a.Val, b.Val)
	if c != 0 {
		return c
	}
	switch {
	case !a.Inc && !b.Inc:
		if aLower == bLower {
			return 0
		}
		return rangeLowerSign(aLower, 1)
	case !a.Inc:
		return rangeLowerSign(aLower, 1)
	case !b.Inc:
		return rangeLowerSign(bLower, -1)
	}
	return 0
}

// rangeLowerSign returns s for a lower bound and -s for an upper one.
func rangeLowerSign(lower bool, s int) int {
	if lower {
		return s
	}
	return -s
}

// cmpRangeBoundValues is range_cmp_bound_values: the values alone.
func cmpRangeBoundValues(a RangeBound, aLower bool, b RangeBound, bLower bool) int {
	a.Inc, b.Inc = true, true
	return cmpRangeBounds(a, aLower, b, bLower)
}

func errRangeOrder() error {
	return errs.New(errs.DataException, "range lower bound must be less than or equal to range upper bound")
}

// MakeRange is make_range: it checks the order of the bounds, makes a range
// with equal values and a non-inclusive end empty, drops inclusivity of
// unbounded ends and puts discrete types in canonical form.
func MakeRange(k RangeKind, lo, hi RangeBound) (SQLRange, error) {
	if lo.Inf {
		lo = RangeBound{Inf: true}
	}
	if hi.Inf {
		hi = RangeBound{Inf: true}
	}
	if !lo.Inf && !hi.Inf {
		c := Compare(lo.Val, hi.Val)
		if c > 0 {
			return SQLRange{}, errRangeOrder()
		}
		if c == 0 && !(lo.Inc && hi.Inc) {
			return EmptyRange(k), nil
		}
	}
	if !k.discrete() {
		return SQLRange{Kind: k, Lo: lo, Hi: hi}, nil
	}
	var err error
	// daterange_canonical leaves infinite dates and their inclusivity be.
	if !lo.Inf && !lo.Inc && !lo.Val.IsInfiniteTime() {
		if lo.Val, err = rangeStep(k, lo.Val); err != nil {
			return SQLRange{}, err
		}
		lo.Inc = true
	}
	if !hi.Inf && hi.Inc && !hi.Val.IsInfiniteTime() {
		if hi.Val, err = rangeStep(k, hi.Val); err != nil {
			return SQLRange{}, err
		}
		hi.Inc = false
	}
	if !lo.Inf && !hi.Inf && Compare(lo.Val, hi.Val) >= 0 {
		return EmptyRange(k), nil
	}
	return SQLRange{Kind: k, Lo: lo, Hi: hi}, nil
}

// rangeStep is the successor of a discrete subtype's value, as the canonical
// functions add one.
func rangeStep(k RangeKind, v Value) (Value, error) {
	switch k {
	case RangeInt4:
		n := v.AsInt()
		if n >= math.MaxInt32 {
			return None, errs.New(errs.NumericValueOutOfRange, "integer out of range")
		}
		return IntW(n+1, I32), nil
	case RangeInt8:
		n := v.AsInt()
		if n == math.MaxInt64 {
			return None, errs.New(errs.NumericValueOutOfRange, "bigint out of range")
		}
		return IntW(n+1, I64), nil
	case RangeDate:
		us := int64(v.AsUint64())
		if us > math.MaxInt64-2*usPerDay {
			return None, errs.New("22008", "date out of range")
		}
		return DateOfMicros(us + usPerDay), nil
	}
	return v, nil
}

// CompareRanges is range_cmp: the empty range first, then by lower bound,
// then by upper bound.
func CompareRanges(a, b SQLRange) int {
	switch {
	case a.Empty && b.Empty:
		return 0
	case a.Empty:
		return -1
	case b.Empty:
		return 1
	}
	if c := cmpRangeBounds(a.Lo, true, b.Lo, true); c != 0 {
		return c
	}
	return cmpRangeBounds(a.Hi, false, b.Hi, false)
}

// RangeContainsElem is range @> element.
func RangeContainsElem(r SQLRange, v Value) bool {
	if r.Empty {
		return false
	}
	if !r.Lo.Inf {
		c := Compare(r.Lo.Val, v)
		if c > 0 || c == 0 && !r.Lo.Inc {
			return false
		}
	}
	if !r.Hi.Inf {
		c := Compare(r.Hi.Val, v)
		if c < 0 || c == 0 && !r.Hi.Inc {
			return false
		}
	}
	return true
}

// RangeContains is range @> range.
func RangeContains(a, b SQLRange) bool {
	if b.Empty {
		return true
	}
	if a.Empty {
		return false
	}
	return cmpRangeBounds(a.Lo, true, b.Lo, true) <= 0 && cmpRangeBounds(a.Hi, false, b.Hi, false) >= 0
}

// RangeOverlaps is &&.
func RangeOverlaps(a, b SQLRange) bool {
	if a.Empty || b.Empty {
		return false
	}
	if cmpRangeBounds(a.Lo, true, b.Lo, true) >= 0 && cmpRangeBounds(a.Lo, true, b.Hi, false) <= 0 {
		return true
	}
	return cmpRangeBounds(b.Lo, true, a.Lo, true) >= 0 && cmpRangeBounds(b.Lo, true, a.Hi, false) <= 0
}

// RangeBefore is << (strictly left of).
func RangeBefore(a, b SQLRange) bool {
	return !a.Empty && !b.Empty && cmpRangeBounds(a.Hi, false, b.Lo, true) < 0
}

// RangeAfter is >> (strictly right of).
func RangeAfter(a, b SQLRange) bool {
	return !a.Empty && !b.Empty && cmpRangeBounds(a.Lo, true, b.Hi, false) > 0
}

// RangeOverLeft is &< (does not extend to the right of).
func RangeOverLeft(a, b SQLRange) bool {
	return !a.Empty && !b.Empty && cmpRangeBounds(a.Hi, false, b.Hi, false) <= 0
}

// RangeOverRight is &> (does not extend to the left of).
func RangeOverRight(a, b SQLRange) bool {
	return !a.Empty && !b.Empty && cmpRangeBounds(a.Lo, true, b.Lo, true) >= 0
}

// RangeAdjacent is -|-.
func RangeAdjacent(a, b SQLRange) bool {
	if a.Empty || b.Empty {
		return false
	}
	return rangeBoundsAdjacent(a.Kind, a.Hi, b.Lo) || rangeBoundsAdjacent(a.Kind, b.Hi, a.Lo)
}

// rangeBoundsAdjacent is bounds_adjacent: upper bound up meets lower bound lo
// with nothing between.
func rangeBoundsAdjacent(k RangeKind, up, lo RangeBound) bool {
	c := cmpRangeBoundValues(up, false, lo, true)
	switch {
	case c < 0:
		if !k.discrete() {
			return false // points are assumed between
		}
		// A range from up to lo with the inclusions flipped is empty
		// exactly when no value of the subtype lies between.
		r, err := MakeRange(k, RangeBound{Val: up.Val, Inc: !up.Inc}, RangeBound{Val: lo.Val, Inc: !lo.Inc})
		return err == nil && r.Empty
	case c == 0:
		return up.Inc != lo.Inc
	}
	return false
}

// RangeUnion is +; it fails when the result would have a gap.
func RangeUnion(a, b SQLRange) (SQLRange, error) {
	return rangeUnion(a, b, true)
}

// RangeMerge is range_merge: the smallest range holding both.
func RangeMerge(a, b SQLRange) (SQLRange, error) {
	return rangeUnion(a, b, false)
}

func rangeUnion(a, b SQLRange, strict bool) (SQLRange, error) {
	if a.Empty {
		return b, nil
	}
	if b.Empty {
		return a, nil
	}
	if strict && !RangeOverlaps(a, b) && !RangeAdjacent(a, b) {
		return SQLRange{}, errs.New(errs.DataException, "result of range union would not be contiguous")
	}
	lo, hi := a.Lo, a.Hi
	if cmpRangeBounds(b.Lo, true, lo, true) < 0 {
		lo = b.Lo
	}
	if cmpRangeBounds(b.Hi, false, hi, false) > 0 {
		hi = b.Hi
	}
	return MakeRange(a.Kind, lo, hi)
}

// RangeIntersect is *.
func RangeIntersect(a, b SQLRange) (SQLRange, error) {
	if a.Empty || b.Empty || !RangeOverlaps(a, b) {
		return EmptyRange(a.Kind), nil
	}
	lo, hi := a.Lo, a.Hi
	if cmpRangeBounds(b.Lo, true, lo, true) > 0 {
		lo = b.Lo
	}
	if cmpRangeBounds(b.Hi, false, hi, false) < 0 {
		hi = b.Hi
	}
	return MakeRange(a.Kind, lo, hi)
}

// RangeMinus is - (range_minus); it fails when b splits a in two.
func RangeMinus(a, b SQLRange) (SQLRange, error) {
	if a.Empty || b.Empty {
		return a, nil
	}
	l1l2 := cmpRangeBounds(a.Lo, true, b.Lo, true)
	l1u2 := cmpRangeBounds(a.Lo, true, b.Hi, false)
	u1l2 := cmpRangeBounds(a.Hi, false, b.Lo, true)
	u1u2 := cmpRangeBounds(a.Hi, false, b.Hi, false)
	switch {
	case l1l2 < 0 && u1u2 > 0:
		return SQLRange{}, errs.New(errs.DataException, "result of range difference would not be contiguous")
	case l1u2 > 0 || u1l2 < 0:
		return a, nil
	case l1l2 >= 0 && u1u2 <= 0:
		return EmptyRange(a.Kind), nil
	case l1l2 <= 0 && u1l2 >= 0 && u1u2 <= 0:
		return MakeRange(a.Kind, a.Lo, RangeBound{Val: b.Lo.Val, Inc: !b.Lo.Inc, Inf: b.Lo.Inf})
	default: // l1l2 >= 0 && u1u2 >= 0 && l1u2 <= 0
		return MakeRange(a.Kind, RangeBound{Val: b.Hi.Val, Inc: !b.Hi.Inc, Inf: b.Hi.Inf}, a.Hi)
	}
}

// Lower is lower(): ok is false (SQL NULL) for an empty range or an
// unbounded lower end.
func (r SQLRange) Lower() (v Value, ok bool) {
	if r.Empty || r.Lo.Inf {
		return None, false
	}
	return r.Lo.Val, true
}

// Upper is upper(), as Lower.
func (r SQLRange) Upper() (v Value, ok bool) {
	if r.Empty || r.Hi.Inf {
		return None, false
	}
	return r.Hi.Val, true
}

// LowerInc is lower_inc().
func (r SQLRange) LowerInc() bool { return !r.Empty && r.Lo.Inc }

// UpperInc is upper_inc().
func (r SQLRange) UpperInc() bool { return !r.Empty && r.Hi.Inc }

// LowerInf is lower_inf().
func (r SQLRange) LowerInf() bool { return !r.Empty && r.Lo.Inf }

// UpperInf is upper_inf().
func (r SQLRange) UpperInf() bool { return !r.Empty && r.Hi.Inf }

// ParseRangeFlags reads a constructor's third argument, '[)' and its kin.
func ParseRangeFlags(s string) (loInc, hiInc bool, err error) {
	if len(s) == 2 && (s[0] == '[' || s[0] == '(') && (s[1] == ']' || s[1] == ')') {
		return s[0] == '[', s[1] == ']', nil
	}
	return false, false, errs.New(errs.SyntaxError, "invalid range bound flags").
		WithHint(`Valid values are "[]", "[)", "(]", and "()".`)
}

// NewRange is the constructor function int4range(lo, hi, flags): a NULL
// bound (loNull, hiNull) is unbounded.
func NewRange(k RangeKind, lo Value, loNull bool, hi Value, hiNull bool, flags string) (SQLRange, error) {
	li, hiInc, err := ParseRangeFlags(flags)
	if err != nil {
		return SQLRange{}, err
	}
	return MakeRange(k, RangeBound{Val: lo, Inc: li, Inf: loNull}, RangeBound{Val: hi, Inc: hiInc, Inf: hiNull})
}

func malformedRange(s, detail string) error {
	return errs.New(errs.InvalidTextRepresentation, "malformed range literal: \"%s\"", s).WithDetail("%s", detail)
}

func rangeSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// ParseRange is range_in of a built-in range type: the text form, its
// bounds read as the subtype in loc (the session's zone, for tstzrange
// and for 'today' and its kin).
func ParseRange(s string, k RangeKind, loc *time.Location) (SQLRange, error) {
	return ParseRangeOf(s, k.Type(), loc)
}

// ParseRangeOf is range_in of range type t.
func ParseRangeOf(s string, t Type, loc *time.Location) (SQLRange, error) {
	k, elem := t.Range, t.RangeElem()
	i := 0
	for i < len(s) && rangeSpace(s[i]) {
		i++
	}
	if len(s)-i >= 5 && strings.EqualFold(s[i:i+5], "empty") {
		i += 5
		for i < len(s) && rangeSpace(s[i]) {
			i++
		}
		if i != len(s) {
			return SQLRange{}, malformedRange(s, `Junk after "empty" key word.`)
		}
		return EmptyRange(k), nil
	}
	var lo, hi RangeBound
	var err error
	if lo.Inc, err = rangeBracket(s, i, '[', '(', "Missing left parenthesis or bracket."); err != nil {
		return SQLRange{}, err
	}
	i++
	loText, next, err := parseRangeBound(s, i)
	if err != nil {
		return SQLRange{}, err
	}
	i = next
	if i >= len(s) || s[i] != ',' {
		return SQLRange{}, malformedRange(s, "Missing comma after lower bound.")
	}
	i++
	hiText, next, err := parseRangeBound(s, i)
	if err != nil {
		return SQLRange{}, err
	}
	i = next
	if hi.Inc, err = rangeBracket(s, i, ']', ')', "Too many commas."); err != nil {
		return SQLRange{}, err
	}
	i++
	for i < len(s) && rangeSpace(s[i]) {
		i++
	}
	if i != len(s) {
		return SQLRange{}, malformedRange(s, "Junk after right parenthesis or bracket.")
	}
	// The bounds are read only after the whole literal is known good, as
	// range_in does.
	if lo, err = readRangeBound(loText, lo, elem, loc); err != nil {
		return SQLRange{}, err
	}
	if hi, err = readRangeBound(hiText, hi, elem, loc); err != nil {
		return SQLRange{}, err
	}
	return MakeRange(k, lo, hi)
}

func readRangeBound(text *string, b RangeBound, elem Type, loc *time.Location) (RangeBound, error) {
	if text == nil {
		return RangeBound{Inf: true}, nil
	}
	v, err := ParseTextIn(*text, elem, loc)
	if err != nil {
		return RangeBound{}, err
	}
	b.Val = v
	return b, nil
}

// rangeBracket reads the bracket at s[i]: inc or exc, else the error detail.
func rangeBracket(s string, i int, inc, exc byte, detail string) (bool, error) {
	if i < len(s) && (s[i] == inc || s[i] == exc) {
		return s[i] == inc, nil
	}
	return false, malformedRange(s, detail)
}

// parseRangeBound is range_parse_bound: nil for an omitted (unbounded) end,
// else the bound's text with quotes and backslashes undone.
func parseRangeBound(s string, i int) (*string, int, error) {
	if i < len(s) && (s[i] == ',' || s[i] == ')' || s[i] == ']') {
		return nil, i, nil
	}
	var b strings.Builder
	inQuote := false
	for inQuote || i >= len(s) || !(s[i] == ',' || s[i] == ')' || s[i] == ']') {
		if i >= len(s) {
			return nil, i, malformedRange(s, "Unexpected end of input.")
		}
		c := s[i]
		i++
		switch {
		case c == '\\':
			if i >= len(s) {
				return nil, i, malformedRange(s, "Unexpected end of input.")
			}
			b.WriteByte(s[i])
			i++
		case c == '"':
			switch {
			case !inQuote:
				inQuote = true
			case i < len(s) && s[i] == '"':
				b.WriteByte('"')
				i++
			default:
				inQuote = false
			}
		default:
			b.WriteByte(c)
		}
	}
	t := b.String()
	return &t, i, nil
}

// AppendRange is range_out, the subtype's text in loc.
func AppendRange(buf []byte, r SQLRange, loc *time.Location) ([]byte, error) {
	if r.Empty {
		return append(buf, "empty"...), nil
	}
	if r.Lo.Inc {
		buf = append(buf, '[')
	} else {
		buf = append(buf, '(')
	}
	var err error
	if !r.Lo.Inf {
		if buf, err = appendRangeBound(buf, r.Lo.Val, r.Kind, loc); err != nil {
			return buf, err
		}
	}
	buf = append(buf, ',')
	if !r.Hi.Inf {
		if buf, err = appendRangeBound(buf, r.Hi.Val, r.Kind, loc); err != nil {
			return buf, err
		}
	}
	if r.Hi.Inc {
		return append(buf, ']'), nil
	}
	return append(buf, ')'), nil
}

// String is the text form in UTC.
func (r SQLRange) String() string {
	b, err := AppendRange(nil, r, time.UTC)
	if err != nil {
		return "<" + err.Error() + ">"
	}
	return string(b)
}

// appendRangeBound is range_bound_escape over the subtype's text. A
// range of one's own is written as its bounds' values are (the subtypes
// zerodb takes, numbers, text and datetimes, know their text forms).
func appendRangeBound(buf []byte, v Value, k RangeKind, loc *time.Location) ([]byte, error) {
	elem := k.Elem()
	if k == RangeUser {
		elem = TypeOf(v)
		elem.Date = v.IsDate()
	}
	t, err := AppendTextIn(nil, v, elem, loc)
	if err != nil {
		return buf, err
	}
	quote := len(t) == 0
	for _, c := range t {
		if c == '"' || c == '\\' || c == '(' || c == ')' || c == '[' || c == ']' || c == ',' || rangeSpace(c) {
			quote = true
			break
		}
	}
	if quote {
		buf = append(buf, '"')
	}
	for _, c := range t {
		if c == '"' || c == '\\' {
			buf = append(buf, c)
		}
		buf = append(buf, c)
	}
	if quote {
		buf = append(buf, '"')
	}
	return buf, nil
}

// The flags byte of range_send and range_recv (rangetypes.h).
const (
	rangeFlagEmpty = 0x01
	rangeFlagLoInc = 0x02
	rangeFlagHiInc = 0x04
	rangeFlagLoInf = 0x08
	rangeFlagHiInf = 0x10
)

// AppendRangeBinary is range_send: the flags byte, then each finite bound as
// a 4-byte length and the subtype's binary form, which elem appends.
func AppendRangeBinary(buf []byte, r SQLRange, elem func([]byte, Value) ([]byte, error)) ([]byte, error) {
	if r.Empty {
		return append(buf, rangeFlagEmpty), nil
	}
	buf = append(buf, rangeFlags(r))
	for _, b := range [2]RangeBound{r.Lo, r.Hi} {
		if b.Inf {
			continue
		}
		at := len(buf)
		buf = append(buf, 0, 0, 0, 0)
		var err error
		if buf, err = elem(buf, b.Val); err != nil {
			return buf, err
		}
		binary.BigEndian.PutUint32(buf[at:], uint32(len(buf)-at-4))
	}
	return buf, nil
}

func badRangeBinary() error {
	return errs.New(errs.InvalidBinaryRepresentation, "incorrect binary data format")
}

// ParseRangeBinary is range_recv: elem reads one bound's binary form. The
// result is made by MakeRange, so it is checked and canonical.
func ParseRangeBinary(b []byte, k RangeKind, elem func([]byte) (Value, error)) (SQLRange, error) {
	if len(b) == 0 {
		return SQLRange{}, badRangeBinary()
	}
	f := b[0]
	b = b[1:]
	if f&^(rangeFlagEmpty|rangeFlagLoInc|rangeFlagHiInc|rangeFlagLoInf|rangeFlagHiInf) != 0 {
		return SQLRange{}, errs.New(errs.InvalidBinaryRepresentation, "invalid range flags")
	}
	if f&rangeFlagEmpty != 0 {
		if len(b) != 0 {
			return SQLRange{}, badRangeBinary()
		}
		return EmptyRange(k), nil
	}
	read := func(inf bool, inc bool) (RangeBound, error) {
		if inf {
			return RangeBound{Inf: true}, nil
		}
		if len(b) < 4 {
			return RangeBound{}, badRangeBinary()
		}
		n := binary.BigEndian.Uint32(b)
		if n > math.MaxInt32 || int(n) > len(b)-4 {
			return RangeBound{}, badRangeBinary()
		}
		v, err := elem(b[4 : 4+n])
		b = b[4+n:]
		return RangeBound{Val: v, Inc: inc}, err
	}
	lo, err := read(f&rangeFlagLoInf != 0, f&rangeFlagLoInc != 0)
	if err != nil {
		return SQLRange{}, err
	}
	hi, err := read(f&rangeFlagHiInf != 0, f&rangeFlagHiInc != 0)
	if err != nil {
		return SQLRange{}, err
	}
	if len(b) != 0 {
		return SQLRange{}, badRangeBinary()
	}
	return MakeRange(k, lo, hi)
}

// rangeFlags is range_send's flags byte of r (also the storage
// encoding's).
func rangeFlags(r SQLRange) byte {
	if r.Empty {
		return rangeFlagEmpty
	}
	var f byte
	if r.Lo.Inf {
		f |= rangeFlagLoInf
	} else if r.Lo.Inc {
		f |= rangeFlagLoInc
	}
	if r.Hi.Inf {
		f |= rangeFlagHiInf
	} else if r.Hi.Inc {
		f |= rangeFlagHiInc
	}
	return f
}

// Type is the SQL type of a built-in range kind.
func (k RangeKind) Type() Type { return Type{Kind: KindSQLRange, Range: k} }

// sqlRange decodes tSQLRange's body (codec.go).
func (d *decoder) sqlRange(depth int) (Value, error) {
	h, err := d.fixed(2)
	if err != nil {
		return None, err
	}
	k, f := RangeKind(h[0]), h[1]
	if k == NotRange || k > RangeUser || f&^(rangeFlagEmpty|rangeFlagLoInc|rangeFlagHiInc|rangeFlagLoInf|rangeFlagHiInf) != 0 {
		return None, errCorrupt("range kind or flags")
	}
	if f&rangeFlagEmpty != 0 {
		return RangeValue(EmptyRange(k)), nil
	}
	bound := func(inf, inc bool) (RangeBound, error) {
		if inf {
			return RangeBound{Inf: true}, nil
		}
		v, err := d.value(depth + 1)
		return RangeBound{Val: v, Inc: inc}, err
	}
	lo, err := bound(f&rangeFlagLoInf != 0, f&rangeFlagLoInc != 0)
	if err != nil {
		return None, err
	}
	hi, err := bound(f&rangeFlagHiInf != 0, f&rangeFlagHiInc != 0)
	if err != nil {
		return None, err
	}
	r, err := MakeRange(k, lo, hi)
	if err != nil {
		return None, errCorrupt("range: " + err.Error())
	}
	return RangeValue(r), nil
}

// appendRangeKey is a range's key (key.go): kSQLRange, its kind, then
// 0 for empty, else 1 and the bounds. A lower bound is 0 when unbounded,
// else 1, its value's key and 0 inclusive or 1 exclusive; an upper
// bound 1, its value's key and 0 exclusive or 1 inclusive, or 2 when
// unbounded. Value keys are self-delimiting, so the bytes order as
// range_cmp.
func appendRangeKey(b []byte, r SQLRange, depth int) ([]byte, error) {
	b = append(b, kSQLRange, byte(r.Kind))
	if r.Empty {
		return append(b, 0), nil
	}
	b = append(b, 1)
	if r.Lo.Inf {
		b = append(b, 0)
	} else {
		var err error
		if b, err = appendKey(append(b, 1), r.Lo.Val, depth+1); err != nil {
			return b, err
		}
		b = append(b, boolByte(!r.Lo.Inc))
	}
	if r.Hi.Inf {
		return append(b, 2), nil
	}
	b, err := appendKey(append(b, 1), r.Hi.Val, depth+1)
	if err != nil {
		return b, err
	}
	return append(b, boolByte(r.Hi.Inc)), nil
}

func boolByte(x bool) byte {
	if x {
		return 1
	}
	return 0
}

// decodeRangeKey reads appendRangeKey's bytes at b[0] (kSQLRange).
func decodeRangeKey(b []byte, depth int) (Value, int, error) {
	if depth > maxKeyDepth {
		return None, 0, errCorruptKey("nested too deep")
	}
	if len(b) < 3 {
		return None, 0, errCorruptKey("truncated")
	}
	k := RangeKind(b[1])
	if k == NotRange || k > RangeUser || b[2] > 1 {
		return None, 0, errCorruptKey("range kind")
	}
	if b[2] == 0 {
		return RangeValue(EmptyRange(k)), 3, nil
	}
	i := 3
	bound := func(lower bool) (RangeBound, error) {
		if i >= len(b) {
			return RangeBound{}, errCorruptKey("truncated")
		}
		switch tag := b[i]; {
		case lower && tag == 0, !lower && tag == 2:
			i++
			return RangeBound{Inf: true}, nil
		case tag != 1:
			return RangeBound{}, errCorruptKey("range bound")
		}
		v, n, err := decodeKey(b[i+1:], depth+1)
		if err != nil {
			return RangeBound{}, err
		}
		i += 1 + n
		if i >= len(b) || b[i] > 1 {
			return RangeBound{}, errCorruptKey("range bound")
		}
		inc := b[i] == 1
		if lower {
			inc = b[i] == 0
		}
		i++
		return RangeBound{Val: v, Inc: inc}, nil
	}
	lo, err := bound(true)
	if err != nil {
		return None, 0, err
	}
	hi, err := bound(false)
	if err != nil {
		return None, 0, err
	}
	if k == RangeDate {
		// Keys do not mark dates; the range's type does.
		if !lo.Inf {
			lo.Val = DateOf(lo.Val)
		}
		if !hi.Inf {
			hi.Val = DateOf(hi.Val)
		}
	}
	r, err := MakeRange(k, lo, hi)
	if err != nil {
		return None, 0, errCorruptKey("range: " + err.Error())
	}
	return RangeValue(r), i, nil
}

// RangeIndexBound is one end, in range_cmp's order (the order of the
// index entries of a column of ranges of kind k, appendRangeKey), of the
// ranges r for which `r op q` can hold: an inclusive lower end (lower),
// or an upper end, inclusive as RangeIndexHiInclusive says; ok is false
// when that side is open. It bounds the lower bound of r alone, so the
// ranges between the ends still need the operator checked. op is one of
// &&, @> (q a range), @>elem (q an element of the subtype), <@, <<, >>,
// &<, &> and -|-.
func RangeIndexBound(op string, q Value, k RangeKind, lower bool) (Value, bool) {
	if q.IsNone() || lower != (op == ">>" || op == "&>") {
		return None, false
	}
	// x is the lower bound r's lower bound is compared with.
	var x RangeBound
	if op == "@>elem" {
		x = RangeBound{Val: q, Inc: true}
	} else {
		if q.Kind() != KindSQLRange || q.AsSQLRange().Empty {
			// Nothing but @> and <@ holds with an empty q, and
			// those hold for every r (empty r): no end.
			return None, false
		}
		r := q.AsSQLRange()
		switch op {
		case "@>", "<<", "&>":
			x = r.Lo
		case "&&", "<@", "&<", "-|-", ">>":
			// The lower bound just past r's upper bound: (v after v],
			// [v after v).
			x = RangeBound{Val: r.Hi.Val, Inc: !r.Hi.Inc, Inf: r.Hi.Inf}
			if x.Inf {
				return None, false // past every range
			}
		default:
			return None, false
		}
	}
	if lower || !RangeIndexHiInclusive(op) {
		if x.Inf {
			return None, false
		}
		// x and an upper bound at its value, not inclusive, taken as a
		// non-empty range: the least key of the ranges whose lower
		// bound is x, whose upper bounds are past it (or at it,
		// inclusive).
		return RangeValue(SQLRange{Kind: k, Lo: x, Hi: RangeBound{Val: x.Val}}), true
	}
	// (x, +inf): the greatest range whose lower bound is x.
	return RangeValue(SQLRange{Kind: k, Lo: x, Hi: RangeBound{Inf: true}}), true
}

// RangeIndexHiInclusive reports whether RangeIndexBound's upper end of
// op is inclusive (the greatest range whose lower bound r's may be) or
// not (the least range whose lower bound r's must be below).
func RangeIndexHiInclusive(op string) bool {
	switch op {
	case "@>", "@>elem", "<<", "-|-":
		return true
	}
	return false
}
