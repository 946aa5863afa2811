package exec

import (
	"context"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

func TestSchemalessInsertScanPointGet(t *testing.T) {
	f := newFixture(t)
	people := f.table(&catalog.Table{Name: "people", CreatedBy: "zql"})
	f.mustInsert(people,
		ksym("john"), obj("name", ks("John"), "age", ki(42)),
		ksym("ann"), obj("name", ks("Ann"), "age", ki(31)),
		ksym("bob"), obj("name", ks("Bob")),
	)
	// Full scan in key order.
	wantRows(t, f.mustQuery(scanOf(people)), `
"@ann" | {"name": "Ann", "age": 31}
"@bob" | {"name": "Bob"}
"@john" | {"name": "John", "age": 42}
`)
	// Reverse scan.
	wantRows(t, f.mustQuery(&plan.Scan{Table: people, Reverse: true}), `
"@john" | {"name": "John", "age": 42}
"@bob" | {"name": "Bob"}
"@ann" | {"name": "Ann", "age": 31}
`)
	// Point get by parameter; a missing key yields nothing.
	get := &plan.Scan{Table: people, Span: &plan.KeySpan{Point: param(1)}}
	wantRows(t, f.mustQuery(get, value.Symbol("ann")), `
"@ann" | {"name": "Ann", "age": 31}
`)
	wantRows(t, f.mustQuery(get, value.Symbol("zed")), ``)
	wantRows(t, f.mustQuery(get, value.None), ``)
	// A string finds the record keyed by the symbol with the same text.
	wantRows(t, f.mustQuery(get, value.String("bob")), `
"@bob" | {"name": "Bob"}
`)
	// Key range [@b, @k): bob and john? john > k, so only bob.
	rng := &plan.Scan{Table: people, Span: &plan.KeySpan{Lo: ksym("b"), LoInclusive: true, Hi: ksym("k")}}
	wantRows(t, f.mustQuery(rng), `
"@bob" | {"name": "Bob"}
"@john" | {"name": "John", "age": 42}
`)
	rng = &plan.Scan{Table: people, Span: &plan.KeySpan{Lo: ksym("ann"), Hi: ksym("john"), HiInclusive: true}}
	wantRows(t, f.mustQuery(rng), `
"@bob" | {"name": "Bob"}
"@john" | {"name": "John", "age": 42}
`)
	// Pushed filter and limit.
	fs := &plan.Scan{Table: people, Filter: zbin(plan.OpGt, fld(col(1), "age"), ki(30)), Limit: ki(1)}
	wantRows(t, f.mustQuery(fs), `
"@ann" | {"name": "Ann", "age": 31}
`)
	// The ZQL record view.
	view := project(scanOf(people), &plan.RecordView{Table: "people", Key: col(0), Obj: col(1)})
	wantRows(t, f.mustQuery(&plan.Limit{Input: view, Count: ki(1)}), `
{"id": "people.@ann", "name": "Ann", "age": 31}
`)
}

func TestGeneratedKeysSortByCreation(t *testing.T) {
	f := newFixture(t)
	ev := f.table(&catalog.Table{Name: "events", CreatedBy: "zql"})
	for i := range 20 {
		f.mustInsert(ev, nil, obj("n", ki(int64(i))))
	}
	rows := f.mustQuery(scanOf(ev))
	if len(rows) != 20 {
		t.Fatalf("%d rows", len(rows))
	}
	for i, r := range rows {
		if r[0].Kind() != value.KindSymbol || len(r[0].AsString()) != 26 {
			t.Fatalf("generated key %s is not a 26-character symbol", r[0])
		}
		if n, _ := r[1].AsObject().Get("n"); n.AsInt() != int64(i) {
			t.Fatalf("row %d holds n=%s: keys do not sort by creation", i, n)
		}
	}
	// Inserting with an id field names the record.
	f.mustInsert(ev, nil, obj("id", k(value.RecordIDOf("events", value.Symbol("x"))), "n", ki(99)))
	wantRows(t, f.mustQuery(&plan.Scan{Table: ev, Span: &plan.KeySpan{Point: ksym("x")}}), `
"@x" | {"n": 99}
`)
	_, err := f.insert(ev, plan.InsertNew, nil, obj("id", k(value.RecordIDOf("other", value.Symbol("x")))))
	wantCode(t, err, errs.InvalidParameterValue)
}

func personsTable() *catalog.Table {
	return &catalog.Table{
		Name: "persons", Schemafull: true, CreatedBy: "zql",
		Fields: []catalog.Field{
			{Name: "name", Type: value.TypeText},
			{Name: "age", Type: value.Type{Kind: value.KindInt}, Optional: true},
			{Name: "score", Type: value.TypeFloat8, Optional: true},
			{Name: "email", Type: value.TypeText, HasDefault: true, DefaultValue: value.String("")},
			{Name: "joined", Type: value.TypeTimestampTZ, HasDefault: true, DefaultFunc: "test_now"},
		},
	}
}

func TestSchemafullValidation(t *testing.T) {
	f := newFixture(t)
	f.reg.Register(&builtin.Func{Name: "test_now", Fn: func(c *builtin.Context, _ []value.Value) (value.Value, error) {
		return value.Datetime(c.Now, true), nil
	}})
	p := f.table(personsTable())

	// Defaults, int widening to float, field order of the schema.
	rows, err := f.insert(p, plan.InsertNew, ksym("ann"), obj("score", ki(3), "name", ks("Ann")))
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, rows, `
"@ann" | {"name": "Ann", "score": 3, "email": "", "joined": "2023-11-14T22:13:20Z"}
`)
	if sc, _ := rows[0][1].AsObject().Get("score"); sc.Kind() != value.KindFloat {
		t.Errorf("score is %s, want a float (int widens)", sc.Kind())
	}
	// Unknown field: 42703 naming table and field.
	_, err = f.insert(p, plan.InsertNew, ksym("x"), obj("name", ks("X"), "nick", ks("x")))
	e := wantCode(t, err, errs.UndefinedColumn)
	if !strings.Contains(e.Message, `"nick"`) || !strings.Contains(e.Message, `"persons"`) {
		t.Errorf("message %q does not name field and table", e.Message)
	}
	// Missing required field: 23502 with PostgreSQL's message.
	_, err = f.insert(p, plan.InsertNew, ksym("x"), obj("age", ki(3)))
	e = wantCode(t, err, errs.NotNullViolation)
	if want := `null value in column "name" of relation "persons" violates not-null constraint`; e.Message != want {
		t.Errorf("message %q, want %q", e.Message, want)
	}
	// Wrong type: 42804 naming the field.
	_, err = f.insert(p, plan.InsertNew, ksym("x"), obj("name", ks("X"), "age", ks("old")))
	e = wantCode(t, err, errs.DatatypeMismatch)
	if !strings.Contains(e.Message, `"age"`) {
		t.Errorf("message %q does not name the field", e.Message)
	}
	// Duplicate key.
	_, err = f.insert(p, plan.InsertNew, ksym("ann"), obj("name", ks("Other")))
	e = wantCode(t, err, errs.UniqueViolation)
	if e.Message != `duplicate key value violates unique constraint "persons_pkey"` {
		t.Errorf("message %q", e.Message)
	}
	// Ignore keeps the old record; replace overwrites it.
	rows, err = f.insert(p, plan.InsertIgnore, ksym("ann"), obj("name", ks("Other")))
	if err != nil || len(rows) != 0 {
		t.Fatalf("ignore: %v %v", rows, err)
	}
	if _, err := f.insert(p, plan.InsertReplace, ksym("ann"), obj("name", ks("Anna"), "age", ki(30))); err != nil {
		t.Fatal(err)
	}
	wantRows(t, f.mustQuery(scanOf(p)), `
"@ann" | {"name": "Anna", "age": 30, "email": "", "joined": "2023-11-14T22:13:20Z"}
`)
}

