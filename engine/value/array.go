package value

import (
	"strings"
	"time"

	"github.com/zerodb/zerodb/errs"
)

// ArrayOf is the SQL array type with elements of type elem (int4[] is
// ArrayOf(TypeInt4)): a list value, sent in PostgreSQL's array formats.
func ArrayOf(elem Type) Type {
	e := elem
	return Type{Kind: KindList, Elem: &e, Array: true}
}

// arrayOIDs maps an element type's OID to its array type's OID.
var arrayOIDs = map[uint32]uint32{
	OIDBool: 1000, OIDBytea: 1001, OIDInt2: 1005, OIDInt4: 1007, OIDText: 1009,
	OIDBPChar: 1014, OIDVarchar: 1015, OIDInt8: 1016, OIDFloat4: 1021, OIDFloat8: 1022,
	OIDTimestamp: 1115, OIDDate: 1182, OIDTime: 1183, OIDTimeTZ: 1270, OIDInterval: 1187, OIDTimestampTZ: 1185,
	OIDNumeric: 1231, OIDUUID: 2951, OIDJSONB: 3807, OIDJSON: 199, OIDTSVector: 3643, OIDTSQuery: 3645,
	OIDJSONPath: 4073,
	3904:        3905, 3926: 3927, 3906: 3907, 3912: 3913, 3908: 3909, 3910: 3911, // the range types
	OIDInet: 1041, OIDCIDR: 651, OIDMacaddr: 1040, OIDMacaddr8: 775,
	OIDBit: 1561, OIDVarbit: 1563,
	OIDCIText: OIDCITextArray, OIDName: 1003, OIDPgLSN: OIDPgLSNArray,
	OIDRecord: OIDRecordArray,
}

// arrayOID is the OID of the array of elem; jsonb for an element type
// PostgreSQL has no array of (arrays of arrays are jsonb too).
func arrayOID(elem *Type) uint32 {
	if elem == nil || elem.Array {
		return OIDJSONB
	}
	if o, ok := arrayOIDs[elem.OID()]; ok {
		return o
	}
	if elem.IsEnum() {
		return EnumArrayOID(elem.Name)
	}
	if elem.IsComposite() && elem.Name != "" {
		return CompositeArrayOID(elem.Name)
	}
	return OIDJSONB
}

// appendArrayText writes a list in PostgreSQL's array output format:
// {1,2,NULL}, with elements quoted when they are empty, NULL or contain
// a delimiter, brace, quote, backslash or space.
func appendArrayText(buf []byte, v Value, elem Type, loc *time.Location) ([]byte, error) {
	if v.kind != KindList && v.kind != KindTuple {
		return buf, mismatch(v, ArrayOf(elem))
	}
	buf = append(buf, '{')
	var tmp []byte
	for i, x := range v.AsList() {
		if i > 0 {
			buf = append(buf, ',')
		}
		if x.IsNone() {
			buf = append(buf, "NULL"...)
			continue
		}
		var err error
		if tmp, err = appendText(tmp[:0], x, elem, loc); err != nil {
			return buf, err
		}
		if !arrayNeedsQuote(tmp) {
			buf = append(buf, tmp...)
			continue
		}
		buf = append(buf, '"')
		for _, c := range tmp {
			if c == '"' || c == '\\' {
				buf = append(buf, '\\')
			}
			buf = append(buf, c)
		}
		buf = append(buf, '"')
	}
	return append(buf, '}'), nil
}

func arrayNeedsQuote(s []byte) bool {
	if len(s) == 0 || strings.EqualFold(string(s), "NULL") {
		return true
	}
	for _, c := range s {
		switch c {
		case '{', '}', ',', '"', '\\', ' ', '\t', '\n', '\r', '\v', '\f':
			return true
		}
	}
	return false
}

func malformedArray(s, detail string) error {
	return errs.New(errs.InvalidTextRepresentation, "malformed array literal: \"%s\"", s).WithDetail("%s", detail)
}

