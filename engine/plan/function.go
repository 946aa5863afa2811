package plan

import (
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
)

// Function is a stored ZQL function (catalog.Function) compiled for one
// statement. Its Body runs in a new local frame of NumSlots slots whose
// first len(Params) slots hold the arguments, with no current row, no
// outer row and no enclosing frame: a stored function sees only its
// parameters (and the database).
//
// A call that recurses refers back to the Function it is in, so Functions
// may form cycles through FuncRef: walkers and printers must treat a
// FuncRef as a leaf and never descend into its Function.
type Function struct {
	Name   string
	Params []string
	// ParamTypes[i] is the declared type of parameter i (nil: any); the
	// executor checks each argument (42804) before the body runs.
	ParamTypes []*value.Type
	// Defaults[i] computes parameter i when a call leaves it out (nil for
	// a required parameter). It is evaluated in the function's frame after
	// the arguments before it are set, so it may read earlier parameters.
	Defaults []Expr
	// Result is the declared result type (nil: any), checked on return.
	Result   *value.Type
	NumSlots int
	Body     Expr
}

// Required is the number of parameters a call must pass.
func (f *Function) Required() int {
	n := 0
	for i := range f.Params {
		if i < len(f.Defaults) && f.Defaults[i] != nil {
			break
		}
		n++
	}
	return n
}

// FuncRef is a stored function as a function value; Apply{Fn: FuncRef}
// calls it (the executor checks argument count and types, fills defaults,
// bounds recursion with 54001, and checks the result type).
type FuncRef struct {
	At
	Fn *Function
}

// CreateFunction stores a function in the current database. A ZQL
// declaration replaces a function of the same name; SQL's CREATE
// FUNCTION (SQL) follows catalog.CreateFunction's rules, replacing one
// only with Replace (OR REPLACE).
type CreateFunction struct {
	Function *catalog.Function
	SQL      bool
	Replace  bool
}

// CreateEnum creates an enum in the current database.
type CreateEnum struct {
	Enum *catalog.Enum
}

// CreateType creates a named type in the current database, or with
// Replace replaces it (ALTER TYPE of a composite type's attributes).
type CreateType struct {
	Type    *catalog.TypeDef
	Replace bool
	// Multirange is the multirange type a range type of one's own makes
	// with it (CREATE TYPE ... AS RANGE), nil otherwise.
	Multirange *catalog.TypeDef
}

func (n *CreateFunction) Columns() []Column { return zeroCols }
func (n *CreateEnum) Columns() []Column     { return zeroCols }
func (n *CreateType) Columns() []Column     { return zeroCols }

func (p *explainer) createFunction(n *CreateFunction) (string, []string, []Node) {
	f := n.Function
	if f == nil {
		return "Create Function <nil>", nil, nil
	}
	params := make([]string, len(f.Params))
	for i, pr := range f.Params {
		s := pr.Name
		if pr.Type != nil {
			s += ": " + typeText(*pr.Type)
		}
		if pr.Default != "" {
			s += " = " + pr.Default
		}
		params[i] = s
	}
	h := "Create Function " + f.Name + "(" + strings.Join(params, ", ") + ")"
	if f.Result != nil {
		h += " -> " + typeText(*f.Result)
	}
	return h, nil, nil
}

// typeText renders a type for EXPLAIN; an enum's type also lists its
// variants.
func typeText(t value.Type) string {
	s := t.String()
	if catalog.IsEnumType(t) {
		vs := make([]string, len(t.Fields))
		for i, f := range t.Fields {
			vs[i] = "@" + f.Name
		}
		s += " (" + strings.Join(vs, " | ") + ")"
	}
	return s
}

// AlterEnum is SQL's ALTER TYPE of an enum: exactly one of adding a label
// (Add, placed Before or After an existing one, or last), renaming a
// label (RenameValue to Add... see the fields) or renaming the enum.
type AlterEnum struct {
	Name string
	// Add is the label ADD VALUE adds; IfNotExists makes an existing one
	// no error. Neighbor is the label it goes BEFORE (After false) or
	// AFTER; "" puts it last.
	Add         string
	IfNotExists bool
	Neighbor    string
	After       bool
	// OldLabel and NewLabel are RENAME VALUE's.
	OldLabel, NewLabel string
	// NewName is RENAME TO's.
	NewName string
}

func (n *AlterEnum) Columns() []Column { return zeroCols }

// AlterDomain is SQL's ALTER DOMAIN: Domain is the domain as the
// statement leaves it (the translator applied the change to the one it
// looked up, which revalidation keeps current). What the columns of the
// domain already hold must pass what the change adds: Check, a new CHECK
// constraint (nil: none), and NotNull, a new NOT NULL.
type AlterDomain struct {
	Domain  *catalog.TypeDef
	Check   *catalog.Check
	NotNull bool
	// Notice is DROP CONSTRAINT IF EXISTS's of a missing constraint.
	Notice string
}

func (n *AlterDomain) Columns() []Column { return zeroCols }

// MoveType is ALTER TYPE / ALTER DOMAIN name SET SCHEMA schema: the
// enum, composite type or domain Name of the statement's database or
// schema moves to Schema ("public": the database's), and the columns,
// types and functions naming it follow. Domain marks ALTER DOMAIN, which
// moves only a domain.
type MoveType struct {
	Name, Schema string
	Domain       bool
}

func (n *MoveType) Columns() []Column { return zeroCols }

// MoveObject is ALTER TABLE | VIEW | MATERIALIZED VIEW | SEQUENCE |
// FUNCTION name SET SCHEMA schema: relation or function Name of the
// statement's database or schema moves to Schema ("public": the
// database's). Kind is the statement's: "table" moves any relation, as
// PostgreSQL's ALTER TABLE does; "view", "materialized view" and
// "sequence" only their kind (42809 for another); "function" a
// function. IfExists makes a missing relation a notice.
type MoveObject struct {
	Kind, Name, Schema string
	IfExists           bool
}

func (n *MoveObject) Columns() []Column { return zeroCols }
