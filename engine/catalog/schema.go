package catalog

import (
	"context"
	"fmt"
	"strings"

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
	if db.Temporary() || db.IsSchema() {
		return nil // not public: DROP SCHEMA public leaves it
	}
	ok, err := c.PublicSchema(ctx, txn, db)
	if err != nil || ok {
		return err
	}
	return errs.New(errs.InvalidSchemaName, "no schema has been selected to create in")
}

// Schemas other than public (CREATE SCHEMA s) are Databases of their own
// (Database.Parent): a directory entry in their database's catalog
// (keys.SchemaNameKey) holds the descriptor, and every object of the
// schema is keyed under the schema's id, so DROP SCHEMA ... CASCADE is
// one range deletion, as DROP DATABASE is. Ids come from the database id
// sequence, so no schema's range overlaps another's.

func errNoSchema(name string) error {
	return errs.New(errs.InvalidSchemaName, "schema %q does not exist", name)
}

// CreateSchema makes schema name of db, owned by owner ("" is root);
// 42P06 when it exists.
func (c *Catalog) CreateSchema(ctx context.Context, txn kv.Txn, db *Database, name, owner string) (*Database, error) {
	if err := checkName("schema", name); err != nil {
		return nil, err
	}
	if err := c.checkLive(ctx, txn, db); err != nil {
		return nil, err
	}
	key := keys.SchemaNameKey(nil, db.Namespace, db.ID, name)
	_, ok, err := txn.Get(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("catalog: read schema %q: %w", name, err)
	}
	if ok {
		return nil, errs.New(errs.DuplicateSchema, "schema %q already exists", name)
	}
	id, err := nextID(ctx, txn, seqDatabase)
	if err != nil {
		return nil, err
	}
	if owner == BootstrapUser {
		owner = ""
	}
	s := &Database{ID: id, Namespace: db.Namespace, Name: name, Owner: owner, Parent: db.ID}
	return s, c.putSchema(txn, s)
}

func (c *Catalog) putSchema(txn kv.Txn, s *Database) error {
	b, err := encodeDatabase(s)
	if err != nil {
		return err
	}
	if err := txn.Put(keys.SchemaNameKey(nil, s.Namespace, s.Parent, s.Name), b); err != nil {
		return fmt.Errorf("catalog: write schema %q: %w", s.Name, err)
	}
	return nil
}

// Schema finds schema name of db (3F000 when there is none).
func (c *Catalog) Schema(ctx context.Context, txn kv.Txn, db *Database, name string) (*Database, error) {
	key := keys.SchemaNameKey(nil, db.Namespace, db.ID, name)
	version := schemaVersion(txn, key)
	if s, ok := c.schemaByName.get(version, key); ok {
		if s == nil {
			return nil, errNoSchema(name)
		}
		return s, nil
	}
	b, ok, err := txn.Get(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("catalog: read schema %q: %w", name, err)
	}
	if !ok {
		c.schemaByName.put(version, key, nil)
		return nil, errNoSchema(name)
	}
	s, err := c.databases.get(b, decodeDatabase)
	if err != nil {
		return nil, err
	}
	if s.Name != name || s.Parent != db.ID {
		return nil, errs.New(errs.DataCorrupted, "catalog: schema entry %q holds schema %q of database %d", name, s.Name, s.Parent)
	}
	c.schemaByName.put(version, key, s)
	return s, nil
}

// Schemas lists db's schemas other than public, in name order.
func (c *Catalog) Schemas(ctx context.Context, txn kv.Txn, db *Database) ([]*Database, error) {
	if db.Temporary() || db.IsSchema() {
		return nil, nil
	}
	var out []*Database
	err := scanValues(ctx, txn, keys.SchemasPrefix(nil, db.Namespace, db.ID), func(b []byte) error {
		s, err := c.databases.get(b, decodeDatabase)
		if err != nil {
			return err
		}
		out = append(out, s)
		return nil
	})
	return out, err
}