func TestAsserts(t *testing.T) {
	f := newFixture(t)
	tab := &catalog.Table{Name: "nums", Schemafull: true, CreatedBy: "zql", Fields: []catalog.Field{
		{Name: "n", Type: value.Type{Kind: value.KindInt}, Asserts: []string{"positive", "small"}},
	}}
	tab = f.table(tab)
	// Without a compiler asserts are skipped.
	f.mustInsert(tab, ksym("a"), obj("n", ki(-1)))
	compiled := 0
	f.x.AssertCompiler = func(_ context.Context, _ kv.Txn, _ *catalog.Database, src string) (plan.Expr, error) {
		compiled++
		switch src {
		case "positive": // `. > 0`
			return zbin(plan.OpGt, col(0), ki(0)), nil
		case "small": // a function value: |v| v < 100
			return &plan.Closure{Params: []string{"v"}, NumSlots: 1, Body: zbin(plan.OpLt, &plan.Local{Slot: 0}, ki(100))}, nil
		}
		return nil, errs.New(errs.SyntaxError, "bad assert")
	}
	f.mustInsert(tab, ksym("b"), obj("n", ki(5)))
	_, err := f.insert(tab, plan.InsertNew, ksym("c"), obj("n", ki(-5)))
	wantCode(t, err, errs.CheckViolation)
	_, err = f.insert(tab, plan.InsertNew, ksym("c"), obj("n", ki(500)))
	e := wantCode(t, err, errs.CheckViolation)
	if !strings.Contains(e.Message, "small") || !strings.Contains(e.Message, `"nums"`) {
		t.Errorf("message %q", e.Message)
	}
	f.mustInsert(tab, ksym("d"), obj("n", ki(7)))
	// Once per statement and predicate: b (2), c (the first fails), c (2), d (2).
	if compiled != 7 {
		t.Errorf("compiled %d times, want 7 (once per statement)", compiled)
	}
}

