package compattests

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// TestListenNotify: an idle connection that listens receives a
// NotificationResponse without sending anything (pgx's
// WaitForNotification only reads), with the notifier's process id;
// notifications of a transaction block wait for its COMMIT and vanish
// with its ROLLBACK; many arrive in order; a listener gets its own.
func TestListenNotify(t *testing.T) {
	s := startServer(t, "")
	ctx := context.Background()
	connect := func() *pgx.Conn {
		t.Helper()
		c := pgxConnect(ctx, t, s.url("main"))
		return c
	}
	l, n := connect(), connect()
	mustExec := func(c *pgx.Conn, q string) {
		t.Helper()
		if _, err := c.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	wait := func(d time.Duration) (*pgconn.Notification, error) {
		wctx, cancel := context.WithTimeout(ctx, d)
		defer cancel()
		return l.WaitForNotification(wctx)
	}
	expect := func(payload string, pid uint32) {
		t.Helper()
		got, err := wait(10 * time.Second)
		if err != nil {
			t.Fatalf("waiting for %q: %v", payload, err)
		}
		if got.Channel != "jobs" || got.Payload != payload || got.PID != pid {
			t.Fatalf("got %+v, want channel jobs, payload %q, pid %d", got, payload, pid)
		}
	}
	expectNone := func() {
		t.Helper()
		got, err := wait(300 * time.Millisecond)
		if err == nil {
			t.Fatalf("unexpected notification %+v", got)
		}
		if !errors.Is(err, context.DeadlineExceeded) && !pgconn.Timeout(err) {
			t.Fatalf("waiting: %v", err)
		}
	}

	mustExec(l, "LISTEN jobs")
	rows, _ := l.Query(ctx, "SELECT pg_listening_channels()")
	chans, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil || len(chans) != 1 || chans[0] != "jobs" {
		t.Fatalf("pg_listening_channels: %v %v", chans, err)
	}
	npid := n.PgConn().PID()

	// The listener is idle, blocked in the server's read of its socket.
	time.Sleep(50 * time.Millisecond)
	mustExec(n, "NOTIFY jobs, 'hello'")
	expect("hello", npid)

	// Delivery while the listener already waits.
	go func() {
		time.Sleep(100 * time.Millisecond)
		_, _ = n.Exec(ctx, "SELECT pg_notify('jobs', 'while waiting')")
	}()
	expect("while waiting", npid)
	// The Exec above shares n with the main goroutine: let it finish.
	time.Sleep(100 * time.Millisecond)

	// A transaction block: nothing until COMMIT, nothing after ROLLBACK.
	mustExec(n, "BEGIN")
	mustExec(n, "NOTIFY jobs, 'in block'")
	expectNone()
	mustExec(n, "COMMIT")
	expect("in block", npid)
	mustExec(n, "BEGIN")
	mustExec(n, "NOTIFY jobs, 'rolled back'")
	mustExec(n, "ROLLBACK")
	expectNone()

	// A listener inside a transaction gets them after it ends.
	mustExec(l, "BEGIN")
	mustExec(n, "NOTIFY jobs, 'after block'")
	mustExec(l, "SELECT 1")
	mustExec(l, "COMMIT")
	expect("after block", npid)

	// Many, in order; duplicates of one transaction folded.
	mustExec(n, "SELECT pg_notify('jobs', 'n' || g) FROM generate_series(1, 200) g")
	for i := 1; i <= 200; i++ {
		expect(fmt.Sprintf("n%d", i), npid)
	}
	mustExec(n, "BEGIN; NOTIFY jobs, 'dup'; NOTIFY jobs, 'dup'; COMMIT")
	expect("dup", npid)
	expectNone()

	// Self-delivery, with the extended protocol too.
	if _, err := l.Exec(ctx, "SELECT pg_notify($1, $2)", "jobs", "self"); err != nil {
		t.Fatal(err)
	}
	expect("self", l.PgConn().PID())

	// UNLISTEN: no more.
	mustExec(l, "UNLISTEN *")
	mustExec(n, "NOTIFY jobs, 'unheard'")
	expectNone()

	// The listener still answers queries normally.
	var one int
	if err := l.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("SELECT 1: %v %v", one, err)
	}
	noRace(t, s)
}

// noRace fails the test when a server built with -race reported one.
func noRace(t *testing.T, s *server) {
	t.Helper()
	if strings.Contains(s.stderr.String(), "DATA RACE") {
		t.Fatalf("the server reported a data race:\n%s", s.stderr.String())
	}
}

// TestListenerGoesAway: a listener that disconnects is forgotten; the
// notifier and other listeners go on.
func TestListenerGoesAway(t *testing.T) {
	s := startServer(t, "")
	ctx := context.Background()
	n := pgxConnect(ctx, t, s.url("main"))
	l := pgxConnect(ctx, t, s.url("main"))
	if _, err := l.Exec(ctx, "LISTEN ch"); err != nil {
		t.Fatal(err)
	}
	for range 20 {
		gone, err := pgx.Connect(ctx, s.url("main"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := gone.Exec(ctx, "LISTEN ch"); err != nil {
			t.Fatal(err)
		}
		// A hang-up without Terminate.
		_ = gone.PgConn().Conn().Close()
	}
	if _, err := n.Exec(ctx, "NOTIFY ch, 'x'"); err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	got, err := l.WaitForNotification(wctx)
	if err != nil || got.Payload != "x" {
		t.Fatalf("%+v %v", got, err)
	}
	// Only the two live sessions are left.
	deadline := time.Now().Add(10 * time.Second)
	for {
		var k int
		if err := n.QueryRow(ctx, "SELECT count(*) FROM pg_stat_activity").Scan(&k); err != nil {
			t.Fatal(err)
		}
		if k == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d sessions left", k)
		}
		time.Sleep(50 * time.Millisecond)
	}
	noRace(t, s)
}

// TestPsqlNotifications: psql reports the notifications its session
// receives after each command, with the server process's pid.
func TestPsqlNotifications(t *testing.T) {
	s := startServer(t, "")
	out, stderr, err := psql(t, s, "main",
		"-c", "LISTEN jobs",
		"-c", "BEGIN; NOTIFY jobs, 'in block'; NOTIFY jobs, 'in block'; COMMIT",
		"-c", "SELECT pg_notify('jobs', 'from select')",
		"-c", "UNLISTEN jobs",
		"-c", "NOTIFY jobs, 'unheard'")
	if err != nil {
		t.Fatalf("psql: %v\n%s", err, stderr)
	}
	for _, want := range []string{
		`Asynchronous notification "jobs" with payload "in block" received from server process with PID `,
		`Asynchronous notification "jobs" with payload "from select" received from server process with PID `,
	} {
		if strings.Count(out, want) != 1 {
			t.Errorf("psql output lacks one %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "unheard") || strings.Count(out, "Asynchronous notification") != 2 {
		t.Errorf("unexpected notifications:\n%s", out)
	}
}
