package session

import (
	"encoding/binary"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// Composites in binary format: record_send writes the number of
// fields, then per field its type OID and its binary form (length
// prefixed, -1 for NULL). The row writer renders a column as text, which
// does not say the fields' types: the column's type does.

// compositeColumn reports a column type whose binary form needs its
// value.Type: a composite or an array of composites.
func compositeColumn(t value.Type) bool {
	if t.Array && t.Elem != nil {
		t = *t.Elem
	}
	return t.IsComposite() || userRangeType(t)
}

// userRangeType reports a range or multirange type of one's own, whose
// OID does not say its subtype.
func userRangeType(t value.Type) bool {
	return t.Kind == value.KindSQLRange && t.Range == value.RangeUser || t.IsMultirange() && t.Elem.Range == value.RangeUser
}

// compositeTextToBinary is the binary form of a composite (or array of
// composites) column value given in text.
func compositeTextToBinary(buf []byte, text []byte, t value.Type) ([]byte, error) {
	v, err := value.ParseText(string(text), t)
	if err != nil {
		return buf, errs.New(errs.InternalError, "cannot send %q in binary format (type %s)", text, t.SQLName())
	}
	return appendValueBinary(buf, v, t)
}

// appendValueBinary writes the binary form of v, of type t.
func appendValueBinary(buf []byte, v value.Value, t value.Type) ([]byte, error) {
	switch {
	case t.IsComposite():
		xs := v.AsList()
		buf = binary.BigEndian.AppendUint32(buf, uint32(len(xs)))
		for i, x := range xs {
			ft := value.TypeText
			if i < len(t.Fields) {
				ft = t.Fields[i].Type
			}
			buf = binary.BigEndian.AppendUint32(buf, ft.OID())
			var err error
			if buf, err = appendLenPrefixed(buf, x, func(b []byte, x value.Value) ([]byte, error) { return appendValueBinary(b, x, ft) }); err != nil {
				return buf, err
			}
		}
		return buf, nil
	case t.Kind == value.KindSQLRange:
		et := t.RangeElem()
		return value.AppendRangeBinary(buf, v.AsSQLRange(), func(b []byte, x value.Value) ([]byte, error) { return appendValueBinary(b, x, et) })
	case t.IsMultirange():
		// multirange_send: the count, then each range length-prefixed.
		xs := v.AsList()
		buf = binary.BigEndian.AppendUint32(buf, uint32(len(xs)))
		for _, x := range xs {
			var err error
			if buf, err = appendLenPrefixed(buf, x, func(b []byte, x value.Value) ([]byte, error) { return appendValueBinary(b, x, *t.Elem) }); err != nil {
				return buf, err
			}
		}
		return buf, nil
	case compositeColumn(t):
		et := *t.Elem
		return appendArraySend(buf, v, et.OID(), func(b []byte, x value.Value) ([]byte, error) { return appendValueBinary(b, x, et) })
	}
	text, err := value.AppendText(nil, v, t)
	if err != nil {
		return buf, err
	}
	return textToBinary(buf, text, t.OID())
}

// decodeBinaryComposite is record_recv: a binary-format parameter of
// composite type t, each field read as t's attribute (the field OIDs the
// client sends must be the attributes', as PostgreSQL checks).
func decodeBinaryComposite(raw []byte, t value.Type, param int) (value.Value, error) {
	if len(raw) < 4 || len(t.Fields) == 0 {
		return value.None, badBinary(param)
	}
	n := int(binary.BigEndian.Uint32(raw))
	raw = raw[4:]
	if n != len(t.Fields) {
		return value.None, errs.New(errs.DatatypeMismatch, "wrong number of columns: %d, expected %d", n, len(t.Fields))
	}
	xs := make([]value.Value, n)
	for i, f := range t.Fields {
		if len(raw) < 8 {
			return value.None, badBinary(param)
		}
		if oid := binary.BigEndian.Uint32(raw); oid != f.Type.OID() {
			return value.None, errs.New(errs.DatatypeMismatch, "binary data has type %d instead of expected %d in record column %d", oid, f.Type.OID(), i+1)
		}
		l := int32(binary.BigEndian.Uint32(raw[4:]))
		raw = raw[8:]
		if l < 0 {
			continue // NULL
		}
		if int(l) > len(raw) {
			return value.None, badBinary(param)
		}
		x, err := decodeBinaryParam(raw[:l], f.Type, param)
		if err != nil {
			return value.None, err
		}
		xs[i], raw = x, raw[l:]
	}
	if len(raw) != 0 {
		return value.None, badBinary(param)
	}
	return value.Composite(xs), nil
}
