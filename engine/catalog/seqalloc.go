package catalog

import (
	"context"
	"sync"
	"time"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// The sequence value allocator.
//
// nextval must not be transactional (a rolled-back transaction does not
// give its numbers back) and must not make concurrent inserting
// transactions conflict: the store is optimistic, so if every nextval
// read and wrote the sequence's state key inside the caller's
// transaction, all but one of the concurrent INSERTs into a serial table
// would fail with 40001.
//
// So a Catalog (one per open store, i.e. per node) reserves a block of
// values at a time — max(CACHE, minSeqBlock), doubled (up to
// maxSeqBlock) while the blocks run out within seqGrowWindow of each
// other — by a small read-write
// transaction of its own that advances the persisted state past the
// block (retried on conflict: two nodes reserving at once), and hands
// the block out from memory to every session of the node, in order.
// Values are unique across sessions, nodes and restarts; what a node held
// in memory when it stopped is lost (PostgreSQL, too, skips up to 32
// values after a crash). With one node and no restart the values are
// consecutive, as PostgreSQL's with CACHE 1.
//
// The block remembers the descriptor Version it was reserved under: a
// caller that sees a newer version (ALTER SEQUENCE, RESTART, TRUNCATE ...
// RESTART IDENTITY committed since) drops it and reserves anew from the
// state that change wrote.
//
// The allocator's own transaction cannot see what the caller's
// transaction has not committed. When the sequence (or the version of it
// the caller sees) is not committed yet — CREATE TABLE with a serial
// column and INSERTs in one transaction block, or a RESTART followed by
// nextval before COMMIT — the value is taken inside the caller's
// transaction instead, one at a time: nobody else can see that sequence
// yet, so there is nothing to conflict with.

// minSeqBlock is the smallest number of values reserved at a time.
const minSeqBlock = 32

// maxSeqBlock bounds a block however large CACHE is, so a reservation is
// never a long loop.
const maxSeqBlock = 1 << 16

// seqGrowWindow: a block used up sooner than this after it was reserved
// makes the next one twice as large. A bulk load (INSERT ... SELECT, COPY)
// then commits a reservation per 64Ki values instead of per 32; each is a
// synchronous commit, and every commit since a long transaction began is
// one more write set its reads check (kv's refresh). The price is a larger
// gap after a restart, and only on a node that drew values that fast.
const seqGrowWindow = time.Second

// maxSeqBlocks bounds the allocator's map; past it, it starts again
// empty (the values held are lost, which only leaves gaps).
const maxSeqBlocks = 4096

// seqRetries is how many times a reservation retries a conflict.
const seqRetries = 20

type seqAllocator struct {
	mu     sync.Mutex
	blocks map[uint64]*seqBlock // by sequence id
}

// seqBlock is the values of one sequence a node holds: next, then left-1
// more steps of desc.
type seqBlock struct {
	mu      sync.Mutex
	version uint64
	desc    Sequence
	next    int64
	left    int
	// end is the state the reservation persisted (its last value);
	// handed is the state as of the values handed out so far, which
	// giveBack persists instead.
	end, handed seqState
	// size and at are the last reservation's number of values and time.
	size int64
	at   time.Time
}

// drop forgets the block's values.
func (b *seqBlock) drop() {
	b.mu.Lock()
	b.left = 0
	b.mu.Unlock()
}

func (a *seqAllocator) block(id uint64) *seqBlock {
	a.mu.Lock()
	defer a.mu.Unlock()
	b := a.blocks[id]
	if b == nil {
		if a.blocks == nil || len(a.blocks) >= maxSeqBlocks {
			a.blocks = make(map[uint64]*seqBlock)
		}
		b = &seqBlock{}
		a.blocks[id] = b
	}
	return b
}

// forget drops what is held of a sequence (DROP SEQUENCE). Should the
// drop roll back, the values held are only skipped.
func (a *seqAllocator) forget(id uint64) {
	a.mu.Lock()
	delete(a.blocks, id)
	a.mu.Unlock()
}

// take hands out the block's next value.
func (b *seqBlock) take() int64 {
	v := b.next
	b.handed = seqState{last: v, called: true}
	b.left--
	if b.left > 0 {
		b.next, _ = seqStep(&b.desc, v)
	}
	return v
}

// errUncommitted says that the allocator's own transaction does not see
// the sequence as the caller does: the value is taken in the caller's
// transaction.
var errUncommitted = errs.New(errs.InternalError, "catalog: sequence not committed")

// NextVal returns the next value of sequence s as txn sees it (nextval).
// 2200H at the end of a sequence without CYCLE.
func (c *Catalog) NextVal(ctx context.Context, txn kv.Txn, db *Database, s *Sequence) (int64, error) {
	b := c.seqAlloc.block(s.ID)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.left > 0 && b.version >= s.Version {
		return b.take(), nil
	}
	b.left = 0
	for attempt := 1; ; attempt++ {
		err := c.reserve(ctx, db, s, b)
		switch {
		case err == nil:
			return b.take(), nil
		case err == errUncommitted:
			return nextInTxn(ctx, txn, db, s)
		case errs.Code(err) == errs.SerializationFailure && attempt < seqRetries:
			continue
		}
		return 0, err
	}
}

// committedSequence reads s's descriptor in the allocator's own
// transaction: errUncommitted when it does not see the sequence, or an
// older version of it, than the caller does. A newer committed version
// is the one to use.
func (c *Catalog) committedSequence(ctx context.Context, own kv.Txn, db *Database, s *Sequence) (*Sequence, error) {
	raw, ok, err := own.Get(ctx, keys.SequenceDescKey(nil, db.Namespace, db.ID, s.Name))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errUncommitted
	}
	d, err := c.sequences.get(raw, decodeSequence)
	if err != nil {
		return nil, err
	}
	if d.ID != s.ID || d.Version < s.Version {
		return nil, errUncommitted
	}
	return d, nil
}

