package value

import (
	"encoding/binary"
	"hash/maphash"
	"math"
	"strings"
)

// rank is the position of a kind in the cross-kind order; the three
// number kinds share one rank because they compare by value.
func rank(k Kind) Kind {
	if k == KindFloat || k == KindDecimal {
		return KindInt
	}
	return k
}

// Compare is the total order of zql.md §2: none < bool < numbers (by value
// across int, float and decimal) < string < symbol < record id < datetime
// < time < duration < uuid < bytes < regex < range < vector < list < tuple <
// object < function. Lists and tuples compare element-wise (a prefix
// first), objects field-wise by sorted field name. A float is the decimal
// it prints as (see num.go), so 0.1 == decimal 0.1 and 1 == 1.0; NaN sorts
// after every other number and equals itself. Record ids compare by table,
// then by key, where a string key and a symbol key with the same text are
// the same key (they are the same stored record).
func Compare(a, b Value) int {
	if a.kind == b.kind {
		switch a.kind {
		case KindNone:
			return 0
		case KindBool:
			return cmpInt64(int64(a.n), int64(b.n))
		case KindDuration:
			return compareInterval(a, b)
		case KindInt:
			if a.sub == b.sub || (!a.isBigU64() && !b.isBigU64()) {
				if IntWidth(a.sub) == U64 && IntWidth(b.sub) == U64 {
					return cmpUint64(a.n, b.n)
				}
				return cmpInt64(int64(a.n), int64(b.n))
			}
			// Exactly one side is a u64 above MaxInt64.
			if a.isBigU64() {
				return 1
			}
			return -1
		case KindFloat:
			if a.sub == b.sub {
				return cmpFloat(a.AsFloat(), b.AsFloat())
			}
		case KindString:
			return compareStrings(a, b)
		case KindSymbol, KindBytes:
			return strings.Compare(a.s, b.s)
		case KindDatetime, KindTime:
			return cmpInt64(int64(a.n), int64(b.n))
		case KindTimeTZ:
			// n orders as timetz_cmp (timetz.go).
			return cmpUint64(a.n, b.n)
		case KindNet:
			return compareNet(a, b)
		case KindBits:
			return compareBits(a, b)
		case KindGeo:
			return compareGeo(a, b)
		case KindSQLRange:
			if a.sub == b.sub {
				return CompareRanges(a.AsSQLRange(), b.AsSQLRange())
			}
			return cmpInt64(int64(a.sub), int64(b.sub))
		}
	}
	ra, rb := rank(a.kind), rank(b.kind)
	if ra != rb {
		if ra < rb {
			return -1
		}
		return 1
	}
	switch ra {
	case KindInt:
		return cmpNumbers(a, b)
	case KindRecordID:
		x, y := a.AsRecordID(), b.AsRecordID()
		if c := strings.Compare(x.Table, y.Table); c != 0 {
			return c
		}
		return compareKeys(x.Key, y.Key)
	case KindUUID:
		x, y := a.AsUUID(), b.AsUUID()
		return compareBytes(x[:], y[:])
	case KindRegex:
		if c := strings.Compare(a.s, b.s); c != 0 {
			return c
		}
		return strings.Compare(regexFlags(a), regexFlags(b))
	case KindRange:
		x, y := a.AsRange(), b.AsRange()
		if c := Compare(x.Lo, y.Lo); c != 0 {
			return c
		}
		if c := Compare(x.Hi, y.Hi); c != 0 {
			return c
		}
		return cmpBool(x.Inclusive, y.Inclusive)
	case KindVector:
		x, y := a.AsVector(), b.AsVector()
		for i := 0; i < len(x) && i < len(y); i++ {
			if c := cmpFloat(float64(x[i]), float64(y[i])); c != 0 {
				return c
			}
		}
		return cmpInt64(int64(len(x)), int64(len(y)))
	case KindList, KindTuple:
		if c := compareSlices(a.AsList(), b.AsList(), Compare); c != 0 || !IsShapedArray(a) && !IsShapedArray(b) {
			return c
		}
		return compareShapes(a, b)
	case KindComposite:
		return compareSlices(a.AsList(), b.AsList(), compareCompositeFields)
	case KindObject:
		return compareObjects(a.AsObject(), b.AsObject())
	case KindFunc:
		return strings.Compare(funcName(a), funcName(b))
	}
	return 0
}

