package catalog

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

func newStore(t testing.TB) kv.Store {
	t.Helper()
	store, err := kv.OpenMemory()
	if err != nil {
		t.Fatalf("kv.OpenMemory: %v", err)
	}
	t.Cleanup(func() { store.Close() })
	return store
}

func newCatalog(t testing.TB) (*Catalog, kv.Store) {
	t.Helper()
	store := newStore(t)
	c, err := Open(context.Background(), store)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return c, store
}

// update runs fn in a read-write transaction and commits it, or rolls it
// back when fn fails.
func update(store kv.Store, fn func(ctx context.Context, txn kv.Txn) error) error {
	ctx := context.Background()
	txn, err := store.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		return err
	}
	defer txn.Rollback()
	if err := fn(ctx, txn); err != nil {
		return err
	}
	return txn.Commit(ctx)
}

func mustUpdate(t testing.TB, store kv.Store, fn func(ctx context.Context, txn kv.Txn) error) {
	t.Helper()
	if err := update(store, fn); err != nil {
		t.Fatal(err)
	}
}

// view runs fn in a read-only transaction.
func view(t testing.TB, store kv.Store, fn func(ctx context.Context, txn kv.Txn)) {
	t.Helper()
	ctx := context.Background()
	txn, err := store.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer txn.Rollback()
	fn(ctx, txn)
}

// dump lists every key and value of the store, for before/after checks.
func dump(t testing.TB, store kv.Store) []string {
	t.Helper()
	var out []string
	view(t, store, func(ctx context.Context, txn kv.Txn) {
		it := txn.Scan(ctx, []byte{}, nil, false)
		defer it.Close()
		for it.Next() {
			out = append(out, fmt.Sprintf("%s = %x", keys.Pretty(it.Key()), it.Value()))
		}
		if err := it.Err(); err != nil {
			t.Fatal(err)
		}
	})
	return out
}

func countRange(t testing.TB, store kv.Store, start, end []byte) int {
	t.Helper()
	n := 0
	view(t, store, func(ctx context.Context, txn kv.Txn) {
		it := txn.Scan(ctx, start, end, false)
		defer it.Close()
		for it.Next() {
			n++
		}
		if err := it.Err(); err != nil {
			t.Fatal(err)
		}
	})
	return n
}

// wantErr checks err's SQLSTATE and, when msg is not empty, its message.
func wantErr(t testing.TB, err error, code, msg string) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("got no error, want %s", code)
	}
	e := errs.From(err)
	if e.Code != code {
		t.Fatalf("got %s %q, want %s", e.Code, e.Message, code)
	}
	if msg != "" && e.Message != msg {
		t.Fatalf("got message %q, want %q", e.Message, msg)
	}
}

func mainDB(t testing.TB, c *Catalog, store kv.Store) *Database {
	t.Helper()
	var db *Database
	view(t, store, func(ctx context.Context, txn kv.Txn) {
		var err error
		if db, err = c.Database(ctx, txn, DefaultNamespace, DefaultDatabase); err != nil {
			t.Fatal(err)
		}
	})
	return db
}

func TestBootstrap(t *testing.T) {
	c, store := newCatalog(t)
	check := func(c *Catalog) (*Namespace, *Database) {
		t.Helper()
		var ns *Namespace
		var db *Database
		view(t, store, func(ctx context.Context, txn kv.Txn) {
			nss, err := c.Namespaces(ctx, txn)
			if err != nil {
				t.Fatal(err)
			}
			if len(nss) != 1 || nss[0].Name != DefaultNamespace || nss[0].Consistency != Strong {
				t.Fatalf("namespaces = %+v", nss)
			}
			dbs, err := c.Databases(ctx, txn, DefaultNamespace)
			if err != nil {
				t.Fatal(err)
			}
			if len(dbs) != 1 || dbs[0].Name != DefaultDatabase || dbs[0].Namespace != nss[0].ID {
				t.Fatalf("databases = %+v", dbs)
			}
			users, err := c.Users(ctx, txn)
			if err != nil || len(users) != 0 {
				t.Fatalf("users = %v, %v", users, err)
			}
			ns, db = nss[0], dbs[0]
		})
		return ns, db
	}
	ns1, db1 := check(c)
	before := dump(t, store)

	// Re-opening finds the store bootstrapped and changes nothing.
	for range 3 {
		c2, err := Open(context.Background(), store)
		if err != nil {
			t.Fatal(err)
		}
		ns2, db2 := check(c2)
		if *ns1 != *ns2 || !reflect.DeepEqual(db1, db2) {
			t.Fatalf("re-Open changed the defaults: %+v %+v vs %+v %+v", ns1, db1, ns2, db2)
		}
	}
	if after := dump(t, store); !slices.Equal(before, after) {
		t.Fatalf("re-Open wrote:\nbefore %q\nafter  %q", before, after)
	}
}

