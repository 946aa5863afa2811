package pgrange

import (
	"math"
	"strings"
	"time"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// Kind is one of PostgreSQL's built-in range types.
type Kind uint8

// The built-in range types; Invalid is the zero Kind.
const (
	Invalid Kind = iota
	Int4
	Int8
	Num
	Date
	TS
	TSTZ
)

var kinds = [...]struct {
	name      string
	oid, aoid uint32
	elem      value.Type
}{
	Int4: {"int4range", 3904, 3905, value.TypeInt4},
	Int8: {"int8range", 3926, 3927, value.TypeInt8},
	Num:  {"numrange", 3906, 3907, value.TypeNumeric},
	Date: {"daterange", 3912, 3913, value.TypeDate},
	TS:   {"tsrange", 3908, 3909, value.TypeTimestamp},
	TSTZ: {"tstzrange", 3910, 3911, value.TypeTimestampTZ},
}

// KindOfName returns the range type named name (as pg_type spells it).
func KindOfName(name string) (Kind, bool) {
	for k := Int4; k <= TSTZ; k++ {
		if kinds[k].name == name {
			return k, true
		}
	}
	return Invalid, false
}

// KindOfOID returns the range type of a pg_type OID.
func KindOfOID(oid uint32) (Kind, bool) {
	for k := Int4; k <= TSTZ; k++ {
		if kinds[k].oid == oid {
			return k, true
		}
	}
	return Invalid, false
}

// Name is the type's name, e.g. "int4range".
func (k Kind) Name() string { return kinds[k].name }

// OID is the type's pg_type OID.
func (k Kind) OID() uint32 { return kinds[k].oid }

// ArrayOID is the OID of the type's array type.
func (k Kind) ArrayOID() uint32 { return kinds[k].aoid }

// Elem is the subtype: the type of the bounds.
func (k Kind) Elem() value.Type { return kinds[k].elem }

// discrete reports a range type with a canonical function: its ranges
// are kept as [lower, upper).
func (k Kind) discrete() bool { return k == Int4 || k == Int8 || k == Date }

// Bound is one end of a range. Val is meaningless when Inf is set.
type Bound struct {
	Val value.Value
	Inc bool // inclusive
	Inf bool // unbounded
}

// Range is a range value. The zero Range is not valid; build ranges
// with Make, Parse or Empty.
type Range struct {
	Kind   Kind
	Empty  bool
	Lo, Hi Bound
}

// Empty is the empty range of kind k.
func Empty(k Kind) Range { return Range{Kind: k, Empty: true} }

// cmpBounds is range_cmp_bounds: a and b are lower bounds if the
// corresponding flag says so; inclusivity orders equal values.
func cmpBounds(a Bound, aLower bool, b Bound, bLower bool) int {
	switch {
	case a.Inf && b.Inf:
		if aLower == bLower {
			return 0
		}
		return lowerSign(aLower, -1)
	case a.Inf:
		return lowerSign(aLower, -1)
	case b.Inf:
		return lowerSign(bLower, 1)
	}
	c := value.Compare(a.Val, b.Val)
	if c != 0 {
		return c
	}
	switch {
	case !a.Inc && !b.Inc:
		if aLower == bLower {
			return 0
		}
		return lowerSign(aLower, 1)
	case !a.Inc:
		return lowerSign(aLower, 1)
	case !b.Inc:
		return lowerSign(bLower, -1)
	}
	return 0
}

// lowerSign returns s for a lower bound and -s for an upper one.
func lowerSign(lower bool, s int) int {
	if lower {
		return s
	}
	return -s
}

// cmpBoundValues is range_cmp_bound_values: the values alone.
func cmpBoundValues(a Bound, aLower bool, b Bound, bLower bool) int {
	a.Inc, b.Inc = true, true
	return cmpBounds(a, aLower, b, bLower)
}

func errOrder() error {
	return errs.New(errs.DataException, "range lower bound must be less than or equal to range upper bound")
}

// Make is make_range: it checks the order of the bounds, makes a range
// with equal values and a non-inclusive end empty, drops inclusivity of
// unbounded ends and puts discrete types in canonical form.
func Make(k Kind, lo, hi Bound) (Range, error) {
	if lo.Inf {
		lo = Bound{Inf: true}
	}
	if hi.Inf {
		hi = Bound{Inf: true}
	}
	if !lo.Inf && !hi.Inf {
		c := value.Compare(lo.Val, hi.Val)
		if c > 0 {
			return Range{}, errOrder()
		}
		if c == 0 && !(lo.Inc && hi.Inc) {
			return Empty(k), nil
		}
	}
	if !k.discrete() {
		return Range{Kind: k, Lo: lo, Hi: hi}, nil
	}
	var err error
	// daterange_canonical leaves infinite dates and their inclusivity be.
	if !lo.Inf && !lo.Inc && !lo.Val.IsInfiniteTime() {
		if lo.Val, err = step(k, lo.Val); err != nil {
			return Range{}, err
		}
		lo.Inc = true
	}
	if !hi.Inf && hi.Inc && !hi.Val.IsInfiniteTime() {
		if hi.Val, err = step(k, hi.Val); err != nil {
			return Range{}, err
		}
		hi.Inc = false
	}
	if !lo.Inf && !hi.Inf && value.Compare(lo.Val, hi.Val) >= 0 {
		return Empty(k), nil
	}
	return Range{Kind: k, Lo: lo, Hi: hi}, nil
}

const usPerDay = 86400 * 1000000

// step is the successor of a discrete subtype's value, as the canonical
// functions add one.
func step(k Kind, v value.Value) (value.Value, error) {
	switch k {
	case Int4:
		n := v.AsInt()
		if n >= math.MaxInt32 {
			return value.None, errs.New(errs.NumericValueOutOfRange, "integer out of range")
		}
		return value.IntW(n+1, value.I32), nil
	case Int8:
		n := v.AsInt()
		if n == math.MaxInt64 {
			return value.None, errs.New(errs.NumericValueOutOfRange, "bigint out of range")
		}
		return value.IntW(n+1, value.I64), nil
	case Date:
		us := int64(v.AsUint64())
		if us > math.MaxInt64-2*usPerDay {
			return value.None, errs.New("22008", "date out of range")
		}
		return value.DateOfMicros(us + usPerDay), nil
	}
	return v, nil
}

// Compare is range_cmp: the empty range first, then by lower bound,
// then by upper bound.
func Compare(a, b Range) int {
	switch {
	case a.Empty && b.Empty:
		return 0
	case a.Empty:
		return -1
	case b.Empty:
		return 1
	}
	if c := cmpBounds(a.Lo, true, b.Lo, true); c != 0 {
		return c
	}
	return cmpBounds(a.Hi, false, b.Hi, false)
}

// ContainsElem is range @> element.
func ContainsElem(r Range, v value.Value) bool {
	if r.Empty {
		return false
	}
	if !r.Lo.Inf {
		c := value.Compare(r.Lo.Val, v)
		if c > 0 || c == 0 && !r.Lo.Inc {
			return false
		}
	}
	if !r.Hi.Inf {
		c := value.Compare(r.Hi.Val, v)
		if c < 0 || c == 0 && !r.Hi.Inc {
			return false
		}
	}
	return true
}

// Contains is range @> range.
func Contains(a, b Range) bool {
	if b.Empty {
		return true
	}
	if a.Empty {
		return false
	}
	return cmpBounds(a.Lo, true, b.Lo, true) <= 0 && cmpBounds(a.Hi, false, b.Hi, false) >= 0
}

// Overlaps is &&.
func Overlaps(a, b Range) bool {
	if a.Empty || b.Empty {
		return false
	}
	if cmpBounds(a.Lo, true, b.Lo, true) >= 0 && cmpBounds(a.Lo, true, b.Hi, false) <= 0 {
		return true
	}
	return cmpBounds(b.Lo, true, a.Lo, true) >= 0 && cmpBounds(b.Lo, true, a.Hi, false) <= 0
}

// Before is << (strictly left of).
func Before(a, b Range) bool {
	return !a.Empty && !b.Empty && cmpBounds(a.Hi, false, b.Lo, true) < 0
}

// After is >> (strictly right of).
func After(a, b Range) bool {
	return !a.Empty && !b.Empty && cmpBounds(a.Lo, true, b.Hi, false) > 0
}

// OverLeft is &< (does not extend to the right of).
func OverLeft(a, b Range) bool {
	return !a.Empty && !b.Empty && cmpBounds(a.Hi, false, b.Hi, false) <= 0
}

// OverRight is &> (does not extend to the left of).
func OverRight(a, b Range) bool {
	return !a.Empty && !b.Empty && cmpBounds(a.Lo, true, b.Lo, true) >= 0
}

// Adjacent is -|-.
func Adjacent(a, b Range) bool {
	if a.Empty || b.Empty {
		return false
	}
	return boundsAdjacent(a.Kind, a.Hi, b.Lo) || boundsAdjacent(a.Kind, b.Hi, a.Lo)
}

// boundsAdjacent is bounds_adjacent: upper bound up meets lower bound lo
// with nothing between.
func boundsAdjacent(k Kind, up, lo Bound) bool {
	c := cmpBoundValues(up, false, lo, true)
	switch {
	case c < 0:
		if !k.discrete() {
			return false // points are assumed between
		}
		// A range from up to lo with the inclusions flipped is empty
		// exactly when no value of the subtype lies between.
		r, err := Make(k, Bound{Val: up.Val, Inc: !up.Inc}, Bound{Val: lo.Val, Inc: !lo.Inc})
		return err == nil && r.Empty
	case c == 0:
		return up.Inc != lo.Inc
	}
	return false
}

// Union is +; it fails when the result would have a gap.
func Union(a, b Range) (Range, error) {
	return union(a, b, true)
}

// Merge is range_merge: the smallest range holding both.
func Merge(a, b Range) (Range, error) {
	return union(a, b, false)
}

func union(a, b Range, strict bool) (Range, error) {
	if a.Empty {
		return b, nil
	}
	if b.Empty {
		return a, nil
	}
	if strict && !Overlaps(a, b) && !Adjacent(a, b) {
		return Range{}, errs.New(errs.DataException, "result of range union would not be contiguous")
	}
	lo, hi := a.Lo, a.Hi
	if cmpBounds(b.Lo, true, lo, true) < 0 {
		lo = b.Lo
	}
	if cmpBounds(b.Hi, false, hi, false) > 0 {
		hi = b.Hi
	}
	return Make(a.Kind, lo, hi)
}

// Intersect is *.
func Intersect(a, b Range) (Range, error) {
	if a.Empty || b.Empty || !Overlaps(a, b) {
		return Empty(a.Kind), nil
	}
	lo, hi := a.Lo, a.Hi
	if cmpBounds(b.Lo, true, lo, true) > 0 {
		lo = b.Lo
	}
	if cmpBounds(b.Hi, false, hi, false) < 0 {
		hi = b.Hi
	}
	return Make(a.Kind, lo, hi)
}

// Minus is - (range_minus); it fails when b splits a in two.
func Minus(a, b Range) (Range, error) {
	if a.Empty || b.Empty {
		return a, nil
	}
	l1l2 := cmpBounds(a.Lo, true, b.Lo, true)
	l1u2 := cmpBounds(a.Lo, true, b.Hi, false)
	u1l2 := cmpBounds(a.Hi, false, b.Lo, true)
	u1u2 := cmpBounds(a.Hi, false, b.Hi, false)
	switch {
	case l1l2 < 0 && u1u2 > 0:
		return Range{}, errs.New(errs.DataException, "result of range difference would not be contiguous")
	case l1u2 > 0 || u1l2 < 0:
		return a, nil
	case l1l2 >= 0 && u1u2 <= 0:
		return Empty(a.Kind), nil
	case l1l2 <= 0 && u1l2 >= 0 && u1u2 <= 0:
		return Make(a.Kind, a.Lo, Bound{Val: b.Lo.Val, Inc: !b.Lo.Inc, Inf: b.Lo.Inf})
	default: // l1l2 >= 0 && u1u2 >= 0 && l1u2 <= 0
		return Make(a.Kind, Bound{Val: b.Hi.Val, Inc: !b.Hi.Inc, Inf: b.Hi.Inf}, a.Hi)
	}
}

// Lower is lower(): ok is false (SQL NULL) for an empty range or an
// unbounded lower end.
func (r Range) Lower() (v value.Value, ok bool) {
	if r.Empty || r.Lo.Inf {
		return value.None, false
	}
	return r.Lo.Val, true
}

// Upper is upper(), as Lower.
func (r Range) Upper() (v value.Value, ok bool) {
	if r.Empty || r.Hi.Inf {
		return value.None, false
	}
	return r.Hi.Val, true
}

// LowerInc is lower_inc().
func (r Range) LowerInc() bool { return !r.Empty && r.Lo.Inc }

// UpperInc is upper_inc().
func (r Range) UpperInc() bool { return !r.Empty && r.Hi.Inc }

// LowerInf is lower_inf().
func (r Range) LowerInf() bool { return !r.Empty && r.Lo.Inf }

// UpperInf is upper_inf().
func (r Range) UpperInf() bool { return !r.Empty && r.Hi.Inf }

// ParseFlags reads a constructor's third argument, '[)' and its kin.
func ParseFlags(s string) (loInc, hiInc bool, err error) {
	if len(s) == 2 && (s[0] == '[' || s[0] == '(') && (s[1] == ']' || s[1] == ')') {
		return s[0] == '[', s[1] == ']', nil
	}
	return false, false, errs.New(errs.InvalidParameterValue, "invalid range bound flags").
		WithHint(`Valid values are "[]", "[)", "(]", and "()".`)
}

// New is the constructor function int4range(lo, hi, flags): a NULL
// bound (loNull, hiNull) is unbounded.
func New(k Kind, lo value.Value, loNull bool, hi value.Value, hiNull bool, flags string) (Range, error) {
	li, hiInc, err := ParseFlags(flags)
	if err != nil {
		return Range{}, err
	}
	return Make(k, Bound{Val: lo, Inc: li, Inf: loNull}, Bound{Val: hi, Inc: hiInc, Inf: hiNull})
}

func malformed(s, detail string) error {
	return errs.New(errs.InvalidTextRepresentation, "malformed range literal: \"%s\"", s).WithDetail("%s", detail)
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// Parse is range_in: the text form, its bounds read as the subtype in
// loc (the session's zone, for tstzrange and for 'today' and its kin).
func Parse(s string, k Kind, loc *time.Location) (Range, error) {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	if len(s)-i >= 5 && strings.EqualFold(s[i:i+5], "empty") {
		i += 5
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i != len(s) {
			return Range{}, malformed(s, `Junk after "empty" key word.`)
		}
		return Empty(k), nil
	}
	var lo, hi Bound
	var err error
	if lo.Inc, err = bracket(s, i, '[', '(', "Missing left parenthesis or bracket."); err != nil {
		return Range{}, err
	}
	i++
	loText, next, err := parseBound(s, i)
	if err != nil {
		return Range{}, err
	}
	i = next
	if i >= len(s) || s[i] != ',' {
		return Range{}, malformed(s, "Missing comma after lower bound.")
	}
	i++
	hiText, next, err := parseBound(s, i)
	if err != nil {
		return Range{}, err
	}
	i = next
	if hi.Inc, err = bracket(s, i, ']', ')', "Too many commas."); err != nil {
		return Range{}, err
	}
	i++
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	if i != len(s) {
		return Range{}, malformed(s, "Junk after right parenthesis or bracket.")
	}
	// The bounds are read only after the whole literal is known good, as
	// range_in does.
	if lo, err = readBound(loText, lo, k, loc); err != nil {
		return Range{}, err
	}
	if hi, err = readBound(hiText, hi, k, loc); err != nil {
		return Range{}, err
	}
	return Make(k, lo, hi)
}

func readBound(text *string, b Bound, k Kind, loc *time.Location) (Bound, error) {
	if text == nil {
		return Bound{Inf: true}, nil
	}
	v, err := value.ParseTextIn(*text, k.Elem(), loc)
	if err != nil {
		return Bound{}, err
	}
	b.Val = v
	return b, nil
}

// bracket reads the bracket at s[i]: inc or exc, else the error detail.
func bracket(s string, i int, inc, exc byte, detail string) (bool, error) {
	if i < len(s) && (s[i] == inc || s[i] == exc) {
		return s[i] == inc, nil
	}
	return false, malformed(s, detail)
}

// parseBound is range_parse_bound: nil for an omitted (unbounded) end,
// else the bound's text with quotes and backslashes undone.
func parseBound(s string, i int) (*string, int, error) {
	if i < len(s) && (s[i] == ',' || s[i] == ')' || s[i] == ']') {
		return nil, i, nil
	}
	var b strings.Builder
	inQuote := false
	for inQuote || i >= len(s) || !(s[i] == ',' || s[i] == ')' || s[i] == ']') {
		if i >= len(s) {
			return nil, i, malformed(s, "Unexpected end of input.")
		}
		c := s[i]
		i++
		switch {
		case c == '\\':
			if i >= len(s) {
				return nil, i, malformed(s, "Unexpected end of input.")
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

// AppendText is range_out, the subtype's text in loc.
func AppendText(buf []byte, r Range, loc *time.Location) ([]byte, error) {
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
		if buf, err = appendBound(buf, r.Lo.Val, r.Kind, loc); err != nil {
			return buf, err
		}
	}
	buf = append(buf, ',')
	if !r.Hi.Inf {
		if buf, err = appendBound(buf, r.Hi.Val, r.Kind, loc); err != nil {
			return buf, err
		}
	}
	if r.Hi.Inc {
		return append(buf, ']'), nil
	}
	return append(buf, ')'), nil
}

// String is the text form in UTC.
func (r Range) String() string {
	b, err := AppendText(nil, r, time.UTC)
	if err != nil {
		return "<" + err.Error() + ">"
	}
	return string(b)
}

// appendBound is range_bound_escape over the subtype's text.
func appendBound(buf []byte, v value.Value, k Kind, loc *time.Location) ([]byte, error) {
	t, err := value.AppendTextIn(nil, v, k.Elem(), loc)
	if err != nil {
		return buf, err
	}
	quote := len(t) == 0
	for _, c := range t {
		if c == '"' || c == '\\' || c == '(' || c == ')' || c == '[' || c == ']' || c == ',' || isSpace(c) {
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
