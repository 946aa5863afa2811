package session

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// TestReadCommittedCounter: clients incrementing one row in transaction
// blocks at the default level, PostgreSQL's READ COMMITTED, all commit
// and lose no increment: each UPDATE waits for the row's lock and runs
// again on the row's newest version. At SERIALIZABLE the same blocks
// fail with 40001 instead of losing increments.
func TestReadCommittedCounter(t *testing.T) {
	for _, tc := range []struct {
		level    string
		failures bool
	}{
		{"", false},
		{"ISOLATION LEVEL READ COMMITTED", false},
		{"ISOLATION LEVEL SERIALIZABLE", true},
	} {
		t.Run("BEGIN "+tc.level, func(t *testing.T) {
			const clients, rounds = 6, 20
			ss := memorySessions(t, clients)
			mustQuery(t, ss[0], "CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)")
			mustQuery(t, ss[0], "CREATE TABLE audit (id int, n int)")
			mustQuery(t, ss[0], "INSERT INTO counter VALUES (1, 0), (2, 0)")
			var wg sync.WaitGroup
			var mu sync.Mutex
			committed, failed := 0, 0
			var unexpected []error
			for c := range clients {
				wg.Add(1)
				go func(c int, s *Session) {
					defer wg.Done()
					for r := range rounds {
						err := queryErr(s, "BEGIN "+tc.level)
						for _, q := range []string{
							"SELECT n FROM counter WHERE id = 2",
							"UPDATE counter SET n = n + 1 WHERE id = 1",
							fmt.Sprintf("INSERT INTO audit VALUES (%d, %d)", c, r),
							"UPDATE counter SET n = n + 1 WHERE id = 2",
						} {
							if err == nil {
								err = queryErr(s, q)
							}
						}
						if err == nil {
							err = queryErr(s, "COMMIT")
						} else {
							_ = queryErr(s, "ROLLBACK")
						}
						mu.Lock()
						switch {
						case err == nil:
							committed++
						case errs.Code(err) == errs.SerializationFailure || errs.Code(err) == errs.DeadlockDetected:
							failed++
						default:
							unexpected = append(unexpected, err)
						}
						mu.Unlock()
					}
				}(c, ss[c])
			}
			wg.Wait()
			for _, err := range unexpected {
				t.Error(err)
			}
			if !tc.failures && failed > 0 {
				t.Errorf("%d of %d blocks failed", failed, clients*rounds)
			}
			want := fmt.Sprintf("%d | %d | %d", committed, committed, committed)
			got := mustQuery(t, ss[0], "SELECT (SELECT n FROM counter WHERE id = 1), (SELECT n FROM counter WHERE id = 2), (SELECT count(*) FROM audit)")
			if !strings.Contains(got, want) {
				t.Fatalf("after %d committed blocks:\n%s\nwant %s", committed, got, want)
			}
		})
	}
}

