package value

import (
	"encoding/binary"
	"math"
	"math/bits"
	"unsafe"

	"github.com/cockroachdb/apd/v3"
	"github.com/zerodb/zerodb/errs"
)

// The on-disk value encoding (format version 1).
//
// A top-level encoding is the version byte followed by one value. A value
// is a tag byte and a payload:
//
//	none, false, true           tag only
//	jsonb null                  tag only (tJSONNull, added after tObject)
//	int                         tag per width (8 tags); zigzag varint for
//	                            signed widths, uvarint for unsigned
//	f64 / f32                   8 / 4 bytes little endian IEEE
//	decimal                     flags (negative, form), zigzag varint
//	                            exponent, uvarint length + big-endian
//	                            coefficient bytes
//	string, symbol, bytes       uvarint length + bytes
//	record id                   uvarint length + table, then the key value
//	datetime (without / with TZ) zigzag varint unix nanoseconds
//	duration                    zigzag varint nanoseconds (read only)
//	interval                    zigzag varints months, days, microseconds
//	time                        uvarint microseconds since midnight
//	time with time zone         uvarint microseconds since midnight,
//	                            zigzag varint offset seconds east of UTC
//	uuid                        16 bytes
//	regex                       pattern and flags, each uvarint length + bytes
//	range (exclusive/inclusive) lo value, hi value
//	vector                      uvarint count + count × 4 bytes f32 LE
//	list, tuple, composite      uvarint count + the elements
//	object                      uvarint field count, then per field:
//	                            uvarint name length + name, uvarint value
//	                            length + the value
//
// The per-field value length lets DecodeField skip fields without looking
// inside them. Functions are never stored; they encode as none.
const codecVersion byte = 1

const (
	tNone byte = iota + 1
	tFalse
	tTrue
	tIntI64
	tIntI8
	tIntI16
	tIntI32
	tIntU8
	tIntU16
	tIntU32
	tIntU64
	tF64
	tF32
	tDecimal
	tString
	tSymbol
	tRecordID
	tDatetime
	tDatetimeTZ
	tDuration
	tUUID
	tBytes
	tRegex
	tRange
	tRangeIncl
	tVector
	tList
	tTuple
	tObject
	tJSONNull  // jsonb's null (JSONNull); plain none stays tNone
	tInterval  // months, days, microseconds; tDuration (nanoseconds alone) is read only
	tTime      // SQL time: microseconds since midnight
	tTimeTZ    // SQL timetz: microseconds since midnight, offset east
	tSQLRange  // SQL range: its RangeKind, range_send's flags, finite bounds
	tNet       // SQL network address: its NetKind, then its bytes (length-prefixed)
	tBits      // SQL bit string: its bit length (uvarint), then its bytes (length-prefixed)
	tCIString  // citext: as a string (citext.go)
	tComposite // SQL composite value: as a list; its type is the column's
	tArray     // SQL array of more than one dimension or a lower bound not 1: the number of dimensions, each one's length and lower bound (zigzag varints), then as a list
	tGeo       // SQL geometric value: its GeoKind, then its float8s (length-prefixed; geo.go)
	tHstore    // hstore: its canonical text, as a string (hstore.go)
)

// maxDecodeDepth bounds nesting so hostile input cannot exhaust the stack.
const maxDecodeDepth = 2000

// Encode appends the compact, versioned on-disk encoding of v (the first
// byte of a top-level encoding is the format version). Objects encode
// field by field so that one field can be read without decoding the rest.
func Encode(buf []byte, v Value) []byte {
	buf = append(buf, codecVersion)
	return encodeValue(buf, v)
}

// AppendExactKey appends an encoding of v that tells apart any two
// values that differ in any way, not only in order or SQL equality: its
// kind and sub-kind byte (a date from a timestamp, an int4 from an
// int8), then the value's own encoding (which keeps a numeric's scale, a
// float's sign of zero). Encodings of several values concatenate
// unambiguously. A memo keyed by it returns what a computation returned
// for that very value.
func AppendExactKey(buf []byte, v Value) []byte {
	return encodeValue(append(buf, byte(v.kind), v.sub), v)
}

// EncodeFields appends what Encode appends for an object of the fields
// names[i] = vals[i], in that order, without building the Object (a bulk
// load encodes its rows this way). The names must be distinct.
func EncodeFields(buf []byte, names []string, vals []Value) []byte {
	return EncodeFieldsEncoded(buf, names, vals, nil)
}

