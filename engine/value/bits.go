package value

import (
	"encoding/binary"
	"math/bits"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zerodb/zerodb/errs"
)

// PostgreSQL's bit string types, bit(n) and bit varying(n) (KindBits).
// A value keeps its bit length in n and its bits in s, packed from the
// most significant bit of the first byte, the pad bits of the last byte
// zero (as PostgreSQL's VarBit): equal bit strings are equal values,
// which compare, hash and key alike. Type.MaxLen is n of bit(n) or
// varbit(n) (0: no length, as function results are), Type.VarBit says
// which of the two.

// Type OIDs of the bit string types.
const (
	OIDBit    uint32 = 1560
	OIDVarbit uint32 = 1562
)

// Common bit string types.
var (
	TypeBit    = Type{Kind: KindBits}
	TypeVarbit = Type{Kind: KindBits, VarBit: true}
)

// maxBitLen is PostgreSQL's VARBITMAXLEN: the most bits a bit string
// may hold.
const maxBitLen = 0x3FFFFFFF*8 - 32

// BitsValue is the bit string of the first nbits bits of b (which must
// hold them); the pad bits are cleared.
func BitsValue(b []byte, nbits int) Value {
	nb := (nbits + 7) / 8
	out := make([]byte, nb)
	copy(out, b[:nb])
	if pad := nb*8 - nbits; pad > 0 {
		out[nb-1] &= 0xff << pad
	}
	return Value{kind: KindBits, n: uint64(nbits), s: string(out)}
}

// BitLen is the number of bits of a bit string.
func (v Value) BitLen() int { return int(v.n) }

// AsBits is the bytes of a bit string (the pad bits zero).
func (v Value) AsBits() []byte { return []byte(v.s) }

// Bit is the i-th (0-based, from the left) bit of a bit string.
func (v Value) Bit(i int) byte { return v.s[i/8] >> (7 - i%8) & 1 }

// bitsName is format_type's name of a bit string type.
func (t Type) bitsName() string {
	name := "bit"
	if t.VarBit {
		name = "bit varying"
	}
	if t.MaxLen > 0 {
		return name + "(" + strconv.Itoa(t.MaxLen) + ")"
	}
	return name
}

// ParseBits reads bit_in's text: binary digits, or hex digits after an
// x (a leading b is optional), then checks the length against t as
// bit_in and varbit_in do with a type modifier.
func ParseBits(s string, t Type) (Value, error) {
	hex := false
	body := s
	if len(body) > 0 && (body[0] == 'b' || body[0] == 'B') {
		body = body[1:]
	} else if len(body) > 0 && (body[0] == 'x' || body[0] == 'X') {
		body = body[1:]
		hex = true
	}
	per := 1
	if hex {
		per = 4
	}
	if len(body) > maxBitLen/per {
		return None, errs.New(errs.ProgramLimitExceeded, "bit string length exceeds the maximum allowed (%d)", maxBitLen)
	}
	nbits := len(body) * per
	out := make([]byte, (nbits+7)/8)
	for i := 0; i < len(body); i++ {
		c := body[i]
		if !hex {
			if c != '0' && c != '1' {
				return None, errs.New(errs.InvalidTextRepresentation, "\"%s\" is not a valid binary digit", digitAt(body, i))
			}
			if c == '1' {
				out[i/8] |= 0x80 >> (i % 8)
			}
			continue
		}
		d := hexVal(c)
		if d < 0 {
			return None, errs.New(errs.InvalidTextRepresentation, "\"%s\" is not a valid hexadecimal digit", digitAt(body, i))
		}
		if i%2 == 0 {
			out[i/2] = byte(d) << 4
		} else {
			out[i/2] |= byte(d)
		}
	}
	v := Value{kind: KindBits, n: uint64(nbits), s: string(out)}
	return v, checkBitLen(v, t)
}

// digitAt is the character at byte i of s, as PostgreSQL's errors show
// it (pg_mblen bytes).
func digitAt(s string, i int) string {
	_, n := utf8.DecodeRuneInString(s[i:])
	return s[i : i+n]
}

// checkBitLen is the length rule of an assignment to t: bit(n) takes n
// bits exactly, varbit(n) at most n.
func checkBitLen(v Value, t Type) error {
	switch {
	case t.MaxLen <= 0:
	case !t.VarBit && v.BitLen() != t.MaxLen:
		return errs.New(errs.StringDataLengthMismatch, "bit string length %d does not match type bit(%d)", v.BitLen(), t.MaxLen)
	case t.VarBit && v.BitLen() > t.MaxLen:
		return errs.New(errs.StringDataRightTruncation, "bit string too long for type bit varying(%d)", t.MaxLen)
	}
	return nil
}

