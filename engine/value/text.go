package value

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cockroachdb/apd/v3"
	"github.com/zerodb/zerodb/errs"
)

// AppendText renders v in PostgreSQL's text output format for a column of
// type t: ints, floats in PostgreSQL 15's shortest round-trip form
// (1e+100, -0, Infinity, NaN; float4 with 32-bit shortest digits),
// numeric with its scale, bool t/f, timestamp "2006-01-02
// 15:04:05.999999", timestamptz in UTC with "+00" (AppendTextIn writes
// it in the session time zone), interval in the postgres IntervalStyle ("1 day 02:03:04"), uuid,
// bytea \x hex, and JSON (AppendJSON) for jsonb, Any and every type
// without a PostgreSQL counterpart. A value of another kind than t's is
// converted first (Convert). none (SQL NULL) appends nothing: the caller
// sends NULL.
func AppendText(buf []byte, v Value, t Type) ([]byte, error) {
	return appendText(buf, v, t, time.UTC)
}

// AppendTextIn is AppendText with timestamptz values written as the
// wall-clock time in the session time zone loc (nil: UTC), with its
// offset.
func AppendTextIn(buf []byte, v Value, t Type, loc *time.Location) ([]byte, error) {
	if loc == nil {
		loc = time.UTC
	}
	return appendText(buf, v, t, loc)
}

func appendText(buf []byte, v Value, t Type, loc *time.Location) ([]byte, error) {
	if v.kind == KindNone {
		if v.sub == jsonNullSub {
			return append(buf, "null"...), nil
		}
		return buf, nil
	}
	if t.IsJSONText() && v.kind != KindString {
		return AppendJSON(buf, v), nil // a jsonb value as json: its JSON text
	}
	if t.IsJSONB() || t.OID() == OIDJSONB {
		return AppendJSON(buf, v), nil
	}
	if t.IntVector {
		return appendIntVectorText(buf, v)
	}
	if t.Array {
		return appendArrayText(buf, v, *t.Elem, loc)
	}
	if t.IsMultirange() && v.kind == KindList {
		return AppendMultirange(buf, v, loc)
	}
	if v.kind != t.Kind || (t.Kind == KindInt && v.sub != uint8(t.Width)) ||
		(t.Kind == KindFloat && t.FloatBits == 32 && v.sub != 32) {
		var err error
		if v, err = convert(v, t, false, loc); err != nil {
			return buf, err
		}
	}
	switch t.Kind {
	case KindBool:
		if v.AsBool() {
			return append(buf, 't'), nil
		}
		return append(buf, 'f'), nil
	case KindInt:
		if t.LSN {
			return AppendLSN(buf, v.n), nil
		}
		if t.Money {
			return AppendMoney(buf, int64(v.n)), nil
		}
		if v.isBigU64() {
			return buf, intOutOfRange(I64)
		}
		return strconv.AppendInt(buf, int64(v.n), 10), nil
	case KindFloat:
		bitsz := 64
		if t.FloatBits == 32 {
			bitsz = 32
		}
		return appendFloatPG(buf, v.AsFloat(), bitsz), nil
	case KindDecimal:
		return appendDecimalText(buf, v.AsDecimal()), nil
	case KindString:
		if t.BPChar && t.MaxLen > 0 {
			return PadBPChar(buf, v.s, t.MaxLen), nil
		}
		if t.XML {
			return appendXMLOut(buf, v.s), nil
		}
		return append(buf, v.s...), nil
	case KindDatetime:
		if t.Date {
			return appendDate(buf, v), nil
		}
		return appendTimestamp(buf, v, t.WithTZ, loc), nil
	case KindTime:
		return appendTimeOfDay(buf, v.AsTimeOfDay()), nil
	case KindTimeTZ:
		return appendTimeTZ(buf, v), nil
	case KindSQLRange:
		return AppendRange(buf, v.AsSQLRange(), loc)
	case KindNet:
		return appendNetText(buf, v, t.Net), nil
	case KindGeo:
		return AppendGeo(buf, v), nil
	case KindBits:
		return AppendBits(buf, v), nil
	case KindComposite:
		return appendCompositeText(buf, v, t, loc)
	case KindDuration:
		return appendInterval(buf, v.AsInterval()), nil
	case KindUUID:
		return appendUUID(buf, v.AsUUID()), nil
	case KindBytes:
		buf = append(buf, `\x`...)
		for i := 0; i < len(v.s); i++ {
			buf = append(buf, hexDigits[v.s[i]>>4], hexDigits[v.s[i]&15])
		}
		return buf, nil
	case KindVector:
		return appendVectorText(buf, v.AsVector()), nil
	case KindSymbol:
		if t.IsEnum() {
			return append(buf, v.s...), nil // the label (enum_out)
		}
	}
	return AppendJSON(buf, v), nil
}

