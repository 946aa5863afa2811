package session

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zerodb/zerodb/errs"
)

// jobSessions opens n sessions over a table jobs of ids 1..rows, all
// 'pending'.
func jobSessions(t *testing.T, n, rows int) []*Session {
	t.Helper()
	ss := memorySessions(t, n)
	mustQuery(t, ss[0], "CREATE TABLE jobs (id int PRIMARY KEY, status text NOT NULL, worker int)")
	mustQuery(t, ss[0], fmt.Sprintf("INSERT INTO jobs SELECT g, 'pending' FROM generate_series(1, %d) g", rows))
	return ss
}

// queryErr runs q in s and returns its error.
func queryErr(s *Session, q string) error {
	var w recorder
	return s.Query(context.Background(), q, &w)
}

// waitUntilWaiting waits until s waits for a lock.
func waitUntilWaiting(t *testing.T, s *Session) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		s.db.locks.mu.Lock()
		_, waiting := s.db.locks.waiting[s]
		s.db.locks.mu.Unlock()
		if waiting {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("the session never waited for the lock")
}

func TestRowLocksSkipLocked(t *testing.T) {
	ss := jobSessions(t, 3, 5)
	a, b, c := ss[0], ss[1], ss[2]
	const next = "SELECT id FROM jobs WHERE status = 'pending' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"
	for _, s := range ss {
		mustQuery(t, s, "BEGIN")
	}
	if got := resultIDs(mustQuery(t, a, next)); fmt.Sprint(got) != "[1]" {
		t.Fatalf("a took %v, want [1]", got)
	}
	if got := resultIDs(mustQuery(t, b, next)); fmt.Sprint(got) != "[2]" {
		t.Fatalf("b took %v, want [2] (1 is a's)", got)
	}
	// Without LIMIT: every row but the locked ones.
	if got := resultIDs(mustQuery(t, c, "SELECT id FROM jobs ORDER BY id FOR SHARE SKIP LOCKED")); fmt.Sprint(got) != "[3 4 5]" {
		t.Fatalf("c read %v, want [3 4 5]", got)
	}
	mustQuery(t, c, "ROLLBACK")
	// Both commit their job although each scanned past the other's.
	mustQuery(t, a, "UPDATE jobs SET status = 'done', worker = 1 WHERE id = 1")
	mustQuery(t, b, "UPDATE jobs SET status = 'done', worker = 2 WHERE id = 2")
	mustQuery(t, a, "COMMIT")
	if err := queryErr(b, "COMMIT"); err != nil {
		t.Fatalf("b's commit: %v", err)
	}
	if got := resultIDs(mustQuery(t, c, "SELECT id FROM jobs WHERE status = 'done' ORDER BY id")); fmt.Sprint(got) != "[1 2]" {
		t.Fatalf("done: %v", got)
	}
}

// TestRowLocksQueueWorkers runs workers taking jobs the way job queues
// do (UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED)), in
// transaction blocks: every job is taken exactly once, and no worker
// fails on another's commit.
func TestRowLocksQueueWorkers(t *testing.T) {
	const workers, jobs = 4, 200
	ss := jobSessions(t, workers, jobs)
	var wg sync.WaitGroup
	errc := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func(w int, s *Session) {
			defer wg.Done()
			for {
				if err := queryErr(s, "BEGIN"); err != nil {
					errc <- err
					return
				}
				var rec recorder
				err := s.Query(context.Background(), fmt.Sprintf(`UPDATE jobs SET status = 'done', worker = %d
					WHERE id = (SELECT id FROM jobs WHERE status = 'pending' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
					RETURNING id`, w), &rec)
				if err == nil {
					err = queryErr(s, "COMMIT")
				} else {
					_ = queryErr(s, "ROLLBACK")
				}
				if err != nil {
					errc <- fmt.Errorf("worker %d: %w", w, err)
					return
				}
				if len(resultIDs(rec.take())) == 0 {
					return // the queue is empty
				}
			}
		}(w, ss[w])
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Error(err)
	}
	out := mustQuery(t, ss[0], "SELECT count(*), count(DISTINCT id), count(*) FILTER (WHERE status = 'done') FROM jobs")
	if want := fmt.Sprintf("%d | %d | %d", jobs, jobs, jobs); !strings.Contains(out, want) {
		t.Fatalf("jobs afterwards:\n%s\nwant every job done once", out)
	}
}

