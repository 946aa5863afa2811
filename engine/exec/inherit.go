package exec

import (
	"slices"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
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

// renameInheritanceLinks keeps the names a table renamed from old is
// known by to its parents (their children) and children (their
// parents).
func (r *run) renameInheritanceLinks(db *catalog.Database, t *catalog.Table, old string) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	relink := func(name string, list func(*catalog.Table) *[]string) error {
		o, err := r.x.cat.Table(r.ctx, txn, db, name)
		if err != nil {
			return err
		}
		c := *o
		l := list(&c)
		*l = slices.Clone(*l)
		if i := slices.Index(*l, old); i >= 0 {
			(*l)[i] = t.Name
		}
		return r.x.cat.AlterTable(r.ctx, txn, db, &c)
	}
	for _, p := range t.Inherits {
		if err := relink(p, func(c *catalog.Table) *[]string { return &c.Children }); err != nil {
			return err
		}
	}
	for _, ch := range t.Children {
		if err := relink(ch, func(c *catalog.Table) *[]string { return &c.Inherits }); err != nil {
			return err
		}
	}
	return nil
}

// alterInherit runs ALTER TABLE ... INHERIT and NO INHERIT with
// PostgreSQL's checks: the child has every column of the parent, of its
// type and NOT NULL where the parent's is, and every CHECK constraint
// of it by name and expression; each becomes inherited once more (or
// once less: with no parent left, the child's own).
func (r *run) alterInherit(n *plan.AlterInherit) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	child, err := r.x.cat.Table(r.ctx, txn, db, n.Child)
	if err != nil {
		return err
	}
	parent, err := r.x.cat.Table(r.ctx, txn, db, n.Parent)
	if err != nil {
		return err
	}
	c := *child
	c.Fields, c.Checks = slices.Clone(child.Fields), slices.Clone(child.Checks)
	if n.Drop {
		if !slices.Contains(child.Inherits, parent.Name) {
			return errs.New(errs.UndefinedTable, "relation %q is not a parent of relation %q", parent.Name, child.Name)
		}
		c.Inherits = slices.DeleteFunc(slices.Clone(child.Inherits), func(s string) bool { return s == parent.Name })
		for i := range parent.Fields {
			if f, _, ok := c.FieldByName(parent.Fields[i].Name); ok && f.InhCount > 0 {
				if f.InhCount--; f.InhCount == 0 {
					f.NotLocal = false
				}
			}
		}
		for _, pc := range parent.Checks {
			if i := slices.IndexFunc(c.Checks, func(x catalog.Check) bool { return x.Name == pc.Name }); i >= 0 && c.Checks[i].InhCount > 0 {
				if c.Checks[i].InhCount--; c.Checks[i].InhCount == 0 {
					c.Checks[i].NotLocal = false
				}
			}
		}
		if err := r.x.cat.AlterTable(r.ctx, txn, db, &c); err != nil {
			return err
		}
		return r.removeChild(db, child.Name, []string{parent.Name})
	}
	switch {
	case child.Partitioned != nil:
		return errs.New(errs.WrongObjectType, "cannot change inheritance of partitioned table")
	case child.PartitionOf != "":
		return errs.New(errs.WrongObjectType, "cannot change inheritance of a partition")
	case parent.Partitioned != nil:
		return errs.New(errs.WrongObjectType, "cannot inherit from partitioned table %q", parent.Name)
	case parent.PartitionOf != "":
		return errs.New(errs.WrongObjectType, "cannot inherit from a partition")
	case parent.Temporary() && !child.Temporary():
		return errs.New(errs.WrongObjectType, "cannot inherit from temporary relation %q", parent.Name)
	case slices.Contains(child.Inherits, parent.Name):
		return errs.New(errs.DuplicateTable, "relation %q would be inherited from more than once", parent.Name)
	}
	circular, err := r.inheritsFrom(db, parent, child.Name)
	if err != nil {
		return err
	}
	if circular {
		return errs.New(errs.DuplicateTable, "circular inheritance not allowed").
			WithDetail("%q is already a child of %q.", parent.Name, child.Name)
	}
	for i := range parent.Fields {
		pf := &parent.Fields[i]
		f, _, ok := c.FieldByName(pf.Name)
		switch {
		case !ok:
			return errs.New(errs.DatatypeMismatch, "child table is missing column %q", pf.Name)
		case f.Type.SQLName() != pf.Type.SQLName() || f.Domain != pf.Domain:
			return errs.New(errs.DatatypeMismatch, "child table %q has different type for column %q", child.Name, pf.Name)
		case !pf.Optional && f.Optional:
			return errs.New(errs.DatatypeMismatch, "column %q in child table must be marked NOT NULL", pf.Name)
		}
		f.InhCount++
	}
	for _, pc := range parent.Checks {
		if pc.NoInherit {
			continue
		}
		i := slices.IndexFunc(c.Checks, func(x catalog.Check) bool { return x.Name == pc.Name })
		if i < 0 {
			return errs.New(errs.DatatypeMismatch, "child table is missing constraint %q", pc.Name)
		}
		if c.Checks[i].Expr != pc.Expr {
			return errs.New(errs.DatatypeMismatch, "child table %q has different definition for check constraint %q", child.Name, pc.Name)
		}
		c.Checks[i].InhCount++
	}
	c.Inherits = append(slices.Clip(child.Inherits), parent.Name)
	if err := r.x.cat.AlterTable(r.ctx, txn, db, &c); err != nil {
		return err
	}
	return r.addChild(db, child.Name, []string{parent.Name})
}

// inheritsFrom reports whether t is name or inherits from it, directly
// or not.
func (r *run) inheritsFrom(db *catalog.Database, t *catalog.Table, name string) (bool, error) {
	if t.Name == name {
		return true, nil
	}
	txn, err := r.txn()
	if err != nil {
		return false, err
	}
	for _, p := range t.Inherits {
		pt, err := r.x.cat.Table(r.ctx, txn, db, p)
		if err != nil {
			return false, err
		}
		if ok, err := r.inheritsFrom(db, pt, name); ok || err != nil {
			return ok, err
		}
	}
	return false, nil
}
