package value

import (
	"encoding/base64"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// TypeOf is the most specific static type of a value: ints keep their
// width, floats their size, datetimes their time zone flag, record ids
// their table, vectors their dimension. Composite values get the plain
// list/tuple/object type (element types are not inferred). none is
// Type{Kind: KindNone}.
func TypeOf(v Value) Type {
	t := Type{Kind: v.kind}
	switch v.kind {
	case KindInt:
		t.Width = IntWidth(v.sub)
	case KindFloat:
		t.FloatBits = v.floatBits()
	case KindDatetime:
		t.WithTZ = v.HasTZ()
	case KindRecordID:
		t.Table = v.AsRecordID().Table
	case KindVector:
		t.Dims = len(v.AsVector())
	case KindNet:
		t.Net = v.Net()
	case KindGeo:
		t.Geo = v.Geo()
	case KindString:
		t.CIText = v.sub == ciSub
		t.Hstore = v.sub == hstoreSub
	}
	return t
}

// String renders t in ZQL syntax (int, string?, [string], record(cities),
// { name: string, age: int? }).
func (t Type) String() string {
	var b strings.Builder
	t.write(&b)
	return b.String()
}

func (t Type) write(b *strings.Builder) {
	if t.Name != "" {
		b.WriteString(t.Name)
	} else {
		switch t.Kind {
		case KindString:
			if t.JSON {
				b.WriteString("json")
			} else {
				b.WriteString(t.Kind.String())
			}
		case KindAny:
			if t.JSON {
				b.WriteString("json")
			} else {
				b.WriteString("any")
			}
		case KindInt:
			if t.Width == I64 {
				b.WriteString("int")
			} else {
				b.WriteString(t.Width.String())
			}
		case KindFloat:
			if t.FloatBits == 32 {
				b.WriteString("f32")
			} else {
				b.WriteString("float")
			}
		case KindRecordID:
			b.WriteString("record")
			if t.Table != "" {
				b.WriteString("(" + t.Table + ")")
			}
		case KindNet:
			b.WriteString(t.Net.Name())
		case KindGeo:
			b.WriteString(t.Geo.Name())
		case KindBits:
			b.WriteString(t.bitsName())
		case KindVector:
			b.WriteString("vector")
			if t.Dims > 0 {
				b.WriteString("(" + strconv.Itoa(t.Dims) + ")")
			}
		case KindList:
			b.WriteByte('[')
			if t.Elem != nil {
				t.Elem.write(b)
			} else {
				b.WriteString("any")
			}
			b.WriteByte(']')
		case KindTuple:
			if t.Fields == nil {
				b.WriteString("tuple")
				break
			}
			b.WriteByte('(')
			for i, f := range t.Fields {
				if i > 0 {
					b.WriteString(", ")
				}
				f.Type.write(b)
			}
			if len(t.Fields) == 1 {
				b.WriteByte(',')
			}
			b.WriteByte(')')
		case KindObject:
			if t.Fields == nil {
				b.WriteString("object")
				break
			}
			if len(t.Fields) == 0 {
				b.WriteString("{}")
				break
			}
			b.WriteString("{ ")
			for i, f := range t.Fields {
				if i > 0 {
					b.WriteString(", ")
				}
				writeFieldName(b, f.Name)
				b.WriteString(": ")
				f.Type.write(b)
			}
			b.WriteString(" }")
		default:
			b.WriteString(t.Kind.String())
		}
	}
	if t.Optional && t.Kind != KindNone {
		b.WriteByte('?')
	}
}

// SQLName renders t the way PostgreSQL's format_type names it (integer,
// text, character varying(20), timestamp with time zone, jsonb). Types
// without a PostgreSQL counterpart are jsonb, the type they are sent as.
func (t Type) SQLName() string {
	switch t.Kind {
	case KindNone:
		return "unknown"
	case KindSQLRange:
		if t.Range == RangeUser {
			return t.Name
		}
		return t.Range.Name()
	case KindNet:
		return t.Net.Name()
	case KindGeo:
		return t.Geo.Name()
	case KindBits:
		return t.bitsName()
	case KindBool:
		return "boolean"
	case KindInt:
		switch t.OID() {
		case OIDInt2:
			return "smallint"
		case OIDInt4:
			return "integer"
		case OIDPgLSN:
			return "pg_lsn"
		case OIDMoney:
			return "money"
		case OIDOid:
			return "oid"
		}
		return "bigint"
	case KindFloat:
		if t.FloatBits == 32 {
			return "real"
		}
		return "double precision"
	case KindDecimal:
		if t.Precision > 0 {
			return "numeric(" + strconv.Itoa(t.Precision) + "," + strconv.Itoa(t.Scale) + ")"
		}
		return "numeric"
	case KindString:
		if t.JSON {
			return "json"
		}
		switch t.Search {
		case TSVector:
			return "tsvector"
		case TSQuery:
			return "tsquery"
		}
		if t.JSONPath {
			return "jsonpath"
		}
		if t.XML {
			return "xml"
		}
		if t.CIText {
			return "citext"
		}
		if t.Hstore {
			return "hstore"
		}
		switch t.Ltree {
		case LtreePath:
			return "ltree"
		case LtreeLquery:
			return "lquery"
		case LtreeLtxtquery:
			return "ltxtquery"
		}
		if t.Identifier {
			return "name"
		}
		if t.BPChar {
			if t.MaxLen > 0 {
				return "character(" + strconv.Itoa(t.MaxLen) + ")"
			}
			return "bpchar"
		}
		if t.MaxLen > 0 {
			return "character varying(" + strconv.Itoa(t.MaxLen) + ")"
		}
		if t.Varchar {
			return "character varying"
		}
		return "text"
	case KindDatetime:
		if t.Date {
			return "date"
		}
		prec := ""
		if t.TimePrec > 0 {
			prec = "(" + strconv.Itoa(int(t.TimePrec)-1) + ")"
		}
		if t.WithTZ {
			return "timestamp" + prec + " with time zone"
		}
		return "timestamp" + prec + " without time zone"
	case KindTime:
		if t.TimePrec > 0 {
			return "time(" + strconv.Itoa(int(t.TimePrec)-1) + ") without time zone"
		}
		return "time without time zone"
	case KindTimeTZ:
		if t.TimePrec > 0 {
			return "time(" + strconv.Itoa(int(t.TimePrec)-1) + ") with time zone"
		}
		return "time with time zone"
	case KindDuration:
		return "interval"
	case KindUUID:
		return "uuid"
	case KindBytes:
		return "bytea"
	case KindVector:
		if t.Dims > 0 {
			return "vector(" + strconv.Itoa(t.Dims) + ")"
		}
		return "vector"
	case KindSymbol:
		if t.IsEnum() {
			return t.Name
		}
	case KindComposite:
		if t.Name != "" {
			return t.Name
		}
		return "record"
	case KindList:
		if t.IntVector {
			if t.intVectorOID() == OIDInt2Vector {
				return "int2vector"
			}
			return "oidvector"
		}
		if t.Array && t.Elem != nil {
			return t.Elem.SQLName() + "[]"
		}
		if t.IsMultirange() && t.Elem.Range == RangeUser {
			return t.Name
		}
		if t.IsMultirange() {
			return t.Elem.Range.MultirangeName()
		}
	}
	return "jsonb"
}

// String renders v in ZQL literal syntax (for errors and debugging):
// 42, 7_u8, 1.5, 2.0_f32, "text", @sym, persons.@john, [1, 2], (1, "a"),
// { a: 1 }, 1..10, !/re/i, datetime("..."), duration("1h0m0s"),
// uuid("..."), bytes("<base64>"), decimal("1.50"), vector([1, 2]).
func (v Value) String() string {
	return string(v.appendLiteral(nil))
}

func (v Value) appendLiteral(b []byte) []byte {
	switch v.kind {
	case KindNone:
		return append(b, "none"...)
	case KindBool:
		return strconv.AppendBool(b, v.AsBool())
	case KindInt:
		if IntWidth(v.sub) == U64 {
			b = strconv.AppendUint(b, v.n, 10)
		} else {
			b = strconv.AppendInt(b, int64(v.n), 10)
		}
		if w := IntWidth(v.sub); w != I64 {
			b = append(b, '_')
			b = append(b, w.String()...)
		}
		return b
	case KindFloat:
		return appendFloatLiteral(b, v.AsFloat(), int(v.floatBits()))
	case KindDecimal:
		b = append(b, `decimal("`...)
		b = appendDecimalText(b, v.AsDecimal())
		return append(b, `")`...)
	case KindString:
		return appendQuoted(b, v.s)
	case KindSymbol:
		return appendSymbol(b, v.s)
	case KindRecordID:
		return v.appendRecordID(b)
	case KindDatetime:
		b = append(b, `datetime("`...)
		b = appendRFC3339(b, v)
		return append(b, `")`...)
	case KindTime:
		b = append(b, `time("`...)
		b = appendTimeOfDay(b, v.AsTimeOfDay())
		return append(b, `")`...)
	case KindTimeTZ:
		b = append(b, `timetz("`...)
		b = appendTimeTZ(b, v)
		return append(b, `")`...)
	case KindDuration:
		b = append(b, `duration("`...)
		b = appendDurationText(b, v.AsInterval())
		return append(b, `")`...)
	case KindUUID:
		b = append(b, `uuid("`...)
		b = appendUUID(b, v.AsUUID())
		return append(b, `")`...)
	case KindBytes:
		b = append(b, `bytes("`...)
		b = base64.StdEncoding.AppendEncode(b, []byte(v.s))
		return append(b, `")`...)
	case KindRegex:
		return appendRegex(b, v)
	case KindRange:
		return appendRange(b, v.AsRange())
	case KindBits:
		b = append(b, "bits("...)
		b = appendJSONString(b, string(AppendBits(nil, v)))
		return append(b, ')')
	case KindGeo:
		b = append(b, v.Geo().Name()...)
		b = append(b, '(')
		b = appendJSONString(b, string(AppendGeo(nil, v)))
		return append(b, ')')
	case KindNet:
		b = append(b, v.Net().Name()...)
		b = append(b, '(')
		b = appendJSONString(b, string(appendNetText(nil, v, NotNet)))
		return append(b, ')')
	case KindSQLRange:
		r := v.AsSQLRange()
		b = append(b, r.Kind.Name()...)
		b = append(b, '(')
		b = appendJSONString(b, r.String())
		return append(b, ')')
	case KindVector:
		b = append(b, "vector(["...)
		for i, x := range v.AsVector() {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendFloatLiteral(b, float64(x), 32)
		}
		return append(b, "])"...)
	case KindList, KindTuple, KindComposite:
		if IsShapedArray(v) {
			return Nested(v).appendLiteral(b)
		}
		open, close := byte('['), byte(']')
		if v.kind != KindList {
			open, close = '(', ')'
		}
		b = append(b, open)
		xs := v.AsList()
		for i, x := range xs {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = x.appendLiteral(b)
		}
		if v.kind == KindTuple && len(xs) == 1 {
			b = append(b, ',')
		}
		return append(b, close)
	case KindObject:
		o := v.AsObject()
		if o.Len() == 0 {
			return append(b, "{}"...)
		}
		b = append(b, "{ "...)
		for i := 0; i < o.Len(); i++ {
			if i > 0 {
				b = append(b, ", "...)
			}
			if isIdent(o.names[i]) {
				b = append(b, o.names[i]...)
			} else {
				b = appendQuoted(b, o.names[i])
			}
			b = append(b, ": "...)
			b = o.vals[i].appendLiteral(b)
		}
		return append(b, " }"...)
	case KindFunc:
		return append(b, funcName(v)...)
	}
	return append(b, "<invalid>"...)
}

// appendFloatLiteral writes a float so that it reads back as a float
// (1.0, not 1) with its width suffix when it is an f32.
func appendFloatLiteral(b []byte, f float64, bitsz int) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		b = appendFloatPG(b, f, bitsz)
		if bitsz == 32 {
			b = append(b, "_f32"...)
		}
		return b
	}
	start := len(b)
	b = strconv.AppendFloat(b, f, 'g', -1, bitsz)
	lit := b[start:]
	if !strings.ContainsAny(string(lit), ".eEnN") { // not 1e+06, NaN, Inf
		b = append(b, ".0"...)
	}
	if bitsz == 32 {
		b = append(b, "_f32"...)
	}
	return b
}

