// Package exec owns the streaming executor: iterators for every plan node,
// expression evaluation (closures, blocks, match, subqueries), record
// reads and writes (validation of schemafull tables, key generation), and
// DDL through the catalog.
//
// exec may import kv, errs and everything under engine/; it must never
// import translate/, session/, pgwire/ or lang/.
package exec
