package exec

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// fixture is one in-memory database: kv store, catalog, registry and
// executor, with the default namespace and database selected.
type fixture struct {
	tb    testing.TB
	ctx   context.Context
	store kv.Store
	cat   *catalog.Catalog
	reg   *builtin.Registry
	x     *Executor
	ns    *catalog.Namespace
	db    *catalog.Database
}

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	ctx := context.Background()
	store, err := kv.OpenMemory()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = store.Close() })
	cat, err := catalog.Open(ctx, store)
	if err != nil {
		tb.Fatal(err)
	}
	f := &fixture{tb: tb, ctx: ctx, store: store, cat: cat, reg: builtin.NewRegistry()}
	f.x = New(cat, f.reg)
	f.inTxn(func(txn kv.Txn) error {
		if f.ns, err = cat.Namespace(ctx, txn, "default"); err != nil {
			return err
		}
		f.db, err = cat.Database(ctx, txn, "default", "main")
		return err
	})
	return f
}

func (f *fixture) inTxn(fn func(txn kv.Txn) error) {
	f.tb.Helper()
	txn, err := f.store.Begin(f.ctx, kv.TxnOptions{})
	if err != nil {
		f.tb.Fatal(err)
	}
	if err := fn(txn); err != nil {
		txn.Rollback()
		f.tb.Fatal(err)
	}
	if err := txn.Commit(f.ctx); err != nil {
		f.tb.Fatal(err)
	}
}

func (f *fixture) env(txn kv.Txn, params ...value.Value) *Env {
	return &Env{Txn: txn, Namespace: f.ns, Database: f.db, Params: params, Now: time.Unix(1700000000, 0)}
}

// table creates a table and returns its descriptor.
func (f *fixture) table(t *catalog.Table) *catalog.Table {
	f.tb.Helper()
	var out *catalog.Table
	f.inTxn(func(txn kv.Txn) error {
		var err error
		out, err = f.cat.CreateTable(f.ctx, txn, f.db, t)
		return err
	})
	return out
}

// query runs n in its own transaction and returns copies of its rows; the
// transaction commits when the plan succeeds.
func (f *fixture) query(n plan.Node, params ...value.Value) ([][]value.Value, error) {
	return f.queryCtx(f.ctx, n, params...)
}

func (f *fixture) queryCtx(ctx context.Context, n plan.Node, params ...value.Value) ([][]value.Value, error) {
	txn, err := f.store.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		return nil, err
	}
	defer txn.Rollback()
	out, err := collect(ctx, f.x, f.env(txn, params...), n)
	if err != nil {
		return nil, err
	}
	return out, txn.Commit(ctx)
}

func collect(ctx context.Context, x *Executor, env *Env, n plan.Node) ([][]value.Value, error) {
	rows, err := x.Run(ctx, env, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]value.Value
	for rows.Next() {
		out = append(out, append([]value.Value(nil), rows.Row()...))
	}
	return out, rows.Err()
}

func (f *fixture) mustQuery(n plan.Node, params ...value.Value) [][]value.Value {
	f.tb.Helper()
	rows, err := f.query(n, params...)
	if err != nil {
		f.tb.Fatalf("query failed: %v\nplan:\n%s", err, plan.Explain(n))
	}
	return rows
}

// render shows rows as text: one line per row, JSON values separated by " | ".
func render(rows [][]value.Value) string {
	return renderWith(rows, func(b []byte, v value.Value) []byte { return value.AppendJSON(b, v) })
}

// renderWith is render with each value written by appendValue.
func renderWith(rows [][]value.Value, appendValue func([]byte, value.Value) []byte) string {
	var b []byte
	for _, r := range rows {
		for i, v := range r {
			if i > 0 {
				b = append(b, " | "...)
			}
			b = appendValue(b, v)
		}
		b = append(b, '\n')
	}
	return string(b)
}

