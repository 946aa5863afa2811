// Package graph owns zerodb's graph storage and algorithms, independent
// of the front ends: the adjacency entries that let a traversal expand a
// vertex in O(its degree) without reading an edge table, and the
// traversals over them — bounded breadth-first search where every vertex
// is visited once, and bidirectional breadth-first shortest paths.
//
// # Model (zql.md §9)
//
// Vertices are ordinary records of any table. An edge is a record of an
// edge table (catalog.Table.Edge) whose field `in` holds the record id of
// its source and `out` that of its target. The executor calls Link when
// an edge record is written and Unlink when it is changed or removed,
// inside the writing transaction, so adjacency never disagrees with the
// committed edge records.
//
// # Layout
//
// Every edge e from vertex a to vertex b has two entries, one under each
// end:
//
//	'g' <table id of a> <key of a> 'o' <edge table id> <key of e>  →  n, b's id (n bytes), e's id
//	'g' <table id of b> <key of b> 'i' <edge table id> <key of e>  →  n, a's id (n bytes), e's id
//
// under the database's prefix (keys.GraphPrefix). Keys are the
// order-preserving value key encoding, which is prefix-free, so the
// entries of one vertex, of one vertex and direction, and of one vertex,
// direction and edge table are each one contiguous key range: expanding a
// vertex is one prefix scan, and finding whether a deleted vertex has any
// edge is one seek (HasEdges). The value repeats the other end's record id
// and the edge's record id so an expansion needs no other read; the other
// end comes first with its length (a uvarint) so an expansion that never
// looks at edges (Reader.Neighbours) skips decoding them.
//
// # Reading
//
// A Reader expands vertex after vertex through one kv iterator over the
// database's adjacency, re-aimed with kv.Seeker at each vertex's entries:
// a Pebble iterator costs several times more to create than to seek, and
// one traversal expands many vertices. Each expansion still joins the
// transaction's read set as its own key range, so a read-write traversal
// conflicts with a concurrent edge insert at a vertex it expanded.
package graph
