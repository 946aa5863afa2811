package pgwire_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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
	// plain makes new sessions plain Sessions, without the extended
	// protocol.
	plain atomic.Bool
	// record makes new sessions record what they are asked (events).
	record atomic.Bool
	// blockLimit, when set, ends a "block" statement after that long
	// (nanoseconds) like a statement timeout: the fuzzer sends "block"
	// followed by Terminate, after which the server rightly lets queued
	// statements finish instead of watching for the hang-up.
	blockLimit atomic.Int64

	mu       sync.Mutex
	sessions []*fakeSession
	tables   map[string][]byte // COPY data by table name
	// wrap, when set, makes the Session OpenSession returns of a new
	// fakeSession (notify_test.go).
	wrap func(*fakeSession) pgwire.Session
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
	}, tables: make(map[string][]byte)}
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
		backend:   b,
		params:    p,
		tx:        'I',
		record:    b.record.Load(),
		started:   make(chan struct{}, 1),
		cancelled: make(chan error, 1),
		closed:    make(chan struct{}),
		stmts:     make(map[string]*fakeStmt),
		portals:   make(map[string]*fakePortal),
	}
	b.mu.Lock()
	b.sessions = append(b.sessions, s)
	wrap := b.wrap
	b.mu.Unlock()
	if wrap != nil {
		return wrap(s), nil
	}
	if b.plain.Load() {
		return plainSession{s}, nil
	}
	return s, nil
}

// plainSession hides the extended protocol of a fakeSession: only the
// methods of pgwire.Session are promoted.
type plainSession struct{ pgwire.Session }

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

// fakeSession answers a handful of canned statements, separated by ';'
// in a Query, one per prepared statement in the extended protocol:
//
//	select 1, select 2, select null, select $1 (echoes its parameter),
//	rows N (N int4 rows: 0 .. N-1), begin, commit, rollback,
//	select boom (an error with position, detail and hint), notice,
//	block (waits for its context to end), panic, fatal,
//	fail sync (the next Sync fails with 40001), set NAME to VALUE
//	(sends ParameterStatus),
//	copy T from stdin, copy T to stdout (T is a table of the backend).
type fakeSession struct {
	backend *fakeBackend
	params  pgwire.StartupParams
	tx      byte

	// A "block" statement signals that it began and (its context's
	// cause) that it ended on these, if they have room.
	started   chan struct{}
	cancelled chan error
	closeOnce sync.Once
	closed    chan struct{}

	// The extended protocol.
	stmts    map[string]*fakeStmt
	portals  map[string]*fakePortal
	failSync bool

	record bool
	evMu   sync.Mutex
	events []string
}

// fakeStmt is a prepared statement.
type fakeStmt struct {
	text       string // lower case, trimmed
	paramTypes []uint32
	cols       []pgwire.Column // nil: NoData
}

// fakePortal is a bound statement.
type fakePortal struct {
	stmt   *fakeStmt
	params [][]byte
	cols   []pgwire.Column // with their result formats
	pos    int             // rows sent so far
}

// event records a call; callers check s.record first.
func (s *fakeSession) event(format string, args ...any) {
	s.evMu.Lock()
	s.events = append(s.events, fmt.Sprintf(format, args...))
	s.evMu.Unlock()
}

// takeEvents returns and forgets the recorded events.
func (s *fakeSession) takeEvents() []string {
	s.evMu.Lock()
	defer s.evMu.Unlock()
	ev := s.events
	s.events = nil
	return ev
}

var int4 = pgwire.Column{Name: "?column?", TypeOID: 23, TypeSize: 4, TypeModifier: -1}

