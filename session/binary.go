package session

import (
	"encoding/binary"
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/pgwire"
)

// binaryResultSupported reports whether a result column of type oid can
// be sent in binary format.
func binaryResultSupported(oid uint32) bool {
	if elem, ok := value.ArrayElemOID(oid); ok {
		return binaryResultSupported(elem)
	}
	if _, ok := value.RangeKindOfOID(oid); ok {
		return true
	}
	if _, ok := value.RangeKindOfMultirangeOID(oid); ok || value.IsUserRangeOID(oid) {
		return true
	}
	if _, ok := value.NetKindOfOID(oid); ok {
		return true
	}
	if _, ok := value.GeoKindOfOID(oid); ok {
		return true
	}
	if oid == value.OIDBit || oid == value.OIDVarbit || oid == value.OIDInt2Vector || oid == value.OIDOidVector {
		return true
	}
	switch oid {
	case value.OIDDate:
		return true
	case value.OIDBool, value.OIDInt2, value.OIDInt4, value.OIDInt8,
		value.OIDFloat4, value.OIDFloat8, value.OIDText, value.OIDVarchar, value.OIDCIText,
		value.OIDBPChar, value.OIDName, value.OIDChar, value.OIDJSON, value.OIDJSONB,
		value.OIDBytea, value.OIDUUID, value.OIDTimestamp, value.OIDTimestampTZ,
		value.OIDNumeric, value.OIDInterval, value.OIDVector, value.OIDTime, value.OIDTimeTZ, value.OIDJSONPath,
		value.OIDXML, value.OIDTSVector, value.OIDTSQuery, value.OIDMoney, value.OIDPgLSN, value.OIDOid, value.OIDHstore,
		value.OIDLtree, value.OIDLquery, value.OIDLtxtquery:
		return true
	}
	// An enum's binary form is its label, as text's; composites are
	// record_send's (binary_composite.go).
	return value.IsEnumOID(oid) || oid == value.OIDRecord || value.IsCompositeOID(oid)
}

func badBinary(param int) error {
	return errs.New(errs.InvalidBinaryRepresentation, "incorrect binary data format in bind parameter %d", param)
}

