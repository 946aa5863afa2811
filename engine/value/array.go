package value

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zerodb/zerodb/errs"
)

// ArrayOf is the SQL array type with elements of type elem (int4[] is
// ArrayOf(TypeInt4)): a list value, sent in PostgreSQL's array formats.
func ArrayOf(elem Type) Type {
	e := elem
	if e.RegOID == OIDOid && e.Kind == KindInt {
		// oid has no array type of its own here: an array of oids is
		// bigint[] (its text and comparisons are the same).
		e.RegOID = 0
	}
	return Type{Kind: KindList, Elem: &e, Array: true}
}

// arrayOIDs maps an element type's OID to its array type's OID.
var arrayOIDs = map[uint32]uint32{
	OIDBool: 1000, OIDBytea: 1001, OIDInt2: 1005, OIDInt4: 1007, OIDText: 1009,
	OIDBPChar: 1014, OIDVarchar: 1015, OIDInt8: 1016, OIDFloat4: 1021, OIDFloat8: 1022,
	OIDTimestamp: 1115, OIDDate: 1182, OIDTime: 1183, OIDTimeTZ: 1270, OIDInterval: 1187, OIDTimestampTZ: 1185,
	OIDNumeric: 1231, OIDUUID: 2951, OIDJSONB: 3807, OIDJSON: 199, OIDTSVector: 3643, OIDTSQuery: 3645,
	OIDJSONPath: 4073, OIDXML: 143,
	3904: 3905, 3926: 3927, 3906: 3907, 3912: 3913, 3908: 3909, 3910: 3911, // the range types
	4451: 6150, 4532: 6151, 4533: 6152, 4534: 6153, 4535: 6155, 4536: 6157, // and multirange types
	OIDInet: 1041, OIDCIDR: 651, OIDMacaddr: 1040, OIDMacaddr8: 775,
	OIDPoint: 1017, OIDLseg: 1018, OIDPath: 1019, OIDBox: 1020, OIDPolygon: 1027, OIDLine: 629, OIDCircle: 719,
	OIDBit: 1561, OIDVarbit: 1563,
	OIDCIText: OIDCITextArray, OIDHstore: OIDHstoreArray,
	OIDLtree: OIDLtreeArray, OIDLquery: OIDLqueryArray, OIDLtxtquery: OIDLtxtqueryArray, OIDName: 1003, OIDChar: 1002, OIDPgLSN: OIDPgLSNArray, OIDMoney: OIDMoneyArray,
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
	if elem.Kind == KindSQLRange && elem.Range == RangeUser {
		return UserRangeArrayOID(elem.Name)
	}
	if elem.IsMultirange() && elem.Elem.Range == RangeUser {
		return UserMultirangeArrayOID(elem.Name)
	}
	return OIDJSONB
}

// MaxArrayDims is PostgreSQL's MAXDIM: the most dimensions an array
// has.
const MaxArrayDims = 6

// arrayShape is the ref of an array of more than one dimension, or of
// one whose lower bound is not 1: the elements in storage order (the
// last subscript varying fastest), the length of each dimension and its
// lower bound. A one-dimensional array from 1 is a plain list, so the
// one-dimensional values of before stay as they were, and AsList reads
// the elements of either, flattened as PostgreSQL's element-wise
// functions (unnest, @>, array_to_string) read them.
type arrayShape struct {
	elems     []Value
	dims, lbs []int
}

// Array makes an array of elems (storage order) with dimensions of the
// given lengths and lower bounds (nil lbs: all 1); the caller has
// checked that the lengths multiply to len(elems). Without elements it
// is the empty array, of no dimensions. None of the slices may be
// modified afterwards.
func Array(elems []Value, dims, lbs []int) Value {
	if len(elems) == 0 {
		return List([]Value{})
	}
	if lbs == nil {
		lbs = make([]int, len(dims))
		for i := range lbs {
			lbs[i] = 1
		}
	}
	if len(dims) <= 1 && (len(lbs) == 0 || lbs[0] == 1) {
		return List(elems)
	}
	return Value{kind: KindList, ref: &arrayShape{elems: elems, dims: dims, lbs: lbs}}
}

// ArrayDims are an array's dimensions: the length and lower bound of
// each (none for the empty array).
func ArrayDims(v Value) (dims, lbs []int) {
	if a, ok := v.ref.(*arrayShape); ok {
		return a.dims, a.lbs
	}
	if n := len(v.AsList()); n > 0 {
		return []int{n}, []int{1}
	}
	return nil, nil
}

// ArrayNDims is the number of an array's dimensions (0 for the empty
// array).
func ArrayNDims(v Value) int {
	if a, ok := v.ref.(*arrayShape); ok {
		return len(a.dims)
	}
	if len(v.AsList()) > 0 {
		return 1
	}
	return 0
}

