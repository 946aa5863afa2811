package sqlfe

import (
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

// Range types of one's own (CREATE TYPE name AS RANGE): a named type of
// the catalog (catalog.TypeDef with Range) whose type is
// value.UserRangeType over the subtype, and a second named type, its
// multirange (TypeDef with MultirangeOf), made in the same statement.
// Their values are the built-in ranges' (value.RangeUser), so every
// operator, function, aggregate, index and EXCLUDE constraint of the
// built-in ranges takes them; the front end finds the types by name and
// types each call as it does for int4range.

// rangeAttrs are the attributes CREATE TYPE ... AS RANGE takes.
var rangeAttrs = []string{"subtype", "subtype_opclass", "collation", "canonical", "subtype_diff", "multirange_type_name"}

// float8DiffFuncs are PostgreSQL's built-in functions a SUBTYPE_DIFF may
// name, by the subtype they take (each returns double precision).
var float8DiffFuncs = map[string]string{
	"float8mi": "double precision", "int4range_subdiff": "integer", "int8range_subdiff": "bigint",
	"numrange_subdiff": "numeric", "daterange_subdiff": "date",
	"tsrange_subdiff":   "timestamp without time zone",
	"tstzrange_subdiff": "timestamp with time zone",
}

// createRange is CREATE TYPE name AS RANGE (SUBTYPE = t, ...): PostgreSQL's
// DefineRange checks, in its order.
func (tr *translator) createRange(s *pg.CreateRangeStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	schema, name, err := tr.typeTarget(s.TypeName, true)
	if err != nil {
		return nil, err
	}
	attrs := map[string]*pg.DefElem{}
	for _, n := range s.Params {
		d := n.GetDefElem()
		if d == nil {
			continue
		}
		known := false
		for _, a := range rangeAttrs {
			known = known || a == d.Defname
		}
		if !known {
			return nil, errAt(errs.SyntaxError, p, "type attribute \"%s\" not recognized", d.Defname)
		}
		if attrs[d.Defname] != nil {
			return nil, errAt(errs.SyntaxError, tr.pos(d.Location), "conflicting or redundant options")
		}
		attrs[d.Defname] = d
	}
	sub := attrs["subtype"].GetArg().GetTypeName()
	if sub == nil {
		return nil, errAt(errs.SyntaxError, p, "type attribute \"subtype\" is required")
	}
	qname := qualified(schema, name)
	if _, err := tr.r.Table(tr.ctx, qname); err == nil {
		return nil, errAt(errs.DuplicateObject, p, "type \"%s\" already exists", name)
	}
	elem, err := tr.typeName(sub)
	if err != nil {
		return nil, err
	}
	subName := elem.SQLName()
	if tr.typeDomain != "" {
		// Text input would have to check the domain's constraints on
		// each bound, which the value layer's range_in cannot.
		return nil, unsupportedRange(p, "CREATE TYPE ... AS RANGE over a domain")
	}
	if err := rangeSubtypeOK(elem, subName, p); err != nil {
		return nil, err
	}
	def := &catalog.RangeDef{Subtype: subName}
	if c := attrs["collation"]; c != nil {
		if def.Collation, err = tr.rangeCollation(c, elem, p); err != nil {
			return nil, err
		}
	}
	if c := attrs["canonical"]; c != nil {
		// A canonical function takes and returns the range type itself,
		// which only C can write: PostgreSQL wants a shell type first.
		return nil, errAt(errs.InvalidObjectDefinition, p, "cannot specify a canonical function without a pre-created shell type").
			WithHint("Create the type as a shell type, then create its canonicalization function, then do a full CREATE TYPE.")
	}
	if o := attrs["subtype_opclass"]; o != nil {
		if def.Opclass, err = rangeOpclass(o, elem, p); err != nil {
			return nil, err
		}
	}
	if d := attrs["subtype_diff"]; d != nil {
		if def.SubtypeDiff, err = tr.rangeSubtypeDiff(d, elem, subName, p); err != nil {
			return nil, err
		}
	}
	def.Multirange = rangeMultirangeName(name)
	if m := attrs["multirange_type_name"]; m != nil {
		mschema, mname, err := tr.typeTarget(m.GetArg().GetTypeName().GetNames(), true)
		if err != nil {
			return nil, err
		}
		if mschema != schema {
			return nil, unsupported(p, "a multirange type in another schema than its range type")
		}
		def.Multirange = mname
	}
	rt := value.UserRangeType(qname, elem)
	return &plan.Statement{Kind: plan.StmtDDL, Tag: TagCreateType, Schema: schema, Root: &plan.CreateType{
		Type:       &catalog.TypeDef{Name: name, Type: rt, Range: def},
		Multirange: &catalog.TypeDef{Name: def.Multirange, Type: value.UserMultirangeType(qualified(schema, def.Multirange), rt), MultirangeOf: name},
	}}, nil
}

// rangeMultirangeName is makeMultirangeTypeName: "range" in the name
// becomes "multirange", else "_multirange" is added.
func rangeMultirangeName(name string) string {
	if i := strings.Index(name, "range"); i >= 0 {
		return name[:i] + "multi" + name[i:]
	}
	return name + "_multirange"
}

// rangeSubtypeOK refuses subtypes a range cannot have (PostgreSQL's
// pseudo-types, 42804) and those whose order or text zerodb's ranges do
// not know (0A000): enums order by declaration, which the value layer's
// comparison does not see, and composites, arrays and JSON.
func rangeSubtypeOK(t value.Type, name string, p int) error {
	switch t.Kind {
	case value.KindInt:
		if !t.LSN && !t.Money {
			return nil
		}
	case value.KindFloat, value.KindDecimal, value.KindDatetime, value.KindTime, value.KindTimeTZ,
		value.KindDuration, value.KindUUID, value.KindBytes, value.KindBool, value.KindNet:
		return nil
	case value.KindString:
		if !t.JSON && !t.JSONPath && t.Search == value.NotSearch && t.RegOID == 0 {
			return nil
		}
	case value.KindComposite:
		if t.Name == "" {
			return errAt(errs.DatatypeMismatch, p, "range subtype cannot be record")
		}
	}
	return unsupportedRange(p, "CREATE TYPE ... AS RANGE of subtype "+name)
}

// rangeCollation checks COLLATION: only a collatable subtype takes one
// (42809), and only collations that sort as zerodb's text does, byte by
// byte.
func (tr *translator) rangeCollation(d *pg.DefElem, elem value.Type, p int) (string, error) {
	names := d.GetArg().GetTypeName().GetNames()
	if elem.Kind != value.KindString {
		return "", errAt(errs.WrongObjectType, p, "range collation specified but subtype does not support collation")
	}
	c := names[len(names)-1].GetString_().GetSval()
	switch c {
	case "C", "POSIX", "default", "ucs_basic":
		return c, nil
	}
	return "", unsupportedRange(p, "collation \""+c+"\"")
}

// rangeOpclass checks SUBTYPE_OPCLASS: a btree class of the subtype's
// type (or of the one it orders as: varchar as text), which orders it
// as zerodb does.
func rangeOpclass(d *pg.DefElem, elem value.Type, p int) (string, error) {
	names := d.GetArg().GetTypeName().GetNames()
	o := names[len(names)-1].GetString_().GetSval()
	sub := elem.OID()
	if sub == value.OIDVarchar || sub == value.OIDName {
		sub = value.OIDText
	}
	i := slices.IndexFunc(catalog.Opclasses[:], func(c catalog.Opclass) bool { return c.Method == catalog.OIDBTreeAM && c.Name == o })
	switch {
	case i < 0:
		return "", errAt(errs.UndefinedObject, p, "operator class \"%s\" does not exist for access method \"btree\"", o)
	case catalog.Opclasses[i].InType != sub:
		return "", errAt(errs.DatatypeMismatch, p, "operator class \"%s\" does not accept data type %s", o, elem.SQLName())
	}
	return o, nil
}

// rangeSubtypeDiff checks SUBTYPE_DIFF as findRangeSubtypeDiffFunction
// does: a function of two subtype arguments returning double precision,
// immutable. zerodb keeps its name for pg_range and never calls it (GiST
// is what uses it).
func (tr *translator) rangeSubtypeDiff(d *pg.DefElem, elem value.Type, subName string, p int) (string, error) {
	names := d.GetArg().GetTypeName().GetNames()
	fn := names[len(names)-1].GetString_().GetSval()
	sig := fn + "(" + subName + ", " + subName + ")"
	if arg, ok := float8DiffFuncs[fn]; ok && arg == subName {
		return fn, nil
	}
	var f *catalog.Function
	if cr, ok := tr.r.(translate.CatalogResolver); ok {
		sf, found, err := cr.StoredFunction(tr.ctx, fn)
		if err != nil {
			return "", err
		}
		if found {
			f = sf
		}
	}
	if f == nil || len(f.Params) != 2 || f.Params[0].Type == nil || f.Params[1].Type == nil ||
		!sameType(*f.Params[0].Type, elem) || !sameType(*f.Params[1].Type, elem) {
		return "", errAt(errs.UndefinedFunction, p, "function %s does not exist", sig)
	}
	if f.Result == nil || !sameType(*f.Result, value.TypeFloat8) {
		return "", errAt(errs.InvalidObjectDefinition, p, "range subtype diff function %s must return type double precision", sig)
	}
	if f.Routine != nil && f.Routine.Volatility != 'i' {
		return "", errAt(errs.InvalidObjectDefinition, p, "range subtype diff function %s must be immutable", sig)
	}
	return fn, nil
}

// userRangeDef finds the range type or multirange type of one's own a
// type name names (ok false when there is none).
func (tr *translator) userRangeDef(name string) (*catalog.TypeDef, bool, error) {
	cr, ok := tr.r.(translate.CatalogResolver)
	if !ok {
		return nil, false, nil
	}
	t, ok, err := cr.TypeDef(tr.ctx, name)
	if err != nil || !ok || t.Range == nil && t.MultirangeOf == "" {
		return nil, false, err
	}
	return t, true, nil
}

// multirangeTypeOf is the multirange type of range type rt: the
// built-in one's, or the one CREATE TYPE made with a range of one's own.
func (tr *translator) multirangeTypeOf(rt value.Type, p int) (value.Type, error) {
	if rt.Range != value.RangeUser {
		return rt.Range.MultirangeType(), nil
	}
	d, ok, err := tr.userRangeDef(rt.Name)
	if err != nil {
		return value.Type{}, err
	}
	if !ok || d.Range == nil {
		return value.Type{}, errAt(errs.UndefinedObject, p, "type %q does not exist", rt.Name)
	}
	schema, _, _ := strings.Cut(rt.Name, ".")
	if schema == rt.Name {
		schema = ""
	}
	return value.UserMultirangeType(qualified(schema, d.Range.Multirange), rt), nil
}

// userRangeConstructor translates the constructor of a range type of
// one's own, name(lo, hi [, flags]): its bounds take the implicit casts
// to the subtype, as range_constructor2 and 3's do. ok is false when
// name names no such type.
func (tr *translator) userRangeConstructor(name string, args []texpr, p int) (texpr, bool, error) {
	d, ok, err := tr.userRangeDef(name)
	if err != nil || !ok || d.Range == nil {
		return texpr{}, err != nil, err
	}
	if len(args) != 2 && len(args) != 3 {
		return texpr{}, true, noFunction(p, name, args)
	}
	rt := d.Type
	es := make([]plan.Expr, len(args))
	for i, a := range args {
		want := rt.RangeElem()
		if i == 2 {
			want = value.TypeText
		}
		if !implicitly(a, want) {
			return texpr{}, true, noFunction(p, name, args)
		}
		x, err := tr.coerce(a, want)
		if err != nil {
			return texpr{}, true, err
		}
		es[i] = x.e
	}
	return texpr{e: &plan.Call{At: at(p), Fn: "sql::range_make", Args: es, SQL: true}, t: rt}, true, nil
}

// userMultirangeConstructor translates the constructor of the
// multirange of a range type of one's own: name(range, ...), ranges of
// its range type only. ok is false when name names no such type.
func (tr *translator) userMultirangeConstructor(name string, args []texpr, p int) (texpr, bool, error) {
	d, ok, err := tr.userRangeDef(name)
	if err != nil || !ok || d.MultirangeOf == "" {
		return texpr{}, err != nil, err
	}
	rt := *d.Type.Elem
	es := make([]plan.Expr, len(args))
	for i, a := range args {
		if a.unknown {
			if a, err = tr.coerce(a, rt); err != nil {
				return texpr{}, true, err
			}
		}
		if !isRange(a) || !sameType(a.t, rt) {
			return texpr{}, true, noFunction(p, name, args)
		}
		es[i] = a.e
	}
	return texpr{e: &plan.Call{At: at(p), Fn: "sql::multirange_make", Args: es, SQL: true}, t: d.Type}, true, nil
}

// userRangeConstructorName reports a name that no builtin has and that
// names a range or multirange type of one's own: its constructor's
// unknown arguments are read as its subtype or range type, not text.
func (tr *translator) userRangeConstructorName(name string) bool {
	if _, builtin := tr.r.Function("sql::" + name); builtin {
		return false
	}
	_, ok, err := tr.userRangeDef(name)
	return ok && err == nil
}