// decodeBinaryParam decodes a binary-format parameter value of type t
// (param is its 1-based number, for errors).
func decodeBinaryParam(raw []byte, t value.Type, param int) (value.Value, error) {
	oid := t.OID()
	if t.Kind == value.KindNet {
		return value.ParseNetBinary(raw, t.Net)
	}
	if t.Kind == value.KindGeo {
		return value.ParseGeoBinary(raw, t.Geo)
	}
	if t.Kind == value.KindBits && !t.Array {
		return value.ParseBitsBinary(raw, t)
	}
	if t.IsComposite() {
		return decodeBinaryComposite(raw, t, param)
	}
	if t.Kind == value.KindSQLRange {
		r, err := value.ParseRangeBinary(raw, t.Range, func(b []byte) (value.Value, error) {
			return decodeBinaryParam(b, t.RangeElem(), param)
		})
		if err != nil {
			return value.None, err
		}
		return value.RangeValue(r), nil
	}
	if t.IsMultirange() {
		return decodeBinaryMultirange(raw, *t.Elem, param)
	}
	switch oid {
	case value.OIDBool:
		if len(raw) != 1 {
			return value.None, badBinary(param)
		}
		return value.Bool(raw[0] != 0), nil
	case value.OIDPgLSN:
		// pg_lsn_recv: the position as an 8-byte integer.
		if len(raw) != 8 {
			return value.None, badBinary(param)
		}
		return value.LSN(binary.BigEndian.Uint64(raw)), nil
	case value.OIDMoney:
		// cash_recv: the cents as an 8-byte integer.
		if len(raw) != 8 {
			return value.None, badBinary(param)
		}
		return value.Money(int64(binary.BigEndian.Uint64(raw))), nil
	case value.OIDOid:
		// oidrecv: an unsigned 4-byte integer.
		if len(raw) != 4 {
			return value.None, badBinary(param)
		}
		return value.IntW(int64(binary.BigEndian.Uint32(raw)), value.I64), nil
	case value.OIDInt2, value.OIDInt4, value.OIDInt8:
		var n int64
		switch len(raw) {
		case 2:
			n = int64(int16(binary.BigEndian.Uint16(raw)))
		case 4:
			n = int64(int32(binary.BigEndian.Uint32(raw)))
		case 8:
			n = int64(binary.BigEndian.Uint64(raw))
		default:
			return value.None, badBinary(param)
		}
		if t.Kind == value.KindInt && value.IntFits(value.Int(n), t.Width) {
			// What ParseText of its digits makes, without the digits (a
			// binary COPY's keys).
			return value.IntW(n, t.Width), nil
		}
		return value.ParseText(strconv.FormatInt(n, 10), t)
	case value.OIDFloat4, value.OIDFloat8:
		var f float64
		switch len(raw) {
		case 4:
			f = float64(math.Float32frombits(binary.BigEndian.Uint32(raw)))
		case 8:
			f = math.Float64frombits(binary.BigEndian.Uint64(raw))
		default:
			return value.None, badBinary(param)
		}
		if t.FloatBits == 32 {
			return value.Float32(float32(f)), nil
		}
		return value.Float(f), nil
	case value.OIDText, value.OIDVarchar, value.OIDBPChar, value.OIDJSON, value.OIDCIText, value.OIDXML:
		// json's binary form is its text, as text's and bpchar's are.
		return value.ParseText(string(raw), t)
	case value.OIDChar:
		return value.ParseText(strings.TrimRight(string(raw), "\x00"), t)
	case value.OIDHstore:
		return value.ParseHstoreBinary(raw)
	case value.OIDLtree, value.OIDLquery, value.OIDLtxtquery:
		// A version byte, 1, then the text (ltree_recv and the others).
		if len(raw) == 0 || raw[0] != 1 {
			return value.None, errs.New(errs.InvalidBinaryRepresentation, "unsupported %s version number %d", t.SQLName(), append(raw, 0)[0])
		}
		return value.ParseText(string(raw[1:]), t)
	case value.OIDTSVector:
		return decodeTSVectorBinary(raw, param)
	case value.OIDTSQuery:
		return decodeTSQueryBinary(raw, param)
	}
	if t.IsEnum() {
		return value.ParseText(string(raw), t) // an enum's binary form is its label
	}
	switch oid {
	case value.OIDBytea:
		return value.Bytes(append([]byte(nil), raw...)), nil
	case value.OIDUUID:
		if len(raw) != 16 {
			return value.None, badBinary(param)
		}
		var u [16]byte
		copy(u[:], raw)
		return value.UUID(u), nil
	case value.OIDDate:
		return decodeBinaryDate(raw, param)
	case value.OIDTimestamp, value.OIDTimestampTZ:
		if len(raw) != 8 {
			return value.None, badBinary(param)
		}
		// Microseconds since 2000-01-01, as a datetime holds them;
		// MaxInt64 and MinInt64 are the infinities in both.
		return value.DatetimeFromMicros(int64(binary.BigEndian.Uint64(raw)), t.WithTZ)
	case value.OIDTime:
		// microseconds since midnight (time_recv)
		if len(raw) != 8 {
			return value.None, badBinary(param)
		}
		us := int64(binary.BigEndian.Uint64(raw))
		if us < 0 || us > 24*3600*1_000_000 {
			return value.None, errs.New(errs.DatetimeFieldOverflow, "time out of range")
		}
		return value.Convert(value.TimeOfDay(us), t)
	case value.OIDTimeTZ:
		// microseconds since midnight, then the offset in seconds west
		// of UTC (timetz_recv)
		if len(raw) != 12 {
			return value.None, badBinary(param)
		}
		us := int64(binary.BigEndian.Uint64(raw))
		west := int64(int32(binary.BigEndian.Uint32(raw[8:])))
		if us < 0 || us > 24*3600*1_000_000 {
			return value.None, errs.New(errs.DatetimeFieldOverflow, "time out of range")
		}
		if west < -value.MaxTimeTZOffset || west > value.MaxTimeTZOffset {
			return value.None, errs.New(errs.InvalidTimeZoneDisplacement, "time zone displacement out of range")
		}
		return value.Convert(value.TimeTZ(us, int(-west)), t)
	case value.OIDInterval:
		// microseconds, days, months. zerodb's interval is an exact
		// duration; a month counts as 30 days, as in interval input.
		if len(raw) != 16 {
			return value.None, badBinary(param)
		}
		return value.IntervalOf(value.Interval{
			Micros: int64(binary.BigEndian.Uint64(raw)),
			Days:   int32(binary.BigEndian.Uint32(raw[8:])),
			Months: int32(binary.BigEndian.Uint32(raw[12:])),
		}), nil
	case value.OIDNumeric:
		s, ok := numericText(raw)
		if !ok {
			return value.None, badBinary(param)
		}
		return value.ParseText(s, t)
	case value.OIDJSONB:
		return decodeBinaryJSONB(nil, raw, t)
	case value.OIDVector:
		return decodeVectorBinary(raw, t, param)
	}
	if t.Kind == value.KindList && t.Array {
		return decodeBinaryArray(raw, t, param)
	}
	return value.None, errs.New(errs.FeatureNotSupported, "binary format is not supported for parameter $%d (type OID %d)", param, oid)
}