// TestReadCommittedStatementSnapshots: each statement of a READ
// COMMITTED block sees what committed before it; a SERIALIZABLE block
// keeps its first snapshot. Write skew, which READ COMMITTED allows as
// PostgreSQL's does, fails a SERIALIZABLE block.
func TestReadCommittedStatementSnapshots(t *testing.T) {
	ss := memorySessions(t, 2)
	a, b := ss[0], ss[1]
	mustQuery(t, a, "CREATE TABLE doctors (name text PRIMARY KEY, on_call bool NOT NULL)")
	mustQuery(t, a, "INSERT INTO doctors VALUES ('alice', true), ('bob', true)")
	count := func(s *Session) string {
		t.Helper()
		return strings.Join(resultIDs(mustQuery(t, s, "SELECT count(*) FROM doctors WHERE on_call")), ",")
	}
	for _, tc := range []struct {
		begin     string
		seesLater bool
		skewCode  string
	}{
		{"BEGIN", true, ""},
		{"BEGIN ISOLATION LEVEL SERIALIZABLE", false, errs.SerializationFailure},
	} {
		t.Run(tc.begin, func(t *testing.T) {
			mustQuery(t, a, "UPDATE doctors SET on_call = true")
			mustQuery(t, a, tc.begin)
			if got := count(a); got != "2" {
				t.Fatalf("on call: %s", got)
			}
			mustQuery(t, b, "UPDATE doctors SET on_call = false WHERE name = 'bob'")
			want := "2"
			if tc.seesLater {
				want = "1"
			}
			if got := count(a); got != want {
				t.Fatalf("after another commit, on call: %s, want %s", got, want)
			}
			mustQuery(t, a, "ROLLBACK")
			// Write skew: each takes the other off call, having seen two.
			mustQuery(t, a, "UPDATE doctors SET on_call = true")
			mustQuery(t, a, tc.begin)
			mustQuery(t, b, tc.begin)
			_ = count(a)
			_ = count(b)
			mustQuery(t, a, "UPDATE doctors SET on_call = false WHERE name = 'alice'")
			mustQuery(t, b, "UPDATE doctors SET on_call = false WHERE name = 'bob'")
			mustQuery(t, a, "COMMIT")
			if err := queryErr(b, "COMMIT"); errs.Code(err) != tc.skewCode && (err != nil || tc.skewCode != "") {
				t.Fatalf("the second COMMIT: %v, want SQLSTATE %q", err, tc.skewCode)
			}
		})
	}
}