// appendFloatPG writes a float the way PostgreSQL 15's float8out and
// float4out do with extra_float_digits = 1: the shortest digits that read
// back exactly, in exponent form when the decimal exponent is below -4 or
// at least 15 (float8) / 6 (float4).
func appendFloatPG(b []byte, f float64, bitsz int) []byte {
	switch {
	case math.IsNaN(f):
		return append(b, "NaN"...)
	case math.IsInf(f, 1):
		return append(b, "Infinity"...)
	case math.IsInf(f, -1):
		return append(b, "-Infinity"...)
	case f == 0:
		if math.Signbit(f) {
			return append(b, "-0"...)
		}
		return append(b, '0')
	}
	// One shortest conversion in 'e' form gives the digits and the
	// exponent; the fixed form is laid out from them.
	var tmp [32]byte
	e := strconv.AppendFloat(tmp[:0], f, 'e', -1, bitsz)
	k := 0
	for e[k] != 'e' {
		k++
	}
	exp := atoiExp(e[k+1:])
	limit := 15
	if bitsz == 32 {
		limit = 6
	}
	if exp < -4 || exp >= limit {
		return append(b, e...)
	}
	mant := e[:k]
	if mant[0] == '-' {
		b = append(b, '-')
		mant = mant[1:]
	}
	var dbuf [24]byte
	digits := dbuf[:0]
	for _, c := range mant {
		if c != '.' {
			digits = append(digits, c)
		}
	}
	if exp < 0 {
		b = append(b, "0."...)
		for i := -1; i > exp; i-- {
			b = append(b, '0')
		}
		return append(b, digits...)
	}
	for i := 0; i <= exp; i++ {
		if i < len(digits) {
			b = append(b, digits[i])
		} else {
			b = append(b, '0')
		}
	}
	if len(digits) > exp+1 {
		b = append(b, '.')
		b = append(b, digits[exp+1:]...)
	}
	return b
}

// appendDecimalText writes numeric output: plain notation with the
// value's scale (1.50, 1000, 0.0015), NaN, Infinity, -Infinity.
func appendDecimalText(b []byte, d *apd.Decimal) []byte {
	if d == nil {
		return append(b, '0')
	}
	switch d.Form {
	case apd.NaN, apd.NaNSignaling:
		return append(b, "NaN"...)
	case apd.Infinite:
		if d.Negative {
			return append(b, "-Infinity"...)
		}
		return append(b, "Infinity"...)
	}
	if d.Negative && d.Coeff.Sign() != 0 {
		b = append(b, '-')
	}
	start := len(b)
	b = d.Coeff.Append(b, 10)
	digits := len(b) - start
	if d.Exponent >= 0 {
		if d.Coeff.Sign() == 0 {
			return b
		}
		for i := int32(0); i < d.Exponent; i++ {
			b = append(b, '0')
		}
		return b
	}
	scale := int(-d.Exponent)
	if digits > scale {
		// Insert the point.
		b = append(b, 0)
		at := len(b) - 1 - scale
		copy(b[at+1:], b[at:len(b)-1])
		b[at] = '.'
		return b
	}
	// 0.000ddd: shift the digits right by the zeros and "0." prefix.
	pad := scale - digits + 2
	for i := 0; i < pad; i++ {
		b = append(b, 0)
	}
	copy(b[start+pad:], b[start:start+digits])
	b[start] = '0'
	b[start+1] = '.'
	for i := start + 2; i < start+pad; i++ {
		b[i] = '0'
	}
	return b
}

