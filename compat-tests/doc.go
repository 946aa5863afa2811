// Package compattests runs real clients — psql, pgx, and later pgbench,
// lib/pq, node-postgres, psycopg, JDBC — against a started zerodb binary.
// The tests build the binary (or use $ZERODB_BIN), start it on a free
// port with a temporary data directory, and stop it when they finish.
//
// Under CI (CI=true) a missing client is a failure, never a skip.
//
// TestDifferentialPostgres compares zerodb with a real PostgreSQL on the
// statements of testdata/differential.sql; TestDifferentialRandom does it
// on generated statements (ZERODB_RANDDIFF_SEED and ZERODB_RANDDIFF_N pick
// the seed and how many).
package compattests
