package catalog

import (
	"context"
	"fmt"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// AlterTable replaces the stored descriptor of an existing table with t
// (same name, ID and database): ALTER TABLE, primary-key changes. The
// caller rewrites records and indexes as the change needs, in the same
// transaction. Indexes must be changed through CreateIndex and DropIndex.
func (c *Catalog) AlterTable(ctx context.Context, txn kv.Txn, db *Database, t *Table) error {
	if err := validateTable(t); err != nil {
		return err
	}
	if err := c.checkLive(ctx, txn, db); err != nil {
		return err
	}
	old, err := c.Table(ctx, txn, db, t.Name)
	if err != nil {
		return err
	}
	if old.ID != t.ID || t.Database != db.ID {
		return errs.New(errs.InternalError, "catalog: AlterTable of %q with another table's identity", t.Name)
	}
	return c.putTable(txn, db, t)
}

// RenameTable renames a table (42P07 when the new name is taken).
func (c *Catalog) RenameTable(ctx context.Context, txn kv.Txn, db *Database, from, to string) (*Table, error) {
	if err := checkName("table", to); err != nil {
		return nil, err
	}
	t, err := c.Table(ctx, txn, db, from)
	if err != nil {
		return nil, err
	}
	if err := c.checkRelationNameFree(ctx, txn, db, to); err != nil {
		return nil, err
	}
	if err := txn.Delete(keys.TableKey(nil, db.Namespace, db.ID, from)); err != nil {
		return nil, fmt.Errorf("catalog: rename table %q: %w", from, err)
	}
	renamed := *t
	renamed.Name = to
	if len(t.PrimaryKey) > 0 {
		renamed.PKeyName = t.PKeyConstraint()
	}
	if err := c.putTable(txn, db, &renamed); err != nil {
		return nil, err
	}
	if err := c.renameOwner(ctx, txn, db, from, to); err != nil {
		return nil, err
	}
	return &renamed, nil
}

func (c *Catalog) putTable(txn kv.Txn, db *Database, t *Table) error {
	b, err := encodeTable(t)
	if err != nil {
		return err
	}
	if err := txn.Put(keys.TableKey(nil, db.Namespace, db.ID, t.Name), b); err != nil {
		return fmt.Errorf("catalog: write table %q: %w", t.Name, err)
	}
	return nil
}

// checkRelationNameFree enforces PostgreSQL's rule that tables and
// indexes share one name space (42P07). It reads every table descriptor
// of the database (decoding is cached); DDL is rare enough for that.
func (c *Catalog) checkRelationNameFree(ctx context.Context, txn kv.Txn, db *Database, name string) error {
	tables, err := c.Tables(ctx, txn, db)
	if err != nil {
		return err
	}
	for _, t := range tables {
		if t.Name == name {
			return errs.New(errs.DuplicateTable, "relation %q already exists", name)
		}
		if _, ok := t.IndexByName(name); ok {
			return errs.New(errs.DuplicateTable, "relation %q already exists", name)
		}
		if len(t.PrimaryKey) > 0 && t.PKeyConstraint() == name {
			return errs.New(errs.DuplicateTable, "relation %q already exists", name)
		}
	}
	if err := c.checkSequenceNameFree(ctx, txn, db, name); err != nil {
		return err
	}
	return c.checkViewNameFree(ctx, txn, db, name)
}

// CreateIndex adds ix to the named table, assigning ix.ID, and returns the
// table as stored (42P07 when the name is taken by a table or an index).
// The caller backfills the index from the table's records in the same
// transaction.
func (c *Catalog) CreateIndex(ctx context.Context, txn kv.Txn, db *Database, table string, ix Index) (*Table, *Index, error) {
	if err := checkName("index", ix.Name); err != nil {
		return nil, nil, err
	}
	switch ix.Kind {
	case IndexBTree, IndexHNSW, IndexGIN, IndexTrgm:
	default:
		return nil, nil, errs.New(errs.InternalError, "catalog: index kind %q", ix.Kind)
	}
	if len(ix.Parts) == 0 {
		return nil, nil, errs.New(errs.InternalError, "catalog: index %q without key parts", ix.Name)
	}
	t, err := c.Table(ctx, txn, db, table)
	if err != nil {
		return nil, nil, err
	}
	if err := c.checkRelationNameFree(ctx, txn, db, ix.Name); err != nil {
		return nil, nil, err
	}
	id, err := c.objectID(ctx, txn, db, seqIndex)
	if err != nil {
		return nil, nil, err
	}
	ix.ID = id
	changed := *t
	changed.Indexes = append(append([]Index(nil), t.Indexes...), ix)
	if err := c.putTable(txn, db, &changed); err != nil {
		return nil, nil, err
	}
	return &changed, &changed.Indexes[len(changed.Indexes)-1], nil
}

// FindIndex finds an index by name among the database's tables (42704
// `index "x" does not exist`).
func (c *Catalog) FindIndex(ctx context.Context, txn kv.Txn, db *Database, name string) (*Table, *Index, error) {
	tables, err := c.Tables(ctx, txn, db)
	if err != nil {
		return nil, nil, err
	}
	for _, t := range tables {
		if ix, ok := t.IndexByName(name); ok {
			return t, ix, nil
		}
	}
	return nil, nil, errs.New(errs.UndefinedObject, "index %q does not exist", name)
}

// FindIndexOrPKey is FindIndex that also finds a primary key's index by
// its constraint's name (ix nil then); 42P01 when neither is there, as
// PostgreSQL looks the name up among all relations.
func (c *Catalog) FindIndexOrPKey(ctx context.Context, txn kv.Txn, db *Database, name string) (*Table, *Index, error) {
	t, ix, err := c.FindIndex(ctx, txn, db, name)
	if errs.Code(err) != errs.UndefinedObject {
		return t, ix, err
	}
	tables, err := c.Tables(ctx, txn, db)
	if err != nil {
		return nil, nil, err
	}
	for _, tb := range tables {
		if len(tb.PrimaryKey) > 0 && tb.PKeyConstraint() == name {
			return tb, nil, nil
		}
	}
	return nil, nil, errs.New(errs.UndefinedTable, "relation %q does not exist", name)
}

// DropIndex removes the named index and all its entries, and returns the
// table as stored.
func (c *Catalog) DropIndex(ctx context.Context, txn kv.Txn, db *Database, name string) (*Table, error) {
	if err := c.checkLive(ctx, txn, db); err != nil {
		return nil, err
	}
	t, ix, err := c.FindIndex(ctx, txn, db, name)
	if err != nil {
		return nil, err
	}
	changed := *t
	changed.Indexes = nil
	for _, other := range t.Indexes {
		if other.Name != name {
			changed.Indexes = append(changed.Indexes, other)
		}
	}
	if err := c.putTable(txn, db, &changed); err != nil {
		return nil, err
	}
	if err := clearIndexEntries(ctx, txn, db, ix); err != nil {
		return nil, err
	}
	return &changed, nil
}

// ClearIndex deletes every entry of index ix of db (REINDEX writes them
// again).
func (c *Catalog) ClearIndex(ctx context.Context, txn kv.Txn, db *Database, ix *Index) error {
	return clearIndexEntries(ctx, txn, db, ix)
}

// clearIndexEntries deletes the key range of an index of either kind.
func clearIndexEntries(ctx context.Context, txn kv.Txn, db *Database, ix *Index) error {
	start, end := keys.IndexSpan(db.Namespace, db.ID, ix.ID)
	if ix.Kind == IndexHNSW {
		start, end = keys.VectorIndexSpan(db.Namespace, db.ID, ix.ID)
	}
	return clearRange(ctx, txn, start, end)
}
