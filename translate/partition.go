package translate

import (
	"context"

	"github.com/zerodb/zerodb/engine/plan"
)

// PartitionedScan is the read of a partitioned table that scan (a scan
// of it, the template of each partition's) names, as both front ends
// read one: an Append of a scan of each partition, a partition that is
// partitioned itself an Append of its own, which the optimizer prunes
// by each level's key. Partitions live in their table's schema.
func PartitionedScan(ctx context.Context, r Resolver, scan *plan.Scan) (*plan.Append, error) {
	parent := scan.Table
	schema := ""
	if sr, ok := r.(SchemaResolver); ok {
		var err error
		if schema, err = sr.TableSchema(ctx, parent); err != nil {
			return nil, err
		}
	}
	n := &plan.Append{Parent: parent, Inputs: make([]plan.Node, 0, len(parent.Partitions))}
	for _, name := range parent.Partitions {
		if schema != "" {
			name = schema + "." + name
		}
		t, err := r.Table(ctx, name)
		if err != nil {
			return nil, err
		}
		s := *scan
		s.Table = t
		if t.Partitioned == nil {
			n.Inputs = append(n.Inputs, &s)
			continue
		}
		sub, err := PartitionedScan(ctx, r, &s)
		if err != nil {
			return nil, err
		}
		n.Inputs = append(n.Inputs, sub)
	}
	return n, nil
}
