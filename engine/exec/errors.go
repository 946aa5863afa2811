package exec

import (
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// SQLSTATEs that errs does not name.
const (
	codeUndefinedParameter   = "42P02"
	codeInvalidRowCountLimit = "2201W"
	codeInvalidRowCountOff   = "2201X"
	codeStackDepth           = "54001"
)

// atPos turns err into an *errs.Error carrying pos (when it has no
// position yet). Errors from value and builtin functions carry a SQLSTATE
// but cannot know where in the statement text they happened.
func atPos(err error, pos int) error {
	if err == nil {
		return nil
	}
	e := errs.From(err)
	if pos > 0 && e.Position == 0 {
		return e.WithPos(pos)
	}
	return e
}

func errAt(pos int, code, format string, args ...any) error {
	e := errs.New(code, format, args...)
	if pos > 0 {
		e.Position = pos
	}
	return e
}

func internalf(format string, args ...any) error {
	return errs.New(errs.InternalError, "executor: "+format, args...)
}

// kindName names a value's type for error messages.
func kindName(v value.Value) string { return v.Kind().String() }

func typeMismatch(pos int, format string, args ...any) error {
	return errAt(pos, errs.DatatypeMismatch, format, args...)
}
