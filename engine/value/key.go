package value

import (
	"encoding/binary"
	"math"
	"strconv"

	"github.com/cockroachdb/apd/v3"
	"github.com/zerodb/zerodb/errs"
)

// The order-preserving key encoding. bytes.Compare of two encodings has
// the sign of Compare of the values, with two deliberate identifications:
// a string and a symbol with the same text encode alike (one key), and
// numbers encode by value, so 1, 1_u8, 1.0 and decimal 1.00 are one key.
//
// Every value starts with a tag byte, ascending in Compare's kind order:
//
//	0x05 none
//	0x08 false, 0x09 true
//	0x10 -Infinity, 0x11 negative, 0x14 zero, 0x17 positive,
//	0x1e +Infinity, 0x1f NaN        numbers of every kind
//	0x30 string or symbol           bytes, 0x00 escaped as 0x00 0xff,
//	                                ended by 0x00 0x01
//	0x40 record id                  table (escaped like strings), key
//	0x50 datetime                   8 bytes: nanoseconds, sign bit flipped
//	0x54 time                       8 bytes: microseconds since midnight
//	0x55 time with time zone        8 bytes: the packed value (timetz.go)
//	0x58 duration                   8 bytes, likewise
//	0x5c SQL range                  its RangeKind, then range_cmp's order
//	                                (sqlrange.go: appendRangeKey)
//	0x5d network address           its group, then network_cmp's order
//	                                (net.go: appendNetKey), then its type
//	0x5e bit string                its bytes escaped as a string's, then
//	                                its bit length (bits.go: appendBitsKey)
//	0x60 uuid                       16 bytes
//	0x68 bytes                      escaped like strings
//	0x80 tuple                      the elements, then 0x00 (below every
//	                                tag, so a prefix tuple sorts first)
//
// A finite non-zero number is ±0.d1…dn × 10^E (d1, dn non-zero; a float
// contributes its shortest digits). Positive: the exponent E (one byte
// E+128 for |E| ≤ 120, longer forms beyond, order-preserving), then the
// digits in pairs, one byte per pair: 2·pair+1, except 2·pair for the
// last, which ends the number and makes a shorter mantissa sort first.
// Negative: the same bytes complemented.
//
// DecodeKey cannot know which of the identified forms a key was made
// from: strings and symbols decode as symbols (ZQL's record keys), and
// numbers as an int when integral and within int64, else as a float when
// the digits are a float's shortest form, else as a decimal; datetimes
// decode with the time zone flag set. SQL callers convert to the column
// type (Convert).
const (
	kNone      byte = 0x05
	kFalse     byte = 0x08
	kTrue      byte = 0x09
	kNumNegInf byte = 0x10
	kNumNeg    byte = 0x11
	kNumZero   byte = 0x14
	kNumPos    byte = 0x17
	kNumPosInf byte = 0x1e
	kNumNaN    byte = 0x1f
	kString    byte = 0x30
	kRecord    byte = 0x40
	kDatetime  byte = 0x50
	kTime      byte = 0x54
	kTimeTZ    byte = 0x55
	kDuration  byte = 0x58 // nanoseconds alone: read only
	kInterval  byte = 0x59
	kSQLRange  byte = 0x5c
	kNet       byte = 0x5d
	kBits      byte = 0x5e
	kUUID      byte = 0x60
	kBytes     byte = 0x68
	kTuple     byte = 0x80
	kTupleEnd  byte = 0x00
	// kComposite starts a SQL composite value: its fields' keys, a NULL
	// field as kCompositeNull (after every tag: record_cmp sorts NULL
	// fields last), then kTupleEnd.
	kComposite     byte = 0x88
	kCompositeNull byte = 0xff
)

// maxKeyDepth bounds tuple nesting in keys.
const maxKeyDepth = 64

// AppendKey appends the order-preserving key encoding of a key value:
// numbers of every kind, strings and symbols (a symbol and a string with
// the same text are the same key), uuids, bools, datetimes, durations,
// bytes, none, record ids, tuples of those and SQL composites (ordered
// as record_cmp: NULL fields last). Other kinds are 42804.
func AppendKey(buf []byte, v Value) ([]byte, error) { return appendKey(buf, v, 0) }