func usersTable() *catalog.Table {
	return &catalog.Table{
		Name: "users", Schemafull: true, CreatedBy: "sql", PrimaryKey: []string{"id"},
		Fields: []catalog.Field{
			{Name: "id", Type: value.TypeInt4},
			{Name: "name", Type: value.Type{Kind: value.KindString, MaxLen: 5}, Optional: true},
			{Name: "balance", Type: value.TypeInt8, Optional: true, HasDefault: true, DefaultValue: value.IntW(0, value.I64)},
		},
	}
}

func TestSQLTableKeysAndConversions(t *testing.T) {
	f := newFixture(t)
	u := f.table(usersTable())
	// Key from the primary-key column; text converts to the column type.
	if _, err := f.insert(u, plan.InsertNew,
		nil, obj("id", ki(2), "name", ks("bo"), "balance", ks("100")),
		nil, obj("id", ki(1), "name", ks("al")),
		nil, obj("id", ki(10), "name", k(value.None)),
	); err != nil {
		t.Fatal(err)
	}
	wantRows(t, f.mustQuery(scanOf(u)), `
1 | {"id": 1, "name": "al", "balance": 0}
2 | {"id": 2, "name": "bo", "balance": 100}
10 | {"id": 10, "balance": 0}
`)
	rows := f.mustQuery(scanOf(u))
	if w := rows[0][0].Width(); w != value.I32 {
		t.Errorf("key of an int4 primary key has width %d, want I32", w)
	}
	// Duplicate key detail names the column.
	_, err := f.insert(u, plan.InsertNew, nil, obj("id", ki(2)))
	e := wantCode(t, err, errs.UniqueViolation)
	if e.Message != `duplicate key value violates unique constraint "users_pkey"` || e.Detail != "Key (id)=(2) already exists." {
		t.Errorf("got %q / %q", e.Message, e.Detail)
	}
	// NULL primary key.
	_, err = f.insert(u, plan.InsertNew, nil, obj("name", ks("x")))
	wantCode(t, err, errs.NotNullViolation)
	// varchar(5) is enforced.
	_, err = f.insert(u, plan.InsertNew, nil, obj("id", ki(3), "name", ks("toolong")))
	wantCode(t, err, errs.StringDataRightTruncation)
	// Point get with a float that equals an int key, and with a non-integral one.
	get := &plan.Scan{Table: u, Span: &plan.KeySpan{Point: param(1)}}
	wantRows(t, f.mustQuery(get, value.Float(2)), `
2 | {"id": 2, "name": "bo", "balance": 100}
`)
	wantRows(t, f.mustQuery(get, value.Float(2.5)), ``)
	// Range with a float bound on an int key.
	rng := &plan.Scan{Table: u, Span: &plan.KeySpan{Lo: param(1), Hi: param(2)}}
	wantRows(t, f.mustQuery(rng, value.Float(1.5), value.Float(10)), `
2 | {"id": 2, "name": "bo", "balance": 100}
`)
	// An explicit key fills the key column (ZQL users::add(5, {...})).
	rows, err = f.insert(u, plan.InsertNew, ki(5), obj("name", ks("eve")))
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, rows, `
5 | {"id": 5, "name": "eve", "balance": 0}
`)
}

