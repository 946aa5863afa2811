package exec

import (
	"bytes"
	"context"

	"github.com/google/btree"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// overlayTxn keeps the writes of one data-modifying part of a statement
// with WITH writes (plan.WithWrites) away from the statement's
// transaction until the statement ends: the part reads the transaction
// as it was before the statement, plus its own writes, so that no part
// sees another's (PostgreSQL runs them all on one snapshot). applyTo
// then writes them into the transaction.
type overlayTxn struct {
	base kv.Txn
	tree *btree.BTreeG[ovItem]
}

// ovItem is a write: a value, or a deletion (del).
type ovItem struct {
	key, val []byte
	del      bool
}

func ovLess(a, b ovItem) bool { return bytes.Compare(a.key, b.key) < 0 }

func newOverlay(base kv.Txn) *overlayTxn {
	return &overlayTxn{base: base, tree: btree.NewG(16, ovLess)}
}

func (o *overlayTxn) Get(ctx context.Context, key []byte) ([]byte, bool, error) {
	if it, ok := o.tree.Get(ovItem{key: key}); ok {
		if it.del {
			return nil, false, nil
		}
		return it.val, true, nil
	}
	return o.base.Get(ctx, key)
}

func (o *overlayTxn) Put(key, value []byte) error {
	o.tree.ReplaceOrInsert(ovItem{key: bytes.Clone(key), val: bytes.Clone(value)})
	return nil
}

func (o *overlayTxn) Delete(key []byte) error {
	o.tree.ReplaceOrInsert(ovItem{key: bytes.Clone(key), del: true})
	return nil
}

// DeleteRange implements kv.Txn. Only INSERT, UPDATE and DELETE run in
// an overlay, and they delete key by key: a range deletion never reaches
// one.
func (o *overlayTxn) DeleteRange(start, end []byte) error {
	return internalf("range deletion inside a data-modifying WITH")
}

func (o *overlayTxn) Commit(context.Context) error {
	return errs.New(errs.InternalError, "executor: commit of a statement's write overlay")
}

func (o *overlayTxn) Rollback() {}

// items are the overlay's writes in [start, end) (end nil: no bound), in
// key order or reversed.
func (o *overlayTxn) items(start, end []byte, reverse bool) []ovItem {
	var out []ovItem
	o.tree.AscendGreaterOrEqual(ovItem{key: start}, func(it ovItem) bool {
		if end != nil && bytes.Compare(it.key, end) >= 0 {
			return false
		}
		out = append(out, it)
		return true
	})
	if reverse {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return out
}

// Scan merges the transaction's keys with the overlay's writes as of the
// call, as the kv transaction does with its own write buffer.
func (o *overlayTxn) Scan(ctx context.Context, start, end []byte, reverse bool) kv.Iterator {
	return &ovIter{o: o, base: o.base.Scan(ctx, start, end, reverse), items: o.items(start, end, reverse),
		rev: reverse, start: start, end: end}
}

// applyTo writes the overlay's writes into txn. written holds the keys
// earlier overlays of the statement wrote: one key written by two parts
// is refused rather than letting one silently win.
func (o *overlayTxn) applyTo(txn kv.Txn, written map[string]bool) error {
	var err error
	o.tree.Ascend(func(it ovItem) bool {
		if written[string(it.key)] {
			err = errs.New(errs.FeatureNotSupported, "a row (or unique key) written by more than one data-modifying part of a WITH statement is not supported")
			return false
		}
		written[string(it.key)] = true
		if it.del {
			err = txn.Delete(it.key)
		} else {
			err = txn.Put(it.key, it.val)
		}
		return err == nil
	})
	return err
}

// ovIter merges a transaction iterator with an overlay's writes; an
// overlay write hides the transaction's value of its key.
type ovIter struct {
	o          *overlayTxn
	base       kv.Iterator
	items      []ovItem
	i          int
	rev        bool
	start, end []byte
	started    bool
	bOK        bool // base is at a key not yet returned
	pending    bool // base's key was returned: advance before comparing
	key, val   []byte
	err        error
}

func (it *ovIter) Next() bool {
	if it.err != nil {
		return false
	}
	if !it.started {
		it.started = true
		it.bOK = it.base.Next()
	}
	if it.pending {
		it.pending = false
		it.bOK = it.base.Next()
	}
	for {
		hasItem := it.i < len(it.items)
		if !it.bOK && !hasItem {
			it.err = it.base.Err()
			return false
		}
		useItem := hasItem
		if hasItem && it.bOK {
			c := bytes.Compare(it.items[it.i].key, it.base.Key())
			if it.rev {
				c = -c
			}
			useItem = c <= 0
			if c == 0 {
				it.bOK = it.base.Next() // the overlay's write hides it
			}
		}
		if useItem {
			item := it.items[it.i]
			it.i++
			if item.del {
				continue
			}
			it.key, it.val = item.key, item.val
			return true
		}
		it.key, it.val = it.base.Key(), it.base.Value()
		it.pending = true
		return true
	}
}

// Seek re-aims the iterator (kv.Seeker): the transaction's iterator, and
// the overlay's writes in the new range as of now.
func (it *ovIter) Seek(start, end []byte) {
	sk, ok := it.base.(kv.Seeker)
	if !ok || it.rev {
		it.err = errs.New(errs.InternalError, "executor: seek of an iterator that cannot seek")
		return
	}
	sk.Seek(start, end)
	if bytes.Compare(start, it.start) < 0 {
		start = it.start
	}
	if end == nil || (it.end != nil && bytes.Compare(end, it.end) > 0) {
		end = it.end
	}
	it.items, it.i = it.o.items(start, end, false), 0
	it.started, it.bOK, it.pending = true, sk.Next(), false
}

func (it *ovIter) Key() []byte   { return it.key }
func (it *ovIter) Value() []byte { return it.val }
func (it *ovIter) Err() error    { return it.err }
func (it *ovIter) Close() error  { return it.base.Close() }
