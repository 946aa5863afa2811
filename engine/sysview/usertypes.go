package sysview

import (
	"slices"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
)

// The enums, domains and composite types of the database and of each of
// its schemas other than public. A schema's type is named
// "schema.name" by the columns and casts that use it
// (catalog.QualifiedType), and its OIDs derive from that name, so that
// the OIDs result columns report find its pg_type row; pg_type shows
// its own name and its schema's OID.

// userType is an enum (enum set) or a named type (def set: a domain or
// a composite type) as the catalogs list it.
type userType struct {
	name string // typname
	key  string // catalog.QualifiedType: what its OIDs derive from
	nsp  uint32
	enum *catalog.Enum
	def  *catalog.TypeDef
}

// userTypes lists the enums and named types of the database, then of
// its schemas, each in name order.
func (m *model) userTypes() ([]userType, error) {
	if m.typesRead || m.e.Cat == nil || m.e.Database == nil {
		return m.types, nil
	}
	spaces := append([]*catalog.Database{m.e.baseDatabase()}, m.e.userSchemas()...)
	var out []userType
	for i, db := range spaces {
		nsp := uint32(OIDPublic)
		if i > 0 {
			nsp = SchemaOID(db.ID)
		}
		es, err := m.e.Cat.Enums(m.e.Ctx, m.e.Txn, db)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			out = append(out, userType{name: e.Name, key: catalog.QualifiedType(db, e.Name), nsp: nsp, enum: e})
		}
		ds, err := m.e.Cat.TypeDefs(m.e.Ctx, m.e.Txn, db)
		if err != nil {
			return nil, err
		}
		for _, d := range ds {
			out = append(out, userType{name: d.Name, key: catalog.QualifiedType(db, d.Name), nsp: nsp, def: d})
		}
	}
	m.types, m.typesRead = out, true
	return out, nil
}

// oid is the type's pg_type OID.
func (t *userType) oid() uint32 {
	switch {
	case t.enum != nil:
		return value.EnumOID(t.key)
	case t.def.Domain != nil:
		return DomainOID(t.key)
	case t.def.Range != nil:
		return value.UserRangeOID(t.key)
	case t.def.MultirangeOf != "":
		return value.UserMultirangeOID(t.key)
	}
	return value.CompositeOID(t.key)
}

// arrayOID is the OID of the type's array type.
func (t *userType) arrayOID() uint32 {
	switch {
	case t.enum != nil:
		return value.EnumArrayOID(t.key)
	case t.def.Domain != nil:
		return DomainArrayOID(t.key)
	case t.def.Range != nil:
		return value.UserRangeArrayOID(t.key)
	case t.def.MultirangeOf != "":
		return value.UserMultirangeArrayOID(t.key)
	}
	return value.CompositeArrayOID(t.key)
}

// userTypeOIDIn is text::regtype of the name of one of uts, or of its
// array type's (name[], or _name as pg_type calls it), looked up in the
// schemas nsps in order; 0 when none has the name.
func userTypeOIDIn(uts []userType, nsps []uint32, name string, array bool) uint32 {
	for _, nsp := range nsps {
		for _, ut := range uts {
			switch {
			case ut.nsp != nsp:
			case ut.name == name && array, !array && "_"+ut.name == name:
				return ut.arrayOID()
			case ut.name == name:
				return ut.oid()
			}
		}
	}
	return 0
}

// userTypeNameIn is format_type's name of the type of OID oid among uts,
// or of its array type ("" when it is none of them).
func userTypeNameIn(e *Env, uts []userType, oid uint32) string {
	for _, ut := range uts {
		switch oid {
		case ut.oid():
			return typeDisplay(e, ut.nsp, ut.name)
		case ut.arrayOID():
			return typeDisplay(e, ut.nsp, ut.name) + "[]"
		}
	}
	return ""
}

// comment is the type's COMMENT ON TYPE text ("": none).
func (t *userType) comment() string {
	if t.enum != nil {
		return t.enum.Comment
	}
	return t.def.Comment
}

// typeComment is obj_description(oid, 'pg_type') ("": none).
func typeComment(e *Env, oid uint32) (string, error) {
	all, err := newModel(e).userTypes()
	if err != nil {
		return "", err
	}
	for i := range all {
		if all[i].oid() == oid {
			return all[i].comment(), nil
		}
	}
	return "", nil
}

// userTypesWhere lists the userTypes that keep says to keep.
func (m *model) userTypesWhere(keep func(userType) bool) ([]userType, error) {
	all, err := m.userTypes()
	if err != nil {
		return nil, err
	}
	var out []userType
	for _, t := range all {
		if keep(t) {
			out = append(out, t)
		}
	}
	return out, nil
}

// typeDisplay is how format_type names a type of schema nsp: bare when
// the schema is on the search path, qualified otherwise (PostgreSQL's
// format_type_be, which also qualifies a type an earlier schema's type
// of that name hides; zerodb does not look for that).
func typeDisplay(e *Env, nsp uint32, name string) string {
	q := builtin.QuoteIdent(name)
	if nsp == OIDPublic || nsp == OIDPgCatalog || slices.Contains(searchPathOIDs(e), nsp) {
		return q
	}
	return builtin.QuoteIdent(namespaceNameIn(e, nsp)) + "." + q
}

// typeSchemaOIDs are the schemas a type name with schema ("" for a
// bare one) is looked up in, in order: the search path's, or that one
// schema (none when it does not exist).
func typeSchemaOIDs(e *Env, schema string) []uint32 {
	switch schema {
	case "":
		return searchPathOIDs(e)
	case "public":
		return []uint32{OIDPublic}
	}
	if s := e.userSchemaByName(schema); s != nil {
		return []uint32{SchemaOID(s.ID)}
	}
	return nil
}

// typeNamespace is the schema of the enum, domain or row type (or array
// type of one) of OID oid; ok=false for any other OID.
func typeNamespace(e *Env, oid uint32) (nsp uint32, ok bool, err error) {
	m := newModel(e)
	all, err := m.userTypes()
	if err != nil {
		return 0, false, err
	}
	for _, ut := range all {
		switch {
		case ut.enum != nil && (oid == value.EnumOID(ut.key) || oid == value.EnumArrayOID(ut.key)),
			ut.def != nil && ut.def.Domain != nil && (oid == DomainOID(ut.key) || oid == DomainArrayOID(ut.key)):
			return ut.nsp, true, nil
		}
	}
	rels, err := m.relations()
	if err != nil {
		return 0, false, err
	}
	for i := range rels {
		if r := &rels[i]; r.hasRowType() && (r.rowType == oid || rowArrayOID(r.rowTypeKey()) == oid) {
			return r.nsp, true, nil
		}
	}
	return 0, false, nil
}
