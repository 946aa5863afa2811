package pgwire_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/pgwire"
)

// rawConn is a client that speaks bytes, for what no driver would send.
type rawConn struct {
	t  testing.TB
	nc net.Conn
	fe *pgproto3.Frontend
}

func (s *testServer) dialRaw(t testing.TB) *rawConn {
	t.Helper()
	nc, err := net.DialTimeout("tcp", s.addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = nc.Close() })
	_ = nc.SetDeadline(time.Now().Add(10 * time.Second))
	return &rawConn{t: t, nc: nc, fe: pgproto3.NewFrontend(nc, nc)}
}

// hijack connects and authenticates with pgconn, then takes the socket
// over, so raw bytes can follow a real start-up.
func (s *testServer) hijack(t testing.TB) *rawConn {
	t.Helper()
	c, err := s.tryConnect(testUser, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	h, err := c.Hijack()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Conn.Close() })
	_ = h.Conn.SetDeadline(time.Now().Add(10 * time.Second))
	return &rawConn{t: t, nc: h.Conn, fe: h.Frontend}
}

func (r *rawConn) write(b []byte) {
	r.t.Helper()
	if _, err := r.nc.Write(b); err != nil {
		r.t.Fatalf("write: %v", err)
	}
}

func (r *rawConn) receive() pgproto3.BackendMessage {
	r.t.Helper()
	m, err := r.fe.Receive()
	if err != nil {
		r.t.Fatalf("receive: %v", err)
	}
	return m
}

// expectFatal reads a FATAL ErrorResponse with code and then EOF.
func (r *rawConn) expectFatal(code, msgPrefix string) {
	r.t.Helper()
	m := r.receive()
	e, ok := m.(*pgproto3.ErrorResponse)
	if !ok {
		r.t.Fatalf("got %T %+v, want ErrorResponse", m, m)
	}
	if e.Severity != "FATAL" || e.Code != code || !strings.HasPrefix(e.Message, msgPrefix) {
		r.t.Fatalf("got %s %s %q, want FATAL %s %q...", e.Severity, e.Code, e.Message, code, msgPrefix)
	}
	r.expectClosed()
}

func (r *rawConn) expectClosed() {
	r.t.Helper()
	var b [1]byte
	n, err := r.nc.Read(b[:])
	if err == nil || n != 0 {
		r.t.Fatalf("connection still open (read %d bytes %q, err %v)", n, b[:n], err)
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		r.t.Fatal("connection still open: read timed out")
	}
}

func startupPacket(version uint32, params ...string) []byte {
	b := []byte{0, 0, 0, 0}
	b = binary.BigEndian.AppendUint32(b, version)
	for _, p := range params {
		b = append(b, p...)
		b = append(b, 0)
	}
	b = append(b, 0)
	binary.BigEndian.PutUint32(b, uint32(len(b)))
	return b
}

func message(typ byte, body []byte) []byte {
	b := []byte{typ, 0, 0, 0, 0}
	b = append(b, body...)
	binary.BigEndian.PutUint32(b[1:], uint32(len(body)+4))
	return b
}

func queryMsg(sql string) []byte { return message('Q', append([]byte(sql), 0)) }

// stillServes checks the server accepts and runs a new connection.
func (s *testServer) stillServes(t testing.TB) {
	t.Helper()
	c, err := s.tryConnect(testUser, testPassword)
	if err != nil {
		t.Fatalf("server no longer serves: %v", err)
	}
	defer c.Close(context.Background())
	if res, err := simpleExec(t, c, "select 1"); err != nil || rowsText(res) != "1" {
		t.Fatalf("server no longer serves: %q %v", rowsText(res), err)
	}
}

