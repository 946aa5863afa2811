package session

import (
	"context"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

var _ translate.CatalogResolver = (*resolver)(nil)

// The resolver's side of translate.CatalogResolver: the ZQL catalog
// objects (stored functions, enums, named types) of the session's
// database, read through the statement's transaction like tables, and
// recorded like them, so that a prepared plan that used a redefined or
// dropped object is translated again (catalogdeps.go).

func (r *resolver) catalogObjects() *catalogObjects {
	if r.objs.db == nil {
		r.objs = catalogObjects{db: r.s.db, txn: r.txn, database: r.s.database, session: r.s}
	}
	return &r.objs
}

func (r *resolver) StoredFunction(ctx context.Context, name string) (*catalog.Function, bool, error) {
	return r.catalogObjects().StoredFunction(ctx, name)
}

func (r *resolver) Enum(ctx context.Context, name string) (*catalog.Enum, bool, error) {
	return r.catalogObjects().Enum(ctx, name)
}

func (r *resolver) TypeDef(ctx context.Context, name string) (*catalog.TypeDef, bool, error) {
	return r.catalogObjects().TypeDef(ctx, name)
}

func (r *resolver) CatalogNames(ctx context.Context, kind string) ([]string, error) {
	return r.catalogObjects().CatalogNames(ctx, kind)
}

// CatalogNames lists the names of one kind of object (table, function,
// enum, type) for messages and describe; listings are not dependencies.
func (c *catalogObjects) CatalogNames(ctx context.Context, kind string) ([]string, error) {
	c.listed = true
	cat := c.db.cat
	var names []string
	var err error
	switch kind {
	case "table":
		var ts []*catalog.Table
		ts, err = cat.Tables(ctx, c.txn, c.database)
		for _, t := range ts {
			names = append(names, t.Name)
		}
	case "function":
		var fs []*catalog.Function
		fs, err = cat.Functions(ctx, c.txn, c.database)
		for _, f := range fs {
			names = append(names, f.Name)
		}
	case "enum":
		var es []*catalog.Enum
		es, err = cat.Enums(ctx, c.txn, c.database)
		for _, e := range es {
			names = append(names, e.Name)
		}
	case "type":
		var ts []*catalog.TypeDef
		ts, err = cat.TypeDefs(ctx, c.txn, c.database)
		for _, t := range ts {
			names = append(names, t.Name)
		}
	default:
		return nil, errs.New(errs.InternalError, "session: unknown kind of catalog object %q", kind)
	}
	return names, err
}

// Setting reads a run-time parameter of the session (translate.SettingResolver).
// CheckSetting implements translate.SettingChecker.
func (r *resolver) CheckSetting(name, value string) (string, error) {
	g, ok := r.s.settings.lookup(name)
	switch {
	case !ok && strings.Contains(name, "."):
		return name, nil // a custom parameter takes any value
	case !ok:
		return "", errs.New(errs.UndefinedObject, "unrecognized configuration parameter %q", name)
	}
	if _, err := r.s.settings.check(g, value); err != nil {
		return "", err
	}
	return g.name, nil
}

func (r *resolver) Setting(name string) (string, bool) {
	g, ok := r.s.settings.lookup(name)
	if !ok {
		return "", false
	}
	return g.value, true
}
