package session

import (
	"context"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/kv"
	"github.com/zerodb/zerodb/translate"
)

var (
	_ translate.ViewResolver = (*resolver)(nil)
	_ translate.TableLister  = (*resolver)(nil)
)

// View finds a SQL view through the statement's transaction (lookupView:
// "schema.v", or a bare name along search_path), and records it like a
// stored function, so that a prepared statement reading a replaced or
// dropped view is translated again (the tables the view reads are
// recorded as the translation looks them up).
func (r *resolver) View(ctx context.Context, name string) (*catalog.View, bool, error) {
	if _, err := r.catalogObjects().lookup(ctx, objView, name); err != nil {
		return nil, false, err
	}
	v, err := r.s.lookupView(ctx, r.txn, name)
	return v, v != nil && err == nil, err
}

// MatViews lists the materialized views of the database and its
// schemas, recording the listing as Views does.
func (r *resolver) MatViews(ctx context.Context) ([]translate.SchemaTable, error) {
	if _, err := r.catalogObjects().lookup(ctx, objMatViews, ""); err != nil {
		return nil, err
	}
	return r.s.db.matViews(ctx, r.txn, r.s.database)
}

// Views lists the views of the database and its schemas, recording the
// listing: a DROP checks its dependents with it, which a new or changed
// view changes.
func (r *resolver) Views(ctx context.Context) ([]translate.SchemaView, error) {
	if _, err := r.catalogObjects().lookup(ctx, objViews, ""); err != nil {
		return nil, err
	}
	return r.s.db.views(ctx, r.txn, r.s.database)
}

// eachSchema calls fn with the database itself (schema "") and then
// each of its schemas.
func (db *DB) eachSchema(ctx context.Context, txn kv.Txn, d *catalog.Database, fn func(schema string, sc *catalog.Database) error) error {
	if err := fn("", d); err != nil {
		return err
	}
	schemas, err := db.cat.Schemas(ctx, txn, d)
	if err != nil {
		return err
	}
	for _, sc := range schemas {
		if err := fn(sc.Name, sc); err != nil {
			return err
		}
	}
	return nil
}

// views lists the views of database d and of its schemas.
func (db *DB) views(ctx context.Context, txn kv.Txn, d *catalog.Database) ([]translate.SchemaView, error) {
	var out []translate.SchemaView
	err := db.eachSchema(ctx, txn, d, func(schema string, sc *catalog.Database) error {
		vs, err := db.cat.Views(ctx, txn, sc)
		for _, v := range vs {
			out = append(out, translate.SchemaView{Schema: schema, View: v})
		}
		return err
	})
	return out, err
}

// matViews lists the materialized views of database d and of its
// schemas.
func (db *DB) matViews(ctx context.Context, txn kv.Txn, d *catalog.Database) ([]translate.SchemaTable, error) {
	return db.tables(ctx, txn, d, func(t *catalog.Table) bool { return t.MatView != nil })
}

// tables lists the tables of database d and of its schemas that keep
// says to keep.
func (db *DB) tables(ctx context.Context, txn kv.Txn, d *catalog.Database, keep func(*catalog.Table) bool) ([]translate.SchemaTable, error) {
	var out []translate.SchemaTable
	err := db.eachSchema(ctx, txn, d, func(schema string, sc *catalog.Database) error {
		tables, err := db.cat.Tables(ctx, txn, sc)
		for _, t := range tables {
			if keep(t) {
				out = append(out, translate.SchemaTable{Schema: schema, Table: t})
			}
		}
		return err
	})
	return out, err
}

// Tables lists the tables of the database and its schemas. The listing
// is no dependency a prepared statement could check, so it is marked
// as one (catalogObjects.listed), as CatalogNames's is.
func (r *resolver) Tables(ctx context.Context) ([]translate.SchemaTable, error) {
	r.catalogObjects().listed = true
	return r.s.db.tables(ctx, r.txn, r.s.database, func(*catalog.Table) bool { return true })
}
