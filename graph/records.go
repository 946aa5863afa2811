package graph

import (
	"context"

	"github.com/zerodb/zerodb/engine/keys"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// Get reads key in txn through the cache: a traversal's step filter
// reads the record of every vertex it reaches, and a hot vertex's
// record is then a hash lookup instead of a Pebble point read. Records
// share the cache (its budget, its table) with adjacency and the same
// rules keep them consistent with every snapshot (see Caching in the
// package documentation): Committed marks every written key, an entry
// is the value a snapshot of seq read, a read-write transaction still
// notes the read, and one with its own write at key reads the store.
// Only records' keys (keys.IsRecordKey) are cached: Committed marks only
// those.
// The returned value must not be modified. Absent keys are not cached.
func (c *Cache) Get(ctx context.Context, txn kv.Txn, key []byte) ([]byte, bool, error) {
	if c == nil || !keys.IsRecordKey(key) {
		// Committed marks only records' keys: anything else could go stale.
		return txn.Get(ctx, key)
	}
	seq, ok := kv.SnapshotSeq(txn)
	if !ok {
		return txn.Get(ctx, key)
	}
	if kv.WroteKey(txn, key) {
		return txn.Get(ctx, key)
	}
	h := c.hash(key)
	if e := c.lookup(h, key, seq); e != nil {
		kv.NoteReadKey(txn, key)
		return e.data(), true, nil
	}
	val, found, err := txn.Get(ctx, key)
	if err != nil {
		return nil, false, errs.From(err)
	}
	if found && c.fillable(h, seq) {
		c.put(h, key, seq, val, recordEntry)
	}
	return val, found, nil
}
