package exec

import (
	"context"
	"slices"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// Deferred foreign key checks (and the queue deferrable unique
// constraints share: uniquedefer.go).
//
// A DEFERRABLE foreign key whose mode in the transaction block is
// deferred (INITIALLY DEFERRED, or SET CONSTRAINTS ... DEFERRED) is not
// checked at the end of the statement: fkFinish queues the key values
// the check is about in the block's Deferred, and CheckDeferred runs the
// queue at COMMIT (SET CONSTRAINTS ... IMMEDIATE runs the checks of the
// keys it switches at once). Only NO ACTION checks wait, as in
// PostgreSQL: RESTRICT and the referential actions (CASCADE, SET NULL,
// SET DEFAULT) still run at the end of their statement.
//
// Both kinds of check, a child row that holds a key and a parent that
// gave one up, come down to one question when they run: does a child
// row hold the values while no parent does? So a queued check keeps the
// values, not the row: a child deleted again before COMMIT, or a parent
// key put back, passes as it does in PostgreSQL.

// Deferred is a transaction block's deferred constraint state: the
// modes SET CONSTRAINTS gave and the checks waiting for COMMIT, of
// foreign keys and of deferrable unique constraints (uniquedefer.go).
// The session keeps one per block and hands it to every statement in
// Env.
type Deferred struct {
	// all is the mode SET CONSTRAINTS ALL gave every deferrable key (nil:
	// each key's INITIALLY mode); named are the modes given by name since.
	all     *bool
	named   map[string]bool
	pending []deferredCheck
	queued  map[string]struct{} // the pending checks, by deferredCheck.id
}

// deferredCheck is one check waiting for COMMIT: vals are values of
// fk's columns in table child (or of the referenced columns when
// parentSide, which only changes the error message). A deferrable
// unique or EXCLUDE constraint's is unique or excl instead, fk being the
// constraint's name.
type deferredCheck struct {
	child, fk  string
	vals       []value.Value
	parentSide bool
	unique     *uniqueCheck
	excl       *exclusionCheck
	id         string
}

// DeferredMark is a block's deferred foreign key state at a SAVEPOINT.
type DeferredMark struct {
	pending int
	all     *bool
	named   map[string]bool
}

// Mark records d's state for RollbackTo (a nil d marks nothing).
func (d *Deferred) Mark() DeferredMark {
	if d == nil {
		return DeferredMark{}
	}
	m := DeferredMark{pending: len(d.pending), all: d.all, named: make(map[string]bool, len(d.named))}
	for k, v := range d.named {
		m.named[k] = v
	}
	return m
}

// RollbackTo puts d back as it was at m (ROLLBACK TO SAVEPOINT): the
// checks queued since are dropped, and the modes SET CONSTRAINTS gave
// since are undone.
func (d *Deferred) RollbackTo(m DeferredMark) {
	if d == nil || m.pending > len(d.pending) {
		return
	}
	for _, c := range d.pending[m.pending:] {
		delete(d.queued, c.id)
	}
	clear(d.pending[m.pending:])
	d.pending = d.pending[:m.pending]
	d.all, d.named = m.all, m.named
}

// renameTable points the waiting foreign key checks of child rows of
// table from at its new name to, so that COMMIT still finds the rows
// (ALTER TABLE ... RENAME TO in the block).
func (d *Deferred) renameTable(from, to string) {
	if d == nil {
		return
	}
	for i := range d.pending {
		if c := &d.pending[i]; c.unique == nil && c.excl == nil && c.child == from {
			c.child = to
		}
	}
}

// Pending reports whether checks wait for COMMIT.
func (d *Deferred) Pending() bool { return d != nil && len(d.pending) > 0 }

// deferred reports whether fk's checks wait for COMMIT in this block.
func (d *Deferred) deferred(fk *catalog.ForeignKey) bool {
	return d.waits(fk.Name, fk.Deferrable, fk.InitiallyDeferred)
}

// waits reports whether the checks of the constraint name wait for
// COMMIT in this block, by its INITIALLY mode and SET CONSTRAINTS.
func (d *Deferred) waits(name string, deferrable, initially bool) bool {
	if d == nil || !deferrable {
		return false
	}
	if v, ok := d.named[name]; ok {
		return v
	}
	if d.all != nil {
		return *d.all
	}
	return initially
}

// add queues a check unless the same one waits already.
func (d *Deferred) add(child *catalog.Table, fk *catalog.ForeignKey, vals []value.Value, parentSide bool) {
	id, err := value.AppendKey([]byte(child.Name+"\x00"+fk.Name+"\x00"), value.Tuple(vals))
	if err != nil {
		// Values without a key encoding cannot be deduplicated; keep
		// the check anyway.
		id = nil
	}
	d.queue(deferredCheck{child: child.Name, fk: fk.Name, vals: vals, parentSide: parentSide, id: string(id)})
}

// queue adds c unless a check with its id (when it has one) waits
// already.
func (d *Deferred) queue(c deferredCheck) {
	if c.id != "" {
		if _, ok := d.queued[c.id]; ok {
			return
		}
		if d.queued == nil {
			d.queued = make(map[string]struct{})
		}
		d.queued[c.id] = struct{}{}
	}
	d.pending = append(d.pending, c)
}

// deferChild queues the check of a written child row when fk waits for
// COMMIT; false means check it now.
func (r *run) deferChild(t *catalog.Table, fk *catalog.ForeignKey, old, new value.Value) bool {
	d := r.env.Deferred
	if !d.deferred(fk) || fk.MatchFull && new.Kind() == value.KindObject && mixedNulls(new, fk.Columns) {
		// MATCH FULL's mixed NULLs fail at once (PostgreSQL waits for
		// the deferred check).
		return false
	}
	if vals, ok := fkValues(new, fk.Columns); ok {
		if ov, ok := fkValues(old, fk.Columns); !ok || old.IsNone() || !sameKeys(ov, vals) {
			d.add(t, fk, vals, false)
		}
	}
	return true
}

// CheckDeferred runs the foreign key checks waiting in env.Deferred (the
// block's COMMIT); the first violation is the error, and the block must
// then be rolled back.
func (e *Executor) CheckDeferred(ctx context.Context, env *Env) error {
	r := e.newRun(ctx, env)
	err := r.checkDeferred(func(*deferredCheck) bool { return true })
	if cerr := r.closeAdjProbes(); err == nil {
		err = cerr
	}
	r.flushCounts() // the writes of cascaded actions
	return err
}

// checkDeferred runs and dequeues the waiting checks of the keys which
// selects.
func (r *run) checkDeferred(which func(*deferredCheck) bool) error {
	d := r.env.Deferred
	if !d.Pending() {
		return nil
	}
	if txn, err := r.txn(); err == nil {
		defer kv.TrackReads(txn)() // as fkFinish
	}
	r.fkTables = make(map[dbName]*catalog.Table)
	defer func() { r.fkTables = nil }()
	kept := d.pending[:0]
	for i, c := range d.pending {
		if !which(&c) {
			kept = append(kept, c)
			continue
		}
		delete(d.queued, c.id)
		if err := r.tick(); err != nil {
			return err
		}
		if err := r.runDeferred(c); err != nil {
			// The block is rolled back; what is left does not matter.
			d.pending = append(kept, d.pending[i+1:]...)
			return err
		}
	}
	clear(d.pending[len(kept):])
	d.pending = kept
	return nil
}

func (r *run) runDeferred(c deferredCheck) error {
	if u := c.unique; u != nil {
		return r.checkUnique(u.t, u.ix, u.key)
	}
	if x := c.excl; x != nil {
		return r.recheckExclusion(x)
	}
	child, err := r.fkTable(nil, c.child)
	if errs.Code(err) == errs.UndefinedTable {
		return nil // dropped since, and its keys with it
	}
	if err != nil {
		return err
	}
	var fk *catalog.ForeignKey
	for k := range child.ForeignKeys {
		if child.ForeignKeys[k].Name == c.fk {
			fk = &child.ForeignKeys[k]
		}
	}
	if fk == nil {
		return nil // the constraint was dropped
	}
	parent, err := r.fkTable(child, fk.RefTable)
	if err != nil {
		return err
	}
	refCols := fk.RefColumns
	if has, err := r.fkParentHas(parent, refCols, c.vals); err != nil || has {
		return err
	}
	rows, err := r.fkChildren(child, fk, c.vals, true)
	if err != nil || len(rows) == 0 {
		return err
	}
	if c.parentSide {
		return r.fkStillReferenced(parent, child, fk, c.vals)
	}
	return fkMissing(child, fk, c.vals)
}

// setConstraints runs SET CONSTRAINTS in the block's Deferred: the keys
// named must exist and be deferrable; switching keys to IMMEDIATE runs
// their waiting checks now.
func (r *run) setConstraints(n *plan.SetConstraints) error {
	d := r.env.Deferred
	if d == nil {
		// Outside a transaction block there is nothing to defer (the
		// session warns, as PostgreSQL does).
		return nil
	}
	if n.All {
		d.all, d.named = &n.Deferred, nil
		if n.Deferred {
			return nil
		}
		return r.checkDeferred(func(*deferredCheck) bool { return true })
	}
	names := make(map[string]bool, len(n.Names))
	if err := r.eachConstraint(func(name string, deferrable bool) error {
		if !slices.Contains(n.Names, name) {
			return nil
		}
		if !deferrable {
			return errs.New(errs.WrongObjectType, "constraint %q is not deferrable", name)
		}
		names[name] = true
		return nil
	}); err != nil {
		return err
	}
	for _, name := range n.Names {
		if !names[name] {
			return errs.New(errs.UndefinedObject, "constraint %q does not exist", name)
		}
	}
	if d.named == nil {
		d.named = make(map[string]bool, len(names))
	}
	for name := range names {
		d.named[name] = n.Deferred
	}
	if n.Deferred {
		return nil
	}
	return r.checkDeferred(func(c *deferredCheck) bool { return names[c.fk] })
}

// eachConstraint calls fn with the name of every constraint of the
// database's tables, and whether it is deferrable.
func (r *run) eachConstraint(fn func(name string, deferrable bool) error) error {
	_, _, tables, err := r.txnTables()
	if err != nil {
		return err
	}
	for _, t := range tables {
		if len(t.PrimaryKey) > 0 {
			if err := fn(t.PKeyConstraint(), false); err != nil {
				return err
			}
		}
		for k := range t.Checks {
			if err := fn(t.Checks[k].Name, false); err != nil {
				return err
			}
		}
		for k := range t.Exclusions {
			if err := fn(t.Exclusions[k].Name, t.Exclusions[k].Deferrable); err != nil {
				return err
			}
		}
		for k := range t.ForeignKeys {
			if err := fn(t.ForeignKeys[k].Name, t.ForeignKeys[k].Deferrable); err != nil {
				return err
			}
		}
		for k := range t.Indexes {
			if ix := &t.Indexes[k]; ix.Constraint && ix.Unique {
				if err := fn(ix.Name, ix.Deferrable); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
