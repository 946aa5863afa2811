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
// taken at Begin plus the transaction's own writes. A Txn is not safe for
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
	// Commit validates the transaction and makes its writes durable (the
	// WAL is synced before Commit returns). A conflict with a transaction
	// that committed after this one began returns an error whose
	// SQLState() is 40001 (ErrConflict wrapped); the caller may retry.
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
