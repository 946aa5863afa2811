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
	kb, err := it.recordKey(nk, pos)
	if err != nil {
		return err
	}
	if _, exists, err := txn.Get(r.ctx, kb); err != nil {
		return errs.From(err)
	} else if exists {
		return atPos(duplicateKey(t, nk), pos)
	}
	it.valBuf = value.Encode(it.valBuf[:0], nv)
	if err := txn.Put(kb, it.valBuf); err != nil {
		return errs.From(err)
	}
	okb, err := it.recordKey(ok, pos)
	if err != nil {
		return err
	}
	if len(t.ReferencedBy) > 0 {
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
	if r.hasDerived(t) {
		if err := r.recordChanged(t, ok, oldObj, value.None, pos); err != nil {
			return err
		}
		if err := r.recordChanged(t, nk, value.None, nv, pos); err != nil {
			return err
		}
		// One event for the move: an update of the key.
		r.fkNote(t, oldObj, nv)
	}
	r.writes++
	r.countWrite(t, 0, 1, 0)
	return nil
}
