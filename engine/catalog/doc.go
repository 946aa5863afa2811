// Package catalog owns the schema objects — namespaces, databases, tables,
// users — and their persistence in the kv store, inside the caller's
// transaction so that DDL is transactional.
//
// catalog may import kv, errs, engine/keys and engine/value; it must never
// import the plan, executor or anything above engine/.
package catalog
