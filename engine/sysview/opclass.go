package sysview

import "github.com/zerodb/zerodb/engine/value"

// The polymorphic types whose operator classes serve every enum and
// every array.
const (
	oidAnyEnum  uint32 = 3500
	oidAnyArray uint32 = 2277
)

// opclasses are PostgreSQL 15's operator classes of the index access
// methods zerodb has (btree, hash, gist, gin, spgist), as its pg_opclass
// lists them: tools read an index's key columns' classes from
// pg_index.indclass and join them here by OID (drizzle-kit's
// introspection does). Generated from a PostgreSQL 15 with
// SELECT oid, opcmethod, opcname, opcfamily, opcintype, opcdefault,
// opckeytype FROM pg_opclass WHERE opcmethod IN (403, 405, 783, 2742, 4000)
// ORDER BY oid.
var opclasses = [...]opclass{
	{1978, 403, "int4_ops", 1976, 23, true, 0},
	{1979, 403, "int2_ops", 1976, 21, true, 0},
	{1981, 403, "oid_ops", 1989, 26, true, 0},
	{3122, 403, "date_ops", 434, 1082, true, 0},
	{3123, 403, "float8_ops", 1970, 701, true, 0},
	{3124, 403, "int8_ops", 1976, 20, true, 0},
	{3125, 403, "numeric_ops", 1988, 1700, true, 0},
	{3126, 403, "text_ops", 1994, 25, true, 0},
	{3127, 403, "timestamptz_ops", 434, 1184, true, 0},
	{3128, 403, "timestamp_ops", 434, 1114, true, 0},
	{4217, 403, "text_pattern_ops", 2095, 25, false, 0},
	{4218, 403, "varchar_pattern_ops", 2095, 25, false, 0},
	{4219, 403, "bpchar_pattern_ops", 2097, 1042, false, 0},
	{10000, 403, "array_ops", 397, 2277, true, 0},
	{10001, 405, "array_ops", 627, 2277, true, 0},
	{10002, 403, "bit_ops", 423, 1560, true, 0},
	{10003, 403, "bool_ops", 424, 16, true, 0},
	{10004, 403, "bpchar_ops", 426, 1042, true, 0},
	{10005, 405, "bpchar_ops", 427, 1042, true, 0},
	{10006, 403, "bytea_ops", 428, 17, true, 0},
	{10007, 403, "char_ops", 429, 18, true, 0},
	{10008, 405, "char_ops", 431, 18, true, 0},
	{10009, 403, "cidr_ops", 1974, 869, false, 0},
	{10010, 405, "cidr_ops", 1975, 869, false, 0},
	{10011, 405, "date_ops", 435, 1082, true, 0},
	{10012, 403, "float4_ops", 1970, 700, true, 0},
	{10013, 405, "float4_ops", 1971, 700, true, 0},
	{10014, 405, "float8_ops", 1971, 701, true, 0},
	{10015, 403, "inet_ops", 1974, 869, true, 0},
	{10016, 405, "inet_ops", 1975, 869, true, 0},
	{10017, 783, "inet_ops", 3550, 869, false, 0},
	{10018, 4000, "inet_ops", 3794, 869, true, 0},
	{10019, 405, "int2_ops", 1977, 21, true, 0},
	{10020, 405, "int4_ops", 1977, 23, true, 0},
	{10021, 405, "int8_ops", 1977, 20, true, 0},
	{10022, 403, "interval_ops", 1982, 1186, true, 0},
	{10023, 405, "interval_ops", 1983, 1186, true, 0},
	{10024, 403, "macaddr_ops", 1984, 829, true, 0},
	{10025, 405, "macaddr_ops", 1985, 829, true, 0},
	{10026, 403, "macaddr8_ops", 3371, 774, true, 0},
	{10027, 405, "macaddr8_ops", 3372, 774, true, 0},
	{10028, 403, "name_ops", 1994, 19, true, 2275},
	{10029, 405, "name_ops", 1995, 19, true, 0},
	{10030, 405, "numeric_ops", 1998, 1700, true, 0},
	{10031, 405, "oid_ops", 1990, 26, true, 0},
	{10032, 403, "oidvector_ops", 1991, 30, true, 0},
	{10033, 405, "oidvector_ops", 1992, 30, true, 0},
	{10034, 403, "record_ops", 2994, 2249, true, 0},
	{10035, 405, "record_ops", 6194, 2249, true, 0},
	{10036, 403, "record_image_ops", 3194, 2249, false, 0},
	{10037, 405, "text_ops", 1995, 25, true, 0},
	{10038, 403, "time_ops", 1996, 1083, true, 0},
	{10039, 405, "time_ops", 1997, 1083, true, 0},
	{10040, 405, "timestamptz_ops", 1999, 1184, true, 0},
	{10041, 403, "timetz_ops", 2000, 1266, true, 0},
	{10042, 405, "timetz_ops", 2001, 1266, true, 0},
	{10043, 403, "varbit_ops", 2002, 1562, true, 0},
	{10044, 403, "varchar_ops", 1994, 25, false, 0},
	{10045, 405, "varchar_ops", 1995, 25, false, 0},
	{10046, 405, "timestamp_ops", 2040, 1114, true, 0},
	{10047, 403, "money_ops", 2099, 790, true, 0},
	{10048, 405, "bool_ops", 2222, 16, true, 0},
	{10049, 405, "bytea_ops", 2223, 17, true, 0},
	{10050, 403, "tid_ops", 2789, 27, true, 0},
	{10051, 405, "xid_ops", 2225, 28, true, 0},
	{10052, 405, "xid8_ops", 5032, 5069, true, 0},
	{10053, 403, "xid8_ops", 5067, 5069, true, 0},
	{10054, 405, "cid_ops", 2226, 29, true, 0},
	{10055, 405, "tid_ops", 2227, 27, true, 0},
	{10056, 405, "text_pattern_ops", 2229, 25, false, 0},
	{10057, 405, "varchar_pattern_ops", 2229, 25, false, 0},
	{10058, 405, "bpchar_pattern_ops", 2231, 1042, false, 0},
	{10059, 405, "aclitem_ops", 2235, 1033, true, 0},
	{10060, 783, "box_ops", 2593, 603, true, 0},
	{10061, 783, "point_ops", 1029, 600, true, 603},
	{10062, 783, "poly_ops", 2594, 604, true, 603},
	{10063, 783, "circle_ops", 2595, 718, true, 603},
	{10064, 2742, "array_ops", 2745, 2277, true, 2283},
	{10065, 403, "uuid_ops", 2968, 2950, true, 0},
	{10066, 405, "uuid_ops", 2969, 2950, true, 0},
	{10067, 403, "pg_lsn_ops", 3253, 3220, true, 0},
	{10068, 405, "pg_lsn_ops", 3254, 3220, true, 0},
	{10069, 403, "enum_ops", 3522, 3500, true, 0},
	{10070, 405, "enum_ops", 3523, 3500, true, 0},
	{10071, 403, "tsvector_ops", 3626, 3614, true, 0},
	{10072, 783, "tsvector_ops", 3655, 3614, true, 3642},
	{10073, 2742, "tsvector_ops", 3659, 3614, true, 25},
	{10074, 403, "tsquery_ops", 3683, 3615, true, 0},
	{10075, 783, "tsquery_ops", 3702, 3615, true, 20},
	{10076, 403, "range_ops", 3901, 3831, true, 0},
	{10077, 405, "range_ops", 3903, 3831, true, 0},
	{10078, 783, "range_ops", 3919, 3831, true, 0},
	{10079, 4000, "range_ops", 3474, 3831, true, 0},
	{10080, 403, "multirange_ops", 4199, 4537, true, 0},
	{10081, 405, "multirange_ops", 4225, 4537, true, 0},
	{10082, 783, "multirange_ops", 6158, 4537, true, 3831},
	{10083, 4000, "box_ops", 5000, 603, true, 0},
	{10084, 4000, "quad_point_ops", 4015, 600, true, 0},
	{10085, 4000, "kd_point_ops", 4016, 600, false, 0},
	{10086, 4000, "text_ops", 4017, 25, true, 0},
	{10087, 4000, "poly_ops", 5008, 604, true, 603},
	{10088, 403, "jsonb_ops", 4033, 3802, true, 0},
	{10089, 405, "jsonb_ops", 4034, 3802, true, 0},
	{10090, 2742, "jsonb_ops", 4036, 3802, true, 25},
	{10091, 2742, "jsonb_path_ops", 4037, 3802, false, 23},
}

type opclass struct {
	oid, method uint32
	name        string
	family      uint32
	intype      uint32
	isDefault   bool
	keytype     uint32
}

func pgOpclass(_ *model, out *rowSet) error {
	for _, c := range opclasses {
		out.add(c.oid, c.method, c.name, OIDPgCatalog, OIDBootstrapRole, c.family, c.intype, c.isDefault, c.keytype)
	}
	return nil
}

// defaultOpclass is the OID of the operator class PostgreSQL picks for
// an index key of type t under access method am when the statement
// names none (0 when it has none here: hnsw's and pg_trgm's belong to
// extensions). As in PostgreSQL, varchar keys take text's class, and
// enums and arrays the classes of anyenum and anyarray.
func defaultOpclass(am uint32, t value.Type) uint32 {
	oid, _ := typeOf(t)
	switch {
	case oid == value.OIDVarchar:
		oid = value.OIDText
	case t.IsEnum():
		oid = oidAnyEnum
	case t.Kind == value.KindList && t.Array && t.Elem != nil:
		oid = oidAnyArray
	}
	for _, c := range opclasses {
		if c.method == am && c.intype == oid && c.isDefault {
			return c.oid
		}
	}
	return 0
}