// IsShapedArray reports whether v is an array of more than one
// dimension or with a lower bound other than 1: one that functions
// building a plain list from its elements would flatten.
func IsShapedArray(v Value) bool {
	_, ok := v.ref.(*arrayShape)
	return ok
}

// SameShape is an array of v's dimensions holding elems instead (as
// many as v has) — what an element-wise function of v returns.
func SameShape(v Value, elems []Value) Value {
	if a, ok := v.ref.(*arrayShape); ok {
		return Value{kind: KindList, ref: &arrayShape{elems: elems, dims: a.dims, lbs: a.lbs}}
	}
	return List(elems)
}

// Nested is an array of more than one dimension as a list of lists
// (JSON's form of it, and ZQL's); other values are themselves.
func Nested(v Value) Value {
	a, ok := v.ref.(*arrayShape)
	if !ok || len(a.dims) == 1 {
		if ok {
			return List(a.elems)
		}
		return v
	}
	var nest func(d int, xs []Value) Value
	nest = func(d int, xs []Value) Value {
		if d == len(a.dims)-1 {
			return List(xs)
		}
		step := len(xs) / a.dims[d]
		out := make([]Value, a.dims[d])
		for i := range out {
			out[i] = nest(d+1, xs[i*step:(i+1)*step])
		}
		return List(out)
	}
	return nest(0, a.elems)
}

// compareShapes orders arrays whose elements are equal as array_cmp
// does: by their number of dimensions, then their lengths, then their
// lower bounds.
func compareShapes(a, b Value) int {
	da, la := ArrayDims(a)
	db, lb := ArrayDims(b)
	if c := cmpInt64(int64(len(da)), int64(len(db))); c != 0 {
		return c
	}
	if c := slices.Compare(da, db); c != 0 {
		return c
	}
	return slices.Compare(la, lb)
}

// appendArrayText writes a list in PostgreSQL's array output format:
// {1,2,NULL}, {{1,2},{3,4}}, with the dimensions first when a lower
// bound is not 1 ([0:1]={1,2}); elements are quoted when they are
// empty, NULL or contain a delimiter, brace, quote, backslash or space.
func appendArrayText(buf []byte, v Value, elem Type, loc *time.Location) ([]byte, error) {
	if v.kind != KindList && v.kind != KindTuple {
		return buf, mismatch(v, ArrayOf(elem))
	}
	xs := v.AsList()
	dims, lbs := []int{len(xs)}, []int(nil)
	if a, ok := v.ref.(*arrayShape); ok {
		dims, lbs = a.dims, a.lbs
	}
	if slices.ContainsFunc(lbs, func(lb int) bool { return lb != 1 }) {
		buf = append(AppendArrayDims(buf, dims, lbs), '=')
	}
	var tmp []byte
	var err error
	delim := ArrayDelim(elem)
	var level func(d int, xs []Value) []byte
	level = func(d int, xs []Value) []byte {
		buf = append(buf, '{')
		if d < len(dims)-1 {
			step := len(xs) / dims[d]
			for i := 0; i < dims[d] && err == nil; i++ {
				if i > 0 {
					buf = append(buf, delim)
				}
				buf = level(d+1, xs[i*step:(i+1)*step])
			}
			return append(buf, '}')
		}
		for i, x := range xs {
			if i > 0 {
				buf = append(buf, delim)
			}
			if x.IsNone() {
				buf = append(buf, "NULL"...)
				continue
			}
			if tmp, err = appendText(tmp[:0], x, elem, loc); err != nil {
				return buf
			}
			buf = appendArrayElem(buf, tmp, delim)
		}
		return append(buf, '}')
	}
	buf = level(0, xs)
	return buf, err
}

// AppendArrayDims writes dimensions as array_dims and an array's text
// show them: [lower:upper] each.
func AppendArrayDims(buf []byte, dims, lbs []int) []byte {
	for i, n := range dims {
		buf = append(buf, '[')
		buf = strconv.AppendInt(buf, int64(lbs[i]), 10)
		buf = append(buf, ':')
		buf = strconv.AppendInt(buf, int64(lbs[i]+n-1), 10)
		buf = append(buf, ']')
	}
	return buf
}

// ArrayDelim is typdelim of an array's element type: box's is ';' (its
// text has commas), every other type's ','.
func ArrayDelim(elem Type) byte {
	if elem.Kind == KindGeo && elem.Geo == GeoBox {
		return ';'
	}
	return ','
}

// appendArrayElem writes one element's text, quoted when it must be.
func appendArrayElem(buf, text []byte, delim byte) []byte {
	if !arrayNeedsQuote(text, delim) {
		return append(buf, text...)
	}
	buf = append(buf, '"')
	for _, c := range text {
		if c == '"' || c == '\\' {
			buf = append(buf, '\\')
		}
		buf = append(buf, c)
	}
	return append(buf, '"')
}