// TestReadCommittedForeignKey: a child written against a parent another
// transaction deletes meanwhile never survives both commits; as in
// PostgreSQL the foreign key check holds the parent's KEY SHARE lock, so
// whichever of the two came second waits for the first and then fails
// with 23503 (not 40001), and a change of the parent's other columns
// neither waits nor fails.
func TestReadCommittedForeignKey(t *testing.T) {
	// Each case runs its steps in order on sessions a and b ("a: SQL");
	// a step starting "wait " runs in the background until its session
	// waits for a lock, and the step after it must release that lock;
	// the waiting statement must end with SQLSTATE want ("" for
	// success). Then each check's query must give its count.
	type check struct{ query, count string }
	for _, tc := range []struct {
		name   string
		steps  []string
		want   string
		checks []check
	}{
		{"child first, autocommit DELETE waits", []string{
			"a: BEGIN", "a: INSERT INTO child VALUES (1, 1)",
			"wait b: DELETE FROM parent WHERE id = 1", "a: COMMIT",
		}, errs.ForeignKeyViolation, []check{{"SELECT count(*) FROM child", "1"}}},
		{"child first, DELETE of a block waits", []string{
			"a: BEGIN", "a: INSERT INTO child VALUES (1, 1)", "b: BEGIN",
			"wait b: DELETE FROM parent WHERE id = 1", "a: COMMIT", "b: ROLLBACK",
		}, errs.ForeignKeyViolation, []check{{"SELECT count(*) FROM child", "1"}}},
		{"DELETE first, INSERT of a child waits", []string{
			"b: BEGIN", "b: DELETE FROM parent WHERE id = 1", "a: BEGIN",
			"wait a: INSERT INTO child VALUES (1, 1)", "b: COMMIT", "a: ROLLBACK",
		}, errs.ForeignKeyViolation, []check{{"SELECT count(*) FROM child", "0"}}},
		// As PostgreSQL's REPEATABLE READ; autocommit then runs it again
		// in a snapshot without the parent.
		{"DELETE first, INSERT of a child waits, serializable", []string{
			"b: BEGIN", "b: DELETE FROM parent WHERE id = 1",
			"a: BEGIN ISOLATION LEVEL REPEATABLE READ", "a: SELECT count(*) FROM parent",
			"wait a: INSERT INTO child VALUES (1, 1)", "b: COMMIT", "a: ROLLBACK",
			"a: INSERT INTO child VALUES (1, 1) -- 23503",
		}, errs.SerializationFailure, []check{{"SELECT count(*) FROM child", "0"}}},
		{"rolled-back DELETE, INSERT of a child goes on", []string{
			"b: BEGIN", "b: DELETE FROM parent WHERE id = 1", "a: BEGIN",
			"wait a: INSERT INTO child VALUES (1, 1), (2, 2)", "b: ROLLBACK", "a: COMMIT",
		}, "", []check{{"SELECT count(*) FROM child", "2"}}},
		{"UPDATE of the parent's other columns", []string{
			"a: BEGIN", "a: INSERT INTO child VALUES (1, 1)",
			"b: UPDATE parent SET name = 'uno' WHERE id = 1",
			"a: INSERT INTO child VALUES (2, 2), (3, 2)",
			"b: BEGIN", "b: UPDATE parent SET name = 'dos' WHERE id = 2", "b: COMMIT", "a: COMMIT",
		}, "", []check{{"SELECT count(*) FROM child", "3"}}},
		// The child waits for the row's FOR UPDATE lock; the holder
		// changed other columns only, so the parent is still there.
		{"a locked parent's other columns changed, INSERT of a child waits and goes on", []string{
			"b: BEGIN", "b: SELECT * FROM parent WHERE id = 1 FOR UPDATE", "b: UPDATE parent SET name = 'uno' WHERE id = 1",
			"a: BEGIN", "wait a: INSERT INTO child VALUES (1, 1)", "b: COMMIT", "a: COMMIT",
		}, "", []check{{"SELECT count(*) FROM child", "1"}}},
		{"UPDATE of the parent's key waits", []string{
			"a: BEGIN", "a: INSERT INTO child VALUES (1, 1)",
			"wait b: UPDATE parent SET id = 3 WHERE id = 1", "a: COMMIT",
		}, errs.ForeignKeyViolation, []check{{"SELECT count(*) FROM parent WHERE id = 1", "1"}}},
		{"by a unique index, DELETE waits", []string{
			"a: INSERT INTO uchild VALUES (1, 'a')", "a: BEGIN", "a: INSERT INTO uchild VALUES (2, 'a')",
			"b: UPDATE uparent SET id = id WHERE code = 'a'",
			"wait b: DELETE FROM uparent WHERE code = 'a'", "a: COMMIT",
		}, errs.ForeignKeyViolation, []check{{"SELECT count(*) FROM uchild", "2"}}},
		{"by a unique index, UPDATE of the unique column waits", []string{
			"a: BEGIN", "a: INSERT INTO uchild VALUES (1, 'b')",
			"wait b: UPDATE uparent SET code = 'c' WHERE code = 'b'", "a: COMMIT",
		}, errs.ForeignKeyViolation, []check{{"SELECT count(*) FROM uparent WHERE code = 'b'", "1"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ss := memorySessions(t, 2)
			for _, q := range []string{
				"CREATE TABLE parent (id int PRIMARY KEY, name text)",
				"CREATE TABLE child (id int PRIMARY KEY, p int REFERENCES parent)",
				"INSERT INTO parent VALUES (1, 'one'), (2, 'two')",
				"CREATE TABLE uparent (id int PRIMARY KEY, code text UNIQUE)",
				"CREATE TABLE uchild (id int PRIMARY KEY, code text REFERENCES uparent (code))",
				"INSERT INTO uparent VALUES (1, 'a'), (2, 'b')",
			} {
				mustQuery(t, ss[0], q)
			}
			var done chan string
			for _, step := range tc.steps {
				wait := strings.HasPrefix(step, "wait ")
				who, q, _ := strings.Cut(strings.TrimPrefix(step, "wait "), ": ")
				s := ss[0]
				if who == "b" {
					s = ss[1]
				}
				q, code, _ := strings.Cut(q, " -- ")
				switch {
				case wait:
					done = make(chan string, 1)
					go func() { done <- errs.Code(queryErr(s, q)) }()
					waitUntilWaiting(t, s)
				case code != "":
					if got := errs.Code(queryErr(s, q)); got != code {
						t.Fatalf("%s: SQLSTATE %q, want %s", q, got, code)
					}
				default:
					mustQuery(t, s, q)
				}
				if done != nil && !wait {
					if got := <-done; got != tc.want {
						t.Fatalf("the waiting statement: SQLSTATE %q, want %q", got, tc.want)
					}
					done = nil
				}
			}
			for _, c := range tc.checks {
				if got := mustQuery(t, ss[0], c.query); !strings.Contains(got, "\n"+c.count+"\n") {
					t.Fatalf("%s: %q, want %s", c.query, got, c.count)
				}
			}
		})
	}
}

// TestIsolationSettings: the levels, and when they may change.
func TestIsolationSettings(t *testing.T) {
	s := memorySessions(t, 1)[0]
	for _, tc := range []struct {
		q, want, code string
	}{
		{"SHOW transaction_isolation", "read committed", ""},
		{"SHOW default_transaction_isolation", "read committed", ""},
		{"BEGIN ISOLATION LEVEL REPEATABLE READ", "", ""},
		{"SHOW transaction_isolation", "repeatable read", ""},
		{"SELECT 1", "", ""},
		{"SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", "", errs.ActiveSQLTransaction},
		{"ROLLBACK", "", ""},
		{"BEGIN", "", ""},
		{"SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", "", ""},
		{"SHOW transaction_isolation", "serializable", ""},
		{"COMMIT", "", ""},
		{"SET default_transaction_isolation = 'bogus'", "", errs.InvalidParameterValue},
		{"SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE", "", ""},
		{"SHOW transaction_isolation", "serializable", ""},
	} {
		var w recorder
		err := s.Query(t.Context(), tc.q, &w)
		if errs.Code(err) != tc.code && (err != nil || tc.code != "") {
			t.Fatalf("%s: %v, want SQLSTATE %q", tc.q, err, tc.code)
		}
		if got := w.take(); tc.want != "" && !strings.Contains(got, tc.want) {
			t.Fatalf("%s: %q, want %q", tc.q, got, tc.want)
		}
	}
}

// TestStartupOptions: the options start-up parameter (PGOPTIONS) sets
// settings as PostgreSQL reads it.
func TestStartupOptions(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want map[string]string
	}{
		{"", map[string]string{}},
		{"-c default_transaction_isolation=serializable", map[string]string{"default_transaction_isolation": "serializable"}},
		{"-cstatement_timeout=5s  --search-path=app", map[string]string{"statement_timeout": "5s", "search_path": "app"}},
		{`-c application_name=a\ b -c x`, map[string]string{"application_name": "a b"}},
		{"-c =v junk", map[string]string{}},
	} {
		got := startupOptions(tc.in)
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("startupOptions(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// TestReadCommittedRunsAgain: a locking query or a write whose second
// row another transaction changed while it waited runs again and
// answers from the new version, rather than failing after sending its
// first row.
func TestReadCommittedRunsAgain(t *testing.T) {
	for _, q := range []string{
		"SELECT id, worker FROM jobs WHERE id IN (1, 2, 3) ORDER BY id FOR UPDATE",
		"UPDATE jobs SET status = 'x' WHERE id IN (1, 2, 3) RETURNING id, worker",
	} {
		t.Run(q, func(t *testing.T) {
			ss := jobSessions(t, 2, 3)
			a, b := ss[0], ss[1]
			mustQuery(t, a, "BEGIN")
			mustQuery(t, a, "UPDATE jobs SET worker = 7 WHERE id = 2")
			mustQuery(t, b, "BEGIN")
			done := make(chan string, 1)
			go func() {
				var w recorder
				if err := b.Query(t.Context(), q, &w); err != nil {
					done <- err.Error()
					return
				}
				done <- w.take()
			}()
			waitUntilWaiting(t, b)
			mustQuery(t, a, "COMMIT")
			got := <-done
			if !strings.Contains(got, "2 | 7") || !strings.Contains(got, " 3\n") {
				t.Fatalf("b got %q, want the rows as a committed them", got)
			}
			mustQuery(t, b, "COMMIT")
		})
	}
}

// TestReadCommittedUpsert: concurrent INSERT ... ON CONFLICT DO UPDATE
// blocks on one key, the first of which inserts it, all commit and count
// every row, as in PostgreSQL.
func TestReadCommittedUpsert(t *testing.T) {
	for _, tc := range []struct{ name, create, upsert string }{
		{"key", "CREATE TABLE hits (page text PRIMARY KEY, n int NOT NULL)",
			"INSERT INTO hits VALUES ('home', 1) ON CONFLICT (page) DO UPDATE SET n = hits.n + 1"},
		// A unique index as the arbiter: the upserts wait on its entry.
		{"unique index", "CREATE TABLE hits (id serial PRIMARY KEY, page text UNIQUE, n int NOT NULL)",
			"INSERT INTO hits (page, n) VALUES ('home', 1) ON CONFLICT (page) DO UPDATE SET n = hits.n + 1"},
	} {
		t.Run(tc.name, func(t *testing.T) { readCommittedUpserts(t, tc.create, tc.upsert) })
	}
}

func readCommittedUpserts(t *testing.T, create, upsert string) {
	const clients, rounds = 4, 25
	ss := memorySessions(t, clients)
	mustQuery(t, ss[0], create)
	var wg sync.WaitGroup
	errc := make(chan error, clients*rounds)
	for c := range clients {
		wg.Add(1)
		go func(s *Session) {
			defer wg.Done()
			for range rounds {
				err := queryErr(s, "BEGIN")
				if err == nil {
					err = queryErr(s, upsert)
				}
				if err == nil {
					err = queryErr(s, "COMMIT")
				} else {
					_ = queryErr(s, "ROLLBACK")
				}
				if err != nil {
					errc <- err
				}
			}
		}(ss[c])
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Error(err)
	}
	if got := mustQuery(t, ss[0], "SELECT n FROM hits"); !strings.Contains(got, fmt.Sprint(clients*rounds)) {
		t.Fatalf("hits: %s, want %d", got, clients*rounds)
	}
}

// TestReadCommittedForeignKeyRace: sessions insert children, delete and
// re-create their parents and rename them, at READ COMMITTED and in
// autocommit, concurrently; no child outlives its parent, and every
// failure is one PostgreSQL could give.
func TestReadCommittedForeignKeyRace(t *testing.T) {
	const clients, rounds, parents = 4, 60, 5
	ss := memorySessions(t, clients)
	mustQuery(t, ss[0], "CREATE TABLE parent (id int PRIMARY KEY, name text)")
	mustQuery(t, ss[0], "CREATE TABLE child (id serial PRIMARY KEY, p int REFERENCES parent)")
	mustQuery(t, ss[0], "INSERT INTO parent SELECT i, 'p' FROM generate_series(1, 5) i")
	allowed := map[string]bool{errs.ForeignKeyViolation: true, errs.SerializationFailure: true, errs.DeadlockDetected: true, errs.UniqueViolation: true}
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[string]int{}
	errc := make(chan error, clients*rounds)
	for c := range clients {
		wg.Add(1)
		go func(s *Session, seed int) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(seed), 7))
			for range rounds {
				p := 1 + rng.IntN(parents)
				var stmts []string
				switch rng.IntN(4) {
				case 0:
					stmts = []string{fmt.Sprintf("INSERT INTO child (p) VALUES (%d)", p)}
				case 1:
					stmts = []string{fmt.Sprintf("DELETE FROM parent WHERE id = %d", p)}
				case 2:
					stmts = []string{fmt.Sprintf("INSERT INTO parent VALUES (%d, 'p') ON CONFLICT DO NOTHING", p)}
				default:
					stmts = []string{fmt.Sprintf("UPDATE parent SET name = name || 'x' WHERE id = %d", p)}
				}
				if rng.IntN(2) == 0 {
					stmts = append(append([]string{"BEGIN"}, stmts...), fmt.Sprintf("INSERT INTO child (p) VALUES (%d)", 1+rng.IntN(parents)), "COMMIT")
				}
				for _, q := range stmts {
					if err := queryErr(s, q); err != nil {
						mu.Lock()
						codes[errs.Code(err)]++
						mu.Unlock()
						if !allowed[errs.Code(err)] {
							errc <- fmt.Errorf("%s: %w", q, err)
						}
						_ = queryErr(s, "ROLLBACK")
						break
					}
				}
			}
		}(ss[c], c)
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Error(err)
	}
	t.Logf("failures by SQLSTATE: %v", codes)
	if got := mustQuery(t, ss[0], "SELECT count(*) FROM child c WHERE NOT EXISTS (SELECT 1 FROM parent p WHERE p.id = c.p)"); got != "count\n0\nSELECT 1\n" {
		t.Fatalf("orphaned children: %q", got)
	}
}

