package sqlfe

import (
	"errors"
	"fmt"

	"github.com/zerodb/zerodb/errs"
)

// SQLSTATEs sqlfe reports that package errs has no name for.
const (
	codeDuplicateColumn    = "42701"
	codeDuplicateAlias     = "42712"
	codeUndefinedParameter = "42P02"
	codeAmbiguousFunction  = "42725"
	codeInvalidRecursion   = "42P19"
	// codeInvalidObjectDefinition is PostgreSQL's code for a view whose
	// rules recurse.
	codeInvalidObjectDefinition = "42P17"
)

// errAt makes an error with a position (1-based character; 0 = none).
func errAt(code string, pos int, format string, args ...any) *errs.Error {
	return &errs.Error{Code: code, Message: fmt.Sprintf(format, args...), Position: pos}
}

// unsupported is the error for SQL zerodb does not (yet) translate.
func unsupported(pos int, what string) *errs.Error {
	return errAt(errs.FeatureNotSupported, pos, "feature not supported: %s", what)
}

// withPos gives err a position unless it has one: errors from the
// Resolver and from value conversions know nothing of the statement text.
// Errors that carry no SQLSTATE are wrapped, not converted, so that their
// cause stays visible.
func withPos(err error, pos int) error {
	var e *errs.Error
	if errors.As(err, &e) {
		return e.WithPos(pos)
	}
	return fmt.Errorf("sqlfe: %w", err)
}

// sqlError reports whether err carries a SQLSTATE of its own, i.e. is an
// error PostgreSQL would report rather than a failure of the machinery.
func sqlError(err error) (*errs.Error, bool) {
	var e *errs.Error
	if errors.As(err, &e) && e.Code != errs.InternalError {
		return e, true
	}
	return nil, false
}
