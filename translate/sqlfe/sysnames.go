package sqlfe

import (
	"slices"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// relationName is the name a FROM item asks the Resolver for: the table
// name for public (a database's tables are its public schema), and
// "schema.name" for PostgreSQL's system schemas, whose relations the
// session's resolver computes (engine/sysview).
func relationName(rv *pg.RangeVar, p int) (string, error) {
	switch rv.Schemaname {
	case "":
		return rv.Relname, nil
	case "public", tempSchema:
		// Named so that neither pg_catalog's relation of that name,
		// which the unqualified name finds first, nor a temporary table
		// that shadows a table of the database is taken.
		return rv.Schemaname + "." + rv.Relname, nil
	case "pg_toast":
		return "", errAt(errs.InvalidSchemaName, p, "schema %q does not exist", rv.Schemaname)
	}
	// pg_catalog's and information_schema's relations, or a table of a
	// schema of the database (schema.go).
	return rv.Schemaname + "." + rv.Relname, nil
}

// oidCast translates casts to the OID types: ::oid (castToOid) and the
// reg* types, which zerodb represents as bigint OIDs (regproc and
// regprocedure as function names). A name cast to regclass,
// regtype, regnamespace or regrole is looked up at run time in the
// statement's transaction (sql::regclass, ... of engine/sysview); an
// integer passes through. ok is false for other casts.
func (tr *translator) oidCast(tc *pg.TypeCast, ec *exprCtx) (x texpr, ok bool, err error) {
	names := tc.TypeName.GetNames()
	if len(names) == 0 {
		return texpr{}, false, nil
	}
	if len(names) == 2 && names[0].GetString_().GetSval() != "pg_catalog" {
		return texpr{}, false, nil
	}
	fn := names[len(names)-1].GetString_().GetSval()
	if fn == "char" && len(tc.TypeName.ArrayBounds) == 0 && len(tc.TypeName.Typmods) == 0 {
		// "char" (quoted, or pg_catalog.char: unquoted char is bpchar)
		// is PostgreSQL's one-byte type, which zerodb's catalogs show as
		// text: pg_dump writes 's'::"char" to compare with relkind.
		if x, err = tr.expr(tc.Arg, ec); err != nil {
			return texpr{}, true, err
		}
		if x, err = tr.cast(x, value.TypeText, tr.pos(tc.Location)); err != nil {
			return texpr{}, true, err
		}
		// One character, as "char" keeps ('ab'::"char" is a).
		one := &plan.Const{At: at(tr.pos(tc.Location)), V: value.IntW(1, 32)}
		return texpr{e: &plan.Call{At: at(tr.pos(tc.Location)), Fn: "sql::substr", Args: []plan.Expr{x.e, one, one}, SQL: true}, t: value.TypeText}, true, nil
	}
	if len(tc.TypeName.ArrayBounds) > 0 {
		switch fn {
		case "regclass", "regtype", "regnamespace", "regrole":
			x, err = tr.regArray(tc, fn, ec)
			return x, true, err
		case "oid":
		default:
			return texpr{}, false, nil
		}
		// oid[] is bigint[], as oid is bigint: pg_dump passes the tables
		// it dumps as '{16385,16397}'::pg_catalog.oid[].
		x, err = tr.expr(tc.Arg, ec)
		if err != nil {
			return texpr{}, true, err
		}
		if x.unknown {
			x, err = tr.coerce(x, value.ArrayOf(value.TypeInt8))
		} else {
			x, err = tr.cast(x, value.ArrayOf(value.TypeInt8), tr.pos(tc.Location))
		}
		return x, true, err
	}
	switch fn {
	case "oid", "regclass", "regtype", "regnamespace", "regrole", "regproc", "regprocedure":
	default:
		return texpr{}, false, nil
	}
	p := tr.pos(tc.Location)
	if x, err = tr.expr(tc.Arg, ec); err != nil {
		return texpr{}, true, err
	}
	if fn == "oid" {
		x, err = tr.castToOid(x, p)
		return x, true, err
	}
	oid := value.TypeInt8
	reg := regType(fn)
	if categoryOf(x.t) == catNumber && !x.unknown {
		if x.t.Kind != value.KindInt {
			return texpr{}, true, errAt(errs.CannotCoerce, p, "cannot cast type %s to %s", typeName(x), fn)
		}
		x, err = tr.cast(x, oid, p)
		if reg.RegOID != 0 {
			x.t = reg
		}
		return x, true, err
	}
	if fn == "regproc" || fn == "regprocedure" {
		// The catalogs' regproc columns (typinput, ...) hold function
		// names: a regproc is its name.
		if x.unknown {
			if x, err = tr.coerce(x, value.TypeText); err != nil {
				return texpr{}, true, err
			}
		} else if categoryOf(x.t) != catString {
			return texpr{}, true, unsupported(p, "casts of "+typeName(x)+" to "+fn)
		}
		x, err = tr.call("regproc", []texpr{x}, p)
		return x, true, err
	}
	if x.unknown {
		if x, err = tr.coerce(x, value.TypeText); err != nil {
			return texpr{}, true, err
		}
	} else if categoryOf(x.t) != catString {
		return texpr{}, true, errAt(errs.CannotCoerce, p, "cannot cast type %s to %s", typeName(x), fn)
	}
	x, err = tr.call(fn, []texpr{x}, p)
	if reg.RegOID != 0 {
		x.t = reg
	}
	return x, true, err
}

// regArray translates a cast to regclass[], regtype[] or regnamespace[]:
// of an array literal ('{int,int8,int2}'::regtype[], which drizzle-kit
// compares atttypid with), each name is looked up as its own cast would
// be; of an OID array or oidvector (pg_proc.proargtypes::regtype[], which
// pgcli reads), the OIDs are taken as they are. The value is the array of
// the OIDs, which compare as in PostgreSQL; shown, or cast to text[], it
// is the array of their names (regArrayText).
func (tr *translator) regArray(tc *pg.TypeCast, fn string, ec *exprCtx) (texpr, error) {
	p := tr.pos(tc.Location)
	x, err := tr.expr(tc.Arg, ec)
	if err != nil {
		return texpr{}, err
	}
	if len(tc.TypeName.ArrayBounds) != 1 {
		return texpr{}, unsupported(p, "casts to "+fn+"[] of more than one dimension")
	}
	t := value.ArrayOf(regType(fn))
	c, ok := x.e.(*plan.Const)
	if !x.unknown || !ok {
		if !isArray(x.t) || x.t.Elem.Kind != value.KindInt {
			return texpr{}, errAt(errs.CannotCoerce, p, "cannot cast type %s to %s[]", typeName(x), fn)
		}
		if x, err = tr.cast(x, value.ArrayOf(value.TypeInt8), p); err != nil {
			return texpr{}, err
		}
		return texpr{e: x.e, t: t}, nil
	}
	if c.V.IsSQLNull() {
		return texpr{e: c, t: t}, nil
	}
	names, err := value.Convert(c.V, value.ArrayOf(value.TypeText))
	if err != nil {
		return texpr{}, errAt(errs.InvalidTextRepresentation, p, "malformed array literal: %q", c.V.AsString())
	}
	elems := names.AsList()
	es := make([]plan.Expr, len(elems))
	for i, name := range elems {
		if name.IsSQLNull() {
			es[i] = &plan.Const{At: at(p), V: name}
			continue
		}
		e, err := tr.call(fn, []texpr{{e: &plan.Const{At: at(p), V: name}, t: value.TypeText}}, p)
		if err != nil {
			return texpr{}, err
		}
		es[i] = e.e
	}
	return texpr{e: &plan.ListCons{At: at(p), Elems: es}, t: t}, nil
}

// regArrayName is the reg* type an array of reg* OIDs holds ("" for
// other types).
func regArrayName(t value.Type) string {
	if !isArray(t) || t.Elem.Kind != value.KindInt {
		return ""
	}
	return map[uint32]string{2205: "regclass", 2206: "regtype", 4089: "regnamespace", 4096: "regrole"}[t.Elem.RegOID]
}

// regArrayText is an array of reg* OIDs as the text array of their
// names (x itself for other types).
func regArrayText(x texpr, p int) texpr {
	name := regArrayName(x.t)
	if name == "" {
		return x
	}
	kind := &plan.Const{At: at(p), V: value.String(name)}
	return texpr{e: &plan.Call{At: at(p), Fn: "sql::zerodb.regarrayout", Args: []plan.Expr{x.e, kind}, SQL: true}, t: value.ArrayOf(value.TypeText)}
}

// regType is the type of a cast to a reg* type shown by name: an int8
// OID marked with the type's own OID (the zero Type for the others).
func regType(fn string) value.Type {
	oid := map[string]uint32{"regclass": 2205, "regtype": 2206, "regnamespace": 4089, "regrole": 4096}[fn]
	if oid == 0 {
		return value.Type{}
	}
	t := value.TypeInt8
	t.RegOID = oid
	return t
}

// regOutFunc is the output function of a reg* type's OID values ("" for
// other types).
func regOutFunc(t value.Type) string {
	if t.Kind != value.KindInt {
		return ""
	}
	switch t.RegOID {
	case 2205:
		return "sql::regclassout"
	case 2206:
		return "sql::regtypeout"
	case 4089:
		return "sql::regnamespaceout"
	case 4096:
		return "sql::regroleout"
	case 24:
		return "sql::regprocout"
	case 2202:
		return "sql::regprocedureout"
	}
	return ""
}

// regText is a reg* value as text: its name, as the type's output
// function shows it (x itself for the other types).
func regText(x texpr, p int) texpr {
	if fn := regOutFunc(x.t); fn != "" {
		return texpr{e: &plan.Call{At: at(p), Fn: fn, Args: []plan.Expr{x.e}, SQL: true}, t: value.TypeText}
	}
	return x
}

// regOutput shows a query's result columns of the reg* types by name (a
// relation's, a type's, a schema's), as PostgreSQL's output functions
// do: a projection over the query, so that ordering and comparisons
// inside it still use the OID.
func regOutput(node plan.Node, cols []plan.Column) (plan.Node, []plan.Column) {
	found := false
	for _, c := range cols {
		if regOutFunc(c.Type) != "" || regArrayName(c.Type) != "" {
			found = true
		}
	}
	if !found {
		return node, cols
	}
	exprs := colRefs(cols)
	cols = slices.Clone(cols)
	for i, c := range cols {
		if fn := regOutFunc(c.Type); fn != "" {
			exprs[i] = &plan.Call{Fn: fn, Args: []plan.Expr{exprs[i]}, SQL: true}
			cols[i].Type = value.Type{Kind: value.KindString, RegOID: c.Type.RegOID}
		}
		if regArrayName(c.Type) != "" {
			x := regArrayText(texpr{e: exprs[i], t: c.Type}, 0)
			exprs[i], cols[i].Type = x.e, x.t
		}
	}
	return &plan.Project{Input: node, Exprs: exprs, Cols: cols}, cols
}

// regReturning is regOutput for a write's RETURNING rows, when the write
// is the statement (a data-modifying WITH query's rows keep their OIDs
// for the query that reads them).
func regReturning(st *plan.Statement, err error) (*plan.Statement, error) {
	if err != nil || st == nil || !st.ReturnsRows {
		return st, err
	}
	st.Root, st.Columns = regOutput(st.Root, st.Columns)
	return st, nil
}

// collate accepts the collations that compare as zerodb does, byte-wise
// (the database's default is C.UTF-8), and rejects the others.
func (tr *translator) collate(c *pg.CollateClause, ec *exprCtx) (texpr, error) {
	names := c.GetCollname()
	name := ""
	if len(names) > 0 {
		name = names[len(names)-1].GetString_().GetSval()
	}
	switch name {
	case "default", "C", "POSIX", "ucs_basic":
		return tr.expr(c.Arg, ec)
	}
	return texpr{}, errAt(errs.UndefinedObject, tr.pos(c.Location), "collation %q for encoding \"UTF8\" does not exist", name)
}

// arraySublink is ARRAY(subquery): the subquery's one column collected
// into an array (psql's \du and \d read role and option lists so).
func arraySublink(node plan.Node, cols []plan.Column, p int) (*plan.Subquery, value.Type, error) {
	if len(cols) != 1 {
		return nil, value.Type{}, errAt(errs.SyntaxError, p, "subquery must return only one column")
	}
	elem := cols[0].Type
	return &plan.Subquery{At: at(p), Node: node, Mode: plan.SubList}, value.ArrayOf(elem), nil
}