func (s *fakeSession) Query(ctx context.Context, text string, w pgwire.ResultWriter) error {
	if s.record { // boxing the arguments would allocate
		s.event("Query %q", text)
	}
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
		if err := w.Notice(errs.Notice{Severity: "NOTICE", Code: "00000", Message: "hello from the session"}); err != nil {
			return err
		}
		return w.Complete("DO")
	case stmt == "block":
		select {
		case s.started <- struct{}{}:
		default:
		}
		if limit := time.Duration(s.backend.blockLimit.Load()); limit > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(limit):
				return errs.New(errs.QueryCanceled, "canceling statement due to statement timeout")
			}
		}
		<-ctx.Done()
		select {
		case s.cancelled <- context.Cause(ctx):
		default:
		}
		return ctx.Err()
	case stmt == "panic":
		panic("the session panicked")
	case stmt == "fatal":
		return &errs.Error{Code: errs.InternalError, Message: "session is broken", Severity: "FATAL"}
	case stmt == "fail sync":
		s.failSync = true
		return w.Complete("DO")
	case strings.HasPrefix(stmt, "set "):
		// set NAME to VALUE: a reported setting changed.
		f := strings.Fields(stmt)
		cw, ok := w.(pgwire.CopyResultWriter)
		if len(f) != 4 || f[2] != "to" || !ok {
			return errs.New(errs.SyntaxError, "syntax error at or near \"set\"")
		}
		if err := cw.ParameterStatus(f[1], f[3]); err != nil {
			return err
		}
		return w.Complete("SET")
	case strings.HasPrefix(stmt, "copy "):
		return s.copy(stmt, w)
	}
	word, _, _ := strings.Cut(stmt, " ")
	return errs.New(errs.SyntaxError, "syntax error at or near \"%s\"", word).WithPos(pos + 1)
}

// copy runs "copy T from stdin" and "copy T to stdout" (options after
// them are ignored).
func (s *fakeSession) copy(stmt string, w pgwire.ResultWriter) error {
	f := strings.Fields(stmt)
	if len(f) < 4 {
		return errs.New(errs.SyntaxError, "syntax error at end of input")
	}
	cw, ok := w.(pgwire.CopyResultWriter)
	if !ok {
		return errs.New(errs.FeatureNotSupported, "the ResultWriter cannot COPY")
	}
	table := f[1]
	switch f[2] + " " + f[3] {
	case "from stdin":
		r, err := cw.CopyIn(false, []int16{0})
		if err != nil {
			return err
		}
		data, err := io.ReadAll(r)
		if err != nil {
			if s.record { // boxing the arguments would allocate
				s.event("CopyIn error=%s %q", errs.Code(err), err.Error())
			}
			return err
		}
		if s.record { // boxing the arguments would allocate
			s.event("CopyIn data=%q", data)
		}
		s.backend.mu.Lock()
		s.backend.tables[table] = data
		s.backend.mu.Unlock()
		return w.Complete("COPY " + strconv.Itoa(bytes.Count(data, []byte("\n"))))
	case "to stdout":
		s.backend.mu.Lock()
		data, ok := s.backend.tables[table]
		s.backend.mu.Unlock()
		if !ok {
			return errs.New(errs.UndefinedTable, "relation \"%s\" does not exist", table)
		}
		out, err := cw.CopyOut(false, []int16{0})
		if err != nil {
			return err
		}
		n := 0
		for line := range bytes.Lines(data) {
			if _, err := out.Write(line); err != nil {
				return err
			}
			n++
		}
		if err := out.Done(); err != nil {
			return err
		}
		return w.Complete("COPY " + strconv.Itoa(n))
	}
	return errs.New(errs.SyntaxError, "syntax error at or near \"%s\"", f[2])
}

// describeText is the fake's planner: the parameter types (declared ones,
// then 25 text for the rest of $1..$n) and the result columns of a
// statement, or a syntax error.
func describeText(text string, declared []uint32) ([]uint32, []pgwire.Column, error) {
	n := len(declared)
	for i := 1; i < 10; i++ {
		if strings.Contains(text, "$"+strconv.Itoa(i)) {
			n = max(n, i)
		}
	}
	types := make([]uint32, n)
	copy(types, declared)
	for i, t := range types {
		if t == 0 {
			types[i] = 25
		}
	}
	word, _, _ := strings.Cut(text, " ")
	switch {
	case text == "select 1" || text == "select 2" || strings.HasPrefix(text, "rows "):
		return types, []pgwire.Column{int4}, nil
	case text == "select null":
		return types, []pgwire.Column{{Name: "n", TypeOID: 25, TypeSize: -1, TypeModifier: -1}}, nil
	case text == "select $1":
		return types, []pgwire.Column{{Name: "?column?", TypeOID: types[0], TypeSize: -1, TypeModifier: -1}}, nil
	case text == "", text == "select boom", slices.Contains([]string{"begin", "commit", "rollback", "notice", "block", "panic", "fatal", "fail", "copy", "set"}, word):
		return types, nil, nil
	}
	return nil, nil, errs.New(errs.SyntaxError, "syntax error at or near \"%s\"", word).WithPos(1)
}

