// Package plpgsql runs PL/pgSQL: DO blocks, the bodies of LANGUAGE
// plpgsql functions and trigger functions.
//
// It does not parse PL/pgSQL itself: PostgreSQL's own PL/pgSQL parser
// (pg_query.ParsePlPgSqlToJSON) reads the body into a JSON tree, which
// Parse decodes into the statements of this package (tree.go). The SQL
// a body embeds — expressions, conditions, queries, writes — is SQL for
// the session's front end: bind.go rewrites each to read the variables it
// names as parameters $1..$n (parsing it with PostgreSQL's parser and
// replacing the spans of the column references that name variables), and
// the Host translates it once per function and parameter types
// (exprCache), then runs it per execution with the variables' values.
//
// A record or row variable named whole in embedded SQL is a parameter
// of a composite type (its value's, or a row variable's declared one);
// a row variable whose field is assigned is declared a record for
// pg_query's parser, which has no catalog to know its type is a row
// (rowvars.go).
//
// The interpreter (exec.go) keeps variables in slots, one per name
// (pg_query's tree does not say which block declares what; see Var), and
// runs exception blocks over a Host savepoint, so that a handled error
// undoes the block's writes as in PostgreSQL.
//
// plpgsql imports engine/value and errs only; the session implements
// Host. It must never import the session, the translators or the
// executor.
package plpgsql
