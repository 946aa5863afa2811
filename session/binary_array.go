package session

import (
	"encoding/binary"
	"math"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// Binary formats of date and of arrays of any dimensions (PostgreSQL's
// date_send/array_send), for drivers that send or ask for them
// (psycopg 3 sends dates in binary, pgx reads arrays in binary).

// usPerDay is a day in microseconds, the unit of datetimes.
const usPerDay = 86_400_000_000

// decodeBinaryDate reads a date: days since 2000-01-01 (int32; MaxInt32
// and MinInt32 are infinity and -infinity).
func decodeBinaryDate(raw []byte, param int) (value.Value, error) {
	if len(raw) != 4 {
		return value.None, badBinary(param)
	}
	switch days := int32(binary.BigEndian.Uint32(raw)); days {
	case math.MaxInt32:
		return value.DateOfMicros(math.MaxInt64), nil
	case math.MinInt32:
		return value.DateOfMicros(math.MinInt64), nil
	default:
		// A datetime holds microseconds, so its dates end with
		// timestamps' (294276 AD) where PostgreSQL's go on.
		// Days past ±106 million would overflow the microseconds.
		v, err := value.DatetimeFromMicros(int64(days)*usPerDay, false)
		if err != nil || days > 200_000_000 || days < -200_000_000 {
			return value.None, errs.New(errs.DatetimeFieldOverflow, "date out of range")
		}
		return value.DateOf(v), nil
	}
}

func appendBinaryDate(buf []byte, s string) ([]byte, bool) {
	v, err := value.ParseText(s, value.TypeDate)
	if err != nil {
		return buf, false
	}
	var days int32
	switch us := v.DatetimeMicros(); us {
	case math.MaxInt64:
		days = math.MaxInt32
	case math.MinInt64:
		days = math.MinInt32
	default:
		// Floor: a date is a midnight, but be exact for any moment.
		d := us / usPerDay
		if us%usPerDay < 0 {
			d--
		}
		days = int32(d)
	}
	return binary.BigEndian.AppendUint32(buf, uint32(days)), true
}

// decodeBinaryArray reads array_send's form: ndim, has-null flag,
// element OID, then per dimension its length and lower bound, then each
// element as a length (-1 for NULL) and its binary form.
func decodeBinaryArray(raw []byte, t value.Type, param int) (value.Value, error) {
	if len(raw) < 12 || t.Elem == nil {
		return value.None, badBinary(param)
	}
	ndim := int32(binary.BigEndian.Uint32(raw))
	raw = raw[12:]
	switch {
	case ndim == 0:
		return value.List(nil), nil
	case ndim < 0 || ndim > value.MaxArrayDims:
		return value.None, errs.New(errs.InvalidBinaryRepresentation, "invalid number of dimensions: %d", ndim)
	case len(raw) < 8*int(ndim):
		return value.None, badBinary(param)
	}
	dims, lbs := make([]int, ndim), make([]int, ndim)
	n := 1
	for i := range dims {
		d, lb := int64(int32(binary.BigEndian.Uint32(raw))), int64(int32(binary.BigEndian.Uint32(raw[4:])))
		raw = raw[8:]
		if d < 0 || lb+d-1 > math.MaxInt32 {
			return value.None, errs.New(errs.ProgramLimitExceeded, "array upper bound is too large")
		}
		// Each element takes at least its length's four bytes.
		if n *= int(d); n > len(raw)/4 {
			return value.None, badBinary(param)
		}
		dims[i], lbs[i] = int(d), int(lb)
	}
	elems := make([]value.Value, n)
	for i := range elems {
		if len(raw) < 4 {
			return value.None, badBinary(param)
		}
		l := int32(binary.BigEndian.Uint32(raw))
		raw = raw[4:]
		if l == -1 {
			continue
		}
		if l < 0 || int(l) > len(raw) {
			return value.None, badBinary(param)
		}
		v, err := decodeBinaryParam(raw[:l], *t.Elem, param)
		if err != nil {
			return value.None, err
		}
		elems[i], raw = v, raw[l:]
	}
	if len(raw) != 0 {
		return value.None, badBinary(param)
	}
	return value.Array(elems, dims, lbs), nil
}

// appendBinaryArray writes the array whose text form is s (array type
// oid, element type elemOID) in array_send's form.
func appendBinaryArray(buf []byte, s string, oid, elemOID uint32) ([]byte, error) {
	bad := errs.New(errs.InternalError, "cannot send %q in binary format (type OID %d)", s, oid)
	elemType := value.TypeOfOID(elemOID)
	v, err := value.ParseText(s, value.ArrayOf(elemType))
	if err != nil || v.Kind() != value.KindList {
		return buf, bad
	}
	var text []byte
	return appendArraySend(buf, v, elemOID, func(buf []byte, e value.Value) ([]byte, error) {
		if text, err = value.AppendText(text[:0], e, elemType); err != nil {
			return buf, bad
		}
		return textToBinary(buf, text, elemOID)
	})
}

// appendArraySend writes array v in array_send's form, each non-NULL
// element by elem.
func appendArraySend(buf []byte, v value.Value, elemOID uint32, elem func([]byte, value.Value) ([]byte, error)) ([]byte, error) {
	elems := v.AsList()
	hasNull := uint32(0)
	for _, e := range elems {
		if e.IsNone() {
			hasNull = 1
		}
	}
	if len(elems) == 0 {
		buf = binary.BigEndian.AppendUint32(buf, 0)
		buf = binary.BigEndian.AppendUint32(buf, 0)
		return binary.BigEndian.AppendUint32(buf, elemOID), nil
	}
	dims, lbs := value.ArrayDims(v)
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(dims)))
	buf = binary.BigEndian.AppendUint32(buf, hasNull)
	buf = binary.BigEndian.AppendUint32(buf, elemOID)
	for i, n := range dims {
		buf = binary.BigEndian.AppendUint32(buf, uint32(n))
		buf = binary.BigEndian.AppendUint32(buf, uint32(int32(lbs[i])))
	}
	for _, e := range elems {
		var err error
		if buf, err = appendLenPrefixed(buf, e, elem); err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// appendLenPrefixed writes v's binary form by write after its int32
// length, or -1 for NULL.
func appendLenPrefixed(buf []byte, v value.Value, write func([]byte, value.Value) ([]byte, error)) ([]byte, error) {
	if v.IsNone() {
		return binary.BigEndian.AppendUint32(buf, math.MaxUint32), nil
	}
	at := len(buf)
	buf = append(buf, 0, 0, 0, 0)
	buf, err := write(buf, v)
	if err != nil {
		return buf, err
	}
	binary.BigEndian.PutUint32(buf[at:], uint32(len(buf)-at-4))
	return buf, nil
}
