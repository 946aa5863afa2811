package sysview

import (
	"slices"
	"strconv"

	"github.com/zerodb/zerodb/engine/catalog"
)

// The information_schema views of constraints beyond table_constraints
// and key_column_usage: PostgreSQL 15 defines them over pg_constraint
// (and pg_depend for the columns a CHECK reads), so they list what
// pg_constraint lists here, in the same terms.

// isReferentialConstraints lists the foreign keys with the constraint of
// the referenced table they rely on (its primary key or UNIQUE
// constraint; none when the referenced columns are a unique index that
// is no constraint, as pg_constraint has none for it).
func isReferentialConstraints(m *model, out *rowSet) error {
	db := m.dbName()
	return m.eachForeignKey(func(f *fkInfo) {
		var ucat, uschema, uname any
		if name := uniqueConstraintOf(f); name != "" {
			ucat, uschema, uname = db, m.nspName(f.parent.nsp), name
		}
		match := "NONE"
		if f.fk.MatchFull {
			match = "FULL"
		}
		out.add(db, m.nspName(f.table.nsp), f.fk.Name, ucat, uschema, uname,
			match, fkRule(f.fk.Update()), fkRule(f.fk.Delete()))
	})
}

// eachForeignKey calls fn with every foreign key, once m.each has gone
// without a catalog read error (kept in m.err, returned first).
func (m *model) eachForeignKey(fn func(f *fkInfo)) error {
	if m.err != nil {
		return m.err
	}
	fks, err := m.foreignKeys()
	if err != nil {
		return err
	}
	for i := range fks {
		fn(&fks[i])
	}
	return nil
}

// uniqueConstraintOf is the name of the primary key or UNIQUE
// constraint whose index f relies on ("": none).
func uniqueConstraintOf(f *fkInfo) string {
	t := f.parent.table
	if f.index == PKeyIndexOID(t.ID) {
		return t.PKeyConstraint()
	}
	for i := range t.Indexes {
		if ix := &t.Indexes[i]; ix.Constraint && IndexOID(ix.ID) == f.index {
			return ix.Name
		}
	}
	return ""
}

// fkRule is an ON UPDATE or ON DELETE action as the SQL standard names
// it.
func fkRule(a catalog.FKAction) string {
	if s := fkActionText(a); s != "" {
		return s
	}
	return "NO ACTION"
}

// isCheckConstraints lists the CHECK constraints of tables and domains,
// and, as PostgreSQL 15 does, every NOT NULL column of a table as a
// check "col IS NOT NULL" named after the OIDs of its schema, table and
// column.
func isCheckConstraints(m *model, out *rowSet) error {
	db := m.dbName()
	m.each(func(r *relInfo) {
		if r.kind != 'r' || r.table == nil {
			return
		}
		for _, c := range r.table.Checks {
			out.add(db, m.nspName(r.nsp), c.Name, tableCheckDef(m.e, r.table, c, false)[len("CHECK "):])
		}
	})
	if m.err != nil {
		return m.err
	}
	ds, err := m.domains()
	if err != nil {
		return err
	}
	for _, ut := range ds {
		for _, c := range ut.def.Domain.Checks {
			out.add(db, m.nspName(ut.nsp), c.Name, domainCheck(m.e, ut.def, c, false)[len("CHECK "):])
		}
	}
	m.eachNotNull(func(r *relInfo, name, col string) {
		out.add(db, m.nspName(r.nsp), name, col+" IS NOT NULL")
	})
	return m.err
}

// eachNotNull calls fn with every NOT NULL column of a table, which
// PostgreSQL 15's information_schema lists as a CHECK constraint named
// after the OIDs of its schema and table and its attnum.
func (m *model) eachNotNull(fn func(r *relInfo, name, col string)) {
	m.each(func(r *relInfo) {
		if r.kind != 'r' || r.table == nil {
			return
		}
		for j, c := range r.cols {
			if c.notNull {
				fn(r, strconv.FormatUint(uint64(r.nsp), 10)+"_"+strconv.FormatUint(uint64(r.oid), 10)+"_"+strconv.Itoa(j+1)+"_not_null", c.name)
			}
		}
	})
}

// isConstraintColumnUsage lists the columns constraints use: a CHECK's
// the columns its expression reads, a primary key's or UNIQUE
// constraint's its key columns, and a foreign key's the referenced
// columns (of the referenced table, as PostgreSQL lists them).
func isConstraintColumnUsage(m *model, out *rowSet) error {
	db := m.dbName()
	add := func(r *relInfo, col string, nsp uint32, name string) {
		out.add(db, m.nspName(r.nsp), r.name, col, db, m.nspName(nsp), name)
	}
	m.each(func(r *relInfo) {
		switch {
		case r.kind == 'r' && r.table != nil:
			if m.e.ExprColumns == nil {
				return
			}
			for _, c := range r.table.Checks {
				for _, col := range m.e.ExprColumns(c.Expr) {
					if attnumOf(r, col) > 0 {
						add(r, col, r.nsp, c.Name)
					}
				}
			}
		case r.primary || r.index != nil && r.index.Constraint:
			t, ok := m.relByOID(r.parent)
			if !ok {
				return
			}
			for _, a := range r.keyAttrs {
				if a > 0 {
					add(t, t.cols[a-1].name, r.nsp, r.name)
				}
			}
		}
	})
	return m.eachForeignKey(func(f *fkInfo) {
		// Each referenced column once, in the table's order: PostgreSQL
		// matches attnum = ANY (confkey).
		keys := slices.Clone(f.refKeys)
		slices.Sort(keys)
		for _, a := range slices.Compact(keys) {
			if a > 0 {
				add(f.parent, f.parent.cols[a-1].name, f.table.nsp, f.fk.Name)
			}
		}
	})
}

// isConstraintTableUsage lists the tables constraints use: a primary
// key's or UNIQUE constraint's own table, a foreign key's referenced
// one.
func isConstraintTableUsage(m *model, out *rowSet) error {
	db := m.dbName()
	add := func(t *relInfo, nsp uint32, name string) {
		out.add(db, m.nspName(t.nsp), t.name, db, m.nspName(nsp), name)
	}
	m.each(func(r *relInfo) {
		if r.primary || r.index != nil && r.index.Constraint {
			if t, ok := m.relByOID(r.parent); ok {
				add(t, r.nsp, r.name)
			}
		}
	})
	return m.eachForeignKey(func(f *fkInfo) { add(f.parent, f.table.nsp, f.fk.Name) })
}