// appendRecordKey writes the @key part of a record id.
// appendRecordID appends the literal of record id v. An integer key (held
// in v itself, the commonest: every traversal's vertices) is appended
// without copying v into a RecordID and its key into a Value on the way:
// those copies were most of writing a traversal's results.
func (v Value) appendRecordID(b []byte) []byte {
	if v.ref == nil {
		b = append(b, v.s...)
		b = append(b, '.', '@')
		if IntWidth(v.sub) == U64 {
			return strconv.AppendUint(b, v.n, 10)
		}
		return strconv.AppendInt(b, int64(v.n), 10)
	}
	r := v.AsRecordID()
	b = append(b, r.Table...)
	b = append(b, '.')
	return appendRecordKey(b, r.Key)
}

func appendRecordKey(b []byte, key Value) []byte {
	switch key.kind {
	case KindSymbol, KindString:
		return appendSymbol(b, key.s)
	case KindInt:
		b = append(b, '@')
		if IntWidth(key.sub) == U64 {
			return strconv.AppendUint(b, key.n, 10)
		}
		return strconv.AppendInt(b, int64(key.n), 10)
	case KindTuple:
		b = append(b, '@')
		return key.appendLiteral(b)
	}
	b = append(b, "@("...)
	b = key.appendLiteral(b)
	return append(b, ')')
}

