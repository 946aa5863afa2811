package plan

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
)

// Append reads a partitioned table (Parent): the rows of each input in
// turn, each input a Scan of one partition (or the optimizer's access
// path for it). Its rows are [key, object] as a Scan of Parent's would
// be, so everything above reads it as one table. It also reads a table
// with inheritance children: Parent's scan and its descendants' (Tables). The optimizer drops
// the inputs whose bounds contradict the conditions pushed into it
// (partition pruning); no input reads nothing.
type Append struct {
	Parent *catalog.Table
	Inputs []Node
	// Partitions, set by the optimizer when it pushed conditions into
	// the inputs, is the parent's partitioning over them: the executor
	// prunes by the conditions' parameters with it (read-only, shared
	// by every run of the plan).
	Partitions *catalog.Partitions
	// Tables, for the read of a table with inheritance children, are
	// the descriptor ids of the tables its inputs read, by input: each
	// row then carries a third column, the tableoid of its table, which
	// nothing above could find out from the row as a partition's is
	// (by routing it). Nil for a partitioned table.
	Tables []uint64
}

// PartitionTableOID is the function of the tableoid system column read
// through a partitioned table: the OID of the partition a row is in,
// which the executor finds by routing the row (args: the partitioned
// table's descriptor id, its database's id, its name, and the row's
// object). The executor evaluates it; it is no builtin.
const PartitionTableOID = "sql::zerodb.partition_tableoid"

func (n *Append) Columns() []Column {
	cols := []Column{{Name: "key", Type: value.Any, TableID: n.Parent.ID}, {Name: n.Parent.Name, Type: value.Any, TableID: n.Parent.ID}}
	if n.Tables != nil {
		cols = append(cols, Column{Name: "tableoid", Type: value.TypeInt8})
	}
	return cols
}

// AttachPartition makes table Name a partition of Parent with Bound
// (ALTER TABLE ... ATTACH PARTITION); Detach (with a nil Bound) makes a
// partition a table of its own again.
type AttachPartition struct {
	Parent, Name string
	Bound        *catalog.PartitionBound
	Detach       bool
}

func (n *AttachPartition) Columns() []Column { return zeroCols }
