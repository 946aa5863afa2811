package sysview

import (
	"slices"
	"strings"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
)

// fkInfo is a foreign key as pg_constraint shows it.
type fkInfo struct {
	oid           uint32
	fk            *catalog.ForeignKey
	table, parent *relInfo
	// index is the OID of the referenced table's index the key relies
	// on (its primary key's or a unique index's).
	index         uint32
	keys, refKeys []int16
	// inherited is the OID of the key of a partition's table this one
	// is the copy of (conparentid: pg_dump dumps the table's alone).
	inherited uint32
}

// foreignKeys lists the foreign keys of the database's tables.
func (m *model) foreignKeys() ([]fkInfo, error) {
	rels, err := m.relations()
	if err != nil {
		return nil, err
	}
	tables := make(map[relKey]*relInfo)
	for i := range rels {
		if r := &rels[i]; r.kind == 'r' && r.table != nil {
			tables[relKey{r.nsp, r.name}] = r
		}
	}
	var out []fkInfo
	for i := range rels {
		r := &rels[i]
		if r.kind != 'r' || r.table == nil {
			continue
		}
		for k := range r.table.ForeignKeys {
			fk := &r.table.ForeignKeys[k]
			p, ok := tables[m.refKey(r, fk.RefTable)]
			if !ok {
				continue
			}
			fi := fkInfo{oid: ConstraintOID(r.table.ID, fk.Name), fk: fk, table: r, parent: p,
				keys: attnums(r, fk.Columns), refKeys: attnums(p, fk.RefColumns)}
			fi.index = referencedIndex(p.table, fk.RefColumns)
			if up, ok := tables[relKey{r.nsp, r.table.PartitionOf}]; ok && r.table.PartitionOf != "" &&
				slices.ContainsFunc(up.table.ForeignKeys, func(x catalog.ForeignKey) bool { return x.Name == fk.Name }) {
				fi.inherited = ConstraintOID(up.table.ID, fk.Name)
			}
			out = append(out, fi)
			if relKind(p) == 'p' && fi.inherited == 0 {
				out = appendClonedFKs(out, tables, &fi)
			}
		}
	}
	return out, nil
}

// appendClonedFKs appends the rows PostgreSQL gives a foreign key
// referencing a partitioned table for each partition below it, in
// pre-order (conparentid the key's; psql and pg_dump skip them): named
// as PostgreSQL chooses, child_columns_fkeyN, the first names the
// referencing table does not use.
func appendClonedFKs(out []fkInfo, tables map[relKey]*relInfo, top *fkInfo) []fkInfo {
	child := top.table
	used := func(name string) bool {
		return slices.ContainsFunc(child.table.ForeignKeys, func(x catalog.ForeignKey) bool { return x.Name == name }) ||
			slices.ContainsFunc(child.table.Checks, func(x catalog.Check) bool { return x.Name == name }) ||
			slices.ContainsFunc(out, func(x fkInfo) bool { return x.table == child && x.fk.Name == name })
	}
	base := child.name + "_" + strings.Join(top.fk.Columns, "_") + "_fkey"
	var walk func(parent *relInfo, up uint32)
	walk = func(parent *relInfo, up uint32) {
		for _, name := range parent.table.Partitions {
			part, ok := tables[relKey{parent.nsp, name}]
			if !ok {
				continue
			}
			clone := *top.fk
			clone.Name = base
			for i := int64(1); used(clone.Name); i++ {
				clone.Name = base + itoa(i)
			}
			clone.RefTable = part.name
			fi := fkInfo{oid: ConstraintOID(child.table.ID, clone.Name), fk: &clone, table: child, parent: part,
				keys: top.keys, refKeys: attnums(part, clone.RefColumns), inherited: up,
				index: referencedIndex(part.table, clone.RefColumns)}
			out = append(out, fi)
			if relKind(part) == 'p' {
				walk(part, fi.oid)
			}
		}
	}
	walk(top.parent, top.oid)
	return out
}

