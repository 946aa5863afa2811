// Package exec owns the streaming executor: iterators for every plan node,
// expression evaluation (closures, blocks, match, subqueries), record
// reads and writes (validation of schemafull tables, key generation),
// DDL through the catalog, role management, and the privilege checks of
// every table read and write (privilege.go).
//
// exec may import kv, errs, scram (role passwords), vector, graph and
// everything under engine/; it must never import translate/, session/,
// pgwire/ or lang/.
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
// Foreign keys are checked, and data-modifying WITH queries' writes
// applied, when the root's rows run out (rows.Next), so a statement's
// effects are complete only once its rows are drained.
//
// Stored functions. A plan.FuncRef evaluates to a function value; Apply
// of it runs the plan.Function (function.go): argument count, defaults
// (evaluated in the function's frame, so they may read earlier
// parameters), argument and result types (catalog.CheckValue, 42804), the
// body in a fresh frame with no row and no enclosing frame, recursion
// bounded like closures' (54001). A body is optimized (opt.OptimizeWith)
// once per statement on its first call. Errors from inside a function get
// the position of the Apply that called it.
//
// Types. Every type check (Cast with Check, typed Let and SetSessionVar,
// function parameters, schemafull fields) goes through
// catalog.CheckValue, which adds the enum rule to value.Check: a value of
// an enum's type must be one of its variants.
//
// Asserts of schemafull fields are ZQL source text that this package
// cannot parse: the session sets Executor.AssertCompiler, which compiles
// them in the writing statement's transaction and database (they may call
// stored functions); a run caches them for its own statement only.
// Without the hook asserts are not checked.
//
// Expression index parts (catalog.IndexPart.Expr) are SQL text: the
// session sets Executor.IndexExprCompiler, and the compiled expressions
// are cached by the executor for every run (they call only immutable
// builtins, so the text and the table's column types decide them). A part
// is evaluated over the record's row [key, object] on every write, as a
// CHECK constraint is. A partial index's predicate (catalog.Index.Where)
// is compiled the same way and decides whether a record version has an
// entry (run.covers). So is a stored generated column's expression
// (catalog.Field.Generated): validate computes the field from the
// record's other, final fields on every write (generatedFields), before
// CHECK constraints, indexes and foreign keys see the record, and refuses
// a write that gives it another value (refuseGenerated, 428C9). Without
// the hook, writing such a table fails.
//
// Errors are *errs.Error with PostgreSQL's SQLSTATEs and, when the failing
// expression has one, its position (a record that fails a schemafull
// table's validation or duplicates a key: the position of the object
// expression that built it). Cancellation of the context (client
// CancelRequest, statement_timeout) is checked every 256 rows of every
// long loop and surfaces as 57014.
package exec
