package exec

import (
	"slices"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// Foreign keys referencing a partitioned table.
//
// The constraint lives once, in the referencing table's ForeignKeys, and
// the referencing table's name once, in the partitioned table's
// ReferencedBy: the partitions below keep no copy (PostgreSQL clones the
// constraint onto each, which zerodb would have to keep in step with
// every CREATE, ATTACH, DETACH and DROP of a partition). Instead:
//
//   - a child's check routes the referenced values down the tree to the
//     one leaf that can hold them (a unique key of a partitioned table
//     includes the partition key at every level) and looks there;
//   - a write of a partition whose ancestors are referenced queues its
//     fkEvent like a write of a referenced table, and the referenced
//     side is enforced as for each such ancestor;
//   - DETACH, DROP and TRUNCATE of a partition look at the ancestors'
//     referencing tables as PostgreSQL's cloned constraints would.

// fkLeaf is the table that holds t's record whose cols hold vals: t
// itself, or, when t is partitioned, the partition at the bottom of its
// tree the values route to (nil when no partition takes them).
func (r *run) fkLeaf(t *catalog.Table, cols []string, vals []value.Value) (*catalog.Table, error) {
	if t.Partitioned == nil {
		return t, nil
	}
	obj := value.NewObject(len(cols))
	for i, c := range cols {
		v, ok := convertTo(t, c, vals[i])
		if !ok {
			return nil, nil
		}
		obj.Set(c, v)
	}
	for t.Partitioned != nil {
		p, err := r.partitions(t)
		if err != nil {
			return nil, err
		}
		keyCols, _ := p.Columns()
		for _, c := range keyCols {
			if !slices.Contains(cols, c) {
				return nil, internalf("referenced key (%s) of %q lacks partition key column %q", strings.Join(cols, ", "), t.Name, c)
			}
		}
		key, err := r.partitionKey(p, obj)
		if err != nil {
			return nil, err
		}
		if t = p.Route(key); t == nil {
			return nil, nil
		}
	}
	return t, nil
}

// referencedAncestors are the partitioned tables above partition t that
// foreign keys reference, nearest first; looked up once per run.
func (r *run) referencedAncestors(t *catalog.Table) ([]*catalog.Table, error) {
	if t.PartitionOf == "" {
		return nil, nil
	}
	if refs, ok := r.refAbove[t.ID]; ok {
		return refs, nil
	}
	db, err := r.tableDatabase(t)
	if err != nil {
		return nil, err
	}
	var refs []*catalog.Table
	for p := t; p.PartitionOf != ""; {
		if p, err = r.parentOf(db, p); err != nil {
			return nil, err
		}
		if len(p.ReferencedBy) > 0 {
			refs = append(refs, p)
		}
	}
	if r.refAbove == nil {
		r.refAbove = make(map[uint64][]*catalog.Table)
	}
	r.refAbove[t.ID] = refs
	return refs, nil
}

// referencedAbove reports whether writes of partition t must be checked
// for the foreign keys referencing its ancestors. A failed lookup says
// yes: fkFinish looks again and reports the error.
func (r *run) referencedAbove(t *catalog.Table) bool {
	if t.PartitionOf == "" {
		return false
	}
	refs, err := r.referencedAncestors(t)
	return err != nil || len(refs) > 0
}

// referenced reports whether foreign keys reference t's records: t's
// own, or those of a partitioned table above it.
func (r *run) referenced(t *catalog.Table) bool {
	return len(t.ReferencedBy) > 0 || r.referencedAbove(t)
}

// fkAncestorsChanged enforces the foreign keys referencing the
// ancestors of ev.t, a partition, for its deleted record or updated
// referenced key, as fkParentChanged does for a referenced table.
func (r *run) fkAncestorsChanged(ev fkEvent) error {
	refs, err := r.referencedAncestors(ev.t)
	if err != nil {
		return err
	}
	for _, a := range refs {
		if err := r.fkParentChanged(fkEvent{t: a, old: ev.old, new: ev.new, leaf: ev.t}); err != nil {
			return err
		}
	}
	return nil
}

// fkReferencingAbove calls f with each foreign key of another table that
// references an ancestor of partition t, with that table and the
// ancestor.
func (r *run) fkReferencingAbove(t *catalog.Table, f func(child, ancestor *catalog.Table, fk *catalog.ForeignKey) error) error {
	refs, err := r.referencedAncestors(t)
	if err != nil {
		return err
	}
	for _, a := range refs {
		for _, name := range a.ReferencedBy {
			child, err := r.fkTable(a, name)
			if err != nil {
				return err
			}
			for k := range child.ForeignKeys {
				if fk := &child.ForeignKeys[k]; fk.RefTable == a.Name {
					if err := f(child, a, fk); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// fkDetachCheck refuses to detach partition t while a record of it is
// referenced through its ancestors' foreign keys (23503, PostgreSQL's
// "removing partition").
func (r *run) fkDetachCheck(t *catalog.Table) error {
	return r.fkReferencingAbove(t, func(child, _ *catalog.Table, fk *catalog.ForeignKey) error {
		return r.eachLeafRecord(t, nil, func(_ *catalog.Table, _, obj value.Value) error {
			if err := r.tick(); err != nil {
				return err
			}
			vals, ok := fkValues(obj, fk.RefColumns)
			if !ok {
				return nil
			}
			rows, err := r.fkChildren(child, fk, vals, true)
			if err != nil || len(rows) == 0 {
				return err
			}
			return errs.New(errs.ForeignKeyViolation, "removing partition %q violates foreign key constraint %q", t.Name, fk.Name).
				WithDetail("Key (%s)=(%s) is still referenced from table %q.", strings.Join(fk.Columns, ", "), keyTexts(vals, t, fk.RefColumns), child.Name)
		})
	})
}

// fkDropPartition prepares dropping partition name on its own (not with
// its partitioned table): the foreign keys referencing its ancestors
// depend on it, as in PostgreSQL (2BP01), unless their tables are
// dropped by the same statement (with); CASCADE drops those keys.
func (r *run) fkDropPartition(name string, cascade bool, with []string) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	t, err := r.x.cat.Table(r.ctx, txn, db, name)
	if err != nil || t.PartitionOf == "" {
		return nil // the drop reports a missing table
	}
	var details []string
	dropped := map[*catalog.Table][]string{} // child: the ancestors its keys referencing go
	var children []*catalog.Table
	err = r.fkReferencingAbove(t, func(child, a *catalog.Table, fk *catalog.ForeignKey) error {
		if slices.Contains(with, child.Name) || slices.Contains(with, a.Name) {
			return nil
		}
		details = append(details, "constraint "+fk.Name+" on table "+child.Name+" depends on table "+name)
		if _, ok := dropped[child]; !ok {
			children = append(children, child)
		}
		if !slices.Contains(dropped[child], a.Name) {
			dropped[child] = append(dropped[child], a.Name)
		}
		return nil
	})
	if err != nil || len(details) == 0 {
		return err
	}
	if !cascade {
		return errs.New(codeDependentObjects, "cannot drop table %s because other objects depend on it", name).
			WithDetail("%s", strings.Join(details, "\n")).
			WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
	}
	for _, child := range children {
		nc := *child
		nc.ForeignKeys = slices.DeleteFunc(slices.Clone(child.ForeignKeys), func(fk catalog.ForeignKey) bool {
			return slices.Contains(dropped[child], fk.RefTable)
		})
		if err := r.storeFKs(&nc, nil, dropped[child]); err != nil {
			return err
		}
	}
	clear(r.refAbove)
	return nil
}

// fkTruncatePartition refuses to truncate partition t while tables
// referencing its ancestors are not truncated with it (all), as
// fkTruncate does for a referenced table.
func (r *run) fkTruncatePartition(t *catalog.Table, all []string) error {
	return r.fkReferencingAbove(t, func(child, a *catalog.Table, _ *catalog.ForeignKey) error {
		if slices.Contains(all, child.Name) || slices.Contains(all, a.Name) {
			return nil
		}
		return errs.New(errs.FeatureNotSupported, "cannot truncate a table referenced in a foreign key constraint").
			WithDetail("Table %q references %q.", child.Name, t.Name).
			WithHint("Truncate table %q at the same time, or use TRUNCATE ... CASCADE.", child.Name)
	})
}