// Equal is Compare(a, b) == 0 (so 1 == 1.0).
func Equal(a, b Value) bool {
	if a.kind == b.kind {
		switch a.kind {
		case KindNone:
			return true
		case KindBool, KindDatetime, KindTime, KindTimeTZ:
			return a.n == b.n
		case KindDuration:
			if a.ref == b.ref {
				return a.n == b.n
			}
		case KindString:
			if a.sub|b.sub == 0 || a.sub == hstoreSub && b.sub == hstoreSub {
				return a.s == b.s // an hstore's text is canonical
			}
			return compareStrings(a, b) == 0
		case KindSymbol, KindBytes:
			return a.s == b.s
		case KindInt:
			if a.sub == b.sub {
				return a.n == b.n
			}
		}
	}
	return Compare(a, b) == 0
}

// compareKeys compares record keys: like Compare except that strings and
// symbols are one kind, as in the key encoding.
func compareKeys(a, b Value) int {
	if (a.kind == KindString || a.kind == KindSymbol) && (b.kind == KindString || b.kind == KindSymbol) {
		return strings.Compare(a.s, b.s)
	}
	if a.kind == KindTuple && b.kind == KindTuple {
		return compareSlices(a.AsList(), b.AsList(), compareKeys)
	}
	return Compare(a, b)
}

func compareSlices(x, y []Value, cmp func(a, b Value) int) int {
	for i := 0; i < len(x) && i < len(y); i++ {
		if c := cmp(x[i], y[i]); c != 0 {
			return c
		}
	}
	return cmpInt64(int64(len(x)), int64(len(y)))
}

// sortedFields returns the indexes of o's fields ordered by name. Small
// objects use the caller's stack array.
func sortedFields(o *Object, scratch []int) []int {
	n := o.Len()
	idx := scratch[:0]
	if cap(idx) < n {
		idx = make([]int, 0, n)
	}
	for i := 0; i < n; i++ {
		// Insertion sort: objects are small and this allocates nothing.
		j := len(idx)
		idx = append(idx, i)
		for j > 0 && o.names[idx[j-1]] > o.names[i] {
			idx[j] = idx[j-1]
			j--
		}
		idx[j] = i
	}
	return idx
}

func compareObjects(x, y *Object) int {
	var sa, sb [16]int
	ia, ib := sortedFields(x, sa[:]), sortedFields(y, sb[:])
	for k := 0; k < len(ia) && k < len(ib); k++ {
		if c := strings.Compare(x.names[ia[k]], y.names[ib[k]]); c != 0 {
			return c
		}
		if c := Compare(x.vals[ia[k]], y.vals[ib[k]]); c != 0 {
			return c
		}
	}
	return cmpInt64(int64(len(ia)), int64(len(ib)))
}

// cmpNumbers compares numbers of different kinds or representations.
func cmpNumbers(a, b Value) int {
	// Fast paths that avoid building decimal digits: a float against an
	// int when both sit where floats hold integers exactly.
	if a.kind == KindInt && b.kind == KindFloat {
		if c, ok := cmpIntFloat(a, b); ok {
			return c
		}
	} else if a.kind == KindFloat && b.kind == KindInt {
		if c, ok := cmpIntFloat(b, a); ok {
			return -c
		}
	}
	var ba, bb [40]byte
	ca, cb := canonOf(ba[:], a), canonOf(bb[:], b)
	return cmpCanon(&ca, &cb)
}

