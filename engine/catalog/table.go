package catalog

import (
	"context"
	"fmt"
	"slices"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

func errNoTable(name string) error {
	return errs.New(errs.UndefinedTable, "relation %q does not exist", name)
}

// Table finds a table (42P01 `relation "x" does not exist`).
//
// This is on every statement's path: one kv Get of the descriptor, then
// the descriptor cache (see descCache) instead of decoding it; in a
// transaction that sees a schema version an earlier lookup was made in,
// not even the Get (versionedTables; a read-write transaction still
// records the read).
func (c *Catalog) Table(ctx context.Context, txn kv.Txn, db *Database, name string) (*Table, error) {
	// Room for the whole key at once, on the stack: growing it append by
	// append cost five allocations per lookup, and every statement looks
	// tables up, most of them answered by byName, which keeps nothing of
	// the key. The read and the cache get a copy of their own.
	var room [64]byte
	key := keys.TableKey(room[:0], db.Namespace, db.ID, name)
	version := schemaVersion(txn, key)
	if t, _ := c.byName.get(version, key); t != nil {
		return t, nil
	}
	return c.readTable(ctx, txn, db, name, slices.Clone(key), version)
}

// readTable is Table's read of the descriptor at key when byName does
// not have it.
func (c *Catalog) readTable(ctx context.Context, txn kv.Txn, db *Database, name string, key []byte, version uint64) (*Table, error) {
	b, ok, err := txn.Get(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("catalog: read table %q: %w", name, err)
	}
	if !ok {
		return nil, errNoTable(name)
	}
	t, err := c.tables.get(b, decodeTable)
	if err != nil {
		return nil, err
	}
	if t.Name != name || t.Database != db.ID {
		return nil, errs.New(errs.DataCorrupted, "catalog: table entry %q holds table %q of database %d",
			name, t.Name, t.Database)
	}
	c.byName.put(version, key, t)
	return t, nil
}

// Tables lists a database's tables in name order.
func (c *Catalog) Tables(ctx context.Context, txn kv.Txn, db *Database) ([]*Table, error) {
	var out []*Table
	err := scanValues(ctx, txn, keys.TablesPrefix(nil, db.Namespace, db.ID), func(b []byte) error {
		t, err := c.tables.get(b, decodeTable)
		if err != nil {
			return err
		}
		out = append(out, t)
		return nil
	})
	return out, err
}

// CreateTable stores t (assigning t.ID and t.Database) and returns it
// (42P07 `relation "x" already exists`; 3D000 when db was dropped).
func (c *Catalog) CreateTable(ctx context.Context, txn kv.Txn, db *Database, t *Table) (*Table, error) {
	if err := validateTable(t); err != nil {
		return nil, err
	}
	if err := c.checkLive(ctx, txn, db); err != nil {
		return nil, err
	}
	if err := c.checkSchema(ctx, txn, db); err != nil {
		return nil, err
	}
	key := keys.TableKey(nil, db.Namespace, db.ID, t.Name)
	_, ok, err := txn.Get(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("catalog: read table %q: %w", t.Name, err)
	}
	if ok {
		return nil, errs.New(errs.DuplicateTable, "relation %q already exists", t.Name)
	}
	if err := c.checkRelationNameFree(ctx, txn, db, t.Name); err != nil {
		return nil, err
	}
	id, err := c.objectID(ctx, txn, db, seqTable)
	if err != nil {
		return nil, err
	}
	// Encode a copy so that t is only changed once the write has
	// succeeded.
	stored := *t
	stored.ID, stored.Database = id, db.ID
	b, err := encodeTable(&stored)
	if err != nil {
		return nil, err
	}
	if err := txn.Put(key, b); err != nil {
		return nil, fmt.Errorf("catalog: write table %q: %w", t.Name, err)
	}
	t.ID, t.Database = id, db.ID
	return t, nil
}

// DropTable drops a table and all its records (42P01 when missing,
// 42809 when name is a materialized view).
func (c *Catalog) DropTable(ctx context.Context, txn kv.Txn, db *Database, name string) error {
	return c.dropTable(ctx, txn, db, name, false)
}

// DropMatView drops a materialized view and all its records (42P01 when
// missing, 42809 when name is a table or a view).
func (c *Catalog) DropMatView(ctx context.Context, txn kv.Txn, db *Database, name string) error {
	return c.dropTable(ctx, txn, db, name, true)
}

func (c *Catalog) dropTable(ctx context.Context, txn kv.Txn, db *Database, name string, matview bool) error {
	if err := c.checkLive(ctx, txn, db); err != nil {
		return err
	}
	kind := "table"
	if matview {
		kind = "materialized view"
	}
	t, err := c.Table(ctx, txn, db, name)
	if err != nil {
		if errs.Code(err) == errs.UndefinedTable {
			if _, serr := c.Sequence(ctx, txn, db, name); serr == nil {
				return errs.New(errs.WrongObjectType, "%q is not a %s", name, kind).WithHint("Use DROP SEQUENCE to remove a sequence.")
			}
		}
		if matview && errs.Code(err) == errs.UndefinedTable {
			return c.wrongRelationKind(ctx, txn, db, name, errs.New(errs.UndefinedTable, "materialized view %q does not exist", name), kind, "VIEW")
		}
		return c.wrongRelationKind(ctx, txn, db, name, err, kind, "VIEW")
	}
	switch {
	case matview && t.MatView == nil:
		return errs.New(errs.WrongObjectType, "%q is not a materialized view", name).WithHint("Use DROP TABLE to remove a table.")
	case !matview && t.MatView != nil:
		return errs.New(errs.WrongObjectType, "%q is not a table", name).WithHint("Use DROP MATERIALIZED VIEW to remove a materialized view.")
	}
	if err := txn.Delete(keys.TableKey(nil, db.Namespace, db.ID, name)); err != nil {
		return fmt.Errorf("catalog: delete table %q: %w", name, err)
	}
	for i := range t.Indexes {
		if err := clearIndexEntries(ctx, txn, db, &t.Indexes[i]); err != nil {
			return err
		}
	}
	start, end := keys.TableSpan(db.Namespace, db.ID, t.ID)
	return clearRange(ctx, txn, start, end)
}

// validateTable is the catalog's last line of defence: the front ends
// check the same rules with positions in their errors, but a descriptor
// that breaks them must never be stored.
func validateTable(t *Table) error {
	if t == nil {
		return errs.New(errs.InternalError, "catalog: CreateTable without a table")
	}
	if err := checkName("table", t.Name); err != nil {
		return err
	}
	seen := make(map[string]bool, len(t.Fields))
	for i := range t.Fields {
		f := &t.Fields[i]
		if err := checkName("column", f.Name); err != nil {
			return err
		}
		if seen[f.Name] {
			return errs.New(duplicateColumn, "column %q specified more than once", f.Name)
		}
		seen[f.Name] = true
	}
	inKey := make(map[string]bool, len(t.PrimaryKey))
	for _, k := range t.PrimaryKey {
		if t.Schemafull && !seen[k] {
			return errs.New(errs.UndefinedColumn, "column %q named in key does not exist", k)
		}
		if inKey[k] {
			return errs.New(duplicateColumn, "column %q appears twice in primary key constraint", k)
		}
		inKey[k] = true
	}
	for _, fk := range t.ForeignKeys {
		if len(fk.Columns) == 0 || len(fk.Columns) != len(fk.RefColumns) || fk.RefTable == "" {
			return errs.New(errs.InternalError, "catalog: foreign key %q of table %q is incomplete", fk.Name, t.Name)
		}
		for _, c := range fk.Columns {
			if t.Schemafull && !seen[c] {
				return errs.New(errs.UndefinedColumn, "column %q referenced in foreign key constraint does not exist", c)
			}
		}
	}
	return nil
}
