package kv

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cockroachdb/pebble"
	"github.com/cockroachdb/pebble/bloom"
	"github.com/cockroachdb/pebble/vfs"
	"github.com/google/btree"
)

// Options tune a Store. The zero value is sane.
type Options struct {
	// CacheSize is the block cache size in bytes (default 256 MiB).
	CacheSize int64
	// MemTableSize is the largest memtable size in bytes (default 64 MiB;
	// Pebble starts smaller and grows towards it).
	MemTableSize uint64
	// Watched classifies the keys whose commits WatchedVersion counts
	// (nil: none).
	Watched func(key []byte) bool
	// OnCommit, when set, is called for every commit that writes (Commit
	// and Apply) once it has its seq and before its batch can be visible
	// to any snapshot, with the sorted written keys (which it must not
	// keep or modify). It runs under the store's commit mutex, so calls
	// come one at a time in seq order and must be quick. A cache of data
	// derived from some keys uses it to learn which of them changed at
	// which seq (see SnapshotSeq); a seq whose apply fails is reported
	// too, which can only make such a cache distrust more. ranges is
	// set when the commit also deleted key ranges (Txn.DeleteRange),
	// which may hold any key: such a cache must distrust everything
	// older than seq.
	OnCommit func(seq uint64, keys [][]byte, ranges bool)
	// Logger receives Pebble's messages (at debug level; fatal ones at
	// error level before the panic Pebble expects) and the log's
	// checkpoint failures. nil discards them.
	Logger *slog.Logger

	// walSegmentSize, when set (by tests), replaces walSegmentSize.
	walSegmentSize int64
}

const (
	defaultCacheSize    = 256 << 20
	defaultMemTableSize = 64 << 20
)

// Open opens (creating if needed) a Store in directory dir.
func Open(dir string, opts Options) (Store, error) {
	return open(dir, nil, opts)
}

// OpenMemory opens an empty Store held in memory (for tests and scratch
// use). It has the same semantics as an on-disk Store except that nothing
// survives Close.
func OpenMemory() (Store, error) {
	return open("", vfs.NewMem(), Options{})
}

// OpenMemoryWith is OpenMemory with options (the cache and memtable
// sizes, Watched).
func OpenMemoryWith(opts Options) (Store, error) {
	return open("", vfs.NewMem(), opts)
}

