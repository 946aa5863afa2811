package session

import (
	"context"

	"github.com/zerodb/zerodb/engine/exec"
	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
	"github.com/zerodb/zerodb/pgwire"
)

// Isolation levels. A transaction block runs at the level of the setting
// transaction_isolation (BEGIN ISOLATION LEVEL, SET TRANSACTION, the
// default default_transaction_isolation), as in PostgreSQL:
//
//   - READ COMMITTED (and READ UNCOMMITTED, which PostgreSQL runs as
//     READ COMMITTED), the default: every statement of the block reads
//     the commits made before it began (kv.NewStatement), and only what
//     its writes rest on is validated at commit (kv.SetReadCommitted).
//     An UPDATE, DELETE or SELECT ... FOR UPDATE waits for the lock of a
//     row another transaction writes or locks; when that transaction
//     changed the row, the statement runs again in a snapshot that has
//     the change (runRC), with the locks it holds: PostgreSQL re-reads
//     the one row instead (EvalPlanQual), which for a statement's rows
//     that no one else touched comes to the same.
//   - REPEATABLE READ and SERIALIZABLE: the block reads one snapshot and
//     every read is validated at commit (zerodb's serializable, stricter
//     than PostgreSQL's REPEATABLE READ); a row changed under a lock
//     fails with 40001.
//
// Autocommit statements of the simple protocol are serializable whatever
// the setting: each is its own transaction, which the server retries on
// a conflict while nothing reached the client. The extended protocol's
// implicit transaction (the statements up to a Sync outside a block)
// runs at the default level, as PostgreSQL's does (batchTxn). ZQL
// transactions are serializable.

// maxRCReruns bounds how often one statement runs again because rows it
// locked changed; each run holds the locks the ones before took, so
// another run is needed only for rows it had not reached yet.
const maxRCReruns = 100

// isReadCommitted reports whether an isolation level's setting value
// runs as READ COMMITTED.
func isReadCommitted(level string) bool {
	return level == "read committed" || level == "read uncommitted"
}

// setIsolation sets transaction_isolation: in a block only before its
// first query and outside a savepoint (PostgreSQL's 25001 errors), and
// the block's kv transaction follows.
func (s *Session) setIsolation(g *setting, val string) error {
	if s.txn == nil {
		// The statement's own transaction is all it would last for.
		return nil
	}
	if val != g.value {
		if len(s.savepoints) > 0 {
			return errs.New(errs.ActiveSQLTransaction, "SET TRANSACTION ISOLATION LEVEL must not be called in a subtransaction")
		}
		if s.queried {
			return errs.New(errs.ActiveSQLTransaction, "SET TRANSACTION ISOLATION LEVEL must be called before any query")
		}
	}
	s.settings.assign(g, val)
	s.isolate(s.txn)
	return nil
}

// isolate makes the block's kv transaction run at the block's level.
func (s *Session) isolate(txn kv.Txn) {
	g, ok := s.settings.lookup("transaction_isolation")
	kv.SetReadCommitted(txn, ok && isReadCommitted(g.value), keys.IsCatalogKey)
}

// newStatement starts a statement of a READ COMMITTED block in a fresh
// snapshot (nothing for other blocks). It runs before the statement is
// translated, so that the descriptors the translation reads are the new
// snapshot's.
func (s *Session) newStatement() error {
	if s.txn == nil || s.failed {
		return nil
	}
	_, err := kv.NewStatement(s.txn)
	return err
}

// stmtMark is where a statement of a READ COMMITTED block began: what a
// run again rolls back to (the block's writes, deferred foreign key
// checks and notifications).
type stmtMark struct {
	txn      kv.Txn
	kv       kv.Savepoint
	deferred exec.DeferredMark
	notify   int
	ok       bool
}

