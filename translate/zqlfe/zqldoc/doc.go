// Package zqldoc maintains docs/zql.md, the ZQL language reference for
// users. It renders the builtin library section from engine/builtin's
// Doc and Examples (Library), splices it into the document between two
// markers (Splice), and reads the document's runnable examples (Blocks),
// which translate/zqlfe's tests run against a real engine.
//
// Regenerate the document with `go generate ./translate/zqlfe`; a test
// fails while it is stale.
//
// # Examples
//
// Every fenced block whose info string is `zql` is runnable. The blocks of
// the document run in order against one fresh in-memory database, like
// one session: a table made in one block is there for the next. Inside a
// block, each line `// => result` states the result of the statement just
// before it (the last one of the lines since the previous result):
//
//	// => <JSON>       one line per result row, as zql.md §12 renders it
//	                   (a single JSON array also matches the rows of a
//	                   list or stream, one element per row)
//	// => (no rows)    the statement yields no row
//	// => <type>       one row holding a value of that ZQL type (for
//	                   results that differ between runs: uuid(), now())
//	// => error CODE   the statement fails with that SQLSTATE
//
// Statements without a `// =>` line after them must succeed.
//
// zqldoc may import engine/builtin (the library it documents) and nothing
// else of the project; running the examples is the tests' business, so it
// must never import the executor, kv or the session.
package zqldoc