func (s *fakeSession) Prepare(_ context.Context, name, text string, paramTypes []uint32) (*pgwire.StatementDescription, error) {
	if s.record { // boxing the arguments would allocate
		s.event("Prepare name=%q query=%q types=%s", name, text, formatList(paramTypes))
	}
	if _, ok := s.stmts[name]; ok && name != "" {
		return nil, errs.New("42P05", "prepared statement \"%s\" already exists", name)
	}
	// One statement, maybe with a semicolon (pgbench sends one).
	text = strings.ToLower(strings.TrimSpace(text))
	text = strings.TrimSpace(strings.TrimSuffix(text, ";"))
	types, cols, err := describeText(text, paramTypes)
	if err != nil {
		return nil, err
	}
	st := &fakeStmt{text: text, paramTypes: types, cols: cols}
	s.stmts[name] = st
	return &pgwire.StatementDescription{ParamTypes: types, Columns: cols}, nil
}

func (s *fakeSession) DescribeStatement(_ context.Context, name string) (*pgwire.StatementDescription, error) {
	if s.record { // boxing the arguments would allocate
		s.event("DescribeStatement name=%q", name)
	}
	st, ok := s.stmts[name]
	if !ok {
		return nil, errs.New(errs.InvalidSQLStatementName, "prepared statement \"%s\" does not exist", name)
	}
	return &pgwire.StatementDescription{ParamTypes: st.paramTypes, Columns: st.cols}, nil
}

func (s *fakeSession) Bind(_ context.Context, portal, statement string, paramFormats []int16, params [][]byte, resultFormats []int16) error {
	if s.record { // boxing the arguments would allocate
		s.event("Bind portal=%q stmt=%q pformats=%s params=%s rformats=%s", portal, statement, formatList(paramFormats), quoteValues(params), formatList(resultFormats))
	}
	st, ok := s.stmts[statement]
	if !ok {
		return errs.New(errs.InvalidSQLStatementName, "prepared statement \"%s\" does not exist", statement)
	}
	if len(params) != len(st.paramTypes) {
		return errs.New(errs.ProtocolViolation, "bind message supplies %d parameters, but prepared statement \"%s\" requires %d", len(params), statement, len(st.paramTypes))
	}
	if len(resultFormats) > 1 && len(resultFormats) != len(st.cols) {
		return errs.New(errs.ProtocolViolation, "bind message has %d result formats but query has %d columns", len(resultFormats), len(st.cols))
	}
	if _, ok := s.portals[portal]; ok && portal != "" {
		return errs.New("42P03", "cursor \"%s\" already exists", portal)
	}
	p := &fakePortal{stmt: st, params: params}
	if st.cols != nil {
		p.cols = slices.Clone(st.cols)
		for i := range p.cols {
			switch {
			case len(resultFormats) == 1:
				p.cols[i].Format = resultFormats[0]
			case len(resultFormats) > 1:
				p.cols[i].Format = resultFormats[i]
			}
		}
	}
	s.portals[portal] = p
	return nil
}

func (s *fakeSession) DescribePortal(_ context.Context, portal string) ([]pgwire.Column, error) {
	if s.record { // boxing the arguments would allocate
		s.event("DescribePortal name=%q", portal)
	}
	p, ok := s.portals[portal]
	if !ok {
		return nil, errs.New(errs.InvalidCursorName, "portal \"%s\" does not exist", portal)
	}
	return p.cols, nil
}

func (s *fakeSession) Execute(ctx context.Context, portal string, maxRows int, w pgwire.ResultWriter) (bool, error) {
	if s.record { // boxing the arguments would allocate
		s.event("Execute portal=%q max=%d", portal, maxRows)
	}
	p, ok := s.portals[portal]
	if !ok {
		return false, errs.New(errs.InvalidCursorName, "portal \"%s\" does not exist", portal)
	}
	suspended, err := s.executePortal(ctx, p, maxRows, w)
	if err != nil && s.tx == 'T' {
		s.tx = 'E'
	}
	return suspended, err
}

