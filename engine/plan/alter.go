package plan

import (
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
)

// AlterKind is one change of an AlterTable.
type AlterKind uint8

const (
	AlterAddColumn AlterKind = iota
	AlterDropColumn
	AlterRenameColumn
	AlterRenameTable
	// AlterColumnDefault sets Column's default to Field's (none: DROP
	// DEFAULT); AlterSetNotNull and AlterDropNotNull change whether
	// Column may be null. None of them rewrites a record.
	AlterColumnDefault
	AlterSetNotNull
	AlterDropNotNull
	// AlterColumnType gives Column the type of Field, every record's
	// value computed by Using over the row [key, record] (the column
	// converted, or the USING expression).
	AlterColumnType
	// AlterAddIdentity makes Column an identity column (ALTER COLUMN ...
	// ADD GENERATED ... AS IDENTITY, as pg_dump writes them): Field holds
	// its Identity and Sequence the sequence it then owns. No record is
	// rewritten.
	AlterAddIdentity
	// AlterDropExpression makes the stored generated column Column an
	// ordinary one (ALTER COLUMN ... DROP EXPRESSION): its records keep
	// the values computed last. No record is rewritten.
	AlterDropExpression
	// AlterColumnSettings gives Column Field.Settings (SET STATISTICS,
	// STORAGE, (options), COMPRESSION, RESET (options)). No record is
	// rewritten.
	AlterColumnSettings
	// AlterReplicaIdentity sets the table's REPLICA IDENTITY to
	// ReplicaIdentity (catalog.Table.ReplicaIdentity).
	AlterReplicaIdentity
	// AlterColumnInheritance gives Column Field's InhCount and NotLocal:
	// an inheritance child's column a parent's DROP COLUMN leaves it
	// (inherited from another parent too, or its own as well). No
	// record is rewritten.
	AlterColumnInheritance
)

// AlterAction is one change: AddColumn adds Field (existing records get
// its default, and must have a value when it is NOT NULL); DropColumn
// and RenameColumn name Column (renamed to NewName); RenameTable renames
// the table to NewName. Missing skips a missing (or, adding, existing)
// column instead of failing (IF [NOT] EXISTS).
type AlterAction struct {
	Kind    AlterKind
	Field   catalog.Field
	Column  string
	NewName string
	Missing bool
	Using   Expr
	// Sequence is the sequence an added serial or identity column owns
	// (named by the executor, as plan.CreateTable.Sequences).
	Sequence *catalog.Sequence
	// IndexExprs are, for RenameColumn, the stored text of the index
	// expressions that read Column (catalog.IndexPart.Expr) with it
	// renamed, by their old text: the front end's edit, as for Checks.
	IndexExprs map[string]string
	// ReplicaIdentity is ReplicaIdentity's choice ('f', 'n', 'i', 0), and
	// ReplicaIndex the index of 'i' (USING INDEX).
	ReplicaIdentity byte
	ReplicaIndex    string
}

// AlterTable changes a table's definition and rewrites its records to
// match, in the statement's transaction.
type AlterTable struct {
	Name     string
	IfExists bool
	Actions  []AlterAction
	// SetChecks replaces the table's CHECK constraints by Checks: the
	// front end's edit of their text for dropped and renamed columns.
	SetChecks bool
	Checks    []catalog.Check
	// SetExclusions replaces the table's EXCLUDE constraints by
	// Exclusions, as SetChecks does its CHECK constraints.
	SetExclusions bool
	Exclusions    []catalog.Exclusion
	// SetStatistics replaces the table's statistics objects by
	// Statistics: those of dropped columns gone, renamed columns
	// renamed.
	SetStatistics bool
	Statistics    []catalog.Statistic
	// Validate are the table's CHECK constraints compiled for the
	// altered table, evaluated over every rewritten record when a
	// column's type changes.
	Validate []Check
}

// Columns implements Node.
func (n *AlterTable) Columns() []Column { return zeroCols }

func alterProps(n *AlterTable) []string {
	out := make([]string, len(n.Actions))
	for i, a := range n.Actions {
		switch a.Kind {
		case AlterAddColumn:
			out[i] = "add column " + a.Field.Name + " " + a.Field.Type.SQLName()
			if !a.Field.Optional {
				out[i] += " not null"
			}
			switch {
			case a.Field.HasDefault:
				out[i] += " default " + defaultText(&a.Field)
			case a.Field.Generated != "":
				out[i] += " generated always as " + a.Field.Generated + " stored"
			}
		case AlterDropColumn:
			out[i] = "drop column " + a.Column
		case AlterRenameColumn:
			out[i] = "rename column " + a.Column + " to " + a.NewName
		case AlterRenameTable:
			out[i] = "rename to " + a.NewName
		case AlterColumnDefault:
			out[i] = "alter column " + a.Column + " drop default"
			if a.Field.HasDefault {
				out[i] = "alter column " + a.Column + " set default " + defaultText(&a.Field)
			}
		case AlterSetNotNull:
			out[i] = "alter column " + a.Column + " set not null"
		case AlterDropNotNull:
			out[i] = "alter column " + a.Column + " drop not null"
		case AlterColumnType:
			out[i] = "alter column " + a.Column + " type " + a.Field.Type.SQLName()
		case AlterDropExpression:
			out[i] = "alter column " + a.Column + " drop expression"
		case AlterColumnSettings:
			out[i] = "alter column " + a.Column + " set settings"
		case AlterColumnInheritance:
			out[i] = "alter column " + a.Column + " inherited"
		case AlterReplicaIdentity:
			out[i] = "replica identity " + string(rune(a.ReplicaIdentity))
			if a.ReplicaIndex != "" {
				out[i] += " " + a.ReplicaIndex
			}
		}
		if a.Missing {
			out[i] += " (if exists)"
		}
	}
	return out
}

func checkProps(cs []Check) []string {
	if len(cs) == 0 {
		return nil
	}
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Name
	}
	return []string{"checks: " + strings.Join(names, ", ")}
}

// defaultText is a field's default as EXPLAIN shows it.
func defaultText(f *catalog.Field) string {
	switch {
	case f.DefaultSeq != "":
		return "nextval('" + f.DefaultSeq + "')"
	case f.DefaultExpr != "":
		return "(" + f.DefaultExpr + ")"
	case f.DefaultFunc != "":
		return f.DefaultFunc + "()"
	}
	return f.DefaultValue.String()
}
