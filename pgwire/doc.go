// Package pgwire owns the PostgreSQL v3 wire protocol on the server side:
// SSL/GSSENC negotiation, start-up, SCRAM-SHA-256 authentication, the
// simple query protocol, cancel requests, and the rendering of errors
// (SQLSTATE, position) and notices. It is built on
// github.com/jackc/pgx/v5/pgproto3.
//
// pgwire knows the database only through the Backend and Session
// interfaces in backend.go. It must never import engine/, translate/,
// session/, kv/ or lang/; it may import errs and scram.
package pgwire
