package value

// KindAny is the Type kind that admits every value (schemaless fields,
// SQL jsonb, ZQL results). It is never the Kind of a Value.
const KindAny Kind = 255

// Type is a static type: a field type of a schemafull table, a SQL column
// type, or a ZQL type annotation. The zero Type is Any.
type Type struct {
	Kind      Kind
	Width     IntWidth // ints: i8..u64 (SQL int2 = I16, int4 = I32, int8 = I64)
	FloatBits uint8    // floats: 32 or 64 (SQL real = 32, float8 = 64)
	WithTZ    bool     // datetimes: SQL timestamptz (true) or timestamp
	MaxLen    int      // strings: SQL varchar(n) or char(n); 0 = unbounded
	// Varchar marks SQL varchar (character varying) without a length,
	// which is text but reports its own type OID and name (varchar(n) has
	// MaxLen instead).
	Varchar bool
	// BPChar marks SQL character(n) (bpchar; MaxLen is n, 0 for bpchar
	// without a length). Its trailing spaces are insignificant, so its
	// values are kept without them (BPCharValue): equal values are equal
	// strings, which compare, hash, group and index as PostgreSQL's
	// bpchar does. Output pads them to n again (AppendText).
	BPChar    bool
	Precision int // decimals: numeric(p, s); 0 = unconstrained
	Scale     int
	Dims      int     // vectors: vector(N)
	Elem      *Type   // lists: element type
	Fields    []Field // objects: the shape; nil = any object
	Table     string  // records: record(table); "" = any table
	Name      string  // named types and enums (type::create, enum::create)
	// JSON marks SQL's JSON types: with KindAny it is jsonb (any value,
	// shown as JSON); with KindString it is json, whose values are the
	// JSON text as given (PostgreSQL keeps json's input verbatim: key
	// order, duplicate keys, whitespace).
	JSON bool
	// JSONPath marks SQL's jsonpath (with KindString): the path's
	// canonical text, as PostgreSQL's jsonpath_out prints it. Only the
	// SQL front end makes values of it, through engine/jsonpath, which
	// checks and normalizes the text.
	JSONPath bool
	// XML marks SQL's xml (with KindString): well-formed XML content,
	// kept as written (CheckXML checks it on the way in; output writes
	// its XML declaration again, as xml_out does).
	XML      bool
	Optional bool // T?: none is allowed
	Array    bool // SQL array: a list of Elem in PostgreSQL's array formats
	Date     bool // datetimes: SQL date (midnight, shown without the time)
	// TimePrec is the precision p of SQL time(p), timetz(p), timestamp(p)
	// and timestamptz(p) plus one (1 is time(0));
	// 0 is time without a precision (microseconds). See TimeType.
	TimePrec int8
	// IntervalTypmod is PostgreSQL's typmod of interval(p) and interval
	// day to second etc.: the field range mask << 16 | the seconds'
	// precision (IntervalTypmod); 0 = none.
	IntervalTypmod int32
	// RegOID is the type OID of a SQL reg* type (regclass, regtype,
	// regnamespace), which the column reports: an int8 OID inside a
	// query, text (the name) in its result columns. OIDRecord marks a
	// result column of whole rows, text in record_out's form. OIDChar
	// marks the system catalogs' "char" columns (TypeChar): text of one
	// byte at most, reported as "char" (relkind, typtype, ...).
	RegOID uint32
	// Search marks SQL's full text search types, strings holding a
	// tsvector's or a tsquery's canonical text (engine/tsearch reads
	// and writes it).
	Search TextSearch
	// Range is the range type of a KindSQLRange (int4range, ...).
	Range RangeKind
	// Net is the network address type of a KindNet (inet, cidr, ...).
	Net NetKind
	// Geo is the geometric type of a KindGeo (point, box, ...).
	Geo GeoKind
	// VarBit marks bit varying among the bit strings (KindBits; MaxLen
	// is the n of bit(n) or varbit(n)).
	VarBit bool
	// CIText marks the citext extension's case-insensitive text (with
	// KindString): its values are CIStrings, which keep their case but
	// compare, hash and key-encode as their lower case (citext.go).
	CIText bool
	// Hstore marks the hstore extension's type (with KindString): its
	// values hold their canonical text (hstore.go).
	Hstore bool
	// Ltree marks the ltree extension's types (with KindString): ltree,
	// lquery and ltxtquery, strings of their canonical text (ltree.go).
	Ltree LtreeKind
	// Identifier marks PostgreSQL's name type (with KindString): an
	// identifier of 63 bytes at most; longer input is cut there, as
	// PostgreSQL's NAMEDATALEN cuts it.
	Identifier bool
	// LSN marks PostgreSQL's pg_lsn (with KindInt, width U64): a
	// position in the write-ahead log, written as two hexadecimal
	// halves (lsn.go).
	LSN bool
	// Money marks PostgreSQL's money (with KindInt, width I64): a count
	// of cents, written in the C locale's currency format (money.go).
	Money bool
	// Multirange marks a SQL multirange (with KindList; Elem is its
	// range type): a canonical list of ranges (multirange.go).
	Multirange bool
	// IntVector marks PostgreSQL's int2vector and oidvector (with Array;
	// Elem int2 or int8): the catalogs' vectors, subscripted from 0 and
	// written space-separated (intvector.go).
	IntVector bool
}

