package catalog

import (
	"github.com/zerodb/zerodb/engine/value"
)

// PostgreSQL's hash partitioning: a row's partition is the one whose
// remainder is the key's hash modulo its modulus, the hash being the
// type's extended hash function seeded with HASH_PARTITION_SEED and
// combined by hash_combine64. The same functions (Bob Jenkins' lookup3,
// PostgreSQL's hashfn.c) put a row in the partition PostgreSQL would,
// so a dump moves between the two unchanged.

const hashPartitionSeed uint64 = 0x7A5B22367996DCFD

// HashableType reports whether PartitionHashOf hashes values of t as
// PostgreSQL does.
func HashableType(t value.Type) bool {
	switch t.Kind {
	case value.KindInt, value.KindString, value.KindBool, value.KindUUID:
		return t.Kind != value.KindString || !t.JSON && !t.JSONPath
	case value.KindDatetime:
		return true
	}
	return false
}

// PartitionHashOf is PostgreSQL's compute_partition_hash_value for a
// key of types typs holding key: each column's hash that is not NULL
// combined into the row's; ok=false for a type HashableType refuses.
func PartitionHashOf(key []value.Value, typs []value.Type) (h uint64, ok bool) {
	for i, v := range key {
		if v.IsNone() {
			continue // a NULL column adds nothing
		}
		var x uint64
		switch {
		case v.Kind() == value.KindInt:
			x = hashInt8(v.AsInt())
		case v.Kind() == value.KindBool:
			x = hashUint32(uint32(v.AsUint64()), hashPartitionSeed)
		case v.Kind() == value.KindString:
			x = hashBytes([]byte(v.AsString()), hashPartitionSeed)
		case v.Kind() == value.KindUUID:
			u := v.AsUUID()
			x = hashBytes(u[:], hashPartitionSeed)
		case v.Kind() == value.KindDatetime && i < len(typs) && typs[i].Date:
			x = hashUint32(uint32(int32(v.AsInt()/86_400_000_000)), hashPartitionSeed)
		case v.Kind() == value.KindDatetime:
			x = hashInt8(v.AsInt())
		default:
			return 0, false
		}
		h = hashCombine64(h, x)
	}
	return h, true
}

func hashCombine64(a, b uint64) uint64 {
	a ^= b + 0x49a0f4dd15e5a8e3 + (a << 54) + (a >> 7)
	return a
}

// hashInt8 is hashint8extended: an int8 in int4's range hashes as
// that int4 does.
func hashInt8(v int64) uint64 {
	lo, hi := uint32(v), uint32(v>>32)
	if v >= 0 {
		lo ^= hi
	} else {
		lo ^= ^hi
	}
	return hashUint32(lo, hashPartitionSeed)
}

// hashUint32 is hash_uint32_extended.
func hashUint32(k uint32, seed uint64) uint64 {
	hi, lo := value.PGHashUint32(k, seed)
	return uint64(hi)<<32 | uint64(lo)
}

// hashBytes is hash_bytes_extended.
func hashBytes(k []byte, seed uint64) uint64 {
	hi, lo := value.PGHashBytes(k, seed)
	return uint64(hi)<<32 | uint64(lo)
}
