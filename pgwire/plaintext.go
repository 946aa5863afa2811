package pgwire

import (
	"crypto/tls"
	"net"

	"github.com/zerodb/zerodb/errs"
)

// plaintextAllowed reports whether a password exchange may run on this
// connection: over TLS, from a loopback address or a Unix socket, or
// anywhere when Config.AllowPlaintextPasswords says so. (An in-process
// net.Pipe, as tests and embedders use, never leaves the process.) Elsewhere the
// client is refused before any authentication message (28000), as
// PostgreSQL refuses a connection that matches only a hostssl line of
// pg_hba.conf.
func (c *conn) plaintextAllowed() error {
	if c.srv.cfg.AllowPlaintextPasswords {
		return nil
	}
	if _, ok := c.nc.(*tls.Conn); ok {
		return nil
	}
	switch a := c.raw.RemoteAddr().(type) {
	case *net.TCPAddr:
		if a.IP.IsLoopback() {
			return nil
		}
	case *net.UnixAddr:
		return nil
	default:
		if a != nil && a.Network() == "pipe" {
			return nil
		}
	}
	return errs.New(errs.InvalidAuthorization, "password authentication on an unencrypted connection from %s is not allowed", c.raw.RemoteAddr()).
		WithHint("Connect with TLS (sslmode=require), or start the server with --allow-plaintext-passwords.")
}
