// Package scram owns SCRAM-SHA-256 (RFC 5802, RFC 7677) verifiers and the
// server side of the exchange, in PostgreSQL's formats. It is a leaf:
// it must never import any other zerodb package.
//
// NewVerifier and ParseVerifier deal in PostgreSQL's stored form
// ("SCRAM-SHA-256$<iter>:<salt>$<StoredKey>:<ServerKey>"), so verifiers
// can be moved between zerodb and PostgreSQL. An Exchange runs one
// authentication; NewMockExchange runs one for a user that does not
// exist, indistinguishable from a wrong password. Channel binding
// (SCRAM-SHA-256-PLUS) is not offered yet: clients that could bind ("y")
// are accepted, clients that insist ("p") are refused with
// ErrChannelBinding.
package scram
