// Package pgrange owns the logic of PostgreSQL's built-in range types
// (int4range, int8range, numrange, daterange, tsrange, tstzrange) over
// bound values of package value: the text input and output of
// rangetypes.c (range_parse, range_out), make_range's checks and the
// canonical forms of the discrete types, the order of range_cmp, and the
// operators and functions (contains, overlaps, adjacency, union,
// intersection, difference, range_merge).
//
// It is pure: no catalog, no session, no plans. It may import package
// value and errs only; it must never import the engine's upper layers
// (catalog, exec, opt), the translators or the wire protocol.
package pgrange
