package sqlfe

import (
	"slices"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// Arrays are lists of one element type (value.ArrayOf); the array
// functions are builtins sql::array_*, subscripts start at 1.

func isArray(t value.Type) bool { return t.Kind == value.KindList && t.Array && t.Elem != nil }

// arrayExpr translates ARRAY[a, b, ...]: the elements take their common
// type. Elements that are arrays (ARRAY[[1,2],[3,4]], ARRAY[a, b] of
// int[] columns) make an array of a dimension more, as in PostgreSQL.
func (tr *translator) arrayExpr(a *pg.A_ArrayExpr, ec *exprCtx) (texpr, error) {
	p := tr.pos(a.Location)
	if len(a.Elements) == 0 {
		return texpr{}, errAt(errs.IndeterminateDatatype, p, "cannot determine type of empty array").
			WithHint("Explicitly cast to the desired type, for example ARRAY[]::integer[].")
	}
	xs := make([]texpr, len(a.Elements))
	for i, n := range a.Elements {
		x, err := tr.expr(n, ec)
		if err != nil {
			return texpr{}, err
		}
		xs[i] = x
	}
	t, err := commonType(xs, "ARRAY")
	if err != nil {
		return texpr{}, err
	}
	es := make([]plan.Expr, len(xs))
	for i, x := range xs {
		if x, err = tr.coerce(x, t); err != nil {
			return texpr{}, err
		}
		es[i] = x.e
	}
	if isArray(t) {
		return texpr{e: &plan.Call{At: at(p), Fn: "sql::array_stack", Args: es, SQL: true}, t: baseType(t)}, nil
	}
	return texpr{e: &plan.ListCons{At: at(p), Elems: es}, t: value.ArrayOf(t)}, nil
}

// indirection translates subscripts: a[i] and a[lo:hi] of arrays, and
// doc['key'] / doc[0] of jsonb.
func (tr *translator) indirection(ind *pg.A_Indirection, ec *exprCtx) (texpr, error) {
	x, err := tr.expr(ind.Arg, ec)
	if err != nil {
		return texpr{}, err
	}
	p := x.e.Pos()
	for k := 0; k < len(ind.Indirection); k++ {
		n := ind.Indirection[k]
		if f := n.GetString_(); f != nil {
			if x, err = tr.fieldSelect(x, f.Sval, p); err != nil {
				return texpr{}, err
			}
			continue
		}
		idx := n.GetAIndices()
		if idx == nil {
			return texpr{}, errAt(errs.SyntaxError, p, "row expansion via \"*\" is not supported here")
		}
		if isArray(x.t) {
			// a[i][j] and a[lo:hi][lo:hi]: the subscripts in a row are
			// one per dimension of one array.
			run := []*pg.A_Indices{idx}
			for k+1 < len(ind.Indirection) && ind.Indirection[k+1].GetAIndices() != nil {
				k++
				run = append(run, ind.Indirection[k].GetAIndices())
			}
			if x, err = tr.arraySubscripts(x, run, p, ec); err != nil {
				return texpr{}, err
			}
			continue
		}
		switch {
		case categoryOf(x.t) == catJSON && !idx.IsSlice:
			k, err := tr.expr(idx.Uidx, ec)
			if err != nil {
				return texpr{}, err
			}
			if x, err = tr.jsonGet("->", x, k, p); err != nil {
				return texpr{}, err
			}
		case !idx.IsSlice && categoryOf(x.t) == catString && x.tableID >= virtualRelationIDs:
			// A name column of a system catalog (zerodb's names are
			// text): PostgreSQL's name subscripts as its bytes, from 0,
			// and pg_dump reads typname[0] to tell array types.
			i, err := tr.subscript(idx.Uidx, p, ec)
			if err != nil {
				return texpr{}, err
			}
			from := &plan.Binary{At: at(p), Op: plan.OpAdd, L: i, R: &plan.Const{At: at(p), V: value.IntW(1, 32)}, SQL: true}
			x = texpr{e: &plan.Call{At: at(p), Fn: "sql::substr", Args: []plan.Expr{x.e, from, &plan.Const{At: at(p), V: value.IntW(1, 32)}}, SQL: true}, t: value.TypeText}
		case isHstore(x):
			// h['k'] is h -> 'k' (hstore 1.8's subscripting).
			if idx.IsSlice || k+1 < len(ind.Indirection) && ind.Indirection[k+1].GetAIndices() != nil {
				return texpr{}, errAt(errs.FeatureNotSupported, p, "hstore allows only one subscript")
			}
			k, err := tr.expr(idx.Uidx, ec)
			if err != nil {
				return texpr{}, err
			}
			var ok bool
			if x, ok, err = tr.hstoreOp("->", x, k, p); !ok || err != nil {
				return texpr{}, err
			}
		case isGeo(x) && geoElem(x.t.Geo).Kind != value.KindNone:
			if idx.IsSlice {
				return texpr{}, errAt(errs.FeatureNotSupported, p, "slices of fixed-length arrays not implemented")
			}
			i, err := tr.subscript(idx.Uidx, p, ec)
			if err != nil {
				return texpr{}, err
			}
			if k+1 < len(ind.Indirection) && ind.Indirection[k+1].GetAIndices() != nil {
				// b[0][1]: PostgreSQL's fixed-length arrays have one
				// dimension, and more subscripts fetch NULL.
				for k+1 < len(ind.Indirection) && ind.Indirection[k+1].GetAIndices() != nil {
					k++
				}
				x = texpr{e: &plan.Const{At: at(p)}, t: geoElem(x.t.Geo)}
				continue
			}
			x = texpr{e: &plan.Call{At: at(p), Fn: "sql::geo_subscript", Args: []plan.Expr{x.e, i}, SQL: true}, t: geoElem(x.t.Geo)}
		default:
			return texpr{}, errAt(errs.DatatypeMismatch, p, "cannot subscript type %s because it does not support subscripting", typeName(x))
		}
	}
	return x, nil
}

// subscript translates one subscript of an array: an integer (NULL
// when omitted, a slice's open end).
func (tr *translator) subscript(b *pg.Node, p int, ec *exprCtx) (plan.Expr, error) {
	if b == nil {
		return &plan.Const{At: at(p)}, nil
	}
	i, err := tr.expr(b, ec)
	if err != nil {
		return nil, err
	}
	if i, err = tr.coerce(i, value.TypeInt4); err != nil {
		return nil, err
	}
	if categoryOf(i.t) != catNumber {
		return nil, errAt(errs.DatatypeMismatch, i.e.Pos(), "array subscript must have type integer")
	}
	return i.e, nil
}

// subscripts translates the subscripts of one array, one per dimension:
// a[i][j] is an element; when any is a slice all are, a lone i meaning
// 1:i, as in PostgreSQL.
func (tr *translator) subscripts(run []*pg.A_Indices, p int, ec *exprCtx) (args []plan.Expr, slice bool, err error) {
	if len(run) > value.MaxArrayDims {
		return nil, false, errAt(errs.ProgramLimitExceeded, p, "number of array dimensions (%d) exceeds the maximum allowed (%d)", len(run), value.MaxArrayDims)
	}
	slice = slices.ContainsFunc(run, func(idx *pg.A_Indices) bool { return idx.IsSlice })
	for _, idx := range run {
		if slice && idx.IsSlice {
			lo, err := tr.subscript(idx.Lidx, p, ec)
			if err != nil {
				return nil, false, err
			}
			args = append(args, lo)
		} else if slice {
			args = append(args, &plan.Const{At: at(p), V: value.IntW(1, value.I32)})
		}
		hi, err := tr.subscript(idx.Uidx, p, ec)
		if err != nil {
			return nil, false, err
		}
		args = append(args, hi)
	}
	return args, slice, nil
}

// arraySubscripts translates a[i][j] (an element) and a[lo:hi][lo:hi]
// (an array).
func (tr *translator) arraySubscripts(x texpr, run []*pg.A_Indices, p int, ec *exprCtx) (texpr, error) {
	subs, slice, err := tr.subscripts(run, p, ec)
	if err != nil {
		return texpr{}, err
	}
	args := append([]plan.Expr{x.e}, subs...)
	if slice {
		return texpr{e: &plan.Call{At: at(p), Fn: "sql::array_slice", Args: args, SQL: true}, t: baseType(x.t)}, nil
	}
	return texpr{e: &plan.Call{At: at(p), Fn: "sql::array_subscript", Args: args, SQL: true}, t: *x.t.Elem}, nil
}

// polyArrayRoles are the arguments of PostgreSQL's array functions of
// anyarray and anyelement, by position: 'a' the array, 'e' an element.
var polyArrayRoles = map[string]string{
	"array_cat": "aa", "array_append": "ae", "array_prepend": "ea", "array_remove": "ae",
	"array_position": "ae", "array_positions": "ae", "array_replace": "aee",
	"width_bucket": "ea", // of two arguments only (the thresholds form)
}

// polyArrayRole is the role of argument i of function name called with
// n arguments ('a' or 'e'), 0 when it is not one of those.
func polyArrayRole(name string, i, n int) byte {
	if name == "width_bucket" && n != 2 {
		return 0
	}
	if r := polyArrayRoles[name]; i < len(r) {
		return r[i]
	}
	return 0
}

// polyArrayArgs types the untyped literals among the arguments of an
// array function of anyarray and anyelement by its typed array (or
// element) argument, as PostgreSQL resolves them: array_cat(a, '{2}'),
// array_remove(a, '2'). Without a typed one they are text.
func (tr *translator) polyArrayArgs(name string, args []texpr) error {
	if polyArrayRoles[name] == "" || polyArrayRole(name, 0, len(args)) == 0 {
		return nil
	}
	arr, found := value.ArrayOf(value.TypeText), false
	for i, x := range args {
		switch r := polyArrayRole(name, i, len(args)); {
		case x.unknown || found:
		case r == 'a' && isArray(x.t):
			arr, found = baseType(x.t), true
		case r == 'e' && !isArray(x.t):
			arr, found = value.ArrayOf(baseType(x.t)), true
		}
	}
	for i, x := range args {
		r := polyArrayRole(name, i, len(args))
		if !x.unknown || r == 0 {
			continue
		}
		want := arr
		if r == 'e' {
			want = *arr.Elem
		}
		var err error
		if args[i], err = tr.coerce(x, want); err != nil {
			return err
		}
	}
	return nil
}

// anyAll translates x op ANY (array) and x op ALL (array).
func (tr *translator) anyAll(a *pg.A_Expr, op string, p int, ec *exprCtx) (texpr, error) {
	if a.Rexpr.GetSubLink() != nil {
		return texpr{}, unsupported(p, "ANY/ALL (subquery)")
	}
	l, r, err := tr.operands(a, ec)
	if err != nil {
		return texpr{}, err
	}
	if r.unknown {
		et := value.TypeText
		if !l.unknown {
			et = baseType(l.t)
		}
		if r, err = tr.coerce(r, value.ArrayOf(et)); err != nil {
			return texpr{}, err
		}
	}
	if !isArray(r.t) {
		return texpr{}, errAt(errs.WrongObjectType, p, "op ANY/ALL (array) requires array on right side")
	}
	elem := *r.t.Elem
	if l.unknown {
		if l, err = tr.coerce(l, elem); err != nil {
			return texpr{}, err
		}
	}
	switch op {
	case "=", "<>", "<", "<=", ">", ">=":
	default:
		return texpr{}, noOperator(p, l, op, texpr{t: elem})
	}
	if !comparableTypes(l.t, elem) {
		return texpr{}, noOperator(p, l, op, texpr{t: elem})
	}
	if l.t.CIText != elem.CIText && categoryOf(l.t) == catString && categoryOf(elem) == catString {
		// citext = ANY (text[]) is text's =, as citext = text is.
		if l.t.CIText {
			l, err = tr.cast(l, value.TypeText, p)
		} else {
			r, err = tr.cast(r, value.ArrayOf(value.TypeText), p)
		}
		if err != nil {
			return texpr{}, err
		}
	}
	fn := "sql::array_any"
	if a.Kind == pg.A_Expr_Kind_AEXPR_OP_ALL {
		fn = "sql::array_all"
	}
	return texpr{e: &plan.Call{At: at(p), Fn: fn, Args: []plan.Expr{&plan.Const{At: at(p), V: value.String(op)}, l.e, r.e}, SQL: true}, t: value.TypeBool}, nil
}

// arrayOp translates the array operators @> <@ && and ||; ok is false
// when neither operand is an array.
func (tr *translator) arrayOp(op string, l, r texpr, p int) (texpr, bool, error) {
	l, r = tr.refresh(l), tr.refresh(r)
	if (!isArray(l.t) && !isArray(r.t)) || (!l.unknown && l.t.IsJSONB()) || (!r.unknown && r.t.IsJSONB()) {
		return texpr{}, false, nil
	}
	var err error
	switch {
	case l.unknown:
		lit := l
		l, err = tr.coerce(lit, baseType(r.t))
		if op == "||" && err != nil {
			l, err = tr.coerce(lit, *r.t.Elem)
		}
	case r.unknown:
		r, err = tr.coerce(r, baseType(l.t))
	}
	if err != nil {
		return texpr{}, true, err
	}
	call := func(fn string, t value.Type, args ...plan.Expr) (texpr, bool, error) {
		return texpr{e: &plan.Call{At: at(p), Fn: fn, Args: args, SQL: true}, t: t}, true, nil
	}
	both := isArray(l.t) && isArray(r.t)
	if both && op != "||" && l.t.Elem.Kind == value.KindGeo {
		// array_contains and arrayoverlap compare elements by their
		// type's equality, which the geometric types lack.
		return texpr{}, true, noEqualityOperator(*l.t.Elem, p)
	}
	switch op {
	case "@>":
		if both {
			return call("sql::array_contains", value.TypeBool, l.e, r.e)
		}
	case "<@":
		if both {
			return call("sql::array_contains", value.TypeBool, r.e, l.e)
		}
	case "&&":
		if both {
			return call("sql::array_overlap", value.TypeBool, l.e, r.e)
		}
	case "||":
		switch {
		case both:
			return call("sql::array_cat", baseType(l.t), l.e, r.e)
		case isArray(l.t):
			if r, err = tr.coerce(r, *l.t.Elem); err != nil {
				return texpr{}, true, err
			}
			return call("sql::array_append", baseType(l.t), l.e, r.e)
		default:
			if l, err = tr.coerce(l, *r.t.Elem); err != nil {
				return texpr{}, true, err
			}
			return call("sql::array_prepend", baseType(r.t), l.e, r.e)
		}
	case "=", "<>", "<", "<=", ">", ">=":
		return texpr{}, false, nil
	}
	return texpr{}, true, noOperator(p, l, op, r)
}

// virtualRelationIDs is where the descriptor ids of the system catalogs
// (engine/sysview's virtual relations) begin.
const virtualRelationIDs uint64 = 1 << 62
