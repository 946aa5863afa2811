package pgwire

import "context"

// Backend is all that pgwire knows of the database: how to look up a
// user's SCRAM verifier and how to open a session. The session package
// implements it; pgwire never imports the engine.
type Backend interface {
	// SCRAMVerifier returns the stored SCRAM-SHA-256 verifier of user in
	// PostgreSQL's text form ("SCRAM-SHA-256$<iter>:<salt>$<StoredKey>:<ServerKey>"),
	// or ok=false when there is no such user.
	SCRAMVerifier(ctx context.Context, user string) (verifier string, ok bool, err error)
	// OpenSession starts a session for an authenticated user. An error
	// (for example an unknown database, SQLSTATE 3D000) is sent to the
	// client as an ErrorResponse and the connection is closed.
	OpenSession(ctx context.Context, p StartupParams) (Session, error)
}

// StartupParams are the parameters of the StartupMessage.
type StartupParams struct {
	User     string
	Database string
	// All holds every startup parameter, including user and database
	// (application_name, client_encoding, options, ...).
	All map[string]string
}

// Session runs the statements of one client connection. pgwire calls it
// from a single goroutine, never concurrently.
type Session interface {
	// Query runs every statement of a simple Query message in order and
	// writes their results to w. It returns the first statement error;
	// statements after a failing one are not run (PostgreSQL semantics).
	// ctx is cancelled by a CancelRequest or when the client goes away.
	Query(ctx context.Context, text string, w ResultWriter) error
	// TxStatus is the ReadyForQuery status: 'I' idle, 'T' in a
	// transaction block, 'E' in a failed transaction block.
	TxStatus() byte
	// ParameterStatus returns the run-time parameters reported to the
	// client at start-up (server_version, TimeZone, ...).
	ParameterStatus() map[string]string
	// Close ends the session, rolling back an open transaction.
	Close()
}

// Column describes one result column (a RowDescription field).
type Column struct {
	Name         string
	TableOID     uint32
	AttrNum      int16
	TypeOID      uint32
	TypeSize     int16 // -1 for variable length
	TypeModifier int32 // -1 when none
}

// ResultWriter receives the results of one statement after another. For
// each statement the session calls either Empty, or Complete, optionally
// preceded by Columns and then Row for each row.
type ResultWriter interface {
	// Columns sends a RowDescription.
	Columns(cols []Column) error
	// Row sends a DataRow; each value is text format, nil meaning NULL.
	// The slices may be reused by the caller after Row returns.
	Row(values [][]byte) error
	// Complete sends CommandComplete with a tag such as "SELECT 3" or
	// "INSERT 0 1".
	Complete(tag string) error
	// Empty sends EmptyQueryResponse (the statement text was empty).
	Empty() error
	// Notice sends a NoticeResponse.
	Notice(severity, code, message string) error
}
