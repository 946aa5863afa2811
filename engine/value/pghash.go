package value

import (
	"encoding/binary"
	"math/bits"
)

// PostgreSQL's hash functions (hashfn.c: Bob Jenkins' lookup3 as
// PostgreSQL adapted it), whose values must be PostgreSQL's to the bit:
// hashtext and its kin, and hash partitioning, which decides the
// partition a row lands in.

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

// PGHashBytes is PostgreSQL's hash_bytes_extended of k (hash_bytes when
// seed is 0 and only the low word is kept), on a little-endian machine,
// which every PostgreSQL a client compares with is.
func PGHashBytes(k []byte, seed uint64) (hi, lo uint32) {
	a, b, c := hashStart(uint32(len(k)), seed)
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

// PGHashUint32 is PostgreSQL's hash_uint32_extended of k.
func PGHashUint32(k uint32, seed uint64) (hi, lo uint32) {
	a, b, c := hashStart(4, seed)
	a += k
	_, b, c = hashFinal(a, b, c)
	return b, c
}

// hashStart is lookup3's state for n bytes, mixed with seed.
func hashStart(n uint32, seed uint64) (a, b, c uint32) {
	a = 0x9e3779b9 + n + 3923095
	b, c = a, a
	if seed != 0 {
		a += uint32(seed >> 32)
		b += uint32(seed)
		a, b, c = hashMix(a, b, c)
	}
	return a, b, c
}
