package catalog

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

func TestIndexes(t *testing.T) {
	c, store := newCatalog(t)
	db := mainDB(t, c, store)
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		_, err := c.CreateTable(ctx, txn, db, &Table{Name: "docs", Schemafull: true,
			Fields:     []Field{{Name: "id", Type: value.TypeInt8}, {Name: "doc", Type: value.TypeJSONB, Optional: true}},
			PrimaryKey: []string{"id"}})
		return err
	})
	var btreeID, hnswID uint64
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		_, ix, err := c.CreateIndex(ctx, txn, db, "docs", Index{Name: "docs_k", Kind: IndexBTree, Unique: true,
			Parts: []IndexPart{{Path: []string{"doc", "k"}, AsText: true}}, Include: []string{"id"}})
		if err != nil {
			return err
		}
		btreeID = ix.ID
		_, ix, err = c.CreateIndex(ctx, txn, db, "docs", Index{Name: "docs_v", Kind: IndexHNSW,
			Parts: []IndexPart{{Path: []string{"v"}}}, Options: map[string]string{"m": "16", "metric": "l2"}})
		if err != nil {
			return err
		}
		hnswID = ix.ID
		_, _, err = c.CreateIndex(ctx, txn, db, "docs", Index{Name: "docs_h", Kind: IndexBTree, Method: MethodHash,
			Parts: []IndexPart{{Path: []string{"id"}}}})
		return err
	})
	if btreeID == 0 || hnswID == 0 || btreeID == hnswID {
		t.Fatalf("index ids %d, %d", btreeID, hnswID)
	}
	// Stored and read back through the descriptor.
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		tbl, err := c.Table(ctx, txn, db, "docs")
		if err != nil {
			return err
		}
		ix, ok := tbl.IndexByName("docs_k")
		if !ok || !ix.Unique || ix.Kind != IndexBTree || len(ix.Parts) != 1 || !ix.Parts[0].AsText || ix.Parts[0].Path[1] != "k" || !slices.Equal(ix.Include, []string{"id"}) {
			t.Errorf("docs_k = %+v", ix)
		}
		ix, ok = tbl.IndexByName("docs_v")
		if !ok || ix.Kind != IndexHNSW || ix.Options["m"] != "16" {
			t.Errorf("docs_v = %+v", ix)
		}
		if ix, ok = tbl.IndexByName("docs_h"); !ok || ix.Kind != IndexBTree || ix.Method != MethodHash {
			t.Errorf("docs_h = %+v", ix)
		}
		return nil
	})
	// One name space for tables and indexes.
	for _, tc := range []struct {
		name string
		fn   func(ctx context.Context, txn kv.Txn) error
	}{
		{"index named like a table", func(ctx context.Context, txn kv.Txn) error {
			_, _, err := c.CreateIndex(ctx, txn, db, "docs", Index{Name: "docs", Kind: IndexBTree, Parts: []IndexPart{{Path: []string{"id"}}}})
			return err
		}},
		{"index named like an index", func(ctx context.Context, txn kv.Txn) error {
			_, _, err := c.CreateIndex(ctx, txn, db, "docs", Index{Name: "docs_v", Kind: IndexBTree, Parts: []IndexPart{{Path: []string{"id"}}}})
			return err
		}},
		{"table named like an index", func(ctx context.Context, txn kv.Txn) error {
			_, err := c.CreateTable(ctx, txn, db, &Table{Name: "docs_k"})
			return err
		}},
	} {
		err := update(store, tc.fn)
		var e *errs.Error
		if !errors.As(err, &e) || e.Code != errs.DuplicateTable {
			t.Errorf("%s: got %v, want 42P07", tc.name, err)
		}
	}
	// Entries of both kinds go with DropIndex and DropTable.
	put := func(prefix []byte) {
		mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
			return txn.Put(append(prefix, 1, 2, 3), []byte("entry"))
		})
	}
	put(keys.IndexPrefix(nil, db.Namespace, db.ID, btreeID))
	put(keys.VectorIndexPrefix(nil, db.Namespace, db.ID, hnswID))
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		tbl, err := c.DropIndex(ctx, txn, db, "docs_k")
		if err == nil && len(tbl.Indexes) != 2 {
			t.Errorf("after DropIndex: %+v", tbl.Indexes)
		}
		return err
	})
	if n := countSpan(t, store)(keys.IndexSpan(db.Namespace, db.ID, btreeID)); n != 0 {
		t.Errorf("dropped index keeps %d entries", n)
	}
	err := update(store, func(ctx context.Context, txn kv.Txn) error {
		_, err := c.DropIndex(ctx, txn, db, "docs_k")
		return err
	})
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != errs.UndefinedObject {
		t.Errorf("second DropIndex: got %v, want 42704", err)
	}
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error { return c.DropTable(ctx, txn, db, "docs") })
	if n := countSpan(t, store)(keys.VectorIndexSpan(db.Namespace, db.ID, hnswID)); n != 0 {
		t.Errorf("dropped table's vector index keeps %d entries", n)
	}
}

func TestAlterAndRenameTable(t *testing.T) {
	c, store := newCatalog(t)
	db := mainDB(t, c, store)
	var tbl *Table
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) (err error) {
		tbl, err = c.CreateTable(ctx, txn, db, &Table{Name: "a", Schemafull: true, Fields: []Field{{Name: "x", Type: value.TypeInt4}}})
		return err
	})
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		changed := *tbl
		changed.Fields = append(append([]Field(nil), tbl.Fields...), Field{Name: "y", Type: value.TypeText, Optional: true})
		return c.AlterTable(ctx, txn, db, &changed)
	})
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		_, err := c.RenameTable(ctx, txn, db, "a", "b")
		return err
	})
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		got, err := c.Table(ctx, txn, db, "b")
		if err != nil {
			return err
		}
		if got.ID != tbl.ID || len(got.Fields) != 2 {
			t.Errorf("renamed table = %+v", got)
		}
		if _, err := c.Table(ctx, txn, db, "a"); err == nil {
			t.Error("old name still resolves")
		}
		return nil
	})
	err := update(store, func(ctx context.Context, txn kv.Txn) error {
		impostor := *tbl
		impostor.ID++
		impostor.Name = "b"
		return c.AlterTable(ctx, txn, db, &impostor)
	})
	if err == nil {
		t.Error("AlterTable with another identity succeeded")
	}
}

// countSpan takes a span as two results of a call: countSpan(t, s)(keys.XSpan(...)).
func countSpan(t testing.TB, store kv.Store) func(start, end []byte) int {
	return func(start, end []byte) int { return countRange(t, store, start, end) }
}
