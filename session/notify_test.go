package session

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/pgwire"
)

// notifySessions opens n wire sessions of one in-memory DB as pgwire
// would (process ids 101, 102, ... and a wake function that counts).
func notifySessions(t *testing.T, n int) (*DB, []*Session, []*atomic.Int32) {
	t.Helper()
	db, first := openTestSession(t, Options{})
	ss := []*Session{first}
	for len(ss) < n {
		s, err := db.OpenSession(context.Background(), pgwire.StartupParams{User: RootUser, Database: "main"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.Close)
		ss = append(ss, s.(*Session))
	}
	wakes := make([]*atomic.Int32, n)
	for i, s := range ss {
		s.SetProcessID(uint32(101 + i))
		w := &atomic.Int32{}
		wakes[i] = w
		s.SetNotifyWake(func() { w.Add(1) })
	}
	return db, ss, wakes
}

// runLines runs each line of script in s; an error fails the test unless
// the line starts with "!".
func runLines(t *testing.T, s *Session, script string) {
	t.Helper()
	for _, line := range strings.Split(strings.TrimSpace(script), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		fail := strings.HasPrefix(line, "!")
		line = strings.TrimPrefix(line, "!")
		var w recorder
		err := s.Query(context.Background(), line, &w)
		if (err != nil) != fail {
			t.Fatalf("%s: error %v", line, err)
		}
	}
}

// got renders and takes s's queued notifications.
func got(t *testing.T, s *Session) string {
	t.Helper()
	notes, _, err := s.Notifications(nil)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, n := range notes {
		fmt.Fprintf(&b, "%d %s %q\n", n.PID, n.Channel, n.Payload)
	}
	return b.String()
}

func TestNotify(t *testing.T) {
	db, ss, wakes := notifySessions(t, 3)
	a, b, c := ss[0], ss[1], ss[2]
	check := func(s *Session, want string) {
		t.Helper()
		if g := got(t, s); g != want {
			t.Fatalf("notifications:\n%s\nwant:\n%s", g, want)
		}
	}

	runLines(t, a, "LISTEN jobs")
	runLines(t, b, "LISTEN jobs\nLISTEN other")

	// Autocommit: delivered to every listener, the notifier included,
	// in order, with the notifier's pid; c does not listen.
	runLines(t, a, "NOTIFY jobs, 'one'\nSELECT pg_notify('jobs', 'two')\nNOTIFY jobs")
	want := "101 jobs \"one\"\n101 jobs \"two\"\n101 jobs \"\"\n"
	check(a, want)
	check(b, want)
	check(c, "")
	if wakes[1].Load() == 0 {
		t.Fatal("the listener was not woken")
	}

	// A transaction block: nothing until COMMIT; duplicates folded into
	// the first, in order.
	runLines(t, c, "BEGIN\nNOTIFY jobs, 'x'\nNOTIFY other, 'y'\nNOTIFY jobs, 'z'\nSELECT pg_notify('jobs', 'x')")
	check(b, "")
	runLines(t, c, "COMMIT")
	check(b, "103 jobs \"x\"\n103 other \"y\"\n103 jobs \"z\"\n")
	check(a, "103 jobs \"x\"\n103 jobs \"z\"\n")

	// Rollback, a failed statement, a failed block and ROLLBACK TO drop
	// them.
	runLines(t, c, `BEGIN
NOTIFY jobs, 'never'
ROLLBACK
!SELECT pg_notify('jobs', 'failed'), 1/0
BEGIN
NOTIFY jobs, 'never either'
!SELECT 1/0
COMMIT
BEGIN
NOTIFY jobs, 'kept'
SAVEPOINT s
NOTIFY jobs, 'rolled back'
NOTIFY jobs, 'kept'
ROLLBACK TO s
NOTIFY jobs, 'after'
COMMIT`)
	check(b, "103 jobs \"kept\"\n103 jobs \"after\"\n")
	check(a, "103 jobs \"kept\"\n103 jobs \"after\"\n")

	// Several statements in one message are one transaction.
	runLines(t, c, "NOTIFY jobs, 'm1'; NOTIFY jobs, 'm1'; NOTIFY jobs, 'm2'")
	check(b, "103 jobs \"m1\"\n103 jobs \"m2\"\n")
	runLines(t, c, "!NOTIFY jobs, 'm3'; SELECT 1/0")
	check(b, "")
	check(a, "103 jobs \"m1\"\n103 jobs \"m2\"\n")

	// LISTEN in a block takes effect at COMMIT, and a rolled-back one
	// never.
	runLines(t, c, "BEGIN\nLISTEN late\nROLLBACK\nNOTIFY late, 'no'")
	check(c, "")
	runLines(t, c, "BEGIN\nLISTEN late\nNOTIFY late, 'self'")
	if v := runScript(t, c, "SELECT * FROM pg_listening_channels()"); v != "pg_listening_channels\nSELECT 0\n" {
		t.Fatalf("listening inside the block: %q", v)
	}
	runLines(t, c, "COMMIT")
	check(c, "103 late \"self\"\n")

	// UNLISTEN: of one channel, and *; queued notifications of a
	// channel no longer listened to are not delivered.
	runLines(t, a, "NOTIFY other, 'queued'")
	runLines(t, b, "UNLISTEN other")
	check(b, "")
	if v := runScript(t, b, "SELECT pg_listening_channels()"); v != "pg_listening_channels\njobs\nSELECT 1\n" {
		t.Fatalf("pg_listening_channels: %q", v)
	}
	runLines(t, b, "UNLISTEN *\nNOTIFY jobs, 'gone'")
	check(b, "")
	check(a, "102 jobs \"gone\"\n")
	if _, listening, _ := b.Notifications(nil); listening {
		t.Fatal("still listening after UNLISTEN *")
	}
	// DISCARD ALL (a connection pooler between clients) unlistens too.
	runLines(t, b, "LISTEN jobs\nDISCARD ALL\nNOTIFY jobs, 'discarded'")
	check(b, "")
	check(a, "102 jobs \"discarded\"\n")

	// Channel names are identifiers: folded to lower case unless
	// quoted; pg_notify takes them as given.
	runLines(t, c, "LISTEN MixedCase\nSELECT pg_notify('MixedCase', 'no')\nSELECT pg_notify('mixedcase', 'yes')")
	check(c, "103 mixedcase \"yes\"\n")

	// Errors.
	for q, code := range map[string]string{
		"SELECT pg_notify('jobs', repeat('x', 8000))":              errs.InvalidParameterValue,
		"SELECT pg_notify('', 'x')":                                errs.InvalidParameterValue,
		"SELECT pg_notify(NULL, 'x')":                              errs.InvalidParameterValue,
		"SELECT pg_notify('" + strings.Repeat("c", 64) + "', 'x')": errs.InvalidParameterValue,
	} {
		var w recorder
		if err := a.Query(context.Background(), q, &w); errs.Code(err) != code {
			t.Errorf("%s: %v, want %s", q, err, code)
		}
	}
	runLines(t, a, "SELECT pg_notify('jobs', repeat('x', 7999))\nSELECT pg_notify('jobs', NULL)")
	if g := got(t, a); strings.Count(g, "\n") != 2 || !strings.HasSuffix(g, "101 jobs \"\"\n") {
		t.Fatalf("longest payload and NULL payload: %.60q", g)
	}

	// Sessions ending take their listens with them.
	a.Close()
	c.Close()
	if n := db.notify.listenerCount(); n != 0 {
		t.Fatalf("%d listens left after the sessions closed", n)
	}
}

// TestNotifyEmbeddedRefusesListen: the Go API's sessions may notify but
// cannot listen.
func TestNotifyEmbedded(t *testing.T) {
	ctx := context.Background()
	db, ss, _ := notifySessions(t, 1)
	l := ss[0]
	runLines(t, l, "LISTEN ch")
	e, err := db.EmbeddedSession(ctx, "main")
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if _, err := one(ctx, e, "LISTEN ch"); errs.Code(err) != errs.FeatureNotSupported {
		t.Fatalf("embedded LISTEN: %v", err)
	}
	if _, err := one(ctx, e, "SELECT pg_notify('ch', 'from go')"); err != nil {
		t.Fatal(err)
	}
	if _, err := one(ctx, e, "NOTIFY ch, 'stmt'"); err != nil {
		t.Fatal(err)
	}
	if g := got(t, l); g != "0 ch \"from go\"\n0 ch \"stmt\"\n" {
		t.Fatalf("got %q", g)
	}
}

// TestNotifyOverflow: a listener that does not take its notifications
// loses them past the bound and is told so (its connection ends); the
// notifier is not disturbed.
func TestNotifyOverflow(t *testing.T) {
	_, ss, _ := notifySessions(t, 2)
	a, b := ss[0], ss[1]
	runLines(t, b, "LISTEN ch")
	payload := strings.Repeat("p", 7990)
	// Each costs at least len(payload)+2+notifyOverhead bytes.
	n := maxNotifyQueueBytes/(len(payload)+2+notifyOverhead) + 1
	for i := range n {
		runLines(t, a, fmt.Sprintf("NOTIFY ch, '%d%s'", i, payload))
	}
	_, _, err := b.Notifications(nil)
	if errs.Code(err) != errs.ProgramLimitExceeded {
		t.Fatalf("overflow: %v", err)
	}
	if q := len(b.notify.queue); q != 0 {
		t.Fatalf("%d notifications kept after the overflow", q)
	}
}
