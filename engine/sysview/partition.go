package sysview

import (
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
)

// Partitioned tables in the catalogs as PostgreSQL shows them: relkind
// 'p' and pg_partitioned_table for the parent, relispartition and
// relpartbound for a partition, pg_inherits linking the two — what
// psql's \d and pg_dump read.

// relKind is r's pg_class.relkind.
func relKind(r *relInfo) byte {
	if r.table != nil && r.table.Partitioned != nil {
		switch r.kind {
		case 'r':
			return 'p'
		case 'i':
			return 'I' // a partitioned index
		}
	}
	return r.kind
}

func isPartition(r *relInfo) bool {
	return r.kind == 'r' && r.table != nil && r.table.PartitionOf != ""
}

// parentRel is the partitioned table of partition r (nil for other
// relations).
func (m *model) parentRel(r *relInfo) *relInfo {
	if !isPartition(r) {
		return nil
	}
	var parent *relInfo
	m.each(func(p *relInfo) {
		if p.nsp == r.nsp && p.name == r.table.PartitionOf && relKind(p) == 'p' {
			parent = p
		}
	})
	return parent
}

// referencedAbove reports whether a partitioned table above partition r
// is referenced by foreign keys: PostgreSQL gives r the triggers of the
// constraints it clones onto it.
func (m *model) referencedAbove(r *relInfo) bool {
	for p := m.parentRel(r); p != nil; p = m.parentRel(p) {
		if len(p.table.ReferencedBy) > 0 {
			return true
		}
	}
	return false
}

// partBound is a partition's relpartbound, in the form pg_get_expr
// prints it (nil for other relations).
func (m *model) partBound(r *relInfo) any {
	if !isPartition(r) || r.table.Bound == nil {
		return nil
	}
	var typs []value.Type
	if p := m.parentRel(r); p != nil {
		for i := range p.table.Partitioned.Columns {
			t, ok := p.table.Partitioned.PartType(p.table, i)
			if !ok {
				t = value.TypeText
			}
			typs = append(typs, t)
		}
	}
	if typs == nil {
		typs = []value.Type{value.TypeText}
	}
	return partitionBoundDef(r.table.Bound, typs)
}

// partitionBoundDef is PostgreSQL's text of a partition's bound over a
// key of types typs.
func partitionBoundDef(b *catalog.PartitionBound, typs []value.Type) string {
	if b.Default {
		return "DEFAULT"
	}
	if b.Modulus > 0 {
		return "FOR VALUES WITH (modulus " + itoa(int64(b.Modulus)) + ", remainder " + itoa(int64(b.Remainder)) + ")"
	}
	if len(b.From) > 0 {
		return "FOR VALUES FROM " + catalog.BoundSQL(b.From, typs) + " TO " + catalog.BoundSQL(b.To, typs)
	}
	return "FOR VALUES IN " + catalog.BoundSQL(b.In, typs)
}

// partKeyDef is pg_get_partkeydef's text: the strategy and key columns
// or expressions.
func partKeyDef(t *catalog.Table) string {
	strategy := map[string]string{catalog.PartitionRange: "RANGE", catalog.PartitionList: "LIST", catalog.PartitionHash: "HASH"}[t.Partitioned.Strategy]
	parts := make([]string, len(t.Partitioned.Columns))
	for i := range parts {
		parts[i] = t.Partitioned.PartName(i)
	}
	return strategy + " (" + strings.Join(parts, ", ") + ")"
}

// partitionOIDs maps each table of the model to its OID, by schema and
// name, for the links between partitions and their tables.
func (m *model) tableOIDs() map[[2]any]uint32 {
	oids := map[[2]any]uint32{}
	m.each(func(r *relInfo) {
		if r.kind == 'r' && r.table != nil {
			oids[[2]any{r.nsp, r.name}] = r.oid
		}
	})
	return oids
}

// pgInherits links each partition to its partitioned table, and each
// index of a partition to the partitioned table's index it matches
// (the same parts, or both primary keys), as PostgreSQL links an index
// attached to a partitioned index: pg_dump then writes the
// partitioned index ON ONLY its table and ALTER INDEX ... ATTACH
// PARTITION for the partitions' own, so that a parallel pg_restore may
// make them in any order.
func pgInherits(m *model, out *rowSet) error {
	oids := m.tableOIDs()
	indexes := map[uint32][]*relInfo{} // by their table's OID
	m.each(func(r *relInfo) {
		if r.kind == 'i' {
			indexes[r.parent] = append(indexes[r.parent], r)
		}
	})
	m.each(func(r *relInfo) {
		if r.kind == 'r' && r.table != nil {
			// Table inheritance: a row per parent, in INHERITS order.
			for i, name := range r.table.Inherits {
				if parent, ok := oids[[2]any{r.nsp, name}]; ok {
					out.add(r.oid, parent, int32(i+1), false)
				}
			}
		}
		if !isPartition(r) {
			return
		}
		parent, ok := oids[[2]any{r.nsp, r.table.PartitionOf}]
		if !ok {
			return
		}
		out.add(r.oid, parent, int32(1), false)
		for _, ix := range indexes[r.oid] {
			for _, pix := range indexes[parent] {
				if sameIndexRel(ix, pix) {
					out.add(ix.oid, pix.oid, int32(1), false)
					break
				}
			}
		}
	})
	return m.err
}

// sameIndexRel reports two indexes that index the same way: both
// primary keys, or secondary indexes of the same parts.
func sameIndexRel(a, b *relInfo) bool {
	if a.primary || b.primary {
		return a.primary && b.primary
	}
	return a.index != nil && b.index != nil && catalog.SameIndex(a.index, b.index)
}

// pgPartitionedTable lists the partitioned tables' keys.
func pgPartitionedTable(m *model, out *rowSet) error {
	oids := m.tableOIDs()
	m.each(func(r *relInfo) {
		if relKind(r) != 'p' {
			return
		}
		t := r.table
		def := uint32(0)
		attrs := make([]int16, len(t.Partitioned.Columns)) // 0: an expression part
		zeros := make([]uint32, len(attrs))
		for i, c := range t.Partitioned.Columns {
			if t.Partitioned.Expr(i) == "" {
				attrs[i] = int16(attnumOf(r, c))
			}
		}
		for _, name := range t.Partitions {
			if oid, ok := oids[[2]any{r.nsp, name}]; ok && m.isDefaultPartition(r.nsp, name) {
				def = oid
			}
		}
		out.add(r.oid, t.Partitioned.Strategy, int16(len(attrs)), def, value.Int2Vector(attrs), value.OidVector(zeros), value.OidVector(zeros), nil)
	})
	return m.err
}

func (m *model) isDefaultPartition(nsp uint32, name string) bool {
	def := false
	m.each(func(r *relInfo) {
		if r.nsp == nsp && r.name == name && isPartition(r) && r.table.Bound != nil && r.table.Bound.Default {
			def = true
		}
	})
	return def
}