func TestUpdateDeleteAndHalloween(t *testing.T) {
	f := newFixture(t)
	u := f.table(usersTable())
	for i := int64(1); i <= 50; i++ {
		f.mustInsert(u, nil, obj("id", ki(i), "balance", ki(i)))
	}
	// UPDATE users SET balance = balance + 1000: every row exactly once.
	set := &plan.ObjectCons{Spread: col(1), Names: []string{"balance"}, Vals: []plan.Expr{sbin(plan.OpAdd, fld(col(1), "balance"), ki(1000))}}
	upd := &plan.Update{Table: u, Input: scanOf(u), KeyCol: 0, ObjCol: 1, Set: set}
	rows := f.mustQuery(upd)
	if len(rows) != 50 {
		t.Fatalf("updated %d rows", len(rows))
	}
	agg := &plan.Aggregate{Input: scanOf(u), Aggs: []plan.Agg{{Func: plan.AggSum, Arg: fld(col(1), "balance")}, {Func: plan.AggCountStar}}}
	wantRows(t, f.mustQuery(agg), "51275 | 50\n")
	// The key may change, to a key no other record has: every row to 999
	// collides with the first one moved there.
	bad := &plan.Update{Table: u, Input: scanOf(u), KeyCol: 0, ObjCol: 1,
		Set: &plan.ObjectCons{Spread: col(1), Names: []string{"id"}, Vals: []plan.Expr{ki(999)}}}
	_, err := f.query(bad)
	wantCode(t, err, errs.UniqueViolation)
	// Validation applies to updates.
	bad.Set = &plan.ObjectCons{Spread: col(1), Names: []string{"nope"}, Vals: []plan.Expr{ki(1)}}
	_, err = f.query(bad)
	wantCode(t, err, errs.UndefinedColumn)

	// INSERT INTO users SELECT id + 100, ... FROM users doubles the table, no more.
	ins := &plan.Insert{Table: u, Input: scanOf(u), Obj: &plan.ObjectCons{Spread: col(1), Names: []string{"id"},
		Vals: []plan.Expr{sbin(plan.OpAdd, col(0), ki(100))}}}
	if rows := f.mustQuery(ins); len(rows) != 50 {
		t.Fatalf("inserted %d rows", len(rows))
	}
	// DELETE FROM users WHERE id > 100.
	del := &plan.Delete{Table: u, Input: &plan.Filter{Input: scanOf(u), Cond: sbin(plan.OpGt, col(0), ki(100))}, KeyCol: 0, ObjCol: 1}
	if rows := f.mustQuery(del); len(rows) != 50 {
		t.Fatalf("deleted %d rows", len(rows))
	}
	wantRows(t, f.mustQuery(&plan.Aggregate{Input: scanOf(u), Aggs: []plan.Agg{{Func: plan.AggCountStar}}}), "50\n")
}

func TestLinkFollowing(t *testing.T) {
	f := newFixture(t)
	cities := f.table(&catalog.Table{Name: "cities", CreatedBy: "zql"})
	people := f.table(&catalog.Table{Name: "people", CreatedBy: "zql"})
	f.mustInsert(cities, ksym("paris"), obj("name", ks("Paris")))
	f.mustInsert(people,
		ksym("ann"), obj("home", k(value.RecordIDOf("cities", value.Symbol("paris")))),
		ksym("bob"), obj("home", k(value.RecordIDOf("cities", value.Symbol("nowhere")))),
		ksym("cy"), obj("x", ki(1)),
	)
	q := project(scanOf(people), col(0), fld(fld(col(1), "home"), "name"), fld(fld(col(1), "home"), "id"))
	wantRows(t, f.mustQuery(q), `
"@ann" | "Paris" | "cities.@paris"
"@bob" | null | "cities.@nowhere"
"@cy" | null | null
`)
	// A link to a table that does not exist is 42P01.
	bad := &plan.Eval{X: fld(k(value.RecordIDOf("nope", value.Symbol("x"))), "name")}
	_, err := f.query(bad)
	wantCode(t, err, errs.UndefinedTable)
}

