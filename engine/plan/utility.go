package plan

import "github.com/zerodb/zerodb/engine/catalog"

// Truncate removes every record of the tables (and their index entries),
// keeping the tables.
type Truncate struct {
	Tables []string
	// RestartIdentity restarts the sequences the tables' columns own
	// (TRUNCATE ... RESTART IDENTITY).
	RestartIdentity bool
	// Schema names the schema the tables are in when it is not the
	// statement's ("public" for the database's): a TRUNCATE of tables
	// of several schemas is one Truncate per schema.
	Schema string
	// Also are the tables the statement's other Truncates empty, by
	// their catalog.ForeignName: a foreign key of another schema's
	// table referencing one of Tables is no obstacle when its table is
	// among them.
	Also []string
	// Notices are sent before anything is emptied: CASCADE's "truncate
	// cascades to table" for each table it reached.
	Notices []string
}

func (n *Truncate) ObjectSchema() string { return n.Schema }

// AddPrimaryKey makes Key the primary key of Table: every record is
// re-keyed by its values of the Key columns, which must be non-null and
// unique, and the columns become NOT NULL.
type AddPrimaryKey struct {
	Table string
	// Name is the constraint's name (CONSTRAINT name PRIMARY KEY); ""
	// gives the default, the table's name with _pkey.
	Name string
	Key  []string
	// Options are its index's storage parameters (WITH (...)).
	Options []string
	// Include are its INCLUDE columns (catalog.Table.PKeyInclude).
	Include []string
}

// AddForeignKey adds a FOREIGN KEY constraint to Table (ALTER TABLE ...
// ADD CONSTRAINT ... FOREIGN KEY) after checking the rows it has. An
// empty FK.RefColumns means the referenced table's primary key.
type AddForeignKey struct {
	Table string
	FK    catalog.ForeignKey
}

// DropConstraint drops a FOREIGN KEY or CHECK constraint of Table.
type DropConstraint struct {
	Table    string
	Name     string
	IfExists bool
}

// ChangeOwner is ALTER TABLE / SEQUENCE / VIEW / INDEX ... OWNER TO: the
// object and the role (unless Role is "", the session's own) must exist.
// zerodb records no owners (it has no privileges to give them), so it
// changes nothing else.
type ChangeOwner struct {
	Kind, Name, Role string
	IfExists         bool
}

func (n *ChangeOwner) Columns() []Column { return zeroCols }

// SetViewOptions is ALTER VIEW ... SET | RESET (security_invoker,
// security_barrier): Invoker and Barrier are set where SetInvoker and
// SetBarrier say (RESET sets false).
type SetViewOptions struct {
	View                   string
	IfExists               bool
	SetInvoker, SetBarrier bool
	Invoker, Barrier       bool
}

func (n *SetViewOptions) Columns() []Column { return zeroCols }

// RenameObject renames an index, a sequence or an aggregate (ALTER
// INDEX / SEQUENCE / AGGREGATE ... RENAME TO); Kind is "index",
// "sequence" or "function".
type RenameObject struct {
	Kind, Name, NewName string
	// Column is the column renamed to NewName (a view's: Kind "view").
	Column   string
	IfExists bool
}

func (n *RenameObject) Columns() []Column { return zeroCols }

// Skip changes nothing and sends its notices: an IF EXISTS statement
// whose objects are all in a schema that does not exist.
type Skip struct {
	Notices []string
}

func (n *Skip) Columns() []Column { return zeroCols }

// CreateSchema makes a schema of the database (42P06 when it exists,
// unless IfNotExists), or public again after DROP SCHEMA public. Owner
// is AUTHORIZATION's role ("" for the current user).
type CreateSchema struct {
	Name        string
	IfNotExists bool
	Owner       string
}

// DropSchema removes a schema of the database, or its schema public;
// Cascade drops every table, view, sequence, function, enum and type of
// the schema with it (2BP01 without Cascade when there is any).
type DropSchema struct {
	Name     string
	IfExists bool
	Cascade  bool
	// Notices are the "drop cascades to" notices of the other schemas'
	// views the statement drops before the schema (they read its
	// relations), sent with the schema's own.
	Notices []string
}

func (n *CreateSchema) Columns() []Column { return zeroCols }
func (n *DropSchema) Columns() []Column   { return zeroCols }

// ValidateConstraint checks the records of Table against its foreign key
// or CHECK constraint Name, added NOT VALID, and marks it valid (ALTER
// TABLE ... VALIDATE CONSTRAINT). Check is the compiled condition of a
// CHECK constraint of that name, over the row [key, record].
type ValidateConstraint struct {
	Table string
	Name  string
	Check *Check
}

func (n *ValidateConstraint) Columns() []Column { return zeroCols }

// AddCheck adds the CHECK constraint Check to Table (ALTER TABLE ... ADD
// CONSTRAINT ... CHECK) once every record passes Validate, its compiled
// condition over the row [key, record]; a NOT VALID one (Check.NotValid)
// is added without looking at the records.
type AddCheck struct {
	Table    string
	Check    catalog.Check
	Validate Check
	// Exclusion, when set, makes it ALTER TABLE ... ADD CONSTRAINT ...
	// EXCLUDE (Check is then empty): no two stored records may conflict
	// under Validate (an ExclusionCheck) before it is stored.
	Exclusion *catalog.Exclusion
}

func (n *AddCheck) Columns() []Column { return zeroCols }

// Comment is COMMENT ON TABLE (Column empty) or COMMENT ON COLUMN: Text
// replaces the comment ("" removes it).
type Comment struct {
	Table, Column, Text string
	// Function names a stored function (COMMENT ON FUNCTION) instead
	// of a table.
	Function string
	// Kind is "view", "index", "sequence", "schema", "type" or "domain"
	// when Table names one of those (COMMENT ON VIEW, INDEX, SEQUENCE,
	// SCHEMA, TYPE, DOMAIN); "" for a table or a materialized view;
	// "constraint", "trigger" or "policy" for COMMENT ON CONSTRAINT,
	// TRIGGER or POLICY Column ON Table; "database" for COMMENT ON
	// DATABASE Table; "large object" for COMMENT ON LARGE OBJECT, whose
	// OID Table holds.
	Kind string
}

func (n *Comment) Columns() []Column { return zeroCols }

// SetConstraints is SET CONSTRAINTS: the foreign keys named (every
// deferrable one when All) are checked at COMMIT when Deferred, else at
// the end of each statement, for the rest of the transaction block.
type SetConstraints struct {
	All      bool
	Names    []string
	Deferred bool
}

// CreateSequence makes a sequence (CREATE SEQUENCE); Seq has every
// parameter set (catalog.SeqOptions.Apply).
type CreateSequence struct {
	Seq         *catalog.Sequence
	IfNotExists bool
}

// AlterSequence changes a sequence's parameters and, with
// Options.Restart, its state (ALTER SEQUENCE).
type AlterSequence struct {
	Name     string
	IfExists bool
	Options  catalog.SeqOptions
}

func (n *CreateSequence) Columns() []Column { return zeroCols }
func (n *AlterSequence) Columns() []Column  { return zeroCols }
func (n *SetConstraints) Columns() []Column { return zeroCols }
func (n *Truncate) Columns() []Column       { return zeroCols }
func (n *AddForeignKey) Columns() []Column  { return zeroCols }
func (n *DropConstraint) Columns() []Column { return zeroCols }
func (n *AddPrimaryKey) Columns() []Column  { return zeroCols }
