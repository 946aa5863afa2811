package session

import (
	"github.com/zerodb/zerodb/engine/exec"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// Savepoints. SAVEPOINT records the block's writes (kv.TakeSavepoint)
// and its deferred foreign key checks; ROLLBACK TO puts both back, keeps
// the savepoint, drops the later ones, and ends a failed state, so that
// an ORM can recover from an error inside a block (Django's nested
// atomic, Rails' requires_new, SQLAlchemy's begin_nested all do this);
// RELEASE forgets the savepoint and the later ones. A name used twice
// means its latest savepoint, as in PostgreSQL.
//
// Not rolled back to a savepoint: SET LOCAL settings, transaction-level
// advisory locks and sequence values (the last as in PostgreSQL).

const codeInvalidSavepoint = "3B001"

// savepoint is one SAVEPOINT of the open block.
type savepoint struct {
	name     string
	kv       kv.Savepoint
	deferred exec.DeferredMark
	notify   int // notifyMark
}

// refuseInBlock is the 25001 of a statement PostgreSQL refuses inside a
// transaction block (plan.Statement.NoBlock), nil for the others.
func refuseInBlock(st *plan.Statement) error {
	if st.NoBlock == "" {
		return nil
	}
	return errs.New(errs.ActiveSQLTransaction, "%s cannot run inside a transaction block", st.NoBlock)
}

// noBlockError is the error of SAVEPOINT, RELEASE or ROLLBACK TO outside
// a transaction block.
func noBlockError(st *plan.Statement) error {
	cmd := map[plan.StmtKind]string{plan.StmtSavepoint: "SAVEPOINT", plan.StmtRelease: "RELEASE SAVEPOINT", plan.StmtRollbackTo: "ROLLBACK TO SAVEPOINT"}[st.Kind]
	return errs.New(errs.NoActiveSQLTransaction, "%s can only be used in transaction blocks", cmd)
}

// savepointCommand runs SAVEPOINT, RELEASE or ROLLBACK TO and returns the
// command tag.
func (s *Session) savepointCommand(st *plan.Statement) (string, error) {
	if s.txn == nil {
		return "", noBlockError(st)
	}
	if st.Kind == plan.StmtSavepoint {
		sp, err := kv.TakeSavepoint(s.txn)
		if err != nil {
			return "", err
		}
		s.savepoints = append(s.savepoints, savepoint{name: st.Savepoint, kv: sp, deferred: s.deferred.Mark(), notify: s.notifyMark()})
		return "SAVEPOINT", nil
	}
	i := len(s.savepoints) - 1
	for i >= 0 && s.savepoints[i].name != st.Savepoint {
		i--
	}
	if i < 0 {
		return "", errs.New(codeInvalidSavepoint, "savepoint %q does not exist", st.Savepoint)
	}
	if st.Kind == plan.StmtRelease {
		s.rollbackCursors(i, true)
		s.savepoints = s.savepoints[:i]
		return "RELEASE", nil
	}
	sp := s.savepoints[i]
	if err := kv.RollbackTo(s.txn, sp.kv); err != nil {
		return "", err
	}
	s.deferred.RollbackTo(sp.deferred)
	s.notifyRollbackTo(sp.notify)
	s.rollbackCursors(i, false)
	s.savepoints = s.savepoints[:i+1]
	s.failed = false
	return "ROLLBACK", nil
}