// HasKey reports whether AppendKey encodes v. The scalar kinds always
// have a key and are answered without encoding one (a trial encoding's
// buffer goes to the heap: appendKey's recursion leaks it); the kinds
// made of other values are tried.
func HasKey(v Value) bool {
	switch v.kind {
	case KindNone, KindNet, KindBits, KindBool, KindInt, KindFloat, KindDecimal,
		KindString, KindSymbol, KindBytes, KindDatetime, KindTime, KindTimeTZ,
		KindDuration, KindUUID:
		return true
	case KindSQLRange, KindRecordID, KindTuple, KindComposite:
		_, err := appendKey(nil, v, 0)
		return err == nil
	}
	return false
}

func appendKey(b []byte, v Value, depth int) ([]byte, error) {
	switch v.kind {
	case KindNone:
		return append(b, kNone), nil
	case KindSQLRange:
		return appendRangeKey(b, v.AsSQLRange(), depth)
	case KindNet:
		return appendNetKey(append(b, kNet), v), nil
	case KindBits:
		return appendBitsKey(append(b, kBits), v), nil
	case KindBool:
		if v.AsBool() {
			return append(b, kTrue), nil
		}
		return append(b, kFalse), nil
	case KindInt:
		if IntWidth(v.sub) == U64 {
			return appendKeyMagnitude(b, v.n, false), nil
		}
		if i := int64(v.n); i < 0 {
			return appendKeyMagnitude(b, uint64(-(i+1))+1, true), nil
		}
		return appendKeyMagnitude(b, v.n, false), nil
	case KindFloat, KindDecimal:
		var scratch [40]byte
		c := canonOf(scratch[:], v)
		return appendKeyNumber(b, &c), nil
	case KindString, KindSymbol:
		if v.IsCIString() {
			return appendKeyBytes(append(b, kString), FoldCase(v.s)), nil
		}
		return appendKeyBytes(append(b, kString), v.s), nil
	case KindBytes:
		return appendKeyBytes(append(b, kBytes), v.s), nil
	case KindRecordID:
		if depth >= maxKeyDepth {
			break
		}
		r := v.AsRecordID()
		b = appendKeyBytes(append(b, kRecord), r.Table)
		return appendKey(b, r.Key, depth+1)
	case KindDatetime:
		return binary.BigEndian.AppendUint64(append(b, kDatetime), v.n^(1<<63)), nil
	case KindTime:
		return binary.BigEndian.AppendUint64(append(b, kTime), v.n), nil
	case KindTimeTZ:
		return binary.BigEndian.AppendUint64(append(b, kTimeTZ), v.n), nil
	case KindDuration:
		// The span as interval_cmp orders it (whole days, then the
		// microseconds of the last day), so '1 mon' and '30 days' are one
		// key, as they are one value to a PostgreSQL unique index.
		days, rem := v.AsInterval().spanParts()
		b = binary.BigEndian.AppendUint64(append(b, kInterval), uint64(days)^(1<<63))
		return binary.BigEndian.AppendUint64(b, uint64(rem)), nil
	case KindUUID:
		u := v.AsUUID()
		return append(append(b, kUUID), u[:]...), nil
	case KindTuple:
		if depth >= maxKeyDepth {
			break
		}
		b = append(b, kTuple)
		for _, x := range v.AsList() {
			var err error
			if b, err = appendKey(b, x, depth+1); err != nil {
				return b, err
			}
		}
		return append(b, kTupleEnd), nil
	case KindComposite:
		if depth >= maxKeyDepth {
			break
		}
		b = append(b, kComposite)
		for _, x := range v.AsList() {
			if x.IsNone() {
				b = append(b, kCompositeNull)
				continue
			}
			var err error
			if b, err = appendKey(b, x, depth+1); err != nil {
				return b, err
			}
		}
		return append(b, kTupleEnd), nil
	}
	return b, errs.New(errs.DatatypeMismatch,
		"a record key must be a symbol, string, number, uuid, bool, datetime, time, timetz, duration, bytes, record id or a tuple of those, not %s", TypeOf(v))
}

func appendKeyBytes(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			b = append(b, 0, 0xff)
		} else {
			b = append(b, s[i])
		}
	}
	return append(b, 0, 1)
}

func appendKeyNumber(b []byte, c *canon) []byte {
	switch c.class {
	case cNegInf:
		return append(b, kNumNegInf)
	case cZero:
		return append(b, kNumZero)
	case cPosInf:
		return append(b, kNumPosInf)
	case cNaN:
		return append(b, kNumNaN)
	}
	neg := c.class == cNeg
	if neg {
		b = append(b, kNumNeg)
	} else {
		b = append(b, kNumPos)
	}
	start := len(b)
	b = appendKeyExp(b, c.exp)
	return appendKeyMantissa(b, start, c.digits, '0', neg)
}