// ParseText parses PostgreSQL text input for type t ('42', 't', '1.5',
// '2024-05-01 10:00:00', '{"a":1}', ...), as an input function and an
// assignment would: numeric(p,s) is rounded and range checked, and a
// varchar(n) value that is too long is an error (unless the excess is
// spaces, which PostgreSQL drops). Errors carry PostgreSQL's SQLSTATE
// and message (22P02 `invalid input syntax for type integer: "x"`, 22003
// out of range, 22007/22008 bad datetimes, 22001 too long for
// varchar(n)). Any parses JSON (keeping key order), jsonb parses and
// normalizes it; ZQL-only types accept their JSON form (symbols also
// "@name" or "name", record ids "table.@key").
func ParseText(s string, t Type) (Value, error) { return parseText(s, t, time.UTC) }

// ParseTextIn is ParseText with a timestamptz without an offset read in
// the session time zone loc, and today and now read there.
func ParseTextIn(s string, t Type, loc *time.Location) (Value, error) { return parseText(s, t, loc) }

func parseText(s string, t Type, loc *time.Location) (Value, error) {
	if !utf8.ValidString(s) {
		// PostgreSQL text is valid UTF-8 before any input function sees it.
		return None, invalidUTF8(s)
	}
	if t.IsJSONText() {
		if err := ValidateJSONText(s); err != nil {
			return None, err
		}
		return String(s), nil
	}
	if t.JSON {
		return ParseJSONB(s)
	}

	if t.IntVector {
		return parseIntVectorText(s, t)
	}
	if t.Array {
		return parseArrayText(s, *t.Elem, loc)
	}
	if t.IsMultirange() {
		return ParseMultirangeOf(s, *t.Elem, loc)
	}
	switch t.Kind {
	case KindAny:
		return ParseJSON(s)
	case KindBool:
		return parseBool(s)
	case KindInt:
		if t.LSN {
			n, err := ParseLSN(s)
			return LSN(n), err
		}
		if t.Money {
			n, err := ParseMoney(s)
			return Money(n), err
		}
		if t.RegOID == OIDOid {
			return convertToOid(String(s))
		}
		return parseInt(s, t.Width)
	case KindFloat:
		bitsz := 64
		if t.FloatBits == 32 {
			bitsz = 32
		}
		return parseFloat(s, bitsz)
	case KindDecimal:
		d, err := parseNumeric(s)
		if err != nil {
			return None, err
		}
		if err := applyNumericTypmod(d, t); err != nil {
			return None, err
		}
		return Decimal(d), nil
	case KindString:
		return checkString(s, t, false)
	case KindSymbol:
		if t.IsEnum() {
			return enumInput(s, t)
		}
		s, err := unquoteJSONText(s)
		if err != nil {
			return None, err
		}
		return Symbol(strings.TrimPrefix(s, "@")), nil
	case KindDatetime:
		if t.Date {
			return parseDate(s, loc)
		}
		d, err := parseTimestamp(s, t.WithTZ, true, loc)
		return roundTimestamp(d, t), err
	case KindTime:
		return parseTime(s, t.TimePrec, loc)
	case KindTimeTZ:
		return parseTimeTZ(s, t.TimePrec, loc)
	case KindSQLRange:
		r, err := ParseRangeOf(s, t, loc)
		return RangeValue(r), err
	case KindNet:
		return ParseNet(s, t.Net)
	case KindGeo:
		return ParseGeo(s, t.Geo)
	case KindBits:
		return ParseBits(s, t)
	case KindComposite:
		return parseCompositeText(s, t, loc)
	case KindDuration:
		return parseIntervalTypmod(s, t.IntervalTypmod)
	case KindUUID:
		u, ok := parseUUID(s)
		if !ok {
			return None, errs.New(errs.InvalidTextRepresentation, "invalid input syntax for type uuid: \"%s\"", s)
		}
		return UUID(u), nil
	case KindBytes:
		return parseBytea(s)
	case KindVector:
		return parseVectorText(s, t.Dims)
	case KindRecordID:
		s, err := unquoteJSONText(s)
		if err != nil {
			return None, err
		}
		v, ok := parseRecordIDText(s)
		if !ok {
			return None, errs.New(errs.InvalidTextRepresentation, "invalid input syntax for type record: \"%s\"", s)
		}
		if t.Table != "" && v.AsRecordID().Table != t.Table {
			return None, errs.New(errs.DatatypeMismatch, "expected %s, found record(%s)", t, v.AsRecordID().Table)
		}
		return v, nil
	}
	v, err := ParseJSON(s)
	if err != nil {
		return None, err
	}
	return Check(v, t)
}

