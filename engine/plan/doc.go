// Package plan owns the plan IR that both front ends (SQL and ZQL)
// translate into and that the optimizer rewrites and the executor runs:
// relational nodes (scans, joins, aggregates, sorts, writes, DDL) and
// scalar expressions (including closures, blocks, match and subqueries),
// plus the EXPLAIN printer.
//
// plan may import engine/value and engine/catalog (for table
// descriptors); it must never import the executor, kv or anything above
// engine/.
package plan
