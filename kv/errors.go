package kv

import (
	"errors"
	"fmt"

	"github.com/zerodb/zerodb/errs"
)

// Sentinel errors. kv returns them wrapped in an *errs.Error carrying the
// matching SQLSTATE, so callers can test with errors.Is and clients get the
// right code.
var (
	// ErrConflict: a transaction that committed after this one began wrote
	// something this one read. SQLSTATE 40001; retrying may succeed.
	ErrConflict = errors.New("could not serialize access due to concurrent update")
	// ErrReadOnly: a write on a ReadOnly transaction. SQLSTATE 25006.
	ErrReadOnly = errors.New("cannot execute write in a read-only transaction")
	// ErrTxnDone: an operation on a transaction that already committed or
	// rolled back. SQLSTATE 25000.
	ErrTxnDone = errors.New("kv: transaction has already been committed or rolled back")
	// ErrClosed: an operation on a closed Store. SQLSTATE 57P01.
	ErrClosed = errors.New("kv: store is closed")
	// ErrCorrupt: malformed key encoding or batch. SQLSTATE XX001.
	ErrCorrupt = errors.New("kv: corrupt encoding")
	// ErrLogFailed: a write or sync of the write-ahead log failed, and
	// the store refuses commits, and reads that could see a commit that
	// is not durable, until it is reopened (fail-stop, see wal.go).
	// SQLSTATE 58030.
	ErrLogFailed = errors.New("kv: the write-ahead log failed; restart the server to recover")
)

const (
	// readOnlySQLTransaction is PostgreSQL's read_only_sql_transaction; errs
	// does not define it yet.
	readOnlySQLTransaction = "25006"
	dataCorrupted          = errs.DataCorrupted
)

func wrapCode(code string, err error) error { return errs.Wrap(code, err, "") }

func conflictError() error    { return wrapCode(errs.SerializationFailure, ErrConflict) }
func readOnlyError() error    { return wrapCode(readOnlySQLTransaction, ErrReadOnly) }
func txnDoneError() error     { return wrapCode(errs.InvalidTransactionState, ErrTxnDone) }
func storeClosedError() error { return wrapCode(errs.AdminShutdown, ErrClosed) }

// logFailedError reports a failure of the log (cause) as ErrLogFailed.
func logFailedError(cause error) error {
	return wrapCode(errs.IOError, fmt.Errorf("%w: %w", ErrLogFailed, cause))
}

// internalError wraps an unexpected storage failure (Pebble I/O and the like).
func internalError(err error, msg string) error {
	return errs.Wrap(errs.InternalError, err, "kv: "+msg)
}
