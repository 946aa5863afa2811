package value

import (
	"encoding/binary"
	"math"
	"strconv"
	"strings"

	"github.com/zerodb/zerodb/errs"
)

// PostgreSQL's geometric types (KindGeo, sub = GeoKind): point, lseg,
// path, box, polygon, line and circle. A value keeps its float8s in s,
// big-endian, in the order of the type's send function (point_send's x
// and y, box_send's high then low corner, circle_send's center and
// radius, line_send's A, B and C); a path has its closed flag (0 or 1)
// first, and neither a path nor a polygon keeps a count: the number of
// points is the length. A polygon's bounding box is computed when it is
// needed, not kept as PostgreSQL keeps it.
//
// Text input and output are PostgreSQL 15's (pair_decode, path_decode,
// path_encode), the numbers read as float8in and written as float8out.
// None of the types has an ordering or equality operator that sorting,
// grouping or indexes could use; Compare orders geometric values by
// kind and float (a total order for the engine's own needs), the SQL
// front end refuses ORDER BY, DISTINCT and GROUP BY of them as
// PostgreSQL does.

// GeoKind is which geometric type a KindGeo value or Type is.
type GeoKind uint8

// The geometric types.
const (
	NotGeo GeoKind = iota
	GeoPoint
	GeoLseg
	GeoPath
	GeoBox
	GeoPolygon
	GeoLine
	GeoCircle
)

// Type OIDs of the geometric types.
const (
	OIDPoint   uint32 = 600
	OIDLseg    uint32 = 601
	OIDPath    uint32 = 602
	OIDBox     uint32 = 603
	OIDPolygon uint32 = 604
	OIDLine    uint32 = 628
	OIDCircle  uint32 = 718
)

var geoKinds = [...]struct {
	name     string
	oid      uint32
	arrayOID uint32
	floats   int // the float8s of a value; 0: as many as it has points
}{
	GeoPoint:   {"point", OIDPoint, 1017, 2},
	GeoLseg:    {"lseg", OIDLseg, 1018, 4},
	GeoPath:    {"path", OIDPath, 1019, 0},
	GeoBox:     {"box", OIDBox, 1020, 4},
	GeoPolygon: {"polygon", OIDPolygon, 1027, 0},
	GeoLine:    {"line", OIDLine, 629, 3},
	GeoCircle:  {"circle", OIDCircle, 719, 3},
}

// Name is the SQL name of the type.
func (k GeoKind) Name() string {
	if k == NotGeo || int(k) >= len(geoKinds) {
		return "unknown"
	}
	return geoKinds[k].name
}

// OID is the type's OID.
func (k GeoKind) OID() uint32 {
	if k == NotGeo || int(k) >= len(geoKinds) {
		return 0
	}
	return geoKinds[k].oid
}

// Type is the SQL type of k.
func (k GeoKind) Type() Type { return Type{Kind: KindGeo, Geo: k} }

// GeoKindOfOID is the geometric type of a type OID.
func GeoKindOfOID(oid uint32) (GeoKind, bool) {
	for k := GeoPoint; k <= GeoCircle; k++ {
		if geoKinds[k].oid == oid {
			return k, true
		}
	}
	return NotGeo, false
}

// GeoKindOfName is the geometric type of a SQL type name.
func GeoKindOfName(name string) (GeoKind, bool) {
	for k := GeoPoint; k <= GeoCircle; k++ {
		if geoKinds[k].name == name {
			return k, true
		}
	}
	return NotGeo, false
}

// Common geometric types.
var (
	TypePoint   = GeoPoint.Type()
	TypeLseg    = GeoLseg.Type()
	TypePath    = GeoPath.Type()
	TypeBox     = GeoBox.Type()
	TypePolygon = GeoPolygon.Type()
	TypeLine    = GeoLine.Type()
	TypeCircle  = GeoCircle.Type()
)

// Point is a point of the plane (also a box's corner, a circle's
// center, a path's vertex).
type Point struct{ X, Y float64 }

// Box is a box by its corners: High's coordinates are each at least
// Low's.
type Box struct{ High, Low Point }

// Circle is a circle by its center and radius.
type Circle struct {
	Center Point
	R      float64
}

// Line is the line Ax + By + C = 0.
type Line struct{ A, B, C float64 }

