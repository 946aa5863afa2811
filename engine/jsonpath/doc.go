// Package jsonpath owns PostgreSQL's SQL/JSON path language (the jsonpath
// type): parsing path text into a Path, printing a Path as PostgreSQL's
// jsonpath_out does (the canonical text the type stores and shows), and
// evaluating a Path against a jsonb value as PostgreSQL 15's
// jsonpath_exec.c does, in lax and strict mode, with its SQLSTATEs.
//
// A jsonb document is an ordinary value.Value (objects in jsonb's key
// order, numbers as ints or decimals, jsonb null as value.JSONNull): the
// evaluator walks it in place, never through encoding/json.
//
// The evaluator mirrors PostgreSQL's structure closely (a result of ok,
// not found or error per item, a list of found items that may be nil to
// ask only whether anything is found, errors thrown or suppressed per the
// silent argument and the lax mode's structural errors), because the
// language's corner cases — where lax mode unwraps arrays, when an error
// inside a filter is unknown rather than an error, how far a lax exists
// looks — are defined by that code rather than by a grammar. The ids
// .keyvalue() reports are the byte offsets PostgreSQL's binary jsonb
// layout would give the object (keyvalueid.go). .datetime() items are
// values of the datetime kinds, which a document never holds inside the
// evaluator (datetime.go); .datetime(template) is not supported.
//
// Files: ast.go the items; lex.go and parse.go the grammar (PostgreSQL's
// jsonpath_scan.l and jsonpath_gram.y, with its checks of @ and last);
// print.go jsonpath_out; exec.go the evaluator; testdata holds cases
// with the answers of a real PostgreSQL 15 (regen.py).
//
// jsonpath may import engine/value and errs only; it never imports the
// builtin library, the executor or anything above engine/.
package jsonpath
