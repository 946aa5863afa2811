package stats

import (
	"maps"
	"sync"
	"sync/atomic"
	"time"
)

// Registry holds a server's counters: one per open store. Its maps are
// read under a read lock once per relation a statement touched, never
// per row.
type Registry struct {
	mu      sync.RWMutex
	dbs     map[uint64]*Database
	tables  map[uint64]*Table
	indexes map[uint64]*Index
	// Queries are pg_stat_statements' counters.
	Queries *Queries
}

// New makes an empty registry.
func New() *Registry {
	return &Registry{dbs: map[uint64]*Database{}, tables: map[uint64]*Table{}, indexes: map[uint64]*Index{}, Queries: newQueries()}
}

// Database is a database's row of pg_stat_database. The tuple counters
// are its tables' and indexes' summed as they are added, so that a
// dropped table's work still counts (as in PostgreSQL).
type Database struct {
	XactCommit, XactRollback atomic.Int64
	TupReturned, TupFetched  atomic.Int64
	TupInserted, TupUpdated  atomic.Int64
	TupDeleted, Deadlocks    atomic.Int64
	// Sessions counts the sessions opened in the database.
	Sessions atomic.Int64
	resetAt  atomic.Int64 // Unix microseconds of the last reset; 0: never
}

// StatsReset is when the database's counters were last reset (ok false:
// never, which pg_stat_database shows as NULL).
func (d *Database) StatsReset() (t time.Time, ok bool) {
	us := d.resetAt.Load()
	if us == 0 {
		return time.Time{}, false
	}
	return time.UnixMicro(us), true
}

func (d *Database) reset(now time.Time) {
	for _, c := range []*atomic.Int64{&d.XactCommit, &d.XactRollback, &d.TupReturned, &d.TupFetched,
		&d.TupInserted, &d.TupUpdated, &d.TupDeleted, &d.Deadlocks, &d.Sessions} {
		c.Store(0)
	}
	d.resetAt.Store(now.UnixMicro())
}

// Table is a table's row of pg_stat_all_tables, and its primary key
// index's of pg_stat_all_indexes (PKey).
type Table struct {
	db *Database
	// home is the catalog database the table is in: a session's
	// temporary schema for a temporary table (ForgetHome).
	home                uint64
	SeqScan, SeqTupRead atomic.Int64
	// IdxScan and IdxTupFetch sum the table's indexes', its primary
	// key's among them: PostgreSQL reads a table by its primary key
	// through the key's index.
	IdxScan, IdxTupFetch atomic.Int64
	// Ins, Upd and Del count the rows written, committed or not, as
	// PostgreSQL's n_tup_ins, n_tup_upd and n_tup_del do.
	Ins, Upd, Del atomic.Int64
	// LiveDelta is how many rows committed writes added (or removed)
	// since the last ANALYZE, or since the server started: n_live_tup
	// is the row count of the last ANALYZE plus it (LiveRows).
	LiveDelta atomic.Int64
	// emptied: a committed TRUNCATE emptied the table since the last
	// ANALYZE, whose row count no longer counts.
	emptied atomic.Bool
	// ModSinceAnalyze counts the committed rows written since the last
	// ANALYZE (n_mod_since_analyze); InsCommitted the committed rows
	// inserted (n_ins_since_vacuum: zerodb never vacuums).
	ModSinceAnalyze, InsCommitted atomic.Int64
	AnalyzeCount                  atomic.Int64
	lastAnalyze                   atomic.Int64 // Unix microseconds; 0: never
	PKey                          Index
}

// LastAnalyze is when ANALYZE last counted the table's rows since the
// server started (ok false: not yet).
func (t *Table) LastAnalyze() (time.Time, bool) {
	us := t.lastAnalyze.Load()
	if us == 0 {
		return time.Time{}, false
	}
	return time.UnixMicro(us), true
}

// LiveRows is n_live_tup: analyzed is the row count the table's last
// ANALYZE stored (0 if none).
func (t *Table) LiveRows(analyzed int64) int64 {
	if t.emptied.Load() {
		analyzed = 0
	}
	return max(analyzed+t.LiveDelta.Load(), 0)
}

// Analyzed records an ANALYZE of the table at now: the row count it
// stored is the base of n_live_tup from now on.
func (t *Table) Analyzed(now time.Time) {
	t.emptied.Store(false)
	t.LiveDelta.Store(0)
	t.ModSinceAnalyze.Store(0)
	t.AnalyzeCount.Add(1)
	t.lastAnalyze.Store(now.UnixMicro())
}

