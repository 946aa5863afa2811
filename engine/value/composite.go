package value

import (
	"hash/fnv"
	"strings"
	"time"

	"github.com/zerodb/zerodb/errs"
)

// Composites: SQL's row values (ROW(1, 'a'), a table's whole row, a
// column of a CREATE TYPE ... AS (...) type) are KindComposite values
// holding their fields in order. A value does not know its field names
// or types: its static Type does (Kind KindComposite, Fields the
// attributes, Name the named type's name, "" for the anonymous record),
// as a date's does, so a composite costs a slice of values and nothing
// per field. Compare orders composites field by field with a NULL field
// equal to another NULL and after every other value: PostgreSQL's
// record_cmp (btree order), which =, <, DISTINCT, GROUP BY and ORDER BY
// of composite values use. The SQL-standard comparison of two row
// constructors, where NULL fields make the result unknown, is the SQL
// front end's (it expands it into comparisons of the fields).

// Composite is the composite value of fields (do not modify them after).
func Composite(fields []Value) Value { return Value{kind: KindComposite, ref: fields} }

// CompositeType is the composite type named name ("" for record) with
// the given attributes.
func CompositeType(name string, fields []Field) Type {
	return Type{Kind: KindComposite, Name: name, Fields: fields}
}

// IsComposite reports a composite type.
func (t Type) IsComposite() bool { return t.Kind == KindComposite && !t.Array }

// OIDRecordArray is record[]'s OID.
const OIDRecordArray uint32 = 2287

// CompositeOID is the type OID of the named composite type name (made by
// CREATE TYPE name AS (...), or a table's row type): like an enum's, a
// hash of the name (such types have no catalog id), its top bits 010 —
// clear of enums' 1x and of the OIDs derived from catalog ids, which
// stay far below 2^29. The array of it has the third bit set.
func CompositeOID(name string) uint32 {
	h := fnv.New32a()
	h.Write([]byte("composite\x00"))
	h.Write([]byte(name))
	return h.Sum32()&^(7<<29) | 1<<30
}

const compositeArrayBit = 1 << 29

// CompositeArrayOID is the type OID of the array of the named composite
// type name.
func CompositeArrayOID(name string) uint32 { return CompositeOID(name) | compositeArrayBit }

// IsCompositeOID reports whether oid may be the OID of a named composite
// or of its array.
func IsCompositeOID(oid uint32) bool { return oid>>30 == 1 }

// compositeOID is the OID of composite type t.
func (t Type) compositeOID() uint32 {
	if t.Name != "" {
		return CompositeOID(t.Name)
	}
	return OIDRecord
}

// compareCompositeFields is record_cmp's order of two fields: NULLs
// equal to each other and after everything else.
func compareCompositeFields(a, b Value) int {
	switch an, bn := a.IsNone(), b.IsNone(); {
	case an && bn:
		return 0
	case an:
		return 1
	case bn:
		return -1
	}
	return Compare(a, b)
}

// fieldType is the type of field i of composite type t for the value x:
// the declared one, or x's own where t does not say (a record of unknown
// shape).
func (t Type) fieldType(i int, x Value) Type {
	if i < len(t.Fields) {
		return t.Fields[i].Type
	}
	return TypeOf(x)
}

// appendCompositeText writes v as record_out does: "(1,abc,,\"a b\")",
// a NULL field empty, a field quoted when it is empty or holds a
// parenthesis, comma, quote, backslash or white space, quotes and
// backslashes inside doubled.
func appendCompositeText(buf []byte, v Value, t Type, loc *time.Location) ([]byte, error) {
	if v.kind != KindComposite {
		return buf, mismatch(v, t)
	}
	buf = append(buf, '(')
	var tmp []byte
	for i, x := range v.AsList() {
		if i > 0 {
			buf = append(buf, ',')
		}
		if x.IsNone() && !x.IsJSONNull() {
			continue
		}
		var err error
		if tmp, err = appendText(tmp[:0], x, t.fieldType(i, x), loc); err != nil {
			return buf, err
		}
		buf = AppendRecordField(buf, tmp)
	}
	return append(buf, ')'), nil
}

