package plan

import "github.com/zerodb/zerodb/engine/catalog"

// CreateView stores a SQL view in the current database (DROP VIEW is a
// DropObject of kind "view").
type CreateView struct {
	View    *catalog.View
	Replace bool
	// Schema names the view's schema when it is not the statement's
	// ("public" for the database's): ALTER SCHEMA ... RENAME stores the
	// views naming the schema again (DropObject's Schema).
	Schema string
	// Notice is a notice to send when the view is made (a view of a
	// temporary table becomes temporary itself, as in PostgreSQL).
	Notice string
}

func (n *CreateView) Columns() []Column { return zeroCols }

// ObjectSchemaNode is a DDL node that may act on an object of a schema
// other than its statement's: a dependent view or materialized view that
// DROP ... CASCADE drops, a view ALTER SCHEMA ... RENAME stores again,
// and each schema's part of a statement on objects of several schemas
// (DROP TABLE, INDEX or SEQUENCE, TRUNCATE, GRANT, ANALYZE).
// ObjectSchema names that schema ("public" for the database's own), ""
// for the statement's.
type ObjectSchemaNode interface {
	Node
	ObjectSchema() string
}

func (n *CreateView) ObjectSchema() string { return n.Schema }
func (n *DropObject) ObjectSchema() string { return n.Schema }
func (n *DropTable) ObjectSchema() string  { return n.Schema }