// geoValue makes a value of kind k from its float8s (and a path's
// closed flag, 0 or 1, when prefix is not nil).
func geoValue(k GeoKind, prefix []byte, fs ...float64) Value {
	b := make([]byte, len(prefix), len(prefix)+8*len(fs))
	copy(b, prefix)
	for _, f := range fs {
		b = binary.BigEndian.AppendUint64(b, math.Float64bits(f))
	}
	return Value{kind: KindGeo, sub: uint8(k), s: string(b)}
}

// PointValue is a point.
func PointValue(p Point) Value { return geoValue(GeoPoint, nil, p.X, p.Y) }

// BoxValue is the box of two opposite corners in either order, its
// corners normalized as box_in and box_construct do (high first).
func BoxValue(a, b Point) Value {
	if a.X < b.X {
		a.X, b.X = b.X, a.X
	}
	if a.Y < b.Y {
		a.Y, b.Y = b.Y, a.Y
	}
	return geoValue(GeoBox, nil, a.X, a.Y, b.X, b.Y)
}

// LsegValue is the line segment from a to b.
func LsegValue(a, b Point) Value { return geoValue(GeoLseg, nil, a.X, a.Y, b.X, b.Y) }

// CircleValue is a circle.
func CircleValue(c Circle) Value { return geoValue(GeoCircle, nil, c.Center.X, c.Center.Y, c.R) }

// LineValue is a line.
func LineValue(l Line) Value { return geoValue(GeoLine, nil, l.A, l.B, l.C) }

// PathValue is a path through pts, closed or open.
func PathValue(pts []Point, closed bool) Value {
	flag := []byte{0}
	if closed {
		flag[0] = 1
	}
	return geoValue(GeoPath, flag, pointFloats(pts)...)
}

// PolygonValue is the polygon of the vertices pts.
func PolygonValue(pts []Point) Value { return geoValue(GeoPolygon, nil, pointFloats(pts)...) }

func pointFloats(pts []Point) []float64 {
	fs := make([]float64, 0, 2*len(pts))
	for _, p := range pts {
		fs = append(fs, p.X, p.Y)
	}
	return fs
}

// Geo is the geometric type of a KindGeo value.
func (v Value) Geo() GeoKind {
	if v.kind != KindGeo {
		return NotGeo
	}
	return GeoKind(v.sub)
}

// geoFloats is the float8s of a geometric value (a path's without its
// flag).
func (v Value) geoFloats() string {
	if v.Geo() == GeoPath {
		return v.s[1:]
	}
	return v.s
}

func (v Value) geoFloat(i int) float64 {
	return math.Float64frombits(binary.BigEndian.Uint64([]byte(v.geoFloats()[8*i : 8*i+8])))
}

func (v Value) geoPoint(i int) Point { return Point{v.geoFloat(2 * i), v.geoFloat(2*i + 1)} }

// AsPoint is a point's coordinates.
func (v Value) AsPoint() Point { return v.geoPoint(0) }

// AsBox is a box's corners.
func (v Value) AsBox() Box { return Box{v.geoPoint(0), v.geoPoint(1)} }

// AsLseg is a line segment's end points.
func (v Value) AsLseg() [2]Point { return [2]Point{v.geoPoint(0), v.geoPoint(1)} }

// AsCircle is a circle's center and radius.
func (v Value) AsCircle() Circle { return Circle{v.geoPoint(0), v.geoFloat(2)} }

// AsLine is a line's coefficients.
func (v Value) AsLine() Line { return Line{v.geoFloat(0), v.geoFloat(1), v.geoFloat(2)} }

// GeoPoints is the points of a path or polygon.
func (v Value) GeoPoints() []Point {
	pts := make([]Point, len(v.geoFloats())/16)
	for i := range pts {
		pts[i] = v.geoPoint(i)
	}
	return pts
}

// PathClosed reports a closed path.
func (v Value) PathClosed() bool { return v.Geo() == GeoPath && v.s[0] == 1 }

// validGeo reports whether s is a stored value of kind k.
func validGeo(k GeoKind, s string) bool {
	if k == NotGeo || int(k) >= len(geoKinds) {
		return false
	}
	if k == GeoPath {
		if s == "" || s[0] > 1 {
			return false
		}
		s = s[1:]
	}
	if n := geoKinds[k].floats; n > 0 {
		return len(s) == 8*n
	}
	return len(s) > 0 && len(s)%16 == 0
}