func TestRowLocksNoWaitAndStrengths(t *testing.T) {
	ss := jobSessions(t, 2, 3)
	a, b := ss[0], ss[1]
	mustQuery(t, a, "BEGIN")
	mustQuery(t, a, "SELECT * FROM jobs WHERE id = 1 FOR NO KEY UPDATE")
	mustQuery(t, b, "BEGIN")
	for _, tc := range []struct {
		q    string
		code string
	}{
		{"SELECT * FROM jobs WHERE id = 1 FOR UPDATE NOWAIT", errs.LockNotAvailable},
		{"SELECT * FROM jobs WHERE id = 1 FOR SHARE NOWAIT", errs.LockNotAvailable},
		{"SELECT * FROM jobs WHERE id = 1 FOR KEY SHARE NOWAIT", ""}, // KEY SHARE and NO KEY UPDATE do not conflict
		{"SELECT * FROM jobs WHERE id = 2 FOR UPDATE NOWAIT", ""},
	} {
		err := queryErr(b, tc.q)
		if errs.Code(err) != tc.code && (err != nil || tc.code != "") {
			t.Errorf("%s: %v, want SQLSTATE %q", tc.q, err, tc.code)
		}
		if err != nil {
			mustQuery(t, b, "ROLLBACK")
			mustQuery(t, b, "BEGIN")
		}
	}
	mustQuery(t, b, "ROLLBACK")
	// Locks end with the transaction; an autocommit statement's with it.
	mustQuery(t, a, "COMMIT")
	mustQuery(t, a, "SELECT * FROM jobs FOR UPDATE")
	if err := queryErr(b, "SELECT * FROM jobs FOR UPDATE NOWAIT"); err != nil {
		t.Fatalf("after the holders ended: %v", err)
	}
}

func TestRowLocksWait(t *testing.T) {
	ss := jobSessions(t, 2, 3)
	a, b := ss[0], ss[1]
	for _, tc := range []struct {
		name   string
		level  string // b's isolation level
		end    string // how a ends its block
		update bool   // a writes the row first
		code   string // what b's wait ends in
	}{
		{"rollback", "READ COMMITTED", "ROLLBACK", true, ""},
		{"commit without writing", "SERIALIZABLE", "COMMIT", false, ""},
		// READ COMMITTED reads the new version (the statement runs again).
		{"commit of a write", "READ COMMITTED", "COMMIT", true, ""},
		{"commit of a write, serializable", "SERIALIZABLE", "COMMIT", true, errs.SerializationFailure},
		{"commit of a write, repeatable read", "REPEATABLE READ", "COMMIT", true, errs.SerializationFailure},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mustQuery(t, a, "BEGIN")
			mustQuery(t, a, "SELECT * FROM jobs WHERE id = 3 FOR UPDATE")
			mustQuery(t, b, "BEGIN ISOLATION LEVEL "+tc.level)
			done := make(chan error, 1)
			go func() { done <- queryErr(b, "SELECT * FROM jobs WHERE id = 3 FOR UPDATE") }()
			waitUntilWaiting(t, b)
			if tc.update {
				mustQuery(t, a, "UPDATE jobs SET worker = coalesce(worker, 0) + 1 WHERE id = 3")
			}
			mustQuery(t, a, tc.end)
			if err := <-done; errs.Code(err) != tc.code && (err != nil || tc.code != "") {
				t.Fatalf("b's wait ended in %v, want SQLSTATE %q", err, tc.code)
			}
			mustQuery(t, b, "ROLLBACK")
		})
	}
}

