package zqlfe

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/exec"
	"github.com/zerodb/zerodb/engine/opt"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/graph"
	"github.com/zerodb/zerodb/kv"
	"github.com/zerodb/zerodb/translate"
)

// db is an in-memory database that runs ZQL the way the session does:
// translate, optimize, run, render each result element as JSON.
type db struct {
	tb    testing.TB
	ctx   context.Context
	store kv.Store
	cat   *catalog.Catalog
	reg   *builtin.Registry
	x     *exec.Executor
	ns    *catalog.Namespace
	d     *catalog.Database
	vars  map[string]value.Value
	txn   kv.Txn // the transaction of the statement running (for asserts)
	// values are the result values of the last statement run.
	values []value.Value
	// raw runs plans without the optimizer as well and checks that both
	// agree: a translation the optimizer misreads shows up here.
	raw bool
}

func newDB(tb testing.TB) *db {
	tb.Helper()
	ctx := context.Background()
	// With the adjacency cache, as a server has it: the traversal tests
	// check it too.
	gcache := graph.NewCache(1 << 20)
	store, err := kv.OpenMemoryWith(kv.Options{OnCommit: gcache.Committed})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = store.Close() })
	cat, err := catalog.Open(ctx, store)
	if err != nil {
		tb.Fatal(err)
	}
	d := &db{tb: tb, ctx: ctx, store: store, cat: cat, reg: builtin.NewRegistry(), vars: make(map[string]value.Value), raw: true}
	d.x = exec.New(cat, d.reg)
	d.x.GraphCache = gcache
	d.x.AssertCompiler = func(ctx context.Context, txn kv.Txn, _ *catalog.Database, src string) (plan.Expr, error) {
		return CompilePredicate(ctx, &txnResolver{d: d, txn: txn}, src)
	}
	txn, err := store.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	if err != nil {
		tb.Fatal(err)
	}
	defer txn.Rollback()
	if d.ns, err = cat.Namespace(ctx, txn, catalog.DefaultNamespace); err != nil {
		tb.Fatal(err)
	}
	if d.d, err = cat.Database(ctx, txn, catalog.DefaultNamespace, catalog.DefaultDatabase); err != nil {
		tb.Fatal(err)
	}
	return d
}

// txnResolver is the Resolver the session provides: the catalog seen
// through the statement's transaction.
type txnResolver struct {
	d   *db
	txn kv.Txn
}

func (r *txnResolver) Table(ctx context.Context, name string) (*catalog.Table, error) {
	return r.d.cat.Table(ctx, r.txn, r.d.d, name)
}
func (r *txnResolver) Function(name string) (*builtin.Func, bool) { return r.d.reg.Lookup(name) }
func (r *txnResolver) HasSessionVar(name string) bool {
	_, ok := r.d.vars[name]
	return ok
}

// The CatalogResolver side, as the session implements it.
func (r *txnResolver) StoredFunction(ctx context.Context, name string) (*catalog.Function, bool, error) {
	f, err := r.d.cat.Function(ctx, r.txn, r.d.d, name)
	return found(f, err, errs.UndefinedFunction)
}

func (r *txnResolver) Enum(ctx context.Context, name string) (*catalog.Enum, bool, error) {
	e, err := r.d.cat.Enum(ctx, r.txn, r.d.d, name)
	return found(e, err, errs.UndefinedObject)
}

func (r *txnResolver) TypeDef(ctx context.Context, name string) (*catalog.TypeDef, bool, error) {
	t, err := r.d.cat.TypeDef(ctx, r.txn, r.d.d, name)
	return found(t, err, errs.UndefinedObject)
}

