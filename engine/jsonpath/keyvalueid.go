package jsonpath

import (
	"github.com/cockroachdb/apd/v3"
	"github.com/zerodb/zerodb/engine/value"
)

// PostgreSQL's .keyvalue() gives each object an id: the byte offset of
// the object's container inside its base jsonb (the document, the vars,
// or an object .keyvalue() made), plus 10^10 times the base's number.
// objectOffset computes that offset from PostgreSQL's binary layout of
// jsonb (jsonb_util.c, convertJsonbValue): a container is a 4-byte
// header and a 4-byte JEntry per element (two per field: keys, then
// values), then the elements' data — strings as their bytes, numerics
// as their varlena aligned to 4 bytes, containers aligned to 4 bytes,
// booleans and nulls nothing. Offsets count from the base's container.

// objectOffset is target's offset inside doc; 0 if it is not found
// there (doc is then the object itself, or target a copy).
func objectOffset(doc value.Value, target *value.Object) int64 {
	if _, found := walkOffset(doc, 0, target); found >= 0 {
		return found
	}
	return 0
}

func align4(n int64) int64 { return (n + 3) &^ 3 }

// walkOffset lays v out from offset off and returns where it ends, and
// target's offset when it lies inside v (-1 otherwise).
func walkOffset(v value.Value, off int64, target *value.Object) (end, found int64) {
	switch v.Kind() {
	case value.KindString:
		return off + int64(len(v.AsString())), -1
	case value.KindInt, value.KindDecimal, value.KindFloat:
		off = align4(off)
		return off + numericSize(decimalOf(v)), -1
	case value.KindList, value.KindTuple:
		off = align4(off)
		xs := v.AsList()
		off += 4 + 4*int64(len(xs))
		for _, x := range xs {
			if off, found = walkOffset(norm(x), off, target); found >= 0 {
				return off, found
			}
		}
		return off, -1
	case value.KindObject:
		off = align4(off)
		o := v.AsObject()
		if o == target {
			return off, off
		}
		off += 4 + 8*int64(o.Len())
		for i := 0; i < o.Len(); i++ {
			k, _ := o.At(i)
			off += int64(len(k))
		}
		for i := 0; i < o.Len(); i++ {
			_, x := o.At(i)
			if off, found = walkOffset(norm(x), off, target); found >= 0 {
				return off, found
			}
		}
		return off, -1
	}
	return off, -1
}

// numericSize is the size of numeric_in's varlena for d: a 4-byte
// header, a 2-byte (short form) or 4-byte numeric header, and 2 bytes
// per base-10000 digit between the first and the last that is not zero.
func numericSize(d *apd.Decimal) int64 {
	const varHdr = 4
	if d.IsZero() || d.Form != apd.Finite {
		return varHdr + 2
	}
	digits := d.Coeff.String()
	exp := int64(d.Exponent)
	trailing := int64(0)
	for i := len(digits) - 1; i > 0 && digits[i] == '0'; i-- {
		trailing++
	}
	lo := exp + trailing               // power of ten of the lowest digit that is not zero
	hi := exp + int64(len(digits)) - 1 // of the highest
	group := func(p int64) int64 {
		if p >= 0 {
			return p / 4
		}
		return -((-p + 3) / 4)
	}
	weight := group(hi)
	ndigits := weight - group(lo) + 1
	dscale := max(-exp, 0)
	hdr := int64(2)
	if dscale > 63 || weight > 63 || weight < -64 {
		hdr = 4
	}
	return varHdr + hdr + 2*ndigits
}