// unquoteJSONText reads the JSON string form AppendText gives types that
// travel as jsonb; other text is taken as is.
func unquoteJSONText(s string) (string, error) {
	if !strings.HasPrefix(s, `"`) {
		return s, nil
	}
	v, err := ParseJSON(s)
	if err != nil {
		return "", err
	}
	if v.kind != KindString {
		return "", errs.New(errs.InvalidTextRepresentation, "invalid input syntax: \"%s\"", s)
	}
	return v.s, nil
}

// pgSpace is PostgreSQL's isspace for input functions.
func pgSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func trimPGSpace(s string) string {
	for len(s) > 0 && pgSpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && pgSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

func parseBool(s string) (Value, error) {
	t := strings.ToLower(trimPGSpace(s))
	prefixOf := func(word string, minLen int) bool {
		return len(t) >= minLen && len(t) <= len(word) && word[:len(t)] == t
	}
	switch {
	case prefixOf("true", 1), prefixOf("yes", 1), t == "on", t == "1":
		return Bool(true), nil
	case prefixOf("false", 1), prefixOf("no", 1), prefixOf("off", 2), t == "0":
		return Bool(false), nil
	}
	return None, errs.New(errs.InvalidTextRepresentation, "invalid input syntax for type boolean: \"%s\"", s)
}

// intTypeName names a width in input errors ("integer").
func intTypeName(w IntWidth) string { return outOfRangeName(w) }

func parseInt(s string, w IntWidth) (Value, error) {
	t := trimPGSpace(s)
	neg := false
	if t != "" && (t[0] == '+' || t[0] == '-') {
		neg = t[0] == '-'
		t = t[1:]
	}
	if t == "" {
		return None, errs.New(errs.InvalidTextRepresentation, "invalid input syntax for type %s: \"%s\"", intTypeName(w), s)
	}
	var mag uint64
	overflow := false
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c < '0' || c > '9' {
			return None, errs.New(errs.InvalidTextRepresentation, "invalid input syntax for type %s: \"%s\"", intTypeName(w), s)
		}
		d := uint64(c - '0')
		if mag > (math.MaxUint64-d)/10 {
			overflow = true
		}
		mag = mag*10 + d
	}
	if overflow || !fitsWidth(neg, mag, w) {
		return None, errs.New(errs.NumericValueOutOfRange, "value \"%s\" is out of range for type %s", s, intTypeName(w))
	}
	if mag == 0 {
		neg = false
	}
	return makeInt(neg, mag, w), nil
}

func floatTypeName(bitsz int) string {
	if bitsz == 32 {
		return "real"
	}
	return "double precision"
}

func parseFloat(s string, bitsz int) (Value, error) {
	t := trimPGSpace(s)
	bad := func() (Value, error) {
		return None, errs.New(errs.InvalidTextRepresentation, "invalid input syntax for type %s: \"%s\"", floatTypeName(bitsz), s)
	}
	if t == "" || strings.ContainsRune(t, '_') {
		return bad()
	}
	// strconv accepts "infinity", "inf" and "nan" in any case, like
	// PostgreSQL; it also takes hex floats, as glibc's strtod does.
	f, err := strconv.ParseFloat(t, bitsz)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return None, errs.New(errs.NumericValueOutOfRange, "\"%s\" is out of range for type %s", s, floatTypeName(bitsz))
		}
		return bad()
	}
	if f == 0 && mantissaNonZero(t) {
		// Underflow to zero is out of range in PostgreSQL.
		return None, errs.New(errs.NumericValueOutOfRange, "\"%s\" is out of range for type %s", s, floatTypeName(bitsz))
	}
	return makeFloat(f, bitsz), nil
}