// convertBits is a bit string as type t: an explicit cast pads bit(n)
// with zeros or truncates to n bits and truncates to varbit(n), as
// PostgreSQL's bit() and varbit() length coercions do; an assignment
// keeps checkBitLen's rule.
func convertBits(v Value, t Type, explicit bool) (Value, error) {
	if !explicit || t.MaxLen <= 0 {
		return v, checkBitLen(v, t)
	}
	n := t.MaxLen
	if v.BitLen() == n || t.VarBit && v.BitLen() < n {
		return v, nil
	}
	b := make([]byte, (n+7)/8)
	copy(b, v.s)
	if n > v.BitLen() {
		return Value{kind: KindBits, n: uint64(n), s: string(b)}, nil
	}
	return BitsValue(b, n), nil
}

// AppendBits is a bit string's text: a 0 or 1 per bit.
func AppendBits(b []byte, v Value) []byte {
	for i := 0; i < v.BitLen(); i++ {
		b = append(b, '0'+v.Bit(i))
	}
	return b
}

// AppendBitsBinary is bit_send's frame: the bit length (int4), then the
// bytes.
func AppendBitsBinary(b []byte, v Value) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(v.BitLen()))
	return append(b, v.s...)
}

// ParseBitsBinary reads bit_recv's frame into type t.
func ParseBitsBinary(raw []byte, t Type) (Value, error) {
	if len(raw) < 4 {
		return None, errs.New(errs.ProtocolViolation, "insufficient data left in message")
	}
	n := int32(binary.BigEndian.Uint32(raw))
	if n < 0 || int64(n) > maxBitLen {
		return None, errs.New(errs.InvalidBinaryRepresentation, "invalid length in external bit string")
	}
	nb := (int(n) + 7) / 8
	switch {
	case len(raw)-4 < nb:
		return None, errs.New(errs.ProtocolViolation, "insufficient data left in message")
	case len(raw)-4 > nb:
		return None, errs.New(errs.InvalidBinaryRepresentation, "incorrect binary data format")
	}
	v := BitsValue(raw[4:], int(n))
	return v, checkBitLen(v, t)
}

// compareBits is PostgreSQL's bitcmp: the bytes both have, then the
// shorter first.
func compareBits(a, b Value) int {
	if c := strings.Compare(a.s[:min(len(a.s), len(b.s))], b.s[:min(len(a.s), len(b.s))]); c != 0 {
		return c
	}
	return cmpInt64(int64(a.n), int64(b.n))
}

// appendBitsKey appends a bit string's key after its tag: its bytes
// escaped as a string's, which order as bitcmp's byte comparison (the
// one with fewer bytes, a prefix, first), then its bit length.
func appendBitsKey(b []byte, v Value) []byte {
	return binary.BigEndian.AppendUint32(appendKeyBytes(b, v.s), uint32(v.n))
}

// decodeBitsKey reads what appendBitsKey wrote after the tag; n counts
// the tag too.
func decodeBitsKey(b []byte) (Value, int, error) {
	s, n, err := decodeKeyBytes(b[1:])
	if err != nil {
		return None, 0, err
	}
	rest := b[1+n:]
	if len(rest) < 4 {
		return None, 0, errCorruptKey("truncated bit string")
	}
	nbits := binary.BigEndian.Uint32(rest)
	if !validBits(s, uint64(nbits)) {
		return None, 0, errCorruptKey("bit string")
	}
	return Value{kind: KindBits, n: uint64(nbits), s: s}, 1 + n + 4, nil
}

// validBits reports bytes and a length that are a bit string's: enough
// bytes, no more, the pad bits zero.
func validBits(s string, nbits uint64) bool {
	if nbits > maxBitLen || uint64(len(s)) != (nbits+7)/8 {
		return false
	}
	pad := uint64(len(s))*8 - nbits
	return pad == 0 || s[len(s)-1]&(1<<pad-1) == 0
}

