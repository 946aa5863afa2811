// Package pgwire owns the PostgreSQL v3 wire protocol on the server side:
// SSL/GSSENC negotiation, start-up, SCRAM-SHA-256 authentication, the
// simple query protocol, cancel requests, and the rendering of errors
// (SQLSTATE, position) and notices. It is built on
// github.com/jackc/pgx/v5/pgproto3.
//
// pgwire knows the database only through the Backend and Session
// interfaces in backend.go. It must never import engine/, translate/,
// session/, kv/ or lang/; it may import errs and scram.
//
// # Connections
//
// Each connection has one goroutine that does the start-up (bounded by
// Config.AuthTimeout) and then executes messages one at a time: it is the
// only one to call the Session and to write to the socket. Once the
// client is authenticated a second goroutine reads and frames messages
// and queues them (up to 1 MiB ahead), so a statement never stops us
// from reading: pipelined messages wait their turn, and a client that
// hangs up cancels the running statement's context. Results collect in a
// write buffer that goes out at ReadyForQuery, at Flush, or when full.
//
// Contexts: Serve's context is the parent of every connection's, which is
// the parent of every statement's. A CancelRequest cancels the
// statement's context with a cause saying so; a hang-up cancels it too;
// Shutdown or cancelling Serve's context cancels the connection's, which
// ends the connection with FATAL 57P01 as PostgreSQL's fast shutdown does.
//
// Messages are dispatched by type in conn.dispatch. The extended query
// protocol (Parse, Bind, Describe, Execute, Close, with Sync and Flush)
// currently answers 0A000 and skips to Sync as PostgreSQL does after an
// error; its handlers slot in there, next to the simple Query.
package pgwire
