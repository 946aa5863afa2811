package plan

import "github.com/zerodb/zerodb/engine/catalog"

// CreateStatistics is CREATE STATISTICS of Stat on Table. A Stat
// without a name is named by the executor (catalog.ChooseStatisticName
// of the table and Addition), as PostgreSQL names it.
type CreateStatistics struct {
	Table       string
	Stat        catalog.Statistic
	Addition    string
	IfNotExists bool
}

// AlterStatistics is ALTER STATISTICS Name RENAME TO NewName, OWNER TO
// Owner (SetOwner; "" the current user) or SET STATISTICS Target, or
// COMMENT ON STATISTICS Name IS Comment: one of them is set. Bare (a
// name without schema, or of pg_temp) finds one of a temporary table
// first.
type AlterStatistics struct {
	Name, NewName, Owner string
	SetOwner             bool
	Target               *int
	Comment              *string
	IfExists, Bare       bool
}

// DropStatistics is DROP STATISTICS [IF EXISTS] Names; Bare[i] as
// AlterStatistics.Bare of Names[i].
type DropStatistics struct {
	Names    []string
	Bare     []bool
	IfExists bool
}

func (n *CreateStatistics) Columns() []Column { return zeroCols }
func (n *AlterStatistics) Columns() []Column  { return zeroCols }
func (n *DropStatistics) Columns() []Column   { return zeroCols }