// appendKeyMantissa appends the digits d (each less zero: ASCII digits
// or their values) two to a byte, 2*pair+1 while more follow and 2*pair
// for the last, and complements b[start:] (sign byte excluded, exponent
// included) for a negative number, so that larger magnitudes sort first.
func appendKeyMantissa(b []byte, start int, d []byte, zero byte, neg bool) []byte {
	for i := 0; i < len(d); i += 2 {
		pair := (d[i] - zero) * 10
		if i+1 < len(d) {
			pair += d[i+1] - zero
		}
		if i+2 < len(d) {
			b = append(b, 2*pair+1)
		} else {
			b = append(b, 2*pair)
		}
	}
	if neg {
		for i := start; i < len(b); i++ {
			b[i] = ^b[i]
		}
	}
	return b
}

// appendKeyMagnitude appends the key of the integer u (-u when neg): the
// bytes appendKeyNumber makes of its canon, without the decimal text and
// the canon on the way (record keys are mostly integers, and a traversal
// makes one per vertex it reaches).
func appendKeyMagnitude(b []byte, u uint64, neg bool) []byte {
	if u == 0 {
		return append(b, kNumZero)
	}
	var d [20]byte // decimal digits, most significant first
	i := len(d)
	for u >= 10 {
		q := u / 10
		i--
		d[i] = byte(u - q*10)
		u = q
	}
	i--
	d[i] = byte(u)
	digits := d[i:]
	exp := len(digits)
	for digits[len(digits)-1] == 0 {
		digits = digits[:len(digits)-1]
	}
	if neg {
		b = append(b, kNumNeg)
	} else {
		b = append(b, kNumPos)
	}
	start := len(b)
	b = appendKeyExp(b, exp)
	return appendKeyMantissa(b, start, digits, 0, neg)
}

// appendKeyExp writes an order-preserving, self-delimiting exponent.
func appendKeyExp(b []byte, e int) []byte {
	switch {
	case e >= -120 && e <= 120:
		return append(b, byte(e+128))
	case e > 120:
		v := uint64(e - 121)
		n := byteLen(v)
		b = append(b, byte(248+n))
		for i := n - 1; i >= 0; i-- {
			b = append(b, byte(v>>(8*i)))
		}
		return b
	}
	v := uint64(-121 - e)
	n := byteLen(v)
	b = append(b, byte(7-n))
	for i := n - 1; i >= 0; i-- {
		b = append(b, ^byte(v>>(8*i)))
	}
	return b
}

// byteLen is the number of bytes v needs (at least 1, at most 4 for the
// exponents that occur).
func byteLen(v uint64) int {
	n := 1
	for v > 0xff && n < 4 {
		v >>= 8
		n++
	}
	return n
}

// DecodeKey decodes one key value from the front of b and returns the
// rest. Corrupt input is XX001.
func DecodeKey(b []byte) (Value, []byte, error) {
	v, n, err := decodeKey(b, 0)
	if err != nil {
		return None, nil, err
	}
	return v, b[n:], nil
}

func errCorruptKey(what string) *errs.Error {
	return errs.New(errs.DataCorrupted, "corrupt key encoding: %s", what)
}