func TestStartupWire(t *testing.T) {
	s := startServer(t, pgwire.Config{})
	v30 := uint32(3 << 16)

	cases := []struct {
		name  string
		input []byte
		code  string
		msg   string
	}{
		{"http request", []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), errs.ProtocolViolation, "invalid length of startup packet"},
		{"tls client hello without tls", []byte{0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc}, errs.ProtocolViolation, "invalid length of startup packet"},
		{"tiny length", []byte{0, 0, 0, 4}, errs.ProtocolViolation, "invalid length of startup packet"},
		{"huge length", []byte{0x7f, 0xff, 0xff, 0xff, 0, 3, 0, 0}, errs.ProtocolViolation, "invalid length of startup packet"},
		{"protocol 2", startupPacket(2<<16, "user", "root"), errs.FeatureNotSupported, "unsupported frontend protocol 2.0: server supports 3.0 to 3.0"},
		{"protocol 4", startupPacket(4<<16, "user", "root"), errs.FeatureNotSupported, "unsupported frontend protocol 4.0"},
		{"no user", startupPacket(v30, "database", "main"), errs.InvalidAuthorization, "no PostgreSQL user name specified"},
		{"no terminator", func() []byte {
			b := []byte{0, 0, 0, 0, 0, 3, 0, 0, 'u', 's', 'e', 'r', 0, 'r', 'o', 'o', 't', 0}
			binary.BigEndian.PutUint32(b, uint32(len(b)))
			return b
		}(), errs.ProtocolViolation, "invalid startup packet layout: expected terminator as last byte"},
		{"bad layout", func() []byte {
			b := []byte{0, 0, 0, 0, 0, 3, 0, 0, 'u', 's', 'e', 'r', 0, 'x'}
			binary.BigEndian.PutUint32(b, uint32(len(b)))
			return b
		}(), errs.ProtocolViolation, "invalid startup packet layout"},
		{"second SSLRequest", append(sslRequest(), sslRequest()...), errs.FeatureNotSupported, "unsupported frontend protocol 1234.5679"},
		{"cancel request too short", []byte{0, 0, 0, 12, 0x04, 0xd2, 0x16, 0x2e, 0, 0, 0, 1}, errs.ProtocolViolation, "invalid length of cancel request"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := s.dialRaw(t)
			r.write(tc.input)
			if tc.name == "second SSLRequest" {
				var b [1]byte
				if _, err := io.ReadFull(r.nc, b[:]); err != nil || b[0] != 'N' {
					t.Fatalf("SSLRequest answer %q, %v", b, err)
				}
			}
			r.expectFatal(tc.code, tc.msg)
		})
	}

	t.Run("truncated startup packet", func(t *testing.T) {
		r := s.dialRaw(t)
		r.write(startupPacket(v30, "user", "root")[:10])
		_ = r.nc.(*net.TCPConn).CloseWrite()
		r.expectFatal(errs.ProtocolViolation, "incomplete startup packet")
	})

	t.Run("silent probe", func(t *testing.T) {
		r := s.dialRaw(t)
		_ = r.nc.(*net.TCPConn).CloseWrite()
		r.expectClosed()
	})

	t.Run("SSL and GSS requests are refused", func(t *testing.T) {
		r := s.dialRaw(t)
		r.write(gssEncRequest())
		r.write(sslRequest())
		var b [2]byte
		if _, err := io.ReadFull(r.nc, b[:]); err != nil || string(b[:]) != "NN" {
			t.Fatalf("answers %q, %v", b, err)
		}
		r.write(startupPacket(v30, "user", "root", "database", "main"))
		if m, ok := r.receive().(*pgproto3.AuthenticationSASL); !ok || len(m.AuthMechanisms) != 1 || m.AuthMechanisms[0] != "SCRAM-SHA-256" {
			t.Fatalf("got %+v, want AuthenticationSASL SCRAM-SHA-256", m)
		}
	})

	t.Run("later minor version and protocol options", func(t *testing.T) {
		r := s.dialRaw(t)
		r.write(startupPacket(3<<16|5, "user", "root", "_pq_.compression", "on"))
		m, ok := r.receive().(*pgproto3.NegotiateProtocolVersion)
		if !ok || m.NewestMinorProtocol != 0 || len(m.UnrecognizedOptions) != 1 || m.UnrecognizedOptions[0] != "_pq_.compression" {
			t.Fatalf("got %+v, want NegotiateProtocolVersion", m)
		}
		if _, ok := r.receive().(*pgproto3.AuthenticationSASL); !ok {
			t.Fatal("no AuthenticationSASL after NegotiateProtocolVersion")
		}
	})

	t.Run("bogus cancel request", func(t *testing.T) {
		r := s.dialRaw(t)
		b := []byte{0, 0, 0, 16, 0x04, 0xd2, 0x16, 0x2e, 0, 0, 0, 1, 1, 2, 3, 4}
		r.write(b)
		r.expectClosed()
	})

	t.Run("SASL errors", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			msg  []byte
			code string
			text string
		}{
			{"not a SASL response", queryMsg("select 1"), errs.ProtocolViolation, "expected SASL response, got message type 81"},
			{"wrong mechanism", saslInitial("SCRAM-SHA-1", "n,,n=,r=abc"), errs.ProtocolViolation, "client selected an invalid SASL authentication mechanism"},
			{"channel binding", saslInitial("SCRAM-SHA-256", "p=tls-server-end-point,,n=,r=abc"), errs.FeatureNotSupported, "channel binding is not supported"},
			{"malformed", saslInitial("SCRAM-SHA-256", "garbage"), errs.ProtocolViolation, "malformed SCRAM message"},
			{"oversized", message('p', make([]byte, 70000)), errs.ProtocolViolation, "invalid message length"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := s.dialRaw(t)
				r.write(startupPacket(v30, "user", "root"))
				if _, ok := r.receive().(*pgproto3.AuthenticationSASL); !ok {
					t.Fatal("no AuthenticationSASL")
				}
				r.write(tc.msg)
				r.expectFatal(tc.code, tc.text)
			})
		}
	})

	t.Run("unencrypted data after SSLRequest", func(t *testing.T) {
		ts := startServer(t, pgwire.Config{TLSConfig: selfSignedTLS(t)})
		r := ts.dialRaw(t)
		r.write(append(sslRequest(), startupPacket(v30, "user", "root")...))
		r.expectFatal(errs.ProtocolViolation, "received unencrypted data after SSL request")
	})

	s.stillServes(t)
}