func appendSymbol(b []byte, name string) []byte {
	b = append(b, '@')
	if isIdent(name) || isHexSymbol(name) {
		return append(b, name...)
	}
	b = append(b, '`')
	b = append(b, name...)
	return append(b, '`')
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9' {
			continue
		}
		return false
	}
	return true
}

func isHexSymbol(s string) bool {
	if len(s) < 3 || s[0] != '0' || s[1] != 'x' {
		return false
	}
	for i := 2; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// appendQuoted writes a ZQL string literal.
func appendQuoted(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '"':
			b = append(b, `\"`...)
		case r == '\\':
			b = append(b, `\\`...)
		case r == '\n':
			b = append(b, `\n`...)
		case r == '\t':
			b = append(b, `\t`...)
		case r == '\r':
			b = append(b, `\r`...)
		case r == 0:
			b = append(b, `\0`...)
		case r < 0x20 || r == 0x7f || (r == utf8.RuneError && size == 1):
			if r == utf8.RuneError {
				r = rune(s[i])
			}
			b = append(b, `\u{`...)
			b = strconv.AppendUint(b, uint64(r), 16)
			b = append(b, '}')
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

func writeFieldName(b *strings.Builder, name string) {
	if isIdent(name) {
		b.WriteString(name)
		return
	}
	b.Write(appendQuoted(nil, name))
}

func appendRegex(b []byte, v Value) []byte {
	b = append(b, "!/"...)
	b = append(b, v.s...)
	b = append(b, '/')
	return append(b, regexFlags(v)...)
}

func appendRange(b []byte, r *Range) []byte {
	if r.Lo.kind != KindNone {
		b = r.Lo.appendLiteral(b)
	}
	b = append(b, ".."...)
	if r.Inclusive {
		b = append(b, '=')
	}
	if r.Hi.kind != KindNone {
		b = r.Hi.appendLiteral(b)
	}
	return b
}

const hexDigits = "0123456789abcdef"

func appendUUID(b []byte, u [16]byte) []byte {
	for i, c := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, hexDigits[c>>4], hexDigits[c&15])
	}
	return b
}
