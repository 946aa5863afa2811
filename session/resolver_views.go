package session

import (
	"context"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

var _ translate.ViewResolver = (*resolver)(nil)

// View finds a SQL view of the session's database through the statement's
// transaction. Like stored functions, views are not recorded for
// Session.current (the tables a view reads are, as the translation looks
// them up).
func (r *resolver) View(ctx context.Context, name string) (*catalog.View, bool, error) {
	v, err := r.s.db.cat.View(ctx, r.txn, r.s.database, name)
	return foundObject(v, err, errs.UndefinedTable)
}