func TestMessagesWire(t *testing.T) {
	s := startServer(t, pgwire.Config{MaxMessageSize: 1 << 20})

	cases := []struct {
		name  string
		input []byte
		code  string
		msg   string
	}{
		{"unknown type", message('Z', nil), errs.ProtocolViolation, "invalid frontend message type 90"},
		{"password after auth", message('p', []byte("x\x00")), errs.ProtocolViolation, "invalid frontend message type 112"},
		{"huge length", []byte{'Q', 0x7f, 0xff, 0xff, 0x00}, errs.ProtocolViolation, "invalid message length"},
		{"negative length", []byte{'Q', 0xff, 0xff, 0xff, 0xff}, errs.ProtocolViolation, "invalid message length"},
		{"length below 4", []byte{'Q', 0, 0, 0, 3}, errs.ProtocolViolation, "invalid message length"},
		{"query without terminator", message('Q', []byte("select 1")), errs.ProtocolViolation, "invalid message format"},
		{"sync with a body", message('S', []byte{1}), errs.ProtocolViolation, "invalid message format"},
		{"small message too big", message('E', make([]byte, 20000)), errs.ProtocolViolation, "invalid message length"},
		{"malformed bind", message('B', []byte{0}), errs.ProtocolViolation, "invalid message format"},
		{"garbage after a good query", append(queryMsg("select 1"), "\x00\x01garbage"...), errs.ProtocolViolation, "invalid frontend message type 0"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := s.hijack(t)
			r.write(tc.input)
			if tc.name == "garbage after a good query" {
				r.expectQueryResult("1")
			}
			r.expectFatal(tc.code, tc.msg)
		})
	}

	t.Run("truncated message", func(t *testing.T) {
		r := s.hijack(t)
		r.write(queryMsg("select 1")[:7])
		_ = r.nc.(*net.TCPConn).CloseWrite()
		r.expectFatal(errs.ProtocolViolation, "incomplete message from client")
	})

	t.Run("truncated header", func(t *testing.T) {
		r := s.hijack(t)
		r.write(queryMsg("select 1")[:3])
		_ = r.nc.(*net.TCPConn).CloseWrite()
		r.expectFatal(errs.ProtocolViolation, "incomplete message from client")
	})

	t.Run("hang-up while pipelined messages wait", func(t *testing.T) {
		r := s.hijack(t)
		sess := s.backend.lastSession(t)
		batch := queryMsg("block")
		for range 5000 {
			batch = append(batch, message('S', nil)...)
		}
		r.write(batch)
		<-sess.started
		_ = r.nc.Close()
		select {
		case <-sess.cancelled:
		case <-time.After(5 * time.Second):
			t.Fatal("hang-up not noticed behind pipelined messages")
		}
	})

	t.Run("hang-up after a protocol violation", func(t *testing.T) {
		r := s.hijack(t)
		sess := s.backend.lastSession(t)
		r.write(append(queryMsg("block"), 'Z', 0, 0, 0, 4))
		<-sess.started
		_ = r.nc.Close()
		select {
		case <-sess.cancelled:
		case <-time.After(5 * time.Second):
			t.Fatal("hang-up not noticed after a bad message")
		}
	})

	t.Run("pipelined queries", func(t *testing.T) {
		r := s.hijack(t)
		var batch []byte
		for range 3 {
			batch = append(batch, queryMsg("select 1")...)
		}
		batch = append(batch, queryMsg("select boom")...)
		batch = append(batch, queryMsg("select 2")...)
		batch = append(batch, message('X', nil)...)
		r.write(batch)
		for range 3 {
			r.expectQueryResult("1")
		}
		if e, ok := r.receive().(*pgproto3.ErrorResponse); !ok || e.Code != errs.UndefinedColumn || e.Position != 8 {
			t.Fatalf("got %+v, want the 42703 error", e)
		}
		if rfq, ok := r.receive().(*pgproto3.ReadyForQuery); !ok || rfq.TxStatus != 'I' {
			t.Fatal("no ReadyForQuery after the error")
		}
		r.expectQueryResult("2")
		r.expectClosed()
	})

	t.Run("empty query", func(t *testing.T) {
		r := s.hijack(t)
		r.write(queryMsg("  "))
		if _, ok := r.receive().(*pgproto3.EmptyQueryResponse); !ok {
			t.Fatal("no EmptyQueryResponse")
		}
		if _, ok := r.receive().(*pgproto3.ReadyForQuery); !ok {
			t.Fatal("no ReadyForQuery")
		}
	})

	t.Run("extended protocol skips to Sync", func(t *testing.T) {
		// A session without the extended protocol refuses it.
		s.backend.plain.Store(true)
		r := s.hijack(t)
		s.backend.plain.Store(false)
		var batch []byte
		for _, m := range []pgproto3.FrontendMessage{
			&pgproto3.Parse{Query: "select 1"},
			&pgproto3.Bind{},
			&pgproto3.Describe{ObjectType: 'P'},
			&pgproto3.Execute{},
			&pgproto3.Flush{},
			&pgproto3.Query{String: "select 1"}, // ignored until Sync, like PostgreSQL
			&pgproto3.Sync{},
			&pgproto3.Sync{},
			&pgproto3.Query{String: "select 2"},
		} {
			var err error
			batch, err = m.Encode(batch)
			if err != nil {
				t.Fatal(err)
			}
		}
		r.write(batch)
		if e, ok := r.receive().(*pgproto3.ErrorResponse); !ok || e.Code != errs.FeatureNotSupported {
			t.Fatalf("got %+v, want one 0A000 error", e)
		}
		for range 2 {
			if _, ok := r.receive().(*pgproto3.ReadyForQuery); !ok {
				t.Fatal("no ReadyForQuery for Sync")
			}
		}
		r.expectQueryResult("2")
	})

	t.Run("copy messages outside copy are ignored", func(t *testing.T) {
		r := s.hijack(t)
		r.write(append(append(message('d', []byte("x")), message('c', nil)...), queryMsg("select 1")...))
		r.expectQueryResult("1")
	})

	t.Run("function call", func(t *testing.T) {
		r := s.hijack(t)
		b, _ := (&pgproto3.FunctionCall{Function: 1}).Encode(nil)
		r.write(b)
		if e, ok := r.receive().(*pgproto3.ErrorResponse); !ok || e.Code != errs.FeatureNotSupported || e.Severity != "ERROR" {
			t.Fatalf("got %+v", e)
		}
		if _, ok := r.receive().(*pgproto3.ReadyForQuery); !ok {
			t.Fatal("no ReadyForQuery")
		}
	})

	t.Run("client not reading results", func(t *testing.T) {
		// The writes block; closing the socket must still end it all.
		r := s.hijack(t)
		r.write(queryMsg("rows 1000000"))
		time.Sleep(50 * time.Millisecond)
		_ = r.nc.Close()
	})

	s.stillServes(t)
}

