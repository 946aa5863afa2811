// Package sysview computes PostgreSQL's system catalogs (pg_catalog) and
// the information_schema views from zerodb's catalog, so that psql, pgbench
// and the drivers find the tables, columns, types and settings they ask
// for.
//
// Every relation here is virtual: a definition (column names and types as
// PostgreSQL has them) and a function that produces its rows from
// engine/catalog inside the statement's own transaction. The SQL front end
// finds them through the session's resolver (Lookup), and the executor
// scans them like tables (Rows). Nothing is stored, so they can never be
// stale and are read-only.
//
// zerodb's objects get stable OIDs derived from their catalog ids (oid.go):
// the same table keeps its OID across restarts, and an OID says what kind
// of object it names.
package sysview
