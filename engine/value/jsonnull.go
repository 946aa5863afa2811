package value

import "github.com/zerodb/zerodb/errs"

// JSONNull is jsonb's null: a JSON value that is not SQL NULL ('null'::jsonb
// IS NULL is false, '{"a":null}'::jsonb -> 'a' is this value while ->> 'a'
// is SQL NULL). It is a none with a flag, so that ZQL, which has one
// none, sees it as none everywhere (IsNone, Compare, Equal, Hash and JSON
// rendering treat both alike); only the SQL paths that must tell the two
// apart ask IsSQLNull or IsJSONNull. Only jsonb input produces it.
var JSONNull = Value{sub: jsonNullSub}

const jsonNullSub = 1

// IsJSONNull reports whether v is jsonb's null (not SQL NULL).
func (v Value) IsJSONNull() bool { return v.kind == KindNone && v.sub == jsonNullSub }

// IsSQLNull reports whether v is SQL NULL: none, but not jsonb's null.
func (v Value) IsSQLNull() bool { return v.kind == KindNone && v.sub != jsonNullSub }

// JSONElement is v as an element read out of a jsonb container: a none
// there is JSON null (containers built from SQL NULLs, and jsonb stored
// before JSON null had its own encoding, hold plain none).
func JSONElement(v Value) Value {
	if v.kind == KindNone {
		return JSONNull
	}
	return v
}

// convertJSONNull is PostgreSQL's cast of a jsonb null: jsonb (and Any)
// keep it, text is "null", and every other type refuses it.
func convertJSONNull(t Type) (Value, error) {
	switch {
	case t.IsJSONB() || t.Kind == KindAny:
		return JSONNull, nil
	case t.Kind == KindString:
		return String("null"), nil
	}
	return None, errs.New(errs.InvalidParameterValue, "cannot cast jsonb null to type %s", t.SQLName())
}

// JSONTypeName is the JSON type of a jsonb value as jsonb_typeof and
// SQL/JSON path's .type() name it: object, array, string, number,
// boolean or null (kinds JSON has not are shown as strings).
func JSONTypeName(v Value) string {
	switch v.kind {
	case KindNone:
		return "null"
	case KindBool:
		return "boolean"
	case KindInt, KindFloat, KindDecimal:
		return "number"
	case KindList, KindTuple:
		return "array"
	case KindObject:
		return "object"
	}
	return "string"
}
