package translate

import (
	"context"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
)

// Resolver is how a front end sees the catalog while it translates one
// statement: the session implements it over its current transaction and
// database.
type Resolver interface {
	// Table finds a table of the current database (42P01 when missing).
	Table(ctx context.Context, name string) (*catalog.Table, error)
	// Function finds a builtin or host function by canonical name.
	Function(name string) (*builtin.Func, bool)
	// HasSessionVar reports whether a session-level binding (ZQL `let` at
	// statement level) of that name exists, so an identifier can resolve
	// to it (plan.SessionVar).
	HasSessionVar(name string) bool
}
