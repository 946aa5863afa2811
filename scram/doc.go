// Package scram owns SCRAM-SHA-256 (RFC 5802, RFC 7677) verifiers and the
// server side of the exchange, in PostgreSQL's formats. It is a leaf:
// it must never import any other zerodb package.
package scram
