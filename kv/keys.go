package kv

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
)

// Order-preserving key encodings.
//
// Every Append* function appends an encoding of its value to b such that for
// two values of the same type a < b ⇔ enc(a) < enc(b) bytewise. All
// encodings are self-delimiting, so a concatenation of encodings (a composite
// key) sorts like the tuple of its parts, element by element. Each Decode*
// reads one value from the front of b and returns it with the rest of b; on
// malformed input it returns an error wrapping ErrCorrupt (never panics).

const (
	escByte     = 0x00 // starts an escape sequence in AppendBytes
	escZero     = 0xFF // 0x00 0xFF encodes a literal 0x00
	escTerm     = 0x01 // 0x00 0x01 terminates the value
	signBit     = uint64(1) << 63
	canonNaN    = 0x7FF8000000000001 // math.NaN()'s bit pattern
	negZeroBits = signBit
)

// AppendUint64 appends v as 8 big-endian bytes.
func AppendUint64(b []byte, v uint64) []byte {
	return binary.BigEndian.AppendUint64(b, v)
}

// DecodeUint64 decodes a value written by AppendUint64.
func DecodeUint64(b []byte) (uint64, []byte, error) {
	if len(b) < 8 {
		return 0, b, corruptf("uint64 needs 8 bytes, have %d", len(b))
	}
	return binary.BigEndian.Uint64(b), b[8:], nil
}

// AppendInt64 appends v as 8 big-endian bytes with the sign bit flipped,
// so negative numbers sort before positive ones.
func AppendInt64(b []byte, v int64) []byte {
	return binary.BigEndian.AppendUint64(b, uint64(v)^signBit)
}

// DecodeInt64 decodes a value written by AppendInt64.
func DecodeInt64(b []byte) (int64, []byte, error) {
	if len(b) < 8 {
		return 0, b, corruptf("int64 needs 8 bytes, have %d", len(b))
	}
	return int64(binary.BigEndian.Uint64(b) ^ signBit), b[8:], nil
}

// AppendFloat64 appends f as 8 bytes that sort in numeric order:
//
//	-Inf < negative numbers < 0 < positive numbers < +Inf < NaN
//
// Two rules make the order total and agree with SQL equality (as in
// PostgreSQL): -0 is encoded as +0 (they compare equal, so they must share
// one key), and every NaN, whatever its sign and payload, is encoded as one
// canonical NaN that sorts after +Inf. Decoding therefore returns +0 for -0
// and math.NaN() for any NaN.
func AppendFloat64(b []byte, f float64) []byte {
	u := math.Float64bits(f)
	switch {
	case f != f:
		u = canonNaN
	case u == negZeroBits:
		u = 0
	}
	// Positive floats' IEEE bits already sort like their values; setting the
	// sign bit moves them above the negatives. Negative floats sort in reverse
	// of their magnitude bits, so inverting every bit fixes both the order and
	// places them below the positives.
	if u&signBit != 0 {
		u = ^u
	} else {
		u |= signBit
	}
	return binary.BigEndian.AppendUint64(b, u)
}

// DecodeFloat64 decodes a value written by AppendFloat64. It rejects the
// bit patterns AppendFloat64 never produces (an encoded -0 or a
// non-canonical NaN) so that every accepted key has exactly one encoding.
func DecodeFloat64(b []byte) (float64, []byte, error) {
	if len(b) < 8 {
		return 0, b, corruptf("float64 needs 8 bytes, have %d", len(b))
	}
	u := binary.BigEndian.Uint64(b)
	if u&signBit != 0 {
		u &^= signBit
	} else {
		u = ^u
	}
	f := math.Float64frombits(u)
	if u == negZeroBits || (f != f && u != canonNaN) {
		return 0, b, corruptf("non-canonical float64 encoding %#016x", binary.BigEndian.Uint64(b))
	}
	return f, b[8:], nil
}

