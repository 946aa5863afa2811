// Package builtin owns the builtin function library shared by both front
// ends (zql.md §8 and the usual SQL scalar functions) and the Registry
// that host functions join.
//
// ZQL functions have their plain names ("uppercase", "len") and, for the
// numeric ones, math:: aliases ("math::sqrt"); type mismatches are 42804.
// SQL functions are registered as "sql::<postgres name>" ("sql::lower")
// with PostgreSQL's semantics, result types (Func.Result) and errors
// (42883 "function lower(integer) does not exist"). Functions that need
// the database or stream closures (graph, nearest, map, filter, ...) live
// with the executor, not here.
//
// Every Func documents itself with Doc and runnable Examples; Example is
// their rendering (see Func.Example for the format), which the package
// tests evaluate. builtins() builds a fresh library for each Registry.
//
// builtin may import engine/value and errs; it must never import the
// executor, plan, catalog, kv or anything above engine/. Of outside
// modules it uses github.com/antchfx/xpath (XPath 1.0 for xpath and
// xpath_exists, sql_xpath.go, over value's XML document tree).
package builtin
