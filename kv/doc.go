// Package kv owns zerodb's storage contract: an ordered, transactional,
// serializable key-value Store, its Pebble implementation, the commit unit
// (Batch) that a cluster layer can replicate, and the order-preserving key
// encoding primitives that every keyspace above is built from.
//
// kv must never import any other zerodb package except errs; it knows
// nothing of tables, records, values or cluster nodes.
package kv