func open(dir string, fs vfs.FS, opts Options) (*store, error) {
	if opts.CacheSize <= 0 {
		opts.CacheSize = defaultCacheSize
	}
	if opts.MemTableSize == 0 {
		opts.MemTableSize = defaultMemTableSize
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if fs == nil {
		fs = vfs.Default
	}
	// The store writes its own log (wal.go); Pebble's is off.
	w := newWAL(fs, dir, opts.walSegmentSize)
	w.logger = logger
	pl := pebbleLogger{logger}
	// version counts the flushes and compactions, and newVersion is told
	// of each (see snapIters and dropIdleIters); Pebble calls its
	// listeners with its own mutex held, so they only count and signal.
	version := new(atomic.Uint64)
	newVersion := make(chan struct{}, 1)
	bgJobs := new(atomic.Int32)
	signal := func() {
		version.Add(1)
		select {
		case newVersion <- struct{}{}:
		default:
		}
	}
	cache := pebble.NewCache(opts.CacheSize)
	// The DB takes its own reference; ours is only needed until Open returns.
	defer cache.Unref()
	po := &pebble.Options{
		FS:                 fs,
		Cache:              cache,
		MemTableSize:       opts.MemTableSize,
		FormatMajorVersion: pebble.FormatNewest,
		Logger:             pl,
		Comparer:           comparer(),
		DisableWAL:         true,
		EventListener: &pebble.EventListener{
			FlushBegin: func(pebble.FlushInfo) {
				bgJobs.Add(1)
				// A memtable must not reach an sstable ahead of the
				// synced log, or a replay could undo part of a commit
				// (see wal.go).
				if err := w.syncAll(); err != nil {
					pl.Fatalf("kv: cannot sync the log before a flush: %v", err)
				}
			},
			FlushEnd: func(pebble.FlushInfo) {
				bgJobs.Add(-1)
				signal()
			},
			CompactionBegin: func(pebble.CompactionInfo) { bgJobs.Add(1) },
			CompactionEnd: func(pebble.CompactionInfo) {
				bgJobs.Add(-1)
				signal()
			},
		},
	}
	// Bloom filters on every level let a point read of an absent key (an
	// INSERT's existence check, a miss) skip the tables that cannot hold it
	// instead of reading a block of each. Index blocks of up to 256 KiB
	// (Pebble's default is the 4 KiB of a data block) keep a table's index
	// in one block: a point read then looks up two blocks in the cache
	// (index, data) instead of three (top-level index, index partition,
	// data), and opening a table loads one index block.
	//
	// Data blocks of 16 KiB (Pebble's default is 4 KiB; PostgreSQL's
	// pages are 8 KiB and its B-tree leaves deduplicate equal keys) hold
	// four times the index entries or records per block. Random reads
	// over a table or index larger than what has been read so far (the
	// first hours after a bulk load or a restart) then find their block
	// in the cache four times as often instead of reading and
	// decompressing it, while a read of a cached block costs the same
	// (kv's BenchmarkPointGetLarge). bench/sql, 2,000 random queries per
	// round: the AND of two indexes went from 0.72-0.92x PostgreSQL to
	// 0.95-1.09x, the indexed point read from 0.95-1.21x to 1.10-1.46x.
	//
	// Tables of 64 MiB on every level (RocksDB's default; Pebble's is 2
	// MiB at L0, doubling per level): a flush writes the memtable as one
	// table rather than cutting it into 2 MiB ones, which compactions
	// then move down whole. A point read seeks one table per level it
	// checks, and a table other than the one its iterator holds costs a
	// table-cache lookup, a new table iterator and its filter; after
	// `pgbench -i -s 10` the accounts sat in five tables of 2 MiB, and a
	// random read changed table four times in five. pgbench select-only,
	// three alternated pairs: 23.5-25.7 against 25.7-27.2 µs of server
	// CPU per transaction.
	po.Levels = make([]pebble.LevelOptions, 7)
	for i := range po.Levels {
		po.Levels[i].FilterPolicy = bloom.FilterPolicy(10)
		po.Levels[i].FilterType = pebble.TableFilter
		po.Levels[i].IndexBlockSize = 256 << 10
		po.Levels[i].BlockSize = 16 << 10
		po.Levels[i].TargetFileSize = 64 << 20
	}
	po.EnsureDefaults()
	db, err := pebble.Open(dir, po)
	if err != nil {
		return nil, internalError(err, fmt.Sprintf("open %q", dir))
	}
	if err := w.recover(db); err != nil {
		_ = db.Close()
		return nil, internalError(err, fmt.Sprintf("recover the log of %q", dir))
	}
	s := &store{db: db, wal: w, logger: logger, wbFree: btree.NewFreeListG[wbItem](btree.DefaultFreeListSize), watched: opts.Watched, onCommit: opts.OnCommit}
	s.txns.next, s.txns.prev = &s.txns, &s.txns
	s.closedSnap = sync.NewCond(&s.regMu)
	s.version, s.newVersion, s.bgJobs = version, newVersion, bgJobs
	s.durable = s.newSharedSnap(0)
	s.ckptStop, s.ckptDone = make(chan struct{}), make(chan struct{})
	go s.checkpointLoop()
	return s, nil
}

// pebbleLogger routes Pebble's log lines to slog. Pebble's default logger
// writes every background event to stderr, which is noise for a server.
type pebbleLogger struct{ l *slog.Logger }

func (p pebbleLogger) Infof(format string, args ...any) {
	p.l.Debug(fmt.Sprintf(format, args...), "component", "pebble")
}

// Fatalf must not return: Pebble calls it when continuing would corrupt
// data.
func (p pebbleLogger) Fatalf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	p.l.Error(msg, "component", "pebble")
	panic("pebble: " + msg)
}

