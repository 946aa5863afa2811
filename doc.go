// Package zerodb is the embedded Go API of zerodb: the same engine the
// server runs (the Pebble key-value store, the catalog, the SQL and ZQL
// front ends, the optimizer and the streaming executor), opened inside
// your program, without the wire protocol.
//
//	db, err := zerodb.Open(ctx, zerodb.Options{Dir: "data"}) // or InMemory: true
//	defer db.Close()
//	db.Exec(ctx, `table::create(@persons)`)
//	db.Exec(ctx, `persons::add(@ann, { name: $1, age: $age })`, "Ann", zerodb.Named("age", 31))
//	rows, err := db.Query(ctx, `persons |> filter .age > $1`, 18)
//	for rows.Next() { ... rows.Values() ... }
//
// A statement is ZQL or SQL by the rule the server uses
// (docs/languages.md). Parameters are $1, $2, ... (values in order) and,
// in ZQL, $name (values given with Named). ZQL takes parameter values as
// they are (a Go int is an int, a map an object); SQL converts them to
// the types its translation inferred, as a PostgreSQL driver would.
//
// A ZQL result has one column, named result, with one value per row (a
// statement whose value is a list yields one row per element); a SQL
// result has its columns. Values come back as Go values: see Rows.Values
// for the mapping.
//
// A Conn is one session (its transaction block, `let` bindings, `use`d
// database and settings); it runs one statement at a time. DB's Query,
// Exec and Begin borrow a pooled Conn. Prepare translates and optimizes a
// statement once; each Execute looks its tables up again in its own
// transaction and translates anew if one changed, exactly as the server's
// prepared statements do. Outside a transaction block a query streams
// from a read-only snapshot until its Rows are closed, and a write runs
// and commits (retried after a serialization conflict) before Execute
// returns. Every error is an *errs.Error carrying a PostgreSQL SQLSTATE.
//
// This package sits above session/ and must never be imported by the
// engine: see ARCHITECTURE.md.
package zerodb
