package pgwire_test

import (
	"context"
	"crypto/tls"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/pgwire"
)

// notifyingSession is a fakeSession that listens and whose
// notifications the test pushes, as a notifier's commit would.
type notifyingSession struct {
	*fakeSession
	mu       sync.Mutex
	wake     func()
	queue    []pgwire.Notification
	overflow bool
}

func (s *notifyingSession) SetNotifyWake(w func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.wake = w
}

func (s *notifyingSession) Notifications(dst []pgwire.Notification) ([]pgwire.Notification, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.overflow {
		return dst, false, errs.New(errs.ProgramLimitExceeded, "too many notifications")
	}
	dst = append(dst, s.queue...)
	s.queue = nil
	return dst, true, nil
}

func (s *notifyingSession) push(n pgwire.Notification, overflow bool) {
	s.mu.Lock()
	s.queue = append(s.queue, n)
	s.overflow = overflow
	w := s.wake
	s.mu.Unlock()
	w()
}

// startNotifying starts a server whose sessions are notifyingSessions
// and connects to it; notes receives the client's notifications.
func startNotifying(t *testing.T, tlsMode string) (*pgconn.PgConn, *notifyingSession, chan *pgconn.Notification) {
	t.Helper()
	var cfg pgwire.Config
	if tlsMode != "" {
		cfg.TLSConfig = selfSignedTLS(t)
	}
	ts := startServer(t, cfg)
	opened := make(chan *notifyingSession, 1)
	ts.backend.mu.Lock()
	ts.backend.wrap = func(fs *fakeSession) pgwire.Session {
		s := &notifyingSession{fakeSession: fs}
		opened <- s
		return s
	}
	ts.backend.mu.Unlock()
	cs := ts.connString(testUser, testPassword)
	if tlsMode != "" {
		cs = strings.Replace(cs, "sslmode=disable", tlsMode, 1)
	}
	pcfg, err := pgconn.ParseConfig(cs)
	if err != nil {
		t.Fatal(err)
	}
	notes := make(chan *pgconn.Notification, 100)
	pcfg.OnNotification = func(_ *pgconn.PgConn, n *pgconn.Notification) { notes <- n }
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := pgconn.ConnectConfig(ctx, pcfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close(context.Background()) })
	return c, <-opened, notes
}

// TestIdleConnectionGetsNotifications: an idle connection whose session
// listens gets NotificationResponses while the client sends nothing, and
// still runs queries normally afterwards, over TLS too (a forced read
// deadline must not break the TLS stream); a connection that ends leaves
// no goroutine behind (startServer checks).
func TestIdleConnectionGetsNotifications(t *testing.T) {
	for _, mode := range []string{"", "sslmode=require"} {
		t.Run("tls="+mode, func(t *testing.T) { idleNotifications(t, mode) })
	}
}

func idleNotifications(t *testing.T, tlsMode string) {
	c, s, notes := startNotifying(t, tlsMode)
	if tlsMode != "" {
		if _, ok := c.Conn().(*tls.Conn); !ok {
			t.Fatalf("not TLS: %T", c.Conn())
		}
	}
	if _, err := simpleExec(t, c, "select 1"); err != nil {
		t.Fatal(err)
	}
	for round := range 3 {
		// Let the connection settle in its wait for the next message.
		time.Sleep(20 * time.Millisecond)
		const n = 50
		go func() {
			for i := range n {
				s.push(pgwire.Notification{PID: 7, Channel: "ch", Payload: fmt.Sprint(round, "/", i)}, false)
			}
		}()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		for i := range n {
			for len(notes) == 0 {
				if err := c.WaitForNotification(ctx); err != nil {
					t.Fatalf("round %d, notification %d: %v", round, i, err)
				}
			}
			got := <-notes
			if want := fmt.Sprint(round, "/", i); got.PID != 7 || got.Channel != "ch" || got.Payload != want {
				t.Fatalf("got %+v, want payload %s", got, want)
			}
		}
		cancel()
		res, err := simpleExec(t, c, "select 2")
		if err != nil || rowsText(res) != "2" {
			t.Fatalf("select 2 after notifications: %q %v", rowsText(res), err)
		}
	}
}

// TestNotificationOverflowEndsConnection: the session's error for a
// listener that fell behind ends the idle connection with a FATAL.
func TestNotificationOverflowEndsConnection(t *testing.T) {
	c, s, _ := startNotifying(t, "")
	if _, err := simpleExec(t, c, "select 1"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	s.push(pgwire.Notification{}, true)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := c.WaitForNotification(ctx)
	if e := pgError(t, err); e.Code != errs.ProgramLimitExceeded || e.Severity != "FATAL" {
		t.Fatalf("got %v", err)
	}
	select {
	case <-s.closed:
	case <-time.After(10 * time.Second):
		t.Fatal("the session was not closed")
	}
}
