package exec

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// Deferrable unique constraints (and the queue of deferrable EXCLUDE
// constraints' checks, exclusion.go).
//
// The index of a UNIQUE ... DEFERRABLE constraint keys its entries like a
// non-unique index's (parts, then the record key), so a write never finds
// another record's entry in its way: `UPDATE t SET pos = pos + 1` may
// pass through duplicates, and a swap of two rows' positions may hold
// one for a while. Each new entry whose parts have no none queues a check
// of its parts instead (noteUnique): at the end of the statement when
// the constraint is immediate in the block (PostgreSQL checks deferrable
// constraints per statement, not per row), otherwise in the block's
// Deferred with the foreign key checks, run at COMMIT or when SET
// CONSTRAINTS makes the constraint IMMEDIATE. A check passes while the
// index holds one entry with the parts.
//
// The check's scan of the entries with the parts joins the transaction's
// read set (kv.TrackReads, also in READ COMMITTED): when two
// transactions write the same parts, the one that commits second has
// read the range the first wrote into, and its commit fails.

// uniqueCheck is a check of a deferrable unique index ix of t: key is
// the entry prefix (index prefix and parts) that must have one entry at
// most. t and ix are the descriptors the key was written under: the scan
// needs neither, and the error names what was written, so a check that
// waits for COMMIT holds whatever a later statement of the block renames
// (a dropped index has no entries left to find).

type uniqueCheck struct {
	t   *catalog.Table
	ix  *catalog.Index
	key []byte
}

// noteUnique queues the check of key, the prefix of an entry written to
// the deferrable unique index ix of t: for COMMIT when the constraint
// waits for it in the block, else for the end of the statement.
func (r *run) noteUnique(t *catalog.Table, ix *catalog.Index, key []byte) {
	if d := r.env.Deferred; d.waits(ix.Name, ix.Deferrable, ix.InitiallyDeferred) {
		d.queue(deferredCheck{fk: ix.Name, unique: &uniqueCheck{t: t, ix: ix, key: key}, id: "\x00" + string(key)})
		return
	}
	r.uniqueChecks = append(r.uniqueChecks, uniqueCheck{t: t, ix: ix, key: key})
}

// uniqueFinish runs the statement's checks of deferrable unique and
// EXCLUDE constraints: the end of the statement.
func (r *run) uniqueFinish() error {
	for i := range r.uniqueChecks {
		if err := r.tick(); err != nil {
			return err
		}
		c := &r.uniqueChecks[i]
		if err := r.checkUnique(c.t, c.ix, c.key); err != nil {
			return err
		}
	}
	clear(r.uniqueChecks)
	r.uniqueChecks = r.uniqueChecks[:0]
	for i := range r.exclChecks {
		if err := r.tick(); err != nil {
			return err
		}
		if err := r.recheckExclusion(&r.exclChecks[i]); err != nil {
			return err
		}
	}
	clear(r.exclChecks)
	r.exclChecks = r.exclChecks[:0]
	return nil
}

// checkWaitingOf runs the checks of deferrable unique and EXCLUDE
// constraints of table t, and of deferred foreign keys of its rows, that
// wait for COMMIT now, before DDL changes what they would look at: ALTER TABLE ... SET SCHEMA moves the entries
// to another key range, and a column renamed, retyped or dropped leaves
// the compiled checks and the keys of rebuilt indexes behind.
// PostgreSQL refuses such an ALTER TABLE while checks wait (55006);
// zerodb runs them instead, so a duplicate is reported there rather than
// at COMMIT.
func (r *run) checkWaitingOf(t *catalog.Table) error {
	return r.checkDeferred(func(c *deferredCheck) bool {
		return c.unique != nil && c.unique.t.ID == t.ID || c.excl != nil && c.excl.t.ID == t.ID ||
			c.unique == nil && c.excl == nil && c.child == t.Name // a foreign key's, looked up by name
	})
}

// checkUnique fails (23505, PostgreSQL's message with the key in the
// detail) when more than one entry of the deferrable unique index ix of
// t starts with key.
func (r *run) checkUnique(t *catalog.Table, ix *catalog.Index, key []byte) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	defer kv.TrackReads(txn)()
	it := txn.Scan(r.ctx, key, kv.PrefixEnd(key), false)
	defer it.Close()
	var rk []byte
	n := 0
	for n < 2 && it.Next() {
		n++
		rk = append(rk[:0], it.Value()...)
	}
	if err := it.Err(); err != nil {
		return errs.From(err)
	}
	if n < 2 {
		return nil
	}
	// The detail shows the parts as a record holding them has them.
	rec, err := r.tablePrefix(nil, t)
	if err != nil {
		return err
	}
	b, ok, err := txn.Get(r.ctx, append(rec, rk...))
	if err != nil {
		return errs.From(err)
	}
	k, _, kerr := value.DecodeKey(rk)
	if !ok || kerr != nil {
		return internalf("unique index %q of %q has an entry without its record", ix.Name, t.Name)
	}
	obj, err := decodeRecord(b)
	if err != nil {
		return err
	}
	return r.uniqueViolation(t, ix, k, obj)
}

// errDeferrableArbiter is PostgreSQL's refusal of a deferrable unique
// constraint as ON CONFLICT's arbiter: its index may hold duplicates, so
// it cannot tell which record a row conflicts with.
func errDeferrableArbiter() error {
	return errs.New(errs.ObjectNotInPrerequisite, "ON CONFLICT does not support deferrable unique constraints/exclusion constraints as arbiters")
}
