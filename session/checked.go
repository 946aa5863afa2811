package session

import (
	"context"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/kv"
)

// checkStamp remembers that a prepared statement passed current's check
// in a read-only snapshot of a given schema version (kv.WatchedVersion
// with engine/keys.IsSchema watched) and database: in another snapshot of
// that version the same lookups would find the same descriptors, so the
// check can be skipped — by any session running the statement (a portal's
// statement, or a shared one from the plan cache). A read-write
// transaction (a block, which may hold uncommitted DDL, or a batch that
// wrote) has no version and is always checked.
//
// temp is the temporary schema the check's lookups could see (0: none):
// a session with temporary tables may resolve the same names to other
// tables, so it never takes another session's check, nor they its.
//
// path is the search_path the lookups followed: under another, bare
// names may find other tables (schema.go).
type checkStamp struct {
	version  uint64
	database *catalog.Database
	temp     uint64
	path     string
}

// currentRemembered is current, skipped when p.lastCheck says it would
// find nothing changed.
func (s *Session) currentRemembered(ctx context.Context, txn kv.Txn, p *prepared) (q *prepared, retranslated bool, err error) {
	v := kv.WatchedVersion(txn)
	if v != 0 {
		if c := p.lastCheck.Load(); c != nil && c.version == v && c.database == s.database && c.temp == s.tempID() && c.path == s.searchPathValue() {
			return p, false, nil
		}
	}
	q, retranslated, err = s.current(ctx, txn, p)
	// A fresh translation also depends on session state (the ZQL
	// variables in scope), which the version does not cover: only an
	// unchanged statement is remembered.
	if err == nil && v != 0 && q == p {
		p.lastCheck.Store(&checkStamp{version: v, database: s.database, temp: s.tempID(), path: s.searchPathValue()})
	}
	return q, retranslated, err
}
