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
// is the field of a point get of the record, or none (id is the id
// itself, a tuple index follows the link at run time), and the table must
// exist; its key may be a parameter (Normalize makes it one where the
// table takes the key as it is). Everywhere else it is the id value itself:
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
// `color.@red` can name an enum variant: when no table of that name
// exists but an enum does, `color.@red` is the symbol @red, checked
// against the enum's variants (22P02).
//
// # Stored functions
//
// `function f(p: T, q: T = d) -> R { body }` is a CreateFunction DDL
// statement. The declaration is compiled when it is made — unknown names,
// types and every write (42P13, naming it) are reported then, with their
// positions — and stored with its source text and its resolved types
// (catalog.Function). A statement that calls f compiles it again from the
// stored source into a plan.Function, once per statement (function.go):
// a call, in any form, is plan.Apply of a plan.FuncRef; recursion refers
// back to the plan.Function being compiled. A body sees its parameters,
// its lets, tables, stored and builtin functions, enums and types, but no
// session variable and no statement parameter. Its positions are 0, so an
// error inside it takes the call's position. The executor checks the
// argument and result types and bounds recursion (54001).
//
// # Names
//
// A name used as a value resolves, in order, to: the innermost lexical
// binding (block let, closure parameter, match binding, comprehension or
// pipeline variable, `.`), a session variable (Resolver.HasSessionVar,
// made by a statement-level let or an import), a table (a stream), a
// stored function (a plan.FuncRef), a builtin function (a function
// value); anything else is 42703 `unknown name "x"`. A generator source
// or a write that names no table is 42P01 `table "x" does not exist`.
//
// A name in call position resolves to a lexical binding (applied), then
// to what ZQL defines — the writes remove, update, replace, the operators
// contains and matches, describe — then to a stored function (which may
// shadow a stage or a builtin of its name), then to the stream stages,
// then to builtin and imported host functions (Resolver.Function), then
// to a session variable (applied); anything else is 42883. Stage names
// come before session variables, so `let limit = 10` does not break
// `|> limit limit`. A name that is both a stage and a builtin (count,
// reverse, first, ...) is the builtin when its input is not a stream:
// `reverse("abc")` is "cba". In value position a plain function name is
// a function value (`xs |> map uppercase`), but a namespaced function of
// no arguments is called: `math::pi`.
//
// A host function (builtin.Func.Host, registered by the embedding
// program) is visible to a session once it ran `import name`, which binds
// the name as a session variable holding the function; stored function
// bodies and assert predicates see host functions without an import.
//
// Stored functions, enums and named types are seen through
// translate.CatalogResolver when the Resolver implements it (the
// session's does); through a plain Resolver they do not exist. Assert
// predicates see them too: the executor compiles an assert in the
// writing statement's transaction and database, once per statement, so a
// redefined function or a dropped enum takes effect at the next write.
//
// The optimizer does not look inside stored functions: a call
// (plan.FuncRef) is an opaque expression to it, never inlined or used to
// derive a key range.
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
// after checking that it compiles). enum::create(@e, [@a, ...]) and
// type::create(@t, { f: T, ... }) are CreateEnum and CreateType; an enum's
// type is catalog.EnumType (a symbol type listing its variants, enforced
// by catalog.CheckValue), a named type is its shape named after it. Enums
// and types are resolved when a schema, a function or a typed let is
// translated: what was declared keeps the type even after the enum or type
// is destroyed. No table, enum or type may take another's name (42710).
// `destroy kind.@x` drops a table (DropTable) or another object
// (DropObject). `describe kind.@x` and `kind::describe(@x)` (table,
// function, enum, type) and `db::describe()` are constants read from the
// catalog at translate time. `import a, b` is a StmtSet binding each name
// to its function. A typed let is checked where its value is computed
// (a constant now, 42804 at its position). `transaction { ... }` is its
// block: a statement is atomic already and joins an open BEGIN block.
// index::create with kind: @hnsw is a CreateVectorIndex (vectorindex.go);
// `nearest(field, q, k)` is Sort(distance) + Limit, projected with a
// `distance` field, which the optimizer turns into an HNSW search when an
// index of the field fits (vector.go). Graph paths and edge::create are
// described below.
// # Graphs
//
// An arrow chain (lang.Path) is a stream (graph.go). With concrete
// vertices at both ends (record ids, records, lists of them, names bound
// to them — not `*`, a table or a filtered step) and one plain edge name
// between, optionally called with a field object, it writes: `->`/`<-`
// create one edge per (from, to) pair (a LinkEdges node, which makes the
// edge table on first use), `-/>` removes the matching edges; both yield
// the edge records. Every other chain is a Traverse node: its input is
// the head's vertices (a stream, an edge table's far ends for `knows ->`,
// or the unnested value), then one GraphStep per edge position. A vertex
// position is `*`, a table, either with `[cond]`, or a concrete value (a
// list literal is membership, anything else equality). Traversals yield
// record ids of the vertices reached (field reads follow them, so
// `[ { name } in a -> knows -> * ]` works, and `b in (a -> knows -> *)`
// is membership), or edge records when the chain ends on an edge. A
// plain step yields one vertex per edge (a chain is one row per path);
// `{m..n}` is a breadth-first search in which every vertex counts once,
// at its shortest distance. The arrows around an edge give its direction:
// `-> e ->` out, `<- e <-` in, `<- e ->` both ways. A head `*` reverses
// the chain (`* -> knows -> b` is `b <- knows <- *`). shortest_path(a,
// b[, edge]) and neighbors(v[, edge]) are calls resolved after stored
// functions and stages; edge::create(@e, { from: t, to: t, fields: {...} })
// makes an edge table whose ends are checked. A step records the
// descriptors of its edge table and of its one vertex table (EdgeTable,
// VertexTable), whose indexes the optimizer may check the step's filters
// against.
//
// TranslateArgs translates a query given arguments by its caller (SQL's
// zql(text, arg, ...)): its $1..$n are then not statement parameters but
// references to the columns of a row one level outside the statement's
// root, which the caller builds from the arguments and joins the query
// laterally on.
//
// # Writes to schemafull tables
//
// The constant parts of records written to a schemafull table made by ZQL
// are checked when the statement is translated, with the executor's rules
// and messages (validate.go): an undeclared field is 42703 at the field,
// a wrong type 42804 at the value, a missing required field of a whole
// record 23502 at the record. So these errors come before anything is
// written; the executor checks every record again (and the asserts), its
// errors carrying the record's position. Reading a field that a
// schemafull table does not declare (`p.shoe` where p is one of its
// records, or `t.shoe` for its stream) is 42703 at the field's name.
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

//go:generate go run ./zqldoc/cmd/zqldoc -doc ../../docs/zql.md
