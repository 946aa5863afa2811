package catalog

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

func TestViews(t *testing.T) {
	c, store := newCatalog(t)
	db := mainDB(t, c, store)
	put := func(v *View, replace bool) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error { return c.PutView(ctx, txn, db, v, replace) }
	}
	get := func(name string, want *View) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error {
			got, err := c.View(ctx, txn, db, name)
			if err != nil {
				return err
			}
			if !reflect.DeepEqual(got, want) {
				return fmt.Errorf("view %q = %+v, want %+v", name, got, want)
			}
			return nil
		}
	}
	count := func(want int) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error {
			vs, err := c.Views(ctx, txn, db)
			if err == nil && len(vs) != want {
				return fmt.Errorf("%d views, want %d", len(vs), want)
			}
			return err
		}
	}
	drop := func(name string) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error { return c.DropView(ctx, txn, db, name) }
	}
	table := func(ctx context.Context, txn kv.Txn) error {
		_, err := c.CreateTable(ctx, txn, db, &Table{Name: "t", Schemafull: true})
		return err
	}
	v := &View{Name: "v", Query: "SELECT 1"}
	named := &View{Name: "w", Query: "SELECT 1, 2", Columns: []string{"a", "b"}}
	replaced := &View{Name: "v", Query: "SELECT 2"}
	runSteps(t, store, []step{
		{"get missing", get("v", nil), errs.UndefinedTable, `view "v" does not exist`},
		{"put", put(v, false), "", ""},
		{"get", get("v", &View{Database: db.ID, Name: "v", Query: "SELECT 1"}), "", ""},
		{"put again", put(&View{Name: "v", Query: "SELECT 3"}, false), errs.DuplicateTable, `relation "v" already exists`},
		{"replace", put(replaced, true), "", ""},
		{"get replaced", get("v", &View{Database: db.ID, Name: "v", Query: "SELECT 2"}), "", ""},
		{"put named", put(named, false), "", ""},
		{"get named", get("w", &View{Database: db.ID, Name: "w", Query: "SELECT 1, 2", Columns: []string{"a", "b"}}), "", ""},
		{"list", count(2), "", ""},
		{"table", table, "", ""},
		{"name of a table", put(&View{Name: "t", Query: "SELECT 1"}, true), errs.DuplicateTable, `relation "t" already exists`},
		{"empty name", put(&View{Query: "SELECT 1"}, false), invalidName, "view name must not be empty"},
		{"drop", drop("v"), "", ""},
		{"drop missing", drop("v"), errs.UndefinedTable, `view "v" does not exist`},
		{"list after drop", count(1), "", ""},
	})
}
