package catalog

import (
	"context"
	"slices"
	"strings"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// SQL-defined functions (CREATE FUNCTION ... LANGUAGE sql | plpgsql) are
// Functions like ZQL's, in the same name space, with Language set and
// the rest of their declaration in Routine. The catalog stores them and
// checks CREATE [OR REPLACE]'s rules (CreateFunction); it never reads a
// body: each language's front end does, where the function is defined
// (to check it) and where it is called.
//
// How a caller finds and reads one (the SQL front end for LANGUAGE sql,
// the PL/pgSQL interpreter for plpgsql):
//
//   - Look the name up: Catalog.Function in a transaction, or, while
//     translating, translate.CatalogResolver.StoredFunction, which also
//     records the function as a dependency of the translation, so that a
//     cached or prepared plan is translated again when the function is
//     replaced or dropped (session/catalogdeps.go).
//   - Lang() says whose it is. Source is the body verbatim: the text of
//     AS '...' / AS $$...$$ (pg_proc.prosrc), or, when
//     Routine.StandardBody, a SQL-standard body as written, `RETURN expr`
//     or `BEGIN ATOMIC ... END`.
//   - Params lists every parameter in order with its Mode; InParams are
//     the arguments a call passes (IN, INOUT, VARIADIC), OutParams the
//     result columns (OUT, INOUT, TABLE). A parameter's Type is its
//     resolved value.Type (nil where zerodb has none, e.g. record), its
//     TypeName the SQL spelling, its Default the deparsed SQL text of
//     DEFAULT (trailing IN parameters only, as PostgreSQL requires).
//   - Routine.Returns, SetOf and Kind describe the result: a scalar
//     (Function.Result), void, trigger, record (the OUT columns) or a
//     table's row (Returns names the table). Volatility, Strict,
//     SecurityDefiner and Config are for the caller to honour (the
//     session does for plpgsql); the other attributes are kept for
//     pg_proc and pg_dump only.

// Languages of stored functions (Function.Language).
const (
	LangZQL     = "zql"
	LangSQL     = "sql"
	LangPLpgSQL = "plpgsql"
)

// Modes of a SQL-defined function's parameters (FuncParam.Mode), as
// pg_proc.proargmodes spells them.
const (
	ModeIn       byte = 'i'
	ModeOut      byte = 'o'
	ModeInOut    byte = 'b'
	ModeVariadic byte = 'v'
	ModeTable    byte = 't'
)

// ReturnKind says what a SQL-defined function returns.
type ReturnKind uint8

const (
	// ReturnValue is a value of Function.Result's type (with one OUT
	// parameter, that parameter's type, as PostgreSQL).
	ReturnValue ReturnKind = iota
	// ReturnVoid returns nothing (RETURNS void).
	ReturnVoid
	// ReturnTrigger is a trigger function (RETURNS trigger).
	ReturnTrigger
	// ReturnRecord returns rows of the OUT (or TABLE) columns, or, with
	// none, an anonymous record (RETURNS record).
	ReturnRecord
	// ReturnRow returns rows of a table's row type (Routine.Returns names
	// the table).
	ReturnRow
)

// Routine is the part of a SQL-defined function's declaration that ZQL's
// has not.
type Routine struct {
	// Returns is the declared result type as format_type prints it,
	// without SETOF: "integer", "void", "trigger", "record", or the name
	// of a table for its row type. RETURNS TABLE(...) is "record" with
	// SetOf and the columns as ModeTable parameters, as in pg_proc.
	Returns string
	Kind    ReturnKind
	SetOf   bool
	// Volatility is pg_proc.provolatile: 'i' IMMUTABLE, 's' STABLE, 'v'
	// VOLATILE (the default).
	Volatility byte
	// Strict: a NULL argument makes the result NULL without running the
	// body (STRICT, RETURNS NULL ON NULL INPUT).
	Strict bool
	// SecurityDefiner: a call runs as the function's owner. Leakproof
	// is shown in pg_proc only.
	SecurityDefiner bool
	Leakproof       bool
	// Parallel is pg_proc.proparallel: 'u' UNSAFE (the default), 'r'
	// RESTRICTED, 's' SAFE.
	Parallel byte
	Cost     float64
	Rows     float64
	// StandardBody: Source is a SQL-standard body, `RETURN expr` or
	// `BEGIN ATOMIC ... END`, as written (pg_proc.prosqlbody), rather
	// than the string of AS.
	StandardBody bool
	// Procedure: made by CREATE PROCEDURE (pg_proc.prokind 'p'), run by
	// CALL only. Its Returns, Kind and Result are what a function of
	// its OUT parameters without RETURNS would have (void without any),
	// the one row CALL shows; pg_proc shows void or record.
	Procedure bool
	// Config are the settings of SET clauses (pg_proc.proconfig), each
	// "name=value" as PostgreSQL keeps them, applied while the function
	// runs.
	Config []string
}

// IsProcedure reports whether f was made by CREATE PROCEDURE.
func (f *Function) IsProcedure() bool { return f.Routine != nil && f.Routine.Procedure }

// Kind is "procedure", "aggregate" or "function", as messages name f.
func (f *Function) Kind() string {
	switch {
	case f.IsProcedure():
		return "procedure"
	case f.IsAggregate():
		return "aggregate"
	}
	return "function"
}

// Lang is the function's language: LangZQL, LangSQL or LangPLpgSQL.
func (f *Function) Lang() string {
	if f.Language == "" {
		return LangZQL
	}
	return f.Language
}

// IsIn reports whether p is an argument of a function's call (IN, INOUT,
// VARIADIC). A procedure's CALL passes its OUT parameters too (CallArgs).
func (p FuncParam) IsIn() bool {
	return p.Mode == 0 || p.Mode == ModeIn || p.Mode == ModeInOut || p.Mode == ModeVariadic
}

// IsOut reports whether p is a result column (OUT, INOUT, TABLE).
func (p FuncParam) IsOut() bool {
	return p.Mode == ModeOut || p.Mode == ModeInOut || p.Mode == ModeTable
}

// InParams are the parameters a call passes, in order.
func (f *Function) InParams() []FuncParam {
	return slices.DeleteFunc(slices.Clone(f.Params), func(p FuncParam) bool { return !p.IsIn() })
}

// CallArgs are the parameters a call passes, in order: InParams for a
// function, also the OUT ones for a procedure, whose CALL names them
// (with NULL, by custom) since PostgreSQL 14.
func (f *Function) CallArgs() []FuncParam {
	if !f.IsProcedure() {
		return f.InParams()
	}
	return slices.DeleteFunc(slices.Clone(f.Params), func(p FuncParam) bool { return p.Mode == ModeTable })
}

// OutParams are the result columns a SQL-defined function declares by
// OUT, INOUT and TABLE parameters, in order.
func (f *Function) OutParams() []FuncParam {
	return slices.DeleteFunc(slices.Clone(f.Params), func(p FuncParam) bool { return !p.IsOut() })
}

// Signature is the function's identity as PostgreSQL prints it in
// messages: name(argtype, ...), over the types of its arguments.
func (f *Function) Signature() string {
	return f.Name + "(" + strings.Join(f.argTypes(), ", ") + ")"
}

// HasSignature reports whether sig, name(argtypes) as Signature prints
// it, names f: for a procedure also without its OUT parameters, as
// PostgreSQL 14 finds one.
func (f *Function) HasSignature(sig string) bool {
	if sig == f.Signature() {
		return true
	}
	if !f.IsProcedure() {
		return false
	}
	var ts []string
	for _, p := range f.InParams() {
		ts = append(ts, p.TypeName)
	}
	return sig == f.Name+"("+strings.Join(ts, ", ")+")"
}

func (f *Function) argTypes() []string {
	var ts []string
	for _, p := range f.CallArgs() {
		switch {
		case p.TypeName != "":
			ts = append(ts, p.TypeName)
		case p.Type != nil:
			ts = append(ts, p.Type.String())
		default:
			ts = append(ts, "any")
		}
	}
	return ts
}

// resultSignature is what CREATE OR REPLACE must keep: the result type,
// SETOF, and the OUT columns' types.
func (f *Function) resultSignature() string {
	if f.Routine == nil {
		if f.Result == nil {
			return "any"
		}
		return f.Result.String()
	}
	s := f.Routine.Returns
	if f.Routine.SetOf {
		s = "SETOF " + s
	}
	for _, p := range f.OutParams() {
		s += "," + p.TypeName
	}
	return s
}

// CreateFunction stores a function defined by SQL's CREATE [OR REPLACE]
// FUNCTION, with PostgreSQL's rules for one that exists: without replace
// 42723 when it has the same argument types; with replace the result
// must not change (42P13), nor an input parameter's name, and the
// comment stays. f gets the database's id (and the comment kept). A function of
// the same name with other argument types would be an overload, which
// zerodb has not (0A000).
func (c *Catalog) CreateFunction(ctx context.Context, txn kv.Txn, db *Database, f *Function, replace bool) error {
	old, err := c.Function(ctx, txn, db, f.Name)
	switch {
	case errs.Code(err) == errs.UndefinedFunction:
	case err != nil:
		return err
	case !slices.Equal(old.argTypes(), f.argTypes()):
		return errs.New(errs.FeatureNotSupported, "function %s already exists with other argument types: zerodb has one function per name (no overloading)", old.Signature()).
			WithHint("Drop the function first, or give this one another name.")
	case !replace:
		return errs.New(errs.DuplicateFunction, "function %q already exists with same argument types", f.Name)
	case old.IsAggregate() != f.IsAggregate() || old.IsProcedure() != f.IsProcedure():
		what := "a function"
		switch {
		case old.IsAggregate():
			what = "an aggregate function"
		case old.IsProcedure():
			what = "a procedure"
		}
		return errs.New(errs.WrongObjectType, "cannot change routine kind").WithDetail("%q is %s.", old.Name, what)
	case old.resultSignature() != f.resultSignature():
		return errs.New(errs.InvalidFunctionDefinition, "cannot change return type of existing function").
			WithHint("Use DROP FUNCTION %s first.", old.Signature())
	default:
		oldIn, newIn := old.InParams(), f.InParams()
		for i := range oldIn {
			if oldIn[i].Name != "" && oldIn[i].Name != newIn[i].Name {
				return errs.New(errs.InvalidFunctionDefinition, "cannot change name of input parameter %q", oldIn[i].Name).
					WithHint("Use DROP FUNCTION %s first.", old.Signature())
			}
		}
		// The function replaced is the same object: its comment, owner
		// and grants stay.
		f.Comment, f.Privileges = old.Comment, old.Privileges
	}
	return c.PutFunction(ctx, txn, db, f)
}