func TestBootstrapConcurrent(t *testing.T) {
	store := newStore(t)
	var wg sync.WaitGroup
	errc := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			_, err := Open(context.Background(), store)
			errc <- err
		})
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		if err != nil {
			t.Fatal(err)
		}
	}
	c, err := Open(context.Background(), store)
	if err != nil {
		t.Fatal(err)
	}
	view(t, store, func(ctx context.Context, txn kv.Txn) {
		nss, _ := c.Namespaces(ctx, txn)
		dbs, _ := c.Databases(ctx, txn, DefaultNamespace)
		if len(nss) != 1 || len(dbs) != 1 {
			t.Fatalf("namespaces %v, databases %v", nss, dbs)
		}
	})
}

func TestFormatVersion(t *testing.T) {
	for _, tc := range []struct {
		name    string
		version []byte
		code    string
	}{
		{"current", binary.BigEndian.AppendUint64(nil, FormatVersion), ""},
		{"newer", binary.BigEndian.AppendUint64(nil, FormatVersion+1), errs.FeatureNotSupported},
		{"zero", binary.BigEndian.AppendUint64(nil, 0), errs.DataCorrupted},
		// Format 1 stored datetimes as nanoseconds since 1970.
		{"nanosecond datetimes", binary.BigEndian.AppendUint64(nil, 1), errs.FeatureNotSupported},
		{"short", []byte{1}, errs.DataCorrupted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, store := newCatalog(t)
			mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
				return txn.Put(keys.FormatVersionKey(nil), tc.version)
			})
			_, err := Open(context.Background(), store)
			wantErr(t, err, tc.code, "")
		})
	}
}

// step is one operation of a table-driven scenario, run in its own
// committed transaction; code is the SQLSTATE it must fail with ("" =
// success) and msg, when set, the exact message.
type step struct {
	name string
	op   func(ctx context.Context, txn kv.Txn) error
	code string
	msg  string
}

func runSteps(t *testing.T, store kv.Store, steps []step) {
	t.Helper()
	for _, s := range steps {
		err := update(store, s.op)
		if s.code == "" && err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if s.code != "" {
			if err == nil {
				t.Fatalf("%s: no error, want %s", s.name, s.code)
			}
			e := errs.From(err)
			if e.Code != s.code || (s.msg != "" && e.Message != s.msg) {
				t.Fatalf("%s: got %s %q, want %s %q", s.name, e.Code, e.Message, s.code, s.msg)
			}
		}
	}
}

func TestNamespaces(t *testing.T) {
	c, store := newCatalog(t)
	create := func(name string, cons Consistency) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error {
			_, err := c.CreateNamespace(ctx, txn, name, cons)
			return err
		}
	}
	get := func(name string, want Consistency) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error {
			ns, err := c.Namespace(ctx, txn, name)
			if err == nil && (ns.Name != name || ns.Consistency != want) {
				return fmt.Errorf("got %+v", ns)
			}
			return err
		}
	}
	drop := func(name string) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error { return c.DropNamespace(ctx, txn, name) }
	}
	list := func(want ...string) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error {
			nss, err := c.Namespaces(ctx, txn)
			var got []string
			for _, ns := range nss {
				got = append(got, ns.Name)
			}
			if err == nil && !slices.Equal(got, want) {
				return fmt.Errorf("namespaces %q, want %q", got, want)
			}
			return err
		}
	}
	runSteps(t, store, []step{
		{"create acme", create("acme", Eventual), "", ""},
		{"create Acme (case-sensitive)", create("Acme", ""), "", ""},
		{"get acme", get("acme", Eventual), "", ""},
		{"get Acme defaults to strong", get("Acme", Strong), "", ""},
		{"create acme again", create("acme", Strong), errs.DuplicateObject, `namespace "acme" already exists`},
		{"get missing", get("nope", ""), errs.InvalidSchemaName, `namespace "nope" does not exist`},
		{"bad consistency", create("x", "weak"), errs.InvalidParameterValue, ""},
		{"empty name", create("", Strong), "42602", ""},
		{"a slash", create("a/b", Strong), "42602", `namespace name "a/b" must not contain "/"`},
		{"invalid utf-8", create("a\xff", Strong), "22021", ""},
		{"list in name order", list("Acme", "acme", "default"), "", ""},
		{"drop acme", drop("acme"), "", ""},
		{"drop acme again", drop("acme"), errs.InvalidSchemaName, `namespace "acme" does not exist`},
		{"get dropped", get("acme", ""), errs.InvalidSchemaName, ""},
		{"list after drop", list("Acme", "default"), "", ""},
		{"re-create acme", create("acme", Strong), "", ""},
		{"get re-created", get("acme", Strong), "", ""},
	})
}

