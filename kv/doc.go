// Package kv owns zerodb's storage contract: an ordered, transactional,
// serializable key-value Store, its Pebble implementation, the commit unit
// (Batch) that a cluster layer can replicate, and the order-preserving key
// encoding primitives that every keyspace above is built from.
//
// kv must never import any other zerodb package except errs; it knows
// nothing of tables, records, values or cluster nodes.
//
// # Transactions
//
// Open and OpenMemory return a Store backed by Pebble. Each Txn reads a
// Pebble snapshot taken at Begin, overlaid with its own buffered writes
// (puts and deletion tombstones, kept sorted). Isolation is serializable,
// by optimistic concurrency control with backward validation: a read-write
// transaction records the keys its Gets asked for (found or not) and the
// key ranges its Scans covered, and Commit fails with SQLSTATE 40001
// (wrapping ErrConflict) if a transaction that committed after this one
// began wrote any of them. Conflicts are detected per key, never missed;
// they may occasionally be reported where a lock-based scheduler would not
// have blocked (false positives). The caller retries the whole
// transaction.
//
// Read-only transactions (TxnOptions.ReadOnly, or any transaction that
// wrote nothing) never conflict: every snapshot is a prefix of the commit
// order. A ReadOnly transaction sees exactly the commits that are durable
// (never one whose WAL sync is still running), and its Begin neither waits
// nor touches Pebble: it shares a reference-counted snapshot. A read-write
// transaction reads the newest applied state instead, to avoid needless
// conflicts; if it ends up writing nothing, its Commit returns once all it
// saw is durable, so later transactions see at least as much. Engines
// should pass ReadOnly for statements known not to write. For the same
// reason a read-write transaction's Get of a key committed since it began
// first moves its snapshot to the newest applied state when nothing it
// read so far was written since (it is then as though it had begun
// there; refresh.go), unless iterators are open or SnapshotSeq described
// the snapshot to a cache.
//
// A READ COMMITTED transaction (SetReadCommitted; readcommitted.go)
// validates only the keys it wrote and the reads it was told to keep
// (a keyspace chosen by the caller, and reads inside TrackReads), and
// moves its snapshot to the newest commit at each NewStatement, after
// checking the commits since the last statement against those.
//
// DeleteRange deletes a whole key range with one Pebble range deletion
// (TRUNCATE, DROP, ADD PRIMARY KEY's re-keying): reads and scans of the
// transaction skip the range's snapshot keys, later writes into it stay,
// and for validation the commit counts the whole range as written, so a
// concurrent transaction that read any key in it, or scanned across it,
// gets 40001.
//
// A forward Scan's iterator is also a Seeker: Seek re-aims it at another
// range inside the scanned one, reusing its Pebble iterator (and its
// loaded blocks) instead of building a new one; read tracking is exactly
// that of a Scan per range. Callers reading many small ranges (graph
// expansions) use it.
//
// A read-write transaction's Gets that ascend through keys its snapshot
// lacks (a bulk insert's duplicate checks) are answered from the gaps an
// iterator seek finds between the snapshot's keys, not by a Pebble Get
// each (getgap.go); they join the read set key by key all the same.
// A caller with many keys to check at once (a statement's foreign key
// parents, its edges' ends) hands them to Exister.Exists, which sorts
// them and seeks the same iterator in key order (exists.go).
//
// View gives a transaction that reads what a transaction sees at that
// moment — its snapshot and its writes so far — and nothing it writes
// later (a SQL cursor's snapshot, view.go). It cannot write; its reads
// join its transaction's read set when it ends, and the transaction's
// own end ends its views first.
//
// Every transaction must end with Commit or Rollback: an open one pins its
// snapshot and the conflict history it may still need.
//
// # Durability
//
// Commit (and Store.Apply) return only after the commit's WAL record is
// synced. The store keeps its own write-ahead log (wal.go; Pebble's is
// disabled): the committing goroutine writes and syncs it, and
// concurrent commits share a sync (the first one to need it syncs every
// record appended so far). The commit mutex is never held across a
// sync. Open replays the log over Pebble's sstables.
//
// # Batches
//
// A Batch is the commit unit: Txn.Commit builds one from its range
// deletions and write buffer (range deletions first: they hide only what
// is older) and Store.Apply commits one directly. Batch.Marshal/UnmarshalBatch give it
// a compact versioned binary form for replication.
//
// # Keys
//
// AppendUint64, AppendInt64, AppendFloat64, AppendBytes, AppendString and
// AppendBool encode values so that bytewise order matches value order, and
// are self-delimiting, so concatenations sort like tuples. The Decode*
// functions invert them and report malformed input as errors wrapping
// ErrCorrupt. PrefixEnd gives the exclusive end of a prefix scan.
package kv
