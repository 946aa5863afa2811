package kv

import "context"

// Store is an ordered, transactional key-value store. Keys and values are
// byte strings; keys sort bytewise. All of zerodb's data — catalog, records,
// indexes — lives in one Store.
type Store interface {
	// Begin starts a transaction reading a consistent snapshot taken now.
	Begin(ctx context.Context, opts TxnOptions) (Txn, error)
	// Apply commits a batch atomically and durably without a read set
	// (a blind write). The cluster layer replays replicated batches with it.
	// An error may leave the outcome unknown, as for Txn.Commit.
	Apply(ctx context.Context, b *Batch) error
	// Close flushes and closes the store. Open transactions become invalid.
	Close() error
}

// TxnOptions configure a transaction.
type TxnOptions struct {
	// ReadOnly transactions never conflict and cannot write.
	ReadOnly bool
}

// Txn is one serializable transaction over a Store. Reads see the snapshot
// taken at Begin plus the transaction's own writes; a read-write
// transaction's snapshot may move forward at a Get while nothing it read
// has changed (see the package doc). A Txn is not safe for
// concurrent use by several goroutines.
type Txn interface {
	// Get returns the value of key, or ok=false when it does not exist.
	// The returned slice is valid until the next call on the Txn.
	Get(ctx context.Context, key []byte) (value []byte, ok bool, err error)
	// Scan iterates keys in [start, end) — in descending order when
	// reverse is set. end == nil means "no upper bound".
	Scan(ctx context.Context, start, end []byte, reverse bool) Iterator
	// Put sets key to value. Both slices may be reused by the caller after
	// Put returns.
	Put(key, value []byte) error
	// Delete removes key (no error when it does not exist).
	Delete(key []byte) error
	// DeleteRange removes every key in [start, end), whether in the
	// snapshot, written by the transaction before, or committed by another
	// transaction before this one (it is one Pebble range deletion, not a
	// delete per key). Later writes into the range are kept. end must be
	// non-nil; an empty range deletes nothing. For validation the whole
	// range counts as written: a concurrent transaction that read any key
	// in it, or scanned across it, conflicts.
	DeleteRange(start, end []byte) error
	// Commit validates the transaction and makes its writes durable (the
	// WAL is synced before Commit returns). A conflict with a transaction
	// that committed after this one began returns an error whose
	// SQLState() is 40001 (ErrConflict wrapped); the caller may retry.
	// Any other error may leave the outcome unknown, as a crash during
	// the commit would: the writes may be there after a restart. Once
	// the WAL failed, Commit fails with ErrLogFailed (SQLSTATE 58030).
	Commit(ctx context.Context) error
	// Rollback discards the transaction. Safe to call after Commit and
	// more than once.
	Rollback()
}

// Iterator walks a key range. Usage:
//
//	it := txn.Scan(ctx, a, b, false)
//	defer it.Close()
//	for it.Next() { use(it.Key(), it.Value()) }
//	if err := it.Err(); err != nil { ... }
type Iterator interface {
	Next() bool
	// Key and Value are valid until the next call to Next.
	Key() []byte
	Value() []byte
	Err() error
	Close() error
}

// Skipper is an Iterator that passes over keys in bulk: Skip(n) is n
// calls of Next (fewer at the end of the range or on an error, which Err
// then reports) without the per-call entry checks, and returns how many
// keys it passed. A forward or reverse Scan's iterator is a Skipper: an
// OFFSET walks its keys this way.
type Skipper interface {
	Iterator
	Skip(n int) int
}

// Batcher is an Iterator that hands out keys in bulk: NextBatch(n, fn)
// is n calls of Next, each followed by fn(Key(), Value()), without the
// per-call entry checks (fewer at the end of the range or on an error,
// which Err then reports); it returns how many keys it passed. The key
// and value are valid only during fn. A forward or reverse Scan's
// iterator is a Batcher: a parallel scan fills its workers' batches
// this way.
type Batcher interface {
	Iterator
	NextBatch(n int, fn func(key, value []byte)) int
}

// Seeker is an Iterator that can be re-aimed at another range. Scan
// returns one for a forward scan: a caller reading many small ranges
// (a graph traversal expanding vertex after vertex) opens one wide scan
// and seeks it, paying for Pebble's iterator construction once instead
// of per range. Read tracking is as if each range were its own Scan.
type Seeker interface {
	Iterator
	// Seek re-aims the iterator at [start, end) ∩ the range given to
	// Scan (end == nil: up to that range's end), ascending; the next
	// call to Next returns its first key. The range walked so far joins
	// the read set. The iterator then sees the transaction's writes made
	// before Seek. Seeking a reverse scan fails the iterator.
	Seek(start, end []byte)
}