// compareGeo orders geometric values by type, then float by float (a
// longer path after its prefix): no SQL operator sorts by it.
func compareGeo(a, b Value) int {
	if a.sub != b.sub {
		return cmpInt64(int64(a.sub), int64(b.sub))
	}
	if a.Geo() == GeoPath && a.s[0] != b.s[0] {
		return cmpInt64(int64(a.s[0]), int64(b.s[0]))
	}
	fa, fb := a.geoFloats(), b.geoFloats()
	for i := 0; i < len(fa)/8 && i < len(fb)/8; i++ {
		if c := cmpFloat(a.geoFloat(i), b.geoFloat(i)); c != 0 {
			return c
		}
	}
	return cmpInt64(int64(len(fa)), int64(len(fb)))
}

// --- text input ---

// geoParser reads one geometric value's text, as PostgreSQL's
// pair_decode, path_decode and single_decode do: their errors name the
// type and the whole input.
type geoParser struct {
	k    GeoKind
	orig string
	s    string // the input left
}

func (p *geoParser) bad() error {
	return errs.New(errs.InvalidTextRepresentation, "invalid input syntax for type %s: \"%s\"", p.k.Name(), p.orig)
}

func (p *geoParser) skipSpace() { p.s = strings.TrimLeft(p.s, pgSpaces) }

func (p *geoParser) peek() byte {
	if p.s == "" {
		return 0
	}
	return p.s[0]
}

// float reads a float8 as float8in_internal does with an end pointer:
// spaces around it skipped, the number as long as strtod reads it.
func (p *geoParser) float() (float64, error) {
	p.skipSpace()
	n := floatPrefix(p.s)
	if n == 0 {
		return 0, p.bad()
	}
	num := p.s[:n]
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return 0, errs.New(errs.NumericValueOutOfRange, "\"%s\" is out of range for type double precision", num)
		}
		return 0, p.bad()
	}
	if f == 0 && mantissaNonZero(num) {
		return 0, errs.New(errs.NumericValueOutOfRange, "\"%s\" is out of range for type double precision", num)
	}
	p.s = p.s[n:]
	p.skipSpace()
	return f, nil
}

// floatPrefix is the length of the float at the start of s as strtod
// reads it: a decimal number with an optional exponent, or infinity,
// inf or nan in any case, each optionally signed.
func floatPrefix(s string) int {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	for _, w := range [...]string{"infinity", "inf", "nan"} {
		if len(s)-i >= len(w) && strings.EqualFold(s[i:i+len(w)], w) {
			return i + len(w)
		}
	}
	digits := 0
	for i < len(s) && isDigit(s[i]) {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
			digits++
		}
	}
	if digits == 0 {
		return 0
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && isDigit(s[j]) {
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			i = j
		}
	}
	return i
}

// pair reads a point, "x,y" or "(x,y)" (pair_decode).
func (p *geoParser) pair() (Point, error) {
	p.skipSpace()
	paren := p.peek() == '('
	if paren {
		p.s = p.s[1:]
	}
	x, err := p.float()
	if err != nil {
		return Point{}, err
	}
	if p.peek() != ',' {
		return Point{}, p.bad()
	}
	p.s = p.s[1:]
	y, err := p.float()
	if err != nil {
		return Point{}, err
	}
	if paren {
		if p.peek() != ')' {
			return Point{}, p.bad()
		}
		p.s = p.s[1:]
		p.skipSpace()
	}
	return Point{x, y}, nil
}

// path reads npts points (path_decode), in brackets when open allows
// them (isOpen then says they were there), in parentheses or bare.
func (p *geoParser) path(npts int, open bool) (pts []Point, isOpen bool, err error) {
	p.skipSpace()
	depth := 0
	switch p.peek() {
	case '[':
		if !open {
			return nil, false, p.bad()
		}
		isOpen = true
		depth++
		p.s = p.s[1:]
	case '(':
		rest := strings.TrimLeft(p.s[1:], pgSpaces)
		// "((" opens the list; one "(" does when no other follows, else
		// it is the first point's.
		if strings.HasPrefix(rest, "(") || strings.LastIndexByte(p.s, '(') == 0 {
			depth++
			p.s = rest
		}
	}
	pts = make([]Point, 0, npts)
	for range npts {
		pt, err := p.pair()
		if err != nil {
			return nil, false, err
		}
		pts = append(pts, pt)
		if p.peek() == ',' {
			p.s = p.s[1:]
		}
	}
	for ; depth > 0; depth-- {
		if c := p.peek(); c != ')' && (c != ']' || !isOpen || depth != 1) {
			return nil, false, p.bad()
		}
		p.s = p.s[1:]
		p.skipSpace()
	}
	return pts, isOpen, nil
}