// store implements Store on Pebble with optimistic concurrency control.
//
// Concurrency control. Every commit that writes gets a sequence number
// (seq) from a counter. Commits keep a record of the keys they wrote until
// no transaction can conflict with them any more. A read-write transaction
// remembers start, the applied watermark at Begin (every commit with seq <=
// start is in its snapshot), and at Commit it is validated against the
// records of commits with seq > start: if one of them wrote a key it read,
// it fails with 40001. That is backward validation; the resulting serial
// order is seq order. A snapshot may also hold some commits with seq >
// start; reading those yields a false conflict, never a missed one.
//
// Visibility order. Pebble makes a batch visible in the order batches enter
// its commit pipeline, and (its WAL off, the store's own log synced by the
// committer: wal.go) before the log's sync finishes. Consequences:
//   - seq order and Pebble's order must agree, or a read-only snapshot
//     could contain commit n+1 but not n, which is not a state of any serial
//     order (read-only transactions are not validated). So seqs are assigned,
//     records appended to the log and batches applied to Pebble under
//     applyMu, in the same order; the sync happens after applyMu is released, so
//     concurrent commits still share fsyncs. It also makes the applied
//     watermark trivially contiguous.
//   - a Pebble snapshot may contain commits whose fsync is still running.
//     A read-write transaction that builds on one is safe: its own commit
//     is later in the WAL, so its fsync covers the earlier one; one that
//     wrote nothing waits at Commit until what it may have seen is durable,
//     so a transaction that starts after it returns sees at least as much.
//     Read-only transactions must not see such commits at all, yet must
//     not wait for fsyncs either. Because commits reach Pebble in seq order
//     under applyMu, a snapshot taken right after applying seq n holds
//     exactly commits 1..n. Each commit takes one (pending); once the
//     synced watermark passes n, that snapshot becomes the durable
//     snapshot, which read-only transactions share by reference count.
//     Readers thus see exactly the durable commits, as in PostgreSQL.
//
// The synced watermark tracks durability; fsyncs complete in any order,
// so it advances over contiguous runs only. Once a write or sync of the
// log fails it advances no more, and the store refuses commits and the
// reads that could see past it (fail-stop, wal.go).
type store struct {
	db     *pebble.DB
	wal    *wal
	logger *slog.Logger
	// wbFree is the free list of the transactions' write buffer trees.
	wbFree *btree.FreeListG[wbItem]

	// ckptStop ends checkpointLoop, which closes ckptDone.
	ckptStop, ckptDone chan struct{}
	// version counts the flushes and compactions, and newVersion is
	// signalled after each (snapIters).
	version    *atomic.Uint64
	newVersion chan struct{}
	// bgJobs counts the flushes and compactions running.
	bgJobs *atomic.Int32
	// ckptMu serializes checkpoints (checkpointLoop's and a test's), so
	// two of them never remove the same segments.
	ckptMu sync.Mutex

	closed atomic.Bool // set once under regMu; read lock-free by txn ops

	// regMu guards the open-transaction list, applies.Add and the shared
	// snapshots (durable, pending, refs).
	regMu   sync.Mutex
	txns    txn            // sentinel of the list of open transactions
	open    atomic.Int32   // the length of txns, read lock-free (commit)
	applies sync.WaitGroup // Store.Apply calls in flight
	durable *sharedSnap    // snapshot of exactly the commits <= synced
	pending []*sharedSnap  // snapshots of commits > synced, in seq order
	// closing counts the shared snapshots nobody references any more
	// that are being closed outside regMu (a finishing transaction's, a
	// promotion's obsolete ones); Close waits on closed for it to reach
	// zero, or Pebble would be closed under them.
	closing    int
	closedSnap *sync.Cond // on regMu
	// exports are the exported snapshots not yet released (export.go);
	// guarded by regMu.
	exports map[*Snapshot]bool

	// applyMu orders "validate, assign seq, hand to Pebble" across commits.
	// It is held while Pebble appends to the WAL buffer and memtable, never
	// across the fsync. Lock order: applyMu, mu, regMu.
	applyMu sync.Mutex

	// applied is the highest seq such that every commit with seq <= applied
	// is visible in Pebble. Commits reach Pebble in seq order under
	// applyMu, which also guards writes to it.
	applied atomic.Uint64

	mu      sync.Mutex
	lastSeq atomic.Uint64 // highest assigned seq; written under mu
	synced  atomic.Uint64 // every seq <= synced is also durable; written under mu
	// records holds one entry per seq in (pruned, lastSeq], in seq order with
	// no gaps, so the record of seq n is records[n-records[0].seq].
	records []commitRecord
	active  startSet      // starts of open read-write transactions
	syncCh  chan struct{} // closed when synced advances; nil when nobody waits

	// watched and watchSeq: see WatchedVersion. watchSeq is written
	// under mu with the seq it records.
	watched  func(key []byte) bool
	watchSeq atomic.Uint64
	// onCommit: see Options.OnCommit; called under mu.
	onCommit func(seq uint64, keys [][]byte, ranges bool)

	// testBeforeApply, when set by a test, runs between a commit getting
	// its seq and its batch reaching Pebble, to widen that race window;
	// it gets the commit's written point keys.
	testBeforeApply func(keys [][]byte)
}

// newSharedSnap takes a shared snapshot of the commits <= seq (all those
// Pebble holds), with the store's reference.
func (s *store) newSharedSnap(seq uint64) *sharedSnap {
	ss := &sharedSnap{seq: seq, snap: s.db.NewSnapshot(), refs: 1}
	ss.iters.version = s.version
	return ss
}

// sharedSnap is a Pebble snapshot holding exactly the commits with seq <=
// its seq, shared by read-only transactions. The store holds one reference
// while it is durable or pending; each transaction using it holds one.
type sharedSnap struct {
	seq  uint64
	snap *pebble.Snapshot
	refs int // guarded by regMu
	// gets and iters: see snapIters.
	gets  atomic.Int64
	iters snapIters
}

