package session

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/kv"
	"github.com/zerodb/zerodb/pgwire"
)

// tempQuery runs text in s and returns what the client would see, errors
// included ("ERROR <code>: <message>").
func tempQuery(t *testing.T, s *Session, text string) string {
	t.Helper()
	var r recorder
	if err := s.Query(context.Background(), text, &r); err != nil {
		return r.take() + "ERROR " + errCodeMessage(err)
	}
	return r.take()
}

func errCodeMessage(err error) string {
	type coded interface{ SQLState() string }
	if c, ok := err.(coded); ok {
		return c.SQLState() + ": " + err.Error()
	}
	return err.Error()
}

func newSession(t *testing.T, db *DB) *Session {
	t.Helper()
	s, err := db.OpenSession(context.Background(), pgwire.StartupParams{User: RootUser, Database: "main"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s.(*Session)
}

// tempKeys counts the keys in every temporary schema of the store.
func tempKeys(t *testing.T, db *DB) int {
	t.Helper()
	ctx := context.Background()
	txn, err := db.store.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer txn.Rollback()
	nss, err := db.cat.Namespaces(ctx, txn)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ns := range nss {
		start, end := keys.TempSpan(ns.ID)
		it := txn.Scan(ctx, start, end, false)
		for it.Next() {
			if !keys.IsTempKey(it.Key()) {
				t.Errorf("key %x in a temporary span is not a temporary key", it.Key())
			}
			n++
		}
		if err := it.Err(); err != nil {
			t.Fatal(err)
		}
		it.Close()
	}
	return n
}

// TestTempTableVisibility: a temporary table is its session's only;
// another session may make one of the same name, and sees the table of
// the database that both shadow.
func TestTempTableVisibility(t *testing.T) {
	db, a := openTestSession(t, Options{})
	b := newSession(t, db)
	mustQuery(t, a, "CREATE TABLE t (v text)")
	mustQuery(t, a, "INSERT INTO t VALUES ('permanent')")
	mustQuery(t, a, "CREATE TEMP TABLE t (v text)")
	mustQuery(t, a, "INSERT INTO t VALUES ('a')")
	if got := mustQuery(t, b, "SELECT v FROM t"); got != "v\npermanent\nSELECT 1\n" {
		t.Errorf("session b reads %q", got)
	}
	if got := tempQuery(t, b, "SELECT v FROM pg_temp.t"); !strings.Contains(got, "ERROR 42P01") {
		t.Errorf("session b reads a's temporary table: %q", got)
	}
	mustQuery(t, b, "CREATE TEMP TABLE t (v text)")
	mustQuery(t, b, "INSERT INTO t VALUES ('b')")
	for s, want := range map[*Session]string{a: "a", b: "b"} {
		if got := mustQuery(t, s, "SELECT v FROM t"); got != "v\n"+want+"\nSELECT 1\n" {
			t.Errorf("session %s reads %q", want, got)
		}
		if got := mustQuery(t, s, "SELECT v FROM public.t"); got != "v\npermanent\nSELECT 1\n" {
			t.Errorf("session %s reads public.t as %q", want, got)
		}
		// The catalogs show a session its own temporary schema only.
		if got := mustQuery(t, s, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'pg_temp_%'"); got != "count\n1\nSELECT 1\n" {
			t.Errorf("session %s sees temporary schemas: %q", want, got)
		}
	}
	// A session's temporary table is no obstacle to another's DDL.
	mustQuery(t, b, "DROP TABLE t")
	if got := mustQuery(t, b, "SELECT v FROM t"); got != "v\npermanent\nSELECT 1\n" {
		t.Errorf("after DROP, session b reads %q", got)
	}
	if got := mustQuery(t, a, "SELECT v FROM t"); got != "v\na\nSELECT 1\n" {
		t.Errorf("after b's DROP, session a reads %q", got)
	}
}

// TestTempTablePlanCache: the plan cache is shared by all sessions, but
// a plan never resolves a name to another session's temporary table, nor
// keeps using a dropped one.
func TestTempTablePlanCache(t *testing.T) {
	db, a := openTestSession(t, Options{})
	b := newSession(t, db)
	c := newSession(t, db)
	mustQuery(t, a, "CREATE TABLE t (k int PRIMARY KEY, v text)")
	mustQuery(t, a, "INSERT INTO t VALUES (1, 'permanent')")
	mustQuery(t, a, "CREATE TEMP TABLE t (k int PRIMARY KEY, v text)")
	mustQuery(t, a, "INSERT INTO t VALUES (1, 'a')")
	mustQuery(t, b, "CREATE TEMP TABLE t (k int PRIMARY KEY, v text)")
	mustQuery(t, b, "INSERT INTO t VALUES (1, 'b')")
	want := map[*Session]string{a: "a", b: "b", c: "permanent"}
	// The same normalized text from every session, several times over,
	// in an order that hands each a plan another one made.
	for i := 0; i < 4; i++ {
		for _, s := range []*Session{a, b, c, c, b, a} {
			got := mustQuery(t, s, fmt.Sprintf("SELECT v FROM t WHERE k = %d", 1))
			if got != "v\n"+want[s]+"\nSELECT 1\n" {
				t.Fatalf("round %d: session of %s reads %q", i, want[s], got)
			}
		}
	}
	// Writes through the cache stay in the session's own table.
	mustQuery(t, c, "UPDATE t SET v = 'permanent2' WHERE k = 1")
	mustQuery(t, a, "UPDATE t SET v = 'a2' WHERE k = 1")
	want = map[*Session]string{a: "a2", b: "b", c: "permanent2"}
	for _, s := range []*Session{a, b, c} {
		if got := mustQuery(t, s, "SELECT v FROM t WHERE k = 1"); got != "v\n"+want[s]+"\nSELECT 1\n" {
			t.Errorf("after updates, session of %s reads %q", want[s], got)
		}
	}
	// A dropped temporary table: the same text finds the database's.
	mustQuery(t, a, "DROP TABLE t")
	if got := mustQuery(t, a, "SELECT v FROM t WHERE k = 1"); got != "v\npermanent2\nSELECT 1\n" {
		t.Errorf("after DROP, session a reads %q", got)
	}
	// A temporary table made after the plan: it shadows from then on.
	mustQuery(t, c, "CREATE TEMP TABLE t (k int PRIMARY KEY, v text)")
	if got := mustQuery(t, c, "SELECT v FROM t WHERE k = 1"); got != "v\nSELECT 0\n" {
		t.Errorf("after CREATE TEMP, session c reads %q", got)
	}
}

// TestTempTableOnCommit: DELETE ROWS empties at every commit of a block,
// an autocommit statement or a message of several statements; DROP
// drops at the end of the transaction; a rollback leaves nothing.
func TestTempTableOnCommit(t *testing.T) {
	db, s := openTestSession(t, Options{})
	mustQuery(t, s, "CREATE TEMP TABLE d (a int) ON COMMIT DELETE ROWS")
	mustQuery(t, s, "CREATE TEMP TABLE p (a int) ON COMMIT PRESERVE ROWS")
	if got := mustQuery(t, s, "INSERT INTO d VALUES (1); INSERT INTO p VALUES (1); SELECT count(*) FROM d"); !strings.HasSuffix(got, "count\n1\nSELECT 1\n") {
		t.Errorf("inside the implicit block: %q", got)
	}
	if got := mustQuery(t, s, "SELECT (SELECT count(*) FROM d) AS d, (SELECT count(*) FROM p) AS p"); got != "d | p\n0 | 1\nSELECT 1\n" {
		t.Errorf("after the implicit block: %q", got)
	}
	mustQuery(t, s, "BEGIN")
	mustQuery(t, s, "CREATE TEMP TABLE x (a serial, b text) ON COMMIT DROP")
	mustQuery(t, s, "INSERT INTO x (b) VALUES ('one')")
	if got := mustQuery(t, s, "SELECT a, b FROM x"); got != "a | b\n1 | one\nSELECT 1\n" {
		t.Errorf("inside the block: %q", got)
	}
	mustQuery(t, s, "COMMIT")
	if got := tempQuery(t, s, "SELECT * FROM x"); !strings.Contains(got, "ERROR 42P01") {
		t.Errorf("ON COMMIT DROP table after COMMIT: %q", got)
	}
	// EXPLAIN ANALYZE of CREATE TEMP TABLE AS makes a temporary table.
	mustQuery(t, s, "EXPLAIN ANALYZE CREATE TEMP TABLE ex AS SELECT 1 AS a")
	if got := mustQuery(t, s, "SELECT relpersistence::text FROM pg_class WHERE relname = 'ex'"); got != "relpersistence\nt\nSELECT 1\n" {
		t.Errorf("EXPLAIN ANALYZE CREATE TEMP TABLE AS made %q", got)
	}
	// A rolled-back CREATE TEMP TABLE leaves no key behind.
	before := tempKeys(t, db)
	mustQuery(t, s, "BEGIN")
	mustQuery(t, s, "CREATE TEMP TABLE r (a int PRIMARY KEY, b text UNIQUE)")
	mustQuery(t, s, "INSERT INTO r VALUES (1, 'x')")
	mustQuery(t, s, "ROLLBACK")
	if after := tempKeys(t, db); after != before {
		t.Errorf("a rolled-back CREATE TEMP TABLE left %d keys", after-before)
	}
}

// TestTempTableSessionEnd: closing the session drops its temporary
// tables, whatever they hold, and nothing else.
func TestTempTableSessionEnd(t *testing.T) {
	db, a := openTestSession(t, Options{})
	s := newSession(t, db)
	mustQuery(t, a, "CREATE TABLE keep (a int)")
	mustQuery(t, a, "CREATE TEMP TABLE mine (a int)")
	mustQuery(t, s, "CREATE TEMP TABLE t (id serial PRIMARY KEY, v text UNIQUE)")
	mustQuery(t, s, "CREATE INDEX ON t (v)")
	mustQuery(t, s, "INSERT INTO t (v) SELECT 'v' || g FROM generate_series(1, 100) g")
	mustQuery(t, s, "CREATE TEMP TABLE t2 AS SELECT * FROM t")
	withA := tempKeys(t, db)
	s.Close()
	if got := tempKeys(t, db); got == 0 || got >= withA {
		t.Errorf("after the session ended: %d temporary keys (before: %d; a's table must stay)", got, withA)
	}
	a.Close()
	if got := tempKeys(t, db); got != 0 {
		t.Errorf("after both sessions ended: %d temporary keys", got)
	}
	b := newSession(t, db)
	if got := mustQuery(t, b, "SELECT count(*) FROM pg_class WHERE relpersistence = 't'"); got != "count\n0\nSELECT 1\n" {
		t.Errorf("pg_class after the sessions ended: %q", got)
	}
	mustQuery(t, b, "SELECT * FROM keep")
}

// TestTempTableCrash: a process that stops without ending its sessions
// (a crash: the store is closed as it is, nothing dropped) leaves
// temporary keys on disk; the next Open removes them before any session
// runs, and none of them is ever visible.
func TestTempTableCrash(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := Open(ctx, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.EnsureRootUser(ctx, testPassword); err != nil {
		t.Fatal(err)
	}
	s := newSession(t, db)
	mustQuery(t, s, "CREATE TABLE keep (a int)")
	mustQuery(t, s, "INSERT INTO keep VALUES (1)")
	mustQuery(t, s, "CREATE TEMP TABLE t (id serial PRIMARY KEY, v text UNIQUE)")
	mustQuery(t, s, "INSERT INTO t (v) VALUES ('x'), ('y')")
	if tempKeys(t, db) == 0 {
		t.Fatal("no temporary keys to leave behind")
	}
	// The crash: no session ends, no DB.Close.
	db.stopBackground()
	<-db.background
	if err := db.store.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open(ctx, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := tempKeys(t, db); got != 0 {
		t.Errorf("after restart: %d temporary keys", got)
	}
	s2 := newSession(t, db)
	if got := mustQuery(t, s2, "SELECT count(*) FROM keep"); got != "count\n1\nSELECT 1\n" {
		t.Errorf("permanent table after restart: %q", got)
	}
	// The first temporary schema of the new process has the number the
	// crashed one had: it starts empty.
	mustQuery(t, s2, "CREATE TEMP TABLE t (a int)")
	if got := mustQuery(t, s2, "SELECT count(*) FROM t"); got != "count\n0\nSELECT 1\n" {
		t.Errorf("new temporary table after restart: %q", got)
	}
}

// TestTempTableConcurrent runs sessions that each make, fill, read and
// drop temporary tables of the same names at once (run with -race).
func TestTempTableConcurrent(t *testing.T) {
	db, _ := openTestSession(t, Options{})
	const sessions, rounds = 4, 10
	var wg sync.WaitGroup
	errc := make(chan error, sessions)
	for i := 0; i < sessions; i++ {
		s := newSession(t, db)
		wg.Add(1)
		go func(i int, s *Session) {
			defer wg.Done()
			for r := 0; r < rounds; r++ {
				for _, q := range []string{
					"CREATE TEMP TABLE w (k int PRIMARY KEY, v int)",
					fmt.Sprintf("INSERT INTO w SELECT g, %d FROM generate_series(1, 20) g", i),
				} {
					var rec recorder
					if err := s.Query(context.Background(), q, &rec); err != nil {
						errc <- fmt.Errorf("session %d: %s: %w", i, q, err)
						return
					}
				}
				var rec recorder
				if err := s.Query(context.Background(), "SELECT count(*), min(v), max(v) FROM w WHERE k > 0", &rec); err != nil {
					errc <- err
					return
				}
				if got, want := rec.take(), fmt.Sprintf("count | min | max\n20 | %d | %d\nSELECT 1\n", i, i); got != want {
					errc <- fmt.Errorf("session %d reads %q, want %q", i, got, want)
					return
				}
				if err := s.Query(context.Background(), "DROP TABLE w", &rec); err != nil {
					errc <- err
					return
				}
			}
		}(i, s)
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Error(err)
	}
}

// TestTempTableConnectionEnd: over the wire, a Terminate and a dropped
// connection both end the session and its temporary tables; COPY, joins
// and the extended protocol reach them meanwhile.
func TestTempTableConnectionEnd(t *testing.T) {
	ctx := context.Background()
	url, db := startServerWith(t, Options{})
	for _, polite := range []bool{true, false} {
		c, err := pgconn.Connect(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Exec(ctx, "CREATE TEMP TABLE w (id int PRIMARY KEY, v text); CREATE TABLE IF NOT EXISTS p (id int PRIMARY KEY)").ReadAll(); err != nil {
			t.Fatal(err)
		}
		if _, err := c.CopyFrom(ctx, strings.NewReader("1\tone\n2\ttwo\n"), "COPY w FROM STDIN"); err != nil {
			t.Fatal(err)
		}
		res := c.ExecParams(ctx, "SELECT v FROM w LEFT JOIN p USING (id) WHERE id = $1", [][]byte{[]byte("2")}, nil, nil, nil).Read()
		if res.Err != nil || len(res.Rows) != 1 || string(res.Rows[0][0]) != "two" {
			t.Fatalf("extended query of a temporary table: %v %q", res.Err, res.Rows)
		}
		// The extended protocol makes one too, and COPY fills its
		// serial column.
		if res := c.ExecParams(ctx, "CREATE TEMP TABLE e (id serial PRIMARY KEY, v text) ON COMMIT PRESERVE ROWS", nil, nil, nil, nil).Read(); res.Err != nil {
			t.Fatal(res.Err)
		}
		if _, err := c.CopyFrom(ctx, strings.NewReader("x\ny\n"), "COPY e (v) FROM STDIN"); err != nil {
			t.Fatal(err)
		}
		res = c.ExecParams(ctx, "SELECT max(e.id) FROM e JOIN w ON true", nil, nil, nil, nil).Read()
		if res.Err != nil || len(res.Rows) != 1 || string(res.Rows[0][0]) != "2" {
			t.Fatalf("extended query after COPY: %v %q", res.Err, res.Rows)
		}
		if tempKeys(t, db) == 0 {
			t.Fatal("no temporary keys")
		}
		if polite {
			err = c.Close(ctx) // Terminate
		} else {
			err = c.Conn().Close() // the connection drops
		}
		if err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(10 * time.Second)
		for tempKeys(t, db) != 0 {
			if time.Now().After(deadline) {
				t.Fatalf("polite=%v: temporary keys remain after the connection ended", polite)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}

// TestTempTableShutdown: DB.Close drops the temporary tables of sessions
// still open, so the store it leaves holds none.
func TestTempTableShutdown(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := Open(ctx, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.EnsureRootUser(ctx, testPassword); err != nil {
		t.Fatal(err)
	}
	s, err := db.OpenSession(ctx, pgwire.StartupParams{User: RootUser, Database: "main"})
	if err != nil {
		t.Fatal(err)
	}
	mustQuery(t, s, "CREATE TEMP TABLE t (id serial PRIMARY KEY, v text)")
	mustQuery(t, s, "INSERT INTO t (v) VALUES ('x')")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	store, err := kv.Open(dir, kv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	txn, err := store.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer txn.Rollback()
	it := txn.Scan(ctx, []byte{keys.Version}, []byte{keys.Version + 1}, false)
	defer it.Close()
	for it.Next() {
		if keys.IsTempKey(it.Key()) {
			t.Errorf("temporary key %x left after Close", it.Key())
		}
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
}

// TestTempTableBlocksDoNotConflict: sessions that make temporary tables
// in overlapping transaction blocks all commit — their temporary
// schemas share no key, and the ids of the tables are not taken in
// their transactions.
func TestTempTableBlocksDoNotConflict(t *testing.T) {
	db, a := openTestSession(t, Options{})
	b := newSession(t, db)
	mustQuery(t, a, "BEGIN")
	mustQuery(t, b, "BEGIN")
	mustQuery(t, a, "CREATE TEMP TABLE ta (id serial PRIMARY KEY, v text UNIQUE)")
	mustQuery(t, b, "CREATE TEMP TABLE tb (id serial PRIMARY KEY, v text UNIQUE)")
	mustQuery(t, a, "INSERT INTO ta (v) VALUES ('a')")
	mustQuery(t, b, "INSERT INTO tb (v) VALUES ('b')")
	mustQuery(t, b, "CREATE INDEX ON tb (id, v)")
	mustQuery(t, a, "COMMIT")
	if got := mustQuery(t, b, "COMMIT"); got != "COMMIT\n" {
		t.Fatalf("second block: %q", got)
	}
	if got := mustQuery(t, b, "SELECT v FROM tb"); got != "v\nb\nSELECT 1\n" {
		t.Errorf("session b reads %q", got)
	}
}