// cmpIntFloat compares an int with a float when that can be done in
// float64 arithmetic without rounding (ok=false otherwise).
func cmpIntFloat(i, f Value) (int, bool) {
	x := f.AsFloat()
	if math.IsNaN(x) {
		return -1, true
	}
	limit := float64(1 << 53)
	if f.sub == 32 {
		limit = 1 << 24
	}
	if math.Abs(x) > limit {
		if math.IsInf(x, 0) {
			if x > 0 {
				return -1, true
			}
			return 1, true
		}
		return 0, false
	}
	neg, mag := i.intParts()
	if mag > 1<<53 {
		// |i| > 2^53 >= |x|
		if neg {
			return -1, true
		}
		return 1, true
	}
	y := float64(mag)
	if neg {
		y = -y
	}
	return cmpFloat(y, x), true
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpUint64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// cmpFloat orders floats with NaN after everything and equal to itself.
func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	case a == b:
		return 0
	}
	an, bn := math.IsNaN(a), math.IsNaN(b)
	switch {
	case an && bn:
		return 0
	case an:
		return 1
	}
	return -1
}

func regexFlags(v Value) string {
	if r := v.AsRegex(); r != nil {
		return r.Flags
	}
	return ""
}

func funcName(v Value) string {
	if f := v.AsFunc(); f != nil {
		return f.String()
	}
	return ""
}

// Hash tags. Numbers hash by value (see hashNumber); strings and symbols
// differ except inside record keys, where they are one key.
const (
	hNone byte = iota + 1
	hBool
	hInt
	hDec
	hNaN
	hString
	hSymbol
	hRecord
	hDatetime
	hTime
	hTimeTZ
	hDuration
	hUUID
	hBytes
	hRegex
	hRange
	hSQLRange
	hNet
	hBits
	hVector
	hList
	hTuple
	hObject
	hFunc
	hKeyString
	hComposite
	hGeo
)

// Hash writes a hash of v consistent with Equal: equal values hash alike
// (1, 1.0 and decimal 1.00; 0.1 and decimal 0.1; objects whatever their
// field order).
func Hash(h *maphash.Hash, v Value) { hashValue(h, v, false) }