// commitRecord is the write set of one commit, kept for validation.
type commitRecord struct {
	seq  uint64
	keys [][]byte // sorted, unique, immutable
	// deleted are the keys of keys the commit deleted (sorted; a key
	// a batch both wrote and deleted counts as deleted).
	deleted [][]byte
	ranges  []keyRange // range deletions: sorted, disjoint, immutable
	synced  bool
}

var _ Store = (*store)(nil)

// Begin implements Store.
func (s *store) Begin(ctx context.Context, opts TxnOptions) (Txn, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("kv: begin: %w", err)
	}
	t := &txn{s: s, readOnly: opts.ReadOnly}
	if t.readOnly {
		// Only lists and a reference count: no Pebble call, no waiting.
		if !s.registerReader(t) {
			return nil, storeClosedError()
		}
		return t, nil
	}
	if ferr := s.wal.failure(); ferr != nil {
		// Its snapshot would hold the commits the failed log never
		// made durable (fail-stop, wal.go).
		return nil, logFailedError(ferr)
	}
	// busy stays set until Begin is done so that Close waits for us rather
	// than closing Pebble under NewSnapshot.
	t.busy.Store(true)
	defer t.busy.Store(false)
	if !s.register(t) {
		return nil, storeClosedError()
	}
	s.mu.Lock()
	t.start = s.applied.Load()
	s.active.add(t.start)
	t.inActive = true
	s.mu.Unlock()
	// The applied watermark is read before the snapshot is taken, so the
	// snapshot contains every commit with seq <= start.
	t.snap = s.db.NewSnapshot()
	// Every commit visible in the snapshot had its seq assigned before the
	// snapshot was taken, so lastSeq read now bounds them.
	t.snapBound = s.lastSeq.Load()
	return t, nil
}

// Apply implements Store.
func (s *store) Apply(ctx context.Context, b *Batch) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("kv: apply: %w", err)
	}
	if b == nil || b.Len() == 0 {
		return nil
	}
	if err := s.enterApply(); err != nil {
		return err
	}
	defer s.applies.Done()
	pb, ranges, err := s.pebbleBatch(b)
	if err != nil {
		return err
	}
	keys, deleted := writtenKeys(b)
	return s.commit(pb, keys, deleted, ranges, nil, nil, 0)
}

// writtenKeys returns the sorted, unique keys written by b, and those of
// them it deleted, copied so the record does not depend on the caller's
// batch.
func writtenKeys(b *Batch) (keys, deleted [][]byte) {
	keys = make([][]byte, 0, b.Len())
	n := 0
	for _, op := range b.ops {
		n += len(op.Key)
	}
	buf := make([]byte, 0, n)
	for _, op := range b.ops {
		if op.Kind == OpDeleteRange {
			// Recorded as a range (writtenRanges).
			continue
		}
		buf = append(buf, op.Key...)
		k := buf[len(buf)-len(op.Key) : len(buf) : len(buf)]
		keys = append(keys, k)
		if op.Kind == OpDelete {
			deleted = append(deleted, k)
		}
	}
	if deleted != nil {
		deleted = sortUnique(deleted)
	}
	return sortUnique(keys), deleted
}

// writtenRanges returns b's range deletions, sorted and merged, copied
// so the record does not depend on the caller's batch.
func writtenRanges(b *Batch) []keyRange {
	var rs []keyRange
	for _, op := range b.ops {
		if op.Kind == OpDeleteRange {
			rs = append(rs, keyRange{start: bytes.Clone(op.Key), end: bytes.Clone(op.Value)})
		}
	}
	return mergeRanges(rs)
}

// pebbleBatch builds the Pebble batch of b, and returns b's range
// deletions as the store records them (writtenRanges), nil when it has
// none.
func (s *store) pebbleBatch(b *Batch) (*pebble.Batch, []keyRange, error) {
	pb := s.db.NewBatchWithSize(b.size + 16*len(b.ops))
	hasRanges := false
	for _, op := range b.ops {
		var err error
		switch op.Kind {
		case OpPut:
			err = pb.Set(op.Key, op.Value, nil)
		case OpDelete:
			err = pb.Delete(op.Key, nil)
		default:
			// A range deletion hides only what is older than itself,
			// so puts later in the batch survive it, as in a Txn.
			err = pb.DeleteRange(op.Key, op.Value, nil)
			hasRanges = true
		}
		if err != nil {
			_ = pb.Close()
			return nil, nil, internalError(err, "build batch")
		}
	}
	var ranges []keyRange
	if hasRanges {
		ranges = writtenRanges(b)
	}
	return pb, ranges, nil
}

