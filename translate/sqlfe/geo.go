package sqlfe

import (
	"strings"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// SQL's geometric types (value/geo.go; the functions and operators in
// engine/builtin/sql_geo.go, whose signature tables this file resolves
// against). Each type is its own: no implicit conversion between them,
// no operator but the signatures', and an unknown operand is read as
// the type PostgreSQL's operator resolution picks: the other operand's
// when that signature exists, else the one signature left.

// isGeo reports a typed operand of a geometric type.
func isGeo(x texpr) bool { return !x.unknown && x.t.Kind == value.KindGeo && !x.t.Array }

// fitsGeoParam reports an operand a signature's parameter takes: an
// unknown one, one of its type, or a number for a float8 parameter.
func fitsGeoParam(x texpr, p value.Type) bool {
	switch {
	case x.unknown:
		return true
	case x.t.Array:
		return false
	case p.Kind == value.KindGeo:
		return x.t.Kind == value.KindGeo && x.t.Geo == p.Geo
	case p.Kind == value.KindFloat:
		return categoryOf(x.t) == catNumber && !isOid(x)
	case p.Kind == value.KindInt:
		return isInt4(x)
	}
	return false
}

// pickGeoSig is the signature that takes args: the only one that fits,
// or, of several, the one whose parameters are all the typed
// arguments' type (an unknown read as its neighbour's type).
func pickGeoSig(sigs []builtin.GeoSig, args []texpr) (builtin.GeoSig, bool) {
	var fit []builtin.GeoSig
	for _, s := range sigs {
		if len(s.Params) != len(args) {
			continue
		}
		ok := true
		for i, a := range args {
			ok = ok && fitsGeoParam(a, s.Params[i])
		}
		if ok {
			fit = append(fit, s)
		}
	}
	if len(fit) == 1 {
		return fit[0], true
	}
	typed := false
	for _, a := range args {
		typed = typed || !a.unknown
	}
	for _, s := range fit {
		same := typed
		for i, a := range args {
			for _, b := range args {
				if a.unknown && !b.unknown && !sameType(s.Params[i], b.t) {
					same = false
				}
			}
		}
		if same {
			return s, true
		}
	}
	return builtin.GeoSig{}, false
}

// geoArgs reads the unknown arguments as the signature's types, and
// numbers as float8 where it takes one.
func (tr *translator) geoArgs(s builtin.GeoSig, args []texpr) ([]texpr, error) {
	out := make([]texpr, len(args))
	for i, a := range args {
		if a.unknown || s.Params[i].Kind == value.KindFloat && !sameType(a.t, s.Params[i]) {
			var err error
			if a, err = tr.coerce(a, s.Params[i]); err != nil {
				return nil, err
			}
		}
		out[i] = a
	}
	return out, nil
}

// geoOp translates an operator with a geometric operand (l is nil for a
// prefix operator); ok is false when neither operand is one, and for ||
// (text's, which shows the value).
func (tr *translator) geoOp(op string, l *texpr, r texpr, p int) (texpr, bool, error) {
	r = tr.refresh(r)
	args := []texpr{r}
	if l != nil {
		*l = tr.refresh(*l)
		args = []texpr{*l, r}
	}
	if op == "||" || !isGeo(args[0]) && !isGeo(r) {
		return texpr{}, false, nil
	}
	s, ok := pickGeoSig(builtin.GeoOperators(op), args)
	if !ok {
		if l == nil {
			return texpr{}, true, errAt(errs.UndefinedFunction, p, "operator does not exist: %s %s", op, typeName(r)).WithHint(hintNoPrefixOperator)
		}
		return texpr{}, true, noOperator(p, *l, op, r)
	}
	args, err := tr.geoArgs(s, args)
	if err != nil {
		return texpr{}, true, err
	}
	x, err := tr.call(s.Name, args, p)
	return x, true, err
}

// geoFuncNames are the SQL functions of geometric arguments whose
// builtin has another name (length is text's too).
var geoFuncNames = map[string]map[value.GeoKind]string{
	"length":       {value.GeoLseg: "lseg_length", value.GeoPath: "path_length"},
	"isvertical":   {value.GeoLseg: "lseg_vertical", value.GeoPoint: "point_vert", value.GeoLine: "line_vertical"},
	"ishorizontal": {value.GeoLseg: "lseg_horizontal", value.GeoPoint: "point_horiz", value.GeoLine: "line_horizontal"},
	"isparallel":   {value.GeoLseg: "lseg_parallel", value.GeoLine: "line_parallel"},
	"isperp":       {value.GeoLseg: "lseg_perp", value.GeoLine: "line_perp"},
}

// geoCall translates a call of a geometric function; ok is false for
// other names, and for length of an argument that is not geometric.
func (tr *translator) geoCall(name string, args []texpr, p int) (texpr, bool, error) {
	if m, ok := geoFuncNames[name]; ok {
		if len(args) == 0 || !isGeo(args[0]) {
			return texpr{}, name != "length", noFunction(p, name, args)
		}
		fn, ok := m[args[0].t.Geo]
		if !ok {
			return texpr{}, true, noFunction(p, name, args)
		}
		name = fn
	}
	sigs := builtin.GeoFunction(name)
	if len(sigs) == 0 {
		return texpr{}, false, nil
	}
	s, ok := pickGeoSig(sigs, args)
	if !ok {
		if geoAmbiguous(sigs, args) {
			return texpr{}, true, errAt(codeAmbiguousFunction, p, "function %s is not unique", callText(name, args)).
				WithHint("Could not choose a best candidate function. You might need to add explicit type casts.")
		}
		return texpr{}, true, noFunction(p, name, args)
	}
	args, err := tr.geoArgs(s, args)
	if err != nil {
		return texpr{}, true, err
	}
	x, err := tr.call(s.Name, args, p)
	return x, true, err
}

// geoCastable reports a cast between two geometric types, which
// PostgreSQL makes by the function named as the target type.
func geoCastable(from, to value.Type) bool {
	if from.Kind != value.KindGeo || to.Kind != value.KindGeo || from.Array || to.Array {
		return false
	}
	if from.Geo == to.Geo {
		return true
	}
	_, ok := pickGeoSig(builtin.GeoFunction(to.Geo.Name()), []texpr{{t: from}})
	return ok
}

// geoAssignCast reports PostgreSQL's assignment casts between geometric
// types: point to box, box and path to polygon, polygon to path.
func geoAssignCast(from, to value.Type) bool {
	switch [2]value.GeoKind{from.Geo, to.Geo} {
	case [2]value.GeoKind{value.GeoPoint, value.GeoBox}, [2]value.GeoKind{value.GeoBox, value.GeoPolygon},
		[2]value.GeoKind{value.GeoPath, value.GeoPolygon}, [2]value.GeoKind{value.GeoPolygon, value.GeoPath}:
		return !from.Array && !to.Array
	}
	return false
}

// geoCast is a cast of a geometric value to another geometric type:
// the call of the target type's function (point(box) is the box's
// center); ok is false for other casts.
func (tr *translator) geoCast(x texpr, t value.Type, p int) (texpr, bool, error) {
	if !isGeo(x) || t.Kind != value.KindGeo || t.Array || x.t.Geo == t.Geo {
		return texpr{}, false, nil
	}
	if !geoCastable(x.t, t) {
		return texpr{}, true, errAt(errs.CannotCoerce, p, "cannot cast type %s to %s", sqlTypeName(x.t), sqlTypeName(t))
	}
	y, err := tr.call(t.Geo.Name(), []texpr{x}, p)
	return y, true, err
}

// geoOverloaded reports a geometric function of several signatures,
// whose unknown arguments geoCall types (or finds ambiguous).
func geoOverloaded(name string) bool { return len(builtin.GeoFunction(name)) > 1 }

// geoAmbiguous reports arguments that several signatures take.
func geoAmbiguous(sigs []builtin.GeoSig, args []texpr) bool {
	n := 0
	for _, s := range sigs {
		ok := len(s.Params) == len(args)
		for i := 0; ok && i < len(args); i++ {
			ok = fitsGeoParam(args[i], s.Params[i])
		}
		if ok {
			n++
		}
	}
	return n > 1
}

// callText is name(types) as errors show a call.
func callText(name string, args []texpr) string {
	types := make([]string, len(args))
	for i, a := range args {
		types[i] = typeName(a)
	}
	return name + "(" + strings.Join(types, ", ") + ")"
}

// geoComparison translates a comparison (also of IN, BETWEEN, ...) with
// a geometric operand as its operator (box = box compares areas; point
// has no =), and refuses arrays of a geometric type, whose elements
// have no equality for array_eq; ok is false for other operands.
func (tr *translator) geoComparison(op string, l, r texpr, p int) (texpr, bool, error) {
	for _, x := range [...]texpr{l, r} {
		if !x.unknown && isArray(x.t) && x.t.Elem.Kind == value.KindGeo {
			return texpr{}, true, noEqualityOperator(*x.t.Elem, p)
		}
	}
	return tr.geoOp(op, &l, r, p)
}

// noBtreeClass refuses a btree index, primary key or unique constraint
// over json or a geometric type, which have no btree operator class.
func noBtreeClass(t value.Type, p int) error {
	name, ok := unsortedType(t)
	if !ok {
		return nil
	}
	return errAt(errs.UndefinedObject, p, "data type %s has no default operator class for access method \"btree\"", name).
		WithHint("You must specify an operator class for the index or define a default operator class for the data type.")
}

// geoElem is the element type of a geometric type's subscripts
// (pg_type.typelem): a point's and a line's float8s, a box's and an
// lseg's points; none for the others.
func geoElem(k value.GeoKind) value.Type {
	switch k {
	case value.GeoPoint, value.GeoLine:
		return value.TypeFloat8
	case value.GeoBox, value.GeoLseg:
		return value.TypePoint
	}
	return value.Type{}
}