func hashValue(h *maphash.Hash, v Value, inKey bool) {
	var b [9]byte
	switch v.kind {
	case KindNone:
		h.WriteByte(hNone)
	case KindBool:
		b[0] = hBool
		b[1] = byte(v.n)
		h.Write(b[:2])
	case KindInt, KindFloat, KindDecimal:
		hashNumber(h, v)
	case KindString, KindSymbol:
		tag := hString
		if inKey {
			tag = hKeyString
		} else if v.kind == KindSymbol {
			tag = hSymbol
		}
		if v.sub == ciSub && v.kind == KindString {
			hashString(h, tag, FoldCase(v.s))
			break
		}
		hashString(h, tag, v.s)
	case KindBytes:
		hashString(h, hBytes, v.s)
	case KindRecordID:
		r := v.AsRecordID()
		hashString(h, hRecord, r.Table)
		hashValue(h, r.Key, true)
	case KindDatetime, KindTime, KindTimeTZ:
		b[0] = hDatetime
		switch v.kind {
		case KindTime:
			b[0] = hTime
		case KindTimeTZ:
			b[0] = hTimeTZ
		}
		binary.LittleEndian.PutUint64(b[1:], v.n)
		h.Write(b[:])
	case KindDuration:
		// The span, as Compare sees it: '1 mon' and '30 days' hash alike.
		days, rem := v.AsInterval().spanParts()
		var s [17]byte
		s[0] = hDuration
		binary.LittleEndian.PutUint64(s[1:], uint64(days))
		binary.LittleEndian.PutUint64(s[9:], uint64(rem))
		h.Write(s[:])
	case KindUUID:
		u := v.AsUUID()
		h.WriteByte(hUUID)
		h.Write(u[:])
	case KindRegex:
		hashString(h, hRegex, v.s)
		h.WriteString(regexFlags(v))
	case KindBits:
		h.WriteByte(hBits)
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], v.n)
		h.Write(n[:])
		h.WriteString(v.s)
	case KindGeo:
		h.WriteByte(hGeo)
		h.WriteByte(v.sub)
		h.WriteString(v.s)
	case KindNet:
		// inet and cidr hash alike, as they compare.
		h.WriteByte(hNet)
		h.WriteByte(netGroup(v.Net()))
		h.WriteString(v.s)
	case KindSQLRange:
		// Ranges are canonical, so equal ones have equal bounds.
		r := v.AsSQLRange()
		h.WriteByte(hSQLRange)
		h.WriteByte(byte(r.Kind))
		h.WriteByte(rangeFlags(r))
		if !r.Empty && !r.Lo.Inf {
			hashValue(h, r.Lo.Val, false)
		}
		if !r.Empty && !r.Hi.Inf {
			hashValue(h, r.Hi.Val, false)
		}
	case KindRange:
		r := v.AsRange()
		h.WriteByte(hRange)
		hashValue(h, r.Lo, false)
		hashValue(h, r.Hi, false)
		h.WriteByte(byte(v.sub))
	case KindVector:
		xs := v.AsVector()
		writeLen(h, hVector, len(xs))
		for _, x := range xs {
			// Vector elements compare as float64s; -0 == 0 and NaN == NaN.
			f := float64(x)
			if f == 0 {
				f = 0
			} else if math.IsNaN(f) {
				f = math.NaN()
			}
			binary.LittleEndian.PutUint64(b[:8], math.Float64bits(f))
			h.Write(b[:8])
		}
	case KindList, KindTuple, KindComposite:
		xs := v.AsList()
		tag := hList
		switch v.kind {
		case KindTuple:
			tag = hTuple
		case KindComposite:
			tag = hComposite
		}
		writeLen(h, tag, len(xs))
		for _, x := range xs {
			hashValue(h, x, inKey && v.kind == KindTuple)
		}
		if a, ok := v.ref.(*arrayShape); ok {
			// Arrays of other dimensions are not equal: a plain list
			// hashes as before, a shaped array with its dimensions.
			for i, n := range a.dims {
				writeLen(h, hList, n)
				writeLen(h, hList, a.lbs[i])
			}
		}
	case KindObject:
		// Field order does not matter to Equal, so combine per-field
		// hashes with a commutative sum.
		o := v.AsObject()
		var fh maphash.Hash
		fh.SetSeed(h.Seed())
		var sum uint64
		for i := 0; i < o.Len(); i++ {
			fh.Reset()
			fh.WriteString(o.names[i])
			fh.WriteByte(0)
			hashValue(&fh, o.vals[i], false)
			sum += fh.Sum64()
		}
		writeLen(h, hObject, o.Len())
		binary.LittleEndian.PutUint64(b[:8], sum)
		h.Write(b[:8])
	case KindFunc:
		hashString(h, hFunc, funcName(v))
	}
}

func writeLen(h *maphash.Hash, tag byte, n int) {
	var b [9]byte
	b[0] = tag
	binary.LittleEndian.PutUint64(b[1:], uint64(n))
	h.Write(b[:])
}

func hashString(h *maphash.Hash, tag byte, s string) {
	writeLen(h, tag, len(s))
	h.WriteString(s)
}

// hashNumber hashes a number's value: integers that fit int64 (whatever
// kind carries them) as that int64, everything else as its canonical
// decimal digits.
func hashNumber(h *maphash.Hash, v Value) {
	var b [9]byte
	switch v.kind {
	case KindInt:
		if !v.isBigU64() {
			hashInt(h, int64(v.n))
			return
		}
	case KindFloat:
		f := v.AsFloat()
		limit := float64(1 << 53)
		if v.sub == 32 {
			limit = 1 << 24
		}
		if math.Abs(f) <= limit && f == math.Trunc(f) {
			hashInt(h, int64(f))
			return
		}
	}
	var buf [40]byte
	c := canonOf(buf[:], v)
	if i, ok := canonInt64(&c); ok {
		hashInt(h, i)
		return
	}
	if c.class == cNaN {
		h.WriteByte(hNaN)
		return
	}
	b[0] = hDec
	binary.LittleEndian.PutUint64(b[1:], uint64(int64(c.exp))<<8|uint64(uint8(c.class)))
	h.Write(b[:])
	h.Write(c.digits)
}

func hashInt(h *maphash.Hash, i int64) {
	var b [9]byte
	b[0] = hInt
	binary.LittleEndian.PutUint64(b[1:], uint64(i))
	h.Write(b[:])
}
