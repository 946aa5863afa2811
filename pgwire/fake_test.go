package pgwire_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/pgwire"
	"github.com/zerodb/zerodb/scram"
)

const (
	testUser     = "root"
	testPassword = "secret"
	testDatabase = "main"
)

// fakeBackend knows a few users and opens fakeSessions.
type fakeBackend struct {
	verifiers map[string]string

	mu       sync.Mutex
	sessions []*fakeSession
}

func newFakeBackend(t testing.TB) *fakeBackend {
	t.Helper()
	v, err := scram.NewVerifier(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	return &fakeBackend{verifiers: map[string]string{
		testUser: v,
		"broken": "SCRAM-SHA-256$not-a-verifier",
	}}
}

func (b *fakeBackend) SCRAMVerifier(_ context.Context, user string) (string, bool, error) {
	if user == "lookup-error" {
		return "", false, errors.New("catalog is on fire")
	}
	v, ok := b.verifiers[user]
	return v, ok, nil
}

func (b *fakeBackend) OpenSession(_ context.Context, p pgwire.StartupParams) (pgwire.Session, error) {
	if p.Database != testDatabase {
		return nil, errs.New(errs.InvalidCatalogName, "database \"%s\" does not exist", p.Database)
	}
	s := &fakeSession{
		params:    p,
		tx:        'I',
		started:   make(chan struct{}, 1),
		cancelled: make(chan error, 1),
		closed:    make(chan struct{}),
	}
	b.mu.Lock()
	b.sessions = append(b.sessions, s)
	b.mu.Unlock()
	return s, nil
}

// lastSession returns the most recently opened session.
func (b *fakeBackend) lastSession(t testing.TB) *fakeSession {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.sessions) == 0 {
		t.Fatal("no session was opened")
	}
	return b.sessions[len(b.sessions)-1]
}

// fakeSession answers a handful of canned statements, separated by ';'.
type fakeSession struct {
	params pgwire.StartupParams
	tx     byte

	started   chan struct{} // a "block" statement began
	cancelled chan error    // context.Cause of a "block" statement's end
	closeOnce sync.Once
	closed    chan struct{}
}

var int4 = pgwire.Column{Name: "?column?", TypeOID: 23, TypeSize: 4, TypeModifier: -1}

func (s *fakeSession) Query(ctx context.Context, text string, w pgwire.ResultWriter) error {
	ran := false
	offset := 0
	for _, raw := range strings.Split(text, ";") {
		stmtPos := offset + len(raw) - len(strings.TrimLeft(raw, " \t\n"))
		offset += len(raw) + 1
		stmt := strings.ToLower(strings.TrimSpace(raw))
		if stmt == "" {
			continue
		}
		ran = true
		if err := s.exec(ctx, stmt, stmtPos, w); err != nil {
			if s.tx == 'T' {
				s.tx = 'E'
			}
			return err
		}
	}
	if !ran {
		return w.Empty()
	}
	return nil
}

func (s *fakeSession) exec(ctx context.Context, stmt string, pos int, w pgwire.ResultWriter) error {
	if s.tx == 'E' && stmt != "rollback" {
		return errs.New(errs.InFailedSQLTransaction, "current transaction is aborted, commands ignored until end of transaction block")
	}
	switch {
	case stmt == "select 1" || stmt == "select 2":
		if err := w.Columns([]pgwire.Column{int4}); err != nil {
			return err
		}
		if err := w.Row([][]byte{[]byte(stmt[len(stmt)-1:])}); err != nil {
			return err
		}
		return w.Complete("SELECT 1")
	case stmt == "select null":
		if err := w.Columns([]pgwire.Column{{Name: "n", TypeOID: 25, TypeSize: -1, TypeModifier: -1}}); err != nil {
			return err
		}
		if err := w.Row([][]byte{nil}); err != nil {
			return err
		}
		return w.Complete("SELECT 1")
	case strings.HasPrefix(stmt, "rows "):
		n, err := strconv.Atoi(stmt[len("rows "):])
		if err != nil {
			return errs.New(errs.InvalidTextRepresentation, "bad row count")
		}
		if err := w.Columns([]pgwire.Column{int4}); err != nil {
			return err
		}
		var buf []byte
		vals := make([][]byte, 1)
		for i := range n {
			buf = strconv.AppendInt(buf[:0], int64(i), 10)
			vals[0] = buf
			if err := w.Row(vals); err != nil {
				return err
			}
		}
		return w.Complete("SELECT " + strconv.Itoa(n))
	case stmt == "begin":
		s.tx = 'T'
		return w.Complete("BEGIN")
	case stmt == "commit" || stmt == "rollback":
		s.tx = 'I'
		return w.Complete(strings.ToUpper(stmt))
	case stmt == "select boom":
		return errs.New(errs.UndefinedColumn, "column \"boom\" does not exist").
			WithPos(pos + len("select ") + 1).
			WithDetail("There is no boom.").
			WithHint("Try select 1.")
	case stmt == "notice":
		if err := w.Notice("NOTICE", "00000", "hello from the session"); err != nil {
			return err
		}
		return w.Complete("DO")
	case stmt == "block":
		s.started <- struct{}{}
		<-ctx.Done()
		s.cancelled <- context.Cause(ctx)
		return ctx.Err()
	case stmt == "panic":
		panic("the session panicked")
	case stmt == "fatal":
		return &errs.Error{Code: errs.InternalError, Message: "session is broken", Severity: "FATAL"}
	}
	word, _, _ := strings.Cut(stmt, " ")
	return errs.New(errs.SyntaxError, "syntax error at or near \"%s\"", word).WithPos(pos + 1)
}

