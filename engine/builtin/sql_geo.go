package builtin

import (
	"math"
	"strconv"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// The functions and operators of SQL's geometric types (value/geo.go
// holds the types, their text and PostgreSQL's fuzzy comparisons). Each
// signature is PostgreSQL 15's; the builtin of an overloaded SQL name
// (area, center, point, ...) picks the signature its arguments' types
// match, and an operator calls the builtin PostgreSQL's pg_operator
// names (point_add for point + point). The SQL front end resolves
// operators and functions through GeoOperator and GeoFunction; called
// directly with other arguments the builtins are 42883. The arithmetic
// is PostgreSQL's, operation by operation (float8_pl, pg_hypot, ...),
// so results agree to the last digit.

// GeoSig is one signature of a geometric function or operator.
type GeoSig struct {
	Name   string // the builtin
	Op     string // the operator that calls it ("" for none); a prefix operator has one parameter
	Params []value.Type
	Result value.Type
	doc    string
	fn     func(g *value.GeoFloat, a []value.Value) value.Value
	ex     []string // the example's arguments as text, then its result's JSON
}

var (
	tPoint, tBox, tLseg, tCircle = value.TypePoint, value.TypeBox, value.TypeLseg, value.TypeCircle
	tPath, tPolygon, tLine       = value.TypePath, value.TypePolygon, value.TypeLine
	tF8, tBool, tI4              = value.TypeFloat8, value.TypeBool, value.TypeInt4
)

func f8(f float64) value.Value { return value.Float(f) }

// pgHypot is pg_hypot: sqrt(x² + y²) without needless overflow, with
// float8's overflow and underflow errors.
func pgHypot(g *value.GeoFloat, x, y float64) float64 {
	switch {
	case math.IsInf(x, 0) || math.IsInf(y, 0):
		return math.Inf(1)
	case math.IsNaN(x) || math.IsNaN(y):
		return math.NaN()
	}
	x, y = math.Abs(x), math.Abs(y)
	if x < y {
		x, y = y, x
	}
	if y == 0 {
		return x
	}
	yx := y / x
	r := x * math.Sqrt(1+yx*yx)
	if g.Err == nil {
		if math.IsInf(r, 0) {
			g.Err = errs.New(errs.NumericValueOutOfRange, "value out of range: overflow")
		} else if r == 0 {
			g.Err = errs.New(errs.NumericValueOutOfRange, "value out of range: underflow")
		}
	}
	return r
}

// pointDist is point_dt.
func pointDist(g *value.GeoFloat, a, b value.Point) float64 {
	return pgHypot(g, g.Sub(a.X, b.X), g.Sub(a.Y, b.Y))
}

func pointAdd(g *value.GeoFloat, a, b value.Point) value.Point {
	return value.Point{X: g.Add(a.X, b.X), Y: g.Add(a.Y, b.Y)}
}

func pointSub(g *value.GeoFloat, a, b value.Point) value.Point {
	return value.Point{X: g.Sub(a.X, b.X), Y: g.Sub(a.Y, b.Y)}
}

// pointMul multiplies points as complex numbers.
func pointMul(g *value.GeoFloat, a, b value.Point) value.Point {
	return value.Point{X: g.Sub(g.Mul(a.X, b.X), g.Mul(a.Y, b.Y)), Y: g.Add(g.Mul(a.X, b.Y), g.Mul(a.Y, b.X))}
}

// pointDiv divides points as complex numbers.
func pointDiv(g *value.GeoFloat, a, b value.Point) value.Point {
	d := g.Add(g.Mul(b.X, b.X), g.Mul(b.Y, b.Y))
	return value.Point{
		X: g.Div(g.Add(g.Mul(a.X, b.X), g.Mul(a.Y, b.Y)), d),
		Y: g.Div(g.Sub(g.Mul(a.Y, b.X), g.Mul(a.X, b.Y)), d),
	}
}

// midpoint is the center of a box or segment (box_cn, lseg_center).
func midpoint(g *value.GeoFloat, a, b value.Point) value.Point {
	return value.Point{X: g.Div(g.Add(a.X, b.X), 2), Y: g.Div(g.Add(a.Y, b.Y), 2)}
}

func boxArea(g *value.GeoFloat, b value.Box) float64 {
	return g.Mul(g.Sub(b.High.X, b.Low.X), g.Sub(b.High.Y, b.Low.Y))
}

func circleArea(g *value.GeoFloat, c value.Circle) float64 { return g.Mul(g.Mul(c.R, c.R), math.Pi) }

// boxContainsPoint is box_contain_point: exact, no Epsilon.
func boxContainsPoint(b value.Box, p value.Point) bool {
	return b.High.X >= p.X && b.Low.X <= p.X && b.High.Y >= p.Y && b.Low.Y <= p.Y
}

// nonNeg is x, or 0 when it is negative (a distance of overlapping
// shapes).
func nonNeg(x float64) float64 {
	if x < 0 {
		return 0
	}
	return x
}

// float8Lt is float8_lt: NaN above everything.
func float8Lt(a, b float64) bool { return !math.IsNaN(a) && (math.IsNaN(b) || a < b) }

// invSlope is point_invsl: the slope of the perpendicular to a-b.
func invSlope(g *value.GeoFloat, a, b value.Point) float64 {
	if value.FPeq(a.X, b.X) {
		return 0
	}
	if value.FPeq(a.Y, b.Y) {
		return math.Inf(1)
	}
	return g.Div(g.Sub(a.X, b.X), g.Sub(b.Y, a.Y))
}

// lineInvSlope is line_invsl.
func lineInvSlope(g *value.GeoFloat, l value.Line) float64 {
	if value.FPzero(l.A) {
		return math.Inf(1)
	}
	if value.FPzero(l.B) {
		return 0
	}
	return g.Div(l.B, l.A)
}

// lineIntersection is line_interpt_line; ok is false for parallel lines.
func lineIntersection(g *value.GeoFloat, l1, l2 value.Line) (value.Point, bool) {
	var x, y float64
	switch {
	case !value.FPzero(l1.B):
		if value.FPeq(l2.A, g.Mul(l1.A, g.Div(l2.B, l1.B))) {
			return value.Point{}, false
		}
		x = g.Div(g.Sub(g.Mul(l1.B, l2.C), g.Mul(l2.B, l1.C)), g.Sub(g.Mul(l1.A, l2.B), g.Mul(l2.A, l1.B)))
		y = g.Div(-g.Add(g.Mul(l1.A, x), l1.C), l1.B)
	case !value.FPzero(l2.B):
		if value.FPeq(l1.A, g.Mul(l2.A, g.Div(l1.B, l2.B))) {
			return value.Point{}, false
		}
		x = g.Div(g.Sub(g.Mul(l2.B, l1.C), g.Mul(l1.B, l2.C)), g.Sub(g.Mul(l2.A, l1.B), g.Mul(l1.A, l2.B)))
		y = g.Div(-g.Add(g.Mul(l2.A, x), l2.C), l2.B)
	default:
		return value.Point{}, false
	}
	if x == 0 {
		x = 0 // not -0
	}
	if y == 0 {
		y = 0
	}
	return value.Point{X: x, Y: y}, true
}

// lineClosest is line_closept_point: the distance from p to the line.
func lineClosest(g *value.GeoFloat, l value.Line, p value.Point) float64 {
	q, ok := lineIntersection(g, g.LineOf(p, lineInvSlope(g, l)), l)
	if !ok {
		return math.NaN()
	}
	return pointDist(g, q, p)
}

// lineCalc is line_calc: Ax + By + C at p (0 on the line).
func lineCalc(g *value.GeoFloat, l value.Line, p value.Point) float64 {
	return g.Add(g.Mul(l.A, p.X), g.Add(g.Mul(l.B, p.Y), l.C))
}

// segContains is lseg_contain_point.
func segContains(g *value.GeoFloat, s [2]value.Point, p value.Point) bool {
	return value.FPeq(pointDist(g, p, s[0])+pointDist(g, p, s[1]), pointDist(g, s[0], s[1]))
}

// segLine is the line through a segment.
func segLine(g *value.GeoFloat, s [2]value.Point) value.Line {
	return g.LineOf(s[0], g.Slope(s[0], s[1]))
}

// segLineIntersection is lseg_interpt_line.
func segLineIntersection(g *value.GeoFloat, s [2]value.Point, l value.Line) (value.Point, bool) {
	p, ok := lineIntersection(g, segLine(g, s), l)
	if !ok || !segContains(g, s, p) {
		return value.Point{}, false
	}
	switch {
	case value.PointEq(s[0], p):
		return s[0], true
	case value.PointEq(s[1], p):
		return s[1], true
	}
	return p, true
}

// segIntersection is lseg_interpt_lseg.
func segIntersection(g *value.GeoFloat, a, b [2]value.Point) (value.Point, bool) {
	p, ok := segLineIntersection(g, a, segLine(g, b))
	if !ok || !segContains(g, b, p) {
		return value.Point{}, false
	}
	return p, true
}

// segClosestToLine is lseg_closept_line's distance.
func segClosestToLine(g *value.GeoFloat, s [2]value.Point, l value.Line) float64 {
	if _, ok := segLineIntersection(g, s, l); ok {
		return 0
	}
	d1, d2 := lineClosest(g, l, s[0]), lineClosest(g, l, s[1])
	if d1 < d2 {
		return d1
	}
	return d2
}

// segDist is lseg_closept_point's distance: from p to the segment.
func segDist(g *value.GeoFloat, s [2]value.Point, p value.Point) float64 {
	perp := g.LineOf(p, invSlope(g, s[0], s[1]))
	if q, ok := segLineIntersection(g, s, perp); ok {
		return pointDist(g, q, p)
	}
	// The closer end point (lseg_closept_line's choice by distance to
	// the perpendicular).
	q := s[1]
	if lineClosest(g, perp, s[0]) < lineClosest(g, perp, s[1]) {
		q = s[0]
	}
	return pointDist(g, q, p)
}

// segSegDist is lseg_closept_lseg's distance.
func segSegDist(g *value.GeoFloat, a, b [2]value.Point) float64 {
	if _, ok := segIntersection(g, a, b); ok {
		return 0
	}
	d := segDist(g, a, b[0])
	for _, x := range [...]float64{segDist(g, a, b[1]), segDist(g, b, a[0]), segDist(g, b, a[1])} {
		if float8Lt(x, d) {
			d = x
		}
	}
	return d
}

// boxPointDist is box_closept_point's distance: 0 inside, else to the
// nearest side.
func boxPointDist(g *value.GeoFloat, b value.Box, p value.Point) float64 {
	if boxContainsPoint(b, p) {
		return 0
	}
	c1 := value.Point{X: b.Low.X, Y: b.High.Y}
	c2 := value.Point{X: b.High.X, Y: b.Low.Y}
	d := segDist(g, [2]value.Point{b.Low, c1}, p)
	for _, s := range [...][2]value.Point{{b.High, c1}, {b.Low, c2}, {b.High, c2}} {
		if x := segDist(g, s, p); float8Lt(x, d) {
			d = x
		}
	}
	return d
}

// pointInside is point_inside: 0 outside the polygon, 1 inside, 2 on
// its boundary.
func pointInside(g *value.GeoFloat, p value.Point, pts []value.Point) int {
	x0, y0 := g.Sub(pts[0].X, p.X), g.Sub(pts[0].Y, p.Y)
	px, py := x0, y0
	total := 0
	for _, q := range pts[1:] {
		x, y := g.Sub(q.X, p.X), g.Sub(q.Y, p.Y)
		c := segCrossing(g, x, y, px, py)
		if c == onPolygon {
			return 2
		}
		total += c
		px, py = x, y
	}
	c := segCrossing(g, x0, y0, px, py)
	if c == onPolygon {
		return 2
	}
	if total+c != 0 {
		return 1
	}
	return 0
}

const onPolygon = math.MaxInt32

// segCrossing is lseg_crossing: how the segment from (prevX, prevY) to
// (x, y) crosses the positive X axis (±1 a half crossing, ±2 a whole
// one), or onPolygon when it passes through the origin.
func segCrossing(g *value.GeoFloat, x, y, prevX, prevY float64) int {
	if value.FPzero(y) {
		switch {
		case value.FPzero(x):
			return onPolygon
		case value.FPgt(x, 0):
			if value.FPzero(prevY) {
				if value.FPgt(prevX, 0) {
					return 0
				}
				return onPolygon
			}
			if value.FPlt(prevY, 0) {
				return 1
			}
			return -1
		default:
			if value.FPzero(prevY) {
				if value.FPlt(prevX, 0) {
					return 0
				}
				return onPolygon
			}
			return 0
		}
	}
	ySign := -1
	if value.FPgt(y, 0) {
		ySign = 1
	}
	switch {
	case value.FPzero(prevY):
		if value.FPlt(prevX, 0) {
			return 0
		}
		return ySign
	case ySign < 0 && value.FPlt(prevY, 0), ySign > 0 && value.FPgt(prevY, 0):
		return 0
	case value.FPge(x, 0) && value.FPgt(prevX, 0):
		return 2 * ySign
	case value.FPlt(x, 0) && value.FPle(prevX, 0):
		return 0
	}
	z := g.Sub(g.Mul(g.Sub(x, prevX), y), g.Mul(g.Sub(y, prevY), x))
	switch {
	case value.FPzero(z):
		return onPolygon
	case ySign < 0 && value.FPlt(z, 0), ySign > 0 && value.FPgt(z, 0):
		return 0
	}
	return 2 * ySign
}

// boundBox is make_bound_box: the box around pts.
func boundBox(pts []value.Point) value.Value {
	lo, hi := pts[0], pts[0]
	for _, p := range pts[1:] {
		if float8Lt(p.X, lo.X) {
			lo.X = p.X
		}
		if float8Lt(hi.X, p.X) {
			hi.X = p.X
		}
		if float8Lt(p.Y, lo.Y) {
			lo.Y = p.Y
		}
		if float8Lt(hi.Y, p.Y) {
			hi.Y = p.Y
		}
	}
	return value.BoxValue(hi, lo)
}

// polyCircle is poly_to_circle: the mean of the points, and their mean
// distance from it.
func polyCircle(g *value.GeoFloat, pts []value.Point) value.Circle {
	var c value.Point
	for _, p := range pts {
		c = pointAdd(g, c, p)
	}
	n := float64(len(pts))
	c = value.Point{X: g.Div(c.X, n), Y: g.Div(c.Y, n)}
	r := 0.0
	for _, p := range pts {
		r = g.Add(r, pointDist(g, p, c))
	}
	return value.Circle{Center: c, R: g.Div(r, n)}
}

func pathLength(g *value.GeoFloat, v value.Value) float64 {
	pts := v.GeoPoints()
	r := 0.0
	for i := range pts {
		prev := i - 1
		if i == 0 {
			if !v.PathClosed() {
				continue
			}
			prev = len(pts) - 1
		}
		r = g.Add(r, pointDist(g, pts[prev], pts[i]))
	}
	return r
}

// geoSigs are the geometric functions and operators zerodb has.
func geoSigs() []GeoSig {
	b := func(x bool) value.Value { return value.Bool(x) }
	pt := func(a []value.Value, i int) value.Point { return a[i].AsPoint() }
	bx := func(a []value.Value, i int) value.Box { return a[i].AsBox() }
	ci := func(a []value.Value, i int) value.Circle { return a[i].AsCircle() }
	sg := func(a []value.Value, i int) [2]value.Point { return a[i].AsLseg() }
	// ptPred, boxPred, circlePred: comparisons of two values of a type.
	ptPred := func(name, op, doc string, f func(a, b value.Point) bool, ex ...string) GeoSig {
		return GeoSig{name, op, []value.Type{tPoint, tPoint}, tBool, doc, func(_ *value.GeoFloat, a []value.Value) value.Value {
			return b(f(pt(a, 0), pt(a, 1)))
		}, ex}
	}
	boxPred := func(name, op, doc string, f func(a, b value.Box) bool, ex ...string) GeoSig {
		return GeoSig{name, op, []value.Type{tBox, tBox}, tBool, doc, func(_ *value.GeoFloat, a []value.Value) value.Value {
			return b(f(bx(a, 0), bx(a, 1)))
		}, ex}
	}
	boxAreaPred := func(name, op, doc string, f func(a, b float64) bool, ex ...string) GeoSig {
		return GeoSig{name, op, []value.Type{tBox, tBox}, tBool, doc, func(g *value.GeoFloat, a []value.Value) value.Value {
			return b(f(boxArea(g, bx(a, 0)), boxArea(g, bx(a, 1))))
		}, ex}
	}
	circlePred := func(name, op, doc string, f func(g *value.GeoFloat, a, b value.Circle) bool, ex ...string) GeoSig {
		return GeoSig{name, op, []value.Type{tCircle, tCircle}, tBool, doc, func(g *value.GeoFloat, a []value.Value) value.Value {
			return b(f(g, ci(a, 0), ci(a, 1)))
		}, ex}
	}
	circleAreaPred := func(name, op, doc string, f func(a, b float64) bool, ex ...string) GeoSig {
		return circlePred(name, op, doc, func(g *value.GeoFloat, c, d value.Circle) bool { return f(circleArea(g, c), circleArea(g, d)) }, ex...)
	}
	segLenPred := func(name, op, doc string, f func(a, b float64) bool, ex ...string) GeoSig {
		return GeoSig{name, op, []value.Type{tLseg, tLseg}, tBool, doc, func(g *value.GeoFloat, a []value.Value) value.Value {
			s, t := sg(a, 0), sg(a, 1)
			return b(f(pointDist(g, s[0], s[1]), pointDist(g, t[0], t[1])))
		}, ex}
	}
	// ptArith, boxArith, circleArith: a point operation on a value.
	ptArith := func(name, op, doc string, f func(g *value.GeoFloat, a, b value.Point) value.Point, ex ...string) GeoSig {
		return GeoSig{name, op, []value.Type{tPoint, tPoint}, tPoint, doc, func(g *value.GeoFloat, a []value.Value) value.Value {
			return value.PointValue(f(g, pt(a, 0), pt(a, 1)))
		}, ex}
	}
	boxArith := func(name, op, doc string, f func(g *value.GeoFloat, a, b value.Point) value.Point, ex ...string) GeoSig {
		return GeoSig{name, op, []value.Type{tBox, tPoint}, tBox, doc, func(g *value.GeoFloat, a []value.Value) value.Value {
			x, p := bx(a, 0), pt(a, 1)
			return value.BoxValue(f(g, x.High, p), f(g, x.Low, p))
		}, ex}
	}
	circleArith := func(name, op, doc string, f func(g *value.GeoFloat, a, b value.Point) value.Point, scale func(g *value.GeoFloat, r, h float64) float64, ex ...string) GeoSig {
		return GeoSig{name, op, []value.Type{tCircle, tPoint}, tCircle, doc, func(g *value.GeoFloat, a []value.Value) value.Value {
			c, p := ci(a, 0), pt(a, 1)
			r := c.R
			if scale != nil {
				r = scale(g, r, pgHypot(g, p.X, p.Y))
			}
			return value.CircleValue(value.Circle{Center: f(g, c.Center, p), R: r})
		}, ex}
	}
	pathArith := func(name, op, doc string, f func(g *value.GeoFloat, a, b value.Point) value.Point, ex ...string) GeoSig {
		return GeoSig{name, op, []value.Type{tPath, tPoint}, tPath, doc, func(g *value.GeoFloat, a []value.Value) value.Value {
			pts, p := a[0].GeoPoints(), pt(a, 1)
			for i := range pts {
				pts[i] = f(g, pts[i], p)
			}
			return value.PathValue(pts, a[0].PathClosed())
		}, ex}
	}
	// dist is a distance, either way round when rev is set.
	dist := func(name, op string, l, r value.Type, doc string, f func(g *value.GeoFloat, a []value.Value) float64, ex ...string) GeoSig {
		return GeoSig{name, op, []value.Type{l, r}, tF8, doc, func(g *value.GeoFloat, a []value.Value) value.Value { return f8(f(g, a)) }, ex}
	}
	swap := func(f func(g *value.GeoFloat, a []value.Value) float64) func(g *value.GeoFloat, a []value.Value) float64 {
		return func(g *value.GeoFloat, a []value.Value) float64 { return f(g, []value.Value{a[1], a[0]}) }
	}
	one := func(name, op string, param, result value.Type, doc string, f func(g *value.GeoFloat, v value.Value) value.Value, ex ...string) GeoSig {
		return GeoSig{name, op, []value.Type{param}, result, doc, func(g *value.GeoFloat, a []value.Value) value.Value { return f(g, a[0]) }, ex}
	}
	linePred := func(name, op, doc string, f func(g *value.GeoFloat, l, m value.Line) bool, ex ...string) GeoSig {
		return GeoSig{name, op, []value.Type{tLine, tLine}, tBool, doc, func(g *value.GeoFloat, a []value.Value) value.Value {
			return b(f(g, a[0].AsLine(), a[1].AsLine()))
		}, ex}
	}
	ptLine := func(g *value.GeoFloat, a []value.Value) float64 { return lineClosest(g, a[1].AsLine(), pt(a, 0)) }
	segLineDist := func(g *value.GeoFloat, a []value.Value) float64 { return segClosestToLine(g, sg(a, 0), a[1].AsLine()) }
	ptBox := func(g *value.GeoFloat, a []value.Value) float64 { return boxPointDist(g, bx(a, 1), pt(a, 0)) }
	ptCircle := func(g *value.GeoFloat, a []value.Value) float64 {
		c := ci(a, 1)
		return nonNeg(g.Sub(pointDist(g, pt(a, 0), c.Center), c.R))
	}
	ptSeg := func(g *value.GeoFloat, a []value.Value) float64 { return segDist(g, sg(a, 1), pt(a, 0)) }
	ptPoly := func(g *value.GeoFloat, a []value.Value) float64 {
		// dist_ppoly: 0 inside, else the nearest edge.
		p, pts := pt(a, 0), a[1].GeoPoints()
		if pointInside(g, p, pts) != 0 {
			return 0
		}
		d := segDist(g, [2]value.Point{pts[len(pts)-1], pts[0]}, p)
		for i := 0; i < len(pts)-1; i++ {
			if x := segDist(g, [2]value.Point{pts[i], pts[i+1]}, p); float8Lt(x, d) {
				d = x
			}
		}
		return d
	}
	center := func(g *value.GeoFloat, v value.Value) value.Value {
		switch v.Geo() {
		case value.GeoBox:
			x := v.AsBox()
			return value.PointValue(midpoint(g, x.High, x.Low))
		case value.GeoLseg:
			s := v.AsLseg()
			return value.PointValue(midpoint(g, s[0], s[1]))
		case value.GeoPolygon:
			return value.PointValue(polyCircle(g, v.GeoPoints()).Center)
		}
		return value.PointValue(v.AsCircle().Center)
	}
	circleOfBox := func(g *value.GeoFloat, v value.Value) value.Value {
		x := v.AsBox()
		c := midpoint(g, x.High, x.Low)
		return value.CircleValue(value.Circle{Center: c, R: pointDist(g, c, x.High)})
	}
	boxOfCircle := func(g *value.GeoFloat, v value.Value) value.Value {
		c := v.AsCircle()
		d := g.Div(c.R, math.Sqrt2)
		return value.BoxValue(value.Point{X: g.Add(c.Center.X, d), Y: g.Add(c.Center.Y, d)}, value.Point{X: g.Sub(c.Center.X, d), Y: g.Sub(c.Center.Y, d)})
	}
	return []GeoSig{
		// point
		{"point", "", []value.Type{tF8, tF8}, tPoint, "point(float8, float8): the point (x, y).", func(_ *value.GeoFloat, a []value.Value) value.Value {
			return value.PointValue(value.Point{X: a[0].AsFloat(), Y: a[1].AsFloat()})
		}, []string{"1", "2", `"(1,2)"`}},
		one("point", "", tBox, tPoint, "point(box): the box's center.", center, "(2,2),(0,0)", `"(1,1)"`),
		one("point", "", tCircle, tPoint, "point(circle): the circle's center.", center, "<(1,2),3>", `"(1,2)"`),
		one("point", "", tLseg, tPoint, "point(lseg): the segment's center.", center, "[(0,0),(2,4)]", `"(1,2)"`),
		one("point", "", tPolygon, tPoint, "point(polygon): the mean of the vertices.", center, "((0,0),(2,0),(2,2),(0,2))", `"(1,1)"`),
		ptArith("point_add", "+", "point + point: the sum of the coordinates.", pointAdd, "(1,2)", "(3,4)", `"(4,6)"`),
		ptArith("point_sub", "-", "point - point: the difference of the coordinates.", pointSub, "(1,2)", "(3,4)", `"(-2,-2)"`),
		ptArith("point_mul", "*", "point * point: the product as complex numbers.", pointMul, "(1,2)", "(3,4)", `"(-5,10)"`),
		ptArith("point_div", "/", "point / point: the quotient as complex numbers.", pointDiv, "(-5,10)", "(3,4)", `"(1,2)"`),
		dist("point_distance", "<->", tPoint, tPoint, "point <-> point: the distance.", func(g *value.GeoFloat, a []value.Value) float64 {
			return pointDist(g, pt(a, 0), pt(a, 1))
		}, "(0,0)", "(3,4)", "5"),
		ptPred("point_eq", "~=", "point ~= point: the same point (within 1e-6).", value.PointEq, "(1,2)", "(1.0000001,2)", "true"),
		ptPred("point_ne", "<>", "point <> point: not the same point (within 1e-6).", func(a, b value.Point) bool { return !value.PointEq(a, b) }, "(1,2)", "(1,3)", "true"),
		ptPred("point_left", "<<", "point << point: strictly left of.", func(a, b value.Point) bool { return value.FPlt(a.X, b.X) }, "(1,2)", "(3,0)", "true"),
		ptPred("point_right", ">>", "point >> point: strictly right of.", func(a, b value.Point) bool { return value.FPgt(a.X, b.X) }, "(1,2)", "(3,0)", "false"),
		ptPred("point_above", "|>>", "point |>> point (also >^): strictly above.", func(a, b value.Point) bool { return value.FPgt(a.Y, b.Y) }, "(1,2)", "(3,0)", "true"),
		ptPred("point_below", "<<|", "point <<| point (also <^): strictly below.", func(a, b value.Point) bool { return value.FPlt(a.Y, b.Y) }, "(1,2)", "(3,0)", "false"),
		ptPred("point_vert", "?|", "point ?| point: vertically aligned (same x).", func(a, b value.Point) bool { return value.FPeq(a.X, b.X) }, "(1,2)", "(1,5)", "true"),
		ptPred("point_horiz", "?-", "point ?- point: horizontally aligned (same y).", func(a, b value.Point) bool { return value.FPeq(a.Y, b.Y) }, "(1,2)", "(1,5)", "false"),
		dist("slope", "", tPoint, tPoint, "slope(point, point): the slope of the line through the points (Infinity when vertical).", func(g *value.GeoFloat, a []value.Value) float64 {
			return g.Slope(pt(a, 0), pt(a, 1))
		}, "(0,0)", "(2,1)", "0.5"),
		dist("dist_pb", "<->", tPoint, tBox, "point <-> box: the distance (0 inside).", ptBox, "(0,3)", "(2,2),(0,0)", "1"),
		dist("dist_bp", "<->", tBox, tPoint, "box <-> point: the distance (0 inside).", swap(ptBox), "(2,2),(0,0)", "(0,3)", "1"),
		dist("dist_pc", "<->", tPoint, tCircle, "point <-> circle: the distance to the circle (0 inside).", ptCircle, "(5,0)", "<(0,0),3>", "2"),
		dist("dist_cpoint", "<->", tCircle, tPoint, "circle <-> point: the distance to the circle (0 inside).", swap(ptCircle), "<(0,0),3>", "(5,0)", "2"),
		dist("dist_ps", "<->", tPoint, tLseg, "point <-> lseg: the distance to the segment.", ptSeg, "(0,1)", "[(-1,0),(1,0)]", "1"),
		dist("dist_sp", "<->", tLseg, tPoint, "lseg <-> point: the distance to the segment.", swap(ptSeg), "[(-1,0),(1,0)]", "(0,1)", "1"),
		dist("dist_ppoly", "<->", tPoint, tPolygon, "point <-> polygon: the distance (0 inside).", ptPoly, "(3,1)", "((0,0),(2,0),(2,2),(0,2))", "1"),
		dist("dist_polyp", "<->", tPolygon, tPoint, "polygon <-> point: the distance (0 inside).", swap(ptPoly), "((0,0),(2,0),(2,2),(0,2))", "(3,1)", "1"),
		{"on_pb", "<@", []value.Type{tPoint, tBox}, tBool, "point <@ box: the point is in the box (edges included).", func(_ *value.GeoFloat, a []value.Value) value.Value {
			return b(boxContainsPoint(bx(a, 1), pt(a, 0)))
		}, []string{"(1,1)", "(2,2),(0,0)", "true"}},
		{"box_contain_pt", "@>", []value.Type{tBox, tPoint}, tBool, "box @> point: the box holds the point (edges included).", func(_ *value.GeoFloat, a []value.Value) value.Value {
			return b(boxContainsPoint(bx(a, 0), pt(a, 1)))
		}, []string{"(2,2),(0,0)", "(3,1)", "false"}},
		{"pt_contained_circle", "<@", []value.Type{tPoint, tCircle}, tBool, "point <@ circle: the point is in the circle.", func(g *value.GeoFloat, a []value.Value) value.Value {
			c := ci(a, 1)
			return b(pointDist(g, c.Center, pt(a, 0)) <= c.R)
		}, []string{"(1,1)", "<(0,0),2>", "true"}},
		{"circle_contain_pt", "@>", []value.Type{tCircle, tPoint}, tBool, "circle @> point: the circle holds the point.", func(g *value.GeoFloat, a []value.Value) value.Value {
			c := ci(a, 0)
			return b(pointDist(g, c.Center, pt(a, 1)) <= c.R)
		}, []string{"<(0,0),2>", "(2,1)", "false"}},
		{"on_ps", "<@", []value.Type{tPoint, tLseg}, tBool, "point <@ lseg: the point is on the segment.", func(g *value.GeoFloat, a []value.Value) value.Value {
			return b(segContains(g, sg(a, 1), pt(a, 0)))
		}, []string{"(1,1)", "[(0,0),(2,2)]", "true"}},
		{"pt_contained_poly", "<@", []value.Type{tPoint, tPolygon}, tBool, "point <@ polygon: the point is in the polygon (or on its boundary).", func(g *value.GeoFloat, a []value.Value) value.Value {
			return b(pointInside(g, pt(a, 0), a[1].GeoPoints()) != 0)
		}, []string{"(1,1)", "((0,0),(2,0),(2,2),(0,2))", "true"}},
		{"poly_contain_pt", "@>", []value.Type{tPolygon, tPoint}, tBool, "polygon @> point: the polygon holds the point (or it is on its boundary).", func(g *value.GeoFloat, a []value.Value) value.Value {
			return b(pointInside(g, pt(a, 1), a[0].GeoPoints()) != 0)
		}, []string{"((0,0),(2,0),(2,2),(0,2))", "(3,1)", "false"}},
		{"on_ppath", "<@", []value.Type{tPoint, tPath}, tBool, "point <@ path: the point is on the open path, or in the closed one.", func(g *value.GeoFloat, a []value.Value) value.Value {
			p, pts := pt(a, 0), a[1].GeoPoints()
			if a[1].PathClosed() {
				return b(pointInside(g, p, pts) != 0)
			}
			d := pointDist(g, p, pts[0])
			for i := 0; i < len(pts)-1; i++ {
				e := pointDist(g, p, pts[i+1])
				if value.FPeq(g.Add(d, e), pointDist(g, pts[i], pts[i+1])) {
					return b(true)
				}
				d = e
			}
			return b(false)
		}, []string{"(1,0)", "[(0,0),(2,0),(2,2)]", "true"}},
		{"path_contain_pt", "@>", []value.Type{tPath, tPoint}, tBool, "path @> point: a closed path holds the point (false for an open one).", func(g *value.GeoFloat, a []value.Value) value.Value {
			return b(a[0].PathClosed() && pointInside(g, pt(a, 1), a[0].GeoPoints()) != 0)
		}, []string{"((0,0),(2,0),(2,2))", "(1.5,0.5)", "true"}},

		// box
		{"box", "", []value.Type{tPoint, tPoint}, tBox, "box(point, point): the box of two opposite corners.", func(_ *value.GeoFloat, a []value.Value) value.Value {
			return value.BoxValue(pt(a, 0), pt(a, 1))
		}, []string{"(0,0)", "(2,1)", `"(2,1),(0,0)"`}},
		one("box", "", tPoint, tBox, "box(point): the empty box at the point.", func(_ *value.GeoFloat, v value.Value) value.Value {
			return value.BoxValue(v.AsPoint(), v.AsPoint())
		}, "(1,2)", `"(1,2),(1,2)"`),
		one("box", "", tCircle, tBox, "box(circle): the box inscribed in the circle.", boxOfCircle, "<(0,0),2>", `"(1.414213562373095,1.414213562373095),(-1.414213562373095,-1.414213562373095)"`),
		one("box", "", tPolygon, tBox, "box(polygon): the polygon's bounding box.", func(_ *value.GeoFloat, v value.Value) value.Value {
			return boundBox(v.GeoPoints())
		}, "((0,0),(2,1),(1,3))", `"(2,3),(0,0)"`),
		boxArith("box_add", "+", "box + point: the box moved by the point.", pointAdd, "(1,1),(0,0)", "(2,3)", `"(3,4),(2,3)"`),
		boxArith("box_sub", "-", "box - point: the box moved back by the point.", pointSub, "(1,1),(0,0)", "(2,3)", `"(-1,-2),(-2,-3)"`),
		boxArith("box_mul", "*", "box * point: the corners multiplied by the point as complex numbers (scaled and rotated).", pointMul, "(1,1),(0,0)", "(2,0)", `"(2,2),(0,0)"`),
		boxArith("box_div", "/", "box / point: the corners divided by the point as complex numbers.", pointDiv, "(2,2),(0,0)", "(2,0)", `"(1,1),(0,0)"`),
		boxPred("box_same", "~=", "box ~= box: the same corners (within 1e-6).", func(a, b value.Box) bool {
			return value.PointEq(a.High, b.High) && value.PointEq(a.Low, b.Low)
		}, "(1,1),(0,0)", "(0,0),(1,1)", "true"),
		boxAreaPred("box_eq", "=", "box = box: equal areas (within 1e-6).", value.FPeq, "(1,1),(0,0)", "(2,0.5),(0,0)", "true"),
		boxAreaPred("box_lt", "<", "box < box: a smaller area.", value.FPlt, "(1,1),(0,0)", "(2,2),(0,0)", "true"),
		boxAreaPred("box_le", "<=", "box <= box: an area not larger.", value.FPle, "(1,1),(0,0)", "(2,2),(0,0)", "true"),
		boxAreaPred("box_gt", ">", "box > box: a larger area.", value.FPgt, "(1,1),(0,0)", "(2,2),(0,0)", "false"),
		boxAreaPred("box_ge", ">=", "box >= box: an area not smaller.", value.FPge, "(1,1),(0,0)", "(2,2),(0,0)", "false"),
		boxPred("box_overlap", "&&", "box && box: the boxes overlap (edges included).", func(a, b value.Box) bool {
			return value.FPle(a.Low.X, b.High.X) && value.FPle(b.Low.X, a.High.X) && value.FPle(a.Low.Y, b.High.Y) && value.FPle(b.Low.Y, a.High.Y)
		}, "(1,1),(0,0)", "(2,2),(1,1)", "true"),
		boxPred("box_contain", "@>", "box @> box: the first holds the second.", func(a, b value.Box) bool {
			return value.FPge(a.High.X, b.High.X) && value.FPle(a.Low.X, b.Low.X) && value.FPge(a.High.Y, b.High.Y) && value.FPle(a.Low.Y, b.Low.Y)
		}, "(2,2),(0,0)", "(1,1),(0,0)", "true"),
		boxPred("box_contained", "<@", "box <@ box: the first is in the second.", func(a, b value.Box) bool {
			return value.FPge(b.High.X, a.High.X) && value.FPle(b.Low.X, a.Low.X) && value.FPge(b.High.Y, a.High.Y) && value.FPle(b.Low.Y, a.Low.Y)
		}, "(2,2),(0,0)", "(1,1),(0,0)", "false"),
		boxPred("box_left", "<<", "box << box: strictly left of.", func(a, b value.Box) bool { return value.FPlt(a.High.X, b.Low.X) }, "(1,1),(0,0)", "(3,3),(2,2)", "true"),
		boxPred("box_right", ">>", "box >> box: strictly right of.", func(a, b value.Box) bool { return value.FPgt(a.Low.X, b.High.X) }, "(1,1),(0,0)", "(3,3),(2,2)", "false"),
		boxPred("box_below", "<<|", "box <<| box: strictly below.", func(a, b value.Box) bool { return value.FPlt(a.High.Y, b.Low.Y) }, "(1,1),(0,0)", "(3,3),(2,2)", "true"),
		boxPred("box_above", "|>>", "box |>> box: strictly above.", func(a, b value.Box) bool { return value.FPgt(a.Low.Y, b.High.Y) }, "(1,1),(0,0)", "(3,3),(2,2)", "false"),
		boxPred("box_overleft", "&<", "box &< box: does not extend to the right of.", func(a, b value.Box) bool { return value.FPle(a.High.X, b.High.X) }, "(1,1),(0,0)", "(3,3),(2,2)", "true"),
		boxPred("box_overright", "&>", "box &> box: does not extend to the left of.", func(a, b value.Box) bool { return value.FPge(a.Low.X, b.Low.X) }, "(1,1),(0,0)", "(3,3),(2,2)", "false"),
		boxPred("box_overbelow", "&<|", "box &<| box: does not extend above.", func(a, b value.Box) bool { return value.FPle(a.High.Y, b.High.Y) }, "(1,1),(0,0)", "(3,3),(2,2)", "true"),
		boxPred("box_overabove", "|&>", "box |&> box: does not extend below.", func(a, b value.Box) bool { return value.FPge(a.Low.Y, b.Low.Y) }, "(1,1),(0,0)", "(3,3),(2,2)", "false"),
		boxPred("box_below_eq", "<^", "box <^ box: below (edges may touch).", func(a, b value.Box) bool { return value.FPle(a.High.Y, b.Low.Y) }, "(1,1),(0,0)", "(2,2),(1,1)", "true"),
		boxPred("box_above_eq", ">^", "box >^ box: above (edges may touch).", func(a, b value.Box) bool { return value.FPge(a.Low.Y, b.High.Y) }, "(2,2),(1,1)", "(1,1),(0,0)", "true"),
		{"box_intersect", "#", []value.Type{tBox, tBox}, tBox, "box # box: the intersection, NULL when the boxes do not overlap.", func(_ *value.GeoFloat, a []value.Value) value.Value {
			x, y := bx(a, 0), bx(a, 1)
			if !(value.FPle(x.Low.X, y.High.X) && value.FPle(y.Low.X, x.High.X) && value.FPle(x.Low.Y, y.High.Y) && value.FPle(y.Low.Y, x.High.Y)) {
				return value.None
			}
			return value.BoxValue(value.Point{X: min(x.High.X, y.High.X), Y: min(x.High.Y, y.High.Y)}, value.Point{X: max(x.Low.X, y.Low.X), Y: max(x.Low.Y, y.Low.Y)})
		}, []string{"(2,2),(0,0)", "(3,3),(1,1)", `"(2,2),(1,1)"`}},
		dist("box_distance", "<->", tBox, tBox, "box <-> box: the distance between the centers.", func(g *value.GeoFloat, a []value.Value) float64 {
			x, y := bx(a, 0), bx(a, 1)
			return pointDist(g, midpoint(g, x.High, x.Low), midpoint(g, y.High, y.Low))
		}, "(1,1),(0,0)", "(7,9),(6,8)", "10"),
		one("box_center", "@@", tBox, tPoint, "@@ box: the box's center.", center, "(2,2),(0,0)", `"(1,1)"`),
		one("area", "", tBox, tF8, "area(box): the box's area.", func(g *value.GeoFloat, v value.Value) value.Value {
			return f8(boxArea(g, v.AsBox()))
		}, "(2,3),(0,0)", "6"),
		one("center", "", tBox, tPoint, "center(box): the box's center.", center, "(2,2),(0,0)", `"(1,1)"`),
		one("width", "", tBox, tF8, "width(box): the box's horizontal size.", func(g *value.GeoFloat, v value.Value) value.Value {
			x := v.AsBox()
			return f8(g.Sub(x.High.X, x.Low.X))
		}, "(2,3),(0,0)", "2"),
		one("height", "", tBox, tF8, "height(box): the box's vertical size.", func(g *value.GeoFloat, v value.Value) value.Value {
			x := v.AsBox()
			return f8(g.Sub(x.High.Y, x.Low.Y))
		}, "(2,3),(0,0)", "3"),
		one("diagonal", "", tBox, tLseg, "diagonal(box): the segment from the high corner to the low one.", func(_ *value.GeoFloat, v value.Value) value.Value {
			x := v.AsBox()
			return value.LsegValue(x.High, x.Low)
		}, "(2,3),(0,0)", `"[(2,3),(0,0)]"`),
		{"bound_box", "", []value.Type{tBox, tBox}, tBox, "bound_box(box, box): the box around both.", func(_ *value.GeoFloat, a []value.Value) value.Value {
			x, y := bx(a, 0), bx(a, 1)
			return value.BoxValue(value.Point{X: max(x.High.X, y.High.X), Y: max(x.High.Y, y.High.Y)}, value.Point{X: min(x.Low.X, y.Low.X), Y: min(x.Low.Y, y.Low.Y)})
		}, []string{"(1,1),(0,0)", "(3,3),(2,2)", `"(3,3),(0,0)"`}},

		// circle
		{"circle", "", []value.Type{tPoint, tF8}, tCircle, "circle(point, float8): the circle of a center and radius.", func(_ *value.GeoFloat, a []value.Value) value.Value {
			return value.CircleValue(value.Circle{Center: pt(a, 0), R: a[1].AsFloat()})
		}, []string{"(1,2)", "3", `"<(1,2),3>"`}},
		one("circle", "", tBox, tCircle, "circle(box): the circle through the box's corners.", circleOfBox, "(2,2),(0,0)", `"<(1,1),1.4142135623730951>"`),
		one("circle", "", tPolygon, tCircle, "circle(polygon): centered on the mean of the vertices, of their mean distance from it.", func(g *value.GeoFloat, v value.Value) value.Value {
			return value.CircleValue(polyCircle(g, v.GeoPoints()))
		}, "((0,0),(2,0),(2,2),(0,2))", `"<(1,1),1.4142135623730951>"`),
		circleArith("circle_add_pt", "+", "circle + point: the circle moved by the point.", pointAdd, nil, "<(1,1),2>", "(1,2)", `"<(2,3),2>"`),
		circleArith("circle_sub_pt", "-", "circle - point: the circle moved back by the point.", pointSub, nil, "<(1,1),2>", "(1,2)", `"<(0,-1),2>"`),
		circleArith("circle_mul_pt", "*", "circle * point: the center multiplied as a complex number, the radius scaled.", pointMul, func(g *value.GeoFloat, r, h float64) float64 { return g.Mul(r, h) }, "<(1,1),2>", "(0,2)", `"<(-2,2),4>"`),
		circleArith("circle_div_pt", "/", "circle / point: the center divided as a complex number, the radius scaled.", pointDiv, func(g *value.GeoFloat, r, h float64) float64 { return g.Div(r, h) }, "<(-2,2),4>", "(0,2)", `"<(1,1),2>"`),
		circlePred("circle_same", "~=", "circle ~= circle: the same center and radius (within 1e-6).", func(_ *value.GeoFloat, a, b value.Circle) bool {
			return (math.IsNaN(a.R) && math.IsNaN(b.R) || value.FPeq(a.R, b.R)) && value.PointEq(a.Center, b.Center)
		}, "<(1,1),2>", "<(1,1),2.0000001>", "true"),
		circleAreaPred("circle_eq", "=", "circle = circle: equal areas (within 1e-6).", value.FPeq, "<(1,1),2>", "<(5,5),2>", "true"),
		circleAreaPred("circle_ne", "<>", "circle <> circle: different areas.", value.FPne, "<(1,1),2>", "<(5,5),2>", "false"),
		circleAreaPred("circle_lt", "<", "circle < circle: a smaller area.", value.FPlt, "<(1,1),2>", "<(5,5),3>", "true"),
		circleAreaPred("circle_le", "<=", "circle <= circle: an area not larger.", value.FPle, "<(1,1),2>", "<(5,5),3>", "true"),
		circleAreaPred("circle_gt", ">", "circle > circle: a larger area.", value.FPgt, "<(1,1),2>", "<(5,5),3>", "false"),
		circleAreaPred("circle_ge", ">=", "circle >= circle: an area not smaller.", value.FPge, "<(1,1),2>", "<(5,5),3>", "false"),
		circlePred("circle_overlap", "&&", "circle && circle: the circles overlap.", func(g *value.GeoFloat, a, b value.Circle) bool {
			return value.FPle(pointDist(g, a.Center, b.Center), g.Add(a.R, b.R))
		}, "<(0,0),1>", "<(2,0),1>", "true"),
		circlePred("circle_contain", "@>", "circle @> circle: the first holds the second.", func(g *value.GeoFloat, a, b value.Circle) bool {
			return value.FPle(pointDist(g, a.Center, b.Center), g.Sub(a.R, b.R))
		}, "<(0,0),3>", "<(1,0),1>", "true"),
		circlePred("circle_contained", "<@", "circle <@ circle: the first is in the second.", func(g *value.GeoFloat, a, b value.Circle) bool {
			return value.FPle(pointDist(g, a.Center, b.Center), g.Sub(b.R, a.R))
		}, "<(0,0),3>", "<(1,0),1>", "false"),
		circlePred("circle_left", "<<", "circle << circle: strictly left of.", func(_ *value.GeoFloat, a, b value.Circle) bool {
			return value.FPlt(a.Center.X+a.R, b.Center.X-b.R)
		}, "<(0,0),1>", "<(3,0),1>", "true"),
		circlePred("circle_right", ">>", "circle >> circle: strictly right of.", func(_ *value.GeoFloat, a, b value.Circle) bool {
			return value.FPgt(a.Center.X-a.R, b.Center.X+b.R)
		}, "<(0,0),1>", "<(3,0),1>", "false"),
		circlePred("circle_below", "<<|", "circle <<| circle: strictly below.", func(_ *value.GeoFloat, a, b value.Circle) bool {
			return value.FPlt(a.Center.Y+a.R, b.Center.Y-b.R)
		}, "<(0,0),1>", "<(0,3),1>", "true"),
		circlePred("circle_above", "|>>", "circle |>> circle: strictly above.", func(_ *value.GeoFloat, a, b value.Circle) bool {
			return value.FPgt(a.Center.Y-a.R, b.Center.Y+b.R)
		}, "<(0,0),1>", "<(0,3),1>", "false"),
		circlePred("circle_overleft", "&<", "circle &< circle: does not extend to the right of.", func(_ *value.GeoFloat, a, b value.Circle) bool {
			return value.FPle(a.Center.X+a.R, b.Center.X+b.R)
		}, "<(0,0),1>", "<(3,0),1>", "true"),
		circlePred("circle_overright", "&>", "circle &> circle: does not extend to the left of.", func(_ *value.GeoFloat, a, b value.Circle) bool {
			return value.FPge(a.Center.X-a.R, b.Center.X-b.R)
		}, "<(0,0),1>", "<(3,0),1>", "false"),
		circlePred("circle_overbelow", "&<|", "circle &<| circle: does not extend above.", func(_ *value.GeoFloat, a, b value.Circle) bool {
			return value.FPle(a.Center.Y+a.R, b.Center.Y+b.R)
		}, "<(0,0),1>", "<(0,3),1>", "true"),
		circlePred("circle_overabove", "|&>", "circle |&> circle: does not extend below.", func(_ *value.GeoFloat, a, b value.Circle) bool {
			return value.FPge(a.Center.Y-a.R, b.Center.Y-b.R)
		}, "<(0,0),1>", "<(0,3),1>", "false"),
		dist("circle_distance", "<->", tCircle, tCircle, "circle <-> circle: the distance between the circles (0 when they overlap).", func(g *value.GeoFloat, a []value.Value) float64 {
			c, d := ci(a, 0), ci(a, 1)
			return nonNeg(g.Sub(pointDist(g, c.Center, d.Center), g.Add(c.R, d.R)))
		}, "<(0,0),1>", "<(5,0),1>", "3"),
		one("circle_center", "@@", tCircle, tPoint, "@@ circle: the circle's center.", center, "<(1,2),3>", `"(1,2)"`),
		one("area", "", tCircle, tF8, "area(circle): the circle's area.", func(g *value.GeoFloat, v value.Value) value.Value {
			return f8(circleArea(g, v.AsCircle()))
		}, "<(0,0),1>", "3.141592653589793"),
		one("center", "", tCircle, tPoint, "center(circle): the circle's center.", center, "<(1,2),3>", `"(1,2)"`),
		one("radius", "", tCircle, tF8, "radius(circle): the circle's radius.", func(_ *value.GeoFloat, v value.Value) value.Value {
			return f8(v.AsCircle().R)
		}, "<(1,2),3>", "3"),
		one("diameter", "", tCircle, tF8, "diameter(circle): the circle's diameter.", func(g *value.GeoFloat, v value.Value) value.Value {
			return f8(g.Mul(v.AsCircle().R, 2))
		}, "<(1,2),3>", "6"),

		// lseg
		{"lseg", "", []value.Type{tPoint, tPoint}, tLseg, "lseg(point, point): the segment between the points.", func(_ *value.GeoFloat, a []value.Value) value.Value {
			return value.LsegValue(pt(a, 0), pt(a, 1))
		}, []string{"(0,0)", "(1,2)", `"[(0,0),(1,2)]"`}},
		one("lseg", "", tBox, tLseg, "lseg(box): the box's diagonal.", func(_ *value.GeoFloat, v value.Value) value.Value {
			x := v.AsBox()
			return value.LsegValue(x.High, x.Low)
		}, "(2,3),(0,0)", `"[(2,3),(0,0)]"`),
		{"lseg_eq", "=", []value.Type{tLseg, tLseg}, tBool, "lseg = lseg: the same end points (within 1e-6).", func(_ *value.GeoFloat, a []value.Value) value.Value {
			s, t := sg(a, 0), sg(a, 1)
			return b(value.PointEq(s[0], t[0]) && value.PointEq(s[1], t[1]))
		}, []string{"[(0,0),(1,1)]", "[(0,0),(1,1)]", "true"}},
		{"lseg_ne", "<>", []value.Type{tLseg, tLseg}, tBool, "lseg <> lseg: not the same end points.", func(_ *value.GeoFloat, a []value.Value) value.Value {
			s, t := sg(a, 0), sg(a, 1)
			return b(!value.PointEq(s[0], t[0]) || !value.PointEq(s[1], t[1]))
		}, []string{"[(0,0),(1,1)]", "[(1,1),(0,0)]", "true"}},
		segLenPred("lseg_lt", "<", "lseg < lseg: shorter.", value.FPlt, "[(0,0),(1,1)]", "[(0,0),(2,2)]", "true"),
		segLenPred("lseg_le", "<=", "lseg <= lseg: not longer.", value.FPle, "[(0,0),(1,1)]", "[(0,0),(2,2)]", "true"),
		segLenPred("lseg_gt", ">", "lseg > lseg: longer.", value.FPgt, "[(0,0),(1,1)]", "[(0,0),(2,2)]", "false"),
		segLenPred("lseg_ge", ">=", "lseg >= lseg: not shorter.", value.FPge, "[(0,0),(1,1)]", "[(0,0),(2,2)]", "false"),
		one("lseg_center", "@@", tLseg, tPoint, "@@ lseg: the segment's center.", center, "[(0,0),(2,4)]", `"(1,2)"`),
		one("lseg_length", "@-@", tLseg, tF8, "@-@ lseg, length(lseg): the segment's length.", func(g *value.GeoFloat, v value.Value) value.Value {
			s := v.AsLseg()
			return f8(pointDist(g, s[0], s[1]))
		}, "[(0,0),(3,4)]", "5"),
		one("lseg_vertical", "?|", tLseg, tBool, "?| lseg, isvertical(lseg): the segment is vertical.", func(_ *value.GeoFloat, v value.Value) value.Value {
			s := v.AsLseg()
			return b(value.FPeq(s[0].X, s[1].X))
		}, "[(1,0),(1,4)]", "true"),
		one("lseg_horizontal", "?-", tLseg, tBool, "?- lseg, ishorizontal(lseg): the segment is horizontal.", func(_ *value.GeoFloat, v value.Value) value.Value {
			s := v.AsLseg()
			return b(value.FPeq(s[0].Y, s[1].Y))
		}, "[(1,0),(1,4)]", "false"),
		{"lseg_parallel", "?||", []value.Type{tLseg, tLseg}, tBool, "lseg ?|| lseg: the segments are parallel.", func(g *value.GeoFloat, a []value.Value) value.Value {
			s, t := sg(a, 0), sg(a, 1)
			return b(value.FPeq(g.Slope(s[0], s[1]), g.Slope(t[0], t[1])))
		}, []string{"[(0,0),(1,1)]", "[(0,1),(1,2)]", "true"}},
		{"lseg_perp", "?-|", []value.Type{tLseg, tLseg}, tBool, "lseg ?-| lseg: the segments are perpendicular.", func(g *value.GeoFloat, a []value.Value) value.Value {
			s, t := sg(a, 0), sg(a, 1)
			return b(value.FPeq(g.Slope(s[0], s[1]), invSlope(g, t[0], t[1])))
		}, []string{"[(0,0),(1,1)]", "[(0,1),(1,0)]", "true"}},
		{"lseg_intersect", "?#", []value.Type{tLseg, tLseg}, tBool, "lseg ?# lseg: the segments intersect.", func(g *value.GeoFloat, a []value.Value) value.Value {
			_, ok := segIntersection(g, sg(a, 0), sg(a, 1))
			return b(ok)
		}, []string{"[(0,0),(2,2)]", "[(0,2),(2,0)]", "true"}},
		{"lseg_interpt", "#", []value.Type{tLseg, tLseg}, tPoint, "lseg # lseg: the segments' intersection point, NULL if none.", func(g *value.GeoFloat, a []value.Value) value.Value {
			p, ok := segIntersection(g, sg(a, 0), sg(a, 1))
			if !ok {
				return value.None
			}
			return value.PointValue(p)
		}, []string{"[(0,0),(2,2)]", "[(0,2),(2,0)]", `"(1,1)"`}},
		dist("lseg_distance", "<->", tLseg, tLseg, "lseg <-> lseg: the distance between the segments.", func(g *value.GeoFloat, a []value.Value) float64 {
			return segSegDist(g, sg(a, 0), sg(a, 1))
		}, "[(0,0),(1,0)]", "[(0,2),(1,2)]", "2"),

		// line
		{"line", "", []value.Type{tPoint, tPoint}, tLine, "line(point, point): the line through two distinct points.", func(g *value.GeoFloat, a []value.Value) value.Value {
			p, q := pt(a, 0), pt(a, 1)
			if value.PointEq(p, q) {
				g.Err = errs.New(errs.InvalidParameterValue, "invalid line specification: must be two distinct points")
				return value.None
			}
			return value.LineValue(g.LineOf(p, g.Slope(p, q)))
		}, []string{"(0,0)", "(1,2)", `"{2,-1,0}"`}},
		one("line_vertical", "?|", tLine, tBool, "?| line, isvertical(line): the line is vertical.", func(_ *value.GeoFloat, v value.Value) value.Value {
			return b(value.FPzero(v.AsLine().B))
		}, "{1,0,3}", "true"),
		one("line_horizontal", "?-", tLine, tBool, "?- line, ishorizontal(line): the line is horizontal.", func(_ *value.GeoFloat, v value.Value) value.Value {
			return b(value.FPzero(v.AsLine().A))
		}, "{1,0,3}", "false"),
		linePred("line_parallel", "?||", "line ?|| line, isparallel(line, line): the lines are parallel.", func(g *value.GeoFloat, l, m value.Line) bool {
			_, ok := lineIntersection(g, l, m)
			return !ok
		}, "{1,-1,0}", "{1,-1,3}", "true"),
		linePred("line_intersect", "?#", "line ?# line: the lines intersect.", func(g *value.GeoFloat, l, m value.Line) bool {
			_, ok := lineIntersection(g, l, m)
			return ok
		}, "{1,-1,0}", "{1,-1,3}", "false"),
		linePred("line_perp", "?-|", "line ?-| line, isperp(line, line): the lines are perpendicular.", func(g *value.GeoFloat, l, m value.Line) bool {
			switch {
			case value.FPzero(l.A):
				return value.FPzero(m.B)
			case value.FPzero(m.A):
				return value.FPzero(l.B)
			case value.FPzero(l.B):
				return value.FPzero(m.A)
			case value.FPzero(m.B):
				return value.FPzero(l.A)
			}
			return value.FPeq(g.Div(g.Mul(l.A, m.A), g.Mul(l.B, m.B)), -1)
		}, "{1,-1,0}", "{1,1,0}", "true"),
		linePred("line_eq", "=", "line = line: the same line (proportional coefficients, within 1e-6).", func(g *value.GeoFloat, l, m value.Line) bool {
			if math.IsNaN(l.A) || math.IsNaN(l.B) || math.IsNaN(l.C) || math.IsNaN(m.A) || math.IsNaN(m.B) || math.IsNaN(m.C) {
				return value.Float8Eq(l.A, m.A) && value.Float8Eq(l.B, m.B) && value.Float8Eq(l.C, m.C)
			}
			ratio := 1.0
			switch {
			case !value.FPzero(m.A):
				ratio = g.Div(l.A, m.A)
			case !value.FPzero(m.B):
				ratio = g.Div(l.B, m.B)
			case !value.FPzero(m.C):
				ratio = g.Div(l.C, m.C)
			}
			return value.FPeq(l.A, g.Mul(ratio, m.A)) && value.FPeq(l.B, g.Mul(ratio, m.B)) && value.FPeq(l.C, g.Mul(ratio, m.C))
		}, "{1,-1,0}", "{2,-2,0}", "true"),
		{"line_interpt", "#", []value.Type{tLine, tLine}, tPoint, "line # line: the lines' intersection point, NULL if they are parallel.", func(g *value.GeoFloat, a []value.Value) value.Value {
			p, ok := lineIntersection(g, a[0].AsLine(), a[1].AsLine())
			if !ok {
				return value.None
			}
			return value.PointValue(p)
		}, []string{"{1,-1,0}", "{1,1,-2}", `"(1,1)"`}},
		dist("line_distance", "<->", tLine, tLine, "line <-> line: the distance between parallel lines (0 when they intersect).", func(g *value.GeoFloat, a []value.Value) float64 {
			l, m := a[0].AsLine(), a[1].AsLine()
			if _, ok := lineIntersection(g, l, m); ok {
				return 0
			}
			ratio := 1.0
			switch {
			case !value.FPzero(l.A) && !math.IsNaN(l.A) && !value.FPzero(m.A) && !math.IsNaN(m.A):
				ratio = g.Div(l.A, m.A)
			case !value.FPzero(l.B) && !math.IsNaN(l.B) && !value.FPzero(m.B) && !math.IsNaN(m.B):
				ratio = g.Div(l.B, m.B)
			}
			return g.Div(math.Abs(g.Sub(l.C, g.Mul(ratio, m.C))), pgHypot(g, l.A, l.B))
		}, "{0,-1,0}", "{0,-1,3}", "3"),
		dist("dist_pl", "<->", tPoint, tLine, "point <-> line: the distance to the line.", ptLine, "(0,2)", "{1,0,0}", "0"),
		dist("dist_lp", "<->", tLine, tPoint, "line <-> point: the distance to the line.", swap(ptLine), "{0,-1,0}", "(5,2)", "2"),
		dist("dist_sl", "<->", tLseg, tLine, "lseg <-> line: the distance between the segment and the line.", segLineDist, "[(0,1),(1,1)]", "{0,-1,0}", "1"),
		dist("dist_ls", "<->", tLine, tLseg, "line <-> lseg: the distance between the line and the segment.", swap(segLineDist), "{0,-1,0}", "[(0,1),(1,1)]", "1"),
		{"on_pl", "<@", []value.Type{tPoint, tLine}, tBool, "point <@ line: the point is on the line.", func(g *value.GeoFloat, a []value.Value) value.Value {
			return b(value.FPzero(lineCalc(g, a[1].AsLine(), pt(a, 0))))
		}, []string{"(1,1)", "{1,-1,0}", "true"}},
		{"on_sl", "<@", []value.Type{tLseg, tLine}, tBool, "lseg <@ line: the segment is on the line.", func(g *value.GeoFloat, a []value.Value) value.Value {
			l, s := a[1].AsLine(), sg(a, 0)
			return b(value.FPzero(lineCalc(g, l, s[0])) && value.FPzero(lineCalc(g, l, s[1])))
		}, []string{"[(0,0),(2,2)]", "{1,-1,0}", "true"}},
		{"inter_sl", "?#", []value.Type{tLseg, tLine}, tBool, "lseg ?# line: the segment meets the line.", func(g *value.GeoFloat, a []value.Value) value.Value {
			_, ok := segLineIntersection(g, sg(a, 0), a[1].AsLine())
			return b(ok)
		}, []string{"[(0,0),(2,2)]", "{0,-1,1}", "true"}},

		// path and polygon
		one("npoints", "#", tPath, tI4, "npoints(path), # path: the number of points.", func(_ *value.GeoFloat, v value.Value) value.Value {
			return value.IntW(int64(len(v.GeoPoints())), value.I32)
		}, "[(0,0),(1,1),(2,0)]", "3"),
		one("npoints", "#", tPolygon, tI4, "npoints(polygon), # polygon: the number of vertices.", func(_ *value.GeoFloat, v value.Value) value.Value {
			return value.IntW(int64(len(v.GeoPoints())), value.I32)
		}, "((0,0),(1,1),(2,0))", "3"),
		one("isclosed", "", tPath, tBool, "isclosed(path): the path is closed.", func(_ *value.GeoFloat, v value.Value) value.Value {
			return b(v.PathClosed())
		}, "((0,0),(1,1),(2,0))", "true"),
		one("isopen", "", tPath, tBool, "isopen(path): the path is open.", func(_ *value.GeoFloat, v value.Value) value.Value {
			return b(!v.PathClosed())
		}, "((0,0),(1,1),(2,0))", "false"),
		one("popen", "", tPath, tPath, "popen(path): the path, open.", func(_ *value.GeoFloat, v value.Value) value.Value {
			return value.PathValue(v.GeoPoints(), false)
		}, "((0,0),(1,1),(2,0))", `"[(0,0),(1,1),(2,0)]"`),
		one("pclose", "", tPath, tPath, "pclose(path): the path, closed.", func(_ *value.GeoFloat, v value.Value) value.Value {
			return value.PathValue(v.GeoPoints(), true)
		}, "[(0,0),(1,1),(2,0)]", `"((0,0),(1,1),(2,0))"`),
		one("area", "", tPath, tF8, "area(path): the area a closed path encloses (NULL for an open one).", func(g *value.GeoFloat, v value.Value) value.Value {
			if !v.PathClosed() {
				return value.None
			}
			pts := v.GeoPoints()
			a := 0.0
			for i := range pts {
				j := (i + 1) % len(pts)
				a = g.Add(a, g.Mul(pts[i].X, pts[j].Y))
				a = g.Sub(a, g.Mul(pts[i].Y, pts[j].X))
			}
			return f8(g.Div(math.Abs(a), 2))
		}, "((0,0),(2,0),(2,2),(0,2))", "4"),
		one("path_length", "@-@", tPath, tF8, "@-@ path, length(path): the path's length (a closed one's with its closing segment).", func(g *value.GeoFloat, v value.Value) value.Value {
			return f8(pathLength(g, v))
		}, "((0,0),(2,0),(2,2),(0,2))", "8"),
		{"path_add", "+", []value.Type{tPath, tPath}, tPath, "path + path: the open paths one after the other (NULL if either is closed).", func(_ *value.GeoFloat, a []value.Value) value.Value {
			if a[0].PathClosed() || a[1].PathClosed() {
				return value.None
			}
			return value.PathValue(append(a[0].GeoPoints(), a[1].GeoPoints()...), false)
		}, []string{"[(0,0),(1,1)]", "[(2,2),(3,3)]", `"[(0,0),(1,1),(2,2),(3,3)]"`}},
		pathArith("path_add_pt", "+", "path + point: the path moved by the point.", pointAdd, "[(0,0),(1,1)]", "(1,2)", `"[(1,2),(2,3)]"`),
		pathArith("path_sub_pt", "-", "path - point: the path moved back by the point.", pointSub, "[(0,0),(1,1)]", "(1,2)", `"[(-1,-2),(0,-1)]"`),
		pathArith("path_mul_pt", "*", "path * point: the points multiplied by the point as complex numbers.", pointMul, "[(0,0),(1,1)]", "(2,0)", `"[(0,0),(2,2)]"`),
		pathArith("path_div_pt", "/", "path / point: the points divided by the point as complex numbers.", pointDiv, "[(0,0),(2,2)]", "(2,0)", `"[(0,0),(1,1)]"`),
		one("path", "", tPolygon, tPath, "path(polygon): the polygon as a closed path.", func(_ *value.GeoFloat, v value.Value) value.Value {
			return value.PathValue(v.GeoPoints(), true)
		}, "((0,0),(1,1),(2,0))", `"((0,0),(1,1),(2,0))"`),
		one("polygon", "", tBox, tPolygon, "polygon(box): the box's four corners.", func(_ *value.GeoFloat, v value.Value) value.Value {
			x := v.AsBox()
			return value.PolygonValue([]value.Point{x.Low, {X: x.Low.X, Y: x.High.Y}, x.High, {X: x.High.X, Y: x.Low.Y}})
		}, "(1,1),(0,0)", `"((0,0),(0,1),(1,1),(1,0))"`),
		one("polygon", "", tPath, tPolygon, "polygon(path): a closed path as a polygon.", func(g *value.GeoFloat, v value.Value) value.Value {
			if !v.PathClosed() {
				g.Err = errs.New(errs.InvalidParameterValue, "open path cannot be converted to polygon")
				return value.None
			}
			return value.PolygonValue(v.GeoPoints())
		}, "((0,0),(1,1),(2,0))", `"((0,0),(1,1),(2,0))"`),
		one("poly_center", "@@", tPolygon, tPoint, "@@ polygon: the mean of the vertices.", center, "((0,0),(2,0),(2,2),(0,2))", `"(1,1)"`),
	}
}

// geoSigByName groups geoSigs by builtin; geoOps indexes them by
// operator.
var geoSigList = geoSigs()

var geoSigByName, geoOps = func() (map[string][]GeoSig, map[string][]GeoSig) {
	byName, ops := map[string][]GeoSig{}, map[string][]GeoSig{}
	for _, s := range geoSigList {
		byName[s.Name] = append(byName[s.Name], s)
		if s.Op != "" {
			ops[s.Op] = append(ops[s.Op], s)
		}
	}
	// PostgreSQL's second spellings.
	for _, s := range ops["|>>"] {
		if s.Name == "point_above" {
			ops[">^"] = append(ops[">^"], s)
		}
	}
	for _, s := range ops["<<|"] {
		if s.Name == "point_below" {
			ops["<^"] = append(ops["<^"], s)
		}
	}
	ops["?#"] = append(ops["?#"], GeoSig{Name: "box_overlap", Op: "?#", Params: []value.Type{tBox, tBox}, Result: tBool})
	return byName, ops
}()

// GeoOperator is the signature of operator op over operands of types l
// and r (l is the zero Type for a prefix operator); ok is false when
// there is none.
func GeoOperator(op string, l, r value.Type) (GeoSig, bool) {
	for _, s := range geoOps[op] {
		if len(s.Params) == 1 && l.Kind == value.KindNone && sameGeoType(s.Params[0], r) ||
			len(s.Params) == 2 && sameGeoType(s.Params[0], l) && sameGeoType(s.Params[1], r) {
			return s, true
		}
	}
	return GeoSig{}, false
}

// GeoOperators is the signatures of operator op.
func GeoOperators(op string) []GeoSig { return geoOps[op] }

// GeoFunction is the signatures of a geometric function name.
func GeoFunction(name string) []GeoSig { return geoSigByName[name] }

// sameGeoType reports a parameter type p that an operand of type t is.
func sameGeoType(p, t value.Type) bool {
	if t.Array || p.Kind != t.Kind {
		return false
	}
	switch p.Kind {
	case value.KindGeo:
		return p.Geo == t.Geo
	case value.KindFloat:
		return t.FloatBits == p.FloatBits
	case value.KindInt:
		return t.Width == p.Width
	}
	return true
}

// matchesGeoSig reports arguments of a signature's types.
func matchesGeoSig(s GeoSig, args []value.Value) bool {
	if len(args) != len(s.Params) {
		return false
	}
	for i, p := range s.Params {
		a := args[i]
		switch p.Kind {
		case value.KindGeo:
			if a.Geo() != p.Geo {
				return false
			}
		case value.KindFloat:
			if a.Kind() != value.KindFloat && a.Kind() != value.KindInt {
				return false
			}
		default:
			if a.Kind() != p.Kind {
				return false
			}
		}
	}
	return true
}

func geoFuncs() []*Func {
	var fs []*Func
	seen := map[string]bool{}
	for _, s := range geoSigList {
		if seen[s.Name] {
			continue
		}
		seen[s.Name] = true
		sigs := geoSigByName[s.Name]
		minArgs, maxArgs := len(sigs[0].Params), len(sigs[0].Params)
		var examples []Example
		for _, g := range sigs {
			minArgs, maxArgs = min(minArgs, len(g.Params)), max(maxArgs, len(g.Params))
			examples = append(examples, geoExample(g))
		}
		doc := sigs[0].doc
		for _, g := range sigs[1:] {
			doc += " " + g.doc
		}
		f := sqlDef(s.Name, minArgs, maxArgs, doc, func(types []value.Type) value.Type {
			for _, g := range sigs {
				if len(g.Params) == len(types) {
					ok := true
					for i, p := range g.Params {
						ok = ok && sameGeoType(p, types[i])
					}
					if ok {
						return g.Result
					}
				}
			}
			return sigs[0].Result
		}, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			for _, g := range sigs {
				if matchesGeoSig(g, args) {
					var calc value.GeoFloat
					args := args
					for i, p := range g.Params {
						if p.Kind == value.KindFloat && args[i].Kind() == value.KindInt {
							args = append([]value.Value(nil), args...)
							args[i] = value.Float(float64(args[i].AsInt()))
						}
					}
					v := g.fn(&calc, args)
					if calc.Err != nil {
						return value.None, calc.Err
					}
					return v, nil
				}
			}
			return value.None, noSQLFunc(name, args)
		}, examples...)
		if len(sigs) == 1 {
			f.Params = sigs[0].Params
		}
		fs = append(fs, f)
	}
	sub := sqlDef("geo_subscript", 2, 2, "point[i], line[i], box[i], lseg[i] (from 0): a point's or line's float8, a box's or segment's point; NULL out of range.",
		func(types []value.Type) value.Type {
			if len(types) > 0 && (types[0].Geo == value.GeoBox || types[0].Geo == value.GeoLseg) {
				return tPoint
			}
			return tF8
		}, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			k := args[0].Geo()
			if args[1].Kind() != value.KindInt || k != value.GeoPoint && k != value.GeoLine && k != value.GeoBox && k != value.GeoLseg {
				return value.None, noSQLFunc(name, args)
			}
			i := args[1].AsInt()
			switch k {
			case value.GeoPoint:
				if p := args[0].AsPoint(); i == 0 || i == 1 {
					return f8([2]float64{p.X, p.Y}[i]), nil
				}
			case value.GeoLine:
				if l := args[0].AsLine(); i >= 0 && i <= 2 {
					return f8([3]float64{l.A, l.B, l.C}[i]), nil
				}
			case value.GeoBox:
				if b := args[0].AsBox(); i == 0 || i == 1 {
					return value.PointValue([2]value.Point{b.High, b.Low}[i]), nil
				}
			default:
				if s := args[0].AsLseg(); i == 0 || i == 1 {
					return value.PointValue(s[i]), nil
				}
			}
			return value.None, nil
		}, ex("2", geoArg(tPoint, "(1,2)"), vi4(1)), ex(`"(1,2)"`, geoArg(tBox, "(1,2),(3,4)"), vi4(1)), ex("null", geoArg(tPoint, "(1,2)"), vi4(2)))
	return append(fs, sub)
}

func geoArg(t value.Type, s string) value.Value {
	v, err := value.ParseGeo(s, t.Geo)
	if err != nil {
		panic(err)
	}
	return v
}

// geoExample makes a signature's example from its text.
func geoExample(s GeoSig) Example {
	args := make([]value.Value, len(s.Params))
	for i, p := range s.Params {
		t := s.ex[i]
		switch p.Kind {
		case value.KindGeo:
			v, err := value.ParseGeo(t, p.Geo)
			if err != nil {
				panic(err)
			}
			args[i] = v
		case value.KindFloat:
			f, err := strconv.ParseFloat(t, 64)
			if err != nil {
				panic(err)
			}
			args[i] = value.Float(f)
		default:
			n, err := strconv.ParseInt(t, 10, 32)
			if err != nil {
				panic(err)
			}
			args[i] = value.IntW(n, value.I32)
		}
	}
	return ex(s.ex[len(s.Params)], args...)
}
