package sqlfe

import (
	"math"
	"time"

	"github.com/cockroachdb/apd/v3"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// texpr is a translated expression with its static SQL type.
type texpr struct {
	e plan.Expr
	t value.Type
	// unknown marks a quoted literal, NULL or a parameter whose type is not
	// known yet: like PostgreSQL's "unknown" pseudo-type it takes the type
	// its context asks for (see coerce).
	unknown bool
	// tableID and attr identify a plain reference to a base-table column,
	// reported in RowDescription.
	tableID uint64
	attr    int16
	// row is set for a whole-row value (json.go), which only the json
	// functions take.
	row *rowVal
}

// category groups types the way PostgreSQL's operators and implicit casts
// do: values of one category compare and combine with each other.
type category uint8

const (
	catOther category = iota // ZQL-only types: symbols, records, lists, objects, ...
	catBool
	catNumber
	catString
	catDatetime
	catTime // time without time zone
	catTimeTZ
	catInterval
	catUUID
	catBytes
	catJSON  // jsonb, and Any (schemaless fields): values of every kind
	catArray // SQL arrays (value.ArrayOf)
	// catJSONText is json: JSON text kept as written. It has no
	// comparison operators, as in PostgreSQL.
	catJSONText
	// catEnum is the enums (value.Type.IsEnum): values of one enum
	// compare with each other only (sameType).
	catEnum
	// catTSVector and catTSQuery are the full text search types,
	// strings (value.Type.Search) that neither mix with text nor with
	// each other but through casts.
	catTSVector
	catTSQuery
	// catJSONPath is jsonpath: casts to and from text only, no operators
	// but jsonb's @? and @@.
	catJSONPath
	// catXML is xml: casts to and from the string types only, no
	// operators (not even equality, as in PostgreSQL).
	catXML
	// catRange is the range types: values of one range type compare
	// with each other only (sameType), as enums.
	catRange
	// catInet is inet and cidr (cidr converts to inet implicitly);
	// catMacaddr and catMacaddr8 the MAC address types, which convert
	// to each other but do not compare.
	catInet
	catMacaddr
	catMacaddr8
	// catBits is bit and bit varying, which convert to each other
	// implicitly.
	catBits
	// catComposite is the composite types: record and the named row
	// types (value.KindComposite).
	catComposite
	// catLSN is pg_lsn, integers of its own (lsn.go).
	catLSN
	// catMoney is money, integers of its own too (money.go).
	catMoney
	// catMultirange is the multirange types (multirange.go): values of
	// one multirange type compare with each other only, as ranges.
	catMultirange
	// catGeo is the geometric types (geo.go): each its own, with casts
	// between some of them by function.
	catGeo
	// catHstore is the hstore extension's type: = and <> only, casts
	// to and from text, to json and jsonb, from text[].
	catHstore
	// catLtree is the ltree extension's types (value.Type.Ltree): ltree
	// compares with ltree only; lquery and ltxtquery do not compare.
	catLtree
)

func categoryOf(t value.Type) category {
	switch t.Kind {
	case value.KindBool:
		return catBool
	case value.KindInt, value.KindFloat, value.KindDecimal:
		if t.LSN {
			return catLSN
		}
		if t.Money {
			return catMoney
		}
		return catNumber
	case value.KindString:
		switch {
		case t.JSON:
			return catJSONText
		case t.Search == value.TSVector:
			return catTSVector
		case t.Search == value.TSQuery:
			return catTSQuery
		case t.JSONPath:
			return catJSONPath
		case t.XML:
			return catXML
		case t.Hstore:
			return catHstore
		case t.Ltree != value.NotLtree:
			return catLtree
		}
		return catString
	case value.KindDatetime:
		return catDatetime
	case value.KindTime:
		return catTime
	case value.KindTimeTZ:
		return catTimeTZ
	case value.KindDuration:
		return catInterval
	case value.KindUUID:
		return catUUID
	case value.KindBytes:
		return catBytes
	case value.KindAny:
		return catJSON
	case value.KindList:
		if t.Array {
			return catArray
		}
		if t.IsMultirange() {
			return catMultirange
		}
	case value.KindSymbol:
		if t.IsEnum() {
			return catEnum
		}
	case value.KindSQLRange:
		return catRange
	case value.KindBits:
		return catBits
	case value.KindComposite:
		if !t.Array {
			return catComposite
		}
	case value.KindGeo:
		return catGeo
	case value.KindNet:
		switch t.Net {
		case value.NetMacaddr:
			return catMacaddr
		case value.NetMacaddr8:
			return catMacaddr8
		}
		return catInet
	}
	return catOther
}

// isLoose reports a type that takes any value as it is: the fields of a
// schemaless table (shown as jsonb, but 'Ann' compared with one is the
// string Ann, not JSON text to parse).
func isLoose(t value.Type) bool { return t.Kind == value.KindAny && !t.JSON }

// baseType strips type modifiers: PostgreSQL resolves operators and
// parameter types by type OID, without varchar lengths or numeric scales.
func baseType(t value.Type) value.Type {
	t.MaxLen, t.Precision, t.Scale, t.IntervalTypmod, t.TimePrec, t.Optional, t.IntVector = 0, 0, 0, 0, 0, false, false
	return t
}

// sameType reports whether values of a need no conversion to be values of b.
func sameType(a, b value.Type) bool {
	if a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case value.KindInt:
		return a.Width == b.Width && a.Money == b.Money && isOidType(a) == isOidType(b)
	case value.KindFloat:
		return a.FloatBits == b.FloatBits
	case value.KindDecimal:
		return a.Precision == b.Precision && a.Scale == b.Scale
	case value.KindString:
		return a.MaxLen == b.MaxLen && a.JSON == b.JSON && a.Varchar == b.Varchar && a.BPChar == b.BPChar && a.Search == b.Search && a.JSONPath == b.JSONPath && a.XML == b.XML && a.CIText == b.CIText && a.Hstore == b.Hstore && a.Ltree == b.Ltree && a.Identifier == b.Identifier && a.RegOID == b.RegOID
	case value.KindDatetime:
		return a.WithTZ == b.WithTZ && a.Date == b.Date && (a.TimePrec == b.TimePrec || b.TimePrec == 0)
	case value.KindSQLRange:
		return a.Range == b.Range && a.Name == b.Name
	case value.KindNet:
		return a.Net == b.Net
	case value.KindGeo:
		return a.Geo == b.Geo
	case value.KindBits:
		return a.VarBit == b.VarBit && a.MaxLen == b.MaxLen
	case value.KindAny:
		return a.JSON == b.JSON
	case value.KindDuration:
		return a.IntervalTypmod == b.IntervalTypmod || b.IntervalTypmod == 0
	case value.KindTime, value.KindTimeTZ:
		return a.TimePrec == b.TimePrec || b.TimePrec == 0
	case value.KindBool, value.KindUUID, value.KindBytes:
		return true
	case value.KindList:
		if a.Array || b.Array {
			return a.Array && b.Array && a.IntVector == b.IntVector && sameType(*a.Elem, *b.Elem)
		}
		if a.IsMultirange() || b.IsMultirange() {
			return a.IsMultirange() && b.IsMultirange() && a.Elem.Range == b.Elem.Range && a.Elem.Name == b.Elem.Name
		}
	case value.KindSymbol:
		if a.IsEnum() || b.IsEnum() {
			return a.IsEnum() && b.IsEnum() && a.Name == b.Name
		}
	case value.KindComposite:
		return sameComposite(a, b)
	}
	return a.Name == b.Name && a.Table == b.Table && a.Dims == b.Dims && a.Elem == nil && b.Elem == nil && a.Fields == nil && b.Fields == nil
}