// TestDropNamespaceRefusesWhileItHoldsDatabases: a namespace is dropped
// only once its databases are, and then leaves no key behind.
func TestDropNamespaceRefusesWhileItHoldsDatabases(t *testing.T) {
	c, store := newCatalog(t)
	var keep *Database
	var held []*Database
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		if _, err := c.CreateNamespace(ctx, txn, "acme", Strong); err != nil {
			return err
		}
		for _, name := range []string{"shop", "crm"} {
			db, err := c.CreateDatabase(ctx, txn, "acme", name)
			if err != nil {
				return err
			}
			if _, err := c.CreateTable(ctx, txn, db, &Table{Name: "t"}); err != nil {
				return err
			}
			held = append(held, db)
		}
		var err error
		if keep, err = c.CreateDatabase(ctx, txn, DefaultNamespace, "shop"); err != nil {
			return err
		}
		_, err = c.CreateTable(ctx, txn, keep, &Table{Name: "t"})
		return err
	})
	dropNS := func(ctx context.Context, txn kv.Txn) error { return c.DropNamespace(ctx, txn, "acme") }
	dropDB := func(name string) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error { return c.DropDatabase(ctx, txn, "acme", name) }
	}
	tables := func(ctx context.Context, txn kv.Txn) error {
		for _, db := range held {
			if _, err := c.Table(ctx, txn, db, "t"); err != nil {
				return err
			}
		}
		return nil
	}
	dbs := func(want ...string) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error {
			got, err := c.Databases(ctx, txn, "acme")
			var names []string
			for _, db := range got {
				names = append(names, db.Name)
			}
			if err == nil && !slices.Equal(names, want) {
				return fmt.Errorf("databases %q, want %q", names, want)
			}
			return err
		}
	}
	runSteps(t, store, []step{
		{"drop holding two", dropNS, errs.DependentObjectsStillExist, `cannot destroy namespace "acme" because it holds database "crm"`},
		{"its tables are untouched", tables, "", ""},
		{"its databases are listed", dbs("crm", "shop"), "", ""},
		{"drop crm", dropDB("crm"), "", ""},
		{"drop holding one", dropNS, errs.DependentObjectsStillExist, `cannot destroy namespace "acme" because it holds database "shop"`},
		{"drop shop", dropDB("shop"), "", ""},
		{"drop empty", dropNS, "", ""},
		{"drop again", dropNS, errs.InvalidSchemaName, `namespace "acme" does not exist`},
		{"re-create", func(ctx context.Context, txn kv.Txn) error {
			_, err := c.CreateNamespace(ctx, txn, "acme", Strong)
			return err
		}, "", ""},
		{"the new one is empty", dbs(), "", ""},
	})
	for _, db := range held {
		start, end := keys.Span(keys.NamespacePrefix(nil, db.Namespace))
		if n := countRange(t, store, start, end); n != 0 {
			t.Errorf("%d keys left under dropped namespace", n)
		}
		start, end = keys.Span(keys.DatabaseNamesPrefix(nil, db.Namespace))
		if n := countRange(t, store, start, end); n != 0 {
			t.Errorf("%d database names left in dropped namespace", n)
		}
	}
	view(t, store, func(ctx context.Context, txn kv.Txn) {
		if _, err := c.Table(ctx, txn, keep, "t"); err != nil {
			t.Fatalf("table of another namespace's database: %v", err)
		}
	})
}

// TestDropNamespaceRefusalSaysWhat: the refusal's detail counts the
// databases and its hint says how to destroy one.
func TestDropNamespaceRefusalSaysWhat(t *testing.T) {
	c, store := newCatalog(t)
	for _, tc := range []struct {
		name   string
		dbs    []string
		detail string
		hint   string
	}{
		{"one", []string{"shop"}, "", "Destroy its databases first, e.g. destroy db.@`one/shop`."},
		{"two", []string{"shop", "crm"}, `Namespace "two" holds 2 databases.`, "Destroy its databases first, e.g. destroy db.@`two/crm`."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
				if _, err := c.CreateNamespace(ctx, txn, tc.name, Strong); err != nil {
					return err
				}
				for _, db := range tc.dbs {
					if _, err := c.CreateDatabase(ctx, txn, tc.name, db); err != nil {
						return err
					}
				}
				return nil
			})
			err := errs.From(update(store, func(ctx context.Context, txn kv.Txn) error { return c.DropNamespace(ctx, txn, tc.name) }))
			if err.Code != errs.DependentObjectsStillExist || err.Detail != tc.detail || err.Hint != tc.hint {
				t.Fatalf("got %s %q detail %q hint %q, want %s detail %q hint %q",
					err.Code, err.Message, err.Detail, err.Hint, errs.DependentObjectsStillExist, tc.detail, tc.hint)
			}
		})
	}
}

