package sysview

import (
	"fmt"

	"github.com/zerodb/zerodb/engine/value"
)

// builtinType is a row of pg_type for a type zerodb's SQL knows (and the
// few PostgreSQL types the catalogs themselves are made of: name, oid,
// "char", regclass, ...), with PostgreSQL's values.
type builtinType struct {
	oid      uint32
	name     string
	len      int16
	byVal    bool
	category byte   // typcategory
	elem     uint32 // for array types: the element type
	array    uint32 // the array type of this type
	io       string // the prefix of the I/O functions: int4 → int4in, date_ → date_in, ...
	align    byte
	typtype  byte // 'b' base, 'p' pseudo
	// sqlName is format_type's spelling when it differs from name.
	sqlName string
}

// builtinTypes are PostgreSQL 15's rows for these types (oid, typname,
// typlen, typbyval, typcategory, typelem, typarray, typalign).
var builtinTypes = [...]builtinType{
	{16, "bool", 1, true, 'B', 0, 1000, "bool", 'c', 'b', "boolean"},
	{17, "bytea", -1, false, 'U', 0, 1001, "bytea", 'i', 'b', ""},
	{18, "char", 1, true, 'Z', 0, 1002, "char", 'c', 'b', `"char"`},
	{19, "name", 64, false, 'S', 0, 1003, "name", 'c', 'b', ""},
	{20, "int8", 8, true, 'N', 0, 1016, "int8", 'd', 'b', "bigint"},
	{21, "int2", 2, true, 'N', 0, 1005, "int2", 's', 'b', "smallint"},
	{22, "int2vector", -1, false, 'A', 21, 1006, "int2vector", 'i', 'b', ""},
	{23, "int4", 4, true, 'N', 0, 1007, "int4", 'i', 'b', "integer"},
	{24, "regproc", 4, true, 'N', 0, 1008, "regproc", 'i', 'b', ""},
	{25, "text", -1, false, 'S', 0, 1009, "text", 'i', 'b', ""},
	{26, "oid", 4, true, 'N', 0, 1028, "oid", 'i', 'b', ""},
	{30, "oidvector", -1, false, 'A', 26, 1013, "oidvector", 'i', 'b', ""},
	{114, "json", -1, false, 'U', 0, 199, "json_", 'i', 'b', ""},
	{700, "float4", 4, true, 'N', 0, 1021, "float4", 'i', 'b', "real"},
	{701, "float8", 8, true, 'N', 0, 1022, "float8", 'd', 'b', "double precision"},
	{705, "unknown", -2, false, 'X', 0, 0, "unknown", 'c', 'p', ""},
	{1042, "bpchar", -1, false, 'S', 0, 1014, "bpchar", 'i', 'b', "character"},
	{1043, "varchar", -1, false, 'S', 0, 1015, "varchar", 'i', 'b', "character varying"},
	{1082, "date", 4, true, 'D', 0, 1182, "date_", 'i', 'b', ""},
	{1083, "time", 8, true, 'D', 0, 1183, "time_", 'd', 'b', "time without time zone"},
	{1266, "timetz", 12, false, 'D', 0, 1270, "timetz_", 'd', 'b', "time with time zone"},
	{1114, "timestamp", 8, true, 'D', 0, 1115, "timestamp_", 'd', 'b', "timestamp without time zone"},
	{1184, "timestamptz", 8, true, 'D', 0, 1185, "timestamptz_", 'd', 'b', "timestamp with time zone"},
	{1186, "interval", 16, false, 'T', 0, 1187, "interval_", 'd', 'b', ""},
	{1700, "numeric", -1, false, 'N', 0, 1231, "numeric_", 'i', 'b', ""},
	{2205, "regclass", 4, true, 'N', 0, 2210, "regclass", 'i', 'b', ""},
	{2206, "regtype", 4, true, 'N', 0, 2211, "regtype", 'i', 'b', ""},
	{2202, "regprocedure", 4, true, 'N', 0, 2207, "regprocedure", 'i', 'b', ""},
	{2203, "regoper", 4, true, 'N', 0, 2208, "regoper", 'i', 'b', ""},
	{2204, "regoperator", 4, true, 'N', 0, 2209, "regoperator", 'i', 'b', ""},
	{4089, "regnamespace", 4, true, 'N', 0, 4090, "regnamespace", 'i', 'b', ""},
	{4096, "regrole", 4, true, 'N', 0, 4097, "regrole", 'i', 'b', ""},
	{2249, "record", -1, false, 'P', 0, 2287, "record_", 'd', 'p', ""},
	{2278, "void", 4, true, 'P', 0, 0, "void_", 'i', 'p', ""},
	// Trigger functions' result types: pgcli leaves them out of its
	// completions with prorettype::regtype != 'trigger'::regtype.
	{2279, "trigger", 4, true, 'P', 0, 0, "trigger_", 'i', 'p', ""},
	{3838, "event_trigger", 4, true, 'P', 0, 0, "event_trigger_", 'i', 'p', ""},
	{2276, "any", 4, true, 'P', 0, 0, "any_", 'i', 'p', `"any"`}, // quoted: a keyword, as format_type writes it
	{2950, "uuid", 16, false, 'U', 0, 2951, "uuid_", 'c', 'b', ""},
	{3802, "jsonb", -1, false, 'U', 0, 3807, "jsonb_", 'i', 'b', ""},
	{3614, "tsvector", -1, false, 'U', 0, 3643, "tsvector", 'i', 'b', ""},
	{3615, "tsquery", -1, false, 'U', 0, 3645, "tsquery", 'i', 'b', ""},
	{4072, "jsonpath", -1, false, 'U', 0, 4073, "jsonpath_", 'i', 'b', ""},
	{142, "xml", -1, false, 'U', 0, 143, "xml_", 'i', 'b', ""},
	{3904, "int4range", -1, false, 'R', 0, 3905, "range_", 'i', 'r', ""},
	{3926, "int8range", -1, false, 'R', 0, 3927, "range_", 'd', 'r', ""},
	{3906, "numrange", -1, false, 'R', 0, 3907, "range_", 'i', 'r', ""},
	{3912, "daterange", -1, false, 'R', 0, 3913, "range_", 'i', 'r', ""},
	{3908, "tsrange", -1, false, 'R', 0, 3909, "range_", 'd', 'r', ""},
	{3910, "tstzrange", -1, false, 'R', 0, 3911, "range_", 'd', 'r', ""},
	{4451, "int4multirange", -1, false, 'R', 0, 6150, "multirange_", 'i', 'm', ""},
	{4536, "int8multirange", -1, false, 'R', 0, 6157, "multirange_", 'd', 'm', ""},
	{4532, "nummultirange", -1, false, 'R', 0, 6151, "multirange_", 'i', 'm', ""},
	{4535, "datemultirange", -1, false, 'R', 0, 6155, "multirange_", 'i', 'm', ""},
	{4533, "tsmultirange", -1, false, 'R', 0, 6152, "multirange_", 'd', 'm', ""},
	{4534, "tstzmultirange", -1, false, 'R', 0, 6153, "multirange_", 'd', 'm', ""},
	{869, "inet", -1, false, 'I', 0, 1041, "inet_", 'i', 'b', ""},
	{650, "cidr", -1, false, 'I', 0, 651, "cidr_", 'i', 'b', ""},
	{829, "macaddr", 6, false, 'U', 0, 1040, "macaddr_", 'i', 'b', ""},
	{774, "macaddr8", 8, false, 'U', 0, 775, "macaddr8_", 'i', 'b', ""},
	{1560, "bit", -1, false, 'V', 0, 1561, "bit_", 'i', 'b', ""},
	{1562, "varbit", -1, false, 'V', 0, 1563, "varbit_", 'i', 'b', "bit varying"},
	{600, "point", 16, false, 'G', 701, 1017, "point_", 'd', 'b', ""},
	{601, "lseg", 32, false, 'G', 600, 1018, "lseg_", 'd', 'b', ""},
	{602, "path", -1, false, 'G', 0, 1019, "path_", 'd', 'b', ""},
	{603, "box", 32, false, 'G', 600, 1020, "box_", 'd', 'b', ""},
	{604, "polygon", -1, false, 'G', 0, 1027, "poly_", 'd', 'b', ""},
	{628, "line", 24, false, 'G', 701, 629, "line_", 'd', 'b', ""},
	{718, "circle", 24, false, 'G', 0, 719, "circle_", 'd', 'b', ""},
	// pgvector's type, which zerodb builds in (its OID is zerodb's own,
	// as an extension's type has none fixed).
	{value.OIDVector, "vector", -1, false, 'U', 0, 0, "vector_", 'd', 'b', ""},
	// The citext extension's type (built in, its OID zerodb's own too).
	{value.OIDCIText, "citext", -1, false, 'S', 0, value.OIDCITextArray, "citext", 'i', 'b', ""},
	// The hstore extension's type (the same).
	{value.OIDHstore, "hstore", -1, false, 'U', 0, value.OIDHstoreArray, "hstore_", 'i', 'b', ""},
	// The ltree extension's types.
	{value.OIDLtree, "ltree", -1, false, 'U', 0, value.OIDLtreeArray, "ltree_", 'i', 'b', ""},
	{value.OIDLquery, "lquery", -1, false, 'U', 0, value.OIDLqueryArray, "lquery_", 'i', 'b', ""},
	{value.OIDLtxtquery, "ltxtquery", -1, false, 'U', 0, value.OIDLtxtqueryArray, "ltxtq_", 'i', 'b', ""},
	{value.OIDPgLSN, "pg_lsn", 8, true, 'U', 0, value.OIDPgLSNArray, "pg_lsn_", 'd', 'b', ""},
	{value.OIDMoney, "money", 8, true, 'N', 0, value.OIDMoneyArray, "cash_", 'd', 'b', ""},
	// Arrays of the above.
	{value.OIDMoneyArray, "_money", -1, false, 'A', value.OIDMoney, 0, "array_", 'd', 'b', ""},
	{value.OIDPgLSNArray, "_pg_lsn", -1, false, 'A', value.OIDPgLSN, 0, "array_", 'd', 'b', ""},
	{1000, "_bool", -1, false, 'A', 16, 0, "array_", 'i', 'b', ""},
	{value.OIDCITextArray, "_citext", -1, false, 'A', value.OIDCIText, 0, "array_", 'i', 'b', ""},
	{value.OIDHstoreArray, "_hstore", -1, false, 'A', value.OIDHstore, 0, "array_", 'i', 'b', ""},
	{value.OIDLtreeArray, "_ltree", -1, false, 'A', value.OIDLtree, 0, "array_", 'i', 'b', ""},
	{value.OIDLqueryArray, "_lquery", -1, false, 'A', value.OIDLquery, 0, "array_", 'i', 'b', ""},
	{value.OIDLtxtqueryArray, "_ltxtquery", -1, false, 'A', value.OIDLtxtquery, 0, "array_", 'i', 'b', ""},
	{1001, "_bytea", -1, false, 'A', 17, 0, "array_", 'i', 'b', ""},
	{1002, "_char", -1, false, 'A', 18, 0, "array_", 'i', 'b', ""},
	{1003, "_name", -1, false, 'A', 19, 0, "array_", 'i', 'b', ""},
	{1005, "_int2", -1, false, 'A', 21, 0, "array_", 'i', 'b', ""},
	{1006, "_int2vector", -1, false, 'A', 22, 0, "array_", 'i', 'b', ""},
	{1007, "_int4", -1, false, 'A', 23, 0, "array_", 'i', 'b', ""},
	{1008, "_regproc", -1, false, 'A', 24, 0, "array_", 'i', 'b', ""},
	{2207, "_regprocedure", -1, false, 'A', 2202, 0, "array_", 'i', 'b', ""},
	{2208, "_regoper", -1, false, 'A', 2203, 0, "array_", 'i', 'b', ""},
	{2209, "_regoperator", -1, false, 'A', 2204, 0, "array_", 'i', 'b', ""},
	{1009, "_text", -1, false, 'A', 25, 0, "array_", 'i', 'b', ""},
	{1013, "_oidvector", -1, false, 'A', 30, 0, "array_", 'i', 'b', ""},
	{1014, "_bpchar", -1, false, 'A', 1042, 0, "array_", 'i', 'b', ""},
	{1015, "_varchar", -1, false, 'A', 1043, 0, "array_", 'i', 'b', ""},
	{1016, "_int8", -1, false, 'A', 20, 0, "array_", 'd', 'b', ""},
	{1021, "_float4", -1, false, 'A', 700, 0, "array_", 'i', 'b', ""},
	{1022, "_float8", -1, false, 'A', 701, 0, "array_", 'd', 'b', ""},
	{1028, "_oid", -1, false, 'A', 26, 0, "array_", 'i', 'b', ""},
	{1115, "_timestamp", -1, false, 'A', 1114, 0, "array_", 'd', 'b', ""},
	{1182, "_date", -1, false, 'A', 1082, 0, "array_", 'i', 'b', ""},
	{1183, "_time", -1, false, 'A', 1083, 0, "array_", 'd', 'b', ""},
	{1270, "_timetz", -1, false, 'A', 1266, 0, "array_", 'd', 'b', ""},
	{1185, "_timestamptz", -1, false, 'A', 1184, 0, "array_", 'd', 'b', ""},
	{1187, "_interval", -1, false, 'A', 1186, 0, "array_", 'd', 'b', ""},
	{1231, "_numeric", -1, false, 'A', 1700, 0, "array_", 'i', 'b', ""},
	{199, "_json", -1, false, 'A', 114, 0, "array_", 'i', 'b', ""},
	{2210, "_regclass", -1, false, 'A', 2205, 0, "array_", 'i', 'b', ""},
	{2211, "_regtype", -1, false, 'A', 2206, 0, "array_", 'i', 'b', ""},
	{4090, "_regnamespace", -1, false, 'A', 4089, 0, "array_", 'i', 'b', ""},
	{4097, "_regrole", -1, false, 'A', 4096, 0, "array_", 'i', 'b', ""},
	{2287, "_record", -1, false, 'P', 2249, 0, "array_", 'd', 'p', ""},
	{2951, "_uuid", -1, false, 'A', 2950, 0, "array_", 'i', 'b', ""},
	{3807, "_jsonb", -1, false, 'A', 3802, 0, "array_", 'i', 'b', ""},
	{3643, "_tsvector", -1, false, 'A', 3614, 0, "array_", 'i', 'b', ""},
	{3645, "_tsquery", -1, false, 'A', 3615, 0, "array_", 'i', 'b', ""},
	{4073, "_jsonpath", -1, false, 'A', 4072, 0, "array_", 'i', 'b', ""},
	{143, "_xml", -1, false, 'A', 142, 0, "array_", 'i', 'b', ""},
	{3905, "_int4range", -1, false, 'A', 3904, 0, "array_", 'i', 'b', ""},
	{3927, "_int8range", -1, false, 'A', 3926, 0, "array_", 'd', 'b', ""},
	{3907, "_numrange", -1, false, 'A', 3906, 0, "array_", 'i', 'b', ""},
	{3913, "_daterange", -1, false, 'A', 3912, 0, "array_", 'i', 'b', ""},
	{3909, "_tsrange", -1, false, 'A', 3908, 0, "array_", 'd', 'b', ""},
	{3911, "_tstzrange", -1, false, 'A', 3910, 0, "array_", 'd', 'b', ""},
	{6150, "_int4multirange", -1, false, 'A', 4451, 0, "array_", 'i', 'b', ""},
	{6157, "_int8multirange", -1, false, 'A', 4536, 0, "array_", 'd', 'b', ""},
	{6151, "_nummultirange", -1, false, 'A', 4532, 0, "array_", 'i', 'b', ""},
	{6155, "_datemultirange", -1, false, 'A', 4535, 0, "array_", 'i', 'b', ""},
	{6152, "_tsmultirange", -1, false, 'A', 4533, 0, "array_", 'd', 'b', ""},
	{6153, "_tstzmultirange", -1, false, 'A', 4534, 0, "array_", 'd', 'b', ""},
	{1041, "_inet", -1, false, 'A', 869, 0, "array_", 'i', 'b', ""},
	{651, "_cidr", -1, false, 'A', 650, 0, "array_", 'i', 'b', ""},
	{1040, "_macaddr", -1, false, 'A', 829, 0, "array_", 'i', 'b', ""},
	{775, "_macaddr8", -1, false, 'A', 774, 0, "array_", 'i', 'b', ""},
	{1561, "_bit", -1, false, 'A', 1560, 0, "array_", 'i', 'b', ""},
	{1563, "_varbit", -1, false, 'A', 1562, 0, "array_", 'i', 'b', ""},
	{1017, "_point", -1, false, 'A', 600, 0, "array_", 'd', 'b', ""},
	{1018, "_lseg", -1, false, 'A', 601, 0, "array_", 'd', 'b', ""},
	{1019, "_path", -1, false, 'A', 602, 0, "array_", 'd', 'b', ""},
	{1020, "_box", -1, false, 'A', 603, 0, "array_", 'd', 'b', ""},
	{1027, "_polygon", -1, false, 'A', 604, 0, "array_", 'd', 'b', ""},
	{629, "_line", -1, false, 'A', 628, 0, "array_", 'd', 'b', ""},
	{719, "_circle", -1, false, 'A', 718, 0, "array_", 'd', 'b', ""},
}