func TestRowLocksDeadlock(t *testing.T) {
	ss := jobSessions(t, 2, 3)
	a, b := ss[0], ss[1]
	mustQuery(t, a, "BEGIN")
	mustQuery(t, b, "BEGIN")
	mustQuery(t, a, "SELECT * FROM jobs WHERE id = 1 FOR UPDATE")
	mustQuery(t, b, "SELECT * FROM jobs WHERE id = 2 FOR UPDATE")
	done := make(chan error, 1)
	go func() { done <- queryErr(a, "SELECT * FROM jobs WHERE id = 2 FOR UPDATE") }()
	waitUntilWaiting(t, a)
	if err := queryErr(b, "SELECT * FROM jobs WHERE id = 1 FOR UPDATE"); errs.Code(err) != errs.DeadlockDetected {
		t.Fatalf("b got %v, want 40P01", err)
	}
	mustQuery(t, b, "ROLLBACK")
	if err := <-done; err != nil {
		t.Fatalf("a, once b let go: %v", err)
	}
	mustQuery(t, a, "COMMIT")
}

// TestPgLocksAdvisory: pg_locks shows advisory locks held and waited for.
func TestPgLocksAdvisory(t *testing.T) {
	ss := memorySessions(t, 3)
	a, b, c := ss[0], ss[1], ss[2]
	mustQuery(t, a, "SELECT pg_advisory_lock(5)")
	done := make(chan error, 1)
	go func() { done <- queryErr(b, "SELECT pg_advisory_lock(5)") }()
	waitUntilWaiting(t, b)
	out := mustQuery(t, c, "SELECT objid, mode, granted, waitstart IS NOT NULL FROM pg_locks WHERE locktype = 'advisory' ORDER BY granted DESC")
	for _, want := range []string{"5 | ExclusiveLock | t | f", "5 | ExclusiveLock | f | t"} {
		if !strings.Contains(out, want) {
			t.Errorf("pg_locks:\n%s\nlacks %q", out, want)
		}
	}
	mustQuery(t, a, "SELECT pg_advisory_unlock(5)")
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if out := mustQuery(t, c, "SELECT count(*) FROM pg_locks WHERE granted"); !strings.Contains(out, "\n1\n") {
		t.Errorf("after the hand-over pg_locks counts:\n%s", out)
	}
}

// TestLockTable: LOCK TABLE's modes conflict as PostgreSQL's do, among
// LOCK TABLEs; a wait ends when the holder's transaction does, and a
// cycle through an advisory lock is a deadlock.
func TestLockTable(t *testing.T) {
	ss := jobSessions(t, 3, 1)
	a, b, c := ss[0], ss[1], ss[2]
	mustQuery(t, a, "BEGIN")
	mustQuery(t, a, "LOCK TABLE jobs IN SHARE UPDATE EXCLUSIVE MODE")
	mustQuery(t, b, "BEGIN")
	for _, tc := range []struct {
		mode string
		code string
	}{
		{"ACCESS SHARE", ""}, {"ROW SHARE", ""}, {"ROW EXCLUSIVE", ""},
		{"SHARE UPDATE EXCLUSIVE", errs.LockNotAvailable}, {"SHARE", errs.LockNotAvailable},
		{"EXCLUSIVE", errs.LockNotAvailable}, {"ACCESS EXCLUSIVE", errs.LockNotAvailable},
	} {
		err := queryErr(b, "LOCK TABLE jobs IN "+tc.mode+" MODE NOWAIT")
		if errs.Code(err) != tc.code && (err != nil || tc.code != "") {
			t.Errorf("%s: %v, want SQLSTATE %q", tc.mode, err, tc.code)
		}
		if err != nil {
			mustQuery(t, b, "ROLLBACK")
			mustQuery(t, b, "BEGIN")
		}
	}
	// b's failures rolled its block back, and its locks with it.
	if out := mustQuery(t, c, "SELECT mode, granted FROM pg_locks WHERE locktype = 'relation' AND relation = 'jobs'::regclass ORDER BY mode"); !strings.Contains(out, "ShareUpdateExclusiveLock | t") || strings.Contains(out, "RowExclusiveLock") {
		t.Errorf("pg_locks:\n%s", out)
	}
	mustQuery(t, b, "ROLLBACK")

	// b waits for a's table lock while holding an advisory lock a then
	// asks for: a deadlock, found by whichever closes the cycle.
	mustQuery(t, b, "BEGIN")
	deadlockThroughAdvisory(t, b, a, "LOCK TABLE jobs IN EXCLUSIVE MODE")
}

