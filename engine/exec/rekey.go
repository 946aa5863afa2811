package exec

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// rekey moves a record of t whose primary key columns an UPDATE (or ON
// CONFLICT DO UPDATE) changed: the old key is deleted and the record
// written under the new one, which must be free (23505 otherwise, as
// PostgreSQL's primary key index says). pos is the position for errors.
func (it *writeBase) rekey(t *catalog.Table, pos int, oldKey, newKey, oldObj, nv value.Value) error {
	return it.move(t, t, pos, oldKey, newKey, oldObj, nv)
}

// move is rekey from table t to table dst: an UPDATE of a partitioned
// table that moves a row to another partition (dst), whose prefix it
// leaves in w.prefix.
func (it *writeBase) move(t, dst *catalog.Table, pos int, oldKey, newKey, oldObj, nv value.Value) error {
	r := it.r
	txn, err := r.txn()
	if err != nil {
		return err
	}
	kt := keyType(t)
	ok, valid := normalizeKey(oldKey, kt)
	if !valid {
		return internalf("update of a record with an invalid key %s", oldKey.String())
	}
	nk, valid := normalizeKey(newKey, kt)
	if !valid {
		return typeMismatch(pos, "%s is not a valid key for table %q", newKey.String(), t.Name)
	}
	okb, err := it.recordKey(ok, pos)
	if err != nil {
		return err
	}
	if r.referenced(t) {
		// A key that children may reference changes: the lock a DELETE
		// takes, which waits for the foreign key checks holding KEY
		// SHARE on the row (PostgreSQL's UPDATE takes FOR UPDATE when it
		// changes a key column).
		if err := r.lockForWrite(txn, t, okb, plan.ForUpdate); err != nil {
			return err
		}
	}
	if err := txn.Delete(okb); err != nil {
		return errs.From(err)
	}
	if dst != t {
		if it.prefix, err = r.tablePrefix(it.prefix[:0], dst); err != nil {
			return err
		}
	}
	kb, err := it.recordKey(nk, pos)
	if err != nil {
		return err
	}
	if _, exists, err := txn.Get(r.ctx, kb); err != nil {
		return errs.From(err)
	} else if exists {
		return atPos(duplicateKey(dst, nk), pos)
	}
	it.valBuf = value.Encode(it.valBuf[:0], nv)
	if err := txn.Put(kb, it.valBuf); err != nil {
		return errs.From(err)
	}
	if r.hasDerived(t) || r.hasDerived(dst) {
		if err := r.recordChanged(t, ok, oldObj, value.None, pos); err != nil {
			return err
		}
		if err := r.recordChanged(dst, nk, value.None, nv, pos); err != nil {
			return err
		}
		// One event for the move: an update of the key.
		r.fkNote(t, oldObj, nv)
	}
	r.writes++
	if dst != t {
		r.countWrite(t, 0, 0, 1)
		r.countWrite(dst, 1, 0, 0)
		return nil
	}
	r.countWrite(t, 0, 1, 0)
	return nil
}
