// Package session owns what happens between the wire and the engine: it
// implements pgwire.Backend and pgwire.Session, picks the front end (SQL
// or ZQL) for each message, runs the translator, the optimizer and the
// executor inside the session's transaction (autocommit or a BEGIN block),
// retries conflicting autocommit statements, and renders results (PostgreSQL
// text formats for SQL, one jsonb column for ZQL, zql.md §12).
//
// session may import pgwire (for its interfaces and types only), translate,
// engine, kv, errs and scram; nothing imports session except cmd/ and the
// public Go API.
package session
