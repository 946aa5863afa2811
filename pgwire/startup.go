package pgwire

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/scram"
)

// Start-up packet codes: a protocol version (major<<16 | minor) or one of
// these special requests.
const (
	cancelRequestCode = 1234<<16 | 5678
	sslRequestCode    = 1234<<16 | 5679
	gssEncRequestCode = 1234<<16 | 5680

	// We speak protocol 3.0 only; clients asking for a later 3.x get a
	// NegotiateProtocolVersion and go on with 3.0.
	protocolMajor = 3
	protocolMinor = 0

	// tlsHandshakeRecord is the first byte of a TLS ClientHello.
	tlsHandshakeRecord = 0x16
)

// handshake runs everything up to the first ReadyForQuery: encryption
// negotiation, the start-up packet, SCRAM and opening the session. A nil
// error means the connection is ready for queries; errCancelDone means it
// was a cancel request and is finished.
func (c *conn) handshake() error {
	deadline := time.Now().Add(c.srv.cfg.AuthTimeout)
	ctx, cancel := context.WithDeadline(c.ctx, deadline)
	defer cancel()
	_ = c.raw.SetDeadline(deadline)
	// Shutdown (or the timeout) must also unblock a read in progress.
	stop := context.AfterFunc(ctx, func() { _ = c.raw.SetDeadline(time.Unix(1, 0)) })

	params, err := c.startup(ctx)
	if err == nil {
		err = c.authenticate(ctx, params.User)
	}
	if err == nil {
		err = c.openSession(ctx, params)
	}
	if !stop() {
		// The deadline was forced into the past; whatever happened, the
		// connection is finished.
		if err == nil || !isErrs(err) {
			if c.ctx.Err() != nil {
				return errAdminShutdown()
			}
			return fmt.Errorf("pgwire: start-up did not finish within %s: %w", c.srv.cfg.AuthTimeout, ctx.Err())
		}
		return err
	}
	if err != nil {
		return err
	}
	_ = c.raw.SetDeadline(time.Time{})
	return c.readyForQuery()
}

func isErrs(err error) bool {
	var e *errs.Error
	return errors.As(err, &e)
}

// errCancelDone ends a connection that carried a cancel request.
var errCancelDone = errors.New("pgwire: cancel request handled")

// startup reads start-up packets until the StartupMessage, answering
// encryption requests on the way.
func (c *conn) startup(ctx context.Context) (StartupParams, error) {
	sslDone, gssDone := false, false

	if c.srv.cfg.TLSConfig != nil {
		// PostgreSQL 17's direct TLS: a ClientHello instead of SSLRequest.
		first, err := c.br.Peek(1)
		if err != nil {
			return StartupParams{}, err
		}
		if first[0] == tlsHandshakeRecord {
			if err := c.startTLS(ctx, true); err != nil {
				return StartupParams{}, err
			}
			sslDone = true
		}
	}

	for {
		code, body, err := c.readStartupPacket()
		if err != nil {
			return StartupParams{}, err
		}
		switch {
		case code == sslRequestCode && !sslDone:
			sslDone = true
			if c.srv.cfg.TLSConfig == nil {
				if err := c.writeByte('N'); err != nil {
					return StartupParams{}, err
				}
				continue
			}
			// Bytes sent after the SSLRequest and before our answer would
			// be taken as if they came through TLS (CVE-2021-23214).
			if c.br.Buffered() > 0 {
				return StartupParams{}, errs.New(errs.ProtocolViolation, "received unencrypted data after SSL request").
					WithDetail("This could be either a client-software bug or evidence of an attempted man-in-the-middle attack.")
			}
			if err := c.writeByte('S'); err != nil {
				return StartupParams{}, err
			}
			if err := c.startTLS(ctx, false); err != nil {
				return StartupParams{}, err
			}
		case code == gssEncRequestCode && !gssDone:
			gssDone = true
			// Refused, so bytes pipelined after it are plain text as they
			// should be (the injection check matters only when upgrading).
			if err := c.writeByte('N'); err != nil {
				return StartupParams{}, err
			}
		case code == cancelRequestCode:
			// ProcessID and a secret of 4 bytes (3.0) up to 256 (3.2).
			if len(body) < 8 || len(body) > 4+256 {
				return StartupParams{}, errs.New(errs.ProtocolViolation, "invalid length of cancel request packet")
			}
			c.srv.cancel(binary.BigEndian.Uint32(body), body[4:])
			return StartupParams{}, errCancelDone
		default:
			return c.startupMessage(code, body)
		}
	}
}

// readStartupPacket reads a length-prefixed start-up packet and returns
// its code and the bytes after it.
func (c *conn) readStartupPacket() (uint32, []byte, error) {
	var hdr [8]byte
	if _, err := io.ReadFull(c.br, hdr[:4]); err != nil {
		// io.EOF before any byte: a port probe or health check.
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return 0, nil, errs.New(errs.ProtocolViolation, "incomplete startup packet")
		}
		return 0, nil, err
	}
	n := int64(binary.BigEndian.Uint32(hdr[:4]))
	if n < 8 || n > maxStartupPacketLen {
		return 0, nil, errs.New(errs.ProtocolViolation, "invalid length of startup packet")
	}
	body := make([]byte, n-4)
	if _, err := io.ReadFull(c.br, body); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return 0, nil, errs.New(errs.ProtocolViolation, "incomplete startup packet")
		}
		return 0, nil, err
	}
	return binary.BigEndian.Uint32(body), body[4:], nil
}