// deadlockThroughAdvisory: waiter, holding advisory lock 99, waits in q
// for a lock other holds; other asking for 99 closes the cycle (40P01),
// and once other's block is rolled back, waiter's wait ends. Both are
// in a block.
func deadlockThroughAdvisory(t *testing.T, waiter, other *Session, q string) {
	t.Helper()
	mustQuery(t, waiter, "SELECT pg_advisory_xact_lock(99)")
	done := make(chan error, 1)
	go func() { done <- queryErr(waiter, q) }()
	waitUntilWaiting(t, waiter)
	if err := queryErr(other, "SELECT pg_advisory_xact_lock(99)"); errs.Code(err) != errs.DeadlockDetected {
		t.Fatalf("%s: the other side of the cycle got %v, want 40P01", q, err)
	}
	mustQuery(t, other, "ROLLBACK")
	if err := <-done; err != nil {
		t.Fatalf("%s, once the other let go: %v", q, err)
	}
	mustQuery(t, waiter, "COMMIT")
}

// TestLockTableStatements: reads, SELECT ... FOR UPDATE and writes take
// ACCESS SHARE, ROW SHARE and ROW EXCLUSIVE, so a LOCK TABLE keeps out
// the statements its mode conflicts with, and waits for them, as in
// PostgreSQL.
func TestLockTableStatements(t *testing.T) {
	ss := jobSessions(t, 3, 3)
	a, b, c := ss[0], ss[1], ss[2]
	for _, tc := range []struct {
		mode    string
		blocked []string // statements the lock makes wait
		free    []string // and those it lets through
	}{
		{"ROW EXCLUSIVE", nil, []string{"SELECT count(*) FROM jobs", "UPDATE jobs SET worker = 1 WHERE id = 1"}},
		{"SHARE", []string{"UPDATE jobs SET worker = 2 WHERE id = 1", "INSERT INTO jobs VALUES (10, 'x')", "DELETE FROM jobs WHERE id = 10"},
			[]string{"SELECT count(*) FROM jobs", "SELECT id FROM jobs WHERE id = 2 FOR UPDATE"}},
		{"EXCLUSIVE", []string{"SELECT id FROM jobs WHERE id = 2 FOR UPDATE", "UPDATE jobs SET worker = 3 WHERE id = 1"},
			[]string{"SELECT count(*) FROM jobs WHERE id > 1"}},
		{"ACCESS EXCLUSIVE", []string{"SELECT count(*) FROM jobs", "SELECT status FROM jobs WHERE id = 1"}, nil},
	} {
		mustQuery(t, a, "BEGIN")
		mustQuery(t, a, "LOCK TABLE jobs IN "+tc.mode+" MODE")
		for _, q := range tc.free {
			if err := queryErr(b, q); err != nil {
				t.Errorf("%s beside %s: %v", q, tc.mode, err)
			}
		}
		for _, q := range tc.blocked {
			done := make(chan error, 1)
			go func() { done <- queryErr(b, q) }()
			waitUntilWaiting(t, b)
			// One waiter at a time: b is one session; c reads pg_locks.
			out := mustQuery(t, c, "SELECT mode FROM pg_locks WHERE locktype = 'relation' AND NOT granted")
			if strings.Count(out, "Lock") != 1 {
				t.Errorf("%s under %s: pg_locks' waits:\n%s", q, tc.mode, out)
			}
			mustQuery(t, a, "COMMIT")
			if err := <-done; err != nil {
				t.Errorf("%s after %s ended: %v", q, tc.mode, err)
			}
			mustQuery(t, a, "BEGIN")
			mustQuery(t, a, "LOCK TABLE jobs IN "+tc.mode+" MODE")
		}
		mustQuery(t, a, "COMMIT")
	}

	// A statement outside a block holds its locks while it runs, by
	// every way of running one.
	if _, err := one(context.Background(), b, "SELECT count(*) FROM jobs"); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"SELECT count(*) FROM jobs", "UPDATE jobs SET worker = 5 WHERE id = 3"} {
		mustQuery(t, b, q)
	}
	for _, q := range []string{"BEGIN", "LOCK TABLE jobs NOWAIT", "COMMIT"} {
		mustQuery(t, a, q)
	}

	// While a strong lock (of any table) is held, statements take their
	// locks in the lock table; pg_locks lists a mode once either way.
	mustQuery(t, a, "CREATE TABLE other (id int PRIMARY KEY)")
	for _, q := range []string{"BEGIN", "LOCK TABLE other IN SHARE MODE"} {
		mustQuery(t, a, q)
	}
	mustQuery(t, b, "BEGIN")
	mustQuery(t, b, "SELECT count(*) FROM jobs")
	mustQuery(t, a, "COMMIT")
	mustQuery(t, b, "SELECT count(*) FROM jobs")
	if out := mustQuery(t, c, "SELECT mode FROM pg_locks WHERE locktype = 'relation' AND relation = 'jobs'::regclass"); strings.Count(out, "AccessShareLock") != 1 {
		t.Errorf("pg_locks of b's reads:\n%s", out)
	}
	mustQuery(t, b, "COMMIT")

	// The other way round: a LOCK TABLE waits for the writer's ROW
	// EXCLUSIVE (taken on the fast path), and pg_locks shows it.
	mustQuery(t, b, "BEGIN")
	mustQuery(t, b, "UPDATE jobs SET worker = 4 WHERE id = 2")
	if out := mustQuery(t, c, "SELECT mode FROM pg_locks WHERE locktype = 'relation' AND relation = 'jobs'::regclass ORDER BY mode"); !strings.Contains(out, "AccessShareLock") || !strings.Contains(out, "RowExclusiveLock") {
		t.Errorf("pg_locks of an UPDATE:\n%s", out)
	}
	mustQuery(t, a, "BEGIN")
	if err := queryErr(a, "LOCK TABLE jobs IN SHARE MODE NOWAIT"); errs.Code(err) != errs.LockNotAvailable {
		t.Errorf("LOCK TABLE NOWAIT beside an UPDATE: %v, want 55P03", err)
	}
	mustQuery(t, a, "ROLLBACK")
	// A cycle through the writer's table lock is a deadlock.
	mustQuery(t, a, "BEGIN")
	deadlockThroughAdvisory(t, a, b, "LOCK TABLE jobs IN SHARE MODE")

	// A READ COMMITTED statement that waited reads what the holder
	// committed: the key a inserted is a unique violation, not a
	// serialization failure, and an UPDATE sees the new row.
	for _, tc := range []struct {
		id   int
		q    string
		code string
	}{
		{20, "INSERT INTO jobs VALUES (20, 'mine')", errs.UniqueViolation},
		{21, "UPDATE jobs SET worker = 9 WHERE status = 'new'", ""},
	} {
		mustQuery(t, a, "BEGIN")
		mustQuery(t, a, "LOCK TABLE jobs IN EXCLUSIVE MODE")
		mustQuery(t, a, fmt.Sprintf("INSERT INTO jobs VALUES (%d, 'new')", tc.id))
		mustQuery(t, b, "BEGIN ISOLATION LEVEL READ COMMITTED")
		done := make(chan error, 1)
		go func() { done <- queryErr(b, tc.q) }()
		waitUntilWaiting(t, b)
		mustQuery(t, a, "COMMIT")
		if err := <-done; errs.Code(err) != tc.code && (err != nil || tc.code != "") {
			t.Errorf("%s after the wait: %v, want SQLSTATE %q", tc.q, err, tc.code)
		}
		mustQuery(t, b, "COMMIT")
	}
	if out := mustQuery(t, c, "SELECT count(*) FROM jobs WHERE worker = 9"); !strings.Contains(out, "\n2\n") {
		t.Errorf("rows b's UPDATE changed:\n%s", out)
	}
}