// mantissaNonZero reports whether a float literal's mantissa has a
// non-zero digit (so that a zero result is an underflow).
func mantissaNonZero(t string) bool {
	t = strings.TrimLeft(t, "+-")
	if len(t) > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X') {
		for i := 2; i < len(t) && t[i] != 'p' && t[i] != 'P'; i++ {
			if t[i] != '0' && t[i] != '.' {
				return true
			}
		}
		return false
	}
	for i := 0; i < len(t) && t[i] != 'e' && t[i] != 'E'; i++ {
		if t[i] >= '1' && t[i] <= '9' {
			return true
		}
	}
	return false
}

// parseNumeric reads PostgreSQL numeric input: [sign] digits [. digits]
// [e [sign] digits], NaN, [sign] Infinity / inf, with surrounding spaces.
func parseNumeric(s string) (*apd.Decimal, error) {
	d, ok, err := scanDecimal(trimPGSpace(s), true)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errs.New(errs.InvalidTextRepresentation, "invalid input syntax for type numeric: \"%s\"", s)
	}
	return d, nil
}

// scanDecimal parses decimal text without spaces. specials allows NaN and
// Infinity. ok=false is a syntax error; err is a range error.
func scanDecimal(t string, specials bool) (*apd.Decimal, bool, error) {
	d := new(apd.Decimal)
	neg := false
	body := t
	if body != "" && (body[0] == '+' || body[0] == '-') {
		neg = body[0] == '-'
		body = body[1:]
	}
	if specials {
		switch strings.ToLower(body) {
		case "nan":
			if body != t {
				return nil, false, nil
			}
			d.Form = apd.NaN
			return d, true, nil
		case "infinity", "inf":
			d.Form = apd.Infinite
			d.Negative = neg
			return d, true, nil
		}
	}
	// Digits before and after the point, then the exponent.
	var digits []byte
	var stack [40]byte
	digits = stack[:0]
	i := 0
	nInt, nFrac := 0, 0
	for i < len(body) && body[i] >= '0' && body[i] <= '9' {
		digits = append(digits, body[i])
		i++
		nInt++
	}
	if i < len(body) && body[i] == '.' {
		i++
		for i < len(body) && body[i] >= '0' && body[i] <= '9' {
			digits = append(digits, body[i])
			i++
			nFrac++
		}
	}
	if nInt+nFrac == 0 {
		return nil, false, nil
	}
	exp := int64(0)
	if i < len(body) && (body[i] == 'e' || body[i] == 'E') {
		i++
		eneg := false
		if i < len(body) && (body[i] == '+' || body[i] == '-') {
			eneg = body[i] == '-'
			i++
		}
		start := i
		for i < len(body) && body[i] >= '0' && body[i] <= '9' {
			if exp < math.MaxInt32 {
				exp = exp*10 + int64(body[i]-'0')
			}
			i++
		}
		if i == start {
			return nil, false, nil
		}
		if exp >= math.MaxInt32/2 {
			// PostgreSQL's limit, and its error.
			return nil, true, errNumericOverflow()
		}
		if eneg {
			exp = -exp
		}
	}
	if i != len(body) {
		return nil, false, nil
	}
	// Leading zeros do not count toward the weight.
	k := 0
	for k < len(digits)-1 && digits[k] == '0' {
		k++
	}
	scale := int64(nFrac) - exp
	weight := int64(len(digits)-k) - scale // digits before the point
	if scale > maxDecimalScale || (weight > maxDecimalWeight && !allZero(digits)) {
		return nil, true, errNumericOverflow()
	}
	if _, ok := d.Coeff.SetString(string(digits[k:]), 10); !ok {
		return nil, false, nil
	}
	if scale < 0 && d.Coeff.Sign() == 0 {
		// 0e666610000 is 0: never compute a power of ten for nothing.
		scale = 0
	}
	if scale < 0 {
		// PostgreSQL keeps no negative scales: 1e3 is 1000.
		var t apd.BigInt
		d.Coeff.Mul(&d.Coeff, t.Exp(apd.NewBigInt(10), apd.NewBigInt(-scale), nil))
		scale = 0
	}
	d.Exponent = int32(-scale)
	d.Negative = neg && d.Coeff.Sign() != 0
	return d, true, nil
}

