package exec

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
	"pgregory.net/rapid"
)

// copyTable is a SQL table COPY writes into: a primary key, a NOT NULL
// column, a nullable one and one with a default.
func copyTable(name string, keyed bool) *catalog.Table {
	t := &catalog.Table{Name: name, Schemafull: true, CreatedBy: "sql", Fields: []catalog.Field{
		{Name: "a", Type: value.TypeInt4},
		{Name: "b", Type: value.TypeText},
		{Name: "n", Type: value.TypeInt8, Optional: true},
		{Name: "d", Type: value.TypeText, Optional: true, HasDefault: true, DefaultValue: value.String("dflt")},
	}}
	if keyed {
		t.PrimaryKey = []string{"a"}
	}
	return t
}

// copyInsert is the Insert a COPY of columns a, b, n is translated to.
func copyInsert(t *catalog.Table) *plan.Insert {
	return &plan.Insert{Table: t, Mode: plan.InsertNew,
		Input: &plan.Values{Cols: []plan.Column{{Name: "a"}, {Name: "b"}, {Name: "n"}},
			Rows: [][]plan.Expr{{param(1), param(2), param(3)}}},
		Obj: &plan.ObjectCons{Names: []string{"a", "b", "n"}, Vals: []plan.Expr{col(0), col(1), col(2)}}}
}

// TestCopyInAgreesWithInsert writes random rows (NULLs where NOT NULL,
// duplicate keys, an int for the text column) through CopyIn into one
// table and through the Insert plan into another: each row must fail
// with the same SQLSTATE or succeed on both, and both tables must end up
// with the same records.
func TestCopyInAgreesWithInsert(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		f := newFixture(t)
		keyed := rapid.Bool().Draw(rt, "keyed")
		direct := f.table(copyTable("direct", keyed))
		planned := f.table(copyTable("planned", keyed))
		cell := func(label string, gen *rapid.Generator[value.Value]) value.Value {
			if rapid.IntRange(0, 4).Draw(rt, label+"Null") == 0 {
				return value.None
			}
			return gen.Draw(rt, label)
		}
		ints := rapid.Custom(func(t *rapid.T) value.Value { return value.Int(int64(rapid.IntRange(0, 5).Draw(t, "i"))) })
		texts := rapid.OneOf(
			rapid.Custom(func(t *rapid.T) value.Value { return value.String(rapid.StringMatching(`[a-c]{0,2}`).Draw(t, "s")) }),
			ints)
		rows := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) []value.Value {
			return []value.Value{cell("a", ints), cell("b", texts), cell("n", ints)}
		}), 1, 12).Draw(rt, "rows")

		f.inTxn(func(txn kv.Txn) error {
			env := f.env(txn)
			ci, err := f.x.NewCopyIn(f.ctx, env, copyInsert(direct))
			if err != nil {
				return err
			}
			if ci == nil {
				return fmt.Errorf("NewCopyIn took the Insert plan for a table without derived data")
			}
			ins := plan.CopyBatch(copyInsert(planned), 1)
			for i, row := range rows {
				cerr := ci.Row(row)
				_, perr := collect(f.ctx, f.x, f.env(txn, row...), ins)
				if errs.Code(cerr) != errs.Code(perr) {
					rt.Fatalf("row %d %v: CopyIn %v, Insert %v", i, row, cerr, perr)
				}
			}
			return nil
		})
		got, want := records(rt, f, direct, keyed), records(rt, f, planned, keyed)
		if got != want {
			rt.Fatalf("CopyIn stored\n%s\nthe Insert\n%s", got, want)
		}
	})
}

// records lists a table's records (their keys when keyed; generated keys
// differ between tables) with their encoded values.
func records(rt *rapid.T, f *fixture, t *catalog.Table, keyed bool) string {
	var b bytes.Buffer
	f.inTxn(func(txn kv.Txn) error {
		start, end := keys.TableSpan(f.ns.ID, f.db.ID, t.ID)
		it := txn.Scan(f.ctx, start, end, false)
		defer it.Close()
		for it.Next() {
			if keyed {
				_, _, _, k, err := keys.DecodeRecordKey(it.Key())
				if err != nil {
					return err
				}
				fmt.Fprintf(&b, "%s ", k.String())
			}
			fmt.Fprintf(&b, "%x\n", it.Value())
		}
		return it.Err()
	})
	return b.String()
}

// TestNewCopyInFallsBack checks which tables keep the Insert plan.
func TestNewCopyInFallsBack(t *testing.T) {
	f := newFixture(t)
	indexed := copyTable("indexed", true)
	indexed.Indexes = []catalog.Index{{Name: "indexed_n", Kind: catalog.IndexBTree, Parts: []catalog.IndexPart{{Path: []string{"n"}}}}}
	zql := copyTable("zql", true)
	zql.CreatedBy = "zql"
	asserted := copyTable("asserted", true)
	asserted.Fields[2].Asserts = []string{". > 0"}
	tests := []struct {
		t      *catalog.Table
		direct bool
	}{
		{copyTable("plain", true), true},
		{copyTable("unkeyed", false), true},
		{indexed, false},
		{zql, false},
		{asserted, false},
	}
	for _, tc := range tests {
		tbl := f.table(tc.t)
		f.inTxn(func(txn kv.Txn) error {
			ci, err := f.x.NewCopyIn(f.ctx, f.env(txn), copyInsert(tbl))
			if err != nil {
				return err
			}
			if (ci != nil) != tc.direct {
				t.Errorf("table %s: direct path %v, want %v", tc.t.Name, ci != nil, tc.direct)
			}
			return nil
		})
	}
}