// decodeBinaryJSONB decodes jsonb's binary form (a version byte, 1, then
// the text) with tp, which may be nil (see value.TextParser).
func decodeBinaryJSONB(tp *value.TextParser, raw []byte, t value.Type) (value.Value, error) {
	text, err := binaryJSONBText(raw)
	if err != nil {
		return value.None, err
	}
	return tp.Parse(string(text), t)
}

// binaryJSONBText is the text of jsonb's binary form raw.
func binaryJSONBText(raw []byte) ([]byte, error) {
	if len(raw) == 0 || raw[0] != 1 {
		return nil, errs.New(errs.InvalidBinaryRepresentation, "unsupported jsonb version number %d", firstByte(raw))
	}
	return raw[1:], nil
}

func firstByte(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	return int(b[0])
}

const (
	numericPos  = 0x0000
	numericNeg  = 0x4000
	numericNaN  = 0xC000
	numericPInf = 0xD000
	numericNInf = 0xF000

	numericDScaleMax = 0x3FFF
)

// numericText is the text form of a binary numeric.
func numericText(raw []byte) (string, bool) {
	if len(raw) < 8 {
		return "", false
	}
	ndigits := int(binary.BigEndian.Uint16(raw))
	weight := int(int16(binary.BigEndian.Uint16(raw[2:])))
	sign := binary.BigEndian.Uint16(raw[4:])
	dscale := int(binary.BigEndian.Uint16(raw[6:]))
	if len(raw) != 8+2*ndigits {
		return "", false
	}
	switch sign {
	case numericNaN:
		return "NaN", true
	case numericPInf:
		return "Infinity", true
	case numericNInf:
		return "-Infinity", true
	case numericPos, numericNeg:
	default:
		return "", false
	}
	// numeric_recv refuses a base-10000 digit past 9999 wherever it
	// stands, and a scale past NUMERIC_DSCALE_MAX.
	if dscale > numericDScaleMax {
		return "", false
	}
	for i := range ndigits {
		if binary.BigEndian.Uint16(raw[8+2*i:]) > 9999 {
			return "", false
		}
	}
	digit := func(i int) int {
		if i < 0 || i >= ndigits {
			return 0
		}
		return int(binary.BigEndian.Uint16(raw[8+2*i:]))
	}
	var b strings.Builder
	if sign == numericNeg {
		b.WriteByte('-')
	}
	if weight < 0 {
		b.WriteByte('0')
	} else {
		for i := 0; i <= weight; i++ {
			d := digit(i)
			if i == 0 {
				b.WriteString(strconv.Itoa(d))
			} else {
				b.WriteString(pad4(d))
			}
		}
	}
	if dscale > 0 {
		var frac strings.Builder
		for i := weight + 1; frac.Len() < dscale; i++ {
			frac.WriteString(pad4(digit(i)))
		}
		b.WriteByte('.')
		b.WriteString(frac.String()[:dscale])
	}
	return b.String(), true
}

func pad4(d int) string {
	s := strconv.Itoa(d)
	return strings.Repeat("0", 4-len(s)) + s
}

