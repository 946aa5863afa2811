package catalog

// User-defined aggregates (CREATE AGGREGATE) are Functions too, in the
// one name space of functions, with Language LangInternal (pg_proc's
// prolang of every aggregate) and Aggregate set: Params are the
// aggregate's arguments, Result and Routine.Returns its result (the
// final function's, or the state's type without one). The catalog only
// stores the declaration; the SQL front end resolves and compiles the
// state transition and final functions where a statement calls the
// aggregate (sqlfe/useragg.go).

// LangInternal is an aggregate's language, as pg_proc.prolang shows it.
const LangInternal = "internal"

// Aggregate is pg_aggregate's row of a user-defined aggregate.
type Aggregate struct {
	// TransFn is the state transition function (SFUNC) as written,
	// schema-qualified or not; FinalFn the final function ("" none).
	TransFn string
	FinalFn string
	// TransType is the state's type (STYPE): its Type and, as
	// format_type prints it, TypeName.
	TransType FuncParam
	// InitCond is INITCOND's text when HasInit.
	InitCond string
	HasInit  bool
	// FinalExtra (FINALFUNC_EXTRA) passes the final function NULLs of
	// the argument types after the state.
	FinalExtra bool
	// FinalModify is pg_aggregate.aggfinalmodify: 'r' READ_ONLY (the
	// default), 's' SHAREABLE, 'w' READ_WRITE. zerodb's final
	// functions get a state no one else reads, so it changes nothing.
	FinalModify byte
}

// IsAggregate reports whether f is a user-defined aggregate.
func (f *Function) IsAggregate() bool { return f.Aggregate != nil }
