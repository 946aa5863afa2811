package pgwire_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/pgwire"
)

func TestAuthentication(t *testing.T) {
	s := startServer(t, pgwire.Config{})

	c := s.connect(t, "application_name=authtest")
	if got := c.ParameterStatus("server_version"); got != "15.0 (zerodb test)" {
		t.Errorf("server_version = %q", got)
	}
	if got := c.ParameterStatus("application_name"); got != "authtest" {
		t.Errorf("application_name = %q, want the startup parameter echoed by the session", got)
	}
	if c.PID() == 0 || len(c.SecretKey()) != 4 {
		t.Errorf("BackendKeyData: pid %d, secret %x", c.PID(), c.SecretKey())
	}
	sess := s.backend.lastSession(t)
	if sess.params.User != testUser || sess.params.Database != testDatabase || sess.params.All["application_name"] != "authtest" {
		t.Errorf("startup params = %+v", sess.params)
	}

	for _, tc := range []struct {
		name, user, password string
	}{
		{"wrong password", testUser, "wrong"},
		{"unknown user", "nobody", testPassword},
		{"unusable verifier", "broken", testPassword},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.tryConnect(tc.user, tc.password)
			pe := pgError(t, err)
			want := "password authentication failed for user \"" + tc.user + "\""
			if pe.Code != errs.InvalidPassword || pe.Message != want || pe.Severity != "FATAL" {
				t.Fatalf("got %s %s %q, want FATAL 28P01 %q", pe.Severity, pe.Code, pe.Message, want)
			}
		})
	}

	t.Run("lookup error", func(t *testing.T) {
		_, err := s.tryConnect("lookup-error", testPassword)
		pe := pgError(t, err)
		if pe.Code != errs.InternalError || strings.Contains(pe.Message, "fire") {
			t.Fatalf("got %s %q, want XX000 that hides the backend's error", pe.Code, pe.Message)
		}
	})

	t.Run("unknown database", func(t *testing.T) {
		cs := strings.Replace(s.connString(testUser, testPassword), "dbname="+testDatabase, "dbname=nope", 1)
		_, err := pgconn.Connect(context.Background(), cs)
		pe := pgError(t, err)
		if pe.Code != errs.InvalidCatalogName || pe.Severity != "FATAL" {
			t.Fatalf("got %s %s %q, want FATAL 3D000", pe.Severity, pe.Code, pe.Message)
		}
	})

	t.Run("protocol 3.2 negotiates down", func(t *testing.T) {
		c := s.connect(t, "max_protocol_version=3.2")
		if res, err := simpleExec(t, c, "select 1"); err != nil || rowsText(res) != "1" {
			t.Fatalf("select 1 = %q, %v", rowsText(res), err)
		}
		if _, err := s.tryConnect(testUser, testPassword, "min_protocol_version=3.2"); err == nil {
			t.Fatal("a client that requires 3.2 connected")
		}
	})
}

func TestSimpleQuery(t *testing.T) {
	s := startServer(t, pgwire.Config{})
	c := s.connect(t)

	res, err := simpleExec(t, c, "select 1")
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || rowsText(res) != "1" || res[0].CommandTag.String() != "SELECT 1" {
		t.Fatalf("select 1: %d results %q", len(res), rowsText(res))
	}
	fd := res[0].FieldDescriptions
	if len(fd) != 1 || fd[0].Name != "?column?" || fd[0].DataTypeOID != 23 || fd[0].DataTypeSize != 4 || fd[0].TypeModifier != -1 || fd[0].Format != 0 {
		t.Fatalf("field descriptions: %+v", fd)
	}

	res, err = simpleExec(t, c, "select 1; select 2;; select null")
	if err != nil {
		t.Fatal(err)
	}
	if got := rowsText(res); len(res) != 3 || got != "1 / 2 / NULL" {
		t.Fatalf("three statements: %d results %q", len(res), got)
	}

	// More rows than fit in the write buffer.
	res, err = simpleExec(t, c, "rows 20000")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(res[0].Rows); n != 20000 || string(res[0].Rows[19999][0]) != "19999" {
		t.Fatalf("rows 20000 returned %d rows", n)
	}

	for _, q := range []string{"", "   \n\t "} {
		res, err = simpleExec(t, c, q)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if len(res) != 1 || res[0].CommandTag.String() != "" || len(res[0].Rows) != 0 {
			t.Fatalf("%q: want one empty result (EmptyQueryResponse), got %+v", q, res)
		}
	}
	// The session may also decide a statement is empty.
	res, err = simpleExec(t, c, ";")
	if err != nil || len(res) != 1 || res[0].CommandTag.String() != "" {
		t.Fatalf(";: %+v %v", res, err)
	}
}