// appendNumericBinary appends the binary form of a numeric's text.
func appendNumericBinary(buf []byte, s string) ([]byte, bool) {
	header := func(ndigits, weight int, sign uint16, dscale int) []byte {
		buf = binary.BigEndian.AppendUint16(buf, uint16(ndigits))
		buf = binary.BigEndian.AppendUint16(buf, uint16(int16(weight)))
		buf = binary.BigEndian.AppendUint16(buf, sign)
		return binary.BigEndian.AppendUint16(buf, uint16(dscale))
	}
	switch s {
	case "NaN":
		return header(0, 0, numericNaN, 0), true
	case "Infinity":
		return header(0, 0, numericPInf, 0), true
	case "-Infinity":
		return header(0, 0, numericNInf, 0), true
	}
	sign := uint16(numericPos)
	if strings.HasPrefix(s, "-") {
		sign, s = numericNeg, s[1:]
	}
	intPart, frac, _ := strings.Cut(s, ".")
	if intPart == "" && frac == "" || strings.ContainsAny(intPart+frac, "eE+-") {
		return buf, false
	}
	dscale := len(frac)
	intPart = strings.TrimLeft(intPart, "0")
	if r := len(intPart) % 4; r != 0 {
		intPart = strings.Repeat("0", 4-r) + intPart
	}
	if r := len(frac) % 4; r != 0 {
		frac += strings.Repeat("0", 4-r)
	}
	all := intPart + frac
	groups := make([]int, 0, len(all)/4)
	for i := 0; i < len(all); i += 4 {
		d, err := strconv.Atoi(all[i : i+4])
		if err != nil {
			return buf, false
		}
		groups = append(groups, d)
	}
	weight := len(intPart)/4 - 1
	for len(groups) > 0 && groups[0] == 0 {
		groups = groups[1:]
		weight--
	}
	for len(groups) > 0 && groups[len(groups)-1] == 0 {
		groups = groups[:len(groups)-1]
	}
	if len(groups) == 0 {
		weight, sign = 0, numericPos
	}
	buf = header(len(groups), weight, sign, dscale)
	for _, g := range groups {
		buf = binary.BigEndian.AppendUint16(buf, uint16(g))
	}
	return buf, true
}