func (s *fakeSession) executePortal(ctx context.Context, p *fakePortal, maxRows int, w pgwire.ResultWriter) (bool, error) {
	text := p.stmt.text
	if s.tx == 'E' && text != "rollback" {
		return false, errs.New(errs.InFailedSQLTransaction, "current transaction is aborted, commands ignored until end of transaction block")
	}
	switch {
	case text == "":
		return false, w.Empty()
	case strings.HasPrefix(text, "rows "):
		n, err := strconv.Atoi(text[len("rows "):])
		if err != nil {
			return false, errs.New(errs.InvalidTextRepresentation, "bad row count")
		}
		vals := make([][]byte, 1)
		sent := 0
		// Like PostgreSQL, a portal that sent maxRows rows is suspended
		// even when no row is left: it cannot know without trying.
		for ; p.pos < n && (maxRows == 0 || sent < maxRows); p.pos++ {
			vals[0] = int4Value(p.pos, p.cols[0].Format)
			if err := w.Row(vals); err != nil {
				return false, err
			}
			sent++
		}
		if maxRows > 0 && sent == maxRows {
			return true, nil
		}
		return false, w.Complete("SELECT " + strconv.Itoa(sent))
	case text == "select 1" || text == "select 2":
		if err := w.Row([][]byte{int4Value(int(text[len(text)-1]-'0'), p.cols[0].Format)}); err != nil {
			return false, err
		}
		return false, w.Complete("SELECT 1")
	case text == "select $1":
		if err := w.Row(p.params[:1]); err != nil {
			return false, err
		}
		return false, w.Complete("SELECT 1")
	}
	// The rest runs as in a Query; pgwire drops the RowDescription.
	return false, s.exec(ctx, text, 0, w)
}

func int4Value(v int, format int16) []byte {
	if format == 1 {
		return binary.BigEndian.AppendUint32(nil, uint32(v))
	}
	return strconv.AppendInt(nil, int64(v), 10)
}

func (s *fakeSession) CloseStatement(_ context.Context, name string) error {
	if s.record { // boxing the arguments would allocate
		s.event("CloseStatement name=%q", name)
	}
	delete(s.stmts, name)
	return nil
}

func (s *fakeSession) ClosePortal(_ context.Context, name string) error {
	if s.record { // boxing the arguments would allocate
		s.event("ClosePortal name=%q", name)
	}
	delete(s.portals, name)
	return nil
}

func (s *fakeSession) Sync(context.Context) error {
	if s.record { // boxing the arguments would allocate
		s.event("Sync")
	}
	if s.tx == 'I' {
		// The implicit transaction ends, and its portals with it.
		clear(s.portals)
	}
	if s.failSync {
		s.failSync = false
		return errs.New(errs.SerializationFailure, "could not serialize access due to concurrent update")
	}
	return nil
}

// formatList renders numbers as the golden files write lists: [1, 2].
func formatList[T int16 | uint16 | uint32](l []T) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, v := range l {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.FormatInt(int64(v), 10))
	}
	b.WriteByte(']')
	return b.String()
}

// quoteValues renders parameter values: quoted strings, NULL for nil.
func quoteValues(vals [][]byte) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, v := range vals {
		if i > 0 {
			b.WriteString(", ")
		}
		if v == nil {
			b.WriteString("NULL")
		} else {
			b.WriteString(strconv.Quote(string(v)))
		}
	}
	b.WriteByte(']')
	return b.String()
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
	return startServerWrapped(t, cfg, func(l net.Listener) net.Listener { return l })
}

// startServerWrapped is startServer serving on wrap of its listener.
func startServerWrapped(t testing.TB, cfg pgwire.Config, wrap func(net.Listener) net.Listener) *testServer {
	t.Helper()
	checkGoroutines(t)
	backend := newFakeBackend(t)
	srv := pgwire.NewServer(cfg, backend, testLogger(t))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(context.Background(), wrap(l)) }()
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
