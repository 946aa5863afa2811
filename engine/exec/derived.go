package exec

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
)

// recordChanged keeps everything derived from a record in step with it,
// inside the writing transaction: the table's ordered secondary indexes
// (index.go), its vector indexes (vectorindex.go) and the graph adjacency
// of the record as a vertex or an edge (graph.go). old is none for a new
// record, new is none for a deleted one; key is the normalized record key
// and pos the source position for errors (a unique violation).
//
// Every write of a record goes through here, so a derived structure never
// disagrees with the records a committed transaction left.
func (r *run) recordChanged(t *catalog.Table, key, old, new value.Value, pos int) error {
	for i := range t.Indexes {
		ix := &t.Indexes[i]
		var err error
		switch ix.Kind {
		case catalog.IndexBTree:
			err = r.maintainOrderedIndex(t, ix, key, old, new, pos)
		case catalog.IndexHNSW:
			err = r.maintainVectorIndex(t, ix, key, old, new, pos)
		case catalog.IndexGIN, catalog.IndexTrgm:
			err = r.maintainGINIndex(t, ix, key, old, new)
		default:
			err = internalf("index %q of unknown kind %q", ix.Name, ix.Kind)
		}
		if err != nil {
			return err
		}
	}
	return r.maintainAdjacency(t, key, old, new)
}

// hasDerived reports whether writes to t must know a replaced record's
// previous value (the write path skips that read otherwise).
//
// A table with foreign keys on either side counts: its writes queue
// foreign-key events (fkNote) holding both versions of the record, and
// so does a partition of a referenced partitioned table.
func (r *run) hasDerived(t *catalog.Table) bool {
	return len(t.Indexes) > 0 || r.tracksAdjacency(t) || hasFKs(t) || r.referencedAbove(t)
}