func arrayNeedsQuote(s []byte, delim byte) bool {
	if len(s) == 0 || strings.EqualFold(string(s), "NULL") {
		return true
	}
	for _, c := range s {
		switch c {
		case '{', '}', delim, '"', '\\', ' ', '\t', '\n', '\r', '\v', '\f':
			return true
		}
	}
	return false
}

func malformedArray(s, detail string, args ...any) error {
	return errs.New(errs.InvalidTextRepresentation, "malformed array literal: \"%s\"", s).WithDetail(detail, args...)
}

// parseArrayText reads PostgreSQL's array input format (array_in):
// {a,"b c",NULL}, {{1,2},{3,4}}, optionally after explicit dimensions
// ([0:1][1:2]={{1,2},{3,4}}), each element read as elem.
func parseArrayText(s string, elem Type, loc *time.Location) (Value, error) {
	p := arrayParser{s: s, t: strings.TrimLeft(s, pgSpaces), elem: elem, loc: loc, delim: ArrayDelim(elem)}
	var given, lbs []int
	for p.t != "" && p.t[0] == '[' {
		if len(given) == MaxArrayDims {
			return None, errs.New(errs.ProgramLimitExceeded, "number of array dimensions (%d) exceeds the maximum allowed (%d)", len(given)+1, MaxArrayDims)
		}
		lb, ub, err := p.bounds()
		if err != nil {
			return None, err
		}
		given, lbs = append(given, ub-lb+1), append(lbs, lb)
		p.t = strings.TrimLeft(p.t, pgSpaces)
	}
	if given != nil {
		if !strings.HasPrefix(p.t, "=") {
			return None, malformedArray(s, `Missing "=" after array dimensions.`)
		}
		p.t = strings.TrimLeft(p.t[1:], pgSpaces)
		if !strings.HasPrefix(p.t, "{") {
			return None, malformedArray(s, `Array contents must start with "{".`)
		}
	} else if !strings.HasPrefix(p.t, "{") {
		return None, malformedArray(s, `Array value must start with "{" or dimension information.`)
	}
	p.elems = []Value{}
	if err := p.level(0); err != nil {
		return None, err
	}
	if trimPGSpace(p.t) != "" {
		return None, malformedArray(s, "Junk after closing right brace.")
	}
	dims := p.dims[:p.ndim]
	if given != nil && !slices.Equal(given, dims) {
		return None, malformedArray(s, "Specified array dimensions do not match array contents.")
	}
	return Array(p.elems, slices.Clone(dims), lbs), nil
}

// pgSpaces are the characters array_isspace skips.
const pgSpaces = " \t\n\r\v\f"

// arrayParser is the state of parseArrayText: the input left, the
// elements read so far in storage order, the length of each dimension
// as its first sub-array had it, and whether a dimension holds
// sub-arrays (1) or elements (2).
type arrayParser struct {
	s, t  string
	delim byte
	elem  Type
	loc   *time.Location
	elems []Value
	ndim  int
	dims  [MaxArrayDims]int // 0 until the first sub-array of the dimension ends
	kinds [MaxArrayDims]uint8
}

// bounds reads one explicit dimension, [lb:ub] or [ub].
func (p *arrayParser) bounds() (lb, ub int, err error) {
	p.t = p.t[1:]
	num := func() (int, bool) {
		i := 0
		for i < len(p.t) && (p.t[i] >= '0' && p.t[i] <= '9' || p.t[i] == '-' || p.t[i] == '+') {
			i++
		}
		n, err := strconv.ParseInt(p.t[:i], 10, 32)
		if i == 0 || err != nil {
			return 0, false
		}
		p.t = p.t[i:]
		return int(n), true
	}
	n, ok := num()
	if !ok {
		return 0, 0, malformedArray(p.s, `"[" must introduce explicitly-specified array dimensions.`)
	}
	lb, ub = 1, n
	if strings.HasPrefix(p.t, ":") {
		p.t = p.t[1:]
		lb = n
		if ub, ok = num(); !ok {
			return 0, 0, malformedArray(p.s, "Missing array dimension value.")
		}
	}
	if !strings.HasPrefix(p.t, "]") {
		return 0, 0, malformedArray(p.s, `Missing "]" after array dimensions.`)
	}
	p.t = p.t[1:]
	if ub < lb {
		return 0, 0, errs.New(errs.ArraySubscriptError, "upper bound cannot be less than lower bound")
	}
	return lb, ub, nil
}

