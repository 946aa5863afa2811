package plan

import "github.com/zerodb/zerodb/engine/catalog"

// SetRelOptions is ALTER TABLE | INDEX | MATERIALIZED VIEW ... SET (...)
// and RESET (...) of storage parameters. Kind is what the statement named
// ("table", which may find any of the three, "index" or "matview"); Set
// is checked against the kind of relation Name turns out to be, Reset
// lists option names (toast.name for a toast table's).
type SetRelOptions struct {
	Kind, Name string
	IfExists   bool
	Set        []catalog.RelOption
	Reset      []string
}

func (n *SetRelOptions) Columns() []Column { return zeroCols }

// Cluster is CLUSTER [table [USING index]] and ALTER TABLE ... CLUSTER ON
// | SET WITHOUT CLUSTER: it marks Index as Table's clustered index (none
// when Without). Records are kept in primary-key order, so nothing is
// rewritten. An empty Table is CLUSTER of every table, an empty Index
// with Recluster CLUSTER t by its previously clustered index.
type Cluster struct {
	Table, Index string
	Recluster    bool
	Without      bool
	// Alter is ALTER TABLE's form, which marks without clustering.
	Alter bool
}

func (n *Cluster) Columns() []Column { return zeroCols }

// Reindex is REINDEX: Kind is "index", "table", "schema", "database" or
// "system", Name what it names. The entries of the ordered and gin
// indexes are written again from the records.
type Reindex struct {
	Kind, Name   string
	Concurrently bool
}

func (n *Reindex) Columns() []Column { return zeroCols }