// decodeKey decodes a value at the front of b, returning how many bytes
// it took.
func decodeKey(b []byte, depth int) (Value, int, error) {
	if len(b) == 0 {
		return None, 0, errCorruptKey("truncated")
	}
	switch tag := b[0]; tag {
	case kNone:
		return None, 1, nil
	case kFalse:
		return Bool(false), 1, nil
	case kTrue:
		return Bool(true), 1, nil
	case kNumNegInf:
		return Float(math.Inf(-1)), 1, nil
	case kNumZero:
		return Int(0), 1, nil
	case kNumPosInf:
		return Float(math.Inf(1)), 1, nil
	case kNumNaN:
		return Float(math.NaN()), 1, nil
	case kNumPos, kNumNeg:
		return decodeKeyNumber(b, tag == kNumNeg)
	case kString, kBytes:
		s, n, err := decodeKeyBytes(b[1:])
		if err != nil {
			return None, 0, err
		}
		if tag == kBytes {
			return Bytes([]byte(s)), n + 1, nil
		}
		return Symbol(s), n + 1, nil
	case kRecord:
		if depth >= maxKeyDepth {
			return None, 0, errCorruptKey("nesting too deep")
		}
		table, n, err := decodeKeyBytes(b[1:])
		if err != nil {
			return None, 0, err
		}
		key, m, err := decodeKey(b[1+n:], depth+1)
		if err != nil {
			return None, 0, err
		}
		return RecordIDOf(table, key), 1 + n + m, nil
	case kDatetime, kDuration:
		if len(b) < 9 {
			return None, 0, errCorruptKey("truncated")
		}
		n := binary.BigEndian.Uint64(b[1:]) ^ (1 << 63)
		if tag == kDuration {
			return Value{kind: KindDuration, n: uint64(int64(n) / 1000)}, 9, nil
		}
		return Value{kind: KindDatetime, sub: 1, n: n}, 9, nil
	case kTime:
		if len(b) < 9 {
			return None, 0, errCorruptKey("truncated")
		}
		n := binary.BigEndian.Uint64(b[1:])
		if n > usPerDay {
			return None, 0, errCorruptKey("time of day out of range")
		}
		return TimeOfDay(int64(n)), 9, nil
	case kSQLRange:
		return decodeRangeKey(b, depth)
	case kNet:
		return decodeNetKey(b)
	case kBits:
		return decodeBitsKey(b)
	case kTimeTZ:
		if len(b) < 9 {
			return None, 0, errCorruptKey("truncated")
		}
		n := binary.BigEndian.Uint64(b[1:])
		if !validTimeTZ(n) {
			return None, 0, errCorruptKey("time with time zone out of range")
		}
		return Value{kind: KindTimeTZ, n: n}, 9, nil
	case kInterval:
		if len(b) < 17 {
			return None, 0, errCorruptKey("truncated")
		}
		days := int64(binary.BigEndian.Uint64(b[1:]) ^ (1 << 63))
		rem := int64(binary.BigEndian.Uint64(b[9:]))
		if rem < 0 || rem >= usPerDay {
			return None, 0, errCorruptKey("interval time out of range")
		}
		return IntervalOf(intervalFromSpan(days, rem)), 17, nil
	case kUUID:
		if len(b) < 17 {
			return None, 0, errCorruptKey("truncated")
		}
		var u [16]byte
		copy(u[:], b[1:17])
		return UUID(u), 17, nil
	case kTuple, kComposite:
		if depth >= maxKeyDepth {
			return None, 0, errCorruptKey("nesting too deep")
		}
		var xs []Value
		i := 1
		for {
			if i >= len(b) {
				return None, 0, errCorruptKey("unterminated tuple")
			}
			if b[i] == kTupleEnd {
				if xs == nil {
					xs = []Value{}
				}
				if b[0] == kComposite {
					return Composite(xs), i + 1, nil
				}
				return Tuple(xs), i + 1, nil
			}
			if b[0] == kComposite && b[i] == kCompositeNull {
				xs = append(xs, None)
				i++
				continue
			}
			x, n, err := decodeKey(b[i:], depth+1)
			if err != nil {
				return None, 0, err
			}
			xs = append(xs, x)
			i += n
		}
	}
	return None, 0, errCorruptKey("unknown tag")
}

// decodeKeyBytes reads escaped bytes up to their 0x00 0x01 terminator.
func decodeKeyBytes(b []byte) (string, int, error) {
	// Fast path: no escaped zero bytes.
	for i := 0; i < len(b); i++ {
		if b[i] != 0 {
			continue
		}
		if i+1 < len(b) && b[i+1] == 1 {
			return string(b[:i]), i + 2, nil
		}
		break
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] != 0 {
			out = append(out, b[i])
			continue
		}
		if i+1 >= len(b) {
			break
		}
		switch b[i+1] {
		case 1:
			return string(out), i + 2, nil
		case 0xff:
			out = append(out, 0)
			i++
		default:
			return "", 0, errCorruptKey("bad escape")
		}
	}
	return "", 0, errCorruptKey("unterminated string")
}

func decodeKeyNumber(b []byte, neg bool) (Value, int, error) {
	if v, n, ok := decodeKeyInt(b, neg); ok {
		return v, n, nil
	}
	return decodeKeyNumberCanon(b, neg)
}