func allZero(digits []byte) bool {
	for _, c := range digits {
		if c != '0' {
			return false
		}
	}
	return true
}

// applyNumericTypmod rounds d to numeric(p, s) and checks its range.
func applyNumericTypmod(d *apd.Decimal, t Type) error {
	if t.Precision <= 0 {
		return nil
	}
	switch d.Form {
	case apd.NaN, apd.NaNSignaling:
		return nil
	case apd.Infinite:
		return errs.New(errs.NumericValueOutOfRange, "numeric field overflow").
			WithDetail("A field with precision %d, scale %d cannot hold an infinite value.", t.Precision, t.Scale)
	}
	if err := roundToScale(d, int64(t.Scale)); err != nil {
		return err
	}
	maxDigits := t.Precision - t.Scale
	if d.Coeff.Sign() != 0 && adjExp(d)+1 > int64(maxDigits) {
		e := errs.New(errs.NumericValueOutOfRange, "numeric field overflow")
		if maxDigits > 0 {
			return e.WithDetail("A field with precision %d, scale %d must round to an absolute value less than 10^%d.", t.Precision, t.Scale, maxDigits)
		}
		return e.WithDetail("A field with precision %d, scale %d must round to an absolute value less than 1.", t.Precision, t.Scale)
	}
	return nil
}

// checkString enforces varchar(n) and char(n): an explicit cast
// truncates, an assignment errors unless only spaces are cut. A value of
// char(n) (or bpchar) loses its trailing spaces (BPCharValue).
func checkString(s string, t Type, explicit bool) (Value, error) {
	if t.XML {
		if err := CheckXML(s, false); err != nil {
			return None, err
		}
		return String(s), nil
	}
	if t.Search != NotSearch {
		return searchInput(s, t.Search)
	}
	if t.CIText {
		return CIString(s), nil
	}
	if t.Hstore {
		return ParseHstore(s)
	}
	if t.Ltree != NotLtree {
		return ltreeInput(s, t.Ltree)
	}
	if t.Identifier && len(s) > MaxIdentifierBytes {
		// Cut at a character boundary, as PostgreSQL's pg_mbcliplen.
		n := MaxIdentifierBytes
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		return String(s[:n]), nil
	}
	if t.BPChar {
		s = BPCharValue(s)
	}
	maxLen := t.MaxLen
	if maxLen <= 0 || len(s) <= maxLen {
		return String(s), nil
	}
	n := 0
	for i := range s {
		if n == maxLen {
			if explicit || strings.Trim(s[i:], " ") == "" {
				if t.BPChar {
					return String(BPCharValue(s[:i])), nil
				}
				return String(s[:i]), nil
			}
			return None, errs.New(errs.StringDataRightTruncation, "value too long for type %s", t.SQLName())
		}
		n++
	}
	return String(s), nil
}

// BPCharValue is the value a string s is as SQL character(n) or bpchar:
// s without its trailing spaces, which PostgreSQL's bpchar ignores in
// comparisons, length(), casts to text and ||. (AppendText pads it to n
// again on output; LIKE and regular expressions see it padded too,
// through PadBPChar.)
func BPCharValue(s string) string { return strings.TrimRight(s, " ") }

// PadBPChar appends s padded with spaces to n characters, PostgreSQL's
// stored and output form of a char(n) value.
func PadBPChar(buf []byte, s string, n int) []byte {
	buf = append(buf, s...)
	for c := utf8.RuneCountInString(s); c < n; c++ {
		buf = append(buf, ' ')
	}
	return buf
}