// commit validates (when rs is non-nil), sequences, applies and syncs
// pb, which it closes. keys are pb's written point keys, sorted and
// unique, deleted those of them it deletes, and ranges its range
// deletions, sorted and merged; the store keeps them.
//
// Once the log has failed, commit refuses pb before it gets a seq or
// reaches the memtable (fail-stop, wal.go).
//
// An error once the record is appended (a failed apply or sync) means
// the outcome is unknown, as when the server crashes during a commit:
// the record may have been written and synced by another commit's
// group sync (or by our own sync before it reported a failure), and is
// then replayed at the next start although this commit failed. Readers
// do not see it before that restart, but a caller must not take the
// error for "not committed"; PostgreSQL's clients face the same when
// COMMIT fails or the connection breaks during it.
func (s *store) commit(pb *pebble.Batch, keys, deleted [][]byte, ranges []keyRange, rs *readSet, t *txn, start uint64) error {
	defer pb.Close()
	// The batch is complete: its representation stays the same slice
	// (Pebble writes only its header from here on).
	repr := pb.Repr()
	hdr, err := makeWALHeader(repr)
	if err != nil {
		return internalError(err, "commit")
	}
	s.applyMu.Lock()
	if ferr := s.wal.failure(); ferr != nil {
		s.applyMu.Unlock()
		return logFailedError(ferr)
	}
	s.mu.Lock()
	if rs == nil && t != nil && !t.rc && t.hasReads() && s.lastSeq.Load() > start {
		rs = t.readSet()
	}
	if (rs != nil && s.conflicts(rs, start)) || (t != nil && t.rc && s.rcConflicts(t, start)) {
		s.mu.Unlock()
		s.applyMu.Unlock()
		return conflictError()
	}
	seq := s.lastSeq.Load() + 1
	s.records = append(s.records, commitRecord{seq: seq, keys: keys, deleted: deleted, ranges: ranges})
	s.lastSeq.Store(seq)
	if s.watches(keys) || (len(ranges) > 0 && s.watched != nil) {
		// A range may hold watched keys; which is not known here.
		s.watchSeq.Store(seq)
	}
	if s.onCommit != nil {
		s.onCommit(seq, keys, len(ranges) > 0)
	}
	s.mu.Unlock()
	if s.testBeforeApply != nil {
		s.testBeforeApply(keys)
	}
	// The record goes into the log before the batch reaches the
	// memtable, so no flush can put it in an sstable first (wal.go).
	pos := s.wal.append(hdr, repr)
	var early chan error
	if len(repr) >= walOverlapSize {
		// A large batch's memtable insert takes about as long as
		// writing and syncing its record: do both at once (as Pebble's
		// WAL goroutine did) rather than one after the other. If the
		// sync fails first, the batch still reaches the memtable, but
		// it is never marked synced (below), so no reader sees it.
		early = make(chan error, 1)
		go func() { early <- s.wal.syncTo(pos, false) }()
	}
	err = s.db.Apply(pb, pebble.NoSync)
	if err != nil {
		// The record would be replayed after a restart although the
		// commit failed: acknowledge nothing from here on.
		s.wal.fail(err)
	} else {
		// Still under applyMu, Pebble holds exactly the commits <= seq.
		ss := s.newSharedSnap(seq)
		s.regMu.Lock()
		s.pending = append(s.pending, ss)
		s.regMu.Unlock()
	}
	// Advanced even when the apply failed: that seq is void, and Begin
	// must not stay behind it.
	s.applied.Store(seq)
	s.applyMu.Unlock()
	var serr error
	if early != nil {
		// Awaited even when the apply failed: the goroutine must not
		// outlive the commit.
		serr = <-early
	}
	if err != nil {
		// Marked although it failed: the batch is not in the memtable,
		// so no snapshot holds it, and later commits whose records an
		// earlier group sync covered are durable and wait for the
		// watermark to pass this seq. Its record stays until pruned,
		// which can only cause false conflicts.
		s.markSynced(seq)
		return internalError(err, "commit")
	}
	if early == nil {
		// This commit's transaction is still open: idle means no other.
		serr = s.wal.syncTo(pos, s.open.Load() <= 1 && s.bgJobs.Load() == 0)
	}
	if serr != nil {
		// Fail-stop (wal.go): the batch is in the memtable but its
		// record may not be on disk. seq is not marked, so the synced
		// watermark, and the durable snapshot, never pass it; no later
		// commit can be marked either, since its record is behind ours
		// in the log and the log acknowledges nothing more. Waiters for
		// the watermark learn of the failure.
		s.wakeSyncWaiters()
		return logFailedError(serr)
	}
	s.markSynced(seq)
	// Our fsync is done, but the watermark (and the durable snapshot
	// readers use) only moves once every earlier commit is marked too.
	// Returning before that would let a transaction begun after our
	// acknowledgement miss us. The log is synced in order, so those
	// commits are durable already and their goroutines about to mark
	// them (even when the log failed since): this wait is scheduling
	// latency, and it must not be cut short by ctx or by the failure
	// now that the commit is durable (so it cannot fail).
	_ = s.waitSyncedUntil(context.Background(), seq, false)
	return nil
}