// SchemaByID finds the schema of db whose id is id (3F000 when none is).
func (c *Catalog) SchemaByID(ctx context.Context, txn kv.Txn, db *Database, id uint64) (*Database, error) {
	all, err := c.Schemas(ctx, txn, db)
	if err != nil {
		return nil, err
	}
	for _, s := range all {
		if s.ID == id {
			return s, nil
		}
	}
	return nil, errs.New(errs.InvalidSchemaName, "schema %d does not exist", id)
}

// DropSchema removes schema s of its database with everything in it, in
// one range deletion; what depends on its objects from elsewhere is the
// caller's to check first.
func (c *Catalog) DropSchema(ctx context.Context, txn kv.Txn, s *Database) error {
	if err := c.checkLive(ctx, txn, s); err != nil {
		return err
	}
	if err := txn.Delete(keys.SchemaNameKey(nil, s.Namespace, s.Parent, s.Name)); err != nil {
		return fmt.Errorf("catalog: delete schema %q: %w", s.Name, err)
	}
	start, end := keys.DatabaseSpan(s.Namespace, s.ID)
	return clearRange(ctx, txn, start, end)
}

// AlterSchema renames schema s (42P06 when the new name is taken) and
// gives it an owner and access list; its objects stay where they are,
// keyed by its id.
func (c *Catalog) AlterSchema(ctx context.Context, txn kv.Txn, s *Database, name string, p *Privileges) (*Database, error) {
	if err := c.checkLive(ctx, txn, s); err != nil {
		return nil, err
	}
	if err := checkName("schema", name); err != nil {
		return nil, err
	}
	if name != s.Name {
		_, ok, err := txn.Get(ctx, keys.SchemaNameKey(nil, s.Namespace, s.Parent, name))
		if err != nil {
			return nil, fmt.Errorf("catalog: read schema %q: %w", name, err)
		}
		if ok {
			return nil, errs.New(errs.DuplicateSchema, "schema %q already exists", name)
		}
		if err := txn.Delete(keys.SchemaNameKey(nil, s.Namespace, s.Parent, s.Name)); err != nil {
			return nil, fmt.Errorf("catalog: delete schema %q: %w", s.Name, err)
		}
	}
	owner := p.Owner
	if owner == BootstrapUser {
		owner = ""
	}
	ns := *s
	ns.Name, ns.Owner, ns.ACL = name, owner, p.ACL
	return &ns, c.putSchema(txn, &ns)
}

// CommentSchema sets schema s's comment ("" removes it): COMMENT ON
// SCHEMA.
func (c *Catalog) CommentSchema(ctx context.Context, txn kv.Txn, s *Database, text string) error {
	if err := c.checkLive(ctx, txn, s); err != nil {
		return err
	}
	ns := *s
	ns.Comment = text
	return c.putSchema(txn, &ns)
}

// checkSchemaLive is checkLive for a schema: its directory entry must
// still hold it, which also makes a concurrent DROP SCHEMA conflict with
// DDL inside it.
func (c *Catalog) checkSchemaLive(ctx context.Context, txn kv.Txn, s *Database) error {
	cur, err := c.Schema(ctx, txn, s.Base(), s.Name)
	if err != nil {
		return err
	}
	if cur.ID != s.ID {
		return errNoSchema(s.Name)
	}
	return nil
}

// ParseSearchPath splits a search_path value into its schema names:
// unquoted names are folded to lower case, quoted ones kept ("" in a
// quoted name is one quote).
func ParseSearchPath(v string) []string {
	var out []string
	for _, part := range splitTopLevel(v) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if len(part) >= 2 && part[0] == '"' && part[len(part)-1] == '"' {
			part = strings.ReplaceAll(part[1:len(part)-1], `""`, `"`)
		} else {
			part = strings.ToLower(part)
		}
		if part == "pg_catalog" || part == "pg_temp" {
			continue
		}
		out = append(out, part)
	}
	return out
}

// splitTopLevel splits v at the commas outside double quotes.
func splitTopLevel(v string) []string {
	var out []string
	quoted, start := false, 0
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				out = append(out, v[start:i])
				start = i + 1
			}
		}
	}
	return append(out, v[start:])
}
