package catalog

import (
	"context"
	"fmt"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// A database has one schema of its own, public, which holds all its
// tables, views and sequences. DROP SCHEMA public (after dropping them,
// with CASCADE) removes it and CREATE SCHEMA public makes it again, the
// way test suites and migration tools reset a database; while it is gone
// nothing can be created in it (3F000), as in PostgreSQL. A marker key
// in the database's catalog records that it is gone, so the change is
// transactional and a schema change like any other.

// PublicSchema reports whether db's schema public exists.
func (c *Catalog) PublicSchema(ctx context.Context, txn kv.Txn, db *Database) (bool, error) {
	_, gone, err := txn.Get(ctx, keys.NoPublicKey(nil, db.Namespace, db.ID))
	if err != nil {
		return false, fmt.Errorf("catalog: read schema public: %w", err)
	}
	return !gone, nil
}

// SetPublicSchema creates (exists) or removes db's schema public; its
// objects are the caller's to drop first.
func (c *Catalog) SetPublicSchema(ctx context.Context, txn kv.Txn, db *Database, exists bool) error {
	if err := c.checkLive(ctx, txn, db); err != nil {
		return err
	}
	key := keys.NoPublicKey(nil, db.Namespace, db.ID)
	var err error
	if exists {
		err = txn.Delete(key)
	} else {
		err = txn.Put(key, []byte{})
	}
	if err != nil {
		return fmt.Errorf("catalog: write schema public: %w", err)
	}
	return nil
}

// checkSchema refuses to create an object in db while its schema public
// is gone.
func (c *Catalog) checkSchema(ctx context.Context, txn kv.Txn, db *Database) error {
	if db.Temporary() {
		return nil // pg_temp_N is not public: DROP SCHEMA public leaves it
	}
	ok, err := c.PublicSchema(ctx, txn, db)
	if err != nil || ok {
		return err
	}
	return errs.New(errs.InvalidSchemaName, "no schema has been selected to create in")
}
