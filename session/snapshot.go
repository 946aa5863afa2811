package session

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// Exported snapshots (pg_export_snapshot, SET TRANSACTION SNAPSHOT): a
// transaction's snapshot is given an id that other sessions of the same
// database may import into a REPEATABLE READ or SERIALIZABLE block until
// the exporting transaction ends, as in PostgreSQL; pg_dump -j has its
// workers read the leader's snapshot so. An importing block reads
// through a read-only kv transaction on that snapshot (kv.BeginSnapshot),
// so it must be READ ONLY, as pg_dump's are.

// snapshotRegistry holds the exported snapshots of the server's
// sessions by id.
type snapshotRegistry struct {
	mu   sync.Mutex
	byID map[string]exportedSnapshot
	seq  uint64
}

type exportedSnapshot struct {
	snap     *kv.Snapshot
	database uint64
}

// ExportSnapshot implements sysview.Session: it exports the snapshot of
// the session's block, or outside one of the statement's own transaction
// txn (valid while the statement runs).
func (s *Session) ExportSnapshot(ctx context.Context, txn kv.Txn) (string, error) {
	if len(s.savepoints) > 0 {
		return "", errs.New(errs.ActiveSQLTransaction, "cannot export a snapshot from a subtransaction")
	}
	if s.txn != nil {
		txn = s.txn
	}
	sn, err := kv.ExportSnapshot(ctx, txn)
	if err != nil {
		return "", err
	}
	r := &s.db.snapshots
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seq++
	// PostgreSQL's form (backend, local transaction, counter): pg_dump
	// passes it back as it is.
	id := fmt.Sprintf("%08X-%08X-%d", uint32(s.BackendPID()), uint32(r.seq), len(s.exports)+1)
	if r.byID == nil {
		r.byID = map[string]exportedSnapshot{}
	}
	var database uint64
	if s.database != nil {
		database = s.database.ID
	}
	r.byID[id] = exportedSnapshot{snap: sn, database: database}
	s.exports = append(s.exports, id)
	return id, nil
}

// releaseExports ends the exports of the transaction that ends: blocks
// that imported one go on reading it, and no other can import it.
func (s *Session) releaseExports() {
	if len(s.exports) == 0 {
		return
	}
	r := &s.db.snapshots
	r.mu.Lock()
	for _, id := range s.exports {
		if e, ok := r.byID[id]; ok {
			delete(r.byID, id)
			e.snap.Release()
		}
	}
	r.mu.Unlock()
	s.exports = s.exports[:0]
}

// importSnapshot is SET TRANSACTION SNAPSHOT id: the block reads the
// snapshot another transaction exported, with PostgreSQL's errors.
func (s *Session) importSnapshot(ctx context.Context, id string) error {
	if s.queried || len(s.savepoints) > 0 {
		return errs.New(errs.ActiveSQLTransaction, "SET TRANSACTION SNAPSHOT must be called before any query")
	}
	if g, ok := s.settings.lookup("transaction_isolation"); !ok || isReadCommitted(g.value) {
		return errs.New(errs.FeatureNotSupported, "a snapshot-importing transaction must have isolation level SERIALIZABLE or REPEATABLE READ")
	}
	if s.txn == nil {
		// Outside a block (after the warning): the statement's own
		// transaction is all it would apply to.
		return nil
	}
	invalid := errs.New(errs.InvalidParameterValue, "invalid snapshot identifier: %q", id)
	if id == "" || strings.Trim(id, "0123456789ABCDEF-") != "" {
		return invalid
	}
	r := &s.db.snapshots
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.byID[id]
	if !ok {
		return invalid
	}
	if s.database == nil || e.database != s.database.ID {
		return errs.New(errs.FeatureNotSupported, "cannot import a snapshot from a different database")
	}
	if !s.readOnly() {
		return errs.New(errs.FeatureNotSupported, "feature not supported: SET TRANSACTION SNAPSHOT in a read-write transaction (zerodb imports snapshots into READ ONLY transactions)").
			WithHint("Begin the transaction with BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY.")
	}
	txn, err := kv.BeginSnapshot(ctx, s.db.store, e.snap)
	if err != nil {
		return err
	}
	s.txn.Rollback()
	s.txn = txn
	s.queried = true
	return nil
}
