// Package exec owns the streaming executor: iterators for every plan node,
// expression evaluation (closures, blocks, match, subqueries), record
// reads and writes (validation of schemafull tables, key generation), and
// DDL through the catalog.
//
// exec may import kv, errs and everything under engine/; it must never
// import translate/, session/, pgwire/ or lang/.
//
// # Conventions the front ends rely on
//
// Rows and depths. An expression's ColRef Depth 0 is the row of the node
// it belongs to. Leaf nodes have no row of their own — Values rows,
// Unnest.X, Eval.X, a Scan's key span and limit, Limit.Count/Offset and
// Sort.Limit — so for them Depth 1 is already the node's outer row (the
// left row of a lateral join, the row of the query a Subquery sits in).
//
// Frames. Block, Closure and each Match always open a new local frame,
// even with zero slots, so a Local's Depth counts every enclosing Block,
// Closure and Match. Let writes the innermost frame.
//
// Expressions may be built as pointers (&plan.Const{}) or plain structs
// (plan.Const{}); pointers are faster.
//
// Records. A scan row is [key, object]. For a table with a primary key the
// key columns are stored in the object as well (the object is the whole
// row), so Field{obj, pk} and the key agree and the row keeps each
// column's exact SQL type; the key itself is the column value (one column)
// or a tuple (several). Records written without a key get a generated
// one: a 26-character lower-case ULID-style symbol whose text sorts by
// creation time. In a table without a primary key or declared id field,
// an `id` field of a written object names the record (a record id of that
// table, or a key value) and is not stored. Fields of schemafull tables
// that end up none are not stored (a missing field reads as none).
//
// Writes. Insert, Update and Delete write as their rows are pulled, so the
// session must drain a write statement's rows before it commits. Update
// and Delete (and an Insert whose input reads its own table) first read
// their whole input, so a statement never meets rows it wrote itself.
//
// Asserts of schemafull fields are ZQL source text that this package
// cannot parse: the session sets Executor.AssertCompiler; without it
// asserts are not checked.
//
// Errors are *errs.Error with PostgreSQL's SQLSTATEs and, when the failing
// expression has one, its position. Cancellation of the context (client
// CancelRequest, statement_timeout) is checked every 256 rows of every
// long loop and surfaces as 57014.
package exec
