package session

import (
	"context"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
	"github.com/zerodb/zerodb/pgwire"
)

// TestDestroyNamespaceHoldingADatabase: destroy namespace.@x refuses
// while x holds a database (it used to drop them all, silently), the
// database stays whole and reachable, destroy db.@`x/db` empties x from
// outside it, and then x goes with nothing left of it in the store, over
// a restart too.
func TestDestroyNamespaceHoldingADatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := Open(ctx, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	var sessions []*Session
	closed := false
	closeAll := func() {
		for _, s := range sessions {
			s.Close()
		}
		sessions, closed = nil, true
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		if !closed {
			closeAll()
		}
	})
	if _, err := db.EnsureRootUser(ctx, testPassword); err != nil {
		t.Fatal(err)
	}
	open := func(db *DB, name string) (*Session, error) {
		s, err := db.OpenSession(ctx, pgwire.StartupParams{User: RootUser, Database: name})
		if err != nil {
			return nil, err
		}
		sessions = append(sessions, s.(*Session))
		return s.(*Session), nil
	}
	mustOpen := func(db *DB, name string) *Session {
		s, err := open(db, name)
		if err != nil {
			t.Fatalf("open %s: %v", name, err)
		}
		return s
	}
	type step struct {
		s    *Session
		q    string
		code string // the error's SQLSTATE; "" for success
		want string // in the output, or in the error's message
	}
	run := func(steps []step) {
		t.Helper()
		for _, st := range steps {
			var w recorder
			err := st.s.Query(ctx, st.q, &w)
			if st.code == "" {
				if err != nil {
					t.Fatalf("%s: %v", st.q, err)
				}
				if out := w.take(); !strings.Contains(out, st.want) {
					t.Fatalf("%s: got %q, want %q in it", st.q, out, st.want)
				}
				continue
			}
			e := errs.From(err)
			if err == nil || e.Code != st.code || !strings.Contains(e.Message, st.want) {
				t.Fatalf("%s: got %v, want %s %q", st.q, err, st.code, st.want)
			}
		}
	}
	a := mustOpen(db, "main")
	run([]step{
		{a, "namespace::create(@acme2, {})", "", ""},
		{a, "db::create(@shop9, { namespace: @acme2 })", "", ""},
	})
	b := mustOpen(db, "acme2/shop9")
	run([]step{
		{b, "table::create(@persons)", "", ""},
		{b, `persons::add(@ann, { age: 3 })`, "", ""},
		{b, `persons::add(@bob, { age: 4 })`, "", ""},
		{b, "index::create(@persons_age, { table: @persons, fields: [@age] })", "", ""},
		{b, "edge::create(@knows, { from: persons, to: persons })", "", ""},
		{b, "persons.@ann -> knows -> persons.@bob |> count", "", "1"},

		{a, "destroy namespace.@acme2", errs.DependentObjectsStillExist, `cannot destroy namespace "acme2" because it holds database "shop9"`},
		{a, "destroy namespace.@default", errs.DependentObjectsStillExist, `holds database "main"`},
		{b, "persons[.age >= 3] |> count", "", "2"},
		{b, "persons.@ann -> knows |> count", "", "1"},
		{b, "destroy db.@shop9", errs.ObjectInUse, "currently open database"},
		{b, "destroy db.@`acme2/shop9`", errs.ObjectInUse, "currently open database"},
		{a, "destroy db.@shop9", errs.InvalidCatalogName, `database "shop9" does not exist`},
		{a, "destroy db.@`acme2/shop9`", "", ""},
		{b, "persons |> count", errs.UndefinedColumn, ""},
		{a, "destroy namespace.@acme2", "", ""},

		// A namespace and database of the same names are new and empty.
		{a, "namespace::create(@acme2, {})", "", ""},
		{a, "db::create(@shop9, { namespace: @acme2 })", "", ""},
	})
	c := mustOpen(db, "acme2/shop9")
	run([]step{
		{c, "db::describe().tables |> count", "", "0"},
		{c, "persons |> count", errs.UndefinedColumn, ""},
		{a, "destroy db.@`acme2/shop9`", "", ""},
		{a, "destroy namespace.@acme2", "", ""},
	})

	// Nothing is left under any namespace but default's.
	def := a.namespace.ID
	txn, err := db.store.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	start, _ := keys.Span(keys.NamespacePrefix(nil, def))
	_, end := keys.Span(keys.NamespacePrefix(nil, ^uint64(0)))
	it := txn.Scan(ctx, start, end, false)
	for it.Next() {
		if k := it.Key(); !strings.HasPrefix(string(k), string(keys.NamespacePrefix(nil, def))) {
			t.Errorf("left behind: %s", keys.Pretty(k))
		}
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	it.Close()
	txn.Rollback()

	// A restart sees the same.
	closeAll()
	if db, err = Open(ctx, Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	closed = false
	if _, err := open(db, "acme2/shop9"); errs.Code(err) != errs.InvalidSchemaName {
		t.Fatalf("open acme2/shop9 after a restart: %v, want %s", err, errs.InvalidSchemaName)
	}
	a = mustOpen(db, "main")
	run([]step{{a, "1 + 1", "", "2"}})
	closeAll()
}
