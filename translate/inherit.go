package translate

import (
	"context"
	"slices"

	"github.com/zerodb/zerodb/engine/plan"
)

// InheritanceScan is the read of a table with children (table
// inheritance) that scan names: a plan.Append of scan itself and one of
// each descendant, in PostgreSQL's order (the parent, then breadth
// first), each table once however many of its parents are below the
// scanned one. Each input yields a table's [key, object] rows, whose
// objects hold the child's columns by name: what reads the parent's
// columns reads them alike.
func InheritanceScan(ctx context.Context, r Resolver, scan *plan.Scan) (*plan.Append, error) {
	parent := scan.Table
	schema := ""
	if sr, ok := r.(SchemaResolver); ok {
		var err error
		if schema, err = sr.TableSchema(ctx, parent); err != nil {
			return nil, err
		}
	}
	n := &plan.Append{Parent: parent, Inputs: []plan.Node{scan}}
	seen := []string{parent.Name}
	queue := slices.Clone(parent.Children)
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		if slices.Contains(seen, name) {
			continue
		}
		seen = append(seen, name)
		qual := name
		if schema != "" {
			qual = schema + "." + name
		}
		t, err := r.Table(ctx, qual)
		if err != nil {
			return nil, err
		}
		s := *scan
		s.Table = t
		n.Inputs = append(n.Inputs, &s)
		queue = append(queue, t.Children...)
	}
	return n, nil
}