// reserve fills b with a new block of s's values, advancing the persisted
// state past them in a transaction of its own.
func (c *Catalog) reserve(ctx context.Context, db *Database, s *Sequence, b *seqBlock) error {
	own, err := c.store.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		return err
	}
	defer own.Rollback()
	d, err := c.committedSequence(ctx, own, db, s)
	if err != nil {
		return err
	}
	st, err := readSeqState(ctx, own, db, d)
	if err != nil {
		return err
	}
	first := st.last
	if st.called {
		var ok bool
		if first, ok = seqStep(d, st.last); !ok {
			return errLimit(d)
		}
	}
	size := max(d.Cache, minSeqBlock)
	now := time.Now()
	if b.size > 0 && now.Sub(b.at) < seqGrowWindow {
		size = max(size, 2*b.size)
	}
	size = min(size, maxSeqBlock)
	last, n := first, 1
	for int64(n) < size {
		v, ok := seqStep(d, last)
		if !ok {
			break
		}
		last = v
		n++
	}
	if err := writeSeqState(own, db, d.ID, seqState{last: last, called: true}); err != nil {
		return err
	}
	if err := own.Commit(ctx); err != nil {
		return err
	}
	b.version, b.desc, b.next, b.left = d.Version, *d, first, n
	b.end, b.handed = seqState{last: last, called: true}, st
	b.size, b.at = size, now
	return nil
}

// giveBack returns the values this node reserved of s but has not handed
// out, inside txn (ALTER SEQUENCE without RESTART): PostgreSQL's next
// value after ALTER SEQUENCE ... INCREMENT follows the last value handed
// out, not the end of a block nobody sees. The block is emptied first, so
// no value of it is handed out after the state was read; txn reads the
// state key, so a reservation committed meanwhile (here or on another
// node) makes txn fail with 40001 instead of handing values out twice.
// When another node reserved after this one, nothing is given back.
func (c *Catalog) giveBack(ctx context.Context, txn kv.Txn, db *Database, s *Sequence) error {
	b := c.seqAlloc.block(s.ID)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.left == 0 || b.version != s.Version {
		return nil
	}
	b.left = 0
	st, err := readSeqState(ctx, txn, db, s)
	if err != nil || st != b.end {
		return err
	}
	return writeSeqState(txn, db, s.ID, b.handed)
}

// nextInTxn takes one value inside the caller's transaction (see
// errUncommitted).
func nextInTxn(ctx context.Context, txn kv.Txn, db *Database, s *Sequence) (int64, error) {
	st, err := readSeqState(ctx, txn, db, s)
	if err != nil {
		return 0, err
	}
	v := st.last
	if st.called {
		var ok bool
		if v, ok = seqStep(s, st.last); !ok {
			return 0, errLimit(s)
		}
	}
	if err := writeSeqState(txn, db, s.ID, seqState{last: v, called: true}); err != nil {
		return 0, err
	}
	return v, nil
}

// SetVal sets the state of sequence s (setval): the next nextval returns
// v when called is false, else the value after v. Like nextval it is not
// transactional, except for a sequence the caller's transaction has not
// committed. 22003 when v is outside the sequence's bounds.
func (c *Catalog) SetVal(ctx context.Context, txn kv.Txn, db *Database, s *Sequence, v int64, called bool) error {
	if v < s.Min || v > s.Max {
		return errs.New(errs.NumericValueOutOfRange, "setval: value %d is out of bounds for sequence %q (%d..%d)", v, s.Name, s.Min, s.Max)
	}
	b := c.seqAlloc.block(s.ID)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.left = 0
	st := seqState{last: v, called: called}
	for attempt := 1; ; attempt++ {
		err := c.setOwn(ctx, db, s, st)
		switch {
		case err == nil:
			return nil
		case err == errUncommitted:
			return writeSeqState(txn, db, s.ID, st)
		case errs.Code(err) == errs.SerializationFailure && attempt < seqRetries:
			continue
		}
		return err
	}
}

func (c *Catalog) setOwn(ctx context.Context, db *Database, s *Sequence, st seqState) error {
	own, err := c.store.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		return err
	}
	defer own.Rollback()
	d, err := c.committedSequence(ctx, own, db, s)
	if err != nil {
		return err
	}
	// Read the state so that a concurrent reservation elsewhere is
	// ordered against this write (one of them retries).
	if _, err := readSeqState(ctx, own, db, d); err != nil {
		return err
	}
	if err := writeSeqState(own, db, d.ID, st); err != nil {
		return err
	}
	return own.Commit(ctx)
}