func TestDatabases(t *testing.T) {
	c, store := newCatalog(t)
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		_, err := c.CreateNamespace(ctx, txn, "acme", Strong)
		return err
	})
	create := func(ns, name string) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error {
			db, err := c.CreateDatabase(ctx, txn, ns, name)
			if err == nil && (db.Name != name || db.ID == 0) {
				return fmt.Errorf("created %+v", db)
			}
			return err
		}
	}
	get := func(ns, name string) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error {
			db, err := c.Database(ctx, txn, ns, name)
			if err == nil && db.Name != name {
				return fmt.Errorf("got %+v", db)
			}
			return err
		}
	}
	drop := func(ns, name string) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error { return c.DropDatabase(ctx, txn, ns, name) }
	}
	list := func(ns string, want ...string) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error {
			dbs, err := c.Databases(ctx, txn, ns)
			var got []string
			for _, db := range dbs {
				got = append(got, db.Name)
			}
			if err == nil && !slices.Equal(got, want) {
				return fmt.Errorf("databases %q, want %q", got, want)
			}
			return err
		}
	}
	runSteps(t, store, []step{
		{"create shop", create(DefaultNamespace, "shop"), "", ""},
		{"create shop in acme", create("acme", "shop"), "", ""},
		{"create crm in acme", create("acme", "crm"), "", ""},
		{"create shop again", create(DefaultNamespace, "shop"), errs.DuplicateDatabase, `database "shop" already exists`},
		{"create in missing namespace", create("nope", "x"), errs.InvalidSchemaName, `namespace "nope" does not exist`},
		{"empty name", create(DefaultNamespace, ""), "42602", ""},
		{"a slash", create(DefaultNamespace, "a/b"), "42602", `database name "a/b" must not contain "/"`},
		{"get shop", get(DefaultNamespace, "shop"), "", ""},
		{"get Shop (case-sensitive)", get(DefaultNamespace, "Shop"), errs.InvalidCatalogName, `database "Shop" does not exist`},
		{"get in missing namespace", get("nope", "shop"), errs.InvalidSchemaName, ""},
		{"list default", list(DefaultNamespace, "main", "shop"), "", ""},
		{"list acme", list("acme", "crm", "shop"), "", ""},
		{"list missing namespace", list("nope"), errs.InvalidSchemaName, ""},
		{"drop shop", drop(DefaultNamespace, "shop"), "", ""},
		{"drop shop again", drop(DefaultNamespace, "shop"), errs.InvalidCatalogName, `database "shop" does not exist`},
		{"get dropped", get(DefaultNamespace, "shop"), errs.InvalidCatalogName, ""},
		{"acme's shop survives", get("acme", "shop"), "", ""},
		{"list default after drop", list(DefaultNamespace, "main"), "", ""},
		{"re-create shop", create(DefaultNamespace, "shop"), "", ""},
	})
}

func TestTables(t *testing.T) {
	c, store := newCatalog(t)
	db := mainDB(t, c, store)
	persons := func() *Table {
		return &Table{
			Name:       "persons",
			Schemafull: true,
			Fields: []Field{
				{Name: "id", Type: value.TypeInt8},
				{Name: "name", Type: value.TypeText, Asserts: []string{"is_capitalized"}},
				{Name: "age", Type: value.TypeInt4, Optional: true},
				{Name: "tags", Type: value.Type{Kind: value.KindList, Elem: &value.TypeText}},
				{Name: "at", Type: value.TypeTimestampTZ, HasDefault: true, DefaultFunc: "now"},
			},
			PrimaryKey: []string{"id"},
			CreatedBy:  "sql",
		}
	}
	create := func(tbl *Table) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error {
			got, err := c.CreateTable(ctx, txn, db, tbl)
			if err == nil && (got != tbl || tbl.ID == 0 || tbl.Database != db.ID) {
				return fmt.Errorf("CreateTable returned %+v", got)
			}
			return err
		}
	}
	get := func(name string, want func() *Table) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error {
			got, err := c.Table(ctx, txn, db, name)
			if err != nil {
				return err
			}
			w := want()
			w.ID, w.Database = got.ID, got.Database
			if !tablesEqual(got, w) {
				return fmt.Errorf("got %+v, want %+v", got, w)
			}
			return nil
		}
	}
	drop := func(name string) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error { return c.DropTable(ctx, txn, db, name) }
	}
	list := func(want ...string) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error {
			ts, err := c.Tables(ctx, txn, db)
			var got []string
			for _, t := range ts {
				got = append(got, t.Name)
			}
			if err == nil && !slices.Equal(got, want) {
				return fmt.Errorf("tables %q, want %q", got, want)
			}
			return err
		}
	}
	events := func() *Table { return &Table{Name: "events", CreatedBy: "zql"} }
	runSteps(t, store, []step{
		{"create persons", create(persons()), "", ""},
		{"create events (schemaless)", create(events()), "", ""},
		{"create Events (case-sensitive)", create(&Table{Name: "Events"}), "", ""},
		{"get persons", get("persons", persons), "", ""},
		{"get events", get("events", events), "", ""},
		{"create persons again", create(&Table{Name: "persons"}), errs.DuplicateTable, `relation "persons" already exists`},
		{"get missing", get("nope", nil), errs.UndefinedTable, `relation "nope" does not exist`},
		{"list in name order", list("Events", "events", "persons"), "", ""},
		{"empty name", create(&Table{}), "42602", ""},
		{"duplicate column", create(&Table{Name: "d", Schemafull: true, Fields: []Field{{Name: "a"}, {Name: "a"}}}),
			"42701", `column "a" specified more than once`},
		{"unknown key column", create(&Table{Name: "d", Schemafull: true, Fields: []Field{{Name: "a"}}, PrimaryKey: []string{"b"}}),
			errs.UndefinedColumn, `column "b" named in key does not exist`},
		{"unstorable type", create(&Table{Name: "d", Schemafull: true, Fields: []Field{{Name: "f", Type: value.Type{Kind: value.KindFunc}}}}),
			errs.InvalidParameterValue, ""},
		{"drop events", drop("events"), "", ""},
		{"drop events again", drop("events"), errs.UndefinedTable, `relation "events" does not exist`},
		{"get dropped", get("events", nil), errs.UndefinedTable, ""},
		{"list after drop", list("Events", "persons"), "", ""},
	})

	// A table created through a stale *Database of a dropped database
	// must fail rather than write into a dead range.
	var shop *Database
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) (err error) {
		shop, err = c.CreateDatabase(ctx, txn, DefaultNamespace, "shop")
		return err
	})
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		return c.DropDatabase(ctx, txn, DefaultNamespace, "shop")
	})
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		_, err := c.CreateDatabase(ctx, txn, DefaultNamespace, "shop")
		return err
	})
	err := update(store, func(ctx context.Context, txn kv.Txn) error {
		_, err := c.CreateTable(ctx, txn, shop, &Table{Name: "t"})
		return err
	})
	wantErr(t, err, errs.InvalidCatalogName, `database "shop" does not exist`)
}

