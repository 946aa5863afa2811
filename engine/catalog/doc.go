// Package catalog owns the schema objects — namespaces, databases, tables
// (materialized views among them: Table.MatView), SQL views, sequences,
// users, and stored functions, enums and named types (objects.go) —
// and their persistence in the kv store, inside the caller's
// transaction so that DDL is transactional.
//
// Stored functions are of three languages in one name space (one
// function per name): ZQL's, and those SQL's CREATE FUNCTION defines in
// LANGUAGE sql or plpgsql, whose declaration is Function.Routine and
// whose body is Function.Source verbatim. routine.go says how a
// language's front end or interpreter finds and reads them.
//
// Where things are stored is engine/keys' business (its doc.go has the
// layout); how a descriptor is encoded is in descriptor.go, and why the
// descriptor cache can never serve a stale descriptor is in cache.go.
// Ids come from sequences in system keys, allocated inside the DDL
// transaction and never reused. SQL sequences (CREATE SEQUENCE, serial
// and identity columns) are another thing: descriptors like the others,
// whose values a per-node allocator hands out outside the caller's
// transaction (seqalloc.go says why and how).
//
// Descriptors returned by a Catalog are shared between sessions and must
// not be modified.
//
// catalog may import kv, errs, engine/keys and engine/value; it must never
// import the plan, executor or anything above engine/.
package catalog