func (s *fakeSession) TxStatus() byte { return s.tx }

func (s *fakeSession) ParameterStatus() map[string]string {
	return map[string]string{
		"server_version":              "15.0 (zerodb test)",
		"server_encoding":             "UTF8",
		"client_encoding":             "UTF8",
		"DateStyle":                   "ISO, MDY",
		"integer_datetimes":           "on",
		"standard_conforming_strings": "on",
		"TimeZone":                    "UTC",
		"application_name":            s.params.All["application_name"],
	}
}

func (s *fakeSession) Close() { s.closeOnce.Do(func() { close(s.closed) }) }

// testServer is a Server on a loopback port with a fakeBackend.
type testServer struct {
	srv     *pgwire.Server
	backend *fakeBackend
	addr    string
	port    string
}

// startServer starts a server that is shut down, and checked for leaked
// goroutines, when the test ends.
func startServer(t testing.TB, cfg pgwire.Config) *testServer {
	t.Helper()
	checkGoroutines(t)
	backend := newFakeBackend(t)
	srv := pgwire.NewServer(cfg, backend, testLogger(t))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(context.Background(), l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		if err := <-served; !errors.Is(err, pgwire.ErrServerClosed) {
			t.Errorf("Serve returned %v, want ErrServerClosed", err)
		}
	})
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return &testServer{srv: srv, backend: backend, addr: l.Addr().String(), port: port}
}

func testLogger(t testing.TB) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

// checkGoroutines fails the test if, once its cleanups have run, more
// goroutines are left than there were at the start.
func checkGoroutines(t testing.TB) {
	t.Helper()
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(5 * time.Second)
		for runtime.NumGoroutine() > before {
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<20)
				buf = buf[:runtime.Stack(buf, true)]
				t.Errorf("goroutines leaked: %d before, %d after\n%s", before, runtime.NumGoroutine(), buf)
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
}

// checkServerGoroutines fails the test if goroutines running pgwire
// code are left once its cleanups have run. Unlike checkGoroutines it
// ignores everybody else's goroutines (the fuzzing engine starts some).
func checkServerGoroutines(t testing.TB) {
	t.Helper()
	t.Cleanup(func() {
		deadline := time.Now().Add(5 * time.Second)
		for {
			buf := make([]byte, 1<<20)
			buf = buf[:runtime.Stack(buf, true)]
			var left []string
			for _, g := range strings.Split(string(buf), "\n\n") {
				if strings.Contains(g, "github.com/zerodb/zerodb/pgwire.") {
					left = append(left, g)
				}
			}
			if len(left) == 0 {
				return
			}
			if time.Now().After(deadline) {
				t.Errorf("server goroutines leaked:\n%s", strings.Join(left, "\n\n"))
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
}

func (s *testServer) connString(user, password string, extra ...string) string {
	return fmt.Sprintf("host=127.0.0.1 port=%s user=%s password=%s dbname=%s sslmode=disable connect_timeout=10 %s",
		s.port, user, password, testDatabase, strings.Join(extra, " "))
}

// connect opens a pgconn connection closed at the end of the test.
func (s *testServer) connect(t testing.TB, extra ...string) *pgconn.PgConn {
	t.Helper()
	c, err := s.tryConnect(testUser, testPassword, extra...)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { _ = c.Close(context.Background()) })
	return c
}

func (s *testServer) tryConnect(user, password string, extra ...string) (*pgconn.PgConn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return pgconn.Connect(ctx, s.connString(user, password, extra...))
}

// simpleExec runs a simple-protocol Query and returns its results.
func simpleExec(t testing.TB, c *pgconn.PgConn, sql string) ([]*pgconn.Result, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return c.Exec(ctx, sql).ReadAll()
}

// rowsText flattens results into "a,b|c,d" form.
func rowsText(results []*pgconn.Result) string {
	var b bytes.Buffer
	for i, r := range results {
		if i > 0 {
			b.WriteString(" / ")
		}
		for j, row := range r.Rows {
			if j > 0 {
				b.WriteByte('|')
			}
			for k, v := range row {
				if k > 0 {
					b.WriteByte(',')
				}
				if v == nil {
					b.WriteString("NULL")
				} else {
					b.Write(v)
				}
			}
		}
	}
	return b.String()
}

func pgError(t testing.TB, err error) *pgconn.PgError {
	t.Helper()
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a PgError", err, err)
	}
	return pe
}

// ciRequires reports whether a missing tool must fail the test.
func ciRequires() bool { return os.Getenv("CI") == "true" }
