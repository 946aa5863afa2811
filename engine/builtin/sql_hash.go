package builtin

import (
	"encoding/binary"
	"math/bits"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// hashtext and hashtextextended: PostgreSQL's hash of a text's bytes
// (hash_bytes and hash_bytes_extended, Bob Jenkins' lookup3 as
// PostgreSQL adapted it). Applications hash names into advisory lock
// keys with them (pg_advisory_xact_lock(hashtext('job:42'))), so the
// values must be PostgreSQL's to the bit: a zerodb and a PostgreSQL
// client would otherwise lock different keys for one name.

func hashMix(a, b, c uint32) (uint32, uint32, uint32) {
	a -= c
	a ^= bits.RotateLeft32(c, 4)
	c += b
	b -= a
	b ^= bits.RotateLeft32(a, 6)
	a += c
	c -= b
	c ^= bits.RotateLeft32(b, 8)
	b += a
	a -= c
	a ^= bits.RotateLeft32(c, 16)
	c += b
	b -= a
	b ^= bits.RotateLeft32(a, 19)
	a += c
	c -= b
	c ^= bits.RotateLeft32(b, 4)
	b += a
	return a, b, c
}

func hashFinal(a, b, c uint32) (uint32, uint32, uint32) {
	c ^= b
	c -= bits.RotateLeft32(b, 14)
	a ^= c
	a -= bits.RotateLeft32(c, 11)
	b ^= a
	b -= bits.RotateLeft32(a, 25)
	c ^= b
	c -= bits.RotateLeft32(b, 16)
	a ^= c
	a -= bits.RotateLeft32(c, 4)
	b ^= a
	b -= bits.RotateLeft32(a, 14)
	c ^= b
	c -= bits.RotateLeft32(b, 24)
	return a, b, c
}

// hashBytes is PostgreSQL's hash_bytes_extended of k (hash_bytes when
// seed is 0 and only the low word is kept), on a little-endian machine,
// which every PostgreSQL a client compares with is.
func hashBytes(k []byte, seed uint64) (hi, lo uint32) {
	a := 0x9e3779b9 + uint32(len(k)) + 3923095
	b, c := a, a
	if seed != 0 {
		a += uint32(seed >> 32)
		b += uint32(seed)
		a, b, c = hashMix(a, b, c)
	}
	for len(k) >= 12 {
		a += binary.LittleEndian.Uint32(k)
		b += binary.LittleEndian.Uint32(k[4:])
		c += binary.LittleEndian.Uint32(k[8:])
		a, b, c = hashMix(a, b, c)
		k = k[12:]
	}
	// The last 11 bytes; the lowest byte of c is left for the length.
	var tail [12]byte
	copy(tail[:], k)
	switch {
	case len(k) > 8:
		c += uint32(tail[8])<<8 | uint32(tail[9])<<16 | uint32(tail[10])<<24
		fallthrough
	case len(k) > 4:
		b += binary.LittleEndian.Uint32(tail[4:])
		fallthrough
	case len(k) > 0:
		a += binary.LittleEndian.Uint32(tail[:])
	}
	_, b, c = hashFinal(a, b, c)
	return b, c
}

// MergeTwiceFunc is the name of the function a MERGE's translation calls
// where a target row would be updated or deleted a second time: it fails
// with PostgreSQL's error. The dot keeps SQL from calling it by name.
const MergeTwiceFunc = "zerodb.merge_twice"

func hashFuncs() []*Func {
	return []*Func{
		sqlDef(MergeTwiceFunc, 1, 1, "A MERGE's failure where a target row would be updated or deleted a second time.", resultOf(value.TypeBool),
			func(string, *Context, []value.Value) (value.Value, error) {
				return value.None, errs.New(errs.CardinalityViolation, "MERGE command cannot affect row a second time").
					WithHint("Ensure that not more than one source row matches any one target row.")
			},
			exErr(errs.CardinalityViolation, value.Int(2))),
		sqlDef("hashtext", 1, 1, "hashtext(text): PostgreSQL's 32-bit hash of the text (advisory lock keys are made of it).",
			resultOf(value.TypeInt4), func(name string, _ *Context, args []value.Value) (value.Value, error) {
				s, err := sqlStrings(name, args, 0)
				if err != nil {
					return value.None, err
				}
				_, c := hashBytes([]byte(s[0]), 0)
				return value.Int(int64(int32(c))), nil
			},
			ex("-785388649", vs("abc")), ex("-1477818771", vs(""))),
		sqlDef("hashtextextended", 2, 2, "hashtextextended(text, seed bigint): PostgreSQL's 64-bit hash of the text with a seed.",
			resultOf(value.TypeInt8), func(name string, _ *Context, args []value.Value) (value.Value, error) {
				s, err := sqlStrings(name, args, 0)
				if err != nil {
					return value.None, err
				}
				seed, err := value.Convert(args[1], value.TypeInt8)
				if err != nil {
					return value.None, noSQLFunc(name, args)
				}
				b, c := hashBytes([]byte(s[0]), uint64(seed.AsInt()))
				return value.Int(int64(uint64(b)<<32 | uint64(c))), nil
			},
			ex("-6747756470228489321", vs("abc"), value.Int(0)), ex("2125675926272891485", vs("abc"), value.Int(1))),
	}
}