func TestQueryErrors(t *testing.T) {
	s := startServer(t, pgwire.Config{})
	c := s.connect(t)

	res, err := simpleExec(t, c, "select 1; select boom; select 2")
	pe := pgError(t, err)
	if pe.Severity != "ERROR" || pe.Code != errs.UndefinedColumn || pe.Message != `column "boom" does not exist` ||
		pe.Detail != "There is no boom." || pe.Hint != "Try select 1." || pe.Position != 18 {
		t.Fatalf("error = %+v", pe)
	}
	if rowsText(res) != "1" {
		t.Fatalf("results before the error: %q", rowsText(res))
	}
	// The statement after the failing one did not run, and the
	// connection still works.
	if res, err := simpleExec(t, c, "select 2"); err != nil || rowsText(res) != "2" {
		t.Fatalf("after error: %q %v", rowsText(res), err)
	}

	_, err = simpleExec(t, c, "frobnicate")
	if pe := pgError(t, err); pe.Code != errs.SyntaxError || pe.Position != 1 {
		t.Fatalf("syntax error = %+v", pe)
	}
}

func TestTxStatus(t *testing.T) {
	s := startServer(t, pgwire.Config{})
	c := s.connect(t)
	steps := []struct {
		sql  string
		want byte
	}{
		{"select 1", 'I'},
		{"begin", 'T'},
		{"select 1", 'T'},
		{"select boom", 'E'},
		{"select 1", 'E'},
		{"rollback", 'I'},
	}
	for _, st := range steps {
		_, _ = simpleExec(t, c, st.sql)
		if got := c.TxStatus(); got != st.want {
			t.Fatalf("after %q: TxStatus %c, want %c", st.sql, got, st.want)
		}
	}
}

func TestNotice(t *testing.T) {
	s := startServer(t, pgwire.Config{})
	var mu sync.Mutex
	var notices []*pgconn.Notice
	cfg, err := pgconn.ParseConfig(s.connString(testUser, testPassword))
	if err != nil {
		t.Fatal(err)
	}
	cfg.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) {
		mu.Lock()
		notices = append(notices, n)
		mu.Unlock()
	}
	c, err := pgconn.ConnectConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	if _, err := simpleExec(t, c, "notice"); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(notices) != 1 || notices[0].Severity != "NOTICE" || notices[0].Message != "hello from the session" {
		t.Fatalf("notices = %+v", notices)
	}
}