func tablesEqual(a, b *Table) bool {
	ea, err1 := encodeTable(a)
	eb, err2 := encodeTable(b)
	return err1 == nil && err2 == nil && string(ea) == string(eb)
}

func TestUsers(t *testing.T) {
	c, store := newCatalog(t)
	ann := &User{Name: "ann", Verifier: "SCRAM-SHA-256$4096:c2FsdA==$a:b", Namespace: "default", Superuser: true}
	bob := &User{Name: "bob", Verifier: "SCRAM-SHA-256$4096:eA==$c:d"}
	put := func(u *User) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error { return c.PutUser(ctx, txn, u) }
	}
	get := func(name string, want *User) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error {
			u, ok, err := c.User(ctx, txn, name)
			switch {
			case err != nil:
				return err
			case want == nil && ok:
				return fmt.Errorf("user %q exists: %+v", name, u)
			case want != nil && (!ok || !reflect.DeepEqual(u, want)):
				return fmt.Errorf("user %q = %+v, %v; want %+v", name, u, ok, want)
			}
			return nil
		}
	}
	list := func(want ...string) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error {
			us, err := c.Users(ctx, txn)
			var got []string
			for _, u := range us {
				got = append(got, u.Name)
			}
			if err == nil && !slices.Equal(got, want) {
				return fmt.Errorf("users %q, want %q", got, want)
			}
			return err
		}
	}
	drop := func(name string) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error { return c.DropUser(ctx, txn, name) }
	}
	bob2 := *bob
	bob2.Verifier = "SCRAM-SHA-256$4096:eQ==$e:f"
	runSteps(t, store, []step{
		{"get missing", get("ann", nil), "", ""},
		{"put bob", put(bob), "", ""},
		{"put ann", put(ann), "", ""},
		{"get ann", get("ann", ann), "", ""},
		{"list", list("ann", "bob"), "", ""},
		{"replace bob", put(&bob2), "", ""},
		{"get replaced bob", get("bob", &bob2), "", ""},
		{"empty name", put(&User{}), "42602", ""},
		{"drop ann", drop("ann"), "", ""},
		{"get dropped", get("ann", nil), "", ""},
		{"drop missing", drop("ann"), errs.UndefinedObject, `role "ann" does not exist`},
		{"list after drop", list("bob"), "", ""},
	})
}