func (c *conn) writeByte(b byte) error {
	if err := c.bw.WriteByte(b); err != nil {
		c.writeFailed(err)
		return c.werr
	}
	return c.flush()
}

// startTLS upgrades the connection. direct means the client opened with a
// ClientHello rather than an SSLRequest.
func (c *conn) startTLS(ctx context.Context, direct bool) error {
	// The TLS layer reads through c.br: with direct TLS the ClientHello's
	// first bytes are already buffered there.
	tc := tls.Server(&bufferedConn{Conn: c.raw, r: c.br}, c.srv.cfg.TLSConfig)
	if err := tc.HandshakeContext(ctx); err != nil {
		return fmt.Errorf("pgwire: TLS handshake: %w", err)
	}
	c.nc = tc
	c.br = bufio.NewReader(tc)
	c.bw.Reset(tc)
	// Without ALPN a direct connection could be a confused non-PostgreSQL
	// client (PostgreSQL 17 insists for the same reason).
	if direct && tc.ConnectionState().NegotiatedProtocol != alpnProtocol {
		return errs.New(errs.ProtocolViolation, "received direct SSL connection request without ALPN protocol negotiation extension")
	}
	return nil
}

// bufferedConn is a net.Conn whose reads go through a bufio.Reader that
// may already hold some of the stream.
type bufferedConn struct {
	net.Conn
	r *bufio.Reader
}

func (b *bufferedConn) Read(p []byte) (int, error) { return b.r.Read(p) }

// startupMessage checks the protocol version and parses the parameters.
func (c *conn) startupMessage(code uint32, body []byte) (StartupParams, error) {
	major, minor := code>>16, code&0xFFFF
	if major != protocolMajor {
		return StartupParams{}, errs.New(errs.FeatureNotSupported,
			"unsupported frontend protocol %d.%d: server supports %d.0 to %d.%d",
			major, minor, protocolMajor, protocolMajor, protocolMinor)
	}
	all, protoOpts, err := parseStartupParams(body)
	if err != nil {
		return StartupParams{}, err
	}
	p := StartupParams{User: all["user"], Database: all["database"], All: all,
		Server: tcpAddr(c.raw.LocalAddr()), Client: tcpAddr(c.raw.RemoteAddr())}
	_, p.UnixSocket = c.raw.LocalAddr().(*net.UnixAddr)
	if p.User == "" {
		return StartupParams{}, errs.New(errs.InvalidAuthorization, "no PostgreSQL user name specified in startup packet")
	}
	if p.Database == "" {
		p.Database = p.User
		all["database"] = p.User
	}
	// Later 3.x clients and clients with protocol options (_pq_.*) learn
	// what we speak and carry on; the message goes out with the
	// authentication request.
	if minor > protocolMinor || len(protoOpts) > 0 {
		if err := c.send(&pgproto3.NegotiateProtocolVersion{NewestMinorProtocol: protocolMinor, UnrecognizedOptions: protoOpts}); err != nil {
			return StartupParams{}, err
		}
	}
	c.log = c.log.With("user", p.User, "database", p.Database)
	return p, nil
}

// parseStartupParams parses "name\0value\0...\0". Protocol options
// (_pq_.*) are returned apart, in order; we support none.
func parseStartupParams(b []byte) (map[string]string, []string, error) {
	layout := func(why string) error {
		return errs.New(errs.ProtocolViolation, "invalid startup packet layout: %s", why)
	}
	if len(b) == 0 || b[len(b)-1] != 0 {
		return nil, nil, layout("expected terminator as last byte")
	}
	params := make(map[string]string)
	var protoOpts []string
	for b[0] != 0 {
		name, rest, _ := bytes.Cut(b, []byte{0})
		value, rest, ok := bytes.Cut(rest, []byte{0})
		if !ok || len(rest) == 0 {
			return nil, nil, layout("expected terminator as last byte")
		}
		if n := string(name); strings.HasPrefix(n, "_pq_.") {
			protoOpts = append(protoOpts, n)
		} else {
			params[n] = string(value)
		}
		b = rest
	}
	if len(b) != 1 {
		return nil, nil, layout("expected terminator as last byte")
	}
	return params, protoOpts, nil
}

