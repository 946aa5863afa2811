package sysview

import (
	"github.com/zerodb/zerodb/engine/value"
)

// The range types of one's own (CREATE TYPE ... AS RANGE: catalog
// TypeDefs with Range) and their multiranges (TypeDefs with
// MultirangeOf) in pg_type (typtype 'r' and 'm', each with its array
// type) and pg_range. Their OIDs are value.UserRangeOID and its kin, the
// ones result columns report.

// userRanges lists the range types and multirange types of one's own of
// the database and its schemas.
func (m *model) userRanges() ([]userType, error) {
	return m.userTypesWhere(func(t userType) bool {
		return t.def != nil && (t.def.Range != nil || t.def.MultirangeOf != "")
	})
}

// arrayOID is the OID of a range or multirange type's array type.
func (t *userType) rangeArrayOID() uint32 {
	if t.def.Range != nil {
		return value.UserRangeArrayOID(t.key)
	}
	return value.UserMultirangeArrayOID(t.key)
}

// rangeTypeName is format_type's name of a range or multirange type of
// one's own, or of its array type ("" when oid is none of them).
func rangeTypeName(e *Env, oid uint32) (string, error) {
	if !value.IsUserRangeOID(oid) {
		return "", nil
	}
	rs, err := newModel(e).userRanges()
	if err != nil {
		return "", err
	}
	for _, ut := range rs {
		switch oid {
		case ut.oid():
			return typeDisplay(e, ut.nsp, ut.name), nil
		case ut.rangeArrayOID():
			return typeDisplay(e, ut.nsp, ut.name) + "[]", nil
		}
	}
	return "", nil
}
