// Package zqlfe is the ZQL front end: it parses messages with lang and
// translates ZQL syntax trees into plan.Statements, resolving names
// through a translate.Resolver. The language is specified in
// shared/design/zql.md; this comment records the choices the translator
// makes where the specification leaves room.
//
// # API
//
// Split parses a whole message (a syntax error anywhere fails it with
// 42601 and a position); Translate turns one Stmt into a plan.Statement;
// CompilePredicate compiles the text of a schema assert predicate for the
// executor's AssertCompiler hook.
//
// # Streams and values
//
// A statement whose expression is a stream has the stream as its root
// node: one row per element, the element in the row's only column. Every
// other statement is a plan.Eval of its value (the session flattens a
// list value into rows; none is one NULL row). Streams are:
//
//   - a table name: `persons` (a Scan, key order);
//   - a comprehension: `[p in persons, p.age > 18]`, `[H : g1, g2, c]`;
//   - a key range of one table: `persons.@a..persons.@m`;
//   - a stream stage applied to anything: order, order_by, limit, skip,
//     distinct, reverse, map, filter, flat_map, flatten, group_by —
//     whether written `s |> f a`, `f(s, a)` or `f s`; a list input is
//     unnested, so stages work on lists the same way;
//   - writes of many records: `t::add([...])`, `t::add(stream)`,
//     `s |> update {...}`, `s |> remove`, `remove s`;
//   - `s.field` (the field of every element) and `s[cond]` (a filter,
//     when cond uses `.`), for a stream s.
//
// Stages that yield one value (count, sum, avg, min, max with no extra
// argument, first, last) and writes of one record (`t::add(@k, {...})`,
// `t::add({...})`, `t::put`, `r.update(p)`, `r.replace(p)`, `remove r` for
// a record r) are values: a Subquery in SubFirst mode over their node. A
// stream used as a value (an argument, a field of an object, a let) is a
// list: a Subquery in SubList mode. Writes are statements of kind
// StmtWrite; they yield the records written (or removed).
//
// # Record ids
//
// A record id literal `t.@k` is a read of the record — a point get
// yielding its record view {id, ...fields}, or none — when it is the
// whole statement, the receiver of a method call (`persons.@ann.keys()`,
// except for id, table and key, which take ids) or the target of a write
// (update, replace, remove). A field access on it (`persons.@ann.name`)
// reads through the link at run time (plan.Field follows record ids), and
// the table must exist. Everywhere else it is the id value itself:
// `{ home: cities.@oslo }` stores a link, `[persons.@a, persons.@b]` is a
// list of ids, `p.id == persons.@john` compares ids (and lets the
// optimizer make a point get of it), `let a = persons.@ann` binds the id.
//
// Keys: @name and @`text` (backquoted text) are symbol keys, `@42` (decimal digits)
// an integer key. When the table's primary key is one typed column (a
// table made by SQL), a constant key is converted to its type: on an int
// key `users.@2` is key 2, on a text key `tags.@42` is "42" and
// `tags.@red` is "red"; a key that cannot convert (`users.@john`) is
// 42804. When the table does not exist the key is left as written, so
// `color.@red` can name an enum variant.
//
// # Names
//
// A name used as a value resolves, in order, to: the innermost lexical
// binding (block let, closure parameter, match binding, comprehension or
// pipeline variable, `.`), a session variable (Resolver.HasSessionVar,
// made by a statement-level let), a table (a stream), a function (a
// function value); anything else is 42703 `unknown name "x"`. A generator
// source or a write that names no table is 42P01 `table "x" does not
// exist`.
//
// A name in call position resolves to a lexical binding (applied), then
// to what ZQL defines — the writes remove, update, replace, the stream
// stages, the operators contains and matches — then to builtin and host
// functions (Resolver.Function), then to a session variable (applied);
// anything else is 42883. Stage names come before session variables, so
// `let limit = 10` does not break `|> limit limit`. In value position a
// plain function name is a function value (`xs |> map uppercase`), but a
// namespaced function of no arguments is called: `math::pi`.
//
// The object shorthand `{ name }` reads whichever is bound closer: a name
// `name`, or the element `.` (then it is `.name`, as in
// `[ { name, age } in persons ]`).
//
// # Comprehensions and pipelines
//
// Generators become a left-deep tree of inner joins in the order written:
// a table is a Scan (rows [key, object], the variable bound to the record
// view), a stream is its node, any other value an Unnest. A generator
// whose source reads an earlier generator (or any enclosing row) is the
// right side of a lateral join; the others are plain joins the optimizer
// may turn into hash joins. Each condition is a Filter placed where it
// appears; field reads of a scanned record are plan.Field over its object
// column, so the optimizer can push them into scans, make point gets and
// key ranges of key comparisons and hash joins of equalities. The head is
// a Project, unless it is a generator variable: then the stream keeps that
// record's key and object columns, which is what lets `[...] |> remove`
// and `|> update` find the records to write.
//
// A per-element stage argument (map, filter, flat_map, group_by,
// order_by keys, update patches) is inlined: a closure literal's
// parameter, or `.` for an argument that uses `.`, is bound to the
// element; a function name is called on it; any other function value is
// applied to it. Stage arguments of other functions that use `.` become
// closures, and a stage that is itself such an expression is applied to
// the input: `s |> .name` is `(|e| e.name)(s)`.
//
// # Other statements
//
// A statement-level `let` is a StmtSet (its value is evaluated by the
// session; a typed let is checked). `use db.@x` is StmtUse "x" (a
// backquoted db.@`ns/x` names a database of another namespace);
// `use namespace.@n` selects database "main" of n. table::create,
// db::create and namespace::create are DDL statements (a default of a
// schema field is a constant, or a call of a function without arguments
// such as now(); asserts are stored as the source text of each predicate,
// after checking that it compiles). `destroy kind.@x` drops a table
// (DropTable) or another object (DropObject). `transaction { ... }` is its
// block: a statement is atomic already and joins an open BEGIN block.
// Declaring functions, import, enum::create, type::create, edge::create,
// index::create, graph paths and nearest are 0A000 for now.
//
// # Errors
//
// Every error is an *errs.Error; those tied to the text carry the 1-based
// character position, in the whole message, of the offending node.
// Operators on constants are folded, so their type errors (42804/42883)
// are found at translate time; errors that depend on evaluation (division
// by zero, overflow) are left to run time.
//
// zqlfe may import lang, errs, translate and engine/{plan,value,catalog,
// builtin}; it must never import engine/exec, kv, session, pgwire or cmd.
package zqlfe