// authenticate runs SCRAM-SHA-256 (the only method) for user.
func (c *conn) authenticate(ctx context.Context, user string) error {
	if err := c.plaintextAllowed(); err != nil {
		return err
	}
	ex, err := c.newExchange(ctx, user)
	if err != nil {
		return err
	}
	if err := c.send(&pgproto3.AuthenticationSASL{AuthMechanisms: []string{scram.Mechanism}}); err != nil {
		return err
	}
	if err := c.flush(); err != nil {
		return err
	}

	body, err := c.readAuthMessage()
	if err != nil {
		return err
	}
	var initial pgproto3.SASLInitialResponse
	if err := initial.Decode(body); err != nil {
		return errInvalidFormat(err)
	}
	if initial.AuthMechanism != scram.Mechanism {
		return errs.New(errs.ProtocolViolation, "client selected an invalid SASL authentication mechanism")
	}
	serverFirst, err := ex.ClientFirst(initial.Data)
	if err != nil {
		return scramError(err, user)
	}
	if err := c.send(&pgproto3.AuthenticationSASLContinue{Data: serverFirst}); err != nil {
		return err
	}
	if err := c.flush(); err != nil {
		return err
	}

	body, err = c.readAuthMessage()
	if err != nil {
		return err
	}
	serverFinal, err := ex.ClientFinal(body)
	if err != nil {
		return scramError(err, user)
	}
	if err := c.send(&pgproto3.AuthenticationSASLFinal{Data: serverFinal}); err != nil {
		return err
	}
	return c.send(&pgproto3.AuthenticationOk{})
}

// newExchange looks the user up. An unknown user, or one whose verifier
// is unusable, gets a mock exchange that fails exactly like a wrong
// password, so the client learns nothing about which users exist.
func (c *conn) newExchange(ctx context.Context, user string) (*scram.Exchange, error) {
	stored, ok, err := c.srv.backend.SCRAMVerifier(ctx, user)
	if err != nil {
		c.log.Warn("pgwire: looking up the SCRAM verifier failed", "err", err)
		if isErrs(err) {
			return nil, err
		}
		return nil, errs.New(errs.InternalError, "could not look up the authentication data")
	}
	if ok {
		v, err := scram.ParseVerifier(stored)
		if err == nil {
			return scram.NewExchange(v), nil
		}
		c.log.Warn("pgwire: user has an unusable SCRAM verifier", "err", err)
	}
	return scram.NewMockExchange(user, c.srv.mockKey), nil
}

// readAuthMessage reads the next authentication response ('p'). A client
// that hangs up instead (psql does, to prompt for a password) is not an
// error worth a FATAL.
func (c *conn) readAuthMessage() ([]byte, error) {
	limit := func(byte) int { return min(maxAuthMessageLen, c.srv.cfg.MaxMessageSize) }
	f := readFrame(c.br, limit, nil)
	switch {
	case f.err != nil:
		return nil, f.err
	case f.typ == msgTerminate:
		return nil, io.EOF
	case f.typ != msgPassword:
		return nil, errs.New(errs.ProtocolViolation, "expected SASL response, got message type %d", f.typ)
	}
	return f.body, nil
}

// scramError turns an exchange failure into what the client sees. Every
// failure that depends on the password says the same thing.
func scramError(err error, user string) error {
	switch {
	case errors.Is(err, scram.ErrAuthFailed):
		return errs.New(errs.InvalidPassword, "password authentication failed for user \"%s\"", user)
	case errors.Is(err, scram.ErrChannelBinding):
		return errs.New(errs.FeatureNotSupported, "channel binding is not supported").
			WithDetail("The client asked for SCRAM channel binding (SCRAM-SHA-256-PLUS); this server offers SCRAM-SHA-256 only.").
			WithHint("Connect with channel_binding=disable or prefer.")
	case errors.Is(err, scram.ErrUnsupported):
		return errs.New(errs.FeatureNotSupported, "%s", strings.TrimPrefix(err.Error(), "scram: "))
	default:
		e := errs.New(errs.ProtocolViolation, "malformed SCRAM message")
		var m *scram.MalformedError
		if errors.As(err, &m) {
			e = e.WithDetail("%s", m.Reason)
		}
		return e
	}
}

// openSession starts the session and sends what a client learns after
// authentication: parameters and the cancel key.
func (c *conn) openSession(ctx context.Context, p StartupParams) error {
	sess, err := c.srv.backend.OpenSession(ctx, p)
	if err != nil {
		return errs.From(err)
	}
	c.sess = sess
	c.ext, _ = sess.(ExtendedSession)
	c.srv.register(c)
	c.log = c.log.With("pid", c.pid)
	if ps, ok := sess.(ProcessIDSession); ok {
		ps.SetProcessID(c.pid)
	}
	if ns, ok := sess.(NotifySession); ok {
		c.notify = ns
		ns.SetNotifyWake(c.notifyWake)
	}

	status := sess.ParameterStatus()
	for _, name := range slices.Sorted(maps.Keys(status)) {
		if err := c.send(&pgproto3.ParameterStatus{Name: name, Value: status[name]}); err != nil {
			return err
		}
	}
	return c.send(&pgproto3.BackendKeyData{ProcessID: c.pid, SecretKey: c.secret})
}

// tcpAddr is a TCP address as an AddrPort (invalid for a Unix socket's),
// an IPv4 address mapped into IPv6 as the IPv4 one.
func tcpAddr(a net.Addr) netip.AddrPort {
	t, ok := a.(*net.TCPAddr)
	if !ok {
		return netip.AddrPort{}
	}
	ap := t.AddrPort()
	return netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port())
}
