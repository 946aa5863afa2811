// Package pgserver starts a throw-away PostgreSQL server (Debian's
// postgresql package) in a temporary directory on a free loopback port,
// for benchmarks and differential tests that compare zerodb with the real
// thing. As root it runs the server as the "postgres" user, since
// PostgreSQL refuses to run as root.
//
// pgserver imports nothing of zerodb; only tests, bench/ and cmd/ use it.
package pgserver
