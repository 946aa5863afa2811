package session

import (
	"context"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/kv"
)

// checkedPlan remembers that a prepared statement passed current's check
// in a read-only snapshot of a given schema version (kv.WatchedVersion
// with engine/keys.IsSchema watched): in another snapshot of that version
// the same lookups would find the same descriptors, so the check can be
// skipped. A read-write transaction (a block, which may hold uncommitted
// DDL, or a batch that wrote) has no version and is always checked.
type checkedPlan struct {
	version  uint64
	p        *prepared
	database *catalog.Database
}

// currentChecked is current for a statement whose last successful check
// c remembers.
func (s *Session) currentChecked(ctx context.Context, txn kv.Txn, p *prepared, c *checkedPlan) (*prepared, error) {
	v := kv.WatchedVersion(txn)
	if v != 0 && c.version == v && c.p == p && c.database == s.database {
		return p, nil
	}
	q, _, err := s.current(ctx, txn, p)
	if err != nil {
		return nil, err
	}
	// A fresh translation also depends on session state (the ZQL
	// variables in scope), which the version does not cover: only an
	// unchanged statement is remembered.
	if v != 0 && q == p {
		*c = checkedPlan{version: v, p: p, database: s.database}
	} else {
		*c = checkedPlan{}
	}
	return q, nil
}
