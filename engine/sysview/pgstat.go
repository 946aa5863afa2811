package sysview

import (
	"time"

	"github.com/zerodb/zerodb/engine/stats"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// PostgreSQL's cumulative statistics views, from the counters the
// executor keeps (package stats, Env.Stats): the activity of databases,
// tables and indexes as monitoring tools (postgres_exporter, pgAdmin,
// Grafana, pg_activity) read it. What zerodb has no equivalent of (block
// I/O, vacuum, replication, WAL archiving) reads as zero, NULL or no
// rows, as an idle PostgreSQL without the feature would show.

var tFloat8 = value.TypeFloat8

// statRelationDefs are the statistics views, with OIDs from 12200 on.
func statRelationDefs() []relation {
	tableCols := cols(
		"relid", tOID, "schemaname", tName, "relname", tName, "seq_scan", tInt8,
		"seq_tup_read", tInt8, "idx_scan", tInt8, "idx_tup_fetch", tInt8, "n_tup_ins", tInt8,
		"n_tup_upd", tInt8, "n_tup_del", tInt8, "n_tup_hot_upd", tInt8, "n_live_tup", tInt8,
		"n_dead_tup", tInt8, "n_mod_since_analyze", tInt8, "n_ins_since_vacuum", tInt8,
		"last_vacuum", tTime, "last_autovacuum", tTime, "last_analyze", tTime, "last_autoanalyze", tTime,
		"vacuum_count", tInt8, "autovacuum_count", tInt8, "analyze_count", tInt8, "autoanalyze_count", tInt8)
	indexCols := cols(
		"relid", tOID, "indexrelid", tOID, "schemaname", tName, "relname", tName, "indexrelname", tName,
		"idx_scan", tInt8, "idx_tup_read", tInt8, "idx_tup_fetch", tInt8)
	ioTableCols := cols(
		"relid", tOID, "schemaname", tName, "relname", tName, "heap_blks_read", tInt8,
		"heap_blks_hit", tInt8, "idx_blks_read", tInt8, "idx_blks_hit", tInt8, "toast_blks_read", tInt8,
		"toast_blks_hit", tInt8, "tidx_blks_read", tInt8, "tidx_blks_hit", tInt8)
	ioIndexCols := cols(
		"relid", tOID, "indexrelid", tOID, "schemaname", tName, "relname", tName, "indexrelname", tName,
		"idx_blks_read", tInt8, "idx_blks_hit", tInt8)
	ioSeqCols := cols("relid", tOID, "schemaname", tName, "relname", tName, "blks_read", tInt8, "blks_hit", tInt8)
	return []relation{
		{12200, PgCatalog, "pg_stat_database", 'v', cols(
			"datid", tOID, "datname", tName, "numbackends", tInt4, "xact_commit", tInt8,
			"xact_rollback", tInt8, "blks_read", tInt8, "blks_hit", tInt8, "tup_returned", tInt8,
			"tup_fetched", tInt8, "tup_inserted", tInt8, "tup_updated", tInt8, "tup_deleted", tInt8,
			"conflicts", tInt8, "temp_files", tInt8, "temp_bytes", tInt8, "deadlocks", tInt8,
			"checksum_failures", tInt8, "checksum_last_failure", tTime, "blk_read_time", tFloat8,
			"blk_write_time", tFloat8, "session_time", tFloat8, "active_time", tFloat8,
			"idle_in_transaction_time", tFloat8, "sessions", tInt8, "sessions_abandoned", tInt8,
			"sessions_fatal", tInt8, "sessions_killed", tInt8, "stats_reset", tTime), pgStatDatabase},
		{12201, PgCatalog, "pg_stat_database_conflicts", 'v', cols(
			"datid", tOID, "datname", tName, "confl_tablespace", tInt8, "confl_lock", tInt8,
			"confl_snapshot", tInt8, "confl_bufferpin", tInt8, "confl_deadlock", tInt8), pgStatDatabaseConflicts},
		{12202, PgCatalog, "pg_stat_all_tables", 'v', tableCols, statTables(relsAll)},
		{12203, PgCatalog, "pg_stat_user_tables", 'v', tableCols, statTables(relsUser)},
		{12204, PgCatalog, "pg_stat_sys_tables", 'v', tableCols, statTables(relsSys)},
		{12205, PgCatalog, "pg_stat_all_indexes", 'v', indexCols, statIndexes(relsAll)},
		{12206, PgCatalog, "pg_stat_user_indexes", 'v', indexCols, statIndexes(relsUser)},
		{12207, PgCatalog, "pg_stat_sys_indexes", 'v', indexCols, statIndexes(relsSys)},
		{12208, PgCatalog, "pg_statio_all_tables", 'v', ioTableCols, statioTables(relsAll)},
		{12209, PgCatalog, "pg_statio_user_tables", 'v', ioTableCols, statioTables(relsUser)},
		{12210, PgCatalog, "pg_statio_sys_tables", 'v', ioTableCols, statioTables(relsSys)},
		{12211, PgCatalog, "pg_statio_all_indexes", 'v', ioIndexCols, statioIndexes(relsAll)},
		{12212, PgCatalog, "pg_statio_user_indexes", 'v', ioIndexCols, statioIndexes(relsUser)},
		{12213, PgCatalog, "pg_statio_sys_indexes", 'v', ioIndexCols, statioIndexes(relsSys)},
		{12214, PgCatalog, "pg_statio_all_sequences", 'v', ioSeqCols, statioSequences(relsAll)},
		{12215, PgCatalog, "pg_statio_user_sequences", 'v', ioSeqCols, statioSequences(relsUser)},
		{12216, PgCatalog, "pg_stat_bgwriter", 'v', cols(
			"checkpoints_timed", tInt8, "checkpoints_req", tInt8, "checkpoint_write_time", tFloat8,
			"checkpoint_sync_time", tFloat8, "buffers_checkpoint", tInt8, "buffers_clean", tInt8,
			"maxwritten_clean", tInt8, "buffers_backend", tInt8, "buffers_backend_fsync", tInt8,
			"buffers_alloc", tInt8, "stats_reset", tTime), pgStatBgwriter},
		{12217, PgCatalog, "pg_stat_archiver", 'v', cols(
			"archived_count", tInt8, "last_archived_wal", tText, "last_archived_time", tTime,
			"failed_count", tInt8, "last_failed_wal", tText, "last_failed_time", tTime,
			"stats_reset", tTime), pgStatArchiver},
		// zerodb replicates nothing: no senders, receivers, slots or
		// subscriptions. LSNs and xids are text (zerodb has neither
		// type), client_addr too, as in pg_stat_activity.
		{12218, PgCatalog, "pg_stat_replication", 'v', cols(
			"pid", tInt4, "usesysid", tOID, "usename", tName, "application_name", tText,
			"client_addr", tText, "client_hostname", tText, "client_port", tInt4, "backend_start", tTime,
			"backend_xmin", tText, "state", tText, "sent_lsn", tText, "write_lsn", tText,
			"flush_lsn", tText, "replay_lsn", tText, "write_lag", value.TypeInterval,
			"flush_lag", value.TypeInterval, "replay_lag", value.TypeInterval, "sync_priority", tInt4,
			"sync_state", tText, "reply_time", tTime), empty},
		{12219, PgCatalog, "pg_stat_wal_receiver", 'v', cols(
			"pid", tInt4, "status", tText, "receive_start_lsn", tText, "receive_start_tli", tInt4,
			"written_lsn", tText, "flushed_lsn", tText, "received_tli", tInt4,
			"last_msg_send_time", tTime, "last_msg_receipt_time", tTime, "latest_end_lsn", tText,
			"latest_end_time", tTime, "slot_name", tText, "sender_host", tText, "sender_port", tInt4,
			"conninfo", tText), empty},
		{12220, PgCatalog, "pg_replication_slots", 'v', cols(
			"slot_name", tName, "plugin", tName, "slot_type", tText, "datoid", tOID, "database", tName,
			"temporary", tBool, "active", tBool, "active_pid", tInt4, "xmin", tText,
			"catalog_xmin", tText, "restart_lsn", tText, "confirmed_flush_lsn", tText,
			"wal_status", tText, "safe_wal_size", tInt8, "two_phase", tBool), empty},
		{12221, PgCatalog, "pg_stat_subscription", 'v', cols(
			"subid", tOID, "subname", tName, "pid", tInt4, "relid", tOID, "received_lsn", tText,
			"last_msg_send_time", tTime, "last_msg_receipt_time", tTime, "latest_end_lsn", tText,
			"latest_end_time", tTime), empty},
		// track_functions is none: PostgreSQL then counts no calls.
		{12222, PgCatalog, "pg_stat_user_functions", 'v', cols(
			"funcid", tOID, "schemaname", tName, "funcname", tName, "calls", tInt8,
			"total_time", tFloat8, "self_time", tFloat8), empty},
		{12223, PgCatalog, "pg_prepared_xacts", 'v', cols(
			"transaction", tText, "gid", tText, "prepared", tTime, "owner", tName, "database", tName), empty},
		// pg_stat_statements (1.10, PostgreSQL 15's), always there as
		// the extensions zerodb has are; in pg_catalog, so that a bare
		// name finds it whatever the search path.
		{12224, PgCatalog, "pg_stat_statements", 'v', cols(
			"userid", tOID, "dbid", tOID, "toplevel", tBool, "queryid", tInt8, "query", tText,
			"plans", tInt8, "total_plan_time", tFloat8, "min_plan_time", tFloat8, "max_plan_time", tFloat8,
			"mean_plan_time", tFloat8, "stddev_plan_time", tFloat8, "calls", tInt8,
			"total_exec_time", tFloat8, "min_exec_time", tFloat8, "max_exec_time", tFloat8,
			"mean_exec_time", tFloat8, "stddev_exec_time", tFloat8, "rows", tInt8,
			"shared_blks_hit", tInt8, "shared_blks_read", tInt8, "shared_blks_dirtied", tInt8,
			"shared_blks_written", tInt8, "local_blks_hit", tInt8, "local_blks_read", tInt8,
			"local_blks_dirtied", tInt8, "local_blks_written", tInt8, "temp_blks_read", tInt8,
			"temp_blks_written", tInt8, "blk_read_time", tFloat8, "blk_write_time", tFloat8,
			"temp_blk_read_time", tFloat8, "temp_blk_write_time", tFloat8, "wal_records", tInt8,
			"wal_fpi", tInt8, "wal_bytes", value.TypeNumeric, "jit_functions", tInt8,
			"jit_generation_time", tFloat8, "jit_inlining_count", tInt8, "jit_inlining_time", tFloat8,
			"jit_optimization_count", tInt8, "jit_optimization_time", tFloat8, "jit_emission_count", tInt8,
			"jit_emission_time", tFloat8), pgStatStatements},
		{12225, PgCatalog, "pg_stat_statements_info", 'v', cols("dealloc", tInt8, "stats_reset", tTime), pgStatStatementsInfo},
	}
}

// pgStatStatements lists the statements of the namespace's databases
// (stats.Queries). Planning is part of a statement's execution time in
// zerodb (a plan-cached one is planned once): the plan columns are 0, as
// with pg_stat_statements.track_planning off, its default; so are the
// block, WAL and JIT counters zerodb has no equivalent of. Another
// role's statements show "<insufficient privilege>" as their text, and
// no query id, to a role that is not a superuser nor has that role's
// privileges, as in PostgreSQL.
func pgStatStatements(m *model, out *rowSet) error {
	e := m.e
	if e.Stats == nil {
		return nil
	}
	dbs, err := m.databases()
	if err != nil {
		return err
	}
	mine := make(map[uint64]bool, len(dbs))
	for _, d := range dbs {
		mine[d.ID] = true
	}
	zero, zeroF := int64(0), float64(0)
	for _, q := range e.Stats.Queries.All() {
		if !mine[q.Key.Database] {
			continue
		}
		var id, text any = q.Key.ID, q.Text
		if r := e.Role; r != nil && !r.HasPrivsOf(q.Key.User) {
			id, text = nil, "<insufficient privilege>"
		}
		out.add(RoleOID(q.Key.User), DatabaseOID(q.Key.Database), true, id, text,
			zero, zeroF, zeroF, zeroF, zeroF, zeroF, q.Calls,
			q.Total, q.Min, q.Max, q.Mean, q.Std, q.Rows,
			zero, zero, zero, zero, zero, zero, zero, zero, zero, zero,
			zeroF, zeroF, zeroF, zeroF, zero, zero, value.Decimal(value.DecimalFromFloat(0, 64)), zero,
			zeroF, zero, zeroF, zero, zeroF, zero, zeroF)
	}
	return nil
}

func pgStatStatementsInfo(m *model, out *rowSet) error {
	if m.e.Stats == nil {
		out.add(int64(0), nil)
		return nil
	}
	dealloc, at := m.e.Stats.Queries.Info()
	var reset any
	if !at.IsZero() {
		reset = value.Datetime(at, true)
	} else {
		reset = m.serverStartTime()
	}
	out.add(dealloc, reset)
	return nil
}

// statStatementsReset is pg_stat_statements_reset(userid, dbid,
// queryid): the counters of the statements that match every argument
// not 0 (all of them without arguments). Superusers only, as PostgreSQL
// grants it.
func statStatementsReset(e *Env, a []value.Value) (value.Value, error) {
	if err := statResetAllowed(e, "pg_stat_statements_reset"); err != nil {
		return value.None, err
	}
	if e.Stats == nil {
		return void, nil
	}
	arg := func(i int) int64 {
		if i < len(a) && !a[i].IsSQLNull() && !a[i].IsNone() {
			return a[i].AsInt()
		}
		return 0
	}
	user, db, id := arg(0), arg(1), arg(2)
	if user == 0 && db == 0 && id == 0 {
		e.Stats.Queries.Reset(nil, time.Now())
		return void, nil
	}
	e.Stats.Queries.Reset(func(k stats.QueryKey) bool {
		return (user == 0 || int64(RoleOID(k.User)) == user) && (db == 0 || int64(DatabaseOID(k.Database)) == db) && (id == 0 || k.ID == id)
	}, time.Now())
	return void, nil
}

// relSet is which relations a view of the _all_, _user_ or _sys_
// family lists: the system ones are pg_catalog's and
// information_schema's.
type relSet int

const (
	relsAll relSet = iota
	relsUser
	relsSys
)

func (w relSet) has(r *relInfo) bool {
	sys := r.nsp == OIDPgCatalog || r.nsp == OIDInformationSchema
	return w == relsAll || sys == (w == relsSys)
}

// statTable is whether r is listed by the table views (tables and
// materialized views, zerodb's and the catalogs'), and its counters
// (zeros when nothing counted it yet).
func (m *model) statTable(r *relInfo) (*stats.Table, bool) {
	if r.kind != 'r' && r.kind != 'm' {
		return nil, false
	}
	var t *stats.Table
	if r.table != nil && m.e.Stats != nil {
		t = m.e.Stats.LookupTable(r.table.ID)
	}
	if t == nil {
		t = new(stats.Table)
	}
	return t, true
}

// microsTime is a counter's time as a timestamptz (NULL when not ok).
func microsTime(t time.Time, ok bool) any {
	if !ok {
		return nil
	}
	return value.Datetime(t, true)
}

func statTables(w relSet) func(*model, *rowSet) error {
	return func(m *model, out *rowSet) error {
		m.each(func(r *relInfo) {
			t, ok := m.statTable(r)
			if !ok || !w.has(r) {
				return
			}
			// PostgreSQL's sums over the table's indexes: NULL when it
			// has none.
			var idxScan, idxFetch any
			if len(r.indexes) > 0 {
				idxScan, idxFetch = t.IdxScan.Load(), t.IdxTupFetch.Load()
			}
			var analyzed int64
			if r.table != nil && r.table.Stats != nil {
				analyzed = r.table.Stats.Rows
			}
			live := t.LiveRows(analyzed)
			out.add(r.oid, m.nspName(r.nsp), r.name, t.SeqScan.Load(),
				t.SeqTupRead.Load(), idxScan, idxFetch, t.Ins.Load(),
				t.Upd.Load(), t.Del.Load(), int64(0), live,
				int64(0), t.ModSinceAnalyze.Load(), t.InsCommitted.Load(),
				nil, nil, microsTime(t.LastAnalyze()), nil,
				int64(0), int64(0), t.AnalyzeCount.Load(), int64(0))
		})
		return m.err
	}
}

// statIndex is whether r is an index the index views list, its table's
// name and its counters (zeros when nothing counted it yet).
func (m *model) statIndex(r *relInfo) (*stats.Index, string, bool) {
	if r.kind != 'i' || r.table == nil {
		return nil, "", false
	}
	var x *stats.Index
	if g := m.e.Stats; g != nil {
		if r.primary && r.index == nil {
			if t := g.LookupTable(r.table.ID); t != nil {
				x = &t.PKey
			}
		} else if r.index != nil {
			x = g.LookupIndex(r.index.ID)
		}
	}
	if x == nil {
		x = new(stats.Index)
	}
	return x, r.table.Name, true
}

func statIndexes(w relSet) func(*model, *rowSet) error {
	return func(m *model, out *rowSet) error {
		m.each(func(r *relInfo) {
			x, table, ok := m.statIndex(r)
			if !ok || !w.has(r) {
				return
			}
			out.add(r.parent, r.oid, m.nspName(r.nsp), table, r.name,
				x.Scan.Load(), x.TupRead.Load(), x.TupFetch.Load())
		})
		return m.err
	}
}

// The statio views: zerodb does not count block reads and cache hits
// per relation (Pebble's block cache serves every table at once), so
// they are zeros, with PostgreSQL's NULLs where a table has no indexes.

func statioTables(w relSet) func(*model, *rowSet) error {
	return func(m *model, out *rowSet) error {
		m.each(func(r *relInfo) {
			if _, ok := m.statTable(r); !ok || !w.has(r) {
				return
			}
			var idx any
			if len(r.indexes) > 0 {
				idx = int64(0)
			}
			out.add(r.oid, m.nspName(r.nsp), r.name, int64(0),
				int64(0), idx, idx, nil,
				nil, nil, nil)
		})
		return m.err
	}
}

func statioIndexes(w relSet) func(*model, *rowSet) error {
	return func(m *model, out *rowSet) error {
		m.each(func(r *relInfo) {
			if _, table, ok := m.statIndex(r); ok && w.has(r) {
				out.add(r.parent, r.oid, m.nspName(r.nsp), table, r.name, int64(0), int64(0))
			}
		})
		return m.err
	}
}

func statioSequences(w relSet) func(*model, *rowSet) error {
	return func(m *model, out *rowSet) error {
		m.each(func(r *relInfo) {
			if r.kind == 'S' && w.has(r) {
				out.add(r.oid, m.nspName(r.nsp), r.name, int64(0), int64(0))
			}
		})
		return m.err
	}
}

// pgStatDatabase lists the shared objects' row (datid 0, as PostgreSQL
// does) and one per database of the namespace.
func pgStatDatabase(m *model, out *rowSet) error {
	dbs, err := m.databases()
	if err != nil || dbs == nil {
		return err
	}
	e := m.e
	backends := map[string]int32{}
	if e.Session != nil {
		for _, a := range e.Session.Activity() {
			if a.Namespace == e.Namespace.Name {
				backends[a.Database]++
			}
		}
	}
	row := func(oid uint32, name any, n int32, d *stats.Database) {
		if d == nil {
			d = new(stats.Database)
		}
		out.add(oid, name, n, d.XactCommit.Load(),
			d.XactRollback.Load(), int64(0), int64(0), d.TupReturned.Load(),
			d.TupFetched.Load(), d.TupInserted.Load(), d.TupUpdated.Load(), d.TupDeleted.Load(),
			int64(0), int64(0), int64(0), d.Deadlocks.Load(),
			nil, nil, float64(0),
			float64(0), float64(0), float64(0),
			float64(0), d.Sessions.Load(), int64(0),
			int64(0), int64(0), microsTime(d.StatsReset()))
	}
	row(0, nil, 0, nil)
	for _, db := range dbs {
		var d *stats.Database
		if e.Stats != nil {
			d = e.Stats.LookupDatabase(db.ID)
		}
		row(DatabaseOID(db.ID), db.Name, backends[db.Name], d)
	}
	return nil
}

func pgStatDatabaseConflicts(m *model, out *rowSet) error {
	dbs, err := m.databases()
	if err != nil {
		return err
	}
	for _, db := range dbs {
		out.add(DatabaseOID(db.ID), db.Name, int64(0), int64(0), int64(0), int64(0), int64(0))
	}
	return nil
}

// serverStartTime is when the server started (NULL outside a session):
// the counters' zerodb never persists begin then.
func (m *model) serverStartTime() any {
	if m.e.Session == nil {
		return nil
	}
	return value.Datetime(m.e.Session.ServerStart(), true)
}

func pgStatBgwriter(m *model, out *rowSet) error {
	out.add(int64(0), int64(0), float64(0),
		float64(0), int64(0), int64(0),
		int64(0), int64(0), int64(0),
		int64(0), m.serverStartTime())
	return nil
}

func pgStatArchiver(m *model, out *rowSet) error {
	out.add(int64(0), nil, nil, int64(0), nil, nil, m.serverStartTime())
	return nil
}

// statReset is pg_stat_reset(): the current database's counters and its
// tables' and indexes' start again from zero. Superusers only, as
// PostgreSQL grants it.
func statReset(e *Env, _ []value.Value) (value.Value, error) {
	if err := statResetAllowed(e, "pg_stat_reset"); err != nil {
		return value.None, err
	}
	if e.Stats != nil && e.Database != nil {
		e.Stats.Reset(e.Database.ID, time.Now())
	}
	return void, nil
}

// statResetTable is pg_stat_reset_single_table_counters(oid): a table's
// counters (with its primary key's), or a secondary index's.
func statResetTable(e *Env, a []value.Value) (value.Value, error) {
	if err := statResetAllowed(e, "pg_stat_reset_single_table_counters"); err != nil {
		return value.None, err
	}
	if e.Stats == nil {
		return void, nil
	}
	if k, id, ok := split(uint32(a[0].AsInt())); ok {
		switch k {
		case kindTable, kindPKeyIndex:
			e.Stats.ResetTable(id)
		case kindIndex:
			e.Stats.ResetIndex(id)
		}
	}
	return void, nil
}

func statResetAllowed(e *Env, fn string) error {
	if !newModel(e).superuser() {
		return errs.New(errs.InsufficientPrivilege, "permission denied for function %s", fn)
	}
	return nil
}