// TextSearch is which full text search type a string type is.
type TextSearch uint8

// The full text search types.
const (
	NotSearch TextSearch = iota
	TSVector
	TSQuery
)

// Common full text search types.
var (
	TypeTSVector = Type{Kind: KindString, Search: TSVector}
	TypeTSQuery  = Type{Kind: KindString, Search: TSQuery}
)

// IsJSONB reports SQL's jsonb (KindAny with JSON).
func (t Type) IsJSONB() bool { return t.JSON && t.Kind == KindAny }

// IsJSONText reports SQL's json: a string holding JSON text.
func (t Type) IsJSONText() bool { return t.JSON && t.Kind == KindString }

// Field is a named field of an object type.
type Field struct {
	Name string
	Type Type
}

// Any is the type that admits every value.
var Any = Type{Kind: KindAny}

// Common SQL types.
var (
	TypeBool        = Type{Kind: KindBool}
	TypeInt2        = Type{Kind: KindInt, Width: I16}
	TypeInt4        = Type{Kind: KindInt, Width: I32}
	TypeInt8        = Type{Kind: KindInt, Width: I64}
	TypeFloat4      = Type{Kind: KindFloat, FloatBits: 32}
	TypeFloat8      = Type{Kind: KindFloat, FloatBits: 64}
	TypeNumeric     = Type{Kind: KindDecimal}
	TypeText        = Type{Kind: KindString}
	TypeJSONB       = Type{Kind: KindAny, JSON: true}
	TypeJSON        = Type{Kind: KindString, JSON: true}
	TypeJSONPath    = Type{Kind: KindString, JSONPath: true}
	TypeTimestamp   = Type{Kind: KindDatetime}
	TypeTimestampTZ = Type{Kind: KindDatetime, WithTZ: true}
	TypeBytea       = Type{Kind: KindBytes}
	TypeUUID        = Type{Kind: KindUUID}
	TypeInterval    = Type{Kind: KindDuration}
	TypeCIText      = Type{Kind: KindString, CIText: true}
	TypeHstore      = Type{Kind: KindString, Hstore: true}
	TypeLtree       = Type{Kind: KindString, Ltree: LtreePath}
	TypeLquery      = Type{Kind: KindString, Ltree: LtreeLquery}
	TypeLtxtquery   = Type{Kind: KindString, Ltree: LtreeLtxtquery}
	TypeName        = Type{Kind: KindString, Identifier: true}
	TypeChar        = Type{Kind: KindString, RegOID: OIDChar}
	// TypeOid is SQL type oid (a table column of it, a large object's
	// reference, say, or a cast to it): an unsigned 32-bit number, held
	// as an int8 and reported as oid. Arrays of it are bigint[] (ArrayOf).
	TypeOid = Type{Kind: KindInt, Width: I64, RegOID: OIDOid}
)

