// Package tsearch owns PostgreSQL's full text search at the value layer:
// the tsvector and tsquery values with their canonical text forms
// (vector.go, query.go), the default parser's token kinds (parser.go),
// the simple and english configurations with Snowball English stemming
// (config.go), matching with phrase distances (match.go), ranking
// (rank.go: ts_rank and ts_rank_cd) and headlines (headline.go).
//
// It is pure: values in, values out, no state between calls. SQL types
// and functions are built on it by engine/value (the text I/O of the
// types) and engine/builtin (the functions). It must import nothing of
// the project but errs.
package tsearch
