package value

import (
	"hash/fnv"

	"github.com/zerodb/zerodb/errs"
)

// Enums: a SQL enum (CREATE TYPE ... AS ENUM) and a ZQL enum
// (enum::create) are one catalog object. Its type is a symbol type named
// after the enum whose Fields are its labels in declaration order, and
// its values are symbols whose names are the labels exactly as written in
// SQL ('happy' is @happy). PostgreSQL's text and binary forms of an enum
// value are its label, so a symbol of an enum type is written and read as
// the bare label, never with ZQL's '@'.

// IsEnum reports an enum's type (catalog.EnumType).
func (t Type) IsEnum() bool { return t.Kind == KindSymbol && t.Fields != nil }

// EnumOID is the type OID of the enum named name. Enums have no catalog
// id, so it is a hash of the name with the top bit set (clear of every
// OID derived from a catalog id and of PostgreSQL's own): stable across
// restarts, the same in every session. Renaming an enum changes it. The
// next bit is clear: set, it is the OID of the enum's array type
// (EnumArrayOID), so that either is known from the other.
func EnumOID(name string) uint32 {
	h := fnv.New32a()
	h.Write([]byte("enum\x00"))
	h.Write([]byte(name))
	return h.Sum32()&^(1<<30) | 1<<31
}

// EnumArrayOID is the type OID of the array of the enum named name.
func EnumArrayOID(name string) uint32 { return EnumOID(name) | 1<<30 }

// IsEnumOID reports whether oid may be an enum's type OID (EnumOID): no
// other type zerodb reports has the top bits 10.
func IsEnumOID(oid uint32) bool { return oid>>30 == 2 }

// EnumIndex is the position of label among t's labels (-1 when it is not
// one of them).
func (t Type) EnumIndex(label string) int {
	for i, f := range t.Fields {
		if f.Name == label {
			return i
		}
	}
	return -1
}

// enumInput is PostgreSQL's enum_in: the label must be one of t's
// (22P02 otherwise, in PostgreSQL's words).
func enumInput(s string, t Type) (Value, error) {
	if t.EnumIndex(s) < 0 {
		return None, errs.New(errs.InvalidTextRepresentation, "invalid input value for enum %s: \"%s\"", t.Name, s)
	}
	return Symbol(s), nil
}