// AppendRecordField writes one field's text s as record_out does,
// quoted when it must be.
func AppendRecordField[S string | []byte](buf []byte, s S) []byte {
	quote := len(s) == 0
	for i := 0; i < len(s) && !quote; i++ {
		switch s[i] {
		case '"', '\\', '(', ')', ',', ' ', '\t', '\n', '\r', '\v', '\f':
			quote = true
		}
	}
	if !quote {
		return append(buf, s...)
	}
	buf = append(buf, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			buf = append(buf, s[i])
		}
		buf = append(buf, s[i])
	}
	return append(buf, '"')
}

func malformedRecord(s, detail string) error {
	return errs.New(errs.InvalidTextRepresentation, "malformed record literal: \"%s\"", s).WithDetail("%s", detail)
}

// SplitRecordText reads record_in's text form of a composite with n
// fields into the fields' texts; ok[i] is false for a NULL field (an
// empty unquoted one). It follows PostgreSQL's record_in: white space
// around the parentheses is skipped, inside them kept; a backslash
// takes the next character as it is, a doubled quote inside quotes is
// one quote.
func SplitRecordText(s string, n int) (fields []string, present []bool, err error) {
	i := 0
	for i < len(s) && pgSpace(s[i]) {
		i++
	}
	if i >= len(s) || s[i] != '(' {
		return nil, nil, malformedRecord(s, "Missing left parenthesis.")
	}
	i++
	fields, present = make([]string, n), make([]bool, n)
	var b strings.Builder
	for f := 0; f < n; f++ {
		if f > 0 {
			if i < len(s) && s[i] == ',' {
				i++
			} else {
				return nil, nil, malformedRecord(s, "Too few columns.")
			}
		}
		if i < len(s) && (s[i] == ',' || s[i] == ')') {
			continue // NULL
		}
		b.Reset()
		inQuote := false
		for inQuote || i >= len(s) || (s[i] != ',' && s[i] != ')') {
			if i >= len(s) {
				return nil, nil, malformedRecord(s, "Unexpected end of input.")
			}
			c := s[i]
			i++
			switch {
			case c == '\\':
				if i >= len(s) {
					return nil, nil, malformedRecord(s, "Unexpected end of input.")
				}
				b.WriteByte(s[i])
				i++
			case c == '"' && !inQuote:
				inQuote = true
			case c == '"' && i < len(s) && s[i] == '"':
				b.WriteByte('"')
				i++
			case c == '"':
				inQuote = false
			default:
				b.WriteByte(c)
			}
		}
		fields[f], present[f] = b.String(), true
	}
	if i >= len(s) || s[i] != ')' {
		return nil, nil, malformedRecord(s, "Too many columns.")
	}
	i++
	for i < len(s) && pgSpace(s[i]) {
		i++
	}
	if i < len(s) {
		return nil, nil, malformedRecord(s, "Junk after right parenthesis.")
	}
	return fields, present, nil
}

// parseCompositeText is record_in for composite type t: each field's
// text read as its attribute's type.
func parseCompositeText(s string, t Type, loc *time.Location) (Value, error) {
	if len(t.Fields) == 0 && t.Name == "" {
		return None, errs.New(errs.FeatureNotSupported, "input of anonymous composite types is not implemented")
	}
	texts, present, err := SplitRecordText(s, len(t.Fields))
	if err != nil {
		return None, err
	}
	out := make([]Value, len(texts))
	for i, x := range texts {
		if !present[i] {
			continue
		}
		if out[i], err = parseText(x, t.Fields[i].Type, loc); err != nil {
			return None, err
		}
	}
	return Composite(out), nil
}

// convertComposite converts v to composite type t: a composite field by
// field (the counts must agree), text by record_in.
func convertComposite(v Value, t Type, explicit bool, loc *time.Location) (Value, error) {
	switch v.kind {
	case KindString:
		return parseCompositeText(v.s, t, loc)
	case KindComposite:
		xs := v.AsList()
		if t.Fields == nil {
			return v, nil
		}
		if len(xs) != len(t.Fields) {
			detail := "Input has too many columns."
			if len(xs) < len(t.Fields) {
				detail = "Input has too few columns."
			}
			return None, errs.New(errs.CannotCoerce, "cannot cast type record to %s", t.SQLName()).WithDetail("%s", detail)
		}
		out, err := mapElems(xs, func(i int, x Value) (Value, error) { return convert(x, t.Fields[i].Type, explicit, loc) })
		if err != nil {
			return None, err
		}
		return Composite(out), nil
	}
	return None, errCannotCast(v, t)
}
