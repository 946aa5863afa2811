// Package vector owns zerodb's nearest-neighbour machinery, independent of
// the SQL and ZQL front ends and of how records are laid out:
//
//   - distance kernels over f32 vectors (squared and plain Euclidean
//     distance, inner product and pgvector's negative inner product, cosine
//     distance, norm): a plain reference implementation, unrolled Go with
//     several accumulators, and AVX2/FMA assembly on amd64 chosen at start
//     by a CPU feature check;
//   - exact k-nearest-neighbour search over any stream of (id, vector)
//     pairs with a bounded heap (TopK, Exact);
//   - an HNSW graph index persisted in kv under a key prefix the caller
//     chooses (Index): every read and write goes through the kv.Txn the
//     caller passes, so the index is transactional, serializable and
//     durable exactly like the records it indexes, and a restart needs no
//     rebuild.
//
// # Layout of an index
//
// An index lives under one prefix P (engine/keys.VectorIndexPrefix builds
// it under a database's 'v' tag). Ids are the caller's uint64 row ids,
// encoded with kv.AppendUint64 (8 bytes, big-endian, so scans go in id
// order). Fixed-width numbers in values are little-endian.
//
//	P 'c'                       config: format, metric, dims, m, ef_construction, uid, seed (immutable)
//	P 'e'                       entry point: id, gen, level (absent while the index is empty)
//	P 'h' <level> <id>          level directory: one empty key per node of level ≥ 1
//	P 'l' <id> <layer>          out-neighbours of a node on one layer: (id, gen) pairs, 16 bytes each
//	P 'r' <to> <layer> <from>   reverse link: from lists to on layer (value: from's gen)
//	P 'x' <id>                  node: gen, level, the vector (dims × f32)
//
// The index keeps its own copy of each vector, so a search never reads the
// caller's records. A node's gen is a random 64-bit number drawn when the
// node is inserted; links carry it, and (index uid, id, gen) names one
// immutable vector forever, which is what makes the shared in-memory
// vector Cache safe under MVCC: a transaction can only meet (id, gen) in a
// link or the entry key it read itself, and a node's links are removed in
// the same transaction that deletes the node (see Delete), so the cached
// vector is exactly the value that transaction would have read.
//
// # Search
//
// Search is the usual HNSW descent (greedy on the upper layers, a
// candidate list of max(ef_search, k) on layer 0), reading nodes and lists
// through the caller's transaction; each node is read and decoded at most
// once per call, and its vector comes from the Cache when it holds it.
//
// With a filter, every node is still a stepping stone but only accepted
// ids enter the candidate list, and the search ends only when the nearest
// unexpanded node is farther than the farthest of ef accepted ones; so a
// selective filter makes it walk outwards until it has found them (the
// iterative deepening is built into the one walk, nothing is searched
// twice). If the reachable graph runs out, or the walk spends its budget
// (max(16·ef, 2048) expansions) with fewer than k accepted ids, the search
// finishes with an exact scan of the index's vectors, reusing the filter
// verdicts it already has. So a filtered search returns min(k, accepted
// ids) results — never silently fewer.
//
// # Delete: immediate relinking
//
// Delete does not mark and leave a tombstone (PostgreSQL's pgvector marks
// and lets VACUUM repair); it relinks at once, in the deleting
// transaction, so no link ever points to a missing node and no search
// needs to skip dead nodes:
//
//  1. the reverse links P 'r' <id> <layer> name every node that links to
//     the deleted one, layer by layer;
//  2. each of them keeps its other links and refills the freed slot from
//     the deleted node's neighbours, through the same diversity heuristic
//     inserts use (and with at least the nearest one, so degrees do not
//     decay under churn);
//  3. a former neighbour left with no inbound link at all is linked from
//     the nearest of the deleted node's neighbours and in-neighbours (the
//     "orphan rescue"), so deletes do not cut nodes off the graph;
//  4. if the node was the entry point, the highest-level node left (from
//     the level directory P 'h') becomes the entry point.
//
// The cost is a few dozen list rewrites per delete, paid once, instead of
// a scan of the whole index at vacuum time; an update is a delete plus an
// insert (Insert of an existing id does both).
//
// # Transactions and conflicts
//
// Insert and Delete read the nodes and lists they walk through the
// caller's transaction, so two transactions changing the same part of the
// graph conflict under kv's serializable validation (40001) and one of
// them retries; a read-write transaction that searches conflicts with
// inserts that changed lists it walked. A vector read served by the Cache
// is not in the read set; that loses nothing, because the link it was
// reached through is (a node's vector never changes while it exists).
//
// Measured (TestParallelInsertConflicts: two writers, 16 dimensions, into
// 2000 nodes): one insert per transaction conflicts on 3–7% of attempts;
// ten per transaction on 35–45%, since each transaction's read set then
// covers the neighbourhoods of ten inserts. That is correct
// and retries make progress, but bulk loads should use one writer (or
// small transactions). The idea for reducing it, for a later step: an
// insert's read set need not cover the whole search — the search only
// chooses candidates, and any choice is a valid graph. kv could offer an
// untracked read (a snapshot read outside the read set) for the search
// phase; the insert would then track only the lists it rewrites and the
// nodes it links to (a Get of each, so a concurrent delete of one still
// conflicts), shrinking the conflict surface from ~ef_construction·layers
// nodes to the ~2M it touches.
//
// # Building
//
// Insert reads and rewrites the neighbour lists it changes (up to 2M of 16
// bytes per link on layer 0) through the transaction and writes a reverse
// link per new link. Loading a filled table that way in one transaction
// (CREATE INDEX) got slower as it went: every list read searched a write
// buffer holding every list version written so far, and each insert
// rewrote ~30 lists (100k × 128 dimensions through SQL: 283 vectors/s).
//
// A Builder (what CREATE INDEX uses) fills an empty index in memory
// instead: dense node numbers, []int32 adjacency, one flat []float32 of
// vectors, an epoch-stamped visited array and reused heaps, so the layer
// search does no map lookup, no kv call and no allocation; the insert
// algorithm, the levels and the neighbour heuristic are Insert's
// (selectNeighbors is shared). Finish links the nodes, then writes each
// key once, in key order: the entry point, the level directory, every
// list, every reverse link, every node. Nothing is visible before the
// transaction commits, as with Insert. The Builder holds every vector and
// list in memory until then (about 4·dims + 200 bytes per node), besides
// the transaction's write buffer.
//
// Linking runs on GOMAXPROCS goroutines once the first 1024 nodes are in
// (a node's lists are locked while read or changed, the entry point while
// read or replaced, as in hnswlib); with one goroutine the graph is
// exactly the one Insert builds (TestBuilder checks that).
//
// Measured on the 2-core machine shared with other work, 128 dimensions,
// m 16, ef_construction 64, through SQL over the wire (bench/vector -sql),
// before and after in the same session (load average 4–5):
//
//	                   CREATE INDEX, vectors/s   recall@10 at ef_search 10 / 40 / 100
//	20k rows, before   1,733                     0.939 / 0.9995 / —
//	20k rows, after    19,972                    0.930 / 0.999 / —
//	100k rows, before  1,203                     0.830 / 0.9845 / 1.000
//	100k rows, after   7,542                     0.8725 / 0.989 / 0.9995
//
// (on the busier machine of issue 7, load ~14: 283/s before; 2,102/s
// after with one goroutine).
// and without the server (bench/vector -batch 0, load 3.6, 30k rows):
// 8,100 vectors/s on one goroutine, 16,345 on two. Recall is unchanged:
// one goroutine builds Insert's graph, and over several 100k builds
// recall@10 at ef_search 10 / 40 / 100 was 0.83–0.90 / 0.973–0.9995 /
// 0.9985–1.0 whichever way the index was built (each CREATE INDEX draws
// its own level seed, which moves recall by about as much). The Builder's time
// is now the distance kernel (~45%) and the layer search's memory
// accesses (~25%); Finish and the commit are under 10%. Incremental
// inserts (small transactions) still pay the kv reads of the lists they
// walk (about 40% of their time in Pebble lookups) and are unchanged.
//
// # Performance notes
//
// Searches cost one kv Get per expanded node (its list) and, for vectors
// the Cache does not hold, one per visited node; the distance kernels are
// a small part of the time once the AVX2 kernels are in use.
//
// # Imports
//
// vector may import kv, errs, engine/keys and engine/value — never the plan,
// the executor, the catalog, the front ends or the session. The engine calls
// it; it never calls the engine (filters are plain callbacks).
package vector
