package kv

import (
	"errors"

	"github.com/google/btree"
)

// Savepoint is the state of a read-write transaction's writes at a SQL
// SAVEPOINT: RollbackTo discards what was written after it. It holds a
// copy-on-write clone of the write buffer's tree (google/btree's Clone
// shares nodes until either side changes), so taking one costs moving
// the buffer's sorted tail into the tree, not a copy of the writes.
type Savepoint struct {
	tree      *btree.BTreeG[wbItem] // nil: nothing was written yet
	delRanges []keyRange
}

// TakeSavepoint records tx's writes so far. It fails for a transaction
// that is finished, read-only or not of this package.
func TakeSavepoint(tx Txn) (Savepoint, error) {
	t, err := savepointTxn(tx)
	if err != nil {
		return Savepoint{}, err
	}
	var sp Savepoint
	if t.writes != nil {
		t.writes.flushTail()
		sp.tree = t.writes.tree.Clone()
	}
	sp.delRanges = t.delRanges // replaced, never modified
	return sp, nil
}

// RollbackTo discards tx's writes since sp was taken; sp stays usable
// (ROLLBACK TO keeps its savepoint). What tx read since stays in its
// read set: a key it read and another transaction changed still fails
// the commit, which at worst retries a transaction PostgreSQL would have
// committed. Open iterators keep the writes they were opened over.
func RollbackTo(tx Txn, sp Savepoint) error {
	t, err := savepointTxn(tx)
	if err != nil {
		return err
	}
	if sp.tree == nil {
		t.writes = nil
	} else {
		t.writes = &writeBuffer{tree: sp.tree.Clone()}
	}
	t.delRanges = sp.delRanges
	return nil
}

func savepointTxn(tx Txn) (*txn, error) {
	t, ok := tx.(*txn)
	switch {
	case !ok:
		return nil, internalError(errors.New("not a kv transaction"), "savepoint")
	case t.done:
		return nil, txnDoneError()
	case t.readOnly:
		return nil, internalError(errors.New("read-only transaction"), "savepoint")
	}
	return t, nil
}
