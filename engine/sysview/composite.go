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

// addCompositeTypes adds the database's composite types as relations of
// kind 'c'.
func (m *model) addCompositeTypes() error {
	all, err := m.e.Cat.TypeDefs(m.e.Ctx, m.e.Txn, m.e.Database)
	if err != nil {
		return err
	}
	for _, t := range all {
		if t.Domain != nil || !t.Type.IsComposite() {
			continue
		}
		r := relInfo{oid: CompositeRelOID(t.Name), name: t.Name, nsp: OIDPublic, kind: 'c', rowType: value.CompositeOID(t.Name)}
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
