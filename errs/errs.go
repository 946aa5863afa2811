package errs

import (
	"context"
	"errors"
	"fmt"
)

// SQLSTATE codes used across zerodb. Names follow PostgreSQL's errcodes.txt.
const (
	SuccessfulCompletion        = "00000"
	FeatureNotSupported         = "0A000"
	InvalidParameterValue       = "22023"
	DataException               = "22000"
	DatetimeFieldOverflow       = "22008"
	DivisionByZero              = "22012"
	NumericValueOutOfRange      = "22003"
	InvalidTextRepresentation   = "22P02"
	StringDataRightTruncation   = "22001"
	InvalidDatetimeFormat       = "22007"
	InvalidTimeZoneDisplacement = "22009" // invalid_time_zone_displacement_value
	IntegrityConstraint         = "23000"
	NotNullViolation            = "23502"
	ForeignKeyViolation         = "23503"
	UniqueViolation             = "23505"
	CheckViolation              = "23514"
	ExclusionViolation          = "23P01"
	InvalidTransactionState     = "25000"
	ReadOnlySQLTransaction      = "25006"
	ActiveSQLTransaction        = "25001"
	InFailedSQLTransaction      = "25P02"
	InvalidAuthorization        = "28000"
	InvalidPassword             = "28P01"
	SerializationFailure        = "40001"
	SyntaxError                 = "42601"
	InvalidName                 = "42602"
	InsufficientPrivilege       = "42501"
	UndefinedColumn             = "42703"
	UndefinedFunction           = "42883"
	DuplicateFunction           = "42723"
	UndefinedTable              = "42P01"
	UndefinedObject             = "42704"
	DuplicateTable              = "42P07"
	DuplicateSchema             = "42P06"
	ReservedName                = "42939"
	DuplicateObject             = "42710"
	DuplicateDatabase           = "42P04"
	InvalidCatalogName          = "3D000"
	InvalidSchemaName           = "3F000"
	DatatypeMismatch            = "42804"
	AmbiguousColumn             = "42702"
	GroupingError               = "42803"
	CannotCoerce                = "42846"
	InvalidColumnReference      = "42P10"
	ProtocolViolation           = "08P01"
	QueryCanceled               = "57014"
	AdminShutdown               = "57P01"
	IOError                     = "58030" // io_error
	InternalError               = "XX000"
	DataCorrupted               = "XX001"
	ProgramLimitExceeded        = "54000"
	StatementTooComplex         = "54001"
	TooManyColumns              = "54011"
	TooManyConnections          = "53300"
	OutOfMemory                 = "53200"
	InvalidSQLStatementName     = "26000"
	InvalidCursorName           = "34000"
	DuplicateCursor             = "42P03"
	InvalidCursorDefinition     = "42P11"
	NoActiveSQLTransaction      = "25P01"
	CardinalityViolation        = "21000"
	WrongObjectType             = "42809"
	InvalidGrantOperation       = "0LP01"
	InvalidFunctionDefinition   = "42P13"
	InvalidTableDefinition      = "42P16"
	InvalidObjectDefinition     = "42P17"
	DeadlockDetected            = "40P01"
	LockNotAvailable            = "55P03"
	InvalidRecursion            = "42P19"
	InvalidParameterType        = "42P18"
	IndeterminateDatatype       = "42P18"
	InvalidEscapeSequence       = "22025"
	InvalidRegularExpression    = "2201B"
	NullValueNotAllowed         = "22004"
	ZeroLengthCharacterString   = "2200F"
	InvalidBinaryRepresentation = "22P03"
	CaseNotFound                = "20000"
	SequenceGeneratorLimit      = "2200H" // sequence_generator_limit_exceeded
	ObjectNotInPrerequisite     = "55000" // object_not_in_prerequisite_state
	ObjectInUse                 = "55006"
	CantChangeRuntimeParam      = "55P02"
	GeneratedAlways             = "428C9" // generated_always
	DependentObjectsStillExist  = "2BP01"
	UndefinedParameter          = "42P02"
	TooManyArguments            = "54023"
)

