package pgwire

import (
	"context"
	"io"
	"net/netip"

	"github.com/zerodb/zerodb/errs"
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
	// Server and Client are the TCP connection's addresses
	// (inet_server_addr, inet_client_addr and their ports); invalid
	// over a Unix socket, as PostgreSQL's NULL then.
	Server, Client netip.AddrPort
	// UnixSocket says the client connected through a Unix socket
	// (pg_stat_activity's client_port is -1 then).
	UnixSocket bool
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
	// Format is the column's format code: 0 text, 1 binary. RowDescription
	// carries it as given (the simple protocol has only text, except for a
	// FETCH from a binary cursor), except in the answer to Describe of a
	// statement, which the protocol says carries zeros since no Bind has
	// chosen the formats yet.
	Format int16
}

// ResultWriter receives the results of one statement after another. For
// each statement the session calls either Empty, or Complete, optionally
// preceded by Columns and then Row for each row.
//
// The ResultWriter pgwire passes to Query and Execute is always a
// CopyResultWriter. It is valid until that call returns and, like the
// Session, is not safe for concurrent use.
type ResultWriter interface {
	// Columns sends a RowDescription. During ExtendedSession.Execute it
	// does nothing (Describe sends the RowDescription in the extended
	// protocol), so a session can run Query and Execute through one code
	// path.
	Columns(cols []Column) error
	// Row sends a DataRow; each value is in its column's format (text for
	// the simple protocol, what Bind asked for in the extended one), nil
	// meaning NULL. The slices may be reused by the caller after Row
	// returns.
	Row(values [][]byte) error
	// Complete sends CommandComplete with a tag such as "SELECT 3" or
	// "INSERT 0 1".
	Complete(tag string) error
	// Empty sends EmptyQueryResponse (the statement text was empty).
	Empty() error
	// Notice sends a NoticeResponse.
	Notice(n errs.Notice) error
}

// ExtendedSession is a Session that also runs the extended query
// protocol. pgwire uses it when the Backend's session implements it and
// answers Parse/Bind/... with 0A000 otherwise.
//
// Statement and portal names are per connection; "" is the unnamed one,
// which a new Parse or Bind replaces. Between two Syncs the messages form
// one batch: outside a transaction block the session runs the batch in an
// implicit transaction that Sync commits (or rolls back after an error).
//
// Every method gets a context that a CancelRequest or a client hang-up
// cancels. A method's error goes to the client as an ErrorResponse (a
// FATAL one ends the connection), after which pgwire drops every message
// up to the next Sync without calling the session, as PostgreSQL does;
// Sync itself is always called.
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
	// format codes) and the result formats the client asked for (the same
	// rules, per result column).
	//
	// pgwire has already checked that len(paramFormats) is 0, 1 or
	// len(params) (08P01 otherwise) and that the parameter format codes
	// that apply and all result format codes are 0 or 1 (22023; for
	// result codes PostgreSQL would only fail once a column uses a bad
	// one, which no client relies on). The session checks what needs the
	// statement: that it exists (26000), the number of parameters (08P01
	// "bind message supplies %d parameters, but prepared statement \"%s\"
	// requires %d") and, when there are 2 or more result formats, that
	// there is one per column (08P01 "bind message has %d result formats
	// but query has %d columns"). A nil params element is NULL. The slices
	// belong to the session from now on: pgwire never reuses them.
	Bind(ctx context.Context, portal, statement string, paramFormats []int16, params [][]byte, resultFormats []int16) error
	// DescribePortal returns the columns a portal will send, with their
	// formats; nil means the portal returns no rows (NoData).
	DescribePortal(ctx context.Context, portal string) ([]Column, error)
	// Execute runs or resumes portal, sending at most maxRows rows (0: all;
	// pgwire passes 0 for the protocol's 0 or negative) through w, and then
	// either Complete, or Empty when the statement was empty (PostgreSQL's
	// EmptyQueryResponse), or neither and suspended=true when rows remain:
	// pgwire then sends PortalSuspended, and the session keeps the portal
	// for the next Execute. Execute does not send RowDescription (Describe
	// does; w.Columns does nothing here).
	Execute(ctx context.Context, portal string, maxRows int, w ResultWriter) (suspended bool, err error)
	// CloseStatement and ClosePortal forget a statement or portal (no error
	// when it does not exist).
	CloseStatement(ctx context.Context, name string) error
	ClosePortal(ctx context.Context, name string) error
	// Sync ends a batch; see the type's comment. It is called for every
	// Sync message, also after an error, so that the session can end the
	// batch's implicit transaction. An error (say a commit's 40001) is sent
	// as an ErrorResponse before the ReadyForQuery.
	Sync(ctx context.Context) error
}

// StatementDescription describes a prepared statement.
type StatementDescription struct {
	ParamTypes []uint32
	// Columns is nil when the statement returns no rows (NoData); an empty
	// non-nil slice is a RowDescription without fields (SELECT without
	// columns). Their Format is not used: see Column.Format.
	Columns []Column
}

// CopyWriter sends COPY TO STDOUT data. It is valid until the call that
// created it (Query or Execute) returns.
type CopyWriter interface {
	// Write sends p as one CopyData message (an empty p sends nothing).
	// It fails once the statement's context is cancelled.
	Write(p []byte) (int, error)
	// Done sends CopyDone; the session then sends Complete ("COPY n").
	Done() error
}

// CopyResultWriter is a ResultWriter that can switch the connection into
// COPY mode; pgwire's writers implement it.
type CopyResultWriter interface {
	ResultWriter
	// CopyIn sends CopyInResponse (flushed at once: the client waits for
	// it) and returns the data the client sends, valid until the call that
	// got it returns. Read returns the bytes of CopyData messages (Flush
	// and Sync are skipped, as the protocol says), io.EOF after CopyDone,
	// and an *errs.Error otherwise: 57014 "COPY from stdin failed: <the
	// client's message>" after CopyFail, 57014 "canceling statement due to
	// user request" after a CancelRequest, 08P01 "unexpected message type
	// 0x%02X during COPY from stdin" for any other message (which is
	// consumed, as in PostgreSQL), 08006 when the client hangs up.
	// binary is the overall format; columnFormats has one code per column.
	//
	// A session that fails before reading to io.EOF just returns its error:
	// pgwire ignores the rest of the client's COPY messages.
	CopyIn(binary bool, columnFormats []int16) (io.Reader, error)
	// CopyOut sends CopyOutResponse and returns a writer of CopyData.
	CopyOut(binary bool, columnFormats []int16) (CopyWriter, error)
	// ParameterStatus sends a ParameterStatus message (after a SET that
	// changes a reported setting).
	ParameterStatus(name, value string) error
}