// EncodeFieldsEncoded is EncodeFields with the values of some fields
// given already encoded: enc[i], when enc is not nil and enc[i] is not,
// is field i's value as encodeValue writes it (TextParser.AppendJSONB's
// bytes), and vals[i] is not looked at.
func EncodeFieldsEncoded(buf []byte, names []string, vals []Value, enc [][]byte) []byte {
	buf = binary.AppendUvarint(append(buf, codecVersion, tObject), uint64(len(names)))
	for i, n := range names {
		buf = appendLenBytes(buf, n)
		if enc != nil && enc[i] != nil {
			buf = append(binary.AppendUvarint(buf, uint64(len(enc[i]))), enc[i]...)
			continue
		}
		buf = appendLenValue(buf, vals[i])
	}
	return buf
}

func encodeValue(b []byte, v Value) []byte {
	switch v.kind {
	case KindBool:
		if v.AsBool() {
			return append(b, tTrue)
		}
		return append(b, tFalse)
	case KindInt:
		w := IntWidth(v.sub)
		b = append(b, tIntI64+byte(w))
		if widthSigned(w) {
			return binary.AppendVarint(b, int64(v.n))
		}
		return binary.AppendUvarint(b, v.n)
	case KindFloat:
		if v.sub == 32 {
			b = append(b, tF32)
			return binary.LittleEndian.AppendUint32(b, math.Float32bits(float32(v.AsFloat())))
		}
		b = append(b, tF64)
		return binary.LittleEndian.AppendUint64(b, v.n)
	case KindDecimal:
		d := v.AsDecimal()
		if d == nil {
			d = new(apd.Decimal)
		}
		flags := byte(d.Form) << 1
		if d.Negative {
			flags |= 1
		}
		b = append(b, tDecimal, flags)
		b = binary.AppendVarint(b, int64(d.Exponent))
		if d.Coeff.IsUint64() {
			// Big-endian without leading zero bytes, as Bytes() gives,
			// but without allocating.
			u := d.Coeff.Uint64()
			n := (bits.Len64(u) + 7) / 8
			b = append(b, byte(n))
			for i := n - 1; i >= 0; i-- {
				b = append(b, byte(u>>(8*i)))
			}
			return b
		}
		coeff := d.Coeff.Bytes()
		b = binary.AppendUvarint(b, uint64(len(coeff)))
		return append(b, coeff...)
	case KindString:
		if v.sub == ciSub {
			return appendLenBytes(append(b, tCIString), v.s)
		}
		if v.sub == hstoreSub {
			return appendLenBytes(append(b, tHstore), v.s)
		}
		return appendStringEnc(b, v.s)
	case KindSymbol:
		return appendLenBytes(append(b, tSymbol), v.s)
	case KindBytes:
		return appendLenBytes(append(b, tBytes), v.s)
	case KindRecordID:
		r := v.AsRecordID()
		b = appendLenBytes(append(b, tRecordID), r.Table)
		return encodeValue(b, r.Key)
	case KindDatetime:
		if v.HasTZ() {
			b = append(b, tDatetimeTZ)
		} else {
			b = append(b, tDatetime)
		}
		return binary.AppendVarint(b, int64(v.n))
	case KindTime:
		return binary.AppendUvarint(append(b, tTime), v.n)
	case KindTimeTZ:
		us, east := v.AsTimeTZ()
		return binary.AppendVarint(binary.AppendUvarint(append(b, tTimeTZ), uint64(us)), int64(east))
	case KindDuration:
		iv := v.AsInterval()
		b = binary.AppendVarint(append(b, tInterval), int64(iv.Months))
		b = binary.AppendVarint(b, int64(iv.Days))
		return binary.AppendVarint(b, iv.Micros)
	case KindUUID:
		u := v.AsUUID()
		return append(append(b, tUUID), u[:]...)
	case KindRegex:
		b = appendLenBytes(append(b, tRegex), v.s)
		return appendLenBytes(b, regexFlags(v))
	case KindNet:
		return appendLenBytes(append(b, tNet, v.sub), v.s)
	case KindGeo:
		return appendLenBytes(append(b, tGeo, v.sub), v.s)
	case KindBits:
		return appendLenBytes(binary.AppendUvarint(append(b, tBits), v.n), v.s)
	case KindSQLRange:
		r := v.AsSQLRange()
		b = append(b, tSQLRange, byte(r.Kind), rangeFlags(r))
		if !r.Empty && !r.Lo.Inf {
			b = encodeValue(b, r.Lo.Val)
		}
		if !r.Empty && !r.Hi.Inf {
			b = encodeValue(b, r.Hi.Val)
		}
		return b
	case KindRange:
		r := v.AsRange()
		if r.Inclusive {
			b = append(b, tRangeIncl)
		} else {
			b = append(b, tRange)
		}
		return encodeValue(encodeValue(b, r.Lo), r.Hi)
	case KindVector:
		xs := v.AsVector()
		b = binary.AppendUvarint(append(b, tVector), uint64(len(xs)))
		for _, x := range xs {
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
		}
		return b
	case KindList, KindTuple, KindComposite:
		xs := v.AsList()
		switch a, shaped := v.ref.(*arrayShape); {
		case shaped:
			b = binary.AppendUvarint(append(b, tArray), uint64(len(a.dims)))
			for i, n := range a.dims {
				b = binary.AppendVarint(binary.AppendVarint(b, int64(n)), int64(a.lbs[i]))
			}
			b = append(b, tList)
		case v.kind == KindList:
			b = append(b, tList)
		case v.kind == KindTuple:
			b = append(b, tTuple)
		default:
			b = append(b, tComposite)
		}
		b = binary.AppendUvarint(b, uint64(len(xs)))
		for _, x := range xs {
			b = encodeValue(b, x)
		}
		return b
	case KindObject:
		o := v.AsObject()
		b = binary.AppendUvarint(append(b, tObject), uint64(o.Len()))
		for i := 0; i < o.Len(); i++ {
			b = appendLenBytes(b, o.names[i])
			b = appendLenValue(b, o.vals[i])
		}
		return b
	case KindNone:
		if v.sub == jsonNullSub {
			return append(b, tJSONNull)
		}
	}
	return append(b, tNone)
}

