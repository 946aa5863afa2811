package sysview

import (
	"hash/fnv"

	"github.com/zerodb/zerodb/engine/value"
)

// The database's enums in pg_type (typtype 'e', and each one's array
// type) and pg_enum, which psql's \dT and the drivers' type loaders read.
// Their OIDs are value.EnumOID and value.EnumArrayOID, the ones result
// columns report.

// enums lists the enums of the database and its schemas (userTypes).
func (m *model) enums() ([]userType, error) {
	return m.userTypesWhere(func(t userType) bool { return t.enum != nil })
}

// enumLabelOID is the pg_enum OID of one label. Labels have no catalog id
// either: a hash of the enum's name and the label, top bit set.
func enumLabelOID(enum, label string) uint32 {
	h := fnv.New32a()
	h.Write([]byte("enum label\x00"))
	h.Write([]byte(enum))
	h.Write([]byte{0})
	h.Write([]byte(label))
	return h.Sum32() | 1<<31
}

// pgTypeEnums adds the pg_type rows of the enums and their array types,
// PostgreSQL's values for an enum.
func pgTypeEnums(m *model, out *rowSet) error {
	es, err := m.enums()
	if err != nil {
		return err
	}
	for _, ut := range es {
		e := ut.enum
		oid, arr := value.EnumOID(ut.key), value.EnumArrayOID(ut.key)
		out.add(oid, e.Name, ut.nsp, RoleOID(e.OwnerName()), int16(4),
			true, byte('e'), byte('E'), false,
			true, byte(','), uint32(0), "-",
			uint32(0), arr, "enum_in", "enum_out", "enum_recv",
			"enum_send", "-", "-", "-", byte('i'),
			byte('p'), false, uint32(0), int32(-1),
			int32(0), uint32(0), nil, nil,
			nil)
		addArrayType(out, arr, e.Name, ut.nsp, RoleOID(e.OwnerName()), oid, 'i')
	}
	return nil
}

// addArrayType adds the pg_type row of the array type arr of the user
// type elem named name: PostgreSQL's values for the array type it makes
// with an enum, domain or row type (typname _name, typcategory 'A').
func addArrayType(out *rowSet, arr uint32, name string, nsp, owner, elem uint32, align byte) {
	out.add(arr, "_"+name, nsp, owner, int16(-1),
		false, byte('b'), byte('A'), false,
		true, byte(','), uint32(0), "array_subscript_handler",
		elem, uint32(0), "array_in", "array_out", "array_recv",
		"array_send", "-", "-", "-", align,
		byte('x'), false, uint32(0), int32(-1),
		int32(0), uint32(0), nil, nil,
		nil)
}

// pgEnum lists the labels, enumsortorder numbering them in declaration
// order from 1 (PostgreSQL's are 1, 2, ... too until ADD VALUE BEFORE or
// AFTER puts one between two; only their order means anything).
func pgEnum(m *model, out *rowSet) error {
	es, err := m.enums()
	if err != nil {
		return err
	}
	for _, ut := range es {
		oid := value.EnumOID(ut.key)
		for i, l := range ut.enum.Variants {
			out.add(enumLabelOID(ut.key, l), oid, value.Float32(float32(i+1)), l)
		}
	}
	return nil
}

// enumTypeName is format_type's name of an enum's type OID or its array
// type's ("" when oid is neither).
func enumTypeName(e *Env, oid uint32) (string, error) {
	if !value.IsEnumOID(oid) && !value.IsEnumOID(oid&^(1<<30)) {
		return "", nil
	}
	es, err := newModel(e).enums()
	return userTypeNameIn(e, es, oid), err
}

// enumTypeOID is text::regtype of an enum's name, or of its array type's
// (name[], or _name as pg_type calls it), looked up in the schemas nsps
// in order; 0 when there is no such enum.
func enumTypeOID(e *Env, nsps []uint32, name string, array bool) (uint32, error) {
	es, err := newModel(e).enums()
	return userTypeOIDIn(es, nsps, name, array), err
}
