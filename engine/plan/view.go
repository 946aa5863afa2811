package plan

import "github.com/zerodb/zerodb/engine/catalog"

// CreateView stores a SQL view in the current database (DROP VIEW is a
// DropObject of kind "view").
type CreateView struct {
	View    *catalog.View
	Replace bool
}

func (n *CreateView) Columns() []Column { return zeroCols }
