package session

import (
	"context"
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// TestPreparedAfterDDL runs a prepared point read, changes the table from
// another session (or in a block of the same one that is rolled back),
// and runs it again: the second run must see the schema of its own
// snapshot, never a plan checked against the old one.
func TestPreparedAfterDDL(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		// other runs in a second session; own in the first one, before
		// the second run (with a Parse of "p2" in between).
		other []string
		own   []string
		want  string // the second run's output, or
		code  string // its SQLSTATE
	}{
		{
			name:  "recreated",
			other: []string{"DROP TABLE kv", "CREATE TABLE kv (k bigint PRIMARY KEY, v text NOT NULL)", "INSERT INTO kv VALUES (1, 'new')"},
			want:  "new SELECT 1",
		},
		{
			name:  "column renamed",
			other: []string{"ALTER TABLE kv RENAME COLUMN v TO w"},
			code:  errs.UndefinedColumn,
		},
		{
			name:  "dropped",
			other: []string{"DROP TABLE kv"},
			code:  errs.UndefinedTable,
		},
		{
			name: "rolled back block",
			own:  []string{"BEGIN", "DROP TABLE kv", "CREATE TABLE kv (k bigint PRIMARY KEY, v text NOT NULL)", "INSERT INTO kv VALUES (1, 'uncommitted')", "PARSE p2", "ROLLBACK"},
			want: "value 1 SELECT 1",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, err := Open(ctx, Options{Memory: true})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			a, err := db.EmbeddedSession(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			b, err := db.EmbeddedSession(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			query := func(s *Session, q string) {
				t.Helper()
				if err := s.Query(ctx, q, discardWriter{}); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			for _, q := range kvSetup(3) {
				query(a, q)
			}
			prepare := func(name string) {
				t.Helper()
				if _, err := a.Prepare(ctx, name, "SELECT v FROM kv WHERE k = $1", []uint32{20}); err != nil {
					t.Fatal(err)
				}
			}
			run := func(name string) (string, error) {
				t.Helper()
				w := &collectWriter{}
				err := a.Bind(ctx, "", name, nil, [][]byte{[]byte("1")}, nil)
				if err == nil {
					_, err = a.Execute(ctx, "", 0, w)
				}
				if serr := a.Sync(ctx); serr != nil {
					t.Fatal(serr)
				}
				return join(w.take()), err
			}
			prepare("p")
			if err := a.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			// Twice, so that the second run is the remembered check.
			for range 2 {
				if got, err := run("p"); err != nil || got != "value 1 SELECT 1" {
					t.Fatalf("before: %q %v", got, err)
				}
			}
			for _, q := range tc.other {
				query(b, q)
			}
			stmt := "p"
			for _, q := range tc.own {
				if q == "PARSE p2" {
					prepare("p2")
					stmt = "p2"
					continue
				}
				query(a, q)
			}
			for range 2 {
				got, err := run(stmt)
				if tc.code != "" {
					if errs.Code(err) != tc.code {
						t.Fatalf("after: %q %v, want SQLSTATE %s", got, err, tc.code)
					}
					continue
				}
				if err != nil || got != tc.want {
					t.Fatalf("after: %q %v, want %q", got, err, tc.want)
				}
			}
		})
	}
}

// TestCachedAfterDDL: a simple-protocol statement from the shared plan
// cache, whose check another session remembered (prepared.lastCheck),
// is checked again after DDL by any session.
func TestCachedAfterDDL(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		ddl  []string
		want string
		code string
	}{
		{"recreated", []string{"DROP TABLE kv", "CREATE TABLE kv (k bigint PRIMARY KEY, v text NOT NULL)", "INSERT INTO kv VALUES (1, 'new')"}, "new SELECT 1", ""},
		{"column renamed", []string{"ALTER TABLE kv RENAME COLUMN v TO w"}, "", errs.UndefinedColumn},
		{"dropped", []string{"DROP TABLE kv"}, "", errs.UndefinedTable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, err := Open(ctx, Options{Memory: true})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var ss [2]*Session
			for i := range ss {
				if ss[i], err = db.EmbeddedSession(ctx, ""); err != nil {
					t.Fatal(err)
				}
			}
			for _, q := range kvSetup(3) {
				if err := ss[0].Query(ctx, q, discardWriter{}); err != nil {
					t.Fatal(err)
				}
			}
			run := func(s *Session) (string, error) {
				w := &collectWriter{}
				err := s.Query(ctx, "SELECT v FROM kv WHERE k = 1", w)
				return join(w.take()), err
			}
			// Both sessions, twice: the later runs skip the check.
			for range 2 {
				for _, s := range ss {
					if got, err := run(s); err != nil || got != "value 1 SELECT 1" {
						t.Fatalf("before: %q %v", got, err)
					}
				}
			}
			for _, q := range tc.ddl {
				if err := ss[1].Query(ctx, q, discardWriter{}); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			for range 2 {
				for _, s := range ss {
					got, err := run(s)
					if tc.code != "" {
						if errs.Code(err) != tc.code {
							t.Fatalf("after: %q %v, want SQLSTATE %s", got, err, tc.code)
						}
						continue
					}
					if err != nil || got != tc.want {
						t.Fatalf("after: %q %v, want %q", got, err, tc.want)
					}
				}
			}
		})
	}
}

// TestWriteBlockAfterConcurrentDDL: a write in a block finds its table
// without a kv Get once the schema version is known (catalog's
// versionedTables through kv.ReadWatched), but the lookup is still a
// read of the table's descriptor, so DDL of the table committed while
// the block is open fails the block's COMMIT (40001) instead of letting
// a write made under the old descriptor land after it (here: a record
// the new index would not hold).
func TestWriteBlockAfterConcurrentDDL(t *testing.T) {
	ctx := context.Background()
	for _, ddl := range []string{
		"CREATE INDEX kv_v ON kv (v)",
		"ALTER TABLE kv ADD COLUMN w int DEFAULT 5",
	} {
		t.Run(ddl, func(t *testing.T) {
			db, err := Open(ctx, Options{Memory: true})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var a, b *Session
			for _, s := range []**Session{&a, &b} {
				if *s, err = db.EmbeddedSession(ctx, ""); err != nil {
					t.Fatal(err)
				}
			}
			query := func(s *Session, q string) (string, error) {
				t.Helper()
				w := &collectWriter{}
				err := s.Query(ctx, q, w)
				return join(w.take()), err
			}
			must := func(s *Session, q string) string {
				t.Helper()
				got, err := query(s, q)
				if err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				return got
			}
			for _, q := range kvSetup(3) {
				must(a, q)
			}
			// Autocommit writes: the later ones find the table by version.
			for range 3 {
				must(a, "UPDATE kv SET v = 'w' WHERE k = 2")
			}
			must(a, "BEGIN")
			must(a, "UPDATE kv SET v = 'a' WHERE k = 1")
			must(b, ddl)
			if _, err := query(a, "COMMIT"); errs.Code(err) != errs.SerializationFailure {
				t.Fatalf("COMMIT after concurrent %q: %v, want 40001", ddl, err)
			}
			if got := must(b, "SELECT k FROM kv WHERE v = 'a'"); got != "SELECT 0" {
				t.Errorf("the failed block's write is visible: %q", got)
			}
			if got := must(b, "SELECT v FROM kv WHERE k = 1"); got != "value 1 SELECT 1" {
				t.Errorf("k = 1 holds %q", got)
			}
		})
	}
}

// TestBlockReadsLaterCommits: a block's statement reads what other
// sessions committed after its BEGIN (and after its earlier statements):
// at READ COMMITTED always; at SERIALIZABLE when nothing the block read
// so far changed (kv's refreshFor), as PostgreSQL's snapshot is taken at
// a transaction's first statement, and a commit that changed what the
// block read fails it.
func TestBlockReadsLaterCommits(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		begin string
		first string // the block's statement before the other session's commit
		code  string // the COMMIT's SQLSTATE, "" for success
		want  string // k = 2 afterwards
	}{
		{"unrelated row first", "BEGIN ISOLATION LEVEL SERIALIZABLE", "UPDATE kv SET v = 'a' WHERE k = 1", "", "ya"},
		{"same row first", "BEGIN ISOLATION LEVEL SERIALIZABLE", "SELECT v FROM kv WHERE k = 2", errs.SerializationFailure, "y"},
		{"read committed, unrelated row first", "BEGIN", "UPDATE kv SET v = 'a' WHERE k = 1", "", "ya"},
		{"read committed, same row first", "BEGIN", "SELECT v FROM kv WHERE k = 2", "", "ya"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, err := Open(ctx, Options{Memory: true})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var a, b *Session
			for _, s := range []**Session{&a, &b} {
				if *s, err = db.EmbeddedSession(ctx, ""); err != nil {
					t.Fatal(err)
				}
			}
			must := func(s *Session, q string) string {
				t.Helper()
				w := &collectWriter{}
				if err := s.Query(ctx, q, w); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				return join(w.take())
			}
			for _, q := range kvSetup(3) {
				must(a, q)
			}
			must(a, tc.begin)
			must(a, tc.first)
			must(b, "UPDATE kv SET v = 'y' WHERE k = 2")
			// The UPDATE waits for no one (b committed) and finds the row
			// changed since the block's snapshot: at SERIALIZABLE it
			// fails there, as in PostgreSQL, or else the COMMIT would.
			err = a.Query(ctx, "UPDATE kv SET v = v || 'a' WHERE k = 2", discardWriter{})
			if cerr := a.Query(ctx, "COMMIT", discardWriter{}); err == nil {
				err = cerr
			}
			if tc.code == "" && err != nil || tc.code != "" && errs.Code(err) != tc.code {
				t.Fatalf("UPDATE and COMMIT: %v, want SQLSTATE %q", err, tc.code)
			}
			if got := must(b, "SELECT v FROM kv WHERE k = 2"); got != tc.want+" SELECT 1" {
				t.Errorf("k = 2 holds %q, want %q", got, tc.want)
			}
		})
	}
}