// textToBinary appends the binary form of a column value of type oid
// given in text form.
func textToBinary(buf []byte, text []byte, oid uint32) ([]byte, error) {
	if k, ok := value.RangeKindOfOID(oid); ok {
		return rangeToBinary(buf, text, k)
	}
	if k, ok := value.RangeKindOfMultirangeOID(oid); ok {
		return multirangeToBinary(buf, text, k)
	}
	if oid == value.OIDInt2Vector || oid == value.OIDOidVector {
		return value.AppendIntVectorBinary(buf, string(text), oid)
	}
	if oid == value.OIDBit || oid == value.OIDVarbit {
		v, err := value.ParseBits(string(text), value.TypeBit)
		if err != nil {
			return buf, err
		}
		return value.AppendBitsBinary(buf, v), nil
	}
	if k, ok := value.NetKindOfOID(oid); ok {
		v, err := value.ParseNet(string(text), k)
		if err != nil {
			return buf, err
		}
		return value.AppendNetBinary(buf, v, k), nil
	}
	if k, ok := value.GeoKindOfOID(oid); ok {
		v, err := value.ParseGeo(string(text), k)
		if err != nil {
			return buf, err
		}
		return value.AppendGeoBinary(buf, v), nil
	}
	// The commonest types first, reading the bytes in place: a copy of
	// the text as a string would be an allocation per value.
	switch oid {
	case value.OIDInt2, value.OIDInt4, value.OIDInt8:
		n, err := strconv.ParseInt(string(text), 10, 64) // no copy: it does not escape
		if err != nil {
			return buf, errs.New(errs.InternalError, "cannot send %q in binary format (type OID %d)", text, oid)
		}
		switch oid {
		case value.OIDInt2:
			return binary.BigEndian.AppendUint16(buf, uint16(n)), nil
		case value.OIDInt4:
			return binary.BigEndian.AppendUint32(buf, uint32(n)), nil
		}
		return binary.BigEndian.AppendUint64(buf, uint64(n)), nil
	case value.OIDOid:
		n, err := strconv.ParseUint(string(text), 10, 32)
		if err != nil {
			return buf, errs.New(errs.InternalError, "cannot send %q in binary format (type OID %d)", text, oid)
		}
		return binary.BigEndian.AppendUint32(buf, uint32(n)), nil // oidsend
	case value.OIDPgLSN:
		n, err := value.ParseLSN(string(text))
		if err != nil {
			return buf, err
		}
		return binary.BigEndian.AppendUint64(buf, n), nil // pg_lsn_send
	case value.OIDMoney:
		n, err := value.ParseMoney(string(text))
		if err != nil {
			return buf, err
		}
		return binary.BigEndian.AppendUint64(buf, uint64(n)), nil // cash_send
	case value.OIDHstore:
		h, err := value.ParseHstore(string(text))
		if err != nil {
			return buf, err
		}
		return value.AppendHstoreBinary(buf, h), nil // hstore_send
	case value.OIDJSONB, value.OIDJSONPath, value.OIDLtree, value.OIDLquery, value.OIDLtxtquery:
		// A version byte, 1, then the text (jsonb_send, jsonpath_send,
		// ltree_send, lquery_send, ltxtq_send).
		return append(append(buf, 1), text...), nil
	case value.OIDText, value.OIDVarchar, value.OIDBPChar, value.OIDName, value.OIDJSON, value.OIDCIText, value.OIDXML:
		return append(buf, text...), nil
	case value.OIDChar:
		if len(text) == 0 {
			return append(buf, 0), nil // charsend's byte of the empty "char"
		}
		return append(buf, text...), nil
	}
	if value.IsEnumOID(oid) {
		return append(buf, text...), nil // an enum's label
	}
	s := string(text)
	bad := func() error {
		return errs.New(errs.InternalError, "cannot send %q in binary format (type OID %d)", s, oid)
	}
	if elem, ok := value.ArrayElemOID(oid); ok {
		return appendBinaryArray(buf, s, oid, elem)
	}
	switch oid {
	case value.OIDDate:
		out, ok := appendBinaryDate(buf, s)
		if !ok {
			return buf, bad()
		}
		return out, nil
	case value.OIDBool:
		if s == "t" || s == "true" {
			return append(buf, 1), nil
		}
		return append(buf, 0), nil
	case value.OIDFloat4, value.OIDFloat8:
		bits := 64
		if oid == value.OIDFloat4 {
			bits = 32
		}
		f, err := strconv.ParseFloat(s, bits)
		if err != nil {
			return buf, bad()
		}
		if bits == 32 {
			return binary.BigEndian.AppendUint32(buf, math.Float32bits(float32(f))), nil
		}
		return binary.BigEndian.AppendUint64(buf, math.Float64bits(f)), nil
	case value.OIDJSONB:
		return append(append(buf, 1), text...), nil
	case value.OIDVector:
		return appendVectorBinary(buf, s)
	case value.OIDTSVector:
		return appendTSVectorBinary(buf, s)
	case value.OIDTSQuery:
		return appendTSQueryBinary(buf, s)
	case value.OIDBytea:
		if !strings.HasPrefix(s, `\x`) {
			return buf, bad()
		}
		b, err := hex.DecodeString(s[2:])
		if err != nil {
			return buf, bad()
		}
		return append(buf, b...), nil
	case value.OIDUUID:
		b, err := hex.DecodeString(strings.ReplaceAll(s, "-", ""))
		if err != nil || len(b) != 16 {
			return buf, bad()
		}
		return append(buf, b...), nil
	case value.OIDTimestamp, value.OIDTimestampTZ:
		t := value.TypeTimestamp
		if oid == value.OIDTimestampTZ {
			t = value.TypeTimestampTZ
		}
		v, err := value.ParseText(s, t)
		if err != nil {
			return buf, bad()
		}
		return binary.BigEndian.AppendUint64(buf, uint64(v.DatetimeMicros())), nil
	case value.OIDTime:
		v, err := value.ParseText(s, value.TypeTime)
		if err != nil {
			return buf, bad()
		}
		return binary.BigEndian.AppendUint64(buf, uint64(v.AsTimeOfDay())), nil
	case value.OIDTimeTZ:
		v, err := value.ParseText(s, value.TypeTimeTZ)
		if err != nil {
			return buf, bad()
		}
		us, east := v.AsTimeTZ()
		buf = binary.BigEndian.AppendUint64(buf, uint64(us))
		return binary.BigEndian.AppendUint32(buf, uint32(int32(-east))), nil
	case value.OIDInterval:
		v, err := value.ParseText(s, value.TypeInterval)
		if err != nil {
			return buf, bad()
		}
		iv := v.AsInterval()
		buf = binary.BigEndian.AppendUint64(buf, uint64(iv.Micros))
		buf = binary.BigEndian.AppendUint32(buf, uint32(iv.Days))
		return binary.BigEndian.AppendUint32(buf, uint32(iv.Months)), nil
	case value.OIDNumeric:
		out, ok := appendNumericBinary(buf, s)
		if !ok {
			return buf, bad()
		}
		return out, nil
	}
	if oid == value.OIDRecord || value.IsCompositeOID(oid) {
		// record_send needs the fields' types (compositeTextToBinary).
		return buf, errs.New(errs.InternalError, "cannot send %q in binary format (type OID %d) without its type", text, oid)
	}
	// text, varchar, bpchar, name, json: the text is the binary form.
	return append(buf, text...), nil
}

