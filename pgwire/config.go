package pgwire

import (
	"crypto/tls"
	"slices"
	"time"
)

// Defaults applied by NewServer to zero Config fields.
const (
	// DefaultMaxMessageSize caps one frontend message body. PostgreSQL
	// allows up to 1 GiB; 64 MiB is plenty for statements and keeps a
	// hostile client from making us buffer a gigabyte per connection.
	DefaultMaxMessageSize = 64 << 20
	// DefaultAuthTimeout is PostgreSQL's authentication_timeout.
	DefaultAuthTimeout = time.Minute
)

// Config tunes a Server. The zero value is usable.
type Config struct {
	// TLSConfig, when set, lets clients encrypt: an SSLRequest is
	// answered 'S' and the connection upgraded, and a TLS ClientHello as
	// the very first bytes (PostgreSQL 17's sslnegotiation=direct) is
	// accepted when it negotiates the "postgresql" ALPN protocol. When nil
	// SSLRequest is answered 'N' and clients go on in plain text.
	TLSConfig *tls.Config
	// MaxMessageSize caps the body of one frontend message in bytes
	// (DefaultMaxMessageSize when zero). A larger message is a protocol
	// violation that ends the connection.
	MaxMessageSize int
	// AuthTimeout bounds everything from accept to the first
	// ReadyForQuery: TLS handshake, start-up packet, SCRAM exchange and
	// opening the session (DefaultAuthTimeout when zero).
	AuthTimeout time.Duration
	// AllowPlaintextPasswords lets clients authenticate on unencrypted
	// connections from other hosts. Without it a password exchange runs
	// only over TLS or from loopback and Unix-socket peers.
	AllowPlaintextPasswords bool
}

func (c Config) withDefaults() Config {
	if c.MaxMessageSize <= 0 {
		c.MaxMessageSize = DefaultMaxMessageSize
	}
	if c.AuthTimeout <= 0 {
		c.AuthTimeout = DefaultAuthTimeout
	}
	if c.TLSConfig != nil {
		// libpq 17 and pgx offer ALPN "postgresql"; Go refuses a handshake
		// whose ALPN offers share nothing with ours, so ours must list it.
		// Clone so the caller's config is never modified.
		c.TLSConfig = c.TLSConfig.Clone()
		if !slices.Contains(c.TLSConfig.NextProtos, alpnProtocol) {
			c.TLSConfig.NextProtos = append(c.TLSConfig.NextProtos, alpnProtocol)
		}
	}
	return c
}

// alpnProtocol is the ALPN protocol name PostgreSQL registered.
const alpnProtocol = "postgresql"