// TestReadCommittedCursorSnapshot: statements of a READ COMMITTED block
// see what committed before each of them although a cursor is open, and
// the cursor goes on reading the data as of its DECLARE, as PostgreSQL's
// portals keep their snapshots (an ETL loop that fetches and updates).
func TestReadCommittedCursorSnapshot(t *testing.T) {
	ss := memorySessions(t, 2)
	a, b := ss[0], ss[1]
	mustQuery(t, a, "CREATE TABLE t (id int PRIMARY KEY, v text)")
	mustQuery(t, a, "INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three')")
	mustQuery(t, a, "BEGIN")
	mustQuery(t, a, "DECLARE c CURSOR FOR SELECT id, v FROM t ORDER BY id")
	if got := mustQuery(t, a, "FETCH 1 FROM c"); !strings.Contains(got, "1 | one") {
		t.Fatalf("FETCH: %q", got)
	}
	mustQuery(t, b, "UPDATE t SET v = 'deux' WHERE id = 2")
	if got := mustQuery(t, a, "SELECT v FROM t WHERE id = 2"); !strings.Contains(got, "deux") {
		t.Fatalf("a statement after the commit reads %q, want deux", got)
	}
	mustQuery(t, a, "UPDATE t SET v = v || '!' WHERE id = 2")
	if got := mustQuery(t, a, "FETCH 2 FROM c"); !strings.Contains(got, "2 | two\n3 | three") {
		t.Fatalf("the cursor reads %q, want the rows as of its DECLARE", got)
	}
	mustQuery(t, a, "CLOSE c")
	mustQuery(t, a, "COMMIT")
	if got := mustQuery(t, a, "SELECT v FROM t WHERE id = 2"); !strings.Contains(got, "deux!") {
		t.Fatalf("after COMMIT: %q", got)
	}
}