// TestRollback checks that DDL is transactional: a rolled-back
// transaction leaves no key behind, not even a consumed id.
func TestRollback(t *testing.T) {
	c, store := newCatalog(t)
	db := mainDB(t, c, store)
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		_, err := c.CreateTable(ctx, txn, db, &Table{Name: "keep"})
		return err
	})
	for _, tc := range []struct {
		name string
		ddl  func(ctx context.Context, txn kv.Txn) error
	}{
		{"create table", func(ctx context.Context, txn kv.Txn) error {
			_, err := c.CreateTable(ctx, txn, db, &Table{Name: "t", Schemafull: true, Fields: []Field{{Name: "a", Type: value.TypeInt8}}})
			return err
		}},
		{"drop table", func(ctx context.Context, txn kv.Txn) error { return c.DropTable(ctx, txn, db, "keep") }},
		{"create namespace and database", func(ctx context.Context, txn kv.Txn) error {
			if _, err := c.CreateNamespace(ctx, txn, "acme", Strong); err != nil {
				return err
			}
			_, err := c.CreateDatabase(ctx, txn, "acme", "shop")
			return err
		}},
		{"drop database", func(ctx context.Context, txn kv.Txn) error {
			return c.DropDatabase(ctx, txn, DefaultNamespace, DefaultDatabase)
		}},
		{"drop namespace", func(ctx context.Context, txn kv.Txn) error {
			if err := c.DropDatabase(ctx, txn, DefaultNamespace, DefaultDatabase); err != nil {
				return err
			}
			return c.DropNamespace(ctx, txn, DefaultNamespace)
		}},
		{"put user", func(ctx context.Context, txn kv.Txn) error { return c.PutUser(ctx, txn, &User{Name: "ann"}) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := dump(t, store)
			ctx := context.Background()
			txn, err := store.Begin(ctx, kv.TxnOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if err := tc.ddl(ctx, txn); err != nil {
				t.Fatal(err)
			}
			txn.Rollback()
			if after := dump(t, store); !slices.Equal(before, after) {
				t.Fatalf("rollback left changes:\nbefore %q\nafter  %q", before, after)
			}
		})
	}
	view(t, store, func(ctx context.Context, txn kv.Txn) {
		_, err := c.Table(ctx, txn, db, "t")
		wantErr(t, err, errs.UndefinedTable, "")
		if _, err := c.Table(ctx, txn, db, "keep"); err != nil {
			t.Fatal(err)
		}
	})
}

func TestDropRemovesRecords(t *testing.T) {
	c, store := newCatalog(t)
	var db, other *Database
	var t1, t2, t3 *Table
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) (err error) {
		db, err = c.Database(ctx, txn, DefaultNamespace, DefaultDatabase)
		if err != nil {
			return err
		}
		if other, err = c.CreateDatabase(ctx, txn, DefaultNamespace, "other"); err != nil {
			return err
		}
		if t1, err = c.CreateTable(ctx, txn, db, &Table{Name: "t1"}); err != nil {
			return err
		}
		if t2, err = c.CreateTable(ctx, txn, db, &Table{Name: "t2"}); err != nil {
			return err
		}
		t3, err = c.CreateTable(ctx, txn, other, &Table{Name: "t1"})
		return err
	})
	recordKeys := []value.Value{value.Int(1), value.Int(-5), value.String("ann"), value.Symbol("john")}
	// Enough records that the range deletion, not a few deletes, is seen.
	for i := range 1034 {
		recordKeys = append(recordKeys, value.Int(int64(1000+i)))
	}
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		for _, tbl := range []struct {
			db *Database
			t  *Table
		}{{db, t1}, {db, t2}, {other, t3}} {
			for _, k := range recordKeys {
				key, err := keys.RecordKey(nil, tbl.db.Namespace, tbl.db.ID, tbl.t.ID, k)
				if err != nil {
					return err
				}
				if err := txn.Put(key, []byte("record")); err != nil {
					return err
				}
			}
		}
		return nil
	})
	records := func(db *Database, tbl *Table) int {
		start, end := keys.TableSpan(db.Namespace, db.ID, tbl.ID)
		return countRange(t, store, start, end)
	}
	if n := records(db, t1); n != len(recordKeys) {
		t.Fatalf("t1 has %d records, want %d", n, len(recordKeys))
	}

	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error { return c.DropTable(ctx, txn, db, "t1") })
	if n := records(db, t1); n != 0 {
		t.Errorf("dropped t1 still has %d records", n)
	}
	if n := records(db, t2); n != len(recordKeys) {
		t.Errorf("t2 has %d records after dropping t1, want %d", n, len(recordKeys))
	}
	if n := records(other, t3); n != len(recordKeys) {
		t.Errorf("other.t1 has %d records after dropping main.t1, want %d", n, len(recordKeys))
	}

	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		return c.DropDatabase(ctx, txn, DefaultNamespace, DefaultDatabase)
	})
	start, end := keys.DatabaseSpan(db.Namespace, db.ID)
	if n := countRange(t, store, start, end); n != 0 {
		t.Errorf("dropped database still has %d keys", n)
	}
	if n := records(other, t3); n != len(recordKeys) {
		t.Errorf("other.t1 has %d records after dropping main, want %d", n, len(recordKeys))
	}

	// Ids are never reused: a re-created table gets a fresh record range.
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		db2, err := c.CreateDatabase(ctx, txn, DefaultNamespace, DefaultDatabase)
		if err != nil {
			return err
		}
		nt, err := c.CreateTable(ctx, txn, db2, &Table{Name: "t1"})
		if err != nil {
			return err
		}
		if db2.ID == db.ID || nt.ID == t1.ID {
			return fmt.Errorf("ids reused: db %d→%d, table %d→%d", db.ID, db2.ID, t1.ID, nt.ID)
		}
		return nil
	})
}