// conflicts reports whether a commit with seq > start wrote a key in rs.
// Requires s.mu.
func (s *store) conflicts(rs *readSet, start uint64) bool {
	i := sort.Search(len(s.records), func(i int) bool { return s.records[i].seq > start })
	for ; i < len(s.records); i++ {
		if rs.intersects(s.records[i].keys, s.records[i].ranges) {
			return true
		}
	}
	return false
}

// markSynced records that commit seq is durable and advances the synced
// watermark over every contiguous durable seq. Commits finish their fsync
// in any order; the watermark only moves past seq n once n and everything
// before it are done.
func (s *store) markSynced(seq uint64) {
	var obsolete []*sharedSnap
	s.mu.Lock()
	s.records[seq-s.records[0].seq].synced = true
	w := s.synced.Load()
	for i := int(w + 1 - s.records[0].seq); i < len(s.records) && s.records[i].synced; i++ {
		w++
	}
	if w != s.synced.Load() {
		// Publish the new durable snapshot before anyone can observe the
		// new watermark (an acknowledged commit must be visible to readers
		// that begin after the acknowledgement).
		obsolete = s.promoteSnapshot(w)
		s.synced.Store(w)
		if s.syncCh != nil {
			close(s.syncCh)
			s.syncCh = nil
		}
	}
	s.pruneLocked()
	s.mu.Unlock()
	s.closeShared(obsolete...)
}

// closeShared closes shared snapshots nobody references any more, which
// s.closing counted when their last reference went.
func (s *store) closeShared(snaps ...*sharedSnap) {
	if len(snaps) == 0 {
		return
	}
	for _, ss := range snaps {
		ss.close()
	}
	s.regMu.Lock()
	if s.closing -= len(snaps); s.closing == 0 {
		s.closedSnap.Broadcast()
	}
	s.regMu.Unlock()
}

// promoteSnapshot makes the newest pending snapshot with seq <= w the
// durable one and returns the snapshots nobody references any more. If the
// apply of seq w failed it has no snapshot, and an older one holds the same
// state.
func (s *store) promoteSnapshot(w uint64) []*sharedSnap {
	s.regMu.Lock()
	defer s.regMu.Unlock()
	var obsolete []*sharedSnap
	for len(s.pending) > 0 && s.pending[0].seq <= w {
		if ss := s.durable; ss != nil {
			if ss.refs--; ss.refs == 0 {
				obsolete = append(obsolete, ss)
				s.closing++
			}
		}
		s.durable = s.pending[0]
		s.pending[0] = nil
		s.pending = s.pending[1:]
	}
	return obsolete
}

// pruneLocked drops records no transaction can conflict with: a record is
// needed only by transactions whose start is below its seq, and every open
// transaction's start is >= active.min() while every future one's will be
// >= applied >= synced. Records above synced are kept regardless, since
// markSynced still needs them. Requires s.mu.
func (s *store) pruneLocked() {
	limit := s.synced.Load()
	if m, ok := s.active.min(); ok && m < limit {
		limit = m
	}
	n := 0
	for n < len(s.records) && s.records[n].seq <= limit {
		s.records[n] = commitRecord{}
		n++
	}
	if n > 0 {
		// Appending to the shortened slice eventually reallocates, so the
		// zeroed prefix is released in due course.
		s.records = s.records[n:]
	}
}

// waitSynced blocks until every commit with seq <= target is durable. It
// fails when the log has failed before they all were (fail-stop,
// wal.go): some of them never will be.
func (s *store) waitSynced(ctx context.Context, target uint64) error {
	return s.waitSyncedUntil(ctx, target, true)
}