func TestDDL(t *testing.T) {
	f := newFixture(t)
	ct := &plan.CreateTable{Table: &catalog.Table{Name: "t1", CreatedBy: "sql"}}
	f.mustQuery(ct)
	_, err := f.query(ct)
	wantCode(t, err, errs.DuplicateTable)
	ct.IfNotExists = true
	f.mustQuery(ct)
	if ct.Table.ID != 0 {
		t.Errorf("the plan's table descriptor was modified")
	}
	f.mustQuery(&plan.DropTable{Name: "t1"})
	_, err = f.query(&plan.DropTable{Name: "t1"})
	wantCode(t, err, errs.UndefinedTable)
	f.mustQuery(&plan.DropTable{Name: "t1", IfExists: true})
	f.mustQuery(&plan.CreateNamespace{Name: "acme", Consistency: catalog.Eventual})
	f.mustQuery(&plan.CreateDatabase{Namespace: "acme", Name: "shop"})
	f.mustQuery(&plan.CreateDatabase{Name: "shop2"})
	_, err = f.query(&plan.CreateDatabase{Name: "shop2"})
	wantCode(t, err, errs.DuplicateDatabase)
	f.mustQuery(&plan.DropObject{Kind: "db", Name: "shop2"})
	f.mustQuery(&plan.DropObject{Kind: "db", Name: "shop2", IfExists: true})
	f.mustQuery(&plan.DropObject{Kind: "db", Name: "acme/shop"})
	f.mustQuery(&plan.DropObject{Kind: "namespace", Name: "acme"})
	_, err = f.query(&plan.DropObject{Kind: "index", Name: "x"})
	wantCode(t, err, errs.UndefinedObject)
}

// TestDropDatabaseAndNamespace: a namespace is destroyed only once it is
// empty, and "ns/db" reaches a database of another namespace (the only
// way to empty a namespace whose last database one could otherwise only
// drop while connected to it).
func TestDropDatabaseAndNamespace(t *testing.T) {
	f := newFixture(t)
	f.mustQuery(&plan.CreateNamespace{Name: "acme"})
	f.mustQuery(&plan.CreateDatabase{Namespace: "acme", Name: "shop"})
	f.mustQuery(&plan.CreateDatabase{Name: "shop"})
	for _, tc := range []struct {
		name string
		drop *plan.DropObject
		code string
	}{
		{"namespace holding shop", &plan.DropObject{Kind: "namespace", Name: "acme"}, errs.DependentObjectsStillExist},
		{"the open database", &plan.DropObject{Kind: "db", Name: "main"}, errs.ObjectInUse},
		{"the open database by its namespace", &plan.DropObject{Kind: "db", Name: "default/main"}, errs.ObjectInUse},
		{"missing namespace", &plan.DropObject{Kind: "db", Name: "nope/shop"}, errs.InvalidSchemaName},
		{"missing namespace if exists", &plan.DropObject{Kind: "db", Name: "nope/shop", IfExists: true}, ""},
		{"missing database", &plan.DropObject{Kind: "db", Name: "acme/nope"}, errs.InvalidCatalogName},
		{"another namespace's database", &plan.DropObject{Kind: "db", Name: "acme/shop"}, ""},
		{"it again", &plan.DropObject{Kind: "db", Name: "acme/shop"}, errs.InvalidCatalogName},
		{"it again if exists", &plan.DropObject{Kind: "db", Name: "acme/shop", IfExists: true}, ""},
		{"the empty namespace", &plan.DropObject{Kind: "namespace", Name: "acme"}, ""},
		{"this namespace's shop is another database", &plan.DropObject{Kind: "db", Name: "shop"}, ""},
	} {
		_, err := f.query(tc.drop)
		if tc.code == "" {
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			continue
		}
		wantCode(t, err, tc.code)
	}
}

func TestExplicitKeyMustMatchPrimaryKey(t *testing.T) {
	f := newFixture(t)
	u := f.table(usersTable())
	_, err := f.insert(u, plan.InsertNew, ki(5), obj("id", ki(6)))
	wantCode(t, err, errs.InvalidParameterValue)
	rows, err := f.insert(u, plan.InsertNew, ki(6), obj("id", ki(6)))
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, rows, "6 | {\"id\": 6, \"balance\": 0}\n")
}

func TestUpdateRekeys(t *testing.T) {
	f := newFixture(t)
	u := f.table(usersTable())
	for _, id := range []int64{1, 2} {
		if _, err := f.insert(u, plan.InsertNew, nil, obj("id", ki(id), "name", ks("n"))); err != nil {
			t.Fatal(err)
		}
	}
	move := func(from, to int64) error {
		in := &plan.Filter{Input: scanOf(u), Cond: sbin(plan.OpEq, col(0), ki(from))}
		_, err := f.query(&plan.Update{Table: u, Input: in, KeyCol: 0, ObjCol: 1,
			Set: &plan.ObjectCons{Spread: col(1), Names: []string{"id"}, Vals: []plan.Expr{ki(to)}}})
		return err
	}
	if err := move(1, 5); err != nil {
		t.Fatal(err)
	}
	wantCode(t, move(2, 5), errs.UniqueViolation)
	wantRows(t, f.mustQuery(&plan.Project{Input: scanOf(u), Exprs: []plan.Expr{col(0)}}), "2\n5\n")
}