func (r *rawConn) expectQueryResult(value string) {
	r.t.Helper()
	if _, ok := r.receive().(*pgproto3.RowDescription); !ok {
		r.t.Fatal("no RowDescription")
	}
	if d, ok := r.receive().(*pgproto3.DataRow); !ok || len(d.Values) != 1 || string(d.Values[0]) != value {
		r.t.Fatalf("DataRow = %+v, want %q", d, value)
	}
	if _, ok := r.receive().(*pgproto3.CommandComplete); !ok {
		r.t.Fatal("no CommandComplete")
	}
	if _, ok := r.receive().(*pgproto3.ReadyForQuery); !ok {
		r.t.Fatal("no ReadyForQuery")
	}
}

func sslRequest() []byte    { return []byte{0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f} }
func gssEncRequest() []byte { return []byte{0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x30} }

func saslInitial(mech, data string) []byte {
	b, _ := (&pgproto3.SASLInitialResponse{AuthMechanism: mech, Data: []byte(data)}).Encode(nil)
	return b
}

// pipeListener is a net.Listener over net.Pipe, so the fuzz target needs
// no sockets. Server-side conns report their Close on closed.
type pipeListener struct {
	conns  chan net.Conn
	done   chan struct{}
	once   sync.Once
	closed chan struct{}
}

