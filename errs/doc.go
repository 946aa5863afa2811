// Package errs owns zerodb's one error type: an Error carries a SQLSTATE,
// message, detail, hint and a 1-based character position in the statement
// text. Every layer that reports an error to a client produces one of these
// (or wraps one with %w) so that pgwire can render it as an ErrorResponse.
//
// errs is a leaf: it must never import any other zerodb package. lang/ does
// not import it either (lang knows nothing of the project); lang's syntax
// errors satisfy the small interfaces that From understands instead.
package errs
