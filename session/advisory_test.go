package session

import (
	"context"
	"testing"
	"time"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// memorySessions opens n embedded sessions of one in-memory DB, closed
// with the test.
func memorySessions(t *testing.T, n int) []*Session {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, Options{Memory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	out := make([]*Session, n)
	for i := range out {
		if out[i], err = db.EmbeddedSession(ctx, ""); err != nil {
			t.Fatal(err)
		}
		s := out[i]
		t.Cleanup(s.Close)
	}
	return out
}

// one runs q in s and returns its first value (None without rows).
func one(ctx context.Context, s *Session, q string) (value.Value, error) {
	st, err := s.PrepareStatement(ctx, q)
	if err != nil {
		return value.None, err
	}
	rows, err := s.Run(ctx, st, nil, nil)
	if err != nil {
		return value.None, err
	}
	defer rows.Close()
	v := value.None
	for rows.Next() {
		if r := rows.Row(); len(r) > 0 && v.IsNone() {
			v = r[0]
		}
	}
	return v, rows.Err()
}

func TestAdvisoryLocks(t *testing.T) {
	ctx := context.Background()
	ss := memorySessions(t, 3)
	a, b, c := ss[0], ss[1], ss[2]
	must := func(s *Session, q string) value.Value {
		t.Helper()
		v, err := one(ctx, s, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return v
	}
	want := func(s *Session, q string, w bool) {
		t.Helper()
		if v := must(s, q); v.Kind() != value.KindBool || v.AsBool() != w {
			t.Fatalf("%s = %v, want %v", q, v, w)
		}
	}

	// Session level: counted, and the one-key and two-key forms differ.
	want(a, "SELECT pg_try_advisory_lock(1)", true)
	want(a, "SELECT pg_try_advisory_lock(1)", true)
	want(b, "SELECT pg_try_advisory_lock(1)", false)
	want(b, "SELECT pg_try_advisory_lock(0, 1)", true)
	want(a, "SELECT pg_advisory_unlock(1)", true)
	want(b, "SELECT pg_try_advisory_lock(1)", false)
	want(a, "SELECT pg_advisory_unlock(1)", true)
	want(a, "SELECT pg_advisory_unlock(1)", false)
	want(b, "SELECT pg_try_advisory_lock(1)", true)
	must(b, "SELECT pg_advisory_unlock_all()")
	want(a, "SELECT pg_try_advisory_lock(1)", true)

	// A waiter gets the lock when its holder lets go.
	got := make(chan error, 1)
	go func() {
		_, err := one(ctx, b, "SELECT pg_advisory_lock(1)")
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("pg_advisory_lock returned (%v) while another session held the lock", err)
	case <-time.After(50 * time.Millisecond):
	}
	want(a, "SELECT pg_advisory_unlock(1)", true)
	if err := <-got; err != nil {
		t.Fatal(err)
	}
	want(c, "SELECT pg_try_advisory_lock(1)", false)
	must(b, "SELECT pg_advisory_unlock_all()")

	// Shared holds go together; an exclusive one waits for them.
	want(a, "SELECT pg_try_advisory_lock_shared(2)", true)
	want(b, "SELECT pg_try_advisory_lock_shared(2)", true)
	want(c, "SELECT pg_try_advisory_lock(2)", false)
	want(a, "SELECT pg_advisory_unlock_shared(2)", true)
	want(b, "SELECT pg_advisory_unlock(2)", false) // b's hold is shared
	want(b, "SELECT pg_advisory_unlock_shared(2)", true)
	want(c, "SELECT pg_try_advisory_lock(2)", true)
	must(c, "SELECT pg_advisory_unlock_all()")

	// Transaction level: until COMMIT or ROLLBACK in a block, until the
	// statement's end in autocommit.
	must(a, "BEGIN")
	want(a, "SELECT pg_try_advisory_xact_lock(3)", true)
	want(b, "SELECT pg_try_advisory_lock(3)", false)
	must(a, "ROLLBACK")
	want(b, "SELECT pg_try_advisory_lock(3)", true)
	want(a, "SELECT pg_try_advisory_xact_lock(4)", true)
	want(b, "SELECT pg_try_advisory_lock(4)", true)
	must(b, "SELECT pg_advisory_unlock_all()")

	// A session's locks end with it.
	want(c, "SELECT pg_try_advisory_lock(5)", true)
	c.Close()
	want(a, "SELECT pg_try_advisory_lock(5)", true)
	must(a, "SELECT pg_advisory_unlock_all()")
}

func TestAdvisoryLockDeadlockAndCancel(t *testing.T) {
	ctx := context.Background()
	ss := memorySessions(t, 2)
	a, b := ss[0], ss[1]
	for _, q := range []struct {
		s *Session
		q string
	}{{a, "SELECT pg_advisory_lock(10)"}, {b, "SELECT pg_advisory_lock(11)"}} {
		if _, err := one(ctx, q.s, q.q); err != nil {
			t.Fatal(err)
		}
	}
	// a waits for b's lock; b asking for a's would wait forever.
	waited := make(chan error, 1)
	go func() {
		_, err := one(ctx, a, "SELECT pg_advisory_lock(11)")
		waited <- err
	}()
	waitUntilWaiting(t, a)
	if _, err := one(ctx, b, "SELECT pg_advisory_lock(10)"); errs.Code(err) != errs.DeadlockDetected {
		t.Fatalf("the second waiter got %v, want 40P01", err)
	}
	// The first waiter still gets its lock once b lets go.
	if _, err := one(ctx, b, "SELECT pg_advisory_unlock(11)"); err != nil {
		t.Fatal(err)
	}
	if err := <-waited; err != nil {
		t.Fatal(err)
	}

	// A wait ends with its statement's context.
	cctx, cancel := context.WithTimeout(ctx, 30*time.Millisecond)
	defer cancel()
	if _, err := one(cctx, b, "SELECT pg_advisory_lock(10)"); err == nil {
		t.Fatal("a cancelled wait got the lock")
	}
	b.db.locks.mu.Lock()
	_, stillWaiting := b.db.locks.waiting[b]
	b.db.locks.mu.Unlock()
	if stillWaiting {
		t.Error("a cancelled waiter is still registered")
	}
}