func TestClearRangeHonoursContext(t *testing.T) {
	_, store := newCatalog(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	txn, err := store.Begin(context.Background(), kv.TxnOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer txn.Rollback()
	start, end := keys.Span(keys.SystemPrefix(nil))
	if err := clearRange(ctx, txn, start, end); !errors.Is(err, context.Canceled) {
		t.Fatalf("clearRange with a canceled context: %v", err)
	}
}

// TestConcurrentCreateTable: two transactions create the same table; both
// succeed locally (neither sees the other), and validation lets only one
// commit.
func TestConcurrentCreateTable(t *testing.T) {
	c, store := newCatalog(t)
	db := mainDB(t, c, store)
	ctx := context.Background()
	t1, err := store.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer t1.Rollback()
	t2, err := store.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer t2.Rollback()
	if _, err := c.CreateTable(ctx, t1, db, &Table{Name: "t", CreatedBy: "one"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateTable(ctx, t2, db, &Table{Name: "t", CreatedBy: "two"}); err != nil {
		t.Fatal(err)
	}
	if err := t1.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	wantErr(t, t2.Commit(ctx), errs.SerializationFailure, "")

	// A transaction that starts after the commit sees the table.
	err = update(store, func(ctx context.Context, txn kv.Txn) error {
		_, err := c.CreateTable(ctx, txn, db, &Table{Name: "t"})
		return err
	})
	wantErr(t, err, errs.DuplicateTable, `relation "t" already exists`)
	view(t, store, func(ctx context.Context, txn kv.Txn) {
		tbl, err := c.Table(ctx, txn, db, "t")
		if err != nil || tbl.CreatedBy != "one" {
			t.Fatalf("Table = %+v, %v", tbl, err)
		}
	})
}

// TestConcurrentCreateTableRace races many sessions creating one table:
// exactly one wins, every other fails with 40001 or 42P07.
func TestConcurrentCreateTableRace(t *testing.T) {
	c, store := newCatalog(t)
	db := mainDB(t, c, store)
	const n = 16
	var wg sync.WaitGroup
	var won atomic.Int32
	for i := range n {
		wg.Go(func() {
			err := update(store, func(ctx context.Context, txn kv.Txn) error {
				_, err := c.CreateTable(ctx, txn, db, &Table{Name: "t", CreatedBy: strconv.Itoa(i)})
				return err
			})
			switch errs.Code(err) {
			case "":
				won.Add(1)
			case errs.SerializationFailure, errs.DuplicateTable:
			default:
				t.Errorf("session %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	if won.Load() != 1 {
		t.Fatalf("%d sessions created the table", won.Load())
	}
	view(t, store, func(ctx context.Context, txn kv.Txn) {
		ts, err := c.Tables(ctx, txn, db)
		if err != nil || len(ts) != 1 {
			t.Fatalf("tables %v, %v", ts, err)
		}
	})
}

// TestCacheAcrossDropAndRecreate: after a committed drop and re-create with
// other fields, new transactions see the new descriptor; a transaction
// that resolved the old one keeps its snapshot but cannot commit writes.
func TestCacheAcrossDropAndRecreate(t *testing.T) {
	c, store := newCatalog(t)
	db := mainDB(t, c, store)
	mk := func(field string, typ value.Type) *Table {
		return &Table{Name: "t", Schemafull: true, Fields: []Field{{Name: field, Type: typ}}}
	}
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		_, err := c.CreateTable(ctx, txn, db, mk("a", value.TypeInt8))
		return err
	})
	ctx := context.Background()
	old, err := store.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer old.Rollback()
	oldT, err := c.Table(ctx, old, db, "t")
	if err != nil || oldT.Fields[0].Name != "a" {
		t.Fatalf("Table = %+v, %v", oldT, err)
	}
	// Resolve it again in other transactions, so the cache surely holds it.
	for range 3 {
		view(t, store, func(ctx context.Context, txn kv.Txn) {
			if got, err := c.Table(ctx, txn, db, "t"); err != nil || got != oldT {
				t.Fatalf("cached Table = %p %v, want %p", got, err, oldT)
			}
		})
	}

	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		if err := c.DropTable(ctx, txn, db, "t"); err != nil {
			return err
		}
		// Inside the DDL transaction the drop is visible at once.
		if _, err := c.Table(ctx, txn, db, "t"); errs.Code(err) != errs.UndefinedTable {
			return fmt.Errorf("Table after DropTable in the same txn: %v", err)
		}
		_, err := c.CreateTable(ctx, txn, db, mk("b", value.TypeText))
		return err
	})
	view(t, store, func(ctx context.Context, txn kv.Txn) {
		newT, err := c.Table(ctx, txn, db, "t")
		if err != nil {
			t.Fatal(err)
		}
		if newT.ID == oldT.ID || len(newT.Fields) != 1 || newT.Fields[0].Name != "b" || newT.Fields[0].Type.Kind != value.KindString {
			t.Fatalf("after re-create: %+v (old %+v)", newT, oldT)
		}
	})

	// The old transaction reads its snapshot consistently...
	if got, err := c.Table(ctx, old, db, "t"); err != nil || got.ID != oldT.ID {
		t.Fatalf("old snapshot: %+v, %v", got, err)
	}
	// ...but writing under the old descriptor cannot commit.
	key := append(keys.TablePrefix(nil, db.Namespace, db.ID, oldT.ID), "k"...)
	if err := old.Put(key, []byte("v")); err != nil {
		t.Fatal(err)
	}
	wantErr(t, old.Commit(ctx), errs.SerializationFailure, "")
}

// TestCacheNeverStale races sessions resolving a table against a writer
// that keeps dropping and re-creating it: a transaction begun after
// generation g committed must see generation g or later.
func TestCacheNeverStale(t *testing.T) {
	c, store := newCatalog(t)
	db := mainDB(t, c, store)
	gen := func(g int) *Table {
		return &Table{Name: "t", Schemafull: true, Fields: []Field{{Name: "f" + strconv.Itoa(g), Type: value.TypeInt8}}}
	}
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		_, err := c.CreateTable(ctx, txn, db, gen(0))
		return err
	})
	var committed atomic.Int64
	const generations = 30
	done := make(chan struct{})
	var wg sync.WaitGroup
	for r := range 4 {
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				floor := committed.Load()
				view(t, store, func(ctx context.Context, txn kv.Txn) {
					tbl, err := c.Table(ctx, txn, db, "t")
					if err != nil {
						t.Errorf("reader %d: %v", r, err)
						return
					}
					g, _ := strconv.Atoi(strings.TrimPrefix(tbl.Fields[0].Name, "f"))
					if int64(g) < floor {
						t.Errorf("reader %d: saw generation %d after %d committed", r, g, floor)
					}
				})
			}
		})
	}
	for g := 1; g <= generations; g++ {
		mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
			if err := c.DropTable(ctx, txn, db, "t"); err != nil {
				return err
			}
			_, err := c.CreateTable(ctx, txn, db, gen(g))
			return err
		})
		committed.Store(int64(g))
	}
	close(done)
	wg.Wait()
}

