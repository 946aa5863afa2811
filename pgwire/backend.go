package pgwire

import (
	"context"
	"io"
)

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
	// Format is the column's format code: 0 text, 1 binary.
	Format int16
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

// ExtendedSession is a Session that also runs the extended query
// protocol. pgwire uses it when the Backend's session implements it and
// answers Parse/Bind/... with 0A000 otherwise.
//
// Statement and portal names are per connection; "" is the unnamed one,
// which a new Parse or Bind replaces. Between two Syncs the messages form
// one batch: outside a transaction block the session runs the batch in an
// implicit transaction that Sync commits (or rolls back after an error).
type ExtendedSession interface {
	Session
	// Prepare parses and plans text as statement name. paramTypes are the
	// OIDs the client declared (0: infer the type).
	Prepare(ctx context.Context, name, text string, paramTypes []uint32) (*StatementDescription, error)
	// DescribeStatement describes a prepared statement (ParameterDescription
	// and RowDescription or NoData).
	DescribeStatement(ctx context.Context, name string) (*StatementDescription, error)
	// Bind makes portal from statement with the parameter values (each in
	// the format paramFormats gives, PostgreSQL's rules for 0, 1 or n
	// format codes) and the result formats the client asked for.
	Bind(ctx context.Context, portal, statement string, paramFormats []int16, params [][]byte, resultFormats []int16) error
	// DescribePortal returns the columns a portal will send, with their
	// formats; nil means the portal returns no rows (NoData).
	DescribePortal(ctx context.Context, portal string) ([]Column, error)
	// Execute runs or resumes portal, sending at most maxRows rows (0: all)
	// through w. suspended reports that rows remain (PortalSuspended); the
	// session then keeps the portal open for the next Execute. Execute does
	// not send RowDescription (Describe does).
	Execute(ctx context.Context, portal string, maxRows int, w ResultWriter) (suspended bool, err error)
	// CloseStatement and ClosePortal forget a statement or portal (no error
	// when it does not exist).
	CloseStatement(ctx context.Context, name string) error
	ClosePortal(ctx context.Context, name string) error
	// Sync ends a batch; see the type's comment.
	Sync(ctx context.Context) error
}

// StatementDescription describes a prepared statement.
type StatementDescription struct {
	ParamTypes []uint32
	// Columns is nil when the statement returns no rows (NoData).
	Columns []Column
}

// CopyWriter sends COPY TO STDOUT data.
type CopyWriter interface {
	// Write sends one CopyData message.
	Write(p []byte) (int, error)
	// Done sends CopyDone.
	Done() error
}

// CopyResultWriter is a ResultWriter that can switch the connection into
// COPY mode; pgwire's writers implement it.
type CopyResultWriter interface {
	ResultWriter
	// CopyIn sends CopyInResponse and returns the data the client sends:
	// Read returns the bytes of CopyData messages, io.EOF after CopyDone,
	// and an error (SQLSTATE 57014 with the client's message) after
	// CopyFail.
	CopyIn(binary bool, columnFormats []int16) (io.Reader, error)
	// CopyOut sends CopyOutResponse and returns a writer of CopyData.
	CopyOut(binary bool, columnFormats []int16) (CopyWriter, error)
	// ParameterStatus sends a ParameterStatus message (after a SET that
	// changes a reported setting).
	ParameterStatus(name, value string) error
}