// InvalidTransactionTermination is COMMIT or ROLLBACK where a
// procedure may not end the transaction (class 2D).
const InvalidTransactionTermination = "2D000"

// Error is the one error type of zerodb.
type Error struct {
	Code     string // SQLSTATE, five characters
	Message  string
	Detail   string
	Hint     string
	Where    string // PostgreSQL's CONTEXT: where the error happened ("COPY t, line 3, column a: ...")
	Position int    // 1-based character position in the statement text; 0 = none
	Severity string
	cause    error
}

func (e *Error) Error() string {
	if e.cause != nil && e.Message == "" {
		return e.cause.Error()
	}
	return e.Message
}

// Unwrap exposes the cause an Error was built from, if any.
func (e *Error) Unwrap() error { return e.cause }

// SQLState returns the error's SQLSTATE.
func (e *Error) SQLState() string { return e.Code }

// New makes an Error with a code and a formatted message.
func New(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap makes an Error with a code whose message is msg: cause's text.
func Wrap(code string, cause error, msg string) *Error {
	m := cause.Error()
	if msg != "" {
		m = msg + ": " + m
	}
	return &Error{Code: code, Message: m, cause: cause}
}

// WithPos returns a copy of e with the position set (only if e has none).
func (e *Error) WithPos(pos int) *Error {
	c := *e
	if c.Position == 0 {
		c.Position = pos
	}
	return &c
}

// WithoutPos returns a copy of e with no position: for an error whose
// position would point into text the client did not send (an embedded
// statement, a type name read from a string), or where PostgreSQL's
// error has none.
func (e *Error) WithoutPos() *Error {
	c := *e
	c.Position = 0
	return &c
}

// WithDetail returns a copy of e with the detail set.
func (e *Error) WithDetail(format string, args ...any) *Error {
	c := *e
	c.Detail = fmt.Sprintf(format, args...)
	return &c
}

// WithWhere returns a copy of e with the context (PostgreSQL's CONTEXT
// field) set.
func (e *Error) WithWhere(format string, args ...any) *Error {
	c := *e
	c.Where = fmt.Sprintf(format, args...)
	return &c
}

// WithHint returns a copy of e with the hint set.
func (e *Error) WithHint(format string, args ...any) *Error {
	c := *e
	c.Hint = fmt.Sprintf(format, args...)
	return &c
}

// sqlStater is what errors from packages that may not import errs (lang/)
// implement so that From can keep their SQLSTATE.
type sqlStater interface{ SQLState() string }

// positioner is implemented by errors that know a 1-based character position.
type positioner interface{ Position() int }

// From turns any error into an *Error: an *Error anywhere in the chain is
// returned as is; context cancellation becomes 57014; errors that report a
// SQLSTATE (and maybe a position) keep them; anything else is XX000.
func From(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		if e == nil {
			// A nil *Error in a non-nil error interface: a bug in the
			// code that returned it, answered as one rather than a
			// panic in every caller that reads its code.
			return &Error{Code: InternalError, Message: "internal error: an error value without its error"}
		}
		return e
	}
	if errors.Is(err, context.Canceled) {
		return &Error{Code: QueryCanceled, Message: "canceling statement due to user request", cause: err}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &Error{Code: QueryCanceled, Message: "canceling statement due to statement timeout", cause: err}
	}
	out := &Error{Code: InternalError, Message: err.Error(), cause: err}
	var s sqlStater
	if errors.As(err, &s) {
		out.Code = s.SQLState()
	}
	var p positioner
	if errors.As(err, &p) {
		out.Position = p.Position()
	}
	return out
}

// Code returns the SQLSTATE of err ("" for nil).
func Code(err error) string {
	if err == nil {
		return ""
	}
	return From(err).Code
}