// appendStringEnc is encodeValue(b, String(s)).
func appendStringEnc(b []byte, s string) []byte { return appendLenBytes(append(b, tString), s) }

// appendIntEnc is encodeValue(b, Int(i)).
func appendIntEnc(b []byte, i int64) []byte { return binary.AppendVarint(append(b, tIntI64), i) }

func appendLenBytes(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// appendLenValue writes a value prefixed by its encoded length. It
// reserves one length byte, which holds every short value; longer ones
// shift the value right to make room for the varint.
func appendLenValue(b []byte, v Value) []byte {
	at := len(b)
	b = encodeValue(append(b, 0), v)
	return putReservedUvarint(b, at, uint64(len(b)-at-1))
}

// putReservedUvarint writes n as a uvarint into the one byte reserved at
// b[at], shifting what follows it right when n needs more.
func putReservedUvarint(b []byte, at int, n uint64) []byte {
	if n < 0x80 {
		b[at] = byte(n)
		return b
	}
	var tmp [binary.MaxVarintLen64]byte
	lb := binary.PutUvarint(tmp[:], n)
	tail := len(b) - at - 1
	for i := 1; i < lb; i++ {
		b = append(b, 0)
	}
	copy(b[at+lb:], b[at+1:at+1+tail])
	copy(b[at:], tmp[:lb])
	return b
}

func errCorrupt(what string) *errs.Error {
	return errs.New(errs.DataCorrupted, "corrupt value encoding: %s", what)
}

// Decode decodes a value written by Encode. Corrupt input is an error
// (XX001), never a panic. Strings, symbols and bytes of the result share
// one copy of b, so the caller may reuse b.
func Decode(b []byte) (Value, error) {
	if len(b) == 0 {
		return None, errCorrupt("empty")
	}
	// One copy, which the decoded strings share.
	return DecodeString(string(b))
}

// DecodeBare decodes a value's encoding without Encode's version byte,
// as TextParser.AppendJSONB writes one (a field's stored encoding).
func DecodeBare(b []byte) (Value, error) {
	return Decode(append([]byte{codecVersion}, b...))
}

// DecodeString is Decode of an encoding held in a string: the decoded
// strings share s's memory instead of copying it, which saves a caller
// decoding from immutable memory (a cache) an allocation per value.
func DecodeString(s string) (Value, error) {
	if len(s) == 0 {
		return None, errCorrupt("empty")
	}
	if s[0] != codecVersion {
		return None, errCorrupt("unknown format version")
	}
	if v, ok := decodeIntRecordID(s[1:]); ok {
		return v, nil
	}
	d := decoder{s: s[1:]}
	v, err := d.value(0)
	if err != nil {
		return None, err
	}
	if d.i != len(d.s) {
		return None, errCorrupt("trailing bytes")
	}
	return v, nil
}

// DecodeField reads one field of an encoded object without decoding the
// others (ok=false when the field is absent or the value is not an
// object).
func DecodeField(b []byte, name string) (v Value, ok bool, err error) {
	if len(b) == 0 {
		return None, false, errCorrupt("empty")
	}
	if b[0] != codecVersion {
		return None, false, errCorrupt("unknown format version")
	}
	b = b[1:]
	if len(b) == 0 {
		return None, false, errCorrupt("truncated")
	}
	if b[0] != tObject {
		// Validate that it is a value at all, so corruption is not
		// mistaken for "not an object".
		if _, err := Decode(append([]byte{codecVersion}, b...)); err != nil {
			return None, false, err
		}
		return None, false, nil
	}
	i := 1
	count, n := binary.Uvarint(b[i:])
	if n <= 0 {
		return None, false, errCorrupt("bad field count")
	}
	i += n
	for f := uint64(0); f < count; f++ {
		fname, j, ok := lenPrefixedAt(b, i)
		if !ok {
			return None, false, errCorrupt("bad field name")
		}
		fb, j, ok := lenPrefixedAt(b, j)
		if !ok {
			return None, false, errCorrupt("bad field length")
		}
		i = j
		if string(fname) == name {
			var d decoder
			if len(fb) > 0 && holdsNoBytes(fb[0]) {
				// A scalar keeps none of its encoding: decoded in
				// place, it costs no copy (a traversal's step filter
				// reads a number field of every vertex it reaches).
				d.s = unsafe.String(unsafe.SliceData(fb), len(fb))
			} else {
				d.s = string(fb)
			}
			v, err := d.value(0)
			if err != nil {
				return None, false, err
			}
			if d.i != len(d.s) {
				return None, false, errCorrupt("field length mismatch")
			}
			return v, true, nil
		}
	}
	return None, false, nil
}

// holdsNoBytes reports whether a value encoded with tag decodes to a
// Value that references none of the encoding's bytes.
func holdsNoBytes(tag byte) bool {
	switch tag {
	case tNone, tJSONNull, tFalse, tTrue, tIntI64, tIntI8, tIntI16, tIntI32, tIntU8, tIntU16, tIntU32, tIntU64, tF64, tF32:
		return true
	}
	return false
}

// DecodeFieldsInto decodes the fields of an encoded object named in names
// into dst[i] (len(dst) == len(names)), none for an absent field, without
// materialising the others: a scan whose query reads two columns of a wide
// record skips the rest by their stored lengths. A value that is not an
// object has no fields: dst is all none.
func DecodeFieldsInto(b []byte, names []string, dst []Value) error {
	return (*Decimals)(nil).DecodeFieldsInto(b, names, dst)
}

// Decimals hands out the decimals DecodeFieldsInto decodes from chunks
// of 16: one allocation per chunk instead of one per value (a scan of
// bench/sql's orders decodes a numeric amount per record). A decimal
// handed out is never handed out again, so values may keep it as long
// as they like; a chunk stays allocated while any of its decimals is
// kept, which is why chunks are small (64 saved no more CPU). The zero
// Decimals is ready to use; a nil *Decimals allocates each decimal on
// its own. It is not safe for concurrent use.
type Decimals struct{ free []apd.Decimal }

// decimalsChunk is how many decimals Decimals allocates at once.
const decimalsChunk = 16

func (ds *Decimals) new() *apd.Decimal {
	if ds == nil {
		return new(apd.Decimal)
	}
	if len(ds.free) == 0 {
		ds.free = make([]apd.Decimal, decimalsChunk)
	}
	d := &ds.free[0]
	ds.free = ds.free[1:]
	return d
}

// DecodeFieldsInto is the package's DecodeFieldsInto with its decimals
// from ds.
func (ds *Decimals) DecodeFieldsInto(b []byte, names []string, dst []Value) error {
	if len(b) < 2 || b[0] != codecVersion || b[1] != tObject {
		clear(dst)
		_, err := Decode(b)
		return err
	}
	// Up to 64 names, the found bits tell which fields are absent: only
	// those are cleared, at the end.
	if len(names) > 64 {
		clear(dst)
	}
	i := 2
	count, n := binary.Uvarint(b[i:])
	if n <= 0 {
		return errCorrupt("bad field count")
	}
	i += n
	// Every field takes at least three bytes.
	if count > uint64(len(b)-i)/3 {
		return errCorrupt("object beyond input")
	}
	var found uint64 // bit k: names[k] seen (a repeated field keeps its first value, as Object.Get does)
	// all: every name found, when they are at most 64: the fields after
	// are not walked (as DecodeField stops at its field), so a record's
	// tail is not checked for corruption when nothing in it is read.
	all := uint64(1)<<len(names) - 1
	if len(names) >= 64 {
		all = 0 // never reached: walk every field
	}
	for f := uint64(0); f < count; f++ {
		fname, j, ok := lenPrefixedAt(b, i)
		if !ok {
			return errCorrupt("bad field name")
		}
		raw, j, ok := lenPrefixedAt(b, j)
		if !ok {
			return errCorrupt("bad field length")
		}
		i = j
		for k, name := range names {
			if string(fname) != name {
				continue
			}
			if k < 64 && found&(1<<k) != 0 {
				break
			}
			if !decodeSmallInt(raw, &dst[k]) {
				v, err := decodeFieldValue(raw, ds)
				if err != nil {
					return err
				}
				dst[k] = v
			}
			if k < 64 {
				found |= 1 << k
			}
			break
		}
		if found == all && all != 0 {
			return nil
		}
	}
	if i != len(b) {
		return errCorrupt("trailing bytes")
	}
	if len(names) <= 64 {
		for k := range dst {
			if found&(1<<k) == 0 {
				dst[k] = None
			}
		}
	}
	return nil
}

// lenPrefixedAt returns the bytes b holds at i behind their uvarint
// length (a field's name or value) and the index after them, ok=false
// when the length is corrupt or runs past b. The one-byte lengths of
// names and short values are read without a call; uvarintAt reads
// longer ones.
func lenPrefixedAt(b []byte, i int) (s []byte, next int, ok bool) {
	var l uint64
	if i < len(b) && b[i] < 0x80 {
		l = uint64(b[i])
		i++
	} else {
		var n int
		if l, n = uvarintAt(b, i); n <= 0 {
			return nil, i, false
		}
		i += n
	}
	if l > uint64(len(b)-i) {
		return nil, i, false
	}
	return b[i : i+int(l)], i + int(l), true
}

// uvarintAt is binary.Uvarint(b[i:]) with the one-byte case, a field's
// name or value length, first.
func uvarintAt(b []byte, i int) (uint64, int) {
	if i < len(b) && b[i] < 0x80 {
		return uint64(b[i]), 1
	}
	return binary.Uvarint(b[i:])
}

// decodeSmallInt decodes a stored signed integer of one to four varint
// bytes (within ±2^27: most integer columns' values) into *dst in place,
// without returning and copying a 48-byte Value, and reports false for
// anything else, which decodeFieldValue then decodes (and checks) the
// general way.
func decodeSmallInt(b []byte, dst *Value) bool {
	if len(b) < 2 || len(b) > 5 || b[0] < tIntI64 || b[0] > tIntI64+byte(I32) {
		return false
	}
	var u uint64
	last := len(b) - 1
	for i := 1; i < last; i++ {
		if b[i] < 0x80 {
			return false // the varint ends before the field
		}
		u |= uint64(b[i]&0x7f) << (7 * (i - 1))
	}
	c := b[last]
	if c >= 0x80 || (c == 0 && last > 1) {
		return false // runs past the field, or is not minimal
	}
	u |= uint64(c) << (7 * (last - 1))
	x := int64(u>>1) ^ -int64(u&1) // zigzag, as binary.Varint
	// Four varint bytes hold ±2^27: every signed width but the narrow
	// ones, which are checked.
	w := IntWidth(b[0] - tIntI64)
	if (w == I8 && (x < math.MinInt8 || x > math.MaxInt8)) || (w == I16 && (x < math.MinInt16 || x > math.MaxInt16)) {
		return false
	}
	*dst = Value{kind: KindInt, sub: uint8(w), n: uint64(x)}
	return true
}

// decodeFieldValue decodes one field's stored value. Integers and
// decimals, the usual numeric columns, are read from b directly; other
// values go through a decoder, whose strings share one copy of b.
func decodeFieldValue(b []byte, ds *Decimals) (Value, error) {
	if len(b) == 0 {
		return None, errCorrupt("truncated")
	}
	if tag := b[0]; tag >= tIntI64 && tag <= tIntU64 {
		w := IntWidth(tag - tIntI64)
		var neg bool
		var mag uint64
		var n int
		if widthSigned(w) {
			var x int64
			x, n = binary.Varint(b[1:])
			neg, mag = Int(x).intParts()
		} else {
			mag, n = binary.Uvarint(b[1:])
		}
		switch {
		case n == 0:
			return None, errCorrupt("truncated varint")
		case n < 0:
			return None, errCorrupt("varint overflow")
		case 1+n != len(b):
			return None, errCorrupt("field length mismatch")
		case !fitsWidth(neg, mag, w):
			return None, errCorrupt("integer beyond its width")
		}
		return makeInt(neg, mag, w), nil
	}
	if b[0] == tDecimal {
		return decodeDecimalBytes(b[1:], ds)
	}
	d := decoder{s: string(b)}
	v, err := d.value(0)
	if err != nil {
		return None, err
	}
	if d.i != len(d.s) {
		return None, errCorrupt("field length mismatch")
	}
	return v, nil
}

type decoder struct {
	s string
	i int
}

func (d *decoder) uvarint() (uint64, error) {
	var x uint64
	var shift uint
	for k := 0; k < binary.MaxVarintLen64; k++ {
		if d.i >= len(d.s) {
			return 0, errCorrupt("truncated varint")
		}
		c := d.s[d.i]
		d.i++
		if c < 0x80 {
			if k == binary.MaxVarintLen64-1 && c > 1 {
				return 0, errCorrupt("varint overflow")
			}
			return x | uint64(c)<<shift, nil
		}
		x |= uint64(c&0x7f) << shift
		shift += 7
	}
	return 0, errCorrupt("varint overflow")
}

func (d *decoder) varint() (int64, error) {
	u, err := d.uvarint()
	x := int64(u >> 1)
	if u&1 != 0 {
		x = ^x
	}
	return x, err
}

// length reads a length that must fit in the rest of the input.
func (d *decoder) length() (int, error) {
	n, err := d.uvarint()
	if err != nil {
		return 0, err
	}
	if n > uint64(len(d.s)-d.i) {
		return 0, errCorrupt("length beyond input")
	}
	return int(n), nil
}

// subKindStr reads the sub-kind byte and the bytes of a value stored
// as both (a network address, a geometric value).
func (d *decoder) subKindStr() (byte, string, error) {
	k, err := d.fixed(1)
	if err != nil {
		return 0, "", err
	}
	s, err := d.str()
	return k[0], s, err
}

func (d *decoder) str() (string, error) {
	n, err := d.length()
	if err != nil {
		return "", err
	}
	s := d.s[d.i : d.i+n]
	d.i += n
	return s, nil
}

// decodeIntRecordID decodes s when it is exactly a record id whose table
// name is shorter than 128 bytes and whose key is an i64 — what every
// adjacency entry of a table with int keys holds, decoded once per
// neighbour a traversal visits — without the general walk; ok is false
// for anything else, which the walk then decodes (or rejects).
func decodeIntRecordID(s string) (Value, bool) {
	if len(s) < 4 || s[0] != tRecordID || s[1] >= 0x80 {
		return None, false
	}
	n := int(s[1])
	if len(s) < 2+n+2 || s[2+n] != tIntI64 {
		return None, false
	}
	table, rest := s[2:2+n], s[3+n:]
	var u uint64
	for i := 0; i < len(rest) && i < 10; i++ {
		b := rest[i]
		u |= uint64(b&0x7f) << (7 * i)
		if b < 0x80 {
			if i != len(rest)-1 || (i == 9 && b > 1) {
				return None, false
			}
			x := int64(u >> 1)
			if u&1 != 0 {
				x = ^x
			}
			return Value{kind: KindRecordID, n: uint64(x), s: table}, true
		}
	}
	return None, false
}

func (d *decoder) fixed(n int) (string, error) {
	if len(d.s)-d.i < n {
		return "", errCorrupt("truncated")
	}
	s := d.s[d.i : d.i+n]
	d.i += n
	return s, nil
}

func (d *decoder) value(depth int) (Value, error) {
	if depth > maxDecodeDepth {
		return None, errCorrupt("nesting too deep")
	}
	if d.i >= len(d.s) {
		return None, errCorrupt("truncated")
	}
	tag := d.s[d.i]
	d.i++
	switch tag {
	case tNone:
		return None, nil
	case tJSONNull:
		return JSONNull, nil
	case tFalse:
		return Bool(false), nil
	case tTrue:
		return Bool(true), nil
	case tIntI64, tIntI8, tIntI16, tIntI32, tIntU8, tIntU16, tIntU32, tIntU64:
		w := IntWidth(tag - tIntI64)
		var neg bool
		var mag uint64
		if widthSigned(w) {
			x, err := d.varint()
			if err != nil {
				return None, err
			}
			neg, mag = Int(x).intParts()
		} else {
			u, err := d.uvarint()
			if err != nil {
				return None, err
			}
			mag = u
		}
		if !fitsWidth(neg, mag, w) {
			return None, errCorrupt("integer beyond its width")
		}
		return makeInt(neg, mag, w), nil
	case tF64:
		s, err := d.fixed(8)
		if err != nil {
			return None, err
		}
		return Value{kind: KindFloat, sub: 64, n: uint64(le32(s)) | uint64(le32(s[4:]))<<32}, nil
	case tF32:
		s, err := d.fixed(4)
		if err != nil {
			return None, err
		}
		return Float32(math.Float32frombits(le32(s))), nil
	case tDecimal:
		return d.decimal()
	case tString, tSymbol, tBytes, tCIString, tHstore:
		s, err := d.str()
		if err != nil {
			return None, err
		}
		switch tag {
		case tSymbol:
			return Value{kind: KindSymbol, s: s}, nil
		case tBytes:
			return Value{kind: KindBytes, s: s}, nil
		case tCIString:
			return CIString(s), nil
		case tHstore:
			return Value{kind: KindString, sub: hstoreSub, s: s}, nil
		}
		return Value{kind: KindString, s: s}, nil
	case tRecordID:
		table, err := d.str()
		if err != nil {
			return None, err
		}
		key, err := d.value(depth + 1)
		if err != nil {
			return None, err
		}
		return RecordIDOf(table, key), nil
	case tDatetime, tDatetimeTZ:
		n, err := d.varint()
		if err != nil {
			return None, err
		}
		return Value{kind: KindDatetime, sub: tzSub(tag == tDatetimeTZ), n: uint64(n)}, nil
	case tDuration:
		n, err := d.varint()
		if err != nil {
			return None, err
		}
		return Value{kind: KindDuration, n: uint64(n / 1000)}, nil
	case tTime:
		n, err := d.uvarint()
		if err != nil {
			return None, err
		}
		if n > usPerDay {
			return None, errCorrupt("time of day out of range")
		}
		return TimeOfDay(int64(n)), nil
	case tTimeTZ:
		n, err := d.uvarint()
		if err != nil {
			return None, err
		}
		east, err := d.varint()
		if err != nil {
			return None, err
		}
		if n > usPerDay || east > maxTZOffset || east < -maxTZOffset {
			return None, errCorrupt("time with time zone out of range")
		}
		return TimeTZ(int64(n), int(east)), nil
	case tInterval:
		m, err := d.varint()
		if err != nil {
			return None, err
		}
		days, err := d.varint()
		if err != nil {
			return None, err
		}
		us, err := d.varint()
		if err != nil {
			return None, err
		}
		if !fitsInt32(m) || !fitsInt32(days) {
			return None, errCorrupt("interval field out of range")
		}
		return IntervalOf(Interval{Months: int32(m), Days: int32(days), Micros: us}), nil
	case tUUID:
		s, err := d.fixed(16)
		if err != nil {
			return None, err
		}
		var u [16]byte
		copy(u[:], s)
		return UUID(u), nil
	case tRegex:
		pattern, err := d.str()
		if err != nil {
			return None, err
		}
		flags, err := d.str()
		if err != nil {
			return None, err
		}
		r, err := NewRegex(pattern, flags)
		if err != nil {
			return None, errCorrupt("bad regex")
		}
		return RegexOf(r), nil
	case tSQLRange:
		return d.sqlRange(depth)
	case tBits:
		n, err := d.uvarint()
		if err != nil {
			return None, err
		}
		s, err := d.str()
		if err != nil {
			return None, err
		}
		if !validBits(s, n) {
			return None, errCorrupt("bit string")
		}
		return Value{kind: KindBits, n: n, s: s}, nil
	case tGeo:
		k, s, err := d.subKindStr()
		if err != nil {
			return None, err
		}
		if !validGeo(GeoKind(k), s) {
			return None, errCorrupt("geometric value")
		}
		return Value{kind: KindGeo, sub: k, s: s}, nil
	case tNet:
		k, s, err := d.subKindStr()
		if err != nil {
			return None, err
		}
		if !validNet(NetKind(k), s) {
			return None, errCorrupt("network address")
		}
		return Value{kind: KindNet, sub: k, s: s}, nil
	case tRange, tRangeIncl:
		lo, err := d.value(depth + 1)
		if err != nil {
			return None, err
		}
		hi, err := d.value(depth + 1)
		if err != nil {
			return None, err
		}
		return RangeOf(lo, hi, tag == tRangeIncl), nil
	case tVector:
		n, err := d.uvarint()
		if err != nil {
			return None, err
		}
		if n > uint64(len(d.s)-d.i)/4 {
			return None, errCorrupt("vector beyond input")
		}
		xs := make([]float32, n)
		for k := range xs {
			xs[k] = math.Float32frombits(le32(d.s[d.i:]))
			d.i += 4
		}
		return Vector(xs), nil
	case tArray:
		return d.array(depth)
	case tList, tTuple, tComposite:
		n, err := d.uvarint()
		if err != nil {
			return None, err
		}
		// Every element takes at least one byte.
		if n > uint64(len(d.s)-d.i) {
			return None, errCorrupt("list beyond input")
		}
		xs := make([]Value, n)
		for k := range xs {
			if xs[k], err = d.value(depth + 1); err != nil {
				return None, err
			}
		}
		switch tag {
		case tTuple:
			return Tuple(xs), nil
		case tComposite:
			return Composite(xs), nil
		}
		return List(xs), nil
	case tObject:
		n, err := d.uvarint()
		if err != nil {
			return None, err
		}
		// Every field takes at least three bytes.
		if n > uint64(len(d.s)-d.i)/3 {
			return None, errCorrupt("object beyond input")
		}
		o := newObjectLen(int(n))
		for k := 0; k < int(n); k++ {
			if o.names[k], err = d.str(); err != nil {
				return None, err
			}
			vl, err := d.length()
			if err != nil {
				return None, err
			}
			end := d.i + vl
			if o.vals[k], err = d.value(depth + 1); err != nil {
				return None, err
			}
			if d.i != end {
				return None, errCorrupt("field length mismatch")
			}
		}
		return ObjectOf(o), nil
	}
	return None, errCorrupt("unknown tag")
}

func le32(s string) uint32 {
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// array reads a tArray's dimensions and then its elements' list.
func (d *decoder) array(depth int) (Value, error) {
	nd, err := d.uvarint()
	if err != nil {
		return None, err
	}
	if nd == 0 || nd > MaxArrayDims {
		return None, errCorrupt("array dimensions")
	}
	dims, lbs := make([]int, nd), make([]int, nd)
	total := int64(1)
	for i := range dims {
		n, err := d.varint()
		if err != nil {
			return None, err
		}
		lb, err := d.varint()
		if err != nil {
			return None, err
		}
		if n < 1 || n > math.MaxInt32 || lb < math.MinInt32 || lb+n-1 > math.MaxInt32 {
			return None, errCorrupt("array dimensions")
		}
		if total *= n; total > math.MaxInt32 {
			return None, errCorrupt("array dimensions")
		}
		dims[i], lbs[i] = int(n), int(lb)
	}
	if d.i >= len(d.s) || d.s[d.i] != tList {
		return None, errCorrupt("array without its elements")
	}
	l, err := d.value(depth + 1)
	if err != nil {
		return None, err
	}
	xs := l.AsList()
	if int64(len(xs)) != total {
		return None, errCorrupt("array dimensions")
	}
	return Array(xs, dims, lbs), nil
}

func (d *decoder) decimal() (Value, error) {
	if d.i >= len(d.s) {
		return None, errCorrupt("truncated decimal")
	}
	flags := d.s[d.i]
	d.i++
	exp, err := d.varint()
	if err != nil {
		return None, err
	}
	coeff, err := d.str()
	if err != nil {
		return None, err
	}
	return decimalOf(flags, exp, coeff, nil)
}

// decodeDecimalBytes decodes a decimal's payload (after the tag) read
// straight from a field's bytes, all of which it must take.
func decodeDecimalBytes(b []byte, ds *Decimals) (Value, error) {
	if len(b) == 0 {
		return None, errCorrupt("truncated decimal")
	}
	exp, n := binary.Varint(b[1:])
	if n <= 0 {
		return None, errCorrupt("bad decimal exponent")
	}
	i := 1 + n
	l, n := binary.Uvarint(b[i:])
	if n <= 0 || l > uint64(len(b)-i-n) {
		return None, errCorrupt("length beyond input")
	}
	i += n
	if i+int(l) != len(b) {
		return None, errCorrupt("field length mismatch")
	}
	return decimalOf(b[0], exp, b[i:], ds)
}

// decimalOf makes a decoded decimal from its stored parts, checking them,
// in a decimal from ds.
func decimalOf[S string | []byte](flags byte, exp int64, coeff S, ds *Decimals) (Value, error) {
	if flags>>1 > byte(apd.NaN) {
		return None, errCorrupt("bad decimal form")
	}
	if exp > apd.MaxExponent || exp < -maxDecimalScale-apd.MaxExponent {
		return None, errCorrupt("decimal exponent out of range")
	}
	x := ds.new()
	x.Form, x.Negative, x.Exponent = apd.Form(flags>>1), flags&1 != 0, int32(exp)
	if len(coeff) <= 8 {
		var u uint64
		for i := 0; i < len(coeff); i++ {
			u = u<<8 | uint64(coeff[i])
		}
		x.Coeff.SetUint64(u)
	} else {
		x.Coeff.SetBytes([]byte(coeff))
	}
	return Decimal(x), nil
}
