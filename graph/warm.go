package graph

import (
	"bytes"
	"context"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// WarmResult says what a Warm pass added to the cache.
type WarmResult struct {
	Entries int   // prefixes stored
	Bytes   int64 // their size as the budget counts it
	// Full is set when the pass stopped because the cache's budget was
	// spent (the rest of the database's adjacency was not read).
	Full bool
}

// Warm fills s's cache with the adjacency of s's database as a new
// read-only snapshot of store sees it: one sequential scan, storing the
// values under each (vertex, direction, edge table) prefix as an
// expansion that missed would. It is for a store whose cache has room —
// after start-up or a bulk load — so that the first traversals through a
// vertex need no Pebble seek: it stores only into empty slots (never
// displacing what traversals put there) and stops when the budget is
// spent. The same rules as an expansion's fill keep it from storing
// anything a snapshot could see differently (see Caching in the package
// documentation): entries are tagged with the snapshot's seq and a prefix
// changed after it is skipped.
func (s Store) Warm(ctx context.Context, store kv.Store) (WarmResult, error) {
	var res WarmResult
	c := s.Cache
	if c == nil {
		return res, nil
	}
	txn, err := store.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	if err != nil {
		return res, errs.From(err)
	}
	defer txn.Rollback()
	seq, ok := kv.SnapshotSeq(txn)
	if !ok {
		return res, nil
	}
	lo, hi := keys.GraphSpan(s.NS, s.DB)
	it := txn.Scan(ctx, lo, hi, false)
	defer it.Close()
	var prefix, data []byte
	// flush offers the values read under prefix; false when the budget
	// is spent.
	flush := func() bool {
		if len(prefix) == 0 {
			return true
		}
		size := int64(len(prefix) + len(data) + entryOverhead)
		if c.tab.Bytes()+size > c.tab.Budget() {
			return false
		}
		h := c.hash(prefix)
		if !c.fillable(h, seq) {
			return true
		}
		if c.putIfEmpty(h, prefix, seq, data) {
			res.Entries++
			res.Bytes += size
		}
		return true
	}
	for n := 0; it.Next(); n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return res, errs.From(ctx.Err())
		}
		withTable, _, ok := entryPrefixes(it.Key())
		if !ok {
			continue
		}
		if !bytes.Equal(withTable, prefix) {
			if !flush() {
				res.Full = true
				return res, nil
			}
			prefix, data = append(prefix[:0], withTable...), data[:0]
		}
		data = appendCached(data, it.Value())
	}
	if err := it.Err(); err != nil {
		return res, errs.From(err)
	}
	res.Full = !flush()
	return res, nil
}
