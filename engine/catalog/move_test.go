package catalog

import (
	"context"
	"testing"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// TestMoveTable moves a table with more records than one chunk of
// moveRange, an index and an owned sequence into a schema and back, and
// checks that every key went and nothing stayed behind.
func TestMoveTable(t *testing.T) {
	c, store := newCatalog(t)
	const n = moveChunk*2 + 7
	var db, app *Database
	var tb *Table
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		var err error
		if db, err = c.CreateDatabase(ctx, txn, DefaultNamespace, "shop"); err != nil {
			return err
		}
		if app, err = c.CreateSchema(ctx, txn, db, "app", ""); err != nil {
			return err
		}
		tb = &Table{Name: "t", Schemafull: true, PrimaryKey: []string{"id"}, Fields: []Field{{Name: "id", Type: value.TypeInt8, DefaultSeq: "t_id_seq"}}}
		if _, err = c.CreateTable(ctx, txn, db, tb); err != nil {
			return err
		}
		if tb, _, err = c.CreateIndex(ctx, txn, db, "t", Index{Name: "t_id_idx", Kind: IndexBTree, Parts: []IndexPart{{Path: []string{"id"}}}}); err != nil {
			return err
		}
		s := newSeq("t_id_seq")
		s.OwnedTable, s.OwnedColumn = "t", "id"
		if err := c.CreateSequence(ctx, txn, db, s); err != nil {
			return err
		}
		for i := range n {
			k, err := keys.RecordKey(nil, db.Namespace, db.ID, tb.ID, value.Int(int64(i)))
			if err != nil {
				return err
			}
			if err := txn.Put(k, []byte{byte(i)}); err != nil {
				return err
			}
			if err := txn.Put(append(keys.IndexPrefix(nil, db.Namespace, db.ID, tb.Indexes[0].ID), k...), nil); err != nil {
				return err
			}
		}
		return nil
	})
	if v, err := nextVal(t, c, store, db, "t_id_seq"); err != nil || v != 1 {
		t.Fatalf("nextval = %d, %v", v, err)
	}
	count := func(prefix []byte) int {
		got := 0
		view(t, store, func(ctx context.Context, txn kv.Txn) {
			start, end := keys.Span(prefix)
			it := txn.Scan(ctx, start, end, false)
			defer it.Close()
			for it.Next() {
				got++
			}
		})
		return got
	}
	for _, move := range []struct{ from, to *Database }{{db, app}, {app, db}} {
		mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
			moved, err := c.MoveTable(ctx, txn, move.from, move.to, "t")
			if err == nil && moved.Database != move.to.ID {
				t.Errorf("moved table's Database = %d, want %d", moved.Database, move.to.ID)
			}
			return err
		})
		for _, c := range []struct {
			name   string
			prefix []byte
			want   int
		}{
			{"records left", keys.TablePrefix(nil, move.from.Namespace, move.from.ID, tb.ID), 0},
			{"records moved", keys.TablePrefix(nil, move.to.Namespace, move.to.ID, tb.ID), n},
			{"index entries left", keys.IndexPrefix(nil, move.from.Namespace, move.from.ID, tb.Indexes[0].ID), 0},
			{"index entries moved", keys.IndexPrefix(nil, move.to.Namespace, move.to.ID, tb.Indexes[0].ID), n},
		} {
			if got := count(c.prefix); got != c.want {
				t.Errorf("%s: %d keys, want %d", c.name, got, c.want)
			}
		}
		view(t, store, func(ctx context.Context, txn kv.Txn) {
			if _, err := c.Table(ctx, txn, move.from, "t"); errs.Code(err) != errs.UndefinedTable {
				t.Errorf("table still found where it was: %v", err)
			}
			if _, err := c.Sequence(ctx, txn, move.from, "t_id_seq"); errs.Code(err) != errs.UndefinedTable {
				t.Errorf("owned sequence still found where it was: %v", err)
			}
		})
	}
	// The sequence's values went with it, past the block this node held.
	if v, err := nextVal(t, c, store, db, "t_id_seq"); err != nil || v <= 1 {
		t.Errorf("nextval after the moves = %d, %v; want more than 1", v, err)
	}
	// A name taken in the target schema refuses the move, naming it.
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		_, err := c.CreateTable(ctx, txn, app, &Table{Name: "t_id_idx", Schemafull: true, Fields: []Field{{Name: "x", Type: value.TypeInt8}}})
		return err
	})
	err := update(store, func(ctx context.Context, txn kv.Txn) error {
		_, err := c.MoveTable(ctx, txn, db, app, "t")
		return err
	})
	if e := errs.From(err); e.Code != errs.DuplicateTable || e.Message != `relation "t_id_idx" already exists in schema "app"` {
		t.Errorf("move onto a taken index name: %v", err)
	}
	// An owned sequence moves only with its table.
	err = update(store, func(ctx context.Context, txn kv.Txn) error {
		return c.MoveSequence(ctx, txn, db, app, "t_id_seq")
	})
	if errs.Code(err) != errs.FeatureNotSupported {
		t.Errorf("move of an owned sequence: %v", err)
	}
}