// parseUUID reads PostgreSQL's uuid input: 32 hex digits, optionally in
// braces, with a hyphen allowed after any group of four.
func parseUUID(s string) ([16]byte, bool) {
	var u [16]byte
	braces := false
	if len(s) > 0 && s[0] == '{' {
		braces = true
		s = s[1:]
	}
	for i := 0; i < 16; i++ {
		if len(s) < 2 {
			return u, false
		}
		hi, ok1 := unhex(s[0])
		lo, ok2 := unhex(s[1])
		if !ok1 || !ok2 {
			return u, false
		}
		u[i] = hi<<4 | lo
		s = s[2:]
		if len(s) > 0 && s[0] == '-' && i%2 == 1 && i < 15 {
			s = s[1:]
		}
	}
	if braces {
		if len(s) == 0 || s[0] != '}' {
			return u, false
		}
		s = s[1:]
	}
	return u, s == ""
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// parseBytea reads bytea input in hex (\x0102, whitespace between bytes)
// or escape format (octal \ooo and \\).
func parseBytea(s string) (Value, error) {
	if strings.HasPrefix(s, `\x`) {
		out := make([]byte, 0, (len(s)-2)/2)
		for i := 2; i < len(s); {
			c := s[i]
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
				i++
				continue
			}
			hi, ok := unhex(c)
			if !ok {
				return None, errs.New(errs.InvalidParameterValue, "invalid hexadecimal digit: \"%s\"", string(rune(c)))
			}
			if i+1 >= len(s) {
				return None, errs.New(errs.InvalidParameterValue, "invalid hexadecimal data: odd number of digits")
			}
			lo, ok := unhex(s[i+1])
			if !ok {
				return None, errs.New(errs.InvalidParameterValue, "invalid hexadecimal digit: \"%s\"", string(rune(s[i+1])))
			}
			out = append(out, hi<<4|lo)
			i += 2
		}
		return Bytes(out), nil
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c != '\\' {
			out = append(out, c)
			i++
			continue
		}
		switch {
		case i+1 < len(s) && s[i+1] == '\\':
			out = append(out, '\\')
			i += 2
		case i+3 < len(s) && s[i+1] >= '0' && s[i+1] <= '3' && isOctal(s[i+2]) && isOctal(s[i+3]):
			out = append(out, (s[i+1]-'0')<<6|(s[i+2]-'0')<<3|(s[i+3]-'0'))
			i += 4
		default:
			return None, errs.New(errs.InvalidTextRepresentation, "invalid input syntax for type bytea")
		}
	}
	return Bytes(out), nil
}

func isOctal(c byte) bool { return c >= '0' && c <= '7' }

// parseRecordIDText reads table.@key (key: identifier or `quoted` text →
// symbol, digits → int).
func parseRecordIDText(s string) (Value, bool) {
	i := strings.Index(s, ".@")
	if i <= 0 {
		return None, false
	}
	table, key := s[:i], s[i+2:]
	if !isIdent(table) || key == "" {
		return None, false
	}
	if len(key) >= 2 && key[0] == '`' && key[len(key)-1] == '`' {
		return RecordIDOf(table, Symbol(key[1:len(key)-1])), true
	}
	if n, err := strconv.ParseInt(key, 10, 64); err == nil && (key[0] >= '0' && key[0] <= '9' || key[0] == '-') {
		return RecordIDOf(table, Int(n)), true
	}
	if isIdent(key) || isHexSymbol(key) {
		return RecordIDOf(table, Symbol(key)), true
	}
	return None, false
}

// ParseRecordID parses the text form of a record id ("persons.@john",
// "persons.@42", "persons.@`a b`"), as JSON renders record ids.
func ParseRecordID(s string) (Value, error) {
	v, ok := parseRecordIDText(s)
	if !ok {
		return None, errs.New(errs.InvalidTextRepresentation, "invalid input syntax for type record: \"%s\"", s)
	}
	return v, nil
}
