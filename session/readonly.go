package session

import (
	"context"
	"slices"
	"strings"

	"github.com/zerodb/zerodb/engine/exec"
	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
	"github.com/zerodb/zerodb/translate/sqlfe"
)

// Read-only transactions (BEGIN READ ONLY, SET TRANSACTION READ ONLY,
// default_transaction_read_only) as PostgreSQL has them. The mode is the
// setting transaction_read_only: in a block it is the block's, outside
// one it always equals default_transaction_read_only (settings.syncTxn),
// so autocommit statements and the implicit blocks of multi-statement
// messages follow the default without code of their own.
//
// What a statement may do is decided once, where its executor
// environment is made (statementEnv): DDL is refused by its kind, and
// every other write by the kv transaction it runs in (readOnlyTxn), which
// is where the writes of INSERT, UPDATE, DELETE, COPY FROM, writable
// CTEs and ZQL's expressions all end up, whichever executor path made
// them. Writes to the session's temporary tables go through: PostgreSQL
// allows them too.

// readOnly reports whether the current transaction is read-only.
func (s *Session) readOnly() bool {
	g, ok := s.settings.lookup("transaction_read_only")
	return ok && g.value == "on"
}

// readOnlyAllowed reports the StmtDDL tags PostgreSQL runs in a
// read-only transaction: they change no data (LOCK TABLE is what pg_dump
// takes in its read-only transaction; ANALYZE and VACUUM only gather
// statistics and reclaim space).
func readOnlyAllowed(tag string) bool {
	switch tag {
	case "LOCK TABLE", "ANALYZE", "VACUUM", "SET CONSTRAINTS":
		return true
	}
	return false
}

// statementEnv finishes the environment of a statement that runs in the
// executor (query, write, DDL, COPY): the session's temporary schema
// (tempEnv) and, in a read-only transaction, the refusal of writes. It
// also notes that the block has run a query, after which it can no
// longer become read-write.
func (s *Session) statementEnv(ctx context.Context, env *exec.Env, st *plan.Statement) error {
	env.Stats = &s.txnStats
	if s.database != nil {
		s.txnStats.DB = s.database.ID
	}
	if err := s.roleEnv(ctx, env, st); err != nil {
		return err
	}
	if err := exec.CheckExecute(env.Role, st.Routines); err != nil {
		return err
	}
	if s.txn != nil {
		s.queried = true
	} else if st.Tag == "LOCK TABLE" {
		// A lock outside a block would end with its statement.
		return errs.New(errs.NoActiveSQLTransaction, "LOCK TABLE can only be used in transaction blocks")
	}
	if err := s.tempEnv(env, st); err != nil {
		return err
	}
	if err := s.schemaEnv(ctx, env, st); err != nil {
		return err
	}
	if !s.readOnly() {
		return nil
	}
	if st.Kind == plan.StmtDDL {
		if readOnlyAllowed(st.Tag) {
			// ANALYZE writes statistics, which PostgreSQL allows too.
			return nil
		}
		return readOnlyError(st.Tag)
	}
	if st.LockRows != "" {
		return readOnlyError(st.LockRows)
	}
	what := st.Tag
	if st.Kind == plan.StmtCopyFrom {
		what = "COPY FROM"
	}
	env.ReadOnly = true
	env.Txn = readOnlyTxn{Txn: env.Txn, what: what}
	return nil
}

func readOnlyError(what string) error {
	return errs.New(errs.ReadOnlySQLTransaction, "cannot execute %s in a read-only transaction", what)
}

// readOnlyTxn is a statement's transaction in a read-only transaction
// block: it reads as the block does and refuses every write but those of
// the session's temporary schema (keys.IsTempKey), naming the statement
// (what) as PostgreSQL does.
type readOnlyTxn struct {
	kv.Txn
	what string
}

func (t readOnlyTxn) Put(key, value []byte) error {
	if !keys.IsTempKey(key) {
		return readOnlyError(t.what)
	}
	return t.Txn.Put(key, value)
}

func (t readOnlyTxn) Delete(key []byte) error {
	if !keys.IsTempKey(key) {
		return readOnlyError(t.what)
	}
	return t.Txn.Delete(key)
}

// DeleteRange: a range of the temporary schema starts with its prefix,
// and keys of one database never reach into another's.
func (t readOnlyTxn) DeleteRange(start, end []byte) error {
	if !keys.IsTempKey(start) {
		return readOnlyError(t.what)
	}
	return t.Txn.DeleteRange(start, end)
}

// setReadOnly sets transaction_read_only (val "on" or "off") as SET,
// SET TRANSACTION, BEGIN's modes and set_config do. Becoming read-only is
// always allowed; becoming read-write again only before the block's
// first query and outside a savepoint, with PostgreSQL's 25001 errors.
func (s *Session) setReadOnly(g *setting, val string) error {
	if s.txn == nil {
		// The statement's own transaction is all it would last for.
		return nil
	}
	if val == "off" && g.value == "on" {
		if len(s.savepoints) > 0 {
			return errs.New(errs.ActiveSQLTransaction, "cannot set transaction read-write mode inside a read-only transaction")
		}
		if s.queried {
			return errs.New(errs.ActiveSQLTransaction, "transaction read-write mode must be set before any query")
		}
	}
	s.settings.assign(g, val)
	return nil
}

// applyTxnModes runs the modes of BEGIN, SET TRANSACTION and SET SESSION
// CHARACTERISTICS AS TRANSACTION, every one in order.
func (s *Session) applyTxnModes(ctx context.Context, modes []plan.TxnMode) error {
	for _, m := range modes {
		if m.Name == sqlfe.TxnSnapshot {
			if err := s.importSnapshot(ctx, m.Value); err != nil {
				return err
			}
			continue
		}
		if err := s.setSetting(ctx, strings.ToLower(m.Name), m.Value, false, false); err != nil {
			return err
		}
	}
	return nil
}

// txnSettings are the settings of the current transaction, each equal to
// its default_ setting outside a block.
func txnSettings() []string {
	return []string{"transaction_isolation", "transaction_read_only", "transaction_deferrable"}
}

// syncTxn makes the transaction settings their defaults: outside a block
// (after its end, or a change of a default) the next transaction starts
// with them.
func (s *settings) syncTxn() {
	for _, name := range txnSettings() {
		g, ok := s.lookup(name)
		d, dok := s.lookup("default_" + name)
		if ok && dok {
			s.assign(g, d.value)
		}
	}
}

// isTxnSetting reports whether name is one of txnSettings.
func isTxnSetting(name string) bool {
	return slices.Contains(txnSettings(), name)
}
