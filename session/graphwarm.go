package session

import (
	"context"
	"time"

	"github.com/zerodb/zerodb/graph"
	"github.com/zerodb/zerodb/kv"
)

// graphWarmInterval is how often the warmer looks at the adjacency
// cache, and how long adjacency must have stayed unchanged before it
// warms: a bulk load commits batch after batch, and warming between two
// of them would be wasted.
const graphWarmInterval = time.Second

// graphWarmAfter is how many adjacency keys must have been written since
// the last warm-up pass for another: a pass reads all adjacency, which a
// bulk load pays for once, but a trickle of edges — whose few changed
// vertices the next traversals refill anyway — must not make it a
// recurring cost.
const graphWarmAfter = 10000

// warmGraphCache fills the adjacency cache from the store while it has
// room: once after start-up and again whenever many adjacency keys were
// written and adjacency then stayed unchanged for a whole interval (the
// end of a bulk load), so that the first traversals through a vertex are
// hash lookups rather than Pebble seeks — the adjacency counterpart of a
// buffer cache that writes and reads fill. It runs until ctx is done.
func (db *DB) warmGraphCache(ctx context.Context, c *graph.Cache) {
	t := time.NewTicker(graphWarmInterval)
	defer t.Stop()
	warmed := false
	var warmedAt uint64 // adjacency keys written as of the last pass
	seen := c.Written()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		now := c.Written()
		quiet := now == seen
		seen = now
		if !quiet || (warmed && now-warmedAt < graphWarmAfter) {
			continue
		}
		warmed, warmedAt = true, now
		if err := db.warmGraphOnce(ctx, c); err != nil && ctx.Err() == nil {
			db.log.Warn("graph cache warm-up", "err", err)
		}
	}
}

// warmGraphOnce warms the cache with the adjacency of every database, as
// far as its budget goes.
func (db *DB) warmGraphOnce(ctx context.Context, c *graph.Cache) error {
	start := time.Now()
	txn, err := db.store.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	namespaces, err := db.cat.Namespaces(ctx, txn)
	if err != nil {
		txn.Rollback()
		return err
	}
	var stores []graph.Store
	for _, ns := range namespaces {
		dbs, err := db.cat.Databases(ctx, txn, ns.Name)
		if err != nil {
			txn.Rollback()
			return err
		}
		for _, d := range dbs {
			stores = append(stores, graph.Store{NS: d.Namespace, DB: d.ID, Cache: c})
		}
	}
	txn.Rollback()
	var total graph.WarmResult
	for _, s := range stores {
		res, err := s.Warm(ctx, db.store)
		if err != nil {
			return err
		}
		total.Entries += res.Entries
		total.Bytes += res.Bytes
		if res.Full {
			total.Full = true
			break
		}
	}
	if total.Entries > 0 {
		db.log.Info("graph cache warmed", "entries", total.Entries, "MiB", total.Bytes>>20,
			"full", total.Full, "took", time.Since(start).Round(time.Millisecond))
	}
	return nil
}
