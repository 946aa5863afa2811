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

// Not wired into SQL yet (translate/sqlfe/ranges.go makes every way in
// 0A000). The seams the wiring needs, as timetz and tsvector used them:
//
//   - value: a kind appended at the end of the Kind list whose Value
//     holds a Range (sub = its Kind). value cannot import pgrange, yet
//     Type.OID needs the kinds' OIDs, ParseText and AppendText the text
//     forms, Compare, Equal and Hash range_cmp and Make: so range.go
//     moves into package value (as sqlrange.go), and only the operators
//     and the binary form may stay here. Type carries the range Kind for OID (Kind.OID), the
//     array OIDs (Kind.ArrayOID), TypeOfOID and SQLName; codec.go and
//     key.go need encodings (key: empty first, lower bound with unbounded
//     before any value and inclusive before exclusive, then the upper
//     bound with exclusive before inclusive and unbounded last).
//   - catalog: the kind's name in descriptor.go; sysview pg_type rows
//     (typtype 'r', typcategory 'R') and pg_range.
//   - sqlfe: the type names in ddl.go, casts from text and unknown
//     literals, the operators @> <@ && << >> &< &> -|- + * - typed by
//     their operands (an element on the right of @>), the constructors
//     and functions (lower and upper chosen by argument type, as text's
//     lower and upper exist).
//   - session: binary format through AppendBinary and ParseBinary (the
//     bounds in their own binary forms).
