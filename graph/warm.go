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
// read-only snapshot of store sees it, and then with the records of its
// vertex tables (those adjacency entries hang under), which step filters
// read: sequential scans, storing what an expansion or a record read
// that missed would. It is for a store whose cache has room — after
// start-up or a bulk load — so that the first traversals through a
// vertex need no Pebble seek: it stores only into empty slots or over
// older entries of the same prefix (never displacing what traversals
// put there) and stops when the budget is
// spent. The same rules as an expansion's fill keep it from storing
// anything a snapshot could see differently (see Caching in the package
// documentation): entries are tagged with the snapshot's seq and a key
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
	// offer stores data under key; false when the budget is spent.
	offer := func(key, data []byte, kind entryKind) bool {
		size := entrySize(key, data)
		if c.tab.Bytes()+size > c.tab.Budget() {
			return false
		}
		h := c.hash(key)
		if !c.fillable(h, seq) {
			return true
		}
		if stored := c.putIfEmpty(h, key, seq, data, kind); stored > 0 {
			res.Entries++
			res.Bytes += stored
		}
		return true
	}
	var vertexTables []uint64
	var prefix, data []byte
	lo, hi := keys.GraphSpan(s.NS, s.DB)
	full, err := scanAll(ctx, txn, lo, hi, func(k, v []byte) bool {
		withTable, _, ok := entryPrefixes(k)
		if !ok {
			return true
		}
		if !bytes.Equal(withTable, prefix) {
			if len(prefix) > 0 && !offer(prefix, data, adjacencyEntry) {
				return false
			}
			prefix, data = append(prefix[:0], withTable...), data[:0]
			if t, ok := keys.GraphVertexTable(k); ok && (len(vertexTables) == 0 || vertexTables[len(vertexTables)-1] != t) {
				vertexTables = append(vertexTables, t)
			}
		}
		data = appendCached(data, v)
		return true
	})
	if err != nil || full {
		res.Full = full
		return res, err
	}
	if len(prefix) > 0 && !offer(prefix, data, adjacencyEntry) {
		res.Full = true
		return res, nil
	}
	for _, t := range vertexTables {
		lo, hi := keys.TableSpan(s.NS, s.DB, t)
		if res.Full, err = scanAll(ctx, txn, lo, hi, func(k, v []byte) bool { return offer(k, v, recordEntry) }); err != nil || res.Full {
			return res, err
		}
	}
	return res, nil
}

// scanAll calls fn for every key and value in [lo, hi) of txn until fn
// returns false (stopped), checking ctx as it goes.
func scanAll(ctx context.Context, txn kv.Txn, lo, hi []byte, fn func(k, v []byte) bool) (stopped bool, err error) {
	it := txn.Scan(ctx, lo, hi, false)
	defer it.Close()
	for n := 0; it.Next(); n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return false, errs.From(ctx.Err())
		}
		if !fn(it.Key(), it.Value()) {
			return true, nil
		}
	}
	if err := it.Err(); err != nil {
		return false, errs.From(err)
	}
	return false, nil
}