func wantRows(tb testing.TB, rows [][]value.Value, want string) {
	tb.Helper()
	got := render(rows)
	want = strings.TrimLeft(want, "\n")
	if got != want {
		tb.Errorf("rows:\n%s\nwant:\n%s", got, want)
	}
}

func wantCode(tb testing.TB, err error, code string) *errs.Error {
	tb.Helper()
	if err == nil {
		tb.Fatalf("no error, want SQLSTATE %s", code)
	}
	var e *errs.Error
	if !errors.As(err, &e) {
		tb.Fatalf("error %v (%T) is not an *errs.Error", err, err)
	}
	if e.Code != code {
		tb.Fatalf("SQLSTATE %s (%v), want %s", e.Code, err, code)
	}
	return e
}

// Plan builders.

func k(v value.Value) *plan.Const { return &plan.Const{V: v} }
func ki(i int64) *plan.Const      { return k(value.Int(i)) }
func ks(s string) *plan.Const     { return k(value.String(s)) }
func ksym(s string) *plan.Const   { return k(value.Symbol(s)) }
func col(i int) *plan.ColRef      { return &plan.ColRef{Idx: i} }
func outerCol(i int) *plan.ColRef { return &plan.ColRef{Idx: i, Depth: 1} }
func param(n int) *plan.Param     { return &plan.Param{N: n} }
func fld(x plan.Expr, n string) *plan.Field {
	return &plan.Field{X: x, Name: n}
}
func zbin(op plan.Op, l, r plan.Expr) *plan.Binary { return &plan.Binary{Op: op, L: l, R: r} }
func sbin(op plan.Op, l, r plan.Expr) *plan.Binary {
	return &plan.Binary{Op: op, L: l, R: r, SQL: true}
}

// obj builds an object constructor from name, expr pairs.
func obj(pairs ...any) *plan.ObjectCons {
	o := &plan.ObjectCons{}
	for i := 0; i < len(pairs); i += 2 {
		o.Names = append(o.Names, pairs[i].(string))
		o.Vals = append(o.Vals, pairs[i+1].(plan.Expr))
	}
	return o
}

func scanOf(t *catalog.Table) *plan.Scan { return &plan.Scan{Table: t} }

func values(rows ...[]plan.Expr) *plan.Values {
	n := 0
	if len(rows) > 0 {
		n = len(rows[0])
	}
	cols := make([]plan.Column, n)
	for i := range cols {
		cols[i] = plan.Column{Name: "c" + string(rune('0'+i)), Type: value.Any}
	}
	return &plan.Values{Rows: rows, Cols: cols}
}

func row(es ...plan.Expr) []plan.Expr { return es }

func project(in plan.Node, es ...plan.Expr) *plan.Project {
	cols := make([]plan.Column, len(es))
	for i := range cols {
		cols[i] = plan.Column{Name: plan.ExplainExpr(es[i]), Type: value.Any}
	}
	return &plan.Project{Input: in, Exprs: es, Cols: cols}
}

// insertRows inserts objects with the given keys (nil key: from the object).
func (f *fixture) insert(t *catalog.Table, mode plan.InsertMode, keysAndObjs ...plan.Expr) ([][]value.Value, error) {
	var rs [][]plan.Expr
	for i := 0; i < len(keysAndObjs); i += 2 {
		key := keysAndObjs[i]
		if key == nil {
			key = k(value.None)
		}
		rs = append(rs, row(key, keysAndObjs[i+1]))
	}
	return f.query(&plan.Insert{Table: t, Input: values(rs...), Key: col(0), Obj: col(1), Mode: mode})
}

func (f *fixture) mustInsert(t *catalog.Table, keysAndObjs ...plan.Expr) {
	f.tb.Helper()
	if _, err := f.insert(t, plan.InsertNew, keysAndObjs...); err != nil {
		f.tb.Fatal(err)
	}
}

func kvTxnOptions() kv.TxnOptions { return kv.TxnOptions{} }