// pow10u are the powers of ten up to 10^19.
var pow10u = [...]uint64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// decodeKeyInt decodes the common number key, an int64 of at most 18
// digits, straight from its digit pairs (an integer primary key is read
// back from every index entry and record key). ok is false for anything
// else, which decodeKeyNumberCanon decodes the general way (with the same
// result for what this takes: an int whenever the number is integral
// within int64).
func decodeKeyInt(b []byte, neg bool) (v Value, n int, ok bool) {
	if len(b) < 3 {
		return None, 0, false
	}
	var flip byte
	if neg {
		flip = 0xff
	}
	p := b[1] ^ flip
	if p < 8 || p > 248 {
		return None, 0, false
	}
	e := int(p) - 128
	if e < 1 || e > 19 {
		return None, 0, false
	}
	var u uint64
	nd := 0
	i := 2
	for {
		if i >= len(b) || nd >= 18 {
			return None, 0, false
		}
		c := b[i] ^ flip
		i++
		pair := c / 2
		if pair > 99 || (nd == 0 && pair < 10) {
			return None, 0, false // corrupt or non-canonical: the general way says which
		}
		u = u*100 + uint64(pair)
		nd += 2
		if c%2 == 0 {
			break
		}
	}
	// The number is 0.<digits> × 10^e = u × 10^(e-nd).
	if e >= nd {
		m := pow10u[e-nd]
		if u > math.MaxUint64/m {
			return None, 0, false
		}
		u *= m
	} else {
		d := pow10u[nd-e]
		if u%d != 0 {
			return None, 0, false
		}
		u /= d
	}
	if neg {
		if u > 1<<63 {
			return None, 0, false
		}
		return Int(int64(-u)), i, true
	}
	if u > math.MaxInt64 {
		return None, 0, false
	}
	return Int(int64(u)), i, true
}

// decodeKeyNumberCanon decodes any number key through its canonical
// digits.
func decodeKeyNumberCanon(b []byte, neg bool) (Value, int, error) {
	at := func(i int) byte {
		if neg {
			return ^b[i]
		}
		return b[i]
	}
	if len(b) < 2 {
		return None, 0, errCorruptKey("truncated number")
	}
	i := 1
	var e int
	switch p := at(i); {
	case p >= 8 && p <= 248:
		e = int(p) - 128
		i++
	case p > 248 && p <= 252:
		n := int(p - 248)
		if len(b) < i+1+n {
			return None, 0, errCorruptKey("truncated number")
		}
		var v uint64
		for k := 0; k < n; k++ {
			v = v<<8 | uint64(at(i+1+k))
		}
		e = int(v) + 121
		i += 1 + n
	case p >= 3 && p < 7:
		n := int(7 - p)
		if len(b) < i+1+n {
			return None, 0, errCorruptKey("truncated number")
		}
		var v uint64
		for k := 0; k < n; k++ {
			v = v<<8 | uint64(^at(i+1+k))
		}
		e = -121 - int(v)
		i += 1 + n
	default:
		return None, 0, errCorruptKey("bad number exponent")
	}
	var stack [40]byte
	digits := stack[:0]
	for {
		if i >= len(b) {
			return None, 0, errCorruptKey("unterminated number")
		}
		c := at(i)
		i++
		pair := c / 2
		if pair > 99 {
			return None, 0, errCorruptKey("bad number digits")
		}
		digits = append(digits, '0'+pair/10, '0'+pair%10)
		if c%2 == 0 {
			break
		}
	}
	for len(digits) > 0 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
	}
	if len(digits) == 0 || digits[0] == '0' {
		return None, 0, errCorruptKey("non-canonical number")
	}
	if e > math.MaxInt32/2 || e < math.MinInt32/2 {
		return None, 0, errCorruptKey("number exponent out of range")
	}
	c := canon{class: cPos, digits: digits, exp: e}
	if neg {
		c.class = cNeg
	}
	return numberFromCanon(&c), i, nil
}

// numberFromCanon picks the value a canonical number decodes to: an int
// when integral within int64, a float when the digits are the float's
// shortest form, else a decimal.
func numberFromCanon(c *canon) Value {
	if i, ok := canonInt64(c); ok {
		return Int(i)
	}
	if len(c.digits) <= 17 && c.exp > -330 && c.exp < 330 {
		var buf [48]byte
		t := buf[:0]
		if c.class == cNeg {
			t = append(t, '-')
		}
		t = append(t, "0."...)
		t = append(t, c.digits...)
		t = append(t, 'e')
		t = strconv.AppendInt(t, int64(c.exp), 10)
		if f, err := strconv.ParseFloat(string(t), 64); err == nil && f != 0 {
			var fb [40]byte
			cf := canonFloat(fb[:], f, 64)
			if cmpCanon(&cf, c) == 0 {
				return Float(f)
			}
		}
	}
	d := &apd.Decimal{Negative: c.class == cNeg, Exponent: int32(c.exp - len(c.digits))}
	d.Coeff.SetString(string(c.digits), 10)
	return Decimal(d)
}
