package zqlfe

// This file fixes the ZQL front end's API for the session while it is
// implemented; its declarations move to their real files and it is deleted.

import (
	"context"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

// Stmt is one statement of a ZQL message.
type Stmt struct {
	// Text is the whole message; Start and End delimit the statement.
	Text       string
	Start, End int
}

// Split parses a ZQL message into statements (syntax errors are 42601
// with a 1-based character position into the whole message).
func Split(text string) ([]Stmt, error) {
	return nil, errs.New(errs.FeatureNotSupported, "ZQL is not available yet")
}

// Translate turns one statement into a plan.
func Translate(ctx context.Context, r translate.Resolver, s Stmt) (*plan.Statement, error) {
	return nil, errs.New(errs.FeatureNotSupported, "ZQL is not available yet")
}