func findBuiltinType(oid uint32) (*builtinType, bool) {
	for i := range builtinTypes {
		if builtinTypes[i].oid == oid {
			return &builtinTypes[i], true
		}
	}
	return nil, false
}

// builtinTypeByName finds a type by typname.
func builtinTypeByName(name string) (*builtinType, bool) {
	for i := range builtinTypes {
		t := &builtinTypes[i]
		if t.name == name {
			return t, true
		}
	}
	return nil, false
}

// FormatType is format_type(oid, typmod): the SQL spelling of a type
// with its modifier, as psql's \d shows column types. It returns ok=false
// for an OID that names no type (format_type then yields "???").
func FormatType(oid uint32, typmod int32) (string, bool) {
	t, ok := findBuiltinType(oid)
	if !ok {
		return "", false
	}
	if t.elem != 0 && t.category == 'A' && t.name[0] == '_' {
		el, _ := FormatType(t.elem, typmod)
		return el + "[]", true
	}
	name := t.name
	if t.sqlName != "" {
		name = t.sqlName
	}
	if typmod < 0 {
		return name, true
	}
	switch oid {
	case 1043, 1042:
		return fmt.Sprintf("%s(%d)", name, typmod-4), true
	case 1700:
		m := typmod - 4
		return fmt.Sprintf("numeric(%d,%d)", m>>16&0xffff, m&0xffff), true
	case value.OIDInterval:
		return name + intervalTypmodOut(typmod), true
	case value.OIDTimestamp:
		return fmt.Sprintf("timestamp(%d) without time zone", typmod), true
	case value.OIDTimestampTZ:
		return fmt.Sprintf("timestamp(%d) with time zone", typmod), true
	case value.OIDTime:
		return fmt.Sprintf("time(%d) without time zone", typmod), true
	case value.OIDTimeTZ:
		return fmt.Sprintf("time(%d) with time zone", typmod), true
	case value.OIDBit, value.OIDVarbit:
		return fmt.Sprintf("%s(%d)", name, typmod), true
	case value.OIDVector: // pgvector's typmod is the dimensions
		return fmt.Sprintf("vector(%d)", typmod), true
	}
	return name, true
}