// sameComposite reports composite types whose values need no
// conversion to one another: the same named type, or records whose
// fields have the same types.
func sameComposite(a, b value.Type) bool {
	if a.Name != b.Name || len(a.Fields) != len(b.Fields) {
		return false
	}
	for i := range a.Fields {
		if !sameType(a.Fields[i].Type, b.Fields[i].Type) {
			return false
		}
	}
	return true
}

// sqlTypeName names a type in messages the way PostgreSQL does.
func sqlTypeName(t value.Type) string { return t.SQLName() }

// typeName names an expression's type in messages.
func typeName(x texpr) string {
	if x.unknown {
		return "unknown"
	}
	return sqlTypeName(x.t)
}

// numRank orders the numeric types by PostgreSQL's implicit promotion:
// int2 < int4 < int8 < numeric < float4 < float8.
func numRank(t value.Type) int {
	switch t.Kind {
	case value.KindInt:
		switch t.Width {
		case value.I8, value.I16, value.U8:
			return 1
		case value.I32, value.U16:
			return 2
		}
		return 3
	case value.KindDecimal:
		return 4
	case value.KindFloat:
		if t.FloatBits == 32 {
			return 5
		}
		return 6
	}
	return 0
}

func rankType(r int) value.Type {
	switch r {
	case 1:
		return value.TypeInt2
	case 2:
		return value.TypeInt4
	case 3:
		return value.TypeInt8
	case 4:
		return value.TypeNumeric
	case 5:
		return value.TypeFloat4
	}
	return value.TypeFloat8
}

