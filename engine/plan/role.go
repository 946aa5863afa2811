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
}

// AlterRole is ALTER ROLE / ALTER USER name [WITH] options; Current
// names the session's user (CURRENT_USER, SESSION_USER, CURRENT_ROLE).
type AlterRole struct {
	Name    string
	Current bool
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

func (n *CreateRole) Columns() []Column { return zeroCols }
func (n *AlterRole) Columns() []Column  { return zeroCols }
func (n *RenameRole) Columns() []Column { return zeroCols }
func (n *DropRole) Columns() []Column   { return zeroCols }

// Grant is GRANT or REVOKE of privileges on tables, views and sequences
// (Sequences: ON SEQUENCE, or ON ALL SEQUENCES IN SCHEMA), to or from
// roles ("" is PUBLIC).
type Grant struct {
	Revoke      bool
	Privs       catalog.ACLMode
	All         bool // ALL [PRIVILEGES]: every privilege of the object's kind
	Objects     []string
	AllInSchema bool
	Sequences   bool
	Grantees    []string
}

func (n *Grant) Columns() []Column { return zeroCols }
