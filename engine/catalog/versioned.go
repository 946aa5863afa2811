package catalog

import (
	"sync"

	"github.com/zerodb/zerodb/kv"
)

// versionedTables remembers table lookups by name per schema version:
// the store watches the catalog's keys (kv.Options.Watched with
// keys.IsSchema), so two transactions that see the same non-zero
// version of a table key (kv.ReadWatched) find the same descriptor under
// its name, and a lookup in the second needs no kv Get. That holds for
// read-only snapshots and for read-write transactions that wrote no
// catalog entry (one that did, or whose snapshot may lack the latest
// DDL, gets version 0 and reads the store); in a read-write transaction
// kv.ReadWatched puts the key in the read set as the Get would, so a
// concurrent DDL of the table still fails it at commit. Found tables
// only (a missing one is an error path), and, under view keys, views
// known not to exist (nil): the SQL translation looks every relation
// name up as a view first, so in a read-write transaction that miss was
// a Pebble Get per table a statement names.
//
// Sequences' lookups by name (what every serial insert does) are
// remembered the same way, in a versioned[*Sequence] of their own.
type versionedTables = versioned[*Table]

// versioned maps a catalog key to the descriptor found under it at a
// schema version.
type versioned[T any] struct {
	mu sync.RWMutex
	m  map[string]versionedEntry[T] // by descriptor key
}

type versionedEntry[T any] struct {
	version uint64
	t       T
}

// maxVersionedTables bounds the map; past it, it starts again empty.
const maxVersionedTables = 4096

// get returns what was remembered for key at version, and whether
// anything was.
func (v *versioned[T]) get(version uint64, key []byte) (T, bool) {
	var zero T
	if version == 0 {
		return zero, false
	}
	v.mu.RLock()
	e, ok := v.m[string(key)]
	v.mu.RUnlock()
	if !ok || e.version != version {
		return zero, false
	}
	return e.t, true
}

func (v *versioned[T]) put(version uint64, key []byte, t T) {
	if version == 0 {
		return
	}
	v.mu.Lock()
	if v.m == nil || len(v.m) >= maxVersionedTables {
		v.m = make(map[string]versionedEntry[T])
	}
	v.m[string(key)] = versionedEntry[T]{version: version, t: t}
	v.mu.Unlock()
}

// schemaVersion is kv.ReadWatched of key in txn, named for what the
// catalog uses it for: a non-zero version is a read of key (recorded in
// a read-write transaction's read set) whose result versionedTables may
// hold.
func schemaVersion(txn kv.Txn, key []byte) uint64 { return kv.ReadWatched(txn, key) }
