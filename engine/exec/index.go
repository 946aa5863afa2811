package exec

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
)

// maintainOrderedIndex updates the entries of an ordered secondary index
// for one record change (see recordChanged).
//
// The ordered-index work replaces this body.
func (r *run) maintainOrderedIndex(t *catalog.Table, ix *catalog.Index, key, old, new value.Value, pos int) error {
	return internalf("ordered index %q of table %q is not maintained yet", ix.Name, t.Name)
}
