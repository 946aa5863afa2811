package plan

import "github.com/zerodb/zerodb/engine/catalog"

// CreateTrigger adds Trigger to Table, a view when View (CREATE [OR
// REPLACE] TRIGGER).
type CreateTrigger struct {
	Table   string
	View    bool
	Trigger catalog.Trigger
	Replace bool
}

// DropTrigger removes the trigger Name of Table, a view when View (DROP
// TRIGGER).
type DropTrigger struct {
	Table, Name string
	View        bool
	IfExists    bool
}

// EnableTrigger is ALTER TABLE Table {ENABLE|DISABLE} TRIGGER Name (""
// for ALL).
type EnableTrigger struct {
	Table, Name string
	Enable      bool
}

func (n *CreateTrigger) Columns() []Column { return zeroCols }
func (n *DropTrigger) Columns() []Column   { return zeroCols }
func (n *EnableTrigger) Columns() []Column { return zeroCols }

// PLCallPrefix starts the Fn of a Call of a stored LANGUAGE plpgsql
// function (the rest is its name), which the executor runs through
// exec.Env.PL.
const PLCallPrefix = "plpgsql::"

// PLRowsPrefix starts the Fn of a call of a stored LANGUAGE plpgsql
// function in FROM: its value is the list of the rows it returns, each a
// tuple of its columns.
const PLRowsPrefix = "plpgsql_rows::"