// readCommittedTxn reports whether txn is the session's READ COMMITTED
// transaction: its block's, or the extended protocol's implicit one
// (batchTxn), which PostgreSQL runs at READ COMMITTED too.
func (s *Session) readCommittedTxn(txn kv.Txn) bool {
	if !kv.IsReadCommitted(txn) {
		return false
	}
	if s.txn != nil {
		return txn == s.txn
	}
	return s.ext != nil && txn == s.ext.rw
}

// mayRunAgain reports whether st, run in txn, may have to run again: a
// write or a row-locking query of a READ COMMITTED transaction. Its rows
// are then produced before the first is sent (execute, openPortal).
func (s *Session) mayRunAgain(txn kv.Txn, st *plan.Statement) bool {
	if !s.readCommittedTxn(txn) {
		return false
	}
	if st.Kind == plan.StmtQuery {
		return st.LockRows != ""
	}
	return st.Kind == plan.StmtWrite && !plainInsert(st.Root)
}

// plainInsert reports whether root is an INSERT without ON CONFLICT
// (maybe with RETURNING), which locks no row and so never runs again: a
// block of many single-row INSERTs (an ORM saving objects) then takes
// no statement savepoints.
func plainInsert(root plan.Node) bool {
	if p, ok := root.(*plan.Project); ok {
		root = p.Input
	}
	ins, ok := root.(*plan.Insert)
	return ok && ins.Mode == plan.InsertNew
}

// markStatement marks the start of st in txn when it may run again.
func (s *Session) markStatement(txn kv.Txn, st *plan.Statement) stmtMark {
	if !s.mayRunAgain(txn, st) {
		return stmtMark{}
	}
	sp, err := kv.TakeSavepoint(txn)
	if err != nil {
		return stmtMark{}
	}
	m := stmtMark{txn: txn, kv: sp, notify: s.notifyMark(), ok: true}
	if txn == s.txn {
		m.deferred = s.deferred.Mark()
	}
	return m
}

// rerun reports whether a statement that failed with err runs again:
// when a row it locked changed since its snapshot, nothing reached the
// client and it has runs left, its effects are rolled back to m and the
// block's snapshot moves on.
func (s *Session) rerun(err error, sent bool, m stmtMark, attempt int) bool {
	if !m.ok || sent || attempt >= maxRCReruns || !exec.RowChanged(err) {
		return false
	}
	if kv.RollbackTo(m.txn, m.kv) != nil {
		return false
	}
	if m.txn == s.txn {
		s.deferred.RollbackTo(m.deferred)
	}
	s.notifyRollbackTo(m.notify)
	moved, nerr := kv.NewStatement(m.txn)
	if nerr != nil || !moved {
		return false
	}
	// The failure is undone with the statement (the Go API's rows mark
	// the block failed as their error ends them).
	s.failed = false
	return true
}

// runAgainWhile runs p in txn through run, and again while rerun says
// so, each time against the catalog as the new snapshot has it. whole
// tells run that the statement may run again, so that it makes all its
// rows before it sends any (sent: it sent some).
func (s *Session) runAgainWhile(ctx context.Context, txn kv.Txn, p *prepared, run func(p *prepared, whole bool) (sent bool, err error)) error {
	m := s.markStatement(txn, p.st)
	for attempt := 0; ; attempt++ {
		sent, err := run(p, m.ok)
		if err == nil || !s.rerun(err, sent, m, attempt) {
			return err
		}
		if p, err = s.checked(ctx, txn, p); err != nil {
			return err
		}
	}
}

// runRC runs a statement of the open block (runOne) as runAgainWhile
// does.
func (s *Session) runRC(ctx context.Context, p *prepared, params []value.Value, w pgwire.ResultWriter) (tag string, sent bool, err error) {
	err = s.runAgainWhile(ctx, s.txn, p, func(p *prepared, _ bool) (bool, error) {
		var err error
		tag, sent, err = s.runOne(ctx, s.txn, p, params, w)
		return sent, err
	})
	return tag, sent, err
}
