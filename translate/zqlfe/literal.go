package zqlfe

import (
	"math"
	"strconv"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/lang"
)

// intWidths maps integer suffixes to widths and ranges.
func intWidth(suffix string) (w value.IntWidth, lo int64, hi uint64, ok bool) {
	switch suffix {
	case "", "i64":
		return value.I64, math.MinInt64, math.MaxInt64, true
	case "i8":
		return value.I8, math.MinInt8, math.MaxInt8, true
	case "i16":
		return value.I16, math.MinInt16, math.MaxInt16, true
	case "i32":
		return value.I32, math.MinInt32, math.MaxInt32, true
	case "u8":
		return value.U8, 0, math.MaxUint8, true
	case "u16":
		return value.U16, 0, math.MaxUint16, true
	case "u32":
		return value.U32, 0, math.MaxUint32, true
	case "u64":
		return value.U64, 0, math.MaxUint64, true
	}
	return 0, 0, 0, false
}

// intValue is the value of an integer literal, negated when it is the
// operand of a unary minus (so that -128_i8 and -9223372036854775808 fit).
func (t *translator) intValue(l *lang.IntLit, neg bool) (value.Value, error) {
	if l.Suffix == "f32" || l.Suffix == "f64" {
		return floatValue(float64(l.Value), l.Suffix, neg), nil
	}
	w, lo, hi, ok := intWidth(l.Suffix)
	if !ok {
		return value.None, errAt(errs.SyntaxError, t.at(l), "unknown integer suffix %q", l.Suffix)
	}
	typ := value.Type{Kind: value.KindInt, Width: w}
	if neg {
		// The magnitude of lo is -lo, which overflows int64 for
		// MinInt64: compute it as uint64.
		var maxNeg uint64
		if lo < 0 {
			maxNeg = uint64(-(lo + 1)) + 1
		}
		if l.Value > maxNeg {
			return value.None, errAt(errs.NumericValueOutOfRange, t.at(l), "integer -%d out of range for type %s", l.Value, typ)
		}
		if l.Value == 0 {
			return value.IntW(0, w), nil
		}
		return value.IntW(int64(-l.Value), w), nil
	}
	if l.Value > hi {
		return value.None, errAt(errs.NumericValueOutOfRange, t.at(l), "integer %d out of range for type %s", l.Value, typ)
	}
	if w == value.U64 {
		return value.Uint64(l.Value), nil
	}
	return value.IntW(int64(l.Value), w), nil
}

func floatValue(f float64, suffix string, neg bool) value.Value {
	if neg {
		f = -f
	}
	if suffix == "f32" {
		return value.Float32(float32(f))
	}
	return value.Float(f)
}

func (t *translator) regexValue(l *lang.RegexLit) (value.Value, error) {
	re, err := value.NewRegex(l.Pattern, l.Flags)
	if err != nil {
		return value.None, withPos(err, t.at(l))
	}
	return value.RegexOf(re), nil
}

// symbolKey is the record key a symbol names: decimal digits are an
// integer key (persons.@42), anything else a symbol (as value.ParseRecordID
// reads the rendered form back).
func symbolKey(s *lang.SymbolLit) value.Value {
	if s.Form == lang.SymbolNumber {
		digits := strings.ReplaceAll(s.Name, "_", "")
		if n, err := strconv.ParseInt(digits, 10, 64); err == nil {
			return value.Int(n)
		}
	}
	return value.Symbol(s.Name)
}

// keyType is the declared type of a table's single primary-key column, or
// nil when its keys are untyped (ZQL tables).
func keyType(tb *catalog.Table) *value.Type {
	if len(tb.PrimaryKey) != 1 {
		return nil
	}
	f, _, ok := tb.FieldByName(tb.PrimaryKey[0])
	if !ok || f.Type.Kind == value.KindAny {
		return nil
	}
	return &f.Type
}

// convertKey brings a constant record key to the type of the table's
// primary key: `users.@2` on a SQL table keyed by an int column means key
// 2, and on a text key means "2".
func (t *translator) convertKey(tb *catalog.Table, k value.Value, pos int) (value.Value, error) {
	kt := keyType(tb)
	if kt == nil || k.IsNone() {
		return k, nil
	}
	bad := func() (value.Value, error) {
		return value.None, errAt(errs.DatatypeMismatch, pos, "%s is not a valid key for table %q: its key %q is of type %s",
			k, tb.Name, tb.PrimaryKey[0], kt)
	}
	switch kt.Kind {
	case value.KindString:
		switch k.Kind() {
		case value.KindSymbol:
			return value.String(k.AsString()), nil
		case value.KindInt:
			if k.Width() == value.U64 {
				return value.String(strconv.FormatUint(k.AsUint64(), 10)), nil
			}
			return value.String(strconv.FormatInt(k.AsInt(), 10)), nil
		}
	case value.KindSymbol:
		if k.Kind() == value.KindString {
			return value.Symbol(k.AsString()), nil
		}
	}
	c, err := value.Check(k, *kt)
	if err != nil {
		if k.Kind() == value.KindInt && hasCode(err, errs.NumericValueOutOfRange) {
			return value.None, withPos(err, pos)
		}
		return bad()
	}
	return c, nil
}
