// Package sqlfe is zerodb's SQL front end: it splits a query message into
// statements with PostgreSQL's own parser (pg_query_go) and translates
// each statement's parse tree into the plan IR (engine/plan), resolving
// names and types against the catalog through a translate.Resolver.
//
// It owns the PostgreSQL-facing semantics of translation: result column
// names and types (the OIDs clients see), operator and function typing,
// literal and parameter typing, assignment coercion in INSERT and UPDATE,
// GROUP BY validation, and errors with PostgreSQL's SQLSTATEs, messages
// and 1-based character positions in the message.
//
// # Tables seen from SQL
//
// A table's Scan yields [key, object] rows. A schemafull table (every
// SQL table, and ZQL tables with a schema) has one SQL column per field;
// column c reads the field c of the object, primary key columns included.
// A schemaless ZQL table has two columns: id (text: the record key) and
// doc (jsonb: the whole object). Any other column name on a schemaless
// table reads that field of the object, typed jsonb; such names are
// looked up only after the real columns of every table in the FROM
// clause, so joining a schemaless table does not make other columns
// ambiguous. Writing follows the same mapping: INSERT's id is the record
// key, doc the object, other names are fields set in it.
//
// # Indexes and EXPLAIN
//
// CREATE [UNIQUE] INDEX [IF NOT EXISTS] [name] ON t [USING btree|hnsw]
// (col [DESC], (doc->>'k'), (doc->'a'->>'b'), lower(email), (a + b), ...)
// makes a plan.CreateIndex (a key part is a column, a jsonb path, as text
// with ->> or ::text, or any expression over the row calling immutable
// builtins only, 42P17 otherwise: stored as its SQL text, which
// CompileIndexExpr compiles again for the executor and the optimizer,
// exprindex.go; RuleExpr prints that text, a CHECK's and a predicate's
// as PostgreSQL's ruleutils prints the parsed expression, with the
// casts its parser added, for the catalogs' pg_get_constraintdef and
// pg_get_indexdef, ruleutils.go); an omitted name is PostgreSQL's default (t_col_idx,
// t_expr_idx, t_lower_idx, with a number appended by the executor when
// taken). UNIQUE in CREATE TABLE
// (column or table level) adds unique indexes named t_col_key. DROP
// INDEX [IF EXISTS] drops by name; ANALYZE [t, ...] refreshes the
// tables' and their indexes' statistics. EXPLAIN [ANALYZE] stmt (and the
// parenthesized options with FORMAT TEXT) yields the optimized plan of a
// query or write as text rows in a "QUERY PLAN" column
// (plan.ExplainStmt).
//
// # Types
//
// Literals are typed as in PostgreSQL: integers int4 (int8 when they do
// not fit, numeric beyond), decimals numeric, quoted strings and NULL
// "unknown" until their context gives them a type (text when nothing
// does), parameters likewise (Statement.ParamTypes reports the result).
// Arithmetic promotes int2 < int4 < int8 < numeric < float4 < float8,
// comparisons are bool, || is text. count is int8, sum of int2/int4 int8,
// sum of int8 and avg of integers numeric, avg of floats float8, min/max
// the argument's type. Values of jsonb-typed schemaless fields combine with
// anything; the executor checks them at run time. json is text kept as
// written (value.TypeJSON), without comparison operators; its builders
// get each argument as JSON text made by the argument's type, and a FROM
// item's name as a value (a whole row) is taken by the json and jsonb
// functions only (json.go).
//
// # Positions
//
// Every error tied to the text, and every plan.Expr's At, is a 1-based
// character position in the whole message (not the statement): pg_query's
// syntax error cursor already counts characters, its node locations are
// byte offsets that sqlfe converts.
//
// # The C parser
//
// pg_query_go wraps libpg_query's statement parser only; TypeName
// (typename.go) also calls libpg_query's public C API directly, with its
// type-name parse mode, which the Go wrapper links in but does not
// expose, so that regtype input gets the grammar's own errors.
//
// # Costs
//
// Split calls pg_query once per message: a cgo call into the C parser,
// which serializes the tree to protobuf, then decoding that in Go. That
// parse dominates the cost of a simple statement; Cache keeps the
// statements of recent messages for sessions to share.
//
// A plan cache avoids both parse and translation for statements that
// differ only in their constants: Normalize (a Go scanner, no cgo)
// replaces a statement's literals by parameters, TranslateWith with
// TranslateOptions.NormalizedLiterals translates the normalized text once
// so that each parameter is typed as its literal would have been in place
// (or reports ErrNotCacheable where a constant means more than its value:
// ORDER BY 1, type modifiers, casts folded twice, literals compared at
// translation time), and Literal.Value turns each literal into its
// parameter's value with the errors the literal would have had.
//
// A plan is shared by the sessions of the cache and outlives SET TIME
// ZONE, so a constant whose value depends on the session time zone (text
// read as timestamptz without an offset, timestamptz to text, timestamp
// or date and back) is not folded: convertConst and parseLiteral convert
// with the zone unknown (value.ErrZoneUnknown) and leave a plan.Cast that
// each execution runs in its session's zone (exec.Env.Zone), and the
// optimizer's folding does the same. Literal.Value, which runs per
// execution, reads a literal in the binding session's zone. What depends
// on the zone may not be an index expression or predicate (42P17).
//
// # FROM items, subqueries and query levels
//
// A FROM item is a range entry: a table (two row columns, key and object)
// or a derived table (a subquery, VALUES, a WITH query, a view, a table
// with column aliases, an aliased join) whose named columns are
// expressions over its node's row. USING and NATURAL joins merge their
// columns into one (COALESCE of both sides for FULL joins), which `*`
// lists first. Each query level has a scope whose parent is the enclosing
// level, one row Depth further out: a subquery in an expression, or a
// LATERAL item (whose outer row is the left side). A name resolved in an
// enclosing level marks the inner levels correlated; a correlated
// subquery in a grouped query is translated again over the groups, where
// an outer column must be a group key.
//
// Top-level WHERE conjuncts [NOT] EXISTS, IN and NOT IN over subqueries
// that only filter plain tables become semi- and anti-joins (NOT IN with
// its NULL checks), so the optimizer can hash them; other subqueries stay
// plan.Subquery expressions (ANY/ALL fold their comparisons with bool_or
// or bool_and and two counts, for SQL's NULL rules). WITH queries are
// translated where they are referenced (inlined); WITH RECURSIVE becomes a
// plan.RecursiveUnion whose recursive term reads a plan.WorkTable. Set
// operations resolve each column's type across branches as PostgreSQL
// does, untyped literals included. Views are stored as deparsed SELECT
// text and translated like a subquery in FROM where they are used; the
// text names every relation outside public with its schema, and its bare
// names are public's, so it reads what it read when it was made
// (view.go: bindName, storedName).
//
// # Tables made by queries
//
// CREATE TABLE AS, SELECT INTO and CREATE MATERIALIZED VIEW make a table
// of the query's columns (types as the query's, untyped literals text,
// no constraints) and insert its rows in the same statement (ctas.go): a
// plan.Insert whose Prepare is the CreateTable, tagged "SELECT n" as in
// PostgreSQL. A materialized view also keeps its query's deparsed text,
// which REFRESH translates again (matview.go); reading one WITH NO DATA
// is 55000 at translation (its REFRESH changes the descriptor, so
// prepared statements are translated again), writing one is 42809.
//
// # Functions defined in SQL
//
// CREATE [OR REPLACE] FUNCTION ... LANGUAGE sql | plpgsql and DROP
// FUNCTION are function.go; a plpgsql body is stored unread. A call of a
// LANGUAGE sql function (where no builtin has the name) compiles the
// function for the statement into a plan.Function whose body is its
// statements, translated as statements of their own with the
// parameters as the frame's plan.Locals (sqlfunc.go); in FROM, and lifted
// from a select list, its rows are lists of its columns. CREATE
// FUNCTION compiles the body once to check it, unless the session's
// check_function_bodies (translate.SettingResolver) is off.
//
// # Aggregates defined in SQL
//
// CREATE AGGREGATE stores a catalog.Function with an Aggregate
// declaration (useragg.go; DROP, ALTER and COMMENT ON AGGREGATE reuse
// the functions' paths, RENAME is useragg_ddl.go). A call is array_agg
// of its arguments wrapped in sql::aggregate_fold, whose transition and
// final functions are plan.Functions compiled per statement from a call
// of the named function with the state and arguments as $n: the
// aggregation machinery (FILTER, DISTINCT, ORDER BY, windows) is the
// builtin aggregates'.
//
// sqlfe may import engine/plan, engine/value, engine/catalog,
// engine/builtin, translate and errs. It must never import engine/exec,
// kv, session or pgwire: it only describes what to run.
package sqlfe
