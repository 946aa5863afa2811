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
//
// # Caching
//
// A Store with a Cache expands through it: a hit is a hash lookup and a
// walk over one byte slice holding the values under the expanded prefix
// (vertex, direction, edge table — or vertex and direction for every
// edge table), never a Pebble seek. One Cache serves every transaction of
// a kv store (the session makes it when it opens the store), so it must
// never show a transaction adjacency its snapshot does not hold:
//
//   - kv reports every commit's seq and written keys (Options.OnCommit →
//     Cache.Committed) after the seq is assigned and before any snapshot
//     can hold the commit. For each adjacency key it raises lastMod, an
//     array of seqs indexed by the hash of each prefix the key lies
//     under, to the commit's seq. So once a snapshot exists, lastMod
//     covers every commit in it, and lastMod[p] is at least the seq of
//     the last commit that changed p. A hash collision only raises a
//     slot too high, which costs misses, never a stale hit.
//   - An entry is (prefix, values, at): the values a snapshot holding
//     exactly the commits <= at read (kv.SnapshotSeq). A transaction
//     whose snapshot is described by seq S uses it iff lastMod[p] <=
//     min(at, S), read after finding the entry: no commit changed p after
//     min(at, S), so p is the same in both states. An entry a newer
//     snapshot stored after the lookup began cannot sneak in, because
//     its changes were in lastMod before it was stored.
//   - A read-only transaction's snapshot holds exactly the commits <= its
//     seq. A read-write one's holds every commit <= its start and
//     possibly some later ones that got their seq before it began: their
//     changes are in lastMod, above S = start, so the cache is not used
//     for the prefixes they touched, and nothing is stored from such a
//     read (lastMod is checked again after the read, before storing).
//   - A transaction with its own buffered writes under a prefix reads
//     that prefix from the store (kv.WritesIn). A read-write transaction
//     served by the cache still adds the prefix's range to its read set
//     (kv.NoteRead), so OCC validation catches the same conflicts.
//   - A commit that deletes key ranges (DROP DATABASE deletes its
//     adjacency as one range) is reported without its keys; it raises a
//     floor under which no entry and no snapshot uses the cache.
//
// The cache holds vertex records too (Cache.Get, which the executor's
// record reads go through): a traversal's step filter reads the record
// of every vertex it reaches. Committed marks every other written key
// the same way, and a record entry is the value at one key as a
// snapshot of seq read it; the rules above apply unchanged.
//
// Entries are immutable and live in a set-associative table of atomic
// pointers (internal/slotcache): lookups take no lock. An entry is found
// by a hash tag kept in its slot; it holds the prefix, a neighbour list
// (when every other end is an i64-keyed record of one table: the table
// name once and the keys as varints, which is what a traversal that
// looks at no edge reads) and the values, inline in the table's 128-byte
// entry as far as they fit, so a hit on a vertex of ten or so neighbours
// or on a small record touches that entry only. On a table of hundreds of
// MiB every block touched is a cache miss; a traversal therefore
// prefetches the entries of a whole step's vertices (and a step filter
// its candidates' records) in one batch whose misses overlap
// (Cache.Prefetch, Reader.AddPrefetch). The memory budget (bytes of prefixes
// and values plus a fixed overhead per entry) is kept by a CLOCK hand
// that drops entries not used since it last passed; a vertex bigger
// than a sixteenth of the budget is never cached. Beside the budget the
// cache has two fixed tables: a slot (pointer and hash tag) per 256
// bytes of budget and a lastMod seq per 64 (12 MiB for the library
// default of 64 MiB, 48 MiB for the server's 256). Writes cost the commit one hash per changed
// prefix and per written record and never touch entries: a changed
// prefix or record is refilled by the next read that misses.
package graph
