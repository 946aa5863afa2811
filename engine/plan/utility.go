package plan

// Truncate removes every record of the tables (and their index entries),
// keeping the tables.
type Truncate struct {
	Tables []string
}

// AddPrimaryKey makes Key the primary key of Table: every record is
// re-keyed by its values of the Key columns, which must be non-null and
// unique, and the columns become NOT NULL.
type AddPrimaryKey struct {
	Table string
	Key   []string
}

func (n *Truncate) Columns() []Column      { return zeroCols }
func (n *AddPrimaryKey) Columns() []Column { return zeroCols }