// parseArrayText reads PostgreSQL's array input format for a
// one-dimensional array: {a,"b c",NULL}, each element read as elem.
func parseArrayText(s string, elem Type, loc *time.Location) (Value, error) {
	t := trimPGSpace(s)
	if !strings.HasPrefix(t, "{") {
		if strings.HasPrefix(t, "[") {
			return None, errs.New(errs.FeatureNotSupported, "array bounds are not supported")
		}
		return None, malformedArray(s, `Array value must start with "{" or dimension information.`)
	}
	t = t[1:]
	out := []Value{}
	if u := trimPGSpace(t); u == "}" {
		return List(out), nil
	}
	var b strings.Builder
	for {
		t = strings.TrimLeft(t, " \t\n\r\v\f")
		if t == "" {
			return None, malformedArray(s, "Unexpected end of input.")
		}
		if t[0] == '{' {
			return None, errs.New(errs.FeatureNotSupported, "multidimensional arrays are not supported")
		}
		b.Reset()
		quoted, null := false, false
		if t[0] == '"' {
			quoted = true
			t = t[1:]
			for {
				if t == "" {
					return None, malformedArray(s, "Unexpected end of input.")
				}
				c := t[0]
				t = t[1:]
				if c == '"' {
					break
				}
				if c == '\\' {
					if t == "" {
						return None, malformedArray(s, "Unexpected end of input.")
					}
					c, t = t[0], t[1:]
				}
				b.WriteByte(c)
			}
			t = strings.TrimLeft(t, " \t\n\r\v\f")
			if t != "" && t[0] != ',' && t[0] != '}' {
				return None, malformedArray(s, "Unexpected array element.")
			}
		} else {
			for t != "" && t[0] != ',' && t[0] != '}' {
				c := t[0]
				t = t[1:]
				switch c {
				case '"', '{':
					return None, malformedArray(s, "Unexpected array element.")
				case '\\':
					if t == "" {
						return None, malformedArray(s, "Unexpected end of input.")
					}
					c, t = t[0], t[1:]
				}
				b.WriteByte(c)
			}
			raw := strings.TrimRight(b.String(), " \t\n\r\v\f")
			if raw == "" {
				return None, malformedArray(s, "Unexpected \"}\" character.")
			}
			b.Reset()
			b.WriteString(raw)
			null = strings.EqualFold(raw, "NULL")
		}
		if t == "" {
			return None, malformedArray(s, "Unexpected end of input.")
		}
		if null && !quoted {
			out = append(out, None)
		} else {
			v, err := parseText(b.String(), elem, loc)
			if err != nil {
				return None, err
			}
			out = append(out, v)
		}
		c := t[0]
		t = t[1:]
		if c == '}' {
			if trimPGSpace(t) != "" {
				return None, malformedArray(s, "Junk after closing right brace.")
			}
			return List(out), nil
		}
	}
}

// arrayElemOIDs inverts arrayOIDs (never written after): ArrayElemOID
// runs for every binary result value, where ranging over arrayOIDs took
// 7% of an indexed point read's CPU.
var arrayElemOIDs = func() map[uint32]uint32 {
	m := make(map[uint32]uint32, len(arrayOIDs))
	for elem, arr := range arrayOIDs {
		m[arr] = elem
	}
	return m
}()

// ArrayElemOID is the element type OID of an array type OID.
func ArrayElemOID(oid uint32) (uint32, bool) {
	if oid>>30 == 3 {
		return oid &^ (1 << 30), true // an enum's array (EnumArrayOID)
	}
	if oid>>30 == 1 && oid&compositeArrayBit != 0 {
		return oid &^ compositeArrayBit, true // a composite's array
	}
	elem, ok := arrayElemOIDs[oid]
	return elem, ok
}

// TypeOfOID is the type of a PostgreSQL type OID (text for name; Any for one zerodb has no type for): the parameter
// types a client declares, the element type of an array.
func TypeOfOID(oid uint32) Type {
	if IsEnumOID(oid) {
		// An enum's labels as text: the type knows no labels to check,
		// which the value's destination does.
		return TypeText
	}
	switch oid {
	case OIDBool:
		return TypeBool
	case OIDInt2:
		return TypeInt2
	case OIDInt4:
		return TypeInt4
	case OIDInt8:
		return TypeInt8
	case OIDFloat4:
		return TypeFloat4
	case OIDFloat8:
		return TypeFloat8
	case OIDNumeric:
		return TypeNumeric
	case OIDText:
		return TypeText
	case OIDName:
		return TypeName
	case OIDVarchar:
		return Type{Kind: KindString, Varchar: true}
	case OIDBPChar:
		return Type{Kind: KindString, BPChar: true}
	case OIDCIText:
		return TypeCIText
	case OIDPgLSN:
		return TypePgLSN
	case OIDJSON:
		return TypeJSON
	case OIDJSONB:
		return TypeJSONB
	case OIDJSONPath:
		return TypeJSONPath
	case OIDTimestamp:
		return TypeTimestamp
	case OIDTimestampTZ:
		return TypeTimestampTZ
	case OIDBytea:
		return TypeBytea
	case OIDUUID:
		return TypeUUID
	case OIDInterval:
		return TypeInterval
	case OIDDate:
		return TypeDate
	case OIDTime:
		return TypeTime
	case OIDTimeTZ:
		return TypeTimeTZ
	}
	if k, ok := RangeKindOfOID(oid); ok {
		return k.Type()
	}
	if k, ok := NetKindOfOID(oid); ok {
		return k.Type()
	}
	switch oid {
	case OIDBit:
		return TypeBit
	case OIDVarbit:
		return TypeVarbit
	}
	if elem, ok := ArrayElemOID(oid); ok {
		return ArrayOf(TypeOfOID(elem))
	}
	return Any
}
