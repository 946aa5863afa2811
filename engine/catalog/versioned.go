package catalog

import (
	"sync"

	"github.com/zerodb/zerodb/kv"
)

// versionedTables remembers table lookups by name per schema version:
// the store watches the catalog's keys (kv.Options.Watched with
// keys.IsSchema), so two read-only snapshots with the same non-zero
// kv.WatchedVersion find the same descriptor under a name, and a lookup
// in the second needs no kv Get. A read-write transaction (version 0),
// which may hold its own DDL, always reads the store. Found tables only:
// a missing one is an error path, not worth remembering.
type versionedTables struct {
	mu sync.RWMutex
	m  map[string]versionedTable // by TableKey
}

type versionedTable struct {
	version uint64
	t       *Table
}

// maxVersionedTables bounds the map; past it, it starts again empty.
const maxVersionedTables = 4096

func (v *versionedTables) get(version uint64, key []byte) *Table {
	if version == 0 {
		return nil
	}
	v.mu.RLock()
	e, ok := v.m[string(key)]
	v.mu.RUnlock()
	if !ok || e.version != version {
		return nil
	}
	return e.t
}

func (v *versionedTables) put(version uint64, key []byte, t *Table) {
	if version == 0 {
		return
	}
	v.mu.Lock()
	if v.m == nil || len(v.m) >= maxVersionedTables {
		v.m = make(map[string]versionedTable)
	}
	v.m[string(key)] = versionedTable{version: version, t: t}
	v.mu.Unlock()
}

// schemaVersion is kv.WatchedVersion, named for what the catalog uses it
// for.
func schemaVersion(txn kv.Txn) uint64 { return kv.WatchedVersion(txn) }