func TestCancelRequest(t *testing.T) {
	s := startServer(t, pgwire.Config{})
	c := s.connect(t)
	sess := s.backend.lastSession(t)

	errc := make(chan error, 1)
	go func() {
		_, err := simpleExec(t, c, "block")
		errc <- err
	}()
	<-sess.started
	if err := c.CancelRequest(context.Background()); err != nil {
		t.Fatal(err)
	}
	select {
	case cause := <-sess.cancelled:
		if cause == nil || !strings.Contains(cause.Error(), "cancel request") {
			t.Errorf("statement context cause = %v", cause)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the cancel request did not cancel the statement")
	}
	pe := pgError(t, <-errc)
	if pe.Code != errs.QueryCanceled || pe.Severity != "ERROR" {
		t.Fatalf("cancelled statement error = %+v", pe)
	}
	if res, err := simpleExec(t, c, "select 1"); err != nil || rowsText(res) != "1" {
		t.Fatalf("after cancel: %q %v", rowsText(res), err)
	}

	// A cancel between statements is dropped: neither the cancelled
	// statement's context nor this request may end the next statement.
	if err := c.CancelRequest(context.Background()); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond) // let the request arrive
	go func() {
		_, err := simpleExec(t, c, "block")
		errc <- err
	}()
	<-sess.started
	select {
	case cause := <-sess.cancelled:
		t.Fatalf("the next statement was cancelled at once: %v", cause)
	case <-time.After(100 * time.Millisecond):
	}
	if err := c.CancelRequest(context.Background()); err != nil {
		t.Fatal(err)
	}
	<-sess.cancelled
	if pe := pgError(t, <-errc); pe.Code != errs.QueryCanceled {
		t.Fatalf("got %+v", pe)
	}

	// A cancel with a wrong secret is ignored (and answered with nothing).
	other := s.connect(t)
	go func() {
		_, err := simpleExec(t, other, "block")
		errc <- err
	}()
	otherSess := s.backend.lastSession(t)
	<-otherSess.started
	if err := c.CancelRequest(context.Background()); err != nil { // c's key, not other's
		t.Fatal(err)
	}
	select {
	case <-otherSess.cancelled:
		t.Fatal("a cancel request with another connection's key cancelled this one")
	case <-time.After(100 * time.Millisecond):
	}
	if err := other.CancelRequest(context.Background()); err != nil {
		t.Fatal(err)
	}
	<-otherSess.cancelled
	if pe := pgError(t, <-errc); pe.Code != errs.QueryCanceled {
		t.Fatalf("got %+v", pe)
	}
}

