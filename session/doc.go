// Package session owns what happens between the wire and the engine: it
// implements pgwire.Backend and pgwire.Session, picks the front end (SQL
// or ZQL) for each message, runs the translator, the optimizer and the
// executor inside the session's transaction (autocommit or a BEGIN block),
// retries conflicting autocommit statements, and renders results (PostgreSQL
// text formats for SQL, one jsonb column for ZQL, zql.md §12).
//
// A statement is prepared (translated and optimized, prepared.go) and
// then executed: its tables, and the stored functions, enums and named
// types it used (catalogdeps.go), are looked up again in the executing
// transaction (a changed definition means a new translation) and it runs
// with its parameter values. One-statement SQL and ZQL messages go through
// a plan cache shared by the DB's sessions (plancache.go, zqlcache.go):
// the statement is normalized (sqlfe.Normalize, zqlfe.Normalize: its
// literals become parameters) and the prepared statement of its shape runs
// with the literals as values, so that parse and translation happen once
// per shape rather than once per message. Whatever the cache does not take
// runs the ordinary way, with the same results and errors.
//
// The extended query protocol (extended.go, extended_zql.go) prepares
// statements of both languages; ZQL parameters are positional there.
// SQL cursors (DECLARE, FETCH, MOVE, CLOSE; cursor.go) are portals of the
// same kind, each reading a kv.View of its transaction taken at DECLARE. The
// embedded Go API (package zerodb) runs statements through embed.go's
// entry points: EmbeddedSession, PrepareStatement and Run.
//
// A session runs as its login role: OpenSession checks that the role may
// log in and open the database (its namespace's, unless a superuser), and
// every statement hands the executor the role whose privileges it checks
// (role.go: nil for a superuser, read again after any commit that changed
// a role).
//
// session may import pgwire (for its interfaces and types only), translate,
// engine, kv, errs and scram; nothing imports session except cmd/ and the
// public Go API.
package session
