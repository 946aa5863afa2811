package session

import (
	"context"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

var _ translate.ViewResolver = (*resolver)(nil)

// View finds a SQL view of the session's database through the statement's
// transaction, and records it like a stored function, so that a prepared
// statement reading a replaced or dropped view is translated again (the
// tables the view reads are recorded as the translation looks them up).
func (r *resolver) View(ctx context.Context, name string) (*catalog.View, bool, error) {
	if _, err := r.catalogObjects().lookup(ctx, objView, name); err != nil {
		return nil, false, err
	}
	v, err := r.s.db.cat.View(ctx, r.txn, r.s.database, name)
	switch {
	case errs.Code(err) == errs.UndefinedTable:
		return nil, false, nil
	case err != nil:
		return nil, false, err
	}
	return v, true, nil
}

// MatViews lists the database's materialized views, recording the
// listing as Views does.
func (r *resolver) MatViews(ctx context.Context) ([]*catalog.Table, error) {
	if _, err := r.catalogObjects().lookup(ctx, objMatViews, ""); err != nil {
		return nil, err
	}
	return r.s.db.matViews(ctx, r.txn, r.s.database)
}

// Views lists the database's views, recording the listing: a DROP
// checks its dependents with it, which a new or changed view changes.
func (r *resolver) Views(ctx context.Context) ([]*catalog.View, error) {
	if _, err := r.catalogObjects().lookup(ctx, objViews, ""); err != nil {
		return nil, err
	}
	return r.s.db.cat.Views(ctx, r.txn, r.s.database)
}
