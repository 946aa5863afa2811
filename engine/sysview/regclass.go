package sysview

import (
	"strconv"
	"strings"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// RelationOID finds a relation by (qualified) name as regclass input
// does: unqualified names search pg_catalog, then public.
func RelationOID(e *Env, s string) (uint32, bool, error) {
	schema, name := catalog.SplitQualified(s)
	rels, err := newModel(e).relations()
	if err != nil {
		return 0, false, err
	}
	search := []uint32{OIDPgCatalog, OIDPublic}
	var tempOID uint32
	if e.Temp != nil {
		// pg_temp comes first, as in PostgreSQL's search path.
		tempOID = TempSchemaOID(e.Temp.Name)
		search = []uint32{tempOID, OIDPgCatalog, OIDPublic}
	}
	switch {
	case schema == "":
	case schema == "pg_temp" || (e.Temp != nil && schema == e.Temp.Name):
		if tempOID == 0 {
			return 0, false, nil
		}
		search = []uint32{tempOID}
	default:
		search = []uint32{schemaOID(schema)}
		if schema != PgCatalog && schema != InformationSchema && schema != "public" {
			s := e.userSchemaByName(schema)
			if s == nil {
				return 0, false, nil
			}
			search = []uint32{SchemaOID(s.ID)}
		}
	}
	for _, nsp := range search {
		if oid, ok := e.relationByName(rels, nsp, name); ok {
			return oid, true, nil
		}
	}
	return 0, false, nil
}

// castRegclass is text::regclass: the OID of the named relation (42P01
// when there is none); an OID passes through.
func castRegclass(e *Env, a []value.Value) (value.Value, error) {
	if a[0].Kind() == value.KindInt {
		return a[0], nil
	}
	s := value.CastText(a[0])
	// PostgreSQL's regclass input takes a number as the OID itself
	// (psql's \d sends '16412'::pg_catalog.regclass).
	if n, err := strconv.ParseUint(s, 10, 32); err == nil {
		return value.Int(int64(n)), nil
	}
	oid, ok, err := RelationOID(e, s)
	if err != nil {
		return value.None, err
	}
	if !ok {
		return value.None, errs.New(errs.UndefinedTable, "relation %q does not exist", s)
	}
	return value.Int(int64(oid)), nil
}

// castRegtype is text::regtype: the name as the SQL grammar reads a
// type name (Env.ParseTypeName), looked up among the built-in types and
// the schemas' row types, enums, domains and ranges; 42704 when none has
// it, 42601 for type modifiers on a type without them.
func castRegtype(e *Env, a []value.Value) (value.Value, error) {
	if a[0].Kind() == value.KindInt {
		return a[0], nil
	}
	if e.ParseTypeName == nil {
		return value.None, errs.New(errs.InternalError, "sysview: type names cannot be read here")
	}
	names, typmods, array, err := e.ParseTypeName(value.CastText(a[0]))
	if err != nil {
		return value.None, err
	}
	schema, name, err := qualifiedParts(e, names)
	if err != nil {
		return value.None, err
	}
	written := strings.Join(names, ".") // TypeNameToString's
	if array {
		written += "[]"
	}
	var oid uint32
	takesTypmods := false
	if t, ok := builtinTypeByName(name); ok && (schema == "" || schema == PgCatalog) {
		oid, takesTypmods = t.oid, takesTypmod(t.oid)
		if array {
			oid = t.array
		}
	} else if schema != PgCatalog {
		if oid, err = userTypeOID(e, typeSchemaOIDs(e, schema), name, array); err != nil {
			return value.None, err
		}
	}
	if oid == 0 {
		return value.None, errs.New(errs.UndefinedObject, `type "%s" does not exist`, written)
	}
	if typmods && !takesTypmods {
		return value.None, errs.New(errs.SyntaxError, `type modifier is not allowed for type "%s"`, written)
	}
	return value.Int(int64(oid)), nil
}

// takesTypmod reports the built-in types that have type modifiers
// (PostgreSQL's with a typmodin function).
func takesTypmod(oid uint32) bool {
	switch oid {
	case value.OIDNumeric, value.OIDVarchar, value.OIDBPChar, value.OIDBit, value.OIDVarbit,
		value.OIDTimestamp, value.OIDTimestampTZ, value.OIDTime, value.OIDTimeTZ, value.OIDInterval:
		return true
	}
	return false
}

// userTypeOID is text::regtype of a table's or composite type's row
// type, an enum or a domain (or the array type of one of them) of the
// schemas nsps, the first schema that has one of the name winning; 0
// when none has.
func userTypeOID(e *Env, nsps []uint32, name string, array bool) (uint32, error) {
	m := newModel(e)
	rels, err := m.relations()
	if err != nil {
		return 0, err
	}
	for _, nsp := range nsps {
		for i := range rels {
			if r := &rels[i]; r.hasRowType() && r.nsp == nsp && r.name == name {
				if array {
					return rowArrayOID(r.rowTypeKey()), nil
				}
				return r.rowType, nil
			}
		}
		one := []uint32{nsp}
		if oid, err := enumTypeOID(e, one, name, array); err != nil || oid != 0 {
			return oid, err
		}
		if oid, err := domainTypeOID(e, one, name, array); err != nil || oid != 0 {
			return oid, err
		}
		if oid, err := rangeTypeOID(e, one, name, array); err != nil || oid != 0 {
			return oid, err
		}
	}
	return 0, nil
}

// castRegnamespace is text::regnamespace (3F000 for an unknown schema).
// castRegrole is text::regrole: the OID of the role named (42704 when
// there is none); an OID passes through.
func castRegrole(e *Env, a []value.Value) (value.Value, error) {
	if a[0].Kind() == value.KindInt {
		return a[0], nil
	}
	_, name := catalog.SplitQualified(value.CastText(a[0]))
	var oid uint32
	err := newModel(e).roles(func(o uint32, u *catalog.User) {
		if u.Name == name {
			oid = o
		}
	})
	if err == nil && oid == 0 {
		err = errs.New(errs.UndefinedObject, "role %q does not exist", name)
	}
	return value.Int(int64(oid)), err
}

// nullIfMissing makes a cast to a reg* type into its to_reg* function:
// NULL instead of the error for a name of nothing (42704, 42P01, 3F000);
// other errors stay.
func nullIfMissing(cast func(*Env, []value.Value) (value.Value, error)) func(*Env, []value.Value) (value.Value, error) {
	return func(e *Env, a []value.Value) (value.Value, error) {
		v, err := cast(e, a)
		switch errs.Code(err) {
		case errs.UndefinedObject, errs.UndefinedTable, errs.InvalidSchemaName:
			return value.None, nil
		}
		return v, err
	}
}

func castRegnamespace(e *Env, a []value.Value) (value.Value, error) {
	if a[0].Kind() == value.KindInt {
		return a[0], nil
	}
	_, name := catalog.SplitQualified(value.CastText(a[0]))
	switch name {
	case PgCatalog, InformationSchema, "public":
		return value.Int(int64(schemaOID(name))), nil
	}
	if e.Temp != nil && (name == "pg_temp" || name == e.Temp.Name) {
		return value.Int(int64(TempSchemaOID(e.Temp.Name))), nil
	}
	if s := e.userSchemaByName(name); s != nil {
		return value.Int(int64(SchemaOID(s.ID))), nil
	}
	return value.None, errs.New(errs.InvalidSchemaName, "schema %q does not exist", name)
}

// regclassOut is regclass output: the relation's name, quoted as an
// identifier when it must be and qualified when its schema is not on the
// search path (pg_catalog, public); an OID naming no relation shows as
// unknownOIDOut.
func regclassOut(e *Env, a []value.Value) (value.Value, error) {
	oid, err := oidArg(a[0])
	if err != nil {
		return value.None, err
	}
	rels, err := newModel(e).relations()
	if err != nil {
		return value.None, err
	}
	for i := range rels {
		if r := &rels[i]; r.oid == oid {
			name := builtin.QuoteIdent(r.name)
			if r.nsp != OIDPgCatalog && r.nsp != OIDPublic && (e.Temp == nil || r.nsp != TempSchemaOID(e.Temp.Name)) {
				name = builtin.QuoteIdent(namespaceNameIn(e, r.nsp)) + "." + name
			}
			return value.String(name), nil
		}
	}
	return unknownOIDOut(oid), nil
}

// unknownOIDOut is the output of a reg* value that names nothing: its
// number, and "-" for 0 (InvalidOid), as PostgreSQL's output functions
// show typelem, typrelid, ... of no object.
func unknownOIDOut(oid uint32) value.Value {
	if oid == 0 {
		return value.String("-")
	}
	return value.String(strconv.FormatUint(uint64(oid), 10))
}

// regtypeOut is regtype output: format_type's name of the type, or
// unknownOIDOut for an OID naming none.
func regtypeOut(e *Env, a []value.Value) (value.Value, error) {
	v, err := formatType(e, []value.Value{a[0], value.None})
	if err != nil || v.IsNone() || v.AsString() == "???" {
		oid, err := oidArg(a[0])
		if err != nil {
			return value.None, err
		}
		return unknownOIDOut(oid), nil
	}
	return v, nil
}

// RegArrayOutFunc is the function the SQL front end calls to show a
// regclass[], regtype[] or regnamespace[] value (an array of OIDs) as
// the text array of its names; the dot keeps SQL from calling it.
const RegArrayOutFunc = "zerodb.regarrayout"

// regArrayOut maps the output function of reg type a[1] ("regclass",
// "regtype" or "regnamespace") over the OIDs of array a[0].
func regArrayOut(e *Env, a []value.Value) (value.Value, error) {
	var out func(*Env, []value.Value) (value.Value, error)
	switch a[1].AsString() {
	case "regclass":
		out = regclassOut
	case "regtype":
		out = regtypeOut
	case "regnamespace":
		out = regnamespaceOut
	case "regrole":
		out = regroleOut
	default:
		return value.None, errs.New(errs.InternalError, "no output function of %s[]", a[1].AsString())
	}
	elems := a[0].AsList()
	names := make([]value.Value, len(elems))
	for i, v := range elems {
		if v.IsSQLNull() {
			continue // names[i] stays NULL
		}
		n, err := out(e, []value.Value{v})
		if err != nil {
			return value.None, err
		}
		names[i] = n
	}
	return value.List(names), nil
}

// regnamespaceOut is regnamespace output: the schema's name, or
// unknownOIDOut for an OID naming none.
func regnamespaceOut(e *Env, a []value.Value) (value.Value, error) {
	oid, err := oidArg(a[0])
	if err != nil {
		return value.None, err
	}
	if n := namespaceNameIn(e, oid); n != "" {
		return value.String(builtin.QuoteIdent(n)), nil
	}
	return unknownOIDOut(oid), nil
}

// regroleOut is regrole output: the role's name, or unknownOIDOut for
// an OID naming none.
func regroleOut(e *Env, a []value.Value) (value.Value, error) {
	oid, err := oidArg(a[0])
	if err != nil {
		return value.None, err
	}
	name, err := newModel(e).roleName(oid)
	if err != nil {
		return value.None, err
	}
	if name != "" {
		return value.String(builtin.QuoteIdent(name)), nil
	}
	return unknownOIDOut(oid), nil
}

// namespaceNameIn is the name of a schema OID ("" for none), e's
// temporary schema's included (e may be nil).
func namespaceNameIn(e *Env, oid uint32) string {
	if e != nil && e.Temp != nil && TempSchemaOID(e.Temp.Name) == oid {
		return e.Temp.Name
	}
	for _, n := range []string{PgCatalog, InformationSchema, "public"} {
		if schemaOID(n) == oid {
			return n
		}
	}
	if e != nil {
		for _, s := range e.userSchemas() {
			if SchemaOID(s.ID) == oid {
				return s.Name
			}
		}
	}
	return ""
}
