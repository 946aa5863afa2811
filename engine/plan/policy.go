package plan

import "github.com/zerodb/zerodb/engine/catalog"

// SetRowSecurity is ALTER TABLE t ENABLE|DISABLE|FORCE|NO FORCE ROW
// LEVEL SECURITY (a nil field is left as it is).
type SetRowSecurity struct {
	Table         string
	Enable, Force *bool
}

// CreatePolicy is CREATE POLICY: Policy's roles are checked to exist.
type CreatePolicy struct {
	Table  string
	Policy catalog.Policy
}

// AlterPolicy is ALTER POLICY name ON t: RENAME TO NewName, or any of TO
// Roles (SetRoles), USING and WITH CHECK (nil: unchanged).
type AlterPolicy struct {
	Table, Name, NewName string
	Roles                []string
	SetRoles             bool
	Using, Check         *string
}

// DropPolicy is DROP POLICY [IF EXISTS] name ON t.
type DropPolicy struct {
	Table, Name string
	IfExists    bool
}

func (n *SetRowSecurity) Columns() []Column { return zeroCols }
func (n *CreatePolicy) Columns() []Column   { return zeroCols }
func (n *AlterPolicy) Columns() []Column    { return zeroCols }
func (n *DropPolicy) Columns() []Column     { return zeroCols }