// end fails unless the input is all read.
func (p *geoParser) end() error {
	if p.s != "" {
		return p.bad()
	}
	return nil
}

// pairCount is the number of points a path's or polygon's text holds,
// from its commas (pair_count); -1 for an even count of them.
func pairCount(s string) int {
	n := strings.Count(s, ",")
	if n%2 == 0 {
		return -1
	}
	return (n + 1) / 2
}

// ParseGeo reads a geometric type's text.
func ParseGeo(s string, k GeoKind) (Value, error) {
	p := &geoParser{k: k, orig: s, s: s}
	switch k {
	case GeoPoint:
		pt, err := p.pair()
		if err == nil {
			err = p.end()
		}
		return PointValue(pt), err
	case GeoBox, GeoLseg:
		pts, _, err := p.path(2, k == GeoLseg)
		if err == nil {
			err = p.end()
		}
		if err != nil {
			return None, err
		}
		if k == GeoBox {
			return BoxValue(pts[0], pts[1]), nil
		}
		return LsegValue(pts[0], pts[1]), nil
	case GeoCircle:
		return p.circle()
	case GeoLine:
		return p.line()
	case GeoPath:
		npts := pairCount(s)
		if npts <= 0 {
			return None, p.bad()
		}
		p.skipSpace()
		depth := 0
		// A single leading "(" (no other anywhere) is the path's own.
		if p.peek() == '(' && strings.LastIndexByte(p.s, '(') == 0 {
			p.s = p.s[1:]
			depth++
		}
		pts, isOpen, err := p.path(npts, true)
		if err != nil {
			return None, err
		}
		if depth > 0 {
			if p.peek() != ')' {
				return None, p.bad()
			}
			p.s = p.s[1:]
			p.skipSpace()
		}
		if err := p.end(); err != nil {
			return None, err
		}
		return PathValue(pts, !isOpen), nil
	case GeoPolygon:
		npts := pairCount(s)
		if npts <= 0 {
			return None, p.bad()
		}
		pts, _, err := p.path(npts, false)
		if err == nil {
			err = p.end()
		}
		if err != nil {
			return None, err
		}
		return PolygonValue(pts), nil
	}
	return None, p.bad()
}

// circle reads "<(x,y),r>", "((x,y),r)", "(x,y),r" or "x,y,r"
// (circle_in).
func (p *geoParser) circle() (Value, error) {
	p.skipSpace()
	depth := 0
	switch p.peek() {
	case '<':
		depth++
		p.s = p.s[1:]
	case '(':
		if rest := strings.TrimLeft(p.s[1:], pgSpaces); strings.HasPrefix(rest, "(") {
			depth++
			p.s = rest
		}
	}
	c, err := p.pair()
	if err != nil {
		return None, err
	}
	if p.peek() == ',' {
		p.s = p.s[1:]
	}
	r, err := p.float()
	if err != nil {
		return None, err
	}
	if r < 0 { // NaN is accepted
		return None, p.bad()
	}
	for ; depth > 0; depth-- {
		if c := p.peek(); c != ')' && (c != '>' || depth != 1) {
			return None, p.bad()
		}
		p.s = p.s[1:]
		p.skipSpace()
	}
	if err := p.end(); err != nil {
		return None, err
	}
	return CircleValue(Circle{c, r}), nil
}

// line reads "{A,B,C}" or two distinct points of the line, as an lseg
// is written (line_in; its "invalid line specification" errors are
// 22P02 too).
func (p *geoParser) line() (Value, error) {
	p.skipSpace()
	if p.peek() == '{' {
		p.s = p.s[1:]
		var fs [3]float64
		for i, delim := range [3]byte{',', ',', '}'} {
			f, err := p.float()
			if err != nil {
				return None, err
			}
			if p.peek() != delim {
				return None, p.bad()
			}
			p.s = p.s[1:]
			fs[i] = f
		}
		p.skipSpace()
		if err := p.end(); err != nil {
			return None, err
		}
		l := Line{fs[0], fs[1], fs[2]}
		if FPzero(l.A) && FPzero(l.B) {
			return None, errs.New(errs.InvalidTextRepresentation, "invalid line specification: A and B cannot both be zero")
		}
		return LineValue(l), nil
	}
	pts, _, err := p.path(2, true)
	if err == nil {
		err = p.end()
	}
	if err != nil {
		return None, err
	}
	if PointEq(pts[0], pts[1]) {
		return None, errs.New(errs.InvalidTextRepresentation, "invalid line specification: must be two distinct points")
	}
	l, err := LineThrough(pts[0], pts[1])
	return LineValue(l), err
}

