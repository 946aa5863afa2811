// Package translate holds what both front ends share: the Resolver through
// which they look up catalog objects and functions, and the reads of a
// partitioned table and of a table with inheritance children (a
// plan.Append of their tables' scans). Its subpackages turn
// source text into plan.Statements: sqlfe (SQL through pg_query_go) and
// zqlfe (ZQL through lang).
//
// translate and its subpackages may import lang, errs, engine/plan,
// engine/value, engine/catalog and engine/builtin; they must never import
// engine/exec, kv, session, pgwire or cmd.
package translate
