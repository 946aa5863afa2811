package exec

import (
	"slices"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/errs"
)

// Table inheritance (ARCHITECTURE.md): a child names its parents
// (Table.Inherits) and each parent its children (Table.Children), both
// written in the DDL's transaction, so that a plan reading a parent is
// revalidated when a child comes or goes.

// addChild adds table child to the children of each of parents.
func (r *run) addChild(db *catalog.Database, child string, parents []string) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	for _, name := range parents {
		p, err := r.x.cat.Table(r.ctx, txn, db, name)
		if err != nil {
			return err
		}
		if p.Partitioned != nil {
			return errs.New(errs.WrongObjectType, "cannot inherit from partitioned table %q", name)
		}
		if slices.Contains(p.Children, child) {
			continue
		}
		c := *p
		c.Children = append(slices.Clip(c.Children), child)
		if err := r.x.cat.AlterTable(r.ctx, txn, db, &c); err != nil {
			return err
		}
	}
	return nil
}

// removeChild removes table child from the children of each of parents
// that still exists.
func (r *run) removeChild(db *catalog.Database, child string, parents []string) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	for _, name := range parents {
		p, err := r.x.cat.Table(r.ctx, txn, db, name)
		if errs.Code(err) == errs.UndefinedTable {
			continue
		}
		if err != nil {
			return err
		}
		c := *p
		c.Children = slices.DeleteFunc(slices.Clone(c.Children), func(s string) bool { return s == child })
		if err := r.x.cat.AlterTable(r.ctx, txn, db, &c); err != nil {
			return err
		}
	}
	return nil
}

// dropInheritance takes table name, about to be dropped, out of its
// parents' children. A child left behind, which the front end drops
// along or refuses to leave, is refused here too (2BP01) unless with
// (the statement's other drops) has it.
func (r *run) dropInheritance(db *catalog.Database, name string, with []string) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	t, err := r.x.cat.Table(r.ctx, txn, db, name)
	if err != nil {
		return nil // the drop reports a missing table
	}
	for _, c := range t.Children {
		if !slices.Contains(with, c) {
			return errs.New(codeDependentObjects, "cannot drop table %s because other objects depend on it", name).
				WithDetail("table %s depends on table %s", c, name).
				WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
		}
	}
	return r.removeChild(db, name, t.Inherits)
}