func (t *Table) reset() {
	for _, c := range []*atomic.Int64{&t.SeqScan, &t.SeqTupRead, &t.IdxScan, &t.IdxTupFetch,
		&t.Ins, &t.Upd, &t.Del, &t.InsCommitted, &t.AnalyzeCount, &t.lastAnalyze} {
		c.Store(0)
	}
	// LiveDelta and ModSinceAnalyze describe what the table holds, not
	// what was done to it: PostgreSQL's reset zeroes n_live_tup until
	// the next ANALYZE, zerodb keeps it right.
	t.PKey.reset()
}

// Index is an index's row of pg_stat_all_indexes.
type Index struct {
	db                      *Database
	home, table             uint64 // see Table.home; the index's table
	Scan, TupRead, TupFetch atomic.Int64
}

func (x *Index) reset() {
	x.Scan.Store(0)
	x.TupRead.Store(0)
	x.TupFetch.Store(0)
}

// Database is the counters of database id (made on first use).
func (g *Registry) Database(id uint64) *Database {
	return obtain(g, g.dbs, id, func() *Database { return &Database{} })
}

// databaseLocked is Database with g.mu held for writing.
func (g *Registry) databaseLocked(id uint64) *Database {
	d := g.dbs[id]
	if d == nil {
		d = &Database{}
		g.dbs[id] = d
	}
	return d
}

// Table is the counters of table id of database db, kept in catalog
// database home (made on first use; a temporary table counts in the
// database of the session that made it, and is kept in its temporary
// schema).
func (g *Registry) Table(db, home, id uint64) *Table {
	return obtain(g, g.tables, id, func() *Table {
		d := g.databaseLocked(db)
		return &Table{db: d, home: home, PKey: Index{db: d, home: home, table: id}}
	})
}

// Index is the counters of secondary index id of table (see Table;
// made on first use).
func (g *Registry) Index(db, home, table, id uint64) *Index {
	return obtain(g, g.indexes, id, func() *Index { return &Index{db: g.databaseLocked(db), home: home, table: table} })
}

// ForgetTable drops the counters of a dropped table and of its indexes,
// so that the registry does not grow with every table ever made.
func (g *Registry) ForgetTable(id uint64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.tables, id)
	maps.DeleteFunc(g.indexes, func(_ uint64, x *Index) bool { return x.table == id })
}

// ForgetIndex drops the counters of a dropped index.
func (g *Registry) ForgetIndex(id uint64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.indexes, id)
}

// ForgetHome drops the counters of every table and index kept in
// catalog database home (a dropped database, or a session's temporary
// schema when it ends), and the database's own.
func (g *Registry) ForgetHome(home uint64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	maps.DeleteFunc(g.tables, func(_ uint64, t *Table) bool { return t.home == home })
	maps.DeleteFunc(g.indexes, func(_ uint64, x *Index) bool { return x.home == home })
	delete(g.dbs, home)
}

// obtain is m[id], made by mk (called with g.mu held for writing) when
// there is none. Once made, counters are found under the read lock.
func obtain[T any](g *Registry, m map[uint64]*T, id uint64, mk func() *T) *T {
	g.mu.RLock()
	v := m[id]
	g.mu.RUnlock()
	if v != nil {
		return v
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if v = m[id]; v == nil {
		v = mk()
		m[id] = v
	}
	return v
}

// LookupDatabase, LookupTable and LookupIndex are the counters of an
// object, nil when nothing counted it yet (the views show zeros).
func (g *Registry) LookupDatabase(id uint64) *Database {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.dbs[id]
}

// LookupTable: see LookupDatabase.
func (g *Registry) LookupTable(id uint64) *Table {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.tables[id]
}

// LookupIndex: see LookupDatabase.
func (g *Registry) LookupIndex(id uint64) *Index {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.indexes[id]
}

// Reset zeroes the counters of database db and of its tables and
// indexes (pg_stat_reset), stamping the database's stats_reset with now.
func (g *Registry) Reset(db uint64, now time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	d := g.databaseLocked(db)
	d.reset(now)
	for _, t := range g.tables {
		if t.db == d {
			t.reset()
		}
	}
	for _, x := range g.indexes {
		if x.db == d {
			x.reset()
		}
	}
}

// ResetTable zeroes one table's counters and its primary key's
// (pg_stat_reset_single_table_counters of a table).
func (g *Registry) ResetTable(id uint64) {
	if t := g.LookupTable(id); t != nil {
		t.reset()
	}
}

// ResetIndex zeroes one secondary index's counters.
func (g *Registry) ResetIndex(id uint64) {
	if x := g.LookupIndex(id); x != nil {
		x.reset()
	}
}
