package catalog

import (
	"context"
	"fmt"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/kv"
)

// RenameIndex renames an index (ALTER INDEX ... RENAME TO): 42704 when
// there is none of that name, 42P07 when the new name is taken by any
// relation. The index of a UNIQUE constraint names the constraint, which
// is renamed with it, as in PostgreSQL.
func (c *Catalog) RenameIndex(ctx context.Context, txn kv.Txn, db *Database, from, to string) error {
	if err := checkName("index", to); err != nil {
		return err
	}
	if err := c.checkLive(ctx, txn, db); err != nil {
		return err
	}
	// A primary key's index too (ALTER INDEX t_pkey RENAME TO u_pkey,
	// which Rails sends after renaming a table).
	t, ix, err := c.FindIndexOrPKey(ctx, txn, db, from)
	if err != nil {
		return err
	}
	pkey := ix == nil
	if from == to {
		return nil
	}
	if err := c.checkRelationNameFree(ctx, txn, db, to); err != nil {
		return err
	}
	changed := *t
	if pkey {
		changed.PKeyName = to
		if to == t.Name+"_pkey" {
			changed.PKeyName = ""
		}
		return c.putTable(txn, db, &changed)
	}
	changed.Indexes = append([]Index(nil), t.Indexes...)
	for i := range changed.Indexes {
		if changed.Indexes[i].Name == from {
			changed.Indexes[i].Name = to
		}
	}
	return c.putTable(txn, db, &changed)
}

// RenameSequence renames a sequence (ALTER SEQUENCE ... RENAME TO) and
// returns it as stored: 42P01 when there is none of that name, 42P07 when
// the new name is taken by any relation. Its values are kept by its ID;
// the caller repoints the column defaults that name it.
func (c *Catalog) RenameSequence(ctx context.Context, txn kv.Txn, db *Database, from, to string) (*Sequence, error) {
	if err := checkName("sequence", to); err != nil {
		return nil, err
	}
	if err := c.checkLive(ctx, txn, db); err != nil {
		return nil, err
	}
	s, err := c.Sequence(ctx, txn, db, from)
	if err != nil {
		return nil, err
	}
	if from == to {
		return s, nil
	}
	if err := c.checkRelationNameFree(ctx, txn, db, to); err != nil {
		return nil, err
	}
	if err := txn.Delete(keys.SequenceDescKey(nil, db.Namespace, db.ID, from)); err != nil {
		return nil, fmt.Errorf("catalog: rename sequence %q: %w", from, err)
	}
	renamed := *s
	renamed.Name = to // same parameters: the values reserved stay good
	if err := c.putSequence(txn, db, &renamed); err != nil {
		return nil, err
	}
	return &renamed, nil
}
