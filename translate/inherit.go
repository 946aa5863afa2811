package translate

import (
	"context"
	"slices"

	"github.com/zerodb/zerodb/engine/catalog"
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
	ts, err := Descendants(ctx, r, scan.Table)
	if err != nil {
		return nil, err
	}
	n := &plan.Append{Parent: scan.Table, Inputs: []plan.Node{scan}, Tables: []uint64{scan.Table.ID}}
	for _, t := range ts {
		s := *scan
		s.Table = t
		n.Inputs = append(n.Inputs, &s)
		n.Tables = append(n.Tables, t.ID)
	}
	return n, nil
}

// Descendants are the tables inheriting from parent, directly or not,
// in PostgreSQL's order (breadth first), each once however many of its
// parents are among them. Children live in their parent's schema.
func Descendants(ctx context.Context, r Resolver, parent *catalog.Table) ([]*catalog.Table, error) {
	schema := ""
	if sr, ok := r.(SchemaResolver); ok {
		var err error
		if schema, err = sr.TableSchema(ctx, parent); err != nil {
			return nil, err
		}
	}
	var out []*catalog.Table
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
		out = append(out, t)
		queue = append(queue, t.Children...)
	}
	return out, nil
}
