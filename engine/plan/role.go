package plan

import "github.com/zerodb/zerodb/engine/catalog"

// RoleOptions are the attributes of CREATE ROLE and ALTER ROLE. A nil
// field was not given: ALTER leaves it, CREATE takes PostgreSQL's
// default (CREATE USER's login is the translator's).
type RoleOptions struct {
	Superuser, Login, CreateDB, CreateRole, Inherit *bool
	// SetPassword marks PASSWORD: Password is the text given (a
	// password, or a SCRAM-SHA-256 verifier to store as is), nil for
	// PASSWORD NULL.
	SetPassword bool
	Password    *string
	ConnLimit   *int32
	// ValidUntil is VALID UNTIL's text, read as a timestamptz in the
	// session's time zone when the statement runs.
	ValidUntil *string
}

// CreateRole is CREATE ROLE / CREATE USER. The role belongs to the
// creating session's namespace.
type CreateRole struct {
	Name    string
	Options RoleOptions
	// InRoles, Members and Admins are its memberships: IN ROLE (the new
	// role joins them), ROLE (they join it) and ADMIN (they join it
	// WITH ADMIN OPTION).
	InRoles, Members, Admins []RoleSpec
}

// RoleSpec names a role as a statement does: by name, or as
// CURRENT_USER (CURRENT_ROLE) or SESSION_USER, which the executor
// resolves in the session.
type RoleSpec struct {
	Name             string
	Current, Session bool
}

// AlterRole is ALTER ROLE / ALTER USER role [WITH] options.
type AlterRole struct {
	Role    RoleSpec
	Options RoleOptions
}

// RenameRole is ALTER ROLE name RENAME TO new.
type RenameRole struct {
	Name, NewName string
}

// DropRole is DROP ROLE / DROP USER [IF EXISTS] names.
type DropRole struct {
	Names    []string
	IfExists bool
}

// GrantRole is GRANT role, ... TO member, ... [WITH ADMIN OPTION], REVOKE
// [ADMIN OPTION FOR] role, ... FROM member, ... and ALTER GROUP role
// ADD|DROP USER member, ....
type GrantRole struct {
	Roles, Members []RoleSpec
	// Admin is WITH ADMIN OPTION, or with Revoke ADMIN OPTION FOR (the
	// membership stays, its admin option goes).
	Admin, Revoke bool
}

func (n *GrantRole) Columns() []Column  { return zeroCols }
func (n *CreateRole) Columns() []Column { return zeroCols }
func (n *AlterRole) Columns() []Column  { return zeroCols }
func (n *RenameRole) Columns() []Column { return zeroCols }
func (n *DropRole) Columns() []Column   { return zeroCols }

// Grant is GRANT or REVOKE of privileges on tables, views and sequences
// (Sequences: ON SEQUENCE, or ON ALL SEQUENCES IN SCHEMA), to or from
// roles (a RoleSpec of no name, CURRENT_USER or SESSION_USER is PUBLIC).
type Grant struct {
	Revoke      bool
	Privs       catalog.ACLMode
	All         bool // ALL [PRIVILEGES]: every privilege of the object's kind
	Objects     []string
	AllInSchema bool
	Sequences   bool
	// Schemas: Objects are schemas (GRANT ... ON SCHEMA).
	Schemas bool
	// LargeObjects: Objects are large objects' OIDs (GRANT ... ON LARGE
	// OBJECT).
	LargeObjects bool
	// Routines: Objects are functions, procedures and aggregates (ON
	// FUNCTION | PROCEDURE | ROUTINE); with AllInSchema every one of the
	// statement's schema of RoutineKind: "function" (functions and
	// aggregates), "procedure" or "routine" (all of them).
	Routines    bool
	RoutineKind string
	Grantees    []RoleSpec
	// Schema names the schema the objects are in when it is not the
	// statement's ("public" for the database's): a GRANT or REVOKE on
	// tables or sequences of several schemas is one Grant per schema.
	Schema string
}

func (n *Grant) Columns() []Column { return zeroCols }

func (n *Grant) ObjectSchema() string { return n.Schema }

// AlterDefaultPrivileges is ALTER DEFAULT PRIVILEGES [FOR ROLE r, ...]
// [IN SCHEMA s, ...] GRANT | REVOKE ... ON TABLES | SEQUENCES |
// FUNCTIONS | ROUTINES | SCHEMAS TO | FROM roles: Grant's Revoke,
// Privs, All and Grantees, for the objects of Kind (a catalog.Default*
// kind) Roles (none: the current user) will make in Schemas (none:
// every schema of the database).
type AlterDefaultPrivileges struct {
	Roles   []RoleSpec
	Schemas []string
	Kind    byte
	Grant   Grant
}

func (n *AlterDefaultPrivileges) Columns() []Column { return zeroCols }
