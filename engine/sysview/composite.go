package sysview

import (
	"github.com/zerodb/zerodb/engine/value"
)

// The database's composite types (CREATE TYPE name AS (...): catalog
// TypeDefs of a composite type) are, as in PostgreSQL, a pg_type row
// (typtype 'c', and its array type) whose typrelid is a pg_class row of
// relkind 'c' with the attributes in pg_attribute: what psql's \dT and
// \d and pg_dump read. A table's row type is listed with the table.

// CompositeRelOID is the pg_class OID of the composite type name.
func CompositeRelOID(name string) uint32 { return hashOID("composite", name) }

// addCompositeTypes adds the composite types of the database and its
// schemas as relations of kind 'c'.
func (m *model) addCompositeTypes() error {
	all, err := m.userTypes()
	if err != nil {
		return err
	}
	for _, ut := range all {
		t := ut.def
		if t == nil || t.Domain != nil || !t.Type.IsComposite() {
			continue
		}
		r := relInfo{oid: CompositeRelOID(ut.key), name: t.Name, nsp: ut.nsp, kind: 'c', rowType: value.CompositeOID(ut.key), typeKey: ut.key}
		for _, f := range t.Type.Fields {
			r.cols = append(r.cols, colInfo{name: f.Name, t: f.Type})
		}
		m.rels = append(m.rels, r)
	}
	return nil
}

// hasRowType reports a relation whose row type pg_type lists: a table,
// a materialized view or a composite type.
func (r *relInfo) hasRowType() bool { return r.stored() || r.kind == 'c' }