// MaxIdentifierBytes is the longest a name is (PostgreSQL's NAMEDATALEN
// less one).
const MaxIdentifierBytes = 63

// PostgreSQL type OIDs zerodb reports.
const (
	OIDBool        uint32 = 16
	OIDBytea       uint32 = 17
	OIDChar        uint32 = 18 // "char", the catalogs' one-byte codes
	OIDName        uint32 = 19
	OIDInt8        uint32 = 20
	OIDInt2        uint32 = 21
	OIDInt4        uint32 = 23
	OIDText        uint32 = 25
	OIDOid         uint32 = 26
	OIDJSON        uint32 = 114
	OIDFloat4      uint32 = 700
	OIDFloat8      uint32 = 701
	OIDUnknown     uint32 = 705
	OIDBPChar      uint32 = 1042
	OIDVarchar     uint32 = 1043
	OIDDate        uint32 = 1082
	OIDTime        uint32 = 1083
	OIDTimeTZ      uint32 = 1266
	OIDTimestamp   uint32 = 1114
	OIDTimestampTZ uint32 = 1184
	OIDInterval    uint32 = 1186
	OIDNumeric     uint32 = 1700
	OIDUUID        uint32 = 2950
	OIDJSONB       uint32 = 3802
	OIDJSONPath    uint32 = 4072
	OIDRecord      uint32 = 2249
	OIDTSVector    uint32 = 3614
	OIDTSQuery     uint32 = 3615
	// OIDVector is pgvector's vector. pgvector has no fixed OID (it is
	// assigned when the extension is created); zerodb uses 8100, from
	// the range PostgreSQL reserves for development and never ships, so
	// it collides with no built-in type. pg_type lists it as "vector".
	OIDVector uint32 = 8100
	// OIDCIText and OIDCITextArray are the citext extension's citext
	// and citext[], from the same range for the same reason. Clients
	// that do not know them read them as text (their text and binary
	// forms are text's).
	OIDCIText      uint32 = 8110
	OIDCITextArray uint32 = 8111
	// OIDHstore and OIDHstoreArray are the hstore extension's hstore and
	// hstore[].
	OIDHstore      uint32 = 8120
	OIDHstoreArray uint32 = 8121
	// The ltree extension's types and their arrays.
	OIDLtree          uint32 = 8130
	OIDLtreeArray     uint32 = 8131
	OIDLquery         uint32 = 8132
	OIDLqueryArray    uint32 = 8133
	OIDLtxtquery      uint32 = 8134
	OIDLtxtqueryArray uint32 = 8135
)