// numericCommon is the type PostgreSQL computes a and b in: the higher
// ranked one, except that real with anything but real is double precision
// (the mixed real operators take float8).
func numericCommon(a, b value.Type) value.Type {
	ra, rb := numRank(a), numRank(b)
	r := max(ra, rb)
	if r == 5 && min(ra, rb) != 5 {
		r = 6
	}
	return rankType(r)
}

// arithResult is the result type of l op r for + - * / % ^, or false when
// PostgreSQL has no such operator.
func arithResult(op plan.Op, l, r value.Type) (value.Type, bool) {
	cl, cr := categoryOf(l), categoryOf(r)
	switch {
	case cl == catJSON || cr == catJSON:
		return value.Any, true
	case cl == catNumber && cr == catNumber:
		if op == plan.OpMod && (l.Kind == value.KindFloat || r.Kind == value.KindFloat) {
			// % is PostgreSQL's for integers and numeric only.
			return value.Type{}, false
		}
		if op == plan.OpPow {
			if numRank(l) <= 4 && numRank(r) <= 4 && (numRank(l) == 4 || numRank(r) == 4) {
				return value.TypeNumeric, true
			}
			return value.TypeFloat8, true
		}
		return numericCommon(l, r), true
	case cl == catDatetime && cr == catDatetime && op == plan.OpSub:
		return value.TypeInterval, true
	case cl == catDatetime && cr == catInterval && (op == plan.OpAdd || op == plan.OpSub):
		return baseType(l), true
	case cl == catInterval && cr == catDatetime && op == plan.OpAdd:
		return baseType(r), true
	case cl == catInterval && cr == catInterval && (op == plan.OpAdd || op == plan.OpSub):
		return value.TypeInterval, true
	case cl == catInterval && cr == catNumber && (op == plan.OpMul || op == plan.OpDiv):
		return value.TypeInterval, true
	case cl == catNumber && cr == catInterval && op == plan.OpMul:
		return value.TypeInterval, true
	case cl == catTime && cr == catInterval && (op == plan.OpAdd || op == plan.OpSub), cl == catInterval && cr == catTime && op == plan.OpAdd:
		return value.TypeTime, true
	case cl == catTime && cr == catTime && op == plan.OpSub:
		return value.TypeInterval, true
	case (cl == catTime && r.Date || l.Date && cr == catTime) && op == plan.OpAdd:
		return value.TypeTimestamp, true // date + time
	case cl == catTimeTZ && cr == catInterval && (op == plan.OpAdd || op == plan.OpSub), cl == catInterval && cr == catTimeTZ && op == plan.OpAdd:
		return value.TypeTimeTZ, true
	case (cl == catTimeTZ && r.Date || l.Date && cr == catTimeTZ) && op == plan.OpAdd:
		return value.TypeTimestampTZ, true // date + timetz
	}
	return value.Type{}, false
}

// comparable reports whether PostgreSQL has comparison operators between
// the two types (after unknowns took their context's type).
func comparableTypes(l, r value.Type) bool {
	cl, cr := categoryOf(l), categoryOf(r)
	if cl == catJSONText || cr == catJSONText || cl == catJSONPath || cr == catJSONPath || cl == catXML || cr == catXML {
		return false // json, jsonpath and xml have no comparison operators
	}
	if cl == catArray && cr == catArray && (categoryOf(*l.Elem) == catXML || categoryOf(*r.Elem) == catXML) {
		return false // nor arrays of xml
	}
	if cl == catJSON || cr == catJSON {
		return true
	}
	if cl == catLtree || cr == catLtree {
		return sameType(l, r) && l.Ltree == value.LtreePath // lquery and ltxtquery have no comparisons
	}
	if cl == catEnum || cl == catRange || cl == catMultirange || cl == catGeo {
		return sameType(l, r) // an enum (a range) compares with its own values only
	}
	return cl == cr && (cl != catOther || l.Kind == value.KindVector && r.Kind == value.KindVector)
}

