package pgwire_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/pgwire"
)

// remoteListener makes its connections look as if they came from addr.
type remoteListener struct {
	net.Listener
	addr net.Addr
}

func (l remoteListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return remoteConn{c, l.addr}, nil
}

type remoteConn struct {
	net.Conn
	addr net.Addr
}

func (c remoteConn) RemoteAddr() net.Addr { return c.addr }

func TestPlaintextPasswords(t *testing.T) {
	remote := &net.TCPAddr{IP: net.ParseIP("192.0.2.7"), Port: 40000}
	tests := []struct {
		name   string
		cfg    pgwire.Config
		from   net.Addr
		sslReq bool
		ok     bool
	}{
		{"loopback in plain text", pgwire.Config{}, &net.TCPAddr{IP: net.IPv6loopback, Port: 40000}, false, true},
		{"unix socket", pgwire.Config{}, &net.UnixAddr{Name: "@", Net: "unix"}, false, true},
		{"remote in plain text", pgwire.Config{}, remote, false, false},
		{"remote in plain text, allowed", pgwire.Config{AllowPlaintextPasswords: true}, remote, false, true},
		{"remote over TLS", pgwire.Config{TLSConfig: selfSignedTLS(t)}, remote, true, true},
		{"remote, TLS offered but not used", pgwire.Config{TLSConfig: selfSignedTLS(t)}, remote, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := startServerWrapped(t, tc.cfg, func(l net.Listener) net.Listener { return remoteListener{l, tc.from} })
			var extra []string
			if tc.sslReq {
				extra = append(extra, "sslmode=require")
			}
			cs := s.connString(testUser, testPassword, extra...)
			if tc.sslReq {
				cs = strings.Replace(cs, "sslmode=disable", "", 1)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			c, err := pgconn.Connect(ctx, cs)
			if tc.ok {
				if err != nil {
					t.Fatalf("connect: %v", err)
				}
				_ = c.Close(ctx)
				return
			}
			pe := pgError(t, err)
			if pe.Code != errs.InvalidAuthorization || pe.Severity != "FATAL" || !strings.Contains(pe.Hint, "TLS") {
				t.Fatalf("got %s %s %q (hint %q), want FATAL 28000 with a hint to use TLS", pe.Severity, pe.Code, pe.Message, pe.Hint)
			}
		})
	}
}
