package catalog

import (
	"context"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/kv"
)

// TruncateTable removes every record of table t of db and the entries of
// its secondary indexes, keeping the table (TRUNCATE). Derived data the
// catalog does not own (graph adjacency) is the caller's.
func (c *Catalog) TruncateTable(ctx context.Context, txn kv.Txn, db *Database, t *Table) error {
	if err := c.checkLive(ctx, txn, db); err != nil {
		return err
	}
	for i := range t.Indexes {
		if err := clearIndexEntries(ctx, txn, db, &t.Indexes[i]); err != nil {
			return err
		}
	}
	start, end := keys.TableSpan(db.Namespace, db.ID, t.ID)
	return clearRange(ctx, txn, start, end)
}
