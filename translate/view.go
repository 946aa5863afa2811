package translate

import (
	"context"

	"github.com/zerodb/zerodb/engine/catalog"
)

// ViewResolver is a Resolver that also sees the current database's SQL
// views. The SQL front end asks for it with a type assertion; through a
// plain Resolver no view exists. The session's resolver implements it.
type ViewResolver interface {
	Resolver
	// View finds a view by the name a query gives it: "schema.v" in that
	// schema ("public.v" in the database itself), a bare name as a table
	// is found, along search_path (ok=false when missing).
	View(ctx context.Context, name string) (v *catalog.View, ok bool, err error)
	// Views lists the views of the database and of all its schemas, each
	// schema's in name order.
	Views(ctx context.Context) ([]SchemaView, error)
	// MatViews lists the materialized views (tables with MatView set) of
	// the database and of all its schemas, each schema's in name order.
	MatViews(ctx context.Context) ([]SchemaTable, error)
}

// TableLister is a Resolver that lists the tables of the database and of
// all its schemas, each schema's in name order: DROP TYPE ... CASCADE
// finds the columns of the type with it. The SQL front end asks for it
// with a type assertion.
type TableLister interface {
	Tables(ctx context.Context) ([]SchemaTable, error)
}

// SchemaView is a view with the schema it lives in ("" for public).
type SchemaView struct {
	Schema string
	View   *catalog.View
}

// SchemaTable is a table with the schema it lives in ("" for public).
type SchemaTable struct {
	Schema string
	Table  *catalog.Table
}
