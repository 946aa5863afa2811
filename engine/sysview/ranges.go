package sysview

import (
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
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

// rangeTypeName is format_type's name of a range or multirange type of
// one's own, or of its array type ("" when oid is none of them).
func rangeTypeName(e *Env, oid uint32) (string, error) {
	if !value.IsUserRangeOID(oid) {
		return "", nil
	}
	rs, err := newModel(e).userRanges()
	return userTypeNameIn(e, rs, oid), err
}

// rangeOpclassOID is the pg_opclass OID of SUBTYPE_OPCLASS name ("": the
// default one of subtype sub, 0 when zerodb lists none).
func rangeOpclassOID(name string, sub uint32) uint32 {
	if sub == value.OIDVarchar {
		sub = value.OIDText
	}
	for _, o := range catalog.Opclasses {
		if o.Method == OIDBTreeAM && (name == o.Name || name == "" && o.Default && o.InType == sub) {
			return o.OID
		}
	}
	return 0
}

// builtinRanges are pg_range's rows of PostgreSQL's range types.
var builtinRanges = []struct {
	typ, sub, multi, opc uint32
	canonical, subdiff   string
}{
	{3904, value.OIDInt4, 4451, 1978, "int4range_canonical", "int4range_subdiff"},
	{3906, value.OIDNumeric, 4532, 3125, "-", "numrange_subdiff"},
	{3908, value.OIDTimestamp, 4533, 3128, "-", "tsrange_subdiff"},
	{3910, value.OIDTimestampTZ, 4534, 3127, "-", "tstzrange_subdiff"},
	{3912, value.OIDDate, 4535, 3122, "daterange_canonical", "daterange_subdiff"},
	{3926, value.OIDInt8, 4536, 3124, "int8range_canonical", "int8range_subdiff"},
}

// rangeCollationOID is pg_range.rngcollation: the COLLATION given, else
// a collatable subtype's default, else 0.
func rangeCollationOID(name string, sub value.Type) uint32 {
	switch {
	case sub.Kind != value.KindString:
		return 0
	case name == "C":
		return 950
	case name == "POSIX":
		return 951
	}
	return OIDDefaultCollation
}

func pgRange(m *model, out *rowSet) error {
	for _, r := range builtinRanges {
		out.add(r.typ, r.sub, r.multi, uint32(0), r.opc, r.canonical, r.subdiff)
	}
	rs, err := m.userRanges()
	if err != nil {
		return err
	}
	for _, ut := range rs {
		d := ut.def
		if d.Range == nil {
			continue
		}
		sub := d.Type.RangeElem()
		diff := "-"
		if d.Range.SubtypeDiff != "" {
			diff = d.Range.SubtypeDiff
		}
		out.add(ut.oid(), sub.OID(), multirangeOf(ut).oid(), rangeCollationOID(d.Range.Collation, sub),
			rangeOpclassOID(d.Range.Opclass, sub.OID()), "-", diff)
	}
	return nil
}

// multirangeOf is the userType of range type ut's multirange, which is
// in its schema.
func multirangeOf(ut userType) *userType {
	key := ut.def.Range.Multirange
	if schema, _, ok := strings.Cut(ut.key, "."); ok {
		key = schema + "." + key
	}
	return &userType{name: ut.def.Range.Multirange, key: key, nsp: ut.nsp, def: &catalog.TypeDef{MultirangeOf: ut.def.Name}}
}

// pgTypeRanges adds the pg_type rows of the range types of one's own and
// their multiranges, each with its array type, PostgreSQL's values for
// them (typalign: the subtype's, at least 'i').
func pgTypeRanges(m *model, out *rowSet) error {
	rs, err := m.userRanges()
	if err != nil {
		return err
	}
	for _, ut := range rs {
		d := ut.def
		rt := d.Type
		typtype, io := byte('r'), "range_"
		if d.MultirangeOf != "" {
			rt, typtype, io = *d.Type.Elem, 'm', "multirange_"
		}
		align := byte('i')
		if bt, ok := findBuiltinType(rt.RangeElem().OID()); ok && bt.align == 'd' {
			align = 'd'
		}
		oid, arr, owner := ut.oid(), ut.arrayOID(), RoleOID(d.OwnerName())
		out.add(oid, d.Name, ut.nsp, owner, int16(-1),
			false, typtype, byte('R'), false,
			true, byte(','), uint32(0), "-",
			uint32(0), arr, io+"in", io+"out", io+"recv",
			io+"send", "-", "-", "-", align,
			byte('x'), false, uint32(0), int32(-1),
			int32(0), uint32(0), nil, nil,
			nil)
		addArrayType(out, arr, d.Name, ut.nsp, owner, oid, align)
	}
	return nil
}

// rangeTypeOID is text::regtype of a range or multirange type's name of
// one's own, or of its array type's (name[], or _name), looked up in the
// schemas nsps in order (0: none).
func rangeTypeOID(e *Env, nsps []uint32, name string, array bool) (uint32, error) {
	rs, err := newModel(e).userRanges()
	return userTypeOIDIn(rs, nsps, name, array), err
}