// assignable reports whether PostgreSQL's assignment coercion takes a
// value of x's type into a column of type to (INSERT and UPDATE).
// Assignable reports whether a value of type from converts to type to
// in assignment (PostgreSQL's assignment coercion): what EXECUTE's
// arguments take.
func Assignable(from, to value.Type) bool { return assignable(texpr{t: from}, to) }

func assignable(x texpr, to value.Type) bool {
	if x.unknown || isLoose(to) {
		return true
	}
	cf, ct := categoryOf(x.t), categoryOf(to)
	switch {
	case x.t.IsJSONB():
		// jsonb's casts to json and to text (its output) are the ones
		// allowed in assignment; to numbers and boolean they are explicit.
		return ct == catString || ct == catJSON || ct == catJSONText
	case cf == catJSON:
		return true // checked when the value is written
	case cf == catJSONText && ct == catJSON:
		return true // json to jsonb is an assignment cast
	case macPair(cf, ct), moneyCastable(x.t, to):
		return true // macaddr and macaddr8 convert implicitly; money's casts are assignment casts
	case cf == catGeo && ct == catGeo:
		return sameType(x.t, to) || geoAssignCast(x.t, to)
	case isOid(x) && ct == catNumber:
		return to.Kind == value.KindInt && numRank(to) >= 2 // oid's casts to bigint and integer are assignment casts
	case cf == ct:
		return (cf != catOther && cf != catEnum && cf != catRange && cf != catMultirange && cf != catGeo) || sameType(x.t, to)
	case ct == catString:
		return true // every type has an I/O conversion to text in assignment
	}
	return timeCast(x.t, to)
}

// timeCast reports the casts between time and the other date/time
// types PostgreSQL has (implicit or in assignment): timestamp,
// timestamptz, interval and timetz to time, time to interval and
// timetz, timestamptz to timetz.
func timeCast(from, to value.Type) bool {
	cf, ct := categoryOf(from), categoryOf(to)
	switch ct {
	case catTime:
		return cf == catDatetime && !from.Date || cf == catInterval || cf == catTimeTZ
	case catTimeTZ:
		return cf == catTime || cf == catDatetime && from.WithTZ
	}
	return cf == catTime && ct == catInterval
}

// castable reports whether an explicit CAST from one type to another can
// ever succeed; value.Convert decides for each value.
func castable(from, to value.Type) bool {
	cf, ct := categoryOf(from), categoryOf(to)
	switch {
	case to.IntVector && !from.IntVector && cf != catString:
		return false // int2vector and oidvector are made from text only

	case cf == catHstore && to.JSON, ct == catHstore && isArray(from) && categoryOf(*from.Elem) == catString:
		return true // the extension's casts to json and jsonb, and from text[]
	case to.JSON && cf != catJSON && cf != catString && cf != catJSONText:
		return false // json and jsonb are made from text (or each other) only: 1::jsonb fails
	case cf == catJSONText:
		return ct == catString || ct == catJSON // json casts to text and jsonb only
	case cf == catJSONPath || ct == catJSONPath, cf == catXML || ct == catXML:
		return cf == ct || cf == catString || ct == catString // jsonpath and xml cast to and from text only
	case from.IsJSONB():
		// jsonb casts to json, the string types (its text), the numbers
		// and boolean (of a JSON number or boolean) only.
		return ct == catString || ct == catJSON || ct == catJSONText || ct == catNumber || ct == catBool
	case cf == catGeo && ct == catGeo:
		return geoCastable(from, to)
	case cf == catEnum && ct == catEnum, cf == catRange && ct == catRange, cf == catMultirange && ct == catMultirange:
		return sameType(from, to) // no cast between two enums, or two range types
	case cf == ct, cf == catJSON, ct == catJSON, cf == catString, ct == catString:
		return true
	case cf == catNumber && ct == catBool, cf == catBool && ct == catNumber, macPair(cf, ct), bitIntCast(from, to), moneyCastable(from, to), multirangeCastable(from, to):
		return true
	}
	return timeCast(from, to)
}