// OID is the PostgreSQL type OID a column of this type reports. Types that
// have no PostgreSQL counterpart (symbols, records, lists, objects, Any)
// are shown as jsonb.
func (t Type) OID() uint32 {
	if t.RegOID != 0 {
		return t.RegOID
	}
	switch t.Kind {
	case KindBool:
		return OIDBool
	case KindInt:
		if t.LSN {
			return OIDPgLSN
		}
		if t.Money {
			return OIDMoney
		}
		switch t.Width {
		case I8, I16, U8:
			return OIDInt2
		case I32, U16:
			return OIDInt4
		}
		return OIDInt8 // i64, u32 and u64 (u64 beyond int8 is an error when sent)
	case KindFloat:
		if t.FloatBits == 32 {
			return OIDFloat4
		}
		return OIDFloat8
	case KindDecimal:
		return OIDNumeric
	case KindString:
		if t.JSON {
			return OIDJSON
		}
		switch t.Search {
		case TSVector:
			return OIDTSVector
		case TSQuery:
			return OIDTSQuery
		}
		if t.JSONPath {
			return OIDJSONPath
		}
		if t.XML {
			return OIDXML
		}
		if t.BPChar {
			return OIDBPChar
		}
		if t.CIText {
			return OIDCIText
		}
		if t.Hstore {
			return OIDHstore
		}
		switch t.Ltree {
		case LtreePath:
			return OIDLtree
		case LtreeLquery:
			return OIDLquery
		case LtreeLtxtquery:
			return OIDLtxtquery
		}
		if t.Identifier {
			return OIDName
		}
		if t.MaxLen > 0 || t.Varchar {
			return OIDVarchar
		}
		return OIDText
	case KindDatetime:
		if t.Date {
			return OIDDate
		}
		if t.WithTZ {
			return OIDTimestampTZ
		}
		return OIDTimestamp
	case KindTime:
		return OIDTime
	case KindTimeTZ:
		return OIDTimeTZ
	case KindDuration:
		return OIDInterval
	case KindSQLRange:
		if t.Range == RangeUser {
			return UserRangeOID(t.Name)
		}
		return t.Range.OID()
	case KindNet:
		return t.Net.OID()
	case KindGeo:
		return t.Geo.OID()
	case KindBits:
		if t.VarBit {
			return OIDVarbit
		}
		return OIDBit
	case KindUUID:
		return OIDUUID
	case KindBytes:
		return OIDBytea
	case KindVector:
		return OIDVector
	case KindSymbol:
		if t.IsEnum() {
			return EnumOID(t.Name)
		}
	case KindComposite:
		return t.compositeOID()
	case KindList:
		if t.IntVector {
			return t.intVectorOID()
		}
		if t.Array {
			return arrayOID(t.Elem)
		}
		if t.IsMultirange() && t.Elem.Range == RangeUser {
			return UserMultirangeOID(t.Name)
		}
		if t.IsMultirange() {
			return t.Elem.Range.MultirangeOID()
		}
	}
	return OIDJSONB
}

// TypeSize is the pg_type.typlen of OID(): -1 for variable length.
func (t Type) TypeSize() int16 {
	switch t.RegOID {
	case OIDRecord:
		return -1
	case OIDChar:
		return 1
	}
	if t.RegOID != 0 {
		return 4 // an OID
	}
	switch t.OID() {
	case OIDBool:
		return 1
	case OIDInt2:
		return 2
	case OIDInt4, OIDFloat4, OIDDate:
		return 4
	case OIDInt8, OIDFloat8, OIDMoney, OIDTimestamp, OIDTimestampTZ, OIDTime:
		return 8
	case OIDTimeTZ:
		return 12
	case OIDUUID, OIDInterval:
		return 16
	case OIDMacaddr:
		return 6
	case OIDMacaddr8:
		return 8
	}
	return -1
}

// TypeModifier is the atttypmod PostgreSQL reports (-1 for none).
func (t Type) TypeModifier() int32 {
	switch {
	case t.Kind == KindString && t.MaxLen > 0:
		return int32(t.MaxLen + 4)
	case t.Kind == KindDecimal && t.Precision > 0:
		return int32((t.Precision<<16)|t.Scale) + 4
	case t.Kind == KindBits && t.MaxLen > 0:
		return int32(t.MaxLen) // bit(n)'s typmod is n itself
	case t.Kind == KindVector && t.Dims > 0:
		return int32(t.Dims) // pgvector's typmod is the dimension itself
	case t.Kind == KindDuration && t.IntervalTypmod != 0:
		return t.IntervalTypmod
	case (t.Kind == KindTime || t.Kind == KindTimeTZ || t.Kind == KindDatetime && !t.Date) && t.TimePrec > 0:
		return int32(t.TimePrec) - 1
	}
	return -1
}
