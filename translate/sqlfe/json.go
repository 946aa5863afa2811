package sqlfe

import (
	"strconv"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// The json type and its functions (engine/builtin/sql_json.go), and
// whole-row values.
//
// A json value is its text, and how a value is written as JSON depends on
// its SQL type, so the builders (to_json, json_build_object, json_agg,
// ...) get their arguments as JSON text made here, by type: a json
// argument as it is, any other through sql::json_frag with its type's
// mode, a whole row through sql::json_row (its columns with their modes).
//
// A whole-row reference (`t`, `t.*` or ROW(...)) is a rowVal: the row's
// columns, in order. zerodb has no composite values yet, so a row may
// only be the argument of a function that turns it into json or jsonb
// (takesRow), or a select list item, shown as PostgreSQL's record
// text (recordText); anywhere else it is 0A000.

// rowVal is a whole-row value: its columns and their names.
type rowVal struct {
	names []string
	cols  []texpr
	// present, for a table's row, is true unless an outer join supplied
	// it (its key is NULL then): the row itself is NULL, as in PostgreSQL.
	present plan.Expr
	// typeName is the name of the row's composite type: a table's, ""
	// for record.
	typeName string
}

// takesRow reports the functions that take a whole row as an argument.
func takesRow(name string) bool {
	switch name {
	case "to_json", "row_to_json", "json_build_object", "json_build_array", "json_agg", "json_object_agg",
		"to_jsonb", "jsonb_build_object", "jsonb_build_array", "jsonb_agg", "jsonb_object_agg":
		return true
	}
	return false
}

// argExpr translates argument n of function name, a whole row included
// where the function takes one.
func (tr *translator) argExpr(name string, n *pg.Node, ec *exprCtx) (texpr, error) {
	var x texpr
	var err error
	if takesRow(name) {
		x, err = tr.rowOrExpr(n, ec)
	} else {
		x, err = tr.expr(n, ec)
	}
	if err == nil && takesRow(name) {
		x = compositeRow(x, x.e.Pos())
	}
	if err == nil && x.unknown && polymorphic(name) {
		return texpr{}, errAt(errs.DatatypeMismatch, x.e.Pos(), "could not determine polymorphic type because input has type unknown")
	}
	return x, err
}

// polymorphic reports the json functions whose argument is PostgreSQL's
// anyelement (or anyarray): an untyped literal has no type for them.
func polymorphic(name string) bool {
	switch name {
	case "to_json", "to_jsonb", "json_agg", "jsonb_agg", "array_to_json":
		return true
	}
	return false
}

// rowOrExpr translates n, which may be a whole row: a FROM item's name
// that is no column, `t.*`, or ROW(...).
func (tr *translator) rowOrExpr(n *pg.Node, ec *exprCtx) (texpr, error) {
	if x, ok, err := tr.rowArg(n, ec); ok || err != nil {
		return x, err
	}
	return tr.expr(n, ec)
}

// rowArg translates n when it is a whole row by its form: `t.*` or
// ROW(...) (a bare name is rowOrExpr's, after expr).
func (tr *translator) rowArg(n *pg.Node, ec *exprCtx) (texpr, bool, error) {
	switch x := n.Node.(type) {
	case *pg.Node_RowExpr:
		r, err := tr.rowCons(x.RowExpr, ec)
		if err != nil {
			return texpr{}, true, err
		}
		return rowTexpr(r, tr.pos(x.RowExpr.Location)), true, nil
	case *pg.Node_ColumnRef:
		cr := x.ColumnRef
		p := tr.pos(cr.Location)
		f := cr.Fields
		if len(f) != 2 || f[0].GetString_() == nil || f[1].GetAStar() == nil {
			return texpr{}, false, nil
		}
		rel := f[0].GetString_().Sval
		r, ok, err := tr.wholeRow(rel, ec.sc, p)
		if err != nil || !ok {
			return texpr{}, ok, err
		}
		return rowTexpr(r, p), true, nil
	}
	return texpr{}, false, nil
}

// rowCons is the row of a row constructor, ROW(a, b) or (a, b): its
// fields are named f1, f2, ...
func (tr *translator) rowCons(re *pg.RowExpr, ec *exprCtx) (*rowVal, error) {
	xs, err := tr.rowArgs(re, ec)
	if err != nil {
		return nil, err
	}
	r := &rowVal{}
	for i, c := range xs {
		if c, err = tr.resolveOutput(c); err != nil {
			return nil, err
		}
		r.names = append(r.names, "f"+strconv.Itoa(i+1))
		r.cols = append(r.cols, c)
	}
	return r, nil
}

// rowArgs translates a row constructor's arguments, `t.*` among them
// standing for t's columns, as in PostgreSQL.
func (tr *translator) rowArgs(re *pg.RowExpr, ec *exprCtx) ([]texpr, error) {
	var xs []texpr
	for _, a := range re.Args {
		if cr := a.GetColumnRef(); cr != nil && len(cr.Fields) == 2 && cr.Fields[1].GetAStar() != nil {
			star, err := tr.star(cr, ec.sc, tr.pos(cr.Location))
			if err != nil {
				return nil, err
			}
			for _, it := range star {
				xs = append(xs, it.x)
			}
			continue
		}
		c, err := tr.expr(a, ec)
		if err != nil {
			return nil, err
		}
		xs = append(xs, c)
	}
	return xs, nil
}

// compositeRow is x, when it is a composite value that is no whole row
// (a column or a function result of a composite type), with a row whose
// columns read its fields, so that the json functions write it as an
// object of its fields, as PostgreSQL does (a NULL composite stays
// NULL); any other x as it is.
func compositeRow(x texpr, p int) texpr {
	if x.row != nil || x.unknown || !x.t.IsComposite() {
		return x
	}
	r := &rowVal{typeName: x.t.Name, present: &plan.Unary{At: at(p), Op: plan.OpIsNotNull, X: x.e, SQL: true}}
	for i, f := range x.t.Fields {
		r.names = append(r.names, f.Name)
		r.cols = append(r.cols, fieldOf(texpr{e: x.e, t: x.t}, i, p))
	}
	x.row = r
	return x
}

// rowTexpr is a whole row as an expression: the composite value of its
// columns, of type typ (the table's row type, or record). The json
// functions read its columns through row instead.
func rowTexpr(r *rowVal, p int) texpr {
	elems := make([]plan.Expr, len(r.cols))
	fields := make([]value.Field, len(r.cols))
	for i, c := range r.cols {
		elems[i] = c.e
		fields[i] = value.Field{Name: r.names[i], Type: c.t}
	}
	typ := value.CompositeType(r.typeName, fields)
	e := r.orNull(&plan.TupleCons{At: at(p), Elems: elems, Composite: true}, p)
	return texpr{e: e, t: typ, row: r}
}

// orNull is e where the row is present, NULL where an outer join made it.
func (r *rowVal) orNull(e plan.Expr, p int) plan.Expr {
	if r.present == nil {
		return e
	}
	return &plan.If{At: at(p), Cond: r.present, Then: e}
}

// wholeRow is the row of the FROM item rel, as seen from sc.
func (tr *translator) wholeRow(rel string, sc *scope, p int) (*rowVal, bool, error) {
	e, depth, l := sc.findEntry(rel)
	if e == nil {
		return nil, false, nil
	}
	if l.grouped != nil && depth > 0 {
		return nil, true, unsupported(p, "whole-row references to an outer grouped query")
	}
	xs, names := e.columnsAt(p, depth)
	r := &rowVal{names: names, cols: xs}
	if t := e.rowType(); t != nil {
		r.typeName = t.Name
	}
	if e.table != nil && e.table.ID != 0 {
		// A primary key column is never NULL in a row of the table (and
		// is a column a grouped query may group by); else the record key.
		// (Functions in FROM have tables of their own, without id or
		// key.)
		var key plan.Expr = e.keyRefAt(p, depth)
		if pk := e.table.PrimaryKey; len(pk) > 0 {
			if x, _, ok := e.columnAt(pk[0], p, depth); ok {
				key = x.e
			}
		}
		r.present = &plan.Unary{At: at(p), Op: plan.OpIsNotNull, X: key, SQL: true}
	}
	return r, true, nil
}

// fragMode is how json_frag writes values of type t (see builtin's frag
// modes).
func fragMode(t value.Type) string {
	switch categoryOf(t) {
	case catJSONText:
		return builtin.FragJSON
	case catJSON:
		return builtin.FragJSONB
	case catArray:
		return builtin.FragArray + fragMode(*t.Elem)
	case catDatetime:
		if t.Date {
			return builtin.FragDate // a date's value does not say it is one
		}
	}
	return builtin.FragValue
}

// structured reports PostgreSQL's array and composite JSON categories,
// which json_agg separates with a line break.
func structured(x texpr) bool {
	return x.row != nil || categoryOf(x.t) == catArray
}

// jsonFrag is x as JSON text (type json; SQL NULL stays NULL).
func (tr *translator) jsonFrag(x texpr, p int) (plan.Expr, error) {
	return tr.jsonFragPretty(x, nil, p)
}

// jsonFragPretty is jsonFrag with row_to_json's and array_to_json's
// pretty flag (nil: false).
func (tr *translator) jsonFragPretty(x texpr, pretty plan.Expr, p int) (plan.Expr, error) {
	if pretty == nil {
		pretty = &plan.Const{At: at(p), V: value.Bool(false)}
	}
	x = compositeRow(x, p)
	if x.row != nil {
		names := make([]value.Value, len(x.row.names))
		modes := make([]value.Value, len(x.row.names))
		args := []plan.Expr{nil, nil, pretty}
		for i, c := range x.row.cols {
			names[i] = value.String(x.row.names[i])
			if c.unknown {
				var err error
				if c, err = tr.coerce(c, value.TypeText); err != nil {
					return nil, err
				}
			}
			if c = compositeRow(c, p); c.row != nil {
				// A composite column: its own object, as JSON text.
				e, err := tr.jsonFrag(c, p)
				if err != nil {
					return nil, err
				}
				c = texpr{e: e, t: value.TypeJSON}
			}
			c = bpcharPadded(ownText(c, p), p)
			modes[i] = value.String(fragMode(c.t))
			args = append(args, c.e)
		}
		args[0] = &plan.Const{At: at(p), V: value.List(names)}
		args[1] = &plan.Const{At: at(p), V: value.List(modes)}
		return x.row.orNull(&plan.Call{At: at(p), Fn: "sql::json_row", Args: args, SQL: true}, p), nil
	}
	if x.unknown {
		var err error
		if x, err = tr.coerce(x, value.TypeText); err != nil {
			return nil, err
		}
	}
	x = bpcharPadded(ownText(x, p), p)
	mode := fragMode(x.t)
	if mode == builtin.FragJSON {
		return x.e, nil
	}
	return &plan.Call{At: at(p), Fn: "sql::json_frag", Args: []plan.Expr{x.e, &plan.Const{At: at(p), V: value.String(mode)}, pretty}, SQL: true}, nil
}

// jsonbArg is x as the jsonb builders take it: a whole row as an object
// of its columns, json parsed.
func (tr *translator) jsonbArg(x texpr, p int) (texpr, error) {
	if x = compositeRow(x, p); x.row != nil {
		args := make([]plan.Expr, 0, 2*len(x.row.cols))
		for i, c := range x.row.cols {
			c, err := tr.jsonbArg(c, p)
			if err != nil {
				return texpr{}, err
			}
			args = append(args, &plan.Const{At: at(p), V: value.String(x.row.names[i])}, c.e)
		}
		return texpr{e: x.row.orNull(&plan.Call{At: at(p), Fn: "sql::jsonb_build_object", Args: args, SQL: true}, p), t: value.TypeJSONB}, nil
	}
	switch {
	case x.unknown:
	case categoryOf(x.t) == catJSONText:
		return tr.cast(x, value.TypeJSONB, p)
	case x.t.Kind == value.KindDatetime && x.t.Date:
		return markDate(x), nil
	case ownTextType(x.t), isArray(x.t) && ownTextType(*x.t.Elem):
		return ownText(x, p), nil // a JSON string, as its text
	}
	return bpcharPadded(x, p), nil
}

// noSortOperator refuses to sort by json, xml or a geometric type, which
// have no ordering operator (box's < compares areas, but no btree
// operator class has it).
func noSortOperator(t value.Type, p int) error {
	name, ok := unsortedType(t)
	if !ok {
		return nil
	}
	return errAt(errs.UndefinedFunction, p, "could not identify an ordering operator for type %s", name).
		WithHint("Use an explicit ordering operator or modify the query.")
}

// noEqualityOperator refuses to group or deduplicate json, xml or a
// geometric type, which have no equality operator for it.
func noEqualityOperator(t value.Type, p int) error {
	name, ok := unsortedType(t)
	if !ok {
		return nil
	}
	return errAt(errs.UndefinedFunction, p, "could not identify an equality operator for type %s", name)
}

// unsortedType is the name of json, xml or a geometric type, the types
// without a btree operator class.
func unsortedType(t value.Type) (string, bool) {
	switch categoryOf(t) {
	case catJSONText:
		return "json", true
	case catXML:
		return "xml", true
	case catGeo:
		return t.Geo.Name(), true
	}
	return "", false
}

// jsonbText is a jsonb value as text, as PostgreSQL's jsonb output
// writes it (a string keeps its quotes: '"a"'::jsonb::text is "a"), for
// a cast to a string type and the functions that show any value as
// text. Other values are returned as they are.
func jsonbText(x texpr) texpr {
	if x.unknown || x.row != nil || !x.t.IsJSONB() {
		return x
	}
	p := x.e.Pos()
	return texpr{e: &plan.Call{At: at(p), Fn: "sql::json_frag", SQL: true, Args: []plan.Expr{
		x.e, &plan.Const{At: at(p), V: value.String(builtin.FragJSONB)}, &plan.Const{At: at(p), V: value.Bool(false)}}}, t: value.TypeText}
}

// jsonbCastable prepares jsonb x for a cast to t, which is not json: to
// a string type it is its text (jsonbText); to a number or boolean it
// must be a JSON number or boolean (sql::jsonb_scalar, 22023 otherwise),
// whose value the cast then converts.
func jsonbCastable(x texpr, t value.Type, p int) texpr {
	var want string
	switch categoryOf(t) {
	case catString:
		return jsonbText(x)
	case catNumber:
		want = "number"
	case catBool:
		want = "boolean"
	default:
		return x
	}
	x.e = &plan.Call{At: at(p), Fn: "sql::jsonb_scalar", SQL: true, Args: []plan.Expr{
		x.e, &plan.Const{At: at(p), V: value.String(want)}, &plan.Const{At: at(p), V: value.String(sqlTypeName(t))}}}
	return x
}

// markDate makes a date-typed x's values say they are dates (a stored
// date is a datetime at midnight: its column type, not its value, tells),
// for the conversions that write a date differently from a timestamp:
// to text, and into jsonb.
func markDate(x texpr) texpr {
	if x.unknown || x.t.Kind != value.KindDatetime || !x.t.Date {
		return x
	}
	if _, ok := x.e.(*plan.Const); ok {
		return x // a constant date was made as one
	}
	x.e = &plan.Cast{At: at(x.e.Pos()), X: x.e, To: value.TypeDate}
	return x
}

// noRow refuses a whole row where the function does not take one.
func noRow(args []texpr, p int) error {
	for _, a := range args {
		if a.row != nil {
			return unsupported(p, "whole-row values as arguments of this function")
		}
	}
	return nil
}

// jsonKey checks a json object key: PostgreSQL takes scalars only.
func (tr *translator) jsonKey(x texpr) (texpr, error) {
	if x.unknown {
		return tr.coerce(x, value.TypeText)
	}
	switch c := categoryOf(x.t); {
	case x.row != nil, c == catArray, c == catJSONText, c == catJSON && x.t.JSON:
		return texpr{}, errAt(errs.InvalidParameterValue, x.e.Pos(), "key value must be scalar, not array, composite, or json")
	}
	return x, nil
}

// jsonCall translates the json functions and the jsonb builders' whole
// row and json arguments; ok is false for other functions.
func (tr *translator) jsonCall(name string, args []texpr, p int) (texpr, bool, error) {
	jsonT := func(e plan.Expr) (texpr, bool, error) { return texpr{e: e, t: value.TypeJSON}, true, nil }
	call := func(fn string, es []plan.Expr) plan.Expr {
		return &plan.Call{At: at(p), Fn: "sql::" + fn, Args: es, SQL: true}
	}
	switch name {
	case "to_json":
		if len(args) != 1 {
			return texpr{}, true, noFunction(p, name, args)
		}
		if args[0].unknown {
			return texpr{}, true, errAt(errs.DatatypeMismatch, p, "could not determine polymorphic type because input has type unknown")
		}
		e, err := tr.jsonFrag(args[0], p)
		if err != nil {
			return texpr{}, true, err
		}
		return jsonT(e)
	case "row_to_json", "array_to_json":
		if len(args) < 1 || len(args) > 2 || (name == "row_to_json") != (args[0].row != nil) ||
			name == "array_to_json" && (args[0].unknown || categoryOf(args[0].t) != catArray) {
			if len(args) > 0 && args[0].unknown {
				return texpr{}, true, errAt(errs.DatatypeMismatch, p, "could not determine polymorphic type because input has type unknown")
			}
			return texpr{}, true, noFunction(p, name, args)
		}
		var pretty plan.Expr
		if len(args) == 2 {
			b, err := tr.coerce(args[1], value.TypeBool)
			if err != nil {
				return texpr{}, true, err
			}
			if categoryOf(b.t) != catBool {
				return texpr{}, true, noFunction(p, name, args)
			}
			pretty = b.e
		}
		e, err := tr.jsonFragPretty(args[0], pretty, p)
		if err != nil {
			return texpr{}, true, err
		}
		return jsonT(e)
	case "json_build_object", "json_build_array":
		es := make([]plan.Expr, len(args))
		for i, a := range args {
			var err error
			if name == "json_build_object" && i%2 == 0 {
				if a, err = tr.jsonKey(a); err != nil {
					return texpr{}, true, err
				}
				es[i] = a.e
				continue
			}
			if es[i], err = tr.jsonFrag(a, p); err != nil {
				return texpr{}, true, err
			}
		}
		return jsonT(call(name, es))
	case "to_jsonb", "jsonb_build_object", "jsonb_build_array":
		for i, a := range args {
			if name == "jsonb_build_object" && i%2 == 0 {
				continue
			}
			var err error
			if args[i], err = tr.jsonbArg(a, p); err != nil {
				return texpr{}, true, err
			}
		}
		x, err := tr.call(name, args, p)
		return x, true, err
	case "json_typeof", "json_array_length", "json_strip_nulls", "json_extract_path", "json_extract_path_text":
		if len(args) == 0 || categoryOf(args[0].t) != catJSONText {
			return texpr{}, true, noFunction(p, name, args)
		}
	}
	return texpr{}, false, nil
}

// jsonAgg translates json_agg and json_object_agg into string_agg of
// their members' JSON text; the result is made by the returned wrap of
// the aggregate's value.
//
// The Arg of json_agg is its value's JSON text; distinctKey, the value,
// orders a DISTINCT call's input as PostgreSQL's sort does.
func (tr *translator) jsonAgg(agg plan.Agg, name string, args []texpr, p int) (_ plan.Agg, distinctKey plan.Expr, wrap aggWrap, err error) {
	if agg.Distinct && name == "json_object_agg" {
		return agg, nil, nil, unsupported(p, "DISTINCT in json_object_agg")
	}
	var member plan.Expr
	open, close, lines := "[", "]", false
	c := func(s string) plan.Expr { return &plan.Const{At: at(p), V: value.String(s)} }
	switch {
	case name == "json_agg" && len(args) == 1:
		f, err := tr.jsonFrag(args[0], p)
		if err != nil {
			return agg, nil, nil, err
		}
		distinctKey = args[0].e
		if lines = structured(args[0]); lines {
			// PostgreSQL starts each row or array but the first on a line
			// of its own (a NULL stays on the line): the members carry the
			// line break, and the wrap drops the first one's.
			f = &plan.Binary{At: at(p), Op: plan.OpConcat, L: c("\n "), R: f, SQL: true}
		}
		member = &plan.Call{At: at(p), Fn: fnCoalesce, Args: []plan.Expr{f, c("null")}, SQL: true}
	case name == "json_object_agg" && len(args) == 2:
		k, err := tr.jsonKey(args[0])
		if err != nil {
			return agg, nil, nil, err
		}
		f, err := tr.jsonFrag(args[1], p)
		if err != nil {
			return agg, nil, nil, err
		}
		member = &plan.Call{At: at(p), Fn: "sql::json_member", Args: []plan.Expr{k.e, f}, SQL: true}
		open, close = "{ ", " }"
	default:
		return agg, nil, nil, noFunction(p, name, args)
	}
	agg.Func, agg.Arg, agg.Arg2 = plan.AggStringAgg, member, c(", ")
	wrap = func(x texpr) texpr {
		// NULL for no rows, as in PostgreSQL.
		return texpr{e: &plan.Call{At: at(p), Fn: "sql::json_wrap", Args: []plan.Expr{x.e, c(open), c(close),
			&plan.Const{At: at(p), V: value.Bool(lines)}}, SQL: true}, t: value.TypeJSON}
	}
	return agg, distinctKey, wrap, nil
}

// aggWrap makes an aggregate's result of the value its plan.Agg computes
// (nil: that value).
type aggWrap func(texpr) texpr

func (w aggWrap) apply(x texpr) texpr {
	if w == nil {
		return x
	}
	return w(x)
}