func (r *txnResolver) CatalogNames(ctx context.Context, kind string) ([]string, error) {
	var names []string
	switch kind {
	case "table":
		ts, err := r.d.cat.Tables(ctx, r.txn, r.d.d)
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			names = append(names, t.Name)
		}
	case "function":
		fs, err := r.d.cat.Functions(ctx, r.txn, r.d.d)
		if err != nil {
			return nil, err
		}
		for _, f := range fs {
			names = append(names, f.Name)
		}
	case "enum":
		es, err := r.d.cat.Enums(ctx, r.txn, r.d.d)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			names = append(names, e.Name)
		}
	case "type":
		ts, err := r.d.cat.TypeDefs(ctx, r.txn, r.d.d)
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			names = append(names, t.Name)
		}
	}
	return names, nil
}

func found[T any](v *T, err error, missing string) (*T, bool, error) {
	if err != nil {
		if errs.Code(err) == missing {
			return nil, false, nil
		}
		return nil, false, err
	}
	return v, true, nil
}

var _ translate.CatalogResolver = (*txnResolver)(nil)

// run runs a message; it returns the JSON rows of its last statement.
func (d *db) run(text string) ([]string, error) {
	stmts, err := Split(text)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, s := range stmts {
		if out, err = d.runStmt(s); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (d *db) runStmt(s Stmt) ([]string, error) {
	var rows []string
	err := d.inTxn(func(txn kv.Txn) error {
		st, err := Translate(d.ctx, &txnResolver{d: d, txn: txn}, s)
		if err != nil {
			return err
		}
		env := &exec.Env{Txn: txn, Namespace: d.ns, Database: d.d, SessionVars: d.vars, Now: time.Unix(1700000000, 0)}
		switch st.Kind {
		case plan.StmtSet:
			v, err := d.x.Eval(d.ctx, env, st.Set.X)
			if err != nil {
				return err
			}
			if st.Set.Type != nil {
				if v, err = value.Check(v, *st.Set.Type); err != nil {
					return err
				}
			}
			d.vars[st.Set.Name] = v
			return nil
		case plan.StmtUse:
			return nil
		}
		optimized := opt.OptimizeWith(st.Root, d.x.OptimizerOptions())
		rows, err = d.collect(env, optimized, st.ZQL)
		if err != nil || !d.raw || st.Kind != plan.StmtQuery {
			return err
		}
		raw, err := d.collect(env, st.Root, st.ZQL)
		if err != nil {
			return err
		}
		if strings.Join(raw, "\n") != strings.Join(rows, "\n") {
			d.tb.Errorf("%s: optimized plan yields %v, unoptimized %v\n%s", s.Source(), rows, raw, plan.Explain(optimized))
		}
		return nil
	})
	return rows, err
}

func (d *db) collect(env *exec.Env, root plan.Node, zql bool) ([]string, error) {
	rs, err := d.x.Run(d.ctx, env, root)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	_, isEval := root.(*plan.Eval)
	out := []string{}
	d.values = d.values[:0]
	for rs.Next() {
		row := rs.Row()
		if len(row) == 0 {
			continue
		}
		if zql && isEval && row[0].Kind() == value.KindList {
			for _, v := range row[0].AsList() {
				out = append(out, string(value.AppendJSON(nil, v)))
				d.values = append(d.values, v)
			}
			continue
		}
		out = append(out, string(value.AppendJSON(nil, row[0])))
		d.values = append(d.values, row[0])
	}
	return out, rs.Err()
}

// compact removes the insignificant spaces of JSON texts (jsonb renders
// `{"a": 1}`), so expectations read compactly.
func compact(rows []string) string {
	out := make([]string, len(rows))
	for i, r := range rows {
		var b bytes.Buffer
		if err := json.Compact(&b, []byte(r)); err != nil {
			out[i] = r
			continue
		}
		out[i] = b.String()
	}
	return strings.Join(out, " | ")
}

func (d *db) inTxn(fn func(kv.Txn) error) error {
	txn, err := d.store.Begin(d.ctx, kv.TxnOptions{})
	if err != nil {
		return err
	}
	defer txn.Rollback()
	d.txn = txn
	defer func() { d.txn = nil }()
	if err := fn(txn); err != nil {
		return err
	}
	return txn.Commit(d.ctx)
}

func (d *db) mustRun(text string) []string {
	d.tb.Helper()
	rows, err := d.run(text)
	if err != nil {
		d.tb.Fatalf("%s: %v", text, err)
	}
	return rows
}

// check runs text and compares its rows with want (JSON texts).
func (d *db) check(text string, want ...string) {
	d.tb.Helper()
	rows, err := d.run(text)
	if err != nil {
		d.tb.Errorf("%s: %v", text, err)
		return
	}
	if want == nil {
		want = []string{}
	}
	if got, w := compact(rows), compact(want); got != w {
		d.tb.Errorf("%s\n got: %s\nwant: %s", text, got, w)
	}
}

// fails runs text and checks that it fails with code.
func (d *db) fails(text, code string) {
	d.tb.Helper()
	_, err := d.run(text)
	var e *errs.Error
	if !errors.As(err, &e) {
		d.tb.Errorf("%s: want error %s, got %v", text, code, err)
		return
	}
	if e.Code != code {
		d.tb.Errorf("%s: want error %s, got %s: %s", text, code, e.Code, e.Message)
	}
}

func seedPersons(d *db) {
	d.tb.Helper()
	d.mustRun(`table::create(@persons)`)
	d.mustRun(`table::create(@cities)`)
	d.mustRun(`cities::add(@oslo, { name: "Oslo" }); cities::add(@rome, { name: "Rome" })`)
	d.mustRun(`persons::add(@ann, { name: "Ann", age: 31, city: "Oslo", home: cities.@oslo, friends: [persons.@bob], tags: ["a", "b"] })`)
	d.mustRun(`persons::add(@bob, { name: "Bob", age: 17, city: "Rome", home: cities.@rome, friends: [persons.@ann, persons.@cy], tags: ["c"] })`)
	d.mustRun(`persons::add(@cy, { name: "Cy", age: 45, city: "Oslo", home: cities.@oslo, friends: [], tags: [] })`)
}

func TestE2ERecords(t *testing.T) {
	d := newDB(t)
	d.mustRun(`table::create(@persons)`)
	d.check(`persons::add(@john, { name: "John", age: 42 })`, `{"id":"persons.@john","name":"John","age":42}`)
	d.fails(`persons::add(@john, { name: "Again" })`, errs.UniqueViolation)
	d.check(`persons.@john`, `{"id":"persons.@john","name":"John","age":42}`)
	d.check(`persons.@nobody`, `null`)
	d.check(`persons.@john.age`, `42`)
	d.check(`persons.@john.name.uppercase()`, `"JOHN"`)
	d.check(`persons.@john.update({ age: 43 })`, `{"id":"persons.@john","name":"John","age":43}`)
	d.check(`persons.@john.update({ age: .age + 1 })`, `{"id":"persons.@john","name":"John","age":44}`)
	d.check(`persons.@john.replace({ name: "J" })`, `{"id":"persons.@john","name":"J"}`)
	d.check(`persons::put(@john, { name: "John", age: 1 })`, `{"id":"persons.@john","name":"John","age":1}`)
	d.check(`persons::add([{ name: "A" }, { name: "B" }]) |> map .name`, `"A"`, `"B"`)
	d.check(`persons |> count`, `3`)
	d.check(`persons::add(@k1, { name: "K" }).name`, `"K"`)
	d.check(`remove persons.@k1`, `{"id":"persons.@k1","name":"K"}`)
	d.check(`remove persons.@k1`, `null`)
	d.check(`[ p in persons, p.name == "A" or p.name == "B" ] |> remove |> count`, `2`)
	d.check(`persons |> map .id`, `"persons.@john"`)
	d.check(`{ me: persons.@john, ids: [persons.@john, persons.@x] }`, `{"me":"persons.@john","ids":["persons.@john","persons.@x"]}`)
	d.check(`persons::add(@42, { n: 42 }).id`, `"persons.@42"`)
	d.check(`persons.@42.n`, `42`)
	d.check(`transaction { let a = persons.@john; a.update({ age: a.age + 10 }); persons.@42.update({ n: persons.@42.n - 10 }) }`,
		`{"id":"persons.@42","n":32}`)
	d.check(`persons.@john.age`, `11`)
	d.check(`{ let p = persons.@john; remove p }.name`, `"John"`)
	d.check(`persons::add(@z, { name: "Z" }).update({ n: 1 })`, `{"id":"persons.@z","name":"Z","n":1}`)
	d.check(`persons.@z.key()`, `"@z"`)
	d.check(`persons.@z.table()`, `"@persons"`)
	d.check(`"abc".replace("b", "x")`, `"axc"`)
	d.check(`remove persons.@z`, `{"id":"persons.@z","name":"Z","n":1}`)
	d.check(`persons |> count`, `1`)
}

func TestE2EQueries(t *testing.T) {
	d := newDB(t)
	seedPersons(d)
	d.check(`[ p in persons, p.age > 18 ] |> map .name`, `"Ann"`, `"Cy"`)
	d.check(`[ .name in persons, .age < 40 ]`, `"Ann"`, `"Bob"`)
	d.check(`[ { name, age } in persons, 18..40 contains .age ]`, `{"name":"Ann","age":31}`)
	d.check(`[ { who: p.name, city: c.name } : p in persons, c in cities, p.home == c.id ]`,
		`{"who":"Ann","city":"Oslo"}`, `{"who":"Bob","city":"Rome"}`, `{"who":"Cy","city":"Oslo"}`)
	d.check(`[ p.name + "->" + f.name : p in persons, f in p.friends ]`, `"Ann->Bob"`, `"Bob->Ann"`, `"Bob->Cy"`)
	d.check(`[ { name: p.name, friends: [f.name : f in persons, p.friends contains f.id] } : p in persons, p.age < 40 ]`,
		`{"name":"Ann","friends":["Bob"]}`, `{"name":"Bob","friends":["Ann","Cy"]}`)
	d.check(`[ p : p in persons, p.id == persons.@bob ] |> map .name`, `"Bob"`)
	d.check(`[ x * x : x in 1..=5, x % 2 == 1 ]`, `1`, `9`, `25`)
	d.check(`[ (x, y) : x in [1, 2], y in [1, 2, 3], x < y ]`, `[1,2]`, `[1,3]`, `[2,3]`)
	d.check(`[ x in [y in [1, -2, 3], y > 0] ]`, `1`, `3`)
	d.check(`persons.@a..persons.@c |> map .name`, `"Ann"`, `"Bob"`)
	d.check(`persons.@ann..=persons.@bob |> map .name`, `"Ann"`, `"Bob"`)
	d.check(`persons |> order_by .age desc |> map .name`, `"Cy"`, `"Ann"`, `"Bob"`)
	d.check(`persons |> order_by .city, .age desc |> map .name |> limit 2`, `"Cy"`, `"Ann"`)
	d.check(`persons |> skip 1 |> limit 1 |> map .name`, `"Bob"`)
	d.check(`persons |> map .age |> sum`, `93`)
	d.check(`persons |> map .age |> avg`, `31`)
	d.check(`persons |> map .age |> max`, `45`)
	d.check(`persons |> filter .age > 18 |> count`, `2`)
	d.check(`persons |> first |> .name`, `"Ann"`)
	d.check(`(persons |> last).name`, `"Cy"`)
	d.check(`persons |> map .city |> distinct`, `"Oslo"`, `"Rome"`)
	d.check(`persons |> reverse |> map .name`, `"Cy"`, `"Bob"`, `"Ann"`)
	d.check(`persons |> flat_map .tags`, `"a"`, `"b"`, `"c"`)
	d.check(`[[1, 2], [3]] |> flatten`, `1`, `2`, `3`)
	d.check(`persons |> group_by .city |> map |g| { city: g.key, n: g.items |> count, avg_age: g.items |> map |x| x.age |> avg }`,
		`{"city":"Oslo","n":2,"avg_age":38}`, `{"city":"Rome","n":1,"avg_age":17}`)
	d.check(`[3, 1, 2] |> order desc`, `3`, `2`, `1`)
	d.check(`[3, 1, 2] |> order |> first`, `1`)
	d.check(`[3, 1, 2] |> count`, `3`)
	d.check(`persons |> map |p| p.name.lowercase()`, `"ann"`, `"bob"`, `"cy"`)
	d.check(`persons |> filter |p| p.age > 40 |> map .name`, `"Cy"`)
	d.check(`persons.name`, `"Ann"`, `"Bob"`, `"Cy"`)
	d.check(`persons[.age > 40].name`, `"Cy"`)
	d.check(`len([ p in persons ])`, `3`)
	d.check(`persons.@ann.home.name`, `"Oslo"`)
	d.check(`[ p.home.name : p in persons ] |> distinct`, `"Oslo"`, `"Rome"`)
	d.check(`[ p in persons, p.age > 18 ] |> update { adult: true } |> map .name`, `"Ann"`, `"Cy"`)
	d.check(`[ p.name : p in persons, p.adult == true ]`, `"Ann"`, `"Cy"`)
	d.check(`persons |> map .name |> join(", ")`, `"Ann, Bob, Cy"`)
	d.check(`[ p.name : p in persons, p.name matches !/^[AB]/ ]`, `"Ann"`, `"Bob"`)
	d.check(`[ x : x in [1, 2, 3], (x in [2, 3]) ]`, `2`, `3`)
	// A condition that is not a bool (a missing field) only drops the
	// element, also when the optimizer merges conditions.
	d.check(`[ p.name : p in persons, p.flag, p.age > 1 ]`)
	d.check(`[ p.name : p in persons, p.age > 1, p.flag ]`)
}

func TestE2EValues(t *testing.T) {
	d := newDB(t)
	d.check(`1 + 2 * 3`, `7`)
	d.check(`[1, 2, 3]`, `1`, `2`, `3`)
	d.check(`none`, `null`)
	d.check(`{ let a = 1; let b = 2; a + b }`, `3`)
	d.check(`{ let a = 1; let a = a + 1; a }`, `2`)
	d.check(`let f = |x| x + 1; f(2)`, `3`)
	d.check(`f(f(1))`, `3`)
	d.check(`let g = |a, b| { let s = a + b; s * 2 }; g(1, 2)`, `6`)
	d.check(`(|x| |y| x + y)(1)(2)`, `3`)
	d.check(`{ let k = 10; [ x + k : x in [1, 2] ] }`, `11`, `12`)
	d.check(`{ let k = 10; [1, 2] |> map |x| x * k }`, `10`, `20`)
	d.check(`|x: int| x * 2`, `"|x| ..."`)
	d.check(`(|x: float| x)(1) + 0.5`, `1.5`)
	d.fails(`(|x: int| x)("a")`, errs.DatatypeMismatch)
	d.check(`if 1 > 2 { "big" } else if 1 > 0 { "small" } else { "none" }`, `"small"`)
	d.check(`match 5 { 0 => "zero", 1..=9 => "small", _ => "other" }`, `"small"`)
	d.check(`match [1, 2, 3] { [x] => x, [x, ..rest] => rest, _ => "other" }`, `2`, `3`)
	d.check(`match { kind: @dog, name: "Rex" } { { kind: @cat } => "cat", { kind: @dog, name } => name }`, `"Rex"`)
	d.check(`match "xyz" { !/^x/ => "x-word", _ => "other" }`, `"x-word"`)
	d.check(`match 50 { n if n > 10 => n * 2, n => n }`, `100`)
	d.fails(`match 1 { 2 => 3 }`, errs.CaseNotFound)
	d.check(`let limit = 2; [5, 4, 3] |> limit limit`, `5`, `4`)
	d.check(`let xs: [int] = [1, 2]; xs |> sum`, `3`)
	d.fails(`let ys: [int] = ["a"]`, errs.DatatypeMismatch)
	d.check(`datetime("2024-05-01T10:00:00Z")`, `"2024-05-01T10:00:00Z"`)
	d.check(`"John" matches !/^j/i`, `true`)
	d.check(`[1, 2] contains 2`, `true`)
	d.check(`(1, "a").1`, `"a"`)
	d.check(`{ a: 1 } + { b: 2 }`, `{"a":1,"b":2}`)
	d.check(`[1, 2, 3] |> map |x| x * 2 |> sum`, `12`)
	d.fails(`[1, 2, 3] |> map uppercase |> count`, errs.DatatypeMismatch)
	d.check(`["a", "b"] |> map uppercase`, `"A"`, `"B"`)
	d.check(`math::sqrt(16)`, `4`)
	d.fails(`1 / 0`, errs.DivisionByZero)
	d.fails(`nosuch`, errs.UndefinedColumn)
}

func TestE2ESchema(t *testing.T) {
	d := newDB(t)
	d.mustRun(`table::create(@people, {
		name: string assert [is_capitalized],
		age: int? assert [|a| a >= 0],
		email: string = "",
	})`)
	d.check(`people::add(@a, { name: "Ann", age: 3 })`, `{"id":"people.@a","name":"Ann","age":3,"email":""}`)
	d.fails(`people::add(@b, { name: "ann" })`, errs.CheckViolation)
	d.fails(`people::add(@c, { name: "Cy", age: -1 })`, errs.CheckViolation)
	d.fails(`people::add(@d, { name: "Di", nope: 1 })`, errs.UndefinedColumn)
	d.fails(`people::add(@e, { age: 1 })`, errs.NotNullViolation)
	d.fails(`people::add(@f, { name: 5 })`, errs.DatatypeMismatch)
	d.mustRun(`db::create(@shop)`)
	d.mustRun(`destroy table.@people`)
	d.fails(`people.@a`, errs.UndefinedTable)

	// A table made by SQL, keyed by an int column.
	err := d.inTxn(func(txn kv.Txn) error {
		_, err := d.cat.CreateTable(d.ctx, txn, d.d, &catalog.Table{
			Name: "users", CreatedBy: "sql", Schemafull: true, PrimaryKey: []string{"id"},
			Fields: []catalog.Field{{Name: "id", Type: value.TypeInt8}, {Name: "name", Type: value.TypeText, Optional: true}},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	d.check(`users::add(@2, { name: "Two" })`, `{"id":"users.@2","name":"Two"}`)
	d.check(`users::add({ id: 3, name: "Three" }).name`, `"Three"`)
	d.check(`users.@2.name`, `"Two"`)
	d.check(`users.@3.replace({ name: "Tres" }).name`, `"Tres"`)
	d.check(`[ u.name : u in users, u.id == users.@3 ]`, `"Tres"`)
	d.check(`users.@2..=users.@3 |> count`, `2`)
	d.fails(`users.@john`, errs.DatatypeMismatch)
	d.fails(`users::add(@5, { id: 6, name: "x" })`, errs.InvalidParameterValue)
	d.check(`{ let o = { name: "Nine" }; users::add(@9, o) }.name`, `"Nine"`)
	d.check(`[ u.name : u in users, u.id == users.@9 ]`, `"Nine"`)
}

func TestCompilePredicate(t *testing.T) {
	r := newFakeResolver()
	for _, src := range []string{"is_capitalized", "|v| v > 0", ".len() > 2", "math::sqrt"} {
		if _, err := CompilePredicate(context.Background(), r, src); err != nil {
			t.Errorf("%s: %v", src, err)
		}
	}
	for src, code := range map[string]string{"nosuch": errs.UndefinedFunction, "|v| v >": errs.SyntaxError, "x + 1": errs.UndefinedColumn} {
		_, err := CompilePredicate(context.Background(), r, src)
		if got := errs.Code(err); got != code {
			t.Errorf("%s: want %s, got %v", src, code, err)
		}
	}
}
