// Package stats keeps the activity counters PostgreSQL's statistics views
// show (pg_stat_database, pg_stat_all_tables, pg_stat_all_indexes): per
// database, table and index, in memory, for the life of the server
// process.
//
// The counters must cost the hot paths next to nothing: the executor
// counts a statement's scans and rows in its own per-statement state
// (Statement, no lock or allocation per row) and adds them to the
// registry's atomics once when the statement ends; writes wait in the
// session's transaction (Txn) and are added when it commits or rolls
// back, as PostgreSQL counts them.
//
// stats imports nothing of the project: the executor writes it, package
// sysview reads it.
package stats