// BenchmarkTable measures the per-statement table resolution: one kv Get
// plus a cache hit, against decoding the descriptor each time.
func BenchmarkTable(b *testing.B) {
	c, store := newCatalog(b)
	db := mainDB(b, c, store)
	fields := make([]Field, 12)
	for i := range fields {
		fields[i] = Field{Name: "column_" + strconv.Itoa(i), Type: value.TypeInt8, Optional: true}
	}
	mustUpdate(b, store, func(ctx context.Context, txn kv.Txn) error {
		_, err := c.CreateTable(ctx, txn, db, &Table{Name: "t", Schemafull: true, Fields: fields})
		return err
	})
	ctx := context.Background()
	txn, err := store.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer txn.Rollback()
	b.Run("cached", func(b *testing.B) {
		for b.Loop() {
			if _, err := c.Table(ctx, txn, db, "t"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode", func(b *testing.B) {
		for b.Loop() {
			v, _, err := txn.Get(ctx, keys.TableKey(nil, db.Namespace, db.ID, "t"))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := decodeTable(v); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestDropNamespaceRacesCreateDatabase: a database created in a namespace
// while another transaction destroys it makes one of the two fail with
// 40001, whichever commits first, so no database outlives its namespace.
func TestDropNamespaceRacesCreateDatabase(t *testing.T) {
	for _, dropFirst := range []bool{true, false} {
		t.Run(fmt.Sprintf("drop commits first=%v", dropFirst), func(t *testing.T) {
			c, store := newCatalog(t)
			mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
				_, err := c.CreateNamespace(ctx, txn, "acme", Strong)
				return err
			})
			ctx := context.Background()
			drop, err := store.Begin(ctx, kv.TxnOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer drop.Rollback()
			create, err := store.Begin(ctx, kv.TxnOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer create.Rollback()
			if err := c.DropNamespace(ctx, drop, "acme"); err != nil {
				t.Fatal(err)
			}
			if _, err := c.CreateDatabase(ctx, create, "acme", "shop"); err != nil {
				t.Fatal(err)
			}
			first, second := drop, create
			if !dropFirst {
				first, second = create, drop
			}
			if err := first.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			wantErr(t, second.Commit(ctx), errs.SerializationFailure, "")
		})
	}
}
