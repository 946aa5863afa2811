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
	// View finds a view of the current database (ok=false when missing).
	View(ctx context.Context, name string) (v *catalog.View, ok bool, err error)
	// Views lists the current database's views in name order.
	Views(ctx context.Context) ([]*catalog.View, error)
	// MatViews lists the current database's materialized views (tables
	// with MatView set) in name order.
	MatViews(ctx context.Context) ([]*catalog.Table, error)
}