// AppendBytes appends v escaped (0x00 → 0x00 0xFF) and terminated by
// 0x00 0x01. The terminator sorts below both an escaped zero and any other
// byte, so a value sorts before its extensions, and the encoding is
// self-delimiting.
func AppendBytes(b, v []byte) []byte {
	for {
		i := bytes.IndexByte(v, escByte)
		if i < 0 {
			break
		}
		b = append(b, v[:i]...)
		b = append(b, escByte, escZero)
		v = v[i+1:]
	}
	b = append(b, v...)
	return append(b, escByte, escTerm)
}

// AppendString is AppendBytes for a string.
func AppendString(b []byte, s string) []byte {
	for {
		i := indexZero(s)
		if i < 0 {
			break
		}
		b = append(b, s[:i]...)
		b = append(b, escByte, escZero)
		s = s[i+1:]
	}
	b = append(b, s...)
	return append(b, escByte, escTerm)
}

func indexZero(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == escByte {
			return i
		}
	}
	return -1
}

// DecodeBytes decodes a value written by AppendBytes into a newly allocated
// slice (never aliasing b).
func DecodeBytes(b []byte) ([]byte, []byte, error) {
	n, end, err := scanBytes(b)
	if err != nil {
		return nil, b, err
	}
	out := make([]byte, 0, n)
	src := b[:end]
	for {
		i := bytes.IndexByte(src, escByte)
		if i < 0 {
			break
		}
		out = append(out, src[:i]...)
		if src[i+1] == escTerm {
			break
		}
		out = append(out, 0)
		src = src[i+2:]
	}
	return out, b[end:], nil
}

// DecodeString decodes a value written by AppendString (or AppendBytes).
func DecodeString(b []byte) (string, []byte, error) {
	v, rest, err := DecodeBytes(b)
	if err != nil {
		return "", b, err
	}
	return string(v), rest, nil
}

// scanBytes validates an escaped byte string at the front of b and returns
// its decoded length and the length of its encoding (terminator included).
func scanBytes(b []byte) (n, end int, err error) {
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], escByte)
		if j < 0 {
			return 0, 0, corruptf("byte string is not terminated")
		}
		i += j
		n += j
		if i+1 >= len(b) {
			return 0, 0, corruptf("byte string ends inside an escape")
		}
		switch b[i+1] {
		case escTerm:
			return n, i + 2, nil
		case escZero:
			n++
			i += 2
		default:
			return 0, 0, corruptf("invalid escape 0x00 %#02x in byte string", b[i+1])
		}
	}
}

// AppendBool appends false as 0x00 and true as 0x01.
func AppendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

// DecodeBool decodes a value written by AppendBool.
func DecodeBool(b []byte) (bool, []byte, error) {
	if len(b) < 1 {
		return false, b, corruptf("bool needs 1 byte, have 0")
	}
	switch b[0] {
	case 0:
		return false, b[1:], nil
	case 1:
		return true, b[1:], nil
	}
	return false, b, corruptf("invalid bool byte %#02x", b[0])
}

// PrefixEnd returns the smallest key that is greater than every key starting
// with prefix, for use as the exclusive end of a prefix scan. It returns nil
// (no upper bound) when no such key exists: prefix is empty or all 0xFF.
func PrefixEnd(prefix []byte) []byte { return AppendPrefixEnd(nil, prefix) }

// AppendPrefixEnd appends PrefixEnd(prefix) to buf (nothing when it is
// nil), for a caller reusing a buffer.
func AppendPrefixEnd(buf, prefix []byte) []byte {
	for i := len(prefix) - 1; i >= 0; i-- {
		if prefix[i] != 0xFF {
			n := len(buf)
			buf = append(buf, prefix[:i+1]...)
			buf[n+i]++
			return buf
		}
	}
	return buf
}

func corruptf(format string, args ...any) error {
	return wrapCode(dataCorrupted, fmt.Errorf("kv: decode: "+format+": %w", append(args, ErrCorrupt)...))
}