// intervalTypmodOut is PostgreSQL's intervaltypmodout: the field range
// and the seconds' precision of interval day to second(3).
func intervalTypmodOut(typmod int32) string {
	rng, prec := int(typmod>>16)&0x7fff, int(typmod&0xffff)
	fields := map[int]string{
		value.IntervalYear: " year", value.IntervalMonth: " month", value.IntervalDay: " day",
		value.IntervalHour: " hour", value.IntervalMinute: " minute", value.IntervalSecond: " second",
		value.IntervalYear | value.IntervalMonth:                                             " year to month",
		value.IntervalDay | value.IntervalHour:                                               " day to hour",
		value.IntervalDay | value.IntervalHour | value.IntervalMinute:                        " day to minute",
		value.IntervalDay | value.IntervalHour | value.IntervalMinute | value.IntervalSecond: " day to second",
		value.IntervalHour | value.IntervalMinute:                                            " hour to minute",
		value.IntervalHour | value.IntervalMinute | value.IntervalSecond:                     " hour to second",
		value.IntervalMinute | value.IntervalSecond:                                          " minute to second",
	}[rng]
	if prec != value.IntervalFullPrecision {
		fields += fmt.Sprintf("(%d)", prec)
	}
	return fields
}

// typeOf is the pg_type OID and typmod of a column of type t.
func typeOf(t value.Type) (uint32, int32) {
	return t.OID(), t.TypeModifier()
}
