package catalog

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// TestMatViews checks that a materialized view's query and populated
// flag survive the descriptor's encoding, and that each DROP takes only
// its own kind of relation.
func TestMatViews(t *testing.T) {
	c, store := newCatalog(t)
	db := mainDB(t, c, store)
	create := func(tab *Table) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error {
			_, err := c.CreateTable(ctx, txn, db, tab)
			return err
		}
	}
	mv := func(populated bool) *MatView { return &MatView{Query: "SELECT a FROM t", Populated: populated} }
	get := func(name string, want *MatView) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error {
			got, err := c.Table(ctx, txn, db, name)
			if err != nil {
				return err
			}
			if !reflect.DeepEqual(got.MatView, want) {
				return fmt.Errorf("MatView of %q = %+v, want %+v", name, got.MatView, want)
			}
			return nil
		}
	}
	refresh := func(name string, populated bool) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error {
			got, err := c.Table(ctx, txn, db, name)
			if err != nil {
				return err
			}
			u := *got
			u.MatView = mv(populated)
			return c.AlterTable(ctx, txn, db, &u)
		}
	}
	dropTable := func(name string) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error { return c.DropTable(ctx, txn, db, name) }
	}
	dropMat := func(name string) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error { return c.DropMatView(ctx, txn, db, name) }
	}
	dropView := func(name string) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error { return c.DropView(ctx, txn, db, name) }
	}
	cols := []Field{{Name: "a", Type: value.TypeInt4, Optional: true}}
	runSteps(t, store, []step{
		{"table", create(&Table{Name: "t", Schemafull: true, Fields: cols}), "", ""},
		{"matview", create(&Table{Name: "m", Schemafull: true, Fields: cols, MatView: mv(false)}), "", ""},
		{"get table", get("t", nil), "", ""},
		{"get unpopulated", get("m", mv(false)), "", ""},
		{"populate", refresh("m", true), "", ""},
		{"get populated", get("m", mv(true)), "", ""},
		{"view", func(ctx context.Context, txn kv.Txn) error {
			return c.PutView(ctx, txn, db, &View{Name: "v", Query: "SELECT 1"}, false)
		}, "", ""},
		{"DROP TABLE of a matview", dropTable("m"), errs.WrongObjectType, `"m" is not a table`},
		{"DROP VIEW of a matview", dropView("m"), errs.WrongObjectType, `"m" is not a view`},
		{"DROP MATERIALIZED VIEW of a table", dropMat("t"), errs.WrongObjectType, `"t" is not a materialized view`},
		{"DROP MATERIALIZED VIEW of a view", dropMat("v"), errs.WrongObjectType, `"v" is not a materialized view`},
		{"DROP MATERIALIZED VIEW of nothing", dropMat("x"), errs.UndefinedTable, `materialized view "x" does not exist`},
		{"DROP MATERIALIZED VIEW", dropMat("m"), "", ""},
		{"gone", get("m", nil), errs.UndefinedTable, `relation "m" does not exist`},
		{"DROP TABLE", dropTable("t"), "", ""},
	})
}
