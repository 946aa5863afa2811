package catalog

import (
	"context"
	"fmt"
	"strings"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

func errNoDatabase(name string) error {
	return errs.New(errs.InvalidCatalogName, "database %q does not exist", name)
}

// SplitDatabaseName splits a database as sessions name one — "db", or
// "namespace/db" for a database of another namespace (the start-up
// database, use db.@`ns/db`, destroy db.@`ns/db`) — into its namespace,
// ns when the name gives none, and its own name.
func SplitDatabaseName(name, ns string) (namespace, db string) {
	if i := strings.IndexByte(name, '/'); i >= 0 {
		return name[:i], name[i+1:]
	}
	return ns, name
}

// Database finds a database of a namespace (3D000 `database "x" does not
// exist`; 3F000 when the namespace is missing).
func (c *Catalog) Database(ctx context.Context, txn kv.Txn, namespace, name string) (*Database, error) {
	ns, err := c.Namespace(ctx, txn, namespace)
	if err != nil {
		return nil, err
	}
	return c.database(ctx, txn, ns.ID, name)
}

func (c *Catalog) database(ctx context.Context, txn kv.Txn, nsID uint64, name string) (*Database, error) {
	b, ok, err := txn.Get(ctx, keys.DatabaseNameKey(nil, nsID, name))
	if err != nil {
		return nil, fmt.Errorf("catalog: read database %q: %w", name, err)
	}
	if !ok {
		return nil, errNoDatabase(name)
	}
	db, err := c.databases.get(b, decodeDatabase)
	if err != nil {
		return nil, err
	}
	if db.Name != name || db.Namespace != nsID {
		return nil, errs.New(errs.DataCorrupted, "catalog: database entry %q holds database %q of namespace %d",
			name, db.Name, db.Namespace)
	}
	return db, nil
}

// checkLive reads db's name entry inside txn and fails with 3D000 unless
// it still names db. DDL inside a database calls it so that it cannot
// write into a database that was dropped (or dropped and re-created)
// since db was resolved, and so that a concurrent DROP DATABASE conflicts
// with it.
func (c *Catalog) checkLive(ctx context.Context, txn kv.Txn, db *Database) error {
	if db.Temporary() {
		// A session's temporary schema has no directory entry: it lives
		// exactly as long as its session.
		return nil
	}
	if db.IsSchema() {
		return c.checkSchemaLive(ctx, txn, db)
	}
	cur, err := c.database(ctx, txn, db.Namespace, db.Name)
	if err != nil {
		return err
	}
	if cur.ID != db.ID {
		return errNoDatabase(db.Name)
	}
	return nil
}

// CreateDatabase creates a database (42P04 when it exists; 3F000 when the
// namespace is missing).
func (c *Catalog) CreateDatabase(ctx context.Context, txn kv.Txn, namespace, name string) (*Database, error) {
	if err := checkPathName("database", name); err != nil {
		return nil, err
	}
	ns, err := c.Namespace(ctx, txn, namespace)
	if err != nil {
		return nil, err
	}
	key := keys.DatabaseNameKey(nil, ns.ID, name)
	_, ok, err := txn.Get(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("catalog: read database %q: %w", name, err)
	}
	if ok {
		return nil, errs.New(errs.DuplicateDatabase, "database %q already exists", name)
	}
	id, err := nextID(ctx, txn, seqDatabase)
	if err != nil {
		return nil, err
	}
	db := &Database{ID: id, Namespace: ns.ID, Name: name}
	b, err := encodeDatabase(db)
	if err != nil {
		return nil, err
	}
	if err := txn.Put(key, b); err != nil {
		return nil, fmt.Errorf("catalog: write database %q: %w", name, err)
	}
	return db, nil
}

// SetDatabaseOwner gives db (of this transaction's catalog) a new owner.
func (c *Catalog) SetDatabaseOwner(ctx context.Context, txn kv.Txn, db *Database, owner string) error {
	nd := *db
	nd.Owner = owner
	if owner == BootstrapUser {
		nd.Owner = ""
	}
	return c.putDatabase(ctx, txn, &nd)
}

// CommentDatabase sets db's comment ("" removes it): COMMENT ON
// DATABASE, which pg_shdescription shows.
func (c *Catalog) CommentDatabase(ctx context.Context, txn kv.Txn, db *Database, text string) error {
	if err := checkUTF8(text); err != nil {
		return err
	}
	nd := *db
	nd.Comment = text
	return c.putDatabase(ctx, txn, &nd)
}

// putDatabase stores db's changed descriptor under its name.
func (c *Catalog) putDatabase(ctx context.Context, txn kv.Txn, nd *Database) error {
	if err := c.checkLive(ctx, txn, nd); err != nil {
		return err
	}
	b, err := encodeDatabase(nd)
	if err != nil {
		return err
	}
	if err := txn.Put(keys.DatabaseNameKey(nil, nd.Namespace, nd.Name), b); err != nil {
		return fmt.Errorf("catalog: write database %q: %w", nd.Name, err)
	}
	return nil
}

// DropDatabase drops a database and every key under its prefix: its
// catalog entries, records and (later) indexes.
func (c *Catalog) DropDatabase(ctx context.Context, txn kv.Txn, namespace, name string) error {
	db, err := c.Database(ctx, txn, namespace, name)
	if err != nil {
		return err
	}
	if err := txn.Delete(keys.DatabaseNameKey(nil, db.Namespace, name)); err != nil {
		return fmt.Errorf("catalog: delete database %q: %w", name, err)
	}
	schemas, err := c.Schemas(ctx, txn, db)
	if err != nil {
		return err
	}
	for _, s := range schemas {
		start, end := keys.DatabaseSpan(s.Namespace, s.ID)
		if err := clearRange(ctx, txn, start, end); err != nil {
			return err
		}
	}
	start, end := keys.DatabaseSpan(db.Namespace, db.ID)
	return clearRange(ctx, txn, start, end)
}

// Databases lists the databases of a namespace in name order.
func (c *Catalog) Databases(ctx context.Context, txn kv.Txn, namespace string) ([]*Database, error) {
	ns, err := c.Namespace(ctx, txn, namespace)
	if err != nil {
		return nil, err
	}
	var out []*Database
	err = scanValues(ctx, txn, keys.DatabaseNamesPrefix(nil, ns.ID), func(b []byte) error {
		db, err := c.databases.get(b, decodeDatabase)
		if err != nil {
			return err
		}
		out = append(out, db)
		return nil
	})
	return out, err
}
