package session

import (
	"context"
	"fmt"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/exec"
	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// Temporary tables (docs/sql.md, "Temporary tables"; ARCHITECTURE.md).
//
// A session's temporary tables are the tables of its temporary schema: a
// catalog.Database that has no directory entry, whose id carries
// keys.TempDatabaseBit and is unique in the process (DB.tempSeq). Its
// descriptors, records, index entries and sequence state are one key
// range of its own (keys.DatabaseSpan), so:
//
//   - only this session can name them: every table lookup of the
//     session goes through lookupTable, which looks in the temporary
//     schema first (PostgreSQL's pg_temp first in the search path), and
//     no other session knows the schema's id;
//   - a plan never uses another session's temporary table: plans are
//     revalidated through lookupTable in the executing session, and a
//     plan's check is remembered per temporary schema (checkStamp);
//   - they go with one range deletion when the session ends (dropTemp),
//     and a start of the DB deletes whatever a crash left behind
//     (removeTempSchemas): the ids of the ranges cannot be handed out
//     again before that.
//
// Their DDL runs with the temporary schema as the statement's database
// (plan.Statement.Temp), so the executor's DDL is that of any table.

// tempSchema returns the session's temporary schema, made on first use
// (a CREATE TEMP TABLE): nothing is stored for it, since it exists only
// as the prefix of its tables' keys. It lies in the namespace of the
// database it was made in; after USE of another namespace the session
// cannot make another one (its keys would be another range to drop).
func (s *Session) tempSchema() (*catalog.Database, error) {
	if s.temp == nil {
		n := s.db.tempSeq.Add(1)
		s.temp = &catalog.Database{ID: keys.TempDatabaseID(n), Namespace: s.database.Namespace, Name: fmt.Sprintf("pg_temp_%d", n)}
	}
	if s.temp.Namespace != s.database.Namespace {
		return nil, errs.New(errs.FeatureNotSupported, "feature not supported: temporary tables in a second namespace of one session")
	}
	return s.temp, nil
}

// visibleTemp is the temporary schema whose tables the session's names
// find: nil when it has none, or after USE of another namespace (the
// schema's keys lie in the namespace it was made in).
func (s *Session) visibleTemp() *catalog.Database {
	if s.temp == nil || s.temp.Namespace != s.database.Namespace {
		return nil
	}
	return s.temp
}

// lookupTable finds a table by the name a front end asks its Resolver
// for: "pg_temp.t" among the session's temporary tables only, "public.t"
// among the database's only, and a bare name among the temporary tables
// first. Revalidation (Session.current) looks names up the same way, so
// a plan made where a temporary table shadows a table of the database is
// made again where it does not, and the other way round.
func (s *Session) lookupTable(ctx context.Context, txn kv.Txn, name string) (*catalog.Table, error) {
	return lookupNamed(ctx, s, txn, name, errs.UndefinedTable, s.db.cat.Table)
}

// tempID identifies the temporary schema whose tables a lookup of this
// session may find (0: none), for checkStamp: sessions without temporary
// tables share what one of them checked.
func (s *Session) tempID() uint64 {
	if t := s.visibleTemp(); t != nil {
		return t.ID
	}
	return 0
}

// onCommit runs the ON COMMIT actions of the session's temporary tables
// in txn, just before it commits: DELETE ROWS empties a table, DROP drops
// it (PostgreSQL's PreCommit_on_commit_actions). It does nothing until
// the session made a table with an action.
func (s *Session) onCommit(ctx context.Context, txn kv.Txn) error {
	tmp := s.visibleTemp()
	if tmp == nil || !s.tempActions {
		return nil
	}
	tables, err := s.db.cat.Tables(ctx, txn, tmp)
	if err != nil {
		return err
	}
	for _, t := range tables {
		switch t.OnCommit {
		case catalog.OnCommitDeleteRows:
			if err := s.db.cat.TruncateTable(ctx, txn, tmp, t); err != nil {
				return err
			}
		case catalog.OnCommitDrop:
			// The executor's DROP TABLE: it also drops the sequences
			// the table's serial columns own.
			env := s.env(txn)
			env.Database = tmp
			rows, err := s.db.exec.Run(ctx, env, &plan.DropTable{Name: t.Name})
			if err != nil {
				return err
			}
			for rows.Next() {
			}
			err = rows.Err()
			rows.Close()
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// dropTemp removes the session's temporary tables, all at once: the
// end of the session, DISCARD TEMP and DISCARD ALL. Its own transaction
// deletes the schema's range (retried on conflict, which only work over
// a whole namespace could cause: DROP NAMESPACE, DB.Close's sweep); a
// failure leaves the range to the next start, which removes it.
func (s *Session) dropTemp(ctx context.Context) error {
	tmp := s.temp
	if tmp == nil {
		return nil
	}
	start, end := keys.DatabaseSpan(tmp.Namespace, tmp.ID)
	var err error
	for range maxAutocommitRetries {
		if err = deleteRange(ctx, s.db.store, start, end); errs.Code(err) != errs.SerializationFailure {
			break
		}
	}
	if err == nil {
		s.temp, s.tempActions = nil, false
		// The statistics of its tables go with them.
		s.db.exec.Stats.ForgetHome(tmp.ID)
	}
	return err
}

// deleteRange deletes [start, end) in a transaction of its own.
func deleteRange(ctx context.Context, store kv.Store, start, end []byte) error {
	txn, err := store.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		return err
	}
	defer txn.Rollback()
	if err := txn.DeleteRange(start, end); err != nil {
		return err
	}
	return txn.Commit(ctx)
}

// removeTempSchemas deletes every temporary schema of every namespace:
// at Open, what sessions of a process that crashed left, and at Close,
// those of sessions still open. No session can see them then.
func (db *DB) removeTempSchemas(ctx context.Context) error {
	txn, err := db.store.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		return err
	}
	defer txn.Rollback()
	nss, err := db.cat.Namespaces(ctx, txn)
	if err != nil {
		return err
	}
	for _, ns := range nss {
		start, end := keys.TempSpan(ns.ID)
		// Scan first: a range deletion per namespace at every start
		// would be a write (and a log sync) even when there is nothing.
		it := txn.Scan(ctx, start, end, false)
		found := it.Next()
		err := it.Err()
		it.Close()
		if err != nil {
			return err
		}
		if found {
			if err := txn.DeleteRange(start, end); err != nil {
				return err
			}
		}
	}
	return txn.Commit(ctx)
}

// tempEnv sets what a statement's environment knows of the temporary
// schema: the schema itself, whose tables the statement may read and
// write, and, for DDL of a temporary table (plan.Statement.Temp), the
// statement's database. Every way a statement runs (simple and
// extended protocol, the Go API) goes through it.
func (s *Session) tempEnv(env *exec.Env, st *plan.Statement) error {
	env.Temp = s.visibleTemp()
	if !st.Temp {
		return nil
	}
	db, err := s.tempSchema()
	if err != nil {
		return err
	}
	env.Database, env.Temp = db, db
	if ct := createdTable(st.Root); ct != nil && ct.OnCommit != "" {
		s.tempActions = true
	}
	return nil
}

// createdTable is the table a CREATE TABLE or CREATE TABLE AS plan makes
// (nil for other plans).
func createdTable(n plan.Node) *catalog.Table {
	switch x := n.(type) {
	case *plan.CreateTable:
		return x.Table
	case *plan.Insert:
		if ct, ok := x.Prepare.(*plan.CreateTable); ok {
			return ct.Table
		}
	case *plan.WithWrites:
		return createdTable(x.Input)
	case *plan.ExplainStmt:
		return createdTable(x.Input)
	}
	return nil
}

// discardTemp is DISCARD TEMP: inside a block, a deletion of the
// temporary schema's range in the block (undone by its rollback, as in
// PostgreSQL); outside, dropTemp.
func (s *Session) discardTemp(ctx context.Context) error {
	if s.temp == nil {
		return nil
	}
	if s.txn != nil {
		return s.txn.DeleteRange(keys.DatabaseSpan(s.temp.Namespace, s.temp.ID))
	}
	return s.dropTemp(ctx)
}