// TestReadCommittedSuspendedPortal: a query portal suspended by
// Execute's row limit (JDBC's fetch size) in a READ COMMITTED block keeps
// reading its snapshot while the block's statements meanwhile see newer
// commits and write, as in PostgreSQL.
func TestReadCommittedSuspendedPortal(t *testing.T) {
	ctx := t.Context()
	ss := memorySessions(t, 2)
	a, b := ss[0], ss[1]
	mustQuery(t, a, "CREATE TABLE t (id int PRIMARY KEY, v text)")
	mustQuery(t, a, "INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three')")
	mustQuery(t, a, "BEGIN")
	if _, err := a.Prepare(ctx, "q", "SELECT id, v FROM t ORDER BY id", nil); err != nil {
		t.Fatal(err)
	}
	if err := a.Bind(ctx, "p", "q", nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	var w recorder
	if suspended, err := a.Execute(ctx, "p", 1, &w); err != nil || !suspended {
		t.Fatalf("Execute: suspended %v, %v", suspended, err)
	}
	mustQuery(t, b, "UPDATE t SET v = 'deux' WHERE id = 2")
	if got := mustQuery(t, a, "SELECT v FROM t WHERE id = 2"); !strings.Contains(got, "deux") {
		t.Fatalf("a statement after the commit reads %q, want deux", got)
	}
	mustQuery(t, a, "UPDATE t SET v = v || '!' WHERE id = 2")
	w.take()
	if suspended, err := a.Execute(ctx, "p", 5, &w); err != nil || suspended {
		t.Fatalf("Execute: suspended %v, %v", suspended, err)
	}
	if got := w.take(); !strings.Contains(got, "2 | two\n3 | three") {
		t.Fatalf("the portal reads %q, want the rows as of its start", got)
	}
	if err := a.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	mustQuery(t, a, "COMMIT")
	if got := mustQuery(t, a, "SELECT v FROM t WHERE id = 2"); !strings.Contains(got, "deux!") {
		t.Fatalf("after COMMIT: %q", got)
	}
}