func newPipeListener() *pipeListener {
	return &pipeListener{conns: make(chan net.Conn), done: make(chan struct{}), closed: make(chan struct{}, 1)}
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *pipeListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

func (l *pipeListener) Addr() net.Addr { return pipeAddr{} }

func (l *pipeListener) Dial(ctx context.Context, _, _ string) (net.Conn, error) {
	client, server := net.Pipe()
	select {
	case l.conns <- &notifyConn{Conn: server, closed: l.closed}:
		return client, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-l.done:
		return nil, net.ErrClosed
	}
}

type notifyConn struct {
	net.Conn
	once   sync.Once
	closed chan struct{}
}

func (c *notifyConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() {
		select {
		case c.closed <- struct{}{}:
		default:
		}
	})
	return err
}

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe" }

// Fuzz modes: where the fuzzer's bytes go.
const (
	fuzzRaw          = iota // raw bytes from the very first byte
	fuzzAfterStartup        // raw bytes after a real start-up
	fuzzMessages            // a program of messages (fuzzProgram) after a real start-up
	fuzzModes
)

// FuzzConnection feeds a connection random bytes (from the very first
// byte, or after a real start-up) or random sequences of well-formed
// extended-protocol, COPY and other messages (after a real start-up), and
// checks that the server neither panics nor sends anything that does not
// parse as backend messages, that it closes the connection once the
// client has gone, and that no goroutine of that connection is left.
func FuzzConnection(f *testing.F) {
	f.Add(uint8(fuzzRaw), []byte("GET / HTTP/1.0\r\n\r\n"))
	f.Add(uint8(fuzzRaw), startupPacket(3<<16, "user", "root"))
	f.Add(uint8(fuzzRaw), append(sslRequest(), startupPacket(3<<16, "user", "root", "database", "main")...))
	f.Add(uint8(fuzzRaw), []byte{0, 0, 0, 16, 0x04, 0xd2, 0x16, 0x2e, 0, 0, 0, 1, 1, 2, 3, 4})
	f.Add(uint8(fuzzAfterStartup), queryMsg("select 1"))
	f.Add(uint8(fuzzAfterStartup), append(queryMsg("block"), queryMsg("select 1")...))
	f.Add(uint8(fuzzAfterStartup), append(queryMsg("select boom;select 1"), message('X', nil)...))
	f.Add(uint8(fuzzAfterStartup), message('P', []byte("a\x00select 1\x00\x00\x00")))
	f.Add(uint8(fuzzAfterStartup), []byte{'Q', 0x7f, 0xff, 0xff, 0x00})
	f.Add(uint8(fuzzAfterStartup), append(message('B', []byte{0, 0, 0, 1}), message('S', nil)...))
	f.Add(uint8(fuzzAfterStartup), encodeAll(f,
		&pgproto3.Parse{Name: "s", Query: "rows 5"}, &pgproto3.Bind{PreparedStatement: "s", ResultFormatCodes: []int16{1}},
		&pgproto3.Describe{ObjectType: 'P'}, &pgproto3.Execute{MaxRows: 2}, &pgproto3.Execute{MaxRows: 2},
		&pgproto3.Close{ObjectType: 'S', Name: "s"}, &pgproto3.Sync{}))
	f.Add(uint8(fuzzAfterStartup), encodeAll(f,
		&pgproto3.Query{String: "copy t from stdin"}, &pgproto3.CopyData{Data: []byte("1\n")}, &pgproto3.Sync{},
		&pgproto3.CopyDone{}, &pgproto3.Query{String: "copy t to stdout"}))
	f.Add(uint8(fuzzAfterStartup), encodeAll(f,
		&pgproto3.Query{String: "copy t from stdin"}, &pgproto3.CopyData{Data: []byte("1\n")}, &pgproto3.Parse{}))
	// Programs (see fuzzProgram for the byte layout): a portal suspended
	// and resumed; COPY IN with Flush and Sync in it, then COPY OUT; an
	// error in the middle of a batch; CopyFail in the extended protocol;
	// a Query and Terminate during COPY IN; bad format codes and subtypes.
	f.Add(uint8(fuzzMessages), []byte{0, 1, 2, 0, 1, 2, 1, 0, 0, 1, 1, 2, 1, 2, 3, 2, 1, 3, 2, 1, 7, 3, 2, 0, 4, 1, 2, 5})
	f.Add(uint8(fuzzMessages), []byte{8, 10, 9, 2, 'a', 'b', 7, 5, 10, 1, '\n', 11, 8, 11})
	f.Add(uint8(fuzzMessages), []byte{0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 5, 0, 1, 0, 0, 0, 0, 0, 3, 0, 0,
		0, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 'x', 0, 3, 0, 0, 5})
	f.Add(uint8(fuzzMessages), []byte{0, 0, 10, 0, 1, 0, 0, 0, 0, 0, 3, 0, 0, 7, 9, 1, 'x', 12, 2, 'n', 'o', 0, 0, 0, 0, 5, 8, 6})
	f.Add(uint8(fuzzMessages), []byte{8, 10, 9, 1, 'z', 8, 0, 11, 13, 0})
	f.Add(uint8(fuzzMessages), []byte{0, 1, 1, 1, 1, 1, 0, 1, 2, 0, 1, 1, 1, 1, '7', 0, 5, 1, 0, 1, 1, 2, 1, 1, 1, '7', 0, 5,
		2, 2, 0, 5, 4, 2, 0, 6})

	checkServerGoroutines(f)
	backend := newFakeBackend(f)
	backend.blockLimit.Store(int64(200 * time.Millisecond))
	srv := pgwire.NewServer(pgwire.Config{MaxMessageSize: 1 << 20, AuthTimeout: 5 * time.Second}, backend, nil)
	l := newPipeListener()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(context.Background(), l) }()
	f.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			f.Errorf("Shutdown: %v", err)
		}
		<-served
	})
	// An IP literal and a lookup that resolves nothing: the pipe needs
	// no name service.
	cfg, err := pgconn.ParseConfig("host=127.0.0.1 user=root password=secret dbname=main sslmode=disable")
	if err != nil {
		f.Fatal(err)
	}
	cfg.LookupFunc = func(_ context.Context, host string) ([]string, error) { return []string{host}, nil }
	cfg.DialFunc = l.Dial

	f.Fuzz(func(t *testing.T, mode uint8, data []byte) {
		mode %= fuzzModes
		// Drain a leftover close notice from an earlier run.
		select {
		case <-l.closed:
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		var nc net.Conn
		if mode == fuzzRaw {
			nc, err = l.Dial(ctx, "", "")
			if err != nil {
				t.Fatal(err)
			}
		} else {
			c, err := pgconn.ConnectConfig(ctx, cfg)
			if err != nil {
				t.Fatalf("connect: %v", err)
			}
			h, err := c.Hijack()
			if err != nil {
				t.Fatal(err)
			}
			nc = h.Conn
		}
		if mode == fuzzMessages {
			data = fuzzProgram(data)
		}

		var received bytes.Buffer
		drained := make(chan struct{})
		go func() {
			defer close(drained)
			_, _ = io.Copy(&received, nc)
		}()
		// A server that stopped reading (it is executing, or has given
		// up on us) must not block the fuzzer forever.
		_ = nc.SetWriteDeadline(time.Now().Add(2 * time.Second))
		_, _ = nc.Write(data)
		_ = nc.Close()
		<-drained

		select {
		case <-l.closed:
		case <-ctx.Done():
			t.Fatal("the server did not close the connection after the client left")
		}
		waitConnGoroutines(t)
		if mode != fuzzRaw {
			// Before start-up there are one-byte answers (SSLRequest);
			// after it everything must be a well-formed message.
			checkBackendStream(t, received.Bytes())
		}
	})
}

