package exec

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
)

// maintainAdjacency keeps the graph adjacency keys of a record in step
// with it: an edge record's two adjacency entries, and a deleted vertex's
// edges (see recordChanged).
//
// The graph work replaces this body; until then no table holds edges.
func (r *run) maintainAdjacency(t *catalog.Table, key, old, new value.Value) error {
	return nil
}

// tracksAdjacency reports whether writes to t affect graph adjacency.
func (r *run) tracksAdjacency(t *catalog.Table) bool { return false }
