package exec

import (
	"context"
	"errors"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/sysview"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// Locker holds the row locks of SELECT ... FOR UPDATE and its kin, and
// the table locks of LOCK TABLE, for the statement's transaction until
// that transaction ends (the session keeps them, beside its advisory
// locks: a lock is the server's memory, not the store's).
type Locker interface {
	// LockRow takes, in strength s, the lock of the record of table t
	// whose kv key is key (the caller may reuse key's bytes). When
	// another transaction holds a conflicting lock, wait says what to
	// do: block until it ends (or ctx ends, or waiting would deadlock:
	// 40P01), fail with 55P03, or return false (LockSkip); waited
	// reports that it waited for another transaction.
	LockRow(ctx context.Context, t *catalog.Table, key []byte, s plan.LockStrength, wait plan.LockWait) (ok, waited bool, err error)
	// LockTable takes t's lock in mode (plan.LockTable's, or the mode
	// a statement takes implicitly: lockTableFor), waiting as LockRow
	// does, or failing with 55P03 when noWait; waited reports that it
	// waited for another transaction.
	LockTable(ctx context.Context, t *catalog.Table, mode plan.TableLockMode, noWait bool) (waited bool, err error)
}

// lockTableFor takes the table lock a statement takes implicitly on a
// table it reads (ACCESS SHARE), locks rows of (ROW SHARE) or writes
// (ROW EXCLUSIVE), as PostgreSQL's do, so that a LOCK TABLE keeps out
// what its mode conflicts with. Those modes are the lock table's fast
// path: the session notes them without the shared lock table while no
// strong lock is about. After a wait for another transaction's lock, a
// READ COMMITTED statement reads in a snapshot that has what that
// transaction committed, as PostgreSQL takes its snapshot after the
// locks. The session's temporary tables and the catalogs' virtual
// tables take none.
func (r *run) lockTableFor(t *catalog.Table, mode plan.TableLockMode) error {
	if r.env == nil || r.env.Locks == nil || t == nil || t.ID == 0 || t.Temporary() || sysview.IsVirtual(t) {
		return nil
	}
	waited, err := r.env.Locks.LockTable(r.ctx, t, mode, false)
	if err != nil {
		return err
	}
	if waited {
		// The statement has read nothing yet but in a subquery built
		// as it runs: move its snapshot past the commit it waited for
		// (NewStatement leaves it where an open iterator reads it).
		if txn, err := r.txn(); err == nil && kv.IsReadCommitted(txn) {
			if _, err := kv.NewStatement(txn); err != nil {
				return err
			}
		}
	}
	return nil
}

// lockRowsIter locks the records of each input row (plan.LockRows).
//
// Once it holds a record's lock it asks the store whether a commit
// since the transaction's snapshot wrote the record: the row it read is
// then not the record's current state, and the statement fails with
// rowChangedError (40001), which a READ COMMITTED block answers by
// running it again in a newer snapshot (PostgreSQL re-reads the row and
// tests the query's conditions again), and REPEATABLE READ and
// SERIALIZABLE pass on, as PostgreSQL's do — except under SKIP LOCKED,
// which leaves the row out as though it were locked: a queue's worker
// then takes the next job instead of failing because another worker
// just finished this one.
//
// Under SKIP LOCKED the statement's reads are untracked
// (kv.SuspendReadTracking) and each locked record alone joins the read
// set: what it skipped, or read and filtered out, must not make its
// transaction conflict with the transactions that hold those rows.
type lockRowsIter struct {
	r      *run
	n      *plan.LockRows
	in     iterator
	o      outer
	txn    kv.Txn
	resume func()
	// prefixes are the targets' key prefixes; key is the buffer the
	// record keys are built in.
	prefixes [][]byte
	key      []byte
}

func (r *run) buildLockRows(n *plan.LockRows) (iterator, error) {
	if r.env.Locks == nil {
		return nil, errs.New(errs.FeatureNotSupported, "SELECT FOR %s is not supported here", n.Strength)
	}
	in, err := r.build(n.Input)
	if err != nil {
		return nil, err
	}
	it := &lockRowsIter{r: r, n: n, in: in, prefixes: make([][]byte, len(n.Targets))}
	for i, t := range n.Targets {
		// Locking a row is a write of it as far as privileges go: every
		// strength needs UPDATE, as in PostgreSQL.
		if err := r.checkTable(t.Table, catalog.PrivUpdate, nil); err != nil {
			return nil, err
		}
		if err := r.lockTableFor(t.Table, plan.RowShareLock); err != nil {
			return nil, err
		}
		if it.prefixes[i], err = r.tablePrefix(nil, t.Table); err != nil {
			return nil, err
		}
	}
	return it, nil
}

func (it *lockRowsIter) open(o outer) error {
	it.o = o
	txn, err := it.r.txn()
	if err != nil {
		return err
	}
	it.txn = txn
	// A read-only snapshot cannot tell whether a record changed since:
	// fail as a write does, before taking any lock, so that the session
	// runs the statement again in a read-write transaction.
	if err := kv.RequireReadWrite(txn); err != nil {
		return err
	}
	if it.n.Wait == plan.LockSkip {
		it.resume = kv.SuspendReadTracking(txn)
	}
	return it.in.open(o)
}

func (it *lockRowsIter) close() {
	it.in.close()
	if it.resume != nil {
		it.resume()
		it.resume = nil
	}
}

func (it *lockRowsIter) next() ([]value.Value, error) {
	for {
		row, err := it.in.next()
		if row == nil || err != nil {
			return nil, err
		}
		ok, err := it.lock(row)
		if err != nil {
			return nil, err
		}
		if ok {
			return row, nil
		}
		if err := it.r.tick(); err != nil {
			return nil, err
		}
	}
}

// lock takes the locks of row's records; false: leave the row out.
func (it *lockRowsIter) lock(row []value.Value) (bool, error) {
	sc := it.o.scope(row)
	for i, t := range it.n.Targets {
		k, err := it.r.eval(t.Key, &sc)
		if err != nil {
			return false, err
		}
		if k.IsNone() || k.IsSQLNull() {
			// The null side of an outer join has no record to lock.
			continue
		}
		if it.key, err = value.AppendKey(append(it.key[:0], it.prefixes[i]...), k); err != nil {
			return false, err
		}
		ok, _, err := it.r.env.Locks.LockRow(it.r.ctx, t.Table, it.key, it.n.Strength, it.n.Wait)
		if err != nil || !ok {
			return false, err
		}
		changed, err := kv.WrittenSince(it.txn, it.key)
		if err != nil {
			return false, err
		}
		if changed {
			if it.n.Wait == plan.LockSkip {
				return false, nil
			}
			return false, rowChangedError{}
		}
		if it.resume != nil {
			kv.NoteReadKey(it.txn, it.key)
		}
	}
	return true, nil
}

// rowChangedError is the 40001 of a statement that holds a row's lock and
// finds that a transaction which committed after the statement's
// snapshot changed the row: what it read of the row is stale. A READ
// COMMITTED transaction runs the statement again in a newer snapshot
// (RowChanged tells the error apart); any other fails with it, as
// PostgreSQL's REPEATABLE READ and SERIALIZABLE do.
type rowChangedError struct{}

func (rowChangedError) Error() string {
	return "could not serialize access due to concurrent update"
}

func (rowChangedError) SQLState() string { return errs.SerializationFailure }

// RowChanged reports whether err is a statement's failure on a row that
// changed since its snapshot, after it took the row's lock: the statement
// may run again, with the locks it holds, in a snapshot that has the
// change.
func RowChanged(err error) bool {
	return errors.As(err, new(rowChangedError))
}

// maxWriteLocks bounds the row locks one write statement takes: a bulk
// UPDATE or DELETE of millions of rows would otherwise hold as many
// entries in the session's lock table. Rows past it are written without
// a lock; the commit's validation still refuses a lost update (40001).
const maxWriteLocks = 10000

// lockForWrite takes the lock an UPDATE (NoKeyUpdate) or DELETE
// (ForUpdate) holds on the record at key until its transaction ends, as
// PostgreSQL's do: a concurrent writer or SELECT ... FOR UPDATE of the
// row waits for this transaction instead of one of the two failing at
// commit. Once the lock is held, a record changed since the snapshot
// fails the statement with rowChangedError. The session's temporary
// tables are no other session's to lock.
func (r *run) lockForWrite(txn kv.Txn, t *catalog.Table, key []byte, s plan.LockStrength) error {
	if r.env.Locks == nil || r.writeLocks >= maxWriteLocks || keys.IsTempKey(key) {
		return nil
	}
	r.writeLocks++
	_, waited, err := r.env.Locks.LockRow(r.ctx, t, key, s, plan.LockBlock)
	if err != nil {
		return err
	}
	changed, err := kv.WrittenSince(txn, key)
	if err != nil {
		return err
	}
	if changed {
		return rowChangedError{}
	}
	if waited && s == plan.ForUpdate && r.referenced(t) && kv.IsReadCommitted(txn) {
		// The row's holder may have been a transaction that inserted a
		// child of it (a foreign key check's KEY SHARE lock, fkLockParent)
		// and committed: the statement runs again in a snapshot that has
		// the child, so that its own check refuses the DELETE with 23503,
		// as PostgreSQL's (which reads the newest children) does, instead
		// of the commit failing with 40001.
		return rowChangedError{}
	}
	return nil
}

// maxFKLocks bounds the KEY SHARE locks one statement takes on the
// parents of the rows it writes, as maxWriteLocks does its write locks:
// past it, a parent is checked but not locked, and a concurrent DELETE
// of it fails one of the two transactions at commit (40001).
const maxFKLocks = 10000

// fkLockParent takes the KEY SHARE lock a foreign key check holds on the
// parent record at key (a primary key's) until its transaction ends, as
// PostgreSQL's does: a transaction deleting the parent, or changing its
// key, waits for this one (and then finds the child), and this check
// waits for a transaction that deleted it and has not ended yet. exists
// is whether the parent is there to reference once the lock is held:
// found in the snapshot and not deleted by a commit since. At READ
// COMMITTED a parent rewritten by a commit since still counts when key
// is its primary key (the lock keeps it there from now on, as
// PostgreSQL's check follows the row to its newest version); when key
// is the record of a unique index entry (byIndex), the rewrite may have
// changed the referenced value, and the statement fails with
// rowChangedError, which READ COMMITTED answers by running it again.
func (r *run) fkLockParent(txn kv.Txn, t *catalog.Table, key []byte, byIndex bool) (exists bool, err error) {
	if r.env.Locks == nil || r.fkLocks >= maxFKLocks || keys.IsTempKey(key) || kv.RequireReadWrite(txn) != nil {
		return true, nil
	}
	r.fkLocks++
	if _, _, err := r.env.Locks.LockRow(r.ctx, t, key, plan.ForKeyShare, plan.LockBlock); err != nil {
		return false, err
	}
	changed, err := kv.WrittenSince(txn, key)
	if err != nil || !changed {
		return err == nil, err
	}
	if !kv.IsReadCommitted(txn) {
		// The snapshot's parent is gone or changed: a serializable
		// transaction cannot go on (PostgreSQL's REPEATABLE READ fails
		// the same way; an autocommit statement runs again).
		return false, rowChangedError{}
	}
	if now, err := kv.ExistsNow(r.ctx, txn, key); err != nil || !now {
		return false, err
	}
	if !byIndex {
		return true, nil
	}
	return false, rowChangedError{}
}