// waitConnGoroutines waits until no goroutine of a pgwire connection is
// left (the server's accept loop is not one).
func waitConnGoroutines(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		var left []string
		for _, g := range strings.Split(string(buf), "\n\n") {
			if strings.Contains(g, "github.com/zerodb/zerodb/pgwire.(*conn)") {
				left = append(left, g)
			}
		}
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("connection goroutines left after the connection closed:\n%s", strings.Join(left, "\n\n"))
		}
		time.Sleep(time.Millisecond)
	}
}

// checkBackendStream checks that b is a sequence of backend messages
// (the last one may be cut off: the client stopped reading).
func checkBackendStream(t testing.TB, b []byte) {
	t.Helper()
	fe := pgproto3.NewFrontend(bytes.NewReader(b), io.Discard)
	for {
		m, err := fe.Receive()
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("the server sent something that is no backend message: %v", err)
		}
		if e, ok := m.(*pgproto3.ErrorResponse); ok && (e.Code == "" || e.Message == "") {
			t.Fatalf("ErrorResponse without code or message: %+v", e)
		}
	}
}

func encodeAll(t testing.TB, msgs ...pgproto3.FrontendMessage) []byte {
	var b []byte
	for _, m := range msgs {
		var err error
		if b, err = m.Encode(b); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

// fuzzProgram turns fuzzer bytes into well-formed frontend messages: each
// message is chosen by one byte and its fields by the following ones, from
// small sets of statement and portal names and of statements the fake
// session knows, so that sequences reach deep states (portals suspended,
// COPY IN, errors in the middle of a batch) instead of stopping at the
// first malformed message. Terminate only ends a program: after it the
// server reads no more and the rest of the write would just wait.
func fuzzProgram(data []byte) []byte {
	p := &fuzzReader{data: data}
	names := []string{"", "a", "b"}
	queries := []string{
		"select 1", "select $1", "rows 3", "rows 3000", "", "select boom", "select null",
		"begin", "commit", "rollback", "copy t from stdin", "copy t to stdout", "fail sync",
		"notice", "set a to b", "frobnicate", "block", "fatal", "panic",
	}
	var out []byte
	for !p.done() && len(out) < 64<<10 {
		var m pgproto3.FrontendMessage
		switch p.next() % 16 {
		case 0:
			m = &pgproto3.Parse{Name: p.pick(names), Query: p.pick(queries), ParameterOIDs: p.oids()}
		case 1:
			m = &pgproto3.Bind{DestinationPortal: p.pick(names), PreparedStatement: p.pick(names),
				ParameterFormatCodes: p.formats(), Parameters: p.values(), ResultFormatCodes: p.formats()}
		case 2:
			m = &pgproto3.Describe{ObjectType: p.objectType(), Name: p.pick(names)}
		case 3:
			m = &pgproto3.Execute{Portal: p.pick(names), MaxRows: uint32(int32(int8(p.next())))}
		case 4:
			m = &pgproto3.Close{ObjectType: p.objectType(), Name: p.pick(names)}
		case 5, 6:
			m = &pgproto3.Sync{}
		case 7:
			m = &pgproto3.Flush{}
		case 8:
			m = &pgproto3.Query{String: p.pick(queries)}
		case 9, 10:
			m = &pgproto3.CopyData{Data: p.bytes()}
		case 11:
			m = &pgproto3.CopyDone{}
		case 12:
			m = &pgproto3.CopyFail{Message: string(p.bytes())}
		case 13:
			if p.next()%4 == 0 {
				b, _ := (&pgproto3.Terminate{}).Encode(out)
				return b
			}
			m = &pgproto3.Sync{}
		case 14:
			// Raw bytes: a broken frame, an unknown type, a bad length.
			out = append(out, p.bytes()...)
			continue
		case 15:
			m = &pgproto3.FunctionCall{Function: uint32(p.next())}
		}
		b, err := m.Encode(out)
		if err == nil {
			out = b
		}
	}
	return out
}

type fuzzReader struct {
	data []byte
	pos  int
}

func (r *fuzzReader) done() bool { return r.pos >= len(r.data) }

func (r *fuzzReader) next() byte {
	if r.done() {
		return 0
	}
	b := r.data[r.pos]
	r.pos++
	return b
}

func (r *fuzzReader) pick(from []string) string { return from[int(r.next())%len(from)] }

func (r *fuzzReader) objectType() byte { return "SPX"[r.next()%3] }

func (r *fuzzReader) bytes() []byte {
	n := int(r.next() % 16)
	b := make([]byte, 0, n)
	for range n {
		b = append(b, r.next())
	}
	return b
}

func (r *fuzzReader) formats() []int16 {
	var f []int16
	for range r.next() % 4 {
		f = append(f, int16(r.next()%3))
	}
	return f
}

func (r *fuzzReader) values() [][]byte {
	var v [][]byte
	for range r.next() % 4 {
		if r.next()%4 == 0 {
			v = append(v, nil)
		} else {
			v = append(v, r.bytes())
		}
	}
	return v
}

func (r *fuzzReader) oids() []uint32 {
	var o []uint32
	for range r.next() % 3 {
		o = append(o, []uint32{0, 23, 25}[r.next()%3])
	}
	return o
}

func BenchmarkSimpleQuery(b *testing.B) {
	for _, q := range []string{"select 1", "rows 100"} {
		b.Run(q, func(b *testing.B) {
			s := startServer(b, pgwire.Config{})
			c := s.connect(b)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Exec(ctx, q).ReadAll(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkExtendedQuery is a round trip of the extended protocol on a
// prepared statement returning one row: Bind+Execute+Sync over a raw
// socket (the server's cost plus a minimal client), and pgconn's
// ExecPrepared (which adds Describe portal).
func BenchmarkExtendedQuery(b *testing.B) {
	b.Run("Bind+Execute+Sync", func(b *testing.B) {
		s := startServer(b, pgwire.Config{})
		c := s.connect(b)
		if _, err := c.Prepare(context.Background(), "s", "select 1", nil); err != nil {
			b.Fatal(err)
		}
		h, err := c.Hijack()
		if err != nil {
			b.Fatal(err)
		}
		defer h.Conn.Close()
		batch := encodeAll(b, &pgproto3.Bind{PreparedStatement: "s"}, &pgproto3.Execute{}, &pgproto3.Sync{})
		b.ReportAllocs()
		for b.Loop() {
			if _, err := h.Conn.Write(batch); err != nil {
				b.Fatal(err)
			}
			rows := 0
			for {
				m, err := h.Frontend.Receive()
				if err != nil {
					b.Fatal(err)
				}
				switch m := m.(type) {
				case *pgproto3.DataRow:
					rows++
				case *pgproto3.ErrorResponse:
					b.Fatalf("error: %s", m.Message)
				}
				if _, ok := m.(*pgproto3.ReadyForQuery); ok {
					break
				}
			}
			if rows != 1 {
				b.Fatalf("%d rows", rows)
			}
		}
	})
	b.Run("pgconn ExecPrepared", func(b *testing.B) {
		s := startServer(b, pgwire.Config{})
		c := s.connect(b)
		ctx := context.Background()
		if _, err := c.Prepare(ctx, "s", "select 1", nil); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.ExecPrepared(ctx, "s", nil, nil, nil).Close(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