// binaryWriter converts the values of binary-format columns from the
// text the row writer renders.
type binaryWriter struct {
	pgwire.ResultWriter
	formats []int16
	cols    []pgwire.Column
	// types are the columns' types, for the values whose binary form
	// their text and type OID do not give: composites.
	types []value.Type
	buf   []byte
	vals  [][]byte
	ends  []int
}

func (b *binaryWriter) reset(w pgwire.ResultWriter, formats []int16, cols []pgwire.Column, types []value.Type) {
	b.ResultWriter, b.formats, b.cols, b.types = w, formats, cols, types
}

func (b *binaryWriter) Row(values [][]byte) error {
	binaryCols := false
	for _, f := range b.formats {
		if f == 1 {
			binaryCols = true
			break
		}
	}
	if !binaryCols {
		return b.ResultWriter.Row(values)
	}
	b.buf = b.buf[:0]
	b.ends = b.ends[:0]
	for i, v := range values {
		if v == nil || i >= len(b.formats) || b.formats[i] != 1 {
			b.ends = append(b.ends, -1)
			continue
		}
		var err error
		if i < len(b.types) && compositeColumn(b.types[i]) {
			b.buf, err = compositeTextToBinary(b.buf, v, b.types[i])
		} else {
			b.buf, err = textToBinary(b.buf, v, b.cols[i].TypeOID)
		}
		if err != nil {
			return err
		}
		b.ends = append(b.ends, len(b.buf))
	}
	b.vals = append(b.vals[:0], values...)
	start := 0
	for i, end := range b.ends {
		if end < 0 {
			continue
		}
		b.vals[i] = b.buf[start:end:end]
		if start == end {
			b.vals[i] = emptyValue
		}
		start = end
	}
	return b.ResultWriter.Row(b.vals)
}

// rangeToBinary is range_send of a range given in text: each bound's
// text goes through textToBinary as its subtype. Offsets in a
// tstzrange's text keep the instants, so UTC reads them back.
func rangeToBinary(buf []byte, text []byte, k value.RangeKind) ([]byte, error) {
	r, err := value.ParseRange(string(text), k, time.UTC)
	if err != nil {
		return buf, err
	}
	return value.AppendRangeBinary(buf, r, func(b []byte, v value.Value) ([]byte, error) {
		t, err := value.AppendText(nil, v, k.Elem())
		if err != nil {
			return b, err
		}
		return textToBinary(b, t, k.Elem().OID())
	})
}

// multirangeToBinary is multirange_send: the number of ranges (4 bytes),
// then each range's length (4 bytes) and range_send form.
func multirangeToBinary(buf []byte, text []byte, k value.RangeKind) ([]byte, error) {
	v, err := value.ParseMultirange(string(text), k, time.UTC)
	if err != nil {
		return buf, err
	}
	rs := value.MultirangeRanges(v)
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(rs)))
	for _, r := range rs {
		rt, err := value.AppendRange(nil, r, time.UTC)
		if err != nil {
			return buf, err
		}
		at := len(buf)
		if buf, err = rangeToBinary(append(buf, 0, 0, 0, 0), rt, k); err != nil {
			return buf, err
		}
		binary.BigEndian.PutUint32(buf[at:], uint32(len(buf)-at-4))
	}
	return buf, nil
}

// decodeBinaryMultirange is multirange_recv, of ranges of type rt.
func decodeBinaryMultirange(raw []byte, rt value.Type, param int) (value.Value, error) {
	if len(raw) < 4 {
		return value.None, badBinary(param)
	}
	n := binary.BigEndian.Uint32(raw)
	raw = raw[4:]
	if uint64(n) > uint64(len(raw)/5) {
		return value.None, badBinary(param) // each range takes 5 bytes at least
	}
	rs := make([]value.SQLRange, 0, n)
	for range n {
		if len(raw) < 4 {
			return value.None, badBinary(param)
		}
		l := binary.BigEndian.Uint32(raw)
		if uint64(l) > uint64(len(raw)-4) {
			return value.None, badBinary(param)
		}
		r, err := decodeBinaryParam(raw[4:4+l], rt, param)
		if err != nil {
			return value.None, err
		}
		rs = append(rs, r.AsSQLRange())
		raw = raw[4+l:]
	}
	if len(raw) != 0 {
		return value.None, badBinary(param)
	}
	return value.Multirange(rs), nil
}
