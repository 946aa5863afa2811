package value

import (
	"encoding/binary"
	"strconv"
	"strings"

	"github.com/zerodb/zerodb/errs"
)

// PostgreSQL's int2vector and oidvector: the catalogs' vectors of
// attribute numbers (pg_index.indkey, pg_trigger.tgattr) and of type or
// operator class OIDs (pg_proc.proargtypes, pg_index.indclass). They are
// arrays of one dimension subscripted from 0, written as their elements
// separated by spaces ("1 3"). Introspection queries of ORMs and tools
// subscript them (indkey[0]), unnest them, and compare with ANY; pg_dump
// reads their text.
const (
	OIDInt2Vector uint32 = 22
	OIDOidVector  uint32 = 30
)

// The two vector types. OIDs are int8 inside zerodb, so an oidvector's
// elements are.
var (
	TypeInt2Vector = Type{Kind: KindList, Elem: &TypeInt2, Array: true, IntVector: true}
	TypeOidVector  = Type{Kind: KindList, Elem: &TypeInt8, Array: true, IntVector: true}
)

// Int2Vector is an int2vector value of xs.
func Int2Vector(xs []int16) Value {
	elems := make([]Value, len(xs))
	for i, x := range xs {
		elems[i] = IntW(int64(x), I16)
	}
	return intVector(elems)
}

// OidVector is an oidvector value of xs.
func OidVector(xs []uint32) Value {
	elems := make([]Value, len(xs))
	for i, x := range xs {
		elems[i] = Int(int64(x))
	}
	return intVector(elems)
}

// intVector is a vector of elems: an array from subscript 0.
func intVector(elems []Value) Value {
	if len(elems) == 0 {
		return List([]Value{})
	}
	return Array(elems, []int{len(elems)}, []int{0})
}

// intVectorOID is the type OID of a vector type (IntVector set).
func (t Type) intVectorOID() uint32 {
	if t.Elem != nil && t.Elem.Width == I16 {
		return OIDInt2Vector
	}
	return OIDOidVector
}

// appendIntVectorText writes a vector as int2vectorout and oidvectorout
// do: the elements separated by single spaces.
func appendIntVectorText(buf []byte, v Value) ([]byte, error) {
	if v.kind != KindList {
		return buf, mismatch(v, TypeInt2Vector)
	}
	for i, x := range v.AsList() {
		if i > 0 {
			buf = append(buf, ' ')
		}
		if x.IsNone() {
			// A vector built from an array with NULLs (the catalogs
			// make none): PostgreSQL refuses them at input.
			return buf, errs.New(errs.NullValueNotAllowed, "array must not contain nulls")
		}
		buf = strconv.AppendInt(buf, x.AsInt(), 10)
	}
	return buf, nil
}

// parseIntVectorText reads int2vectorin's and oidvectorin's input:
// integers separated by whitespace.
func parseIntVectorText(s string, t Type) (Value, error) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(pgSpaces, r) })
	elems := make([]Value, len(fields))
	for i, f := range fields {
		n, err := ParseText(f, *t.Elem)
		if err != nil {
			return None, err
		}
		if t.Elem.Width != I16 && (n.AsInt() < 0 || n.AsInt() > 1<<32-1) {
			return None, errs.New(errs.InvalidTextRepresentation, "invalid input syntax for type oid: \"%s\"", f)
		}
		elems[i] = n
	}
	return intVector(elems), nil
}

// AppendIntVectorBinary writes the binary form of a vector given in its
// text form: array_send's, of one dimension from 0 without NULLs, with
// int2 or oid elements.
func AppendIntVectorBinary(buf []byte, text string, oid uint32) ([]byte, error) {
	t, elemOID, size := TypeInt2Vector, OIDInt2, 2
	if oid == OIDOidVector {
		t, elemOID, size = TypeOidVector, OIDOid, 4
	}
	v, err := parseIntVectorText(text, t)
	if err != nil {
		return buf, err
	}
	xs := v.AsList()
	buf = binary.BigEndian.AppendUint32(buf, 1) // dimensions
	buf = binary.BigEndian.AppendUint32(buf, 0) // no NULLs
	buf = binary.BigEndian.AppendUint32(buf, elemOID)
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(xs)))
	buf = binary.BigEndian.AppendUint32(buf, 0) // lower bound
	for _, x := range xs {
		buf = binary.BigEndian.AppendUint32(buf, uint32(size))
		if size == 2 {
			buf = binary.BigEndian.AppendUint16(buf, uint16(x.AsInt()))
		} else {
			buf = binary.BigEndian.AppendUint32(buf, uint32(x.AsInt()))
		}
	}
	return buf, nil
}
