package translate

import (
	"context"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
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

// CatalogResolver is a Resolver that also sees the current database's ZQL
// catalog objects: stored functions, enums and named types. The ZQL front
// end asks for it with a type assertion; through a plain Resolver, ZQL
// sees no stored function, enum or named type (declaring one still
// works). The session's resolver implements it.
type CatalogResolver interface {
	Resolver
	// StoredFunction finds a stored function of the current database
	// (ok=false when there is none of that name).
	StoredFunction(ctx context.Context, name string) (f *catalog.Function, ok bool, err error)
	// Enum finds an enum of the current database (ok=false when missing).
	Enum(ctx context.Context, name string) (e *catalog.Enum, ok bool, err error)
	// TypeDef finds a named type of the current database (ok=false when
	// missing).
	TypeDef(ctx context.Context, name string) (t *catalog.TypeDef, ok bool, err error)
	// CatalogNames lists the names of the current database's objects of
	// one kind — "table", "function", "enum" or "type" — in name order.
	CatalogNames(ctx context.Context, kind string) ([]string, error)
}

// SettingResolver is a Resolver that also reads the session's run-time
// parameters (SET), for the few that change what a statement means
// (check_function_bodies). The SQL front end asks for it with a type
// assertion; through a plain Resolver every setting has its default.
type SettingResolver interface {
	Resolver
	// Setting is the current value of a run-time parameter, as SHOW
	// gives it (ok=false for an unknown name).
	Setting(name string) (value string, ok bool)
}

// SettingChecker is a SettingResolver that also checks a value of a
// run-time parameter as SET would take it (22023 for a bad value, 42704
// for an unknown parameter): a function's SET clause asks it. name is
// the parameter's name as PostgreSQL spells it (DateStyle).
type SettingChecker interface {
	CheckSetting(name, value string) (canonical string, err error)
}

// TriggerResolver is a Resolver that can check a trigger's function;
// CREATE TRIGGER asks for it with a type assertion (without it, the
// function is only looked up when the trigger fires).
type TriggerResolver interface {
	// TriggerFunction checks that the current database has a function
	// of that name returning trigger (42883 when it has none).
	TriggerFunction(ctx context.Context, name string) error
}

// SchemaResolver is a Resolver that also knows the database's schemas
// other than public (CREATE SCHEMA). The SQL front end asks for it with
// a type assertion; through a plain Resolver every name is public's.
type SchemaResolver interface {
	Resolver
	// TableSchema names the schema of a table the Resolver found: "" for
	// public, "pg_temp" for a temporary table.
	TableSchema(ctx context.Context, t *catalog.Table) (string, error)
	// ObjectSchema names the schema whose catalog id is databaseID (a
	// view's or function's Database): "" for public.
	ObjectSchema(ctx context.Context, databaseID uint64) (string, error)
	// CreationSchema is the schema an object named without one is
	// created in: the first existing schema of search_path ("" for
	// public).
	CreationSchema(ctx context.Context) (string, error)
	// SchemaExists reports whether the database has a schema of that
	// name other than public.
	SchemaExists(ctx context.Context, name string) bool
	// TargetSchema makes Table look a bare name up in schema first,
	// while the front end translates DDL on that schema's objects
	// (which names them bare inside); "" ends it.
	TargetSchema(schema string)
}

// CheckResolver is a Resolver that compiles a table's CHECK constraints,
// which the catalog keeps as SQL text, into conditions over the written
// record's row [key, object] (plan.Check). The ZQL front end asks for it
// with a type assertion when it writes a table that has some: without
// it, such a write is refused (0A000) rather than left unchecked.
type CheckResolver interface {
	Resolver
	TableChecks(ctx context.Context, t *catalog.Table) ([]plan.Check, error)
}
