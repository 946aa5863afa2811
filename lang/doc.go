// Package lang is the front end of ZQL, zerodb's native query language: the
// lexer, the parser, the syntax tree with byte positions, the canonical
// printer and syntax diagnostics.
//
// lang owns the surface syntax only. It does not resolve names, check
// types or know what a table is; the translator (package translate) walks
// the tree that Parse returns and decides what it means. The grammar the
// parser follows, with its precedence table and the rules that decide what
// juxtaposed names mean, is written down in grammar.md beside this file.
//
// lang must never import any zerodb package, only the standard library.
// That keeps it fuzzable on its own and reusable by tools that do not link
// the engine: the shell's highlighter (Tokenize), a language server, a
// formatter (Print).
//
// Entry points:
//
//   - Parse splits a script into statements; each records its byte span, so
//     a caller can run and report them one by one.
//   - Print renders any tree as canonical source; Parse(Print(t)) == t.
//   - Dump renders a tree as an s-expression for tests and debugging.
//   - Tokenize lexes a script into classified tokens, comments included.
//
// Every error is an *Error: a syntax error (SQLSTATE 42601) with a byte
// offset, a line and column, and the 1-based character position that
// PostgreSQL's ErrorResponse wants. No input makes Parse panic.
package lang
