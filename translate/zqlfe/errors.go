package zqlfe

import (
	"errors"
	"fmt"

	"github.com/zerodb/zerodb/errs"
)

// errAt makes an error tied to a 1-based character position (0 = none).
// codeUndefinedParameter is PostgreSQL's undefined_parameter (42P02).
const codeUndefinedParameter = "42P02"

func errAt(code string, pos int, format string, args ...any) *errs.Error {
	return &errs.Error{Code: code, Message: fmt.Sprintf(format, args...), Position: pos}
}

// unsupported is the error for ZQL that zerodb does not translate yet.
func unsupported(pos int, format string, args ...any) *errs.Error {
	return errAt(errs.FeatureNotSupported, pos, format+" is not supported yet", args...)
}

// withPos gives err a position unless it has one: errors from the
// Resolver and from value conversions know nothing of the statement text.
// Errors without a SQLSTATE are wrapped rather than converted, so their
// cause stays visible.
func withPos(err error, pos int) error {
	var e *errs.Error
	if errors.As(err, &e) {
		return e.WithPos(pos)
	}
	return fmt.Errorf("zqlfe: %w", err)
}

// hasCode reports whether err is an *errs.Error with that SQLSTATE.
func hasCode(err error, code string) bool {
	var e *errs.Error
	return errors.As(err, &e) && e.Code == code
}
