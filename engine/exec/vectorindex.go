package exec

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
)

// maintainVectorIndex updates a vector (HNSW) index for one record change
// (see recordChanged).
//
// The vector-index work replaces this body.
func (r *run) maintainVectorIndex(t *catalog.Table, ix *catalog.Index, key, old, new value.Value, pos int) error {
	return internalf("vector index %q of table %q is not maintained yet", ix.Name, t.Name)
}

// backfillVectorIndex fills a new vector index from the records its table
// already has (see backfillIndex).
//
// The vector-index work replaces this body.
func (r *run) backfillVectorIndex(t *catalog.Table, ix *catalog.Index) error {
	return internalf("vector index %q of table %q cannot be built yet", ix.Name, t.Name)
}
