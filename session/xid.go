package session

import (
	"context"
	"sync"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/stats"
)

// Transaction ids (txid_current, pg_current_xact_id): a transaction that
// asks for one gets the next number of a store-wide sequence and keeps
// it to its end. The numbers grow in the order they are handed out and
// are never handed out twice, after a restart neither: the DB reserves
// them in blocks, each block persisted before its first number is used
// (a restart skips the rest of the block, as PostgreSQL's xids leave
// gaps too). Unlike PostgreSQL's, a transaction that writes gets none
// unless it asks.

// xidBlock is how many ids one reservation takes.
const xidBlock = 1024

// xidAllocator is the DB's block of reserved transaction ids.
type xidAllocator struct {
	mu        sync.Mutex
	next, end uint64 // the next id to hand out; the end of the block
}

// nextXID hands out a transaction id.
func (db *DB) nextXID(ctx context.Context) (int64, error) {
	a := &db.xids
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.next == a.end {
		first, err := db.cat.ReserveIDs(ctx, catalog.SeqTransactionIDs, xidBlock)
		if err != nil {
			return 0, err
		}
		a.next, a.end = first, first+xidBlock
	}
	id := a.next
	a.next++
	return int64(id), nil
}

// TransactionID implements sysview.Session.
func (s *Session) TransactionID(ctx context.Context, assign bool) (int64, bool, error) {
	if s.xid == 0 {
		if !assign {
			return 0, false, nil
		}
		id, err := s.db.nextXID(ctx)
		if err != nil {
			return 0, false, err
		}
		s.xid = id
	}
	return s.xid, true, nil
}

// endTransaction ends what the session keeps for its transaction: its
// id, its large object descriptors, and its pending LISTEN/NOTIFY actions (applied when committed), and
// counts it and its row writes for pg_stat_database and
// pg_stat_all_tables.
func (s *Session) endTransaction(committed bool) {
	s.xid = 0
	s.largeObjects.End()
	s.releaseExports()
	s.endNotify(committed)
	s.txnStats.End(s.statsDatabase(), committed)
}

// statsDatabase is the counters of the session's database (nil when it
// has none), kept while the session stays in it.
func (s *Session) statsDatabase() *stats.Database {
	if s.database == nil {
		return nil
	}
	if s.statsDB == nil || s.statsDBID != s.database.ID {
		s.statsDB, s.statsDBID = s.db.exec.Stats.Database(s.database.ID), s.database.ID
	}
	return s.statsDB
}

// endAttempt ends an attempt at an autocommit statement that runs again
// (after a serialization failure, or as a write): endTransaction of a
// transaction the client never saw, so not counted.
func (s *Session) endAttempt() {
	s.xid = 0
	s.largeObjects.End()
	s.releaseExports()
	s.endNotify(false)
	s.txnStats.Discard()
}
