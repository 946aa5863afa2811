// Package pgwire owns the PostgreSQL v3 wire protocol on the server side:
// SSL/GSSENC negotiation, start-up, SCRAM-SHA-256 authentication, the
// simple and extended query protocols, COPY, cancel requests, and the
// rendering of errors (SQLSTATE, position) and notices. It is built on
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
// only one to call the Session and to write to the socket. Between
// statements it reads the socket itself (with raw system calls on Linux,
// socket_linux.go). Once a statement has run 10 to 20 ms, the server's
// watcher goroutine (watch.go) starts the connection's reader goroutine,
// which frames messages and queues them (up to 1 MiB ahead), so a long
// statement never stops us from reading: pipelined messages wait their
// turn, and a client that hangs up cancels the running statement's
// context (except after Terminate: what the client queued before it runs
// to completion, as in PostgreSQL). COPY IN starts the reader at once.
// Results collect in a write buffer that goes out at ReadyForQuery, at
// Flush, at CopyInResponse, or when full.
//
// Contexts: Serve's context is the parent of every connection's, which is
// the parent of every statement's. A CancelRequest cancels the
// statement's context with a cause saying so; a hang-up cancels it too;
// Shutdown or cancelling Serve's context cancels the connection's, which
// ends the connection with FATAL 57P01 as PostgreSQL's fast shutdown does.
//
// Messages are dispatched by type in conn.dispatch.
//
// Serve takes any net.Listener; ListenUnix (unixsocket.go) makes the Unix
// socket libpq looks for, with PostgreSQL's lock file beside it. A Unix
// socket's peer counts as local for password authentication.
//
// # Extended query protocol
//
// When the session is an ExtendedSession, Parse, Bind, Describe, Execute
// and Close each make one call into it (extended.go) and answer with
// their completion message, or an ErrorResponse after which every message
// up to Sync is dropped, as PostgreSQL does. Sync is always passed to the
// session (it ends the batch's implicit transaction) and answered with
// ReadyForQuery. Bind's format codes are checked here; names, parameter
// counts and everything else that needs the statement are the session's.
// Answers are buffered: a pipelined batch is answered in one write at
// Sync, unless Flush or a full buffer sends it earlier. Sessions that do
// not implement ExtendedSession get 0A000 for the extended protocol.
//
// # COPY
//
// The ResultWriter handed to sessions is a CopyResultWriter (copy.go).
// COPY IN reads the client's CopyData from the same queue the message
// loop reads, on the connection goroutine, until CopyDone, CopyFail, a
// message that does not belong there (an ERROR, as in PostgreSQL), a
// cancel or a hang-up. COPY OUT writes a CopyData per Write.
package pgwire