// waitSyncedUntil is waitSynced; with stopOnFailure unset it waits out
// a failure of the log too, for a target it knows is durable.
func (s *store) waitSyncedUntil(ctx context.Context, target uint64, stopOnFailure bool) error {
	for s.synced.Load() < target {
		s.mu.Lock()
		if s.synced.Load() >= target {
			s.mu.Unlock()
			return nil
		}
		if ferr := s.wal.failure(); stopOnFailure && ferr != nil {
			// The failure was recorded before its committer called
			// wakeSyncWaiters, which takes mu: either we see it here or
			// that call closes the channel we are about to wait on.
			s.mu.Unlock()
			return logFailedError(ferr)
		}
		if s.syncCh == nil {
			s.syncCh = make(chan struct{})
		}
		ch := s.syncCh
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// wakeSyncWaiters wakes the goroutines waiting for the synced watermark
// without advancing it, after the log failed, so waitSynced can report
// the failure.
func (s *store) wakeSyncWaiters() {
	s.mu.Lock()
	if s.syncCh != nil {
		close(s.syncCh)
		s.syncCh = nil
	}
	s.mu.Unlock()
}

// endActive removes a read-write transaction's start from the active set.
func (s *store) endActive(start uint64) {
	s.mu.Lock()
	s.active.remove(start)
	s.pruneLocked()
	s.mu.Unlock()
}

// register links t into the list of open transactions unless the store is
// closed.
func (s *store) register(t *txn) bool {
	s.regMu.Lock()
	defer s.regMu.Unlock()
	if s.closed.Load() {
		return false
	}
	s.linkLocked(t)
	return true
}

// linkLocked appends t to the open list. Requires s.regMu.
func (s *store) linkLocked(t *txn) {
	t.prev, t.next = s.txns.prev, &s.txns
	s.txns.prev.next = t
	s.txns.prev = t
	s.open.Add(1)
}

// registerReader registers a read-only transaction and gives it a
// reference to the durable snapshot.
func (s *store) registerReader(t *txn) bool {
	s.regMu.Lock()
	defer s.regMu.Unlock()
	if s.closed.Load() {
		return false
	}
	s.linkLocked(t)
	t.shared = s.durable
	t.shared.refs++
	t.snap = t.shared.snap
	return true
}

// unregister unlinks t and drops its reference to a shared snapshot,
// returning that snapshot if nobody needs it any more.
func (s *store) unregister(t *txn) *sharedSnap {
	s.regMu.Lock()
	defer s.regMu.Unlock()
	t.prev.next = t.next
	t.next.prev = t.prev
	t.prev, t.next = nil, nil
	s.open.Add(-1)
	if ss := t.shared; ss != nil {
		t.shared = nil
		if ss.refs--; ss.refs == 0 {
			s.closing++ // the caller's closeShared
			return ss
		}
	}
	return nil
}

func (s *store) openTxns() []*txn {
	s.regMu.Lock()
	defer s.regMu.Unlock()
	var out []*txn
	for t := s.txns.next; t != &s.txns; t = t.next {
		out = append(out, t)
	}
	return out
}

// Close implements Store. It waits for operations in flight (a commit
// being synced finishes), then releases the snapshots and iterators of
// transactions still open; using them afterwards returns ErrClosed.
// Closing twice is a no-op.
func (s *store) Close() error {
	s.regMu.Lock()
	if s.closed.Load() {
		s.regMu.Unlock()
		return nil
	}
	s.closed.Store(true)
	s.regMu.Unlock()

	s.applies.Wait()
	// A transaction operation sets busy and then checks closed; we set
	// closed and then check busy. With sequentially consistent atomics at
	// least one side sees the other, so once busy reads false that
	// transaction will not touch Pebble again.
	for _, t := range s.openTxns() {
		for d := time.Microsecond; t.busy.Load(); d = min(2*d, time.Millisecond) {
			runtime.Gosched()
			time.Sleep(d)
		}
	}
	// Transactions that finished meanwhile unlinked themselves after
	// releasing their resources, but may still be closing the shared
	// snapshot they were the last to use; the ones left are idle for good,
	// and so is every shared snapshot once those closes are done.
	s.regMu.Lock()
	for s.closing > 0 {
		s.closedSnap.Wait()
	}
	s.regMu.Unlock()
	shared := map[*sharedSnap]bool{s.durable: true}
	for _, ss := range s.pending {
		shared[ss] = true
	}
	for _, t := range s.openTxns() {
		t.releasePebble()
		if t.shared != nil {
			shared[t.shared] = true
		}
	}
	// What the transactions left open of the exported snapshots: every
	// shared one still in use is in shared (held by the store or an open
	// transaction), so releasing cannot close one twice.
	s.closeExports()
	for ss := range shared {
		ss.close()
	}
	close(s.ckptStop)
	<-s.ckptDone
	err := s.db.Close()
	// Every commit synced its record, so this only closes the segment;
	// the next Open replays the log into Pebble.
	if werr := s.wal.close(); err == nil {
		err = werr
	}
	if err != nil {
		return internalError(err, "close")
	}
	return nil
}

// checkpointLoop removes log segments once Pebble's sstables hold their
// records: after each segment switch it flushes the memtables and
// deletes the segments before the current one. A checkpoint that fails
// is retried after the next switch. After each flush or compaction it
// also drops the idle iterators that pin what that replaced
// (dropIdleIters).
func (s *store) checkpointLoop() {
	defer close(s.ckptDone)
	for {
		select {
		case <-s.ckptStop:
			return
		case <-s.newVersion:
			s.dropIdleIters()
			continue
		case <-s.wal.rotated:
		}
		if err := s.checkpoint(); err != nil {
			s.logger.Warn("kv: log checkpoint failed", "err", err)
		}
	}
}

// dropIdleIters closes the durable snapshot's idle pooled iterators. Each
// pins the Pebble version it was opened in, memtables and sstables: after
// a flush or compaction that replaced them, a read-only stretch with no
// commit (which would move the durable snapshot on) would otherwise keep
// them for as long as it lasts, a large transaction's batch in memory
// (Pebble keeps a batch above half the memtable size as a memtable of
// its own) and obsolete sstables on disk. Scans that follow open new
// iterators on the current version. An iterator opened in the moment
// between a compaction's event and Pebble installing its result still
// sees the old version, until the next flush, compaction or commit.
func (s *store) dropIdleIters() {
	s.regMu.Lock()
	ss := s.durable
	s.regMu.Unlock()
	if ss != nil {
		ss.iters.drop(false)
	}
}

// enterApply registers an Apply or a Checkpoint, which Close waits for
// (applies), unless the store is closed; the caller calls applies.Done.
func (s *store) enterApply() error {
	s.regMu.Lock()
	defer s.regMu.Unlock()
	if s.closed.Load() {
		return storeClosedError()
	}
	s.applies.Add(1)
	return nil
}

// Checkpoint writes every commit so far to Pebble's sstables and removes
// the log segments that held only them: SQL's CHECKPOINT. It flushes the
// memtables even when no segment is due for removal, so that reads after
// a bulk load walk sstables rather than a large memtable.
func (s *store) Checkpoint(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	// Registered as an Apply is, so that Close waits for the flush.
	if err := s.enterApply(); err != nil {
		return err
	}
	defer s.applies.Done()
	err := s.doCheckpoint(true)
	if err != nil && !errors.Is(err, ErrLogFailed) {
		return internalError(err, "checkpoint")
	}
	return err
}

func (s *store) checkpoint() error { return s.doCheckpoint(false) }

// doCheckpoint flushes the memtables and removes the log's old segments;
// with always unset only when there are old segments to remove.
func (s *store) doCheckpoint(always bool) error {
	s.ckptMu.Lock()
	defer s.ckptMu.Unlock()
	if ferr := s.wal.failure(); ferr != nil {
		// The memtables may hold commits that are not durable, which
		// a flush would put in the sstables (its FlushBegin sync fails
		// and stops the process). A segment switch just before the
		// failure still signals the loop.
		return logFailedError(ferr)
	}
	// Records are appended and applied under applyMu, so once we hold it
	// every record in the old segments is in a memtable, which the
	// Flush then writes to sstables.
	s.applyMu.Lock()
	old := s.wal.oldSegments()
	s.applyMu.Unlock()
	if len(old) == 0 && !always {
		return nil
	}
	if err := s.db.Flush(); err != nil {
		return fmt.Errorf("flush: %w", err)
	}
	return s.wal.removeSegments(old)
}

// startSet is a multiset of transaction starts. Starts are handed out in
// non-decreasing order, so an append-only sorted slice of (start, count)
// suffices and min is its first live entry.
type startSet struct {
	entries []startCount
}

type startCount struct {
	start uint64
	n     int
}

func (a *startSet) add(start uint64) {
	if k := len(a.entries); k > 0 && a.entries[k-1].start == start {
		a.entries[k-1].n++
		return
	}
	a.entries = append(a.entries, startCount{start, 1})
}

func (a *startSet) remove(start uint64) {
	i := sort.Search(len(a.entries), func(i int) bool { return a.entries[i].start >= start })
	if i == len(a.entries) || a.entries[i].start != start || a.entries[i].n == 0 {
		panic("kv: removing an unknown transaction start")
	}
	a.entries[i].n--
	// Trim dead entries from the front so min stays O(1); dead entries in
	// the middle are harmless and leave when they reach the front.
	k := 0
	for k < len(a.entries) && a.entries[k].n == 0 {
		k++
	}
	if k == len(a.entries) {
		a.entries = a.entries[:0]
	} else if k > 0 {
		a.entries = a.entries[k:]
	}
}

func (a *startSet) min() (uint64, bool) {
	if len(a.entries) == 0 {
		return 0, false
	}
	return a.entries[0].start, true
}
