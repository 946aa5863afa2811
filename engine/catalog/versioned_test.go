package catalog

import (
	"context"
	"testing"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// TestTableLookupPerVersion: in read-only snapshots of one schema version
// a table lookup is remembered (no kv Get), and every commit that changes
// the catalog (here an ALTER, a drop, a create under the same name, and a
// DROP DATABASE's range deletion) makes the next lookup read the store.
func TestTableLookupPerVersion(t *testing.T) {
	ctx := context.Background()
	store, err := kv.OpenMemoryWith(kv.Options{Watched: keys.IsSchema})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	c, err := Open(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	var db *Database
	view(t, store, func(ctx context.Context, txn kv.Txn) {
		if db, err = c.Database(ctx, txn, DefaultNamespace, DefaultDatabase); err != nil {
			t.Fatal(err)
		}
	})
	lookup := func() (*Table, error) {
		var tab *Table
		var err error
		view(t, store, func(ctx context.Context, txn kv.Txn) { tab, err = c.Table(ctx, txn, db, "t") })
		return tab, err
	}
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		_, err := c.CreateTable(ctx, txn, db, &Table{Name: "t"})
		return err
	})
	first, err := lookup()
	if err != nil {
		t.Fatal(err)
	}
	if again, err := lookup(); err != nil || again != first {
		t.Fatalf("same version: %p %v, want the remembered %p", again, err, first)
	}
	key := keys.TableKey(nil, db.Namespace, db.ID, "t")
	if got, _ := c.byName.get(schemaVersion(mustRO(t, store), key), key); got != first {
		t.Fatal("the lookup was not remembered")
	}
	// A read-write transaction without DDL of its own uses it too.
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		if got, err := c.Table(ctx, txn, db, "t"); err != nil || got != first {
			t.Fatalf("read-write lookup: %p %v, want the remembered %p", got, err, first)
		}
		return nil
	})

	// One with DDL does not: its own DDL is visible.
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		nt := *first
		nt.Checks = append(nt.Checks, Check{Name: "c", Expr: "true"})
		if err := c.AlterTable(ctx, txn, db, &nt); err != nil {
			return err
		}
		got, err := c.Table(ctx, txn, db, "t")
		if err != nil || len(got.Checks) != 1 {
			t.Fatalf("own ALTER: %+v %v", got, err)
		}
		return nil
	})
	altered, err := lookup()
	if err != nil || len(altered.Checks) != 1 {
		t.Fatalf("after ALTER: %+v %v", altered, err)
	}
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error { return c.DropTable(ctx, txn, db, "t") })
	if _, err := lookup(); errs.Code(err) != errs.UndefinedTable {
		t.Fatalf("after DROP: %v, want 42P01", err)
	}
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		_, err := c.CreateTable(ctx, txn, db, &Table{Name: "t", CreatedBy: "zql"})
		return err
	})
	if recreated, err := lookup(); err != nil || recreated.ID == first.ID {
		t.Fatalf("after re-CREATE: %+v %v", recreated, err)
	}
}

// TestViewMissPerVersion: a view name found missing is remembered for
// the schema version (the SQL translation asks for every relation name),
// in read-only and read-write transactions, and a CREATE VIEW, its own
// or committed, is seen.
func TestViewMissPerVersion(t *testing.T) {
	ctx := context.Background()
	store, err := kv.OpenMemoryWith(kv.Options{Watched: keys.IsSchema})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	c, err := Open(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	var db *Database
	view(t, store, func(ctx context.Context, txn kv.Txn) {
		if db, err = c.Database(ctx, txn, DefaultNamespace, DefaultDatabase); err != nil {
			t.Fatal(err)
		}
	})
	key := keys.ViewKey(nil, db.Namespace, db.ID, "v")
	missing := func(txn kv.Txn) {
		t.Helper()
		if _, err := c.View(ctx, txn, db, "v"); errs.Code(err) != errs.UndefinedTable {
			t.Fatalf("view v: %v, want 42P01", err)
		}
	}
	view(t, store, func(ctx context.Context, txn kv.Txn) { missing(txn) })
	if _, ok := c.byName.get(schemaVersion(mustRO(t, store), key), key); !ok {
		t.Fatal("the miss was not remembered")
	}
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		missing(txn)
		if err := c.PutView(ctx, txn, db, &View{Name: "v", Query: "SELECT 1"}, false); err != nil {
			return err
		}
		if v, err := c.View(ctx, txn, db, "v"); err != nil || v.Query != "SELECT 1" {
			t.Fatalf("own CREATE VIEW: %+v %v", v, err)
		}
		return nil
	})
	view(t, store, func(ctx context.Context, txn kv.Txn) {
		if v, err := c.View(ctx, txn, db, "v"); err != nil || v.Query != "SELECT 1" {
			t.Fatalf("after CREATE VIEW: %+v %v", v, err)
		}
	})
}

func mustRO(t *testing.T, store kv.Store) kv.Txn {
	t.Helper()
	txn, err := store.Begin(context.Background(), kv.TxnOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(txn.Rollback)
	return txn
}