func TestClientDisconnectCancelsStatement(t *testing.T) {
	s := startServer(t, pgwire.Config{})
	// Raw bytes on a hijacked socket: pgconn itself sends a CancelRequest
	// when a read fails (asyncClose), which could reach the server before
	// it notices the hang-up.
	r := s.hijack(t)
	sess := s.backend.lastSession(t)
	r.write(queryMsg("block"))
	<-sess.started
	_ = r.nc.Close()

	select {
	case cause := <-sess.cancelled:
		if cause == nil || !strings.Contains(cause.Error(), "disconnected") {
			t.Errorf("statement context cause = %v", cause)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("closing the client did not cancel the running statement")
	}
	select {
	case <-sess.closed:
	case <-time.After(5 * time.Second):
		t.Fatal("session not closed after the client went away")
	}
}

// A statement that begins right after another (which the watcher may
// have seen running) is watched too: a hang-up still cancels it.
func TestClientDisconnectCancelsNextStatement(t *testing.T) {
	s := startServer(t, pgwire.Config{})
	r := s.hijack(t)
	sess := s.backend.lastSession(t)
	r.write(append(queryMsg("select 1"), queryMsg("block")...))
	<-sess.started
	_ = r.nc.Close()

	select {
	case cause := <-sess.cancelled:
		if cause == nil || !strings.Contains(cause.Error(), "disconnected") {
			t.Errorf("statement context cause = %v", cause)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("closing the client did not cancel the second statement")
	}
}

// TestExtendedProtocolRefused: a Session that is no ExtendedSession
// gets 0A000 for the extended protocol.
func TestExtendedProtocolRefused(t *testing.T) {
	s := startServer(t, pgwire.Config{})
	s.backend.plain.Store(true)
	c := s.connect(t)
	ctx := context.Background()

	_, err := c.ExecParams(ctx, "select $1::int", [][]byte{[]byte("1")}, nil, nil, nil).Close()
	pe := pgError(t, err)
	if pe.Code != errs.FeatureNotSupported || pe.Message != "extended query protocol is not supported yet" {
		t.Fatalf("ExecParams error = %+v", pe)
	}
	if res, err := simpleExec(t, c, "select 1"); err != nil || rowsText(res) != "1" {
		t.Fatalf("after ExecParams: %q %v", rowsText(res), err)
	}

	_, err = c.Prepare(ctx, "stmt", "select 1", nil)
	if pe := pgError(t, err); pe.Code != errs.FeatureNotSupported {
		t.Fatalf("Prepare error = %+v", pe)
	}
	if res, err := simpleExec(t, c, "select 2"); err != nil || rowsText(res) != "2" {
		t.Fatalf("after Prepare: %q %v", rowsText(res), err)
	}
}

func TestSessionPanicIsIsolated(t *testing.T) {
	s := startServer(t, pgwire.Config{})
	bystander := s.connect(t)
	c := s.connect(t)
	sess := s.backend.lastSession(t)

	_, err := simpleExec(t, c, "panic")
	if pe := pgError(t, err); pe.Code != errs.InternalError || pe.Severity != "FATAL" {
		t.Fatalf("panic error = %+v", pe)
	}
	select {
	case <-sess.closed:
	case <-time.After(5 * time.Second):
		t.Fatal("session of the panicked connection not closed")
	}
	if res, err := simpleExec(t, bystander, "select 1"); err != nil || rowsText(res) != "1" {
		t.Fatalf("other connection after panic: %q %v", rowsText(res), err)
	}
	if res, err := simpleExec(t, s.connect(t), "select 1"); err != nil || rowsText(res) != "1" {
		t.Fatalf("new connection after panic: %q %v", rowsText(res), err)
	}

	// A FATAL error from the session ends the connection too.
	c2 := s.connect(t)
	_, err = simpleExec(t, c2, "fatal")
	if pe := pgError(t, err); pe.Severity != "FATAL" {
		t.Fatalf("fatal error = %+v", pe)
	}
	if _, err := simpleExec(t, c2, "select 1"); err == nil {
		t.Fatal("connection usable after a FATAL error")
	}
}

func TestShutdown(t *testing.T) {
	checkGoroutines(t)
	backend := newFakeBackend(t)
	srv := pgwire.NewServer(pgwire.Config{}, backend, testLogger(t))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(context.Background(), l) }()
	s := &testServer{srv: srv, backend: backend, addr: l.Addr().String()}
	_, s.port, _ = net.SplitHostPort(s.addr)

	idle := s.connect(t)
	busy := s.connect(t)
	busySess := backend.lastSession(t)
	errc := make(chan error, 1)
	go func() {
		_, err := simpleExec(t, busy, "block")
		errc <- err
	}()
	<-busySess.started

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if err := <-served; !errors.Is(err, pgwire.ErrServerClosed) {
		t.Fatalf("Serve returned %v", err)
	}
	if cause := <-busySess.cancelled; cause == nil {
		t.Fatal("running statement not cancelled")
	}
	if pe := pgError(t, <-errc); pe.Code != errs.AdminShutdown || pe.Severity != "FATAL" {
		t.Fatalf("busy connection got %+v, want FATAL 57P01", pe)
	}
	if _, err := simpleExec(t, idle, "select 1"); err == nil {
		t.Fatal("idle connection still usable after Shutdown")
	}
	if _, err := s.tryConnect(testUser, testPassword); err == nil {
		t.Fatal("connected after Shutdown")
	}
	if err := srv.Serve(context.Background(), l); !errors.Is(err, pgwire.ErrServerClosed) {
		t.Fatalf("Serve after Shutdown = %v", err)
	}
}

func TestServeContextCancel(t *testing.T) {
	checkGoroutines(t)
	srv := pgwire.NewServer(pgwire.Config{}, newFakeBackend(t), testLogger(t))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, l) }()
	cancel()
	if err := <-served; !errors.Is(err, context.Canceled) {
		t.Fatalf("Serve returned %v, want context.Canceled", err)
	}
	if err := srv.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestTLS(t *testing.T) {
	s := startServer(t, pgwire.Config{TLSConfig: selfSignedTLS(t)})

	for _, mode := range []string{"sslmode=require", "sslmode=require sslnegotiation=direct"} {
		t.Run(mode, func(t *testing.T) {
			cs := strings.Replace(s.connString(testUser, testPassword), "sslmode=disable", mode, 1)
			c, err := pgconn.Connect(context.Background(), cs)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close(context.Background())
			if _, ok := c.Conn().(*tls.Conn); !ok {
				t.Fatalf("connection is %T, not TLS", c.Conn())
			}
			if res, err := simpleExec(t, c, "select 1"); err != nil || rowsText(res) != "1" {
				t.Fatalf("select 1 over TLS: %q %v", rowsText(res), err)
			}
			// pgx sends the cancel request over TLS too.
			sess := s.backend.lastSession(t)
			errc := make(chan error, 1)
			go func() {
				_, err := simpleExec(t, c, "block")
				errc <- err
			}()
			<-sess.started
			if err := c.CancelRequest(context.Background()); err != nil {
				t.Fatal(err)
			}
			<-sess.cancelled
			if pe := pgError(t, <-errc); pe.Code != errs.QueryCanceled {
				t.Fatalf("got %+v", pe)
			}
			// The reader goroutine watched the socket during "block";
			// the connection goroutine takes it back (forcing the TLS
			// read deadline) without losing a byte.
			for i := range 3 {
				if res, err := simpleExec(t, c, "select 1"); err != nil || rowsText(res) != "1" {
					t.Fatalf("select 1 #%d after cancel over TLS: %q %v", i, rowsText(res), err)
				}
			}
		})
	}
	// sslmode=prefer against a server without TLS falls back to plain.
	plain := startServer(t, pgwire.Config{})
	cs := strings.Replace(plain.connString(testUser, testPassword), "sslmode=disable", "sslmode=prefer", 1)
	c, err := pgconn.Connect(context.Background(), cs)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	if _, ok := c.Conn().(*tls.Conn); ok {
		t.Fatal("TLS without a TLS config")
	}
}