// refKey is the relation a foreign key end of table r names: bare in
// r's schema, or a catalog.ForeignName of another schema of the
// database, or of the database itself (public).
func (m *model) refKey(r *relInfo, ref string) relKey {
	id, name, ok := catalog.SplitForeignName(ref)
	switch {
	case !ok:
		return relKey{r.nsp, ref}
	case m.e.Database != nil && id == m.e.Database.Base().ID:
		return relKey{OIDPublic, name}
	}
	return relKey{SchemaOID(id), name}
}

func attnums(r *relInfo, cols []string) []int16 {
	out := make([]int16, len(cols))
	for i, c := range cols {
		for j, rc := range r.cols {
			if rc.name == c {
				out[i] = int16(j + 1)
			}
		}
	}
	return out
}

// referencedIndex is the OID of t's primary key index or unique index on
// exactly cols.
func referencedIndex(t *catalog.Table, cols []string) uint32 {
	same := func(a []string) bool {
		if len(a) != len(cols) {
			return false
		}
		for _, x := range a {
			found := false
			for _, y := range cols {
				found = found || x == y
			}
			if !found {
				return false
			}
		}
		return true
	}
	if same(t.PrimaryKey) {
		return PKeyIndexOID(t.ID)
	}
	for i := range t.Indexes {
		ix := &t.Indexes[i]
		if !ix.Immediate() || ix.Partial() {
			continue
		}
		parts := make([]string, len(ix.Parts))
		for j, p := range ix.Parts {
			parts[j] = strings.Join(p.Path, ".")
		}
		if same(parts) {
			return IndexOID(ix.ID)
		}
	}
	return 0
}

// fkeyDef is pg_get_constraintdef of a foreign key: the referenced
// table is qualified when bare it would not find it (a table of a
// schema off the search path, public's too, as in pg_dump's), and when
// it is of another schema than the constraint's table, which has a
// relation of that name: a bare REFERENCES finds that one in zerodb.
func fkeyDef(e *Env, f *fkInfo) string {
	quote := func(cols []string) string {
		q := make([]string, len(cols))
		for i, c := range cols {
			q[i] = builtin.QuoteIdent(c)
		}
		return strings.Join(q, ", ")
	}
	var b strings.Builder
	ref := builtin.QuoteIdent(f.parent.name)
	if !visible(e, f.parent) || f.parent.nsp != f.table.nsp && hasRelation(e, f.table.nsp, f.parent.name) {
		if f.parent.nsp == OIDPublic {
			ref = "public." + ref
		} else if sc := e.userSchemaByOID(f.parent.nsp); sc != nil {
			ref = builtin.QuoteIdent(sc.Name) + "." + ref
		}
	}
	b.WriteString("FOREIGN KEY (" + quote(f.fk.Columns) + ") REFERENCES " + ref + "(" + quote(f.fk.RefColumns) + ")")
	if f.fk.MatchFull {
		b.WriteString(" MATCH FULL")
	}
	for _, a := range []struct {
		on  string
		act catalog.FKAction
	}{{"UPDATE", f.fk.Update()}, {"DELETE", f.fk.Delete()}} {
		if s := fkActionText(a.act); s != "" {
			b.WriteString(" ON " + a.on + " " + s)
		}
	}
	b.WriteString(deferrabilityText(f.fk.Deferrable, f.fk.InitiallyDeferred))
	if f.fk.NotValid {
		b.WriteString(" NOT VALID")
	}
	return b.String()
}

func fkActionText(a catalog.FKAction) string {
	switch a {
	case catalog.FKRestrict:
		return "RESTRICT"
	case catalog.FKCascade:
		return "CASCADE"
	case catalog.FKSetNull:
		return "SET NULL"
	case catalog.FKSetDefault:
		return "SET DEFAULT"
	}
	return ""
}

// hasRelation reports whether schema nsp has a relation called name.
func hasRelation(e *Env, nsp uint32, name string) bool {
	rels, err := newModel(e).relations()
	if err != nil {
		return false
	}
	return slices.ContainsFunc(rels, func(r relInfo) bool { return r.nsp == nsp && r.name == name })
}

// deferrabilityText is what pg_get_constraintdef appends for a
// constraint's deferrability: nothing when it is not deferrable.
func deferrabilityText(deferrable, deferred bool) string {
	switch {
	case deferred:
		return " DEFERRABLE INITIALLY DEFERRED"
	case deferrable:
		return " DEFERRABLE"
	}
	return ""
}
