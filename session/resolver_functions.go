package session

import (
	"context"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

var _ translate.CatalogResolver = (*resolver)(nil)

// The resolver's side of translate.CatalogResolver: the ZQL catalog
// objects (stored functions, enums, named types) of the session's
// database, read through the statement's transaction like tables.
//
// Unlike tables, these lookups are not recorded for Session.current: a write
// statement translated against the read-only snapshot runs with the
// function, enum or type definitions of that snapshot even if a
// concurrent transaction replaced them in between.

func (r *resolver) StoredFunction(ctx context.Context, name string) (*catalog.Function, bool, error) {
	f, err := r.s.db.cat.Function(ctx, r.txn, r.s.database, name)
	return foundObject(f, err, errs.UndefinedFunction)
}

func (r *resolver) Enum(ctx context.Context, name string) (*catalog.Enum, bool, error) {
	e, err := r.s.db.cat.Enum(ctx, r.txn, r.s.database, name)
	return foundObject(e, err, errs.UndefinedObject)
}

func (r *resolver) TypeDef(ctx context.Context, name string) (*catalog.TypeDef, bool, error) {
	t, err := r.s.db.cat.TypeDef(ctx, r.txn, r.s.database, name)
	return foundObject(t, err, errs.UndefinedObject)
}

func (r *resolver) CatalogNames(ctx context.Context, kind string) ([]string, error) {
	return r.listCatalogNames(ctx, kind)
}

// foundObject turns the catalog's "missing" error into ok=false.
func foundObject[T any](v *T, err error, missing string) (*T, bool, error) {
	if err != nil {
		if errs.Code(err) == missing {
			return nil, false, nil
		}
		return nil, false, err
	}
	return v, true, nil
}

func (r *resolver) listCatalogNames(ctx context.Context, kind string) ([]string, error) {
	cat := r.s.db.cat
	var names []string
	var err error
	switch kind {
	case "table":
		var ts []*catalog.Table
		ts, err = cat.Tables(ctx, r.txn, r.s.database)
		for _, t := range ts {
			names = append(names, t.Name)
		}
	case "function":
		var fs []*catalog.Function
		fs, err = cat.Functions(ctx, r.txn, r.s.database)
		for _, f := range fs {
			names = append(names, f.Name)
		}
	case "enum":
		var es []*catalog.Enum
		es, err = cat.Enums(ctx, r.txn, r.s.database)
		for _, e := range es {
			names = append(names, e.Name)
		}
	case "type":
		var ts []*catalog.TypeDef
		ts, err = cat.TypeDefs(ctx, r.txn, r.s.database)
		for _, t := range ts {
			names = append(names, t.Name)
		}
	default:
		return nil, errs.New(errs.InternalError, "session: unknown kind of catalog object %q", kind)
	}
	return names, err
}