// TestLockTimeout: lock_timeout ends a wait for a row, table or advisory
// lock with 55P03, as in PostgreSQL.
func TestLockTimeout(t *testing.T) {
	ss := jobSessions(t, 2, 3)
	a, b := ss[0], ss[1]
	mustQuery(t, a, "BEGIN")
	mustQuery(t, a, "SELECT * FROM jobs WHERE id = 1 FOR UPDATE")
	mustQuery(t, a, "LOCK TABLE jobs IN SHARE MODE")
	mustQuery(t, a, "SELECT pg_advisory_xact_lock(7)")
	mustQuery(t, b, "SET lock_timeout = '30ms'")
	for _, q := range []string{
		"UPDATE jobs SET worker = 1 WHERE id = 1",
		"SELECT * FROM jobs WHERE id = 1 FOR SHARE",
		"LOCK TABLE jobs IN EXCLUSIVE MODE",
		"SELECT pg_advisory_lock(7)",
		"INSERT INTO jobs VALUES (50, 'x')",
	} {
		start := time.Now()
		mustQuery(t, b, "BEGIN")
		err := queryErr(b, q)
		mustQuery(t, b, "ROLLBACK")
		if errs.Code(err) != errs.LockNotAvailable || !strings.Contains(err.Error(), "lock timeout") {
			t.Errorf("%s: %v, want 55P03 lock timeout", q, err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: waited %v", q, d)
		}
	}
	mustQuery(t, b, "SET lock_timeout = 0")
	mustQuery(t, a, "COMMIT")
	mustQuery(t, b, "UPDATE jobs SET worker = 1 WHERE id = 1")
}

// TestLockTableQueue: a statement of a session that holds no lock waits
// behind a LOCK TABLE waiting for a mode it conflicts with, as in
// PostgreSQL, so that readers arriving all the time do not keep it out;
// one that holds a lock the LOCK TABLE waits for goes ahead (queueing
// it would deadlock).
func TestLockTableQueue(t *testing.T) {
	ss := jobSessions(t, 4, 3)
	a, b, c, x := ss[0], ss[1], ss[2], ss[3]
	// (A BEGIN in a message leaves its block open.)
	mustQuery(t, a, "BEGIN; UPDATE jobs SET worker = 1 WHERE id = 1")
	mustQuery(t, b, "BEGIN; SELECT count(*) FROM jobs")
	mustQuery(t, x, "BEGIN")
	xDone := startWaiting(t, x, "LOCK TABLE jobs")
	// b holds ACCESS SHARE, which x waits for: it reads on.
	mustQuery(t, b, "SELECT count(*) FROM jobs")
	mustQuery(t, b, "COMMIT")
	// c holds nothing: it waits behind x.
	cDone := startWaiting(t, c, "SELECT count(*) FROM jobs")
	mustQuery(t, a, "COMMIT")
	if err := <-xDone; err != nil {
		t.Fatalf("LOCK TABLE once a committed: %v", err)
	}
	select {
	case err := <-cDone:
		t.Fatalf("c's read ended (%v) while x holds ACCESS EXCLUSIVE", err)
	case <-time.After(20 * time.Millisecond):
	}
	mustQuery(t, x, "COMMIT")
	if err := <-cDone; err != nil {
		t.Fatalf("c's read once x committed: %v", err)
	}

	// A waiter that gives up lets those behind it through.
	mustQuery(t, a, "BEGIN; UPDATE jobs SET worker = 2 WHERE id = 1")
	mustQuery(t, x, "SET lock_timeout = '100ms'; BEGIN")
	xDone = startWaiting(t, x, "LOCK TABLE jobs")
	cDone = startWaiting(t, c, "SELECT count(*) FROM jobs")
	if err := <-xDone; errs.Code(err) != errs.LockNotAvailable {
		t.Fatalf("x's LOCK TABLE: %v, want 55P03", err)
	}
	if err := <-cDone; err != nil {
		t.Fatalf("c's read once x gave up: %v", err)
	}
	mustQuery(t, x, "ROLLBACK")
	mustQuery(t, a, "COMMIT")
}

// startWaiting runs q in s until it waits for a lock; its error comes
// on the channel returned.
func startWaiting(t *testing.T, s *Session, q string) chan error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- queryErr(s, q) }()
	waitUntilWaiting(t, s)
	return done
}