// BitsOfInt is bitfromint4 and bitfromint8: the n rightmost bits of i,
// sign-extended past its width (n of 0 is 1).
func BitsOfInt(i int64, n int) Value {
	if n <= 0 {
		n = 1
	}
	b := make([]byte, (n+7)/8)
	for k := 0; k < n; k++ {
		pos := n - 1 - k
		bit := i < 0
		if pos < 64 {
			bit = i>>pos&1 == 1
		}
		if bit {
			b[k/8] |= 0x80 >> (k % 8)
		}
	}
	return Value{kind: KindBits, n: uint64(n), s: string(b)}
}

// BitsToInt is bittoint4 and bittoint8 (width 32 or 64): the bits as
// an unsigned number, wrapped into the width; more bits than the width
// is 22003.
func BitsToInt(v Value, w IntWidth) (Value, error) {
	width := 64
	if w == I32 {
		width = 32
	}
	if v.BitLen() > width {
		name := "bigint"
		if w == I32 {
			name = "integer"
		}
		return None, errs.New(errs.NumericValueOutOfRange, "%s out of range", name)
	}
	var u uint64
	for i := 0; i < len(v.s); i++ {
		u = u<<8 | uint64(v.s[i])
	}
	u >>= uint(len(v.s)*8 - v.BitLen())
	if w == I32 {
		return IntW(int64(int32(uint32(u))), I32), nil
	}
	return IntW(int64(u), I64), nil
}

// BitCount is bit_count: the number of 1 bits.
func BitCount(v Value) int {
	c := 0
	for i := 0; i < len(v.s); i++ {
		c += bits.OnesCount8(v.s[i])
	}
	return c
}

// BitwiseBits is bit strings' &, | and # (op): of two of one length,
// else 22026 as PostgreSQL's bit_and, bit_or and bitxor.
func BitwiseBits(op byte, a, b Value) (Value, error) {
	if a.n != b.n {
		name := map[byte]string{'&': "AND", '|': "OR", '#': "XOR"}[op]
		return None, errs.New(errs.StringDataLengthMismatch, "cannot %s bit strings of different sizes", name)
	}
	out := []byte(a.s)
	for i := range out {
		switch op {
		case '&':
			out[i] &= b.s[i]
		case '|':
			out[i] |= b.s[i]
		default:
			out[i] ^= b.s[i]
		}
	}
	return Value{kind: KindBits, n: a.n, s: string(out)}, nil
}

// NotBits is ~ of a bit string.
func NotBits(v Value) Value {
	out := []byte(v.s)
	for i := range out {
		out[i] = ^out[i]
	}
	return BitsValue(out, v.BitLen())
}

// ShiftBits is << (n > 0 moves the bits left) and >> (n < 0) of a bit
// string: its length stays, zeros fill in.
func ShiftBits(v Value, n int64) Value {
	l := v.BitLen()
	out := make([]byte, len(v.s))
	for i := 0; i < l; i++ {
		src := int64(i) + n
		if src >= 0 && src < int64(l) && v.Bit(int(src)) == 1 {
			out[i/8] |= 0x80 >> (i % 8)
		}
	}
	return Value{kind: KindBits, n: v.n, s: string(out)}
}

// SubBits is the bits of v from index from (0-based) up to to
// (exclusive), which must lie within it.
func SubBits(v Value, from, to int) Value {
	out := make([]byte, (to-from+7)/8)
	for i := from; i < to; i++ {
		if v.Bit(i) == 1 {
			out[(i-from)/8] |= 0x80 >> ((i - from) % 8)
		}
	}
	return Value{kind: KindBits, n: uint64(to - from), s: string(out)}
}

// ConcatBits is || of bit strings.
func ConcatBits(a, b Value) Value {
	if a.BitLen()%8 == 0 {
		return Value{kind: KindBits, n: a.n + b.n, s: a.s + b.s}
	}
	out := make([]byte, (a.BitLen()+b.BitLen()+7)/8)
	copy(out, a.s)
	for i := 0; i < b.BitLen(); i++ {
		if b.Bit(i) == 1 {
			k := a.BitLen() + i
			out[k/8] |= 0x80 >> (k % 8)
		}
	}
	return Value{kind: KindBits, n: a.n + b.n, s: string(out)}
}

// SetBit is v with bit i (0-based) set to b (0 or 1; the caller checks
// i).
func SetBit(v Value, i int, b byte) Value {
	out := []byte(v.s)
	out[i/8] &^= 0x80 >> (i % 8)
	if b == 1 {
		out[i/8] |= 0x80 >> (i % 8)
	}
	return Value{kind: KindBits, n: v.n, s: string(out)}
}
