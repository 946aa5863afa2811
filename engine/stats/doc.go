// Package stats keeps the activity counters PostgreSQL's statistics views
// show (pg_stat_database, pg_stat_all_tables, pg_stat_all_indexes): per
// database, table and index, in memory, for the life of the server
// process.
//
// The counters must cost the hot paths next to nothing: the executor's
// iterators count a statement's scans and rows in fields of their own,
// hand them to a Statement (the session transaction's, reused: no lock
// or allocation) as they close, and the statement's end adds those to
// the registry's atomics once; writes wait in the session's transaction
// (Txn) and are added when it commits or rolls back, as PostgreSQL
// counts them.
//
// Queries are pg_stat_statements': per role, database and statement,
// counted by the session as each statement completes.
//
// stats imports nothing of the project: the executor writes it, package
// sysview reads it.
package stats