// intLiteral makes the value of an integer constant of type t.
func intLiteral(i int64, t value.Type) value.Value {
	if t.Width == value.I64 {
		return value.Int(i)
	}
	return value.IntW(i, t.Width)
}

// intRange is the range of the SQL integer widths, and PostgreSQL's name
// for each in its out-of-range message.
func intRange(w value.IntWidth) (lo, hi int64, name string, ok bool) {
	switch w {
	case value.I16:
		return math.MinInt16, math.MaxInt16, "smallint", true
	case value.I32:
		return math.MinInt32, math.MaxInt32, "integer", true
	case value.I64:
		return math.MinInt64, math.MaxInt64, "bigint", true
	}
	return 0, 0, "", false
}

// convertConst folds a cast of a constant. The common conversions between
// numbers and to text are done here, on the hot path of every INSERT;
// the rest goes through value.Convert. folded is false when the
// conversion is left to the executor: value.Convert failed without a
// SQLSTATE of its own, i.e. could not tell, or the conversion depends on
// the session time zone (text or a timestamp to timestamptz and back),
// which a plan must not keep: it is shared by every session through the
// plan cache, and outlives SET TIME ZONE. loc is that zone where it is
// known (a literal bound to a cached plan), else nil.
func convertConst(v value.Value, from, to value.Type, loc *time.Location) (out value.Value, folded bool, err error) {
	if v.IsSQLNull() {
		return value.None, true, nil
	}
	switch {
	case v.Kind() == value.KindInt && to.Kind == value.KindInt && v.Width() != value.U64 && !isOidType(to):
		if lo, hi, name, ok := intRange(to.Width); ok {
			i := v.AsInt()
			if i < lo || i > hi {
				return value.None, false, errs.New(errs.NumericValueOutOfRange, "%s out of range", name)
			}
			return intLiteral(i, to), true, nil
		}
	case v.Kind() == value.KindInt && to.Kind == value.KindDecimal && to.Precision == 0 && v.Width() != value.U64:
		return value.Decimal(apd.New(v.AsInt(), 0)), true, nil
	case v.Kind() == value.KindInt && to.Kind == value.KindFloat && v.Width() != value.U64:
		if to.FloatBits == 32 {
			return value.Float32(float32(v.AsInt())), true, nil
		}
		return value.Float(float64(v.AsInt())), true, nil
	case v.Kind() == value.KindString && to.Kind == value.KindString && to.MaxLen == 0 && !to.JSON && !to.BPChar && to.Search == value.NotSearch && !to.XML:
		if to.CIText != v.IsCIString() || to.Hstore != v.IsHstore() || to.Ltree != value.NotLtree {
			// citext's flag comes or goes: checkString cannot fail.
			out, err = value.ConvertIn(v, to, loc)
			return out, err == nil, err
		}
		return v, true, nil
	case isLoose(to):
		return v, true, nil
	}
	out, err = value.ConvertIn(v, to, loc)
	if err != nil {
		if e, ok := sqlError(err); ok {
			return value.None, false, e
		}
		return value.None, false, nil
	}
	return out, true, nil
}

// parseLiteral folds a quoted literal read as type t, with the same
// division of labour as convertConst.
func parseLiteral(s string, t value.Type, loc *time.Location) (out value.Value, folded bool, err error) {
	switch {
	case t.Kind == value.KindString && t.MaxLen == 0 && !t.JSON && !t.BPChar && t.Search == value.NotSearch && !t.CIText && !t.Hstore && t.Ltree == value.NotLtree && !t.XML, isLoose(t):
		return value.String(s), true, nil
	}
	out, err = value.ParseTextIn(s, t, loc)
	if err != nil {
		if e, ok := sqlError(err); ok {
			return value.None, false, e
		}
		return value.None, false, nil
	}
	return out, true, nil
}

// macPair reports macaddr and macaddr8, either way round.
func macPair(a, b category) bool {
	return a == catMacaddr && b == catMacaddr8 || a == catMacaddr8 && b == catMacaddr
}