func selfSignedTLS(t testing.TB) *tls.Config {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "zerodb test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
}

func TestPSQL(t *testing.T) {
	psql, err := exec.LookPath("psql")
	if err != nil {
		if ciRequires() {
			t.Fatal("psql not found and CI=true")
		}
		t.Skip("psql not found")
	}
	s := startServer(t, pgwire.Config{})
	run := func(password string, args ...string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, psql, append([]string{"-X", "-h", "127.0.0.1", "-p", s.port, "-U", testUser, "-d", testDatabase}, args...)...)
		cmd.Env = []string{"PGPASSWORD=" + password, "HOME=" + t.TempDir(), "PGCONNECT_TIMEOUT=10", "LC_ALL=C"}
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	out, err := run(testPassword, "-c", "select 1")
	if err != nil {
		t.Fatalf("psql: %v\n%s", err, out)
	}
	for _, want := range []string{"?column?", "1", "(1 row)"} {
		if !strings.Contains(out, want) {
			t.Fatalf("psql output lacks %q:\n%s", want, out)
		}
	}

	out, err = run(testPassword, "-c", "select boom")
	if err == nil || !strings.Contains(out, `ERROR:  column "boom" does not exist`) || !strings.Contains(out, "LINE 1: select boom") {
		t.Fatalf("psql error output:\n%s", out)
	}

	out, err = run("wrong", "-c", "select 1")
	if err == nil || !strings.Contains(out, `password authentication failed for user "root"`) {
		t.Fatalf("psql with a wrong password: %v\n%s", err, out)
	}

	out, err = run(testPassword, "-tA", "-c", "rows 3", "-c", "begin", "-c", "select 1")
	if err != nil || out != "0\n1\n2\nBEGIN\n1\n" {
		t.Fatalf("psql -c ... -c ...: %v\n%q", err, out)
	}
}