// --- text output ---

// appendPair writes a point as path_encode does: "(x,y)".
func appendPair(b []byte, p Point) []byte {
	b = append(b, '(')
	b = appendFloatPG(b, p.X, 64)
	b = append(b, ',')
	b = appendFloatPG(b, p.Y, 64)
	return append(b, ')')
}

func appendPairs(b []byte, pts []Point) []byte {
	for i, p := range pts {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendPair(b, p)
	}
	return b
}

// AppendGeo writes a geometric value's text as its output function does.
func AppendGeo(b []byte, v Value) []byte {
	switch v.Geo() {
	case GeoPoint:
		return appendPair(b, v.AsPoint())
	case GeoBox:
		bx := v.AsBox()
		return appendPairs(b, []Point{bx.High, bx.Low})
	case GeoLseg:
		l := v.AsLseg()
		return append(appendPairs(append(b, '['), l[:]), ']')
	case GeoPath:
		if v.PathClosed() {
			return append(appendPairs(append(b, '('), v.GeoPoints()), ')')
		}
		return append(appendPairs(append(b, '['), v.GeoPoints()), ']')
	case GeoPolygon:
		return append(appendPairs(append(b, '('), v.GeoPoints()), ')')
	case GeoCircle:
		c := v.AsCircle()
		b = appendPair(append(b, '<'), c.Center)
		b = appendFloatPG(append(b, ','), c.R, 64)
		return append(b, '>')
	case GeoLine:
		l := v.AsLine()
		b = appendFloatPG(append(b, '{'), l.A, 64)
		b = appendFloatPG(append(b, ','), l.B, 64)
		b = appendFloatPG(append(b, ','), l.C, 64)
		return append(b, '}')
	}
	return b
}

// --- binary ---

// AppendGeoBinary is a geometric value's binary send format: its
// float8s, after a path's closed flag and point count or a polygon's
// point count.
func AppendGeoBinary(b []byte, v Value) []byte {
	switch v.Geo() {
	case GeoPath:
		b = append(b, v.s[0])
		b = binary.BigEndian.AppendUint32(b, uint32(len(v.s)/16))
	case GeoPolygon:
		b = binary.BigEndian.AppendUint32(b, uint32(len(v.s)/16))
	}
	return append(b, v.geoFloats()...)
}

// maxGeoPoints is the most points a path or polygon's binary frame may
// claim, PostgreSQL's bound (the varlena size limit over 16 bytes).
const maxGeoPoints = (0x3FFFFFFF - 16) / 16

// ParseGeoBinary reads a geometric type's binary receive format.
func ParseGeoBinary(raw []byte, k GeoKind) (Value, error) {
	short := errs.New(errs.InvalidBinaryRepresentation, "insufficient data left in message")
	var prefix []byte
	switch k {
	case GeoPath, GeoPolygon:
		if k == GeoPath {
			if len(raw) < 1 {
				return None, short
			}
			prefix, raw = []byte{raw[0]}, raw[1:]
		}
		if len(raw) < 4 {
			return None, short
		}
		n := int32(binary.BigEndian.Uint32(raw))
		raw = raw[4:]
		if n <= 0 || n >= maxGeoPoints {
			return None, errs.New(errs.InvalidBinaryRepresentation, "invalid number of points in external \"%s\" value", k.Name())
		}
		if len(raw) < 16*int(n) {
			return None, short
		}
		if len(raw) > 16*int(n) {
			return None, errs.New(errs.InvalidBinaryRepresentation, "incorrect binary data format")
		}
	default:
		n := 8 * geoKinds[k].floats
		if len(raw) < n {
			return None, short
		}
		if len(raw) > n {
			return None, errs.New(errs.InvalidBinaryRepresentation, "incorrect binary data format")
		}
	}
	fs := make([]float64, len(raw)/8)
	for i := range fs {
		fs[i] = math.Float64frombits(binary.BigEndian.Uint64(raw[8*i:]))
	}
	switch k {
	case GeoBox:
		return BoxValue(Point{fs[0], fs[1]}, Point{fs[2], fs[3]}), nil
	case GeoCircle:
		if fs[2] < 0 {
			return None, errs.New(errs.InvalidBinaryRepresentation, "invalid radius in external \"circle\" value")
		}
	case GeoLine:
		if FPzero(fs[0]) && FPzero(fs[1]) {
			return None, errs.New(errs.InvalidBinaryRepresentation, "invalid line specification: A and B cannot both be zero")
		}
	case GeoPath:
		if prefix[0] != 0 {
			prefix[0] = 1
		}
	}
	return geoValue(k, prefix, fs...), nil
}