// level reads the braces of dimension d, p.t at its "{".
func (p *arrayParser) level(d int) error {
	if d == MaxArrayDims {
		return errs.New(errs.ProgramLimitExceeded, "number of array dimensions (%d) exceeds the maximum allowed (%d)", d+1, MaxArrayDims)
	}
	p.t = strings.TrimLeft(p.t[1:], pgSpaces)
	if d == 0 && strings.HasPrefix(p.t, "}") {
		p.t = p.t[1:]
		return nil // {}: the empty array, of no dimensions
	}
	n := 0
	for {
		p.t = strings.TrimLeft(p.t, pgSpaces)
		if p.t == "" {
			return malformedArray(p.s, "Unexpected end of input.")
		}
		switch {
		case p.t[0] == '{':
			if p.kinds[d] == 2 {
				return malformedArray(p.s, `Unexpected "{" character.`)
			}
			p.kinds[d] = 1
			if err := p.level(d + 1); err != nil {
				return err
			}
		case p.kinds[d] == 1:
			return malformedArray(p.s, "Unexpected array element.")
		default:
			p.kinds[d] = 2
			if err := p.element(); err != nil {
				return err
			}
		}
		n++
		p.t = strings.TrimLeft(p.t, pgSpaces)
		if p.t == "" {
			return malformedArray(p.s, "Unexpected end of input.")
		}
		c := p.t[0]
		p.t = p.t[1:]
		switch c {
		case p.delim:
			continue
		case '}':
		default:
			return malformedArray(p.s, "Unexpected \"%c\" character.", c)
		}
		switch {
		case p.dims[d] == 0:
			p.dims[d] = n
			p.ndim = max(p.ndim, d+1)
		case p.dims[d] != n:
			return malformedArray(p.s, "Multidimensional arrays must have sub-arrays with matching dimensions.")
		}
		return nil
	}
}

// element reads one element, quoted or not, up to the "," or "}" after
// it.
func (p *arrayParser) element() error {
	var b strings.Builder
	t := p.t
	quoted, null := false, false
	if t[0] == '"' {
		quoted = true
		t = t[1:]
		for {
			if t == "" {
				return malformedArray(p.s, "Unexpected end of input.")
			}
			c := t[0]
			t = t[1:]
			if c == '"' {
				break
			}
			if c == '\\' {
				if t == "" {
					return malformedArray(p.s, "Unexpected end of input.")
				}
				c, t = t[0], t[1:]
			}
			b.WriteByte(c)
		}
		t = strings.TrimLeft(t, pgSpaces)
		if t != "" && t[0] != p.delim && t[0] != '}' {
			return malformedArray(p.s, "Unexpected array element.")
		}
	} else {
		for t != "" && t[0] != p.delim && t[0] != '}' {
			c := t[0]
			t = t[1:]
			switch c {
			case '"', '{':
				return malformedArray(p.s, "Unexpected array element.")
			case '\\':
				if t == "" {
					return malformedArray(p.s, "Unexpected end of input.")
				}
				c, t = t[0], t[1:]
			}
			b.WriteByte(c)
		}
		raw := strings.TrimRight(b.String(), pgSpaces)
		if raw == "" {
			return malformedArray(p.s, "Unexpected \"}\" character.")
		}
		b.Reset()
		b.WriteString(raw)
		null = strings.EqualFold(raw, "NULL")
	}
	p.t = t
	if null && !quoted {
		p.elems = append(p.elems, None)
		return nil
	}
	v, err := parseText(b.String(), p.elem, p.loc)
	if err != nil {
		return err
	}
	p.elems = append(p.elems, v)
	return nil
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
	case OIDChar:
		return TypeChar
	case OIDTSVector:
		return TypeTSVector
	case OIDTSQuery:
		return TypeTSQuery
	case OIDInt2Vector:
		return TypeInt2Vector
	case OIDOidVector:
		return TypeOidVector
	case OIDVarchar:
		return Type{Kind: KindString, Varchar: true}
	case OIDBPChar:
		return Type{Kind: KindString, BPChar: true}
	case OIDCIText:
		return TypeCIText
	case OIDHstore:
		return TypeHstore
	case OIDLtree:
		return TypeLtree
	case OIDLquery:
		return TypeLquery
	case OIDLtxtquery:
		return TypeLtxtquery
	case OIDPgLSN:
		return TypePgLSN
	case OIDMoney:
		return TypeMoney
	case OIDJSON:
		return TypeJSON
	case OIDJSONB:
		return TypeJSONB
	case OIDJSONPath:
		return TypeJSONPath
	case OIDXML:
		return TypeXML
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
	if k, ok := RangeKindOfMultirangeOID(oid); ok {
		return k.MultirangeType()
	}
	if k, ok := NetKindOfOID(oid); ok {
		return k.Type()
	}
	if k, ok := GeoKindOfOID(oid); ok {
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