// --- PostgreSQL's fuzzy float comparisons (geo_decls.h) ---

// Epsilon is the tolerance of the geometric types' comparisons.
const Epsilon = 1.0e-06

// FPzero reports a within Epsilon of zero.
func FPzero(a float64) bool { return math.Abs(a) <= Epsilon }

// FPeq reports a and b within Epsilon of each other (or equal, for
// infinities).
func FPeq(a, b float64) bool { return a == b || math.Abs(a-b) <= Epsilon }

// FPne is !FPeq.
func FPne(a, b float64) bool { return a != b && math.Abs(a-b) > Epsilon }

// FPlt reports a below b by more than Epsilon.
func FPlt(a, b float64) bool { return b-a > Epsilon }

// FPle reports a not above b by more than Epsilon.
func FPle(a, b float64) bool { return a-b <= Epsilon }

// FPgt reports a above b by more than Epsilon.
func FPgt(a, b float64) bool { return a-b > Epsilon }

// FPge reports a not below b by more than Epsilon.
func FPge(a, b float64) bool { return b-a <= Epsilon }

// Float8Eq is float8_eq: NaN equals NaN.
func Float8Eq(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return a == b
}

// PointEq is point_eq_point: each coordinate within Epsilon, or, with a
// NaN anywhere, exactly equal (NaN equal to NaN).
func PointEq(a, b Point) bool {
	if math.IsNaN(a.X) || math.IsNaN(a.Y) || math.IsNaN(b.X) || math.IsNaN(b.Y) {
		return Float8Eq(a.X, b.X) && Float8Eq(a.Y, b.Y)
	}
	return FPeq(a.X, b.X) && FPeq(a.Y, b.Y)
}

// GeoFloat is float8 arithmetic with float8's overflow, underflow and
// division by zero errors; the first error sticks and later operations
// return 0, so a formula reads as one expression and is checked once.
type GeoFloat struct{ Err error }

func (g *GeoFloat) op(op ArithOp, a, b float64) float64 {
	if g.Err != nil {
		return 0
	}
	v, err := floatArith(op, a, b, 64)
	if err != nil {
		g.Err = err
		return 0
	}
	return v.AsFloat()
}

// Add is float8_pl.
func (g *GeoFloat) Add(a, b float64) float64 { return g.op(Add, a, b) }

// Sub is float8_mi.
func (g *GeoFloat) Sub(a, b float64) float64 { return g.op(Sub, a, b) }

// Mul is float8_mul.
func (g *GeoFloat) Mul(a, b float64) float64 { return g.op(Mul, a, b) }

// Div is float8_div.
func (g *GeoFloat) Div(a, b float64) float64 { return g.op(Div, a, b) }

// Slope is point_sl: the slope of the line through a and b, +Inf when
// it is vertical, 0 when horizontal (within Epsilon).
func (g *GeoFloat) Slope(a, b Point) float64 {
	if FPeq(a.X, b.X) {
		return math.Inf(1)
	}
	if FPeq(a.Y, b.Y) {
		return 0
	}
	return g.Div(g.Sub(a.Y, b.Y), g.Sub(a.X, b.X))
}

// LineOf is line_construct: the line through p of slope m.
func (g *GeoFloat) LineOf(p Point, m float64) Line {
	switch {
	case math.IsInf(m, 0):
		return Line{-1, 0, p.X}
	case m == 0:
		return Line{0, -1, p.Y}
	}
	c := g.Sub(p.Y, g.Mul(m, p.X))
	if c == 0 {
		c = 0 // not -0
	}
	return Line{m, -1, c}
}

// LineThrough is the line through two points.
func LineThrough(a, b Point) (Line, error) {
	var g GeoFloat
	l := g.LineOf(a, g.Slope(a, b))
	return l, g.Err
}
